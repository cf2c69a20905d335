#include "agentsim/search/counterexample.h"

#include <fmt/format.h>

#include "agentsim/search/fuzz.h"

namespace agentsim::search {

std::string counterexample_text(const sim::Scenario& scenario, Property property,
                                const sim::Schedule& schedule, const std::string& explanation,
                                const std::string& found_how) {
  std::string out = fmt::format("\nPROPERTY VIOLATED: {} — {}\n", to_string(property), explanation);
  out += fmt::format("{}; counterexample ({} environment events):\n{}", found_how,
                     schedule.environment_events(), sim::describe(schedule));
  sim::SessionSpec replay = search_spec(scenario.session);
  replay.schedule = schedule;
  sim::Trace trace;
  sim::run_session(replay, scenario.seed, 0, &trace);
  out += fmt::format("\ntimeline:\n{}", sim::format_timeline(trace));
  return out;
}

}  // namespace agentsim::search
