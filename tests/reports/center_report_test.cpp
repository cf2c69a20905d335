// Center scenarios (sim/center.h) in every report: their spec, shifts and center figures with
// intervals, the strategy by its label, and never the single-agent figures of their empty Summary.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "agentsim/reports/baseline.h"
#include "agentsim/reports/html_report.h"
#include "agentsim/reports/json_report.h"
#include "agentsim/reports/junit_report.h"
#include "agentsim/reports/markdown_report.h"
#include "agentsim/reports/terminal_report.h"
#include "report_test_support.h"

namespace agentsim::reports {
namespace {

using Json = nlohmann::ordered_json;
using testing::center_only_suite;
using testing::center_suite;

const sim::ScenarioResult& uniform() { return center_suite().scenarios[1]; }
const sim::ScenarioResult& burst() { return center_suite().scenarios[2]; }
const sim::ScenarioResult& heartbeat() { return center_suite().scenarios[0]; }

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The text from the first `from` to the next `to` after it (to the end when there is none).
std::string between(const std::string& text, const std::string& from, const std::string& to) {
  const std::size_t begin = text.find(from);
  if (begin == std::string::npos) return {};
  const std::size_t end = text.find(to, begin + from.size());
  return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

std::string figure(const sim::ScenarioResult& r, std::string_view metric) {
  return format_metric_value(metric, sim::evaluate_center_metric(*r.center, metric, 0.95));
}

std::string read_doc(const std::string& relative) {
  std::ifstream in(std::string(AGENTSIM_SOURCE_DIR) + "/" + relative);
  std::ostringstream doc;
  doc << in.rdbuf();
  return doc.str();
}

TEST(CenterSample, RunsTwoShiftsOfEachCenterWithTheVerdictsTheTestsRelyOn) {
  ASSERT_TRUE(uniform().center.has_value());
  EXPECT_EQ(uniform().center->shifts, 2u);
  EXPECT_EQ(uniform().sessions_run, 2u);
  EXPECT_EQ(uniform().summary.sessions, 0u) << "a center scenario leaves the single-agent Summary empty";
  EXPECT_GT(uniform().center->contacts_arrived, 0u);
  EXPECT_EQ(uniform().expectations[0].status, sim::Status::Passed);
  EXPECT_EQ(uniform().expectations[2].status, sim::Status::Failed);
  EXPECT_EQ(burst().expectations[0].status, sim::Status::ExpectedFailure);
  EXPECT_EQ(uniform().scenario.session.strategy.label(),
            "beforeunload_setstate + heartbeat_sweeper + missed_contact=set_offline");
}

// --- Terminal -------------------------------------------------------------------------------------

TEST(TerminalReport, ACenterScenarioShowsItsSpecShiftsAndEveryCenterFigureWithItsInterval) {
  const std::string out = render_terminal(center_suite(), false, false);
  const std::string block = between(out, "center uniform —", "center burst <&> —");
  ASSERT_FALSE(block.empty()) << out;
  EXPECT_NE(block.find("center uniform — 2 shifts in 1 sampling round, seed 11"), std::string::npos) << block;
  EXPECT_NE(block.find("center: 5 agents, 10 min shift, 2 contacts/min, closes uniform over the shift, "
                       "10 min after the shift"),
            std::string::npos)
      << block;
  EXPECT_NE(block.find("center figures at 95% over 2 shifts:"), std::string::npos) << block;
  for (const sim::MetricInfo& m : sim::center_metrics()) {
    const std::string label(center_metric_label(m.name));
    EXPECT_NE(label, m.name) << "every center metric has a label for people";
    const std::string line = between(block, label, "\n");
    EXPECT_NE(line.find(figure(uniform(), m.name)), std::string::npos) << label << ": " << line;
  }
  const std::string burst_block = between(out, "center burst <&> —", "single none");
  EXPECT_NE(burst_block.find("5 agents + 2 incoming at the burst"), std::string::npos) << burst_block;
  EXPECT_NE(burst_block.find("burst of closes at the end of the shift over 30 s"), std::string::npos)
      << burst_block;
}

TEST(TerminalReport, ACenterScenarioPrintsNoSingleAgentFigureEvenWhenVerbose) {
  const std::string out = render_terminal(center_suite(), false, true);
  const std::string block = between(out, "center uniform —", "center burst <&> —");
  ASSERT_FALSE(block.empty());
  // ghost_rate and spurious_offline_rate are metrics of both kinds (per close): not in this list.
  for (const char* single : {"ghost_at_horizon_rate", "missed_per_1000_closes", "ghost_seconds", "sessions in",
                             "api_calls_per_close", "API traffic over"}) {
    EXPECT_EQ(block.find(single), std::string::npos) << single << " in\n" << block;
  }
  for (const sim::MetricInfo& m : sim::center_metrics()) {
    EXPECT_NE(block.find("  " + std::string(m.name) + "  "), std::string::npos) << m.name;
  }
  EXPECT_NE(block.find("center agents = 5"), std::string::npos) << block;
  EXPECT_NE(block.find("totals over 2 shifts: "), std::string::npos) << block;
}

TEST(TerminalReport, NamesTheStrategyByItsLabelAndShowsTheServerSideSettingsThatDifferFromItsDefaults) {
  const std::string out = render_terminal(center_suite(), false, false);
  EXPECT_NE(out.find("strategy beforeunload_setstate + heartbeat_sweeper + missed_contact=set_offline, "
                     "profile ccp_v1"),
            std::string::npos);
  const std::string server = between(between(out, "center uniform —", "center burst <&> —"), "server side: ", "\n");
  EXPECT_NE(server.find("server=heartbeat_sweeper"), std::string::npos) << server;
  EXPECT_NE(server.find("missed_contact=set_offline"), std::string::npos) << server;
  // Left at the strategy's default: only -v lists it (a 400-character line on every scenario said
  // nothing a reader could act on).
  EXPECT_EQ(server.find("silence_timeout_ms"), std::string::npos) << server;
  EXPECT_NE(render_terminal(center_suite(), false, true).find("strategy silence_timeout_ms = 90000"), std::string::npos);
  EXPECT_EQ(between(out, "single none —", "Totals").find("server side"), std::string::npos)
      << "no server side, no line";
}

TEST(TerminalReport, VerboseGivesASingleAgentScenariosHeartbeatsAndSweeperCounters) {
  const sim::Summary& s = heartbeat().summary;
  ASSERT_GT(s.heartbeats_sent, 0u);
  const std::string out = render_terminal(center_suite(), false, true);
  const std::string traffic = between(between(out, "single heartbeat —", "center uniform"), "API traffic", "\n");
  EXPECT_NE(traffic.find(fmt::format("over {} sessions", s.sessions)), std::string::npos) << traffic;
  EXPECT_NE(traffic.find("heartbeats sent "), std::string::npos) << traffic;
  EXPECT_EQ(traffic.find("setState sent"), std::string::npos) << "zero counters are left out: " << traffic;
}

// --- JSON -----------------------------------------------------------------------------------------

const Json& center_json() {
  static const Json doc = Json::parse(render_json(center_suite()));
  return doc;
}

TEST(JsonReport, ACenterScenarioHasACenterObjectWithSpecShiftsCountersAndEveryCenterMetric) {
  const Json& s = center_json().at("scenarios").at(2);
  ASSERT_TRUE(s.at("center").is_object()) << s.dump();
  const Json& c = s.at("center");
  EXPECT_EQ(c.at("spec"), (Json{{"agents", 5},
                                {"incoming_agents", 2},
                                {"shift_ms", 600000.0},
                                {"contact_rate_per_min", 2.0},
                                {"close_pattern", "burst"},
                                {"burst_at_ms", -1.0},
                                {"burst_start_ms", 600000.0},
                                {"burst_spread_ms", 30000.0},
                                {"after_shift_ms", 600000.0},
                                {"warmup_ms", 0.0}}));
  EXPECT_EQ(c.at("shifts"), 2);
  EXPECT_EQ(s.at("sessions_run"), 2);
  const sim::CenterSummary& summary = *burst().center;
  EXPECT_EQ(c.at("counters").at("contacts_arrived"), summary.contacts_arrived);
  EXPECT_EQ(c.at("counters").at("ghost_agents"), summary.ghost_agents);
  EXPECT_EQ(c.at("counters").at("agents"), summary.agents);
  ASSERT_EQ(c.at("metrics").size(), sim::center_metrics().size());
  for (const sim::MetricInfo& m : sim::center_metrics()) {
    const Json& j = c.at("metrics").at(std::string(m.name));
    const sim::MetricValue v = sim::evaluate_center_metric(summary, m.name, 0.95);
    EXPECT_EQ(j.at("defined"), v.defined) << m.name;
    EXPECT_EQ(j.at("exact"), v.exact) << m.name;
    EXPECT_EQ(j.at("estimate"), v.estimate) << m.name;
    EXPECT_EQ(j.at("lo"), v.interval.lo) << m.name;
    EXPECT_EQ(j.at("unit"), m.unit) << m.name;
    EXPECT_EQ(j.at("better"), "lower") << m.name;
  }
}

TEST(JsonReport, ACenterScenariosMetricsAreTheCenterMetricsAndItsSingleAgentFieldsAreEmpty) {
  const Json& s = center_json().at("scenarios").at(1);
  EXPECT_EQ(s.at("metrics"), s.at("center").at("metrics"));
  EXPECT_FALSE(s.at("metrics").contains("ghost_seconds.p50")) << "no ghost duration of an empty Summary";
  EXPECT_FALSE(s.at("metrics").contains("missed_per_1000_closes"));
  for (const Json& e : s.at("expectations")) {
    EXPECT_TRUE(s.at("metrics").contains(e.at("metric").get<std::string>())) << e.dump();
  }
  EXPECT_TRUE(s.at("ghost_duration_histogram").empty());
  EXPECT_EQ(s.at("counters").at("sessions"), 0);
  EXPECT_EQ(s.at("strategy").at("kind"), "beforeunload_setstate");
  EXPECT_EQ(s.at("strategy").at("label"), "beforeunload_setstate + heartbeat_sweeper + missed_contact=set_offline");
  EXPECT_EQ(s.at("strategy").at("parameters").at("server"), "heartbeat_sweeper");
  EXPECT_EQ(s.at("expectations")[2].at("status"), "failed");
}

TEST(JsonReport, ASingleAgentScenarioHasANullCenterAndTheServerSideCounters) {
  const Json& s = center_json().at("scenarios").at(0);
  EXPECT_TRUE(s.at("center").is_null());
  EXPECT_TRUE(s.at("metrics").contains("ghost_rate"));
  EXPECT_EQ(s.at("counters").at("heartbeats_sent"), heartbeat().summary.heartbeats_sent);
  EXPECT_EQ(s.at("counters").at("sweeper_detections"), heartbeat().summary.sweeper_detections);
  EXPECT_EQ(s.at("counters").at("dismiss_sent"), heartbeat().summary.dismiss_sent);
  EXPECT_EQ(s.at("strategy").at("label"), "heartbeat_sweeper");
}

// Field names of the document, as in json_report_test.cpp: keys that are data (metric names,
// parameter names, close kinds, status tokens) are not field names.
void collect_field_names(const Json& j, std::set<std::string>& out) {
  static const std::set<std::string> keyed_by_data = {"metrics",        "parameters", "values", "closes_by_kind",
                                                      "ghosts_by_kind", "scenarios_by_status", "expectations_by_status"};
  if (j.is_array()) {
    for (const Json& e : j) collect_field_names(e, out);
    return;
  }
  if (!j.is_object()) return;
  for (const auto& item : j.items()) {
    out.insert(item.key());
    if (keyed_by_data.count(item.key()) == 0) {
      collect_field_names(item.value(), out);
      continue;
    }
    for (const auto& inner : item.value().items()) collect_field_names(inner.value(), out);
  }
}

TEST(JsonReport, ACenterReportValidatesAgainstTheSchemaDocument) {
  const std::string doc = read_doc("docs/report-schema.md");
  ASSERT_FALSE(doc.empty());
  std::set<std::string> fields;
  collect_field_names(center_json(), fields);
  for (const std::string& f : fields) {
    EXPECT_NE(doc.find("`" + f + "`"), std::string::npos) << "undocumented field: " << f;
  }
  // The document names every center metric, and says the addition kept the schema version.
  for (const sim::MetricInfo& m : sim::center_metrics()) {
    EXPECT_NE(doc.find("`" + std::string(m.name) + "`"), std::string::npos) << m.name;
  }
  EXPECT_NE(doc.find("### `center`"), std::string::npos);
  EXPECT_NE(doc.find("the schema version did not change"), std::string::npos);
  EXPECT_EQ(center_json().at("schema"), "agentsim-report/1");
  // Types as documented: center is an object or null; spec numbers are numbers; counters integers.
  for (const Json& s : center_json().at("scenarios")) {
    const Json& c = s.at("center");
    ASSERT_TRUE(c.is_null() || c.is_object());
    if (c.is_null()) continue;
    EXPECT_TRUE(c.at("spec").at("close_pattern").is_string());
    for (const char* n : {"shift_ms", "contact_rate_per_min", "burst_at_ms", "burst_start_ms", "burst_spread_ms",
                          "after_shift_ms", "warmup_ms"}) {
      EXPECT_TRUE(c.at("spec").at(n).is_number()) << n;
    }
    for (const auto& item : c.at("counters").items()) {
      EXPECT_TRUE(item.value().is_number_unsigned()) << item.key();
    }
    for (const auto& item : c.at("metrics").items()) {
      for (const char* k : {"estimate", "lo", "hi", "exact", "defined", "unit", "better"}) {
        EXPECT_TRUE(item.value().contains(k)) << item.key() << "." << k;
      }
    }
  }
}

TEST(JsonReport, ACenterReportIsByteIdenticalForIdenticalResults) {
  EXPECT_EQ(render_json(center_suite()), render_json(testing::make_center_suite()));
}

// --- JUnit ----------------------------------------------------------------------------------------

TEST(JunitReport, ACenterScenarioCarriesItsSpecShiftsAndFiguresAsProperties) {
  const std::string xml = render_junit(center_suite());
  EXPECT_EQ(testing::xml_problem(xml), "");
  const std::string suite = between(xml, "<testsuite name=\"center uniform\"", "</testsuite>");
  ASSERT_FALSE(suite.empty()) << xml;
  EXPECT_NE(suite.find("<property name=\"strategy\" value=\"beforeunload_setstate + heartbeat_sweeper + "
                       "missed_contact=set_offline\"/>"),
            std::string::npos)
      << suite;
  EXPECT_NE(suite.find("<property name=\"strategy_settings\" value=\"server=heartbeat_sweeper, "),
            std::string::npos)
      << suite;
  EXPECT_NE(suite.find("<property name=\"center\" value=\"5 agents, 10 min shift"), std::string::npos) << suite;
  EXPECT_NE(suite.find("<property name=\"shifts_run\" value=\"2\"/>"), std::string::npos);
  for (const sim::MetricInfo& m : sim::center_metrics()) {
    EXPECT_NE(suite.find(fmt::format("<property name=\"center.{}\" value=\"{}\"/>", m.name,
                                     xml_escape(figure(uniform(), m.name)))),
              std::string::npos)
        << m.name;
  }
  EXPECT_NE(suite.find("shifts: 2 in 1 sampling round(s), seed 11"), std::string::npos)
      << "the failure counts shifts";
  EXPECT_EQ(suite.find("missed_per_1000_closes"), std::string::npos);
}

// --- Markdown -------------------------------------------------------------------------------------

TEST(MarkdownReport, CenterScenariosHaveTheirOwnTablesWithTheirFiguresAndNoGhostRate) {
  const std::string md = render_markdown(center_suite());
  const std::string center = between(md, "### Center scenarios", "###");
  ASSERT_FALSE(center.empty()) << md;
  const std::string row = between(center, "| ✅ PASS | center burst &lt;&amp;&gt; |", "\n");
  ASSERT_FALSE(row.empty()) << center;
  EXPECT_NE(row.find("| none | 5 agents + 2 incoming at the burst"), std::string::npos) << row;
  for (const char* m : {"ghost_agent_minutes", "contacts_offered_to_ghosts", "wait_mean_s", "wait_p95_s",
                        "wait_added_mean_s", "wait_added_p95_s"}) {
    EXPECT_NE(row.find(markdown_cell(figure(burst(), m))), std::string::npos) << m << ": " << row;
  }
  const std::string rest = between(center, "\n| center burst &lt;&amp;&gt; |", "\n\n");
  for (const char* m : {"throttled_calls", "api_calls", "spurious_offline_minutes", "time_to_clear_last_ghost_s",
                        "ghosts_at_end", "contacts_unserved", "bucket_violations", "unaccepted_events"}) {
    EXPECT_NE(rest.find(markdown_cell(figure(burst(), m))), std::string::npos) << m << ": " << rest;
  }
  // The single-agent table lists the single-agent scenarios only.
  const std::string single = between(md, "| status | scenario | strategy | sessions |", "\n\n");
  EXPECT_NE(single.find("single none"), std::string::npos);
  EXPECT_NE(single.find("| heartbeat\\_sweeper |"), std::string::npos) << single;
  EXPECT_EQ(single.find("center"), std::string::npos) << single;
  EXPECT_NE(center.find("beforeunload\\_setstate + heartbeat\\_sweeper + missed\\_contact=set\\_offline"),
            std::string::npos)
      << center;
}

TEST(MarkdownReport, EveryRowOfTheCenterTablesHasAsManyCellsAsItsHeader) {
  std::istringstream in(render_markdown(center_suite()));
  std::size_t header = 0;
  std::size_t rows = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] != '|') {
      header = 0;
      continue;
    }
    std::size_t cells = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') {
        ++i;
        continue;
      }
      cells += line[i] == '|' ? 1 : 0;
    }
    if (header == 0) {
      header = cells;
      continue;
    }
    EXPECT_EQ(cells, header) << line;
    ++rows;
  }
  EXPECT_GE(rows, 2u + 2u + 2u + 2u) << "single-agent rows, two center tables, the not-passed table";
}

