#include "agentsim/sim/center.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <thread>
#include <tuple>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "agentsim/sim/distributions.h"
#include "agentsim/sim/environment.h"
#include "agentsim/sim/input_text.h"
#include "center_run.h"

namespace agentsim::sim {

// ---- the spec -------------------------------------------------------------------------------------

std::string_view to_string(ClosePattern p) {
  switch (p) {
    case ClosePattern::None: return "none";
    case ClosePattern::Uniform: return "uniform";
    case ClosePattern::Burst: return "burst";
  }
  return "?";
}

std::optional<ClosePattern> parse_close_pattern(std::string_view name) {
  for (ClosePattern p : {ClosePattern::None, ClosePattern::Uniform, ClosePattern::Burst}) {
    if (to_string(p) == name) return p;
  }
  return std::nullopt;
}

namespace {

constexpr double kWeekMs = 7 * 86400000.0;
constexpr int kAgentsMax = 10000;
// A break lasts at least a minute (the close it starts has run its course by then, as a rule:
// what is still pending of it when the agent is back is void) and at most 4 h.
constexpr double kBreakDurationMinMs = 60000;
constexpr double kBreakDurationMaxMs = 4 * 3600000.0;

std::string format_number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  return fmt::format("{}", v);
}

// Numbers in the one grammar of the scenario files (input_text.h): no hexadecimal, no blanks.
std::optional<double> parse_number(std::string_view s) { return parse_decimal(s); }

}  // namespace

std::vector<std::string> CenterSpec::validate() const {
  std::vector<std::string> errors;
  auto range = [&](double v, const char* name, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      errors.push_back(fmt::format("{}: must be between {} and {}, got {}", name,
                                   format_number(lo), format_number(hi), format_number(v)));
    }
  };
  if (agents < 1 || agents > kAgentsMax) {
    errors.push_back(fmt::format("agents: must be between 1 and {}, got {}", kAgentsMax, agents));
  }
  if (incoming_agents < 0 || incoming_agents > kAgentsMax) {
    errors.push_back(fmt::format("incoming_agents: must be between 0 and {}, got {}", kAgentsMax,
                                 incoming_agents));
  }
  if (incoming_agents > 0 && close_pattern != ClosePattern::Burst) {
    errors.emplace_back("incoming_agents: the next shift logs in at a burst; set close_pattern: burst");
  }
  range(shift_ms, "shift_ms", 1000, kWeekMs);
  range(contact_rate_per_min, "contact_rate_per_min", 0, 1e5);
  if (contact_rate_per_min > 0 && contact_rate_per_min < kMinContactRatePerMin) {
    errors.emplace_back(
        "contact_rate_per_min: must be 0 (no contacts) or at least 1e-06 per minute");
  }
  range(burst_spread_ms, "burst_spread_ms", 0, kWeekMs);
  range(after_shift_ms, "after_shift_ms", 0, kWeekMs);
  range(warmup_ms, "warmup_ms", 0, kWeekMs);
  if (burst_at_ms >= 0) range(burst_at_ms, "burst_at_ms", 0, shift_ms);
  if (warmup_ms >= shift_ms) errors.emplace_back("warmup_ms: must be shorter than shift_ms");
  range(incoming_login_spread_ms, "incoming_login_spread_ms", 0, kWeekMs);
  if (incoming_login_spread_ms > 0 && incoming_agents == 0) {
    errors.emplace_back("incoming_login_spread_ms: spreads the logins of the incoming agents; set "
                        "incoming_agents");
  }
  if (breaks_per_agent < 0 || breaks_per_agent > kBreaksPerAgentMax) {
    errors.push_back(fmt::format("breaks_per_agent: must be between 0 and {}, got {}",
                                 kBreaksPerAgentMax, breaks_per_agent));
  }
  range(break_duration_min_ms, "break_duration_min_ms", kBreakDurationMinMs, kBreakDurationMaxMs);
  range(break_duration_max_ms, "break_duration_max_ms", kBreakDurationMinMs, kBreakDurationMaxMs);
  if (break_duration_max_ms < break_duration_min_ms) {
    errors.emplace_back("break_duration_max_ms: must be at least break_duration_min_ms");
  }
  if (break_window != "working_time") {
    errors.push_back("break_window: expected working_time, got '" + echo(break_window) + "'");
  }
  range(contact_rate_after_shift_per_min, "contact_rate_after_shift_per_min", 0, 1e5);
  if (contact_rate_after_shift_per_min > 0 && contact_rate_after_shift_per_min < kMinContactRatePerMin) {
    errors.emplace_back(
        "contact_rate_after_shift_per_min: must be 0 (none) or at least 1e-06 per minute");
  }
  if (has_clock()) range(shift_start_of_day_ms, "shift", 0, kDayMs - 1);
  // A close drawn after the simulation stops never happens, yet the agent would count as a close.
  const double burst_end_ms = burst_start_ms() + burst_spread_ms;
  const double sim_end_ms = shift_ms + after_shift_ms;
  // The breaks (at their longest) must fit in the shortest working time they may be given.
  if (breaks_per_agent > 0 && errors.empty()) {
    const double working_ms = close_pattern == ClosePattern::Burst ? burst_start_ms() : shift_ms;
    const double needed_ms = breaks_per_agent * (break_duration_max_ms + kBreakGapMs) + kBreakGapMs;
    if (close_pattern != ClosePattern::Uniform && needed_ms > working_ms) {
      errors.push_back(fmt::format(
          "breaks_per_agent: {} breaks of up to {} ms (break_duration_max_ms) need {} ms of "
          "working time, but the agents work {} ms before their close",
          breaks_per_agent, format_number(break_duration_max_ms), format_number(needed_ms),
          format_number(working_ms)));
    }
  }
  if (close_pattern == ClosePattern::Burst && errors.empty() && burst_end_ms > sim_end_ms) {
    errors.push_back(fmt::format(
        "burst_spread_ms: the burst's closes run to {} ms, past the end of the simulation at {} ms "
        "(shift_ms + after_shift_ms); the agents drawn to close after it would never close",
        format_number(burst_end_ms), format_number(sim_end_ms)));
  }
  return errors;
}

const std::vector<CenterParameter>& center_parameters() {
  static const std::vector<CenterParameter> params = {
      {"agents", "agents", "Agents in the center; each session ends once per shift."},
      {"incoming_agents", "agents",
       "Burst: agents of the next shift who log in as the burst starts and never close."},
      {"shift_ms", "ms", "Length of the shift; contacts arrive during it."},
      {"contact_rate_per_min", "per minute", "Contacts arriving at the center (Poisson) [A]."},
      {"close_pattern", "none|uniform|burst",
       "When the sessions end: never, uniformly over the shift, or in a burst."},
      {"burst_at_ms", "ms", "Burst: the first close (negative: at the end of the shift)."},
      {"burst_spread_ms", "ms", "Burst: the closes spread uniformly over this long."},
      {"after_shift_ms", "ms", "Simulated time after the shift (no new contacts)."},
      {"warmup_ms", "ms", "Waits of contacts arriving before this are not measured."},
      {"shift", "{start: HH:MM, end: HH:MM}",
       "The shift as times of day (24 h; end before start: past midnight; HH:MM:SS allowed): sets "
       "shift_ms and the clock the reports show. Not with shift_ms."},
      {"burst_at", "HH:MM",
       "Burst: the first close as a time of day within the shift (needs shift). Not with "
       "burst_at_ms."},
      {"incoming_login_spread_ms", "ms",
       "Burst: the incoming agents log in at uniform times over this long from the burst start."},
      {"breaks_per_agent", "breaks",
       "Breaks of each leaving agent before its close: each closes the CCP (a close, of a drawn "
       "kind) and reopens it after the break. 0 to 8."},
      {"break_duration_min_ms", "ms", "Shortest break (uniform over min to max), 1 min to 4 h."},
      {"break_duration_max_ms", "ms", "Longest break, 1 min to 4 h."},
      {"break_window", "working_time",
       "Where breaks go: uniform, non-overlapping, over the agent's working time."},
      {"contact_rate_after_shift_per_min", "per minute",
       "Contacts arriving after the shift, through after_shift_ms (Poisson); 0: none."},
  };
  return params;
}

