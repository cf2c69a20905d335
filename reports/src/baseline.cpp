#include "agentsim/reports/baseline.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "agentsim/reports/json_report.h"
#include "agentsim/reports/terminal_report.h"
#include "scenario_settings.h"

namespace agentsim::reports {

namespace {

using Json = nlohmann::json;

// Reads a number that the writer may have written as null (non-finite).
bool read_number(const Json& object, const char* key, double if_null, double& out) {
  const auto it = object.find(key);
  if (it == object.end()) return false;
  if (it->is_null()) {
    out = if_null;
    return true;
  }
  if (!it->is_number()) return false;
  out = it->get<double>();
  return true;
}

bool read_bool(const Json& object, const char* key, bool& out) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_boolean()) return false;
  out = it->get<bool>();
  return true;
}

// One "metrics" entry; an error sentence, or empty.
std::string read_metric(const Json& j, BaselineMetric& m) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (!j.is_object()) return "not an object";
  if (!read_number(j, "estimate", std::numeric_limits<double>::quiet_NaN(), m.estimate)) {
    return "missing \"estimate\"";
  }
  if (!read_number(j, "lo", -kInf, m.lo)) return "missing \"lo\"";
  if (!read_number(j, "hi", kInf, m.hi)) return "missing \"hi\"";
  if (!read_bool(j, "exact", m.exact)) return "missing \"exact\"";
  if (!read_bool(j, "defined", m.defined)) return "missing \"defined\"";
  if (std::isnan(m.estimate)) m.defined = false;
  return {};
}

// One element of "scenarios"; an error sentence, or empty.
std::string read_scenario(const Json& j, std::size_t index, Baseline& out) {
  if (!j.is_object()) return fmt::format("scenario {}: not an object", index + 1);
  const auto name = j.find("name");
  if (name == j.end() || !name->is_string()) return fmt::format("scenario {}: missing \"name\"", index + 1);
  const std::string scenario = name->get<std::string>();
  if (out.metrics.count(scenario) != 0) return fmt::format("duplicate scenario \"{}\"", scenario);
  const auto metrics = j.find("metrics");
  if (metrics == j.end() || !metrics->is_object()) {
    return fmt::format("scenario \"{}\": missing \"metrics\"", scenario);
  }
  auto& into = out.metrics[scenario];
  for (const auto& [metric, value] : metrics->items()) {
    BaselineMetric m;
    const std::string problem = read_metric(value, m);
    if (!problem.empty()) return fmt::format("scenario \"{}\": metric \"{}\": {}", scenario, metric, problem);
    into[metric] = m;
  }
  const auto sessions = j.find("sessions_run");
  if (sessions != j.end() && sessions->is_number_unsigned()) {
    out.sessions_run[scenario] = sessions->get<std::uint64_t>();
  }
  out.settings[scenario] = detail::scenario_settings(j);
  return {};
}

std::optional<Baseline> parse_document(const Json& doc, std::string& error) {
  if (!doc.is_object()) {
    error = "the top level is not an object";
    return std::nullopt;
  }
  const auto schema = doc.find("schema");
  if (schema == doc.end() || !schema->is_string()) {
    error = "missing \"schema\" (not an agentsim JSON report?)";
    return std::nullopt;
  }
  Baseline out;
  out.schema = schema->get<std::string>();
  if (out.schema != kReportSchema) {
    error = fmt::format("unsupported schema \"{}\" (expected {})", out.schema, kReportSchema);
    return std::nullopt;
  }
  if (const auto c = doc.find("report_confidence"); c != doc.end()) {
    if (!c->is_number() || !(c->get<double>() >= sim::kMinConfidence && c->get<double>() <= sim::kMaxConfidence)) {
      error = fmt::format("\"report_confidence\" must be a number from {} to {}", sim::kMinConfidence,
                          sim::kMaxConfidence);
      return std::nullopt;
    }
    out.confidence = c->get<double>();
  }
  const auto scenarios = doc.find("scenarios");
  if (scenarios == doc.end() || !scenarios->is_array()) {
    error = "missing or invalid \"scenarios\" (expected an array)";
    return std::nullopt;
  }
  for (std::size_t i = 0; i < scenarios->size(); ++i) {
    std::string problem = read_scenario((*scenarios)[i], i, out);
    if (!problem.empty()) {
      error = std::move(problem);
      return std::nullopt;
    }
  }
  return out;
}

