// Private to sim/: a center's routable agents in routing order (center_run.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace agentsim::sim::detail {

// The routable agents of a center in routing order: longest available first, ties to the lower
// agent index [D 44]. An agent joins with the time it became routable. A center's clock never
// goes back, so a joiner almost always goes at the back (behind those of its own time with a
// lower index): joining, leaving and taking the first are O(1), through links in arrays indexed
// by agent — no node to allocate, no tree to walk, and the few lines each change touches stay in
// the cache however many agents there are. A join out of time order is still placed correctly
// (it walks forward from the back to its place), only not in O(1).
class RoutingQueue {
 public:
  explicit RoutingQueue(std::size_t agents = 0)
      : since_us_(agents, -1), prev_(agents, kNone), next_(agents, kNone) {}

  bool empty() const { return head_ == kNone; }
  std::size_t size() const { return size_; }
  bool contains(std::uint32_t agent) const { return since_us_[agent] >= 0; }
  // When `agent` became routable. REQUIRES: contains(agent).
  std::int64_t since_us(std::uint32_t agent) const { return since_us_[agent]; }
  // The agent routed to first. REQUIRES: !empty().
  std::uint32_t front() const { return head_; }

  // REQUIRES: !contains(agent), since_us >= 0.
  void join(std::uint32_t agent, std::int64_t since_us) {
    since_us_[agent] = since_us;
    // The last agent to stay ahead of it: the back, or further forward past any that route after.
    std::uint32_t before = tail_;
    while (before != kNone && routes_after(before, agent)) before = prev_[before];
    const std::uint32_t after = before == kNone ? head_ : next_[before];
    prev_[agent] = before;
    next_[agent] = after;
    (before == kNone ? head_ : next_[before]) = agent;
    (after == kNone ? tail_ : prev_[after]) = agent;
    ++size_;
  }

  // REQUIRES: contains(agent).
  void leave(std::uint32_t agent) {
    const std::uint32_t before = prev_[agent];
    const std::uint32_t after = next_[agent];
    (before == kNone ? head_ : next_[before]) = after;
    (after == kNone ? tail_ : prev_[after]) = before;
    prev_[agent] = next_[agent] = kNone;
    since_us_[agent] = -1;
    --size_;
  }

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  // `a` (in the queue) routes after `b` (joining): later, or as long and a higher index.
  bool routes_after(std::uint32_t a, std::uint32_t b) const {
    return since_us_[a] != since_us_[b] ? since_us_[a] > since_us_[b] : a > b;
  }
  std::vector<std::int64_t> since_us_;  // -1: not in the queue
  std::vector<std::uint32_t> prev_;
  std::vector<std::uint32_t> next_;
  std::uint32_t head_ = kNone;
  std::uint32_t tail_ = kNone;
  std::size_t size_ = 0;
};

}  // namespace agentsim::sim::detail
