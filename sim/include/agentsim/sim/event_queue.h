// EventQueue<T>: the pending events of a discrete-event simulation, earliest first.
//
// Order. Events pop in increasing time_us; events at the same time pop in the order they were
// pushed (a sequence number, assigned by push, breaks the tie). (time_us, seq) is a strict total
// order, so the pop order is fully determined by the pushes: no dependence on the heap
// algorithm, the standard library or the payload.
//
// Bounded. The capacity is fixed at construction and storage is reserved once: push never
// allocates, pop never frees, clear keeps the storage. A push into a full queue is refused
// (returns false, the queue is unchanged) and counted in overflow_count(); the caller turns that
// into a clear error ("event queue full at capacity N") rather than growing without limit.
//
// Cost: push and pop O(log n), top O(1). Not thread-safe: one queue per simulated session.
//
// Example:
//   EventQueue<Event> queue(1024);
//   if (!queue.push(now_us + ring_timeout_us, Event::kRingTimeout)) return Error::kQueueFull;
//   while (!queue.empty()) { auto entry = queue.pop(); handle(entry.time_us, entry.payload); }
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace agentsim::sim {

// REQUIRES of T: move-constructible and move-assignable.
template <typename T>
class EventQueue {
 public:
  struct Entry {
    int64_t time_us;  // simulated time at which the event fires
    uint64_t seq;     // insertion number since construction or the last clear(); breaks ties
    T payload;
  };

  // A queue holding at most `capacity` events. Reserves the storage now, once.
  explicit EventQueue(size_t capacity);

  // Schedules `payload` at `time_us`. Returns false, and changes nothing but overflow_count(),
  // when the queue already holds capacity() events.
  [[nodiscard]] bool push(int64_t time_us, T payload);

  // The earliest event (smallest time_us, then smallest seq). REQUIRES: !empty().
  const Entry& top() const;

  // Removes and returns the earliest event. REQUIRES: !empty().
  Entry pop();

  bool empty() const { return heap_.empty(); }
  // The pending events in heap order (not pop order): for fingerprints of a session's state.
  const std::vector<Entry>& entries() const { return heap_; }
  size_t size() const { return heap_.size(); }
  size_t capacity() const { return capacity_; }

  // The number of refused pushes since construction or the last clear().
  uint64_t overflow_count() const { return overflow_count_; }

  // Drops every event and restarts sequence numbers and overflow_count at 0, so a cleared queue
  // behaves exactly like a new one. Keeps the reserved storage.
  void clear();

 private:
  // Heap order: true when `a` pops after `b`. std::push_heap builds a max-heap of this
  // relation, whose top is the earliest event. A type rather than a function pointer, so that
  // the comparison inlines.
  struct PopsAfter {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.time_us != b.time_us ? a.time_us > b.time_us : a.seq > b.seq;
    }
  };

  std::vector<Entry> heap_;
  size_t capacity_;
  uint64_t next_seq_ = 0;
  uint64_t overflow_count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Template definitions.

template <typename T>
EventQueue<T>::EventQueue(size_t capacity) : capacity_(capacity) {
  heap_.reserve(capacity);
}

template <typename T>
bool EventQueue<T>::push(int64_t time_us, T payload) {
  if (heap_.size() >= capacity_) {
    overflow_count_ += 1;
    return false;
  }
  // Within the reserved capacity: push_back does not reallocate.
  heap_.push_back(Entry{time_us, next_seq_++, std::move(payload)});
  std::push_heap(heap_.begin(), heap_.end(), PopsAfter{});
  return true;
}

template <typename T>
const typename EventQueue<T>::Entry& EventQueue<T>::top() const {
  assert(!heap_.empty());
  return heap_.front();
}

template <typename T>
typename EventQueue<T>::Entry EventQueue<T>::pop() {
  assert(!heap_.empty());
  std::pop_heap(heap_.begin(), heap_.end(), PopsAfter{});
  Entry earliest = std::move(heap_.back());
  heap_.pop_back();
  return earliest;
}

template <typename T>
void EventQueue<T>::clear() {
  heap_.clear();
  next_seq_ = 0;
  overflow_count_ = 0;
}

}  // namespace agentsim::sim
