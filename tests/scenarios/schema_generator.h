// Generates scenarios/scenario.schema.json (JSON Schema draft-07) from the registries the loader
// reads. The schema test compares the committed file with this output; to refresh the file after
// a registry changed, run
//   AGENTSIM_UPDATE_SCHEMA=1 build/agentsim_scenarios_tests --gtest_filter='SchemaFile.*'
#pragma once

#include <cmath>
#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/model/profile.h"
#include "agentsim/sim/center.h"
#include "agentsim/sim/claim_fields.h"
#include "agentsim/sim/component.h"
#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/environment.h"
#include "agentsim/sim/metrics.h"
#include "agentsim/sim/monte_carlo.h"
#include "agentsim/sim/schedule_fields.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::scenarios::testing {

using OrderedJson = nlohmann::ordered_json;

inline std::string ref(const std::string& definition) { return "#/definitions/" + definition; }
inline OrderedJson ref_to(const std::string& definition) { return {{"$ref", ref(definition)}}; }

// Integral values as JSON integers ("60000", not "60000.0").
inline OrderedJson number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return static_cast<std::int64_t>(v);
  return v;
}

// The pattern of the string form "metric op bound [@ confidence]": a metric of either mode
// (which mode a scenario is in may come from its suite's defaults, so the loader checks that).
inline std::string expectation_pattern() {
  std::string alternatives;
  std::vector<std::string_view> seen;
  for (const auto* list : {&sim::metrics(), &sim::center_metrics()}) {
    for (const sim::MetricInfo& m : *list) {
      if (std::find(seen.begin(), seen.end(), m.name) != seen.end()) continue;
      seen.push_back(m.name);
      if (!alternatives.empty()) alternatives += "|";
      for (char c : m.name) {
        if (c == '.') alternatives += "\\";
        alternatives += c;
      }
    }
  }
  const std::string n = "[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?";
  return "^\\s*(" + alternatives + ")\\s*(<=|>=|<|>)\\s*" + n + "\\s*(@\\s*" + n + "\\s*%?\\s*)?$";
}

