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
// Cost: push and pop O(log n), top O(1) (with a far horizon: pop O(1) from the current bucket,
// push O(k) into it for its k events, and a sort of the next bucket when it empties). Not thread-safe: one queue per simulated session (or
// per center shift).
//
// Far events and a calendar (set_far_horizon). A center's queue holds thousands of events hours
// ahead — every agent's end of shift, every incoming agent's start — beneath the few due soon, and
// a binary heap's pop walks its whole depth, whose lower levels are out of the cache. With a
// horizon, the events due soon sit in a calendar: a ring of kRingBuckets buckets of a fixed width
// (a power of two of microseconds, about horizon / kRingBuckets), each an unordered list of
// pooled blocks. Only the current bucket — the earliest one holding anything — is ordered: a
// sorted array of the few events due in that width of time, the earliest last, so that a pop
// takes the last entry and a push due within the bucket is a binary search and a short move (a
// heap's pop walked its depth, about 4 levels of unpredictable comparisons for the 12 events a
// 10,000-agent shift's bucket holds at a pop; docs/performance.md, part 9); the next non-empty
// bucket is sorted and becomes the current one when it empties. An event beyond the ring's window (about the horizon past the current bucket) waits in
// a far heap. A pop takes the earlier of the two heaps' tops, so the pop order is the same
// (time_us, seq) order for any horizon: only where the waiting events sit changes. The calendar's
// blocks are reserved with the rest (capacity / kBlockEntries + kRingBuckets of them), so push
// still never allocates.
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

  // Keeps the events due within about `horizon_us` in a calendar and the later ones in the far
  // heap (see the top of this file). Reserves its storage now, once.
  // REQUIRES: empty(), horizon_us >= 0.
  void set_far_horizon(int64_t horizon_us);

  // (The calendar is never the only non-empty part: a non-empty ring implies a non-empty heap_.)
  bool empty() const { return heap_.empty() && far_.empty(); }
  // The pending events, in no particular order (not pop order): for fingerprints of a
  // session's state.
  std::vector<Entry> entries() const;
  size_t size() const { return heap_.size() + far_.size() + ring_size_; }
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

  // heap_'s earliest: its front as a heap, its back as the calendar's sorted current bucket.
  // REQUIRES: !heap_.empty().
  const Entry& near_top() const { return far_on_ ? heap_.back() : heap_.front(); }
  // Whether `far_`'s top pops before `heap_`'s (REQUIRES: !empty()).
  bool far_first() const { return !far_.empty() && (heap_.empty() || PopsAfter{}(near_top(), far_.front())); }

  // The calendar (set_far_horizon). Bucket b holds the events with time_us >> shift_ == b.
  // heap_ holds the near events of buckets <= cur_ — then not a heap but sorted by PopsAfter, so
  // the earliest is last —, the ring those of buckets in (cur_, cur_ + kRingBuckets), far_ the
  // rest (and may hold anything: its top is compared).
  static constexpr uint32_t kRingBuckets = 1024;  // a power of two
  static constexpr uint32_t kBlockEntries = 15;
  static constexpr uint32_t kNoBlock = UINT32_MAX;
  struct Block {
    uint32_t next = kNoBlock;  // the bucket's next block, or the free list's
    uint32_t count = 0;
    Entry entries[kBlockEntries];
  };
  int64_t bucket_of(int64_t time_us) const { return time_us >> shift_; }  // floor, also below 0
  void ring_add(int64_t bucket, Entry&& entry);
  // Makes the earliest non-empty ring bucket the current one, its events heap_.
  // REQUIRES: heap_.empty(), ring_size_ > 0.
  void refill();
  void reset_ring();

  std::vector<Entry> heap_;
  std::vector<Entry> far_;  // set_far_horizon; a heap as heap_
  bool far_on_ = false;
  int shift_ = 0;
  int64_t cur_ = 0;
  size_t ring_size_ = 0;
  std::vector<uint32_t> ring_head_;  // per ring slot: its first block, or kNoBlock
  std::vector<uint64_t> ring_bits_;  // per ring slot: non-empty
  std::vector<Block> blocks_;        // the pool, reserved once
  uint32_t free_block_ = kNoBlock;
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
  Entry entry{time_us, next_seq_++, std::move(payload)};
  std::vector<Entry>* heap = &heap_;
  if (far_on_) {
    // Nothing near: the calendar restarts at the last popped event's bucket.
    if (heap_.empty()) cur_ = std::max(cur_, bucket_of(last_popped_us_));
    const int64_t bucket = bucket_of(time_us);
    if (bucket > cur_) {
      if (static_cast<uint64_t>(bucket) - static_cast<uint64_t>(cur_) >= kRingBuckets) {
        heap = &far_;
      } else {
        ring_add(bucket, std::move(entry));
        if (heap_.empty()) refill();
        return true;
      }
    } else {
      // The current bucket, sorted: before the first entry that pops before this one (the
      // entries ahead of it pop after it). Within the reserved capacity: no reallocation.
      heap_.insert(std::lower_bound(heap_.begin(), heap_.end(), entry, PopsAfter{}), std::move(entry));
      return true;
    }
  }
  // Within the reserved capacity: push_back does not reallocate.
  heap->push_back(std::move(entry));
  std::push_heap(heap->begin(), heap->end(), PopsAfter{});
  return true;
}

