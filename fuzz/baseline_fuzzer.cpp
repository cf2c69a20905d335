// libFuzzer harness of the baseline reader: any bytes, read as the report.json of an earlier run
// (`agentsim run --baseline FILE`), must parse or be refused with one sentence — never crash or
// throw (parse_baseline's contract, baseline.h: the CLI exits 2 on a bad baseline).
//
// A parsed baseline is then compared, as `run --baseline` does, with a small real run whose
// scenario takes the name of each of the baseline's first scenarios in turn, so that the
// comparison reads the baseline's metrics and settings too. A finding is anything that aborts:
// an ASan or UBSan report, an exception escaping (uncaught here, it terminates), a timeout, or a
// broken promise of baseline.h checked below. Corpus: fuzz/corpus/baseline/; dictionary:
// fuzz/baseline.dict (docs/fuzzing.md).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "agentsim/reports/baseline.h"
#include "agentsim/reports/json_report.h"
#include "agentsim/sim/suite.h"

namespace {

// The baseline's scenarios the comparison reads, at most.
constexpr std::size_t kScenariosCompared = 4;

[[noreturn]] void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "baseline_fuzzer: %s\n%s\n", what, detail.c_str());
  std::abort();
}

// A single-agent scenario run once for the whole fuzzing session: 200 sessions, one thread.
const agentsim::sim::ScenarioResult& sample_run() {
  static const agentsim::sim::ScenarioResult result = [] {
    agentsim::sim::Scenario s;
    s.name = "sample";
    s.session.strategy = agentsim::sim::default_config(agentsim::sim::StrategyKind::BeforeunloadRetry);
    s.sessions = s.max_sessions = 200;
    agentsim::sim::RunOptions options;
    options.threads = 1;
    return agentsim::sim::run_scenario(s, options);
  }();
  return result;
}

void compare(const agentsim::reports::Baseline& baseline) {
  agentsim::sim::SuiteResult run;
  for (const auto& entry : baseline.metrics) {
    if (run.scenarios.size() == kScenariosCompared) break;
    run.scenarios.push_back(sample_run());
    run.scenarios.back().scenario.name = entry.first;
  }
  const agentsim::sim::BaselineCheck check =
      agentsim::reports::compare_with_baseline(run, baseline, "fuzz.json", false);
  if (check.compared_scenarios > run.scenarios.size()) {
    finding("more scenarios compared than ran", std::to_string(check.compared_scenarios));
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sample_run();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  const std::optional<agentsim::reports::Baseline> baseline = agentsim::reports::parse_baseline(text, error);
  if (!baseline) {
    if (error.empty()) finding("a refused baseline without an error", "");
    return 0;
  }
  if (!error.empty()) finding("a parsed baseline with an error", error);
  if (baseline->schema != agentsim::reports::kReportSchema) finding("a baseline of another schema", baseline->schema);
  compare(*baseline);
  return 0;
}
