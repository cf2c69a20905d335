#include "agentsim/search/fuzz.h"

#include "agentsim/search/schedule_generator.h"
#include "agentsim/search/search_space.h"

#include <fmt/format.h>
#include <rapidcheck.h>

#include <algorithm>
#include <sstream>

namespace agentsim::search {

using namespace sim;  // NOLINT: the search is written in the simulator's terms

namespace {

using rc::Gen;
namespace gen = rc::gen;

// A value of `r`, the same at every rapidcheck size (rapidcheck's own inRange scales its range
// with the size): each end with probability 1/4 — the claim's largest latency, the smallest
// budget, zero and maximal delays get real weight, and a schedule with several quantities at
// their ends together (the corners where retries meet the teardown) is not left to chance —
// else uniform. Shrinks toward r.lo.
Gen<std::int64_t> value_in(Range r) {
  return [r](const rc::Random& random, int) {
    rc::Random rnd(random);
    const std::uint64_t pick = rnd.next() % 4;
    const auto width = static_cast<std::uint64_t>(r.hi - r.lo) + 1;
    const std::int64_t v = pick == 0   ? r.lo
                           : pick == 1 ? r.hi
                                       : r.lo + static_cast<std::int64_t>(rnd.next() % width);
    return rc::shrinkable::shrinkRecur(
        v, [lo = r.lo](std::int64_t x) { return rc::shrink::towards<std::int64_t>(x, lo); });
  };
}

// One of `options`, uniformly at every size (no weight on the ends: the options are weighted by
// repetition); shrinks toward the first.
template <class T>
Gen<T> one_of(std::vector<T> options) {
  const auto n = static_cast<std::uint64_t>(options.size());
  const Gen<std::int64_t> index = [n](const rc::Random& random, int) {
    const auto i = static_cast<std::int64_t>(rc::Random(random).next() % n);
    return rc::shrinkable::shrinkRecur(i, [](std::int64_t x) { return rc::shrink::towards<std::int64_t>(x, 0); });
  };
  return gen::map(index, [options](std::int64_t i) { return options[static_cast<std::size_t>(i)]; });
}

// A list of 0 to `max` elements, its length uniform at every size (rapidcheck's container draws
// it in [0, size]); the elements ignore the size. Shrinks by removing elements and shrinking each.
template <class T>
Gen<std::vector<T>> list_of(int max, Gen<T> element) {
  return gen::resize(std::max(0, max), gen::container<std::vector<T>>(std::move(element)));
}

Gen<ApiOutcome> outcome_gen(const SearchSpace& space) {
  // Success 12 : 5xx 2 : each other failure kind the space allows 1.
  std::vector<ApiOutcome> order(12, ApiOutcome::Success);
  for (ApiOutcome o : space.failure_outcomes) {
    order.insert(order.end(), o == ApiOutcome::ServerError ? 2 : 1, o);
  }
  return one_of(order);
}

// The retry delays the strategy's policy can produce, one per retry in order: a length, then
// each delay from its own attempt's range.
Gen<std::vector<std::int64_t>> retry_delays_gen(const SearchSpace& space) {
  const int n = space.max_retry_delays;
  std::vector<Gen<std::int64_t>> each;
  for (int i = 0; i < n; ++i) each.push_back(value_in(space.retry_delay(i)));
  return gen::exec([each, n] {
    const auto length = static_cast<std::size_t>(*value_in({0, n}));
    std::vector<std::int64_t> v;
    for (std::size_t i = 0; i < length; ++i) v.push_back(*each[i]);
    return v;
  });
}

// Keeps at most `budget` failures (API failures, undelivered requests, a blocked beacon): the
// later ones become successes. Applied after generation, so shrinking stays monotone.
void cap_failures(Schedule& s, int budget) {
  int failures = 0;
  for (ApiStep& a : s.api) {
    if (a.outcome == ApiOutcome::Success) continue;
    if (++failures > budget) a.outcome = ApiOutcome::Success;
  }
  for (std::size_t i = 0; i < s.delivered.size(); ++i) {
    if (s.delivered[i]) continue;
    if (++failures > budget) s.delivered[i] = true;
  }
  if (s.beacon_blocked && ++failures > budget) s.beacon_blocked = false;
}

// REQUIRES: !space.empty().
Gen<Schedule> schedule_gen(const SearchSpace& sp) {
  const Gen<bool> delivered =
      sp.delivery_can_fail ? one_of<bool>({true, true, true, true, false}) : gen::just(true);
  const Gen<bool> blocked = sp.beacon_can_block
                                ? one_of<bool>({false, false, false, false, false, false, false, false, false, true})
                                : gen::just(false);
  const Gen<Schedule> base = gen::build<Schedule>(
      gen::set(&Schedule::close_kind, one_of(sp.close_kinds)),
      gen::set(&Schedule::pre_close, one_of(sp.pre_close)),
      gen::set(&Schedule::unload_window_us, value_in(sp.unload_window)),
      gen::set(&Schedule::api, list_of(sp.max_api_steps, gen::build<ApiStep>(
                                       gen::set(&ApiStep::latency_us, value_in(sp.api_latency)),
                                       gen::set(&ApiStep::outcome, outcome_gen(sp))))),
      gen::set(&Schedule::notify_latency_us, value_in(sp.notify_latency)),
      gen::set(&Schedule::delivered, list_of(sp.max_deliveries, delivered)),
      gen::set(&Schedule::beacon_blocked, blocked),
      gen::set(&Schedule::sticky_activation, one_of(sp.sticky_activation)),
      gen::set(&Schedule::window_after_busy_wait, one_of(sp.window_after_busy_wait)),
      gen::set(&Schedule::dialog_stay, one_of(sp.dialog_stay)),
      gen::set(&Schedule::dialog_decision_us, value_in(sp.dialog_decision)),
      gen::set(&Schedule::reclose_after_stay_us, value_in(sp.reclose_after_stay)),
      gen::set(&Schedule::contact_gaps_us, list_of(sp.max_contacts, value_in(sp.contact_gap))),
      gen::set(&Schedule::answer_delay_us, value_in(sp.answer_delay)),
      gen::set(&Schedule::talk_time_us, value_in(sp.talk_time)),
      gen::set(&Schedule::ring_remaining_us, value_in(sp.ring_remaining)),
      gen::set(&Schedule::acw_remaining_us, value_in(sp.acw_remaining)),
      gen::set(&Schedule::crash_reopen, one_of(sp.crash_reopen)),
      gen::set(&Schedule::crash_reopen_us, value_in(sp.crash_reopen_after)),
      gen::set(&Schedule::sleep_return, one_of(sp.sleep_return)),
      gen::set(&Schedule::sleep_duration_us, value_in(sp.sleep_duration)),
      gen::set(&Schedule::mobile_kill_delay_us, value_in(sp.mobile_kill_delay)),
      gen::set(&Schedule::notice_offline_us, value_in(sp.notice_offline)),
      gen::set(&Schedule::clear_missed_us, value_in(sp.clear_missed)),
      gen::set(&Schedule::retry_delays_us, retry_delays_gen(sp)),
      // Server side: where the heartbeat and sweep timers stand at the close (within a period).
      gen::set(&Schedule::heartbeat_phase_us, value_in(sp.heartbeat_phase)),
      gen::set(&Schedule::sweep_phase_us, value_in(sp.sweep_phase)),
      gen::set(&Schedule::silent_hangup_us, value_in(sp.silent_hangup)),
      gen::set(&Schedule::event_stream_after_logout_us, value_in(sp.after_logout)),
      gen::set(&Schedule::cancel_next_status_fails, one_of(sp.cancel_next_fails)));
  if (!sp.failures_bounded) return base;
  const int budget = sp.max_failures;
  return gen::map(base, [budget](Schedule s) {
    cap_failures(s, budget);
    return s;
  });
}

class QuietListener final : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

}  // namespace

void add_coverage(std::map<std::string, int>& cov, const Schedule& s, const Outcome& o,
                  std::size_t api_used) {
  ++cov[fmt::format("close:{}", to_string(s.close_kind))];
  ++cov[fmt::format("pre-close:{}", to_string(s.pre_close))];
  for (std::size_t i = 0; i < std::min(api_used, s.api.size()); ++i) {
    ++cov[fmt::format("outcome:{}", to_string(s.api[i].outcome))];
  }
  for (int b = 0; b < model::kPageCount; ++b) {
    if (o.states_reached & (1u << b)) ++cov[fmt::format("state:{}", model::to_string(static_cast<model::Page>(b)))];
  }
  for (int b = 0; b < model::kStatusCount; ++b) {
    if (o.states_reached & (1u << (5 + b))) ++cov[fmt::format("state:{}", model::to_string(static_cast<model::Status>(b)))];
  }
  for (int b = 0; b < model::kContactCount; ++b) {
    if (o.states_reached & (1u << (8 + b))) ++cov[fmt::format("state:contact {}", model::to_string(static_cast<model::Contact>(b)))];
  }
  if (o.ghost_us > 0) ++cov["ghost"];
  if (o.retries_dropped_at_teardown > 0) ++cov["retry dropped at teardown"];
}

SessionSpec search_spec(const SessionSpec& spec) {
  SessionSpec s = spec;
  // The schedule carries the close kind and pre-close state (the space is narrowed to a fixed
  // one), so the session, the printout and the replay agree.
  s.close_kind.reset();
  s.pre_close.reset();
  s.schedule.reset();
  return s;
}

rc::Gen<Schedule> schedule_generator(const SessionSpec& spec, const Claim& claim, bool within_claim) {
  return schedule_gen(search_space(spec, claim, within_claim));
}

Schedule sample_schedule(const SearchSpace& space, std::uint64_t seed, int size) {
  return schedule_gen(space)(rc::Random(seed), size).value();
}

FuzzReport fuzz(const SessionSpec& spec, const Claim& claim, const FuzzOptions& options) {
  FuzzReport report;
  std::vector<Property> props = options.properties;
  if (props.empty()) {
    for (const PropertyInfo& p : properties()) props.push_back(p.id);
  }
  int matched_reproduce = 0;
  const SessionSpec searched = search_spec(spec);
  for (std::size_t pi = 0; pi < props.size(); ++pi) {
    const Property prop = props[pi];
    const bool in_claim = searched_within_claim(prop, claim);
    const SearchSpace space = search_space(spec, claim, in_claim);
    PropertyCoverage& coverage = report.coverage.emplace_back();
    coverage.property = prop;
    if (const std::string why = not_claimed(prop, claim); !why.empty()) {
      coverage.not_applicable = why;
      report.not_applicable.push_back(prop);
      continue;
    }
    if (space.empty()) {
      // Nothing lies within the claim: the property cannot fail (vacuously true), and says why.
      coverage.not_applicable = space.empty_reason;
      report.not_applicable.push_back(prop);
      continue;
    }
    const Gen<Schedule> g = schedule_gen(space);
    SessionSpec one = searched;
    SessionRunner runner(one);
    FuzzFinding last;
    bool failed_once = false;
    bool counting = true;  // coverage counts the cases, not the shrinking that follows a failure
    auto property = [&]() {
      const Schedule s = *g;
      one.schedule = s;
      ScheduleDraws draws(*one.schedule);
      const Outcome o = runner.run_with(draws);
      if (counting) add_coverage(coverage.labels, s, o, draws.api_used());
      const PropertyCheck c = check(prop, claim, s, o);
      if (!c.holds) {
        counting = false;
        failed_once = true;
        last.schedule = s;
        last.outcome = o;
        last.explanation = c.explanation;
      }
      RC_ASSERT(c.holds);
    };
    rc::detail::TestMetadata meta;
    meta.id = std::string(to_string(prop));
    meta.description = meta.id;
    rc::detail::TestParams params;
    params.seed = options.seed;
    params.maxSuccess = options.cases;
    params.maxSize = 100;
    params.disableShrinking = !options.shrink;
    QuietListener listener;
    std::unordered_map<std::string, rc::detail::Reproduce> reproduce_map;
    if (!options.reproduce.empty()) {
      try {
        reproduce_map = rc::detail::configFromString(options.reproduce).reproduce;
      } catch (const std::exception& e) {
        report.error = std::string("the reproduce string cannot be read: ") + e.what();
        return report;
      }
      if (reproduce_map.find(meta.id) == reproduce_map.end()) continue;  // for another property
      report.reproduce_matched = true;
      ++matched_reproduce;
    }
    // The cases run in chunks, each with its own derived seed, so a time budget (should_stop)
    // can end a long search between chunks. Everything stays a function of options.seed.
    constexpr int kChunk = 2000;
    int done = 0;
    bool property_failed = false;
    rc::detail::FailureResult failure;
    for (int chunk = 0; done < options.cases || !reproduce_map.empty(); ++chunk) {
      if (options.should_stop && options.should_stop()) {
        report.stopped_early = true;
        break;
      }
      params.seed = options.seed + static_cast<std::uint64_t>(chunk) * 0x9E3779B97F4A7C15ULL;
      params.maxSuccess = std::min(kChunk, options.cases - done);
      const rc::detail::TestResult result =
          rc::detail::checkTestable(property, meta, params, listener, reproduce_map);
      rc::detail::SuccessResult success;
      if (result.match(success)) {
        done += success.numSuccess;
        report.cases_run += success.numSuccess;
        coverage.cases += success.numSuccess;
        if (!reproduce_map.empty()) break;  // a reproduce string that no longer fails
        continue;
      }
      if (result.match(failure) && failed_once) {
        property_failed = true;
      } else {
        // Not a counterexample of ours: rapidcheck gave up, or generation or the property threw.
        std::ostringstream os;
        rc::detail::printResultMessage(result, os);
        report.error = fmt::format("{}: {}", meta.id, os.str());
        return report;
      }
      break;
    }
    if (report.stopped_early) {
      report.unchecked.assign(props.begin() + static_cast<std::ptrdiff_t>(pi), props.end());
      break;
    }
    if (!property_failed) {
      report.checked.push_back(prop);
      continue;
    }
    report.reproduce_matched = true;
    {
      report.cases_run += failure.numSuccess;
      coverage.cases += failure.numSuccess + 1;
      // Replay the final counterexample once through its reproduce path, so `last` is exactly
      // the shrunk schedule whatever order rapidcheck evaluated candidates in.
      std::unordered_map<std::string, rc::detail::Reproduce> replay{{meta.id, failure.reproduce}};
      failed_once = false;
      rc::detail::checkTestable(property, meta, params, listener, replay);
      rc::detail::Configuration config;
      config.reproduce = replay;
      report.found = true;
      report.finding = last;
      report.finding.property = prop;
      report.finding.cases_before = done + failure.numSuccess;
      report.finding.reproduce = rc::detail::configToMinimalString(config);
      // The search stops at its first counterexample: the properties after it were not searched.
      report.unchecked.assign(props.begin() + static_cast<std::ptrdiff_t>(pi) + 1, props.end());
      return report;
    }
  }
  if (!options.reproduce.empty() && matched_reproduce == 0) report.reproduce_matched = false;
  return report;
}

}  // namespace agentsim::search