std::string center_parameter_value(const CenterSpec& s, std::string_view name) {
  if (name == "agents") return std::to_string(s.agents);
  if (name == "incoming_agents") return std::to_string(s.incoming_agents);
  if (name == "shift_ms") return format_number(s.shift_ms);
  if (name == "contact_rate_per_min") return format_number(s.contact_rate_per_min);
  if (name == "close_pattern") return std::string(to_string(s.close_pattern));
  if (name == "burst_at_ms") return format_number(s.burst_at_ms);
  if (name == "burst_spread_ms") return format_number(s.burst_spread_ms);
  if (name == "after_shift_ms") return format_number(s.after_shift_ms);
  if (name == "warmup_ms") return format_number(s.warmup_ms);
  if (name == "shift") {
    if (!s.has_clock()) return {};
    return clock_text(s.shift_start_of_day_ms) + "-" + clock_text(s.shift_start_of_day_ms + s.shift_ms);
  }
  if (name == "burst_at") return s.burst_at_of_day_ms < 0 ? std::string() : clock_text(s.burst_at_of_day_ms);
  if (name == "incoming_login_spread_ms") return format_number(s.incoming_login_spread_ms);
  if (name == "breaks_per_agent") return std::to_string(s.breaks_per_agent);
  if (name == "break_duration_min_ms") return format_number(s.break_duration_min_ms);
  if (name == "break_duration_max_ms") return format_number(s.break_duration_max_ms);
  if (name == "break_window") return s.break_window;
  if (name == "contact_rate_after_shift_per_min") return format_number(s.contact_rate_after_shift_per_min);
  return {};
}

std::optional<std::string> set_center_parameter(CenterSpec& s, std::string_view name,
                                                std::string_view value) {
  if (name == "close_pattern") {
    const auto p = parse_close_pattern(value);
    if (!p) return "expected none, uniform or burst";
    s.close_pattern = *p;
    return std::nullopt;
  }
  if (name == "shift") {
    // "HH:MM-HH:MM" (the loader's `shift: {start, end}` as one text, and --center-param).
    const auto dash = value.find('-');
    const auto start = dash == std::string_view::npos ? std::nullopt : parse_clock_ms(value.substr(0, dash));
    const auto end = dash == std::string_view::npos ? std::nullopt : parse_clock_ms(value.substr(dash + 1));
    if (!start || !end) {
      return "expected start-end as times of day, e.g. 09:00-17:00, got '" + echo(value) + "'";
    }
    if (*end == *start) return "the shift ends when it starts: give two different times";
    s.shift_start_of_day_ms = *start;
    s.shift_ms = *end > *start ? *end - *start : *end + kDayMs - *start;  // past midnight
    return std::nullopt;
  }
  if (name == "burst_at") {
    const auto at = parse_clock_ms(value);
    if (!at) return "expected a time of day HH:MM or HH:MM:SS (24 h), got '" + echo(value) + "'";
    s.burst_at_of_day_ms = *at;
    return std::nullopt;
  }
  if (name == "break_window") {
    if (value != "working_time") return "expected working_time, got '" + echo(value) + "'";
    s.break_window = std::string(value);
    return std::nullopt;
  }
  const auto v = parse_number(value);
  if (name == "breaks_per_agent") {
    if (!v || *v != std::floor(*v) || *v < 0 || *v > kBreaksPerAgentMax) {
      return fmt::format("expected a whole number of breaks from 0 to {}, got '{}'",
                         kBreaksPerAgentMax, echo(value));
    }
    s.breaks_per_agent = static_cast<int>(*v);
    return std::nullopt;
  }
  if (name == "agents" || name == "incoming_agents") {
    const int lo = name == "agents" ? 1 : 0;
    if (!v || *v != std::floor(*v) || *v < lo || *v > kAgentsMax) {
      return fmt::format("expected a whole number of agents from {} to {}, got '{}'", lo,
                         kAgentsMax, echo(value));
    }
    (name == "agents" ? s.agents : s.incoming_agents) = static_cast<int>(*v);
    return std::nullopt;
  }
  double CenterSpec::*field = nullptr;
  if (name == "shift_ms") field = &CenterSpec::shift_ms;
  if (name == "contact_rate_per_min") field = &CenterSpec::contact_rate_per_min;
  if (name == "burst_at_ms") field = &CenterSpec::burst_at_ms;
  if (name == "burst_spread_ms") field = &CenterSpec::burst_spread_ms;
  if (name == "after_shift_ms") field = &CenterSpec::after_shift_ms;
  if (name == "warmup_ms") field = &CenterSpec::warmup_ms;
  if (name == "incoming_login_spread_ms") field = &CenterSpec::incoming_login_spread_ms;
  if (name == "break_duration_min_ms") field = &CenterSpec::break_duration_min_ms;
  if (name == "break_duration_max_ms") field = &CenterSpec::break_duration_max_ms;
  if (name == "contact_rate_after_shift_per_min") field = &CenterSpec::contact_rate_after_shift_per_min;
  if (field == nullptr) return "unknown center parameter '" + echo(name) + "'";
  if (!v) return "expected a number, got '" + echo(value) + "'";
  s.*field = *v;
  return std::nullopt;
}

// ---- limits on a shift ------------------------------------------------------------------------------

