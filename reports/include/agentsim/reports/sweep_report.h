// The reports of a sweep (a scenario file's `sweep:` block, docs/sweeps.md): one row per point —
// its axis values, the first expectation's metric with its interval, every expectation's
// status, the cost — and the best point named: among the points that meet every expectation,
// the one with the fewest API calls per close (sim::best_point). For people: a terminal table, a
// Markdown section, an HTML page with a heatmap (two crossed axes) or a line chart with
// intervals (one axis, or zipped axes); for scripts: CSV and JSON.
//
// Every writer is a pure function of its arguments: the same result gives the same bytes. Each
// takes the sweeps of summarize_sweeps(result) and the result they came from.
#pragma once

#include <string>
#include <vector>

#include "agentsim/sim/scenario.h"
#include "agentsim/sim/sweep.h"

namespace agentsim::reports {

using Sweeps = std::vector<sim::SweepSummary>;

// "Best point: retry sweep[max_attempts=2,base_ms=50] (api_calls_per_close 1.6) meets every
// expectation", or "No point of 'retry sweep' meets every expectation".
std::string best_point_line(const sim::SweepSummary& s, const sim::SuiteResult& result);

std::string render_sweep_terminal(const Sweeps& sweeps, const sim::SuiteResult& result);
std::string render_sweep_markdown(const Sweeps& sweeps, const sim::SuiteResult& result);
// Header: sweep, point, scenario, one column per axis (its path), the metric, its interval
// (metric_lo, metric_hi), the cost, meets_all, best, then one status column per expectation
// ("expect_1", ...: sim status tokens such as "passed"). RFC 4180 quoting.
std::string render_sweep_csv(const Sweeps& sweeps, const sim::SuiteResult& result);
std::string render_sweep_json(const Sweeps& sweeps, const sim::SuiteResult& result);
std::string render_sweep_html(const Sweeps& sweeps, const sim::SuiteResult& result);

}  // namespace agentsim::reports
