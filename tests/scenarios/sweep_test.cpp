// Sweeps in scenario files (docs/sweeps.md): the loader's `sweep:` block, the expansion into
// points, the dependent default of cap_ms, common random numbers, the best point, and the
// shapes of the sweep's CSV, JSON and HTML.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "agentsim/reports/html_report.h"
#include "agentsim/reports/sweep_report.h"
#include "agentsim/scenarios/loader.h"
#include "agentsim/sim/suite.h"
#include "agentsim/sim/sweep.h"
#include "scenario_fixtures.h"

namespace agentsim::scenarios {
namespace {

using testing::all_errors;

LoadResult load(const std::string& text) { return load_scenario_text(text, "sweep.yaml"); }

std::vector<std::string> names(const LoadResult& r) {
  std::vector<std::string> out;
  for (const sim::Scenario& s : r.scenarios) out.push_back(s.name);
  return out;
}

const char* const kGrid = R"(name: grid
strategy: beforeunload_retry
sessions: 400
max_sessions: 400
sweep:
  axes:
    - path: strategy.max_attempts
      range: {from: 1, to: 3, step: 1}
    - path: strategy.base_ms
      values: [50, 800]
expect:
  - ghost_rate <= 0.9
)";

TEST(SweepLoader, CrossesTheAxesTheFirstVaryingSlowestAndNamesEachPoint) {
  const LoadResult r = load(kGrid);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(names(r), (std::vector<std::string>{
                          "grid[max_attempts=1,base_ms=50]", "grid[max_attempts=1,base_ms=800]",
                          "grid[max_attempts=2,base_ms=50]", "grid[max_attempts=2,base_ms=800]",
                          "grid[max_attempts=3,base_ms=50]", "grid[max_attempts=3,base_ms=800]"}));
  for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
    const sim::Scenario& s = r.scenarios[i];
    ASSERT_TRUE(s.sweep);
    EXPECT_EQ(s.sweep->sweep, "grid");
    EXPECT_EQ(s.sweep->index, i);
    EXPECT_EQ(s.sweep->points, 6u);
    EXPECT_EQ(s.seed, 1u) << "every point keeps the scenario's seed";
    EXPECT_EQ(s.expectations.size(), 1u);
    EXPECT_EQ(s.session.strategy.retry.max_attempts, static_cast<int>(i / 2 + 1));
  }
}

TEST(SweepLoader, ZipPairsTheAxesValueByValue) {
  const LoadResult r = load(R"(name: z
strategy: beforeunload_retry
sweep:
  zip: true
  axes:
    - {path: strategy.max_attempts, values: [1, 2, 3]}
    - {path: environment.api_5xx_prob, range: {from: 0.1, to: 0.3, step: 0.1}}
expect: [ghost_rate <= 0.5]
)");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(names(r), (std::vector<std::string>{"z[max_attempts=1,api_5xx_prob=0.1]",
                                                "z[max_attempts=2,api_5xx_prob=0.2]",
                                                "z[max_attempts=3,api_5xx_prob=0.3]"}));
  EXPECT_DOUBLE_EQ(r.scenarios[2].session.env.api_5xx_prob, 0.3);
  EXPECT_TRUE(r.scenarios[0].sweep->zip);
}

TEST(SweepLoader, SweepsACentersParameter) {
  const LoadResult r = load(R"(name: c
strategy: beforeunload_setstate
center: {agents: 5}
sessions: 1
max_sessions: 1
sweep:
  axes: [{path: center.agents, values: [5, 10]}]
expect: [ghost_agent_minutes <= 1000]
)");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  ASSERT_EQ(r.scenarios.size(), 2u);
  EXPECT_EQ(r.scenarios[1].name, "c[agents=10]");
  ASSERT_TRUE(r.scenarios[1].center);
  EXPECT_EQ(r.scenarios[1].center->agents, 10);
}

TEST(SweepLoader, ABaseDelayAboveTheDefaultCapTakesTheCapAlongAndSaysSo) {
  const LoadResult r = load(R"(name: cap
strategy: beforeunload_retry
sweep:
  axes: [{path: strategy.base_ms, values: [100, 800]}]
expect: [ghost_rate <= 0.5]
)");
  ASSERT_TRUE(r.ok()) << all_errors(r);  // 800 > the default cap_ms 400: not an error
  const sim::RetryPolicy& low = r.scenarios[0].session.strategy.retry;
  const sim::RetryPolicy& high = r.scenarios[1].session.strategy.retry;
  EXPECT_DOUBLE_EQ(low.cap_ms, 400);
  EXPECT_TRUE(r.scenarios[0].sweep->notes.empty());
  EXPECT_DOUBLE_EQ(high.base_ms, 800);
  EXPECT_DOUBLE_EQ(high.cap_ms, 800);
  ASSERT_EQ(r.scenarios[1].sweep->notes.size(), 1u);
  EXPECT_NE(r.scenarios[1].sweep->notes[0].find("cap_ms follows base_ms"), std::string::npos);
}

