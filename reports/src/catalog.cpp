#include "agentsim/reports/catalog.h"

#include <fmt/format.h>

#include "agentsim/sim/component.h"

#include <cmath>
#include <functional>
#include <utility>
#include <vector>

#include "agentsim/model/profile.h"
#include "agentsim/reports/generated_section.h"
#include "agentsim/reports/model_diagram.h"
#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/environment.h"
#include "agentsim/sim/sensitivity.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::reports {

namespace {

std::string number(double v) {
  if (std::isinf(v)) return "∞";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

std::string tag(model::Provenance p) {
  switch (p) {
    case model::Provenance::Documented: return "documented";
    case model::Provenance::Measured: return "measured";
    case model::Provenance::Inferred: return "inferred";
    case model::Provenance::Assumed: return "**assumed**";
  }
  return "?";
}

}  // namespace

std::string render_environment_markdown() {
  std::string out;
  std::string_view group;
  for (const sim::EnvironmentParameter& p : sim::environment_parameters()) {
    if (p.group != group) {
      group = p.group;
      out += fmt::format("\n#### {}\n\n| parameter | unit | default | range | provenance | source | meaning |\n"
                         "|---|---|---|---|---|---|---|\n",
                         group);
    }
    out += fmt::format("| `{}` | {} | {} | [{}, {}] | {} | {} | {} |\n", p.name, p.unit,
                       number(sim::default_value(p)), number(p.min_value), number(p.max_value),
                       tag(p.provenance), p.source, p.description);
  }
  return out;
}

std::string render_close_kinds_markdown() {
  std::string out =
      "| close kind | beforeunload runs | the agent keeps working | every page goes at once | source |\n"
      "|---|---|---|---|---|\n";
  for (const sim::CloseKindInfo& k : sim::close_kinds()) {
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", k.name, k.beforeunload_fires ? "yes" : "no",
                       k.agent_keeps_working ? "yes" : "no", k.all_pages_gone ? "yes" : "no", k.source);
  }
  return out;
}

std::string render_strategies_markdown() {
  std::string out;
  for (sim::StrategyKind k : sim::all_strategy_kinds()) {
    const sim::StrategyConfig d = sim::default_config(k);
    out += fmt::format("\n#### `{}`\n\n{}\n\n", sim::to_string(k), sim::describe(k));
    const auto& params = sim::strategy_parameters(k);
    if (params.empty()) {
      out += "No parameters.\n";
      continue;
    }
    out += "| parameter | unit | default | meaning |\n|---|---|---|---|\n";
    for (const sim::StrategyParameter& p : params) {
      out += fmt::format("| `{}` | {} | {} | {} |\n", p.name, p.unit, sim::parameter_value(d, p.name),
                         p.description);
    }
  }
  return out;
}

// The strategy components (component.h): each with its side and its parameter table.
std::string render_components_markdown() {
  std::string out;
  for (const sim::ComponentDescriptor* d : sim::components()) {
    if (d->name == "canary_setstate_available") continue;  // the fuzzer's canary, not a block to use
    out += fmt::format("\n#### `{}` ({})\n\n{}\n\n", d->name, d->side, d->description);
    if (d->params.empty()) {
      out += "No parameters.\n";
      continue;
    }
    const sim::ComponentConfig defaults = d->defaults();
    out += "| parameter | unit | default | range | meaning |\n|---|---|---|---|---|\n";
    for (const sim::ParamSpec& p : d->params) {
      const bool ranged = p.type == sim::ParamType::Number || p.type == sim::ParamType::Integer;
      auto cell = [](std::string text) {  // a choice's '|' would split the cell
        for (std::size_t at = text.find('|'); at != std::string::npos; at = text.find('|', at + 2)) {
          text.replace(at, 1, "\\|");
        }
        return text;
      };
      out += fmt::format("| `{}` | {} | {} | {} | {} |\n", p.name, cell(std::string(p.unit)),
                         cell(defaults.text(p.name)),
                         ranged ? fmt::format("{} – {}", p.min, p.max) : std::string(),
                         p.description);
    }
  }
  return out;
}

std::string render_profiles_markdown() {
  std::string out = "| parameter | provenance | source |";
  for (const model::PlatformProfile* p : model::builtin_profiles()) out += fmt::format(" `{}` |", p->name);
  out += "\n|---|---|---|";
  for (std::size_t i = 0; i < model::builtin_profiles().size(); ++i) out += "---|";
  out += "\n";
  for (const model::ProfileParameter& pp : model::profile_parameters()) {
    out += fmt::format("| `{}` | {} | {} |", pp.name, tag(pp.provenance), pp.source);
    for (const model::PlatformProfile* p : model::builtin_profiles()) {
      out += (p->*pp.field) ? " true |" : " false |";
    }
    out += "\n";
  }
  return out;
}

