#include "agentsim/search/fuzz.h"

#include "agentsim/search/schedule_generator.h"

#include <fmt/format.h>
#include <rapidcheck.h>

#include <algorithm>
#include <sstream>

namespace agentsim::search {

using namespace sim;  // NOLINT: the search is written in the simulator's terms

namespace {

using rc::Gen;
namespace gen = rc::gen;

constexpr std::int64_t kMs = 1000;
constexpr std::int64_t kS = 1000000;

// tab_close first: shrinking moves toward the most common close kind.
const std::vector<CloseKind> kCloseOrder = {
    CloseKind::TabClose, CloseKind::BrowserQuit, CloseKind::Reload, CloseKind::OneOfTwoTabs,
    CloseKind::LogoutButton, CloseKind::Crash, CloseKind::OsShutdown, CloseKind::Sleep,
    CloseKind::MobileKill};
const std::vector<PreClose> kPreOrder = {PreClose::Idle, PreClose::OnCall, PreClose::Acw,
                                         PreClose::Ringing, PreClose::OnHold, PreClose::Missed,
                                         PreClose::Offline, PreClose::Custom};

Gen<ApiOutcome> outcome_gen() {
  return gen::weightedElement<ApiOutcome>({{12, ApiOutcome::Success},
                                          {2, ApiOutcome::ServerError},
                                          {1, ApiOutcome::Throttled},
                                          {1, ApiOutcome::Timeout},
                                          {1, ApiOutcome::LostResponse}});
}

// Keeps at most `budget` failures (API failures, undelivered requests, a blocked beacon): the
// later ones become successes. Applied after generation, so shrinking stays monotone.
void cap_failures(Schedule& s, int budget) {
  int failures = 0;
  for (ApiStep& a : s.api) {
    // Within a claim every call is answered in time: a timeout becomes a quick 5xx.
    if (a.outcome == ApiOutcome::Timeout) a.outcome = ApiOutcome::ServerError;
    if (a.outcome == ApiOutcome::Success) continue;
    if (++failures > budget) a.outcome = ApiOutcome::Success;
  }
  for (std::size_t i = 0; i < s.delivered.size(); ++i) {
    if (s.delivered[i]) continue;
    if (++failures > budget) s.delivered[i] = true;
  }
  if (s.beacon_blocked && ++failures > budget) s.beacon_blocked = false;
}

Gen<Schedule> schedule_gen(const Claim& claim, bool in_claim) {
  const std::vector<CloseKind> closes = in_claim && !claim.close_kinds.empty() ? claim.close_kinds : kCloseOrder;
  std::vector<PreClose> pres = kPreOrder;
  if (in_claim && !claim.pre_close.empty()) {
    pres.clear();
    for (PreClose p : kPreOrder) {
      if (std::find(claim.pre_close.begin(), claim.pre_close.end(), p) != claim.pre_close.end()) pres.push_back(p);
    }
  }
  const std::int64_t max_latency = in_claim && claim.max_latency_us > 0 ? claim.max_latency_us : 3 * kS;
  const std::int64_t min_budget = in_claim ? claim.min_unload_budget_us : 0;
  const Gen<Schedule> base = gen::build<Schedule>(
      gen::set(&Schedule::close_kind, gen::elementOf(closes)),
      gen::set(&Schedule::pre_close, gen::elementOf(pres)),
      gen::set(&Schedule::unload_budget_us, gen::inRange<std::int64_t>(std::max<std::int64_t>(min_budget, 500 * kMs), kS + 1)),
      gen::set(&Schedule::api, gen::resize(6, gen::container<std::vector<ApiStep>>(gen::build<ApiStep>(
                                          gen::set(&ApiStep::latency_us, gen::inRange<std::int64_t>(kMs, max_latency + 1)),
                                          gen::set(&ApiStep::outcome, outcome_gen()))))),
      gen::set(&Schedule::notify_latency_us, gen::inRange<std::int64_t>(kMs, max_latency + 1)),
      gen::set(&Schedule::delivered, gen::resize(3, gen::container<std::vector<bool>>(gen::weightedElement<bool>({{4, true}, {1, false}})))),
      gen::set(&Schedule::beacon_blocked, gen::weightedElement<bool>({{9, false}, {1, true}})),
      gen::set(&Schedule::sticky_activation, gen::weightedElement<bool>({{4, true}, {1, false}})),
      gen::set(&Schedule::dialog_stay, gen::arbitrary<bool>()),
      gen::set(&Schedule::dialog_decision_us, gen::inRange<std::int64_t>(100 * kMs, 30 * kS)),
      gen::set(&Schedule::reclose_after_stay_us, gen::inRange<std::int64_t>(kS, 300 * kS)),
      gen::set(&Schedule::contact_gaps_us, gen::resize(3, gen::container<std::vector<std::int64_t>>(gen::inRange<std::int64_t>(kS, 900 * kS)))),
      gen::set(&Schedule::answer_delay_us, gen::inRange<std::int64_t>(500 * kMs, 25 * kS)),
      gen::set(&Schedule::talk_time_us, gen::inRange<std::int64_t>(kS, 1800 * kS)),
      gen::set(&Schedule::ring_remaining_us, gen::inRange<std::int64_t>(kMs, 20 * kS)),
      gen::set(&Schedule::acw_remaining_us, gen::inRange<std::int64_t>(kMs, 120 * kS)),
      gen::set(&Schedule::crash_reopen, gen::arbitrary<bool>()),
      gen::set(&Schedule::crash_reopen_us, gen::inRange<std::int64_t>(kS, 1800 * kS)),
      gen::set(&Schedule::sleep_return, gen::arbitrary<bool>()),
      gen::set(&Schedule::sleep_duration_us, gen::inRange<std::int64_t>(kS, 3600 * kS)),
      gen::set(&Schedule::mobile_kill_delay_us, gen::inRange<std::int64_t>(kS, 1800 * kS)),
      gen::set(&Schedule::notice_offline_us, gen::inRange<std::int64_t>(kS, 600 * kS)),
      gen::set(&Schedule::clear_missed_us, gen::inRange<std::int64_t>(kS, 120 * kS)),
      gen::set(&Schedule::retry_delays_us, gen::resize(5, gen::container<std::vector<std::int64_t>>(gen::inRange<std::int64_t>(0, 5 * kS)))),
      // Server side: where the heartbeat and sweep timers stand at the close (modulo their periods).
      gen::set(&Schedule::heartbeat_phase_us, gen::inRange<std::int64_t>(0, 600 * kS)),
      gen::set(&Schedule::sweep_phase_us, gen::inRange<std::int64_t>(0, 600 * kS)));
  if (!in_claim) return base;
  const int budget = claim.max_failures;
  return gen::map(base, [budget](Schedule s) {
    cap_failures(s, budget);
    return s;
  });
}

bool depends_on_claim(Property p) {
  return p == Property::NoGhostAfterCoveredClose || p == Property::NoContactOfferedToGhost;
}

class QuietListener final : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

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
}

}  // namespace