inline OrderedJson scenario_properties() {
  const sim::EnvironmentParameter& horizon =
      *sim::find_environment_parameter("horizon_after_close_ms");
  OrderedJson p;
  p["name"] = {{"type", "string"},
               {"minLength", 1},
               {"description", "The scenario's name, unique among the scenarios loaded together."}};
  p["description"] = {{"type", "string"},
                      {"description", "What the scenario shows (shown in reports)."}};
  p["tags"] = {{"type", "array"},
               {"items", {{"type", "string"}, {"minLength", 1}}},
               {"description", "Labels for reports and filtering."}};
  p["profile"] = ref_to("profile");
  p["profile_overrides"] = ref_to("profile_overrides");
  p["strategy"] = ref_to("strategy");
  p["environment"] = ref_to("environment");
  p["environment_file"] = {{"type", "string"},
                           {"minLength", 1},
                           {"description",
                            "An environment file (written by `agentsim conform`), relative to the "
                            "scenario file: its values override the defaults, `environment:` "
                            "overrides them; reports list them as measured from its log."}};
  p["close_kind"] = ref_to("close_kind");
  p["pre_close"] = ref_to("pre_close");
  p["horizon_ms"] = {{"type", "number"},
                     {"minimum", number(horizon.min_value)},
                     {"maximum", number(horizon.max_value)},
                     {"description",
                      "Another name for environment.horizon_after_close_ms: simulated time after "
                      "the close, in ms."}};
  p["sessions"] = {{"type", "integer"},
                   {"minimum", 1},
                   {"maximum", sim::kMaxSessions},
                   {"default", 20000},
                   {"description",
                    "Sessions of the first batch (in a center scenario, shifts: at most " +
                        std::to_string(sim::kMaxShifts) + ")."}};
  p["max_sessions"] = {{"type", "integer"},
                       {"minimum", 1},
                       {"maximum", sim::kMaxSessions},
                       {"description",
                        "Sequential sampling stops here; at least `sessions` (default: the larger "
                        "of 320000 and `sessions`; in a center scenario, shifts: at most " +
                            std::to_string(sim::kMaxShifts) + ")."}};
  p["seed"] = {{"type", "integer"},
               {"minimum", 0},
               {"maximum", UINT64_MAX},
               {"default", 1},
               {"description", "The seed of the scenario's random streams (unsigned 64-bit)."}};
  p["center"] = ref_to("center");
  p["schedule"] = ref_to("schedule");
  p["claim"] = ref_to("claim");
  p["sweep"] = {
      {"type", "object"},
      {"description",
       "Expands the scenario into points over strategy.*, environment.* and center.* parameters "
       "(docs/sweeps.md): each point runs on the scenario's seed, judged by its expectations."},
      {"properties",
       {{"zip", {{"type", "boolean"}, {"description", "Pair the axes value by value instead of crossing them."}}},
        {"axes",
         {{"type", "array"},
          {"minItems", 1},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"path", {{"type", "string"}, {"description", "strategy.NAME, environment.NAME or center.NAME"}}},
              {"values", {{"type", "array"}, {"minItems", 1}, {"maxItems", 1000}}},
              {"range",
               {{"type", "object"},
                {"properties", {{"from", {{"type", "number"}}}, {"to", {{"type", "number"}}}, {"step", {{"type", "number"}}}}},
                {"required", {"from", "to", "step"}},
                {"additionalProperties", false}}}}},
            {"required", {"path"}},
            {"additionalProperties", false}}}}}}},
      {"required", {"axes"}},
      {"additionalProperties", false}};
  p["expect"] = {
      {"type", "array"},
      {"items", ref_to("expectation")},
      {"description", "Expectations: `metric op bound [@ confidence]` strings or mappings."}};
  return p;
}

inline OrderedJson suite_definition() {
  return {
      {"type", "object"},
      {"description", "A suite of scenarios."},
      {"properties",
       {{"suite",
         {{"type", "string"},
          {"minLength", 1},
          {"description", "The suite's name (default: the file name without extension)."}}},
        {"description", {{"type", "string"}}},
        {"defaults", ref_to("defaults")},
        {"scenarios",
         {{"type", "array"}, {"minItems", 1}, {"maxItems", 1000}, {"items", ref_to("scenario")}}}}},
      {"required", {"scenarios"}},
      {"additionalProperties", false}};
}

// The range of a strategy parameter whose unit does not tell it (StrategyConfig::validate and
// RetryPolicy::validate); {lo, hi}.
inline std::pair<double, double> strategy_parameter_range(std::string_view name) {
  if (name == "sweep_period_ms" || name == "heartbeat_interval_ms") return {100, 3600000};
  if (name == "silence_timeout_ms") return {100, 86400000};
  if (name == "missed_reaction_delay_ms") return {0, 3600000};
  if (name == "sweeper_rate_rps") return {0, 1000000};
  if (name == "sweeper_burst") return {1, 1000000};
  if (name == "max_attempts" || name == "sweeper_max_attempts") return {1, 1000};
  if (name == "max_dialogs") return {1, 10};
  return {0, 86400000};  // durations
}

