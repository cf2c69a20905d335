#include "agentsim/reports/sweep_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "agentsim/reports/junit_report.h"
#include "agentsim/reports/markdown_report.h"
#include "agentsim/reports/terminal_report.h"
#include "agentsim/sim/input_text.h"
#include "html_charts.h"
#include "svg.h"

namespace agentsim::reports {

namespace {

using Json = nlohmann::ordered_json;
using sim::SweepPointResult;
using sim::SweepSummary;

std::string esc(std::string_view t) { return xml_escape(t); }

const sim::ScenarioResult& scenario_of(const sim::SuiteResult& r, const SweepPointResult& p) {
  return r.scenarios.at(p.scenario);
}

const std::string& point_name(const sim::SuiteResult& r, const SweepPointResult& p) {
  return scenario_of(r, p).scenario.name;
}

std::string parameter_of(const std::string& path) { return path.substr(path.rfind('.') + 1); }

// "6 x 5 points (max_attempts x base_ms)", "4 points (zip: a, b)".
std::string shape_text(const SweepSummary& s) {
  std::string sizes, names;
  for (std::size_t a = 0; a < s.axes.size(); ++a) {
    sizes += (a == 0 ? "" : " x ") + std::to_string(s.axis_values[a].size());
    names += (a == 0 ? "" : s.zip ? ", " : " x ") + parameter_of(s.axes[a]);
  }
  const std::string count = std::to_string(s.points.size()) + " point" + (s.points.size() == 1 ? "" : "s");
  if (s.zip || s.axes.size() == 1) return count + " (" + (s.zip ? "zip: " : "") + names + ")";
  return count + " (" + sizes + ": " + names + ")";
}

std::string cost_text(const SweepSummary& s, const SweepPointResult& p) {
  return p.cost.defined ? format_metric_number(s.cost_metric, p.cost.estimate) : "undefined";
}

std::string metric_text(const SweepSummary& s, const SweepPointResult& p) {
  return format_metric_value(s.metric, p.metric);
}

// The pass/fail marks of a point's expectations: "PASS FAIL".
std::string statuses_text(const SweepPointResult& p) {
  std::string out;
  for (std::size_t i = 0; i < p.statuses.size(); ++i) out += (i == 0 ? "" : " ") + std::string(status_word(p.statuses[i]));
  return out;
}

// A value for JSON: a number when it reads as one, else the text.
Json value_json(const std::string& text) {
  if (const auto v = sim::parse_decimal(text)) return *v;
  if (text == "true" || text == "false") return text == "true";
  return text;
}

Json metric_json(const sim::MetricValue& m) {
  if (!m.defined) return nullptr;
  Json j;
  j["estimate"] = m.estimate;
  j["lo"] = m.interval.lo;
  j["hi"] = m.interval.hi;
  j["exact"] = m.exact;
  return j;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : ""; }

}  // namespace

std::string best_point_line(const SweepSummary& s, const sim::SuiteResult& result) {
  if (!s.best) {
    return fmt::format("No point of '{}' meets every expectation{}", s.name,
                       s.complete ? "" : " (among the points that ran)");
  }
  const SweepPointResult& p = s.points[*s.best];
  return fmt::format("Best point: {} ({} {}) meets every expectation with the lowest cost", point_name(result, p),
                     s.cost_metric, cost_text(s, p));
}

std::string render_sweep_terminal(const Sweeps& sweeps, const sim::SuiteResult& result) {
  std::string out;
  for (const SweepSummary& s : sweeps) {
    out += fmt::format("\nSweep '{}': {}{}; every point on the same seed (common random numbers)\n", s.name,
                       shape_text(s), s.complete ? "" : ", not every point ran");
    for (std::size_t i = 0; i < s.expectations.size(); ++i) out += fmt::format("  [{}] {}\n", i + 1, s.expectations[i]);
    std::vector<std::size_t> width;
    for (const std::string& a : s.axes) width.push_back(std::max<std::size_t>(parameter_of(a).size(), 4));
    for (const SweepPointResult& p : s.points) {
      for (std::size_t a = 0; a < p.values.size(); ++a) width[a] = std::max(width[a], p.values[a].size());
    }
    std::size_t metric_w = s.metric.size();
    for (const SweepPointResult& p : s.points) metric_w = std::max(metric_w, svg::code_points(metric_text(s, p)));
    std::string head = "  ";
    for (std::size_t a = 0; a < s.axes.size(); ++a) head += fmt::format("{:<{}}  ", parameter_of(s.axes[a]), width[a]);
    head += fmt::format("{:<{}}  {:<14}  {}", s.metric, metric_w, "api calls", "expectations");
    out += head + "\n";
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      const SweepPointResult& p = s.points[i];
      std::string row = "  ";
      for (std::size_t a = 0; a < p.values.size(); ++a) row += fmt::format("{:<{}}  ", p.values[a], width[a]);
      const std::string m = metric_text(s, p);
      row += m + std::string(metric_w - svg::code_points(m), ' ') + "  ";
      row += fmt::format("{:<14}  {}{}", cost_text(s, p), statuses_text(p),
                         s.best && *s.best == i ? "  <- best" : p.meets_all ? "  (meets all)" : "");
      out += row + "\n";
    }
    out += best_point_line(s, result) + "\n";
    for (const std::string& n : s.notes) out += "Note: " + n + "\n";
  }
  return out;
}

