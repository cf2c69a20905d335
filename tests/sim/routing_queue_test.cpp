// Tests of RoutingQueue (sim/src/routing_queue.h), a center's routable agents in routing order:
// against an ordered set of (since, agent) — the structure it replaced — under random joins,
// leaves and routings, with the center's clock going forward (the O(1) path) and with joins out
// of time order (the walk), and the orders it must give by hand.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "routing_queue.h"

namespace agentsim::sim::detail {
namespace {

// Everything the queue says, in routing order, by taking the front until it is empty (a copy).
std::vector<std::uint32_t> drain(RoutingQueue q) {
  std::vector<std::uint32_t> order;
  while (!q.empty()) {
    order.push_back(q.front());
    q.leave(q.front());
  }
  return order;
}

TEST(RoutingQueue, LongestAvailableFirstThenTheLowerIndex) {
  RoutingQueue q(6);
  EXPECT_TRUE(q.empty());
  q.join(4, 100);
  q.join(2, 100);  // the same time as 4, a lower index: ahead of it
  q.join(5, 200);
  q.join(0, 200);
  q.join(3, 50);  // earlier than everyone in the queue: to the front
  EXPECT_EQ(q.size(), 5u);
  EXPECT_TRUE(q.contains(2));
  EXPECT_FALSE(q.contains(1));
  EXPECT_EQ(q.since_us(5), 200);
  EXPECT_EQ(drain(q), (std::vector<std::uint32_t>{3, 2, 4, 0, 5}));
  q.leave(2);  // from the middle
  q.leave(5);  // the back
  q.leave(3);  // the front
  EXPECT_FALSE(q.contains(2));
  EXPECT_EQ(drain(q), (std::vector<std::uint32_t>{4, 0}));
  q.join(2, 300);  // again, later: now at the back
  EXPECT_EQ(drain(q), (std::vector<std::uint32_t>{4, 0, 2}));
}

// One random history, checked against std::set after every step. `forward`: join times never go
// back (a center's clock); otherwise they are anywhere in [0, 50].
void check_against_set(bool forward) {
  const auto agents = *rc::gen::inRange<std::uint32_t>(1, 40);
  const auto steps = *rc::gen::inRange(0, 300);
  RoutingQueue q(agents);
  std::set<std::pair<std::int64_t, std::uint32_t>> ref;
  std::vector<std::int64_t> since(agents, -1);
  std::int64_t now = 0;
  for (int s = 0; s < steps; ++s) {
    const auto agent = *rc::gen::inRange<std::uint32_t>(0, agents);
    const auto op = *rc::gen::inRange(0, 3);
    if (forward) {
      now += *rc::gen::inRange<std::int64_t>(0, 3);  // often the same time: ties
    } else {
      now = *rc::gen::inRange<std::int64_t>(0, 51);
    }
    if (op == 0 && since[agent] < 0) {
      q.join(agent, now);
      ref.emplace(now, agent);
      since[agent] = now;
    } else if (op == 1 && since[agent] >= 0) {
      q.leave(agent);
      ref.erase({since[agent], agent});
      since[agent] = -1;
    } else if (op == 2 && !ref.empty()) {
      RC_ASSERT(q.front() == ref.begin()->second);
      since[q.front()] = -1;
      q.leave(q.front());
      ref.erase(ref.begin());
    }
    RC_ASSERT(q.size() == ref.size());
    RC_ASSERT(q.empty() == ref.empty());
    for (std::uint32_t a = 0; a < agents; ++a) {
      RC_ASSERT(q.contains(a) == (since[a] >= 0));
      if (since[a] >= 0) RC_ASSERT(q.since_us(a) == since[a]);
    }
  }
  std::vector<std::uint32_t> expected;
  for (const auto& [t, a] : ref) expected.push_back(a);
  RC_ASSERT(drain(q) == expected);
}

RC_GTEST_PROP(RoutingQueue, OrdersAsTheOrderedSetWhenTheClockGoesForward, ()) { check_against_set(true); }

RC_GTEST_PROP(RoutingQueue, OrdersAsTheOrderedSetWhateverTheJoinTimes, ()) { check_against_set(false); }

}  // namespace
}  // namespace agentsim::sim::detail