TEST(SweepLoader, ACapTheFileSetsIsKeptAndABaseAboveItIsTheErrorOfThatPoint) {
  const LoadResult r = load(R"(name: cap
strategy: {name: beforeunload_retry, cap_ms: 100}
sweep:
  axes: [{path: strategy.base_ms, values: [50, 800]}]
expect: [ghost_rate <= 0.5]
)");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
  EXPECT_EQ(r.errors[0].format(),
            "sweep.yaml:2:46: error: sweep point 'cap[base_ms=800]': strategy.cap_ms: must not be "
            "below base_ms, got 100");
}

TEST(SweepLoader, AValueOutOfRangeIsTheErrorOfItsPointAtTheValue) {
  const LoadResult r = load(R"(name: bad
strategy: beforeunload_retry
sweep:
  axes: [{path: strategy.max_attempts, values: [1, 0]}]
expect: [ghost_rate <= 0.5]
)");
  ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
  EXPECT_EQ(r.errors[0].where.line, 4);
  EXPECT_EQ(r.errors[0].where.column, 52);  // the 0
  EXPECT_NE(r.errors[0].message.find("sweep point 'bad[max_attempts=0]': strategy.max_attempts"),
            std::string::npos)
      << r.errors[0].message;
  EXPECT_TRUE(r.scenarios.empty()) << "a file with an error loads no point";
}

TEST(SweepLoader, AGeneratedValueOutOfRangeIsReportedAtItsRange) {
  const LoadResult r = load(R"(name: bad
strategy: beforeunload_retry
sweep:
  axes: [{path: environment.api_5xx_prob, range: {from: 0.5, to: 1.5, step: 0.5}}]
expect: [ghost_rate <= 0.5]
)");
  ASSERT_FALSE(r.ok());
  bool found = false;
  for (const LoadError& e : r.errors) {
    if (e.message.find("sweep point 'bad[api_5xx_prob=1.5]'") != std::string::npos) {
      found = true;
      EXPECT_EQ(e.where.line, 4);
      EXPECT_GT(e.where.column, 40) << "at the range, not at line 0";
    }
  }
  EXPECT_TRUE(found) << all_errors(r);
}

struct BadSweep {
  const char* sweep;     // the `sweep:` block's lines
  const char* expected;  // the first error, formatted
};

class SweepErrors : public ::testing::TestWithParam<BadSweep> {};

TEST_P(SweepErrors, NameTheLineTheColumnWhatWasExpectedAndASuggestion) {
  const std::string text = std::string("name: bad\nstrategy: beforeunload_retry\nsweep:\n") +
                           GetParam().sweep + "expect: [ghost_rate <= 0.5]\n";
  const LoadResult r = load(text);
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.errors.front().format(), GetParam().expected) << all_errors(r);
}