rc::Gen<Schedule> schedule_generator(const Claim& claim, bool within_claim) {
  return schedule_gen(claim, within_claim);
}

Schedule sample_schedule(const Claim& claim, bool in_claim, std::uint64_t seed, int size) {
  return schedule_gen(claim, in_claim)(rc::Random(seed), size).value();
}

FuzzReport fuzz(const SessionSpec& spec, const Claim& claim, const FuzzOptions& options) {
  FuzzReport report;
  std::vector<Property> props = options.properties;
  if (props.empty()) {
    for (const PropertyInfo& p : properties()) props.push_back(p.id);
  }
  int matched_reproduce = 0;
  for (std::size_t pi = 0; pi < props.size(); ++pi) {
    const Property prop = props[pi];
    const bool in_claim = depends_on_claim(prop);
    const Gen<Schedule> g = schedule_gen(claim, in_claim);
    SessionSpec one = spec;
    SessionRunner runner(one);
    FuzzFinding last;
    bool failed_once = false;
    auto property = [&]() {
      const Schedule s = *g;
      one.schedule = s;
      ScheduleDraws draws(*one.schedule);
      const Outcome o = runner.run_with(draws);
      add_coverage(report.coverage, s, o, draws.api_used());
      const PropertyCheck c = check(prop, claim, s, o);
      if (!c.holds) {
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
      return report;
    }
  }
  if (!options.reproduce.empty() && matched_reproduce == 0) report.reproduce_matched = false;
  return report;
}

}  // namespace agentsim::search
