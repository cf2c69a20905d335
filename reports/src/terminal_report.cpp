#include "agentsim/reports/terminal_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "agentsim/model/profile.h"
#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/input_text.h"
#include "agentsim/sim/stats.h"
#include "agentsim/sim/strategy.h"
#include "agentsim/sim/suite.h"

namespace agentsim::reports {

namespace {

bool is_proportion(std::string_view metric) {
  const sim::MetricInfo* info = find_any_metric(metric);
  return info != nullptr && info->kind == sim::MetricKind::Proportion;
}

bool is_seconds(std::string_view metric) {
  const sim::MetricInfo* info = find_any_metric(metric);
  return info != nullptr && info->unit == "s";
}

// Up to 4 significant digits, integers without a fraction, "∞" for infinity.
std::string plain_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  const double a = std::fabs(v);
  if (a >= 1000) return fmt::format("{:.0f}", v);
  if (a >= 100) return fmt::format("{:.1f}", v);
  if (a >= 1) return fmt::format("{:.2f}", v);
  return fmt::format("{:.3g}", v);
}

// --- ANSI colour --------------------------------------------------------------------------------

std::string_view sgr(sim::Status s) {
  switch (s) {
    case sim::Status::Passed: return "\x1b[32m";
    case sim::Status::Failed: return "\x1b[1;31m";
    case sim::Status::Inconclusive: return "\x1b[33m";
    case sim::Status::ExpectedFailure: return "\x1b[36m";
    case sim::Status::UnexpectedPass: return "\x1b[1;35m";
  }
  return "";
}

struct Painter {
  bool color;
  std::string status(sim::Status s, std::string_view padded) const {
    if (!color) return std::string(padded);
    return fmt::format("{}{}\x1b[0m", sgr(s), padded);
  }
  std::string bold(std::string_view text) const {
    return color ? fmt::format("\x1b[1m{}\x1b[0m", text) : std::string(text);
  }
  std::string dim(std::string_view text) const {
    return color ? fmt::format("\x1b[2m{}\x1b[0m", text) : std::string(text);
  }
};

// Text from scenario files with control characters (ESC among them) replaced by '?'.
std::string safe(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = '?';
  }
  return out;
}

// Columns on a terminal: UTF-8 code points, continuation bytes not counted.
std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string pad(std::string_view s, std::size_t width) {
  std::string out(s);
  const std::size_t w = display_width(s);
  if (w < width) out.append(width - w, ' ');
  return out;
}


constexpr std::string_view kIndent = "      ";

bool is_server_side_parameter(std::string_view name) {
  for (const sim::StrategyParameter& p : sim::server_side_parameters()) {
    if (p.name == name) return true;
  }
  return false;
}

// A duration in ms for people: "8 h", "10 min", "90 s", "250 ms".
std::string duration_text(double ms) {
  if (ms >= 3600000 && std::fmod(ms, 3600000) == 0) return plain_number(ms / 3600000) + " h";
  if (ms >= 60000) return plain_number(ms / 60000) + " min";
  if (ms >= 1000) return plain_number(ms / 1000) + " s";
  return plain_number(ms) + " ms";
}

// --- One scenario ---------------------------------------------------------------------------------