// A strategy parameter's type, read from its unit: "bool", "a|b|c", "ms", a rate, or a count.
inline OrderedJson strategy_parameter(const sim::StrategyParameter& p) {
  const std::string unit(p.unit);
  const auto [lo, hi] = strategy_parameter_range(p.name);
  OrderedJson j;
  if (unit == "bool") {
    j["type"] = "boolean";
  } else if (unit.find('|') != std::string::npos) {
    j["enum"] = OrderedJson::array();
    for (std::size_t from = 0, bar = 0; bar != std::string::npos; from = bar + 1) {
      bar = unit.find('|', from);
      j["enum"].push_back(unit.substr(from, bar == std::string::npos ? bar : bar - from));
    }
  } else if (p.name == "sweeper_rate_rps") {
    // 0 (no pacing), or a rate no slower than kMinSweeperRateRps (StrategyConfig::validate).
    j = {{"type", "number"},
         {"minimum", number(lo)},
         {"maximum", number(hi)},
         {"not", {{"exclusiveMinimum", 0}, {"exclusiveMaximum", sim::kMinSweeperRateRps}}}};
  } else if (unit == "ms" || unit == "requests/s" || unit == "requests") {
    j = {{"type", "number"}, {"minimum", number(lo)}, {"maximum", number(hi)}};
  } else {
    j = {{"type", "integer"}, {"minimum", number(lo)}, {"maximum", number(hi)}};
  }
  j["description"] = std::string(p.description);
  return j;
}

inline OrderedJson strategy_mapping_definition() {
  OrderedJson properties = {{"name", ref_to("strategy_name")}};
  OrderedJson rules = OrderedJson::array();
  for (sim::StrategyKind k : sim::all_strategy_kinds()) {
    OrderedJson names = {"name"};
    for (const sim::StrategyParameter& p : sim::strategy_parameters(k)) {
      names.push_back(std::string(p.name));
      if (!properties.contains(std::string(p.name)))
        properties[std::string(p.name)] = strategy_parameter(p);
    }
    rules.push_back({{"if",
                      {{"properties", {{"name", {{"const", std::string(sim::to_string(k))}}}}},
                       {"required", {"name"}}}},
                     {"then", {{"propertyNames", {{"enum", names}}}}}});
  }
  return {{"type", "object"},
          {"description",
           "A strategy and its parameters (each strategy accepts its own, and every one the "
           "server-side parameters: a sweeper beside it and a missed-contact reaction)."},
          {"properties", properties},
          {"additionalProperties", false},
          {"allOf", rules}};
}

// A component parameter's JSON type and bounds, from its typed table (component.h).
inline OrderedJson component_parameter(const sim::ParamSpec& p) {
  const std::string unit(p.unit);
  std::vector<std::string> choices;
  for (std::size_t from = 0, bar = 0; bar != std::string::npos; from = bar + 1) {
    bar = unit.find('|', from);
    choices.push_back(unit.substr(from, bar == std::string::npos ? bar : bar - from));
  }
  OrderedJson j;
  switch (p.type) {
    case sim::ParamType::Boolean: j["type"] = "boolean"; break;
    case sim::ParamType::Choice: j["enum"] = choices; break;
    case sim::ParamType::Set:
      j["type"] = "array";
      j["items"] = {{"enum", choices}};
      j["minItems"] = 1;
      j["uniqueItems"] = true;
      break;
    case sim::ParamType::Integer:
      j = {{"type", "integer"}, {"minimum", number(p.min)}, {"maximum", number(p.max)}};
      break;
    case sim::ParamType::Number:
      j = {{"type", "number"}, {"minimum", number(p.min)}, {"maximum", number(p.max)}};
      break;
  }
  j["description"] = std::string(p.description);
  return j;
}

inline bool is_retry_parameter(std::string_view name) {
  return name == "max_attempts" || name == "backoff" || name == "base_ms" || name == "cap_ms" ||
         name == "jitter" || name == "per_attempt_timeout_ms" || name == "overall_deadline_ms";
}

// `component: {parameters}` (or null for its defaults), with `retry:` for its retry policy.
inline OrderedJson component_parameters(const sim::ComponentDescriptor& d, bool with_on) {
  OrderedJson properties = OrderedJson::object();
  OrderedJson retry = OrderedJson::object();
  for (const sim::ParamSpec& p : d.params) {
    if (p.name == "on" && !with_on) continue;
    properties[std::string(p.name)] = component_parameter(p);
    if (is_retry_parameter(p.name)) retry[std::string(p.name)] = component_parameter(p);
  }
  if (!retry.empty()) {
    properties["retry"] = {{"type", "object"},
                           {"description", "The component's retry policy."},
                           {"properties", retry},
                           {"additionalProperties", false}};
  }
  return {{"type", {"object", "null"}},
          {"description", std::string(d.description)},
          {"properties", properties},
          {"additionalProperties", false}};
}

