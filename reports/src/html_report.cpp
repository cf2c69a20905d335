#include "agentsim/reports/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include "agentsim/reports/junit_report.h"
#include "agentsim/reports/terminal_report.h"
#include "agentsim/sim/metrics.h"
#include "agentsim/sim/strategy.h"
#include "agentsim/sim/sweep.h"
#include "html_charts.h"
#include "html_figures.h"

namespace agentsim::reports {

namespace {

using html::BarChart;
using html::BarRow;

std::string esc(std::string_view text) { return xml_escape(text); }

std::string badge(sim::Status s) {
  return fmt::format("<span class=\"badge {}\">{}</span>", status_token(s), status_word(s));
}

// --- Page parts ------------------------------------------------------------------------------------

constexpr std::string_view kCss = R"(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0 auto;
       max-width: 1200px; padding: 16px 24px 48px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin: 24px 0 8px; } section.scenario h2 { margin-top: 0; } .muted { color: #57606a; }
section.scenario { border: 1px solid #d0d7de; border-radius: 6px; padding: 16px; margin: 24px 0; }
table { border-collapse: collapse; margin: 8px 0 12px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.value { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.why { max-width: 520px; } caption { text-align: left; color: #57606a; padding-bottom: 2px; }
span.ci { color: #57606a; font-size: 12px; }
span.strategy { color: #57606a; font-size: 12px; }
div.beside { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: flex-start; }
div.beside svg.chart { margin-top: 8px; }
table.figures td:first-child { white-space: nowrap; }
tr.group th { background: #eef1f4; font-weight: 600; }
figure { margin: 12px 0 0; } figcaption { font-size: 13px; }
pre { background: #f6f8fa; padding: 8px 12px; overflow-x: auto; white-space: pre-wrap; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }
dl.meta dt { color: #57606a; } dl.meta dd { margin: 0; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font: 600 12px sans-serif; }
.passed { background: #2e7d32; } .failed { background: #c62828; } .inconclusive { background: #b26a00; }
.expected_failure { background: #5c6bc0; } .unexpected_pass { background: #ad1457; }
svg.chart { display: block; background: #fff; margin: 4px 0 12px; max-width: 100%; height: auto; }
svg.chart text { font: 11px system-ui, sans-serif; fill: #1f2328; }
svg.chart .axis { stroke: #57606a; stroke-width: 1; }
svg.chart .bound { stroke: #1f2328; stroke-width: 1.5; stroke-dasharray: 4 3; }
svg.chart .forbidden { fill: #c62828; fill-opacity: 0.07; }
svg.chart .interval { fill-opacity: 0.3; stroke-width: 1.5; }
svg.chart .estimate { stroke: #fff; stroke-width: 1.5; }
svg.chart .grid { stroke: #d8dee4; stroke-width: 1; }
svg.chart .bar { fill-opacity: 0.75; }
svg.chart .bar:not([fill]) { fill: #0969da; }
svg.chart .bar.added { fill: #c62828; fill-opacity: 0.6; }
svg.chart .whisker { stroke: #1f2328; stroke-width: 1.5; }
svg.chart .whisker-head { fill: #1f2328; }
svg.chart text.caption { font-weight: 600; font-size: 12px; }
svg.chart text.muted { fill: #57606a; }
svg.chart a text { fill: #0969da; }
)";

// A value in a summary table: the estimate, its interval below it (narrow columns, so the tables
// fit the page); the words of format_metric_value.
std::string summary_value(std::string_view metric, const sim::MetricValue& v) {
  if (!v.defined || v.exact) return esc(format_metric_value(metric, v));
  return fmt::format("{}<br/><span class=\"ci\">[{}, {}]</span>", esc(format_metric_number(metric, v.estimate)),
                     esc(format_metric_number(metric, v.interval.lo)),
                     esc(format_metric_number(metric, v.interval.hi)));
}

// The summary tables: single-agent scenarios with their key figures; center scenarios with theirs.
std::string summary_table(const sim::SuiteResult& result, const std::vector<std::string>& slugs) {
  std::string single;
  std::string center;
  for (std::size_t i = 0; i < result.scenarios.size(); ++i) {
    const sim::ScenarioResult& r = result.scenarios[i];
    auto metric = [&](std::string_view name) { return summary_value(name, scenario_metric(r, name)); };
    const std::string head =
        fmt::format("<tr><td>{}</td><td><a href=\"#{}\">{}</a><br/><span class=\"strategy\">{}</span></td>"
                    "<td class=\"num\">{}</td>",
                    badge(r.status()), slugs[i], esc(r.scenario.name), esc(r.scenario.session.strategy.label()),
                    thousands(r.sessions_run));
    if (!r.scenario.center) {
      single += head + fmt::format(
                           "<td class=\"value\">{}</td><td class=\"value\">{}</td><td class=\"value\">{}</td></tr>\n",
                                   metric("ghost_rate"), metric("missed_per_1000_closes"),
                                   metric("spurious_offline_rate"));
      continue;
    }
    center += head + fmt::format(
                         "<td class=\"value\">{}</td><td class=\"value\">{}</td><td class=\"value\">{}</td>"
                         "<td class=\"value\">{}</td><td class=\"value\">{}</td><td class=\"value\">{}</td></tr>\n",
                         metric("ghost_rate"), metric("ghost_agent_minutes"), metric("contacts_offered_to_ghosts"),
                         metric("wait_p95_s"), metric("wait_added_p95_s"), metric("throttled_calls"));
  }
  const std::string ci = confidence_label(result.report_confidence);
  std::string out;
  if (!single.empty() || center.empty()) {
    out += fmt::format(
               "<h2>Scenarios</h2>\n<table><caption>each estimate with its {} interval below it</caption><thead><tr>"
               "<th>status</th><th>scenario and strategy</th><th>sessions</th><th>ghost rate</th>"
               "<th>missed / 1000 closes</th><th>spurious Offline rate</th></tr></thead><tbody>\n",
               ci) +
           single + "</tbody></table>\n";
  }
  if (!center.empty()) {
    out += fmt::format(
               "<h2>Center scenarios</h2>\n<table class=\"center\"><caption>each estimate with its {} interval below it"
               "</caption><thead><tr><th>status</th><th>scenario and strategy</th><th>shifts</th>"
               "<th>ghost rate per close</th><th>ghost agent-minutes / shift</th><th>contacts offered to ghosts / "
               "shift</th><th>customer wait p95</th><th>wait added by ghosts, p95</th><th>throttled calls / shift"
               "</th></tr></thead><tbody>\n",
               ci) +
           center + "</tbody></table>\n";
  }
  return out;
}

// --- Verdicts, in the words of the terminal and JUnit reports --------------------------------------

// Why an expectation got its verdict: its interval (at the expectation's own confidence) against
// its bound — "the 95% interval lies wholly on the forbidden side of the bound <= 5.00%".
std::string verdict_reason(const sim::ScenarioResult& r, const sim::ExpectationResult& e) {
  const sim::Expectation& x = e.expectation;
  if (!e.value.defined) return "undefined: nothing to measure, so no verdict (inconclusive)";
  const std::string bound =
      fmt::format("the bound {} {}", sim::to_string(x.op), format_metric_number(x.metric, x.bound));
  const std::string measured =
      e.value.exact ? fmt::format("the exact value {}", format_metric_number(x.metric, e.value.estimate))
                    : fmt::format("the {} interval", confidence_label(x.confidence));
  const std::string_view is = e.value.exact ? "is" : "lies wholly";
  switch (e.verdict) {
    case sim::Verdict::Pass: return fmt::format("{} {} on the allowed side of {}", measured, is, bound);
    case sim::Verdict::Fail: return fmt::format("{} {} on the forbidden side of {}", measured, is, bound);
    case sim::Verdict::Inconclusive: break;
  }
  return fmt::format("{} straddles {} after the sampling limit ({} {})", measured, bound,
                     thousands(r.scenario.max_sessions), r.scenario.center ? "shifts" : "sessions");
}

// The "why" of an expectation's row: its status in words (as the terminal says it), the
// verdict's reason, the note, and where a failing expectation is written. HTML, escaped.
std::string why_cell(const sim::ScenarioResult& r, const sim::ExpectationResult& e) {
  const sim::Expectation& x = e.expectation;
  const std::string note = x.note.empty() ? "" : ": " + x.note;
  std::vector<std::string> parts;
  if (e.status == sim::Status::ExpectedFailure) {
    parts = {"failed as expected" + note, verdict_reason(r, e)};
  } else if (e.status == sim::Status::UnexpectedPass) {
    parts = {"passed although expected to fail" + note, verdict_reason(r, e)};
  } else {
    parts = {verdict_reason(r, e)};
    if (!x.note.empty()) parts.push_back("note: " + x.note);
  }
  if (!sim::is_ok(e.status) && !x.where.file.empty()) {
    parts.push_back(fmt::format("at {}:{}", x.where.file, x.where.line));
  }
  std::string out = esc(parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) out += "<br/><span class=\"muted\">" + esc(parts[i]) + "</span>";
  return out;
}

constexpr std::string_view kExpectationHead =
    "<thead><tr><th>status</th><th>scenario</th><th>expectation</th><th>measured</th><th>why</th></tr></thead>"
    "<tbody>\n";

std::string expectation_row(const sim::ScenarioResult& r, const std::string& slug, const sim::ExpectationResult& e) {
  return fmt::format(
      "<tr><td>{}</td><td><a href=\"#{}\">{}</a></td><td class=\"value\">{}</td><td class=\"value\">{}</td>"
      "<td class=\"why\">{}</td>"
      "</tr>\n",
      badge(e.status), slug, esc(r.scenario.name), esc(e.expectation.text()),
      esc(format_metric_value(e.expectation.metric, e.value)), why_cell(r, e));
}

// What a QA engineer reads first: every expectation not met (failed, inconclusive, passed although
// expected to fail), then, folded, the ones that failed as expected.
std::string not_met(const sim::SuiteResult& result, const std::vector<std::string>& slugs) {
  std::string bad;
  std::string expected;
  std::size_t n_bad = 0;
  std::size_t n_expected = 0;
  for (std::size_t i = 0; i < result.scenarios.size(); ++i) {
    const sim::ScenarioResult& r = result.scenarios[i];
    for (const sim::ExpectationResult& e : r.expectations) {
      if (e.status == sim::Status::ExpectedFailure) {
        expected += expectation_row(r, slugs[i], e);
        ++n_expected;
      } else if (!sim::is_ok(e.status)) {
        bad += expectation_row(r, slugs[i], e);
        ++n_bad;
      }
    }
  }
  std::string out = "<section id=\"not-met\">\n";
  if (n_bad == 0) {
    out += "<h2>Every expectation met</h2>\n";
  } else {
    out += fmt::format("<h2>{} {} not met</h2>\n<table class=\"not-met\">{}{}</tbody></table>\n",
                       n_bad, n_bad == 1 ? "expectation" : "expectations", kExpectationHead, bad);
  }
  if (n_expected > 0) {
    out += fmt::format(
        "<details><summary>{} {} failed as expected (the weaknesses the suite shows on purpose)</summary>"
        "<table class=\"expected-failures\">{}{}</tbody></table></details>\n",
        n_expected, n_expected == 1 ? "expectation" : "expectations", kExpectationHead, expected);
  }
  return out + "</section>\n";
}

std::string totals_line(const sim::SuiteResult& result) {
  const StatusCounts n = count_statuses(result);
  std::string out =
      fmt::format("{} scenarios, {} expectations:", result.scenarios.size(), n.expectation_total);
  for (std::size_t i = 0; i < kAllStatuses.size(); ++i) {
    if (n.expectations[i] > 0) out += fmt::format(" {} {}", n.expectations[i], badge(kAllStatuses[i]));
  }
  return out;
}

std::string meta_list(const sim::ScenarioResult& r) {
  const sim::Scenario& s = r.scenario;
  const sim::StrategyConfig& strategy = s.session.strategy;
  std::string params;
  for (const auto& [name, value] : strategy_settings(strategy)) {
    params += fmt::format("{}{}={}", params.empty() ? " (" : ", ", name, value);
  }
  if (!params.empty()) params += ")";
  std::string overrides;
  for (const auto& [name, value] : s.overrides) {
    overrides += fmt::format("{}{}={}", overrides.empty() ? "" : ", ", name, value);
  }
  std::string out = "<dl class=\"meta\">";
  out += fmt::format("<dt>{}</dt><dd>{} in {} sampling round{} (first batch {}, limit {})</dd>",
                     s.center ? "shifts" : "sessions", r.sessions_run, r.sampling_rounds,
                     r.sampling_rounds == 1 ? "" : "s", s.sessions, s.max_sessions);
  out += fmt::format("<dt>seed</dt><dd>{}</dd>", s.seed);
  out += fmt::format("<dt>strategy</dt><dd>{}{}</dd>", esc(strategy.label()), esc(params));
  if (s.center) out += fmt::format("<dt>center</dt><dd>{}</dd>", esc(center_spec_text(*s.center)));
  out += fmt::format("<dt>profile</dt><dd>{}</dd>", esc(s.profile_name));
  if (!overrides.empty()) out += fmt::format("<dt>overrides</dt><dd>{}</dd>", esc(overrides));
  if (!s.tags.empty()) {
    std::string tags;
    for (const std::string& t : s.tags) tags += (tags.empty() ? "" : ", ") + t;
    out += fmt::format("<dt>tags</dt><dd>{}</dd>", esc(tags));
  }
  if (!s.where.file.empty()) {
    out += fmt::format("<dt>defined at</dt><dd>{}:{}</dd>", esc(s.where.file), s.where.line);
  }
  return out + "</dl>\n";
}

std::string expectations_table(const sim::ScenarioResult& r) {
  if (r.expectations.empty()) return "<p class=\"muted\">No expectations.</p>\n";
  std::string out =
      "<table class=\"expectations\"><thead><tr><th>status</th><th>expectation</th><th>measured</th><th>why</th>"
      "</tr></thead><tbody>\n";
  for (const sim::ExpectationResult& e : r.expectations) {
    out += fmt::format(
        "<tr><td>{}</td><td class=\"value\">{}</td><td class=\"value\">{}</td><td class=\"why\">{}</td></tr>\n",
                       badge(e.status), esc(e.expectation.text()),
                       esc(format_metric_value(e.expectation.metric, e.value)), why_cell(r, e));
  }
  return out + "</tbody></table>\n";
}

// --- The comparison across scenarios ------------------------------------------------------------------

// `metric` of every scenario of one kind (single agent or center) on one axis, each bar coloured by
// its scenario's status and linked to its section.
std::string comparison_svg(const sim::SuiteResult& result, const std::vector<std::string>& slugs, bool center,
                           const std::string& id, const std::string& metric, const std::string& what) {
  const std::string ci = confidence_label(result.report_confidence);
  BarChart chart;
  chart.id = id;
  chart.cls = "comparison";
  chart.metric = metric;
  chart.title = fmt::format("Every {}scenario's {} with its {} interval", center ? "center " : "", what, ci);
  chart.axis_label = fmt::format("{} — bar: estimate, whisker: {} interval", what, ci);
  for (std::size_t i = 0; i < result.scenarios.size(); ++i) {
    const sim::ScenarioResult& r = result.scenarios[i];
    if (r.scenario.center.has_value() != center) continue;
    BarRow row;
    row.label = r.scenario.name;
    row.tooltip = fmt::format("{} ({})", r.scenario.name, status_word(r.status()));
    row.href = "#" + slugs[i];
    row.value = scenario_metric(r, metric);
    row.value_text = format_metric_value(metric, row.value);
    row.fill = std::string(html::colour(r.status()));
    chart.rows.push_back(std::move(row));
  }
  return html::bar_chart_svg(chart);
}

// The counts behind a center scenario's figures, over all its shifts.
std::string center_counts(const sim::CenterSummary& c) {
  const std::pair<const char*, std::uint64_t> rows[] = {
      {"shifts", c.shifts},
      {"agents (all shifts)", c.agents},
      {"closes", c.closes},
      {"agents that were a ghost", c.ghost_agents},
      {"ghosts at the end", c.ghosts_at_end},
      {"contacts arrived", c.contacts_arrived},
      {"contacts answered", c.contacts_answered},
      {"contacts unserved", c.contacts_unserved},
      {"contacts offered to ghosts", c.contacts_offered_to_ghosts},
      {"contacts missed on ghosts", c.contacts_missed_on_ghosts},
      {"contacts missed (all agents)", c.contacts_missed},
      {"setState sent", c.setstate_sent},
      {"PutUserStatus sent", c.put_user_status_sent},
      {"DismissUserContact sent", c.dismiss_sent},
      {"backend notifications", c.backend_notifies_sent},
      {"throttled calls", c.throttled},
      {"tokens granted", c.tokens_granted},
      {"token-bucket violations", c.bucket_violations},
      {"agents wrongly set Offline", c.spurious_offline_agents},
      {"unaccepted events", c.unaccepted_events},
      {"shifts over the event budget", c.budget_exceeded_shifts},
  };
  std::string out = "<details><summary>Center totals over every shift</summary><table><tbody>\n";
  for (const auto& [label, n] : rows) {
    out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td></tr>\n", label, n);
  }
  return out + "</tbody></table></details>\n";
}

std::string details(const sim::ScenarioResult& r) {
  // A center scenario's figures table already lists every center metric.
  std::string out;
  if (!r.center) {
    out += fmt::format("<details><summary>Every metric at {}</summary><table><tbody>\n",
                       confidence_label(r.report_confidence));
    for (const sim::MetricInfo& m : scenario_metrics(r)) {
      out += fmt::format("<tr><td>{}</td><td class=\"value\">{}</td><td class=\"muted\">{}</td></tr>\n", m.name,
                         esc(format_metric_value(m.name, scenario_metric(r, m.name))), esc(m.description));
    }
    out += "</tbody></table></details>\n";
  }
  if (r.center) {
    out += center_counts(*r.center);
  } else if (const auto traffic = traffic_counters(r.summary); !traffic.empty()) {
    out += fmt::format("<details><summary>API traffic over {} sessions</summary><table><tbody>\n",
                       r.summary.sessions);
    for (const auto& [label, n] : traffic) {
      out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td></tr>\n", esc(label), n);
    }
    out += "</tbody></table></details>\n";
  }
  const std::vector<AssumedParameter> assumed = assumed_parameters(r.scenario);
  out += fmt::format(
      "<details><summary>{} assumed environment parameters in effect (the "
      "result rests on them)</summary><table><tbody>\n",
      assumed.size());
  for (const AssumedParameter& a : assumed) {
    out += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"muted\">{}</td></tr>\n",
        a.parameter->name, a.value, esc(a.parameter->unit),
        a.value == a.default_value ? "default" : fmt::format("set (default {})", a.default_value));
  }
  return out + "</tbody></table></details>\n";
}

std::string section(const sim::ScenarioResult& r, const std::string& slug) {
  std::string out = fmt::format("<section class=\"scenario\" id=\"{}\">\n<h2>{} {}</h2>\n", slug,
                                badge(r.status()), esc(r.scenario.name));
  if (!r.scenario.description.empty()) out += fmt::format("<p>{}</p>\n", esc(r.scenario.description));
  out += meta_list(r);
  out += expectations_table(r);
  for (std::size_t i = 0; i < r.expectations.size(); ++i) {
    const sim::ExpectationResult& e = r.expectations[i];
    out += fmt::format("<figure><figcaption>{} {}: {}</figcaption>\n{}\n</figure>\n", badge(e.status),
                       esc(e.expectation.text()), esc(format_metric_value(e.expectation.metric, e.value)),
                       html::expectation_svg(fmt::format("{}-expectation-{}", slug, i + 1), e));
  }
  if (r.scenario.center) {
    out += html::center_figures(r, slug);
  } else {
    out += html::close_kinds(r, slug);
    out += "<h3>Ghost durations</h3>\n" + html::histogram_svg(slug + "-ghost-durations", r) + "\n";
  }
  return out + details(r) + "</section>\n";
}

std::vector<std::string> unique_slugs(const sim::SuiteResult& result) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (const sim::ScenarioResult& r : result.scenarios) {
    const std::string base = scenario_slug(r.scenario.name);
    std::string slug = base;
    for (int n = 2; used.count(slug) != 0; ++n) slug = fmt::format("{}-{}", base, n);
    used.insert(slug);
    out.push_back(slug);
  }
  return out;
}

}  // namespace

std::string scenario_slug(std::string_view name) {
  std::string out = "scenario-";
  bool dash = false;
  for (char c : name) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      dash = true;
      continue;
    }
    if (dash && out.back() != '-') out += '-';
    dash = false;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out == "scenario-" ? "scenario-scenario" : out;
}

// The baseline gate: its status and summary, the regressions, the mismatches.
static std::string baseline_html(const sim::BaselineCheck& b) {
  const sim::Status st = b.failed() ? sim::Status::Failed : sim::Status::Passed;
  std::string out = fmt::format("<section id=\"baseline\">\n<h2>{} Baseline gate</h2>\n<p>{}</p>\n", badge(st),
                                esc(baseline_summary(b)));
  if (!b.regressions.empty()) {
    out += fmt::format(
        "<table>\n<thead><tr><th>scenario</th><th>metric</th><th>baseline ({0} CI)</th><th>now ({0} CI)</th>"
        "<th>why</th></tr></thead>\n<tbody>\n",
        confidence_label(b.confidence));
    for (const sim::BaselineRegression& r : b.regressions) {
      sim::MetricValue before;
      before.estimate = r.before_estimate;
      before.interval = {r.before_lo, r.before_hi};
      before.exact = r.before_exact;
      out += fmt::format(
          "<tr><td>{}</td><td>{}</td><td class=\"value\">{}</td><td class=\"value\">{}</td><td>{}</td></tr>\n",
                         esc(r.scenario), esc(r.metric), summary_value(r.metric, before),
                         summary_value(r.metric, r.after), esc(r.explanation));
    }
    out += "</tbody>\n</table>\n";
  }
  if (!b.missing.empty()) {
    out += fmt::format("<p>{}</p>\n<ul>\n", b.allow_missing ? "On one side only (allowed):"
                                                             : "<strong>Mismatch</strong> — on one side only:");
    for (const std::string& m : b.missing) out += "<li>" + esc(m) + "</li>\n";
    out += "</ul>\n";
  }
  return out + "</section>\n";
}

std::string render_html(const sim::SuiteResult& result) {
  const std::vector<std::string> slugs = unique_slugs(result);
  const std::string title = fmt::format("agentsim suite {}", result.name.empty() ? "(unnamed)" : result.name);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  // No script, and nothing loaded from anywhere: only the inline <style> may apply.
  out +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'\"/>\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n", esc(title), kCss);
  out += fmt::format("<body data-scenarios=\"{}\">\n<h1>{} {}</h1>\n", result.scenarios.size(),
                     badge(suite_status(result)), esc(title));
  out += fmt::format("<p>{}</p>\n<p>Reproduce:</p>\n<pre><code>{}</code></pre>\n", totals_line(result),
                     esc(result.command.empty() ? "(no command recorded)" : result.command));
  // A run with sweeps writes their heatmaps and line charts to sweep.html beside this page.
  if (const auto sweeps = sim::summarize_sweeps(result); !sweeps.empty()) {
    out += fmt::format("<p>This run has {} sweep{}: each point's metric with its interval, and the best point, "
                       "are in <a href=\"sweep.html\">sweep.html</a>.</p>\n",
                       sweeps.size(), sweeps.size() == 1 ? "" : "s");
  }
  out += not_met(result, slugs);
  if (result.baseline) out += baseline_html(*result.baseline);
  out += summary_table(result, slugs);
  const bool any_center = std::any_of(result.scenarios.begin(), result.scenarios.end(),
                                      [](const sim::ScenarioResult& r) { return r.scenario.center.has_value(); });
  const bool any_single = std::any_of(result.scenarios.begin(), result.scenarios.end(),
                                      [](const sim::ScenarioResult& r) { return !r.scenario.center; });
  if (any_single || !any_center) {
    out += "<h2>Ghost rate by scenario</h2>\n" +
           comparison_svg(result, slugs, false, "chart-ghost-rate", "ghost_rate", "ghost rate") + "\n";
  }
  if (any_center) {
    out += "<h2>Ghost agent-minutes per shift by center scenario</h2>\n" +
           comparison_svg(result, slugs, true, "chart-center-ghost-minutes", "ghost_agent_minutes",
                          "ghost agent-minutes per shift") +
           "\n";
  }
  for (std::size_t i = 0; i < result.scenarios.size(); ++i) out += section(result.scenarios[i], slugs[i]);
  return out + "</body>\n</html>\n";
}

namespace html {
std::string_view report_css() { return kCss; }

std::string page_head(const std::string& title, std::string_view extra_css, const std::string& command) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  out +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'\"/>\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  out += fmt::format("<title>{}</title>\n<style>{}{}</style>\n</head>\n<body>\n<h1>{}</h1>\n", esc(title),
                     kCss, extra_css, esc(title));
  out += fmt::format("<p>Reproduce:</p>\n<pre><code>{}</code></pre>\n", esc(command));
  return out;
}
}  // namespace html

}  // namespace agentsim::reports
