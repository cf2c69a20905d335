// `agentsim demo`: the seed document's claims, replayed through the formal model for every
// platform profile, with the resulting status and whether the agent is left a ghost.
#pragma once

namespace CLI {
class App;
}

namespace agentsim::app {

void add_demo_command(CLI::App& app, int& exit_code);

}  // namespace agentsim::app