namespace {

// A whole amount with thousands separators ("48,000,000"), or up to `decimals` decimals
// ("0.33").
std::string amount(double v, int decimals = 2) {
  const double r = std::round(v);
  if (std::fabs(v - r) < 1e-9 && std::fabs(v) < 1e15) {
    return (r < 0 ? "-" : "") + thousands(static_cast<std::uint64_t>(std::fabs(r)));
  }
  std::string text = fmt::format("{:.{}f}", v, decimals);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string hours(double ms) { return amount(ms / 3.6e6) + " h"; }

// The terms of the events estimate that are not 0, as products.
std::string event_terms(const CenterWork& w, const SessionSpec& session) {
  std::vector<std::string> terms;
  if (w.heartbeat_events > 0) {
    terms.push_back(fmt::format(
        "{} agents × {} (shift_ms + after_shift_ms) / {} s (heartbeat_interval_ms) × 2 = {} "
        "heartbeat events",
        w.agents, hours(w.simulated_ms), amount(session.strategy.traits().heartbeat_interval_ms / 1000, 3),
        amount(std::ceil(w.heartbeat_events))));
  }
  if (w.contact_events > 0) {
    terms.push_back(fmt::format("{} contacts (with the Poisson spread) × {} = {} contact events",
                                amount(std::ceil(w.contacts_upper)), amount(CenterWork::kEventsPerContact),
                                amount(std::ceil(w.contact_events))));
  }
  if (w.breaks > 0) {
    terms.push_back(fmt::format("({} agents + {} breaks) × {} = {} agent events", w.agents, w.breaks,
                                amount(CenterWork::kEventsPerAgent), amount(w.agent_events)));
  } else {
    terms.push_back(fmt::format("{} agents × {} = {} agent events", w.agents,
                                amount(CenterWork::kEventsPerAgent), amount(w.agent_events)));
  }
  if (w.sweep_passes > 0) {
    terms.push_back(fmt::format("{} sweeper passes", amount(std::ceil(w.sweep_passes))));
  }
  std::string out;
  for (const std::string& t : terms) out += (out.empty() ? "" : "; ") + t;
  return out;
}

// What to do when the estimate exceeds max_events_per_session x agents: raise it to `needed` per
// agent, when the parameter's range allows it.
std::string per_agent_budget_hint(double needed) {
  const double most = find_environment_parameter("max_events_per_session")->max_value;
  if (needed <= most) {
    return fmt::format("raise environment.max_events_per_session to at least {}, or shorten the shift",
                       amount(needed));
  }
  return fmt::format("shorten the shift or lower its rates: {} events per agent is more than "
                     "environment.max_events_per_session can give ({} at most)",
                     amount(needed), amount(most));
}

}  // namespace

CenterWork estimate_center_work(const SessionSpec& session, const CenterSpec& center) {
  CenterWork w;
  w.agents = static_cast<std::uint64_t>(center.agents) + static_cast<std::uint64_t>(center.incoming_agents);
  const auto agents = static_cast<double>(w.agents);
  w.simulated_ms = center.shift_ms + center.after_shift_ms;
  w.contacts = center.contact_rate_per_min * center.shift_ms / 60000.0 +
               center.contact_rate_after_shift_per_min * center.after_shift_ms / 60000.0;
  w.contacts_upper = w.contacts > 0 ? w.contacts + 5 * std::sqrt(w.contacts) + 10 : 0;
  w.contact_events = w.contacts_upper * CenterWork::kEventsPerContact;
  // What the strategy's components run (a preset's or a composition's alike).
  const ComponentTraits traits = session.strategy.traits();
  if (traits.heartbeat_interval_ms > 0) {
    w.heartbeat_events = agents * w.simulated_ms / traits.heartbeat_interval_ms * 2;
  }
  // A break is a close and a reopen: as many events again as the agent's own close, at most.
  w.breaks = static_cast<std::uint64_t>(center.agents) * static_cast<std::uint64_t>(std::max(center.breaks_per_agent, 0));
  w.agent_events = (agents + static_cast<double>(w.breaks)) * CenterWork::kEventsPerAgent;
  if (traits.sweep_period_ms > 0) {
    w.sweep_passes = w.simulated_ms / traits.sweep_period_ms + 1;
    w.sweep_checks = agents * w.sweep_passes;
  }
  w.event_budget = std::min(
      static_cast<std::uint64_t>(session.env.max_events_per_session) * w.agents,
      max_events_per_shift(w.agents));
  return w;
}

std::vector<CenterLimitProblem> check_center_limits(const SessionSpec& session,
                                                    const CenterSpec& center) {
  std::vector<CenterLimitProblem> problems;
  const CenterWork w = estimate_center_work(session, center);
  const auto limit = [](std::uint64_t n) { return thousands(n); };
  if (w.contacts_upper > static_cast<double>(kMaxContactsPerShift)) {
    const std::string product =
        fmt::format("center: {} contacts/min × {} min (shift_ms) = {} contacts", amount(center.contact_rate_per_min, 6),
                    amount(center.shift_ms / 60000.0), amount(std::ceil(w.contacts)));
    problems.push_back(
        {w.contacts > static_cast<double>(kMaxContactsPerShift)
             ? fmt::format("{} per shift, more than the limit of {}", product, limit(kMaxContactsPerShift))
             : fmt::format("{} expected per shift, up to {} with the Poisson spread, more than the "
                           "limit of {}",
                           product, amount(std::ceil(w.contacts_upper)), limit(kMaxContactsPerShift)),
         "each contact keeps a record until the shift ends: lower contact_rate_per_min or shorten "
         "shift_ms (docs/performance.md)"});
  }
  const double events = std::ceil(w.events());
  const std::uint64_t events_limit = max_events_per_shift(w.agents);
  if (events > static_cast<double>(events_limit)) {
    problems.push_back(
        {fmt::format("center: about {} events per shift, more than the limit of {}: {}",
                     amount(events), limit(events_limit), event_terms(w, session)),
         w.heartbeat_events >= w.contact_events
             ? "a shift at the limit takes seconds (docs/performance.md): lengthen "
               "strategy.heartbeat_interval_ms, lower agents or shorten the shift"
             : "a shift at the limit takes seconds (docs/performance.md): lower "
               "contact_rate_per_min or agents, or shorten the shift"});
  } else if (events > static_cast<double>(w.event_budget)) {
    // Within the limit, but beyond the budget the environment gives the shift: every shift would
    // stop early (budget_exceeded_shifts).
    problems.push_back(
        {fmt::format("center: about {} events per shift, more than the shift's event budget of "
                     "environment.max_events_per_session × agents = {} × {} = {}, so every shift "
                     "would stop early: {}",
                     amount(events), amount(session.env.max_events_per_session), w.agents,
                     limit(w.event_budget), event_terms(w, session)),
         per_agent_budget_hint(std::ceil(events / static_cast<double>(w.agents)))});
  }
  if (w.sweep_checks > static_cast<double>(kMaxSweepChecksPerShift)) {
    problems.push_back(
        {fmt::format("center: the sweeper checks {} agents every {} s (strategy.sweep_period_ms) "
                     "for {} (shift_ms + after_shift_ms): {} agent checks per shift, more than "
                     "the limit of {}",
                     w.agents, amount(session.strategy.traits().sweep_period_ms / 1000, 3),
                     hours(w.simulated_ms), amount(std::ceil(w.sweep_checks)),
                     limit(kMaxSweepChecksPerShift)),
         "lengthen strategy.sweep_period_ms, lower agents or shorten the shift"});
  }
  return problems;
}

// ---- one shift --------------------------------------------------------------------------------------

namespace detail {

namespace {
constexpr std::uint64_t kArrivalStream = 1;
constexpr std::uint64_t kPatternStream = 2;
constexpr std::uint64_t kSweepStream = 3;
constexpr std::uint64_t kChatArrivalStream = 4;
constexpr std::uint64_t kAgentStreamBase = 1000;
// Children of an agent's stream, beside its RandomDraws' (draws.cpp: 1 to 6), so that a login
// time or a break drawn shifts none of the agent's other draws.
constexpr std::uint64_t kLoginStream = 100;
constexpr std::uint64_t kBreakStream = 101;
constexpr std::uint64_t kHeartbeatStream = 102;  // the page heartbeats' (SessionRun::send_heartbeat)

std::int64_t nearest_rank(std::vector<std::int64_t>& v, double q) {
  if (v.empty()) return 0;
  const auto n = v.size();
  std::size_t rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(n)));
  rank = std::max<std::size_t>(rank, 1);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(rank - 1), v.end());
  return v[rank - 1];
}

void note_routing(CenterTrace* trace, const RoutingEvent& e) {
  if (trace != nullptr) trace->routing.push_back(e);
}
}  // namespace

CenterRun::CenterRun(const SessionSpec& session, const CenterSpec& center, std::uint64_t seed,
                     std::uint64_t shift_index, CenterTrace* trace, const ShiftBudget& budget)
    : session_(session),
      center_(center),
      traits_(session.strategy.traits()),
      trace_(trace),
      budget_(budget),
      arrivals_rng_(Rng::for_stream(seed, shift_index).child(kArrivalStream)),
      pattern_rng_(Rng::for_stream(seed, shift_index).child(kPatternStream)),
      sweep_rng_(Rng::for_stream(seed, shift_index).child(kSweepStream)),
      chat_arrivals_rng_(Rng::for_stream(seed, shift_index).child(kChatArrivalStream)),
      queue_(static_cast<std::size_t>(center.agents) * 64 + 1024),
      slots_(static_cast<std::size_t>(center.agents) + static_cast<std::size_t>(center.incoming_agents)) {
  const auto m = static_cast<std::size_t>(center.agents) + static_cast<std::size_t>(center.incoming_agents);
  const Rng shift = Rng::for_stream(seed, shift_index);
  shift_rng_ = shift;
  // Events hours ahead (every agent's close, every incoming agent's start) wait apart from the
  // ones due soon, which sit in a calendar of 1,024 buckets of 262 ms (EventQueue::set_far_horizon):
  // the same order, and a pop orders only the few events of its bucket. Five minutes: about a
  // contact's life, well past a ring (20 s) or a sweeper tick (docs/performance.md, part 5).
  queue_.set_far_horizon(ms_to_us(5 * 60000.0));
  // Before the agents: an event they schedule after the end is not kept (queue_end_us).
  shift_end_us_ = ms_to_us(center.shift_ms);
  end_us_ = shift_end_us_ + ms_to_us(center.after_shift_ms);
  if (trace_ != nullptr && trace_->timeline) traces_.resize(m);
  for (std::size_t i = 0; i < m; ++i) {
    SessionRun& run = slots_.emplace_back(session, agent_stream(i),
                                          traces_.empty() ? nullptr : &traces_[i], queue_, *this,
                                          static_cast<std::uint16_t>(i))
                          .run;
    run.set_heartbeat_stream(agent_stream(i).child(kHeartbeatStream));
    if (trace_ != nullptr && trace_->stream != nullptr) {
      run.set_stream(trace_->stream, static_cast<std::uint32_t>(i));
    }
  }
  if (m > 0) slots_.set_hot();
  available_ = RoutingQueue(m);
  chat_available_ = RoutingQueue(m);
  // Room for the contacts the shift can be expected to see, once (and never beyond the limit,
  // which stops the shift).
  const auto contacts = static_cast<std::size_t>(
      std::min(estimate_center_work(session, center).contacts_upper, static_cast<double>(budget.contacts)));
  contacts_.reserve(contacts);
  waits_us_.reserve(contacts);
  waits_added_us_.reserve(contacts);
  warmup_us_ = ms_to_us(center.warmup_ms);
  ring_timeout_us_ = ms_to_us(session.env.ring_timeout_ms);
  buckets_ = ApiBuckets(session.env);
  sweeper_pacer_ = TokenBucket(traits_.sweeper_rate_rps, traits_.sweeper_burst);
  poll_pacer_ = TokenBucket(traits_.poll_rate_rps, traits_.poll_burst);
  out_.agents = static_cast<std::uint32_t>(m);
}

