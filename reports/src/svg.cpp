#include "svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "agentsim/reports/junit_report.h"
#include "agentsim/reports/terminal_report.h"

namespace agentsim::reports::svg {

std::string num(double v) { return std::isfinite(v) ? fmt::format("{:.1f}", v + 0.0) : "0.0"; }

// --- Scales and ticks -----------------------------------------------------------------------------

double Scale::operator()(double v) const {
  const double span = d1 - d0;
  if (!std::isfinite(r0) || !std::isfinite(r1)) return 0;
  if (std::isnan(v) || !std::isfinite(span) || span == 0) return r0;
  const double f = std::clamp((std::clamp(v, -1e300, 1e300) - d0) / span, 0.0, 1.0);
  return r0 + f * (r1 - r0);
}

double nice_step(double span, int target) {
  if (!(span > 0) || !std::isfinite(span) || target < 1) return 0;
  const double raw = span / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * magnitude;
}

Ticks nice_ticks(double lo, double hi, int target, double min_step) {
  if (!std::isfinite(lo)) lo = std::isfinite(hi) ? hi : 0;
  if (!std::isfinite(hi)) hi = lo;
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) {
    const double room = lo == 0 ? 1.0 : std::fabs(lo) * 0.1;
    lo = lo == 0 ? 0 : lo - room;
    hi = hi + room;
  }
  Ticks t;
  t.step = nice_step(hi - lo, std::max(1, target));
  if (min_step > 0 && t.step < min_step) t.step = min_step;
  if (!(t.step > 0)) {  // a span too small for doubles to step through
    t.step = 0;
    t.values = {lo, hi};
    return t;
  }
  // Tolerances of a millionth of a step, so that 0.30000000000000004 counts as the tick 0.3.
  const double first = std::floor(lo / t.step + 1e-6);
  const double last = std::ceil(hi / t.step - 1e-6);
  for (double k = first; k <= last; ++k) t.values.push_back(k * t.step);
  return t;
}

Scale scale_over(const Ticks& ticks, double r0, double r1) {
  return {ticks.values.front(), ticks.values.back(), r0, r1};
}

std::string tick_label(double value, double step, const Unit& unit) {
  if (step > 0 && std::fabs(value) < step * 1e-6) value = 0;  // no "-0" from rounding
  const double shown = value * unit.factor;
  const double shown_step = step * unit.factor;
  const int decimals =
      shown_step > 0 ? std::clamp(static_cast<int>(-std::floor(std::log10(shown_step) + 1e-9)), 0, 12) : 0;
  if (decimals == 0 && std::fabs(shown) < 9.2e18) {
    const double rounded = std::round(shown);
    const std::string digits = thousands(static_cast<std::uint64_t>(std::fabs(rounded)));
    return (rounded < 0 ? "-" : "") + digits + unit.suffix;
  }
  return fmt::format("{:.{}f}{}", shown + 0.0, decimals, unit.suffix);
}

std::vector<Tick> labelled(const Ticks& ticks, const Unit& unit) {
  std::vector<Tick> out;
  for (double v : ticks.values) out.push_back({v, tick_label(v, ticks.step, unit)});
  return out;
}

std::string x_axis(const Scale& x, double y, const std::vector<Tick>& ticks, double grid_top) {
  std::string out = line(x.r0, y, x.r1, y, "axis");
  for (const Tick& t : ticks) {
    const double at = x(t.at);
    if (grid_top != kNoGrid && grid_top < y) out += line(at, grid_top, at, y, "grid");
    out += line(at, y, at, y + 4, "axis");
    out += text(at, y + 15, t.label, "middle");
  }
  return out;
}

std::string y_axis(const Scale& y, double x, const std::vector<Tick>& ticks, double grid_right) {
  std::string out = line(x, y.r0, x, y.r1, "axis");
  for (const Tick& t : ticks) {
    const double at = y(t.at);
    if (grid_right != kNoGrid && grid_right > x) out += line(x, at, grid_right, at, "grid");
    out += line(x - 4, at, x, at, "axis");
    out += text(x - 7, at + 4, t.label, "end");
  }
  return out;
}

// --- Marks ------------------------------------------------------------------------------------------

namespace {

std::string tooltip_element(std::string_view tooltip) {
  return tooltip.empty() ? std::string() : "<title>" + xml_escape(tooltip) + "</title>";
}

}  // namespace

std::string open(std::string_view id, std::string_view cls, double width, double height,
                 std::string_view title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{0}\" class=\"chart {1}\" width=\"{2}\" "
      "height=\"{3}\" viewBox=\"0 0 {2} {3}\" role=\"img\"><title>{4}</title>",
      xml_escape(id), xml_escape(cls), num(width), num(height), xml_escape(title));
}

std::string text(double x, double y, std::string_view content, std::string_view anchor, std::string_view cls,
                 std::string_view tooltip) {
  return fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\"{}>{}{}</text>", num(x), num(y), anchor,
                     cls.empty() ? std::string() : fmt::format(" class=\"{}\"", cls), tooltip_element(tooltip),
                     xml_escape(content));
}