std::string render_sweep_markdown(const Sweeps& sweeps, const sim::SuiteResult& result) {
  std::string out;
  for (const SweepSummary& s : sweeps) {
    out += fmt::format("\n### Sweep `{}`\n\n{}; every point on the same seed (common random numbers).\n\n",
                       markdown_cell(s.name), markdown_cell(shape_text(s)));
    for (std::size_t i = 0; i < s.expectations.size(); ++i)
      out += fmt::format("{}. `{}`\n", i + 1, markdown_cell(s.expectations[i]));
    out += "\n|";
    for (const std::string& a : s.axes) out += " " + markdown_cell(parameter_of(a)) + " |";
    out += fmt::format(" {} | {} |", markdown_cell(s.metric), markdown_cell(s.cost_metric));
    for (std::size_t i = 0; i < s.expectations.size(); ++i) out += fmt::format(" [{}] |", i + 1);
    out += " |\n|";
    for (std::size_t c = 0; c < s.axes.size() + 3 + s.expectations.size(); ++c) out += " --- |";
    out += "\n";
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      const SweepPointResult& p = s.points[i];
      out += "|";
      for (const std::string& v : p.values) out += " " + markdown_cell(v) + " |";
      out += fmt::format(" {} | {} |", markdown_cell(metric_text(s, p)), markdown_cell(cost_text(s, p)));
      for (sim::Status st : p.statuses) out += fmt::format(" {} |", status_word(st));
      out += s.best && *s.best == i ? " **best** |\n" : p.meets_all ? " meets all |\n" : " |\n";
    }
    out += "\n**" + markdown_cell(best_point_line(s, result)) + "**\n";
    for (const std::string& n : s.notes) out += "\nNote: " + markdown_cell(n) + "\n";
  }
  return out;
}

std::string render_sweep_csv(const Sweeps& sweeps, const sim::SuiteResult& result) {
  std::string out;
  for (const SweepSummary& s : sweeps) {
    out += "sweep,point,scenario";
    for (const std::string& a : s.axes) out += "," + csv_field(a);
    out += fmt::format(",{0},{0}_lo,{0}_hi,{1},meets_all,best", csv_field(s.metric), csv_field(s.cost_metric));
    for (std::size_t i = 0; i < s.expectations.size(); ++i) out += fmt::format(",expect_{}", i + 1);
    out += "\n";
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      const SweepPointResult& p = s.points[i];
      out += csv_field(s.name) + "," + std::to_string(scenario_of(result, p).scenario.sweep->index) + "," +
             csv_field(point_name(result, p));
      for (const std::string& v : p.values) out += "," + csv_field(v);
      out += p.metric.defined ? fmt::format(",{},{},{}", number(p.metric.estimate), number(p.metric.interval.lo),
                                            number(p.metric.interval.hi))
                              : std::string(",,,");
      out += fmt::format(",{},{},{}", p.cost.defined ? number(p.cost.estimate) : "", p.meets_all ? "true" : "false",
                         s.best && *s.best == i ? "true" : "false");
      for (sim::Status st : p.statuses) out += "," + std::string(status_token(st));
      out += "\n";
    }
  }
  return out;
}

