// Every fenced ```yaml example of docs/scenario-format.md (and of the README and
// docs/fuzzing.md) is a whole scenario file that loads without errors: the documentation cannot
// drift from the loader.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "scenario_fixtures.h"

namespace agentsim::scenarios {
namespace {

struct Example {
  int line = 0;  // of the opening fence
  std::string text;
};

std::vector<Example> yaml_examples(const std::string& path) {
  std::ifstream in(path);
  std::vector<Example> out;
  std::string line;
  int number = 0;
  bool inside = false;
  while (std::getline(in, line)) {
    ++number;
    if (!inside && line == "```yaml") {
      inside = true;
      out.push_back({number, ""});
    } else if (inside && line.rfind("```", 0) == 0) {
      inside = false;
    } else if (inside) {
      out.back().text += line + "\n";
    }
  }
  EXPECT_FALSE(inside) << path << ": an unclosed ```yaml fence";
  return out;
}

TEST(DocExamples, every_yaml_example_of_the_scenario_format_loads) {
  const std::string doc = testing::source_path("docs/scenario-format.md");
  const std::vector<Example> examples = yaml_examples(doc);
  EXPECT_GE(examples.size(), 5u) << "the examples were not found in " << doc;
  int center = 0;
  int composed = 0;
  for (const Example& e : examples) {
    const std::string name = "scenario-format.md:" + std::to_string(e.line);
    const LoadResult r = load_scenario_text(e.text, name);
    EXPECT_TRUE(r.ok()) << name << ":\n" << e.text << testing::all_errors(r);
    EXPECT_FALSE(r.scenarios.empty()) << name;
    for (const sim::Scenario& s : r.scenarios) {
      EXPECT_TRUE(s.session.validate().empty()) << name << ": " << s.name;
      if (s.center) {
        ++center;
        EXPECT_TRUE(s.center->validate().empty()) << name << ": " << s.name;
      }
      if (s.session.strategy.server != sim::ServerSide::None &&
          s.session.strategy.kind != sim::StrategyKind::HeartbeatSweeper &&
          s.session.strategy.kind != sim::StrategyKind::EventStreamSweeper) {
        ++composed;
      }
    }
  }
  EXPECT_GE(center, 1) << "the center block is documented by an example";
  EXPECT_GE(composed, 1) << "composition is documented by an example";
}

// The claim example of docs/fuzzing.md did not parse (its unquoted name held ": "): the examples
// of the README and of the fuzzing guide load too.
TEST(DocExamples, every_yaml_example_of_the_readme_and_the_fuzzing_guide_loads) {
  for (const char* file : {"README.md", "docs/fuzzing.md"}) {
    const std::string doc = testing::source_path(file);
    const std::vector<Example> examples = yaml_examples(doc);
    EXPECT_GE(examples.size(), 1u) << "the examples were not found in " << doc;
    for (const Example& e : examples) {
      const std::string name = std::string(file) + ":" + std::to_string(e.line);
      const LoadResult r = load_scenario_text(e.text, name);
      EXPECT_TRUE(r.ok()) << name << ":\n" << e.text << testing::all_errors(r);
    }
  }
}

}  // namespace
}  // namespace agentsim::scenarios
