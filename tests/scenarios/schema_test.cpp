// scenarios/scenario.schema.json, which editors use to complete and check scenario files, stays
// in step with the registries the loader reads: every enum and every environment parameter.
#include <gtest/gtest.h>

// GCC 12 reports a false -Wmaybe-uninitialized inside <regex>'s std::function when inlining
// under -fsanitize (GCC bug 105562); the warning concerns the library, not this file.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "agentsim/model/profile.h"
#include "agentsim/sim/center.h"
#include "agentsim/sim/claim_fields.h"
#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/environment.h"
#include "agentsim/sim/metrics.h"
#include "agentsim/sim/schedule_fields.h"
#include "agentsim/sim/strategy.h"
#include "scenario_fixtures.h"
#include "schema_generator.h"

namespace agentsim::scenarios {
namespace {

using Json = nlohmann::json;
using Names = std::set<std::string>;

const char* const kRegenerate =
    "the schema is out of step with the registries: refresh it with AGENTSIM_UPDATE_SCHEMA=1 "
    "build/agentsim_scenarios_tests --gtest_filter='SchemaFile.*' (see schema_generator.h)";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// "line N: <committed> | <generated>" for the first line that differs.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(sa, la));
    const bool more_b = static_cast<bool>(std::getline(sb, lb));
    if (!more_a && !more_b) return "no difference";
    if (la != lb || more_a != more_b) {
      return "line " + std::to_string(line) + ":\n  committed: " + (more_a ? la : "<end>") +
             "\n  generated: " + (more_b ? lb : "<end>");
    }
  }
}

class Schema : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::ifstream in(testing::source_path("scenarios/scenario.schema.json"));
    schema_ = Json::parse(in);
  }
  static const Json& definition(const std::string& name) {
    return schema_.at("definitions").at(name);
  }
  static Names enum_of(const std::string& name) { return definition(name).at("enum").get<Names>(); }
  static Names keys_of(const Json& object) {
    Names names;
    for (auto it = object.begin(); it != object.end(); ++it) names.insert(it.key());
    return names;
  }
  static Json schema_;
};
Json Schema::schema_;

TEST(SchemaFile, is_the_schema_generated_from_the_registries) {
  const std::string path = testing::source_path("scenarios/scenario.schema.json");
  const std::string generated = testing::scenario_schema_text();
  if (std::getenv("AGENTSIM_UPDATE_SCHEMA") != nullptr) {
    testing::write_file(path, generated);
    GTEST_SKIP() << "rewrote " << path;
  }
  const std::string committed = read_text(path);
  EXPECT_TRUE(committed == generated) << kRegenerate << "\n"
                                      << first_difference(committed, generated);
}

TEST_F(Schema, is_draft_07_and_accepts_a_suite_or_a_single_scenario) {
  EXPECT_EQ(schema_.at("$schema"), "http://json-schema.org/draft-07/schema#");
  EXPECT_EQ(schema_.at("oneOf").size(), 2u);
  EXPECT_EQ(definition("suite").at("required"), Json::array({"scenarios"}));
  EXPECT_EQ(definition("scenario").at("required"), Json::array({"name"}));
  EXPECT_EQ(definition("suite").at("properties").at("scenarios").at("maxItems"),
            kMaxScenariosPerFile);
}

TEST_F(Schema, lists_every_key_of_a_scenario_and_of_defaults) {
  const Names scenario = {
      "name",     "description",  "tags",       "profile",   "profile_overrides",
      "strategy", "environment",  "close_kind", "pre_close", "horizon_ms",
      "sessions", "max_sessions", "seed",       "center",    "expect",
      "schedule", "claim", "environment_file", "sweep"};
  EXPECT_EQ(keys_of(definition("scenario").at("properties")), scenario);
  Names defaults = scenario;
  defaults.erase("name");
  defaults.erase("expect");
  defaults.erase("sweep");
  EXPECT_EQ(keys_of(definition("defaults").at("properties")), defaults);
  for (const char* d :
       {"scenario", "defaults", "suite", "environment", "profile_overrides", "strategy_mapping",
        "center", "schedule", "claim"}) {
    EXPECT_EQ(definition(d).at("additionalProperties"), false) << d;
  }
}