std::string render_sweep_json(const Sweeps& sweeps, const sim::SuiteResult& result) {
  Json doc;
  doc["format"] = "agentsim-sweep";
  doc["version"] = 1;
  doc["command"] = result.command;
  Json list = Json::array();
  for (const SweepSummary& s : sweeps) {
    Json j;
    j["name"] = s.name;
    j["zip"] = s.zip;
    Json axes = Json::array();
    for (std::size_t a = 0; a < s.axes.size(); ++a) {
      Json values = Json::array();
      for (const std::string& v : s.axis_values[a]) values.push_back(value_json(v));
      axes.push_back({{"path", s.axes[a]}, {"values", values}});
    }
    j["axes"] = axes;
    j["complete"] = s.complete;
    j["metric"] = s.metric;
    j["cost_metric"] = s.cost_metric;
    j["expectations"] = s.expectations;
    j["notes"] = s.notes;
    if (s.best) {
      j["best"] = {{"point", scenario_of(result, s.points[*s.best]).scenario.sweep->index},
                   {"scenario", point_name(result, s.points[*s.best])}};
    } else {
      j["best"] = nullptr;
    }
    Json points = Json::array();
    for (const SweepPointResult& p : s.points) {
      const sim::ScenarioResult& r = scenario_of(result, p);
      Json q;
      q["point"] = r.scenario.sweep->index;
      q["scenario"] = r.scenario.name;
      Json values;
      for (std::size_t a = 0; a < s.axes.size(); ++a) values[s.axes[a]] = value_json(p.values[a]);
      q["values"] = values;
      q["sessions"] = r.sessions_run;
      q["metric"] = metric_json(p.metric);
      q["cost"] = metric_json(p.cost);
      q["meets_all"] = p.meets_all;
      Json statuses = Json::array();
      for (sim::Status st : p.statuses) statuses.push_back(std::string(status_token(st)));
      q["statuses"] = statuses;
      points.push_back(q);
    }
    j["points"] = points;
    list.push_back(j);
  }
  doc["sweeps"] = list;
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {

// The colour of a heatmap cell: from light (the lowest estimate) to dark blue (the highest).
std::string heat(double t) {
  if (!std::isfinite(t)) return "#eeeeee";
  t = std::clamp(t, 0.0, 1.0);
  const auto mix = [&](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * t)); };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(0xf0, 0x08), mix(0xf4, 0x30), mix(0xfa, 0x6b));
}

std::string tooltip(const SweepSummary& s, const sim::SuiteResult& r, const SweepPointResult& p) {
  return fmt::format("{}: {} {}; {} {}; {}", point_name(r, p), s.metric, metric_text(s, p), s.cost_metric,
                     cost_text(s, p), p.meets_all ? "meets every expectation" : "misses an expectation");
}

// Two crossed axes: the first down, the second across; each cell the metric's estimate (and its
// interval), outlined green when the point meets every expectation, the best point starred.
std::string heatmap_svg(const std::string& id, const SweepSummary& s, const sim::SuiteResult& r) {
  constexpr double kCellW = 150, kCellH = 46, kLeft = 110, kTop = 56;
  const auto& rows = s.axis_values[0];
  const auto& cols = s.axis_values[1];
  const double width = kLeft + kCellW * static_cast<double>(cols.size()) + 20;
  const double height = kTop + kCellH * static_cast<double>(rows.size()) + 40;
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  for (const SweepPointResult& p : s.points) {
    if (p.metric.defined && std::isfinite(p.metric.estimate)) lo = std::min(lo, p.metric.estimate), hi = std::max(hi, p.metric.estimate);
  }
  std::string out = svg::open(id, "heatmap", width, height, fmt::format("{} over {} and {}", s.metric, s.axes[0], s.axes[1]));
  out += svg::text(kLeft + kCellW * static_cast<double>(cols.size()) / 2, 18, s.axes[1], "middle", "axis-title");
  out += svg::text(8, 18, s.axes[0] + " ↓", "start", "axis-title");
  for (std::size_t c = 0; c < cols.size(); ++c)
    out += svg::text(kLeft + kCellW * (static_cast<double>(c) + 0.5), kTop - 10, cols[c], "middle");
  for (std::size_t rI = 0; rI < rows.size(); ++rI)
    out += svg::text(kLeft - 10, kTop + kCellH * (static_cast<double>(rI) + 0.5) + 4, rows[rI], "end");
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    const SweepPointResult& p = s.points[i];
    const auto rI = std::find(rows.begin(), rows.end(), p.values[0]) - rows.begin();
    const auto c = std::find(cols.begin(), cols.end(), p.values[1]) - cols.begin();
    const double x = kLeft + kCellW * static_cast<double>(c), y = kTop + kCellH * static_cast<double>(rI);
    const double t = hi > lo ? (p.metric.estimate - lo) / (hi - lo) : 0.0;
    const bool best = s.best && *s.best == i;
    out += svg::rect(x + 1, y + 1, kCellW - 2, kCellH - 2, p.meets_all ? "cell meets" : "cell misses", tooltip(s, r, p),
                     p.metric.defined ? heat(t) : heat(NAN));
    const std::string ink = t > 0.55 ? "ink-light" : "ink-dark";
    out += svg::text(x + kCellW / 2, y + 19, (best ? "★ " : "") + (p.metric.defined ? format_metric_number(s.metric, p.metric.estimate) : "undefined"),
                     "middle", ink + " value");
    if (p.metric.defined && !p.metric.exact) {
      out += svg::text(x + kCellW / 2, y + 35,
                       fmt::format("[{}, {}]", format_metric_number(s.metric, p.metric.interval.lo),
                                   format_metric_number(s.metric, p.metric.interval.hi)),
                       "middle", ink + " small");
    }
  }
  out += svg::text(kLeft, height - 12,
                   "green outline: meets every expectation; red: misses one; ★ best point; darker: higher " + s.metric,
                   "start", "muted small");
  return out + "</svg>";
}

