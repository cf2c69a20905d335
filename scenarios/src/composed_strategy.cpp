#include "composed_strategy.h"

#include <algorithm>

#include <fmt/format.h>

#include "agentsim/sim/component.h"
#include "agentsim/sim/input_text.h"
#include "agentsim/sim/strategy.h"
#include "suggest.h"

namespace agentsim::scenarios::detail {

namespace {

std::vector<std::string> component_names(std::string_view side) {
  std::vector<std::string> out;
  for (const sim::ComponentDescriptor* d : sim::components()) {
    if (d->side == side && d->name != "canary_setstate_available") out.emplace_back(d->name);
  }
  return out;
}

std::vector<std::string> param_names(const sim::ComponentDescriptor& d, bool retry_nested) {
  std::vector<std::string> out;
  for (const sim::ParamSpec& p : d.params) out.emplace_back(p.name);
  if (retry_nested && d.param("max_attempts") != nullptr) out.emplace_back("retry");
  return out;
}

bool is_retry_field(std::string_view name) {
  return name == "max_attempts" || name == "backoff" || name == "base_ms" || name == "cap_ms" ||
         name == "jitter" || name == "per_attempt_timeout_ms" || name == "overall_deadline_ms";
}

// One parameter from the file: the scalar (a list for a set: `on: [beforeunload, pagehide]`).
void set_param(Reader& reader, const Field& p, const std::string& path, sim::ComponentConfig& c,
               sim::Scenario& s) {
  const sim::ParamSpec* spec = c.descriptor->param(p.key);
  std::string text;
  if (spec->type == sim::ParamType::Set && p.value.IsSequence()) {
    const auto items = reader.string_list(p, path);
    if (!items) return;
    for (const std::string& i : *items) text += (text.empty() ? "" : "|") + i;
  } else if (!p.value.IsScalar()) {
    reader.error(p, path + ": expected " +
                        (spec->type == sim::ParamType::Set ? std::string("a list of events")
                                                           : std::string("a value")) +
                        ", got " + describe(p.value));
    return;
  } else {
    text = p.value.Scalar();
    if (spec->type == sim::ParamType::Number || spec->type == sim::ParamType::Integer) {
      if (!reader.number(p, path, spec->type == sim::ParamType::Integer ? "an integer"
                                  : spec->unit == "ms"                  ? "a duration in ms"
                                                                        : "a number")) {
        return;
      }
    } else if (spec->type == sim::ParamType::Boolean) {
      const auto b = reader.boolean(p, path);
      if (!b) return;
      text = *b ? "true" : "false";
    }
  }
  if (const auto problem = c.set(p.key, text)) {
    std::string hint;
    if (spec->type == sim::ParamType::Choice || spec->type == sim::ParamType::Set) {
      std::vector<std::string> choices;
      const std::string unit(spec->unit);
      for (std::size_t from = 0, bar = 0; bar != std::string::npos; from = bar + 1) {
        bar = unit.find('|', from);
        choices.push_back(unit.substr(from, bar == std::string::npos ? bar : bar - from));
      }
      for (std::size_t from = 0, bar = 0; bar != std::string::npos; from = bar + 1) {
        bar = text.find('|', from);
        const std::string item = text.substr(from, bar == std::string::npos ? bar : bar - from);
        if (std::find(choices.begin(), choices.end(), item) != choices.end()) continue;
        if (const auto close = closest(item, choices)) hint = "did you mean '" + *close + "'?";
      }
    }
    reader.error(p, path + ": " + echo(*problem), hint);
    return;
  }
  s.overrides.emplace_back(path, text);
}

void set_params(Reader& reader, const YAML::Node& map, const std::string& path,
                sim::ComponentConfig& c, sim::Scenario& s, bool allow_retry) {
  const sim::ComponentDescriptor& d = *c.descriptor;
  KeySpec spec{"parameter", "of component " + std::string(d.name), param_names(d, allow_retry),
               "its parameters", {}, {}};
  for (const Field& p : reader.entries(map, spec)) {
    if (p.key == "retry") {
      if (!reader.is_mapping(p, path + ".retry")) continue;
      std::vector<std::string> retry_keys;
      for (const sim::ParamSpec& q : d.params) {
        if (is_retry_field(q.name)) retry_keys.emplace_back(q.name);
      }
      KeySpec rs{"parameter", "of a retry policy", retry_keys, "retry parameters", {}, {}};
      for (const Field& r : reader.entries(p.value, rs)) set_param(reader, r, path + ".retry." + r.key, c, s);
      continue;
    }
    if (p.key == "on" && !allow_retry) continue;  // set from the item's own `on:`
    set_param(reader, p, path + "." + p.key, c, s);
  }
}

// `name: {params}` (or `name:` alone, or the bare name): one component of `side`.
std::optional<sim::ComponentConfig> read_component(Reader& reader, const Field& f,
                                                   const std::string& path,
                                                   std::string_view side, sim::Scenario& s) {
  const sim::ComponentDescriptor* d = sim::find_component(f.key);
  if (d == nullptr || d->side != side || d->name == "canary_setstate_available") {
    const auto names = component_names(side);
    std::string message = "unknown " + std::string(side) + " component '" + echo(f.key) + "'";
    if (d != nullptr && d->side != side) {
      message = "'" + echo(f.key) + "' is a " + std::string(d->side) + " component, not a " +
                std::string(side) + " one";
      reader.error(reader.where(f.key_node), message,
                   "move it under strategy." + std::string(d->side));
      return std::nullopt;
    }
    reader.error(reader.where(f.key_node), message, suggestion_hint(f.key, names, std::string(side) + " components"));
    return std::nullopt;
  }
  sim::ComponentConfig c = d->defaults();
  if (f.value.IsMap()) {
    set_params(reader, f.value, path, c, s, true);
  } else if (!f.value.IsNull()) {
    reader.error(f, path + ": expected a mapping of the component's parameters, got " +
                        describe(f.value));
    return std::nullopt;
  }
  return c;
}

void read_side(Reader& reader, const Field& list, std::string_view side,
               std::vector<sim::ComponentConfig>& out, sim::Scenario& s) {
  const std::string base = "strategy." + std::string(side);
  if (!list.value.IsSequence()) {
    reader.error(list, base + ": expected a list of components, got " + describe(list.value),
                 "e.g. " + base + ": [" + (side == "page" ? "{heartbeat: {interval_ms: 30000}}" : "{sweeper: {signal: event_stream}}") + "]");
    return;
  }
  if (list.value.size() > sim::kMaxComponents) {
    reader.error(list, fmt::format("{}: at most {} components, got {}", base, sim::kMaxComponents,
                                   list.value.size()));
    return;
  }
  std::size_t index = 0;
  for (const YAML::Node& item : list.value) {
    const std::string path = fmt::format("{}[{}]", base, index++);
    const Field at{path, item, item};
    if (item.IsScalar()) {  // a bare component name: its defaults
      const Field named{item.Scalar(), item, YAML::Node()};
      if (auto c = read_component(reader, named, path, side, s)) out.push_back(std::move(*c));
      continue;
    }
    if (!item.IsMap()) {
      reader.error(at, path + ": expected a component (`name: {parameters}`), got " + describe(item));
      continue;
    }
    const bool trigger_form = side == "page" && (item["on"] || item["do"]);
    if (trigger_form) {
      KeySpec spec{"key", "of a page handler", {"on", "do"}, "its keys", {}, {}};
      const Field* on = nullptr;
      const Field* act = nullptr;
      const std::vector<Field> entries = reader.entries(item, spec);
      for (const Field& e : entries) (e.key == "on" ? on : act) = &e;
      if (act == nullptr) {
        reader.error(at, path + ": missing required key 'do'", "e.g. do: {notify_backend: {transport: beacon}}");
        continue;
      }
      if (!act->value.IsMap() || act->value.size() != 1) {
        reader.error(*act, path + ".do: expected one component (`name: {parameters}`), got " +
                               describe(act->value));
        continue;
      }
      const Field comp{act->value.begin()->first.Scalar(), act->value.begin()->first,
                       act->value.begin()->second};
      auto c = read_component(reader, comp, path + "." + comp.key, side, s);
      if (!c) continue;
      if (on != nullptr) {
        if (c->descriptor->param("on") == nullptr) {
          reader.error(reader.where(on->key_node),
                       path + ".on: component " + std::string(c->descriptor->name) +
                           " does not run on page events",
                       "write it as `- " + std::string(c->descriptor->name) + ": {...}`");
          continue;
        }
        const Field on_field{"on", on->key_node, on->value};
        set_param(reader, on_field, path + ".on", *c, s);
      }
      out.push_back(std::move(*c));
      continue;
    }
    if (item.size() != 1) {
      reader.error(at, path + ": expected one component per list item (`- name: {parameters}`), got " +
                           std::to_string(item.size()) + " keys");
      continue;
    }
    const Field comp{item.begin()->first.Scalar(), item.begin()->first, item.begin()->second};
    if (auto c = read_component(reader, comp, path, side, s)) out.push_back(std::move(*c));
  }
}

}  // namespace

bool is_composed(const ScenarioFields& f) {
  return std::any_of(f.strategy_params.begin(), f.strategy_params.end(),
                     [](const Field& p) { return p.key == "page" || p.key == "backend"; });
}

void read_composed_strategy(Reader& reader, const ScenarioFields& f, sim::Scenario& s) {
  const std::size_t before = reader.error_count();
  std::string label;
  // The name is the mapping's own (a name inherited from the suite's defaults names another
  // strategy).
  const bool own_name = f.strategy && f.strategy->value.IsMap() && f.strategy->value["name"];
  if (f.strategy_name && own_name) {
    const auto name = reader.name(*f.strategy_name, "strategy.name");
    if (!name) return;
    if (sim::parse_strategy_kind(*name)) {
      reader.error(*f.strategy_name,
                   "strategy.name: '" + echo(*name) +
                       "' is a built-in strategy; a composed strategy (page:/backend:) takes a "
                       "name of its own",
                   "rename it (e.g. our_" + *name + "), or remove page:/backend: to use the preset");
      return;
    }
    label = *name;
  }
  std::vector<sim::ComponentConfig> components;
  for (const Field& p : f.strategy_params) {
    if (p.key == "page") {
      read_side(reader, p, "page", components, s);
    } else if (p.key == "backend") {
      read_side(reader, p, "backend", components, s);
    } else {
      reader.error(reader.where(p.key_node),
                   "unknown key '" + echo(p.key) + "' of a composed strategy",
                   suggestion_hint(p.key, {"name", "page", "backend"}, "its keys"));
    }
  }
  if (reader.error_count() != before) return;
  // Page components first, then the backend's: the order the hooks visit them.
  std::stable_sort(components.begin(), components.end(), [](const auto& a, const auto& b) {
    return a.descriptor->side == "page" && b.descriptor->side != "page";
  });
  sim::StrategyConfig config = sim::composed_config(std::move(components), label);
  for (const std::string& line : config.validate()) {
    reader.error(f.strategy ? reader.where(f.strategy->key_node) : reader.where(f.node),
                 "strategy: " + line);
  }
  s.session.strategy = std::move(config);
}

}  // namespace agentsim::scenarios::detail
