// Several files loaded together: their scenarios concatenated, names unique across them.
#pragma once

#include <map>
#include <string>

#include "agentsim/scenarios/loader.h"

namespace agentsim::scenarios::detail {

// An error about a whole file or directory (no line or column).
LoadError file_error(const std::string& path, std::string message, std::string hint = {});

class Combiner {
 public:
  // Adds one file's result. A file with an error, or with a scenario named like one of an
  // earlier file (reported at the later one), contributes no scenarios.
  void add(LoadResult file);
  void add_error(LoadError error) { result_.errors.push_back(std::move(error)); }
  bool empty() const { return files_ == 0; }

  // The suite is named after its files when they agree, else `fallback_name`; its description
  // is the first file's that has one.
  LoadResult finish(const std::string& fallback_name);

 private:
  LoadResult result_;
  std::map<std::string, sim::SourceLocation> names_;
  std::vector<std::string> suite_names_;
  int files_ = 0;
};

}  // namespace agentsim::scenarios::detail