std::string scenario_heading(const sim::ScenarioResult& r, const Painter& paint) {
  const sim::Status st = r.status();
  const bool center = r.scenario.center.has_value();
  std::string out = fmt::format("{}  {} — {} {} in {} sampling round{}, seed {}\n",
                                paint.status(st, pad(status_word(st), 5)), paint.bold(safe(r.scenario.name)),
                                thousands(r.sessions_run),
                                center ? (r.sessions_run == 1 ? "shift" : "shifts") : "sessions",
                                r.sampling_rounds, r.sampling_rounds == 1 ? "" : "s", r.scenario.seed);
  if (!r.scenario.description.empty()) out += fmt::format("{}{}\n", kIndent, safe(r.scenario.description));
  const sim::StrategyConfig& strategy = r.scenario.session.strategy;
  out += fmt::format("{}strategy {}, profile {}", kIndent, strategy.label(), safe(r.scenario.profile_name));
  if (!r.scenario.where.file.empty()) {
    out += fmt::format(", {}:{}", safe(r.scenario.where.file), r.scenario.where.line);
  }
  out += "\n";
  if (center) out += fmt::format("{}center: {}\n", kIndent, center_spec_text(*r.scenario.center));
  if (strategy.has_backend_watch()) {
    // The server side's settings that differ from the strategy's defaults, so a reader sees the
    // timing the result rests on (-v lists them all).
    const sim::StrategyConfig defaults = sim::default_config(strategy.kind);
    std::string items;
    for (const auto& [name, value] : strategy_settings(strategy)) {
      if (!is_server_side_parameter(name) || sim::parameter_value(defaults, name) == value) continue;
      items += fmt::format("{}{}={}", items.empty() ? "" : ", ", name, value);
    }
    if (!items.empty()) out += fmt::format("{}server side: {}\n", kIndent, items);
  }
  return out;
}

// Every expectation met or failed as expected: the scenario needs no more than one line.
bool all_ok(const sim::ScenarioResult& r) {
  return std::all_of(r.expectations.begin(), r.expectations.end(),
                     [](const sim::ExpectationResult& e) { return sim::is_ok(e.status); });
}

// "PASS   name — 20,000 sessions, 3 expectations met (1 failed as expected)".
std::string scenario_line(const sim::ScenarioResult& r, const Painter& paint) {
  const sim::Status st = r.status();
  std::size_t xfail = 0;
  for (const sim::ExpectationResult& e : r.expectations) xfail += e.status == sim::Status::ExpectedFailure ? 1 : 0;
  const bool center = r.scenario.center.has_value();
  const std::size_t met = r.expectations.size() - xfail;
  std::string what;
  if (r.expectations.empty()) {
    what = "no expectations";
  } else if (met == 0) {
    what = fmt::format("{} expectation{} failed as expected", xfail, xfail == 1 ? "" : "s");
  } else {
    what = fmt::format("{} expectation{} met", met, met == 1 ? "" : "s");
    if (xfail > 0) what += fmt::format(", {} failed as expected", xfail);
  }
  return fmt::format("{}  {} — {} {}, {}\n", paint.status(st, pad(status_word(st), 5)), safe(r.scenario.name),
                     thousands(r.sessions_run), center ? (r.sessions_run == 1 ? "shift" : "shifts") : "sessions",
                     what);
}

// The center figures at the report's confidence, one per row with its label (center scenarios,
// every run).
std::string center_figures(const sim::ScenarioResult& r) {
  std::string out = fmt::format("{}center figures at {} over {} shift{}:\n", kIndent,
                                confidence_label(r.report_confidence), thousands(r.sessions_run),
                                r.sessions_run == 1 ? "" : "s");
  std::size_t label_w = 0;
  for (const sim::MetricInfo& m : sim::center_metrics()) {
    label_w = std::max(label_w, display_width(center_metric_label(m.name)));
  }
  for (const sim::MetricInfo& m : sim::center_metrics()) {
    out += fmt::format("{}  {}  {}\n", kIndent, pad(center_metric_label(m.name), label_w),
                       format_metric_value(m.name, scenario_metric(r, m.name)));
  }
  return out;
}

