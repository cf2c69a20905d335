#include "agentsim/conform/conformance.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace agentsim::conform {

namespace {

using model::AgentView;
using model::DispatchResult;
using model::Event;
using model::EventKind;

model::Status model_status(StatusType t) {
  switch (t) {
    case StatusType::Routable: return model::Status::Available;
    case StatusType::Custom: return model::Status::Custom;
    case StatusType::Offline: return model::Status::Offline;
  }
  return model::Status::Custom;
}

bool is_missed(ContactState s) {
  return s == ContactState::Missed || s == ContactState::Rejected || s == ContactState::Error;
}

// What the tracker knows of one contact of the agent.
struct ContactTrack {
  ContactState state = ContactState::Connecting;
  std::string channel;
  std::int64_t offered_us = -1;
  std::int64_t connected_us = -1;
  std::int64_t ended_us = -1;
  std::int64_t missed_us = -1;
};

class AgentTracker {
 public:
  AgentTracker(const ConformOptions& o, AgentReport& report, Samples& samples,
               std::unordered_map<std::string, bool>& contacts_seen)
      : o_(o), machine_(o.profile), report_(report), samples_(samples), contacts_seen_(contacts_seen) {}

  void process(const Record& r) {
    if (report_.records == 0) report_.first_us = r.timestamp_us;
    advance_time(r.timestamp_us);
    ++report_.records;
    record_ = &r;
    if (r.type == EventType::HeartBeat) ++report_.heartbeats;
    if (r.current && has_unmodelled(*r.current)) ++report_.unmodelled_channel_records;
    if (!started_) {
      started_ = true;
      if (r.type != EventType::Login) {
        synchronise(r);
        return;
      }
    }
    switch (r.type) {
      case EventType::Login:
        if (assumed_login_ && machine_.session() == model::Session::LoggedIn) {
          assumed_login_ = false;  // the synchronisation assumed it: the LOGIN confirms it
        } else {
          if (!model::page_present(machine_.view())) dispatch(Event::of(EventKind::PageOpen), "page assumed open at LOGIN", true);
          dispatch(Event::of(EventKind::Login), "LOGIN");
        }
        activity();
        if (r.current) apply_snapshot(*r.current);
        break;
      case EventType::Logout:
        if (r.current) apply_snapshot(*r.current);
        // The assumed page stays: the stream shows no page closes, and closing it here would let
        // the model end a connected call by itself (page_close_ends_voice_contact) before the
        // record that shows the contact ENDED.
        dispatch(Event::of(EventKind::Logout), "LOGOUT");
        end_suspect(false);
        break;
      case EventType::StateChange:
        apply_snapshot(*r.current);
        break;
      case EventType::HeartBeat:
        break;  // no transition [D 10]
    }
    after_record();
  }

  void finish() {
    for (const auto& [id, c] : contacts_) {
      if (c.channel_modelled && (c.t.state == ContactState::Connected || c.t.state == ContactState::OnHold)) {
        ++samples_.talk_censored;
      }
    }
    if (suspect_open_) {
      current_suspect_.end_us = now_us_;
      current_suspect_.censored = true;
      current_suspect_.where = record_ != nullptr ? record_->where() : "";
      report_.suspects.push_back(current_suspect_);
      suspect_open_ = false;
    }
    report_.last_us = now_us_;
  }

 private:
  struct Tracked {
    ContactTrack t;
    bool channel_modelled = true;
  };

  const ConformOptions& o_;
  model::AgentMachine machine_;
  AgentReport& report_;
  Samples& samples_;
  std::unordered_map<std::string, bool>& contacts_seen_;
  const Record* record_ = nullptr;
  bool started_ = false;
  bool syncing_ = false;
  bool assumed_login_ = false;
  std::int64_t now_us_ = 0;
  std::map<std::string, Tracked> contacts_;
  std::string status_name_;
  std::optional<std::string> next_name_;
  // ghost suspects
  std::int64_t quiet_routable_since_ = -1;  // routable since then, with no action of the agent
  bool suspect_open_ = false;
  GhostSuspect current_suspect_;

  bool modelled(const std::string& channel) const {
    return std::find(o_.modelled_channels.begin(), o_.modelled_channels.end(), channel) !=
           o_.modelled_channels.end();
  }
  bool has_unmodelled(const AgentSnapshot& s) const {
    for (const ContactSnapshot& c : s.contacts) {
      if (!modelled(c.channel)) return true;
    }
    return false;
  }

  void advance_time(std::int64_t t) {
    if (t < now_us_) t = now_us_;  // equal timestamps; ordering made them non-decreasing
    if (machine_.routable()) samples_.routable_us += t - now_us_;
    now_us_ = t;
  }

