#include "model_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>


#include "agentsim/reports/model_diagram.h"
#include "exit_codes.h"
#include "doc_sync.h"

namespace agentsim::app {

namespace {

int run_model(const ModelOptions& o) {
  const auto format = reports::parse_diagram_format(o.format);
  if (!format) {
    fmt::print(stderr, "agentsim model: unknown format '{}': expected dot, mermaid or markdown\n",
               o.format);
    return kExitUsage;
  }
  if (!o.check_doc.empty()) return sync_generated_doc("model", o.check_doc, true);
  if (!o.update_doc.empty()) return sync_generated_doc("model", o.update_doc, false);
  fmt::print("{}", reports::render_model(*format));
  return kExitOk;
}

}  // namespace

void add_model_command(CLI::App& app, ModelOptions& o, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "model", "Print the agent machine's states and transitions, read from its Boost.MSM table");
  cmd->add_option("--format,-f", o.format, "dot | mermaid | markdown")
      ->check(CLI::IsMember({"dot", "mermaid", "markdown"}))
      ->capture_default_str();
  auto* update = cmd->add_option("--update-doc", o.update_doc,
                                 "Rewrite the generated section of this file (docs/model.md)");
  cmd->add_option("--check-doc", o.check_doc,
                  "Exit 1 when the generated section of this file is stale")
      ->excludes(update);
  cmd->callback([&o, &exit_code] { exit_code = run_model(o); });
}

}  // namespace agentsim::app
