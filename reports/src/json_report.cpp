#include "agentsim/reports/json_report.h"

#include "scenario_settings.h"

#include <algorithm>

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "agentsim/model/profile.h"
#include "agentsim/reports/terminal_report.h"
#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/input_text.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::reports {

namespace {

// Keys keep the order in which they are inserted: the document's order is the code's order.
using Json = nlohmann::ordered_json;

Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

// An exact 128-bit sum: a JSON integer when it fits 64 bits, else its (rounded) double value.
Json sum(const sim::UInt128& v) { return v.hi == 0 ? Json(v.lo) : Json(v.to_double()); }

Json location(const sim::SourceLocation& where) {
  return Json{{"file", where.file}, {"line", where.line}, {"column", where.column}};
}

Json metric_value(const sim::MetricValue& v) {
  return Json{{"estimate", number(v.estimate)},
              {"lo", number(v.interval.lo)},
              {"hi", number(v.interval.hi)},
              {"exact", v.exact},
              {"defined", v.defined}};
}

std::string_view better(sim::Better b) { return b == sim::Better::Lower ? "lower" : "higher"; }

Json profile(const sim::Scenario& s) {
  Json fields = Json::object();
  for (const model::ProfileParameter& p : model::profile_parameters()) {
    fields[std::string(p.name)] =
        Json{{"value", s.session.profile.*p.field}, {"provenance", model::to_string(p.provenance)}};
  }
  return Json{{"name", s.profile_name}, {"parameters", fields}};
}

// A parameter's value typed for machines: a number, a boolean, or the name of a choice.
Json typed_value(const sim::StrategyParameter& p, const std::string& text) {
  switch (sim::parameter_type(p)) {
    case sim::ParameterType::Boolean: return text == "true";
    case sim::ParameterType::Choice: return text;
    case sim::ParameterType::Number: break;
  }
  const std::optional<double> v = sim::parse_decimal(text);
  if (!v) return text;
  // Whole numbers as JSON integers (3, not 3.0): attempts, milliseconds, bursts.
  if (std::floor(*v) == *v && std::fabs(*v) < 9007199254740992.0) return static_cast<std::int64_t>(*v);
  return number(*v);
}

Json strategy(const sim::StrategyConfig& c) {
  Json params = Json::object();
  Json values = Json::object();
  for (const sim::StrategyParameter& p : sim::strategy_parameters(c.kind)) {
    const std::string text = sim::parameter_value(c, p.name);
    params[std::string(p.name)] = text;
    values[std::string(p.name)] = typed_value(p, text);
  }
  Json out{{"kind", sim::to_string(c.kind)}, {"label", c.label()}, {"parameters", params}, {"values", values}};
  if (c.kind == sim::StrategyKind::Composed) {
    // A composed strategy's parameters are its components': each with its side and values.
    Json components = Json::array();
    for (const sim::ComponentConfig& k : c.composed) {
      Json kv = Json::object();
      for (const sim::ParamSpec& p : k.descriptor->params) {
        const std::string text = k.text(p.name);
        if (p.type == sim::ParamType::Boolean) {
          kv[std::string(p.name)] = text == "true";
        } else if (p.type == sim::ParamType::Number || p.type == sim::ParamType::Integer) {
          kv[std::string(p.name)] = typed_value(sim::StrategyParameter{p.name, p.unit, {}}, text);
        } else {
          kv[std::string(p.name)] = text;
        }
      }
      components.push_back(Json{{"component", std::string(k.descriptor->name)},
                                {"side", std::string(k.descriptor->side)},
                                {"values", kv}});
    }
    out["components"] = components;
  }
  return out;
}

Json overrides(const sim::Scenario& s) {
  Json out = Json::array();
  for (const auto& [name, value] : s.overrides) out.push_back(Json{{"name", name}, {"value", value}});
  return out;
}

Json assumptions(const sim::Scenario& s) {
  Json out = Json::array();
  for (const AssumedParameter& a : assumed_parameters(s)) {
    out.push_back(Json{{"name", a.parameter->name},
                       {"value", number(a.value)},
                       {"default", number(a.default_value)},
                       {"unit", a.parameter->unit},
                       {"group", a.parameter->group},
                       {"reasoning", a.parameter->source}});
  }
  return out;
}

// The parameters an environment file (`environment_file:`) set, each measured from its log.
Json measured(const sim::Scenario& s) {
  Json out = Json::array();
  for (const auto& [name, from] : s.measured) {
    const sim::EnvironmentParameter* p = sim::find_environment_parameter(name);
    out.push_back(Json{{"name", name}, {"value", number(s.session.env.*(p->field))}, {"measured_from", from}});
  }
  return out;
}

// The scenario's metrics: sim::metrics() on the Summary, or sim::center_metrics() on the
// CenterSummary of a center scenario.
Json metrics(const sim::ScenarioResult& r) {
  Json out = Json::object();
  for (const sim::MetricInfo& m : scenario_metrics(r)) {
    Json v = metric_value(scenario_metric(r, m.name));
    v["unit"] = m.unit;
    v["better"] = better(m.better);
    out[std::string(m.name)] = std::move(v);
  }
  return out;
}

Json expectation(const sim::ExpectationResult& r) {
  const sim::Expectation& e = r.expectation;
  return Json{{"text", e.text()},
              {"metric", e.metric},
              {"op", sim::to_string(e.op)},
              {"bound", number(e.bound)},
              {"confidence", number(e.confidence)},
              {"expect_fail", e.expect_fail},
              {"note", e.note},
              {"location", location(e.where)},
              {"estimate", number(r.value.estimate)},
              {"lo", number(r.value.interval.lo)},
              {"hi", number(r.value.interval.hi)},
              {"exact", r.value.exact},
              {"defined", r.value.defined},
              {"verdict", sim::to_string(r.verdict)},
              {"status", status_token(r.status)}};
}

// The ghost-duration histogram, coarsened for the report: 16 adjacent buckets of the in-memory
// histogram (128 per power of two) make one, so 8 per power of two (about 12 % wide) — enough
// for charts and comparisons, and a report of the whole suite stays small.
Json histogram(const sim::DurationHistogram& h) {
  constexpr std::size_t kGroup = 16;
  Json out = Json::array();
  if (h.count() == 0) return out;
  const std::size_t first = sim::DurationHistogram::bucket_index(h.min_us()) / kGroup * kGroup;
  const std::size_t last = sim::DurationHistogram::bucket_index(h.max_us());
  for (std::size_t g = first; g <= last; g += kGroup) {
    std::uint64_t n = 0;
    const std::size_t end = std::min(g + kGroup - 1, sim::DurationHistogram::kBucketCount - 1);
    for (std::size_t i = g; i <= end; ++i) n += h.count_in_bucket(i);
    if (n == 0) continue;
    out.push_back(Json{{"lower_us", sim::DurationHistogram::bucket_lower_us(g)},
                       {"upper_us", sim::DurationHistogram::bucket_upper_us(end)},
                       {"count", n}});
  }
  return out;
}

Json counters(const sim::Summary& s) {
  return Json{{"sessions", s.sessions},
              {"agents_left", s.agents_left},
              {"ghost_sessions", s.ghost_sessions},
              {"ghost_at_horizon", s.ghost_at_horizon},
              {"spurious_offline_sessions", s.spurious_offline_sessions},
              {"offline_at_end", s.offline_at_end},
              {"budget_exceeded", s.budget_exceeded},
              {"sessions_with_unaccepted", s.sessions_with_unaccepted},
              {"unaccepted_events", s.unaccepted_events},
              {"contacts_offered_to_ghost", s.contacts_offered_to_ghost},
              {"contacts_missed_on_ghost", s.contacts_missed_on_ghost},
              {"contacts_dropped_by_strategy", s.contacts_dropped_by_strategy},
              {"setstate_sent", s.setstate_sent},
              {"put_user_status_sent", s.put_user_status_sent},
              {"backend_notifies_sent", s.backend_notifies_sent},
              {"dismiss_sent", s.dismiss_sent},
              {"heartbeats_sent", s.heartbeats_sent},
              {"sweeper_detections", s.sweeper_detections},
              {"api_failures_seen", s.api_failures_seen},
              {"throttled", s.throttled},
              {"requests_cancelled_at_teardown", s.requests_cancelled_at_teardown},
              {"retries_dropped_at_teardown", s.retries_dropped_at_teardown},
              {"sends_after_teardown", s.sends_after_teardown},
              {"dialogs_shown", s.dialogs_shown},
              {"events_processed", s.events_processed},
              {"ghost_us_sum", sum(s.ghost_us_sum)},
              {"customer_wait_added_us_sum", sum(s.customer_wait_added_us_sum)},
              {"spurious_offline_us_sum", sum(s.spurious_offline_us_sum)}};
}

Json by_kind(const std::array<std::uint64_t, sim::kCloseKindCount>& counts) {
  Json out = Json::object();
  for (const sim::CloseKindInfo& k : sim::close_kinds()) {
    out[std::string(k.name)] = counts[static_cast<std::size_t>(k.kind)];
  }
  return out;
}

Json center_spec_fields(const sim::CenterSpec& c);

// Shifts as a day: the keys appear only where a scenario uses them, so that a report of the
// scenarios without them is unchanged (the fields are added, never changed).
void add_day_fields(const sim::CenterSpec& c, Json& spec) {
  const sim::CenterSpec d;
  if (c.has_clock()) {
    const double burst_ms = c.burst_start_ms();
    spec["clock"] = Json{{"shift_start", sim::clock_text(c.shift_start_of_day_ms)},
                         {"shift_end", sim::clock_text(c.shift_start_of_day_ms + c.shift_ms)},
                         {"shift_start_of_day_ms", number(c.shift_start_of_day_ms)},
                         {"simulation_end", sim::clock_text(c.shift_start_of_day_ms + c.shift_ms + c.after_shift_ms)},
                         {"burst_start", c.close_pattern == sim::ClosePattern::Burst
                                             ? Json(sim::shift_time_text(c, burst_ms)) : Json(nullptr)},
                         {"burst_end", c.close_pattern == sim::ClosePattern::Burst
                                           ? Json(sim::shift_time_text(c, burst_ms + c.burst_spread_ms))
                                           : Json(nullptr)}};
  }
  if (c.incoming_login_spread_ms != d.incoming_login_spread_ms) {
    spec["incoming_login_spread_ms"] = number(c.incoming_login_spread_ms);
  }
  if (c.breaks_per_agent != d.breaks_per_agent) {
    spec["breaks_per_agent"] = c.breaks_per_agent;
    spec["break_duration_min_ms"] = number(c.break_duration_min_ms);
    spec["break_duration_max_ms"] = number(c.break_duration_max_ms);
    spec["break_window"] = c.break_window;
  }
  if (c.contact_rate_after_shift_per_min != d.contact_rate_after_shift_per_min) {
    spec["contact_rate_after_shift_per_min"] = number(c.contact_rate_after_shift_per_min);
  }
}

Json center_spec(const sim::CenterSpec& c) {
  Json spec = center_spec_fields(c);
  add_day_fields(c, spec);
  return spec;
}

Json center_spec_fields(const sim::CenterSpec& c) {
  return Json{{"agents", c.agents},
              {"incoming_agents", c.incoming_agents},
              {"shift_ms", number(c.shift_ms)},
              {"contact_rate_per_min", number(c.contact_rate_per_min)},
              {"close_pattern", sim::to_string(c.close_pattern)},
              {"burst_at_ms", number(c.burst_at_ms)},
              {"burst_start_ms", number(c.burst_start_ms())},
              {"burst_spread_ms", number(c.burst_spread_ms)},
              {"after_shift_ms", number(c.after_shift_ms)},
              {"warmup_ms", number(c.warmup_ms)}};
}

Json center_counters(const sim::CenterSummary& c) {
  return Json{{"shifts", c.shifts},
              {"agents", c.agents},
              {"closes", c.closes},
              {"ghost_agents", c.ghost_agents},
              {"ghosts_at_end", c.ghosts_at_end},
              {"contacts_arrived", c.contacts_arrived},
              {"contacts_answered", c.contacts_answered},
              {"contacts_unserved", c.contacts_unserved},
              {"contacts_offered_to_ghosts", c.contacts_offered_to_ghosts},
              {"contacts_missed_on_ghosts", c.contacts_missed_on_ghosts},
              {"contacts_missed", c.contacts_missed},
              {"waits_measured", c.waits_measured},
              {"waits_rang_on_ghosts", c.waits_rang_on_ghosts},
              {"setstate_sent", c.setstate_sent},
              {"put_user_status_sent", c.put_user_status_sent},
              {"dismiss_sent", c.dismiss_sent},
              {"backend_notifies_sent", c.backend_notifies_sent},
              {"throttled", c.throttled},
              {"tokens_granted", c.tokens_granted},
              {"bucket_violations", c.bucket_violations},
              {"spurious_offline_agents", c.spurious_offline_agents},
              {"unaccepted_events", c.unaccepted_events},
              {"budget_exceeded_shifts", c.budget_exceeded_shifts},
              {"shifts_with_waits", c.shifts_with_waits},
              {"shifts_with_ghost_rings", c.shifts_with_ghost_rings},
              {"shifts_with_clear_time", c.shifts_with_clear_time},
              {"shifts_clear_censored", c.shifts_clear_censored}};
}

Json center_counters(const sim::CenterSummary& c, const sim::CenterSpec& spec) {
  Json out = center_counters(c);
  if (spec.breaks_per_agent > 0) {
    out["break_closes"] = c.break_closes;
    out["break_ghosts"] = c.break_ghosts;
  }
  return out;
}

// A center scenario's own record (null for a single-agent scenario).
Json center(const sim::ScenarioResult& r) {
  if (!r.scenario.center) return Json(nullptr);
  const sim::CenterSummary empty;
  const sim::CenterSummary& c = r.center ? *r.center : empty;
  return Json{{"spec", center_spec(*r.scenario.center)},
              {"shifts", c.shifts},
              {"counters", center_counters(c, *r.scenario.center)},
              {"metrics", metrics(r)}};
}

Json optional_name(bool present, std::string_view name) { return present ? Json(name) : Json(nullptr); }

Json scenario(const sim::ScenarioResult& r) {
  const sim::Scenario& s = r.scenario;
  const sim::SessionSpec& spec = s.session;
  Json expectations = Json::array();
  for (const sim::ExpectationResult& e : r.expectations) expectations.push_back(expectation(e));
  return Json{{"name", s.name},
              {"description", s.description},
              {"tags", s.tags},
              {"location", location(s.where)},
              {"seed", s.seed},
              {"sessions_run", r.sessions_run},
              {"sampling_rounds", r.sampling_rounds},
              {"first_batch", s.sessions},
              {"max_sessions", s.max_sessions},
              {"status", status_token(r.status())},
              {"profile", profile(s)},
              {"strategy", strategy(spec.strategy)},
              {"close_kind", optional_name(spec.close_kind.has_value(),
                                           spec.close_kind ? sim::to_string(*spec.close_kind) : "")},
              {"pre_close", optional_name(spec.pre_close.has_value(),
                                          spec.pre_close ? sim::to_string(*spec.pre_close) : "")},
              {"overrides", overrides(s)},
              {"assumptions", assumptions(s)},
              {"measured", measured(s)},
              {"metrics", metrics(r)},
              {"expectations", expectations},
              {"ghost_duration_histogram", histogram(r.summary.ghost_durations)},
              {"counters", counters(r.summary)},
              {"closes_by_kind", by_kind(r.summary.closes_by_kind)},
              {"ghosts_by_kind", by_kind(r.summary.ghosts_by_kind)},
              {"center", center(r)}};
}

Json totals(const sim::SuiteResult& result) {
  const StatusCounts n = count_statuses(result);
  Json scenarios = Json::object();
  Json expectations = Json::object();
  for (std::size_t i = 0; i < kAllStatuses.size(); ++i) {
    scenarios[std::string(status_token(kAllStatuses[i]))] = n.scenarios[i];
    expectations[std::string(status_token(kAllStatuses[i]))] = n.expectations[i];
  }
  return Json{{"scenarios", result.scenarios.size()},
              {"expectations", n.expectation_total},
              {"scenarios_by_status", scenarios},
              {"expectations_by_status", expectations}};
}

// The baseline gate (null without --baseline).
Json baseline_json(const sim::SuiteResult& result) {
  if (!result.baseline) return Json(nullptr);
  const sim::BaselineCheck& b = *result.baseline;
  Json regressions = Json::array();
  for (const sim::BaselineRegression& r : b.regressions) {
    regressions.push_back(Json{{"scenario", r.scenario},
                               {"metric", r.metric},
                               {"before", Json{{"estimate", number(r.before_estimate)},
                                               {"lo", number(r.before_lo)},
                                               {"hi", number(r.before_hi)},
                                               {"exact", r.before_exact}}},
                               {"after", Json{{"estimate", number(r.after.estimate)},
                                              {"lo", number(r.after.interval.lo)},
                                              {"hi", number(r.after.interval.hi)},
                                              {"exact", r.after.exact}}},
                               {"explanation", r.explanation}});
  }
  return Json{{"file", b.file},
              {"status", b.failed() ? "failed" : "passed"},
              {"allow_missing", b.allow_missing},
              {"confidence", b.confidence},
              {"compared_metrics", b.compared_metrics},
              {"compared_scenarios", b.compared_scenarios},
              {"regressions", regressions},
              {"missing", b.missing},
              {"not_compared", b.not_compared},
              {"changed", b.changed}};
}

}  // namespace

