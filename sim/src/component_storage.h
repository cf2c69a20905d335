// Private to sim/: where a center's agent's components are placed (Component::operator new,
// component.h). An agent's components sit beside its own state: an event of the agent reads
// both (the sweeper's due after every event, a hook's component), and a center's agents outgrow
// the cache, so an object of its own elsewhere on the heap is one more miss an event (docs/
// performance.md, "Center mode at 10,000 agents").
#pragma once

#include <cstddef>
#include <cstdint>

namespace agentsim::sim::detail {

// Storage for the components created while it is open, on this thread. Opens when constructed
// (the innermost open storage takes the components); close() or the destructor closes it. A
// component that does not fit, or is over-aligned, goes to the heap as without it. The storage
// must outlive the components placed in it (their operator delete frees nothing in it).
class ComponentStorage {
 public:
  static constexpr std::size_t kBytes = 384;
  ComponentStorage();
  ComponentStorage(const ComponentStorage&) = delete;
  ComponentStorage& operator=(const ComponentStorage&) = delete;
  ~ComponentStorage() { close(); }
  void close();
  // `bytes` of the open storage, aligned for std::max_align_t, or nullptr: none is open, or it is
  // full.
  static void* take(std::size_t bytes);
  std::size_t used() const { return used_; }
  const std::byte* data() const { return bytes_; }

 private:
  alignas(std::max_align_t) std::byte bytes_[kBytes];
  std::size_t used_ = 0;
  ComponentStorage* outer_ = nullptr;  // the one open before (nesting)
  bool open_ = false;
};

}  // namespace agentsim::sim::detail
