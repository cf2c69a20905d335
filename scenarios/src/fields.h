// The keys of a scenario mapping (or of a suite's `defaults:`) as written, before their values
// are read, and the merge of defaults into a scenario: the scenario wins; `environment`,
// `profile_overrides`, `center`, `claim` and the parameters of `strategy` merge key by key.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "yaml_reader.h"

namespace agentsim::scenarios::detail {

struct ScenarioFields {
  YAML::Node node;                         // the mapping (a scenario's; for defaults, theirs)
  std::vector<Field> plain;                // every other key, in file order
  std::optional<Field> environment;        // the `environment` key, for locations
  std::vector<Field> environment_entries;  // its parameters (names already checked)
  std::optional<Field> profile_overrides;
  std::vector<Field> profile_override_entries;  // (names already checked)
  std::optional<Field> strategy;                // the `strategy` key
  std::optional<Field> strategy_name;           // the strategy's name: the scalar, or `name:`
  std::vector<Field> strategy_params;           // the mapping's other keys (checked once merged)
  std::optional<Field> center;                  // the `center` key: a center scenario
  std::vector<Field> center_entries;            // its parameters (names already checked)
  std::optional<Field> claim;                   // the `claim` key
  std::vector<Field> claim_entries;             // its keys (names already checked)

  const Field* find(std::string_view key) const;  // among `plain`
};

// The keys a scenario may have, in the order the format lists them.
const std::vector<std::string>& scenario_keys();

ScenarioFields collect_scenario(Reader& reader, const YAML::Node& map);
ScenarioFields collect_defaults(Reader& reader, const YAML::Node& map);

// `scenario` with `defaults` filled in. A strategy's parameters from defaults apply only when
// the scenario's strategy has the same name (or the scenario names none).
ScenarioFields merge(const ScenarioFields& defaults, const ScenarioFields& scenario);

}  // namespace agentsim::scenarios::detail
