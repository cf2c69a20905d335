// The keys of a scenario's `claim:` block, once: one row per field of ClaimOverrides (claim.h)
// with its YAML key, its kind and range, the Claim member it replaces and a one-line
// description. The loader, the replay writer (which writes a search's whole claim) and the JSON
// Schema iterate this table.
//
// Durations are in milliseconds (three decimals reach the claim's microseconds).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "agentsim/sim/claim.h"

namespace agentsim::sim {

// The order of the alternatives of ClaimMember.
enum class ClaimFieldKind : std::uint8_t {
  CloseKinds,  // a list of close kind names, each at most once (may be empty)
  PreCloses,   // a list of pre-close state names, each at most once (may be empty)
  Count,       // an integer in [min, max]
  Duration,    // a duration in ms in [min, max] (or (min, max] when min_exclusive)
  Flag,        // true / false
};

// The ClaimOverrides field a key sets and the Claim field it replaces.
template <class T, class O = std::optional<T>>
struct ClaimMemberPair {
  O ClaimOverrides::*set;
  T Claim::*claim;
};
using ClaimMember =
    std::variant<ClaimMemberPair<std::vector<CloseKind>>, ClaimMemberPair<std::vector<PreClose>>,
                 ClaimMemberPair<int>, ClaimMemberPair<std::int64_t>, ClaimMemberPair<bool>>;

struct ClaimField {
  std::string_view key;          // e.g. "max_latency_ms"
  ClaimMember member;            // its alternative is the kind
  std::string_view description;  // one sentence
  double min = 0;                // Count and Duration (ms): the range
  double max = 0;
  bool min_exclusive = false;    // the value must be above min

  ClaimFieldKind kind() const { return static_cast<ClaimFieldKind>(member.index()); }
};

// Every key of a `claim:` block, in the order files list them.
const std::vector<ClaimField>& claim_fields();
// nullptr when unknown.
const ClaimField* find_claim_field(std::string_view key);

// Whether `claim`'s value of the field lies in the field's range, so that a `claim:` block can
// state it (a strategy's default claim may hold a value no file can write, e.g. a 0 latency
// bound, which bounds nothing).
bool writable(const ClaimField& field, const Claim& claim);

// The field's value in `claim` as YAML flow text: "[tab_close, browser_quit]", "3", "100.000",
// "true".
std::string value_text(const ClaimField& field, const Claim& claim);

// Every field of `claim` as an override (applying them to any claim gives `claim`).
ClaimOverrides overrides_of(const Claim& claim);

}  // namespace agentsim::sim
