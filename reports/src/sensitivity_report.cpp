#include "agentsim/reports/sensitivity_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "agentsim/reports/junit_report.h"
#include "agentsim/reports/terminal_report.h"
#include "html_charts.h"
#include "svg.h"

namespace agentsim::reports {

namespace {

using Json = nlohmann::ordered_json;
using sim::ParameterSensitivity;
using sim::ScenarioSensitivity;
using sim::SensitivityEnd;
using sim::VerdictChange;

// A parameter's value as people read it: "0.5", "1500", "28800000".
std::string value_text(double v) {
  return v == std::floor(v) && std::fabs(v) < 1e15 ? fmt::format("{:.0f}", v) : fmt::format("{:g}", v);
}

std::string verdict_word(sim::Verdict v) {
  switch (v) {
    case sim::Verdict::Pass: return "pass";
    case sim::Verdict::Fail: return "fail";
    case sim::Verdict::Inconclusive: return "inconclusive";
  }
  return "inconclusive";
}

// "68%" for 0.68; "∞" when the base sits on the bound; "—" for no movement.
std::string margin_text(double m) {
  if (m == 0) return "—";
  if (!std::isfinite(m)) return "∞";
  return fmt::format("{:.0f}%", m * 100);
}

bool any_effect(const ParameterSensitivity& p) {
  return std::any_of(p.effect.begin(), p.effect.end(), [](double e) { return e != 0; }) ||
         std::any_of(p.margin_used.begin(), p.margin_used.end(), [](double m) { return m != 0; });
}

// The expectation the parameter moves most, relative to its margin (ties: the first).
std::size_t strongest(const ParameterSensitivity& p) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < p.margin_used.size(); ++i) {
    if (p.margin_used[i] > p.margin_used[best]) best = i;
  }
  return best;
}

// "flips at 0.2: offline_rate >= 0.85 pass -> fail" for the first flip (else undecided), or "".
std::string change_text(const ScenarioSensitivity& s, const ParameterSensitivity& p) {
  for (VerdictChange wanted : {VerdictChange::Flips, VerdictChange::Undecided}) {
    for (const SensitivityEnd* e : {&p.low, &p.high}) {
      for (std::size_t i = 0; i < e->changes.size(); ++i) {
        if (e->changes[i] != wanted) continue;
        return fmt::format("{} at {}: {} {} -> {}", wanted == VerdictChange::Flips ? "FLIPS" : "undecided",
                           value_text(e->value), s.base.expectations[i].expectation.text(),
                           verdict_word(s.base.expectations[i].verdict), verdict_word(e->expectations[i].verdict));
      }
    }
  }
  return "";
}

// "offline_rate 75.20% .. 94.10%": the metric at the low and at the high end.
std::string moves_text(const ParameterSensitivity& p, std::size_t i) {
  if (i >= p.low.expectations.size() || i >= p.high.expectations.size()) return "";
  const std::string& metric = p.low.expectations[i].expectation.metric;
  return fmt::format("{} {} .. {}", metric, format_metric_number(metric, p.low.expectations[i].value.estimate),
                     format_metric_number(metric, p.high.expectations[i].value.estimate));
}

std::string partner_note(const SensitivityEnd& e) {
  return e.partner.empty() ? "" : fmt::format(" ({} moved with it)", e.partner);
}

std::size_t count_effective(const ScenarioSensitivity& s) {
  return static_cast<std::size_t>(std::count_if(s.parameters.begin(), s.parameters.end(), any_effect));
}

std::string sessions_text(const SensitivityReport& r, const ScenarioSensitivity& s) {
  const bool center = s.scenario.center.has_value();
  if (r.sessions != 0) return fmt::format("{} {} per run", thousands(r.sessions), center ? "shifts" : "sessions");
  return fmt::format("{} {} in the base run (sequential sampling, as agentsim run)", thousands(s.base.sessions_run),
                     center ? "shifts" : "sessions");
}

Json metric_json(const sim::MetricValue& v) {
  auto num = [](double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); };
  return Json{{"estimate", num(v.estimate)}, {"lo", num(v.interval.lo)}, {"hi", num(v.interval.hi)},
              {"exact", v.exact}, {"defined", v.defined}};
}

Json end_json(const SensitivityEnd& e) {
  Json ex = Json::array();
  for (std::size_t i = 0; i < e.expectations.size(); ++i) {
    ex.push_back(Json{{"value", metric_json(e.expectations[i].value)},
                      {"verdict", verdict_word(e.expectations[i].verdict)},
                      {"status", std::string(status_token(e.expectations[i].status))},
                      {"change", std::string(sim::to_string(e.changes[i]))}});
  }
  Json j{{"value", e.value}, {"sessions_run", e.sessions_run}, {"expectations", ex}};
  if (!e.partner.empty()) j["partner_moved"] = e.partner;
  return j;
}