inline OrderedJson composed_side(std::string_view side) {
  OrderedJson items = OrderedJson::array();
  OrderedJson bare = OrderedJson::array();
  for (const sim::ComponentDescriptor* d : sim::components()) {
    if (d->side != side || d->name == "canary_setstate_available") continue;
    const std::string name(d->name);
    bare.push_back(name);
    items.push_back({{"type", "object"},
                     {"properties", {{name, component_parameters(*d, true)}}},
                     {"required", {name}},
                     {"additionalProperties", false}});
    if (side == "page" && d->param("on") != nullptr) {
      items.push_back(
          {{"type", "object"},
           {"description", "A page handler: its events (`on`) and the component it runs (`do`)."},
           {"properties",
            {{"on", component_parameter(*d->param("on"))},
             {"do",
              {{"type", "object"},
               {"properties", {{name, component_parameters(*d, false)}}},
               {"required", {name}},
               {"additionalProperties", false}}}}},
           {"required", {"do"}},
           {"additionalProperties", false}});
    }
  }
  items.push_back({{"enum", bare}, {"description", "A component with its defaults."}});
  return {{"type", "array"},
          {"maxItems", sim::kMaxComponents},
          {"description", "The " + std::string(side) + "'s components, in order."},
          {"items", {{"anyOf", items}}}};
}

// A strategy composed from components (docs/scenario-format.md, "Composed strategies").
inline OrderedJson composed_strategy_definition() {
  OrderedJson presets = OrderedJson::array();
  for (sim::StrategyKind k : sim::all_strategy_kinds()) presets.push_back(std::string(sim::to_string(k)));
  return {{"type", "object"},
          {"description",
           "A strategy composed from components: page handlers and backend reactions, each with "
           "its own parameters and retry policy."},
          {"properties",
           {{"name",
             {{"type", "string"},
              {"minLength", 1},
              {"not", {{"enum", presets}}},
              {"description", "A label of the composition (not a built-in strategy's name)."}}},
            {"page", composed_side("page")},
            {"backend", composed_side("backend")}}},
          {"anyOf", {{{"required", {"page"}}}, {{"required", {"backend"}}}}},
          {"additionalProperties", false}};
}

// A center parameter's JSON type and bounds (CenterSpec::validate and set_center_parameter).
inline OrderedJson center_parameter(const sim::CenterParameter& p, const sim::CenterSpec& d) {
  const std::string name(p.name);
  const std::string value = sim::center_parameter_value(d, p.name);
  OrderedJson j;
  // A time of day on a 24 h clock (sim::parse_clock_ms).
  const OrderedJson clock = {{"type", "string"},
                             {"pattern", "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"}};
  if (name == "close_pattern") {
    j["enum"] = {"none", "uniform", "burst"};
    j["default"] = value;
  } else if (name == "shift") {
    // No default: without it the shift has no clock (shift_ms gives its length).
    j = {{"type", "object"},
         {"properties", {{"start", clock}, {"end", clock}}},
         {"required", {"start", "end"}},
         {"additionalProperties", false}};
  } else if (name == "burst_at") {
    j = clock;
  } else if (name == "break_window") {
    j["enum"] = {"working_time"};
    j["default"] = value;
  } else if (name == "breaks_per_agent") {
    j = {{"type", "integer"}, {"minimum", 0}, {"maximum", sim::kBreaksPerAgentMax}};
    j["default"] = std::stoll(value);
  } else if (name == "break_duration_min_ms" || name == "break_duration_max_ms") {
    j = {{"type", "number"}, {"minimum", 60000}, {"maximum", 14400000}};
    j["default"] = number(std::stod(value));
  } else if (name == "agents" || name == "incoming_agents") {
    j = {{"type", "integer"}, {"minimum", name == "agents" ? 1 : 0}, {"maximum", 10000}};
    j["default"] = std::stoll(value);
  } else {
    j["type"] = "number";
    if (name != "burst_at_ms") j["minimum"] = name == "shift_ms" ? 1000 : 0;
    j["maximum"] = name == "contact_rate_per_min" || name == "contact_rate_after_shift_per_min" ? 100000 : 604800000;
    j["default"] = number(std::stod(value));
  }
  const bool no_unit = j.contains("enum") || name == "shift" || name == "burst_at";
  j["description"] = std::string(p.description) + (no_unit ? "" : " Unit: " + std::string(p.unit) + ".");
  return j;
}

