#include "conform_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "agentsim/conform/calibration.h"
#include "agentsim/conform/conformance.h"
#include "agentsim/conform/reader.h"
#include "agentsim/conform/report.h"
#include "agentsim/conform/status_types.h"
#include "agentsim/model/profile.h"
#include "exit_codes.h"
#include "file_io.h"
#include "interrupt.h"
#include "report_set.h"

namespace agentsim::app {

namespace {

struct ConformCliOptions {
  std::vector<std::string> files;
  std::string status_types;
  std::string out;
  std::string profile = "ccp_v1";
  double confidence = 0.95;
  std::size_t max_findings = 50;
  std::string format = "text";
};

// Exit codes: 0 the stream conforms (every mapped transition accepted), 1 some transition was not
// accepted, 2 bad input or usage (nothing written), 130/143 interrupted (nothing written).
int run_conform(const ConformCliOptions& o) {
  catch_interrupts();
  const model::PlatformProfile* profile = model::find_profile(o.profile);
  if (profile == nullptr) {
    fmt::print(stderr, "agentsim conform: unknown profile '{}': ccp_v1, ccp_v2 or streams_custom\n", o.profile);
    return kExitUsage;
  }
  if (!o.out.empty()) {
    const std::string problem = report_dir_problem(o.out);
    if (!problem.empty()) {
      fmt::print(stderr, "agentsim conform: --out {}: {}\n", o.out, problem);
      return kExitUsage;
    }
  }
  conform::ConformOptions options;
  options.profile = *profile;
  std::string status_source = "the records' Type, else the defaults (Available ROUTABLE, Offline OFFLINE, others CUSTOM)";
  if (!o.status_types.empty()) {
    std::string error;
    const auto text = read_file(o.status_types, error, conform::kMaxStatusTypeFileBytes);
    if (!text) {
      fmt::print(stderr, "agentsim conform: {}\n", error);
      return kExitUsage;
    }
    std::vector<conform::ReadError> errors;
    options.status_types = conform::parse_status_types(*text, o.status_types, errors);
    if (!errors.empty()) {
      for (const auto& e : errors) fmt::print(stderr, "{}\n", e.format());
      return kExitUsage;
    }
    status_source = "the records' Type, else " + o.status_types + ", else the defaults";
  }
  const conform::ReadLimits limits;
  conform::ReadResult read;
  std::unordered_set<std::string> agents;
  for (const std::string& f : o.files) {
    std::string error;
    const auto text = read_file(f, error, limits.file_bytes);
    if (!text) {
      fmt::print(stderr, "agentsim conform: {}\n", error);
      return kExitUsage;
    }
    conform::read_records(*text, f, limits, read, agents);
    if (!read.ok()) break;
    if (interrupted()) return interrupted_exit_code();
  }
  if (!read.ok()) {
    for (const auto& e : read.errors) fmt::print(stderr, "{}\n", e.format());
    fmt::print(stderr, "agentsim conform: refused: {} error(s); nothing was written\n", read.errors.size());
    return kExitUsage;
  }
  const conform::Analysis analysis = conform::analyze(std::move(read.records), options);
  const conform::Calibration calibration = conform::calibrate(analysis.samples, o.confidence);
  conform::ReportContext ctx;
  ctx.files = o.files;
  ctx.notes = read.notes;
  ctx.profile = o.profile;
  ctx.status_types_source = status_source;
  ctx.confidence = o.confidence;
  ctx.max_findings = o.max_findings;
  const std::string text = conform::render_text(analysis, calibration, ctx);
  const std::string json = conform::render_json(analysis, calibration, ctx);
  std::string names;
  for (const std::string& f : o.files) {
    names += (names.empty() ? "" : ", ") + std::filesystem::path(f).filename().string();
  }
  const std::string env = conform::render_environment_file(calibration, names, o.confidence);
  if (interrupted()) return interrupted_exit_code();
  if (!o.out.empty()) {
    const std::vector<ReportFile> files = {
        {"conformance.txt", text}, {"conformance.json", json}, {"environment.yaml", env}};
    const ReportSetResult w = write_report_set(o.out, files, [] { return interrupted(); });
    switch (w.outcome) {
      case ReportSetOutcome::Written: break;
      case ReportSetOutcome::Interrupted: return interrupted_exit_code();
      case ReportSetOutcome::Refused:
      case ReportSetOutcome::Failed:
        fmt::print(stderr, "agentsim conform: --out {}: {}\n", o.out, w.message);
        return kExitUsage;
    }
    if (!w.warning.empty()) fmt::print(stderr, "agentsim conform: warning: {}\n", w.warning);
  }
  fmt::print("{}", o.format == "json" ? json : text);
  if (!o.out.empty() && o.format != "json") {
    fmt::print("\nwritten: {0}/conformance.txt, {0}/conformance.json, {0}/environment.yaml "
               "(scenarios include it with `environment_file:`)\n", o.out);
  }
  return analysis.unaccepted == 0 ? kExitOk : kExitFailed;
}

}  // namespace

void add_conform_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ConformCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "conform", "Check an Agent Event Stream against the model, find ghost suspects, fit the environment");
  cmd->add_option("files", o->files, "Agent Event Stream files: one JSON record per line, a JSON array, or records written across lines")
      ->required();
  cmd->add_option("--status-types", o->status_types,
                  "YAML or JSON map of status name to ROUTABLE | CUSTOM | OFFLINE (for records without Type)");
  cmd->add_option("--out", o->out,
                  "Directory for conformance.txt, conformance.json and environment.yaml (replaced whole)");
  cmd->add_option("--profile", o->profile, "Platform profile the model runs: ccp_v1 | ccp_v2 | streams_custom")
      ->capture_default_str();
  cmd->add_option("--confidence", o->confidence, "Confidence of the fitted intervals")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 0.9999));
  cmd->add_option("--max-findings", o->max_findings, "Unaccepted transitions listed in the text (all are counted)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--format,-f", o->format, "text or json (on stdout)")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([o, &exit_code] { exit_code = run_conform(*o); });
}

}  // namespace agentsim::app
