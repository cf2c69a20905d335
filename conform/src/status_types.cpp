#include "agentsim/conform/status_types.h"

#include <yaml-cpp/yaml.h>

namespace agentsim::conform {

StatusType StatusTypes::resolve(const std::string& name, std::optional<StatusType> record_type) const {
  if (record_type) return *record_type;
  const auto it = by_name.find(name);
  if (it != by_name.end()) return it->second;
  defaulted.insert(name);
  if (name == "Available") return StatusType::Routable;
  if (name == "Offline") return StatusType::Offline;
  return StatusType::Custom;
}

StatusTypes parse_status_types(std::string_view text, const std::string& file,
                               std::vector<ReadError>& errors) {
  StatusTypes out;
  auto fail = [&](const YAML::Mark& m, std::string message) {
    errors.push_back({file, m.line + 1, m.column + 1, std::move(message)});
  };
  if (text.size() > kMaxStatusTypeFileBytes) {
    errors.push_back({file, 1, 1, "the status-type file is " + std::to_string(text.size()) +
                                      " bytes, over the limit of 1 MiB"});
    return out;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    fail(e.mark, "not YAML or JSON: " + e.msg);
    return out;
  }
  if (!root.IsMap()) {
    errors.push_back({file, root.Mark().line + 1 > 0 ? root.Mark().line + 1 : 1, 1,
                      "expected a map of status name to type (e.g. `Lunch: CUSTOM`)"});
    return out;
  }
  for (const auto& kv : root) {
    if (out.by_name.size() >= kMaxStatusTypeEntries) {
      fail(kv.first.Mark(), "more than " + std::to_string(kMaxStatusTypeEntries) + " statuses");
      return out;
    }
    if (!kv.first.IsScalar() || !kv.second.IsScalar()) {
      fail(kv.first.Mark(), "each entry is `status name: ROUTABLE | CUSTOM | OFFLINE`");
      continue;
    }
    const std::string name = kv.first.Scalar();
    const auto type = parse_status_type(kv.second.Scalar());
    if (!type) {
      fail(kv.second.Mark(), "status \"" + name + "\": expected ROUTABLE, CUSTOM or OFFLINE, got \"" +
                                 kv.second.Scalar().substr(0, 64) + "\"");
      continue;
    }
    if (!out.by_name.emplace(name, *type).second) {
      fail(kv.first.Mark(), "status \"" + name + "\" is listed twice");
    }
  }
  return out;
}

}  // namespace agentsim::conform
