// SessionRun::fingerprint: a hash of everything that decides how a running session continues,
// for `agentsim check`'s merging of identical states. Every member of SessionRun, Call,
// StrategyState and Outcome that the engine or a property reads is hashed; the static_asserts
// below fail when one of these types changes size, so a new member cannot be forgotten silently.
#include <algorithm>
#include <cstring>

#include "session_run.h"

namespace agentsim::sim::detail {

namespace {

// splitmix64-style mixing of 64-bit words.
class Hasher {
 public:
  template <class T>
  void add(T v) {
    std::uint64_t x = 0;
    static_assert(sizeof(T) <= sizeof(x));
    std::memcpy(&x, &v, sizeof(T));
    h_ ^= x + 0x9E3779B97F4A7C15ULL + (h_ << 6) + (h_ >> 2);
    h_ = mix(h_);
  }
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 0x243F6A8885A308D3ULL;
  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
};

// On the platforms we build for (x86-64 and aarch64, LP64): a change of size means a member was
// added or removed — add it to fingerprint() below, then update the size here.
static_assert(sizeof(Call) == 48, "Call changed: hash its new members in SessionRun::fingerprint");
static_assert(sizeof(Outcome) == 184, "Outcome changed: hash its new members in SessionRun::fingerprint");

}  // namespace

std::uint64_t SessionRun::fingerprint() const {
  Hasher h;
  // The model.
  h.add(model::view_code(machine_.view()));
  h.add(machine_.state_index());
  h.add(machine_.unaccepted_total());
  // The pending events, in the order they will pop (ties broken by insertion order, which
  // later insertions keep: they come after every pending one).
  std::vector<EventQueue<SimEvent>::Entry> pending = queue_.entries();
  std::sort(pending.begin(), pending.end(), [](const auto& a, const auto& b) {
    return a.time_us != b.time_us ? a.time_us < b.time_us : a.seq < b.seq;
  });
  h.add(pending.size());
  for (const auto& e : pending) {
    h.add(e.time_us);
    h.add(e.payload.type);
    h.add(e.payload.a);
    h.add(e.payload.b);
    h.add(e.payload.agent);
    h.add(e.payload.owner);
  }
  // The calls.
  h.add(calls_.size());
  for (const Call& c : calls_) {
    h.add(c.api);
    h.add(c.transport);
    h.add(c.target);
    h.add(c.enqueue);
    h.add(c.attempt);
    h.add(c.from_page);
    h.add(c.owner);
    h.add(c.notice);
    h.add(c.page_epoch);
    h.add(c.outcome);
    h.add(c.sent_us);
    h.add(c.arrived);
    h.add(c.cancelled);
    h.add(c.effective_ok);
    h.add(c.resolved);
    h.add(c.timed_out);
    h.add(c.sent_in_handler);
    h.add(c.user_data.status);
    h.add(c.user_data.next_status_pending);
    h.add(c.user_data.has_contact);
    h.add(c.user_data.missed_contact);
  }
  // The strategy components (each hashes its own state) and what they asked of the engine.
  for (const Component* c : components_) {
    std::uint64_t part = 0xcbf29ce484222325ULL;
    c->fingerprint(part);
    h.add(part);
  }
  for (std::uint16_t n : page_timers_) h.add(n);
  h.add(dialog_requested_);
  h.add(dialog_max_);
  h.add(busy_wait_ms_);
  h.add(unload_events_fired_);
  // The outcome so far (what the engine reads and the properties judge), but for the coverage
  // bits of the states reached.
  h.add(out_.close_kind);
  h.add(out_.pre_close);
  h.add(out_.agent_left);
  h.add(out_.ghost_us);
  h.add(out_.ghost_at_horizon);
  h.add(out_.contacts_offered_to_ghost);
  h.add(out_.contacts_missed_on_ghost);
  h.add(out_.contacts_connected_to_ghost);
  h.add(out_.silent_call_us);
  h.add(out_.chats_offered_to_ghost);
  h.add(out_.chats_missed_on_ghost);
  h.add(out_.chats_connected_to_ghost);
  h.add(out_.customer_wait_added_us);
  h.add(talk_ends_us_);
  h.add(out_.contacts_missed_after_teardown);
  h.add(out_.spurious_offline);
  h.add(out_.spurious_offline_us);
  h.add(out_.contacts_dropped_by_strategy);
  h.add(out_.setstate_sent);
  h.add(out_.put_user_status_sent);
  h.add(out_.backend_notifies_sent);
  h.add(out_.dismiss_sent);
  h.add(out_.user_data_polls_sent);
  h.add(out_.heartbeats_sent);
  h.add(out_.sweeper_detections);
  h.add(out_.api_failures_seen);
  h.add(out_.throttled);
  h.add(out_.requests_cancelled_at_teardown);
  h.add(out_.retries_dropped_at_teardown);
  h.add(out_.sends_after_teardown);
  h.add(out_.dialogs_shown);
  h.add(out_.offline_at_end);
  h.add(out_.time_to_offline_us);
  h.add(out_.unaccepted_events);
  h.add(out_.events_processed);
  h.add(out_.budget_exceeded);
  h.add(out_.end_us);
  // The clock, the platform and the page.
  h.add(now_us_);
  h.add(horizon_us_);
  h.add(ring_timeout_us_);
  h.add(acw_us_);
  for (Api api : kMeteredApis) {
    h.add(buckets_.bucket(api).tokens_units());
    h.add(buckets_.bucket(api).time_us());
  }
  h.add(page_script_alive_);
  h.add(streams_terminated_);
  h.add(fetch_later_armed_);
  h.add(fetch_later_owner_);
  h.add(static_cast<int>(fetch_later_notice_));
  h.add(fetch_later_gen_);
  h.add(heartbeat_blocked_);
  h.add(poll_pacer_.tokens_units());
  h.add(poll_pacer_.time_us());
  h.add(dialog_open_);
  h.add(in_handler_);
  h.add(handler_blocking_);
  h.add(page_epoch_);
  h.add(deferred_responses_.size());
  for (int r : deferred_responses_) h.add(r);
  h.add(deferred_timers_.size());
  for (const DeferredTimer& t : deferred_timers_) {
    h.add(t.owner);
    h.add(t.tag);
  }
  // The agent and the contacts.
  h.add(agent_away_);
  h.add(wants_available_);
  h.add(works_available_);
  h.add(strategy_requested_offline_);
  h.add(pending_work_);
  h.add(contact_id_);
  h.add(contact_on_ghost_);
  h.add(contact_offered_unloading_);
  h.add(arrival_gen_);
  h.add(arrival_pending_);
  for (const ChatSlot& c : chats_) {
    h.add(c.id);
    h.add(c.state);
    h.add(c.on_ghost);
  }
  h.add(chat_id_);
  h.add(chat_arrival_gen_);
  h.add(chat_arrival_pending_);
  h.add(chat_ring_timeout_us_);
  // The server side and the missed-contact reaction.
  h.add(heartbeats_on_);
  h.add(mobile_hidden_);
  h.add(heartbeat_epoch_);
  h.add(last_heartbeat_us_);
  h.add(heartbeats_since_us_);
  h.add(last_record_us_);
  h.add(logout_us_);
  h.add(after_logout_us_);
  h.add(page_frozen_);
  h.add(ccp_running_);
  h.add(inactivity_gen_);
  h.add(sweep_ticking_);
  h.add(sweep_pacer_.rate_units_per_us());
  h.add(sweep_pacer_.burst_units());
  h.add(sweep_pacer_.tokens_units());
  h.add(sweep_pacer_.time_us());
  // Accounting.
  h.add(ghost_since_us_);
  h.add(unwanted_offline_since_us_);
  h.add(notice_scheduled_);
  return h.value();
}

}  // namespace agentsim::sim::detail