INSTANTIATE_TEST_SUITE_P(
    Loader, SweepErrors,
    ::testing::Values(
        BadSweep{"  axes: [{path: strategy.max_attempt, values: [1]}]\n",
                 "sweep.yaml:4:17: error: sweep axis path 'strategy.max_attempt': unknown "
                 "parameter 'max_attempt' of strategy beforeunload_retry\n  hint: did you mean "
                 "'max_attempts'?"},
        BadSweep{"  axes: [{path: enviroment.api_5xx_prob, values: [0.1]}]\n",
                 "sweep.yaml:4:17: error: sweep axis path 'enviroment.api_5xx_prob': expected "
                 "strategy.PARAMETER, environment.PARAMETER or center.PARAMETER\n  hint: did you "
                 "mean 'environment.api_5xx_prob'?"},
        BadSweep{"  axes: [{path: environment.api_5xx_prb, values: [0.1]}]\n",
                 "sweep.yaml:4:17: error: sweep axis path 'environment.api_5xx_prb': unknown "
                 "parameter 'api_5xx_prb' of the environment\n  hint: did you mean "
                 "'api_5xx_prob'?"},
        BadSweep{"  axes: [{path: center.agents, values: [1]}]\n",
                 "sweep.yaml:4:17: error: sweep axis path 'center.agents': the scenario has no "
                 "`center:`\n  hint: a center parameter is swept in a center scenario"},
        BadSweep{"  axis: []\n",
                 "sweep.yaml:3:1: error: sweep: expected `axes:`, a non-empty list of axes\n  "
                 "hint: e.g. axes: [{path: strategy.max_attempts, values: [1, 2, 3]}]"},
        BadSweep{"  axes: [{path: strategy.base_ms, valus: [1]}]\n",
                 "sweep.yaml:4:10: error: sweep axis: missing required key 'values'\n  hint: e.g. "
                 "{path: strategy.max_attempts, values: [1, 2, 3]} or {path: strategy.base_ms, "
                 "range: {from: 50, to: 800, step: 50}}"},
        BadSweep{"  axes: [{path: strategy.base_ms, values: []}]\n",
                 "sweep.yaml:4:43: error: sweep axis values: expected a non-empty list of "
                 "values, got a list\n  hint: e.g. values: [50, 100, 200]"},
        BadSweep{"  axes: [{path: strategy.base_ms, range: {from: 10, to: 5, step: 1}}]\n",
                 "sweep.yaml:4:42: error: sweep axis range: expected from <= to and a step above "
                 "0, got from 10, to 5, step 1"},
        BadSweep{"  axes:\n    - {path: strategy.base_ms, values: [1]}\n"
                 "    - {path: strategy.base_ms, values: [2]}\n",
                 "sweep.yaml:6:14: error: sweep: axis strategy.base_ms is swept twice\n  hint: "
                 "keep one axis per parameter"},
        BadSweep{"  zip: true\n  axes:\n    - {path: strategy.base_ms, values: [1, 2]}\n"
                 "    - {path: strategy.max_attempts, values: [1]}\n",
                 "sweep.yaml:7:45: error: sweep: with `zip: true` every axis has as many values "
                 "as the first: strategy.max_attempts has 1, strategy.base_ms has 2\n  hint: give "
                 "the paired axes equal lengths, or remove `zip: true` to cross them"}));

TEST(SweepLoader, RefusesMoreThanTheLimitOfPoints) {
  const LoadResult r = load(R"(name: big
strategy: beforeunload_retry
sweep:
  axes:
    - {path: strategy.base_ms, range: {from: 1, to: 100, step: 1}}
    - {path: strategy.max_attempts, range: {from: 1, to: 11, step: 1}}
expect: [ghost_rate <= 0.5]
)");
  ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
  EXPECT_EQ(r.errors[0].format(),
            "sweep.yaml:3:1: error: sweep: 1100 points, more than the limit of 1000\n  hint: "
            "fewer values per axis, `zip: true` to pair the axes, or several scenarios");
  // 1000 points are fine.
  const LoadResult ok = load(R"(name: big
strategy: beforeunload_retry
sweep:
  axes:
    - {path: strategy.base_ms, range: {from: 1, to: 100, step: 1}}
    - {path: strategy.max_attempts, range: {from: 1, to: 10, step: 1}}
expect: [ghost_rate <= 0.5]
)");
  EXPECT_TRUE(ok.ok()) << all_errors(ok);
  EXPECT_EQ(ok.scenarios.size(), sim::kMaxSweepPoints);
}

TEST(SweepLoader, ASweepNeedsExpectationsAndBelongsToOneScenario) {
  const LoadResult none = load("name: n\nstrategy: beforeunload_retry\nsweep:\n  axes: "
                               "[{path: strategy.base_ms, values: [1]}]\n");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.errors[0].message, "sweep: the scenario has no expectations");
  const LoadResult in_defaults = load(R"(suite: s
defaults:
  sweep: {axes: [{path: strategy.base_ms, values: [1]}]}
scenarios:
  - name: a
)");
  ASSERT_FALSE(in_defaults.ok());
  EXPECT_EQ(in_defaults.errors[0].message, "unknown key 'sweep' in defaults");
}

TEST(SweepLoader, PointsOfASuitesScenarioTakeItsDefaults) {
  const LoadResult r = load(R"(suite: s
defaults:
  environment: {api_5xx_prob: 0.2}
scenarios:
  - name: a
    strategy: beforeunload_retry
    sweep: {axes: [{path: strategy.max_attempts, values: [1, 2]}]}
    expect: [ghost_rate <= 0.5]
  - name: b
    strategy: none
)");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(names(r), (std::vector<std::string>{"a[max_attempts=1]", "a[max_attempts=2]", "b"}));
  EXPECT_DOUBLE_EQ(r.scenarios[1].session.env.api_5xx_prob, 0.2);
  EXPECT_FALSE(r.scenarios[2].sweep);
}

