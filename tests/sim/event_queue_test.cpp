// Tests of agentsim/sim/event_queue.h: (time, insertion) order, bounded capacity.
#include "agentsim/sim/event_queue.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace agentsim::sim {
namespace {

template <typename T>
std::vector<T> drain(EventQueue<T>& queue) {
  std::vector<T> payloads;
  while (!queue.empty()) payloads.push_back(queue.pop().payload);
  return payloads;
}

TEST(EventQueue, PopsInTimeOrder) {
  EventQueue<std::string> queue(8);
  ASSERT_TRUE(queue.push(30, "c"));
  ASSERT_TRUE(queue.push(10, "a"));
  ASSERT_TRUE(queue.push(20, "b"));
  ASSERT_TRUE(queue.push(-5, "before zero"));
  EXPECT_EQ(queue.top().time_us, -5);
  EXPECT_EQ(drain(queue), (std::vector<std::string>{"before zero", "a", "b", "c"}));
}

TEST(EventQueue, EventsAtTheSameTimePopInInsertionOrder) {
  EventQueue<int> queue(16);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(queue.push(i % 2 == 0 ? 100 : 50, i));
  // Time 50 first (odd payloads, in the order pushed), then time 100 (even payloads).
  EXPECT_EQ(drain(queue), (std::vector<int>{1, 3, 5, 7, 9, 0, 2, 4, 6, 8}));
}

TEST(EventQueue, EntriesCarryTheirSequenceNumbers) {
  EventQueue<char> queue(4);
  ASSERT_TRUE(queue.push(7, 'x'));
  ASSERT_TRUE(queue.push(7, 'y'));
  const auto first = queue.pop();
  const auto second = queue.pop();
  EXPECT_EQ(first.seq, 0u);
  EXPECT_EQ(second.seq, 1u);
  EXPECT_EQ(first.payload, 'x');
  EXPECT_EQ(second.time_us, 7);
}

TEST(EventQueue, RefusesAPushAtCapacityAndCountsTheOverflow) {
  EventQueue<int> queue(3);
  ASSERT_TRUE(queue.push(1, 1));
  ASSERT_TRUE(queue.push(2, 2));
  ASSERT_TRUE(queue.push(3, 3));
  EXPECT_FALSE(queue.push(0, 0));  // refused even though it would be the earliest
  EXPECT_EQ(queue.size(), 3u);
  EXPECT_EQ(queue.overflow_count(), 1u);
  EXPECT_EQ(queue.top().payload, 1);  // the refused event left no trace
  queue.pop();
  EXPECT_TRUE(queue.push(0, 0));  // room again after a pop
  EXPECT_EQ(drain(queue), (std::vector<int>{0, 2, 3}));
  EXPECT_EQ(queue.overflow_count(), 1u);
}

TEST(EventQueue, ZeroCapacityRefusesEveryPush) {
  EventQueue<int> queue(0);
  EXPECT_FALSE(queue.push(1, 1));
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.overflow_count(), 1u);
}

TEST(EventQueue, ClearBehavesLikeANewQueueOfTheSameCapacity) {
  EventQueue<int> queue(2);
  ASSERT_TRUE(queue.push(5, 5));
  ASSERT_TRUE(queue.push(6, 6));
  EXPECT_FALSE(queue.push(7, 7));
  queue.clear();
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.capacity(), 2u);
  EXPECT_EQ(queue.overflow_count(), 0u);
  ASSERT_TRUE(queue.push(9, 9));
  EXPECT_EQ(queue.top().seq, 0u);  // sequence numbers restart
}

TEST(EventQueue, HoldsMoveOnlyPayloads) {
  EventQueue<std::unique_ptr<int>> queue(2);
  ASSERT_TRUE(queue.push(2, std::make_unique<int>(2)));
  ASSERT_TRUE(queue.push(1, std::make_unique<int>(1)));
  EXPECT_EQ(*queue.pop().payload, 1);
  EXPECT_EQ(*queue.pop().payload, 2);
}

