#include "html_charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "agentsim/reports/terminal_report.h"
#include "agentsim/sim/metrics.h"

namespace agentsim::reports::html {

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

svg::Unit axis_unit(std::string_view metric) {
  const sim::MetricInfo* info = find_any_metric(metric);
  if (info != nullptr && info->kind == sim::MetricKind::Proportion) return {100.0, "%"};
  if (info != nullptr && info->unit == "s") return {1.0, " s"};
  return {};
}

namespace {

bool is_fraction(std::string_view metric) { return axis_unit(metric).factor == 100.0; }

// Counts (exact, whole numbers) get whole-number ticks.
bool is_count(std::string_view metric) {
  const sim::MetricInfo* info = find_any_metric(metric);
  return info != nullptr && info->kind == sim::MetricKind::Count;
}

// A label's anchor, so text near either end of the plot stays inside it.
std::string_view anchor_for(double x, double left, double right) {
  if (x - left < 60) return "start";
  if (right - x < 60) return "end";
  return "middle";
}

// The largest finite value among `values` (`floor` when there is none or all are smaller).
double largest_finite(std::initializer_list<double> values, double floor) {
  double out = floor;
  for (double v : values) {
    if (std::isfinite(v)) out = std::max(out, v);
  }
  return out;
}

// --- The chart of one expectation ---------------------------------------------------------------

constexpr double kExpW = 640, kExpH = 76, kExpLeft = 32, kExpRight = 608;

// The nice ticks around an expectation's interval, estimate and bound with 10 % room (not below 0
// for non-negative values, not above 100 % for proportions). Non-finite values (an unbounded end,
// a bound of infinity) do not stretch them: they are drawn at the edge.
svg::Ticks expectation_ticks(const sim::ExpectationResult& e) {
  const sim::MetricValue& v = e.value;
  double d0 = std::numeric_limits<double>::infinity();
  double d1 = -d0;
  for (double value : {v.interval.lo, v.interval.hi, v.estimate, e.expectation.bound}) {
    if (!std::isfinite(value)) continue;
    d0 = std::min(d0, value);
    d1 = std::max(d1, value);
  }
  if (d0 > d1) d0 = 0, d1 = 1;  // nothing finite to show
  const bool non_negative = d0 >= 0;
  const double span = d1 - d0;
  // 10 % room around a range; around a point, a fifth of its value (or 1 around 0).
  const double room = span > 0 ? 0.1 * span : d1 != 0 ? std::fabs(d1) * 0.2 : 1.0;
  d0 -= room;
  d1 += room;
  if (non_negative) d0 = std::max(d0, 0.0);
  if (is_fraction(e.expectation.metric)) d1 = std::min(d1, 1.0);
  return svg::nice_ticks(d0, d1, 4, is_count(e.expectation.metric) ? 1.0 : 0.0);
}

std::string forbidden_side(const sim::ExpectationResult& e, const svg::Scale& x) {
  const double b = x(e.expectation.bound);
  const bool upper =
      e.expectation.op == sim::Comparison::Less || e.expectation.op == sim::Comparison::LessEqual;
  const double from = upper ? b : kExpLeft;
  const double to = upper ? kExpRight : b;
  return svg::rect(from, 16, to - from, 36, "forbidden", "the side the bound forbids");
}

std::string interval_marks(const sim::ExpectationResult& e, const svg::Scale& x) {
  const sim::MetricValue& v = e.value;
  const std::string c(colour(e.status));
  std::string out;
  if (!v.exact) {
    const double lo = x(v.interval.lo);
    const double hi = x(v.interval.hi);
    out += fmt::format(
        "<rect class=\"interval\" x=\"{}\" y=\"22\" width=\"{}\" height=\"14\" fill=\"{}\" stroke=\"{}\"/>",
        svg::num(lo), svg::num(std::max(1.0, hi - lo)), c, c);
    if (!std::isfinite(v.interval.hi)) out += svg::text(kExpRight - 2, 33, "→ ∞", "end");
  }
  const double ex = x(v.estimate);
  out += fmt::format("<circle class=\"estimate\" cx=\"{}\" cy=\"29\" r=\"5\" fill=\"{}\"/>", svg::num(ex), c);
  out += svg::text(ex, 48, format_metric_number(e.expectation.metric, v.estimate),
                   anchor_for(ex, kExpLeft, kExpRight));
  return out;
}

std::string bound_marks(const sim::ExpectationResult& e, const svg::Scale& x) {
  const double b = x(e.expectation.bound);
  return svg::line(b, 14, b, 54, "bound") +
         svg::text(b, 11,
                   fmt::format("bound {} {}", sim::to_string(e.expectation.op),
                               format_metric_number(e.expectation.metric, e.expectation.bound)),
                   anchor_for(b, kExpLeft, kExpRight));
}

}  // namespace

std::string expectation_svg(const std::string& id, const sim::ExpectationResult& e) {
  std::string out = svg::open(id, fmt::format("expectation {}", status_token(e.status)), kExpW, kExpH,
                              fmt::format("{}: {} ({})", e.expectation.text(),
                                          format_metric_value(e.expectation.metric, e.value),
                                          status_word(e.status)));
  if (!e.value.defined) {
    return out + svg::text(16, 40, "undefined: nothing to measure (e.g. no ghosts)") + "</svg>";
  }
  const svg::Ticks ticks = expectation_ticks(e);
  const svg::Scale x = svg::scale_over(ticks, kExpLeft, kExpRight);
  out += forbidden_side(e, x);
  out += svg::x_axis(x, 56, svg::labelled(ticks, axis_unit(e.expectation.metric)));
  out += interval_marks(e, x);
  out += bound_marks(e, x);
  return out + "</svg>";
}

// --- The ghost-duration distribution ------------------------------------------------------------

namespace {

constexpr double kHistW = 640, kHistH = 240, kHistLeft = 56, kHistRight = 604, kHistTop = 34,
                 kHistBottom = 196;
constexpr int kBinsPerDecade = 5;

std::string seconds(double s) { return format_metric_number("ghost_seconds.p50", s); }  // "41.2 s"

// The re-binned histogram: bins of 1/kBinsPerDecade decade from 10^decade0 s to 10^decade1 s; the
// x scale's domain is log10 of seconds.
struct LogBins {
  int decade0 = 0;
  int decade1 = 1;
  std::vector<std::uint64_t> counts;
  svg::Scale x() const { return {double(decade0), double(decade1), kHistLeft, kHistRight}; }
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
  if (decade >= 0) return svg::tick_label(std::pow(10.0, decade), 1, {});
  return fmt::format("{:.{}f}", std::pow(10.0, decade), -decade);
}

std::string histogram_axes(const LogBins& bins, const svg::Scale& y, const svg::Ticks& y_ticks) {
  std::vector<svg::Tick> decades;
  for (int d = bins.decade0; d <= bins.decade1; ++d) decades.push_back({double(d), decade_label(d)});
  std::string out = svg::y_axis(y, kHistLeft, svg::labelled(y_ticks, {}), kHistRight);
  out += svg::x_axis(bins.x(), kHistBottom, decades);
  out += svg::text((kHistLeft + kHistRight) / 2, kHistH - 8, "ghost duration (seconds, log scale)", "middle");
  out += fmt::format(
      "<text x=\"14\" y=\"{0}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {0})\">sessions</text>",
      svg::num((kHistTop + kHistBottom) / 2));
  return out;
}

std::string quantile_mark(const LogBins& bins, const sim::DurationHistogram& h, double q,
                          std::string_view name) {
  const double s = std::max(1.0, static_cast<double>(h.quantile_us(q))) / 1e6;
  const double x = bins.x()(std::log10(s));
  const double label_y = q < 0.9 ? 12 : 25;  // two rows, so close quantiles do not overprint
  return svg::line(x, label_y + 3, x, kHistBottom, "bound") +
         svg::text(x, label_y, fmt::format("{} {}", name, seconds(s)), anchor_for(x, kHistLeft, kHistRight));
}

}  // namespace

std::string histogram_svg(const std::string& id, const sim::ScenarioResult& r) {
  const sim::DurationHistogram& h = r.summary.ghost_durations;
  std::string out = svg::open(id, "histogram", kHistW, kHistH,
                              fmt::format("Ghost durations of {}: {} ghost sessions", r.scenario.name, h.count()));
  if (h.count() == 0) {
    return out +
           svg::text(kHistW / 2, kHistH / 2, fmt::format("No ghost in {} sessions: nothing to plot.", r.sessions_run),
                     "middle") +
           "</svg>";
  }
  const LogBins bins = log_bins(h);
  const std::uint64_t peak = *std::max_element(bins.counts.begin(), bins.counts.end());
  const svg::Ticks y_ticks = svg::nice_ticks(0, static_cast<double>(std::max<std::uint64_t>(peak, 1)), 4, 1);
  const svg::Scale y = svg::scale_over(y_ticks, kHistBottom, kHistTop);
  out += histogram_axes(bins, y, y_ticks);
  const svg::Scale x = bins.x();
  for (std::size_t i = 0; i < bins.counts.size(); ++i) {
    if (bins.counts[i] == 0) continue;
    const double lo = bins.decade0 + static_cast<double>(i) / kBinsPerDecade;
    const double hi = bins.decade0 + static_cast<double>(i + 1) / kBinsPerDecade;
    const double top = y(static_cast<double>(bins.counts[i]));
    out += svg::rect(x(lo) + 1, top, x(hi) - x(lo) - 2, kHistBottom - top, "bar",
                     fmt::format("{} to {}: {} sessions", seconds(std::pow(10.0, lo)), seconds(std::pow(10.0, hi)),
                                 bins.counts[i]));
  }
  out += quantile_mark(bins, h, 0.5, "p50");
  out += quantile_mark(bins, h, 0.95, "p95");
  return out + "</svg>";
}

// --- Horizontal bar charts -----------------------------------------------------------------------

namespace {

// What a character of the charts' 11 px text takes on average, for laying out columns (generous:
// digits and most letters of system-ui are narrower).
constexpr double kCharW = 6.2;
constexpr double kBarsTop = 10, kRowH = 24, kLineH = 13, kMaxLabelW = 330;

struct BarsLayout {
  double label_right = 0;  // labels end here (right-aligned)
  double plot_left = 0;
  double plot_right = 0;
  std::size_t label_chars = 0;  // per line
};

BarsLayout bars_layout(const BarChart& chart) {
  std::size_t label = 8;
  std::size_t value = 8;
  for (const BarRow& row : chart.rows) {
    label = std::max(label, svg::code_points(row.label));
    value = std::max(value, svg::code_points(row.value_text));
  }
  BarsLayout l;
  const double label_w = std::min(kMaxLabelW, static_cast<double>(label) * kCharW);
  l.label_chars = static_cast<std::size_t>(label_w / kCharW);
  l.label_right = 8 + label_w;
  l.plot_left = l.label_right + 10;
  l.plot_right = chart.width - 16 - (chart.value_column ? std::min(260.0, static_cast<double>(value) * kCharW) : 0.0);
  return l;
}

// The axis' ticks: from 0 (or below, for a negative value) to the largest finite estimate or upper
// end, nice; 0–1 % for proportions that are all 0, 0–1 otherwise.
svg::Ticks bars_ticks(const BarChart& chart) {
  double lo = 0;
  double hi = 0;
  for (const BarRow& row : chart.rows) {
    if (!row.value.defined) continue;
    hi = largest_finite({row.value.estimate, row.value.interval.hi}, hi);
    for (double v : {row.value.estimate, row.value.interval.lo}) {
      if (std::isfinite(v)) lo = std::min(lo, v);
    }
  }
  if (!(hi > lo)) hi = lo + (is_fraction(chart.metric) ? 0.01 : 1.0);
  return svg::nice_ticks(lo, hi, 5);
}

std::string bar_row(const BarRow& row, const BarsLayout& l, const svg::Scale& x, double y,
                    const std::vector<std::string>& lines, bool value_column) {
  const double first_line = y + 4 - kLineH * static_cast<double>(lines.size() - 1) / 2;
  std::string out = svg::text_lines(l.label_right, first_line, lines, kLineH, "end", row.tooltip);
  if (!row.href.empty()) out = fmt::format("<a href=\"{}\">{}</a>", row.href, out);
  if (!row.value.defined) {
    return out + svg::text(l.plot_left + 6, y + 4, "undefined: nothing to measure", "start", "muted");
  }
  out += svg::hbar(x, 0, row.value.estimate, y, 12, "bar", row.value_text, row.fill);
  if (!row.value.exact) out += svg::hwhisker(x, row.value.interval.lo, row.value.interval.hi, y);
  if (!value_column) return out;
  return out + svg::text(l.plot_right + 12, y + 4, row.value_text, "start", "value");
}

}  // namespace

std::string bar_chart_svg(const BarChart& chart) {
  const BarsLayout l = bars_layout(chart);
  std::vector<std::vector<std::string>> labels;
  const double plot_top = kBarsTop + (chart.caption.empty() ? 0.0 : 20.0);
  double height = plot_top;
  for (const BarRow& row : chart.rows) {
    labels.push_back(svg::wrap(row.label, l.label_chars, 2));
    height += kRowH + kLineH * static_cast<double>(labels.back().size() - 1);
  }
  const double axis_y = height + 4;
  const svg::Ticks ticks = bars_ticks(chart);
  const svg::Scale x = svg::scale_over(ticks, l.plot_left, l.plot_right);
  std::string out = svg::open(chart.id, "bars " + chart.cls, chart.width, axis_y + 40, chart.title);
  if (!chart.caption.empty()) out += svg::text(8, kBarsTop + 6, chart.caption, "start", "caption");
  out += svg::x_axis(x, axis_y, svg::labelled(ticks, axis_unit(chart.metric)), plot_top - 4);
  double top = plot_top;
  for (std::size_t i = 0; i < chart.rows.size(); ++i) {
    const double row_h = kRowH + kLineH * static_cast<double>(labels[i].size() - 1);
    out += bar_row(chart.rows[i], l, x, top + row_h / 2, labels[i], chart.value_column);
    top += row_h;
  }
  out += svg::text((l.plot_left + l.plot_right) / 2, axis_y + 32, chart.axis_label, "middle");
  return out + "</svg>";
}

// --- The customer waits of a center scenario --------------------------------------------------------

namespace {

constexpr double kWaitW = 540, kWaitH = 250, kWaitLeft = 64, kWaitRight = 524, kWaitTop = 36, kWaitBottom = 200;
constexpr double kWaitBarW = 80;

struct WaitBar {
  const char* metric;
  const char* label;
  const char* cls;
};
constexpr WaitBar kWaitBars[2][2] = {
    {{"wait_mean_s", "customer wait", "bar"}, {"wait_added_mean_s", "added by ghosts", "bar added"}},
    {{"wait_p95_s", "customer wait", "bar"}, {"wait_added_p95_s", "added by ghosts", "bar added"}}};
constexpr const char* kWaitGroups[2] = {"mean", "p95"};

std::string wait_bar(const sim::ScenarioResult& r, const WaitBar& b, const char* group, const svg::Scale& y,
                     double mid) {
  std::string out = svg::text(mid, kWaitBottom + 16, b.label, "middle");
  const sim::MetricValue v = scenario_metric(r, b.metric);
  if (!v.defined) return out + svg::text(mid, kWaitBottom - 6, "undefined", "middle");
  out += svg::vbar(y, 0, v.estimate, mid, kWaitBarW, b.cls,
                   fmt::format("{} {}: {}", b.label, group, format_metric_value(b.metric, v)));
  out += svg::vwhisker(y, v.interval.lo, v.interval.hi, mid);
  const double above = std::min(y(v.estimate), y(v.interval.hi));
  out += svg::text(mid, std::max(kWaitTop - 4, above - 6), format_metric_number(b.metric, v.estimate), "middle");
  return out;
}

}  // namespace

std::string center_waits_svg(const std::string& id, const sim::ScenarioResult& r) {
  std::string out =
      svg::open(id, "center-waits", kWaitW, kWaitH,
                fmt::format("Customer wait and the wait added by ghosts of {}: mean and p95 with {} intervals",
                            r.scenario.name, confidence_label(r.report_confidence)));
  out += svg::text(8, 16, "seconds per contact: customer wait and the part ghosts added", "start", "caption");
  double top = 0;
  bool any = false;
  for (const auto& group : kWaitBars) {
    for (const WaitBar& b : group) {
      const sim::MetricValue v = scenario_metric(r, b.metric);
      if (!v.defined) continue;
      any = true;
      top = largest_finite({v.estimate, v.interval.hi}, top);
    }
  }
  if (!any) {
    return out + svg::text(kWaitW / 2, kWaitH / 2, "No customer wait measured: nothing to plot.", "middle") +
           "</svg>";
  }
  const svg::Ticks ticks = svg::nice_ticks(0, std::max(top, 0.001), 4);
  const svg::Scale y = svg::scale_over(ticks, kWaitBottom, kWaitTop);
  out += svg::y_axis(y, kWaitLeft, svg::labelled(ticks, {1.0, " s"}), kWaitRight);
  out += svg::line(kWaitLeft, kWaitBottom, kWaitRight, kWaitBottom, "axis");
  const double group_w = (kWaitRight - kWaitLeft) / 2;
  for (std::size_t g = 0; g < 2; ++g) {
    const double centre = kWaitLeft + group_w * (static_cast<double>(g) + 0.5);
    out += svg::text(centre, kWaitBottom + 32, kWaitGroups[g], "middle");
    for (std::size_t k = 0; k < 2; ++k) {
      const double mid = centre + (k == 0 ? -kWaitBarW / 2 - 6 : kWaitBarW / 2 + 6);
      out += wait_bar(r, kWaitBars[g][k], kWaitGroups[g], y, mid);
    }
  }
  out += fmt::format(
      "<text x=\"14\" y=\"{0}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {0})\">seconds — whisker: "
      "{1} interval</text>",
      svg::num((kWaitTop + kWaitBottom) / 2), confidence_label(r.report_confidence));
  return out + "</svg>";
}

}  // namespace agentsim::reports::html
