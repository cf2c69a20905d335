// Private to reports/: the SVG charts of the HTML report (html_report.cpp lays out the page), all
// drawn with the primitives of svg.h. Every interval a chart draws is the one its caller passes:
// the report's confidence (ScenarioResult::report_confidence) for figures, the expectation's own
// for an expectation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agentsim/sim/scenario.h"
#include "svg.h"

namespace agentsim::reports::html {

// The style sheet of agentsim's HTML pages (the run report's, which the sensitivity report shares).
std::string_view report_css();

// The start of a stand-alone agentsim page (the sweep and sensitivity reports): doctype, a
// Content-Security-Policy that allows nothing but inline style, the title, the shared style sheet
// plus `extra_css`, the heading, and the reproduce command.
std::string page_head(const std::string& title, std::string_view extra_css, const std::string& command);

// The fill colour of a status, as the badges use it.
std::string_view colour(sim::Status s);

// How a metric's numbers read on an axis: proportions as percentages, seconds with " s".
svg::Unit axis_unit(std::string_view metric);

// One expectation: the interval as a band, the estimate as a dot, the bound as a dashed line with
// the side it forbids shaded, on a nice axis around them; coloured by the expectation's status.
std::string expectation_svg(const std::string& id, const sim::ExpectationResult& e);

// The ghost-duration distribution of a single-agent scenario: the histogram's buckets re-binned
// into 5 bins per decade on a log axis in seconds, bars by count, the median and p95 marked.
std::string histogram_svg(const std::string& id, const sim::ScenarioResult& r);

// A horizontal bar chart: one row per value, a bar from 0 to its estimate and a whisker over its
// interval (none for an exact value), ALL ROWS ON ONE SCALE — one nice axis with ticks and grid
// lines under them — and each value written in a column at the right. Rows of different units do
// not belong in one chart.
struct BarRow {
  std::string label;    // left of the bar; wrapped onto two lines, the end kept when cut
  std::string tooltip;  // the label's <title>: the full name, a description; empty for none
  std::string href;     // the label links to this fragment ("#scenario-x"); empty for none
  sim::MetricValue value;
  std::string value_text;  // written right of the plot
  std::string fill;        // the bar's colour; empty for the default
};
struct BarChart {
  std::string id;
  std::string cls;         // added to "chart bars"
  std::string title;       // the <svg>'s accessible title
  std::string metric;      // every row's metric, or one of its unit: sets the axis' unit
  std::string caption;     // above the plot, bold; empty for none
  std::string axis_label;  // under the axis: what it measures, its unit and the confidence
  std::vector<BarRow> rows;
  double width = 960;        // px
  bool value_column = true;  // false: the values are beside the chart already (a table)
};
std::string bar_chart_svg(const BarChart& chart);

// Customer wait against the part ghosts added, mean and p95, bars with whiskers at the report's
// confidence, on one seconds axis.
std::string center_waits_svg(const std::string& id, const sim::ScenarioResult& r);

}  // namespace agentsim::reports::html