// Acceptance 2 of #16: the points differ only in a parameter the sessions never read — the
// reload's unload window when every session ends in a tab close — and their results are
// identical, because every point draws session k from the same stream (seed, k). A third point
// changes what the sessions do read (the API's failure rate), so the comparison can fail.
TEST(SweepCommonRandomNumbers, PointsThatDifferOnlyInAParameterTheSessionNeverReadsAreIdentical) {
  const LoadResult r = load(R"(name: crn
strategy: beforeunload_retry
close_kind: tab_close
environment: {unload_window_tab_close_min_ms: 500, unload_window_tab_close_max_ms: 1500}
sessions: 3000
max_sessions: 3000
sweep:
  zip: true
  axes:
    - {path: environment.unload_window_reload_max_ms, values: [300, 900, 300]}
    - {path: environment.api_5xx_prob, values: [0.2, 0.2, 0.3]}
expect: [ghost_rate <= 0.5]
)");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  ASSERT_EQ(r.scenarios.size(), 3u);
  sim::RunOptions options;
  options.threads = 2;
  const sim::ScenarioResult a = sim::run_scenario(r.scenarios[0], options);
  const sim::ScenarioResult b = sim::run_scenario(r.scenarios[1], options);
  const sim::ScenarioResult c = sim::run_scenario(r.scenarios[2], options);
  EXPECT_NE(r.scenarios[0].session.env.unload_window_reload_max_ms,
            r.scenarios[1].session.env.unload_window_reload_max_ms);
  EXPECT_TRUE(a.summary == b.summary) << "same streams, and nothing read differs";
  EXPECT_GT(a.summary.ghost_sessions, 0u);
  EXPECT_FALSE(a.summary == c.summary) << "a parameter the sessions read does change them";
}

sim::SuiteResult run_grid() {
  const LoadResult r = load(kGrid);
  sim::SuiteResult suite;
  suite.name = "grid";
  suite.command = "agentsim run grid.yaml";
  sim::RunOptions options;
  options.threads = 2;
  for (const sim::Scenario& s : r.scenarios) suite.scenarios.push_back(sim::run_scenario(s, options));
  return suite;
}

TEST(SweepSummary, GathersThePointsAndNamesTheCheapestThatMeetsEveryExpectation) {
  const sim::SuiteResult suite = run_grid();
  const std::vector<sim::SweepSummary> sweeps = sim::summarize_sweeps(suite);
  ASSERT_EQ(sweeps.size(), 1u);
  const sim::SweepSummary& s = sweeps[0];
  EXPECT_EQ(s.axes, (std::vector<std::string>{"strategy.max_attempts", "strategy.base_ms"}));
  EXPECT_EQ(s.axis_values[1], (std::vector<std::string>{"50", "800"}));
  EXPECT_EQ(s.points.size(), 6u);
  EXPECT_TRUE(s.complete);
  EXPECT_EQ(s.metric, "ghost_rate");
  ASSERT_TRUE(s.best);
  // One attempt never retries: no point is cheaper. Its two points read no delay, so (common
  // random numbers) they cost exactly the same, and the first wins the tie.
  EXPECT_EQ(suite.scenarios[s.points[*s.best].scenario].scenario.name, "grid[max_attempts=1,base_ms=50]");
  EXPECT_EQ(s.points[0].cost.estimate, s.points[1].cost.estimate);
  for (const sim::SweepPointResult& p : s.points) EXPECT_LE(s.points[*s.best].cost.estimate, p.cost.estimate);
  EXPECT_EQ(s.notes.size(), 1u) << "base_ms 800 above the default cap 400";
}

TEST(SweepSummary, TheBestPointIsTheCheapestAmongThoseThatMeetEveryExpectation) {
  auto point = [](bool meets, double cost) {
    sim::SweepPointResult p;
    p.meets_all = meets;
    p.cost.estimate = cost;
    return p;
  };
  EXPECT_EQ(sim::best_point({point(false, 1), point(true, 3), point(true, 2), point(true, 2)}),
            std::optional<std::size_t>(2));
  EXPECT_EQ(sim::best_point({point(false, 1), point(false, 2)}), std::nullopt);
  sim::SweepPointResult undefined = point(true, 0);
  undefined.cost.defined = false;
  EXPECT_EQ(sim::best_point({undefined, point(true, 5)}), std::optional<std::size_t>(1));
}

