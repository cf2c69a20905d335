#include "agentsim/search/check.h"

#include <algorithm>
#include <unordered_set>

#include "agentsim/search/fuzz.h"

namespace agentsim::search {

using namespace sim;

namespace {

// One choice point of a session: the values it may take, the one taken now, and for a
// continuous quantity the range and the time it was drawn (its boundaries come from the
// session's events after the draw).
struct Node {
  std::vector<std::int64_t> values;
  std::size_t index = 0;
  bool lookahead = false;  // a continuous quantity: values = {hi} until the first run ends
  bool finalized = true;
  std::int64_t t0 = 0;
  Range range;
};

// Which points of a continuous quantity are explored: the timings of the page, the APIs and the
// server side (unload budget, latencies, retry delays, the dialog, timer phases) at their ends and
// at every boundary the session's events create; the agent's timings and contact gaps (answer,
// talk, ring and ACW left, reopen, sleep, a mobile kill, noticing, clearing, gaps) at their ends.
enum class Points { Boundaries, Ends };

// The limits of one exploration pass: schedules up to `size` environment events.
struct Budget {
  int size = 1;
  int max_failures = 0;
  int max_contacts = 0;
};

// The states already met at a choice point in this pass (fingerprints of the session and of the
// draws so far). A state met again continues exactly as it did the first time, whose subtree is
// (or will be) explored: the second copy takes its first values without branching and is not
// judged. Bounded: past kMaxStates new states are no longer recorded (nothing is merged wrongly,
// only fewer are merged).
struct Visited {
  static constexpr std::size_t kMaxStates = 8'000'000;
  std::unordered_set<std::uint64_t> states;
  std::int64_t merged = 0;  // runs cut short as a copy of a state met before
};

std::uint64_t mix(std::uint64_t h, std::uint64_t x) {
  h ^= x + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
  return h ^ (h >> 31);
}

// A DrawSource whose every draw is a choice point: replays the choices of `path` and extends it
// with the first value of each new choice point. Builds the Schedule that ScheduleDraws plays
// identically (single-valued parts drawn again reuse their first value).
class ExploringDraws final : public DrawSource {
 public:
  ExploringDraws(std::vector<Node>& path, const SearchSpace& space, const Budget& budget,
                 const SessionProbe& probe, Visited* visited, bool ends_only)
      : path_(path), space_(space), budget_(budget), probe_(probe), visited_(visited), ends_only_(ends_only) {}

  // The run reached a state met before: it is a copy, not a schedule of its own.
  bool merged() const { return merged_; }

  CloseKind close_kind() override {
    s_.close_kind = pick(space_.close_kinds);
    return s_.close_kind;
  }
  PreClose pre_close() override {
    s_.pre_close = pick(space_.pre_close);
    return s_.pre_close;
  }