// The reference model: a map ordered by (time, insertion number), checked against `queue` (of
// capacity 16, empty) over random interleavings of pushes and pops, including overflow. Pushed
// times are the operation's int8 divided by `time_divisor`: few distinct times, so that ties
// are common.
void check_against_the_reference(EventQueue<int>& queue,
                                 const std::vector<std::pair<bool, int8_t>>& operations,
                                 int time_divisor, int time_multiplier = 1) {
  constexpr size_t kCapacity = 16;
  RC_ASSERT(queue.capacity() == kCapacity && queue.empty());
  std::map<std::pair<int64_t, uint64_t>, int> model;
  uint64_t next_seq = 0, overflows = 0;
  int payload = 0;
  for (const auto& [is_push, time] : operations) {
    if (is_push) {
      const int64_t time_us = int64_t{time} * time_multiplier / time_divisor;
      const bool accepted = queue.push(time_us, payload);
      RC_ASSERT(accepted == (model.size() < kCapacity));
      if (accepted) {
        model.emplace(std::make_pair(time_us, next_seq++), payload);
      } else {
        overflows += 1;
      }
      payload += 1;
    } else if (!model.empty()) {
      RC_ASSERT(queue.top().seq == model.begin()->first.second);
      const auto entry = queue.pop();
      const auto earliest = model.begin();
      RC_ASSERT(entry.time_us == earliest->first.first);
      RC_ASSERT(entry.seq == earliest->first.second);
      RC_ASSERT(entry.payload == earliest->second);
      model.erase(earliest);
    }
    RC_ASSERT(queue.size() == model.size());
    RC_ASSERT(queue.empty() == model.empty());
    RC_ASSERT(queue.entries().size() == model.size());
    RC_ASSERT(queue.overflow_count() == overflows);
  }
}

RC_GTEST_PROP(EventQueue, MatchesAnOrderedMapReferenceModel,
              (const std::vector<std::pair<bool, int8_t>>& operations)) {
  EventQueue<int> queue(16);
  check_against_the_reference(queue, operations, 16);
}

// With a far horizon the events wait in two heaps; the pop order must stay the reference's, for
// any horizon, over pushes before and after the last popped time (times go back as well).
RC_GTEST_PROP(EventQueue, AFarHorizonKeepsThePopOrder,
              (const std::vector<std::pair<bool, int8_t>>& operations, uint8_t horizon)) {
  EventQueue<int> queue(16);
  queue.set_far_horizon(horizon % 12);
  check_against_the_reference(queue, operations, 4);  // times spread over the horizon
}

// The calendar (a ring of 1024 buckets) over times placed to reach each of its parts: spread wider
// than its window (1 us buckets, times -4,096 to 4,064 us) so that events go to the far heap too
// and the ring's slots wrap; or several distinct times to a bucket (8 us buckets, times 3 us
// apart; 64 us buckets, 50 us apart), so that a bucket made current must be ordered, and a bucket
// of 16 events fills a second block.
RC_GTEST_PROP(EventQueue, ACalendarKeepsThePopOrderAcrossItsWindow,
              (const std::vector<std::pair<bool, int8_t>>& operations, uint8_t layout)) {
  struct Layout {
    int64_t horizon_us;
    int time_multiplier;
  };
  constexpr Layout kLayouts[] = {{0, 32}, {8192, 3}, {65536, 50}};
  const Layout& chosen = kLayouts[layout % 3];
  EventQueue<int> queue(16);
  queue.set_far_horizon(chosen.horizon_us);
  check_against_the_reference(queue, operations, 1, chosen.time_multiplier);
}

TEST(EventQueue, AFarHorizonPopsEventsNearAndFarInTimeThenInsertionOrder) {
  EventQueue<int> queue(8);
  queue.set_far_horizon(100);
  ASSERT_TRUE(queue.push(1000, 1));  // far (after 0 + 100)
  ASSERT_TRUE(queue.push(50, 2));    // near
  ASSERT_TRUE(queue.push(1000, 3));  // far, after 1 at the same time
  ASSERT_TRUE(queue.push(100, 4));   // near (exactly the horizon)
  EXPECT_EQ(queue.size(), 4u);
  EXPECT_EQ(queue.top().payload, 2);
  EXPECT_EQ(queue.pop().payload, 2);
  EXPECT_EQ(queue.pop().payload, 4);
  ASSERT_TRUE(queue.push(150, 5));  // near now (last popped 100)
  EXPECT_EQ(queue.pop().payload, 5);
  EXPECT_EQ(queue.pop().payload, 1);
  EXPECT_EQ(queue.pop().payload, 3);
  EXPECT_TRUE(queue.empty());
  queue.clear();
  ASSERT_TRUE(queue.push(1000, 6));  // a cleared queue: last popped 0 again, the horizon kept
  EXPECT_EQ(queue.pop().payload, 6);
}

}  // namespace
}  // namespace agentsim::sim
