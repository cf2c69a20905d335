#include "agentsim/sim/scenario.h"

#include <fmt/format.h>

namespace agentsim::sim {

std::string_view to_string(Comparison c) {
  switch (c) {
    case Comparison::Less: return "<";
    case Comparison::LessEqual: return "<=";
    case Comparison::Greater: return ">";
    case Comparison::GreaterEqual: return ">=";
  }
  return "?";
}

std::string Expectation::text() const {
  return fmt::format("{} {} {} @{}%", metric, to_string(op), bound, confidence * 100.0);
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "fail";
    case Verdict::Inconclusive: return "inconclusive";
  }
  return "?";
}

std::string_view to_string(Status s) {
  switch (s) {
    case Status::Passed: return "passed";
    case Status::Failed: return "failed";
    case Status::Inconclusive: return "inconclusive";
    case Status::ExpectedFailure: return "expected failure";
    case Status::UnexpectedPass: return "unexpected pass";
  }
  return "?";
}

bool is_ok(Status s) { return s == Status::Passed || s == Status::ExpectedFailure; }

Verdict judge(const Expectation& e, const MetricValue& v) {
  if (!v.defined) return Verdict::Inconclusive;
  const double lo = v.interval.lo;
  const double hi = v.interval.hi;
  const double b = e.bound;
  switch (e.op) {
    case Comparison::LessEqual:
      if (hi <= b) return Verdict::Pass;
      if (lo > b) return Verdict::Fail;
      break;
    case Comparison::Less:
      if (hi < b) return Verdict::Pass;
      if (lo >= b) return Verdict::Fail;
      break;
    case Comparison::GreaterEqual:
      if (lo >= b) return Verdict::Pass;
      if (hi < b) return Verdict::Fail;
      break;
    case Comparison::Greater:
      if (lo > b) return Verdict::Pass;
      if (hi <= b) return Verdict::Fail;
      break;
  }
  return Verdict::Inconclusive;
}

Status apply_mark(const Expectation& e, Verdict v) {
  switch (v) {
    case Verdict::Pass: return e.expect_fail ? Status::UnexpectedPass : Status::Passed;
    case Verdict::Fail: return e.expect_fail ? Status::ExpectedFailure : Status::Failed;
    case Verdict::Inconclusive: return Status::Inconclusive;
  }
  return Status::Inconclusive;
}

namespace {
int severity(Status s) {
  switch (s) {
    case Status::Passed:
    case Status::ExpectedFailure: return 0;
    case Status::Inconclusive: return 1;
    case Status::Failed:
    case Status::UnexpectedPass: return 2;
  }
  return 2;
}
}  // namespace

Status ScenarioResult::status() const {
  Status worst = Status::Passed;
  for (const ExpectationResult& r : expectations) {
    if (severity(r.status) > severity(worst)) worst = r.status;
  }
  return worst;
}

}  // namespace agentsim::sim