  std::int64_t duration_us(Duration d) override {
    switch (d) {
      case Duration::UnloadWindowTabClose:
      case Duration::UnloadWindowBrowserQuit:
      case Duration::UnloadWindowReload:
      case Duration::UnloadWindowOneOfTwoTabs:
      case Duration::UnloadWindowLogoutButton:
        return once(have_window_, s_.unload_window_us, space_.unload_window);
      case Duration::DialogDecision: return once(have_dialog_, s_.dialog_decision_us, space_.dialog_decision);
      case Duration::RecloseAfterStay: return once(have_reclose_, s_.reclose_after_stay_us, space_.reclose_after_stay);
      case Duration::SetStateLatency:
      case Duration::PutUserStatusLatency:
        if (s_.api.empty()) return ApiStep{}.latency_us;  // not reached: an outcome comes first
        // A timed-out attempt is never answered nor applied: its latency changes nothing.
        s_.api.back().latency_us = s_.api.back().outcome == ApiOutcome::Timeout
                                       ? space_.api_latency.lo
                                       : quantity(space_.api_latency);
        outcome_pending_ = false;
        return s_.api.back().latency_us;
      case Duration::BackendNotifyLatency:
      case Duration::HeartbeatLatency: return once(have_notify_, s_.notify_latency_us, space_.notify_latency);
      case Duration::ContactInterarrival: {
        if (contacts_done_) return DurationDist::kSampleUsMax;
        const bool room = contacts_ < budget_.max_contacts && size() < budget_.size;
        if (!room || choose({0, 1}) == 0) {
          contacts_done_ = true;  // after the listed arrivals, none (as ScheduleDraws plays it)
          return DurationDist::kSampleUsMax;
        }
        ++contacts_;
        s_.contact_gaps_us.push_back(quantity(space_.contact_gap, Points::Ends));
        return s_.contact_gaps_us.back();
      }
      case Duration::AnswerDelay: return once(have_answer_, s_.answer_delay_us, space_.answer_delay, Points::Ends);
      case Duration::TalkTime: return once(have_talk_, s_.talk_time_us, space_.talk_time, Points::Ends);
      case Duration::RingRemaining: return once(have_ring_, s_.ring_remaining_us, space_.ring_remaining, Points::Ends);
      case Duration::AcwRemaining: return once(have_acw_, s_.acw_remaining_us, space_.acw_remaining, Points::Ends);
      case Duration::CrashReopen: return once(have_reopen_, s_.crash_reopen_us, space_.crash_reopen_after, Points::Ends);
      case Duration::SleepDuration: return once(have_sleep_, s_.sleep_duration_us, space_.sleep_duration, Points::Ends);
      case Duration::MobileKillDelay: return once(have_kill_, s_.mobile_kill_delay_us, space_.mobile_kill_delay, Points::Ends);
      case Duration::NoticeOffline: return once(have_notice_, s_.notice_offline_us, space_.notice_offline, Points::Ends);
      case Duration::ClearMissed: return once(have_clear_, s_.clear_missed_us, space_.clear_missed, Points::Ends);
      case Duration::SilentHangup: return once(have_hangup_, s_.silent_hangup_us, space_.silent_hangup, Points::Ends);
      case Duration::EventStreamAfterLogout:
        return once(have_after_logout_, s_.event_stream_after_logout_us, space_.after_logout, Points::Ends);
      // The search covers voice only: no chat arrives (as ScheduleDraws plays it).
      case Duration::ChatInterarrival: return DurationDist::kSampleUsMax;
      case Duration::ChatHandleTime: return once(have_talk_, s_.talk_time_us, space_.talk_time, Points::Ends);
    }
    return 0;
  }

  bool chance(Chance c, double) override {
    switch (c) {
      case Chance::StickyActivation: return once_bool(have_sticky_, s_.sticky_activation, space_.sticky_activation);
      case Chance::WindowAfterBusyWait:
        return once_bool(have_busy_window_, s_.window_after_busy_wait, space_.window_after_busy_wait);
      case Chance::DialogStay: return once_bool(have_stay_, s_.dialog_stay, space_.dialog_stay);
      case Chance::CrashReopen: return once_bool(have_crash_reopen_, s_.crash_reopen, space_.crash_reopen);
      case Chance::SleepReturn: return once_bool(have_sleep_return_, s_.sleep_return, space_.sleep_return);
      case Chance::DeliveredStreamsWorker:
      case Chance::DeliveredKeepalive:
      case Chance::DeliveredBeacon:
      case Chance::DeliveredFetchLater: {
        const bool can_fail = space_.delivery_can_fail && failure_room();
        const bool delivered = !can_fail || choose({1, 0}) == 1;
        if (!delivered) ++failures_;
        s_.delivered.push_back(delivered);
        return delivered;
      }
      case Chance::BeaconBlocked: {
        if (have_beacon_) return s_.beacon_blocked;
        have_beacon_ = true;
        const bool can = space_.beacon_can_block && failure_room();
        s_.beacon_blocked = can && choose({0, 1}) == 1;
        if (s_.beacon_blocked) ++failures_;
        return s_.beacon_blocked;
      }
      case Chance::HeartbeatLost: return false;
      case Chance::CancelNextStatusFails:
        return once_bool(have_cancel_fails_, s_.cancel_next_status_fails, space_.cancel_next_fails);
      // Not explored: the schedule's value (false unless a replay sets it).
      case Chance::MobilePageHide: return s_.mobile_pagehide;
    }
    return false;
  }

  ApiOutcome api_outcome(Api) override {
    std::vector<std::int64_t> options = {static_cast<std::int64_t>(ApiOutcome::Success)};
    if (failure_room()) {
      for (ApiOutcome o : space_.failure_outcomes) options.push_back(static_cast<std::int64_t>(o));
    }
    const auto o = static_cast<ApiOutcome>(choose(options));
    if (o != ApiOutcome::Success) ++failures_;
    s_.api.push_back({ApiStep{}.latency_us, o});
    outcome_pending_ = true;  // drawn, not yet in the session's calls: part of the state until then
    return o;
  }