inline OrderedJson center_definition() {
  const sim::CenterSpec defaults;
  OrderedJson properties;
  for (const sim::CenterParameter& p : sim::center_parameters()) {
    properties[std::string(p.name)] = center_parameter(p, defaults);
  }
  return {{"type", "object"},
          {"description",
           "Center mode: a whole contact center over a shift; every agent runs the scenario's "
           "strategy. `sessions` and `max_sessions` then count shifts, and the expectations "
           "bound center metrics. A shift's contacts, events and sweeper checks have limits "
           "(docs/scenario-format.md, Limits of a shift)."},
          {"properties", properties},
          {"additionalProperties", false},
          {"if",
           {{"properties", {{"incoming_agents", {{"exclusiveMinimum", 0}}}}},
            {"required", {"incoming_agents"}}}},
          {"then",
           {{"properties", {{"close_pattern", {{"const", "burst"}}}}},
            {"required", {"close_pattern"}}}}};
}

// `schedule:`, one property per row of sim::schedule_fields().
inline OrderedJson schedule_definition() {
  const OrderedJson ms = {
      {"type", "number"}, {"minimum", 0}, {"maximum", number(sim::kScheduleMsMax)}};
  OrderedJson outcomes = OrderedJson::array();
  for (std::string_view o : sim::api_outcome_keys()) outcomes.push_back(std::string(o));
  OrderedJson properties;
  for (const sim::ScheduleField& f : sim::schedule_fields()) {
    OrderedJson j;
    switch (f.kind()) {
      case sim::ScheduleFieldKind::Duration: j = ms; break;
      case sim::ScheduleFieldKind::Flag: j = {{"type", "boolean"}}; break;
      case sim::ScheduleFieldKind::DurationList: j = {{"type", "array"}, {"items", ms}}; break;
      case sim::ScheduleFieldKind::FlagList:
        j = {{"type", "array"}, {"items", {{"type", "boolean"}}}};
        break;
      case sim::ScheduleFieldKind::ApiSteps:
        j = {{"type", "array"},
             {"items",
              {{"type", "object"},
               {"properties",
                {{std::string(sim::kApiOutcomeKey), {{"enum", outcomes}}},
                 {std::string(sim::kApiLatencyKey), ms}}},
               {"additionalProperties", false}}}};
        break;
      case sim::ScheduleFieldKind::CloseKind: j = ref_to("close_kind"); break;
      case sim::ScheduleFieldKind::PreClose: j = ref_to("pre_close"); break;
    }
    std::string description(f.description);
    if (!f.after_list.empty()) {
      description += " Once the list runs out, " + std::string(f.after_list) + ".";
    }
    if (f.kind() == sim::ScheduleFieldKind::Duration ||
        f.kind() == sim::ScheduleFieldKind::DurationList) {
      description += " Unit: ms.";
    }
    j["description"] = description;
    properties[std::string(f.key)] = j;
  }
  return {{"type", "object"},
          {"description",
           "An exact session schedule, as `agentsim fuzz` writes for a counterexample: every "
           "session plays it instead of drawing (durations in ms; three decimals reach the "
           "microsecond). Not in a center scenario."},
          {"properties", properties},
          {"additionalProperties", false}};
}