std::string expectation_rows(const sim::ScenarioResult& r, const Painter& paint) {
  if (r.expectations.empty()) return fmt::format("{}(no expectations)\n", kIndent);
  std::vector<std::array<std::string, 3>> rows;
  std::size_t text_w = std::string_view("expectation").size();
  std::size_t value_w = std::string_view("estimate and interval").size();
  for (const sim::ExpectationResult& e : r.expectations) {
    const std::string& metric = e.expectation.metric;
    rows.push_back({safe(e.expectation.text()), format_metric_value(metric, e.value),
                    "bound " + format_metric_number(metric, e.expectation.bound)});
    text_w = std::max(text_w, display_width(rows.back()[0]));
    value_w = std::max(value_w, display_width(rows.back()[1]));
  }
  std::string out = paint.dim(fmt::format("{}{}  {}  {}", kIndent, pad("status", 12),
                                          pad("expectation", text_w), "estimate and interval")) +
                    "\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const sim::ExpectationResult& e = r.expectations[i];
    out += fmt::format("{}{}  {}  {}  {}\n", kIndent, paint.status(e.status, pad(status_word(e.status), 12)),
                       pad(rows[i][0], text_w), pad(rows[i][1], value_w), rows[i][2]);
    const std::string continuation = std::string(kIndent) + std::string(14, ' ');
    if (e.status == sim::Status::ExpectedFailure || e.status == sim::Status::UnexpectedPass) {
      out += fmt::format("{}{}{}\n", continuation,
                         e.status == sim::Status::ExpectedFailure ? "failed as expected"
                                                                  : "passed although expected to fail",
                         e.expectation.note.empty() ? "" : ": " + safe(e.expectation.note));
    } else if (!e.expectation.note.empty() && !sim::is_ok(e.status)) {
      out += fmt::format("{}note: {}\n", continuation, safe(e.expectation.note));
    }
    if (!sim::is_ok(e.status) && !e.expectation.where.file.empty()) {
      out +=
          fmt::format("{}at {}:{}\n", continuation, safe(e.expectation.where.file), e.expectation.where.line);
    }
  }
  return out;
}

// Which way of closing left the ghosts: one row per close kind that occurred (single-agent
// scenarios; a center's shifts do not record the kind of each close).
std::string close_kind_rows(const sim::ScenarioResult& r) {
  const std::vector<CloseKindRow> rows = close_kind_breakdown(r);
  if (rows.empty()) return {};
  std::size_t kind_w = 0, closes_w = 0, ghosts_w = 0;
  for (const CloseKindRow& row : rows) {
    kind_w = std::max(kind_w, row.kind.size());
    closes_w = std::max(closes_w, thousands(row.closes).size());
    ghosts_w = std::max(ghosts_w, thousands(row.ghosts).size());
  }
  std::string out = fmt::format("{}ghost rate by close kind at {}:\n", kIndent, confidence_label(r.report_confidence));
  for (const CloseKindRow& row : rows) {
    out += fmt::format("{}  {}  {:>{}} closes  {:>{}} ghosts  {}\n", kIndent, pad(row.kind, kind_w),
                       thousands(row.closes), closes_w, thousands(row.ghosts), ghosts_w,
                       format_metric_value("ghost_rate", row.ghost_rate));
  }
  return out;
}

std::string verbose_details(const sim::ScenarioResult& r) {
  std::string out;
  for (const auto& [name, value] : strategy_settings(r.scenario.session.strategy)) {
    out += fmt::format("{}  strategy {} = {}\n", kIndent, name, value);
  }
  if (r.scenario.center) {
    for (const sim::CenterParameter& p : sim::center_parameters()) {
      const std::string value = sim::center_parameter_value(*r.scenario.center, p.name);
      if (value.empty()) continue;  // a clock key not set
      out += fmt::format("{}  center {} = {}\n", kIndent, p.name, value);
    }
  }
  for (const auto& [name, value] : r.scenario.overrides) {
    out += fmt::format("{}  override {} = {}\n", kIndent, safe(name), safe(value));
  }
  if (r.center) {
    // The figures are printed above by label; here the metric names expectations use.
    const sim::CenterSummary& c = *r.center;
    out += fmt::format("{}metrics at {}:\n", kIndent, confidence_label(r.report_confidence));
    std::size_t name_w = 0;
    for (const sim::MetricInfo& m : sim::center_metrics()) name_w = std::max(name_w, m.name.size());
    for (const sim::MetricInfo& m : sim::center_metrics()) {
      out += fmt::format("{}  {}  {}\n", kIndent, pad(m.name, name_w),
                         format_metric_value(m.name, sim::evaluate_center_metric(c, m.name, r.report_confidence)));
    }
    out += fmt::format(
        "{}totals over {} shifts: {} agents, {} closes, {} ghost agents, {} contacts arrived, {} answered, "
        "{} missed ({} on ghosts); setState {}, PutUserStatus {}, DismissUserContact {}, notifications {}, "
        "throttled {}\n",
        kIndent, thousands(c.shifts), thousands(c.agents), thousands(c.closes), thousands(c.ghost_agents),
        thousands(c.contacts_arrived), thousands(c.contacts_answered), thousands(c.contacts_missed),
        thousands(c.contacts_missed_on_ghosts), thousands(c.setstate_sent), thousands(c.put_user_status_sent),
        thousands(c.dismiss_sent), thousands(c.backend_notifies_sent), thousands(c.throttled));
    return out;
  }
  out += fmt::format("{}metrics at {}:\n", kIndent, confidence_label(r.report_confidence));
  std::size_t name_w = 0;
  for (const sim::MetricInfo& m : sim::metrics()) name_w = std::max(name_w, m.name.size());
  for (const sim::MetricInfo& m : sim::metrics()) {
    const sim::MetricValue v = sim::evaluate_metric(r.summary, m.name, r.report_confidence);
    out += fmt::format("{}  {}  {}\n", kIndent, pad(m.name, name_w), format_metric_value(m.name, v));
  }
  const auto traffic = traffic_counters(r.summary);
  if (!traffic.empty()) {
    std::string items;
    for (const auto& [label, n] : traffic) items += fmt::format("{}{} {}", items.empty() ? "" : ", ", label, thousands(n));
    out += fmt::format("{}API traffic over {} sessions: {}\n", kIndent, thousands(r.summary.sessions), items);
  }
  return out;
}

