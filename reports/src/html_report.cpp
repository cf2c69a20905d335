#include "agentsim/reports/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <vector>

#include "agentsim/reports/junit_report.h"
#include "agentsim/reports/terminal_report.h"
#include "agentsim/sim/metrics.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::reports {

namespace {

std::string esc(std::string_view text) { return xml_escape(text); }

std::string_view colour(sim::Status s) {
  switch (s) {
    case sim::Status::Passed: return "#2e7d32";
    case sim::Status::Failed: return "#c62828";
    case sim::Status::Inconclusive: return "#b26a00";
    case sim::Status::ExpectedFailure: return "#5c6bc0";
    case sim::Status::UnexpectedPass: return "#ad1457";
  }
  return "#000000";
}

std::string badge(sim::Status s) {
  return fmt::format("<span class=\"badge {}\">{}</span>", status_token(s), status_word(s));
}

// SVG coordinates: fixed-point with one decimal, the same text on every platform.
std::string px(double v) { return fmt::format("{:.1f}", v); }

// --- Scales and ticks -------------------------------------------------------------------------

struct Linear {
  double d0, d1, r0, r1;
  double operator()(double v) const { return r0 + (v - d0) / (d1 - d0) * (r1 - r0); }
};

// A "nice" tick step (1, 2 or 5 times a power of ten) giving about `target` ticks over `span`.
double nice_step(double span, int target) {
  const double raw = span / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * magnitude;
}

// How a metric's numbers read on an axis: fractions as percentages, seconds with "s".
struct AxisUnit {
  double factor = 1;
  std::string suffix;
};

AxisUnit axis_unit(std::string_view metric) {
  const sim::MetricInfo* info = find_any_metric(metric);
  if (info != nullptr && info->kind == sim::MetricKind::Proportion) return {100.0, "%"};
  if (info != nullptr && info->unit == "s") return {1.0, " s"};
  return {};
}

std::string tick_label(double value, double step, const AxisUnit& unit) {
  if (std::fabs(value) < step * 1e-6) value = 0;  // no "-0.0" from accumulated rounding
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step * unit.factor) + 1e-9)));
  return fmt::format("{:.{}f}{}", value * unit.factor, decimals, unit.suffix);
}

// Ticks and labels along the x axis at y, for the domain of `x`.
std::string x_ticks(const Linear& x, double y, const AxisUnit& unit) {
  const double step = nice_step((x.d1 - x.d0) * unit.factor, 4) / unit.factor;
  std::string out = fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", px(x.r0),
                                px(y), px(x.r1), px(y));
  if (!(step > 0) || !std::isfinite(x.d0) || !std::isfinite(x.d1)) return out;
  for (double t = std::ceil(x.d0 / step - 1e-9) * step; t <= x.d1 + step * 1e-9; t += step) {
    out += fmt::format(
        "<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>"
        "<text x=\"{0}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>",
        px(x(t)), px(y), px(y + 4), px(y + 15), esc(tick_label(t, step, unit)));
  }
  return out;
}

std::string_view anchor_for(double x, double left, double right) {
  if (x - left < 60) return "start";
  if (right - x < 60) return "end";
  return "middle";
}

// --- The chart of one expectation ---------------------------------------------------------------

constexpr double kExpW = 640, kExpH = 76, kExpLeft = 16, kExpRight = 624;

// The x domain of an expectation's chart: its interval, estimate and bound with 10 % room around
// them (not below 0 for non-negative values, not above 100 % for proportions). Non-finite values
// (an unbounded interval end, a bound of infinity) do not stretch it: they are drawn at the edge.
Linear expectation_domain(const sim::ExpectationResult& e) {
  const sim::MetricValue& v = e.value;
  double d0 = std::numeric_limits<double>::infinity();
  double d1 = -d0;
  for (double value : {v.interval.lo, v.interval.hi, v.estimate, e.expectation.bound}) {
    if (!std::isfinite(value)) continue;
    d0 = std::min(d0, value);
    d1 = std::max(d1, value);
  }
  if (d0 > d1) d0 = 0, d1 = 1;  // nothing finite to show
  double span = d1 - d0;
  if (!(span > 0)) span = d1 != 0 ? std::fabs(d1) * 0.2 : 1.0;  // a point: show some room around it
  const bool non_negative = d0 >= 0;
  d0 -= 0.1 * span;
  d1 += 0.1 * span;
  if (non_negative) d0 = std::max(d0, 0.0);
  if (axis_unit(e.expectation.metric).factor == 100.0) d1 = std::min(d1, 1.0);
  if (!(d1 > d0)) d1 = d0 + span;
  return {d0, d1, kExpLeft, kExpRight};
}

