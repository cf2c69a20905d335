// Private to reports/: the few pieces the HTML report's SVG charts are drawn with — a linear
// scale with "nice" ticks, axes with tick labels, bars, whiskers (intervals) with caps, and
// escaped text — so every chart measures, ticks, labels and writes numbers the same way.
//
// Every function returns SVG markup as text. Coordinates are written with one decimal
// (svg::num), the same text on every platform, and are always finite: a value that is NaN or
// infinite never reaches an attribute (Scale clamps it), so no chart says "nan" or "inf".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace agentsim::reports::svg {

// "12.5": a coordinate with one decimal; "0.0" for a value that is not finite.
std::string num(double v);

// --- Scales and ticks -----------------------------------------------------------------------------

// A linear map from the domain [d0, d1] to the range [r0, r1] in pixels (r1 < r0 for a y axis,
// which grows upwards). The result is always a finite coordinate inside the range: a value beyond
// the domain, or infinite, is clamped to the nearer end; NaN maps to r0; a degenerate domain
// (d0 == d1, or an end that is not finite) maps everything to r0 rather than divide by zero.
struct Scale {
  double d0 = 0;
  double d1 = 1;
  double r0 = 0;
  double r1 = 1;
  double operator()(double v) const;
};

// The step of "nice" ticks: 1, 2 or 5 times a power of ten, giving about `target` intervals over
// `span`. 0 when `span` is not positive and finite (or `target` < 1).
double nice_step(double span, int target);

// Nice ticks covering [lo, hi]: multiples of nice_step(hi - lo, target) — at least `min_step` (1
// for counts) — from the largest one <= lo to the smallest one >= hi, so the first and the last
// tick enclose the data. Computed as multiples (k * step), not by accumulation, so 0.3 prints as
// 0.3. A degenerate range (lo == hi, or non-finite ends) gets a span of its own: [0, 1] from 0, or
// ±10 % around the value.
struct Ticks {
  double step = 0;
  std::vector<double> values;  // increasing; never empty
};
Ticks nice_ticks(double lo, double hi, int target = 5, double min_step = 0);

// A scale whose domain is the first to the last of `ticks`, onto [r0, r1].
Scale scale_over(const Ticks& ticks, double r0, double r1);

// How numbers read on an axis: `factor` times the value, then `suffix` — fractions as
// percentages {100, "%"}, seconds {1, " s"}.
struct Unit {
  double factor = 1;
  std::string suffix;
};

// A tick's label: value * factor with as many decimals as `step` needs (0.001 at factor 100 is
// "0.1%"), thousands separated when it has no decimals ("1,000,000"); never "-0".
std::string tick_label(double value, double step, const Unit& unit);

// A tick: where it is (in the scale's domain) and what it says.
struct Tick {
  double at = 0;
  std::string label;
};
std::vector<Tick> labelled(const Ticks& ticks, const Unit& unit);

// No grid lines (the default of x_axis and y_axis).
inline constexpr double kNoGrid = -1e300;

// A horizontal axis at `y` along the range of `x`: the axis line, a 4 px mark below each tick and
// its label centred under it; with `grid_top` (>= 0, above `y`), a light grid line (class "grid")
// from each tick up to it.
std::string x_axis(const Scale& x, double y, const std::vector<Tick>& ticks, double grid_top = kNoGrid);
// A vertical axis at `x` along the range of `y`: the line, a mark left of each tick, its label
// right-aligned before it; with `grid_right` (right of `x`), a light grid line from each tick to it.
std::string y_axis(const Scale& y, double x, const std::vector<Tick>& ticks, double grid_right = kNoGrid);

// --- Marks ------------------------------------------------------------------------------------------

// <svg ...> opening a chart (class "chart <cls>", width and height in px, a viewBox of the same)
// with its accessible <title>. Close it with "</svg>".
std::string open(std::string_view id, std::string_view cls, double width, double height,
                 std::string_view title);

// Text at (x, y), escaped; `anchor` is "start", "middle" or "end"; a non-empty `cls` sets its
// class and a non-empty `tooltip` adds a <title>.
std::string text(double x, double y, std::string_view content, std::string_view anchor = "start",
                 std::string_view cls = {}, std::string_view tooltip = {});

// Lines of text (e.g. from wrap()) starting at (x, y), one below the other `line_height` apart.
std::string text_lines(double x, double y, const std::vector<std::string>& lines, double line_height,
                       std::string_view anchor = "start", std::string_view tooltip = {});

std::string line(double x1, double y1, double x2, double y2, std::string_view cls);

// A rectangle; a negative width or height is drawn as 0. `fill` (a colour) may be empty.
std::string rect(double x, double y, double width, double height, std::string_view cls,
                 std::string_view tooltip = {}, std::string_view fill = {});

// A horizontal bar from `base` to `value` on `x`, `height` px tall, centred on `y`.
std::string hbar(const Scale& x, double base, double value, double y, double height, std::string_view cls,
                 std::string_view tooltip = {}, std::string_view fill = {});
// A vertical bar from `base` to `value` on `y`, `width` px wide, centred on `x`.
std::string vbar(const Scale& y, double base, double value, double x, double width, std::string_view cls,
                 std::string_view tooltip = {}, std::string_view fill = {});

// An interval [lo, hi] as a whisker (class "whisker"): a line across it on `x` at height `y`, and a
// cap `cap` px tall at each finite end. An infinite end runs to the edge of the plot with no cap
// (and an arrow head, so it reads as unbounded).
std::string hwhisker(const Scale& x, double lo, double hi, double y, double cap = 10);
// The same upright, on `y`, at `x`.
std::string vwhisker(const Scale& y, double lo, double hi, double x, double cap = 16);

// --- Text layout ------------------------------------------------------------------------------------

// `text` in lines of at most `max_chars` code points, broken at spaces (a longer word is cut). When
// it needs more than `max_lines` lines, the last line keeps the END of the text after an ellipsis
// ("…attempts 4"), so names that differ only at the end stay distinguishable.
std::vector<std::string> wrap(std::string_view text, std::size_t max_chars, std::size_t max_lines);

// The number of code points of UTF-8 `text` (continuation bytes not counted).
std::size_t code_points(std::string_view text);

}  // namespace agentsim::reports::svg