// One axis (or zipped axes): the metric at each point with its interval, the bound dashed.
std::string line_svg(const std::string& id, const SweepSummary& s, const sim::SuiteResult& r) {
  constexpr double kLeft = 80, kTop = 30, kPlotH = 260, kStep = 70;
  const double plot_w = std::max(kStep * static_cast<double>(s.points.size()), 200.0);
  const double width = kLeft + plot_w + 30, height = kTop + kPlotH + 70;
  const sim::Expectation& e = scenario_of(r, s.points.front()).scenario.expectations.front();
  double lo = e.bound, hi = e.bound;
  for (const SweepPointResult& p : s.points) {
    if (!p.metric.defined) continue;
    for (double v : {p.metric.interval.lo, p.metric.interval.hi, p.metric.estimate})
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  if (lo >= 0) lo = 0;
  const svg::Ticks ticks = svg::nice_ticks(lo, hi, 5);
  const svg::Scale y = svg::scale_over(ticks, kTop + kPlotH, kTop);
  std::string out = svg::open(id, "sweep-line", width, height, fmt::format("{} along {}", s.metric, s.axes[0]));
  out += svg::y_axis(y, kLeft, svg::labelled(ticks, html::axis_unit(s.metric)), kLeft + plot_w);
  out += svg::line(kLeft, kTop + kPlotH, kLeft + plot_w, kTop + kPlotH, "axis");
  const double b = y(e.bound);
  out += svg::line(kLeft, b, kLeft + plot_w, b, "bound");
  out += svg::text(kLeft + plot_w, b - 4, fmt::format("bound {} {}", sim::to_string(e.op), format_metric_number(s.metric, e.bound)),
                   "end", "muted small");
  std::string path;
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    const SweepPointResult& p = s.points[i];
    const double x = kLeft + kStep * (static_cast<double>(i) + 0.5);
    std::string label;
    for (std::size_t a = 0; a < p.values.size(); ++a) label += (a == 0 ? "" : ", ") + p.values[a];
    out += svg::text(x, kTop + kPlotH + 18, label, "middle", "", tooltip(s, r, p));
    if (!p.metric.defined) continue;
    out += svg::vwhisker(y, p.metric.interval.lo, p.metric.interval.hi, x, 12);
    path += fmt::format("{}{},{}", path.empty() ? "M" : " L", svg::num(x), svg::num(y(p.metric.estimate)));
    out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"5\" class=\"{}\"><title>{}</title></circle>", svg::num(x),
                       svg::num(y(p.metric.estimate)), p.meets_all ? "dot meets" : "dot misses", esc(tooltip(s, r, p)));
    if (s.best && *s.best == i) out += svg::text(x, y(p.metric.estimate) - 10, "★ best", "middle", "best");
  }
  if (!path.empty()) out += fmt::format("<path d=\"{}\" class=\"series\"/>", path);
  std::string axis_name;
  for (std::size_t a = 0; a < s.axes.size(); ++a) axis_name += (a == 0 ? "" : ", ") + s.axes[a];
  out += svg::text(kLeft + plot_w / 2, kTop + kPlotH + 44, axis_name, "middle", "axis-title");
  return out + "</svg>";
}

