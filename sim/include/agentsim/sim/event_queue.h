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
// Cost: push and pop O(log n), top O(1). Not thread-safe: one queue per simulated session (or
// per center shift).
//
// Far events (set_far_horizon). A center's queue holds thousands of events hours ahead — every
// agent's end of shift, every incoming agent's start — beneath the few due soon, and each pop
// walks the whole heap's depth, whose lower levels are out of the cache. With a horizon, an event
// pushed more than that after the last popped one's time goes to a second heap instead; a pop
// takes the earlier of the two heaps' tops. The pop order is the same (time_us, seq) order: only
// where the waiting events sit changes.
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

  // Events pushed more than `horizon_us` after the time of the last one popped (0 before any)
  // wait in the far heap (see the top of this file). Reserves its storage now, once.
  // REQUIRES: empty(), horizon_us >= 0.
  void set_far_horizon(int64_t horizon_us);

  bool empty() const { return heap_.empty() && far_.empty(); }
  // The pending events, in no particular order (not pop order): for fingerprints of a
  // session's state.
  std::vector<Entry> entries() const;
  size_t size() const { return heap_.size() + far_.size(); }
  size_t capacity() const { return capacity_; }

  // The number of refused pushes since construction or the last clear().
  uint64_t overflow_count() const { return overflow_count_; }

  // Drops every event and restarts sequence numbers and overflow_count at 0, so a cleared queue
  // behaves exactly like a new one. Keeps the reserved storage (and the far horizon).
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

  // Whether `far_`'s top pops before `heap_`'s (REQUIRES: !empty()).
  bool far_first() const { return !far_.empty() && (heap_.empty() || PopsAfter{}(heap_.front(), far_.front())); }

  std::vector<Entry> heap_;
  std::vector<Entry> far_;  // set_far_horizon; a heap as heap_
  bool far_on_ = false;
  uint64_t far_horizon_us_ = 0;
  int64_t last_popped_us_ = 0;
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
  if (size() >= capacity_) {
    overflow_count_ += 1;
    return false;
  }
  // The difference in unsigned arithmetic: exact for any two times when time_us is the later.
  const bool far = far_on_ && time_us > last_popped_us_ &&
                   static_cast<uint64_t>(time_us) - static_cast<uint64_t>(last_popped_us_) > far_horizon_us_;
  std::vector<Entry>& heap = far ? far_ : heap_;
  // Within the reserved capacity: push_back does not reallocate.
  heap.push_back(Entry{time_us, next_seq_++, std::move(payload)});
  std::push_heap(heap.begin(), heap.end(), PopsAfter{});
  return true;
}

template <typename T>
const typename EventQueue<T>::Entry& EventQueue<T>::top() const {
  assert(!empty());
  return far_first() ? far_.front() : heap_.front();
}

template <typename T>
typename EventQueue<T>::Entry EventQueue<T>::pop() {
  assert(!empty());
  std::vector<Entry>& heap = far_first() ? far_ : heap_;
  std::pop_heap(heap.begin(), heap.end(), PopsAfter{});
  Entry earliest = std::move(heap.back());
  heap.pop_back();
  last_popped_us_ = earliest.time_us;
  return earliest;
}

template <typename T>
void EventQueue<T>::set_far_horizon(int64_t horizon_us) {
  assert(empty() && horizon_us >= 0);
  far_on_ = true;
  far_horizon_us_ = static_cast<uint64_t>(horizon_us);
  far_.reserve(capacity_);
}

template <typename T>
std::vector<typename EventQueue<T>::Entry> EventQueue<T>::entries() const {
  std::vector<Entry> all(heap_.begin(), heap_.end());
  all.insert(all.end(), far_.begin(), far_.end());
  return all;
}

template <typename T>
void EventQueue<T>::clear() {
  heap_.clear();
  far_.clear();
  last_popped_us_ = 0;
  next_seq_ = 0;
  overflow_count_ = 0;
}

}  // namespace agentsim::sim
