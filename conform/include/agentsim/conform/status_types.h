// Which status resource type (ROUTABLE, CUSTOM, OFFLINE) a status name has. The record's own
// AgentStatus.Type wins when present (the data-model page documents it; the published samples
// omit it [D 23,24,25]); else a mapping file (`agentsim conform --status-types FILE`); else the
// defaults: "Available" is ROUTABLE, "Offline" is OFFLINE, anything else CUSTOM — the two statuses
// every instance has [D 1,5]. Which names fell back to the defaults is reported.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/conform/reader.h"
#include "agentsim/conform/record.h"

namespace agentsim::conform {

inline constexpr std::size_t kMaxStatusTypeEntries = 10000;
inline constexpr std::size_t kMaxStatusTypeFileBytes = std::size_t{1} << 20;

struct StatusTypes {
  std::map<std::string, StatusType> by_name;  // from the mapping file
  // The names resolved by the default rule (filled by resolve()).
  mutable std::set<std::string> defaulted;

  // The type of a status as the record shows it.
  StatusType resolve(const std::string& name, std::optional<StatusType> record_type) const;
};

// Parses a mapping file: YAML or JSON (JSON is YAML), a map of status name to type, e.g.
//   Available: ROUTABLE
//   Lunch: CUSTOM
// Errors (not a map, an unknown type, a duplicate name) name file:line:column.
StatusTypes parse_status_types(std::string_view text, const std::string& file,
                               std::vector<ReadError>& errors);

}  // namespace agentsim::conform
