#include "agentsim/sim/strategy.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "agentsim/sim/input_text.h"

namespace agentsim::sim {

namespace {

// A preset: a named list of components with the flat parameters the strategy has always had.
struct Preset {
  StrategyKind kind;
  std::string_view name;
  std::string_view description;
  // The claim made for no component starts from "never sets a working agent Offline" for the
  // strategies that do nothing on a close; the others start without it (claim.cpp).
  bool claims_no_spurious_offline;
  void (*defaults)(StrategyConfig&);
  // The preset's own blocks for its parameters (the server side is added by components()).
  void (*compile)(const StrategyConfig&, std::vector<ComponentConfig>&);
  bool listed = true;  // among all_strategy_kinds() (not the canary)
};

const Preset* preset_of(StrategyKind k);

}  // namespace

#define AGENTSIM_COMPONENT(d) extern const ComponentDescriptor d;
#include "components/builtin.def"
#undef AGENTSIM_COMPONENT

namespace {

ComponentConfig setstate_block(const StrategyConfig& s, bool retries, bool dialog) {
  ComponentConfig c = kSetstateOfflineComponent.defaults();
  c.set_number("retry_on_failure", retries ? 1 : 0);
  c.set_number("enqueue_next_state", retries && s.enqueue_next_state ? 1 : 0);
  c.set_number("handler_busy_wait_ms", s.handler_busy_wait_ms);
  c.set_number("dialog", dialog ? 1 : 0);
  c.set_number("max_dialogs", s.max_dialogs);
  c.set_retry("", s.retry);
  return c;
}

// A function-local table: built on first use, so that a static initializer elsewhere (a
// benchmark's registration, a team's test) may already ask for the presets.
const std::vector<Preset>& presets() {
  static const std::vector<Preset> table = {
    {StrategyKind::None, "none", "CCPv1 default: nothing happens on close or logout.", true,
     [](StrategyConfig& c) { c.retry.max_attempts = 1; },
     [](const StrategyConfig&, std::vector<ComponentConfig>&) {}},
    {StrategyKind::CcpV2Logout, "ccp_v2_logout",
     "CCPv2: logout sets Offline (as next status during a contact); closing does nothing.", true,
     [](StrategyConfig& c) { c.retry.max_attempts = 1; },
     [](const StrategyConfig&, std::vector<ComponentConfig>& out) {
       out.push_back(kCcpV2LogoutComponent.defaults());
     }},
    {StrategyKind::BeforeunloadSetstate, "beforeunload_setstate",
     "The seed's code: one async setState(Offline) in beforeunload, no enqueueNextState, fire "
     "and forget.",
     false, [](StrategyConfig& c) { c.retry.max_attempts = 1; },
     [](const StrategyConfig& s, std::vector<ComponentConfig>& out) {
       out.push_back(setstate_block(s, false, false));
     }},
    {StrategyKind::BeforeunloadRetry, "beforeunload_retry",
     "setState(Offline) in beforeunload, retried on a failure seen before teardown.", false,
     [](StrategyConfig& c) {
       // Asynchronous work lives only in the unload window after the handler (BU [M 19]): 0-25 ms
       // on a tab close, where no retry after an answer ever fits; 40-240 ms on a navigation,
       // where a retry after a fast answer may. Short delays, a 100 ms per-attempt timeout and a
       // 200 ms deadline fit that window (docs/strategies.md).
       c.retry = RetryPolicy{3, Backoff::Exponential, 20, 400, Jitter::Full, 100, 200};
     },
     [](const StrategyConfig& s, std::vector<ComponentConfig>& out) {
       out.push_back(setstate_block(s, true, false));
     }},
    {StrategyKind::BeforeunloadConfirm, "beforeunload_confirm",
     "setState(Offline) in beforeunload plus the leave-page dialog while it has not succeeded; "
     "retries after Stay.",
     false,
     [](StrategyConfig& c) {
       c.retry = RetryPolicy{3, Backoff::Exponential, 500, 4000, Jitter::Full, 0, 0};
       c.max_dialogs = 1;
     },
     [](const StrategyConfig& s, std::vector<ComponentConfig>& out) {
       out.push_back(setstate_block(s, true, true));
     }},
    {StrategyKind::PutUserStatusBackend, "put_user_status_backend",
     "beforeunload notifies the team's backend, which calls PutUserStatus(Offline) with retries.",
     false,
     [](StrategyConfig& c) {
       // AWS SDK standard retry mode: 3 attempts, full-jitter exponential backoff, cap 20 s.
       c.retry = RetryPolicy{3, Backoff::Exponential, 100, 20000, Jitter::Full, 0, 0};
       c.transport = Transport::Keepalive;
     },
     [](const StrategyConfig& s, std::vector<ComponentConfig>& out) {
       ComponentConfig notify = kNotifyBackendComponent.defaults();
       notify.set(std::string_view("transport"), to_string(s.transport));
       out.push_back(notify);
       ComponentConfig backend = kPutUserStatusOnNotifyComponent.defaults();
       backend.set_retry("", s.retry);
       out.push_back(backend);
     }},
    {StrategyKind::HeartbeatSweeper, "heartbeat_sweeper",
     "The page sends heartbeats to the backend; a sweeper sets silent agents Offline with "
     "PutUserStatus. No code runs on close.",
     false,
     [](StrategyConfig& c) {
       c.retry.max_attempts = 1;
       c.server = ServerSide::HeartbeatSweeper;
     },
     [](const StrategyConfig&, std::vector<ComponentConfig>&) {}},
    {StrategyKind::EventStreamSweeper, "event_stream_sweeper",
     "A sweeper sets agents Offline after a silence of the Agent Event Stream, whose HEART_BEAT "
     "records keep coming after the CCP is closed.",
     false,
     [](StrategyConfig& c) {
       c.retry.max_attempts = 1;
       c.server = ServerSide::EventStreamSweeper;
       // Above the platform's 120 s HEART_BEAT period, as a team would set it [D 10].
       c.sweeper.silence_timeout_ms = 300000;
     },
     [](const StrategyConfig&, std::vector<ComponentConfig>&) {}},
    {StrategyKind::CanaryBroken, "canary_broken",
     "Broken on purpose (sends setState(Available) in beforeunload): proves the fuzzer can fail.",
     false, [](StrategyConfig& c) { c.retry.max_attempts = 1; },
     [](const StrategyConfig& s, std::vector<ComponentConfig>& out) {
       ComponentConfig c = kCanarySetstateAvailableComponent.defaults();
       c.set_retry("", s.retry);
       c.set_number("enqueue_next_state", s.enqueue_next_state ? 1 : 0);
       out.push_back(c);
     },
     false},
  };
  return table;
}

const Preset* preset_of(StrategyKind k) {
  for (const Preset& p : presets()) {
    if (p.kind == k) return &p;
  }
  return nullptr;
}

}  // namespace

ParameterType parameter_type(const StrategyParameter& p) {
  if (p.unit == "bool") return ParameterType::Boolean;
  if (p.unit.find('|') != std::string_view::npos) return ParameterType::Choice;
  return ParameterType::Number;
}

namespace {

const std::vector<StrategyParameter> kRetryParams = {
    {"max_attempts", "attempts", "Attempts in all, the first included."},
    {"backoff", "constant|exponential", "How the delay between attempts grows."},
    {"base_ms", "ms", "Delay before the first retry, before jitter."},
    {"cap_ms", "ms", "Largest delay, before jitter."},
    {"jitter", "none|full|equal", "none: d; full: uniform [0, d]; equal: d/2 + uniform [0, d/2]."},
    {"per_attempt_timeout_ms", "ms", "Give up on one attempt after this; 0 waits for the answer."},
    {"overall_deadline_ms", "ms", "Start no attempt later than this after the first; 0 = none."},
};

const std::vector<StrategyParameter> kServerParams = {
    {"server", "none|heartbeat_sweeper|event_stream_sweeper",
     "A server-side sweeper beside the client strategy (composition)."},
    {"missed_contact", "none|set_offline|dismiss_then_offline|auto_available",
     "The backend's reaction to a missed contact (auto_available is the anti-pattern)."},
    {"missed_reaction_delay_ms", "ms", "From a missed contact until the backend reacts [A]."},
    {"heartbeat_interval_ms", "ms", "Heartbeat sweeper: the page sends a heartbeat this often."},
    {"sweep_period_ms", "ms", "The sweeper looks for silent agents this often."},
    {"silence_timeout_ms", "ms", "Silence after which the sweeper sets an agent Offline."},
    {"recheck_before_send", "bool",
     "Check the agent is still silent before every attempt (idempotence guard)."},
    {"sweeper_rate_rps", "requests/s",
     "The sweeper paces its calls to this rate; 0 = no pacing, else at least 0.001."},
    {"sweeper_burst", "requests", "Burst of the sweeper's own pacing."},
    {"sweeper_max_attempts", "attempts", "The sweeper's PutUserStatus attempts in all."},
    {"sweeper_backoff", "constant|exponential", "How the sweeper's retry delay grows."},
    {"sweeper_base_ms", "ms", "The sweeper's delay before its first retry, before jitter."},
    {"sweeper_cap_ms", "ms", "The sweeper's largest retry delay, before jitter."},
    {"sweeper_jitter", "none|full|equal", "Jitter of the sweeper's retry delay."},
    {"sweeper_per_attempt_timeout_ms", "ms", "The sweeper gives up on one attempt after this."},
    {"sweeper_overall_deadline_ms", "ms", "The sweeper starts no attempt later than this."},
};

std::vector<StrategyParameter> with_server(std::vector<StrategyParameter> head,
                                           bool with_server_choice = true) {
  for (const StrategyParameter& p : kServerParams) {
    if (with_server_choice || p.name != "server") head.push_back(p);
  }
  return head;
}

std::vector<StrategyParameter> with_retry(std::vector<StrategyParameter> head) {
  head.insert(head.end(), kRetryParams.begin(), kRetryParams.end());
  return with_server(std::move(head));
}

bool is_sweeper_param(std::string_view name) {
  return name == "sweep_period_ms" || name == "silence_timeout_ms" ||
         name == "recheck_before_send" || name.substr(0, 8) == "sweeper_";
}

// The retry-policy field named `name` ("max_attempts", ...) of `r`, as text; empty if none.
std::string retry_value(const RetryPolicy& r, std::string_view name);
std::optional<std::string> set_retry(RetryPolicy& r, std::string_view name, std::string_view value,
                                     bool* known);

// Numbers in the one grammar of the scenario files (input_text.h): no hexadecimal, no blanks.
std::optional<double> parse_number(std::string_view s) { return parse_decimal(s); }

std::string format_number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  std::string s = std::to_string(v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  return s;
}

bool reads(StrategyKind k, std::string_view name) {
  for (const StrategyParameter& p : strategy_parameters(k)) {
    if (p.name == name) return true;
  }
  return false;
}

}  // namespace

std::string_view to_string(StrategyKind k) {
  const Preset* p = preset_of(k);
  return p != nullptr ? p->name : std::string_view("composed");
}
std::string_view describe(StrategyKind k) {
  const Preset* p = preset_of(k);
  return p != nullptr ? p->description
                      : std::string_view("A list of components composed in the scenario file.");
}

std::optional<StrategyKind> parse_strategy_kind(std::string_view name) {
  for (const Preset& p : presets()) {
    if (p.name == name) return p.kind;
  }
  return std::nullopt;
}

const std::vector<StrategyKind>& all_strategy_kinds() {
  static const std::vector<StrategyKind> all = [] {
    std::vector<StrategyKind> v;
    for (const Preset& p : presets()) {
      if (p.listed) v.push_back(p.kind);
    }
    return v;
  }();
  return all;
}

bool claims_no_spurious_offline_by_default(const StrategyConfig& s) {
  const Preset* p = preset_of(s.kind);
  return p == nullptr || p->claims_no_spurious_offline;
}

std::vector<ComponentConfig> StrategyConfig::components() const {
  const Preset* p = preset_of(kind);
  if (p == nullptr) return composed;
  std::vector<ComponentConfig> out;
  p->compile(*this, out);
  if (server == ServerSide::HeartbeatSweeper) {
    ComponentConfig hb = kPageHeartbeatComponent.defaults();
    hb.set_number("interval_ms", sweeper.heartbeat_interval_ms);
    out.push_back(hb);
  }
  if (server != ServerSide::None) {
    ComponentConfig w = kSweeperComponent.defaults();
    w.set_number("signal", server == ServerSide::EventStreamSweeper ? 1 : 0);
    w.set_number("sweep_period_ms", sweeper.sweep_period_ms);
    w.set_number("silence_timeout_ms", sweeper.silence_timeout_ms);
    w.set_number("recheck_before_send", sweeper.recheck_before_send ? 1 : 0);
    w.set_number("rate_rps", sweeper.rate_rps);
    w.set_number("burst", sweeper.burst);
    w.set_retry("", sweeper.retry);
    out.push_back(w);
  }
  if (missed_contact != MissedReaction::None) {
    ComponentConfig m = kMissedContactComponent.defaults();
    m.set(std::string_view("reaction"), to_string(missed_contact));
    m.set_number("reaction_delay_ms", sweeper.missed_reaction_delay_ms);
    // The presets' missed-contact reaction retries with the sweeper's policy (sweeper_*).
    m.set_retry("", sweeper.retry);
    out.push_back(m);
  }
  return out;
}

ComponentTraits StrategyConfig::traits() const { return traits_of(components()); }

ComponentTraits traits_of(const std::vector<ComponentConfig>& components) {
  ComponentTraits t;
  for (const ComponentConfig& c : components) {
    if (c.descriptor->traits == nullptr) continue;
    const ComponentTraits x = c.descriptor->traits(c);
    if (x.heartbeat_interval_ms > 0 && t.heartbeat_interval_ms == 0) {
      t.heartbeat_interval_ms = x.heartbeat_interval_ms;
      t.heartbeat_by_beacon = x.heartbeat_by_beacon;
    }
    if (x.sweep_period_ms > 0 && t.sweep_period_ms == 0) {
      t.sweep_period_ms = x.sweep_period_ms;
      t.sweeper_rate_rps = x.sweeper_rate_rps;
      t.sweeper_burst = x.sweeper_burst;
      t.settle_window_ms = x.settle_window_ms;
      t.watches_event_stream = x.watches_event_stream;
      t.reads_heartbeats = x.reads_heartbeats;
      t.poll_rate_rps = x.poll_rate_rps;
      t.poll_burst = x.poll_burst;
      t.poll_agents_per_call = x.poll_agents_per_call;
    }
    t.logout_sets_offline = t.logout_sets_offline || x.logout_sets_offline;
  }
  return t;
}

StrategyConfig composed_config(std::vector<ComponentConfig> components, std::string name) {
  StrategyConfig c;
  c.kind = StrategyKind::Composed;
  c.retry.max_attempts = 1;
  c.composed = std::move(components);
  c.composed_name = std::move(name);
  return c;
}

std::string_view to_string(ServerSide s) {
  switch (s) {
    case ServerSide::None: return "none";
    case ServerSide::HeartbeatSweeper: return "heartbeat_sweeper";
    case ServerSide::EventStreamSweeper: return "event_stream_sweeper";
  }
  return "?";
}

std::optional<ServerSide> parse_server_side(std::string_view name) {
  for (ServerSide s : {ServerSide::None, ServerSide::HeartbeatSweeper, ServerSide::EventStreamSweeper}) {
    if (to_string(s) == name) return s;
  }
  return std::nullopt;
}

std::string_view to_string(MissedReaction r) {
  switch (r) {
    case MissedReaction::None: return "none";
    case MissedReaction::SetOffline: return "set_offline";
    case MissedReaction::DismissThenOffline: return "dismiss_then_offline";
    case MissedReaction::AutoAvailable: return "auto_available";
  }
  return "?";
}

std::optional<MissedReaction> parse_missed_reaction(std::string_view name) {
  for (MissedReaction r : {MissedReaction::None, MissedReaction::SetOffline,
                           MissedReaction::DismissThenOffline, MissedReaction::AutoAvailable}) {
    if (to_string(r) == name) return r;
  }
  return std::nullopt;
}

std::string StrategyConfig::label() const {
  if (is_composed()) {
    std::string out = composed_name.empty() ? "composed" : composed_name;
    out += ":";
    for (std::size_t i = 0; i < composed.size(); ++i) {
      out += (i == 0 ? " " : " + ") + std::string(composed[i].descriptor->name);
    }
    return out;
  }
  std::string out(to_string(kind));
  // A preset that is its own server side (it takes no `server`) is not labelled twice.
  if (server != ServerSide::None && reads(kind, "server")) {
    out += " + " + std::string(to_string(server));
  }
  if (missed_contact != MissedReaction::None) {
    out += " + missed_contact=" + std::string(to_string(missed_contact));
  }
  return out;
}

StrategyConfig default_config(StrategyKind kind) {
  StrategyConfig c;
  c.kind = kind;
  const Preset* p = preset_of(kind);
  if (p != nullptr) p->defaults(c);
  return c;
}

const std::vector<StrategyParameter>& strategy_parameters(StrategyKind kind) {
  static const std::vector<StrategyParameter> none = with_server({});
  static const std::vector<StrategyParameter> heartbeat_sweeper = with_server({}, false);
  // The event-stream sweeper watches the platform's own records: it has no page heartbeat.
  static const std::vector<StrategyParameter> event_stream_sweeper = [] {
    std::vector<StrategyParameter> v = with_server({}, false);
    v.erase(std::remove_if(v.begin(), v.end(),
                           [](const StrategyParameter& p) { return p.name == "heartbeat_interval_ms"; }),
            v.end());
    return v;
  }();
  static const std::vector<StrategyParameter> retry = with_retry(
      {{"enqueue_next_state", "bool", "Pass enqueueNextState: true (the seed does not)."},
       {"handler_busy_wait_ms", "ms",
        "Busy-wait this long inside beforeunload (at most unload_handler_block_max_ms); 0 = none."}});
  static const std::vector<StrategyParameter> confirm = with_retry(
      {{"enqueue_next_state", "bool", "Pass enqueueNextState: true (the seed does not)."},
       {"max_dialogs", "dialogs", "Leave-page dialogs at most per session."}});
  static const std::vector<StrategyParameter> backend = with_retry(
      {{"transport", "keepalive|beacon|fetch", "How the page notifies the backend."}});
  static const std::vector<StrategyParameter> composed;  // a composed strategy's are its components'
  static const std::pair<StrategyKind, const std::vector<StrategyParameter>*> lists[] = {
      {StrategyKind::BeforeunloadRetry, &retry},
      {StrategyKind::BeforeunloadConfirm, &confirm},
      {StrategyKind::PutUserStatusBackend, &backend},
      {StrategyKind::HeartbeatSweeper, &heartbeat_sweeper},
      {StrategyKind::EventStreamSweeper, &event_stream_sweeper},
      {StrategyKind::Composed, &composed},
  };
  for (const auto& [k, list] : lists) {
    if (k == kind) return *list;
  }
  return none;
}

const std::vector<StrategyParameter>& server_side_parameters() { return kServerParams; }

bool parameter_applies(const StrategyConfig& c, std::string_view name) {
  if (!reads(c.kind, name)) return false;
  if (name == "missed_reaction_delay_ms") return c.missed_contact != MissedReaction::None;
  if (name == "heartbeat_interval_ms") return c.server == ServerSide::HeartbeatSweeper;
  if (is_sweeper_param(name)) return c.server != ServerSide::None;
  return true;
}

namespace {

std::string retry_value(const RetryPolicy& r, std::string_view name) {
  if (name == "max_attempts") return std::to_string(r.max_attempts);
  if (name == "backoff") return std::string(to_string(r.backoff));
  if (name == "base_ms") return format_number(r.base_ms);
  if (name == "cap_ms") return format_number(r.cap_ms);
  if (name == "jitter") return std::string(to_string(r.jitter));
  if (name == "per_attempt_timeout_ms") return format_number(r.per_attempt_timeout_ms);
  if (name == "overall_deadline_ms") return format_number(r.overall_deadline_ms);
  return {};
}

std::optional<std::string> number_into(double& field, std::string_view value) {
  const auto v = parse_number(value);
  if (!v) return "expected a number, got '" + echo(value) + "'";
  field = *v;
  return std::nullopt;
}

std::optional<std::string> integer_into(int& field, std::string_view value) {
  const auto v = parse_number(value);
  if (!v || *v != std::floor(*v) || std::fabs(*v) > 1e9) {
    return "expected an integer, got '" + echo(value) + "'";
  }
  field = static_cast<int>(*v);
  return std::nullopt;
}

std::optional<std::string> set_retry(RetryPolicy& r, std::string_view name, std::string_view value,
                                     bool* known) {
  *known = true;
  if (name == "max_attempts") return integer_into(r.max_attempts, value);
  if (name == "backoff") {
    const auto b = parse_backoff(value);
    if (!b) return "expected constant or exponential";
    r.backoff = *b;
    return std::nullopt;
  }
  if (name == "jitter") {
    const auto j = parse_jitter(value);
    if (!j) return "expected none, full or equal";
    r.jitter = *j;
    return std::nullopt;
  }
  if (name == "base_ms") return number_into(r.base_ms, value);
  if (name == "cap_ms") return number_into(r.cap_ms, value);
  if (name == "per_attempt_timeout_ms") return number_into(r.per_attempt_timeout_ms, value);
  if (name == "overall_deadline_ms") return number_into(r.overall_deadline_ms, value);
  *known = false;
  return std::nullopt;
}

}  // namespace

std::string parameter_value(const StrategyConfig& c, std::string_view name) {
  if (name == "enqueue_next_state") return c.enqueue_next_state ? "true" : "false";
  if (name == "max_dialogs") return std::to_string(c.max_dialogs);
  if (name == "handler_busy_wait_ms") return format_number(c.handler_busy_wait_ms);
  if (name == "transport") return std::string(to_string(c.transport));
  if (name == "server") return std::string(to_string(c.server));
  if (name == "missed_contact") return std::string(to_string(c.missed_contact));
  if (name == "missed_reaction_delay_ms") return format_number(c.sweeper.missed_reaction_delay_ms);
  if (name == "heartbeat_interval_ms") return format_number(c.sweeper.heartbeat_interval_ms);
  if (name == "sweep_period_ms") return format_number(c.sweeper.sweep_period_ms);
  if (name == "silence_timeout_ms") return format_number(c.sweeper.silence_timeout_ms);
  if (name == "recheck_before_send") return c.sweeper.recheck_before_send ? "true" : "false";
  if (name == "sweeper_rate_rps") return format_number(c.sweeper.rate_rps);
  if (name == "sweeper_burst") return format_number(c.sweeper.burst);
  if (name.substr(0, 8) == "sweeper_") return retry_value(c.sweeper.retry, name.substr(8));
  return retry_value(c.retry, name);
}

std::optional<std::string> set_parameter(StrategyConfig& c, std::string_view name,
                                         std::string_view value) {
  if (!reads(c.kind, name)) {
    return "strategy " + std::string(to_string(c.kind)) + " has no parameter '" + echo(name) + "'";
  }
  auto boolean = [&](bool& field) -> std::optional<std::string> {
    if (value != "true" && value != "false") return "expected true or false";
    field = value == "true";
    return std::nullopt;
  };
  if (name == "enqueue_next_state") return boolean(c.enqueue_next_state);
  if (name == "recheck_before_send") return boolean(c.sweeper.recheck_before_send);
  if (name == "max_dialogs") return integer_into(c.max_dialogs, value);
  if (name == "handler_busy_wait_ms") return number_into(c.handler_busy_wait_ms, value);
  if (name == "transport") {
    const auto t = parse_transport(value);
    if (!t || *t == Transport::StreamsWorker || *t == Transport::FetchLater) {
      return "expected keepalive, beacon or fetch (fetchLater is the fetch_later component's)";
    }
    c.transport = *t;
    return std::nullopt;
  }
  if (name == "server") {
    const auto v = parse_server_side(value);
    if (!v) return "expected none, heartbeat_sweeper or event_stream_sweeper";
    c.server = *v;
    return std::nullopt;
  }
  if (name == "missed_contact") {
    const auto v = parse_missed_reaction(value);
    if (!v) return "expected none, set_offline, dismiss_then_offline or auto_available";
    c.missed_contact = *v;
    return std::nullopt;
  }
  if (name == "missed_reaction_delay_ms") return number_into(c.sweeper.missed_reaction_delay_ms, value);
  if (name == "heartbeat_interval_ms") return number_into(c.sweeper.heartbeat_interval_ms, value);
  if (name == "sweep_period_ms") return number_into(c.sweeper.sweep_period_ms, value);
  if (name == "silence_timeout_ms") return number_into(c.sweeper.silence_timeout_ms, value);
  if (name == "sweeper_rate_rps") return number_into(c.sweeper.rate_rps, value);
  if (name == "sweeper_burst") return number_into(c.sweeper.burst, value);
  bool known = false;
  std::optional<std::string> error =
      name.substr(0, 8) == "sweeper_" ? set_retry(c.sweeper.retry, name.substr(8), value, &known)
                                      : set_retry(c.retry, name, value, &known);
  if (known) return error;
  return "unknown parameter '" + echo(name) + "'";
}

std::vector<std::string> StrategyConfig::validate() const {
  std::vector<std::string> errors = retry.validate();
  if (!(handler_busy_wait_ms >= 0 && handler_busy_wait_ms <= 60000)) {
    errors.emplace_back("handler_busy_wait_ms: must be between 0 and 60000");
  }
  if (is_composed()) return validate_composed();
  if (reads(kind, "max_dialogs") && (max_dialogs < 1 || max_dialogs > 10)) {
    errors.emplace_back("max_dialogs: must be between 1 and 10");
  }
  if (reads(kind, "transport") &&
      (transport == Transport::StreamsWorker || transport == Transport::FetchLater)) {
    errors.emplace_back("transport: the backend is notified by keepalive, beacon or fetch");
  }
  if (server != ServerSide::None) {
    for (const std::string& e : sweeper.retry.validate()) errors.push_back("sweeper_" + e);
    auto positive = [&](double v, const char* field, double lo, double hi) {
      if (!(v >= lo && v <= hi)) {
        errors.push_back(fmt::format("{}: must be between {} and {} ms, got {}", field, lo, hi, v));
      }
    };
    positive(sweeper.sweep_period_ms, "sweep_period_ms", 100, 3600000);
    // A slower pacing than kMinSweeperRateRps is refused, not just useless: the pacer's wait
    // (reserved calls / rate) must stay far inside the clock's microseconds (time.h).
    if (!(sweeper.rate_rps == 0 ||
          (sweeper.rate_rps >= kMinSweeperRateRps && sweeper.rate_rps <= 1e6))) {
      errors.emplace_back(
          "sweeper_rate_rps: must be 0 (no pacing) or between 0.001 and 1000000 requests/s");
    }
    if (!(sweeper.burst >= 1 && sweeper.burst <= 1e6)) {
      errors.emplace_back("sweeper_burst: must be between 1 and 1000000");
    }
    positive(sweeper.silence_timeout_ms, "silence_timeout_ms", 100, 86400000);
    if (server == ServerSide::HeartbeatSweeper) {
      positive(sweeper.heartbeat_interval_ms, "heartbeat_interval_ms", 100, 3600000);
    }
  }
  if (missed_contact != MissedReaction::None &&
      !(sweeper.missed_reaction_delay_ms >= 0 && sweeper.missed_reaction_delay_ms <= 3600000)) {
    errors.emplace_back("missed_reaction_delay_ms: must be between 0 and 3600000 ms");
  }
  if (!reads(kind, "server") && server != default_config(kind).server) {
    errors.emplace_back("server: the " + std::string(to_string(kind)) + " strategy is its own server side");
  }
  return errors;
}

std::vector<std::string> StrategyConfig::validate_composed() const {
  std::vector<std::string> errors;
  if (composed.size() > kMaxComponents) {
    errors.push_back(fmt::format("components: at most {} components, got {}", kMaxComponents,
                                 composed.size()));
  }
  int sweepers = 0;
  bool heartbeat = false;
  bool heartbeat_sweeper = false;
  for (std::size_t i = 0; i < composed.size(); ++i) {
    const ComponentConfig& c = composed[i];
    for (const std::string& e : c.validate()) {
      errors.push_back(fmt::format("{}[{}].{}", c.descriptor->name, i, e));
    }
    if (c.descriptor->traits == nullptr) continue;
    const ComponentTraits t = c.descriptor->traits(c);
    if (t.sweep_period_ms > 0) {
      ++sweepers;
      heartbeat_sweeper = heartbeat_sweeper || t.reads_heartbeats;
    }
    heartbeat = heartbeat || t.heartbeat_interval_ms > 0;
  }
  if (sweepers > 1) errors.emplace_back("sweeper: at most one sweeper per strategy");
  if (heartbeat_sweeper && !heartbeat) {
    errors.emplace_back(
        "sweeper: watching heartbeat silence (sweeper signal heartbeat, status_poller detect "
        "available_while_silent) needs a page heartbeat (add `heartbeat: {interval_ms: ...}` to "
        "the page), or watch the event stream (sweeper signal: event_stream)");
  }
  return errors;
}

}  // namespace agentsim::sim
