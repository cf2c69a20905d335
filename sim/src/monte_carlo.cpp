#include "agentsim/sim/monte_carlo.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

namespace agentsim::sim {

namespace {
// "40 s", "12 min", "1.7 h", "3 days": one decimal at most.
std::string rough_duration(double seconds) {
  const auto text = [](double v, const char* unit) {
    const double r = std::round(v * 10) / 10;
    return (r == std::floor(r) ? fmt::format("{:.0f}", r) : fmt::format("{:.1f}", r)) + " " + unit;
  };
  if (seconds < 90) return text(seconds, "s");
  if (seconds < 5400) return text(seconds / 60, "min");
  if (seconds < 172800) return text(seconds / 3600, "h");
  if (seconds < 365 * 86400.0) return text(seconds / 86400, "days");
  return "over a year";
}
}  // namespace

std::string sessions_duration_range(double sessions) {
  const std::string fastest = rough_duration(sessions / kSessionsPerSecondFastest);
  const std::string slowest = rough_duration(sessions / kSessionsPerSecondSlowest);
  return fastest == slowest ? fastest : fastest + " to " + slowest;
}

void Moments::add(std::uint64_t v) {
  sum.add(v);
  // v^2 exactly: v < 2^64, so v^2 < 2^128.
  const unsigned __int128 sq = static_cast<unsigned __int128>(v) * v;
  UInt128 part;
  part.hi = static_cast<std::uint64_t>(sq >> 64);
  part.lo = static_cast<std::uint64_t>(sq);
  sum_squares.add(part);
}

void Moments::merge(const Moments& o) {
  sum.add(o.sum);
  sum_squares.add(o.sum_squares);
}

double Moments::mean(std::uint64_t n) const {
  return n == 0 ? 0.0 : sum.to_double() / static_cast<double>(n);
}

double Moments::sd(std::uint64_t n) const {
  if (n == 0) return 0.0;
  const double m = mean(n);
  const double var = sum_squares.to_double() / static_cast<double>(n) - m * m;
  return var > 0 ? std::sqrt(var) : 0.0;
}

void Summary::add(const Outcome& o) {
  const auto ms = [](std::int64_t us) { return static_cast<std::uint64_t>(us / 1000); };
  missed_per_session.add(o.contacts_missed_on_ghost);
  chats_missed_per_session.add(o.chats_missed_on_ghost);
  ghost_ms_per_session.add(ms(o.ghost_us));
  customer_wait_ms_per_session.add(ms(o.customer_wait_added_us));
  silent_call_ms_per_session.add(ms(o.silent_call_us));
  spurious_offline_ms_per_session.add(ms(o.spurious_offline_us));
  api_calls_per_session.add(std::uint64_t{o.setstate_sent} + o.put_user_status_sent +
                            o.backend_notifies_sent + o.dismiss_sent + o.user_data_polls_sent);
  dismiss_sent += o.dismiss_sent;
  heartbeats_sent += o.heartbeats_sent;
  sweeper_detections += o.sweeper_detections;
  contacts_dropped_per_session.add(o.contacts_dropped_by_strategy);
  retries_dropped_per_session.add(o.retries_dropped_at_teardown);
  ++sessions;
  const auto kind = static_cast<std::size_t>(o.close_kind);
  ++closes_by_kind[kind];
  if (o.agent_left) ++agents_left;
  if (o.ghost_us > 0) {
    ++ghost_sessions;
    ++ghosts_by_kind[kind];
    for (std::size_t i = 0; i < kGhostOverSeconds.size(); ++i) {
      if (o.ghost_us > kGhostOverSeconds[i] * 1'000'000) ++ghosts_over[i];
    }
    ghost_durations.record(o.ghost_us);
    ghost_us_sum.add(static_cast<std::uint64_t>(o.ghost_us));
  }
  if (o.ghost_at_horizon) ++ghost_at_horizon;
  if (o.spurious_offline) ++spurious_offline_sessions;
  spurious_offline_us_sum.add(static_cast<std::uint64_t>(o.spurious_offline_us));
  if (o.offline_at_end) ++offline_at_end;
  if (o.budget_exceeded) ++budget_exceeded;
  if (o.unaccepted_events > 0) ++sessions_with_unaccepted;
  unaccepted_events += o.unaccepted_events;
  contacts_offered_to_ghost += o.contacts_offered_to_ghost;
  contacts_connected_to_ghost += o.contacts_connected_to_ghost;
  contacts_missed_on_ghost += o.contacts_missed_on_ghost;
  contacts_missed_after_teardown += o.contacts_missed_after_teardown;
  chats_offered_to_ghost += o.chats_offered_to_ghost;
  chats_missed_on_ghost += o.chats_missed_on_ghost;
  chats_connected_to_ghost += o.chats_connected_to_ghost;
  contacts_dropped_by_strategy += o.contacts_dropped_by_strategy;
  customer_wait_added_us_sum.add(static_cast<std::uint64_t>(o.customer_wait_added_us));
  setstate_sent += o.setstate_sent;
  put_user_status_sent += o.put_user_status_sent;
  backend_notifies_sent += o.backend_notifies_sent;
  api_failures_seen += o.api_failures_seen;
  throttled += o.throttled;
  requests_cancelled_at_teardown += o.requests_cancelled_at_teardown;
  retries_dropped_at_teardown += o.retries_dropped_at_teardown;
  sends_after_teardown += o.sends_after_teardown;
  dialogs_shown += o.dialogs_shown;
  events_processed += o.events_processed;
}

namespace {

// Every field of a Summary, once: merge and equality walk these lists, so a new field cannot be
// merged but forgotten in the comparison (or the other way round).
constexpr std::uint64_t Summary::*kCounters[] = {
    &Summary::sessions,
    &Summary::agents_left,
    &Summary::ghost_sessions,
    &Summary::ghost_at_horizon,
    &Summary::spurious_offline_sessions,
    &Summary::offline_at_end,
    &Summary::budget_exceeded,
    &Summary::sessions_with_unaccepted,
    &Summary::unaccepted_events,
    &Summary::contacts_offered_to_ghost,
    &Summary::contacts_connected_to_ghost,
    &Summary::contacts_missed_on_ghost,
    &Summary::contacts_missed_after_teardown,
    &Summary::chats_offered_to_ghost,
    &Summary::chats_missed_on_ghost,
    &Summary::chats_connected_to_ghost,
    &Summary::contacts_dropped_by_strategy,
    &Summary::setstate_sent,
    &Summary::put_user_status_sent,
    &Summary::backend_notifies_sent,
    &Summary::api_failures_seen,
    &Summary::throttled,
    &Summary::requests_cancelled_at_teardown,
    &Summary::retries_dropped_at_teardown,
    &Summary::sends_after_teardown,
    &Summary::dialogs_shown,
    &Summary::events_processed,
    &Summary::dismiss_sent,
    &Summary::heartbeats_sent,
    &Summary::sweeper_detections,
};
constexpr UInt128 Summary::*kSums[] = {&Summary::ghost_us_sum, &Summary::customer_wait_added_us_sum,
                                       &Summary::spurious_offline_us_sum};
constexpr Moments Summary::*kMoments[] = {
    &Summary::missed_per_session,          &Summary::ghost_ms_per_session,
    &Summary::customer_wait_ms_per_session, &Summary::spurious_offline_ms_per_session,
    &Summary::api_calls_per_session,       &Summary::contacts_dropped_per_session,
    &Summary::retries_dropped_per_session, &Summary::silent_call_ms_per_session,
    &Summary::chats_missed_per_session,
};

}  // namespace

void Summary::merge(const Summary& b) {
  for (auto f : kCounters) this->*f += b.*f;
  for (auto f : kSums) (this->*f).add(b.*f);
  for (auto f : kMoments) (this->*f).merge(b.*f);
  ghost_durations.merge(b.ghost_durations);
  for (std::size_t i = 0; i < closes_by_kind.size(); ++i) {
    closes_by_kind[i] += b.closes_by_kind[i];
    ghosts_by_kind[i] += b.ghosts_by_kind[i];
  }
  for (std::size_t i = 0; i < ghosts_over.size(); ++i) ghosts_over[i] += b.ghosts_over[i];
}

bool operator==(const Summary& a, const Summary& b) {
  for (auto f : kCounters) {
    if (a.*f != b.*f) return false;
  }
  for (auto f : kSums) {
    if (!(a.*f == b.*f)) return false;
  }
  for (auto f : kMoments) {
    if (!(a.*f == b.*f)) return false;
  }
  return a.ghost_durations == b.ghost_durations && a.closes_by_kind == b.closes_by_kind &&
         a.ghosts_by_kind == b.ghosts_by_kind && a.ghosts_over == b.ghosts_over;
}

Words encode_words(const Summary& s) {
  Words out;
  for (auto f : kCounters) out.push_back(s.*f);
  for (auto f : kSums) put(out, s.*f);
  for (auto f : kMoments) (s.*f).encode(out);
  for (std::uint64_t v : s.closes_by_kind) out.push_back(v);
  for (std::uint64_t v : s.ghosts_by_kind) out.push_back(v);
  for (std::uint64_t v : s.ghosts_over) out.push_back(v);
  s.ghost_durations.encode(out);
  return out;
}

bool decode_words(const Words& words, Summary& out, std::string& error) {
  WordReader in(words);
  Summary s;
  bool ok = true;
  for (auto f : kCounters) ok = ok && in.take(s.*f);
  for (auto f : kSums) ok = ok && in.take(s.*f);
  for (auto f : kMoments) ok = ok && (s.*f).decode(in);
  for (std::uint64_t& v : s.closes_by_kind) ok = ok && in.take(v);
  for (std::uint64_t& v : s.ghosts_by_kind) ok = ok && in.take(v);
  for (std::uint64_t& v : s.ghosts_over) ok = ok && in.take(v);
  if (!ok) {
    error = "the summary is cut short";
    return false;
  }
  if (!s.ghost_durations.decode(in, error)) return false;
  if (!in.done()) {
    error = fmt::format("the summary has {} words more than its layout", words.size() - in.position());
    return false;
  }
  // What every Summary satisfies, so a hand-edited partial is refused rather than reported.
  std::uint64_t closes = 0;
  for (std::uint64_t v : s.closes_by_kind) closes += v;
  if (s.ghost_sessions > s.sessions || s.ghost_durations.count() != s.ghost_sessions || closes != s.sessions) {
    error = "the summary's counts contradict each other (ghosts, sessions and closes by kind)";
    return false;
  }
  out = std::move(s);
  return true;
}

std::string summary_layout() {
  return fmt::format("summary/c{}s{}m{}k{}o{}h{}", std::size(kCounters), std::size(kSums), std::size(kMoments),
                     kCloseKindCount, kGhostOverSeconds.size(), DurationHistogram::kBucketCount);
}

namespace {
double per_1000(double total, std::uint64_t sessions) {
  return sessions == 0 ? 0.0 : total * 1000.0 / static_cast<double>(sessions);
}
}  // namespace

double Summary::missed_per_1000_closes() const {
  return per_1000(static_cast<double>(contacts_missed_on_ghost), sessions);
}
double Summary::ghost_minutes_per_1000_closes() const {
  return per_1000(ghost_us_sum.to_double() / 60e6, sessions);
}
double Summary::customer_wait_minutes_per_1000_closes() const {
  return per_1000(customer_wait_added_us_sum.to_double() / 60e6, sessions);
}
double Summary::api_calls_per_close() const {
  const double calls =
      static_cast<double>(setstate_sent + put_user_status_sent + backend_notifies_sent + dismiss_sent);
  return sessions == 0 ? 0.0 : calls / static_cast<double>(sessions);
}

Summary run_monte_carlo(const SessionSpec& spec, const MonteCarloOptions& o) {
  // Sessions are split into fixed chunks; each thread takes chunks in turn. Every accumulator is
  // an integer (or an exact histogram), so the merged result does not depend on the thread
  // count or the order in which chunks finish.
  constexpr std::uint64_t kChunk = 4096;
  const std::uint64_t chunks = (o.sessions + kChunk - 1) / kChunk;
  int threads = o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::max(1, std::min<int>(threads, static_cast<int>(std::max<std::uint64_t>(chunks, 1))));
  std::vector<Summary> partial(static_cast<std::size_t>(threads));
  std::atomic<std::uint64_t> next{0};
  auto work = [&](int t) {
    Summary& s = partial[static_cast<std::size_t>(t)];
    SessionRunner runner(spec);
    for (std::uint64_t c = next++; c < chunks; c = next++) {
      const std::uint64_t begin = c * kChunk;
      const std::uint64_t end = std::min(o.sessions, begin + kChunk);
      for (std::uint64_t k = begin; k < end; ++k) {
        if (o.stop != nullptr && o.stop->load(std::memory_order_relaxed)) return;
        s.add(runner.run(o.seed, o.first_session + k));
      }
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(work, t);
    for (std::thread& th : pool) th.join();
  }
  Summary total;
  for (const Summary& s : partial) total.merge(s);
  return total;
}

}  // namespace agentsim::sim