// `claim:`, one property per row of sim::claim_fields().
inline OrderedJson claim_definition() {
  OrderedJson properties;
  for (const sim::ClaimField& f : sim::claim_fields()) {
    OrderedJson j;
    switch (f.kind()) {
      case sim::ClaimFieldKind::CloseKinds:
      case sim::ClaimFieldKind::PreCloses:
        j = {{"type", "array"},
             {"items",
              ref_to(f.kind() == sim::ClaimFieldKind::CloseKinds ? "close_kind" : "pre_close")},
             {"uniqueItems", true}};
        break;
      case sim::ClaimFieldKind::Count:
        j = {{"type", "integer"}, {"minimum", number(f.min)}, {"maximum", number(f.max)}};
        break;
      case sim::ClaimFieldKind::Duration:
        j = {{"type", "number"},
             {f.min_exclusive ? "exclusiveMinimum" : "minimum", number(f.min)},
             {"maximum", number(f.max)}};
        break;
      case sim::ClaimFieldKind::Flag: j = {{"type", "boolean"}}; break;
    }
    j["description"] = std::string(f.description) +
                       (f.kind() == sim::ClaimFieldKind::Duration ? " Unit: ms." : "");
    properties[std::string(f.key)] = j;
  }
  return {{"type", "object"},
          {"description",
           "What `agentsim fuzz` and `agentsim check` take the strategy to claim: each key "
           "replaces the strategy's default claim's (docs/fuzzing.md). Not in a center "
           "scenario."},
          {"properties", properties},
          {"additionalProperties", false}};
}

inline OrderedJson environment_definition() {
  OrderedJson properties;
  for (const sim::EnvironmentParameter& p : sim::environment_parameters()) {
    OrderedJson j = {{"type", "number"}, {"minimum", number(p.min_value)}};
    if (std::isfinite(p.max_value)) j["maximum"] = number(p.max_value);
    j["default"] = number(sim::default_value(p));
    j["description"] = std::string(p.description) + " Unit: " + std::string(p.unit) + ".";
    properties[std::string(p.name)] = j;
  }
  return {{"type", "object"},
          {"description", "Environment parameters to override (`agentsim list` shows them all)."},
          {"properties", properties},
          {"additionalProperties", false}};
}

inline OrderedJson expectation_definition() {
  const OrderedJson mapping = {
      {"type", "object"},
      {"properties",
       {{"metric", {{"anyOf", {ref_to("metric"), ref_to("center_metric")}}}},
        {"op", ref_to("comparison")},
        // Every metric is at least 0 (a proportion at most 1: the loader checks that per metric).
        {"bound", {{"type", "number"}, {"minimum", 0}}},
        {"confidence",
         {{"type", "number"}, {"minimum", 0.5}, {"maximum", 0.9999}, {"default", 0.95}}},
        {"expect_fail",
         {{"type", "boolean"},
          {"default", false},
          {"description", "The expectation is meant to fail (a known weakness)."}}},
        {"note", {{"type", "string"}, {"description", "Why (shown in reports)."}}}}},
      {"required", {"metric", "op", "bound"}},
      {"additionalProperties", false}};
  const OrderedJson text = {{"type", "string"},
                            {"pattern", expectation_pattern()},
                            {"description",
                             "metric op bound [@ confidence], e.g. `ghost_rate <= 0.001` or "
                             "`ghost_seconds.p95 <= 30 @ 99%`"}};
  return {{"oneOf", {text, mapping}}};
}