  // Dispatches one mapped event; an unaccepted one is a finding, with the record that caused it
  // (an event of the page assumption says so in its cause). Synchronisation is not counted.
  DispatchResult dispatch(const Event& e, const std::string& cause, bool assumption = false) {
    const AgentView before = machine_.view();
    const DispatchResult r = machine_.dispatch(e);
    if (syncing_) return r;
    ++report_.dispatched;
    if (r == DispatchResult::Unaccepted) {
      report_.unaccepted.push_back({record_->where(), record_->event_id, now_us_, e, before, r,
                                    assumption ? cause + " (assumption)" : cause});
    }
    return r;
  }

  // The agent did something: a suspect interval ends, the quiet time restarts.
  void activity() {
    end_suspect(false);
    quiet_routable_since_ = -1;
  }

  void end_suspect(bool by_offline) {
    if (!suspect_open_) return;
    current_suspect_.end_us = now_us_;
    current_suspect_.ended_by_offline = by_offline;
    current_suspect_.where = record_->where();
    report_.suspects.push_back(current_suspect_);
    suspect_open_ = false;
  }

  void after_record() {
    if (machine_.routable()) {
      if (quiet_routable_since_ < 0) quiet_routable_since_ = now_us_;
    }
  }

  // Brings a fresh machine to the state of the first snapshot (the log starts mid-session).
  void synchronise(const Record& r) {
    syncing_ = true;
    assumed_login_ = r.type != EventType::Logout;
    dispatch(Event::of(EventKind::PageOpen), "sync");
    dispatch(Event::of(EventKind::Login), "sync");
    if (r.current) {
      // Contacts need an Available agent to be offered: offer them first, then the status.
      dispatch(Event::put_user_status(model::Status::Available), "sync");
      apply_snapshot(*r.current);
    }
    if (r.type == EventType::Logout) dispatch(Event::of(EventKind::Logout), "sync");
    syncing_ = false;
    if (r.current) check_synchronised(r, *r.current);
    after_record();
  }

  void check_synchronised(const Record& r, const AgentSnapshot& s) {
    const AgentView& v = machine_.view();
    std::string diff;
    if (!s.status_name.empty() && v.status != model_status(o_.status_types.resolve(s.status_name, s.status_type))) {
      diff += "status " + s.status_name + " but the model is " + std::string(model::to_string(v.status)) + "; ";
    }
    if (s.next_name.has_value() != (v.next != model::NextStatus::None)) {
      diff += s.next_name ? "a next status (" + *s.next_name + ") that the model cannot hold without a contact in the slot; "
                          : "no next status but the model has one; ";
    }
    if (!diff.empty()) {
      diff.resize(diff.size() - 2);
      report_.synchronisation_mismatch = r.where() + ": the first snapshot is not a state the model reaches: " + diff;
    }
  }

  std::int64_t state_time(const ContactSnapshot& c) const {
    return c.state_start_us >= 0 && c.state_start_us <= now_us_ ? c.state_start_us : now_us_;
  }

  void apply_snapshot(const AgentSnapshot& s) {
    const StatusType new_type = o_.status_types.resolve(s.status_name, s.status_type);
    const bool status_changes = !s.status_name.empty() && s.status_name != status_name_;
    // The order within a record: a cancelled next status; the contacts gone (clearing applies a
    // pending next status); the status (which may clear an ACW or Missed slot, and must precede
    // the offer of a contact in the same record); the contacts new or changed; a next status set
    // (which needs the live contact it waits for).
    if (!s.next_name && next_name_) {
      if (!(status_changes && s.status_name == *next_name_)) {
        dispatch(Event::put_user_status(model::Status::Available),
                 "NextAgentStatus " + *next_name_ + " cancelled");
        activity();
      }
      next_name_.reset();
    }
    std::vector<std::string> removed;
    for (const auto& entry : contacts_) {
      const std::string& id = entry.first;  // a name, not a structured binding: lambdas capture it
      const bool present = std::any_of(s.contacts.begin(), s.contacts.end(),
                                       [&](const ContactSnapshot& c) { return c.contact_id == id; });
      if (!present) removed.push_back(id);
    }
    for (const std::string& id : removed) contact_removed(id, status_changes);
    // 3. the status. Unchanged in the model (a next status the clearing applied, or two custom
    // statuses), a request is still needed when it must clear an ACW or Missed slot.
    if (!s.status_name.empty()) {
      const model::Status target = model_status(new_type);
      const AgentView& v = machine_.view();
      if (v.status != target ||
          (status_changes && model::slot_occupied(v) && !model::live_contact(v))) {
        dispatch(Event::put_user_status(target), "AgentStatus: " +
                     (status_name_.empty() ? std::string("(none)") : status_name_) + " -> " + s.status_name);
      }
      if (status_changes && target == model::Status::Offline) {
        end_suspect(true);
        quiet_routable_since_ = -1;
      } else if (status_changes) {
        activity();
      }
      status_name_ = s.status_name;
    }
    for (const ContactSnapshot& c : s.contacts) contact_change(c);
    if (s.next_name && s.next_name != next_name_) {
      const StatusType t = o_.status_types.resolve(*s.next_name, s.next_type);
      dispatch(Event::put_user_status(model_status(t)), "NextAgentStatus set to " + *s.next_name);
      activity();
      next_name_ = s.next_name;
    }
  }

