#include "agentsim/reports/html_report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

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

TEST(HtmlReport, ComparesTheGhostRateOfEveryScenarioInOneChart) {
  const std::string chart = element(sample_html(), "id=\"chart-ghost-rate\"", "</svg>");
  ASSERT_FALSE(chart.empty());
  EXPECT_EQ(count(chart, "<a href=\"#scenario-"), sample_suite().scenarios.size());
  EXPECT_EQ(count(chart, "<rect class=\"interval\""), sample_suite().scenarios.size());
  EXPECT_NE(chart.find(">80%</text>"), std::string::npos)
      << "an axis in percent up to the largest upper bound";
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