// --- the tornado chart ---------------------------------------------------------------------------

constexpr double kLabelW = 300;
constexpr double kPlotW = 460;
constexpr double kRowH = 26;
constexpr double kTop = 34;
constexpr std::size_t kTornadoRows = 15;

std::string tornado_svg(const std::string& id, const ScenarioSensitivity& s, std::size_t ei) {
  const sim::ExpectationResult& base = s.base.expectations[ei];
  const std::string& metric = base.expectation.metric;
  std::vector<std::size_t> rows;
  for (std::size_t i : s.ranked_for(ei)) {
    if (s.parameters[i].effect[ei] == 0 && s.parameters[i].margin_used[ei] == 0) break;
    if (rows.size() == kTornadoRows) break;
    rows.push_back(i);
  }
  const double height = kTop + kRowH * static_cast<double>(std::max<std::size_t>(rows.size(), 1)) + 40;
  const double width = kLabelW + kPlotW + 40;
  std::string out = svg::open(id, "tornado", width, height,
                              fmt::format("Tornado: what moves {} most (the assumptions at the low and the high "
                                          "end of their ranges)",
                                          base.expectation.text()));
  if (rows.empty()) {
    return out + svg::text(16, kTop + 12, "no assumption moves this metric: the sessions never read them") +
           "</svg>";
  }
  double lo = std::min(base.value.estimate, base.expectation.bound);
  double hi = std::max(base.value.estimate, base.expectation.bound);
  for (std::size_t i : rows) {
    for (const SensitivityEnd* e : {&s.parameters[i].low, &s.parameters[i].high}) {
      const double v = e->expectations[ei].value.estimate;
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
  }
  const double room = hi > lo ? 0.05 * (hi - lo) : std::max(std::fabs(hi) * 0.1, 1e-3);
  lo -= room;
  hi += room;
  if (lo < 0 && base.value.estimate >= 0 && base.expectation.bound >= 0) lo = 0;
  if (html::axis_unit(metric).factor == 100.0) hi = std::min(hi, 1.0);  // a proportion ends at 100 %
  const svg::Ticks ticks = svg::nice_ticks(lo, hi, 5);
  const svg::Scale x = svg::scale_over(ticks, kLabelW, kLabelW + kPlotW);
  const double bottom = kTop + kRowH * static_cast<double>(rows.size());
  // The side the bound forbids, shaded.
  const bool upper = base.expectation.op == sim::Comparison::Less || base.expectation.op == sim::Comparison::LessEqual;
  const double b = x(base.expectation.bound);
  out += svg::rect(upper ? b : kLabelW, kTop - 4, upper ? kLabelW + kPlotW - b : b - kLabelW, bottom - kTop + 8,
                   "forbidden", "the side the bound forbids");
  out += svg::x_axis(x, bottom + 4, svg::labelled(ticks, html::axis_unit(metric)), kTop - 4);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const ParameterSensitivity& p = s.parameters[rows[r]];
    const double y = kTop + kRowH * (static_cast<double>(r) + 0.5);
    const bool flips = p.low.changes[ei] == VerdictChange::Flips || p.high.changes[ei] == VerdictChange::Flips;
    out += svg::text(kLabelW - 8, y - 1, p.name, "end", flips ? "flip" : "",
                     fmt::format("{}: {} .. {} (scenario: {})", p.name, value_text(p.low.value),
                                 value_text(p.high.value), value_text(p.base_value)));
    out += svg::text(kLabelW - 8, y + 10, fmt::format("{} .. {}{}", value_text(p.low.value), value_text(p.high.value),
                                                      flips ? "  flips" : ""),
                     "end", flips ? "flip small" : "muted small");
    for (const SensitivityEnd* e : {&p.low, &p.high}) {
      const double v = e->expectations[ei].value.estimate;
      out += svg::hbar(x, base.value.estimate, v, y, 14, e == &p.low ? "bar low" : "bar high",
                       fmt::format("{} = {}: {} {}", p.name, value_text(e->value), metric,
                                   format_metric_value(metric, e->expectations[ei].value)));
    }
  }
  const double bx = x(base.value.estimate);
  out += svg::line(bx, kTop - 8, bx, bottom + 4, "base");
  out += svg::text(bx, kTop - 12, fmt::format("base {}", format_metric_number(metric, base.value.estimate)), "middle",
                   "muted");
  out += svg::line(b, kTop - 4, b, bottom + 4, "bound");
  out += svg::text(b, bottom + 34,
                   fmt::format("bound {} {}", sim::to_string(base.expectation.op),
                               format_metric_number(metric, base.expectation.bound)),
                   "middle");
  return out + "</svg>";
}