// "name=value" items wrapped into lines of at most kWrapColumns columns (an item longer than a
// line gets its own).
std::string wrapped(const std::vector<std::string>& items) {
  constexpr std::size_t kWrapColumns = 100;
  std::string out;
  std::string line;
  for (const std::string& item : items) {
    if (!line.empty() && kIndent.size() + 2 + line.size() + 2 + item.size() > kWrapColumns) {
      out += fmt::format("{}  {},\n", kIndent, line);
      line.clear();
    }
    line += (line.empty() ? "" : ", ") + item;
  }
  if (!line.empty()) out += fmt::format("{}  {}\n", kIndent, line);
  return out;
}

std::string assumptions(const sim::ScenarioResult& r, bool verbose) {
  const std::vector<AssumedParameter> assumed = assumed_parameters(r.scenario);
  std::size_t changed = 0;
  std::vector<std::string> items;
  for (const AssumedParameter& a : assumed) {
    const bool set = a.value != a.default_value;
    changed += set ? 1 : 0;
    items.push_back(set ? fmt::format("{}={} (set; default {})", a.parameter->name, plain_number(a.value),
                                      plain_number(a.default_value))
                        : fmt::format("{}={}", a.parameter->name, plain_number(a.value)));
  }
  std::string out =
      fmt::format("{}{} assumed environment parameters in effect ({} changed by the scenario){}\n", kIndent,
                  assumed.size(), changed, verbose ? ":" : "; -v lists them");
  if (verbose) out += wrapped(items);
  if (!r.scenario.measured.empty()) {
    std::vector<std::string> measured;
    for (const auto& [name, from] : r.scenario.measured) {
      const sim::EnvironmentParameter* p = sim::find_environment_parameter(name);
      measured.push_back(fmt::format("{}={} [measured from {}]", name,
                                     plain_number(r.scenario.session.env.*(p->field)), from));
    }
    out += fmt::format("{}{} environment parameters measured (environment_file {}){}\n", kIndent,
                       measured.size(), r.scenario.environment_file, verbose ? ":" : "; -v lists them");
    if (verbose) out += wrapped(measured);
  }
  return out;
}

// --- Totals ---------------------------------------------------------------------------------------

std::string count_list(const std::array<std::size_t, kAllStatuses.size()>& counts) {
  std::string out;
  for (std::size_t i = 0; i < kAllStatuses.size(); ++i) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", counts[i], status_word(kAllStatuses[i]));
  }
  return out;
}