template <typename T>
const typename EventQueue<T>::Entry& EventQueue<T>::top() const {
  assert(!empty());
  return far_first() ? far_.front() : near_top();
}

template <typename T>
typename EventQueue<T>::Entry EventQueue<T>::pop() {
  assert(!empty());
  std::vector<Entry>& heap = far_first() ? far_ : heap_;
  // The calendar's current bucket is sorted, its earliest last; a heap's earliest moves there.
  if (&heap != &heap_ || !far_on_) std::pop_heap(heap.begin(), heap.end(), PopsAfter{});
  Entry earliest = std::move(heap.back());
  heap.pop_back();
  last_popped_us_ = earliest.time_us;
  if (heap_.empty() && ring_size_ > 0) refill();
  return earliest;
}

template <typename T>
void EventQueue<T>::set_far_horizon(int64_t horizon_us) {
  assert(empty() && horizon_us >= 0);
  far_on_ = true;
  shift_ = 0;
  while (shift_ < 40 && (int64_t{1} << (shift_ + 1)) * kRingBuckets <= horizon_us) ++shift_;
  far_.reserve(capacity_);
  ring_head_.assign(kRingBuckets, kNoBlock);
  ring_bits_.assign(kRingBuckets / 64, 0);
  // Each non-empty bucket leaves at most one block partly filled.
  blocks_.reserve(capacity_ / kBlockEntries + kRingBuckets + 1);
  reset_ring();
}

template <typename T>
void EventQueue<T>::ring_add(int64_t bucket, Entry&& entry) {
  const auto slot = static_cast<uint32_t>(bucket) & (kRingBuckets - 1);
  uint32_t head = ring_head_[slot];
  if (head == kNoBlock || blocks_[head].count == kBlockEntries) {
    uint32_t fresh = free_block_;
    if (fresh != kNoBlock) {
      free_block_ = blocks_[fresh].next;
    } else {
      fresh = static_cast<uint32_t>(blocks_.size());
      blocks_.emplace_back();  // within the reserve (set_far_horizon)
    }
    blocks_[fresh].next = head;
    blocks_[fresh].count = 0;
    ring_head_[slot] = head = fresh;
    ring_bits_[slot / 64] |= uint64_t{1} << (slot % 64);
  }
  Block& block = blocks_[head];
  block.entries[block.count++] = std::move(entry);
  ring_size_ += 1;
}

template <typename T>
void EventQueue<T>::refill() {
  assert(heap_.empty() && ring_size_ > 0);
  // The first non-empty slot after cur_'s, cyclically (cur_'s own slot is always empty).
  const auto start = static_cast<uint32_t>(cur_ + 1) & (kRingBuckets - 1);
  uint32_t word = start / 64;
  uint64_t bits = ring_bits_[word] & (~uint64_t{0} << (start % 64));
  for (uint32_t step = 0; bits == 0 && step < kRingBuckets / 64; ++step) {
    word = (word + 1) % (kRingBuckets / 64);
    bits = ring_bits_[word];
  }
  assert(bits != 0);
  const uint32_t slot = word * 64 + static_cast<uint32_t>(__builtin_ctzll(bits));
  cur_ += ((slot - static_cast<uint32_t>(cur_)) & (kRingBuckets - 1));
  for (uint32_t b = ring_head_[slot]; b != kNoBlock;) {
    Block& block = blocks_[b];
    for (uint32_t i = 0; i < block.count; ++i) heap_.push_back(std::move(block.entries[i]));
    ring_size_ -= block.count;
    const uint32_t next = block.next;
    block.next = free_block_;
    free_block_ = b;
    b = next;
  }
  ring_head_[slot] = kNoBlock;
  ring_bits_[slot / 64] &= ~(uint64_t{1} << (slot % 64));
  // (time_us, seq) is a strict total order: any sort gives the one order.
  std::sort(heap_.begin(), heap_.end(), PopsAfter{});
}

template <typename T>
void EventQueue<T>::reset_ring() {
  blocks_.clear();
  free_block_ = kNoBlock;
  std::fill(ring_head_.begin(), ring_head_.end(), kNoBlock);
  std::fill(ring_bits_.begin(), ring_bits_.end(), 0);
  ring_size_ = 0;
  cur_ = 0;
}

template <typename T>
std::vector<typename EventQueue<T>::Entry> EventQueue<T>::entries() const {
  std::vector<Entry> all(heap_.begin(), heap_.end());
  all.insert(all.end(), far_.begin(), far_.end());
  for (uint32_t head : ring_head_) {
    for (uint32_t b = head; b != kNoBlock; b = blocks_[b].next) {
      for (uint32_t i = 0; i < blocks_[b].count; ++i) all.push_back(blocks_[b].entries[i]);
    }
  }
  return all;
}

template <typename T>
void EventQueue<T>::clear() {
  heap_.clear();
  far_.clear();
  if (far_on_) reset_ring();
  last_popped_us_ = 0;
  next_seq_ = 0;
  overflow_count_ = 0;
}

}  // namespace agentsim::sim