// x(v) kept inside the plot: a value beyond the domain (or not finite) is drawn at the edge.
double inside(const Linear& x, double v) {
  if (std::isnan(v)) return x.r0;
  return std::clamp(x(v), x.r0, x.r1);
}

std::string forbidden_side(const sim::ExpectationResult& e, const Linear& x) {
  const double b = inside(x, e.expectation.bound);
  const bool upper =
      e.expectation.op == sim::Comparison::Less || e.expectation.op == sim::Comparison::LessEqual;
  const double from = upper ? b : kExpLeft;
  const double to = upper ? kExpRight : b;
  return fmt::format(
      "<rect class=\"forbidden\" x=\"{}\" y=\"16\" width=\"{}\" height=\"36\"><title>the side "
      "the bound forbids</title></rect>",
      px(from), px(std::max(0.0, to - from)));
}

std::string interval_marks(const sim::ExpectationResult& e, const Linear& x) {
  const sim::MetricValue& v = e.value;
  const std::string c(colour(e.status));
  std::string out;
  if (!v.exact) {
    const double lo = inside(x, v.interval.lo);
    const double hi = inside(x, v.interval.hi);
    out += fmt::format(
        "<rect class=\"interval\" x=\"{}\" y=\"22\" width=\"{}\" height=\"14\" fill=\"{}\" "
        "stroke=\"{}\"/>",
        px(lo), px(std::max(1.0, hi - lo)), c, c);
    if (!std::isfinite(v.interval.hi)) {
      out += fmt::format("<text x=\"{}\" y=\"33\" text-anchor=\"end\">→ ∞</text>", px(kExpRight - 2));
    }
  }
  const double ex = inside(x, v.estimate);
  out += fmt::format("<circle class=\"estimate\" cx=\"{}\" cy=\"29\" r=\"5\" fill=\"{}\"/>", px(ex), c);
  out += fmt::format("<text x=\"{}\" y=\"48\" text-anchor=\"{}\">{}</text>", px(ex),
                     anchor_for(ex, kExpLeft, kExpRight),
                     esc(format_metric_number(e.expectation.metric, v.estimate)));
  return out;
}

std::string bound_marks(const sim::ExpectationResult& e, const Linear& x) {
  const double b = inside(x, e.expectation.bound);
  return fmt::format(
      "<line class=\"bound\" x1=\"{0}\" y1=\"14\" x2=\"{0}\" y2=\"54\"/>"
      "<text x=\"{0}\" y=\"11\" text-anchor=\"{1}\">bound {2} {3}</text>",
      px(b), anchor_for(b, kExpLeft, kExpRight), esc(sim::to_string(e.expectation.op)),
      esc(format_metric_number(e.expectation.metric, e.expectation.bound)));
}

std::string expectation_svg(const std::string& id, const sim::ExpectationResult& e) {
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{}\" class=\"chart expectation {}\" width=\"{}\" "
      "height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\"><title>{}: {} ({})</title>",
      id, status_token(e.status), kExpW, kExpH, kExpW, kExpH, esc(e.expectation.text()),
      esc(format_metric_value(e.expectation.metric, e.value)), status_word(e.status));
  if (!e.value.defined) {
    return out + "<text x=\"16\" y=\"40\">undefined: nothing to measure (e.g. no ghosts)</text></svg>";
  }
  const Linear x = expectation_domain(e);
  out += forbidden_side(e, x);
  out += x_ticks(x, 56, axis_unit(e.expectation.metric));
  out += interval_marks(e, x);
  out += bound_marks(e, x);
  return out + "</svg>";
}

// --- The ghost-duration distribution ------------------------------------------------------------

constexpr double kHistW = 640, kHistH = 240, kHistLeft = 56, kHistRight = 624, kHistTop = 34,
                 kHistBottom = 196;
constexpr int kBinsPerDecade = 5;

std::string seconds(double s) { return format_metric_number("ghost_seconds.p50", s); }  // "41.2 s"

