#include "list_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

#include "agentsim/reports/catalog.h"
#include "doc_sync.h"
#include "exit_codes.h"

namespace agentsim::app {

namespace {
struct ListOptions {
  std::string format = "text";
  std::string update_doc;
  std::string check_doc;
};
}  // namespace

void add_list_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ListOptions>();
  CLI::App* cmd = app.add_subcommand(
      "list", "List strategies (parameters, defaults), profiles, close kinds and environment "
              "parameters (unit, default, provenance)");
  cmd->add_option("--format,-f", o->format, "text | markdown")
      ->check(CLI::IsMember({"text", "markdown"}))
      ->capture_default_str();
  auto* update = cmd->add_option("--update-doc", o->update_doc,
                                 "Refresh the generated sections of this file (e.g. docs/environment.md)");
  cmd->add_option("--check-doc", o->check_doc, "Exit 1 when the generated sections of this file are stale")
      ->excludes(update);
  cmd->callback([o, &exit_code] {
    if (!o->check_doc.empty()) {
      exit_code = sync_generated_doc("list", o->check_doc, true);
    } else if (!o->update_doc.empty()) {
      exit_code = sync_generated_doc("list", o->update_doc, false);
    } else if (o->format == "markdown") {
      fmt::print("## Strategies\n{}\n## Platform profiles\n\n{}\n## Close kinds\n\n{}\n## Environment\n{}",
                 reports::render_strategies_markdown(), reports::render_profiles_markdown(),
                 reports::render_close_kinds_markdown(), reports::render_environment_markdown());
      exit_code = kExitOk;
    } else {
      fmt::print("{}", reports::render_catalog_text());
      exit_code = kExitOk;
    }
  });
}

}  // namespace agentsim::app
