#include "agentsim/sim/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "agentsim/sim/suite.h"

namespace agentsim::sim {

namespace {

constexpr double kMin = 60000.0;
constexpr double kHour = 3600000.0;

// Why a setting is not perturbed, and why a choice of the analysis is not.
constexpr std::string_view kSetting =
    "a setting of the team's own instance, which the team knows: set it in the scenario, do not perturb it";
constexpr std::string_view kAnalysis = "a choice of the analysis, not a fact about the world";

std::vector<AssumptionRange> make_ranges() {
  constexpr std::string_view kMix = "a weight of an assumed mix: half to twice the default";
  return {
      // clang-format off
      {"close_weight_tab_close", 20, 80, kMix},
      {"close_weight_browser_quit", 4, 16, kMix},
      {"close_weight_reload", 5, 20, kMix},
      {"close_weight_one_of_two_tabs", 2.5, 10, kMix},
      {"close_weight_crash", 2, 8, kMix},
      {"close_weight_os_shutdown", 5, 20, kMix},
      {"close_weight_sleep", 4, 16, kMix},
      {"close_weight_mobile_kill", 2.5, 10, kMix},
      {"close_weight_logout_button", 5, 20, kMix},
      {"pre_weight_idle", 27.5, 110, kMix},
      {"pre_weight_ringing", 2, 8, kMix},
      {"pre_weight_on_call", 7.5, 30, kMix},
      {"pre_weight_on_hold", 1, 4, kMix},
      {"pre_weight_acw", 5, 20, kMix},
      {"pre_weight_offline", 4, 16, kMix},
      {"pre_weight_custom", 2, 8, kMix},
      {"pre_weight_missed", 1, 4, kMix},
      {"unload_window_browser_quit_min_ms", 0, 6, "the lab measured 6-9 ms on a last-window close (docs/lab.md); 0 to its 6"},
      {"unload_window_browser_quit_max_ms", 5, 25, "not measured as a person's quit: from half the default to the tab close's measured maximum (BU [M 19])"},
      {"unload_window_one_of_two_tabs_min_ms", 0, 10, "a tab close (BU [M 19]: 0-25 ms fits); up to 10 ms"},
      {"unload_window_one_of_two_tabs_max_ms", 10, 40, "a tab close: timers at 40 ms never ran (BU [M 19] 0/50)"},
      {"unload_window_logout_button_min_ms", 0, 10, "a tab close (BU [M 19]: 0-25 ms fits); up to 10 ms"},
      {"unload_window_logout_button_max_ms", 10, 40, "a tab close: timers at 40 ms never ran (BU [M 19] 0/50)"},
      {"unload_handler_block_max_ms", 500, 3000, "Chromium's kUnloadTimeoutMS is 1000 (BU [I 13]); the lab saw a 3 s handler run to its end (docs/lab.md)"},
      {"fetch_leave_ms", 0, 10, "an open loopback connection sends at once; a cold TLS connection takes longer"},
      {"streams_worker_hop_ms", 1, 20, "the lab measured a median of 1 ms (p90 79 ms) from page to the worker's fetch (docs/lab.md)"},
      {"inflight_delivered_prob_streams_worker", 0.2, 0.8, "the lab measured 10/25, 95 % interval [0.23, 0.59] (docs/lab.md)"},
      {"inflight_delivered_prob_keepalive", 0.95, 1, "keepalive survives teardown by design (BU [D 9]); up to 5 % lost for reasons not modelled"},
      {"inflight_delivered_prob_beacon", 0.9, 1, "sendBeacon survives teardown by design (BU [D 6,8]); down to plain XHR's field loss of 10 % (BU [M 17])"},
      {"fetch_later_crash_delivered_factor", 0, 1, "the share of crashes that are a renderer's (sent) rather than the browser's (lost) is unknown: all of it to none"},
      {"browser_quit_inflight_delivered_factor", 0, 1, "whether the network process outlives the browser's quit is unmeasured: never to always"},
      {"mobile_pagehide_prob", 0, 0.5, "how often a mobile close fires pagehide is unmeasured (BU [D 2,4]); up to half the time"},
      {"beacon_blocked_prob", 0, 0.1, "the share of agents' browsers whose ad blocker blocks sendBeacon (BU [D 6,8]): none to one in ten"},
      {"sticky_activation_prob", 0.5, 1, "an agent who has clicked in the CCP has it: half the pages to all of them"},
      {"dialog_stay_prob", 0.1, 0.6, "how often an agent answers Stay: unmeasured"},
      {"dialog_decision_median_ms", 500, 5000, "a person reading a two-button dialog: half a second to five"},
      {"dialog_decision_p99_ms", 3000, 30000, "the slow answer: 3 s to 30 s"},
      {"reclose_after_stay_median_ms", 5000, 60000, "after Stay, closing again: seconds to a minute"},
      {"reclose_after_stay_p99_ms", 60000, 600000, "the slow re-close: one to ten minutes"},
      {"setstate_latency_median_ms", 50, 400, "a round trip to the Connect region: same-region to intercontinental"},
      {"setstate_latency_p99_ms", 400, 5000, "the slow round trip: a congested or distant network"},
      {"put_user_status_latency_median_ms", 50, 400, "a backend's API round trip: same region to another continent"},
      {"put_user_status_latency_p99_ms", 300, 3000, "the slow round trip"},
      {"backend_notify_latency_median_ms", 20, 200, "from the agent's browser to the team's backend"},
      {"backend_notify_latency_p99_ms", 200, 2000, "the slow delivery"},
      {"api_5xx_prob", 0, 0.05, "a healthy API to a bad day's 5 %"},
      {"api_429_prob", 0, 0.05, "no throttling to a busy account's 5 % (beyond the modelled buckets)"},
      {"api_timeout_prob", 0, 0.02, "none to 2 %"},
      {"api_lost_response_prob", 0, 0.01, "none to 1 %"},
      {"api_timeout_ms", 3000, 30000, "the client's own timeout: a short SDK setting to a browser's long one"},
      {"put_user_status_background_load_rps", 0, 1, "other tools of the account use none to half of the 2 requests/s bucket"},
      {"dismiss_user_contact_background_load_rps", 0, 1, "other tools of the account use none to half of the 2 requests/s bucket"},
      {"get_current_user_data_background_load_rps", 0, 1, "dashboards and tools use none to half of the 2 requests/s bucket"},
      {"heartbeat_loss_prob", 0, 0.01, "transient network errors: none to 1 %"},
      {"contact_arrival_rate_per_min", 0.2, 3, "offers to a routable agent: a quiet queue to a busy one"},
      {"answer_delay_median_ms", 1000, 8000, "a present agent accepts in 1-8 s"},
      {"answer_delay_p99_ms", 8000, 19000, "the slow answer, inside the 20 s ring"},
      {"talk_time_median_ms", 2 * kMin, 8 * kMin, "a short service call to a long support call"},
      {"talk_time_p99_ms", 10 * kMin, 40 * kMin, "the long call"},
      {"acw_duration_ms", 0, 0, kSetting, true},
      {"customer_hangup_after_silence_median_ms", 10000, 60000, "a caller who hears nothing hangs up within tens of seconds (AC [C 52])"},
      {"customer_hangup_after_silence_p99_ms", 60000, 300000, "the patient caller, or one on hold music"},
      {"streams_cancel_next_status_fail_prob", 0, 1, "0 for Streams 2.28.1+, 'not every time' before (AC [C 53]): the whole range"},
      {"session_age_at_close_ms", 4 * kHour, 11 * kHour, "a half shift to an overtime shift; the session lasts 12 h"},
      {"session_inactivity_logout_ms", 0, 0, kSetting, true},
      {"chat_slots", 0, 0, kSetting, true},
      {"chat_arrival_rate_per_min", 0, 0, "whether the queue has chat, and how much, is the team's configuration: set it in the scenario", true},
      {"chat_handle_time_median_ms", 5 * kMin, 20 * kMin, "a chat's handle time: 5 to 20 minutes"},
      {"chat_handle_time_p99_ms", 30 * kMin, 2 * kHour, "the long chat"},
      {"auto_accept_connect_ms", 200, 1000, "'in under a second' (AC [D 50])"},
      {"reload_reopen_ms", 1000, 10000, "a reloaded CCP is back in 1-10 s"},
      {"logout_to_close_ms", 500, 10000, "from pressing Log out to closing the tab"},
      {"crash_reopen_prob", 0.3, 0.9, "how often an agent reopens the CCP after a crash"},
      {"crash_reopen_median_ms", 15000, 3 * kMin, "how soon"},
      {"crash_reopen_p99_ms", 5 * kMin, 30 * kMin, "the slow reopen"},
      {"sleep_return_prob", 0.2, 0.8, "how often the agent returns after sleep or a network loss"},
      {"sleep_duration_median_ms", 2 * kMin, 30 * kMin, "a coffee to a meeting"},
      {"sleep_duration_p99_ms", 30 * kMin, 2 * kHour, "the long absence"},
      {"mobile_kill_delay_median_ms", 20000, 5 * kMin, "how long a backgrounded mobile tab lives (BU [D 2,5])"},
      {"mobile_kill_delay_p99_ms", 5 * kMin, kHour, "the long-lived background tab"},
      {"notice_offline_median_ms", 10000, 2 * kMin, "a working agent notices an unwanted Offline"},
      {"notice_offline_p99_ms", 2 * kMin, 15 * kMin, "the one who notices late"},
      {"clear_missed_median_ms", 2000, 15000, "a present agent clears a missed contact (AC [D 12,40])"},
      {"clear_missed_p99_ms", 30000, 3 * kMin, "the slow clear"},
      {"horizon_after_close_ms", 0, 0, kAnalysis, true},
      {"max_events_per_session", 0, 0, kAnalysis, true},
      // clang-format on
  };
}

// The partner of an ordered pair: ("unload_window_x_min_ms" -> "unload_window_x_max_ms", true
// when `name` is the pair's lower member).
std::pair<std::string, bool> partner_of(std::string_view name) {
  struct Pair {
    std::string_view lo, hi;
  };
  for (const Pair& p : {Pair{"_min_ms", "_max_ms"}, Pair{"_median_ms", "_p99_ms"}}) {
    auto ends_with = [&](std::string_view suffix) {
      return name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
    };
    if (ends_with(p.lo)) {
      std::string other = std::string(name.substr(0, name.size() - p.lo.size())) + std::string(p.hi);
      if (find_environment_parameter(other) != nullptr) return {other, true};
    }
    if (ends_with(p.hi)) {
      std::string other = std::string(name.substr(0, name.size() - p.hi.size())) + std::string(p.lo);
      if (find_environment_parameter(other) != nullptr) return {other, false};
    }
  }
  return {"", false};
}

bool scenario_sets(const Scenario& s, std::string_view name) {
  const std::string key = "environment." + std::string(name);
  return std::any_of(s.overrides.begin(), s.overrides.end(),
                     [&](const auto& o) { return o.first == key; });
}

const std::string* measured_from(const Scenario& s, std::string_view name) {
  for (const auto& m : s.measured) {
    if (m.first == name) return &m.second;
  }
  return nullptr;
}

VerdictChange compare(Verdict base, Verdict end) {
  if (base == end) return VerdictChange::Same;
  if (base == Verdict::Inconclusive || end == Verdict::Inconclusive) return VerdictChange::Undecided;
  return VerdictChange::Flips;
}

ScenarioResult run_one(const Scenario& scenario, const SensitivityOptions& o) {
  Scenario s = scenario;
  if (o.sessions != 0) s.sessions = s.max_sessions = o.sessions;
  RunOptions ro;
  ro.seed_override = o.seed_override;
  ro.threads = o.threads;
  ro.stop = o.stop;
  return run_scenario(s, ro);
}

}  // namespace

const std::vector<AssumptionRange>& assumption_ranges() {
  static const std::vector<AssumptionRange> all = make_ranges();
  return all;
}

const AssumptionRange* find_assumption_range(std::string_view name) {
  for (const AssumptionRange& r : assumption_ranges()) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

std::string set_with_partner(EnvironmentParams& env, std::string_view name, double value) {
  const EnvironmentParameter* p = find_environment_parameter(name);
  if (p == nullptr) throw std::invalid_argument("set_with_partner: unknown parameter " + std::string(name));
  env.*p->field = value;
  const auto [other, is_lower] = partner_of(name);
  if (other.empty()) return "";
  const EnvironmentParameter* q = find_environment_parameter(other);
  double& partner = env.*q->field;
  if (is_lower ? partner < value : partner > value) {
    partner = value;
    return other;
  }
  return "";
}

std::vector<Perturbation> default_perturbations(const Scenario& scenario,
                                                std::vector<std::pair<std::string, std::string>>* skipped) {
  std::vector<Perturbation> out;
  for (const AssumptionRange& r : assumption_ranges()) {
    if (r.excluded) continue;
    if (scenario_sets(scenario, r.name)) {
      if (skipped != nullptr) skipped->emplace_back(r.name, "set by the scenario: a condition it states, not an assumption");
      continue;
    }
    if (const std::string* from = measured_from(scenario, r.name)) {
      if (skipped != nullptr) skipped->emplace_back(r.name, "measured: from " + *from);
      continue;
    }
    out.push_back({std::string(r.name), r.low, r.high});
  }
  return out;
}

std::string_view to_string(VerdictChange c) {
  switch (c) {
    case VerdictChange::Same: return "same";
    case VerdictChange::Flips: return "flips";
    case VerdictChange::Undecided: return "undecided";
  }
  return "same";
}

bool ParameterSensitivity::flips() const {
  for (const SensitivityEnd* e : {&low, &high}) {
    if (std::find(e->changes.begin(), e->changes.end(), VerdictChange::Flips) != e->changes.end()) return true;
  }
  return false;
}

bool ParameterSensitivity::undecided() const {
  if (flips()) return false;
  for (const SensitivityEnd* e : {&low, &high}) {
    if (std::find(e->changes.begin(), e->changes.end(), VerdictChange::Undecided) != e->changes.end()) return true;
  }
  return false;
}

double ParameterSensitivity::max_margin_used() const {
  double m = 0;
  for (double v : margin_used) m = std::max(m, v);
  return m;
}

std::vector<std::size_t> ScenarioSensitivity::ranked_for(std::size_t expectation) const {
  std::vector<std::size_t> idx(parameters.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    const double ea = parameters[a].effect[expectation];
    const double eb = parameters[b].effect[expectation];
    if (ea != eb) return ea > eb;
    return parameters[a].name < parameters[b].name;
  });
  return idx;
}

std::vector<std::string> check_perturbation(const Scenario& scenario, const Perturbation& p) {
  std::vector<std::string> problems;
  const EnvironmentParameter* param = find_environment_parameter(p.name);
  if (param == nullptr) {
    problems.push_back(p.name + ": not an environment parameter");
    return problems;
  }
  if (!(p.low <= p.high)) problems.push_back(p.name + ": the range's low end exceeds its high end");
  for (double v : {p.low, p.high}) {
    EnvironmentParams env = scenario.session.env;
    set_with_partner(env, p.name, v);
    for (const std::string& e : validate(env)) problems.push_back(p.name + " at " + std::to_string(v) + ": " + e);
  }
  return problems;
}

ScenarioSensitivity run_sensitivity(const Scenario& scenario, const SensitivityOptions& o) {
  ScenarioSensitivity out;
  out.scenario = scenario;
  const std::vector<Perturbation> perturbations =
      o.use_perturbations ? o.perturbations : default_perturbations(scenario, &out.skipped);
  const std::size_t runs = 1 + 2 * perturbations.size();
  std::size_t done = 0;
  auto stopped = [&] { return o.stop != nullptr && o.stop->load(std::memory_order_relaxed); };
  if (o.progress) o.progress(done, runs);
  out.base = run_one(scenario, o);
  ++done;
  const std::size_t n = scenario.expectations.size();
  for (const Perturbation& p : perturbations) {
    if (stopped()) break;
    const EnvironmentParameter* param = find_environment_parameter(p.name);
    if (param == nullptr) throw std::invalid_argument("run_sensitivity: unknown parameter " + p.name);
    ParameterSensitivity ps;
    ps.name = p.name;
    ps.base_value = scenario.session.env.*param->field;
    for (SensitivityEnd* end : {&ps.low, &ps.high}) {
      if (o.progress) o.progress(done, runs);
      end->value = end == &ps.low ? p.low : p.high;
      Scenario s = scenario;
      end->partner = set_with_partner(s.session.env, p.name, end->value);
      const ScenarioResult r = run_one(s, o);
      ++done;
      end->sessions_run = r.sessions_run;
      end->expectations = r.expectations;
      for (std::size_t i = 0; i < n && i < r.expectations.size(); ++i) {
        end->changes.push_back(compare(out.base.expectations[i].verdict, r.expectations[i].verdict));
      }
    }
    for (std::size_t i = 0; i < n && i < out.base.expectations.size(); ++i) {
      const double base = out.base.expectations[i].value.estimate;
      const double lo = i < ps.low.expectations.size() ? ps.low.expectations[i].value.estimate : base;
      const double hi = i < ps.high.expectations.size() ? ps.high.expectations[i].value.estimate : base;
      ps.effect.push_back(std::fabs(hi - lo));
      const double margin = std::fabs(out.base.expectations[i].expectation.bound - base);
      const double moved = std::max(std::fabs(lo - base), std::fabs(hi - base));
      ps.margin_used.push_back(moved == 0 ? 0
                               : margin == 0 ? std::numeric_limits<double>::infinity()
                                             : moved / margin);
    }
    out.parameters.push_back(std::move(ps));
  }
  std::stable_sort(out.parameters.begin(), out.parameters.end(),
                   [](const ParameterSensitivity& a, const ParameterSensitivity& b) {
                     auto rank = [](const ParameterSensitivity& p) { return p.flips() ? 0 : p.undecided() ? 1 : 2; };
                     if (rank(a) != rank(b)) return rank(a) < rank(b);
                     if (a.max_margin_used() != b.max_margin_used()) return a.max_margin_used() > b.max_margin_used();
                     return a.name < b.name;
                   });
  if (o.progress) o.progress(done, runs);
  return out;
}

}  // namespace agentsim::sim