struct LogBins {
  int decade0 = 0;  // the axis runs from 10^decade0 s ...
  int decade1 = 1;  // ... to 10^decade1 s
  std::vector<std::uint64_t> counts;
  double x(double seconds) const {
    const double f = (std::log10(seconds) - decade0) / (decade1 - decade0);
    return kHistLeft + std::clamp(f, 0.0, 1.0) * (kHistRight - kHistLeft);
  }
};

// The histogram's buckets, each counted in the log bin holding its midpoint (the buckets are far
// finer than the bins: < 0.4 % wide relative to their value above 256 us).
LogBins log_bins(const sim::DurationHistogram& h) {
  using H = sim::DurationHistogram;
  LogBins bins;
  const double min_s = std::max<double>(1, static_cast<double>(h.min_us())) / 1e6;
  const double max_s = std::max<double>(1, static_cast<double>(h.max_us())) / 1e6;
  bins.decade0 = static_cast<int>(std::floor(std::log10(min_s)));
  bins.decade1 = std::max(bins.decade0 + 1, static_cast<int>(std::ceil(std::log10(max_s))));
  bins.counts.assign(static_cast<std::size_t>((bins.decade1 - bins.decade0) * kBinsPerDecade), 0);
  const std::size_t last = H::bucket_index(h.max_us());
  for (std::size_t i = H::bucket_index(h.min_us()); i <= last; ++i) {
    const std::uint64_t n = h.count_in_bucket(i);
    if (n == 0) continue;
    const double mid_us = (static_cast<double>(H::bucket_lower_us(i)) + H::bucket_upper_us(i)) / 2;
    const double pos = (std::log10(std::max(0.5, mid_us) / 1e6) - bins.decade0) * kBinsPerDecade;
    const auto bin =
        static_cast<std::size_t>(std::clamp(pos, 0.0, static_cast<double>(bins.counts.size() - 1)));
    bins.counts[bin] += n;
  }
  return bins;
}

std::string decade_label(int decade) {
  if (decade >= 0) return fmt::format("{:.0f}", std::pow(10.0, decade));
  return fmt::format("{:.{}f}", std::pow(10.0, decade), -decade);
}

std::string histogram_axes(const LogBins& bins, std::uint64_t y_max) {
  std::string out = fmt::format(
      "<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>"
      "<line class=\"axis\" x1=\"{0}\" y1=\"{3}\" x2=\"{0}\" y2=\"{1}\"/>",
      px(kHistLeft), px(kHistBottom), px(kHistRight), px(kHistTop));
  for (int d = bins.decade0; d <= bins.decade1; ++d) {
    const double x = bins.x(std::pow(10.0, d));
    out += fmt::format(
        "<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>"
        "<text x=\"{0}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>",
        px(x), px(kHistBottom), px(kHistBottom + 5), px(kHistBottom + 17), decade_label(d));
  }
  const double step = std::max(1.0, nice_step(static_cast<double>(y_max), 4));
  for (double t = 0; t <= static_cast<double>(y_max) + 1e-9; t += step) {
    const double y = kHistBottom - t / static_cast<double>(y_max) * (kHistBottom - kHistTop);
    out += fmt::format(
        "<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>"
        "<text x=\"{3}\" y=\"{4}\" text-anchor=\"end\">{5:.0f}</text>",
        px(kHistLeft - 5), px(y), px(kHistLeft), px(kHistLeft - 8), px(y + 4), t);
  }
  out += fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">ghost duration (seconds, log scale)</text>"
      "<text x=\"14\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">sessions</text>",
      px((kHistLeft + kHistRight) / 2), px(kHistH - 8), px((kHistTop + kHistBottom) / 2),
      px((kHistTop + kHistBottom) / 2));
  return out;
}

std::string quantile_mark(const LogBins& bins, const sim::DurationHistogram& h, double q,
                          std::string_view name) {
  const double s = std::max(1.0, static_cast<double>(h.quantile_us(q))) / 1e6;
  const double x = bins.x(s);
  const double label_y = q < 0.9 ? 12 : 25;  // two rows, so close quantiles do not overprint
  return fmt::format(
      "<line class=\"bound\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>"
      "<text x=\"{0}\" y=\"{3}\" text-anchor=\"{4}\">{5} {6}</text>",
      px(x), px(label_y + 3), px(kHistBottom), px(label_y), anchor_for(x, kHistLeft, kHistRight), name,
      esc(seconds(s)));
}