TEST_F(Schema, enumerates_the_profiles_strategies_close_kinds_pre_close_states_and_metrics) {
  Names profiles, strategies, close_kinds, pre_close, metrics;
  for (const model::PlatformProfile* p : model::builtin_profiles()) profiles.insert(p->name);
  for (sim::StrategyKind k : sim::all_strategy_kinds()) strategies.emplace(sim::to_string(k));
  for (const sim::CloseKindInfo& c : sim::close_kinds()) close_kinds.emplace(c.name);
  for (int i = 0; i < sim::kPreCloseCount; ++i)
    pre_close.emplace(sim::to_string(static_cast<sim::PreClose>(i)));
  for (const sim::MetricInfo& m : sim::metrics()) metrics.emplace(m.name);
  EXPECT_EQ(enum_of("profile"), profiles) << kRegenerate;
  EXPECT_EQ(enum_of("strategy_name"), strategies) << kRegenerate;
  EXPECT_EQ(enum_of("close_kind"), close_kinds) << kRegenerate;
  EXPECT_EQ(enum_of("pre_close"), pre_close) << kRegenerate;
  EXPECT_EQ(enum_of("metric"), metrics) << kRegenerate;
  Names center_metrics;
  for (const sim::MetricInfo& m : sim::center_metrics()) center_metrics.emplace(m.name);
  EXPECT_EQ(enum_of("center_metric"), center_metrics) << kRegenerate;
  EXPECT_EQ(enum_of("comparison"), (Names{"<", "<=", ">", ">="}));
}

TEST_F(Schema, describes_every_environment_parameter_with_its_bounds_and_default) {
  const Json& properties = definition("environment").at("properties");
  Names expected;
  for (const sim::EnvironmentParameter& p : sim::environment_parameters()) {
    const std::string name(p.name);
    expected.insert(name);
    if (!properties.contains(name)) continue;
    const Json& j = properties.at(name);
    SCOPED_TRACE(name);
    EXPECT_EQ(j.at("type"), "number");
    EXPECT_EQ(j.at("minimum").get<double>(), p.min_value) << kRegenerate;
    if (std::isfinite(p.max_value)) {
      EXPECT_EQ(j.at("maximum").get<double>(), p.max_value) << kRegenerate;
    } else {
      EXPECT_FALSE(j.contains("maximum")) << kRegenerate;
    }
    EXPECT_EQ(j.at("default").get<double>(), sim::default_value(p)) << kRegenerate;
    EXPECT_EQ(j.at("description"),
              std::string(p.description) + " Unit: " + std::string(p.unit) + ".")
        << kRegenerate;
  }
  EXPECT_EQ(keys_of(properties), expected) << kRegenerate;
  const Json& horizon = definition("scenario").at("properties").at("horizon_ms");
  const sim::EnvironmentParameter* h = sim::find_environment_parameter("horizon_after_close_ms");
  EXPECT_EQ(horizon.at("minimum").get<double>(), h->min_value);
  EXPECT_EQ(horizon.at("maximum").get<double>(), h->max_value);
}

TEST_F(Schema, lists_the_profile_overrides) {
  Names expected;
  for (const model::ProfileParameter& p : model::profile_parameters()) expected.emplace(p.name);
  const Json& properties = definition("profile_overrides").at("properties");
  EXPECT_EQ(keys_of(properties), expected) << kRegenerate;
  for (const auto& [name, j] : properties.items()) EXPECT_EQ(j.at("type"), "boolean") << name;
}

TEST_F(Schema, allows_each_strategy_exactly_its_own_parameters) {
  const Json& mapping = definition("strategy_mapping");
  Names all = {"name"};
  std::size_t checked = 0;
  for (sim::StrategyKind k : sim::all_strategy_kinds()) {
    Names own = {"name"};
    for (const sim::StrategyParameter& p : sim::strategy_parameters(k)) own.emplace(p.name);
    all.insert(own.begin(), own.end());
    for (const Json& rule : mapping.at("allOf")) {
      if (rule.at("if").at("properties").at("name").at("const") != sim::to_string(k)) continue;
      EXPECT_EQ(rule.at("then").at("propertyNames").at("enum").get<Names>(), own)
          << sim::to_string(k) << ": " << kRegenerate;
      ++checked;
    }
  }
  EXPECT_EQ(checked, sim::all_strategy_kinds().size()) << kRegenerate;
  EXPECT_EQ(keys_of(mapping.at("properties")), all) << kRegenerate;
}

