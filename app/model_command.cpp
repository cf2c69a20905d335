#include "model_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "agentsim/reports/model_diagram.h"
#include "exit_codes.h"
#include "file_io.h"

namespace agentsim::app {

namespace {

int run_model(const ModelOptions& o) {
  const auto format = reports::parse_diagram_format(o.format);
  if (!format) {
    fmt::print(stderr, "agentsim model: unknown format '{}': expected dot, mermaid or markdown\n",
               o.format);
    return kExitUsage;
  }
  const std::string& doc_path = o.update_doc.empty() ? o.check_doc : o.update_doc;
  if (doc_path.empty()) {
    fmt::print("{}", reports::render_model(*format));
    return kExitOk;
  }
  std::string error;
  const auto doc = read_file(doc_path, error);
  if (!doc) {
    fmt::print(stderr, "agentsim model: {}\n", error);
    return kExitUsage;
  }
  const auto spliced = reports::splice_model_doc(*doc);
  if (!spliced) {
    fmt::print(stderr, "agentsim model: {}: the markers '{}' and '{}' were not found in order\n",
               doc_path, reports::kModelDocBegin, reports::kModelDocEnd);
    return kExitUsage;
  }
  if (!o.check_doc.empty()) {
    if (*spliced == *doc) return kExitOk;
    fmt::print(stderr,
               "agentsim model: {} is stale: its generated table differs from the machine.\n"
               "Run: build/agentsim model --update-doc {}\n",
               doc_path, doc_path);
    return kExitFailed;
  }
  if (*spliced != *doc && !write_file_atomically(doc_path, *spliced, error)) {
    fmt::print(stderr, "agentsim model: {}\n", error);
    return kExitUsage;
  }
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