bool worse_exact(sim::Better better, double before, double after) {
  return better == sim::Better::Lower ? after > before : after < before;
}

bool worse_beyond_noise(sim::Better better, const BaselineMetric& before, const sim::MetricValue& after) {
  return better == sim::Better::Lower ? after.interval.lo > before.hi : after.interval.hi < before.lo;
}

// Exact metrics compare only between runs of the same size (unknown size: assumed the same).
bool same_size(const Baseline& baseline, const sim::ScenarioResult& r) {
  const auto it = baseline.sessions_run.find(r.scenario.name);
  return it == baseline.sessions_run.end() || it->second == r.sessions_run;
}

std::string sessions_text(const Baseline& baseline, const sim::ScenarioResult& r) {
  const auto it = baseline.sessions_run.find(r.scenario.name);
  const std::string before = it == baseline.sessions_run.end() ? "?" : std::to_string(it->second);
  return fmt::format("baseline {} {}, now {}", before, r.scenario.center ? "shifts" : "sessions", r.sessions_run);
}

std::string explain(const sim::MetricInfo& info, const BaselineMetric& before, const sim::MetricValue& after,
                    const std::string& sessions, double confidence) {
  const std::string_view verb = info.better == sim::Better::Lower ? "rose" : "fell";
  if (before.exact || after.exact) {
    return fmt::format("{} {} from {} to {} (exact values; {})", info.name, verb,
                       format_metric_number(info.name, before.estimate),
                       format_metric_number(info.name, after.estimate), sessions);
  }
  sim::MetricValue was;
  was.estimate = before.estimate;
  was.interval = {before.lo, before.hi};
  return fmt::format("{} {} from {} to {}: the {} intervals no longer overlap ({} is better; {})",
                     info.name, verb, format_metric_value(info.name, was),
                     format_metric_value(info.name, after), confidence_label(confidence),
                     info.better == sim::Better::Lower ? "lower" : "higher", sessions);
}

}  // namespace

std::optional<Baseline> parse_baseline(std::string_view json_text, std::string& error) {
  // nlohmann's parser does not recurse, but its dump() does (scenario_settings prints values
  // with it): a document nested a million levels deep overflowed the stack. The parse stops at
  // the first collection nested deeper than the limit.
  struct TooDeep {};
  const auto limit_depth = [](int depth, Json::parse_event_t event, Json&) {
    const bool opens = event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start;
    if (opens && depth >= kMaxBaselineDepth) throw TooDeep{};
    return true;
  };
  Json doc;
  try {
    doc = Json::parse(json_text.begin(), json_text.end(), limit_depth);
  } catch (const Json::parse_error& e) {
    error = fmt::format("not JSON: {}", e.what());
    return std::nullopt;
  } catch (const Json::exception& e) {
    // A number no double holds ("1e400": out_of_range.406), and whatever else the parser refuses
    // that is not a syntax error: still a file that is not a report, never an internal error.
    error = fmt::format("not a valid JSON report: {}", e.what());
    return std::nullopt;
  } catch (const TooDeep&) {
    error = fmt::format("nested deeper than {} levels: not an agentsim report", kMaxBaselineDepth);
    return std::nullopt;
  }
  return parse_document(doc, error);
}