  void contact_change(const ContactSnapshot& c) {
    auto it = contacts_.find(c.contact_id);
    const bool is_new = it == contacts_.end();
    if (is_new) {
      Tracked t;
      t.channel_modelled = modelled(c.channel);
      t.t.channel = c.channel;
      it = contacts_.emplace(c.contact_id, t).first;
    }
    Tracked& k = it->second;
    if (!k.channel_modelled) {
      k.t.state = c.state;
      return;
    }
    const std::int64_t at = state_time(c);
    const std::string prefix = "contact " + c.contact_id + ": ";
    if (is_new) {
      offered(k, c, at);
      if (c.state == ContactState::Connecting) return;
    } else if (k.t.state == c.state) {
      return;
    } else if (is_missed(k.t.state) && c.state == ContactState::Connecting) {
      // Offered again to the same agent: the missed one was cleared first.
      clear_slot(k, "re-offered after " + std::string(to_string(k.t.state)), false);
      offered(k, c, at);
      return;
    }
    const std::string cause = prefix + (is_new ? std::string("(new)") : std::string(to_string(k.t.state))) +
                              " -> " + std::string(to_string(c.state));
    // Walk the states from where it was to where it is.
    ContactState from = is_new ? ContactState::Connecting : k.t.state;
    auto step = [&](EventKind e) { dispatch(Event::of(e), cause); };
    switch (c.state) {
      case ContactState::Connecting:
        step(EventKind::ContactOffered);  // back to ringing: the model has no such transition
        break;
      case ContactState::Connected:
        if (from == ContactState::Connecting) {
          step(EventKind::ContactAccepted);
          k.t.connected_us = at;
          if (k.t.offered_us >= 0 && !is_new) samples_.answer_delay_us.push_back(at - k.t.offered_us);
          activity();
        } else if (from == ContactState::OnHold) {
          step(EventKind::Resume);
          activity();
        } else {
          step(EventKind::ContactAccepted);
        }
        break;
      case ContactState::OnHold:
        if (from == ContactState::Connecting) {
          step(EventKind::ContactAccepted);
          k.t.connected_us = at;
        }
        step(EventKind::Hold);
        activity();
        break;
      case ContactState::Missed:
      case ContactState::Rejected:
      case ContactState::Error:
        step(EventKind::RingTimeout);
        k.t.missed_us = at;
        if (from == ContactState::Connecting && !syncing_) {
          ++samples_.missed;
          ++samples_.answer_censored;
          missed_ring();
        }
        break;
      case ContactState::Ended:
        if (from == ContactState::Connecting && is_new) {
          step(EventKind::ContactAccepted);
          from = ContactState::Connected;
        }
        step(EventKind::ContactEnded);
        k.t.ended_us = at;
        if (k.t.connected_us >= 0) samples_.talk_time_us.push_back(at - k.t.connected_us);
        break;
    }
    k.t.state = c.state;
    if (syncing_) k.t.offered_us = k.t.connected_us = k.t.ended_us = k.t.missed_us = -1;  // starts not in the log
  }

  void offered(Tracked& k, const ContactSnapshot& c, std::int64_t at) {
    const DispatchResult r = dispatch(Event::of(EventKind::ContactOffered),
                                      "contact " + c.contact_id + ": offered (" + std::string(to_string(c.state)) + ")");
    k.t = ContactTrack{};
    k.t.channel = c.channel;
    k.t.offered_us = at;
    k.t.state = ContactState::Connecting;
    if (syncing_) return;
    ++samples_.offers;
    if (r == DispatchResult::Applied) ++samples_.offers_while_routable;
    auto seen = contacts_seen_.emplace(c.contact_id, true);
    if (seen.second) {
      ++samples_.distinct_contacts;
      if (samples_.first_offer_us < 0 || at < samples_.first_offer_us) samples_.first_offer_us = at;
      samples_.last_offer_us = std::max(samples_.last_offer_us, at);
    }
  }

