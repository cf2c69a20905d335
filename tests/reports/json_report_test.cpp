#include "agentsim/reports/json_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/strategy.h"
#include "report_test_support.h"

namespace agentsim::reports {
namespace {

using Json = nlohmann::ordered_json;
using testing::sample_suite;

const Json& sample_json() {
  static const Json doc = Json::parse(render_json(sample_suite()));
  return doc;
}

const Json& scenario_json(std::size_t i) { return sample_json().at("scenarios").at(i); }

std::vector<std::string> keys(const Json& object) {
  std::vector<std::string> out;
  for (const auto& item : object.items()) out.push_back(item.key());
  return out;
}

TEST(JsonReport, IsJsonWithTheVersionedSchemaAndTheTopLevelFieldsInOrder) {
  const Json& doc = sample_json();
  EXPECT_EQ(keys(doc), (std::vector<std::string>{"schema", "suite", "command", "seed_override", "report_confidence",
                                                 "exit_code",
                                                 "totals", "baseline", "scenarios"}));
  EXPECT_EQ(doc.at("schema"), "agentsim-report/1");
  EXPECT_EQ(doc.at("suite"), "sample");
  EXPECT_EQ(doc.at("command"), sample_suite().command);
  EXPECT_EQ(doc.at("exit_code"), sim::suite_exit_code(sample_suite()));
  EXPECT_EQ(doc.at("scenarios").size(), sample_suite().scenarios.size());
}

TEST(JsonReport, IsByteIdenticalForIdenticalResultsAndPrettyWithTwoSpaces) {
  const std::string once = render_json(sample_suite());
  EXPECT_EQ(once, render_json(testing::sample_suite_rerun()))
      << "a fresh run of the same scenarios and seeds";
  EXPECT_EQ(once.rfind("{\n  \"schema\": \"agentsim-report/1\",\n", 0), 0u);
  EXPECT_EQ(once.back(), '\n');
}

TEST(JsonReport, CountsScenariosAndExpectationsByStatus) {
  const Json& totals = sample_json().at("totals");
  EXPECT_EQ(totals.at("scenarios"), 4);
  EXPECT_EQ(totals.at("expectations"), 12);
  EXPECT_EQ(totals.at("scenarios_by_status"), (Json{{"passed", 1},
                                                    {"failed", 2},
                                                    {"inconclusive", 1},
                                                    {"expected_failure", 0},
                                                    {"unexpected_pass", 0}}));
  EXPECT_EQ(totals.at("expectations_by_status"), (Json{{"passed", 5},
                                                       {"failed", 2},
                                                       {"inconclusive", 3},
                                                       {"expected_failure", 1},
                                                       {"unexpected_pass", 1}}));
}

TEST(JsonReport, GivesEachScenarioItsIdentitySamplingProfileStrategyAndOverrides) {
  const Json& s = scenario_json(2);
  const sim::ScenarioResult& r = sample_suite().scenarios[2];
  EXPECT_EQ(s.at("name"), r.scenario.name);
  EXPECT_EQ(s.at("tags"), (Json{"backend", "<tag>"}));
  EXPECT_EQ(s.at("location"), (Json{{"file", "suites/sample.yaml"}, {"line", 30}, {"column", 3}}));
  EXPECT_EQ(s.at("seed"), 7);
  EXPECT_EQ(s.at("sessions_run"), r.sessions_run);
  EXPECT_EQ(s.at("sampling_rounds"), 1);
  EXPECT_EQ(s.at("status"), "failed");
  EXPECT_EQ(s.at("profile").at("name"), "streams_custom");
  EXPECT_EQ(s.at("profile").at("parameters").at("setstate_rejected_in_acw").at("provenance"), "assumed");
  EXPECT_EQ(s.at("strategy").at("kind"), "put_user_status_backend");
  EXPECT_EQ(s.at("strategy").at("parameters").size(),
            sim::strategy_parameters(sim::StrategyKind::PutUserStatusBackend).size());
  EXPECT_EQ(s.at("strategy").at("parameters").at("transport"), "keepalive");
  EXPECT_EQ(s.at("close_kind"), "tab_close");
  EXPECT_TRUE(s.at("pre_close").is_null());
  EXPECT_EQ(s.at("overrides")[1], (Json{{"name", "api_5xx_prob"}, {"value", "0.02"}}));
}

TEST(JsonReport, ListsTheAssumedEnvironmentParametersWithTheValuesInEffect) {
  const Json& assumptions = scenario_json(2).at("assumptions");
  std::size_t assumed = 0;
  for (const sim::EnvironmentParameter& p : sim::environment_parameters()) {
    assumed += p.provenance == model::Provenance::Assumed ? 1 : 0;
  }
  ASSERT_EQ(assumptions.size(), assumed);
  bool found = false;
  for (const Json& a : assumptions) {
    EXPECT_NE(a.at("name"), "unload_window_tab_close_max_ms") << "measured, not assumed";
    if (a.at("name") != "api_5xx_prob") continue;
    found = true;
    EXPECT_EQ(a.at("value"), 0.02);
    EXPECT_EQ(a.at("default"), 0.01);
    EXPECT_EQ(a.at("unit"), "probability");
  }
  EXPECT_TRUE(found);
}

TEST(JsonReport, EvaluatesEveryMetricOfTheCatalogueAt95Percent) {
  for (std::size_t i = 0; i < sample_suite().scenarios.size(); ++i) {
    const Json& metrics = scenario_json(i).at("metrics");
    ASSERT_EQ(metrics.size(), sim::metrics().size());
    for (const sim::MetricInfo& m : sim::metrics()) {
      const Json& j = metrics.at(std::string(m.name));
      const sim::MetricValue v = sim::evaluate_metric(sample_suite().scenarios[i].summary, m.name, 0.95);
      EXPECT_EQ(j.at("defined"), v.defined) << m.name;
      EXPECT_EQ(j.at("exact"), v.exact) << m.name;
      EXPECT_EQ(j.at("estimate"), v.estimate) << m.name;
      EXPECT_EQ(j.at("lo"), v.interval.lo) << m.name;
      if (std::isfinite(v.interval.hi)) {
        EXPECT_EQ(j.at("hi"), v.interval.hi) << m.name;
      } else {
        EXPECT_TRUE(j.at("hi").is_null()) << m.name;
      }
    }
  }
}

TEST(JsonReport, WritesAnInfiniteUpperBoundAsNull) {
  // 24 ghosts: too few for an upper order statistic of the 99th percentile.
  const Json& p99 = scenario_json(2).at("metrics").at("ghost_seconds.p99");
  EXPECT_TRUE(p99.at("hi").is_null()) << p99.dump();
  EXPECT_TRUE(p99.at("lo").is_number());
  EXPECT_TRUE(scenario_json(2).at("expectations")[2].at("hi").is_null());
}

TEST(JsonReport, RecordsEveryExpectationWithItsValueVerdictAndStatus) {
  const Json& e = scenario_json(1).at("expectations");
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(keys(e[0]), (std::vector<std::string>{"text", "metric", "op", "bound", "confidence",
                                                  "expect_fail", "note", "location", "estimate", "lo", "hi",
                                                  "exact", "defined", "verdict", "status"}));
  EXPECT_EQ(e[0].at("text"), "missed_per_1000_closes <= 1 @95%");
  EXPECT_EQ(e[0].at("op"), "<=");
  EXPECT_EQ(e[0].at("verdict"), "fail");
  EXPECT_EQ(e[0].at("status"), "failed");
  EXPECT_EQ(e[0].at("location").at("line"), 21);
  EXPECT_EQ(e[1].at("expect_fail"), true);
  EXPECT_EQ(e[1].at("verdict"), "pass");
  EXPECT_EQ(e[1].at("status"), "unexpected_pass");
  EXPECT_EQ(e[2].at("status"), "inconclusive");
  EXPECT_EQ(e[2].at("bound"), e[2].at("estimate"));
  EXPECT_EQ(scenario_json(0).at("expectations")[1].at("status"), "expected_failure");
}

TEST(JsonReport, HistogramBucketsAreNonEmptyAscendingAndAddUpToTheGhostSessions) {
  for (std::size_t i = 0; i < sample_suite().scenarios.size(); ++i) {
    const Json& buckets = scenario_json(i).at("ghost_duration_histogram");
    std::uint64_t total = 0;
    std::int64_t previous_upper = -1;
    for (const Json& b : buckets) {
      EXPECT_GT(b.at("count").get<std::uint64_t>(), 0u);
      EXPECT_GT(b.at("lower_us").get<std::int64_t>(), previous_upper);
      EXPECT_LE(b.at("lower_us").get<std::int64_t>(), b.at("upper_us").get<std::int64_t>());
      previous_upper = b.at("upper_us").get<std::int64_t>();
      total += b.at("count").get<std::uint64_t>();
    }
    EXPECT_EQ(total, sample_suite().scenarios[i].summary.ghost_sessions) << i;
  }
  EXPECT_TRUE(scenario_json(3).at("ghost_duration_histogram").empty())
      << "no ghosts after the v2 logout button";
}

TEST(JsonReport, CountersAndCloseKindsAreTheSummarys) {
  const sim::Summary& s = sample_suite().scenarios[1].summary;
  const Json& j = scenario_json(1);
  EXPECT_EQ(j.at("counters").at("sessions"), s.sessions);
  EXPECT_EQ(j.at("counters").at("ghost_sessions"), s.ghost_sessions);
  EXPECT_EQ(j.at("counters").at("contacts_missed_on_ghost"), s.contacts_missed_on_ghost);
  EXPECT_EQ(j.at("counters").at("setstate_sent"), s.setstate_sent);
  EXPECT_EQ(j.at("closes_by_kind").size(), static_cast<std::size_t>(sim::kCloseKindCount));
  std::uint64_t closes = 0;
  std::uint64_t ghosts = 0;
  for (const auto& item : j.at("closes_by_kind").items()) closes += item.value().get<std::uint64_t>();
  for (const auto& item : j.at("ghosts_by_kind").items()) ghosts += item.value().get<std::uint64_t>();
  EXPECT_EQ(closes, s.sessions);
  EXPECT_EQ(ghosts, s.ghost_sessions);
  EXPECT_EQ(scenario_json(2).at("closes_by_kind").at("tab_close"),
            sample_suite().scenarios[2].summary.sessions);
}

TEST(JsonReport, ReplacesInvalidUtf8FromScenarioFilesInsteadOfFailing) {
  const std::string description = scenario_json(2).at("description");
  EXPECT_NE(description.find("\xEF\xBF\xBD invalid byte"), std::string::npos);
  EXPECT_NE(description.find("pipe \x01 control"), std::string::npos) << "JSON escapes it as \\u0001";
}

// Every field name the writer emits appears in docs/report-schema.md as `name`. Keys that are data
// (metric names, profile and strategy parameter names, close kinds) are not field names: their
// values' fields are checked instead.
void collect_field_names(const Json& j, std::set<std::string>& out) {
  static const std::set<std::string> keyed_by_data = {
      "metrics",        "parameters", "values", "closes_by_kind",
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

TEST(JsonReport, EveryFieldItWritesIsDocumentedInTheSchemaDocument) {
  std::ifstream in(std::string(AGENTSIM_SOURCE_DIR) + "/docs/report-schema.md");
  std::ostringstream doc;
  doc << in.rdbuf();
  ASSERT_FALSE(doc.str().empty()) << "docs/report-schema.md is missing";
  std::set<std::string> fields;
  collect_field_names(sample_json(), fields);
  for (const std::string& f : fields) {
    EXPECT_NE(doc.str().find("`" + f + "`"), std::string::npos) << "undocumented field: " << f;
  }
  EXPECT_NE(doc.str().find(std::string(kReportSchema)), std::string::npos);
}

}  // namespace
}  // namespace agentsim::reports
