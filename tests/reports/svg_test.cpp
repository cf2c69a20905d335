// The SVG primitives of the HTML report's charts (reports/src/svg.h): nice ticks, the linear scale
// and its degenerate cases, tick labels, whiskers, and text layout.
#include "svg.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace agentsim::reports::svg {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> labels(const Ticks& t, const Unit& unit = {}) {
  std::vector<std::string> out;
  for (const Tick& tick : labelled(t, unit)) out.push_back(tick.label);
  return out;
}

TEST(NiceTicks, CoverZeroToOneInFifths) {
  const Ticks t = nice_ticks(0, 1);
  EXPECT_DOUBLE_EQ(t.step, 0.2);
  EXPECT_EQ(labels(t), (std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
  EXPECT_EQ(labels(t, {100, "%"}), (std::vector<std::string>{"0%", "20%", "40%", "60%", "80%", "100%"}));
}

TEST(NiceTicks, CoverASmallFractionWithTheTickAfterIt) {
  const Ticks t = nice_ticks(0, 0.0037);
  EXPECT_DOUBLE_EQ(t.step, 0.001);
  EXPECT_EQ(labels(t, {100, "%"}), (std::vector<std::string>{"0.0%", "0.1%", "0.2%", "0.3%", "0.4%"}))
      << "0.3 % prints as 0.3 %, not 0.30000000000000004";
  EXPECT_GE(t.values.back(), 0.0037);
}

TEST(NiceTicks, RoundAnAwkwardUpperEndUpToANiceTick) {
  const Ticks t = nice_ticks(0, 97.5);
  EXPECT_DOUBLE_EQ(t.step, 20);
  EXPECT_EQ(labels(t, {1, " s"}), (std::vector<std::string>{"0 s", "20 s", "40 s", "60 s", "80 s", "100 s"}));
}

TEST(NiceTicks, SeparateThousandsOfLargeValues) {
  const Ticks t = nice_ticks(0, 1e6);
  EXPECT_DOUBLE_EQ(t.step, 200000);
  EXPECT_EQ(labels(t), (std::vector<std::string>{"0", "200,000", "400,000", "600,000", "800,000", "1,000,000"}));
}

TEST(NiceTicks, StartAtTheTickBelowTheLowerEnd) {
  const Ticks t = nice_ticks(0.42, 0.47, 4);
  EXPECT_LE(t.values.front(), 0.42);
  EXPECT_GE(t.values.back(), 0.47);
  EXPECT_EQ(labels(t, {100, "%"}).front(), "42%");
}

TEST(NiceTicks, KeepTheMinimumStepOfCounts) {
  const Ticks t = nice_ticks(0, 1, 5, 1);
  EXPECT_DOUBLE_EQ(t.step, 1);
  EXPECT_EQ(labels(t), (std::vector<std::string>{"0", "1"}));
}

TEST(NiceTicks, GiveADegenerateOrNonFiniteRangeASpanOfItsOwn) {
  for (const auto& [lo, hi] : std::vector<std::pair<double, double>>{
           {0, 0}, {5, 5}, {kNaN, kNaN}, {kInf, kInf}, {-kInf, 3}, {2, kInf}}) {
    SCOPED_TRACE(testing::Message() << lo << ".." << hi);
    const Ticks t = nice_ticks(lo, hi);
    ASSERT_GE(t.values.size(), 2u);
    EXPECT_GT(t.step, 0);
    for (double v : t.values) EXPECT_TRUE(std::isfinite(v));
    EXPECT_LT(t.values.front(), t.values.back());
  }
  EXPECT_EQ(labels(nice_ticks(0, 0)).front(), "0.0");
  EXPECT_EQ(labels(nice_ticks(0, 0)).back(), "1.0");
}

TEST(NiceStep, IsOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_DOUBLE_EQ(nice_step(1, 5), 0.2);
  EXPECT_DOUBLE_EQ(nice_step(7, 5), 1);
  EXPECT_DOUBLE_EQ(nice_step(30, 5), 5);
  EXPECT_DOUBLE_EQ(nice_step(0.0037, 5), 0.001);
  EXPECT_EQ(nice_step(0, 5), 0);
  EXPECT_EQ(nice_step(-1, 5), 0);
  EXPECT_EQ(nice_step(kInf, 5), 0);
  EXPECT_EQ(nice_step(kNaN, 5), 0);
}

TEST(Scale, MapsTheDomainsEndsToTheRangesEnds) {
  const Scale x{0, 0.004, 100, 500};
  EXPECT_DOUBLE_EQ(x(0), 100);
  EXPECT_DOUBLE_EQ(x(0.004), 500);
  EXPECT_DOUBLE_EQ(x(0.002), 300);
  const Scale y{0, 100, 200, 30};  // upwards
  EXPECT_DOUBLE_EQ(y(0), 200);
  EXPECT_DOUBLE_EQ(y(100), 30);
  EXPECT_DOUBLE_EQ(y(50), 115);
  const Scale over = scale_over(nice_ticks(0, 97.5), 0, 500);
  EXPECT_DOUBLE_EQ(over(100), 500) << "the last tick is the domain's end";
}

TEST(Scale, ClampsValuesBeyondTheDomainAndNeverReturnsANonFiniteCoordinate) {
  const Scale x{0, 1, 10, 110};
  EXPECT_DOUBLE_EQ(x(2), 110);
  EXPECT_DOUBLE_EQ(x(-1), 10);
  EXPECT_DOUBLE_EQ(x(kInf), 110);
  EXPECT_DOUBLE_EQ(x(-kInf), 10);
  EXPECT_DOUBLE_EQ(x(kNaN), 10);
  EXPECT_DOUBLE_EQ(x(1e308), 110);
}

TEST(Scale, ADegenerateDomainDoesNotDivideByZero) {
  for (const Scale& s : {Scale{3, 3, 10, 110}, Scale{0, kInf, 10, 110}, Scale{kNaN, 1, 10, 110}}) {
    for (double v : {0.0, 3.0, kInf, -kInf, kNaN}) {
      EXPECT_DOUBLE_EQ(s(v), 10);
    }
  }
}

TEST(Num, WritesOneDecimalAndNeverNanOrInf) {
  EXPECT_EQ(num(12.345), "12.3");
  EXPECT_EQ(num(-0.0), "0.0");
  EXPECT_EQ(num(kNaN), "0.0");
  EXPECT_EQ(num(kInf), "0.0");
}

TEST(TickLabel, PrintsNoMinusZero) {
  EXPECT_EQ(tick_label(-1e-17, 0.1, {}), "0.0");
  EXPECT_EQ(tick_label(-1e-17, 1, {}), "0");
}

bool has_non_finite_text(const std::string& svg) {
  return svg.find("nan") != std::string::npos || svg.find("inf") != std::string::npos;
}

TEST(Whisker, HasACapAtEachFiniteEndAndAnArrowAtAnUnboundedOne) {
  const Scale x{0, 10, 0, 100};
  const std::string bounded = hwhisker(x, 2, 4, 50);
  EXPECT_EQ(bounded,
            "<line class=\"whisker\" x1=\"20.0\" y1=\"50.0\" x2=\"40.0\" y2=\"50.0\"/>"
            "<line class=\"whisker\" x1=\"20.0\" y1=\"45.0\" x2=\"20.0\" y2=\"55.0\"/>"
            "<line class=\"whisker\" x1=\"40.0\" y1=\"45.0\" x2=\"40.0\" y2=\"55.0\"/>");
  const std::string unbounded = hwhisker(x, 2, kInf, 50);
  EXPECT_NE(unbounded.find("x2=\"100.0\""), std::string::npos) << "runs to the plot's edge";
  EXPECT_NE(unbounded.find("whisker-head"), std::string::npos);
  EXPECT_FALSE(has_non_finite_text(unbounded));
  EXPECT_FALSE(has_non_finite_text(vwhisker(Scale{0, 10, 200, 0}, -kInf, kNaN, 30)));
}

TEST(Bars, ValuesThatAreNotFiniteAreNotDrawnAsNonFiniteCoordinates) {
  const Scale x{0, 10, 0, 100};
  for (double v : {kNaN, kInf, -kInf}) {
    EXPECT_FALSE(has_non_finite_text(hbar(x, 0, v, 10, 12, "bar")));
    EXPECT_FALSE(has_non_finite_text(vbar(Scale{0, 10, 200, 0}, 0, v, 10, 12, "bar")));
    EXPECT_FALSE(has_non_finite_text(text(v, v, "x")));
  }
  EXPECT_EQ(hbar(x, 0, 5, 10, 12, "bar"), "<rect class=\"bar\" x=\"0.0\" y=\"4.0\" width=\"50.0\" height=\"12.0\"/>");
}

TEST(Axis, HasAMarkAndALabelAtEveryTick) {
  const Ticks t = nice_ticks(0, 1);
  const std::string axis = x_axis(scale_over(t, 0, 500), 80, labelled(t, {100, "%"}));
  for (const char* label : {">0%</text>", ">40%</text>", ">100%</text>"}) {
    EXPECT_NE(axis.find(label), std::string::npos) << label;
  }
  EXPECT_EQ(axis.find("class=\"grid\""), std::string::npos) << "no grid unless asked";
  const std::string gridded = y_axis(scale_over(t, 200, 0), 40, labelled(t, {}), 400);
  EXPECT_NE(gridded.find("class=\"grid\""), std::string::npos);
}

TEST(Text, IsEscaped) {
  EXPECT_EQ(text(1, 2, "a < b & \"c\"", "end", "muted", "t<"),
            "<text x=\"1.0\" y=\"2.0\" text-anchor=\"end\" class=\"muted\"><title>t&lt;</title>"
            "a &lt; b &amp; &quot;c&quot;</text>");
}

TEST(Wrap, BreaksAtSpacesAndKeepsTheEndOfANameTooLongForItsLines) {
  EXPECT_EQ(wrap("short name", 20, 2), (std::vector<std::string>{"short name"}));
  EXPECT_EQ(wrap("sweep retry delay 100 ms attempts 3", 20, 2),
            (std::vector<std::string>{"sweep retry delay", "100 ms attempts 3"}));
  const std::vector<std::string> a = wrap("sweep retry delay 100 ms with jitter full and attempts 3", 20, 2);
  const std::vector<std::string> b = wrap("sweep retry delay 100 ms with jitter full and attempts 4", 20, 2);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_NE(a, b) << "names that differ only at the end stay distinguishable";
  EXPECT_EQ(a[1].rfind("…", 0), 0u) << a[1];
  EXPECT_EQ(a[1].substr(a[1].size() - 10), "attempts 3");
  for (const std::string& line : a) EXPECT_LE(code_points(line), 20u) << line;
  EXPECT_EQ(wrap("abcdefghijkl", 5, 3), (std::vector<std::string>{"abcde", "fghij", "kl"}));
  EXPECT_EQ(code_points("é∞x"), 3u);
}

}  // namespace
}  // namespace agentsim::reports::svg
