// Heartbeats off the queue (Component::heartbeat_notice): when no component acts on a heartbeat,
// a center runs its agents' heartbeats without the event queue, before anything may see them.
// The shift must be the one the queue gives: the same strategy with a component added that does
// nothing but say it Acts on heartbeats (so they go through the queue again) gives the same
// outcome, field for field, except the count of events (a timer the queue voids was an event).
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "agentsim/sim/center.h"
#include "agentsim/sim/component.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::sim {
namespace {

// Nothing but the default answer: its heartbeat notice Acts, so the heartbeats are queue events.
class QueuedHeartbeats final : public Component {};

// Says Local, yet sets a timer from the notice: a broken promise the engine must refuse.
class BrokenPromise final : public Component {
 public:
  HeartbeatNotice heartbeat_notice() const override { return HeartbeatNotice::Local; }
  void on_backend_notice(StrategyHost& host, Notice n) override {
    if (n == Notice::Heartbeat) host.set_backend_timer(1000, 0);
  }
};

template <class C>
const ComponentDescriptor& descriptor(const char* name) {
  static const ComponentDescriptor d{
      name, "backend", "A test's component.", {}, nullptr, nullptr, nullptr,
      [](const ComponentConfig&) -> std::unique_ptr<Component> { return std::make_unique<C>(); }};
  if (find_component(name) == nullptr) register_component(d);
  return d;
}

ComponentConfig config_of(const char* name) { return find_component(name)->defaults(); }

SessionSpec with(std::vector<ComponentConfig> components, SessionSpec spec) {
  spec.strategy = composed_config(std::move(components), "test");
  return spec;
}

// A shift that exercises every way the heartbeats change: breaks (they stop and start again), the
// end-of-shift burst with every close kind (a dialog blocks them, a crash stops them, a second tab
// keeps them), and heartbeats lost often enough that the sweeper sets working agents Offline and
// watches them anew when the heartbeats return.
CenterSpec busy_shift() {
  CenterSpec c;
  c.agents = 40;
  c.incoming_agents = 10;
  c.shift_ms = 4 * 3600000.0;
  c.contact_rate_per_min = 6;
  c.close_pattern = ClosePattern::Burst;
  c.burst_at_ms = 3 * 3600000.0;
  c.burst_spread_ms = 600000;
  c.after_shift_ms = 1800000;
  c.breaks_per_agent = 2;
  c.break_duration_min_ms = 60000;
  c.break_duration_max_ms = 900000;
  return c;
}

SessionSpec lossy(SessionSpec spec) {
  spec.env.heartbeat_loss_prob = 0.4;  // three in a row (90 s of silence) about once an hour
  return spec;
}

// The same components, and one that says it Acts on heartbeats: they go through the queue again.
SessionSpec queued(SessionSpec spec) {
  descriptor<QueuedHeartbeats>("test_queued_heartbeats");
  std::vector<ComponentConfig> parts = spec.strategy.components();
  parts.push_back(config_of("test_queued_heartbeats"));
  return with(std::move(parts), std::move(spec));
}

// Timeline lines of four shifts run both ways, each shift identical but for its count of events;
// returns how many lines of the off-queue runs hold each of `lines`.
std::vector<int> expect_same_shifts(const SessionSpec& off_queue, const std::vector<std::string>& lines) {
  const SessionSpec in_queue = queued(off_queue);
  const CenterSpec c = busy_shift();
  EXPECT_TRUE(off_queue.validate().empty());
  EXPECT_TRUE(in_queue.validate().empty());
  EXPECT_TRUE(c.validate().empty());
  std::vector<int> seen(lines.size(), 0);
  for (std::uint64_t shift = 0; shift < 4; ++shift) {
    SCOPED_TRACE(shift);
    CenterTrace trace;
    trace.timeline = true;
    const CenterOutcome a = run_center(off_queue, c, 21, shift, &trace);
    CenterOutcome b = run_center(in_queue, c, 21, shift);
    EXPECT_FALSE(a.budget_exceeded);
    EXPECT_LE(a.events_processed, b.events_processed) << "a voided heartbeat timer is no event off the queue";
    b.events_processed = a.events_processed;
    EXPECT_TRUE(a == b) << "ghost agents " << a.ghost_agents << " / " << b.ghost_agents
                        << ", spurious Offline " << a.spurious_offline_agents << " / "
                        << b.spurious_offline_agents << ", first detection " << a.first_detection_us
                        << " / " << b.first_detection_us;
    for (const TraceEntry& e : trace.entries) {
      for (std::size_t k = 0; k < lines.size(); ++k) seen[k] += e.text.find(lines[k]) != std::string::npos;
    }
  }
  return seen;
}

TEST(OffQueueHeartbeats, a_heartbeat_sweeper_shift_is_the_one_the_queue_gives) {
  SessionSpec preset;
  preset.strategy = default_config(StrategyKind::HeartbeatSweeper);
  const std::vector<int> seen = expect_same_shifts(
      lossy(preset), {"sweeper: the agent has been silent too long", "heartbeats again: the sweeper will watch"});
  EXPECT_GT(seen[0], 0) << "the heartbeats were never silent: the case tests little";
  EXPECT_GT(seen[1], 0) << "no heartbeat after a sweeper's Offline: the case tests little";
}

TEST(OffQueueHeartbeats, a_dialog_and_a_grace_period_give_the_shift_the_queue_gives) {
  SessionSpec base;
  base.strategy = default_config(StrategyKind::BeforeunloadConfirm);  // the dialog blocks beats
  std::vector<ComponentConfig> parts = base.strategy.components();
  parts.push_back(config_of("heartbeat"));
  parts.push_back(config_of("sweeper"));
  parts.push_back(config_of("notify_backend"));
  ComponentConfig grace = config_of("put_user_status_on_notify");
  grace.set_number("grace_ms", 60000);  // a heartbeat within the minute cancels the Offline
  parts.push_back(grace);
  const std::vector<int> seen = expect_same_shifts(
      lossy(with(parts, base)), {"shows the leave-page dialog", "within the grace period (heartbeat)",
                                 "sweeper: the agent has been silent too long"});
  EXPECT_GT(seen[0], 0) << "no dialog blocked the heartbeats: the case tests little";
  EXPECT_GT(seen[1], 0) << "no heartbeat ended a grace period: the case tests little";
  EXPECT_GT(seen[2], 0) << "the heartbeats were never silent: the case tests little";
}

TEST(OffQueueHeartbeats, a_component_that_says_local_yet_calls_the_host_stops_the_shift) {
  descriptor<BrokenPromise>("test_broken_promise");
  SessionSpec preset;
  preset.strategy = default_config(StrategyKind::HeartbeatSweeper);
  std::vector<ComponentConfig> parts = preset.strategy.components();
  parts.push_back(config_of("test_broken_promise"));
  const SessionSpec spec = with(parts, preset);
  ASSERT_TRUE(spec.validate().empty());
  try {
    run_center(spec, busy_shift(), 21, 0);
    ADD_FAILURE() << "no error";
  } catch (const std::logic_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "component 'test_broken_promise' of strategy 'test: heartbeat + sweeper + test_broken_promise' "
              "scheduled an event (a call, a "
              "timer) from on_backend_notice(Heartbeat), though its heartbeat_notice() says Local: "
              "a component that acts on a heartbeat must say HeartbeatNotice::Acts (component.h)");
  }
}

}  // namespace
}  // namespace agentsim::sim