std::string histogram_svg(const std::string& id, const sim::ScenarioResult& r) {
  const sim::DurationHistogram& h = r.summary.ghost_durations;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{}\" class=\"chart histogram\" width=\"{}\" "
      "height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\"><title>Ghost durations of {}: {} ghost "
      "sessions</title>",
      id, kHistW, kHistH, kHistW, kHistH, esc(r.scenario.name), h.count());
  if (h.count() == 0) {
    constexpr std::string_view kNone =
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">No ghost in {} sessions: "
        "nothing to plot.</text></svg>";
    return out + fmt::format(kNone, px(kHistW / 2), px(kHistH / 2), r.sessions_run);
  }
  const LogBins bins = log_bins(h);
  const std::uint64_t peak = *std::max_element(bins.counts.begin(), bins.counts.end());
  const double y_step = nice_step(static_cast<double>(std::max<std::uint64_t>(peak, 1)), 4);
  const double y_max = std::max(1.0, y_step * std::ceil(static_cast<double>(peak) / y_step));  // a tick
  for (std::size_t i = 0; i < bins.counts.size(); ++i) {
    if (bins.counts[i] == 0) continue;
    const double lo_s = std::pow(10.0, bins.decade0 + static_cast<double>(i) / kBinsPerDecade);
    const double hi_s = std::pow(10.0, bins.decade0 + static_cast<double>(i + 1) / kBinsPerDecade);
    const double height = static_cast<double>(bins.counts[i]) / y_max * (kHistBottom - kHistTop);
    out += fmt::format(
        "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{} to {}: {} "
        "sessions</title></rect>",
        px(bins.x(lo_s) + 1), px(kHistBottom - height), px(bins.x(hi_s) - bins.x(lo_s) - 2), px(height),
        esc(seconds(lo_s)), esc(seconds(hi_s)), bins.counts[i]);
  }
  out += histogram_axes(bins, static_cast<std::uint64_t>(y_max));
  out += quantile_mark(bins, h, 0.5, "p50");
  out += quantile_mark(bins, h, 0.95, "p95");
  return out + "</svg>";
}

// --- The comparison of ghost rates across scenarios ----------------------------------------------

// Width, the right end of the labels and of the plot (the interval's text follows it), row height.
constexpr double kCmpW = 760, kCmpLabel = 250, kCmpPlotRight = 560, kCmpRow = 26, kCmpTop = 12;

std::string short_name(const std::string& name) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if ((static_cast<unsigned char>(name[i]) & 0xC0) == 0x80) continue;
    if (++points > 34) return name.substr(0, i) + "…";
  }
  return name;
}

// One chart comparing `metric` across the scenarios of one kind (single agent or center).
struct Comparison {
  std::string id;
  std::string metric;
  std::string title;
  std::string axis_label;
  bool center = false;  // which scenarios it shows
};

std::string comparison_row(const sim::ScenarioResult& r, const std::string& slug, const Comparison& cmp,
                           const Linear& x, double y) {
  const sim::MetricValue v = scenario_metric(r, cmp.metric);
  const std::string c(colour(r.status()));
  std::string out = fmt::format(
      "<a href=\"#{}\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{}</title>{}</text></a>", slug,
      px(kCmpLabel - 8), px(y + 4), esc(r.scenario.name), esc(short_name(r.scenario.name)));
  if (!v.defined) {
    return out + fmt::format("<text x=\"{}\" y=\"{}\">nothing to measure</text>", px(kCmpLabel), px(y + 4));
  }
  const double lo = inside(x, v.interval.lo);
  const double hi = inside(x, v.interval.hi);
  out += fmt::format(
      "<rect class=\"interval\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\" fill=\"{}\" stroke=\"{}\"/>"
      "<circle class=\"estimate\" cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{}\"/>"
      "<text x=\"{}\" y=\"{}\">{}</text>",
      px(lo), px(y - 6), px(std::max(1.0, hi - lo)), c, c, px(inside(x, v.estimate)), px(y), c, px(hi + 6),
      px(y + 4), esc(format_metric_value(cmp.metric, v)));
  return out;
}

