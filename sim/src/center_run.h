// Private to sim/: the engine of one center shift (center.h). Each agent is a SessionRun in center
// mode; they share this run's event queue, contact router, token bucket and sweeper tick.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <new>
#include <stdexcept>
#include <utility>
#include <vector>

#include "agentsim/sim/center.h"
#include "component_storage.h"
#include "routing_queue.h"
#include "session_run.h"

namespace agentsim::sim::detail {

// Asks for the cache line at `p` ahead of its use (a hint: changes nothing the run computes). On
// x86 an explicit prefetcht0 in an asm statement, which the compiler must keep: GCC 12 deletes a
// loop whose body is only __builtin_prefetch as an empty loop (at -O2 and -O3 it emitted none of
// an earlier prefetch of the agent's slot).
inline void fetch_line(const void* p) {
#if defined(__x86_64__) || defined(__i386__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p);
#endif
}

class CenterRun {
 public:
  CenterRun(const SessionSpec& session, const CenterSpec& center, std::uint64_t seed,
            std::uint64_t shift_index, CenterTrace* trace, const ShiftBudget& budget);
  CenterRun(const CenterRun&) = delete;
  CenterRun& operator=(const CenterRun&) = delete;
  ~CenterRun();

  CenterOutcome run();

  // The shift's last moment: an event after it would never run (run() stops there), so an agent
  // does not queue it (SessionRun::schedule). Every agent's 12-hour session expiry is such an
  // event in a shift of 8: kept, they were half of a 10,000-agent shift's queue, and each pop
  // walks the heap's depth.
  std::int64_t queue_end_us() const { return end_us_; }

  // ---- what the agents tell the center ------------------------------------------------------
  void on_routable(std::uint16_t agent, bool routable, std::int64_t now_us);
  void on_missed(std::uint16_t agent, std::uint32_t contact, bool on_ghost, std::int64_t now_us);
  void on_accepted(std::uint16_t agent, std::uint32_t contact, std::int64_t now_us);
  // Chat routing, as voice: longest routable for chat first; a missed chat back to the front.
  void on_chat_routable(std::uint16_t agent, bool routable, std::int64_t now_us);
  void on_chat_missed(std::uint32_t chat);
  // The account's bucket of `api` [D 21,22], shared by every agent. REQUIRES: ApiBuckets::metered(api).
  bool take_token(Api api, std::int64_t now_us);
  // An API call of any agent, within the shift's budget of calls; false (and the shift stops)
  // beyond it.
  bool take_call();
  // The sweeper's pacing, shared by every agent: when the next call may go.
  std::int64_t reserve_sweeper_slot(std::int64_t now_us) { return sweeper_pacer_.reserve(now_us); }
  // A poller's pacing of its GetCurrentUserData calls: agents_per_call agents in a row share a
  // slot (one call).
  std::int64_t reserve_poll_slot(std::int64_t now_us);
  // Agent `agent`'s next sweeper pass that may act is due at `due_us` (SessionRun::sweep_due_us):
  // files it for the first tick at or after it.
  void on_sweep_due(std::uint16_t agent, std::int64_t due_us);
  void on_ghost(std::uint16_t agent, bool ghost, std::int64_t now_us);
  // The contact agent `agent` rings with (kNotRinging: none): a ring timeout for another one
  // would do nothing (SessionRun::on_contact_event), so the center drops it without waking the
  // agent — the event that most often finds its agent far from the cache, for nothing (the
  // agent answered long before its 20 s).
  static constexpr std::uint32_t kNotRinging = UINT32_MAX;
  void on_ringing(std::uint16_t agent, std::uint32_t contact) { slots_[agent].ringing = contact; }
  void on_detection(std::uint16_t agent, std::int64_t now_us);
  // A heartbeat an agent runs off the queue (SessionRun::run_heartbeats_to) is an event of the
  // shift: counted, and false (the shift stops, this one does not run) beyond its budget.
  bool count_heartbeat_event() {
    if (out_.budget_exceeded) return false;
    if (++out_.events_processed > max_events_) {
      out_.budget_exceeded = true;
      return false;
    }
    return true;
  }

 private:
  struct Waiting {
    std::int64_t arrival_us;
    std::int64_t ghost_ring_us = 0;  // ring time spent on ghosts so far
  };

  static constexpr std::uint64_t kUnfiled = ~std::uint64_t{0};  // sweeper: not filed

