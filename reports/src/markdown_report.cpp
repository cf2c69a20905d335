#include "agentsim/reports/markdown_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "agentsim/reports/terminal_report.h"
#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/metrics.h"

namespace agentsim::reports {

namespace {

std::string_view emoji(sim::Status s) {
  switch (s) {
    case sim::Status::Passed: return "✅";
    case sim::Status::Failed: return "❌";
    case sim::Status::Inconclusive: return "⚠️";
    case sim::Status::ExpectedFailure: return "☑️";
    case sim::Status::UnexpectedPass: return "❗";
  }
  return "?";
}

std::string badge(sim::Status s) { return fmt::format("{} {}", emoji(s), status_word(s)); }

std::string counts(const std::array<std::size_t, kAllStatuses.size()>& n) {
  std::string out;
  for (std::size_t i = 0; i < kAllStatuses.size(); ++i) {
    if (n[i] == 0) continue;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", n[i], status_word(kAllStatuses[i]));
  }
  return out.empty() ? "none" : out;
}

std::string heading(const sim::SuiteResult& result) {
  const StatusCounts n = count_statuses(result);
  const sim::Status st = suite_status(result);
  return fmt::format("## {} agentsim suite {}: {}\n\n**{} scenarios** ({}) · **{} expectations** ({})\n\n",
                     emoji(st), markdown_cell(result.name.empty() ? "(unnamed)" : result.name),
                     status_word(st), result.scenarios.size(), counts(n.scenarios), n.expectation_total,
                     counts(n.expectations));
}

std::string metric(const sim::ScenarioResult& r, std::string_view name) {
  return markdown_cell(format_metric_value(name, scenario_metric(r, name)));
}

std::string rounds(const sim::ScenarioResult& r) {
  return r.sampling_rounds > 1 ? fmt::format(" ({} rounds)", r.sampling_rounds) : "";
}

bool has_center(const sim::SuiteResult& result) {
  return std::any_of(result.scenarios.begin(), result.scenarios.end(),
                     [](const sim::ScenarioResult& r) { return r.scenario.center.has_value(); });
}

// The single-agent scenarios (all scenarios when the suite has no center scenario).
std::string scenario_table(const sim::SuiteResult& result) {
  const std::string ci = confidence_label(result.report_confidence) + " CI";
  std::string out = fmt::format(
      "| status | scenario | strategy | sessions | ghost rate ({0}) | missed / 1000 closes ({0}) "
      "| spurious Offline rate ({0}) |\n|---|---|---|---:|---|---|---|\n",
      ci);
  std::size_t rows = 0;
  for (const sim::ScenarioResult& r : result.scenarios) {
    if (r.scenario.center) continue;
    ++rows;
    out += fmt::format("| {} | {} | {} | {}{} | {} | {} | {} |\n", badge(r.status()),
                       markdown_cell(r.scenario.name), markdown_cell(r.scenario.session.strategy.label()),
                       r.sessions_run, rounds(r), metric(r, "ghost_rate"), metric(r, "missed_per_1000_closes"),
                       metric(r, "spurious_offline_rate"));
  }
  if (rows == 0 && has_center(result)) return {};
  return out + "\n";
}

// The center scenarios: two tables (ghosts and waits; API traffic, Offline and counts), so each
// stays readable in a job summary.
std::string center_tables(const sim::SuiteResult& result) {
  if (!has_center(result)) return {};
  std::string waits =
      "### Center scenarios\n\n"
      "| status | scenario | strategy | center | shifts | ghost agent-minutes / shift (" +
      confidence_label(result.report_confidence) +
      " CI) "
      "| contacts offered to ghosts / shift | customer wait mean | customer wait p95 "
      "| wait added by ghosts, mean | wait added by ghosts, p95 |\n"
      "|---|---|---|---|---:|---|---|---|---|---|---|\n";
  std::string rest =
      "| scenario | throttled calls / shift | API calls / shift | spurious-Offline minutes / shift "
      "| time to clear the last ghost after a burst | ghosts at end | unserved contacts | bucket violations "
      "| unaccepted events |\n|---|---|---|---|---|---|---|---|---|\n";
  for (const sim::ScenarioResult& r : result.scenarios) {
    if (!r.scenario.center) continue;
    waits += fmt::format("| {} | {} | {} | {} | {}{} | {} | {} | {} | {} | {} | {} |\n", badge(r.status()),
                         markdown_cell(r.scenario.name), markdown_cell(r.scenario.session.strategy.label()),
                         markdown_cell(center_spec_text(*r.scenario.center)), r.sessions_run, rounds(r),
                         metric(r, "ghost_agent_minutes"), metric(r, "contacts_offered_to_ghosts"),
                         metric(r, "wait_mean_s"), metric(r, "wait_p95_s"), metric(r, "wait_added_mean_s"),
                         metric(r, "wait_added_p95_s"));
    rest += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", markdown_cell(r.scenario.name),
                        metric(r, "throttled_calls"), metric(r, "api_calls"),
                        metric(r, "spurious_offline_minutes"), metric(r, "time_to_clear_last_ghost_s"),
                        metric(r, "ghosts_at_end"), metric(r, "contacts_unserved"),
                        metric(r, "bucket_violations"), metric(r, "unaccepted_events"));
  }
  return waits + "\n" + rest + "\n";
}

// Which way of closing left the ghosts, per single-agent scenario: a column per close kind that
// occurred in any of them, each cell the share of those closes that left a ghost with the counts
// it rests on ("28.14% (453 / 1,610)"). Folded, so a job summary stays short.
std::string close_kind_table(const sim::SuiteResult& result) {
  std::array<bool, sim::kCloseKindCount> occurred{};
  std::vector<std::pair<const sim::ScenarioResult*, std::vector<CloseKindRow>>> scenarios;
  for (const sim::ScenarioResult& r : result.scenarios) {
    std::vector<CloseKindRow> rows = close_kind_breakdown(r);
    if (rows.empty()) continue;
    for (std::size_t i = 0; i < occurred.size(); ++i) occurred[i] = occurred[i] || r.summary.closes_by_kind[i] > 0;
    scenarios.emplace_back(&r, std::move(rows));
  }
  if (scenarios.empty()) return {};
  std::string header = "| scenario |";
  std::string rule = "|---|";
  for (const sim::CloseKindInfo& k : sim::close_kinds()) {
    if (!occurred[static_cast<std::size_t>(k.kind)]) continue;
    header += " " + markdown_cell(k.name) + " |";
    rule += "---|";
  }
  std::string out =
      "<details><summary>Ghost rate by close kind: ghosts / closes of each kind</summary>\n\n" + header + "\n" +
      rule + "\n";
  for (const auto& [r, rows] : scenarios) {
    out += "| " + markdown_cell(r->scenario.name) + " |";
    for (const sim::CloseKindInfo& k : sim::close_kinds()) {
      if (!occurred[static_cast<std::size_t>(k.kind)]) continue;
      const auto row = std::find_if(rows.begin(), rows.end(), [&](const CloseKindRow& x) { return x.kind == k.name; });
      out += row == rows.end() ? " — |"
                               : fmt::format(" {} ({} / {}) |", format_metric_number("ghost_rate", row->ghost_rate.estimate),
                                             thousands(row->ghosts), thousands(row->closes));
    }
    out += "\n";
  }
  return out + "\n</details>\n\n";
}

std::string not_passed_table(const sim::SuiteResult& result) {
  std::string rows;
  for (const sim::ScenarioResult& r : result.scenarios) {
    for (const sim::ExpectationResult& e : r.expectations) {
      if (e.status == sim::Status::Passed) continue;
      const sim::Expectation& x = e.expectation;
      std::string where;
      if (!x.where.file.empty()) where = fmt::format(" ({}:{})", x.where.file, x.where.line);
      rows += fmt::format("| {} | {} | {} | {} | {} |\n", badge(e.status), markdown_cell(r.scenario.name),
                          markdown_cell(x.text()), markdown_cell(format_metric_value(x.metric, e.value)),
                          markdown_cell(x.note + where));
    }
  }
  if (rows.empty()) return "Every expectation passed.\n\n";
  return "### Expectations not passed\n\n| status | scenario | expectation | measured | note |\n"
         "|---|---|---|---|---|\n" +
         rows + "\n";
}

// A fence longer than any run of backticks in the command, so the command cannot close it.
std::string fenced(std::string_view text) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  return fmt::format("{}\n{}\n{}\n", fence, text, fence);
}

}  // namespace