CenterRun::~CenterRun() = default;

// Poisson at contact_rate_per_min during the shift and at contact_rate_after_shift_per_min after
// it, to the end of the simulation: a gap that crosses the boundary starts again from it at the
// later rate (memoryless). Without the later rate, exactly the draws of a shift-only stream.
void CenterRun::schedule_next_arrival() {
  std::int64_t from = now_us_;
  if (from < shift_end_us_) {
    if (center_.contact_rate_per_min > 0) {
      const double gap_ms = Exponential{60000.0 / center_.contact_rate_per_min}.sample(arrivals_rng_);
      const std::int64_t at = now_us_ + ms_to_us(std::min(gap_ms, DurationDist::kParamMsMax));
      if (at < shift_end_us_) {
        if (!queue_.push(at, {Ev::CenterArrival, 0, 0, kCenterAddress})) out_.budget_exceeded = true;
        return;
      }
    }
    from = shift_end_us_;
  }
  const double rate = center_.contact_rate_after_shift_per_min;
  if (rate <= 0) return;
  const double gap_ms = Exponential{60000.0 / rate}.sample(arrivals_rng_);
  const std::int64_t at = from + ms_to_us(std::min(gap_ms, DurationDist::kParamMsMax));
  if (at >= end_us_) return;
  if (!queue_.push(at, {Ev::CenterArrival, 0, 0, kCenterAddress})) out_.budget_exceeded = true;
}

// Chats reach the center at chat_arrival_rate_per_min per agent of the shift (the parameter is
// per agent-minute) [A]; none without it, so a voice-only center draws nothing more.
void CenterRun::schedule_next_chat() {
  const double rate = session_.env.chat_arrival_rate_per_min * center_.agents;
  if (rate <= 0) return;
  const double gap_ms = Exponential{60000.0 / rate}.sample(chat_arrivals_rng_);
  const std::int64_t at = now_us_ + ms_to_us(std::min(gap_ms, DurationDist::kParamMsMax));
  if (at >= shift_end_us_) return;
  if (!queue_.push(at, {Ev::CenterChatArrival, 0, 0, kCenterAddress})) out_.budget_exceeded = true;
}

CenterOutcome CenterRun::run() {
  // The environment's budget per agent, and the limit of a shift whatever the agents.
  max_events_ = std::min(static_cast<std::uint64_t>(session_.env.max_events_per_session) *
                             static_cast<std::uint64_t>(slots_.size()),
                         budget_.events == ShiftBudget::kEventsForTheAgents
                             ? max_events_per_shift(slots_.size())
                             : budget_.events);
  // Close times first (one draw each, in agent order), then the agents start.
  const auto leaving = static_cast<std::size_t>(center_.agents);
  for (std::size_t i = 0; i < leaving; ++i) {
    std::int64_t close_at = -1;
    switch (center_.close_pattern) {
      case ClosePattern::None: break;
      case ClosePattern::Uniform:
        close_at = ms_to_us(UniformReal{0, center_.shift_ms}.sample(pattern_rng_));
        break;
      case ClosePattern::Burst:
        close_at = ms_to_us(center_.burst_start_ms() +
                            UniformReal{0, center_.burst_spread_ms}.sample(pattern_rng_));
        if (out_.burst_start_us < 0 || close_at < out_.burst_start_us) out_.burst_start_us = close_at;
        break;
    }
    if (trace_ != nullptr) trace_->close_at_us.push_back(close_at);
    if (center_.breaks_per_agent > 0) agent_run(i).plan_breaks(plan_breaks(i, close_at));
    agent_run(i).start_in_center(close_at);
  }
  // The next shift logs in as the burst starts, or spread over incoming_login_spread_ms (each
  // incoming agent's time from its own stream).
  for (std::size_t i = leaving; i < slots_.size(); ++i) {
    std::int64_t at = std::max<std::int64_t>(out_.burst_start_us, 0);
    if (center_.incoming_login_spread_ms > 0) {
      Rng login = agent_stream(i).child(kLoginStream);
      at += ms_to_us(UniformReal{0, center_.incoming_login_spread_ms}.sample(login));
    }
    if (trace_ != nullptr) trace_->login_at_us.push_back(at);
    if (!queue_.push(at, {Ev::AgentStart, 0, 0, static_cast<std::uint16_t>(i)})) {
      out_.budget_exceeded = true;
    }
  }
  if (traits_.sweep_period_ms > 0) {
    const std::int64_t period = ms_to_us(traits_.sweep_period_ms);
    const auto phase = static_cast<std::int64_t>(sweep_rng_.uniform_u64_below(static_cast<std::uint64_t>(period)));
    if (!queue_.push(phase, {Ev::CenterSweepTick, 0, 0, kCenterAddress})) out_.budget_exceeded = true;
    // Every agent filed for its first pass that may act (the incoming ones too: a pass over an
    // agent not logged in yet is asked all the same).
    sweep_phase_us_ = phase;
    sweep_period_us_ = period;
    sweep_ring_.resize(kSweepRing);
    sweep_filing_ = true;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      on_sweep_due(static_cast<std::uint16_t>(i), agent_run(i).sweep_due_us());
    }
  }
  schedule_next_arrival();
  schedule_next_chat();
  route();

  while (!queue_.empty() && !out_.budget_exceeded) {
    const auto entry = queue_.pop();
    if (entry.time_us > end_us_) break;
    now_us_ = entry.time_us;
    if (++out_.events_processed > max_events_) {
      out_.budget_exceeded = true;
      break;
    }
    // The agent the next event wakes is fetched while this one runs: a center's agents outgrow
    // the cache, and an event would otherwise start by waiting for its agent's lines.
    if (!queue_.empty()) prefetch_woken_by(queue_.top().payload);
    handle(entry.payload);
    if (route_pending_) route();
  }
  if (queue_.overflow_count() > 0) out_.budget_exceeded = true;

  // Accounting.
  const std::int64_t end = out_.budget_exceeded ? now_us_ : end_us_;
  out_.end_us = end;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    // The heartbeats off the queue due by the end run now (none once a budget stopped the shift).
    const Outcome o = agent_run(i).finish_in_center(end, !out_.budget_exceeded);
    if (o.budget_exceeded) out_.budget_exceeded = true;
    // Each break close counts as a close (session_break.h); the rest is the end-of-shift close's.
    const BreakTally& b = agent_run(i).break_tally();
    out_.closes += (center_.close_pattern == ClosePattern::None || i >= leaving ? 0 : 1) + b.closes;
    out_.agents_left += o.agent_left ? 1 : 0;
    // A ghost offered a contact the moment it became routable (a backlog) has no routable time,
    // yet it rang: it counts as a ghost agent.
    const std::int64_t last_ghost_us = o.ghost_us - b.ghost_us;
    out_.ghost_agents += (last_ghost_us > 0 || o.contacts_offered_to_ghost > b.offered_to_ghost ? 1 : 0) + b.ghosts;
    out_.ghost_agent_us += o.ghost_us;
    out_.ghosts_at_end += o.ghost_at_horizon ? 1 : 0;
    for (std::size_t k = 0; k < kGhostOverSeconds.size(); ++k) {
      out_.ghost_agents_over[k] += (last_ghost_us > kGhostOverSeconds[k] * 1'000'000 ? 1 : 0) + b.ghosts_over[k];
    }
    out_.break_closes += b.closes;
    out_.break_ghosts += b.ghosts;
    out_.contacts_offered_to_ghosts += o.contacts_offered_to_ghost;
    out_.contacts_missed_on_ghosts += o.contacts_missed_on_ghost;
    out_.contacts_connected_to_ghosts += o.contacts_connected_to_ghost;
    out_.chats_missed_on_ghosts += o.chats_missed_on_ghost;
    out_.chats_connected_to_ghosts += o.chats_connected_to_ghost;
    out_.silent_call_us += o.silent_call_us;
    out_.setstate_sent += o.setstate_sent;
    out_.put_user_status_sent += o.put_user_status_sent;
    out_.dismiss_sent += o.dismiss_sent;
    out_.backend_notifies_sent += o.backend_notifies_sent;
    out_.throttled += o.throttled;
    out_.spurious_offline_agents += (o.spurious_offline ? 1 : 0) + b.spurious;
    out_.spurious_offline_us += o.spurious_offline_us;
    out_.unaccepted_events += o.unaccepted_events;
    if (trace_ != nullptr) trace_->agent_outcomes.push_back(o);
  }
  out_.contacts_unserved = out_.contacts_arrived - out_.contacts_answered;
  out_.waits_measured = static_cast<std::uint32_t>(waits_us_.size());
  out_.wait_p95_us = nearest_rank(waits_us_, 0.95);
  // Among the contacts that rang on a ghost: over all contacts the p95 is 0 whenever fewer than
  // 1 in 20 did, which says nothing about what those customers went through.
  waits_added_us_.erase(std::remove(waits_added_us_.begin(), waits_added_us_.end(), 0),
                        waits_added_us_.end());
  out_.waits_rang_on_ghosts = static_cast<std::uint32_t>(waits_added_us_.size());
  out_.wait_added_p95_us = nearest_rank(waits_added_us_, 0.95);
  // A shift with a ghost left at the end (or stopped early) has no clear time: it is censored.
  if (center_.close_pattern == ClosePattern::Burst && out_.ghosts_at_end == 0 &&
      !out_.budget_exceeded) {
    out_.burst_clear_us = std::max<std::int64_t>(0, out_.last_ghost_cleared_us - out_.burst_start_us);
  }
  std::size_t granted = 0;
  for (const auto& g : grants_us_) granted += g.size();
  out_.tokens_granted = static_cast<std::uint32_t>(granted);
  out_.bucket_violations = audit_bucket();
  if (trace_ != nullptr) {
    trace_->put_user_status_grants_us = grants_us_[ApiBuckets::index(Api::PutUserStatus)];
    trace_->dismiss_user_contact_grants_us = grants_us_[ApiBuckets::index(Api::DismissUserContact)];
    trace_->get_current_user_data_grants_us = grants_us_[ApiBuckets::index(Api::GetCurrentUserData)];
    for (std::size_t i = 0; i < traces_.size(); ++i) {
      for (TraceEntry& e : traces_[i].entries) {
        e.text = fmt::format("agent {}: {}", i, e.text);
        trace_->entries.push_back(std::move(e));
      }
    }
    std::stable_sort(trace_->entries.begin(), trace_->entries.end(),
                     [](const TraceEntry& a, const TraceEntry& b) { return a.time_us < b.time_us; });
  }
  return out_;
}