  std::int64_t retry_delay_us(const RetryPolicy& policy, int attempt) override {
    s_.retry_delays_us.push_back(quantity(policy_delay_range(policy, attempt)));
    return s_.retry_delays_us.back();
  }

  std::int64_t phase_us(Phase p, std::int64_t period_us) override {
    const Range r{0, period_us - 1};
    if (p == Phase::Heartbeat) return once(have_heartbeat_phase_, s_.heartbeat_phase_us, r) % period_us;
    return once(have_sweep_phase_, s_.sweep_phase_us, r) % period_us;
  }

  const Schedule& schedule() const { return s_; }
  int size() const { return 1 + failures_ + contacts_; }

 private:
  std::vector<Node>& path_;
  const SearchSpace& space_;
  const Budget& budget_;
  const SessionProbe& probe_;
  Visited* visited_;
  bool ends_only_;  // every timing at its ends only (the space outside the claim, by default)
  bool merged_ = false;
  std::size_t pos_ = 0;
  Schedule s_;
  int failures_ = 0;
  int contacts_ = 0;
  bool contacts_done_ = false;
  bool outcome_pending_ = false;  // an API outcome drawn whose call the session has not made yet
  bool have_window_ = false, have_dialog_ = false, have_reclose_ = false, have_notify_ = false;
  bool have_answer_ = false, have_talk_ = false, have_ring_ = false, have_acw_ = false;
  bool have_reopen_ = false, have_sleep_ = false, have_kill_ = false, have_notice_ = false;
  bool have_clear_ = false, have_sticky_ = false, have_busy_window_ = false, have_stay_ = false, have_crash_reopen_ = false;
  bool have_sleep_return_ = false, have_beacon_ = false, have_heartbeat_phase_ = false;
  bool have_sweep_phase_ = false;
  bool have_hangup_ = false, have_after_logout_ = false, have_cancel_fails_ = false;

  bool failure_room() const { return failures_ < budget_.max_failures && size() < budget_.size; }

  // A new choice point: is its state (the session's, the draws', and what is drawn) one met
  // before in this pass? Then this run is a copy from here on.
  bool seen_before(std::uint64_t what) {
    if (merged_) return true;
    if (visited_ == nullptr || !probe_.fingerprint) return false;
    std::uint64_t h = mix(probe_.fingerprint(), what);
    h = mix(h, static_cast<std::uint64_t>(failures_) | static_cast<std::uint64_t>(contacts_) << 16 |
                   static_cast<std::uint64_t>(contacts_done_) << 32);
    // An outcome drawn for a call the session has not made yet (its latency is drawn next): it
    // decides the call, so it is part of the state (a 5xx and a lost response are not the same).
    if (outcome_pending_) h = mix(h, 0x100 + static_cast<std::uint64_t>(s_.api.back().outcome));
    const bool flags[] = {have_window_, have_dialog_, have_reclose_, have_notify_, have_answer_, have_talk_,
                          have_ring_, have_acw_, have_reopen_, have_sleep_, have_kill_, have_notice_,
                          have_clear_, have_sticky_, have_stay_, have_crash_reopen_, have_sleep_return_,
                          have_beacon_, have_heartbeat_phase_, have_sweep_phase_, have_hangup_,
                          have_after_logout_, have_cancel_fails_, have_busy_window_};
    std::uint64_t bits = 0;
    for (bool f : flags) bits = bits << 1 | (f ? 1 : 0);
    h = mix(h, bits);
    // The values single-valued parts will reuse.
    for (std::int64_t v : {s_.unload_window_us, s_.dialog_decision_us, s_.reclose_after_stay_us,
                           s_.notify_latency_us, s_.answer_delay_us, s_.talk_time_us, s_.ring_remaining_us,
                           s_.acw_remaining_us, s_.crash_reopen_us, s_.sleep_duration_us,
                           s_.mobile_kill_delay_us, s_.notice_offline_us, s_.clear_missed_us,
                           s_.heartbeat_phase_us, s_.sweep_phase_us, s_.silent_hangup_us,
                           s_.event_stream_after_logout_us}) {
      h = mix(h, static_cast<std::uint64_t>(v));
    }
    h = mix(h, static_cast<std::uint64_t>(s_.sticky_activation) | s_.dialog_stay << 1 | s_.crash_reopen << 2 |
                   s_.sleep_return << 3 | s_.beacon_blocked << 4 | s_.cancel_next_status_fails << 5 |
                   s_.window_after_busy_wait << 6);
    if (visited_->states.count(h) != 0) {
      merged_ = true;
      ++visited_->merged;
      return true;
    }
    if (visited_->states.size() < Visited::kMaxStates) visited_->states.insert(h);
    return false;
  }