std::string totals(const sim::SuiteResult& result, const Painter& paint) {
  const StatusCounts counts = count_statuses(result);
  const sim::Status overall = suite_status(result);
  std::string out =
      fmt::format("{} {}{}\n", paint.bold("Totals:"), paint.status(overall, status_word(overall)),
                  result.baseline && result.baseline->failed() ? " (the baseline gate failed)" : "");
  out += fmt::format("  {} scenarios: {}\n", result.scenarios.size(), count_list(counts.scenarios));
  out += fmt::format("  {} expectations: {}\n", counts.expectation_total, count_list(counts.expectations));
  if (result.baseline) out += "  " + baseline_summary(*result.baseline) + "\n";
  out += fmt::format("{} {}\n", paint.bold("Reproduce:"),
                     result.command.empty() ? "(no command recorded)" : safe(result.command));
  return out;
}

}  // namespace

std::string thousands(std::uint64_t n) { return sim::thousands(n); }

std::string_view status_word(sim::Status s) {
  switch (s) {
    case sim::Status::Passed: return "PASS";
    case sim::Status::Failed: return "FAIL";
    case sim::Status::Inconclusive: return "INCONCLUSIVE";
    case sim::Status::ExpectedFailure: return "XFAIL";
    case sim::Status::UnexpectedPass: return "XPASS";
  }
  return "?";
}

StatusCounts count_statuses(const sim::SuiteResult& result) {
  const auto index = [](sim::Status s) {
    return static_cast<std::size_t>(std::find(kAllStatuses.begin(), kAllStatuses.end(), s) -
                                    kAllStatuses.begin());
  };
  StatusCounts out;
  for (const sim::ScenarioResult& r : result.scenarios) {
    ++out.scenarios[index(r.status())];
    for (const sim::ExpectationResult& e : r.expectations) ++out.expectations[index(e.status)];
    out.expectation_total += r.expectations.size();
  }
  return out;
}

sim::Status suite_status(const sim::SuiteResult& result) {
  switch (sim::suite_exit_code(result)) {
    case 0: return sim::Status::Passed;
    case 3: return sim::Status::Inconclusive;
    default: return sim::Status::Failed;
  }
}

std::string_view status_token(sim::Status s) {
  switch (s) {
    case sim::Status::Passed: return "passed";
    case sim::Status::Failed: return "failed";
    case sim::Status::Inconclusive: return "inconclusive";
    case sim::Status::ExpectedFailure: return "expected_failure";
    case sim::Status::UnexpectedPass: return "unexpected_pass";
  }
  return "unknown";
}

std::string format_metric_number(std::string_view metric, double value) {
  if (is_proportion(metric) && std::isfinite(value)) {
    const double pct = 100.0 * value;
    if (pct != 0 && std::fabs(pct) < 0.01) return fmt::format("{:.2g}%", pct);
    return fmt::format("{:.2f}%", pct);
  }
  if (is_seconds(metric) && std::isfinite(value)) return plain_number(value) + " s";
  return plain_number(value);
}

std::string format_metric_value(std::string_view metric, const sim::MetricValue& value) {
  if (!value.defined) return "undefined";
  if (value.exact) return format_metric_number(metric, value.estimate) + " (exact)";
  return fmt::format("{} [{}, {}]", format_metric_number(metric, value.estimate),
                     format_metric_number(metric, value.interval.lo),
                     format_metric_number(metric, value.interval.hi));
}

std::vector<AssumedParameter> assumed_parameters(const sim::EnvironmentParams& env) {
  std::vector<AssumedParameter> out;
  for (const sim::EnvironmentParameter& p : sim::environment_parameters()) {
    if (p.provenance != model::Provenance::Assumed) continue;
    out.push_back({&p, env.*p.field, sim::default_value(p)});
  }
  return out;
}

std::vector<AssumedParameter> assumed_parameters(const sim::Scenario& s) {
  std::vector<AssumedParameter> out = assumed_parameters(s.session.env);
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](const AssumedParameter& a) {
                             return std::any_of(s.measured.begin(), s.measured.end(),
                                                [&](const auto& m) { return m.first == a.parameter->name; });
                           }),
            out.end());
  return out;
}

