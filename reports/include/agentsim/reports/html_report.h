// The HTML report of a suite run: one self-contained page with SVG charts, to open from a CI
// artifact or attach to a review. It loads nothing: no scripts, fonts, images or style sheets from
// anywhere (a Content-Security-Policy meta tag forbids them), so it reads the same offline.
#pragma once

#include <string>
#include <string_view>

#include "agentsim/sim/suite.h"

namespace agentsim::reports {

// The fragment id of a scenario's section: "scenario-" followed by the name in lower case with
// every run of characters other than ASCII letters and digits replaced by one '-' (leading and
// trailing '-' dropped; "scenario" when nothing is left). render_html makes ids unique within a
// page by appending "-2", "-3", ... to later scenarios of the same slug.
std::string scenario_slug(std::string_view name);

// Renders `result` as one HTML5 page (UTF-8, inline CSS, no JavaScript), written as well-formed
// XML (every element closed, void elements as <meta .../>) so XML tools can check it. It reads top
// to bottom as a QA engineer needs it: status, what failed, then the details.
//
//   - the suite's status and totals, the reproduce command;
//   - <section id="not-met">: every expectation not met (failed, inconclusive, passed although
//     expected to fail) in one table — scenario (linked), expectation, measured value and interval,
//     and why: the verdict in the words of the terminal and JUnit reports ("the 95% interval lies
//     wholly on the forbidden side of the bound <= 5.00%", "passed although expected to fail: <note>",
//     "straddles the bound ... after the sampling limit"), the note, and where it is written — then,
//     folded, the expectations that failed as expected;
//   - the baseline gate (with --baseline): its status, the regressions and mismatches;
//   - a table of scenarios (status, scenario and strategy, sessions, ghost rate, missed contacts per
//     1000 closes, spurious Offline rate, each estimate with its interval) linking to their sections;
//   - <svg id="chart-ghost-rate">: the ghost rate of every scenario, a bar with its interval as a
//     whisker, all on one axis, each coloured by its scenario's status; names are never cut so
//     that two become alike: they wrap onto two lines, and a longer one keeps its end after "…"
//     (the full name is the label's tooltip);
//   - per scenario, <section id="scenario-<slug>" class="scenario">: description, seed, sessions,
//     strategy and its parameters, profile, overrides; a table of the expectations with the same
//     "why" for each; per expectation a <figure> captioned with its status, text and value,
//     holding <svg id="scenario-<slug>-expectation-<i>"> (i from 1): the interval as a band, the
//     estimate as a dot and the bound as a dashed vertical line, with the side the bound forbids
//     shaded, coloured by status; the closes by kind (html_figures.h: kind, closes, ghosts, ghost
//     rate with its interval, and a chart of those rates when two or more kinds occurred);
//     <svg id="scenario-<slug>-ghost-durations">: the ghost-duration distribution from the
//     histogram's buckets, re-binned into 5 bins per decade on a log axis in seconds, bars by
//     count, with the median and the 95th percentile marked; and, folded, every metric and the
//     assumed environment parameters in effect.
//
// Every interval the page shows for a metric is at the report's confidence
// (SuiteResult::report_confidence, ScenarioResult::report_confidence) and labelled with it
// (confidence_label); an expectation's measured interval and verdict are at its own confidence,
// which its text states ("@95%"). Every chart draws its bars from 0 on one nice axis with ticks
// and the unit (reports/src/svg.h).
//
// Strategies are named by their label (StrategyConfig::label(): "beforeunload_setstate +
// heartbeat_sweeper") and their settings are the parameters that apply (server-side ones included).
//
// Center scenarios (Scenario::center) are shown with their own figures, never the single-agent
// ones: the summary has a second table, "Center scenarios" (status, scenario and strategy,
// shifts, ghost rate per close, ghost agent-minutes per shift, contacts offered to ghosts,
// customer wait p95, wait added by ghosts p95, throttled calls), and
// <svg id="chart-center-ghost-minutes"> compares their ghost agent-minutes per shift (the
// ghost-rate chart and table then list the single-agent scenarios only, and are left out when
// there is none). A center scenario's section gives its center spec and shifts, and instead of the
// closes by kind and the ghost-duration histogram its figures (html_figures.h):
// <table id="scenario-<slug>-center-figures"> with every center metric grouped by unit (rates per
// close, minutes per shift, contacts, seconds, calls, exact counts over all shifts), one chart per
// unit on one scale (<svg id="scenario-<slug>-center-rates">, "-minutes", "-calls") and
// <svg id="scenario-<slug>-center-waits"> (customer wait against the wait ghosts added, mean
// and p95, on one seconds axis, with whiskers); folded, the center's totals. A single-agent
// section adds, folded, its non-zero API traffic (traffic_counters).
//
// <body data-scenarios="N"> carries the number of scenario sections, for checkers
// (scripts/check-html-report.sh). All text is escaped (xml_escape). No timestamps: identical
// results give identical pages. The output ends with a newline.
std::string render_html(const sim::SuiteResult& result);

}  // namespace agentsim::reports
