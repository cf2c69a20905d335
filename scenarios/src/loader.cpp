// Loading one text: the document checks (size, nesting, syntax, one mapping), then a single
// scenario or a suite with defaults.
#include "agentsim/scenarios/loader.h"

#include <filesystem>
#include <map>

#include "fields.h"
#include "scenario_builder.h"
#include "sweep_reader.h"
#include "text_scan.h"

namespace agentsim::scenarios {

using detail::Field;
using detail::Reader;

namespace {

constexpr std::size_t kMaxNodesVisited = 1000000;

const char* const kTopLevel =
    "a scenario (a mapping with `name:`) or a suite (a mapping with `scenarios:`)";

// Walks every node without recursion: refuses a collection nested deeper than kMaxNestingDepth
// and a file whose aliases expand it beyond kMaxNodesVisited nodes.
bool check_nesting(Reader& reader, const YAML::Node& root) {
  std::vector<std::pair<YAML::Node, int>> stack{{root, 1}};
  std::vector<YAML::Node> children;
  std::size_t visited = 0;
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    if (++visited > kMaxNodesVisited) {
      reader.error({reader.file(), 1, 1},
                   "the file expands to more than " + std::to_string(kMaxNodesVisited) + " nodes",
                   "aliases (*name) that repeat large nodes multiply the size of a file");
      return false;
    }
    if (!node.IsMap() && !node.IsSequence()) continue;
    if (depth > kMaxNestingDepth) {
      reader.error(reader.where(node), detail::too_deep_message(), detail::too_deep_hint());
      return false;
    }
    children.clear();
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (node.IsMap()) {
        children.push_back(it->first);
        children.push_back(it->second);
      } else {
        children.push_back(*it);
      }
    }
    // Pushed in reverse, so that the first node deeper than the limit in the file is found first.
    for (auto c = children.rbegin(); c != children.rend(); ++c) stack.emplace_back(*c, depth + 1);
  }
  return true;
}

std::optional<YAML::Node> parse_document(Reader& reader, std::string_view text) {
  const sim::SourceLocation start{reader.file(), 1, 1};
  detail::TextScan scan;
  scan.issue = detail::check_size(text.size());
  if (!scan.issue) scan = detail::scan_text(text);
  if (scan.issue) {
    reader.error({reader.file(), scan.issue->line, scan.issue->column}, scan.issue->message,
                 scan.issue->hint);
    return std::nullopt;
  }
  if (!scan.has_content) {
    reader.error(start, std::string("empty file: expected ") + kTopLevel);
    return std::nullopt;
  }
  std::optional<YAML::Node> parsed;
  try {
    parsed.emplace(YAML::Load(std::string(text)));  // the first document only (see text_scan.h)
  } catch (const YAML::ParserException& e) {
    reader.error(e.mark.is_null() ? start : reader.where(e.mark), "YAML syntax error: " + e.msg,
                 "check the indentation, the quoting and the brackets here or just before");
    return std::nullopt;
  }
  const YAML::Node& root = *parsed;
  if (!check_nesting(reader, root)) return std::nullopt;
  if (!root.IsMap()) {
    reader.error(
        root.IsNull() ? start : reader.where(root),
        std::string("expected ") + kTopLevel + " at the top level, got " + detail::describe(root),
        root.IsSequence() ? "a suite lists its scenarios under `scenarios:`" : "");
    return std::nullopt;
  }
  return root;
}