// The exact metrics that count simulator defects: they gate (any other count or maximum moves
// with sampling noise). Single-agent and center metrics alike.
static bool is_defect_counter(std::string_view metric) {
  return metric == "unaccepted_events" || metric == "sends_after_teardown" ||
         metric == "budget_exceeded_sessions" || metric == "bucket_violations" ||
         metric == "budget_exceeded_shifts";
}

std::vector<Regression> find_regressions(const sim::SuiteResult& result, const Baseline& baseline) {
  std::vector<Regression> out;
  for (const sim::BaselineRegression& r : compare_with_baseline(result, baseline, "", true).regressions) {
    BaselineMetric before;
    before.estimate = r.before_estimate;
    before.lo = r.before_lo;
    before.hi = r.before_hi;
    before.exact = r.before_exact;
    out.push_back({r.scenario, r.metric, before, r.after, r.explanation});
  }
  return out;
}

namespace {

// One thing the comparison could not do: on one side only (a mismatch), or present on both
// sides but not comparable.
struct Note {
  bool missing;
  std::string text;
};

std::vector<Note> notes_of(const sim::SuiteResult& result, const Baseline& baseline) {
  std::vector<Note> out;
  std::set<std::string> in_run;
  for (const sim::ScenarioResult& r : result.scenarios) {
    in_run.insert(r.scenario.name);
    if (baseline.metrics.count(r.scenario.name) == 0) {
      out.push_back({true, fmt::format("scenario \"{}\" is not in the baseline: not compared", r.scenario.name)});
    }
  }
  for (const auto& entry : baseline.metrics) {
    if (in_run.count(entry.first) == 0) {
      out.push_back({true, fmt::format("scenario \"{}\" of the baseline did not run: not compared", entry.first)});
    }
  }
  for (const sim::ScenarioResult& r : result.scenarios) {
    const auto scenario = baseline.metrics.find(r.scenario.name);
    if (scenario == baseline.metrics.end()) continue;
    const auto& recorded = scenario->second;
    if (!same_size(baseline, r)) {
      out.push_back({false, fmt::format("scenario \"{}\": exact metrics (counts, maxima) not compared: {}",
                                        r.scenario.name, sessions_text(baseline, r))});
    }
    const std::vector<sim::MetricInfo>& known = scenario_metrics(r);
    for (const sim::MetricInfo& info : known) {
      const auto found = recorded.find(std::string(info.name));
      if (found == recorded.end()) {
        out.push_back({true, fmt::format("scenario \"{}\": metric {} is not in the baseline: not compared",
                                         r.scenario.name, info.name)});
        continue;
      }
      const bool now = scenario_metric(r, info.name, baseline.confidence).defined;
      if (found->second.defined != now) {
        out.push_back({false, fmt::format("scenario \"{}\": metric {} is undefined {}: not compared",
                                          r.scenario.name, info.name, now ? "in the baseline" : "in this run")});
      }
    }
    for (const auto& entry : recorded) {
      const bool of_this_kind = std::any_of(known.begin(), known.end(), [&](const sim::MetricInfo& m) {
        return m.name == entry.first;
      });
      if (of_this_kind) continue;
      if (find_any_metric(entry.first) == nullptr) {
        out.push_back({true, fmt::format("scenario \"{}\": baseline metric {} is unknown to this agentsim: "
                                         "not compared",
                                         r.scenario.name, entry.first)});
      } else {
        // A scenario that changed kind (single agent <-> center) under the same name.
        out.push_back({true, fmt::format("scenario \"{}\": baseline metric {} is not a metric of a {} "
                                         "scenario: not compared",
                                         r.scenario.name, entry.first,
                                         r.scenario.center ? "center" : "single-agent")});
      }
    }
  }
  return out;
}

// "strategy.max_attempts: 3 -> 4" for each setting of the scenario that differs from the
// baseline's record of it (or is on one side only).
std::vector<std::string> changed_settings(const sim::ScenarioResult& r, const Baseline& baseline) {
  std::vector<std::string> out;
  const auto before_it = baseline.settings.find(r.scenario.name);
  if (before_it == baseline.settings.end()) return out;
  const std::map<std::string, std::string>& before = before_it->second;
  const std::map<std::string, std::string> now = detail::scenario_settings(detail::scenario_record(r));
  for (const auto& [key, value] : now) {
    const auto b = before.find(key);
    if (b == before.end()) {
      out.push_back(fmt::format("{}: (not in the baseline) -> {}", key, value));
    } else if (b->second != value) {
      out.push_back(fmt::format("{}: {} -> {}", key, b->second, value));
    }
  }
  for (const auto& [key, value] : before) {
    if (now.count(key) == 0) out.push_back(fmt::format("{}: {} -> (not set)", key, value));
  }
  return out;
}

}  // namespace

