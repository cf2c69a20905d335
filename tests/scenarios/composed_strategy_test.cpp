// Composed strategies in scenario files (docs/scenario-format.md, "Composed strategies"): what
// they read into, and how a mistake is reported.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "agentsim/scenarios/loader.h"
#include "agentsim/sim/component.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::scenarios {
namespace {

LoadResult load(const std::string& text) { return load_scenario_text(text, "test.yaml"); }

std::vector<std::string> formatted(const LoadResult& r) {
  std::vector<std::string> out;
  for (const LoadError& e : r.errors) out.push_back(e.format());
  return out;
}

TEST(ComposedStrategy, ReadsEachItemIntoItsComponentWithItsParametersAndRetryPolicy) {
  const LoadResult r = load(
      "scenarios:\n"
      "  - name: ours\n"
      "    strategy:\n"
      "      name: our_ccp\n"
      "      page:\n"
      "        - on: [beforeunload, pagehide]\n"
      "          do: {notify_backend: {transport: beacon}}\n"
      "        - heartbeat: {interval_ms: 10000}\n"
      "      backend:\n"
      "        - put_user_status_on_notify: {grace_ms: 5000, retry: {max_attempts: 4, backoff: constant}}\n"
      "        - sweeper: {silence_timeout_ms: 60000}\n"
      "        - missed_contact\n");
  ASSERT_TRUE(r.ok()) << r.errors.front().format();
  const sim::StrategyConfig& s = r.scenarios.front().session.strategy;
  ASSERT_TRUE(s.is_composed());
  EXPECT_EQ(s.label(), "our_ccp: notify_backend + heartbeat + put_user_status_on_notify + sweeper + missed_contact");
  ASSERT_EQ(s.composed.size(), 5u);
  EXPECT_EQ(s.composed[0].text("on"), "beforeunload|pagehide");
  EXPECT_EQ(s.composed[0].text("transport"), "beacon");
  EXPECT_EQ(s.composed[1].number("interval_ms"), 10000);
  const sim::RetryPolicy retry = s.composed[2].retry();
  EXPECT_EQ(retry.max_attempts, 4);
  EXPECT_EQ(retry.backoff, sim::Backoff::Constant);
  EXPECT_EQ(s.composed[2].number("grace_ms"), 5000);
  EXPECT_EQ(s.composed[3].number("silence_timeout_ms"), 60000);
  EXPECT_EQ(s.composed[4].text("reaction"), "set_offline");  // a bare name: its defaults
  EXPECT_TRUE(s.traits().heartbeat_interval_ms == 10000);
}

TEST(ComposedStrategy, EveryMistakeIsReportedAtItsLineAndColumnWithADidYouMean) {
  const LoadResult r = load(
      "scenarios:\n"
      "  - name: bad\n"
      "    strategy:\n"
      "      page:\n"
      "        - on: [beforeunload, pagehid]\n"
      "          do: {notify_backend: {transport: beacn}}\n"
      "        - heartbet: {interval_ms: 1000}\n"
      "        - sweeper: {}\n"
      "      backend:\n"
      "        - put_user_status_on_notify: {grace_ms: -1, retry: {max_atempts: 3}}\n"
      "      frontend: []\n");
  EXPECT_EQ(formatted(r),
            (std::vector<std::string>{
                "test.yaml:5:15: error: strategy.page[0].on: 'pagehid' is not one of beforeunload, "
                "pagehide, visibility_hidden and freeze\n  hint: did you mean 'pagehide'?",
                "test.yaml:6:44: error: strategy.page[0].notify_backend.transport: expected "
                "keepalive, beacon or fetch\n  hint: did you mean 'beacon'?",
                "test.yaml:7:11: error: unknown page component 'heartbet'\n  hint: did you mean "
                "'heartbeat'?",
                "test.yaml:8:11: error: 'sweeper' is a backend component, not a page one\n  hint: "
                "move it under strategy.backend",
                "test.yaml:10:49: error: strategy.backend[0].grace_ms: must be between 0 and "
                "3600000 ms, got -1",
                "test.yaml:10:61: error: unknown parameter 'max_atempts' of a retry policy\n  "
                "hint: did you mean 'max_attempts'?",
                "test.yaml:11:7: error: unknown key 'frontend' of a composed strategy\n  hint: its "
                "keys: name, page, backend"}));
  EXPECT_TRUE(r.scenarios.empty());
}

TEST(ComposedStrategy, APresetsNameOrTwoSweepersAreRefused) {
  const LoadResult named = load(
      "scenarios:\n  - name: x\n    strategy:\n      name: beforeunload_retry\n"
      "      page: [heartbeat]\n");
  ASSERT_EQ(named.errors.size(), 1u);
  EXPECT_NE(named.errors[0].message.find("is a built-in strategy"), std::string::npos)
      << named.errors[0].format();
  const LoadResult two = load(
      "scenarios:\n  - name: x\n    strategy:\n      page: [heartbeat]\n"
      "      backend: [sweeper, {sweeper: {signal: event_stream}}]\n");
  ASSERT_EQ(two.errors.size(), 1u);
  EXPECT_EQ(two.errors[0].format(),
            "test.yaml:3:5: error: strategy: sweeper: at most one sweeper per strategy");
}

TEST(ComposedStrategy, AListLongerThanTheLimitIsRefused) {
  std::string items;
  for (std::size_t i = 0; i <= sim::kMaxComponents; ++i) items += "heartbeat, ";
  const LoadResult r = load("scenarios:\n  - name: x\n    strategy:\n      page: [" + items + "]\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("at most 16 components, got 17"), std::string::npos)
      << r.errors[0].format();
}

}  // namespace
}  // namespace agentsim::scenarios