constexpr std::string_view kSweepCss = R"(
svg.chart rect.cell.meets { stroke: #1a7f37; stroke-width: 3; }
svg.chart rect.cell.misses { stroke: #c62828; stroke-width: 1; stroke-dasharray: 4 3; }
svg.chart text.ink-light { fill: #ffffff; } svg.chart text.ink-dark { fill: #1f2328; }
svg.chart text.value { font-weight: 600; } svg.chart text.small { font-size: 10px; }
svg.chart text.axis-title { font-weight: 600; }
svg.chart .bound { stroke: #c62828; stroke-dasharray: 5 4; }
svg.chart path.series { fill: none; stroke: #0969da; stroke-width: 1.5; }
svg.chart circle.dot.meets { fill: #1a7f37; } svg.chart circle.dot.misses { fill: #c62828; }
svg.chart text.best { fill: #1a7f37; font-weight: 600; }
tr.best td { font-weight: 600; background: #dafbe1; }
)";

}  // namespace

std::string render_sweep_html(const Sweeps& sweeps, const sim::SuiteResult& result) {
  const std::string title = fmt::format("agentsim sweeps: {}", result.name);
  std::string out = html::page_head(title, kSweepCss, result.command);
  out += "<p>Every point of a sweep runs on the scenario's seed: session <i>k</i> of every point draws from the "
         "same stream (common random numbers), so differences between points are the parameters', not noise. "
         "Intervals are at each first expectation's confidence. The best point is the one with the fewest API "
         "calls among the points that meet every expectation (docs/sweeps.md).</p>\n";
  for (std::size_t si = 0; si < sweeps.size(); ++si) {
    const SweepSummary& s = sweeps[si];
    out += fmt::format("<section class=\"sweep\" id=\"sweep-{}\">\n<h2>{}</h2>\n<p class=\"muted\">{}</p>\n", si + 1,
                       esc(s.name), esc(shape_text(s)));
    out += "<ol>\n";
    for (const std::string& e : s.expectations) out += fmt::format("<li><code>{}</code></li>\n", esc(e));
    out += "</ol>\n";
    out += fmt::format("<p><strong>{}</strong></p>\n", esc(best_point_line(s, result)));
    for (const std::string& n : s.notes) out += fmt::format("<p class=\"muted\">Note: {}</p>\n", esc(n));
    if (!s.points.empty() && s.axes.size() == 2 && !s.zip) {
      out += fmt::format("<figure>\n{}\n<figcaption>{} at each point</figcaption>\n</figure>\n",
                         heatmap_svg(fmt::format("sweep-{}-heatmap", si + 1), s, result), esc(s.metric));
    } else if (!s.points.empty() && (s.axes.size() == 1 || s.zip)) {
      out += fmt::format("<figure>\n{}\n<figcaption>{} at each point, with its interval</figcaption>\n</figure>\n",
                         line_svg(fmt::format("sweep-{}-line", si + 1), s, result), esc(s.metric));
    } else {
      out += "<p class=\"muted\">More than two crossed axes: the table lists every point.</p>\n";
    }
    out += "<table>\n<tr>";
    for (const std::string& a : s.axes) out += fmt::format("<th>{}</th>", esc(parameter_of(a)));
    out += fmt::format("<th>{}</th><th>{}</th>", esc(s.metric), esc(s.cost_metric));
    for (std::size_t i = 0; i < s.expectations.size(); ++i) out += fmt::format("<th>[{}]</th>", i + 1);
    out += "</tr>\n";
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      const SweepPointResult& p = s.points[i];
      out += fmt::format("<tr{}>", s.best && *s.best == i ? " class=\"best\"" : "");
      for (const std::string& v : p.values) out += fmt::format("<td class=\"value\">{}</td>", esc(v));
      out += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td>", esc(metric_text(s, p)), esc(cost_text(s, p)));
      for (sim::Status st : p.statuses)
        out += fmt::format("<td><span class=\"badge {}\">{}</span></td>", status_token(st), status_word(st));
      out += "</tr>\n";
    }
    out += "</table>\n</section>\n";
  }
  return out + "</body>\n</html>\n";
}

}  // namespace agentsim::reports
