// `agentsim conform FILE... [--status-types FILE] [--out DIR]`: reads a team's Agent Event Stream
// and checks it against the model, lists ghost suspects, and fits the environment parameters the
// stream reveals into an environment file (docs/conformance.md).
#pragma once

namespace CLI {
class App;
}

namespace agentsim::app {

void add_conform_command(CLI::App& app, int& exit_code);

}  // namespace agentsim::app