TEST_F(Schema, describes_every_center_parameter_with_its_default) {
  const Json& center = definition("center");
  const Json& properties = center.at("properties");
  Names expected;
  const sim::CenterSpec defaults;
  for (const sim::CenterParameter& p : sim::center_parameters()) {
    const std::string name(p.name);
    expected.insert(name);
    SCOPED_TRACE(name);
    ASSERT_TRUE(properties.contains(name)) << kRegenerate;
    if (name == "shift" || name == "burst_at") {
      // Clock keys have no default: without them the shift has no time of day.
      EXPECT_FALSE(properties.at(name).contains("default"));
      EXPECT_EQ(sim::center_parameter_value(defaults, p.name), "");
      continue;
    }
    const Json& d = properties.at(name).at("default");
    EXPECT_EQ(d.is_string() ? d.get<std::string>()
                            : d.is_number_integer() ? std::to_string(d.get<std::int64_t>())
                                                    : Json(d).dump(),
              sim::center_parameter_value(defaults, p.name))
        << kRegenerate;
  }
  EXPECT_EQ(keys_of(properties), expected) << kRegenerate;
  EXPECT_EQ(properties.at("close_pattern").at("enum").get<Names>(),
            (Names{"none", "uniform", "burst"}));
  for (const char* bad : {"0", "10001"}) {
    sim::CenterSpec spec;
    EXPECT_TRUE(sim::set_center_parameter(spec, "agents", bad).has_value()) << bad;
  }
  for (const char* good : {"1", "10000"}) {
    sim::CenterSpec spec;
    EXPECT_FALSE(sim::set_center_parameter(spec, "agents", good).has_value()) << good;
  }
  EXPECT_EQ(properties.at("agents").at("minimum"), 1);
  EXPECT_EQ(properties.at("agents").at("maximum"), 10000);
  // incoming agents log in at a burst: the schema says so as the loader does.
  EXPECT_EQ(center.at("then").at("properties").at("close_pattern").at("const"), "burst");
}

TEST_F(Schema, lists_every_schedule_field_with_the_type_of_its_kind) {
  const Json& properties = definition("schedule").at("properties");
  Names expected;
  for (const sim::ScheduleField& f : sim::schedule_fields()) {
    const std::string key(f.key);
    expected.insert(key);
    SCOPED_TRACE(key);
    ASSERT_TRUE(properties.contains(key)) << kRegenerate;
    const Json& j = properties.at(key);
    switch (f.kind()) {
      case sim::ScheduleFieldKind::Duration:
        EXPECT_EQ(j.at("type"), "number");
        EXPECT_EQ(j.at("minimum"), 0);
        EXPECT_EQ(j.at("maximum").get<double>(), sim::kScheduleMsMax);
        break;
      case sim::ScheduleFieldKind::Flag: EXPECT_EQ(j.at("type"), "boolean"); break;
      case sim::ScheduleFieldKind::DurationList:
        EXPECT_EQ(j.at("items").at("type"), "number");
        break;
      case sim::ScheduleFieldKind::FlagList: EXPECT_EQ(j.at("items").at("type"), "boolean"); break;
      case sim::ScheduleFieldKind::ApiSteps:
        EXPECT_EQ(keys_of(j.at("items").at("properties")), (Names{"outcome", "latency_ms"}));
        EXPECT_EQ(j.at("items").at("properties").at("outcome").at("enum").get<Names>(),
                  (Names{"success", "5xx", "429", "timeout", "lost_response"}));
        break;
      case sim::ScheduleFieldKind::CloseKind:
        EXPECT_EQ(j.at("$ref"), "#/definitions/close_kind");
        break;
      case sim::ScheduleFieldKind::PreClose:
        EXPECT_EQ(j.at("$ref"), "#/definitions/pre_close");
        break;
    }
  }
  EXPECT_EQ(keys_of(properties), expected) << kRegenerate;
  EXPECT_EQ(definition("scenario").at("properties").at("schedule").at("$ref"),
            "#/definitions/schedule");
}