void CenterRun::handle(const SimEvent& e) {
  if (e.agent != kCenterAddress) {
    if (e.type == Ev::RingTimeout && slots_[e.agent].ringing != e.a) return;  // void (on_ringing)
    agent_run(e.agent).handle_at(now_us_, e);
    return;
  }
  switch (e.type) {
    case Ev::CenterArrival: {
      if (contacts_.size() >= budget_.contacts) {  // the limit of a shift's contact records
        out_.budget_exceeded = true;
        break;
      }
      const auto id = static_cast<std::uint32_t>(contacts_.size());
      contacts_.push_back({now_us_});
      ++out_.contacts_arrived;
      waiting_.push_back(id);
      note_routing(trace_, {RoutingEvent::Kind::Arrived, now_us_, id});
      route_pending_ = true;
      schedule_next_arrival();
      break;
    }
    case Ev::CenterChatArrival: {
      if (out_.chats_arrived >= budget_.contacts) {  // chats count against the same limit
        out_.budget_exceeded = true;
        break;
      }
      chat_waiting_.push_back(out_.chats_arrived++);
      route_pending_ = true;
      schedule_next_chat();
      break;
    }
    case Ev::CenterSweepTick: {
      sweep_checks_ += slots_.size();
      if (sweep_checks_ > budget_.sweep_checks) {
        out_.budget_exceeded = true;
        break;
      }
      run_sweep_tick();
      const std::int64_t next = now_us_ + ms_to_us(traits_.sweep_period_ms);
      if (next <= end_us_ && !queue_.push(next, {Ev::CenterSweepTick, 0, 0, kCenterAddress})) {
        out_.budget_exceeded = true;
      }
      break;
    }
    default: break;
  }
}

void CenterRun::on_sweep_due(std::uint16_t agent, std::int64_t due_us) {
  if (!sweep_filing_) return;  // filed when the tick is set up
  slots_[agent].sweep_due_us = due_us;
  if (due_us == kSweepDueNever) return;  // a filing left stays lazy: void when its tick comes
  // The first tick at or after the due, not one already run, within the ring.
  std::uint64_t tick = sweep_next_tick_;
  if (due_us > sweep_phase_us_) {
    const auto after = static_cast<std::uint64_t>(due_us - sweep_phase_us_);
    const std::uint64_t period = static_cast<std::uint64_t>(sweep_period_us_);
    tick = std::max(tick, after / period + (after % period != 0 ? 1 : 0));
  }
  tick = std::min(tick, sweep_next_tick_ + kSweepRing - 1);
  std::uint64_t& filed = slots_[agent].sweep_filed_tick;
  if (filed != kUnfiled && filed <= tick) return;  // it is looked at by then
  filed = tick;
  sweep_ring_[tick % kSweepRing].push_back(agent);
}

void CenterRun::run_sweep_tick() {
  // This tick's entries: the agents due now, in index order, pass as in a pass over all agents
  // (the others' passes would do nothing); one not due yet is filed again.
  const std::uint64_t tick = sweep_next_tick_++;
  sweep_bucket_.clear();
  std::swap(sweep_bucket_, sweep_ring_[tick % kSweepRing]);
  sweep_visit_.clear();
  // The entries are scattered agents: each one's filing (its slot's first line), and below each
  // due agent's whole slot, is fetched a few ahead (a hint).
  constexpr std::size_t kAhead = 4;
  const bool fetch = slots_.outgrow_cache();
  for (std::size_t k = 0; k < sweep_bucket_.size(); ++k) {
    if (fetch && k + kAhead < sweep_bucket_.size()) fetch_line(&slots_[sweep_bucket_[k + kAhead]]);
    const std::uint16_t agent = sweep_bucket_[k];
    if (slots_[agent].sweep_filed_tick != tick) continue;  // void: filed again, earlier, or visited
    slots_[agent].sweep_filed_tick = kUnfiled;
    if (slots_[agent].sweep_due_us <= now_us_) {
      sweep_visit_.push_back(agent);
    } else {
      on_sweep_due(agent, slots_[agent].sweep_due_us);
    }
  }
  std::sort(sweep_visit_.begin(), sweep_visit_.end());
  for (std::size_t k = 0; k < sweep_visit_.size(); ++k) {
    if (fetch && k + 1 < sweep_visit_.size()) slots_.prefetch(sweep_visit_[k + 1]);
    agent_run(sweep_visit_[k]).sweep_pass(now_us_);
  }
}