  const SessionSpec& session_;
  const CenterSpec& center_;
  // What the strategy's components run: the sweeper's period and pacing (a preset's or a
  // composition's alike: both are components).
  ComponentTraits traits_;
  CenterTrace* trace_;
  ShiftBudget budget_;
  Rng arrivals_rng_;
  Rng pattern_rng_;
  Rng sweep_rng_;
  Rng chat_arrivals_rng_;
  EventQueue<SimEvent> queue_;
  // An agent's engine with its storage and its draws, together: an event of the agent reads all
  // three, and a center's agents outgrow the cache, so they had best sit together — the slots
  // side by side in agent order, on whole cache lines (docs/performance.md, "Center mode at
  // 10,000 agents", part 4: what an event of a large center waits for).
  struct alignas(64) AgentSlot {
    AgentSlot(const SessionSpec& session, const Rng& stream, Trace* trace,
              EventQueue<SimEvent>& queue, CenterRun& center, std::uint16_t index)
        : scratch(session, 1, 0),
          draws(session.env, stream),
          run(session, draws, trace, scratch, queue, center, index) {
      components.close();  // the scratch made them
    }
    // The center's own fields of this agent (the sweeper's filing, the contact it rings with),
    // here rather than in arrays of their own: read on nearly every event of the agent, they
    // share its lines instead of missing on their own.
    std::int64_t sweep_due_us = 0;
    std::uint64_t sweep_filed_tick = kUnfiled;
    std::uint32_t ringing = kNotRinging;  // on_ringing
    // The agent's components, made by the scratch while this is open (component_storage.h).
    ComponentStorage components;
    SessionScratch scratch;
    RandomDraws draws;
    SessionRun run;
  };
  // Storage for the slots, aligned for AgentSlot; a large center's on huge pages where the
  // system offers them (center.cpp). Throws std::bad_alloc.
  static void* allocate_slot_storage(std::size_t bytes);
  static void free_slot_storage(void* p, std::size_t bytes);
  // The slots of every agent, in one allocation; destroys those built (also when building one
  // throws).
  class SlotArray {
   public:
    explicit SlotArray(std::size_t capacity)
        : bytes_(capacity * sizeof(AgentSlot)),
          slots_(static_cast<AgentSlot*>(allocate_slot_storage(bytes_))),
          capacity_(capacity) {}
    SlotArray(const SlotArray&) = delete;
    SlotArray& operator=(const SlotArray&) = delete;
    ~SlotArray() {
      while (size_ > 0) slots_[--size_].~AgentSlot();
      free_slot_storage(slots_, bytes_);
    }
    // Throws std::length_error beyond the capacity (a bug: the center sizes it for its agents).
    template <class... Args>
    AgentSlot& emplace_back(Args&&... args) {
      if (size_ == capacity_) throw std::length_error("CenterRun: more agents than slots");
      AgentSlot* slot = new (slots_ + size_) AgentSlot(std::forward<Args>(args)...);
      ++size_;
      return *slot;
    }
    std::size_t size() const { return size_; }
    AgentSlot& operator[](std::size_t i) { return slots_[i]; }
    const AgentSlot& operator[](std::size_t i) const { return slots_[i]; }
    // The slots are more than a core's cache is likely to hold (1 MiB): below that, a prefetch
    // finds the lines there already, and only costs its instructions (3 % of a 100 + 100-agent
    // shift, docs/performance.md).
    bool outgrow_cache() const { return bytes_ > (std::size_t{1} << 20); }
    // Asks for agent `i`'s lines ahead of its event (fetch_line): those its events read (set_hot),
    // not the unused rest of its component storage and component array, nor its single-agent-only
    // members. REQUIRES: i < size().
    void prefetch(std::size_t i) const {
      const char* base = reinterpret_cast<const char*>(slots_ + i);
      for (std::uint64_t m = hot_lines_; m != 0; m &= m - 1) fetch_line(base + 64 * __builtin_ctzll(m));
    }
    // What prefetch fetches of each slot: the lines of the members an event reads, from the slots
    // built (every agent's components alike, so their largest use). A line mask: a slot is at
    // most 64 lines (static_assert below).
    void set_hot() {
      std::uint64_t lines = 0;
      for (std::size_t i = 0; i < size_; ++i) {
        const AgentSlot& s = slots_[i];
        const char* base = reinterpret_cast<const char*>(&s);
        const auto mark = [&](const void* p, std::size_t n) {
          if (n == 0) return;
          const auto from = static_cast<std::size_t>(static_cast<const char*>(p) - base);
          for (std::size_t line = from / 64; line <= (from + n - 1) / 64; ++line) lines |= std::uint64_t{1} << line;
        };
        const auto span = [&](const void* from, const void* to) {
          mark(from, static_cast<std::size_t>(static_cast<const char*>(to) - static_cast<const char*>(from)));
        };
        span(&s, &s.components);                      // the center's fields
        mark(s.components.data(), s.components.used());  // the components made
        span(&s.scratch.machine, &s.scratch.components);  // the machine, the calls
        mark(&s.scratch.components, s.scratch.components.hot_bytes());
        span(&s.scratch.sweepers, &s.scratch.queue);  // what the engine needs of the components
        mark(&s.draws, sizeof s.draws);
        mark(&s.run, s.run.hot_bytes());
      }
      hot_lines_ = lines;
    }