  std::int64_t choose(std::vector<std::int64_t> values) {
    if (pos_ < path_.size()) {
      const Node& n = path_[pos_++];
      return n.values[n.index];
    }
    std::uint64_t what = 1;
    for (std::int64_t v : values) what = mix(what, static_cast<std::uint64_t>(v));
    if (seen_before(what)) return values.front();
    Node n;
    n.values = std::move(values);
    path_.push_back(std::move(n));
    ++pos_;
    return path_.back().values.front();
  }

  // A continuous quantity: its largest value first; its other points (its smallest, and for a
  // timing the boundaries) once that run has ended.
  std::int64_t quantity(Range r, Points points = Points::Boundaries) {
    if (r.lo >= r.hi) return r.lo;
    if (pos_ < path_.size()) {
      const Node& n = path_[pos_++];
      return n.values[n.index];
    }
    if (points == Points::Ends || ends_only_) return choose({r.hi, r.lo});
    if (seen_before(mix(mix(2, static_cast<std::uint64_t>(r.lo)), static_cast<std::uint64_t>(r.hi)))) return r.hi;
    Node n;
    n.values = {r.hi};
    n.lookahead = true;
    n.finalized = false;
    n.t0 = probe_.now_us;
    n.range = r;
    path_.push_back(std::move(n));
    ++pos_;
    return r.hi;
  }

  std::int64_t once(bool& have, std::int64_t& field, Range r, Points points = Points::Boundaries) {
    if (!have) {
      have = true;
      field = quantity(r, points);
    }
    return field;
  }

  bool once_bool(bool& have, bool& field, const std::vector<bool>& options) {
    if (!have) {
      have = true;
      std::vector<std::int64_t> v;
      for (bool b : options) v.push_back(b ? 1 : 0);
      field = v.size() == 1 ? v.front() != 0 : choose(v) != 0;
    }
    return field;
  }