TEST_F(Schema, lists_every_claim_key_with_its_range) {
  const Json& properties = definition("claim").at("properties");
  Names expected;
  for (const sim::ClaimField& f : sim::claim_fields()) expected.emplace(f.key);
  EXPECT_EQ(keys_of(properties), expected) << kRegenerate;
  EXPECT_EQ(expected, (Names{"close_kinds", "pre_close", "max_api_failures", "max_latency_ms",
                             "min_unload_window_ms", "ghost_bound_ms", "max_api_calls",
                             "no_spurious_offline", "no_contact_offered_to_ghost"}));
  EXPECT_EQ(properties.at("close_kinds").at("items").at("$ref"), "#/definitions/close_kind");
  EXPECT_EQ(properties.at("close_kinds").at("uniqueItems"), true);
  EXPECT_EQ(properties.at("pre_close").at("items").at("$ref"), "#/definitions/pre_close");
  EXPECT_EQ(properties.at("max_api_failures").at("type"), "integer");
  EXPECT_EQ(properties.at("max_api_failures").at("maximum"), 1000);
  EXPECT_EQ(properties.at("max_api_calls").at("maximum"), 1000000);
  EXPECT_EQ(properties.at("max_latency_ms").at("exclusiveMinimum"), 0);
  EXPECT_EQ(properties.at("max_latency_ms").at("maximum"), 86400000);
  EXPECT_EQ(properties.at("min_unload_window_ms").at("maximum"), 60000);
  EXPECT_EQ(properties.at("ghost_bound_ms").at("maximum"), 604800000);
  EXPECT_EQ(properties.at("no_spurious_offline").at("type"), "boolean");
}

TEST_F(Schema, types_the_server_side_strategy_parameters_by_their_ranges) {
  const Json& properties = definition("strategy_mapping").at("properties");
  for (const sim::StrategyParameter& p : sim::server_side_parameters()) {
    EXPECT_TRUE(properties.contains(std::string(p.name))) << p.name << ": " << kRegenerate;
  }
  EXPECT_EQ(properties.at("server").at("enum").get<Names>(),
            (Names{"none", "heartbeat_sweeper", "event_stream_sweeper"}));
  EXPECT_EQ(properties.at("missed_contact").at("enum").get<Names>(),
            (Names{"none", "set_offline", "dismiss_then_offline", "auto_available"}));
  EXPECT_EQ(properties.at("recheck_before_send").at("type"), "boolean");
  EXPECT_EQ(properties.at("sweeper_rate_rps").at("type"), "number");
  EXPECT_EQ(properties.at("sweeper_rate_rps").at("minimum"), 0);
  // 0 is no pacing; any other rate is at least kMinSweeperRateRps.
  EXPECT_EQ(properties.at("sweeper_rate_rps").at("not").at("exclusiveMaximum"),
            sim::kMinSweeperRateRps);
  EXPECT_EQ(properties.at("sweeper_burst").at("minimum"), 1);
  EXPECT_EQ(properties.at("sweeper_max_attempts").at("type"), "integer");
  EXPECT_EQ(properties.at("sweeper_max_attempts").at("maximum"), 1000);
  EXPECT_EQ(properties.at("silence_timeout_ms").at("minimum"), 100);
  // The sweeper strategies are their own server side: they do not take `server`.
  for (const Json& rule : definition("strategy_mapping").at("allOf")) {
    const Names allowed = rule.at("then").at("propertyNames").at("enum").get<Names>();
    const std::string kind = rule.at("if").at("properties").at("name").at("const");
    const bool sweeper = kind == "heartbeat_sweeper" || kind == "event_stream_sweeper";
    EXPECT_EQ(allowed.count("server"), sweeper ? 0u : 1u) << kind;
    EXPECT_EQ(allowed.count("silence_timeout_ms"), 1u) << kind;
  }
}

TEST_F(Schema, the_expectation_pattern_accepts_every_metric_and_refuses_others) {
  // Checked by behaviour, not by rebuilding the pattern: editors use it to flag bad strings.
  const Json& forms = definition("expectation").at("oneOf");
  const std::regex pattern(forms.at(0).at("pattern").get<std::string>(), std::regex::ECMAScript);
  std::vector<sim::MetricInfo> every = sim::metrics();
  every.insert(every.end(), sim::center_metrics().begin(), sim::center_metrics().end());
  for (const sim::MetricInfo& m : every) {
    for (const std::string& text : {std::string(m.name) + " <= 0.5", std::string(m.name) + ">=1e-3 @ 99%",
                                    "  " + std::string(m.name) + " < .25 @0.95 "}) {
      EXPECT_TRUE(std::regex_match(text, pattern)) << text;
    }
  }
  for (const char* bad : {"ghost_rat <= 0.1", "ghost_rate == 0.1", "ghost_rate <= ", "ghost_rate <= 0.1 @",
                          "ghost_seconds_p95 <= 30", "<= 0.1 ghost_rate"}) {
    EXPECT_FALSE(std::regex_match(std::string(bad), pattern)) << bad;
  }
  EXPECT_EQ(forms.at(1).at("required"), Json::array({"metric", "op", "bound"}));
}

}  // namespace
}  // namespace agentsim::scenarios