namespace {
// A large center's slots go on 2 MiB pages (transparent huge pages, where the kernel offers
// them): a wake reaches a scattered agent, and with 4 KiB pages nearly every one would also miss
// the TLB. Below 4 huge pages of slots: the allocator's pages. And a thread keeps the last large
// block it freed for its next shift of the same size (a Monte Carlo run's shifts, one after the
// other): fresh pages are faulted in and zeroed by the kernel (at 10,000 + 10,000 agents the
// kernel's zeroing fell from about 5 to 2 us an agent, perf). None of this changes anything the
// run computes.
constexpr std::size_t kHugePage = std::size_t{2} << 20;
bool on_huge_pages(std::size_t bytes) { return bytes >= 4 * kHugePage; }
std::size_t huge_rounded(std::size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }

// The block a thread keeps (at most one; freed when the thread ends).
struct KeptBlock {
  void* p = nullptr;
  std::size_t bytes = 0;  // huge_rounded
  KeptBlock() = default;
  KeptBlock(const KeptBlock&) = delete;
  KeptBlock& operator=(const KeptBlock&) = delete;
  ~KeptBlock() { std::free(p); }
};
thread_local KeptBlock kept_block;
}  // namespace

void* CenterRun::allocate_slot_storage(std::size_t bytes) {
  static_assert(alignof(AgentSlot) <= kHugePage);
  if (!on_huge_pages(bytes)) {
    return ::operator new(bytes, std::align_val_t{alignof(AgentSlot)});
  }
  const std::size_t rounded = huge_rounded(bytes);
  if (kept_block.p != nullptr && kept_block.bytes == rounded) {
    return std::exchange(kept_block.p, nullptr);
  }
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  (void)madvise(p, rounded, MADV_HUGEPAGE);  // a hint: refused, the pages are small
#endif
  return p;
}

void CenterRun::free_slot_storage(void* p, std::size_t bytes) {
  if (!on_huge_pages(bytes)) {
    ::operator delete(p, std::align_val_t{alignof(AgentSlot)});
    return;
  }
  std::free(kept_block.p);
  kept_block.p = p;
  kept_block.bytes = huge_rounded(bytes);
}

void CenterRun::prefetch_woken_by(const SimEvent& e) const {
  if (!slots_.outgrow_cache()) return;
  if (e.type == Ev::RingTimeout) {
    // Mostly for a contact answered long ago, which handle() drops on the slot's first line;
    // the rest (a missed contact) pays its own misses.
    fetch_line(&slots_[e.agent]);
  } else if (e.agent != kCenterAddress) {
    slots_.prefetch(e.agent);
  } else if (e.type == Ev::CenterArrival && waiting_.empty() && !available_.empty()) {
    slots_.prefetch(available_.front());  // routing offers it to the longest available
  }
}

Rng CenterRun::agent_stream(std::size_t i) const { return shift_rng_.child(kAgentStreamBase + i); }

// Uniform, non-overlapping breaks over the working time [0, close): n durations, then the free
// time (the working time less the breaks and a gap at work before and after each) split at n
// sorted uniform points — the order statistics that make each placement equally likely. An agent
// whose close comes too early for all its breaks takes the first that fit (uniform closes only:
// validation makes room for them elsewhere).
std::vector<BreakSlot> CenterRun::plan_breaks(std::size_t i, std::int64_t close_at_us) const {
  Rng rng = agent_stream(i).child(kBreakStream);
  RandomDraws kinds(session_.env, rng.child(1));
  const auto n = static_cast<std::size_t>(center_.breaks_per_agent);
  const std::int64_t work_end = close_at_us >= 0 ? close_at_us : shift_end_us_;
  const std::int64_t gap = ms_to_us(kBreakGapMs);
  std::vector<std::int64_t> durations(n);
  for (auto& d : durations) {
    d = ms_to_us(UniformReal{center_.break_duration_min_ms, center_.break_duration_max_ms}.sample(rng));
  }
  std::vector<BreakSlot> slots;
  for (std::size_t taken = n; taken > 0; --taken) {
    std::int64_t busy = gap;
    for (std::size_t k = 0; k < taken; ++k) busy += durations[k] + gap;
    const std::int64_t free = work_end - busy;
    if (free < 0) continue;
    std::vector<std::int64_t> points(taken);
    for (auto& p : points) p = ms_to_us(UniformReal{0, static_cast<double>(free) / 1000.0}.sample(rng));
    std::sort(points.begin(), points.end());
    std::int64_t before = gap;  // breaks and gaps before break k
    for (std::size_t k = 0; k < taken; ++k) {
      const CloseKind kind = session_.close_kind ? *session_.close_kind : kinds.close_kind();
      slots.push_back({points[k] + before, points[k] + before + durations[k], kind});
      before += durations[k] + gap;
    }
    break;
  }
  if (trace_ != nullptr) {
    if (trace_->breaks_us.size() <= i) trace_->breaks_us.resize(i + 1);
    for (const BreakSlot& b : slots) trace_->breaks_us[i].emplace_back(b.start_us, b.end_us);
  }
  return slots;
}

void CenterRun::route() {
  route_pending_ = false;
  // Longest available first [D 44]; ties to the lower agent index: the front of the routing
  // queue. (A scan of every agent per offer made a shift cost agents x contacts.)
  while (!waiting_.empty() && !available_.empty()) {
    const auto best = static_cast<std::uint16_t>(available_.front());
    available_.leave(best);
    const std::uint32_t id = waiting_.front();
    waiting_.pop_front();
    note_routing(trace_, {RoutingEvent::Kind::Offered, now_us_, id, best});
    agent_run(best).offer_contact(id, now_us_);
  }
  while (!chat_waiting_.empty() && !chat_available_.empty()) {
    const auto best = static_cast<std::uint16_t>(chat_available_.front());
    chat_available_.leave(best);
    const std::uint32_t id = chat_waiting_.front();
    chat_waiting_.pop_front();
    // Offering it re-files the agent (at the back) if a chat slot is still free.
    agent_run(best).offer_chat(id, now_us_);
  }
}

void CenterRun::on_chat_routable(std::uint16_t agent, bool routable, std::int64_t now_us) {
  if (routable && !chat_available_.contains(agent)) {
    chat_available_.join(agent, now_us);
    route_pending_ = true;
  } else if (!routable && chat_available_.contains(agent)) {
    chat_available_.leave(agent);
  }
}

void CenterRun::on_chat_missed(std::uint32_t chat) {
  chat_waiting_.push_front(chat);
  route_pending_ = true;
}

void CenterRun::on_routable(std::uint16_t agent, bool routable, std::int64_t now_us) {
  if (routable && !available_.contains(agent)) {
    available_.join(agent, now_us);
    route_pending_ = true;
    note_routing(trace_, {RoutingEvent::Kind::Available, now_us, 0, agent});
  } else if (!routable && available_.contains(agent)) {
    available_.leave(agent);
    note_routing(trace_, {RoutingEvent::Kind::Unavailable, now_us, 0, agent});
  }
}

void CenterRun::on_missed(std::uint16_t agent, std::uint32_t contact, bool on_ghost,
                          std::int64_t now_us) {
  ++out_.contacts_missed;
  note_routing(trace_, {RoutingEvent::Kind::Missed, now_us, contact, agent, on_ghost});
  if (on_ghost) contacts_[contact].ghost_ring_us += ring_timeout_us_;
  // Back to routing, first in line [D 11-14].
  waiting_.push_front(contact);
  route_pending_ = true;
}

void CenterRun::on_accepted(std::uint16_t agent, std::uint32_t contact, std::int64_t now_us) {
  ++out_.contacts_answered;
  note_routing(trace_, {RoutingEvent::Kind::Accepted, now_us, contact, agent});
  const Waiting& w = contacts_[contact];
  if (w.arrival_us < warmup_us_) return;
  const std::int64_t wait = now_us - w.arrival_us;
  waits_us_.push_back(wait);
  waits_added_us_.push_back(w.ghost_ring_us);
  out_.wait_sum_us += wait;
  out_.wait_added_sum_us += w.ghost_ring_us;
}

bool CenterRun::take_call() {
  if (calls_ >= budget_.calls) {
    out_.budget_exceeded = true;
    return false;
  }
  ++calls_;
  return true;
}