std::string render_catalog_text() {
  std::string out = "STRATEGIES\n";
  for (sim::StrategyKind k : sim::all_strategy_kinds()) {
    const sim::StrategyConfig d = sim::default_config(k);
    out += fmt::format("  {:<26} {}\n", sim::to_string(k), sim::describe(k));
    for (const sim::StrategyParameter& p : sim::strategy_parameters(k)) {
      out += fmt::format("      {:<24} = {:<12} {} ({})\n", p.name, sim::parameter_value(d, p.name),
                         p.description, p.unit);
    }
  }
  out += "\nSTRATEGY COMPONENTS (compose them: strategy: {page: [...], backend: [...]})\n";
  for (const sim::ComponentDescriptor* d : sim::components()) {
    if (d->name == "canary_setstate_available") continue;
    const sim::ComponentConfig defaults = d->defaults();
    out += fmt::format("  {:<26} {:<7} {}\n", d->name, d->side, d->description);
    for (const sim::ParamSpec& p : d->params) {
      out += fmt::format("      {:<24} = {:<12} {} ({})\n", p.name, defaults.text(p.name),
                         p.description, p.unit);
    }
  }
  out += "\nPLATFORM PROFILES\n";
  for (const model::PlatformProfile* p : model::builtin_profiles()) {
    out += fmt::format("  {}\n", p->name);
    for (const model::ProfileParameter& pp : model::profile_parameters()) {
      out += fmt::format("      {:<42} = {:<5} [{}] {}\n", pp.name, (p->*pp.field) ? "true" : "false",
                         model::to_string(pp.provenance), pp.source);
    }
  }
  out += "\nCLOSE KINDS (beforeunload runs / agent keeps working)\n";
  for (const sim::CloseKindInfo& k : sim::close_kinds()) {
    out += fmt::format("  {:<16} {:<4} {:<4} {}\n", k.name, k.beforeunload_fires ? "yes" : "no",
                       k.agent_keeps_working ? "yes" : "no", k.source);
  }
  out += "\nENVIRONMENT PARAMETERS (name = default unit [provenance] source)\n";
  for (const sim::EnvironmentParameter& p : sim::environment_parameters()) {
    out += fmt::format("  {:<40} = {:<9} {:<12} [{}] {}\n", p.name, number(sim::default_value(p)),
                       p.unit, model::to_string(p.provenance), p.source);
  }
  return out;
}

namespace {
// 28800000, not 2.88e+07: whole numbers in full.
std::string range_number(double v) {
  return v == std::floor(v) && std::fabs(v) < 1e15 ? fmt::format("{:.0f}", v) : fmt::format("{:g}", v);
}
}  // namespace

std::string render_assumption_ranges_markdown() {
  std::string out = "\n| parameter | provenance | default | low | high | why this range |\n|---|---|---|---|---|---|\n";
  std::string excluded;
  for (const sim::AssumptionRange& r : sim::assumption_ranges()) {
    const sim::EnvironmentParameter* p = sim::find_environment_parameter(r.name);
    if (p == nullptr) continue;
    if (r.excluded) {
      excluded += fmt::format("- `{}` — {}\n", r.name, r.why);
      continue;
    }
    out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", r.name,
                       p->provenance == model::Provenance::Inferred ? "inferred" : "assumed",
                       range_number(sim::default_value(*p)), range_number(r.low), range_number(r.high), r.why);
  }
  if (!excluded.empty()) out += "\nNot perturbed:\n\n" + excluded;
  return out + "\n";
}

std::optional<std::string> refresh_generated_sections(std::string_view document, int& sections) {
  const std::vector<std::pair<std::string_view, std::function<std::string()>>> generators = {
      {kModelDocTag, [] { return render_model(DiagramFormat::Markdown); }},
      {"agentsim list: environment", render_environment_markdown},
      {"agentsim list: close kinds", render_close_kinds_markdown},
      {"agentsim list: strategies", render_strategies_markdown},
      {"agentsim list: components", render_components_markdown},
      {"agentsim list: profiles", render_profiles_markdown},
      {"agentsim list: assumption ranges", render_assumption_ranges_markdown},
  };
  sections = 0;
  std::string doc(document);
  for (const auto& [name, render] : generators) {
    if (doc.find(generated_begin_marker(name)) == std::string::npos) continue;
    auto spliced = splice_generated(doc, name, render());
    if (!spliced) return std::nullopt;
    doc = std::move(*spliced);
    ++sections;
  }
  return doc;
}

}  // namespace agentsim::reports
