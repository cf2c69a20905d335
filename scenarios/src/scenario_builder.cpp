#include "scenario_builder.h"

#include "composed_strategy.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <variant>

#include "agentsim/model/profile.h"
#include "agentsim/sim/center.h"
#include "agentsim/sim/claim_fields.h"
#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/environment.h"
#include "environment_file.h"
#include "agentsim/sim/input_text.h"
#include "agentsim/sim/monte_carlo.h"
#include "agentsim/sim/schedule_fields.h"
#include "agentsim/sim/strategy.h"
#include "agentsim/sim/time.h"
#include "expectation_reader.h"
#include "suggest.h"

namespace agentsim::scenarios::detail {

namespace {

constexpr std::uint64_t kDefaultMaxSessions = 320000;
// Center scenarios count shifts: a shift runs every agent for hours.
constexpr std::uint64_t kDefaultCenterShifts = 20;
constexpr std::uint64_t kDefaultCenterMaxShifts = 320;

template <typename List, typename Name>
std::vector<std::string> names_of(const List& list, Name name) {
  std::vector<std::string> out;
  for (const auto& item : list) out.emplace_back(name(item));
  return out;
}

void read_identity(Reader& reader, const ScenarioFields& f, sim::Scenario& s) {
  if (const Field* name = f.find("name")) {
    if (const auto n = reader.name(*name, "name")) s.name = *n;
  } else {
    reader.error(reader.where(f.node), "missing required key 'name' in a scenario",
                 "every scenario needs a name, unique among the scenarios loaded together");
  }
  if (const Field* d = f.find("description")) {
    if (const auto text = reader.prose(*d, "description")) s.description = *text;
  }
  if (const Field* t = f.find("tags")) {
    if (const auto tags = reader.string_list(*t, "tags")) s.tags = *tags;
  }
}

void read_profile(Reader& reader, const ScenarioFields& f, sim::Scenario& s) {
  if (const Field* p = f.find("profile")) {
    const auto name = reader.name(*p, "profile");
    const model::PlatformProfile* profile = name ? model::find_profile(*name) : nullptr;
    if (name && profile == nullptr) {
      const auto names = names_of(model::builtin_profiles(), [](auto* q) { return q->name; });
      reader.error(*p, "unknown profile '" + echo(*name) + "'",
                   suggestion_hint(*name, names, "profiles"));
    }
    if (profile != nullptr) {
      s.profile_name = *name;
      s.session.profile = *profile;
    }
  }
  for (const Field& o : f.profile_override_entries) {
    const model::ProfileParameter* param = model::find_profile_parameter(o.key);
    const auto value = reader.boolean(o, "profile_overrides." + o.key);
    if (param == nullptr || !value) continue;
    s.session.profile.*(param->field) = *value;
    s.overrides.emplace_back("profile_overrides." + o.key, o.value.Scalar());
  }
}

// Every violated constraint of the strategy's configuration, at the parameter when the file set
// it, else at `strategy`.
void check_strategy(Reader& reader, const ScenarioFields& f, const sim::StrategyConfig& config) {
  for (const std::string& line : config.validate()) {
    const std::string field = line.substr(0, line.find(':'));
    sim::SourceLocation at = reader.where(f.strategy ? f.strategy->key_node : f.node);
    std::string got;
    for (const Field& p : f.strategy_params) {
      if (p.key == field) {
        at = reader.where(p);
        got = ", got " + echo(p.value.Scalar());
      }
    }
    // The constraint may say what it got already ("..., got 10"): once is enough.
    if (line.find(", got ") != std::string::npos) got.clear();
    reader.error(at, "strategy." + line + got);
  }
}

// "did you mean 'set_offline'?" for a misspelt value of a parameter with named values (its unit
// lists them: "none|set_offline|..."); empty otherwise.
std::string choice_hint(sim::StrategyKind kind, const std::string& name, const std::string& value) {
  for (const sim::StrategyParameter& p : sim::strategy_parameters(kind)) {
    const std::string unit(p.unit);
    if (p.name != name || unit.find('|') == std::string::npos) continue;
    std::vector<std::string> choices;
    for (std::size_t from = 0, bar = 0; bar != std::string::npos; from = bar + 1) {
      bar = unit.find('|', from);
      choices.push_back(unit.substr(from, bar == std::string::npos ? bar : bar - from));
    }
    if (const auto c = closest(value, choices)) return "did you mean '" + *c + "'?";
  }
  return {};
}

// The text of a strategy parameter's value, read as its unit says: a number (an unquoted
// decimal, as every number of the file: Reader::number), a boolean (Reader::boolean), or a name.
// nullopt, reported, when it is not one.
std::optional<std::string> strategy_value(Reader& reader, const Field& p, sim::StrategyKind kind) {
  const std::string path = "strategy." + p.key;
  for (const sim::StrategyParameter& param : sim::strategy_parameters(kind)) {
    if (param.name != p.key) continue;
    const std::string unit(param.unit);
    if (unit == "bool") {
      const auto b = reader.boolean(p, path);
      if (!b) return std::nullopt;
      return std::string(*b ? "true" : "false");
    }
    if (unit.find('|') != std::string::npos) return reader.name(p, path);
    const bool whole = unit == "attempts" || unit == "dialogs";
    if (!reader.number(p, path, whole ? "an integer" : unit == "ms" ? "a duration in ms" : "a number"))
      return std::nullopt;
    return p.value.Scalar();
  }
  return p.value.Scalar();
}

// The hint for a parameter strategy `kind` does not take: the closest name; else the kind's own
// parameters (and which strategy takes the one written), then a pointer to the server-side ones
// rather than all of their names.
std::string unknown_parameter_hint(const std::string& typed, sim::StrategyKind kind) {
  const auto all =
      names_of(sim::strategy_parameters(kind), [](const auto& p) { return std::string(p.name); });
  if (const auto c = closest(typed, all)) return "did you mean '" + *c + "'?";
  std::vector<std::string> own;
  for (const std::string& n : all) {
    const auto& server = sim::server_side_parameters();
    if (std::none_of(server.begin(), server.end(), [&](const auto& p) { return p.name == n; }))
      own.push_back(n);
  }
  std::string hint;
  for (sim::StrategyKind other : sim::all_strategy_kinds()) {
    const auto& ps = sim::strategy_parameters(other);
    if (other != kind &&
        std::any_of(ps.begin(), ps.end(), [&](const auto& p) { return p.name == typed; })) {
      hint = "'" + echo(typed) + "' is a parameter of " + std::string(sim::to_string(other)) + "; ";
      break;
    }
  }
  const std::string name(sim::to_string(kind));
  const bool takes_server = std::find(all.begin(), all.end(), "server") != all.end();
  const std::string server_side =
      std::string(takes_server ? "server, missed_contact" : "missed_contact") +
      ", the sweeper's timing and its sweeper_* retries (docs/strategies.md)";
  if (own.empty()) return hint + name + " takes only the server-side parameters: " + server_side;
  return hint + name + " takes " + join(own) + "; plus the server-side parameters: " + server_side;
}

// heartbeat_interval_ms where the event-stream sweeper is the server side: the page heartbeat
// belongs to the other sweeper — say why, not just "unknown" or "not read".
void heartbeat_not_read(Reader& reader, const Field& p, const std::string& hint) {
  reader.error(reader.where(p.key_node),
               "strategy." + p.key + ": not read by the event-stream sweeper, which watches the "
               "platform's own HEART_BEAT records (every 120 s)",
               hint);
}

// A strategy parameter set by the file that the configuration does not read (a sweeper timing
// without a server side, say) is an error: the file would not mean what it says.
void check_applies(Reader& reader, const ScenarioFields& f, const sim::StrategyConfig& config) {
  for (const Field& p : f.strategy_params) {
    if (sim::parameter_applies(config, p.key)) continue;
    const std::string path = "strategy." + p.key;
    if (p.key == "missed_reaction_delay_ms") {
      reader.error(reader.where(p.key_node),
                   path + ": not read without a missed-contact reaction (missed_contact is none)",
                   "add `missed_contact: set_offline` (or dismiss_then_offline), or remove it");
    } else if (p.key == "heartbeat_interval_ms" &&
               config.server == sim::ServerSide::EventStreamSweeper) {
      heartbeat_not_read(reader, p, "remove it, or use `server: heartbeat_sweeper`");
    } else if (config.server == sim::ServerSide::None) {
      reader.error(reader.where(p.key_node), path + ": not read without a server side",
                   p.key == "heartbeat_interval_ms"
                       ? "add `server: heartbeat_sweeper` (docs/strategies.md), or remove it"
                       : "add `server: heartbeat_sweeper` or `server: event_stream_sweeper` "
                         "(docs/strategies.md), or remove it");
    } else {
      reader.error(reader.where(p.key_node),
                   path + ": not read by strategy " + config.label());
    }
  }
}

void read_strategy(Reader& reader, const ScenarioFields& f, sim::Scenario& s) {
  s.session.strategy = sim::default_config(sim::StrategyKind::None);
  if (is_composed(f)) {
    read_composed_strategy(reader, f, s);
    return;
  }
  if (!f.strategy_name) {
    if (f.strategy) {
      reader.error(*f.strategy, "strategy: missing required key 'name'",
                   "e.g. strategy: {name: beforeunload_retry, max_attempts: 3}");
    }
    return;
  }
  const auto name = reader.name(*f.strategy_name, "strategy");
  if (!name) return;
  const auto kind = sim::parse_strategy_kind(*name);
  if (!kind) {
    const auto names =
        names_of(sim::all_strategy_kinds(), [](auto k) { return std::string(sim::to_string(k)); });
    reader.error(*f.strategy_name, "unknown strategy '" + echo(*name) + "'",
                 suggestion_hint(*name, names, "strategies"));
    return;
  }
  sim::StrategyConfig config = sim::default_config(*kind);
  const auto params =
      names_of(sim::strategy_parameters(*kind), [](const auto& p) { return std::string(p.name); });
  const std::size_t before = reader.error_count();
  for (const Field& p : f.strategy_params) {
    const bool known = std::find(params.begin(), params.end(), p.key) != params.end();
    if (!known && *kind == sim::StrategyKind::EventStreamSweeper &&
        p.key == "heartbeat_interval_ms") {
      heartbeat_not_read(reader, p, "remove it, or use `name: heartbeat_sweeper`");
    } else if (!known) {
      reader.error(reader.where(p.key_node),
                   "unknown parameter '" + echo(p.key) + "' of strategy " + *name,
                   unknown_parameter_hint(p.key, *kind));
    } else if (!p.value.IsScalar()) {
      reader.error(p, "strategy." + p.key + ": expected a number, true/false or a name, got " +
                          describe(p.value));
    } else if (const auto value = strategy_value(reader, p, *kind)) {
      if (const auto problem = sim::set_parameter(config, p.key, *value)) {
        const bool says_what = problem->find(", got") != std::string::npos;
        reader.error(p,
                     "strategy." + p.key + ": " + echo(*problem) +
                         (says_what ? "" : ", got " + describe(p.value)),
                     choice_hint(*kind, p.key, *value));
      } else {
        s.overrides.emplace_back("strategy." + p.key, p.value.Scalar());
      }
    }
  }
  if (reader.error_count() == before) check_applies(reader, f, config);
  if (reader.error_count() == before) check_strategy(reader, f, config);
  s.session.strategy = config;
}

std::string range_message(const sim::EnvironmentParameter& p, std::string_view path, double v) {
  const std::string lo = number_text(p.min_value);
  const std::string hi = number_text(p.max_value);
  const std::string got = ", got " + number_text(v);
  if (p.unit == "probability")
    return std::string(path) + ": expected a probability between 0 and 1" + got;
  if (std::isinf(p.max_value)) return std::string(path) + ": must be at least " + lo + got;
  if (p.unit == "ms")
    return std::string(path) + ": expected a duration between " + lo + " and " + hi + " ms" + got;
  return std::string(path) + ": expected a value between " + lo + " and " + hi + " (" +
         std::string(p.unit) + ")" + got;
}

// Sets one environment parameter from the file; false when the value is wrong.
bool set_environment(Reader& reader, const Field& e, std::string_view path,
                     const sim::EnvironmentParameter& p, sim::Scenario& s) {
  const auto v = reader.number(e, path);
  if (!v) return false;
  if (*v < p.min_value || *v > p.max_value) {
    reader.error(e, range_message(p, path, *v));
    return false;
  }
  s.session.env.*(p.field) = *v;
  s.overrides.emplace_back("environment." + std::string(p.name), e.value.Scalar());
  return true;
}

// "unload_budget_min_ms = 2000, unload_budget_max_ms = 1000": the values a cross-field rule read.
std::string values_hint(const std::string& line, const sim::EnvironmentParams& env) {
  std::string hint;
  std::size_t i = 0;
  while (i < line.size()) {
    const std::size_t end = line.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_", i);
    const std::string word = line.substr(i, end == std::string::npos ? std::string::npos : end - i);
    if (const auto* p = sim::find_environment_parameter(word)) {
      hint += (hint.empty() ? "" : ", ") + word + " = " + number_text(env.*(p->field));
    }
    i = end == std::string::npos ? line.size() : end + 1;
  }
  return hint.empty() ? hint : "the merged values: " + hint;
}

void read_environment(Reader& reader, const ScenarioFields& f, sim::Scenario& s) {
  bool ok = true;
  // The environment file first: the scenario's own `environment:` overrides it.
  if (const Field* file = f.find("environment_file")) {
    const std::size_t before = reader.error_count();
    read_environment_file(reader, *file, f.center.has_value(), s);
    ok = reader.error_count() == before;
  }
  for (const Field& e : f.environment_entries) {
    if (const auto* p = sim::find_environment_parameter(e.key)) {
      ok = set_environment(reader, e, "environment." + e.key, *p, s) && ok;
      // Set by the scenario itself: no longer the measured value.
      s.measured.erase(std::remove_if(s.measured.begin(), s.measured.end(),
                                      [&](const auto& m) { return m.first == e.key; }),
                       s.measured.end());
    }
  }
  const Field* horizon = f.find("horizon_ms");
  if (horizon != nullptr) {
    ok = set_environment(reader, *horizon, "horizon_ms",
                         *sim::find_environment_parameter("horizon_after_close_ms"), s) &&
         ok;
  }
  if (!ok) return;
  const YAML::Node& anchor = f.environment        ? f.environment->key_node
                             : horizon != nullptr ? horizon->key_node
                                                  : f.node;
  for (const std::string& line : sim::validate(s.session.env)) {
    reader.error(reader.where(anchor), "environment: " + line, values_hint(line, s.session.env));
  }
}

// `sessions` or `max_sessions`: from 1 to sim::kMaxSessions, or in a center scenario (which
// counts shifts) to sim::kMaxShifts. Above it, the hint says how long that many would take.
std::optional<std::uint64_t> sample_count(Reader& reader, const Field& f, const std::string& key,
                                          bool center) {
  if (center) {
    return reader.integer(f, key, 1, sim::kMaxShifts, [](double) {
      return std::string(
          "a center scenario counts shifts, and a shift runs every agent for hours: 10,000 "
          "shifts of the bundled shift change (100 agents, 5 h) take one core 1 to 2 min, and a "
          "shift at its limits a few seconds (docs/performance.md)");
    });
  }
  return reader.integer(f, key, 1, sim::kMaxSessions, [](double n) {
    return "at 0.16 to 1.9 million sessions/s per core, depending on the strategy "
           "(docs/performance.md), " + (n < 1e19 ? sim::thousands(static_cast<std::uint64_t>(n)) : number_text(n)) +
           " sessions would take one core " +
           sim::sessions_duration_range(n) + "; " + sim::thousands(sim::kMaxSessions) + " take " +
           sim::sessions_duration_range(static_cast<double>(sim::kMaxSessions));
  });
}

// In a center scenario, `sessions` and `max_sessions` count shifts (with smaller defaults).
void read_sampling(Reader& reader, const ScenarioFields& f, sim::Scenario& s) {
  const bool center = f.center.has_value();
  s.sessions = center ? kDefaultCenterShifts : s.sessions;
  if (const Field* n = f.find("sessions")) {
    if (const auto v = sample_count(reader, *n, "sessions", center)) s.sessions = *v;
  }
  s.max_sessions = std::max(center ? kDefaultCenterMaxShifts : kDefaultMaxSessions, s.sessions);
  if (const Field* m = f.find("max_sessions")) {
    if (const auto v = sample_count(reader, *m, "max_sessions", center)) {
      s.max_sessions = *v;
      if (*v < s.sessions) {
        reader.error(*m,
                     "max_sessions: must be at least sessions (" + std::to_string(s.sessions) +
                         "), got " + echo(m->value.Scalar()),
                     "max_sessions caps the sequential sampling that starts with `sessions`");
      }
    }
  }
  if (const Field* seed = f.find("seed")) {
    if (const auto v = reader.integer(*seed, "seed", 0, std::numeric_limits<std::uint64_t>::max()))
      s.seed = *v;
  }
}

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::vector<std::string> close_kind_names() {
  return names_of(sim::close_kinds(), [](const auto& k) { return std::string(k.name); });
}

std::vector<std::string> pre_close_names() {
  std::vector<std::string> names;
  for (int i = 0; i < sim::kPreCloseCount; ++i)
    names.emplace_back(sim::to_string(static_cast<sim::PreClose>(i)));
  return names;
}

// A close kind (or below, a pre-close state) by name; nullopt, reported, when unknown.
std::optional<sim::CloseKind> close_kind_value(Reader& reader, const Field& f,
                                               const std::string& path) {
  const auto name = reader.name(f, path);
  if (!name) return std::nullopt;
  const auto kind = sim::parse_close_kind(*name);
  if (!kind) {
    reader.error(f, "unknown close kind '" + echo(*name) + "'",
                 suggestion_hint(*name, close_kind_names(), "close kinds"));
  }
  return kind;
}

std::optional<sim::PreClose> pre_close_value(Reader& reader, const Field& f,
                                             const std::string& path) {
  const auto name = reader.name(f, path);
  if (!name) return std::nullopt;
  const auto state = sim::parse_pre_close(*name);
  if (!state) {
    reader.error(f, "unknown pre-close state '" + echo(*name) + "'",
                 suggestion_hint(*name, pre_close_names(), "pre-close states"));
  }
  return state;
}

// Milliseconds in [lo, hi] (above lo when `above`) as microseconds: three decimals reach the
// microsecond.
std::optional<std::int64_t> ms_value(Reader& reader, const Field& f, const std::string& path,
                                     double lo, double hi, bool above = false,
                                     const std::string& hint = {}) {
  const auto v = reader.number(f, path, "a duration in ms");
  if (!v) return std::nullopt;
  if ((above ? *v <= lo : *v < lo) || *v > hi) {
    reader.error(f,
                 path + ": expected a duration " +
                     (above ? "above " + number_text(lo) + " and at most "
                            : "between " + number_text(lo) + " and ") +
                     number_text(hi) + " ms, got " + echo(f.value.Scalar()),
                 hint);
    return std::nullopt;
  }
  return sim::ms_to_us(*v);  // within the range checked above: exact llround(*v * 1000)
}

std::optional<std::int64_t> schedule_ms(Reader& reader, const Field& f, const std::string& path) {
  return ms_value(reader, f, path, 0, sim::kScheduleMsMax);
}

// Each item of a list field, as a Field of its own (for typed reads and error positions).
std::vector<Field> items(Reader& reader, const Field& f, const std::string& path,
                         const std::string& hint = {}) {
  std::vector<Field> out;
  if (!f.value.IsSequence()) {
    reader.error(f, path + ": expected a list, got " + describe(f.value),
                 f.value.IsScalar() && !hint.empty() ? hint : "");
    return out;
  }
  for (std::size_t i = 0; i < f.value.size(); ++i) {
    out.push_back(Field{path + "[" + std::to_string(i) + "]", f.value[i], f.value[i]});
  }
  return out;
}

std::optional<sim::ApiStep> api_step(Reader& reader, const Field& item) {
  if (!reader.is_mapping(item, item.key)) return std::nullopt;
  sim::ApiStep step;
  const KeySpec spec{"key",
                     "in an API step",
                     {std::string(sim::kApiOutcomeKey), std::string(sim::kApiLatencyKey)},
                     "valid keys",
                     "",
                     {}};
  for (const Field& k : reader.entries(item.value, spec)) {
    const std::string path = item.key + "." + k.key;
    if (k.key == sim::kApiLatencyKey) {
      if (const auto v = schedule_ms(reader, k, path)) step.latency_us = *v;
    } else if (const auto o = reader.name(k, path)) {
      if (const auto parsed = sim::parse_api_outcome_key(*o)) {
        step.outcome = *parsed;
      } else {
        std::vector<std::string> names;
        for (std::string_view n : sim::api_outcome_keys()) names.emplace_back(n);
        reader.error(k, "unknown API outcome '" + echo(*o) + "'",
                     suggestion_hint(*o, names, "API outcomes"));
      }
    }
  }
  return step;
}

// One key of `schedule:` into its Schedule member (schedule_fields.h).
void read_schedule_field(Reader& reader, const Field& e, const sim::ScheduleField& field,
                         sim::Schedule& sch) {
  const std::string path = "schedule." + e.key;
  std::visit(
      Overloaded{
          [&](std::int64_t sim::Schedule::*m) {
            if (const auto v = schedule_ms(reader, e, path)) sch.*m = *v;
          },
          [&](bool sim::Schedule::*m) {
            if (const auto v = reader.boolean(e, path)) sch.*m = *v;
          },
          [&](std::vector<std::int64_t> sim::Schedule::*m) {
            for (const Field& item : items(reader, e, path)) {
              if (const auto v = schedule_ms(reader, item, item.key)) (sch.*m).push_back(*v);
            }
          },
          [&](std::vector<bool> sim::Schedule::*m) {
            for (const Field& item : items(reader, e, path)) {
              if (const auto b = reader.boolean(item, item.key)) (sch.*m).push_back(*b);
            }
          },
          [&](std::vector<sim::ApiStep> sim::Schedule::*m) {
            for (const Field& item : items(reader, e, path)) {
              if (const auto step = api_step(reader, item)) (sch.*m).push_back(*step);
            }
          },
          [&](sim::CloseKind sim::Schedule::*m) {
            if (const auto k = close_kind_value(reader, e, path)) sch.*m = *k;
          },
          [&](sim::PreClose sim::Schedule::*m) {
            if (const auto p = pre_close_value(reader, e, path)) sch.*m = *p;
          },
      },
      field.member);
}

// `schedule:` — an exact session schedule (what `agentsim fuzz` writes for a counterexample),
// its keys those of sim::schedule_fields(). Durations are in milliseconds (three decimals reach
// the microsecond).
void read_schedule(Reader& reader, const ScenarioFields& f, sim::Scenario& s) {
  const Field* field = f.find("schedule");
  if (field == nullptr || !reader.is_mapping(*field, "schedule")) return;
  sim::Schedule sch;
  if (s.session.close_kind) sch.close_kind = *s.session.close_kind;
  if (s.session.pre_close) sch.pre_close = *s.session.pre_close;
  KeySpec spec{"key", "in a schedule", {}, "valid keys", "",
               {{"unload_budget_ms",
                 "renamed 'unload_window_ms': the time from the handler's return (not the close) "
                 "to the teardown; a replay file written before the change needs it renamed "
                 "and its value checked against the close kind's window (docs/environment.md)"}}};
  for (const sim::ScheduleField& sf : sim::schedule_fields()) spec.known.emplace_back(sf.key);
  for (const Field& e : reader.entries(field->value, spec)) {
    if (const sim::ScheduleField* sf = sim::find_schedule_field(e.key)) {
      read_schedule_field(reader, e, *sf, sch);
    }
  }
  s.session.schedule = sch;
  s.session.close_kind = sch.close_kind;
  s.session.pre_close = sch.pre_close;
}

// A list of close kinds or pre-close states of `claim:`: each known, each once.
template <class T, class Parse>
std::optional<std::vector<T>> claim_list(Reader& reader, const Field& e, const std::string& path,
                                         std::string_view noun, Parse parse) {
  std::vector<T> out;
  std::vector<Field> seen;
  bool ok = true;
  for (const Field& item : items(reader, e, path,
                                 "write a list: [" + (e.value.IsScalar() ? echo(e.value.Scalar()) : "") +
                                     "] (an empty list claims nothing)")) {
    const auto v = parse(reader, item, item.key);
    if (!v) {
      ok = false;
      continue;
    }
    const auto first = std::find(out.begin(), out.end(), *v);
    if (first != out.end()) {
      const Field& earlier = seen[static_cast<std::size_t>(first - out.begin())];
      reader.error(item, path + ": " + std::string(noun) + " '" + echo(item.value.Scalar()) +
                             "' is listed twice",
                   "the first is at line " + std::to_string(reader.where(earlier).line) +
                       "; list each once");
      ok = false;
      continue;
    }
    out.push_back(*v);
    seen.push_back(item);
  }
  if (!ok || !e.value.IsSequence()) return std::nullopt;
  return out;
}

// `claim:` — what the search takes the strategy to claim, over its default claim
// (sim::claim_fields()). Not read in a center scenario (check_center_mode says so).
void read_claim(Reader& reader, const ScenarioFields& f, sim::Scenario& s) {
  if (!f.claim) return;
  s.claim_where = reader.where(f.claim->key_node);
  sim::ClaimOverrides o;
  for (const Field& e : f.claim_entries) {
    const sim::ClaimField* field = sim::find_claim_field(e.key);
    if (field == nullptr) continue;  // reported by entries()
    const std::string path = "claim." + e.key;
    std::visit(
        Overloaded{
            [&](const sim::ClaimMemberPair<std::vector<sim::CloseKind>>& m) {
              o.*m.set =
                  claim_list<sim::CloseKind>(reader, e, path, "close kind", close_kind_value);
            },
            [&](const sim::ClaimMemberPair<std::vector<sim::PreClose>>& m) {
              o.*m.set =
                  claim_list<sim::PreClose>(reader, e, path, "pre-close state", pre_close_value);
            },
            [&](const sim::ClaimMemberPair<int>& m) {
              if (const auto v = reader.integer(e, path, static_cast<std::uint64_t>(field->min),
                                                static_cast<std::uint64_t>(field->max))) {
                o.*m.set = static_cast<int>(*v);
              }
            },
            [&](const sim::ClaimMemberPair<std::int64_t>& m) {
              o.*m.set = ms_value(reader, e, path, field->min, field->max, field->min_exclusive,
                                  "leave the key out to keep the strategy's default claim "
                                  "(docs/fuzzing.md)");
            },
            [&](const sim::ClaimMemberPair<bool>& m) { o.*m.set = reader.boolean(e, path); },
        },
        field->member);
  }
  s.claim = o;
}

void read_close(Reader& reader, const ScenarioFields& f, sim::Scenario& s) {
  if (const Field* c = f.find("close_kind")) {
    s.session.close_kind = close_kind_value(reader, *c, "close_kind");
  }
  if (const Field* p = f.find("pre_close")) {
    s.session.pre_close = pre_close_value(reader, *p, "pre_close");
  }
}

// `shift: {start: "09:00", end: "17:00"}` as the text "09:00-17:00" (set_center_parameter), each
// time checked where it is written.
std::optional<std::string> shift_value(Reader& reader, const Field& e) {
  constexpr const char* kHint =
      "a time of day on a 24 h clock, HH:MM or HH:MM:SS (e.g. \"09:00\", \"17:30:00\"); an end "
      "before the start runs past midnight";
  if (!reader.is_mapping(e, "center.shift", "a mapping {start: \"HH:MM\", end: \"HH:MM\"}")) {
    return std::nullopt;
  }
  const KeySpec keys{"shift key", "in center.shift", {"start", "end"}, "shift keys", "", {}};
  std::optional<std::string> start, end;
  bool ok = true;
  for (const Field& t : reader.entries(e.value, keys)) {
    const auto text = reader.name(t, "center.shift." + t.key);
    if (!text) {
      ok = false;
      continue;
    }
    if (!sim::parse_clock_ms(*text)) {
      reader.error(t, "center.shift." + t.key + ": '" + echo(*text) + "' is not a time of day",
                   kHint);
      ok = false;
      continue;
    }
    (t.key == "start" ? start : end) = *text;
  }
  if (!ok) return std::nullopt;
  if (!start || !end) {
    reader.error(reader.where(e.key_node),
                 std::string("center.shift: needs both start and end (missing ") +
                     (!start ? "start" : "end") + ")",
                 "e.g. shift: {start: \"09:00\", end: \"17:00\"}");
    return std::nullopt;
  }
  return *start + "-" + *end;
}

// The clock keys: each of shift / shift_ms and burst_at / burst_at_ms at most once, and burst_at
// resolved against the shift (sim::resolve_center_clock). False after an error.
bool read_center_clock(Reader& reader, const ScenarioFields& f, sim::CenterSpec& spec) {
  const auto find = [&f](std::string_view key) -> const Field* {
    for (const Field& e : f.center_entries) {
      if (e.key == key) return &e;
    }
    return nullptr;
  };
  bool ok = true;
  for (const auto& [clock, ms] : {std::pair<const char*, const char*>{"shift", "shift_ms"},
                                  std::pair<const char*, const char*>{"burst_at", "burst_at_ms"}}) {
    const Field* a = find(clock);
    const Field* b = find(ms);
    if (a == nullptr || b == nullptr) continue;
    const Field& later = reader.where(*a).line > reader.where(*b).line ? *a : *b;
    reader.error(reader.where(later.key_node),
                 std::string("center.") + clock + " and center." + ms + " are both set",
                 std::string(clock) + " gives the time of day, " + ms +
                     " the ms from the start of the shift: keep one");
    ok = false;
  }
  if (!ok) return false;
  if (const auto problem = sim::resolve_center_clock(spec)) {
    reader.error(*find("burst_at"), "center." + *problem);
    return false;
  }
  return true;
}

// `center:` — a whole contact center over a shift (sim/center.h). Each parameter is typed and
// range-checked where it is written; CenterSpec's cross-field rules are reported at the
// parameter they name when the file set it, else at `center`.
void read_center(Reader& reader, const ScenarioFields& f, sim::Scenario& s) {
  if (!f.center) return;
  sim::CenterSpec spec;
  const std::size_t before = reader.error_count();
  for (const Field& e : f.center_entries) {
    const std::string path = "center." + e.key;
    if (e.key == "shift") {
      if (const auto shift = shift_value(reader, e)) {
        if (const auto problem = sim::set_center_parameter(spec, "shift", *shift)) {
          reader.error(e, path + ": " + *problem);
        } else {
          s.overrides.emplace_back(path, *shift);
        }
      }
      continue;
    }
    if (e.key == "close_pattern") {
      const auto name = reader.name(e, path);
      if (!name) continue;
      if (!sim::parse_close_pattern(*name)) {
        const std::vector<std::string> names = {"none", "uniform", "burst"};
        reader.error(e, "unknown close pattern '" + echo(*name) + "'",
                     suggestion_hint(*name, names, "close patterns",
                                     "close patterns: none (nobody leaves), uniform (over the "
                                     "shift), burst (a shift change)"));
        continue;
      }
    } else if (e.key == "burst_at" || e.key == "break_window") {
      if (!reader.name(e, path)) continue;
    } else {
      const bool agents = e.key == "agents" || e.key == "incoming_agents";
      const bool ms = e.key.size() > 3 && e.key.compare(e.key.size() - 3, 3, "_ms") == 0;
      if (!reader.number(e, path,
                         agents ? "a whole number of agents"
                         : e.key == "breaks_per_agent" ? "a whole number of breaks"
                         : ms ? "a duration in ms" : "a number"))
        continue;
    }
    if (const auto problem = sim::set_center_parameter(spec, e.key, e.value.Scalar())) {
      reader.error(e, path + ": " + *problem);
      continue;
    }
    s.overrides.emplace_back(path, e.value.Scalar());
  }
  if (reader.error_count() != before) return;
  if (!read_center_clock(reader, f, spec)) return;
  for (const std::string& line : spec.validate()) {
    const std::string field = line.substr(0, line.find(':'));
    // A burst past the end involves three parameters: point at the one the file set, in the
    // order of the likeliest fix.
    const bool past_end = line.find("past the end of the simulation") != std::string::npos;
    const std::vector<std::string> candidates =
        past_end ? std::vector<std::string>{"burst_spread_ms", "after_shift_ms", "burst_at_ms", "shift_ms"}
                 : std::vector<std::string>{field};
    // The first candidate the file set, else the center block itself.
    sim::SourceLocation at = reader.where(f.center->key_node);
    const auto set_in_file = [&f](const std::string& key) {
      return std::find_if(f.center_entries.begin(), f.center_entries.end(),
                          [&key](const Field& e) { return e.key == key; });
    };
    for (const std::string& key : candidates) {
      if (const auto e = set_in_file(key); e != f.center_entries.end()) {
        at = reader.where(*e);
        break;
      }
    }
    std::string hint;
    if (field == "warmup_ms") {
      hint = "warmup_ms = " + number_text(spec.warmup_ms) +
             ", shift_ms = " + number_text(spec.shift_ms);
    } else if (field == "burst_at_ms") {
      hint = "burst_at_ms counts from the start of the shift; a negative value starts the burst "
             "at the end of the shift";
    } else if (past_end) {
      hint = "the burst starts at " + number_text(spec.burst_start_ms()) + " ms and spreads over " +
             number_text(spec.burst_spread_ms) +
             " ms; shorten burst_spread_ms, start the burst earlier, or lengthen after_shift_ms";
    } else if (field == "incoming_agents") {
      hint = "close_pattern is " + std::string(sim::to_string(spec.close_pattern));
    }
    reader.error(at, "center." + line, hint);
  }
  s.center = spec;
}

// A center whose shift would exceed a limit on its work or memory (sim::check_center_limits:
// contacts, events, sweeper checks per shift) is refused at its `center:` key, with the product
// that exceeds the limit.
void check_center_limits(Reader& reader, const ScenarioFields& f, const sim::Scenario& s) {
  if (!f.center || !s.center) return;
  for (const sim::CenterLimitProblem& p : sim::check_center_limits(s.session, *s.center)) {
    reader.error(reader.where(f.center->key_node), p.message, p.hint);
  }
}

// What a center scenario does not read: the single-agent keys it replaces.
void check_center_mode(Reader& reader, const ScenarioFields& f) {
  if (!f.center) return;
  if (const Field* p = f.find("pre_close")) {
    reader.error(reader.where(p->key_node),
                 "pre_close: not used in a center scenario: every agent is working (Available or "
                 "on a contact) when its session ends",
                 "remove it; `close_kind` does apply (it fixes how every agent's session ends)");
  }
  if (const Field* sch = f.find("schedule")) {
    reader.error(reader.where(sch->key_node),
                 "schedule: a center scenario cannot play an exact session schedule",
                 "a schedule replays one agent's session (`agentsim fuzz`): remove `center:` or "
                 "`schedule:`");
  }
  if (f.claim) {
    reader.error(reader.where(f.claim->key_node),
                 "claim: not read in a center scenario: fuzz and check search one agent's session",
                 "remove `claim:`, or `center:` to search one agent's session");
  }
  if (const Field* h = f.find("horizon_ms")) {
    reader.error(reader.where(h->key_node), "horizon_ms: not read in a center scenario",
                 "the simulation runs center.after_shift_ms past the end of the shift");
  }
  for (const Field& e : f.environment_entries) {
    if (e.key == "horizon_after_close_ms") {
      reader.error(reader.where(e.key_node),
                   "environment.horizon_after_close_ms: not read in a center scenario",
                   "the simulation runs center.after_shift_ms past the end of the shift");
    } else if (e.key == "contact_arrival_rate_per_min") {
      reader.error(reader.where(e.key_node),
                   "environment.contact_arrival_rate_per_min: not read in a center scenario",
                   "the center's contacts arrive at center.contact_rate_per_min (per minute, for "
                   "the whole center)");
    }
  }
}

}  // namespace

std::optional<sim::Scenario> build_scenario(Reader& reader, const ScenarioFields& f) {
  const std::size_t before = reader.error_count();
  sim::Scenario s;
  s.where = reader.where(f.node);
  read_identity(reader, f, s);
  // In this order, so that `overrides` lists environment, strategy, profile, then center keys.
  read_environment(reader, f, s);
  read_strategy(reader, f, s);
  read_profile(reader, f, s);
  read_center(reader, f, s);
  read_close(reader, f, s);
  read_sampling(reader, f, s);
  check_center_mode(reader, f);
  if (!f.center) read_schedule(reader, f, s);
  if (!f.center) read_claim(reader, f, s);
  if (const Field* expect = f.find("expect")) {
    if (auto e = read_expectations(reader, *expect, f.center.has_value())) {
      s.expectations = std::move(*e);
    }
  }
  // What a shift of the center would cost, once everything it depends on is known to be valid.
  if (reader.error_count() == before) check_center_limits(reader, f, s);
  if (reader.error_count() != before) return std::nullopt;
  return s;
}

}  // namespace agentsim::scenarios::detail
