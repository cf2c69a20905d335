#include "agentsim/sim/suite.h"

#include <algorithm>
#include <functional>

namespace agentsim::sim {

namespace {

std::vector<ExpectationResult> judge_with(const Scenario& scenario,
                                          const std::function<MetricValue(const Expectation&)>& value) {
  std::vector<ExpectationResult> out;
  out.reserve(scenario.expectations.size());
  for (const Expectation& e : scenario.expectations) {
    ExpectationResult r;
    r.expectation = e;
    r.value = value(e);
    r.verdict = judge(e, r.value);
    r.status = apply_mark(e, r.verdict);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::vector<ExpectationResult> judge_all(const Scenario& scenario, const Summary& summary) {
  return judge_with(scenario, [&](const Expectation& e) {
    return evaluate_metric(summary, e.metric, e.confidence);
  });
}

std::vector<ExpectationResult> judge_all(const Scenario& scenario, const CenterSummary& summary) {
  return judge_with(scenario, [&](const Expectation& e) {
    return evaluate_center_metric(summary, e.metric, e.confidence);
  });
}

ScenarioResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  ScenarioResult result;
  result.scenario = scenario;
  result.report_confidence = options.report_confidence;
  if (options.seed_override != 0) result.scenario.seed = options.seed_override;
  // A center scenario counts shifts: --sessions does not scale it (a shift runs every agent for
  // hours), --shifts does.
  const std::uint64_t override = scenario.center ? options.shifts_override : options.sessions_override;
  std::uint64_t batch = override != 0 ? override : scenario.sessions;
  const std::uint64_t limit = std::max(batch, scenario.max_sessions);
  MonteCarloOptions mc;
  mc.seed = result.scenario.seed;
  mc.threads = options.threads;
  mc.stop = options.stop;
  if (scenario.center) result.center.emplace();
  std::uint64_t done = 0;
  while (true) {
    if (scenario.center) {
      result.center->merge(run_center_monte_carlo(scenario.session, *scenario.center, batch,
                                                  mc.seed, options.threads, done, options.stop));
    } else {
      mc.first_session = done;
      mc.sessions = batch;
      result.summary.merge(run_monte_carlo(scenario.session, mc));
    }
    done += batch;
    if (options.stop != nullptr && options.stop->load(std::memory_order_relaxed)) break;
    if (options.progress) options.progress(done, std::max(done, limit));
    result.expectations = scenario.center ? judge_all(scenario, *result.center)
                                          : judge_all(scenario, result.summary);
    const bool undecided = std::any_of(result.expectations.begin(), result.expectations.end(),
                                       [](const ExpectationResult& r) {
                                         return r.verdict == Verdict::Inconclusive;
                                       });
    if (!undecided || done >= limit) break;
    batch = std::min(done, limit - done);  // double the sample
    ++result.sampling_rounds;
  }
  result.sessions_run = done;
  return result;
}

int suite_exit_code(const SuiteResult& result) {
  if (result.baseline && result.baseline->failed()) return 1;
  bool inconclusive = false;
  for (const ScenarioResult& s : result.scenarios) {
    for (const ExpectationResult& r : s.expectations) {
      if (r.status == Status::Failed || r.status == Status::UnexpectedPass) return 1;
      if (r.status == Status::Inconclusive) inconclusive = true;
    }
  }
  return inconclusive ? 3 : 0;
}

}  // namespace agentsim::sim
