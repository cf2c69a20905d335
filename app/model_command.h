// `agentsim model`: prints the agent machine's transitions (dot, mermaid or markdown), or
// refreshes / checks the generated section of docs/model.md.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace agentsim::app {

struct ModelOptions {
  std::string format = "markdown";
  std::string update_doc;  // path of docs/model.md to rewrite in place
  std::string check_doc;   // path of docs/model.md to compare (exit 1 when stale)
};

void add_model_command(CLI::App& app, ModelOptions& options, int& exit_code);

}  // namespace agentsim::app
