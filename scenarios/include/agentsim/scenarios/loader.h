// Loading and validating scenario files (YAML). The format is documented in
// docs/scenario-format.md and described for editors by scenarios/scenario.schema.json.
//
// Every error names the file, the 1-based line and column, what was expected, and — for a
// misspelt key or name — a suggestion ("did you mean 'ghost_rate'?"). A file with any error
// yields no scenarios at all: nothing is half-loaded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agentsim/sim/scenario.h"

namespace agentsim::scenarios {

struct LoadError {
  sim::SourceLocation where;
  std::string message;  // what is wrong and what was expected
  std::string hint;     // e.g. "did you mean 'ghost_rate'?"; may be empty

  // "file:line:column: error: message" and, when there is a hint, "\n  hint: <hint>".
  std::string format() const;
};

struct LoadResult {
  std::string suite_name;         // the file's `suite:`, or the file name without extension
  std::string suite_description;
  std::vector<sim::Scenario> scenarios;
  std::vector<LoadError> errors;  // empty when the load succeeded
  bool ok() const { return errors.empty(); }
};

// Limits: a file larger than this, nested deeper, or holding more scenarios is refused.
inline constexpr std::size_t kMaxFileBytes = 1 << 20;  // 1 MiB
inline constexpr int kMaxNestingDepth = 16;
inline constexpr std::size_t kMaxScenariosPerFile = 1000;

// Parses `text` as if read from `display_name` (used in error locations).
LoadResult load_scenario_text(std::string_view text, const std::string& display_name);

// Reads and parses one file.
LoadResult load_scenario_file(const std::string& path);

// Files and directories: a directory contributes its *.yaml and *.yml files (not recursive),
// in name order. The scenarios of all files are concatenated; names must be unique across them.
LoadResult load_paths(const std::vector<std::string>& paths);

// The bundled default suite (scenarios/default/*.yaml, embedded in the binary at build time, so
// it needs no checkout). Its locations name the files as "<bundled>/default/<file>.yaml".
LoadResult load_default_suite();

// For a name typed on the command line (`--scenario NAME`): "did you mean 'x'?" when one of
// `names` is close (the loader's suggestion rule), else "" — the search is bounded by length, so
// a huge typed name costs nothing.
std::string suggest_name(std::string_view typed, const std::vector<std::string>& names);

// The embedded files of the default suite, in name order: (file name, content).
const std::vector<std::pair<std::string, std::string>>& bundled_default_files();

}  // namespace agentsim::scenarios
