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
// XML (every element closed, void elements as <meta .../>) so XML tools can check it:
//
//   - a summary: the suite's status and totals, the reproduce command, and a table of scenarios
//     (status, strategy, sessions, ghost rate, missed contacts per 1000 closes, spurious Offline
//     rate) linking to their sections;
//   - <svg id="chart-ghost-rate">: the ghost rate of every scenario with its 95 % interval, side by
//     side, each coloured by its scenario's status;
//   - per scenario, <section id="scenario-<slug>" class="scenario">: description, seed, sessions,
//     strategy and its parameters, profile, overrides; a table of the expectations; per
//     expectation a <figure> captioned with its status, text and value, holding
//     <svg id="scenario-<slug>-expectation-<i>"> (i from 1): the interval as a bar,
//     the estimate as a dot and the bound as a dashed vertical line, with the side the bound
//     forbids shaded, coloured by status; <svg id="scenario-<slug>-ghost-durations">: the
//     ghost-duration distribution from the histogram's buckets, re-binned into 5 bins per decade
//     on a log axis in seconds, bars by count, with the median and the 95th percentile marked;
//     and, folded, every metric at 95 % and the assumed environment parameters in effect.
//
// Strategies are named by their label (StrategyConfig::label(): "beforeunload_setstate +
// heartbeat_sweeper") and their settings are the parameters that apply (server-side ones included).
//
// Center scenarios (Scenario::center) are shown with their own figures, never the single-agent
// ones: the summary has a second table, "Center scenarios" (status, strategy, shifts, ghost
// agent-minutes per shift, contacts offered to ghosts, customer wait p95, wait added by ghosts
// p95, throttled calls), and <svg id="chart-center-ghost-minutes"> compares their ghost
// agent-minutes per shift (the ghost-rate chart and table then list the single-agent scenarios
// only, and are left out when there is none). A center scenario's section gives its center spec
// and shifts, and instead of the ghost-duration histogram <svg id="scenario-<slug>-center-figures">
// (every center metric as a bar with its 95 % interval as a whisker, each row on its own scale)
// and <svg id="scenario-<slug>-center-waits"> (customer wait against the wait ghosts added, mean
// and p95, on one seconds axis, with whiskers); folded, every center metric and the center's
// totals. A single-agent section adds, folded, its non-zero API traffic (traffic_counters).
//
// <body data-scenarios="N"> carries the number of scenario sections, for checkers
// (scripts/check-html-report.sh). All text is escaped (xml_escape). No timestamps: identical
// results give identical pages. The output ends with a newline.
std::string render_html(const sim::SuiteResult& result);

}  // namespace agentsim::reports
