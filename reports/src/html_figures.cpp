#include "html_figures.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "agentsim/reports/junit_report.h"
#include "agentsim/reports/terminal_report.h"
#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/metrics.h"
#include "html_charts.h"

namespace agentsim::reports::html {

namespace {

std::string esc(std::string_view text) { return xml_escape(text); }

// --- The figures of a center scenario, grouped by unit --------------------------------------------

// Center metrics that share a unit, in the order of sim::center_metrics(): one table group and,
// when two or more of them are sampled, one chart on one scale.
struct FigureGroup {
  std::string key;    // for ids: "rates", "minutes", "calls", ...
  std::string title;  // "rates per close", "minutes per shift", ...
  std::vector<const sim::MetricInfo*> metrics;
};

FigureGroup group_of(const sim::MetricInfo& m) {
  if (m.kind == sim::MetricKind::Proportion) return {"rates", "rates per close", {}};
  if (m.kind == sim::MetricKind::Count) return {"counts", "counts over all shifts (exact)", {}};
  if (m.unit == "min") return {"minutes", "minutes per shift", {}};
  if (m.unit == "s") return {"seconds", "seconds (waits per contact, clearing per burst)", {}};
  return {std::string(m.unit), fmt::format("{} per shift", m.unit), {}};
}

std::vector<FigureGroup> center_figure_groups() {
  std::vector<FigureGroup> out;
  for (const sim::MetricInfo& m : sim::center_metrics()) {
    FigureGroup g = group_of(m);
    auto same = std::find_if(out.begin(), out.end(), [&](const FigureGroup& o) { return o.key == g.key; });
    if (same == out.end()) same = out.insert(out.end(), std::move(g));
    same->metrics.push_back(&m);
  }
  return out;
}

// The chart of one group: its sampled figures on one axis. The seconds have their own chart
// (center_waits_svg: the wait against the part ghosts added); a group of one figure needs none.
std::string figure_group_svg(const sim::ScenarioResult& r, const std::string& slug, const FigureGroup& g) {
  const std::string ci = confidence_label(r.report_confidence);
  BarChart chart;
  chart.id = fmt::format("{}-center-{}", slug, g.key);
  chart.cls = "center-group";
  chart.metric = std::string(g.metrics.front()->name);
  chart.title = fmt::format("Center figures of {}: {}, with {} intervals", r.scenario.name, g.title, ci);
  chart.caption = g.title;
  chart.axis_label = fmt::format("{} — whisker: {} interval", g.title, ci);
  for (const sim::MetricInfo* m : g.metrics) {
    if (m->kind == sim::MetricKind::Count) continue;
    const sim::MetricValue v = scenario_metric(r, m->name);
    chart.rows.push_back({std::string(center_metric_label(m->name)), fmt::format("{}: {}", m->name, m->description),
                          "", v, format_metric_value(m->name, v), ""});
  }
  if (g.key == "seconds" || chart.rows.size() < 2) return {};
  chart.width = 540;
  chart.value_column = false;
  return bar_chart_svg(chart) + "\n";
}

}  // namespace

// --- Closes by kind (single agent) ----------------------------------------------------------------

std::string close_kinds(const sim::ScenarioResult& r, const std::string& slug) {
  const std::vector<CloseKindRow> kinds = close_kind_breakdown(r);
  if (kinds.empty()) return {};
  const std::string ci = confidence_label(r.report_confidence);
  std::string out = fmt::format(
      "<table class=\"close-kinds\" id=\"{}-close-kinds\"><thead><tr><th>close kind</th>"
      "<th>closes</th><th>ghosts</th><th>ghost rate ({} CI)</th></tr></thead><tbody>\n",
      slug, ci);
  BarChart chart;
  chart.id = slug + "-close-kinds-chart";
  chart.cls = "close-kinds";
  chart.metric = "ghost_rate";
  chart.title = fmt::format("Ghost rate by close kind of {} with {} intervals", r.scenario.name, ci);
  chart.axis_label = fmt::format("ghost rate per close kind — whisker: {} interval", ci);
  for (const CloseKindRow& k : kinds) {
    const std::string rate = format_metric_value("ghost_rate", k.ghost_rate);
    out += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"value\">{}</td></tr>\n",
        k.kind, thousands(k.closes), thousands(k.ghosts), esc(rate));
    chart.rows.push_back({std::string(k.kind), fmt::format("{}: {} ghosts in {} closes", k.kind, k.ghosts, k.closes),
                          "", k.ghost_rate, rate, ""});
  }
  out += "</tbody></table>\n";
  // One kind (a scenario that fixes it) says all in its row; a chart compares two or more, beside
  // the table that gives the numbers.
  const std::string heading = "<h3>Closes by kind</h3>\n";
  if (kinds.size() < 2) return heading + out;
  chart.width = 560;
  chart.value_column = false;
  return heading + "<div class=\"beside\">" + out + bar_chart_svg(chart) + "</div>\n";
}

std::string center_figures(const sim::ScenarioResult& r, const std::string& slug) {
  const std::string ci = confidence_label(r.report_confidence);
  std::string table = fmt::format(
      "<table class=\"figures\" id=\"{}-center-figures\"><thead><tr><th>figure</th><th>estimate [{} interval]"
      "</th><th>metric</th></tr></thead><tbody>\n",
      slug, ci);
  std::string charts;
  for (const FigureGroup& g : center_figure_groups()) {
    table += fmt::format("<tr class=\"group\"><th colspan=\"3\">{}</th></tr>\n", esc(g.title));
    for (const sim::MetricInfo* m : g.metrics) {
      table += fmt::format(
          "<tr><td>{}</td><td class=\"value\">{}</td><td><code>{}</code> <span class=\"muted\">{}</span></td>"
          "</tr>\n",
          esc(center_metric_label(m->name)), esc(format_metric_value(m->name, scenario_metric(r, m->name))), m->name,
          esc(m->description));
    }
    charts += figure_group_svg(r, slug, g);
  }
  // The charts side by side under the table (which has the numbers): one per unit, the waits last.
  charts += center_waits_svg(slug + "-center-waits", r);
  return fmt::format(
      "<h3>Center figures over {} shifts</h3>\n{}</tbody></table>\n<h3>The figures by unit, each chart on one "
      "scale</h3>\n<div class=\"beside\">{}</div>\n",
      thousands(r.sessions_run), table, charts);
}

}  // namespace agentsim::reports::html