std::string comparison_svg(const sim::SuiteResult& result, const std::vector<std::string>& slugs,
                           const Comparison& cmp) {
  std::vector<std::size_t> shown;
  double hi = 0;
  for (std::size_t i = 0; i < result.scenarios.size(); ++i) {
    const sim::ScenarioResult& r = result.scenarios[i];
    if (r.scenario.center.has_value() != cmp.center) continue;
    shown.push_back(i);
    const sim::MetricValue v = scenario_metric(r, cmp.metric);
    if (!v.defined) continue;
    for (double e : {v.estimate, v.interval.hi}) {
      if (std::isfinite(e)) hi = std::max(hi, e);
    }
  }
  const AxisUnit unit = axis_unit(cmp.metric);
  const bool fraction = unit.factor == 100.0;
  const double floor_hi = fraction ? 0.01 : 1.0;
  const double step = nice_step(std::max(hi, floor_hi) * unit.factor, 5) / unit.factor;
  double d1 = std::max(step, std::ceil(hi / step - 1e-9) * step);
  if (fraction) d1 = std::min(1.0, d1);
  const Linear x{0, d1, kCmpLabel, kCmpPlotRight};
  const double height = kCmpTop + kCmpRow * static_cast<double>(shown.size()) + 44;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{0}\" class=\"chart comparison\" "
      "width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\" role=\"img\">"
      "<title>{3}</title>",
      cmp.id, kCmpW, px(height), esc(cmp.title));
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const std::size_t i = shown[k];
    out += comparison_row(result.scenarios[i], slugs[i], cmp, x, kCmpTop + kCmpRow * (static_cast<double>(k) + 0.5));
  }
  const double axis_y = kCmpTop + kCmpRow * static_cast<double>(shown.size()) + 4;
  out += x_ticks(x, axis_y, unit);
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", px((x.r0 + x.r1) / 2),
                     px(axis_y + 34), esc(cmp.axis_label));
  return out + "</svg>";
}

// --- The charts of a center scenario -----------------------------------------------------------

// Every center metric as a bar from 0 to its estimate with its 95 % interval as a whisker; each row
// on its own scale (the metrics have different units), the value written beside it.
constexpr double kCfW = 760, kCfLabel = 290, kCfPlotLeft = 300, kCfPlotRight = 540, kCfRow = 22, kCfTop = 30;

std::string center_figure_row(const sim::ScenarioResult& r, const sim::MetricInfo& m, double y) {
  const sim::MetricValue v = scenario_metric(r, m.name);
  std::string out = fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{}: {}</title>{}</text>", px(kCfLabel), px(y + 4),
      esc(std::string(m.name)), esc(m.description), esc(center_metric_label(m.name)));
  out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", px(kCfPlotLeft),
                     px(y - 8), px(y + 8));
  if (!v.defined) {
    return out + fmt::format("<text x=\"{}\" y=\"{}\" class=\"muted\">undefined: nothing to measure</text>",
                             px(kCfPlotLeft + 6), px(y + 4));
  }
  double d1 = 0;
  for (double e : {v.estimate, v.interval.hi}) {
    if (std::isfinite(e)) d1 = std::max(d1, e);
  }
  d1 = d1 > 0 ? d1 * 1.1 : 1.0;
  const Linear x{0, d1, kCfPlotLeft, kCfPlotRight};
  const double bar = inside(x, v.estimate);
  out += fmt::format(
      "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\"><title>{}</title></rect>",
      px(kCfPlotLeft), px(y - 6), px(std::max(0.0, bar - kCfPlotLeft)),
      esc(format_metric_value(m.name, v)));
  if (!v.exact) {
    const double lo = inside(x, v.interval.lo);
    const double hi = inside(x, v.interval.hi);
    out += fmt::format(
        "<line class=\"whisker\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\"/>"
        "<line class=\"whisker\" x1=\"{0}\" y1=\"{3}\" x2=\"{0}\" y2=\"{4}\"/>"
        "<line class=\"whisker\" x1=\"{1}\" y1=\"{3}\" x2=\"{1}\" y2=\"{4}\"/>",
        px(lo), px(hi), px(y), px(y - 5), px(y + 5));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", px(kCfPlotRight + 8), px(y + 4),
                     esc(format_metric_value(m.name, v)));
  return out;
}