const std::vector<sim::MetricInfo>& scenario_metrics(const sim::ScenarioResult& r) {
  return r.scenario.center ? sim::center_metrics() : sim::metrics();
}

sim::MetricValue scenario_metric(const sim::ScenarioResult& r, std::string_view metric, double confidence) {
  if (r.scenario.center) {
    if (r.center && sim::find_center_metric(metric) != nullptr) {
      return sim::evaluate_center_metric(*r.center, metric, confidence);
    }
  } else if (sim::find_metric(metric) != nullptr) {
    return sim::evaluate_metric(r.summary, metric, confidence);
  }
  sim::MetricValue undefined;
  undefined.defined = false;
  return undefined;
}

sim::MetricValue scenario_metric(const sim::ScenarioResult& r, std::string_view metric) {
  return scenario_metric(r, metric, r.report_confidence);
}

std::vector<CloseKindRow> close_kind_breakdown(const sim::ScenarioResult& r) {
  std::vector<CloseKindRow> out;
  if (r.scenario.center) return out;
  for (const sim::CloseKindInfo& k : sim::close_kinds()) {
    const auto i = static_cast<std::size_t>(k.kind);
    const std::uint64_t closes = r.summary.closes_by_kind[i];
    if (closes == 0) continue;
    CloseKindRow row;
    row.kind = k.name;
    row.closes = closes;
    row.ghosts = r.summary.ghosts_by_kind[i];
    const sim::Proportion p{row.ghosts, closes};
    row.ghost_rate.estimate = p.estimate();
    row.ghost_rate.interval = p.wilson(r.report_confidence);
    out.push_back(row);
  }
  return out;
}

std::string confidence_label(double confidence) {
  // The shortest of 0-3 decimals that says the percentage exactly enough: 95%, 99.5%, 99.99%.
  const double percent = confidence * 100.0;
  for (int decimals = 0; decimals < 3; ++decimals) {
    const std::string text = fmt::format("{:.{}f}", percent, decimals);
    if (std::abs(std::stod(text) - percent) < 1e-9) return text + "%";
  }
  return fmt::format("{:.3f}%", percent);
}

const sim::MetricInfo* find_any_metric(std::string_view name) {
  const sim::MetricInfo* info = sim::find_metric(name);
  return info != nullptr ? info : sim::find_center_metric(name);
}

std::string_view center_metric_label(std::string_view metric) {
  static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
      {"ghost_rate", "ghost rate per close"},
      {"ghost_rate_over_30s", "ghost rate per close, ghost > 30 s"},
      {"ghost_rate_over_60s", "ghost rate per close, ghost > 60 s"},
      {"ghost_rate_over_300s", "ghost rate per close, ghost > 5 min"},
      {"spurious_offline_rate", "spurious-Offline rate per close"},
      {"ghost_agent_minutes", "ghost agent-minutes per shift"},
      {"contacts_offered_to_ghosts", "contacts offered to ghosts per shift"},
      {"contacts_connected_to_ghosts", "contacts auto-accepted by ghosts per shift"},
      {"chats_missed_on_ghosts", "chats missed on ghosts per shift"},
      {"chats_connected_to_ghosts", "chats auto-accepted by ghosts per shift"},
      {"silent_call_minutes", "customer-minutes connected to nobody per shift"},
      {"wait_mean_s", "customer wait, mean"},
      {"wait_p95_s", "customer wait, p95"},
      {"wait_added_mean_s", "wait added by ghosts, mean"},
      {"wait_added_p95_s", "wait added by ghosts, p95"},
      {"throttled_calls", "throttled calls per shift"},
      {"api_calls", "API calls per shift"},
      {"spurious_offline_minutes", "spurious-Offline minutes per shift"},
      {"time_to_clear_last_ghost_s", "time to clear the last ghost after a burst"},
      {"ghosts_at_end", "ghosts at the end, all shifts"},
      {"contacts_unserved", "unserved contacts, all shifts"},
      {"bucket_violations", "token-bucket violations, all shifts"},
      {"unaccepted_events", "unaccepted events, all shifts"},
      {"budget_exceeded_shifts", "shifts over the event budget"},
  };
  for (const auto& [name, label] : kLabels) {
    if (name == metric) return label;
  }
  return metric;
}