TEST(MarkdownReport, ASuiteOfCenterScenariosAloneHasNoSingleAgentTable) {
  const std::string md = render_markdown(center_only_suite());
  EXPECT_EQ(md.find("ghost rate (95% CI)"), std::string::npos) << md;
  EXPECT_NE(md.find("### Center scenarios"), std::string::npos);
}

// --- HTML -----------------------------------------------------------------------------------------

const std::string& center_html() {
  static const std::string html = render_html(center_suite());
  return html;
}

// All bars of `chart` (<rect class="bar" ... width="W">) on one scale from 0: each width is its
// estimate times the same factor, to the 0.1 px the coordinates are written with.
void expect_bars_on_one_scale(const std::string& chart, const std::vector<double>& estimates) {
  std::vector<double> widths;
  for (std::size_t at = chart.find("<rect class=\"bar\""); at != std::string::npos;
       at = chart.find("<rect class=\"bar\"", at + 1)) {
    const std::size_t w = chart.find("width=\"", at) + 7;
    widths.push_back(std::stod(chart.substr(w, chart.find('"', w) - w)));
  }
  ASSERT_EQ(widths.size(), estimates.size()) << chart;
  const auto largest = std::max_element(estimates.begin(), estimates.end()) - estimates.begin();
  if (estimates[largest] <= 0) return;  // all zero: nothing to compare
  const double px_per_unit = widths[largest] / estimates[largest];
  EXPECT_GT(px_per_unit, 0);
  for (std::size_t i = 0; i < widths.size(); ++i) EXPECT_NEAR(widths[i], estimates[i] * px_per_unit, 0.1) << i;
}