bool CenterRun::take_token(Api api, std::int64_t now_us) {
  if (api == Api::GetCurrentUserData) {
    // One call covers up to agents_per_call agents [D 26]: the agents of a batch poll at the same
    // moment (they share a reserved slot) and share the call's token — granted or refused.
    const int per_call = std::max(1, traits_.poll_agents_per_call);
    if (poll_batch_used_ >= per_call || now_us != poll_batch_at_us_) {  // a new call
      poll_batch_at_us_ = now_us;
      poll_batch_used_ = 0;
      ++out_.user_data_calls;
      poll_batch_granted_ = buckets_.try_take(api, now_us);
      if (poll_batch_granted_) grants_us_[ApiBuckets::index(api)].push_back(now_us);
    }
    ++poll_batch_used_;
    return poll_batch_granted_;
  }
  if (!buckets_.try_take(api, now_us)) return false;
  grants_us_[ApiBuckets::index(api)].push_back(now_us);
  return true;
}

std::int64_t CenterRun::reserve_poll_slot(std::int64_t now_us) {
  // agents_per_call agents in a row (a pass visits them in index order) share one reserved slot.
  const int per_call = std::max(1, traits_.poll_agents_per_call);
  if (poll_slot_left_ == 0 || now_us > poll_slot_us_) {
    poll_slot_us_ = poll_pacer_.reserve(now_us);
    poll_slot_left_ = per_call;
  }
  --poll_slot_left_;
  return poll_slot_us_;
}

std::uint32_t CenterRun::audit_bucket() const {
  // Each API's grants against its own bucket's bound, from the grant times alone
  // (grants_beyond_bucket, independent of the bucket's bookkeeping).
  std::uint64_t violations = 0;
  for (Api api : kMeteredApis) {
    violations += grants_beyond_bucket(grants_us_[ApiBuckets::index(api)], buckets_.rate_rps(api),
                                       buckets_.burst(api));
  }
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(violations, UINT32_MAX));
}

void CenterRun::on_ghost(std::uint16_t, bool ghost, std::int64_t now_us) {
  if (!ghost) out_.last_ghost_cleared_us = std::max(out_.last_ghost_cleared_us, now_us);
}

void CenterRun::on_detection(std::uint16_t, std::int64_t now_us) {
  if (out_.first_detection_us < 0) out_.first_detection_us = now_us;
}

}  // namespace detail

CenterOutcome run_center(const SessionSpec& session, const CenterSpec& center, std::uint64_t seed,
                         std::uint64_t shift_index, CenterTrace* trace, const ShiftBudget& budget) {
  detail::CenterRun run(session, center, seed, shift_index, trace, budget);
  return run.run();
}

// ---- outcomes and summaries ---------------------------------------------------------------------------

bool operator==(const CenterOutcome& a, const CenterOutcome& b) {
  auto tie = [](const CenterOutcome& o) {
    return std::make_tuple(
        o.agents, o.closes, o.agents_left, o.ghost_agents, o.ghost_agent_us, o.ghosts_at_end, o.ghost_agents_over,
        o.contacts_arrived, o.contacts_answered, o.contacts_unserved, o.contacts_offered_to_ghosts,
        o.contacts_missed_on_ghosts, o.contacts_missed, o.waits_measured, o.wait_sum_us,
        o.wait_p95_us, o.wait_added_sum_us, o.waits_rang_on_ghosts, o.wait_added_p95_us,
        o.setstate_sent, o.put_user_status_sent, o.dismiss_sent, o.backend_notifies_sent,
        o.user_data_calls, o.throttled, o.tokens_granted, o.bucket_violations, o.spurious_offline_agents,
        o.spurious_offline_us, o.burst_start_us, o.first_detection_us, o.last_ghost_cleared_us,
        o.burst_clear_us, o.unaccepted_events, o.events_processed, o.budget_exceeded, o.end_us,
        o.contacts_connected_to_ghosts, o.silent_call_us, o.chats_arrived,
        o.chats_missed_on_ghosts, o.chats_connected_to_ghosts, o.break_closes, o.break_ghosts);
  };
  return tie(a) == tie(b);
}

namespace {
UInt128 product(std::uint64_t a, std::uint64_t b) {
  const unsigned __int128 p = static_cast<unsigned __int128>(a) * b;
  UInt128 r;
  r.hi = static_cast<std::uint64_t>(p >> 64);
  r.lo = static_cast<std::uint64_t>(p);
  return r;
}
std::uint64_t ms(std::int64_t us) { return us <= 0 ? 0 : static_cast<std::uint64_t>(us / 1000); }
}  // namespace

void RatioMoments::add(std::uint64_t x, std::uint64_t y) {
  ++n;
  sum_x.add(x);
  sum_y.add(y);
  sum_xx.add(product(x, x));
  sum_yy.add(product(y, y));
  sum_xy.add(product(x, y));
}

void RatioMoments::merge(const RatioMoments& o) {
  n += o.n;
  sum_x.add(o.sum_x);
  sum_y.add(o.sum_y);
  sum_xx.add(o.sum_xx);
  sum_yy.add(o.sum_yy);
  sum_xy.add(o.sum_xy);
}

double RatioMoments::ratio() const {
  const double y = sum_y.to_double();
  return y == 0 ? 0.0 : sum_x.to_double() / y;
}

Interval RatioMoments::interval(double confidence) const {
  // Delta method: Var(R) ~ (1 / (n ybar^2)) * (s_xx - 2 R s_xy + R^2 s_yy) / (n - 1) * n / n,
  // with the per-shift sums of squares about the means.
  const double r = ratio();
  if (n < 2 || sum_y.to_double() == 0) return {r, r};
  const double nn = static_cast<double>(n);
  const double xbar = sum_x.to_double() / nn;
  const double ybar = sum_y.to_double() / nn;
  const double sxx = sum_xx.to_double() - nn * xbar * xbar;
  const double syy = sum_yy.to_double() - nn * ybar * ybar;
  const double sxy = sum_xy.to_double() - nn * xbar * ybar;
  const double resid = std::max(0.0, (sxx - 2 * r * sxy + r * r * syy) / (nn - 1));
  const double se = std::sqrt(resid / nn) / ybar;
  // Our inverse_normal_cdf, not Boost.Math's normal quantile: distributions.h says why.
  const double z = inverse_normal_cdf(0.5 + confidence / 2);
  return {r - z * se, r + z * se};
}

void CenterSummary::add(const CenterOutcome& o) {
  ++shifts;
  agents += o.agents;
  closes += o.closes;
  ghost_agents += o.ghost_agents;
  ghosts_at_end += o.ghosts_at_end;
  contacts_arrived += o.contacts_arrived;
  contacts_answered += o.contacts_answered;
  contacts_unserved += o.contacts_unserved;
  contacts_offered_to_ghosts += o.contacts_offered_to_ghosts;
  contacts_missed_on_ghosts += o.contacts_missed_on_ghosts;
  contacts_connected_to_ghosts += o.contacts_connected_to_ghosts;
  contacts_missed += o.contacts_missed;
  waits_measured += o.waits_measured;
  waits_rang_on_ghosts += o.waits_rang_on_ghosts;
  setstate_sent += o.setstate_sent;
  put_user_status_sent += o.put_user_status_sent;
  dismiss_sent += o.dismiss_sent;
  backend_notifies_sent += o.backend_notifies_sent;
  throttled += o.throttled;
  tokens_granted += o.tokens_granted;
  bucket_violations += o.bucket_violations;
  spurious_offline_agents += o.spurious_offline_agents;
  unaccepted_events += o.unaccepted_events;
  budget_exceeded_shifts += o.budget_exceeded ? 1 : 0;
  break_closes += o.break_closes;
  break_ghosts += o.break_ghosts;

  ghost_agent_ms.add(ms(o.ghost_agent_us));
  spurious_offline_ms.add(ms(o.spurious_offline_us));
  contacts_offered_to_ghosts_per_shift.add(o.contacts_offered_to_ghosts);
  contacts_connected_to_ghosts_per_shift.add(o.contacts_connected_to_ghosts);
  chats_missed_on_ghosts_per_shift.add(o.chats_missed_on_ghosts);
  chats_connected_to_ghosts_per_shift.add(o.chats_connected_to_ghosts);
  silent_call_ms.add(ms(o.silent_call_us));
  throttled_per_shift.add(o.throttled);
  api_calls_per_shift.add(std::uint64_t{o.setstate_sent} + o.put_user_status_sent + o.dismiss_sent +
                          o.backend_notifies_sent + o.user_data_calls);
  if (o.waits_measured > 0) {
    ++shifts_with_waits;
    wait_p95_ms.add(ms(o.wait_p95_us));
  }
  if (o.waits_rang_on_ghosts > 0) {
    ++shifts_with_ghost_rings;
    wait_added_p95_ms.add(ms(o.wait_added_p95_us));
  }
  wait_ms.add(ms(o.wait_sum_us), o.waits_measured);
  wait_added_ms.add(ms(o.wait_added_sum_us), o.waits_measured);
  ghost_per_close.add(o.ghost_agents, o.closes);
  for (std::size_t i = 0; i < kGhostOverSeconds.size(); ++i) {
    ghost_over_per_close[i].add(o.ghost_agents_over[i], o.closes);
  }
  spurious_offline_per_close.add(o.spurious_offline_agents, o.closes);
  if (o.burst_clear_us >= 0) {
    ++shifts_with_clear_time;
    clear_time_ms.add(ms(o.burst_clear_us));
  } else if (o.burst_clear_censored()) {
    ++shifts_clear_censored;
  }
}

