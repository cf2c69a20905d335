// Private to sim/: a center's routable agents in routing order (center_run.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace agentsim::sim::detail {

// The routable agents of a center in routing order: longest available first, ties to the lower
// agent index [D 44]. An agent joins with the time it became routable. A center's clock never
// goes back, so a joiner almost always goes at the back (behind those of its own time with a
// lower index): joining, leaving and taking the first are O(1), through links in one array indexed
// by agent — no node to allocate, no tree to walk; an agent's time and both its links share one
// 16-byte node, so a change touches one line per agent it relinks. A join out of time order is still placed correctly
// (it walks forward from the back to its place), only not in O(1).
class RoutingQueue {
 public:
  explicit RoutingQueue(std::size_t agents = 0)
      : nodes_(agents) {}

  bool empty() const { return head_ == kNone; }
  std::size_t size() const { return size_; }
  bool contains(std::uint32_t agent) const { return nodes_[agent].since_us >= 0; }
  // When `agent` became routable. REQUIRES: contains(agent).
  std::int64_t since_us(std::uint32_t agent) const { return nodes_[agent].since_us; }
  // The agent routed to first. REQUIRES: !empty().
  std::uint32_t front() const { return head_; }

  // REQUIRES: !contains(agent), since_us >= 0.
  void join(std::uint32_t agent, std::int64_t since_us) {
    nodes_[agent].since_us = since_us;
    // The last agent to stay ahead of it: the back, or further forward past any that route after.
    std::uint32_t before = tail_;
    while (before != kNone && routes_after(before, agent)) before = nodes_[before].prev;
    const std::uint32_t after = before == kNone ? head_ : nodes_[before].next;
    nodes_[agent].prev = before;
    nodes_[agent].next = after;
    (before == kNone ? head_ : nodes_[before].next) = agent;
    (after == kNone ? tail_ : nodes_[after].prev) = agent;
    ++size_;
  }

  // REQUIRES: contains(agent).
  void leave(std::uint32_t agent) {
    const std::uint32_t before = nodes_[agent].prev;
    const std::uint32_t after = nodes_[agent].next;
    (before == kNone ? head_ : nodes_[before].next) = after;
    (after == kNone ? tail_ : nodes_[after].prev) = before;
    nodes_[agent].prev = nodes_[agent].next = kNone;
    nodes_[agent].since_us = -1;
    --size_;
  }

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  // `a` (in the queue) routes after `b` (joining): later, or as long and a higher index.
  bool routes_after(std::uint32_t a, std::uint32_t b) const {
    return nodes_[a].since_us != nodes_[b].since_us ? nodes_[a].since_us > nodes_[b].since_us : a > b;
  }
  struct Node {
    std::int64_t since_us = -1;  // -1: not in the queue
    std::uint32_t prev = kNone;
    std::uint32_t next = kNone;
  };
  std::vector<Node> nodes_;
  std::uint32_t head_ = kNone;
  std::uint32_t tail_ = kNone;
  std::size_t size_ = 0;
};

}  // namespace agentsim::sim::detail
