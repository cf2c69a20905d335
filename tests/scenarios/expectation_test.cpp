// Expectations written as "metric op bound [@ confidence]" strings: the accepted spellings, and a
// property: any expectation, written as text, loads back to the same expectation.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdio>

#include "agentsim/sim/metrics.h"
#include "scenario_fixtures.h"

namespace agentsim::scenarios {
namespace {

// The expectation loaded from `text` as the only item of a scenario's `expect:` list.
LoadResult load_expectation(const std::string& text) {
  return load_scenario_text("name: x\nexpect:\n  - " + text + "\n", "expect.yaml");
}

struct Spelling {
  std::string text;
  sim::Comparison op;
  double bound;
  double confidence;
};

TEST(ExpectationText, accepts_each_comparison_spacing_and_confidence_spelling) {
  const std::vector<Spelling> spellings = {
      {"ghost_rate <= 0.001", sim::Comparison::LessEqual, 0.001, 0.95},
      {"ghost_rate<0.001", sim::Comparison::Less, 0.001, 0.95},
      {"ghost_rate >= 1e-3", sim::Comparison::GreaterEqual, 0.001, 0.95},
      {"ghost_rate > 0", sim::Comparison::Greater, 0, 0.95},
      {"ghost_rate <= .5 @ 99%", sim::Comparison::LessEqual, 0.5, 0.99},
      {"ghost_rate <= 0.5 @99 %", sim::Comparison::LessEqual, 0.5, 0.99},
      {"ghost_rate <= 0.5 @ 0.9", sim::Comparison::LessEqual, 0.5, 0.9},
      {"'ghost_rate <= 0.5 @ 80%'", sim::Comparison::LessEqual, 0.5, 0.8},
      {"ghost_rate >= 1 @ 99.99%", sim::Comparison::GreaterEqual, 1, 0.9999},
      {"ghost_rate < 1 @ 50%", sim::Comparison::Less, 1, 0.5},
  };
  for (const Spelling& s : spellings) {
    const LoadResult r = load_expectation(s.text);
    ASSERT_TRUE(r.ok()) << s.text << "\n" << testing::all_errors(r);
    const sim::Expectation& e = r.scenarios[0].expectations[0];
    EXPECT_EQ(e.metric, "ghost_rate") << s.text;
    EXPECT_EQ(e.op, s.op) << s.text;
    EXPECT_DOUBLE_EQ(e.bound, s.bound) << s.text;
    EXPECT_DOUBLE_EQ(e.confidence, s.confidence) << s.text;
    EXPECT_FALSE(e.expect_fail);
  }
}

TEST(ExpectationText, refuses_incomplete_or_extra_text_as_malformed) {
  for (const char* text : {"ghost_rate", "ghost_rate <=", "ghost_rate <= x", "<= 0.1",
                           "ghost_rate <= 0.1 @", "ghost_rate <= 0.1 @ 95% extra",
                           "ghost_rate <= 0.1 0.2", "1ghost <= 1", "ghost_rate <= 0.1 @ 9 5"}) {
    const LoadResult r = load_expectation(text);
    ASSERT_EQ(r.errors.size(), 1u) << text;
    EXPECT_EQ(r.errors[0].message, "malformed expectation '" + std::string(text) +
                                       "': expected the form `metric op bound [@ confidence]`");
  }
}

TEST(ExpectationText, points_at_the_part_that_is_wrong) {
  const LoadResult op = load_expectation("ghost_rate =< 0.1");
  ASSERT_EQ(op.errors.size(), 1u);
  EXPECT_EQ(op.errors[0].format(),
            "expect.yaml:3:16: error: unknown comparison '=<' in expectation 'ghost_rate =< 0.1'\n"
            "  hint: op is one of <, <=, >, >=");
  const LoadResult confidence = load_expectation("ghost_rate <= 0.1 @ 100%");
  ASSERT_EQ(confidence.errors.size(), 1u);
  EXPECT_EQ(confidence.errors[0].where.column, 25);
  EXPECT_EQ(confidence.errors[0].message,
            "confidence must be between 0.5 and 0.9999 (50% and 99.99%), got 100%");
}

TEST(ExpectationText, an_item_that_is_neither_a_string_nor_a_mapping_is_refused) {
  EXPECT_EQ(testing::first_message(load_expectation("[ghost_rate, <=, 1]")),
            "expect: each expectation is a string or a mapping, got a list");
  EXPECT_EQ(
      testing::first_message(load_scenario_text("name: x\nexpect: ghost_rate <= 1\n", "e.yaml")),
      "expect: expected a list of expectations, got 'ghost_rate <= 1'");
}

RC_GTEST_PROP(ExpectationText, any_expectation_written_as_text_loads_back_unchanged, ()) {
  const auto& metrics = sim::metrics();
  const sim::MetricInfo& metric = metrics[*rc::gen::inRange<std::size_t>(0, metrics.size())];
  const sim::Comparison op =
      *rc::gen::element(sim::Comparison::Less, sim::Comparison::LessEqual, sim::Comparison::Greater,
                        sim::Comparison::GreaterEqual);
  // A bound every metric can fall on either side of (a proportion's lies in (0, 1)), and a
  // confidence the loader accepts.
  const double bound = *rc::gen::inRange(1, 1000) / 1000.0;
  const int percent = *rc::gen::inRange(50, 100);
  const bool as_percent = *rc::gen::arbitrary<bool>();
  char bound_text[32];
  std::snprintf(bound_text, sizeof bound_text, "%.17g", bound);
  const std::string confidence =
      as_percent ? std::to_string(percent) + "%" : std::to_string(percent / 100.0);
  const std::string text = std::string(metric.name) + " " + std::string(sim::to_string(op)) + " " +
                           bound_text + " @ " + confidence;
  const LoadResult r = load_expectation("\"" + text + "\"");
  RC_ASSERT(r.ok());
  const sim::Expectation& e = r.scenarios[0].expectations[0];
  RC_ASSERT(e.metric == metric.name);
  RC_ASSERT(e.op == op);
  RC_ASSERT(e.bound == bound);
  RC_ASSERT(std::abs(e.confidence - percent / 100.0) < 1e-12);
}

}  // namespace
}  // namespace agentsim::scenarios