constexpr std::string_view kExtraCss = R"(
svg.chart .bar.low { fill: #8250df; } svg.chart .bar.high { fill: #bf8700; }
svg.chart .base { stroke: #1f2328; stroke-width: 1; }
svg.chart text.flip { fill: #c62828; font-weight: 600; }
svg.chart text.small { font-size: 10px; }
span.key-low { color: #8250df; font-weight: 600; } span.key-high { color: #bf8700; font-weight: 600; }
tr.flip td { background: #ffebe9; } tr.undecided td { background: #fff8c5; }
)";

std::string esc(std::string_view t) { return xml_escape(t); }

}  // namespace

std::vector<std::pair<std::string, std::size_t>> flipping_assumptions(const SensitivityReport& r) {
  std::map<std::string, std::size_t> count;
  for (const ScenarioSensitivity& s : r.scenarios) {
    for (const ParameterSensitivity& p : s.parameters) {
      if (p.flips()) ++count[p.name];
    }
  }
  std::vector<std::pair<std::string, std::size_t>> out(count.begin(), count.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

std::string render_sensitivity_terminal(const SensitivityReport& r, std::size_t top) {
  top = std::max<std::size_t>(top, 1);
  std::string out;
  for (const ScenarioSensitivity& s : r.scenarios) {
    out += fmt::format("\n{}\n  {}; {} assumptions, each at the low and the high end of its range\n", s.scenario.name,
                       sessions_text(r, s), s.parameters.size());
    if (s.base.expectations.empty()) {
      out += "  no expectations: nothing to judge (the JSON has the metrics)\n";
      continue;
    }
    for (std::size_t i = 0; i < s.base.expectations.size(); ++i) {
      const sim::ExpectationResult& e = s.base.expectations[i];
      out += fmt::format("  [{}] {}: {} ({})\n", i + 1, e.expectation.text(),
                         format_metric_value(e.expectation.metric, e.value), status_word(e.status));
    }
    const std::size_t effective = count_effective(s);
    if (effective == 0) {
      out += "  no assumption moves any of these metrics\n";
    } else {
      out += fmt::format("  {:>3}  {:<42} {:<26} {:<8} {}\n", "#", "assumption", "range (scenario's value)",
                         "margin", "moves / verdict");
      std::size_t shown = 0;
      for (const ParameterSensitivity& p : s.parameters) {
        if (!any_effect(p) || shown == top) continue;
        ++shown;
        const std::size_t i = strongest(p);
        const std::string change = change_text(s, p);
        out += fmt::format("  {:>3}  {:<42} {:<26} {:<8} [{}] {}{}\n", shown, p.name,
                           fmt::format("{} .. {} ({})", value_text(p.low.value), value_text(p.high.value),
                                       value_text(p.base_value)),
                           margin_text(p.margin_used[i]), i + 1, moves_text(p, i),
                           change.empty() ? "" : "   " + change);
      }
      if (effective > shown) out += fmt::format("       ... and {} more that move a metric less\n", effective - shown);
    }
    out += fmt::format("  {} of {} assumptions leave every metric here exactly as in the base run (the sessions never read them, or no outcome changed)\n",
                       s.parameters.size() - effective, s.parameters.size());
    if (!s.skipped.empty()) {
      out += fmt::format("  not perturbed: {} the scenario sets or measured ({}", s.skipped.size(), s.skipped[0].first);
      for (std::size_t i = 1; i < s.skipped.size() && i < 4; ++i) out += ", " + s.skipped[i].first;
      out += s.skipped.size() > 4 ? ", ...)\n" : ")\n";
    }
  }
  const auto flips = flipping_assumptions(r);
  out += "\n";
  if (flips.empty()) {
    out += "No assumption flips a verdict within its range.\n";
  } else {
    out += fmt::format("{} assumption{} could flip a verdict — measure {} first:\n", flips.size(),
                       flips.size() == 1 ? "" : "s", flips.size() == 1 ? "it" : "these");
    for (const auto& [name, n] : flips) {
      out += fmt::format("  {} ({} scenario{})\n", name, n, n == 1 ? "" : "s");
    }
  }
  out += "margin: how much of the base estimate's distance to the bound the assumption uses up at its worse end "
         "(100% reaches the bound). Ranges: docs/sensitivity.md.\n";
  return out;
}

std::string render_sensitivity_markdown(const SensitivityReport& r) {
  std::string out = fmt::format("# Sensitivity to assumptions: {}\n\nReproduce: `{}`\n\n", r.file, r.command);
  const auto flips = flipping_assumptions(r);
  if (flips.empty()) {
    out += "**No assumption flips a verdict within its range.**\n";
  } else {
    out += "**Assumptions that could flip a verdict** (measure these first):";
    for (std::size_t i = 0; i < flips.size(); ++i) {
      out += fmt::format("{} `{}` ({})", i == 0 ? "" : ",", flips[i].first, flips[i].second);
    }
    out += "\n";
  }
  for (const ScenarioSensitivity& s : r.scenarios) {
    out += fmt::format("\n## {}\n\n{}; {} assumptions perturbed.\n\n", s.scenario.name, sessions_text(r, s),
                       s.parameters.size());
    for (std::size_t i = 0; i < s.base.expectations.size(); ++i) {
      const sim::ExpectationResult& e = s.base.expectations[i];
      out += fmt::format("- [{}] `{}`: {} ({})\n", i + 1, e.expectation.text(),
                         format_metric_value(e.expectation.metric, e.value), status_word(e.status));
    }
    out += "\n| # | assumption | low .. high (scenario) | margin | metric at low .. high | verdict |\n"
           "|---|---|---|---|---|---|\n";
    std::size_t n = 0;
    for (const ParameterSensitivity& p : s.parameters) {
      if (!any_effect(p)) continue;
      const std::size_t i = strongest(p);
      out += fmt::format("| {} | `{}` | {} .. {} ({}){}{} | {} | [{}] {} | {} |\n", ++n, p.name, value_text(p.low.value),
                         value_text(p.high.value), value_text(p.base_value), partner_note(p.low),
                         partner_note(p.high), margin_text(p.margin_used[i]), i + 1, moves_text(p, i),
                         change_text(s, p));
    }
    if (n == 0) out += "| | no assumption moves a metric | | | | |\n";
    const std::size_t none = s.parameters.size() - n;
    if (none > 0) {
      out += fmt::format("\n{} assumption{} no metric here:", none, none == 1 ? " moves" : "s move");
      bool first = true;
      for (const ParameterSensitivity& p : s.parameters) {
        if (any_effect(p)) continue;
        out += fmt::format("{} `{}`", first ? "" : ",", p.name);
        first = false;
      }
      out += ".\n";
    }
    if (!s.skipped.empty()) {
      out += "\nNot perturbed:";
      for (std::size_t i = 0; i < s.skipped.size(); ++i) {
        out += fmt::format("{} `{}` ({})", i == 0 ? "" : ";", s.skipped[i].first, s.skipped[i].second);
      }
      out += ".\n";
    }
  }
  return out;
}

std::string render_sensitivity_json(const SensitivityReport& r) {
  Json doc{{"agentsim_sensitivity", 1}, {"file", r.file}, {"command", r.command},
           {"sessions_per_run", r.sessions}};
  Json flips = Json::array();
  for (const auto& [name, n] : flipping_assumptions(r)) flips.push_back(Json{{"parameter", name}, {"scenarios", n}});
  doc["flipping_assumptions"] = flips;
  Json scenarios = Json::array();
  for (const ScenarioSensitivity& s : r.scenarios) {
    Json base = Json::array();
    for (const sim::ExpectationResult& e : s.base.expectations) {
      base.push_back(Json{{"expectation", e.expectation.text()},
                          {"metric", e.expectation.metric},
                          {"value", metric_json(e.value)},
                          {"verdict", verdict_word(e.verdict)},
                          {"status", std::string(status_token(e.status))}});
    }
    Json params = Json::array();
    for (const ParameterSensitivity& p : s.parameters) {
      Json margin = Json::array();
      for (double m : p.margin_used) margin.push_back(std::isfinite(m) ? Json(m) : Json("inf"));
      params.push_back(Json{{"parameter", p.name},
                            {"scenario_value", p.base_value},
                            {"flips", p.flips()},
                            {"undecided", p.undecided()},
                            {"effect", p.effect},
                            {"margin_used", margin},
                            {"low", end_json(p.low)},
                            {"high", end_json(p.high)}});
    }
    Json skipped = Json::array();
    for (const auto& [name, why] : s.skipped) skipped.push_back(Json{{"parameter", name}, {"why", why}});
    scenarios.push_back(Json{{"name", s.scenario.name},
                             {"seed", s.base.scenario.seed},
                             {"base", Json{{"sessions_run", s.base.sessions_run}, {"expectations", base}}},
                             {"parameters", params},
                             {"not_perturbed", skipped}});
  }
  doc["scenarios"] = scenarios;
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_sensitivity_html(const SensitivityReport& r) {
  const std::string title = fmt::format("agentsim sensitivity: {}", r.file);
  std::string out = html::page_head(title, kExtraCss, r.command);
  out += "<p>Each assumed environment parameter is set to the low and then the high end of its range "
         "(docs/sensitivity.md), one at a time, every run on the scenario's seed (common random numbers). A "
         "tornado shows each expectation's metric at the <span class=\"key-low\">low end</span> and the "
         "<span class=\"key-high\">high end</span> against the base run, the most influential first; a name in "
         "red flips the verdict.</p>\n";
  const auto flips = flipping_assumptions(r);
  if (flips.empty()) {
    out += "<p><strong>No assumption flips a verdict within its range.</strong></p>\n";
  } else {
    out += "<p><strong>Assumptions that could flip a verdict — measure these first:</strong></p>\n<ul>\n";
    for (const auto& [name, n] : flips) {
      out += fmt::format("<li><code>{}</code> ({} scenario{})</li>\n", esc(name), n, n == 1 ? "" : "s");
    }
    out += "</ul>\n";
  }
  for (std::size_t si = 0; si < r.scenarios.size(); ++si) {
    const ScenarioSensitivity& s = r.scenarios[si];
    out += fmt::format("<section class=\"scenario\" id=\"scenario-{}\">\n<h2>{}</h2>\n<p class=\"muted\">{}; {} "
                       "assumptions perturbed, {} of them {} a metric.</p>\n",
                       si + 1, esc(s.scenario.name), esc(sessions_text(r, s)), s.parameters.size(),
                       count_effective(s), count_effective(s) == 1 ? "moves" : "move");
    for (std::size_t ei = 0; ei < s.base.expectations.size(); ++ei) {
      const sim::ExpectationResult& e = s.base.expectations[ei];
      const std::string caption =
          fmt::format("[{}] {}: base {} ({})", ei + 1, esc(e.expectation.text()),
                      esc(format_metric_value(e.expectation.metric, e.value)), esc(std::string(status_word(e.status))));
      const bool moved = std::any_of(s.parameters.begin(), s.parameters.end(), [&](const ParameterSensitivity& p) {
        return p.effect[ei] != 0 || p.margin_used[ei] != 0;
      });
      if (moved) {
        out += fmt::format("<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
                           tornado_svg(fmt::format("tornado-{}-{}", si + 1, ei + 1), s, ei), caption);
      } else {
        out += fmt::format("<p>{} — no assumption moves this metric (the sessions never read them).</p>\n", caption);
      }
    }
    if (s.base.expectations.empty()) out += "<p>No expectations: nothing to judge.</p>\n";
    if (count_effective(s) > 0) out += "<table>\n<caption>Every assumption that moves a metric, ranked</caption>\n<tr><th>#</th><th>assumption"
           "</th><th>low .. high (scenario)</th><th>margin</th><th>metric at low .. high</th><th>verdict</th></tr>\n";
    std::size_t n = 0;
    for (const ParameterSensitivity& p : s.parameters) {
      if (!any_effect(p)) continue;
      const std::size_t i = strongest(p);
      out += fmt::format("<tr class=\"{}\"><td class=\"num\">{}</td><td><code>{}</code></td><td class=\"value\">{} .. "
                         "{} ({}){}{}</td><td class=\"num\">{}</td><td>[{}] {}</td><td>{}</td></tr>\n",
                         p.flips() ? "flip" : p.undecided() ? "undecided" : "", ++n, esc(p.name),
                         value_text(p.low.value), value_text(p.high.value), value_text(p.base_value),
                         esc(partner_note(p.low)), esc(partner_note(p.high)), esc(margin_text(p.margin_used[i])),
                         i + 1, esc(moves_text(p, i)), esc(change_text(s, p)));
    }
    if (count_effective(s) > 0) out += "</table>\n";
    if (!s.skipped.empty()) {
      out += "<p class=\"muted\">Not perturbed:";
      for (std::size_t i = 0; i < s.skipped.size(); ++i) {
        out += fmt::format("{} <code>{}</code> ({})", i == 0 ? "" : ";", esc(s.skipped[i].first),
                           esc(s.skipped[i].second));
      }
      out += ".</p>\n";
    }
    out += "</section>\n";
  }
  return out + "</body>\n</html>\n";
}

}  // namespace agentsim::reports