std::string text_lines(double x, double y, const std::vector<std::string>& lines, double line_height,
                       std::string_view anchor, std::string_view tooltip) {
  std::string out = fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}", num(x), num(y), anchor,
                                tooltip_element(tooltip));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += fmt::format("<tspan x=\"{}\" dy=\"{}\">{}</tspan>", num(x), num(i == 0 ? 0.0 : line_height),
                       xml_escape(lines[i]));
  }
  return out + "</text>";
}

std::string line(double x1, double y1, double x2, double y2, std::string_view cls) {
  return fmt::format("<line class=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", cls, num(x1), num(y1),
                     num(x2), num(y2));
}

std::string rect(double x, double y, double width, double height, std::string_view cls,
                 std::string_view tooltip, std::string_view fill) {
  const std::string fill_attr = fill.empty() ? std::string() : fmt::format(" fill=\"{}\"", fill);
  const std::string attrs =
      fmt::format("class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}", cls, num(x), num(y),
                  num(std::max(0.0, width)), num(std::max(0.0, height)), fill_attr);
  if (tooltip.empty()) return "<rect " + attrs + "/>";
  return "<rect " + attrs + ">" + tooltip_element(tooltip) + "</rect>";
}

std::string hbar(const Scale& x, double base, double value, double y, double height, std::string_view cls,
                 std::string_view tooltip, std::string_view fill) {
  const double a = x(base);
  const double b = x(value);
  return rect(std::min(a, b), y - height / 2, std::fabs(b - a), height, cls, tooltip, fill);
}

std::string vbar(const Scale& y, double base, double value, double x, double width, std::string_view cls,
                 std::string_view tooltip, std::string_view fill) {
  const double a = y(base);
  const double b = y(value);
  return rect(x - width / 2, std::min(a, b), width, std::fabs(b - a), cls, tooltip, fill);
}

namespace {

// An arrow head at the unbounded end of a whisker, pointing along (dx, dy) = (±1, 0) or (0, ±1).
std::string arrow_head(double x, double y, double dx, double dy) {
  const double back_x = x - dx * 6;
  const double back_y = y - dy * 6;
  return fmt::format("<path class=\"whisker-head\" d=\"M{} {}L{} {}L{} {}Z\"/>", num(x), num(y),
                     num(back_x + dy * 4), num(back_y + dx * 4), num(back_x - dy * 4), num(back_y - dx * 4));
}

}  // namespace

std::string hwhisker(const Scale& x, double lo, double hi, double y, double cap) {
  const double a = x(lo);
  const double b = x(hi);
  std::string out = line(a, y, b, y, "whisker");
  if (std::isfinite(lo)) out += line(a, y - cap / 2, a, y + cap / 2, "whisker");
  if (std::isfinite(hi)) {
    out += line(b, y - cap / 2, b, y + cap / 2, "whisker");
  } else {
    out += arrow_head(b, y, 1, 0);
  }
  return out;
}

std::string vwhisker(const Scale& y, double lo, double hi, double x, double cap) {
  const double a = y(lo);
  const double b = y(hi);
  std::string out = line(x, a, x, b, "whisker");
  if (std::isfinite(lo)) out += line(x - cap / 2, a, x + cap / 2, a, "whisker");
  if (std::isfinite(hi)) {
    out += line(x - cap / 2, b, x + cap / 2, b, "whisker");
  } else {
    out += arrow_head(x, b, 0, y.r1 < y.r0 ? -1 : 1);
  }
  return out;
}

// --- Text layout ------------------------------------------------------------------------------------

namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The byte offset after the first `n` code points of `text` (its size when it has fewer).
std::size_t offset_after(std::string_view text, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t points = 0; i < text.size(); ++i) {
    if (continuation(text[i])) continue;
    if (points++ == n) return i;
  }
  return text.size();
}

// The last `n` code points of `text`, starting after a space when one is within reach.
std::string_view tail(std::string_view text, std::size_t n) {
  const std::size_t points = code_points(text);
  if (points <= n) return text;
  std::string_view end = text.substr(offset_after(text, points - n));
  const std::size_t space = end.find(' ');
  if (space != std::string_view::npos && space + 1 < end.size() && code_points(end.substr(space + 1)) * 2 >= n) {
    end = end.substr(space + 1);
  }
  return end;
}

}  // namespace

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return !continuation(c); }));
}

std::vector<std::string> wrap(std::string_view text, std::size_t max_chars, std::size_t max_lines) {
  max_chars = std::max<std::size_t>(max_chars, 4);
  max_lines = std::max<std::size_t>(max_lines, 1);
  std::vector<std::string> lines;
  std::string_view rest = text;
  while (!rest.empty()) {
    if (code_points(rest) <= max_chars) {
      lines.emplace_back(rest);
      break;
    }
    const std::size_t limit = offset_after(rest, max_chars);
    std::size_t cut = rest.rfind(' ', limit);  // the last space that leaves a line within the limit
    const bool at_space = cut != std::string_view::npos && cut > 0;
    if (!at_space) cut = limit;
    lines.emplace_back(rest.substr(0, cut));
    rest = rest.substr(at_space ? cut + 1 : cut);
  }
  if (lines.size() <= max_lines) return lines;
  lines.resize(max_lines - 1);
  lines.push_back("…" + std::string(tail(text, max_chars - 1)));
  return lines;
}

}  // namespace agentsim::reports::svg