std::vector<std::string> baseline_notes(const sim::SuiteResult& result, const Baseline& baseline) {
  std::vector<std::string> out;
  for (const Note& n : notes_of(result, baseline)) out.push_back(n.text);
  return out;
}

sim::BaselineCheck compare_with_baseline(const sim::SuiteResult& result, const Baseline& baseline,
                                         const std::string& file, bool allow_missing) {
  sim::BaselineCheck check;
  check.file = file;
  check.allow_missing = allow_missing;
  check.confidence = baseline.confidence;
  std::map<std::string, std::vector<std::string>> changes;
  for (const sim::ScenarioResult& r : result.scenarios) {
    const auto scenario = baseline.metrics.find(r.scenario.name);
    if (scenario == baseline.metrics.end()) continue;
    std::size_t compared_here = 0;
    for (const sim::MetricInfo& info : scenario_metrics(r)) {
      const auto found = scenario->second.find(std::string(info.name));
      if (found == scenario->second.end()) continue;
      const BaselineMetric& before = found->second;
      const sim::MetricValue after = scenario_metric(r, info.name, baseline.confidence);
      if (!before.defined || !after.defined) continue;
      const bool exact = before.exact || after.exact;
      // Of the exact metrics only the defect counters gate (see find_regressions).
      if (exact && !is_defect_counter(info.name)) continue;
      if (exact && !same_size(baseline, r)) continue;
      ++compared_here;
      const bool regressed = exact ? worse_exact(info.better, before.estimate, after.estimate)
                                   : worse_beyond_noise(info.better, before, after);
      if (!regressed) continue;
      if (changes.count(r.scenario.name) == 0) changes[r.scenario.name] = changed_settings(r, baseline);
      const std::vector<std::string>& changed = changes[r.scenario.name];
      std::string explanation = explain(info, before, after, sessions_text(baseline, r), baseline.confidence);
      if (changed.empty()) {
        explanation += "; the scenario's settings are unchanged";
      } else {
        std::string list;
        for (std::size_t i = 0; i < changed.size() && i < 6; ++i) list += (i ? "; " : "") + changed[i];
        if (changed.size() > 6) list += fmt::format("; and {} more", changed.size() - 6);
        explanation += "; changed since the baseline: " + list;
      }
      sim::BaselineRegression reg;
      reg.scenario = r.scenario.name;
      reg.metric = std::string(info.name);
      reg.before_estimate = before.estimate;
      reg.before_lo = before.lo;
      reg.before_hi = before.hi;
      reg.before_exact = before.exact;
      reg.after = after;
      reg.explanation = std::move(explanation);
      check.regressions.push_back(std::move(reg));
    }
    check.compared_metrics += compared_here;
    if (compared_here > 0) ++check.compared_scenarios;
    for (const std::string& c : changed_settings(r, baseline)) {
      check.changed.push_back(fmt::format("{}: {}", r.scenario.name, c));
    }
  }
  for (const Note& n : notes_of(result, baseline)) {
    (n.missing ? check.missing : check.not_compared).push_back(n.text);
  }
  return check;
}

}  // namespace agentsim::reports
