// `agentsim simulate`: Monte Carlo of one strategy under the default (or overridden) environment,
// or the timeline of one session (--trace K).
#pragma once

namespace CLI {
class App;
}

namespace agentsim::app {

void add_simulate_command(CLI::App& app, int& exit_code);

}  // namespace agentsim::app
