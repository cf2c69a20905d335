// `agentsim list`: strategies, their parameters with defaults, platform profiles, close kinds, and
// environment parameters with units, defaults and provenance.
#pragma once

namespace CLI {
class App;
}

namespace agentsim::app {

void add_list_command(CLI::App& app, int& exit_code);

}  // namespace agentsim::app
