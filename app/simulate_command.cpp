#include "simulate_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agentsim/conform/stream_writer.h"
#include "agentsim/reports/json_report.h"
#include "agentsim/sim/center.h"
#include "agentsim/sim/monte_carlo.h"
#include "agentsim/sim/input_text.h"
#include "cli_guards.h"
#include "exit_codes.h"
#include "file_io.h"
#include "summary_table.h"

namespace agentsim::app {

namespace {

struct SimulateOptions {
  std::string strategy = "beforeunload_setstate";
  std::string profile = "ccp_v1";
  std::string close_kind;
  std::string pre_close;
  std::vector<std::string> env_overrides;       // name=value
  std::vector<std::string> strategy_overrides;  // name=value
  bool center = false;
  std::vector<std::string> center_overrides;    // name=value
  std::uint64_t shifts = 20;
  std::uint64_t sessions = 20000;
  std::uint64_t seed = 1;
  int threads = 0;
  long long trace = -1;
  std::string model_dispatch = "compiled";
  std::string format = "text";
  std::string emit_event_stream;  // FILE: the simulated agents' Agent Event Stream records
};

// Single-agent runs emit the records of their first sessions (each session one agent), at most
// this many: enough for conform's fits, bounded in size.
constexpr std::uint64_t kMaxEmittedSessions = 1000;

conform::StreamWriterOptions writer_options(const SimulateOptions& o, const sim::SessionSpec& spec,
                                            bool center) {
  conform::StreamWriterOptions w;
  w.seed = o.seed;
  w.heartbeat_us = static_cast<std::int64_t>(spec.env.event_stream_heartbeat_ms * 1000);
  w.after_logout_max_us = static_cast<std::int64_t>(spec.env.event_stream_after_logout_max_ms * 1000);
  w.contacts_shared = center;
  return w;
}

// Writes the records atomically (nothing half-written); an error message, or empty.
std::string write_stream(const SimulateOptions& o, const conform::EventStreamWriter& writer) {
  if (writer.overflowed()) {
    return "--emit-event-stream: the records would exceed 256 MiB; simulate fewer agents, a "
           "shorter shift or fewer sessions (nothing was written)";
  }
  std::string error;
  if (!write_file_atomically(o.emit_event_stream, writer.text(), error)) {
    return "--emit-event-stream: " + error;
  }
  return {};
}

// Splits "name=value"; false when there is no '='.
bool split_assignment(const std::string& text, std::string& name, std::string& value) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  name = text.substr(0, eq);
  value = text.substr(eq + 1);
  return true;
}

std::optional<std::string> build_spec(const SimulateOptions& o, sim::SessionSpec& spec) {
  const auto kind = sim::parse_strategy_kind(o.strategy);
  if (!kind) return "unknown strategy '" + o.strategy + "' (see `agentsim simulate --help`)";
  spec.strategy = sim::default_config(*kind);
  spec.model_dispatch =
      o.model_dispatch == "msm" ? model::DispatchMode::Msm : model::DispatchMode::Compiled;
  const model::PlatformProfile* profile = model::find_profile(o.profile);
  if (profile == nullptr) return "unknown profile '" + o.profile + "': ccp_v1, ccp_v2 or streams_custom";
  spec.profile = *profile;
  if (!o.close_kind.empty()) {
    spec.close_kind = sim::parse_close_kind(o.close_kind);
    if (!spec.close_kind) return "unknown close kind '" + o.close_kind + "'";
  }
  if (!o.pre_close.empty()) {
    spec.pre_close = sim::parse_pre_close(o.pre_close);
    if (!spec.pre_close) return "unknown pre-close state '" + o.pre_close + "'";
  }
  for (const std::string& a : o.env_overrides) {
    std::string name, value;
    if (!split_assignment(a, name, value)) return "--set expects name=value, got '" + a + "'";
    const sim::EnvironmentParameter* p = sim::find_environment_parameter(name);
    if (p == nullptr) {
      if (const auto* r = sim::find_retired_environment_parameter(name)) {
        return "unknown environment parameter '" + name + "': it was retired: " +
               std::string(r->replacement);
      }
      return "unknown environment parameter '" + name + "'";
    }
    // The grammar of the scenario files (no hexadecimal, no "inf"), as for --param.
    const std::optional<double> v = sim::parse_decimal(value);
    if (!v) return "--set " + name + ": expected a number, got '" + sim::echo(value) + "'";
    spec.env.*p->field = *v;
  }
  for (const std::string& a : o.strategy_overrides) {
    std::string name, value;
    if (!split_assignment(a, name, value)) return "--param expects name=value, got '" + a + "'";
    if (auto err = sim::set_parameter(spec.strategy, name, value)) return "--param " + *err;
  }
  for (const std::string& a : o.strategy_overrides) {
    std::string name, value;
    split_assignment(a, name, value);
    if (!sim::parameter_applies(spec.strategy, name)) {
      return "--param " + name + ": not read by " + spec.strategy.label() +
             " (sweeper timings need --param server=heartbeat_sweeper or event_stream_sweeper; "
             "missed_reaction_delay_ms needs a missed_contact reaction)";
    }
  }
  const auto errors = spec.validate();
  if (!errors.empty()) {
    std::string all;
    for (const auto& e : errors) all += "\n  " + e;
    return "invalid configuration:" + all;
  }
  return std::nullopt;
}

std::optional<std::string> build_center(const SimulateOptions& o, const sim::SessionSpec& spec,
                                        sim::CenterSpec& center) {
  for (const std::string& a : o.center_overrides) {
    std::string name, value;
    if (!split_assignment(a, name, value)) return "--center-param expects name=value, got '" + a + "'";
    if (auto err = sim::set_center_parameter(center, name, value)) return "--center-param " + name + ": " + *err;
  }
  if (auto err = sim::resolve_center_clock(center)) return "--center-param " + *err;
  const auto errors = center.validate();
  if (!errors.empty()) {
    std::string all;
    for (const auto& e : errors) all += "\n  " + e;
    return "invalid center:" + all;
  }
  // The limits on a shift's work and memory, as for a scenario file.
  std::string all;
  for (const sim::CenterLimitProblem& p : sim::check_center_limits(spec, center)) {
    all += (all.empty() ? "" : "\nagentsim simulate: ") + p.message + "\n  hint: " + p.hint;
  }
  if (!all.empty()) return all;
  return std::nullopt;
}

std::string reproduce_command(const SimulateOptions& o) {
  std::string command = fmt::format("agentsim simulate --strategy {} --profile {} --seed {}",
                                    o.strategy, o.profile, o.seed);
  command += o.center ? fmt::format(" --center --shifts {}", o.shifts)
                      : fmt::format(" --sessions {}", o.sessions);
  if (!o.close_kind.empty()) command += " --close-kind " + o.close_kind;
  if (!o.pre_close.empty()) command += " --pre-close " + o.pre_close;
  for (const std::string& a : o.env_overrides) command += " --set " + a;
  for (const std::string& a : o.strategy_overrides) command += " --param " + a;
  for (const std::string& a : o.center_overrides) command += " --center-param " + a;
  if (o.format != "text") command += " --format " + o.format;
  if (!o.emit_event_stream.empty()) command += " --emit-event-stream " + o.emit_event_stream;
  return command;
}

// The run as a JSON report (json_report.h: the schema of `agentsim run`'s report.json) of one
// scenario without expectations, named after what ran, on stdout: scripts read one format.
int print_json(const SimulateOptions& o, const sim::SessionSpec& spec, const std::optional<sim::CenterSpec>& center,
               const sim::Summary* summary, const sim::CenterSummary* center_summary) {
  sim::ScenarioResult r;
  r.scenario.name = spec.strategy.label();
  r.scenario.description = "agentsim simulate";
  r.scenario.session = spec;
  r.scenario.profile_name = o.profile;
  r.scenario.seed = o.seed;
  r.scenario.sessions = r.scenario.max_sessions = center ? o.shifts : o.sessions;
  r.scenario.center = center;
  // build_spec accepted every assignment: each splits.
  for (const auto* list : {&o.env_overrides, &o.strategy_overrides}) {
    for (const std::string& a : *list) {
      std::string name, value;
      split_assignment(a, name, value);
      r.scenario.overrides.emplace_back(std::move(name), std::move(value));
    }
  }
  if (summary != nullptr) r.summary = *summary;
  if (center_summary != nullptr) r.center = *center_summary;
  r.sessions_run = center ? o.shifts : o.sessions;
  sim::SuiteResult suite;
  suite.name = "simulate";
  suite.command = reproduce_command(o);
  suite.scenarios.push_back(std::move(r));
  fmt::print("{}", reports::render_json(suite));
  return kExitOk;
}

int run_center(const SimulateOptions& o, const sim::SessionSpec& spec) {
  sim::CenterSpec center;
  if (auto err = build_center(o, spec, center)) {
    fmt::print(stderr, "agentsim simulate: {}\n", *err);
    return kExitUsage;
  }
  if (o.trace >= 0 || !o.pre_close.empty()) {
    fmt::print(stderr, "agentsim simulate: --trace and --pre-close are for single-agent runs, not --center\n");
    return kExitUsage;
  }
  if (!o.emit_event_stream.empty()) {
    // The first shift's agents, as the Agent Event Stream would publish them.
    conform::EventStreamWriter writer(writer_options(o, spec, true));
    sim::CenterTrace trace;
    trace.stream = &writer;
    sim::run_center(spec, center, o.seed, 0, &trace);
    if (const std::string err = write_stream(o, writer); !err.empty()) {
      fmt::print(stderr, "agentsim simulate: {}\n", err);
      return kExitUsage;
    }
    fmt::print(stderr, "agentsim simulate: wrote {} records of shift 0 ({} agents) to {}\n", writer.records(),
               center.agents + center.incoming_agents, o.emit_event_stream);
  }
  const sim::CenterSummary s = sim::run_center_monte_carlo(spec, center, o.shifts, o.seed, o.threads);
  if (o.format == "json") return print_json(o, spec, center, nullptr, &s);
  fmt::print("{}: {} agents (+{} incoming), {} shifts of {:.1f} h, {} contacts/min, closes: {}\n",
             spec.strategy.label(), center.agents, center.incoming_agents, o.shifts,
             center.shift_ms / 3.6e6, center.contact_rate_per_min, sim::to_string(center.close_pattern));
  fmt::print("{:<28} {:>12}  {:<24} {}\n", "metric (per shift)", "estimate", "95 % interval", "unit");
  for (const sim::MetricInfo& m : sim::center_metrics()) {
    const sim::MetricValue v = sim::evaluate_center_metric(s, m.name, 0.95);
    if (!v.defined && m.name == "time_to_clear_last_ghost_s" && s.shifts_clear_censored > 0) {
      fmt::print("{:<28} {:>12}  {:<24} {}  ({} of {} shifts ended with a ghost left)\n", m.name,
                 "-", "(censored)", m.unit, s.shifts_clear_censored, s.shifts);
    } else if (!v.defined) {
      fmt::print("{:<28} {:>12}  {:<24} {}\n", m.name, "-", "(nothing to measure)", m.unit);
    } else if (v.exact) {
      fmt::print("{:<28} {:>12.0f}  {:<24} {}\n", m.name, v.estimate, "(exact)", m.unit);
    } else {
      fmt::print("{:<28} {:>12.2f}  {:<24} {}\n", m.name, v.estimate,
                 fmt::format("[{:.2f}, {:.2f}]", v.interval.lo, v.interval.hi), m.unit);
    }
  }
  fmt::print("\nseed {}; reproduce: {}\n", o.seed, reproduce_command(o));
  return kExitOk;
}

int run_simulate(const SimulateOptions& o) {
  sim::SessionSpec spec;
  if (auto err = build_spec(o, spec)) {
    fmt::print(stderr, "agentsim simulate: {}\n", *err);
    return kExitUsage;
  }
  if (o.center || !o.center_overrides.empty()) return run_center(o, spec);
  if (o.trace >= 0) {
    if (!o.emit_event_stream.empty()) {
      fmt::print(stderr, "agentsim simulate: --trace prints one session's timeline; --emit-event-stream is "
                         "for the Monte Carlo run (leave out one of them)\n");
      return kExitUsage;
    }
    if (o.format == "json") {
      fmt::print(stderr, "agentsim simulate: --trace prints a timeline for people; --format json is for the "
                         "Monte Carlo figures (leave out one of them)\n");
      return kExitUsage;
    }
    sim::Trace trace;
    const sim::Outcome out = sim::run_session(spec, o.seed, static_cast<std::uint64_t>(o.trace), &trace);
    fmt::print("session {} of seed {} ({}):\n{}", o.trace, o.seed, o.strategy, sim::format_timeline(trace));
    fmt::print("ghost {:.3f} s, spurious Offline {}, offline at end {}\n",
               static_cast<double>(out.ghost_us) / 1e6, out.spurious_offline, out.offline_at_end);
    return kExitOk;
  }
  if (!o.emit_event_stream.empty()) {
    conform::EventStreamWriter writer(writer_options(o, spec, false));
    sim::SessionRunner runner(spec);
    const std::uint64_t n = std::min(o.sessions, kMaxEmittedSessions);
    for (std::uint64_t k = 0; k < n; ++k) runner.run_observed(o.seed, k, writer, static_cast<std::uint32_t>(k));
    if (const std::string err = write_stream(o, writer); !err.empty()) {
      fmt::print(stderr, "agentsim simulate: {}\n", err);
      return kExitUsage;
    }
    fmt::print(stderr, "agentsim simulate: wrote {} records of sessions 0-{} (one agent each) to {}\n",
               writer.records(), n - 1, o.emit_event_stream);
  }
  sim::MonteCarloOptions mc;
  mc.seed = o.seed;
  mc.sessions = o.sessions;
  mc.threads = o.threads;
  const sim::Summary s = sim::run_monte_carlo(spec, mc);
  if (o.format == "json") return print_json(o, spec, std::nullopt, &s, nullptr);
  print_summary_header();
  print_summary_row(spec.strategy.label(), s);
  fmt::print("\nseed {}; reproduce: {}\n", o.seed, reproduce_command(o));
  return kExitOk;
}

}  // namespace