std::string markdown_cell(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '|':
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '~':
        out += '\\';
        out += c;
        break;
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
    }
  }
  return out;
}

// The baseline gate: its summary, then a table of regressions and the mismatches.
static std::string baseline_markdown(const sim::BaselineCheck& b) {
  std::string out = fmt::format("### {} Baseline gate: {}\n\n{}\n\n", b.failed() ? "❌" : "✅",
                                b.failed() ? "FAIL" : "PASS", markdown_cell(baseline_summary(b)));
  if (!b.regressions.empty()) {
    out += fmt::format("| scenario | metric | baseline ({0} CI) | now ({0} CI) | why |\n|---|---|---|---|---|\n",
                       confidence_label(b.confidence));
    for (const sim::BaselineRegression& r : b.regressions) {
      sim::MetricValue before;
      before.estimate = r.before_estimate;
      before.interval = {r.before_lo, r.before_hi};
      before.exact = r.before_exact;
      out += fmt::format("| {} | {} | {} | {} | {} |\n", markdown_cell(r.scenario), markdown_cell(r.metric),
                         markdown_cell(format_metric_value(r.metric, before)),
                         markdown_cell(format_metric_value(r.metric, r.after)), markdown_cell(r.explanation));
    }
    out += "\n";
  }
  if (!b.missing.empty()) {
    out += b.allow_missing ? "On one side only (allowed by --baseline-allow-missing):\n\n"
                           : "**Mismatch** — on one side only:\n\n";
    const std::size_t shown = std::min<std::size_t>(b.missing.size(), 20);
    for (std::size_t i = 0; i < shown; ++i) out += "- " + markdown_cell(b.missing[i]) + "\n";
    if (shown < b.missing.size()) out += fmt::format("- ... and {} more\n", b.missing.size() - shown);
    out += "\n";
  }
  return out;
}

std::string render_markdown(const sim::SuiteResult& result) {
  std::string out = heading(result);
  if (result.baseline) out += baseline_markdown(*result.baseline);
  out += scenario_table(result);
  out += center_tables(result);
  out += not_passed_table(result);
  out += close_kind_table(result);
  out += "Reproduce:\n\n" + fenced(result.command.empty() ? "(no command recorded)" : result.command);
  return out;
}

}  // namespace agentsim::reports