std::string center_spec_text(const sim::CenterSpec& c) {
  std::string out = fmt::format("{} agent{}", c.agents, c.agents == 1 ? "" : "s");
  if (c.incoming_agents > 0) out += fmt::format(" + {} incoming at the burst", c.incoming_agents);
  if (c.incoming_login_spread_ms > 0) {
    out += fmt::format(" (logging in over {})", duration_text(c.incoming_login_spread_ms));
  }
  if (c.has_clock()) {
    // Times of day where the shift has a clock origin.
    out += fmt::format(", shift {}–{} ({}), {} contacts/min", sim::clock_text(c.shift_start_of_day_ms),
                       sim::shift_time_text(c, c.shift_ms), duration_text(c.shift_ms),
                       plain_number(c.contact_rate_per_min));
  } else {
    out += fmt::format(", {} shift, {} contacts/min", duration_text(c.shift_ms), plain_number(c.contact_rate_per_min));
  }
  switch (c.close_pattern) {
    case sim::ClosePattern::None: out += ", no closes during the shift"; break;
    case sim::ClosePattern::Uniform: out += ", closes uniform over the shift"; break;
    case sim::ClosePattern::Burst:
      if (c.has_clock()) {
        out += fmt::format(", burst of closes {}–{}", sim::shift_time_text(c, c.burst_start_ms()),
                           sim::shift_time_text(c, c.burst_start_ms() + c.burst_spread_ms));
        break;
      }
      out += fmt::format(", burst of closes {} over {}",
                         c.burst_at_ms < 0 ? std::string("at the end of the shift")
                                           : "at " + duration_text(c.burst_at_ms),
                         duration_text(c.burst_spread_ms));
      break;
  }
  if (c.breaks_per_agent > 0) {
    out += fmt::format(", {} break{} per agent of {}", c.breaks_per_agent, c.breaks_per_agent == 1 ? "" : "s",
                       c.break_duration_min_ms == c.break_duration_max_ms
                           ? duration_text(c.break_duration_min_ms)
                           : duration_text(c.break_duration_min_ms) + " to " + duration_text(c.break_duration_max_ms));
  }
  out += fmt::format(", {} after the shift", duration_text(c.after_shift_ms));
  if (c.contact_rate_after_shift_per_min > 0) {
    out += fmt::format(" ({} contacts/min{})", plain_number(c.contact_rate_after_shift_per_min),
                       c.has_clock() ? " to " + sim::shift_time_text(c, c.shift_ms + c.after_shift_ms) : "");
  }
  if (c.warmup_ms > 0) out += fmt::format(", {} warm-up", duration_text(c.warmup_ms));
  return out;
}

std::vector<std::pair<std::string, std::string>> strategy_settings(const sim::StrategyConfig& config) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const sim::StrategyParameter& p : sim::strategy_parameters(config.kind)) {
    if (!sim::parameter_applies(config, p.name)) continue;
    out.emplace_back(std::string(p.name), sim::parameter_value(config, p.name));
  }
  return out;
}

std::vector<std::pair<std::string, std::uint64_t>> traffic_counters(const sim::Summary& s) {
  const std::pair<const char*, std::uint64_t> all[] = {
      {"setState sent", s.setstate_sent},
      {"PutUserStatus sent", s.put_user_status_sent},
      {"backend notifications", s.backend_notifies_sent},
      {"DismissUserContact sent", s.dismiss_sent},
      {"heartbeats sent", s.heartbeats_sent},
      {"sweeper detections", s.sweeper_detections},
      {"throttled", s.throttled},
  };
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const auto& [label, n] : all) {
    if (n != 0) out.emplace_back(label, n);
  }
  return out;
}

