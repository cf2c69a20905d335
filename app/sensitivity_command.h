// `agentsim sensitivity FILE`: each assumed environment parameter at the low and the high end of
// its range, one at a time, on the scenario's seed — which assumption moves each expectation most,
// and which could flip a verdict (docs/sensitivity.md).
#pragma once

namespace CLI {
class App;
}

namespace agentsim::app {

void add_sensitivity_command(CLI::App& app, int& exit_code);

}  // namespace agentsim::app