std::string center_figures_svg(const std::string& id, const sim::ScenarioResult& r) {
  const std::vector<sim::MetricInfo>& all = sim::center_metrics();
  const double height = kCfTop + kCfRow * static_cast<double>(all.size()) + 8;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{0}\" class=\"chart center-figures\" width=\"{1}\" "
      "height=\"{2}\" viewBox=\"0 0 {1} {2}\" role=\"img\"><title>Center figures of {3} over {4} shifts, "
      "95% intervals</title>"
      "<text x=\"{5}\" y=\"14\">estimate (bar) and 95% interval (whisker); each row on its own scale from "
      "0</text>",
      id, kCfW, px(height), esc(r.scenario.name), r.sessions_run, px(kCfPlotLeft));
  for (std::size_t i = 0; i < all.size(); ++i) {
    out += center_figure_row(r, all[i], kCfTop + kCfRow * (static_cast<double>(i) + 0.5));
  }
  return out + "</svg>";
}

// Customer wait against the part of it ghosts added, mean and p95, on one seconds axis.
constexpr double kWaitW = 640, kWaitH = 250, kWaitLeft = 64, kWaitRight = 624, kWaitTop = 30, kWaitBottom = 200;

std::string center_waits_svg(const std::string& id, const sim::ScenarioResult& r) {
  struct Bar {
    const char* metric;
    const char* label;
    const char* cls;
  };
  static constexpr Bar kBars[2][2] = {
      {{"wait_mean_s", "customer wait", "bar"}, {"wait_added_mean_s", "added by ghosts", "bar added"}},
      {{"wait_p95_s", "customer wait", "bar"}, {"wait_added_p95_s", "added by ghosts", "bar added"}}};
  static constexpr const char* kGroups[2] = {"mean", "p95"};
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{0}\" class=\"chart center-waits\" width=\"{1}\" "
      "height=\"{2}\" viewBox=\"0 0 {1} {2}\" role=\"img\"><title>Customer wait and the wait added by "
      "ghosts of {3}: mean and p95 with 95% intervals</title>",
      id, kWaitW, kWaitH, esc(r.scenario.name));
  double top = 0;
  bool any = false;
  for (const auto& group : kBars) {
    for (const Bar& b : group) {
      const sim::MetricValue v = scenario_metric(r, b.metric);
      if (!v.defined) continue;
      any = true;
      for (double e : {v.estimate, v.interval.hi}) {
        if (std::isfinite(e)) top = std::max(top, e);
      }
    }
  }
  if (!any) {
    return out + fmt::format(
                     "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">No customer wait measured: "
                     "nothing to plot.</text></svg>",
                     px(kWaitW / 2), px(kWaitH / 2));
  }
  const double step = nice_step(std::max(top, 0.001), 4);
  const double y_max = std::max(step, std::ceil(top / step - 1e-9) * step);
  const Linear y{0, y_max, kWaitBottom, kWaitTop};
  // Axes and ticks.
  out += fmt::format(
      "<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>"
      "<line class=\"axis\" x1=\"{0}\" y1=\"{3}\" x2=\"{0}\" y2=\"{1}\"/>",
      px(kWaitLeft), px(kWaitBottom), px(kWaitRight), px(kWaitTop));
  for (double t = 0; t <= y_max + step * 1e-9; t += step) {
    out += fmt::format(
        "<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>"
        "<text x=\"{3}\" y=\"{4}\" text-anchor=\"end\">{5}</text>",
        px(kWaitLeft - 5), px(y(t)), px(kWaitLeft), px(kWaitLeft - 8), px(y(t) + 4),
        esc(tick_label(t, step, AxisUnit{1.0, " s"})));
  }
  const double group_w = (kWaitRight - kWaitLeft) / 2;
  constexpr double kBarW = 80;
  for (std::size_t g = 0; g < 2; ++g) {
    const double centre = kWaitLeft + group_w * (static_cast<double>(g) + 0.5);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", px(centre),
                       px(kWaitBottom + 32), kGroups[g]);
    for (std::size_t k = 0; k < 2; ++k) {
      const Bar& b = kBars[g][k];
      const double left = centre + (k == 0 ? -kBarW - 6 : 6);
      const double mid = left + kBarW / 2;
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", px(mid),
                         px(kWaitBottom + 16), b.label);
      const sim::MetricValue v = scenario_metric(r, b.metric);
      if (!v.defined) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">undefined</text>", px(mid),
                           px(kWaitBottom - 6));
        continue;
      }
      const double h = std::clamp(y(0) - y(v.estimate), 0.0, kWaitBottom - kWaitTop);
      out += fmt::format(
          "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{} {}: {}</title></rect>",
          b.cls, px(left), px(kWaitBottom - h), px(kBarW), px(h), b.label, kGroups[g],
          esc(format_metric_value(b.metric, v)));
      const double lo = std::clamp(y(v.interval.lo), kWaitTop, kWaitBottom);
      const double hi = std::isfinite(v.interval.hi) ? std::clamp(y(v.interval.hi), kWaitTop, kWaitBottom)
                                                      : kWaitTop;
      out += fmt::format(
          "<line class=\"whisker\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>"
          "<line class=\"whisker\" x1=\"{3}\" y1=\"{1}\" x2=\"{4}\" y2=\"{1}\"/>"
          "<line class=\"whisker\" x1=\"{3}\" y1=\"{2}\" x2=\"{4}\" y2=\"{2}\"/>"
          "<text x=\"{0}\" y=\"{5}\" text-anchor=\"middle\">{6}</text>",
          px(mid), px(lo), px(hi), px(mid - 8), px(mid + 8), px(std::max(kWaitTop - 4, hi - 6)),
          esc(format_metric_number(b.metric, v.estimate)));
    }
  }
  out += fmt::format(
      "<text x=\"14\" y=\"{0}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {0})\">seconds per "
      "contact</text>",
      px((kWaitTop + kWaitBottom) / 2));
  return out + "</svg>";
}