std::string baseline_summary(const sim::BaselineCheck& b) {
  std::string out = fmt::format("baseline {}: {} metric{} of {} scenario{} compared, {} regression{}", safe(b.file),
                                b.compared_metrics, b.compared_metrics == 1 ? "" : "s", b.compared_scenarios,
                                b.compared_scenarios == 1 ? "" : "s", b.regressions.size(),
                                b.regressions.size() == 1 ? "" : "s");
  if (!b.missing.empty()) {
    out += fmt::format(", {} on one side only{}", b.missing.size(), b.allow_missing ? " (allowed)" : " (a mismatch)");
  }
  if (b.compares_nothing()) out += " — it compares nothing";
  return out;
}

static std::string baseline_section(const sim::BaselineCheck& b, const Painter& paint, bool verbose) {
  const sim::Status st = b.failed() ? sim::Status::Failed : sim::Status::Passed;
  std::string out = fmt::format("{}  {}\n", paint.status(st, status_word(st)), paint.bold("baseline " + safe(b.file)));
  for (const sim::BaselineRegression& r : b.regressions) {
    out += fmt::format("{}REGRESSION {} / {}: {}\n", kIndent, safe(r.scenario), r.metric, safe(r.explanation));
  }
  const std::size_t shown = verbose ? b.missing.size() : std::min<std::size_t>(b.missing.size(), 10);
  for (std::size_t i = 0; i < shown; ++i) {
    out += fmt::format("{}{} {}\n", kIndent, b.allow_missing ? "one side only:" : "MISMATCH:", safe(b.missing[i]));
  }
  if (shown < b.missing.size()) out += fmt::format("{}... and {} more (-v lists them)\n", kIndent, b.missing.size() - shown);
  if (b.compares_nothing()) {
    out += fmt::format("{}MISMATCH: no metric of this run could be compared with it\n", kIndent);
  }
  if (verbose) {
    for (const std::string& n : b.not_compared) out += fmt::format("{}not compared: {}\n", kIndent, safe(n));
  } else if (!b.not_compared.empty()) {
    out += fmt::format("{}{} value{} present on both sides not compared (-v lists them)\n", kIndent,
                       b.not_compared.size(), b.not_compared.size() == 1 ? "" : "s");
  }
  if (b.regressions.empty() && b.missing.empty() && !b.compares_nothing()) {
    out += fmt::format("{}no metric got worse beyond statistical noise\n", kIndent);
  }
  return out + "\n";
}

static std::string render(const sim::SuiteResult& result, bool color, TerminalDetail detail) {
  const Painter paint{color};
  const bool verbose = detail == TerminalDetail::Everything;
  std::string out =
      paint.bold(fmt::format("agentsim suite {}: {} scenario{}",
                             safe(result.name.empty() ? "(unnamed)" : result.name), result.scenarios.size(),
                             result.scenarios.size() == 1 ? "" : "s")) +
      "\n\n";
  bool compact_block = false;  // one-line scenarios are printed together, then a blank line
  for (const sim::ScenarioResult& r : result.scenarios) {
    if ((detail == TerminalDetail::Failures || detail == TerminalDetail::Summary) && all_ok(r)) {
      if (detail == TerminalDetail::Failures) continue;
      out += scenario_line(r, paint);
      compact_block = true;
      continue;
    }
    if (compact_block) out += "\n";
    compact_block = false;
    out += scenario_heading(r, paint);
    out += expectation_rows(r, paint);
    if (r.center) out += center_figures(r);
    out += close_kind_rows(r);
    out += assumptions(r, verbose);
    if (verbose) out += verbose_details(r);
    out += "\n";
  }
  if (compact_block) out += "\n";
  if (result.baseline && (detail != TerminalDetail::Failures || result.baseline->failed())) {
    out += baseline_section(*result.baseline, paint, verbose);
  }
  return out + totals(result, paint);
}

std::string render_terminal(const sim::SuiteResult& result, bool color, TerminalDetail detail) {
  return render(result, color, detail);
}

std::string render_terminal(const sim::SuiteResult& result, bool color, bool verbose) {
  return render(result, color, verbose ? TerminalDetail::Everything : TerminalDetail::Details);
}

}  // namespace agentsim::reports
