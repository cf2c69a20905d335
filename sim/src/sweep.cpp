#include "agentsim/sim/sweep.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "agentsim/sim/center.h"
#include "agentsim/sim/scenario.h"

namespace agentsim::sim {

namespace {

std::string parameter_of(const std::string& path) {
  const std::size_t dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

SweepPointResult point_result(const ScenarioResult& r, std::size_t index) {
  SweepPointResult p;
  p.scenario = index;
  for (const auto& [path, value] : r.scenario.sweep->values) p.values.push_back(value);
  if (!r.expectations.empty()) p.metric = r.expectations.front().value;
  p.meets_all = true;
  for (const ExpectationResult& e : r.expectations) {
    p.statuses.push_back(e.status);
    p.meets_all = p.meets_all && is_ok(e.status);
  }
  p.cost = r.center ? evaluate_center_metric(*r.center, "api_calls", r.report_confidence)
                    : evaluate_metric(r.summary, "api_calls_per_close", r.report_confidence);
  return p;
}

}  // namespace

std::string sweep_point_name(const std::string& sweep,
                             const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out = sweep + "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string name = parameter_of(values[i].first);
    const bool shared = std::count_if(values.begin(), values.end(), [&](const auto& v) {
                          return parameter_of(v.first) == name;
                        }) > 1;
    out += (i == 0 ? "" : ",") + (shared ? values[i].first : name) + "=" + values[i].second;
  }
  return out + "]";
}

std::optional<std::size_t> best_point(const std::vector<SweepPointResult>& points) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!points[i].meets_all) continue;
    // An undefined cost (no session ran) ranks after every defined one.
    const auto key = [&](std::size_t j) {
      const MetricValue& c = points[j].cost;
      return c.defined && std::isfinite(c.estimate) ? c.estimate : HUGE_VAL;
    };
    if (!best || key(i) < key(*best)) best = i;  // strict: a tie keeps the earlier point
  }
  return best;
}

std::vector<SweepSummary> summarize_sweeps(const SuiteResult& result) {
  std::vector<SweepSummary> out;
  std::map<std::string, std::size_t> by_name;
  for (std::size_t i = 0; i < result.scenarios.size(); ++i) {
    const ScenarioResult& r = result.scenarios[i];
    if (!r.scenario.sweep) continue;
    const SweepPoint& point = *r.scenario.sweep;
    auto [it, fresh] = by_name.emplace(point.sweep, out.size());
    if (fresh) {
      SweepSummary s;
      s.name = point.sweep;
      s.zip = point.zip;
      for (const auto& [path, value] : point.values) s.axes.push_back(path);
      s.axis_values.resize(s.axes.size());
      if (!r.scenario.expectations.empty()) s.metric = r.scenario.expectations.front().metric;
      s.cost_metric = r.center ? "api_calls" : "api_calls_per_close";
      for (const Expectation& e : r.scenario.expectations) s.expectations.push_back(e.text());
      out.push_back(std::move(s));
    }
    SweepSummary& s = out[it->second];
    s.points.push_back(point_result(r, i));
    for (std::size_t a = 0; a < point.values.size() && a < s.axis_values.size(); ++a) {
      auto& seen = s.axis_values[a];
      if (std::find(seen.begin(), seen.end(), point.values[a].second) == seen.end())
        seen.push_back(point.values[a].second);
    }
    for (const std::string& n : point.notes) {
      if (std::find(s.notes.begin(), s.notes.end(), n) == s.notes.end()) s.notes.push_back(n);
    }
    s.complete = s.points.size() == point.points;
  }
  for (SweepSummary& s : out) s.best = best_point(s.points);
  return out;
}

}  // namespace agentsim::sim