namespace detail {

nlohmann::json scenario_record(const sim::ScenarioResult& r) {
  // The report's record keeps its key order; a baseline is read unordered: one type for both.
  return nlohmann::json::parse(scenario(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::map<std::string, std::string> scenario_settings(const nlohmann::json& record) {
  using Json = nlohmann::json;
  std::map<std::string, std::string> out;
  if (!record.is_object()) return out;
  const auto text = [](const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  const auto at = [&](const char* key) -> const Json* {
    const auto it = record.find(key);
    return it == record.end() ? nullptr : &*it;
  };
  if (const Json* p = at("profile"); p != nullptr && p->is_object()) {
    if (p->contains("name")) out["profile"] = text((*p)["name"]);
    if (p->contains("parameters") && (*p)["parameters"].is_object()) {
      for (const auto& [name, v] : (*p)["parameters"].items()) {
        if (v.is_object() && v.contains("value")) out["profile." + name] = text(v["value"]);
      }
    }
  }
  if (const Json* st = at("strategy"); st != nullptr && st->is_object()) {
    if (st->contains("kind")) out["strategy"] = text((*st)["kind"]);
    if (st->contains("parameters") && (*st)["parameters"].is_object()) {
      for (const auto& [name, v] : (*st)["parameters"].items()) out["strategy." + name] = text(v);
    }
  }
  for (const char* key : {"close_kind", "pre_close", "seed", "first_batch", "max_sessions"}) {
    if (const Json* v = at(key); v != nullptr && !v->is_null()) out[key] = text(*v);
  }
  if (const Json* a = at("assumptions"); a != nullptr && a->is_array()) {
    for (const Json& e : *a) {
      if (e.is_object() && e.contains("name") && e.contains("value")) {
        out["environment." + text(e["name"])] = text(e["value"]);
      }
    }
  }
  if (const Json* o = at("overrides"); o != nullptr && o->is_array()) {
    for (const Json& e : *o) {
      if (e.is_object() && e.contains("name") && e.contains("value")) out[text(e["name"])] = text(e["value"]);
    }
  }
  if (const Json* c = at("center"); c != nullptr && c->is_object() && c->contains("spec") &&
                                    (*c)["spec"].is_object()) {
    for (const auto& [name, v] : (*c)["spec"].items()) out["center." + name] = text(v);
  }
  return out;
}

}  // namespace detail

std::string render_json(const sim::SuiteResult& result) {
  Json scenarios = Json::array();
  for (const sim::ScenarioResult& r : result.scenarios) scenarios.push_back(scenario(r));
  const Json doc{{"schema", kReportSchema},
                 {"suite", result.name},
                 {"command", result.command},
                 {"seed_override", result.seed_override},
                 {"report_confidence", result.report_confidence},
                 {"exit_code", sim::suite_exit_code(result)},
                 {"totals", totals(result)},
                 {"baseline", baseline_json(result)},
                 {"scenarios", scenarios}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace agentsim::reports
