// `agentsim fuzz SCENARIO`: property-based search for the schedule that breaks a strategy.
#pragma once

namespace CLI {
class App;
}

namespace agentsim::app {

void add_fuzz_command(CLI::App& app, int& exit_code);

}  // namespace agentsim::app