inline OrderedJson enums_definitions(OrderedJson defs) {
  OrderedJson profiles = OrderedJson::array(), kinds = OrderedJson::array();
  OrderedJson closes = OrderedJson::array(), pre = OrderedJson::array(),
              metrics = OrderedJson::array();
  for (const model::PlatformProfile* p : model::builtin_profiles()) profiles.push_back(p->name);
  for (sim::StrategyKind k : sim::all_strategy_kinds())
    kinds.push_back(std::string(sim::to_string(k)));
  for (const sim::CloseKindInfo& c : sim::close_kinds()) closes.push_back(std::string(c.name));
  for (int i = 0; i < sim::kPreCloseCount; ++i)
    pre.push_back(std::string(sim::to_string(static_cast<sim::PreClose>(i))));
  for (const sim::MetricInfo& m : sim::metrics()) metrics.push_back(std::string(m.name));
  OrderedJson center_metrics = OrderedJson::array();
  for (const sim::MetricInfo& m : sim::center_metrics()) {
    center_metrics.push_back(std::string(m.name));
  }
  OrderedJson overrides;
  for (const model::ProfileParameter& p : model::profile_parameters()) {
    overrides[std::string(p.name)] = {{"type", "boolean"},
                                      {"description", std::string(p.description)}};
  }
  defs["profile"] = {
      {"enum", profiles}, {"default", "ccp_v1"}, {"description", "The platform profile."}};
  defs["profile_overrides"] = {{"type", "object"},
                               {"description", "Fields of the profile to override."},
                               {"properties", overrides},
                               {"additionalProperties", false}};
  defs["strategy_name"] = {{"enum", kinds}, {"description", "The logout strategy under test."}};
  defs["strategy"] = {{"oneOf", {ref_to("strategy_name"), ref_to("strategy_mapping"), ref_to("composed_strategy")}},
                      {"default", "none"}};
  defs["strategy_mapping"] = strategy_mapping_definition();
  defs["composed_strategy"] = composed_strategy_definition();
  defs["environment"] = environment_definition();
  defs["close_kind"] = {
      {"enum", closes},
      {"description",
       "Fix how the session ends instead of drawing it from the environment's weights."}};
  defs["pre_close"] = {
      {"enum", pre},
      {"description", "Fix what the agent is doing at the close instead of drawing it."}};
  defs["center"] = center_definition();
  defs["schedule"] = schedule_definition();
  defs["claim"] = claim_definition();
  defs["metric"] = {{"enum", metrics},
                    {"description", "A metric of a single-agent scenario (one agent's sessions)."}};
  defs["center_metric"] = {
      {"enum", center_metrics},
      {"description", "A metric of a center scenario (per shift unless a count)."}};
  defs["comparison"] = {{"enum", {"<", "<=", ">", ">="}}};
  defs["expectation"] = expectation_definition();
  return defs;
}

inline OrderedJson scenario_schema() {
  OrderedJson defs;
  defs["suite"] = suite_definition();
  const OrderedJson properties = scenario_properties();
  defs["scenario"] = {{"type", "object"},
                      {"description", "One scenario."},
                      {"properties", properties},
                      {"required", {"name"}},
                      {"additionalProperties", false}};
  OrderedJson defaults = properties;
  defaults.erase("name");
  defaults.erase("expect");
  defaults.erase("sweep");
  defs["defaults"] = {{"type", "object"},
                      {"description",
                       "Keys merged into every scenario of the suite (the scenario wins; "
                       "environment, strategy parameters, profile_overrides, center and claim "
                       "merge key by key)."},
                      {"properties", defaults},
                      {"additionalProperties", false}};
  OrderedJson root;
  root["$schema"] = "http://json-schema.org/draft-07/schema#";
  root["title"] = "agentsim scenario file";
  root["description"] =
      "One scenario (a mapping with `name`) or a suite (a mapping with `scenarios`). The format is "
      "documented in docs/scenario-format.md.";
  root["oneOf"] = {ref_to("suite"), ref_to("scenario")};
  root["definitions"] = enums_definitions(defs);
  return root;
}

// The file's text: two-space indentation, a final newline.
inline std::string scenario_schema_text() { return scenario_schema().dump(2) + "\n"; }

}  // namespace agentsim::scenarios::testing