namespace {
constexpr std::uint64_t CenterSummary::*kCenterCounters[] = {
    &CenterSummary::shifts,
    &CenterSummary::agents,
    &CenterSummary::closes,
    &CenterSummary::ghost_agents,
    &CenterSummary::ghosts_at_end,
    &CenterSummary::contacts_arrived,
    &CenterSummary::contacts_answered,
    &CenterSummary::contacts_unserved,
    &CenterSummary::contacts_offered_to_ghosts,
    &CenterSummary::contacts_missed_on_ghosts,
    &CenterSummary::contacts_connected_to_ghosts,
    &CenterSummary::contacts_missed,
    &CenterSummary::waits_measured,
    &CenterSummary::waits_rang_on_ghosts,
    &CenterSummary::setstate_sent,
    &CenterSummary::put_user_status_sent,
    &CenterSummary::dismiss_sent,
    &CenterSummary::backend_notifies_sent,
    &CenterSummary::throttled,
    &CenterSummary::tokens_granted,
    &CenterSummary::bucket_violations,
    &CenterSummary::spurious_offline_agents,
    &CenterSummary::unaccepted_events,
    &CenterSummary::budget_exceeded_shifts,
    &CenterSummary::shifts_with_clear_time,
    &CenterSummary::shifts_clear_censored,
    &CenterSummary::shifts_with_waits,
    &CenterSummary::shifts_with_ghost_rings,
    &CenterSummary::break_closes,
    &CenterSummary::break_ghosts,
};
constexpr Moments CenterSummary::*kCenterMoments[] = {
    &CenterSummary::ghost_agent_ms,       &CenterSummary::spurious_offline_ms,
    &CenterSummary::contacts_offered_to_ghosts_per_shift,
    &CenterSummary::throttled_per_shift,  &CenterSummary::api_calls_per_shift,
    &CenterSummary::wait_p95_ms,          &CenterSummary::wait_added_p95_ms,
    &CenterSummary::clear_time_ms,
    &CenterSummary::contacts_connected_to_ghosts_per_shift,
    &CenterSummary::chats_missed_on_ghosts_per_shift,
    &CenterSummary::chats_connected_to_ghosts_per_shift,
    &CenterSummary::silent_call_ms,
};
constexpr RatioMoments CenterSummary::*kCenterRatios[] = {
    &CenterSummary::wait_ms, &CenterSummary::wait_added_ms, &CenterSummary::ghost_per_close,
    &CenterSummary::spurious_offline_per_close};
}  // namespace

void CenterSummary::merge(const CenterSummary& o) {
  for (auto f : kCenterCounters) this->*f += o.*f;
  for (auto f : kCenterMoments) (this->*f).merge(o.*f);
  for (auto f : kCenterRatios) (this->*f).merge(o.*f);
  for (std::size_t i = 0; i < ghost_over_per_close.size(); ++i) ghost_over_per_close[i].merge(o.ghost_over_per_close[i]);
}

bool operator==(const CenterSummary& a, const CenterSummary& b) {
  for (auto f : kCenterCounters) {
    if (a.*f != b.*f) return false;
  }
  for (auto f : kCenterMoments) {
    if (!(a.*f == b.*f)) return false;
  }
  for (auto f : kCenterRatios) {
    if (!(a.*f == b.*f)) return false;
  }
  return a.ghost_over_per_close == b.ghost_over_per_close;
}

namespace {
void put_ratio(Words& out, const RatioMoments& r) {
  for (const UInt128* v : {&r.sum_x, &r.sum_y, &r.sum_xx, &r.sum_yy, &r.sum_xy}) put(out, *v);
  out.push_back(r.n);
}
bool take_ratio(WordReader& in, RatioMoments& r) {
  return in.take(r.sum_x) && in.take(r.sum_y) && in.take(r.sum_xx) && in.take(r.sum_yy) && in.take(r.sum_xy) &&
         in.take(r.n);
}
}  // namespace

Words encode_words(const CenterSummary& s) {
  Words out;
  for (auto f : kCenterCounters) out.push_back(s.*f);
  for (auto f : kCenterMoments) (s.*f).encode(out);
  for (auto f : kCenterRatios) put_ratio(out, s.*f);
  for (const RatioMoments& r : s.ghost_over_per_close) put_ratio(out, r);
  return out;
}

bool decode_words(const Words& words, CenterSummary& out, std::string& error) {
  WordReader in(words);
  CenterSummary s;
  bool ok = true;
  for (auto f : kCenterCounters) ok = ok && in.take(s.*f);
  for (auto f : kCenterMoments) ok = ok && (s.*f).decode(in);
  for (auto f : kCenterRatios) ok = ok && take_ratio(in, s.*f);
  for (RatioMoments& r : s.ghost_over_per_close) ok = ok && take_ratio(in, r);
  if (!ok) {
    error = "the center summary is cut short";
    return false;
  }
  if (!in.done()) {
    error = fmt::format("the center summary has {} words more than its layout", words.size() - in.position());
    return false;
  }
  // Every shift adds one pair to each per-close ratio, so a hand-edited partial is refused.
  if (s.ghost_per_close.n != s.shifts || s.spurious_offline_per_close.n != s.shifts ||
      s.shifts_with_clear_time + s.shifts_clear_censored > s.shifts) {
    error = "the center summary's counts contradict each other (shifts and per-shift pairs)";
    return false;
  }
  out = std::move(s);
  return true;
}

std::string center_summary_layout() {
  return fmt::format("center/c{}m{}r{}o{}", std::size(kCenterCounters), std::size(kCenterMoments),
                     std::size(kCenterRatios), kGhostOverSeconds.size());
}

CenterSummary run_center_monte_carlo(const SessionSpec& session, const CenterSpec& center,
                                     std::uint64_t shifts, std::uint64_t seed, int threads,
                                     std::uint64_t first_shift, const std::atomic<bool>* stop) {
  // One shift per work item, taken in turn; integer accumulators make the merge exact.
  int t = threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency());
  t = std::max(1, std::min<int>(t, static_cast<int>(std::max<std::uint64_t>(shifts, 1))));
  std::vector<CenterSummary> partial(static_cast<std::size_t>(t));
  std::atomic<std::uint64_t> next{0};
  auto work = [&](int k) {
    for (std::uint64_t s = next++; s < shifts; s = next++) {
      if (stop != nullptr && stop->load(std::memory_order_relaxed)) return;
      partial[static_cast<std::size_t>(k)].add(run_center(session, center, seed, first_shift + s));
    }
  };
  if (t == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (int k = 0; k < t; ++k) pool.emplace_back(work, k);
    for (std::thread& th : pool) th.join();
  }
  CenterSummary total;
  for (const CenterSummary& p : partial) total.merge(p);
  return total;
}

}  // namespace agentsim::sim
