// A team's own sweeper in center mode: the center passes only over the agents due
// (Component::sweep_due_us), so a sweeper that does not say when it is due must be passed over at
// every tick — else its passes would silently never happen and the shift would look clean.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>

#include "agentsim/sim/center.h"
#include "agentsim/sim/component.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::sim {
namespace {

std::uint64_t passes = 0;  // on_sweep_pass calls of every TickCounter

// A sweeper (its traits set a period) that overrides on_sweep_pass and nothing else.
class TickCounter final : public Component {
 public:
  void on_sweep_pass(StrategyHost&) override { ++passes; }
};

constexpr double kPeriodMs = 15000;

const ComponentDescriptor& tick_counter() {
  static const ComponentDescriptor d{
      "test_tick_counter", "backend", "Counts the sweeper passes it is given (a test's).", {},
      nullptr,
      [](const ComponentConfig&) {
        ComponentTraits t;
        t.sweep_period_ms = kPeriodMs;
        return t;
      },
      nullptr,
      [](const ComponentConfig&) -> std::unique_ptr<Component> { return std::make_unique<TickCounter>(); }};
  return d;
}

TEST(CustomSweeper, one_that_does_not_say_when_it_is_due_is_passed_over_every_agent_at_every_tick) {
  if (find_component("test_tick_counter") == nullptr) {
    ASSERT_TRUE(register_component(tick_counter()));
  }
  SessionSpec session;
  session.strategy = composed_config({find_component("test_tick_counter")->defaults()}, "counting");
  ASSERT_TRUE(session.validate().empty());
  CenterSpec center;
  center.agents = 7;
  center.shift_ms = 600000;  // 10 min: 40 ticks of 15 s
  center.contact_rate_per_min = 0;
  center.close_pattern = ClosePattern::None;
  center.after_shift_ms = 0;
  ASSERT_TRUE(center.validate().empty());
  for (std::uint64_t shift = 0; shift < 5; ++shift) {
    passes = 0;
    const CenterOutcome o = run_center(session, center, 11, shift);
    ASSERT_FALSE(o.budget_exceeded);
    // The first tick falls in [0, 15 s), then one every 15 s to the end at 600 s: 40 ticks (41
    // when the phase is 0, the last one at 600 s itself).
    EXPECT_TRUE(passes == 7u * 40 || passes == 7u * 41) << "shift " << shift << ": " << passes << " passes";
  }
}

}  // namespace
}  // namespace agentsim::sim