  void missed_ring() {
    if (syncing_) return;
    if (!suspect_open_) {
      suspect_open_ = true;
      current_suspect_ = GhostSuspect{};
      current_suspect_.start_us = quiet_routable_since_ >= 0 ? quiet_routable_since_ : now_us_;
    }
    ++current_suspect_.contacts_missed;
  }

  void contact_removed(const std::string& id, bool status_changes) {
    Tracked k = contacts_.at(id);
    contacts_.erase(id);
    if (!k.channel_modelled) return;
    const std::string cause = "contact " + id + ": " + std::string(to_string(k.t.state)) + " -> removed";
    if (k.t.state == ContactState::Ended && k.t.ended_us >= 0) samples_.acw_us.push_back(now_us_ - k.t.ended_us);
    if (is_missed(k.t.state) && k.t.missed_us >= 0) samples_.clear_missed_us.push_back(now_us_ - k.t.missed_us);
    // A status change in the same record clears ACW or Missed itself (step 3), unless a next
    // status was pending: clearing then applies it.
    if (status_changes && machine_.next_status() == model::NextStatus::None &&
        (k.t.state == ContactState::Ended || is_missed(k.t.state))) {
      return;
    }
    clear_slot(k, cause, true);
  }

  // The stream removed a contact the model holds. `from_stream` false: a re-offer of a missed
  // contact, whose clearing is implied (nothing to clear when the model's slot is already empty).
  // A removal the model has no contact for is dispatched anyway: the model rejects it, a finding.
  void clear_slot(const Tracked& k, const std::string& cause, bool from_stream) {
    if (!from_stream && !model::slot_occupied(machine_.view())) return;
    if (machine_.session() == model::Session::LoggedIn) {
      dispatch(Event::of(EventKind::ClearContact), cause);
    } else if (k.t.state == ContactState::Ended) {
      dispatch(Event::of(EventKind::AcwTimeout), cause);
    } else {
      dispatch(Event::of(EventKind::DismissUserContact), cause);
    }
  }
};

}  // namespace

Analysis analyze(std::vector<Record> records, const ConformOptions& options) {
  Analysis a;
  // Duplicates by EventId, the first occurrence in input order kept.
  std::unordered_map<std::string, std::size_t> first_by_id;
  std::vector<bool> keep(records.size(), true);
  std::map<std::string, AgentReport> reports;
  std::unordered_map<std::string, std::int64_t> latest_by_agent;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Record& r = records[i];
    AgentReport& rep = reports[r.agent_arn];
    rep.agent_arn = r.agent_arn;
    auto [it, fresh] = first_by_id.emplace(r.event_id, i);
    if (!fresh) {
      keep[i] = false;
      ++rep.duplicates;
      const Record& f = records[it->second];
      if (f.agent_arn != r.agent_arn || f.timestamp_us != r.timestamp_us || f.type != r.type) {
        ++rep.conflicting_duplicates;
      }
      continue;
    }
    auto [lt, first] = latest_by_agent.emplace(r.agent_arn, r.timestamp_us);
    if (!first) {
      if (r.timestamp_us < lt->second) ++rep.out_of_order;
      lt->second = std::max(lt->second, r.timestamp_us);
    }
  }
  std::vector<Record> kept;
  kept.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (keep[i]) kept.push_back(std::move(records[i]));
  }
  std::stable_sort(kept.begin(), kept.end(), [](const Record& x, const Record& y) {
    if (x.agent_arn != y.agent_arn) return x.agent_arn < y.agent_arn;
    return x.timestamp_us < y.timestamp_us;
  });
  std::unordered_map<std::string, bool> contacts_seen;
  std::size_t i = 0;
  while (i < kept.size()) {
    AgentReport& rep = reports[kept[i].agent_arn];
    AgentTracker tracker(options, rep, a.samples, contacts_seen);
    std::size_t j = i;
    for (; j < kept.size() && kept[j].agent_arn == kept[i].agent_arn; ++j) tracker.process(kept[j]);
    tracker.finish();
    i = j;
  }
  for (auto& [arn, rep] : reports) {
    a.records += rep.records;
    a.duplicates += rep.duplicates;
    a.out_of_order += rep.out_of_order;
    a.unaccepted += rep.unaccepted.size();
    a.dispatched += rep.dispatched;
    a.agents.push_back(std::move(rep));
  }
  if (!options.status_types.defaulted.empty()) {
    std::string names;
    for (const std::string& n : options.status_types.defaulted) names += (names.empty() ? "" : ", ") + n;
    a.notes.push_back("status types by the default rule (Available ROUTABLE, Offline OFFLINE, "
                      "anything else CUSTOM; give --status-types or records with Type to say otherwise): " +
                      names);
  }
  return a;
}

}  // namespace agentsim::conform
