// Sensitivity to assumptions: which assumed environment parameter, moved across its plausible
// range, moves a scenario's metrics most — and which could flip a verdict. One parameter at a
// time (the others at the scenario's values), each at the low and the high end of its range, every
// run on the scenario's own seed, so all runs share their session streams (common random numbers)
// and a difference between two runs is the parameter's effect, not noise. A parameter the
// sessions never read gives results identical to the base run's.
//
// The ranges (assumption_ranges()) are this project's statement of how wrong each assumption could
// plausibly be, with the reason; docs/sensitivity.md lists them. A range is absolute (low, high),
// inside the parameter's valid bounds, and holds its default.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/sim/environment.h"
#include "agentsim/sim/scenario.h"

namespace agentsim::sim {

// How wrong an assumed (or inferred) parameter could plausibly be — or why it is not perturbed.
struct AssumptionRange {
  std::string_view name;  // an environment parameter
  double low = 0;
  double high = 0;
  std::string_view why;   // the reason for the range, or for leaving it out
  // Not perturbed: a setting of the team's own instance (they know it), or a choice of the
  // analysis (the horizon, the event budget). `why` says which.
  bool excluded = false;
};

// One entry per assumed or inferred environment parameter, in registry order (a test checks it).
const std::vector<AssumptionRange>& assumption_ranges();
// nullptr when `name` has no entry (documented and measured parameters have none).
const AssumptionRange* find_assumption_range(std::string_view name);

// Sets `name` to `value` in `env`; when that breaks an ordered pair (an unload window's min <=
// max, a log-normal's median <= p99), moves the partner to `value` too and returns its name
// (empty when nothing else moved). REQUIRES: `name` is an environment parameter.
std::string set_with_partner(EnvironmentParams& env, std::string_view name, double value);

// One parameter to perturb and its range (the registry's, or a caller's own).
struct Perturbation {
  std::string name;
  double low = 0;
  double high = 0;
};

// Every perturbation `scenario` gets by default: each range not excluded, less the parameters the
// scenario sets itself (its `environment:`) or takes from an environment file (measured) — those
// are the scenario's conditions, not assumptions. `skipped` receives (name, why) for those.
std::vector<Perturbation> default_perturbations(const Scenario& scenario,
                                                std::vector<std::pair<std::string, std::string>>* skipped);

// How a verdict at one end of a range compares with the base run's.
enum class VerdictChange {
  Same,       // the same status
  Flips,      // both decided, and different (pass <-> fail)
  Undecided,  // one of the two is inconclusive: more sessions would tell
};
std::string_view to_string(VerdictChange c);  // "same", "flips", "undecided"

struct SensitivityEnd {
  double value = 0;              // the parameter's value at this end
  std::string partner;           // a paired parameter moved with it (set_with_partner), or empty
  std::uint64_t sessions_run = 0;
  std::vector<ExpectationResult> expectations;  // in the scenario's order
  std::vector<VerdictChange> changes;           // per expectation, against the base run
};

struct ParameterSensitivity {
  std::string name;
  double base_value = 0;  // the scenario's value
  SensitivityEnd low;
  SensitivityEnd high;
  // Per expectation: |estimate(high) - estimate(low)| (the tornado bar's length).
  std::vector<double> effect;
  // Per expectation: the larger of |estimate(end) - estimate(base)| / |bound - estimate(base)|
  // over the two ends — the share of the base's margin to the bound the parameter uses up; 1 or
  // more crosses the bound. Infinite when the base sits on the bound and the metric moves.
  std::vector<double> margin_used;
  bool flips() const;      // some expectation flips at some end
  bool undecided() const;  // some expectation is undecided at some end (and none flips)
  double max_margin_used() const;
};

struct ScenarioSensitivity {
  Scenario scenario;
  ScenarioResult base;
  // Ranked: parameters that flip a verdict first, then undecided ones, then by max_margin_used
  // (largest first), then by name — a total order, so the ranking is the same on every run.
  std::vector<ParameterSensitivity> parameters;
  std::vector<std::pair<std::string, std::string>> skipped;  // (name, why)
  // Indices into `parameters` ranked for one expectation: by effect on its metric (largest first).
  std::vector<std::size_t> ranked_for(std::size_t expectation) const;
};

struct SensitivityOptions {
  // 0: each run samples as `agentsim run` does (the scenario's first batch, doubled while a
  // verdict is inconclusive, up to max_sessions), so an end's verdict is what a run under that
  // value would say. N: every run draws exactly N sessions (shifts for a center scenario).
  std::uint64_t sessions = 0;
  std::uint64_t seed_override = 0;  // 0: the scenario's seed
  int threads = 0;                  // 0: all cores
  // Empty: default_perturbations(). Else exactly these (tests; --only narrows the defaults).
  std::vector<Perturbation> perturbations;
  bool use_perturbations = false;
  // Called before each run with (runs done, runs in all).
  std::function<void(std::size_t, std::size_t)> progress;
  const std::atomic<bool>* stop = nullptr;  // as RunOptions::stop: the result is then incomplete
};

// The base run, then each perturbation at its low and high end. Deterministic: the same scenario,
// options and seed give the same result on any thread count.
// REQUIRES: every perturbation names an environment parameter, and each end leaves the
// environment valid (validate()) once set_with_partner has kept its pair ordered.
ScenarioSensitivity run_sensitivity(const Scenario& scenario, const SensitivityOptions& options);

// The problems of a perturbation for `scenario` ("name: why"), empty when it can run: an unknown
// parameter, an end outside the valid bounds, an environment left invalid.
std::vector<std::string> check_perturbation(const Scenario& scenario, const Perturbation& p);

}  // namespace agentsim::sim
