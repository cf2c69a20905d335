#include "combiner.h"

#include <algorithm>

#include "yaml_reader.h"

namespace agentsim::scenarios::detail {

LoadError file_error(const std::string& path, std::string message, std::string hint) {
  sim::SourceLocation whole_file;
  whole_file.file = path;
  return make_error(whole_file, std::move(message), std::move(hint));
}

void Combiner::add(LoadResult file) {
  ++files_;
  suite_names_.push_back(file.suite_name);
  if (result_.suite_description.empty()) result_.suite_description = file.suite_description;
  if (!file.ok()) {
    for (LoadError& e : file.errors) result_.errors.push_back(std::move(e));
    return;
  }
  bool clash = false;
  for (const sim::Scenario& s : file.scenarios) {
    const auto it = names_.find(s.name);
    if (it == names_.end()) continue;
    clash = true;
    result_.errors.push_back(make_error(
        s.where, "duplicate scenario name '" + echo(s.name) + "'",
        "the first is in " + it->second.file + " at line " + std::to_string(it->second.line) +
            "; scenario names must be unique across the files loaded together"));
  }
  if (clash) return;
  for (sim::Scenario& s : file.scenarios) {
    names_.emplace(s.name, s.where);
    result_.scenarios.push_back(std::move(s));
  }
}

LoadResult Combiner::finish(const std::string& fallback_name) {
  const bool agree = !suite_names_.empty() &&
                     std::all_of(suite_names_.begin(), suite_names_.end(),
                                 [&](const std::string& n) { return n == suite_names_.front(); });
  result_.suite_name = agree ? suite_names_.front() : fallback_name;
  if (!result_.errors.empty()) result_.scenarios.clear();
  return std::move(result_);
}

}  // namespace agentsim::scenarios::detail