void add_simulate_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand("simulate", "Monte Carlo of one logout strategy, or one session's timeline");
  cmd->add_option("--strategy,-s", o->strategy, "Strategy name")->capture_default_str();
  cmd->add_option("--profile", o->profile, "ccp_v1 | ccp_v2 | streams_custom")->capture_default_str();
  cmd->add_option("--close-kind", o->close_kind, "Fix the close kind (default: drawn from the mix)");
  cmd->add_option("--pre-close", o->pre_close, "Fix the pre-close state (default: drawn)");
  cmd->add_option("--set", o->env_overrides, "Environment override name=value (repeatable)");
  cmd->add_option("--param", o->strategy_overrides, "Strategy parameter name=value (repeatable)");
  cmd->add_option("--sessions,-n", o->sessions, "Sessions to simulate, at most 100,000,000")
      ->capture_default_str()
      ->check(sessions_count());
  cmd->add_option("--seed", o->seed, "Seed")->capture_default_str();
  cmd->add_option("--threads,-j", o->threads, "Threads (0: all cores)")->capture_default_str()->check(CLI::Range(0, 1024));
  cmd->add_option("--trace", o->trace, "Print the timeline of this session instead");
  cmd->add_option("--model-dispatch", o->model_dispatch,
                  "How the agent model dispatches: compiled (a table compiled from the MSM machine) "
                  "or msm (Boost.MSM's process_event on every event); same results, msm is slower")
      ->capture_default_str()
      ->check(CLI::IsMember({"compiled", "msm"}));
  cmd->add_option("--format,-f", o->format,
                  "text (a table for people) or json (the report.json schema of `agentsim run`, one "
                  "scenario without expectations, on stdout)")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--emit-event-stream", o->emit_event_stream,
                  "Also write the simulated agents' Agent Event Stream records to FILE (one JSON record "
                  "per line, Version 2019-05-25): center mode the first shift, single-agent the first "
                  "sessions (at most 1000, one agent each)");
  cmd->add_flag("--center", o->center, "Simulate a whole center over shifts (center mode)");
  cmd->add_option("--center-param", o->center_overrides,
                  "Center parameter name=value (repeatable; implies --center): agents, "
                  "incoming_agents, shift_ms, contact_rate_per_min, close_pattern, burst_at_ms, "
                  "burst_spread_ms, after_shift_ms, warmup_ms, shift (09:00-17:00), burst_at "
                  "(17:00), incoming_login_spread_ms, breaks_per_agent, break_duration_min_ms, "
                  "break_duration_max_ms, break_window, contact_rate_after_shift_per_min");
  cmd->add_option("--shifts", o->shifts, "Center mode: shifts to simulate, at most 10,000")
      ->capture_default_str()
      ->check(shifts_count());
  cmd->callback([o, &exit_code] { exit_code = run_simulate(*o); });
}

}  // namespace agentsim::app
