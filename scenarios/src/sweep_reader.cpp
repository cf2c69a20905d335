#include "sweep_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

#include "agentsim/sim/center.h"
#include "agentsim/sim/environment.h"
#include "agentsim/sim/strategy.h"
#include "agentsim/sim/sweep.h"
#include "composed_strategy.h"
#include "scenario_builder.h"
#include "suggest.h"

namespace agentsim::scenarios::detail {

namespace {

struct Axis {
  std::string path;     // "strategy.base_ms"
  std::string section;  // "strategy", "environment" or "center"
  std::string key;      // "base_ms"
  YAML::Node path_node;
  YAML::Node values_node;          // `values:` or `range:`, for locations
  std::vector<YAML::Node> values;  // the file's nodes, or numbers a range generated
  std::vector<std::string> texts;
};

// A retry delay and the cap that bounds it: a swept delay above the default cap takes the cap
// along (docs/sweeps.md, "Dependent defaults").
const std::vector<std::pair<std::string, std::string>> kFollowers = {
    {"base_ms", "cap_ms"}, {"sweeper_base_ms", "sweeper_cap_ms"}};

// A number a range generated, as a plain scalar (so it reads like one written in the file).
YAML::Node plain_scalar(const std::string& text) {
  YAML::Node n(text);
  n.SetTag("?");
  return n;
}

std::vector<std::string> names(const std::vector<sim::StrategyParameter>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.emplace_back(p.name);
  return out;
}

// The kind of the scenario's built-in strategy; nullopt (reported) when an axis cannot sweep it.
std::optional<sim::StrategyKind> swept_strategy(Reader& reader, const ScenarioFields& f,
                                                const Field& path) {
  if (is_composed(f)) {
    reader.error(path, "sweep: the parameters of a composed strategy cannot be swept",
                 "sweep a built-in strategy's parameter, or an environment or center parameter");
    return std::nullopt;
  }
  if (!f.strategy_name || !f.strategy_name->value.IsScalar()) {
    reader.error(path, "sweep: " + echo(path.value.Scalar()) + ": the scenario names no strategy",
                 "add `strategy:` with the strategy whose parameter the axis sweeps");
    return std::nullopt;
  }
  return sim::parse_strategy_kind(f.strategy_name->value.Scalar());  // unknown: reported later
}

// Reads `path:`; false (reported) when it names no parameter the scenario has.
bool read_path(Reader& reader, const ScenarioFields& f, const Field& p, Axis& axis) {
  const auto text = reader.name(p, "sweep axis path");
  if (!text) return false;
  axis.path = *text;
  axis.path_node = p.value;
  const std::size_t dot = text->find('.');
  axis.section = text->substr(0, dot);
  axis.key = dot == std::string::npos ? "" : text->substr(dot + 1);
  const std::vector<std::string> sections = {"strategy", "environment", "center"};
  if (dot == std::string::npos ||
      std::find(sections.begin(), sections.end(), axis.section) == sections.end()) {
    const auto close = closest(axis.section, sections);
    reader.error(p,
                 "sweep axis path '" + echo(*text) +
                     "': expected strategy.PARAMETER, environment.PARAMETER or center.PARAMETER",
                 close && dot != std::string::npos ? "did you mean '" + *close + "." + axis.key + "'?"
                                                   : "e.g. strategy.max_attempts");
    return false;
  }
  std::vector<std::string> known;
  std::string where;
  if (axis.section == "strategy") {
    const auto kind = swept_strategy(reader, f, p);
    if (!kind) return false;
    known = names(sim::strategy_parameters(*kind));
    where = "of strategy " + std::string(sim::to_string(*kind));
  } else if (axis.section == "environment") {
    for (const auto& e : sim::environment_parameters()) known.emplace_back(e.name);
    where = "of the environment";
  } else {
    if (!f.center) {
      reader.error(p, "sweep axis path '" + echo(*text) + "': the scenario has no `center:`",
                   "a center parameter is swept in a center scenario");
      return false;
    }
    for (const auto& c : sim::center_parameters()) known.emplace_back(c.name);
    where = "of the center";
  }
  if (std::find(known.begin(), known.end(), axis.key) == known.end()) {
    reader.error(p, "sweep axis path '" + echo(*text) + "': unknown parameter '" + echo(axis.key) +
                        "' " + where,
                 suggestion_hint(axis.key, known, "parameters"));
    return false;
  }
  return true;
}

bool read_values(Reader& reader, const Field& v, Axis& axis) {
  if (!v.value.IsSequence() || v.value.size() == 0) {
    reader.error(v, "sweep axis values: expected a non-empty list of values, got " +
                        describe(v.value), "e.g. values: [50, 100, 200]");
    return false;
  }
  if (v.value.size() > sim::kMaxSweepPoints) {
    reader.error(v, "sweep axis values: " + std::to_string(v.value.size()) +
                        " values, more than the limit of " + std::to_string(sim::kMaxSweepPoints));
    return false;
  }
  bool ok = true;
  for (const YAML::Node& item : v.value) {
    if (!item.IsScalar()) {
      reader.error(reader.where(item),
                   "sweep axis values: each value is a number, true/false or a name, got " +
                       describe(item));
      ok = false;
      continue;
    }
    axis.values.push_back(item);
    axis.texts.push_back(item.Scalar());
  }
  return ok;
}

bool read_range(Reader& reader, const Field& r, Axis& axis) {
  if (!reader.is_mapping(r, "sweep axis range", "a mapping {from, to, step}")) return false;
  const KeySpec spec{"key", "in a sweep range", {"from", "to", "step"}, "valid keys", "", {}};
  std::optional<double> from, to, step;
  std::set<std::string> seen;
  for (const Field& e : reader.entries(r.value, spec)) {
    seen.insert(e.key);
    auto& slot = e.key == "from" ? from : e.key == "to" ? to : step;
    slot = reader.number(e, "sweep axis range." + e.key);
  }
  for (const char* k : {"from", "to", "step"}) {
    if (!seen.count(k))
      reader.error(r, std::string("sweep axis range: missing required key '") + k + "'",
                   "e.g. range: {from: 1, to: 6, step: 1}");
  }
  if (!from || !to || !step) return false;
  if (!(*step > 0) || *to < *from) {
    reader.error(r, "sweep axis range: expected from <= to and a step above 0, got from " +
                        number_text(*from) + ", to " + number_text(*to) + ", step " +
                        number_text(*step));
    return false;
  }
  // A little slack, so that {from: 0.1, to: 0.3, step: 0.1} ends at 0.3 despite rounding.
  const double count = std::floor((*to - *from) / *step * (1 + 1e-12) + 1e-9) + 1;
  if (count > static_cast<double>(sim::kMaxSweepPoints)) {
    reader.error(r, "sweep axis range: " + number_text(count) + " values, more than the limit of " +
                        std::to_string(sim::kMaxSweepPoints),
                 "a larger step, or a list of `values:`");
    return false;
  }
  for (int i = 0; i < static_cast<int>(count); ++i) {
    char text[32];
    std::snprintf(text, sizeof text, "%.12g", *from + i * *step);  // 0.30000000000000004: "0.3"
    axis.texts.emplace_back(text);
    axis.values.push_back(plain_scalar(text));
  }
  return true;
}

std::optional<Axis> read_axis(Reader& reader, const ScenarioFields& f, const YAML::Node& item) {
  if (!item.IsMap()) {
    reader.error(reader.where(item),
                 "sweep axes: each axis is a mapping {path, values} or {path, range}, got " +
                     describe(item));
    return std::nullopt;
  }
  const KeySpec spec{"key", "in a sweep axis", {"path", "values", "range"}, "valid keys", "", {}};
  Axis axis;
  bool ok = true, has_path = false, has_values = false;
  for (const Field& e : reader.entries(item, spec)) {
    if (e.key == "path") {
      has_path = true;
      ok = read_path(reader, f, e, axis) && ok;
    } else {
      if (has_values) {
        reader.error(reader.where(e.key_node), "sweep axis: `values` and `range` are both set",
                     "keep one");
        return std::nullopt;
      }
      has_values = true;
      axis.values_node = e.value;
      ok = (e.key == "values" ? read_values(reader, e, axis) : read_range(reader, e, axis)) && ok;
    }
  }
  if (!has_path || !has_values) {
    reader.error(reader.where(item),
                 std::string("sweep axis: missing required key '") + (has_path ? "values" : "path") + "'",
                 "e.g. {path: strategy.max_attempts, values: [1, 2, 3]} or "
                 "{path: strategy.base_ms, range: {from: 50, to: 800, step: 50}}");
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return axis;
}

struct Sweep {
  std::vector<Axis> axes;
  bool zip = false;
  std::size_t points = 0;
};

// The number of points, or 0 (reported) above the limit or with unequal zipped axes.
std::size_t count_points(Reader& reader, const Field& block, const Sweep& s) {
  if (s.zip) {
    for (const Axis& a : s.axes) {
      if (a.values.size() != s.axes.front().values.size()) {
        reader.error(reader.where(a.values_node),
                     "sweep: with `zip: true` every axis has as many values as the first: " +
                         a.path + " has " + std::to_string(a.values.size()) + ", " +
                         s.axes.front().path + " has " +
                         std::to_string(s.axes.front().values.size()),
                     "give the paired axes equal lengths, or remove `zip: true` to cross them");
        return 0;
      }
    }
    return s.axes.front().values.size();
  }
  double product = 1;  // as a double: 10 axes of 1000 values do not overflow
  for (const Axis& a : s.axes) product *= static_cast<double>(a.values.size());
  if (product > static_cast<double>(sim::kMaxSweepPoints)) {
    reader.error(reader.where(block.key_node),
                 "sweep: " + number_text(product) + " points, more than the limit of " +
                     std::to_string(sim::kMaxSweepPoints),
                 "fewer values per axis, `zip: true` to pair the axes, or several scenarios");
    return 0;
  }
  return static_cast<std::size_t>(product);
}

std::optional<Sweep> read_sweep(Reader& reader, const ScenarioFields& f, const Field& block) {
  if (!reader.is_mapping(block, "sweep", "a mapping with `axes:` (and optionally `zip:`)"))
    return std::nullopt;
  const KeySpec spec{"key", "in a sweep", {"axes", "zip"}, "valid keys", "", {}};
  Sweep s;
  const std::size_t before = reader.error_count();
  std::optional<Field> axes;
  for (const Field& e : reader.entries(block.value, spec)) {
    if (e.key == "zip") {
      if (const auto z = reader.boolean(e, "sweep.zip")) s.zip = *z;
    } else {
      axes.emplace(e);
    }
  }
  if (!axes || !axes->value.IsSequence() || axes->value.size() == 0) {
    reader.error(axes ? reader.where(*axes) : reader.where(block.key_node),
                 "sweep: expected `axes:`, a non-empty list of axes",
                 "e.g. axes: [{path: strategy.max_attempts, values: [1, 2, 3]}]");
    return std::nullopt;
  }
  std::set<std::string> paths;
  for (const YAML::Node& item : axes->value) {
    auto axis = read_axis(reader, f, item);
    if (!axis) continue;
    if (!paths.insert(axis->path).second) {
      reader.error(reader.where(axis->path_node),
                   "sweep: axis " + echo(axis->path) + " is swept twice", "keep one axis per parameter");
      continue;
    }
    s.axes.push_back(std::move(*axis));
  }
  if (!f.find("expect")) {
    reader.error(reader.where(block.key_node), "sweep: the scenario has no expectations",
                 "a sweep judges every point by the scenario's `expect:`, shows the first "
                 "expectation's metric and names the cheapest point that meets them all");
  }
  if (reader.error_count() != before) return std::nullopt;
  s.points = count_points(reader, block, s);
  if (s.points == 0) return std::nullopt;
  return s;
}

std::vector<Field> overlay(const std::vector<Field>& base, const std::vector<Field>& top) {
  std::vector<Field> out;
  for (const Field& b : base) {
    if (std::none_of(top.begin(), top.end(), [&](const Field& t) { return t.key == b.key; }))
      out.push_back(b);
  }
  for (const Field& t : top) out.push_back(t);
  return out;
}

bool has_key(const std::vector<Field>& fields, const std::string& key) {
  return std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return f.key == key; });
}

// The cap that follows a swept delay at this point, when the file did not set the cap: the
// delay itself where it is above the strategy's default cap.
void follow_caps(const ScenarioFields& f, const Sweep& s, const std::vector<std::size_t>& at,
                 std::vector<Field>& strategy, sim::SweepPoint& point) {
  const auto kind = f.strategy_name && f.strategy_name->value.IsScalar()
                        ? sim::parse_strategy_kind(f.strategy_name->value.Scalar())
                        : std::nullopt;
  if (!kind) return;
  for (std::size_t a = 0; a < s.axes.size(); ++a) {
    const Axis& axis = s.axes[a];
    for (const auto& follower : kFollowers) {
      // Named references: a C++17 lambda cannot capture a structured binding (clang refuses).
      const std::string& delay = follower.first;
      const std::string& cap = follower.second;
      if (axis.section != "strategy" || axis.key != delay || has_key(f.strategy_params, cap) ||
          std::any_of(s.axes.begin(), s.axes.end(), [&](const Axis& x) { return x.key == cap; }))
        continue;
      const std::string default_cap =
          sim::parameter_value(sim::default_config(*kind), cap);
      const auto cap_ms = parse_decimal(default_cap);
      const auto value = parse_decimal(axis.texts[at[a]]);
      if (!cap_ms || !value || *value <= *cap_ms) continue;
      point.notes.push_back("strategy." + cap + " is not set: where the swept strategy." + delay +
                            " is above its default (" + default_cap + " ms), " + cap +
                            " follows " + delay);
      strategy.push_back(Field{cap, axis.path_node, axis.values[at[a]]});
    }
  }
}

// The fields of point `at` (an index into each axis).
ScenarioFields point_fields(const ScenarioFields& f, const Sweep& s,
                            const std::vector<std::size_t>& at, sim::SweepPoint& point) {
  std::vector<Field> strategy, environment, center;
  for (std::size_t a = 0; a < s.axes.size(); ++a) {
    const Axis& axis = s.axes[a];
    Field value{axis.key, axis.path_node, axis.values[at[a]]};
    auto& into = axis.section == "strategy" ? strategy : axis.section == "environment" ? environment : center;
    into.push_back(value);
  }
  follow_caps(f, s, at, strategy, point);
  std::vector<Field> plain;
  for (const Field& p : f.plain) {
    if (p.key != "sweep") plain.push_back(p);
  }
  return ScenarioFields{f.node,
                        std::move(plain),
                        f.environment,
                        overlay(f.environment_entries, environment),
                        f.profile_overrides,
                        f.profile_override_entries,
                        f.strategy,
                        f.strategy_name,
                        overlay(f.strategy_params, strategy),
                        f.center,
                        overlay(f.center_entries, center),
                        f.claim,
                        f.claim_entries};
}

ScenarioFields without_sweep(const ScenarioFields& f) {
  sim::SweepPoint unused;
  return point_fields(f, Sweep{}, {}, unused);
}

// The axis indices of point `i`: the first axis varies slowest; zipped axes move together.
std::vector<std::size_t> indices(const Sweep& s, std::size_t i) {
  std::vector<std::size_t> at(s.axes.size());
  for (std::size_t a = s.axes.size(); a-- > 0;) {
    if (s.zip) {
      at[a] = i;
    } else {
      at[a] = i % s.axes[a].values.size();
      i /= s.axes[a].values.size();
    }
  }
  return at;
}

auto key(const LoadError& e) { return std::tie(e.where.line, e.where.column, e.message); }

// Builds each point; an error of a point that the scenario without the sweep does not have is
// reported naming the point (at the axis, for a value a range generated).
std::vector<sim::Scenario> build_points(Reader& reader, const ScenarioFields& f, const Sweep& s,
                                        const std::string& name) {
  Reader base_reader(reader.file());
  build_scenario(base_reader, without_sweep(f));
  const std::vector<LoadError> base_errors = base_reader.take_errors();
  std::vector<sim::Scenario> out;
  bool failed = false;
  for (std::size_t i = 0; i < s.points && reader.error_count() < Reader::kMaxErrors; ++i) {
    const std::vector<std::size_t> at = indices(s, i);
    sim::SweepPoint point{name, i, s.points, s.zip, {}, {}};
    for (std::size_t a = 0; a < s.axes.size(); ++a)
      point.values.emplace_back(s.axes[a].path, s.axes[a].texts[at[a]]);
    const std::string point_name = sim::sweep_point_name(name, point.values);
    Reader point_reader(reader.file());
    auto scenario = build_scenario(point_reader, point_fields(f, s, at, point));
    for (LoadError& e : point_reader.take_errors()) {
      failed = true;
      const bool common = std::any_of(base_errors.begin(), base_errors.end(),
                                      [&](const LoadError& b) { return key(b) == key(e); });
      if (!common) {
        e.message = "sweep point '" + echo(point_name) + "': " + e.message;
        if (e.where.line <= 0) {  // a generated value: at its axis's range
          for (std::size_t a = 0; a < s.axes.size(); ++a) {
            if (s.axes[a].values[at[a]].Mark().is_null())
              e.where = reader.where(s.axes[a].values_node);
          }
        }
      }
      reader.error(e.where, e.message, e.hint);
    }
    if (!scenario) continue;
    scenario->name = point_name;
    scenario->sweep = std::move(point);
    out.push_back(std::move(*scenario));
  }
  if (failed) out.clear();
  return out;
}

}  // namespace

std::vector<sim::Scenario> build_scenarios(Reader& reader, const ScenarioFields& fields) {
  const Field* block = fields.find("sweep");
  if (block == nullptr) {
    auto s = build_scenario(reader, fields);
    if (!s) return {};
    return {std::move(*s)};
  }
  const std::optional<Sweep> sweep = read_sweep(reader, fields, *block);
  if (!sweep) {
    build_scenario(reader, without_sweep(fields));  // the scenario's other errors, too
    return {};
  }
  const Field* name = fields.find("name");
  const auto text = name != nullptr && name->value.IsScalar() ? name->value.Scalar() : "";
  if (text.empty()) {
    build_scenario(reader, without_sweep(fields));  // says the name is missing
    return {};
  }
  return build_points(reader, fields, *sweep, text);
}

}  // namespace agentsim::scenarios::detail