std::string section_of(const std::string& html, const std::string& slug) {
  return between(html, "<section class=\"scenario\" id=\"" + slug + "\">", "</section>");
}

TEST(HtmlReport, ACenterReportIsWellFormedWithEverySvgClosed) {
  for (const sim::SuiteResult* suite : {&center_suite(), &center_only_suite()}) {
    const std::string html = render_html(*suite);
    EXPECT_EQ(testing::xml_problem(html), "");
    EXPECT_EQ(count(html, "<svg"), count(html, "</svg>"));
    EXPECT_EQ(count(html, "<svg"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
    EXPECT_EQ(html.find("NaN"), std::string::npos);
    EXPECT_EQ(html.find("=\"inf"), std::string::npos) << "no non-finite coordinate";
    EXPECT_EQ(html.find("=\"-inf"), std::string::npos) << "no non-finite coordinate";
    EXPECT_NE(html.find(fmt::format("<body data-scenarios=\"{}\">", suite->scenarios.size())), std::string::npos);
  }
}

TEST(HtmlReport, ACenterScenarioSectionHasItsSpecFiguresAndChartsButNoGhostDurations) {
  for (const sim::ScenarioResult* r : {&uniform(), &burst()}) {
    const std::string slug = scenario_slug(r->scenario.name);
    const std::string section = section_of(center_html(), slug);
    ASSERT_FALSE(section.empty()) << slug;
    EXPECT_EQ(section.find(slug + "-ghost-durations"), std::string::npos) << slug;
    EXPECT_NE(section.find("<dt>shifts</dt><dd>2 in 1 sampling round"), std::string::npos) << slug;
    EXPECT_NE(section.find("<dt>center</dt><dd>5 agents"), std::string::npos) << slug;
    EXPECT_NE(section.find(xml_escape(r->scenario.session.strategy.label())), std::string::npos) << slug;
    // Every center metric in the figures table, by label, with its value, under its unit's group.
    const std::string figures =
        between(section, "<table class=\"figures\" id=\"" + slug + "-center-figures\">", "</table>");
    ASSERT_FALSE(figures.empty()) << slug;
    EXPECT_NE(figures.find("<th>estimate [95% interval]</th>"), std::string::npos);
    for (const sim::MetricInfo& m : sim::center_metrics()) {
      EXPECT_NE(figures.find(fmt::format("<tr><td>{}</td><td class=\"value\">{}</td><td><code>{}</code>",
                                         xml_escape(center_metric_label(m.name)), xml_escape(figure(*r, m.name)),
                                         m.name)),
                std::string::npos)
          << m.name;
    }
    const std::string rates = between(figures, ">rates per close</th>", "<tr class=\"group\">");
    for (const char* m : {"ghost_rate", "ghost_rate_over_30s", "ghost_rate_over_60s", "ghost_rate_over_300s",
                          "spurious_offline_rate"}) {
      EXPECT_NE(rates.find(fmt::format("<code>{}</code>", m)), std::string::npos) << m << " among the rates";
    }
    const std::string minute_rows = between(figures, ">minutes per shift</th>", "<tr class=\"group\">");
    EXPECT_NE(minute_rows.find("<code>spurious_offline_minutes</code>"), std::string::npos);
    const std::string count_rows = between(figures, ">counts over all shifts (exact)</th>", "</tbody>");
    EXPECT_NE(count_rows.find("<code>bucket_violations</code>"), std::string::npos);
    // One chart per unit, every bar of it on the one scale of its axis.
    const std::string rate_chart = between(section, "id=\"" + slug + "-center-rates\"", "</svg>");
    ASSERT_FALSE(rate_chart.empty()) << slug;
    EXPECT_NE(rate_chart.find(">0%</text>"), std::string::npos) << "an axis in percent with ticks";
    EXPECT_NE(rate_chart.find("whisker: 95% interval"), std::string::npos);
    std::vector<double> estimates;
    for (const char* m : {"ghost_rate", "ghost_rate_over_30s", "ghost_rate_over_60s", "ghost_rate_over_300s",
                          "spurious_offline_rate"}) {
      estimates.push_back(sim::evaluate_center_metric(*r->center, m, 0.95).estimate);
    }
    expect_bars_on_one_scale(rate_chart, estimates);
    const std::string minutes = between(section, "id=\"" + slug + "-center-minutes\"", "</svg>");
    auto estimate = [&](const char* m) { return sim::evaluate_center_metric(*r->center, m, 0.95).estimate; };
    // In the registry's order (sim/src/center_metrics.cpp).
    expect_bars_on_one_scale(minutes, {estimate("ghost_agent_minutes"), estimate("silent_call_minutes"),
                                       estimate("spurious_offline_minutes")});
    const std::string calls = between(section, "id=\"" + slug + "-center-calls\"", "</svg>");
    expect_bars_on_one_scale(calls, {estimate("throttled_calls"), estimate("api_calls")});
    EXPECT_GT(count(rate_chart, "class=\"whisker\""), 0u) << "intervals drawn as whiskers";
    const std::string waits = between(section, "id=\"" + slug + "-center-waits\"", "</svg>");
    ASSERT_FALSE(waits.empty()) << slug;
    EXPECT_EQ(count(waits, "<rect class=\"bar"), 4u) << "wait and wait added, mean and p95";
    EXPECT_EQ(count(waits, "<rect class=\"bar added\""), 2u);
    EXPECT_EQ(section.find("missed_per_1000_closes"), std::string::npos) << slug;
    EXPECT_NE(section.find("Center totals over every shift"), std::string::npos);
  }
}

TEST(HtmlReport, CentersHaveTheirOwnSummaryTableAndComparisonChartLinkedToTheirSections) {
  const std::string& html = center_html();
  const std::string table = between(html, "<table class=\"center\">", "</table>");
  ASSERT_FALSE(table.empty());
  EXPECT_EQ(count(table, "<tr><td>"), 2u);
  const std::string chart = between(html, "id=\"chart-center-ghost-minutes\"", "</svg>");
  ASSERT_FALSE(chart.empty());
  EXPECT_NE(chart.find("<a href=\"#" + scenario_slug(uniform().scenario.name) + "\">"), std::string::npos);
  EXPECT_NE(chart.find(xml_escape(figure(burst(), "ghost_agent_minutes"))), std::string::npos);
  const std::string ghost_rate = between(html, "id=\"chart-ghost-rate\"", "</svg>");
  EXPECT_EQ(ghost_rate.find("center"), std::string::npos) << "the ghost-rate chart shows single agents only";
  EXPECT_NE(ghost_rate.find("single none"), std::string::npos);
  EXPECT_EQ(render_html(center_only_suite()).find("chart-ghost-rate"), std::string::npos)
      << "no ghost-rate chart without a single-agent scenario";
}

TEST(HtmlReport, ASingleAgentSectionShowsItsHeartbeatsAmongTheApiTraffic) {
  const std::string section = section_of(center_html(), scenario_slug(heartbeat().scenario.name));
  const std::string traffic = between(section, "API traffic over", "</details>");
  EXPECT_NE(traffic.find(fmt::format("<td>heartbeats sent</td><td class=\"num\">{}</td>",
                                     heartbeat().summary.heartbeats_sent)),
            std::string::npos)
      << traffic;
}

// --- Baseline -------------------------------------------------------------------------------------

Baseline center_baseline() {
  std::string error;
  std::optional<Baseline> b = parse_baseline(render_json(center_suite()), error);
  EXPECT_TRUE(b.has_value()) << error;
  return b.value_or(Baseline{});
}

TEST(Baseline, ReadsTheCenterMetricsOfACenterScenarioAndFindsNothingAgainstItsOwnReport) {
  const Baseline b = center_baseline();
  EXPECT_EQ(b.metrics.at(uniform().scenario.name).size(), sim::center_metrics().size());
  EXPECT_EQ(b.sessions_run.at(uniform().scenario.name), 2u);
  EXPECT_TRUE(find_regressions(center_suite(), b).empty());
  EXPECT_TRUE(baseline_notes(center_suite(), b).empty());
}

TEST(Baseline, FlagsACenterMetricWhoseIntervalNowLiesWhollyAboveTheBaselines) {
  Baseline b = center_baseline();
  const sim::MetricValue now = sim::evaluate_center_metric(*burst().center, "contacts_offered_to_ghosts", 0.95);
  ASSERT_GT(now.interval.lo, 0.0);
  b.metrics.at(burst().scenario.name).at("contacts_offered_to_ghosts") = {now.interval.lo / 4, 0,
                                                                          now.interval.lo / 2, false, true};
  const std::vector<Regression> found = find_regressions(center_suite(), b);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].scenario, burst().scenario.name);
  EXPECT_EQ(found[0].metric, "contacts_offered_to_ghosts");
  EXPECT_NE(found[0].explanation.find("contacts_offered_to_ghosts rose from"), std::string::npos)
      << found[0].explanation;
  EXPECT_NE(found[0].explanation.find("no longer overlap"), std::string::npos);
  EXPECT_NE(found[0].explanation.find("baseline 2 shifts, now 2"), std::string::npos) << found[0].explanation;
}