  template <class T>
  T pick(const std::vector<T>& options) {
    if (options.size() == 1) return options.front();
    std::vector<std::int64_t> v;
    for (std::size_t i = 0; i < options.size(); ++i) v.push_back(static_cast<std::int64_t>(i));
    return options[static_cast<std::size_t>(choose(v))];
  }
};

// The points of a continuous quantity drawn at t0: its ends, and just before and just after each
// event time of the run in which it took its largest value. Returns whether some were cut.
bool finalize(Node& n, const std::vector<std::int64_t>& event_times, int max_boundaries) {
  std::vector<std::int64_t> points;
  for (std::int64_t t : event_times) {
    const std::int64_t d = t - n.t0;
    if (d <= n.range.lo || d >= n.range.hi) continue;
    // Just before and just after the event (at the same time, the order of insertion decides,
    // which is one of the two).
    for (std::int64_t p : {d - 1, d + 1}) {
      if (p > n.range.lo && p < n.range.hi) points.push_back(p);
    }
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  const bool cut = static_cast<int>(points.size()) > max_boundaries;
  if (cut) points.resize(static_cast<std::size_t>(max_boundaries));  // the earliest ones
  n.values.push_back(n.range.lo);
  n.values.insert(n.values.end(), points.begin(), points.end());
  n.finalized = true;
  return cut;
}

}  // namespace

std::string_view to_string(CheckVerdict v) {
  switch (v) {
    case CheckVerdict::Holds: return "holds";
    case CheckVerdict::Violated: return "violated";
    case CheckVerdict::Unfinished: return "unfinished";
    case CheckVerdict::NotApplicable: return "not applicable";
  }
  return "?";
}

CheckReport check_claim(const SessionSpec& spec, const Claim& claim, const CheckOptions& options) {
  CheckReport report;
  std::vector<Property> props = options.properties;
  if (props.empty()) {
    for (const PropertyInfo& p : properties()) props.push_back(p.id);
  }
  const SessionSpec searched = search_spec(spec);
  SessionRunner runner(searched);
  SessionProbe probe;
  for (const Property prop : props) {
    CheckResult& r = report.results.emplace_back();
    r.property = prop;
    r.space = search_space(spec, claim, searched_within_claim(prop, claim));
    if (const std::string why = not_claimed(prop, claim); !why.empty()) {
      r.verdict = CheckVerdict::NotApplicable;
      r.not_applicable = why;
    } else if (r.space.empty()) {
      r.verdict = CheckVerdict::NotApplicable;
      r.not_applicable = r.space.empty_reason;
    }
  }
  // The properties bound to the claim share one space, the others another: each space is explored
  // once, every schedule judged by every property of its group still open.
  for (const bool in_claim : {true, false}) {
    std::vector<CheckResult*> group;
    for (CheckResult& r : report.results) {
      if (r.verdict != CheckVerdict::NotApplicable && searched_within_claim(r.property, claim) == in_claim) {
        group.push_back(&r);
      }
    }
    if (group.empty()) continue;
    const SearchSpace& space = group.front()->space;
    Budget budget;
    budget.max_failures = space.failures_bounded ? space.max_failures : options.max_failures_outside_claim;
    budget.max_contacts = std::min(space.max_contacts, in_claim ? options.max_contacts : options.max_contacts_outside_claim);
    for (CheckResult* r : group) {
      r->failure_budget = budget.max_failures;
      r->max_contacts = budget.max_contacts;
      // The space as explored: its bounds as the budget narrows them.
      r->space.max_contacts = budget.max_contacts;
      r->space.failures_bounded = true;
      r->space.max_failures = budget.max_failures;
    }
    if (report.stopped) continue;  // Unfinished
    const int largest = 1 + budget.max_failures + budget.max_contacts;
    std::size_t open = group.size();
    std::int64_t schedules = 0, sessions = 0;
    int truncated = 0;
    std::int64_t merged = 0;
    std::map<std::string, int> labels;
    for (int size = 1; size <= largest && open > 0 && !report.stopped; ++size) {
      budget.size = size;
      Visited visited;
      std::vector<Node> path;
      bool more = true;
      while (more && open > 0) {
        if (report.sessions >= options.max_schedules || (options.should_stop && options.should_stop())) {
          report.stopped = true;
          break;
        }
        const std::size_t known = path.size();
        ExploringDraws draws(path, space, budget, probe, options.merge_states ? &visited : nullptr,
                             !in_claim && !options.boundaries_outside_claim);
        const Outcome o = runner.run_probed(draws, probe);
        ++sessions;
        ++report.sessions;
        for (std::size_t i = known; i < path.size(); ++i) {
          if (path[i].lookahead && !path[i].finalized &&
              finalize(path[i], probe.event_times, options.max_boundaries)) {
            ++truncated;
          }
        }
        // A schedule smaller than this pass's size was judged by an earlier pass.
        if (draws.size() == size && !draws.merged()) {
          ++schedules;
          ++report.schedules;
          const Schedule& s = draws.schedule();
          add_coverage(labels, s, o, s.api.size());
          for (CheckResult* r : group) {
            if (r->verdict != CheckVerdict::Unfinished) continue;
            const PropertyCheck c = check(r->property, claim, s, o);
            if (c.holds) continue;
            // The counterexample must replay exactly as the schedule a replay file holds.
            SessionSpec replay = searched;
            replay.schedule = s;
            ScheduleDraws again(*replay.schedule);
            if (!(SessionRunner(replay).run_with(again) == o)) {
              report.error = "check: the counterexample does not replay to the same outcome (a bug)";
              return report;
            }
            r->verdict = CheckVerdict::Violated;
            r->counterexample = s;
            r->outcome = o;
            r->explanation = c.explanation;
            r->schedules = schedules;
            r->sessions = sessions;
            r->labels = labels;
            r->choice_points_truncated = truncated;
            r->merged = merged + visited.merged;
            --open;
          }
        }
        // Backtrack: the deepest choice point with a value left takes its next value.
        more = false;
        while (!path.empty()) {
          Node& n = path.back();
          if (n.index + 1 < n.values.size()) {
            ++n.index;
            more = true;
            break;
          }
          path.pop_back();
        }
      }
      merged += visited.merged;
      report.merged += visited.merged;
      if (!report.stopped) {
        for (CheckResult* r : group) {
          if (r->verdict == CheckVerdict::Unfinished) r->largest_size = size;
        }
      }
    }
    for (CheckResult* r : group) {
      if (r->verdict != CheckVerdict::Unfinished) continue;
      if (!report.stopped) r->verdict = CheckVerdict::Holds;
      r->schedules = schedules;
      r->sessions = sessions;
      r->labels = labels;
      r->choice_points_truncated = truncated;
      r->merged = merged;
    }
  }
  return report;
}

}  // namespace agentsim::search
