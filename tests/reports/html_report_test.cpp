#include "agentsim/reports/html_report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "agentsim/reports/terminal_report.h"
#include "report_test_support.h"

namespace agentsim::reports {
namespace {

using testing::sample_suite;
using testing::xml_problem;

const std::string& sample_html() {
  static const std::string html = render_html(sample_suite());
  return html;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The text of the element that starts with `opening` and ends with the first `closing` after it.
std::string element(const std::string& html, const std::string& opening, const std::string& closing) {
  const std::size_t begin = html.find(opening);
  if (begin == std::string::npos) return {};
  const std::size_t end = html.find(closing, begin);
  return end == std::string::npos ? std::string() : html.substr(begin, end + closing.size() - begin);
}

// The widths of a chart's bars (<rect class="bar" ... width="W">), in order.
std::vector<double> bar_widths(const std::string& chart) {
  std::vector<double> out;
  for (std::size_t at = chart.find("<rect class=\"bar\""); at != std::string::npos;
       at = chart.find("<rect class=\"bar\"", at + 1)) {
    const std::size_t w = chart.find("width=\"", at) + 7;
    out.push_back(std::stod(chart.substr(w, chart.find('"', w) - w)));
  }
  return out;
}

// All bars of `chart` on one scale from 0: each bar's width is its estimate times the same factor
// (to the 0.1 px the coordinates are written with).
void expect_one_scale(const std::string& chart, const std::vector<double>& estimates) {
  const std::vector<double> widths = bar_widths(chart);
  ASSERT_EQ(widths.size(), estimates.size()) << chart;
  const auto largest = std::max_element(estimates.begin(), estimates.end()) - estimates.begin();
  ASSERT_GT(estimates[largest], 0);
  const double px_per_unit = widths[largest] / estimates[largest];
  for (std::size_t i = 0; i < widths.size(); ++i) {
    EXPECT_NEAR(widths[i], estimates[i] * px_per_unit, 0.1) << "bar " << i;
  }
}

std::string section_of(const std::string& slug) {
  return element(sample_html(), "<section class=\"scenario\" id=\"" + slug + "\">", "</section>");
}

TEST(HtmlReport, IsOneHtml5PageWrittenAsWellFormedXml) {
  const std::string& html = sample_html();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n", 0), 0u);
  EXPECT_EQ(xml_problem(html), "") << "the checker skips the doctype and checks every element is closed";
  EXPECT_EQ(count(html, "<svg"), count(html, "</svg>"));
  EXPECT_NE(html.find("<body data-scenarios=\"4\">"), std::string::npos);
}

TEST(HtmlReport, LoadsNothingFromAnywhere) {
  const std::string& html = sample_html();
  const std::size_t namespaces = count(html, "xmlns=\"http://www.w3.org/2000/svg\"");
  EXPECT_EQ(count(html, "http://"), namespaces) << "only the SVG namespace name, which is never fetched";
  EXPECT_EQ(count(html, "https://"), 0u);
  for (const char* tag : {"<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url("}) {
    EXPECT_EQ(html.find(tag), std::string::npos) << tag;
  }
  EXPECT_NE(html.find("content=\"default-src 'none'; style-src 'unsafe-inline'\""), std::string::npos)
      << "a Content-Security-Policy that forbids every load";
}

TEST(HtmlReport, GivesEveryScenarioASectionWithItsIdAndCharts) {
  for (const sim::ScenarioResult& r : sample_suite().scenarios) {
    const std::string slug = scenario_slug(r.scenario.name);
    const std::string section = section_of(slug);
    ASSERT_FALSE(section.empty()) << slug;
    EXPECT_GE(count(section, "<svg"), 1u) << slug;
    EXPECT_EQ(count(section, "<svg"), count(section, "</svg>")) << slug;
    EXPECT_NE(section.find("id=\"" + slug + "-ghost-durations\""), std::string::npos) << slug;
    for (std::size_t i = 1; i <= r.expectations.size(); ++i) {
      EXPECT_NE(section.find(fmt::format("id=\"{}-expectation-{}\"", slug, i)), std::string::npos)
          << slug << i;
    }
    EXPECT_NE(sample_html().find("<a href=\"#" + slug + "\">"), std::string::npos)
        << "linked from the summary";
  }
}

TEST(HtmlReport, ColoursEachExpectationChartByItsStatus) {
  const std::string inconclusive = element(sample_html(),
                                           "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                           "id=\"scenario-beforeunload-setstate-aws-advice-expectation-3\"",
                                           "</svg>");
  ASSERT_FALSE(inconclusive.empty());
  EXPECT_NE(inconclusive.find("class=\"chart expectation inconclusive\""), std::string::npos);
  EXPECT_NE(inconclusive.find("fill=\"#b26a00\""), std::string::npos)
      << "the interval bar in the status colour";
  EXPECT_NE(inconclusive.find("<line class=\"bound\""), std::string::npos) << "the bound as a vertical line";
  EXPECT_NE(inconclusive.find("<circle class=\"estimate\""), std::string::npos);
  EXPECT_NE(inconclusive.find("<rect class=\"interval\""), std::string::npos);
}

TEST(HtmlReport, DrawsAnUnboundedIntervalToTheEdgeWithAnInfinitySign) {
  const std::string chart =
      element(sample_html(), "id=\"scenario-backend-keepalive-quotes-pipes-expectation-3\"", "</svg>");
  ASSERT_FALSE(chart.empty());
  EXPECT_NE(chart.find("→ ∞"), std::string::npos) << chart;
}

TEST(HtmlReport, TheGhostDurationBarsAddUpToTheGhostSessions) {
  for (const sim::ScenarioResult& r : sample_suite().scenarios) {
    const std::string chart =
        element(sample_html(), "id=\"" + scenario_slug(r.scenario.name) + "-ghost-durations\"", "</svg>");
    std::uint64_t total = 0;
    for (std::size_t at = chart.find("<rect class=\"bar\""); at != std::string::npos;
         at = chart.find("<rect class=\"bar\"", at + 1)) {
      const std::size_t end = chart.find(" sessions</title>", at);
      const std::size_t colon = chart.rfind(": ", end);
      total += std::stoull(chart.substr(colon + 2, end - colon - 2));
    }
    EXPECT_EQ(total, r.summary.ghost_sessions) << r.scenario.name;
    if (r.summary.ghost_sessions > 0) {
      EXPECT_NE(chart.find("ghost duration (seconds, log scale)"), std::string::npos);
      EXPECT_NE(chart.find(">sessions</text>"), std::string::npos);
      EXPECT_NE(chart.find(">p95 "), std::string::npos);
    } else {
      EXPECT_NE(chart.find("No ghost in 2000 sessions: nothing to plot."), std::string::npos) << chart;
    }
  }
}

TEST(HtmlReport, ComparesTheGhostRateOfEveryScenarioInOneChartOnOneScale) {
  const std::string chart = element(sample_html(), "id=\"chart-ghost-rate\"", "</svg>");
  ASSERT_FALSE(chart.empty());
  EXPECT_EQ(count(chart, "<a href=\"#scenario-"), sample_suite().scenarios.size());
  EXPECT_NE(chart.find(">80%</text>"), std::string::npos)
      << "an axis in percent up to the largest upper bound";
  std::vector<double> estimates;
  for (const sim::ScenarioResult& r : sample_suite().scenarios) {
    estimates.push_back(scenario_metric(r, "ghost_rate").estimate);
  }
  expect_one_scale(chart, estimates);
  EXPECT_EQ(count(chart, "<line class=\"whisker\""), 3 * estimates.size()) << "each interval with two caps";
}

TEST(HtmlReport, TellsLongScenarioNamesThatDifferOnlyAtTheEndApart) {
  sim::SuiteResult sweep;
  sweep.scenarios = {sample_suite().scenarios[0], sample_suite().scenarios[0], sample_suite().scenarios[0],
                     sample_suite().scenarios[0]};
  const std::string tail =
      " with a much longer name than any label column of any chart has room for on two lines, jitter full";
  const std::vector<std::string> names = {"sweep retry delay 100 ms attempts 3", "sweep retry delay 100 ms attempts 4",
                                          "sweep retry delay 100 ms" + tail + " attempts 3",
                                          "sweep retry delay 100 ms" + tail + " attempts 4"};
  for (std::size_t i = 0; i < names.size(); ++i) sweep.scenarios[i].scenario.name = names[i];
  const std::string html = render_html(sweep);
  const std::string chart = element(html, "id=\"chart-ghost-rate\"", "</svg>");
  std::set<std::string> shown;
  for (std::size_t at = chart.find("<text x="); at != std::string::npos; at = chart.find("<text x=", at + 1)) {
    const std::string label = element(chart.substr(at), "<text", "</text>");
    if (label.find("<tspan") == std::string::npos) continue;  // tick and value texts
    std::string visible;
    for (std::size_t t = label.find("<tspan"); t != std::string::npos; t = label.find("<tspan", t + 1)) {
      const std::size_t begin = label.find('>', t) + 1;
      visible += label.substr(begin, label.find("</tspan>", begin) - begin) + "|";
    }
    shown.insert(visible);
    EXPECT_NE(label.find("<title>sweep retry delay 100 ms"), std::string::npos) << "the full name as a tooltip";
  }
  EXPECT_EQ(shown.size(), names.size()) << "four different labels: no two names look alike";
  for (const std::string& name : names) {
    EXPECT_NE(chart.find("<title>" + name + " (PASS)</title>"), std::string::npos) << name;
  }
  EXPECT_NE(chart.find("sweep retry delay 100 ms attempts 3</tspan>"), std::string::npos) << "short names whole";
  EXPECT_NE(chart.find("…"), std::string::npos) << "a long name cut in its middle, its end kept";
}

TEST(HtmlReport, ListsTheExpectationsNotMetFirstWithWhyTheyFailed) {
  const std::string& html = sample_html();
  const std::string not_met = element(html, "<section id=\"not-met\">", "</section>");
  ASSERT_FALSE(not_met.empty());
  EXPECT_LT(html.find("<section id=\"not-met\">"), html.find("<h2>Scenarios</h2>")) << "before the details";
  std::size_t bad = 0;
  std::size_t expected = 0;
  for (const sim::ScenarioResult& r : sample_suite().scenarios) {
    for (const sim::ExpectationResult& e : r.expectations) {
      bad += sim::is_ok(e.status) ? 0 : 1;
      expected += e.status == sim::Status::ExpectedFailure ? 1 : 0;
    }
  }
  EXPECT_NE(not_met.find(fmt::format("<h2>{} expectations not met</h2>", bad)), std::string::npos) << not_met;
  const std::string table = element(not_met, "<table class=\"not-met\">", "</table>");
  EXPECT_EQ(count(table, "<tr><td><span class=\"badge"), bad);
  EXPECT_EQ(count(table, "badge passed"), 0u);
  EXPECT_EQ(count(table, "badge expected_failure"), 0u);
  const std::string folded = element(not_met, "<table class=\"expected-failures\">", "</table>");
  EXPECT_EQ(count(folded, "badge expected_failure"), expected);
  // A failure says what the terminal says: the interval against the bound, the note, where.
  EXPECT_NE(table.find("the 95% interval lies wholly on the forbidden side of the bound &lt;= 1<br/>"
                       "<span class=\"muted\">note: contacts still ring on ghosts</span><br/>"
                       "<span class=\"muted\">at suites/sample.yaml:21</span>"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("passed although expected to fail: we thought this would fail<br/>"), std::string::npos);
  EXPECT_NE(table.find("straddles the bound"), std::string::npos) << "the inconclusive one";
}

TEST(HtmlReport, FillsTheWhyOfEveryExpectationEvenWithoutANote) {
  for (const sim::ScenarioResult& r : sample_suite().scenarios) {
    const std::string table =
        element(section_of(scenario_slug(r.scenario.name)), "<table class=\"expectations\">", "</table>");
    ASSERT_EQ(count(table, "<td class=\"why\">"), r.expectations.size()) << r.scenario.name;
    EXPECT_EQ(count(table, "<td class=\"why\"></td>"), 0u) << r.scenario.name;
  }
  const std::string v2 = section_of(scenario_slug(sample_suite().scenarios[3].scenario.name));
  EXPECT_NE(v2.find("<td class=\"why\">undefined: nothing to measure"), std::string::npos)
      << "ghost_seconds.p95 <= 10 with no ghost and no note";
  const std::string none = section_of(scenario_slug(sample_suite().scenarios[0].scenario.name));
  EXPECT_NE(none.find("<td class=\"why\">failed as expected: CCPv1 does nothing on close: most closes leave a "
                      "ghost<br/>"),
            std::string::npos);
  EXPECT_NE(none.find("<td class=\"why\">the exact value 0 is on the allowed side of the bound &lt;= 0</td>"),
            std::string::npos);
}

TEST(HtmlReport, GivesEachSingleAgentScenarioItsClosesByKind) {
  for (const sim::ScenarioResult& r : sample_suite().scenarios) {
    const std::string slug = scenario_slug(r.scenario.name);
    const std::string table = element(section_of(slug), "<table class=\"close-kinds\"", "</table>");
    ASSERT_FALSE(table.empty()) << slug;
    const std::vector<CloseKindRow> kinds = close_kind_breakdown(r);
    EXPECT_EQ(count(table, "<tr><td>"), kinds.size()) << "one row per kind that occurred";
    std::uint64_t closes = 0;
    for (const sim::CloseKindInfo& k : sim::close_kinds()) {
      const auto i = static_cast<std::size_t>(k.kind);
      const std::uint64_t n = r.summary.closes_by_kind[i];
      closes += n;
      const std::string row = fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
                                          k.name, thousands(n), thousands(r.summary.ghosts_by_kind[i]));
      EXPECT_EQ(table.find(row) != std::string::npos, n > 0) << slug << " " << k.name;
    }
    EXPECT_EQ(closes, r.summary.sessions);
    EXPECT_NE(table.find("<th>ghost rate (95% CI)</th>"), std::string::npos);
    const std::string chart = element(section_of(slug), "id=\"" + slug + "-close-kinds-chart\"", "</svg>");
    EXPECT_EQ(chart.empty(), kinds.size() < 2) << "a chart when there are kinds to compare";
    if (!chart.empty()) {
      std::vector<double> rates;
      for (const CloseKindRow& k : kinds) rates.push_back(k.ghost_rate.estimate);
      expect_one_scale(chart, rates);
    }
  }
  EXPECT_GE(close_kind_breakdown(sample_suite().scenarios[0]).size(), 5u) << "drawn close kinds: several";
  EXPECT_EQ(close_kind_breakdown(sample_suite().scenarios[2]).size(), 1u) << "tab_close only";
}

TEST(HtmlReport, LabelsEveryIntervalAtTheReportsConfidence) {
  sim::SuiteResult at99 = sample_suite();
  at99.report_confidence = 0.99;
  for (sim::ScenarioResult& r : at99.scenarios) r.report_confidence = 0.99;
  std::string html = render_html(at99);
  // The verdicts keep their expectations' confidence (95 %): their text says "@95%" and their
  // reason "the 95% interval". Nothing else may say 95 %.
  for (std::size_t at = html.find("<td class=\"why\">"); at != std::string::npos;
       at = html.find("<td class=\"why\">", at)) {
    html.erase(at, html.find("</td>", at) - at);
    at += 1;
  }
  for (const char* label : {"95% CI", "95% interval", "95% intervals", "at 95%"}) {
    EXPECT_EQ(html.find(label), std::string::npos) << label;
  }
  for (const char* label : {"each estimate with its 99% interval below it", "ghost rate (99% CI)",
                            "whisker: 99% interval", "Every metric at 99%"}) {
    EXPECT_NE(html.find(label), std::string::npos) << label;
  }
}

TEST(HtmlReport, EscapesEveryTextFromScenarioFiles) {
  const std::string& html = sample_html();
  EXPECT_NE(html.find("backend &lt;keepalive&gt; &amp; &quot;quotes&quot; | &apos;pipes&apos;"),
            std::string::npos);
  EXPECT_NE(html.find("note with &lt;b&gt;markup&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<keepalive>"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find('\x01'), std::string::npos);
  EXPECT_EQ(html.find('\xff'), std::string::npos);
}

TEST(ScenarioSlug, IsLowerCaseAlphanumericRunsJoinedByDashes) {
  EXPECT_EQ(scenario_slug("beforeunload_setstate (AWS advice)"), "scenario-beforeunload-setstate-aws-advice");
  EXPECT_EQ(scenario_slug("  --Tab Close!! v2--"), "scenario-tab-close-v2");
  EXPECT_EQ(scenario_slug("é∞"), "scenario-scenario");
  EXPECT_EQ(scenario_slug(""), "scenario-scenario");
}

TEST(HtmlReport, MakesTheIdsOfScenariosWithTheSameSlugUnique) {
  sim::SuiteResult twins;
  twins.scenarios = {sample_suite().scenarios[3], sample_suite().scenarios[3], sample_suite().scenarios[3]};
  twins.scenarios[1].scenario.name = "ccp_v2 logout button-2";
  const std::string html = render_html(twins);
  EXPECT_EQ(count(html, "<section class=\"scenario\" id=\"scenario-ccp-v2-logout-button\">"), 1u);
  EXPECT_EQ(count(html, "<section class=\"scenario\" id=\"scenario-ccp-v2-logout-button-2\">"), 1u);
  EXPECT_EQ(count(html, "<section class=\"scenario\" id=\"scenario-ccp-v2-logout-button-3\">"), 1u);
  EXPECT_EQ(xml_problem(html), "");
}

TEST(HtmlReport, IsIdenticalForIdenticalResults) {
  EXPECT_EQ(sample_html(), render_html(testing::sample_suite_rerun()));
}

}  // namespace
}  // namespace agentsim::reports