TEST(SweepReports, CsvHasAHeaderAndOneRowPerPoint) {
  const sim::SuiteResult suite = run_grid();
  const std::string csv = reports::render_sweep_csv(sim::summarize_sweeps(suite), suite);
  std::vector<std::string> lines;
  for (std::size_t at = 0, nl; (nl = csv.find('\n', at)) != std::string::npos; at = nl + 1)
    lines.push_back(csv.substr(at, nl - at));
  ASSERT_EQ(lines.size(), 7u) << csv;
  EXPECT_EQ(lines[0],
            "sweep,point,scenario,strategy.max_attempts,strategy.base_ms,ghost_rate,ghost_rate_lo,"
            "ghost_rate_hi,api_calls_per_close,meets_all,best,expect_1");
  EXPECT_EQ(lines[1].rfind("grid,0,\"grid[max_attempts=1,base_ms=50]\",1,50,", 0), 0u) << lines[1];
  EXPECT_NE(lines[1].find(",true,true,passed"), std::string::npos) << lines[1];
  // 12 columns; each point's quoted name holds one comma more.
  EXPECT_EQ(std::count(lines[0].begin(), lines[0].end(), ','), 11);
  for (std::size_t i = 1; i < lines.size(); ++i)
    EXPECT_EQ(std::count(lines[i].begin(), lines[i].end(), ','), 12) << lines[i];
}

TEST(SweepReports, JsonListsTheAxesThePointsAndTheBest) {
  const sim::SuiteResult suite = run_grid();
  const auto doc = nlohmann::json::parse(reports::render_sweep_json(sim::summarize_sweeps(suite), suite));
  EXPECT_EQ(doc.at("format"), "agentsim-sweep");
  const auto& s = doc.at("sweeps").at(0);
  EXPECT_EQ(s.at("axes").at(1).at("path"), "strategy.base_ms");
  EXPECT_EQ(s.at("axes").at(1).at("values"), nlohmann::json::array({50, 800}));
  EXPECT_EQ(s.at("points").size(), 6u);
  const auto& p = s.at("points").at(3);
  EXPECT_EQ(p.at("scenario"), "grid[max_attempts=2,base_ms=800]");
  EXPECT_EQ(p.at("values").at("strategy.max_attempts"), 2);
  EXPECT_EQ(p.at("sessions"), 400);
  EXPECT_TRUE(p.at("metric").at("lo") <= p.at("metric").at("estimate"));
  EXPECT_EQ(p.at("statuses"), nlohmann::json::array({"passed"}));
  EXPECT_EQ(s.at("best").at("scenario"), "grid[max_attempts=1,base_ms=50]");
}

TEST(SweepReports, HtmlDrawsAHeatmapForTwoAxesAndALineForOne) {
  const sim::SuiteResult suite = run_grid();
  const std::string html = reports::render_sweep_html(sim::summarize_sweeps(suite), suite);
  EXPECT_NE(html.find("class=\"chart heatmap\""), std::string::npos);
  std::size_t cells = 0;
  for (std::size_t at = 0; (at = html.find("<rect class=\"cell ", at)) != std::string::npos; ++at) ++cells;
  EXPECT_EQ(cells, 6u);
  EXPECT_NE(html.find("★"), std::string::npos) << "the best point is starred";
  EXPECT_EQ(html.find("nan"), std::string::npos);

  const LoadResult one = load(R"(name: one
strategy: beforeunload_retry
sessions: 200
max_sessions: 200
sweep: {axes: [{path: strategy.max_attempts, values: [1, 2]}]}
expect: [ghost_rate <= 0.01]
)");
  ASSERT_TRUE(one.ok()) << all_errors(one);
  sim::SuiteResult line;
  for (const sim::Scenario& s : one.scenarios) line.scenarios.push_back(sim::run_scenario(s, {}));
  const auto sweeps = sim::summarize_sweeps(line);
  const std::string page = reports::render_sweep_html(sweeps, line);
  EXPECT_NE(page.find("class=\"chart sweep-line\""), std::string::npos);
  EXPECT_NE(page.find("class=\"whisker\""), std::string::npos) << "intervals";
  EXPECT_EQ(page.find("heatmap"), std::string::npos);
  if (!sweeps[0].best) {
    EXPECT_NE(reports::render_sweep_terminal(sweeps, line).find("No point of 'one' meets every expectation"),
              std::string::npos);
  }
}

TEST(SweepReports, TheRunReportLinksTheSweepPageOnlyWhenTheRunHasSweeps) {
  const sim::SuiteResult suite = run_grid();
  EXPECT_NE(reports::render_html(suite).find("This run has 1 sweep: each point's metric with its interval, and "
                                             "the best point, are in <a href=\"sweep.html\">sweep.html</a>"),
            std::string::npos);
  sim::SuiteResult plain;
  plain.scenarios.push_back(suite.scenarios.front());
  plain.scenarios.front().scenario.sweep.reset();
  EXPECT_EQ(reports::render_html(plain).find("sweep.html"), std::string::npos);
}

}  // namespace
}  // namespace agentsim::scenarios