// --- Page parts ------------------------------------------------------------------------------------

constexpr std::string_view kCss = R"(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0 auto;
       max-width: 1200px; padding: 16px 24px 48px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 0; } .muted { color: #57606a; }
section.scenario { border: 1px solid #d0d7de; border-radius: 6px; padding: 16px; margin: 24px 0; }
table { border-collapse: collapse; margin: 8px 0 12px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.value { white-space: nowrap; font-variant-numeric: tabular-nums; }
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
svg.chart .bar { fill: #0969da; fill-opacity: 0.75; }
svg.chart .bar.added { fill: #c62828; fill-opacity: 0.6; }
svg.chart .whisker { stroke: #1f2328; stroke-width: 1.5; }
svg.chart text.muted { fill: #57606a; }
svg.chart a text { fill: #0969da; }
)";

// The summary tables: single-agent scenarios with their key figures; center scenarios with theirs.
std::string summary_table(const sim::SuiteResult& result, const std::vector<std::string>& slugs) {
  std::string single;
  std::string center;
  for (std::size_t i = 0; i < result.scenarios.size(); ++i) {
    const sim::ScenarioResult& r = result.scenarios[i];
    auto metric = [&](std::string_view name) { return esc(format_metric_value(name, scenario_metric(r, name))); };
    if (!r.scenario.center) {
      single += fmt::format(
          "<tr><td>{}</td><td><a href=\"#{}\">{}</a></td><td>{}</td><td class=\"num\">{}</td>"
          "<td class=\"value\">{}</td><td class=\"value\">{}</td><td class=\"value\">{}</td></tr>\n",
          badge(r.status()), slugs[i], esc(r.scenario.name), esc(r.scenario.session.strategy.label()),
          r.sessions_run, metric("ghost_rate"), metric("missed_per_1000_closes"), metric("spurious_offline_rate"));
      continue;
    }
    center += fmt::format(
        "<tr><td>{}</td><td><a href=\"#{}\">{}</a></td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"value\">{}</td><td class=\"value\">{}</td><td class=\"value\">{}</td>"
        "<td class=\"value\">{}</td><td class=\"value\">{}</td></tr>\n",
        badge(r.status()), slugs[i], esc(r.scenario.name), esc(r.scenario.session.strategy.label()),
        r.sessions_run, metric("ghost_agent_minutes"), metric("contacts_offered_to_ghosts"),
        metric("wait_p95_s"), metric("wait_added_p95_s"), metric("throttled_calls"));
  }
  std::string out;
  if (!single.empty() || center.empty()) {
    out += fmt::format(
               "<table><thead><tr><th>status</th><th>scenario</th><th>strategy</th><th>sessions</th>"
               "<th>ghost rate ({} CI)</th><th>missed / 1000 closes</th><th>spurious Offline rate</th></tr></thead>"
               "<tbody>\n",
               confidence_label(result.report_confidence)) +
           single + "</tbody></table>\n";
  }
  if (!center.empty()) {
    out +=
        "<h2>Center scenarios</h2>\n<table class=\"center\"><thead><tr><th>status</th><th>scenario</th>"
        "<th>strategy</th><th>shifts</th><th>ghost agent-minutes / shift</th><th>contacts offered to ghosts / "
        "shift</th><th>customer wait p95</th><th>wait added by ghosts, p95</th><th>throttled calls / shift</th>"
        "</tr></thead><tbody>\n" +
        center + "</tbody></table>\n";
  }
  return out;
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
      "<table><thead><tr><th>status</th><th>expectation</th><th>measured</th><th>note</th></tr>"
      "</thead><tbody>\n";
  for (const sim::ExpectationResult& e : r.expectations) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"value\">{}</td><td>{}</td></tr>\n",
                       badge(e.status), esc(e.expectation.text()),
                       esc(format_metric_value(e.expectation.metric, e.value)), esc(e.expectation.note));
  }
  return out + "</tbody></table>\n";
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
  std::string out = fmt::format("<details><summary>Every {}metric at {}</summary><table><tbody>\n",
                                r.scenario.center ? "center " : "", confidence_label(r.report_confidence));
  for (const sim::MetricInfo& m : scenario_metrics(r)) {
    out += fmt::format("<tr><td>{}</td><td class=\"value\">{}</td><td class=\"muted\">{}</td></tr>\n", m.name,
                       esc(format_metric_value(m.name, scenario_metric(r, m.name))), esc(m.description));
  }
  out += "</tbody></table></details>\n";
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
  const std::vector<AssumedParameter> assumed = assumed_parameters(r.scenario.session.env);
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
                       expectation_svg(fmt::format("{}-expectation-{}", slug, i + 1), e));
  }
  if (r.scenario.center) {
    out += fmt::format("<h3>Center figures over {} shifts</h3>\n{}\n", r.sessions_run,
                       center_figures_svg(slug + "-center-figures", r));
    out += "<h3>Customer wait and the wait ghosts added</h3>\n" + center_waits_svg(slug + "-center-waits", r) +
           "\n";
  } else {
    out += "<h3>Ghost durations</h3>\n" + histogram_svg(slug + "-ghost-durations", r) + "\n";
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
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", esc(r.scenario),
                         esc(r.metric), esc(format_metric_value(r.metric, before)),
                         esc(format_metric_value(r.metric, r.after)), esc(r.explanation));
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
  if (result.baseline) out += baseline_html(*result.baseline);
  out += summary_table(result, slugs);
  const bool any_center = std::any_of(result.scenarios.begin(), result.scenarios.end(),
                                      [](const sim::ScenarioResult& r) { return r.scenario.center.has_value(); });
  const bool any_single = std::any_of(result.scenarios.begin(), result.scenarios.end(),
                                      [](const sim::ScenarioResult& r) { return !r.scenario.center; });
  const std::string ci = confidence_label(result.report_confidence);
  if (any_single || !any_center) {
    out += "<h2>Ghost rate by scenario</h2>\n" +
           comparison_svg(result, slugs,
                          {"chart-ghost-rate", "ghost_rate",
                           fmt::format("Ghost rate of every scenario with its {} interval", ci),
                           fmt::format("ghost rate ({} interval)", ci), false}) +
           "\n";
  }
  if (any_center) {
    out += "<h2>Ghost agent-minutes per shift by center scenario</h2>\n" +
           comparison_svg(result, slugs,
                          {"chart-center-ghost-minutes", "ghost_agent_minutes",
                           fmt::format("Ghost agent-minutes per shift of every center scenario with its {} interval", ci),
                           fmt::format("ghost agent-minutes per shift ({} interval)", ci), true}) +
           "\n";
  }
  for (std::size_t i = 0; i < result.scenarios.size(); ++i) out += section(result.scenarios[i], slugs[i]);
  return out + "</body>\n</html>\n";
}

}  // namespace agentsim::reports
