// `agentsim check SCENARIO`: bounded exhaustive exploration of the claim's discretised schedule
// space — proves a property within it, or gives its shortest counterexample.
#pragma once

namespace CLI {
class App;
}

namespace agentsim::app {

void add_check_command(CLI::App& app, int& exit_code);

}  // namespace agentsim::app