TEST(Baseline, GatesOnTheCentersDefectCountersButNotOnItsSampledCounts) {
  Baseline b = center_baseline();
  auto& metrics = b.metrics.at(uniform().scenario.name);
  metrics.at("ghosts_at_end").estimate -= 1;      // sampled: moves with noise
  metrics.at("contacts_unserved").estimate -= 1;  // sampled
  EXPECT_TRUE(find_regressions(center_suite(), b).empty());
  metrics.at("bucket_violations").estimate -= 1;  // a simulator defect
  const std::vector<Regression> found = find_regressions(center_suite(), b);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].metric, "bucket_violations");
  EXPECT_NE(found[0].explanation.find("exact values"), std::string::npos);
}

TEST(Baseline, NotesAScenarioThatChangedKindInsteadOfComparingItsMetrics) {
  Baseline b = center_baseline();
  // The baseline recorded "center uniform" as a single-agent scenario.
  b.metrics.at(uniform().scenario.name) = b.metrics.at(center_suite().scenarios[3].scenario.name);
  EXPECT_TRUE(find_regressions(center_suite(), b).empty());
  const std::vector<std::string> notes = baseline_notes(center_suite(), b);
  EXPECT_NE(std::find(notes.begin(), notes.end(),
                      "scenario \"center uniform\": baseline metric missed_per_1000_closes is not a metric of a "
                      "center scenario: not compared"),
            notes.end());
  EXPECT_NE(std::find(notes.begin(), notes.end(),
                      "scenario \"center uniform\": metric ghost_agent_minutes is not in the baseline: not "
                      "compared"),
            notes.end());
}

}  // namespace
}  // namespace agentsim::reports