void read_scenario_list(Reader& reader, const Field& list, const detail::ScenarioFields& defaults,
                        LoadResult& result) {
  if (!list.value.IsSequence()) {
    reader.error(list,
                 "scenarios: expected a list of scenarios, got " + detail::describe(list.value));
    return;
  }
  if (list.value.size() == 0) {
    reader.error(list, "the suite has no scenarios",
                 "add at least one under `scenarios:`, each a mapping with `name:`");
    return;
  }
  if (list.value.size() > kMaxScenariosPerFile) {
    reader.error(reader.where(list.value[kMaxScenariosPerFile]),
                 "too many scenarios in one file: " + std::to_string(list.value.size()) +
                     ", more than the limit of " + std::to_string(kMaxScenariosPerFile),
                 "split them over several files; a directory of files loads as one suite");
    return;
  }
  std::map<std::string, int> first_line;  // scenario name -> line of its name
  for (const YAML::Node& item : list.value) {
    if (!item.IsMap()) {
      reader.error(reader.where(item),
                   "scenarios: each item must be a scenario (a mapping with `name:`), got " +
                       detail::describe(item));
      continue;
    }
    const detail::ScenarioFields fields =
        detail::merge(defaults, detail::collect_scenario(reader, item));
    for (sim::Scenario& s : detail::build_scenarios(reader, fields)) {
      const Field& name = *fields.find("name");
      const auto [it, inserted] = first_line.emplace(s.name, reader.where(name).line);
      if (!inserted) {
        reader.error(name, "duplicate scenario name '" + detail::echo(s.name) + "'",
                     "the first is at line " + std::to_string(it->second) +
                         "; scenario names must be unique");
        continue;
      }
      if (result.scenarios.size() == kMaxScenariosPerFile * 10) {
        reader.error(name,
                     "too many scenarios in one file once its sweeps are expanded: more than " +
                         std::to_string(kMaxScenariosPerFile * 10),
                     "split the sweeps over several files");
      }
      result.scenarios.push_back(std::move(s));
    }
  }
}

void read_suite(Reader& reader, const YAML::Node& root, LoadResult& result) {
  const detail::KeySpec spec{
      "key",
      "in the suite",
      {"suite", "description", "defaults", "scenarios"},
      "valid keys",
      "",
      {{"name", "a suite is named by `suite:`; its scenarios go under `scenarios:`"}}};
  static const detail::ScenarioFields kNoDefaults;
  std::optional<detail::ScenarioFields> defaults;
  std::optional<Field> scenarios;
  for (const Field& f : reader.entries(root, spec)) {
    if (f.key == "suite") {
      if (const auto name = reader.name(f, "suite")) result.suite_name = *name;
    } else if (f.key == "description") {
      if (const auto text = reader.prose(f, "description")) result.suite_description = *text;
    } else if (f.key == "defaults") {
      if (reader.is_mapping(f, "defaults"))
        defaults.emplace(detail::collect_defaults(reader, f.value));
    } else {
      scenarios.emplace(f);
    }
  }
  if (!scenarios) {
    reader.error(reader.where(root), "missing required key 'scenarios' in the suite",
                 "list the scenarios under `scenarios:`, each a mapping with `name:`");
    return;
  }
  read_scenario_list(reader, *scenarios, defaults ? *defaults : kNoDefaults, result);
}

bool is_suite(const YAML::Node& root) {
  for (const char* key : {"scenarios", "suite", "defaults"}) {
    if (root[key]) return true;
  }
  return false;
}

}  // namespace

std::string LoadError::format() const {
  std::string out = where.file;
  if (where.line > 0) out += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
  out += ": error: " + message;
  if (!hint.empty()) out += "\n  hint: " + hint;
  return out;
}

LoadResult load_scenario_text(std::string_view text, const std::string& display_name) {
  LoadResult result;
  result.suite_name = std::filesystem::path(display_name).stem().string();
  Reader reader(display_name);
  try {
    if (const auto root = parse_document(reader, text)) {
      if (is_suite(*root)) {
        read_suite(reader, *root, result);
      } else {
        result.scenarios = detail::build_scenarios(reader, detail::collect_scenario(reader, *root));
      }
    }
  } catch (const std::exception& e) {
    // yaml-cpp reports misuse by exceptions; none is expected, but a bad file must not crash.
    reader.error({display_name, 0, 0}, std::string("internal error while reading: ") + e.what(),
                 "this is a bug in agentsim: please report it with the file");
  }
  result.errors = reader.take_errors();
  if (!result.errors.empty()) result.scenarios.clear();
  return result;
}

}  // namespace agentsim::scenarios
