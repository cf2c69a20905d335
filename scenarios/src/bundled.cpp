// The default suite, compiled into the library.
#include "agentsim/scenarios/loader.h"
#include "combiner.h"
#include "embedded_files.h"

namespace agentsim::scenarios {

namespace {
const char* const kBundledDirectory = "<bundled>/default";
}  // namespace

const std::vector<std::pair<std::string, std::string>>& bundled_default_files() {
  static const std::vector<std::pair<std::string, std::string>> files = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 0; i < detail::kEmbeddedDefaultSuiteCount; ++i) {
      const detail::EmbeddedFile& f = detail::kEmbeddedDefaultSuite[i];
      out.emplace_back(f.name, std::string(reinterpret_cast<const char*>(f.data), f.size));
    }
    return out;
  }();
  return files;
}

LoadResult load_default_suite() {
  detail::Combiner combiner;
  if (bundled_default_files().empty()) {
    combiner.add_error(detail::file_error(kBundledDirectory, "the bundled default suite is empty",
                                          "agentsim was built without scenarios/default/*.yaml"));
  }
  for (const auto& [name, content] : bundled_default_files()) {
    combiner.add(load_scenario_text(content, std::string(kBundledDirectory) + "/" + name));
  }
  LoadResult result = combiner.finish("default");
  result.suite_name = "default";
  return result;
}

}  // namespace agentsim::scenarios
