// What `agentsim fuzz` and `agentsim check` share: choosing the scenario of a file, refusing what
// a one-agent search cannot run, the claim the search checks, the printout of coverage and of a
// counterexample, and the replay scenario written for it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agentsim/search/fuzz.h"
#include "agentsim/search/properties.h"
#include "agentsim/sim/scenario.h"
#include "agentsim/sim/session.h"

namespace agentsim::app {

struct SearchTarget {
  sim::Scenario scenario;
  sim::Claim claim;        // the effective claim (default, overrides, narrowed)
  sim::Claim written_claim;  // the claim a replay file states: default and overrides, not narrowed
                             // (the replay's own close kind narrows it again when it is searched)
  std::string outside;     // why the claim covers nothing of the scenario, if so
  std::vector<search::Property> properties;  // the properties asked for (default: all)
};

// Loads `file`, picks the scenario (`name`, or the only one), refuses a center scenario, works
// out the claim and the properties. nullopt after printing the error (exit 2); `command` names
// the command in messages ("fuzz", "check").
std::optional<SearchTarget> load_search_target(const std::string& command, const std::string& file,
                                               const std::string& name,
                                               const std::vector<std::string>& properties);

// "claim: close kinds tab_close, browser_quit; pre-close idle; ..." — one line.
std::string describe_claim(const sim::Claim& claim);

// Per property: the cases it ran and the labels they reached.
void print_coverage(const std::vector<search::PropertyCoverage>& coverage);

// The counterexample: the property and why it failed, how it was found (`found_how`), its schedule, its timeline, the replay scenario written to `out` (default
// <file>.counterexample.yaml). Returns the exit code (1, or 2 when the file cannot be written —
// a symlink or a special file at `out` is refused —, or 130/143 when a signal came first: then
// nothing is written).
int report_counterexample(const std::string& command, const SearchTarget& target,
                          const std::string& file, const std::string& out, search::Property property,
                          const sim::Schedule& schedule, const std::string& explanation,
                          const std::string& found_how, const std::string& reproduce);

}  // namespace agentsim::app
