#include "agentsim/sim/strategy.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace agentsim::sim {

namespace {

struct KindInfo {
  StrategyKind kind;
  std::string_view name;
  std::string_view description;
};

constexpr KindInfo kKinds[kStrategyKindCount + 1] = {
    {StrategyKind::None, "none", "CCPv1 default: nothing happens on close or logout."},
    {StrategyKind::CcpV2Logout, "ccp_v2_logout",
     "CCPv2: logout sets Offline (as next status during a contact); closing does nothing."},
    {StrategyKind::BeforeunloadSetstate, "beforeunload_setstate",
     "The seed's code: one async setState(Offline) in beforeunload, no enqueueNextState, fire "
     "and forget."},
    {StrategyKind::BeforeunloadRetry, "beforeunload_retry",
     "setState(Offline) in beforeunload, retried on a failure seen before teardown."},
    {StrategyKind::BeforeunloadConfirm, "beforeunload_confirm",
     "setState(Offline) in beforeunload plus the leave-page dialog while it has not succeeded; "
     "retries after Stay."},
    {StrategyKind::PutUserStatusBackend, "put_user_status_backend",
     "beforeunload notifies the team's backend, which calls PutUserStatus(Offline) with retries."},
    {StrategyKind::CanaryBroken, "canary_broken",
     "Broken on purpose (sends setState(Available) in beforeunload): proves the fuzzer can fail."},
};

const std::vector<StrategyParameter> kRetryParams = {
    {"max_attempts", "attempts", "Attempts in all, the first included."},
    {"backoff", "constant|exponential", "How the delay between attempts grows."},
    {"base_ms", "ms", "Delay before the first retry, before jitter."},
    {"cap_ms", "ms", "Largest delay, before jitter."},
    {"jitter", "none|full|equal", "none: d; full: uniform [0, d]; equal: d/2 + uniform [0, d/2]."},
    {"per_attempt_timeout_ms", "ms", "Give up on one attempt after this; 0 waits for the answer."},
    {"overall_deadline_ms", "ms", "Start no attempt later than this after the first; 0 = none."},
};

std::vector<StrategyParameter> with_retry(std::vector<StrategyParameter> head) {
  head.insert(head.end(), kRetryParams.begin(), kRetryParams.end());
  return head;
}

std::optional<double> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::string copy(s);
  char* end = nullptr;
  const double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

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

std::string_view to_string(StrategyKind k) { return kKinds[static_cast<int>(k)].name; }
std::string_view describe(StrategyKind k) { return kKinds[static_cast<int>(k)].description; }

std::optional<StrategyKind> parse_strategy_kind(std::string_view name) {
  for (const KindInfo& k : kKinds) {
    if (k.name == name) return k.kind;
  }
  return std::nullopt;
}

const std::vector<StrategyKind>& all_strategy_kinds() {
  static const std::vector<StrategyKind> all = [] {
    std::vector<StrategyKind> v;
    for (const KindInfo& k : kKinds) {
      if (k.kind != StrategyKind::CanaryBroken) v.push_back(k.kind);
    }
    return v;
  }();
  return all;
}

std::string_view to_string(Transport t) {
  switch (t) {
    case Transport::StreamsWorker: return "streams_worker";
    case Transport::Fetch: return "fetch";
    case Transport::Keepalive: return "keepalive";
    case Transport::Beacon: return "beacon";
  }
  return "?";
}

std::optional<Transport> parse_transport(std::string_view name) {
  for (Transport t : {Transport::StreamsWorker, Transport::Fetch, Transport::Keepalive,
                      Transport::Beacon}) {
    if (to_string(t) == name) return t;
  }
  return std::nullopt;
}

StrategyConfig default_config(StrategyKind kind) {
  StrategyConfig c;
  c.kind = kind;
  switch (kind) {
    case StrategyKind::None:
    case StrategyKind::CcpV2Logout:
    case StrategyKind::BeforeunloadSetstate:
    case StrategyKind::CanaryBroken:
      c.retry.max_attempts = 1;
      break;
    case StrategyKind::BeforeunloadRetry:
      // Fits Chromium's 500-1000 ms unload window when the API answers fast.
      c.retry = RetryPolicy{3, Backoff::Exponential, 100, 400, Jitter::Full, 300, 900};
      break;
    case StrategyKind::BeforeunloadConfirm:
      c.retry = RetryPolicy{3, Backoff::Exponential, 500, 4000, Jitter::Full, 0, 0};
      c.max_dialogs = 1;
      break;
    case StrategyKind::PutUserStatusBackend:
      // AWS SDK standard retry mode: 3 attempts, full-jitter exponential backoff, cap 20 s.
      c.retry = RetryPolicy{3, Backoff::Exponential, 100, 20000, Jitter::Full, 0, 0};
      c.transport = Transport::Keepalive;
      break;
  }
  return c;
}

const std::vector<StrategyParameter>& strategy_parameters(StrategyKind kind) {
  static const std::vector<StrategyParameter> none;
  static const std::vector<StrategyParameter> retry = with_retry(
      {{"enqueue_next_state", "bool", "Pass enqueueNextState: true (the seed does not)."}});
  static const std::vector<StrategyParameter> confirm = with_retry(
      {{"enqueue_next_state", "bool", "Pass enqueueNextState: true (the seed does not)."},
       {"max_dialogs", "dialogs", "Leave-page dialogs at most per session."}});
  static const std::vector<StrategyParameter> backend = with_retry(
      {{"transport", "keepalive|beacon|fetch", "How the page notifies the backend."}});
  switch (kind) {
    case StrategyKind::BeforeunloadRetry: return retry;
    case StrategyKind::BeforeunloadConfirm: return confirm;
    case StrategyKind::PutUserStatusBackend: return backend;
    default: return none;
  }
}

std::string parameter_value(const StrategyConfig& c, std::string_view name) {
  if (name == "enqueue_next_state") return c.enqueue_next_state ? "true" : "false";
  if (name == "max_dialogs") return std::to_string(c.max_dialogs);
  if (name == "transport") return std::string(to_string(c.transport));
  if (name == "max_attempts") return std::to_string(c.retry.max_attempts);
  if (name == "backoff") return std::string(to_string(c.retry.backoff));
  if (name == "base_ms") return format_number(c.retry.base_ms);
  if (name == "cap_ms") return format_number(c.retry.cap_ms);
  if (name == "jitter") return std::string(to_string(c.retry.jitter));
  if (name == "per_attempt_timeout_ms") return format_number(c.retry.per_attempt_timeout_ms);
  if (name == "overall_deadline_ms") return format_number(c.retry.overall_deadline_ms);
  return {};
}

std::optional<std::string> set_parameter(StrategyConfig& c, std::string_view name,
                                         std::string_view value) {
  if (!reads(c.kind, name)) {
    return "strategy " + std::string(to_string(c.kind)) + " has no parameter '" +
           std::string(name) + "'";
  }
  auto number = [&](double& field) -> std::optional<std::string> {
    const auto v = parse_number(value);
    if (!v) return "expected a number, got '" + std::string(value) + "'";
    field = *v;
    return std::nullopt;
  };
  auto integer = [&](int& field) -> std::optional<std::string> {
    const auto v = parse_number(value);
    if (!v || *v != std::floor(*v) || std::fabs(*v) > 1e9) {
      return "expected an integer, got '" + std::string(value) + "'";
    }
    field = static_cast<int>(*v);
    return std::nullopt;
  };
  if (name == "enqueue_next_state") {
    if (value != "true" && value != "false") return "expected true or false";
    c.enqueue_next_state = value == "true";
    return std::nullopt;
  }
  if (name == "max_dialogs") return integer(c.max_dialogs);
  if (name == "max_attempts") return integer(c.retry.max_attempts);
  if (name == "transport") {
    const auto t = parse_transport(value);
    if (!t || *t == Transport::StreamsWorker) return "expected keepalive, beacon or fetch";
    c.transport = *t;
    return std::nullopt;
  }
  if (name == "backoff") {
    const auto b = parse_backoff(value);
    if (!b) return "expected constant or exponential";
    c.retry.backoff = *b;
    return std::nullopt;
  }
  if (name == "jitter") {
    const auto j = parse_jitter(value);
    if (!j) return "expected none, full or equal";
    c.retry.jitter = *j;
    return std::nullopt;
  }
  if (name == "base_ms") return number(c.retry.base_ms);
  if (name == "cap_ms") return number(c.retry.cap_ms);
  if (name == "per_attempt_timeout_ms") return number(c.retry.per_attempt_timeout_ms);
  if (name == "overall_deadline_ms") return number(c.retry.overall_deadline_ms);
  return "unknown parameter '" + std::string(name) + "'";
}

std::vector<std::string> StrategyConfig::validate() const {
  std::vector<std::string> errors = retry.validate();
  if (kind == StrategyKind::BeforeunloadConfirm && (max_dialogs < 1 || max_dialogs > 10)) {
    errors.emplace_back("max_dialogs: must be between 1 and 10");
  }
  if (kind == StrategyKind::PutUserStatusBackend && transport == Transport::StreamsWorker) {
    errors.emplace_back("transport: the backend is notified by keepalive, beacon or fetch");
  }
  return errors;
}

}  // namespace agentsim::sim