   private:
    std::size_t bytes_;
    AgentSlot* slots_;
    std::size_t capacity_;
    std::size_t size_ = 0;
    std::uint64_t hot_lines_ = ~std::uint64_t{0} >> (64 - (sizeof(AgentSlot) + 63) / 64);  // set_hot
    static_assert(sizeof(AgentSlot) <= 64 * 64, "SlotArray::hot_lines_ has a bit per line of a slot");
  };
  SlotArray slots_;
  std::vector<Trace> traces_;
  SessionRun& agent_run(std::size_t i) { return slots_[i].run; }
  // Fetches the agent event `e` will wake (SlotArray::prefetch), where it is known ahead: the
  // event's own, or for a contact's arrival the agent routing will offer it to.
  void prefetch_woken_by(const SimEvent& e) const;

  std::int64_t now_us_ = 0;
  std::int64_t shift_end_us_ = 0;
  std::int64_t end_us_ = 0;
  std::int64_t warmup_us_ = 0;
  std::int64_t ring_timeout_us_ = 0;

  // routing: the routable agents in routing order (longest available first, then the lower
  // index), the contacts waiting (FIFO; a missed contact goes back to the front), every
  // contact's details by id
  RoutingQueue available_;
  std::deque<std::uint32_t> waiting_;
  std::vector<Waiting> contacts_;
  bool route_pending_ = false;
  // chat routing: the same, for the agents routable for chat and the chats waiting
  RoutingQueue chat_available_;
  std::deque<std::uint32_t> chat_waiting_;

  // the account's buckets, one per API, and every grant of each (kMeteredApis order)
  ApiBuckets buckets_;
  std::array<std::vector<std::int64_t>, kMeteredApis.size()> grants_us_;
  TokenBucket sweeper_pacer_;
  // A poller's pacer and batches: the slot agents are being given, how many more get it; the
  // batch being sent (its time, agents in it so far, whether its token was granted).
  TokenBucket poll_pacer_;
  std::int64_t poll_slot_us_ = -1;
  int poll_slot_left_ = 0;
  std::int64_t poll_batch_at_us_ = -1;
  int poll_batch_used_ = 0;
  bool poll_batch_granted_ = false;

  // The sweeper's visits. A tick passes over the agents due by then, in index order — those whose
  // pass may act; the rest would do nothing (Component::sweep_due_us) — rather than over all
  // agents: each agent is filed under the tick of its due time, in a ring of kSweepRing ticks
  // (one due further ahead is filed at the ring's last tick and filed again from there). An
  // agent's filing is lazy: a due that moves later leaves it where it is (at that tick it is
  // filed again, further on), one that moves earlier files it again (the older entry is void:
  // the slot's sweep_filed_tick no longer names its tick).
  static constexpr std::uint64_t kSweepRing = 64;
  bool sweep_filing_ = false;  // the tick is set up: on_sweep_due files
  std::int64_t sweep_phase_us_ = 0;
  std::int64_t sweep_period_us_ = 0;
  std::uint64_t sweep_next_tick_ = 0;  // the first tick not yet run (tick k at phase + k period)
  std::vector<std::vector<std::uint16_t>> sweep_ring_;
  std::vector<std::uint16_t> sweep_bucket_;  // the tick's entries, taken out of the ring
  std::vector<std::uint16_t> sweep_visit_;   // the tick's due agents
  void run_sweep_tick();

  // What the shift spent of its budgets beside events (center.h): sweeper checks, API calls.
  std::uint64_t sweep_checks_ = 0;
  std::uint64_t calls_ = 0;

  std::vector<std::int64_t> waits_us_;
  std::vector<std::int64_t> waits_added_us_;
  CenterOutcome out_;
  std::uint64_t max_events_ = 0;  // the shift's budget of events (run())

  // Agent i's stream, of which its draws and its login and break draws are children.
  Rng agent_stream(std::size_t i) const;
  // Agent i's breaks before its close at `close_at_us` (-1: none; then over the shift).
  std::vector<BreakSlot> plan_breaks(std::size_t i, std::int64_t close_at_us) const;
  Rng shift_rng_{0};

  void route();
  void handle(const SimEvent& e);
  void schedule_next_arrival();
  void schedule_next_chat();
  std::uint32_t audit_bucket() const;
};

}  // namespace agentsim::sim::detail
