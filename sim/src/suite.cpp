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

std::vector<SamplingRound> sampling_rounds(const Scenario& scenario, const RunOptions& options) {
  // A center scenario counts shifts: --sessions does not scale it (a shift runs every agent for
  // hours), --shifts does.
  const std::uint64_t override = scenario.center ? options.shifts_override : options.sessions_override;
  std::uint64_t batch = override != 0 ? override : scenario.sessions;
  const std::uint64_t limit = std::max(batch, scenario.max_sessions);
  std::vector<SamplingRound> rounds;
  std::uint64_t done = 0;
  while (batch > 0) {
    rounds.push_back({done, batch});
    done += batch;
    batch = std::min(done, limit - done);  // double the sample
  }
  return rounds;
}

namespace {
std::uint64_t seed_of(const Scenario& scenario, const RunOptions& options) {
  return options.seed_override != 0 ? options.seed_override : scenario.seed;
}
}  // namespace

Tally run_slice(const Scenario& scenario, const RunOptions& options, std::uint64_t first, std::uint64_t count) {
  Tally tally;
  if (scenario.center) {
    tally.center = run_center_monte_carlo(scenario.session, *scenario.center, count, seed_of(scenario, options),
                                          options.threads, first, options.stop);
  } else {
    MonteCarloOptions mc;
    mc.seed = seed_of(scenario, options);
    mc.threads = options.threads;
    mc.stop = options.stop;
    mc.first_session = first;
    mc.sessions = count;
    tally.summary = run_monte_carlo(scenario.session, mc);
  }
  return tally;
}

ScenarioResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  ScenarioResult result;
  result.scenario = scenario;
  result.report_confidence = options.report_confidence;
  result.scenario.seed = seed_of(scenario, options);
  if (scenario.center) result.center.emplace();
  const std::vector<SamplingRound> rounds = sampling_rounds(scenario, options);
  const std::uint64_t limit = rounds.empty() ? 0 : rounds.back().first + rounds.back().count;
  std::uint64_t done = 0;
  for (std::size_t r = 0; r < rounds.size(); ++r) {
    if (r > 0) ++result.sampling_rounds;
    std::optional<Tally> supplied = options.supply ? options.supply(r) : std::nullopt;
    const Tally tally = supplied ? std::move(*supplied) : run_slice(scenario, options, rounds[r].first, rounds[r].count);
    if (scenario.center) {
      result.center->merge(*tally.center);
    } else {
      result.summary.merge(tally.summary);
    }
    done += rounds[r].count;
    if (options.stop != nullptr && options.stop->load(std::memory_order_relaxed)) break;
    if (options.progress) options.progress(done, std::max(done, limit));
    result.expectations = scenario.center ? judge_all(scenario, *result.center)
                                          : judge_all(scenario, result.summary);
    const bool undecided = std::any_of(result.expectations.begin(), result.expectations.end(),
                                       [](const ExpectationResult& r) {
                                         return r.verdict == Verdict::Inconclusive;
                                       });
    if (!undecided) break;
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
