#include "agentsim/reports/model_diagram.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "agentsim/model/transition_table.h"
#include "agentsim/reports/generated_section.h"
#include "test_support.h"

namespace agentsim::reports {
namespace {

TEST(ModelDoc, DocsModelMdEmbedsTheTableGeneratedFromTheCurrentMachine) {
  const std::string path = std::string(AGENTSIM_SOURCE_DIR) + "/docs/model.md";
  const std::string doc = agentsim::testing::read_text_file(path);
  ASSERT_FALSE(doc.empty()) << path;
  const auto regenerated = splice_model_doc(doc);
  ASSERT_TRUE(regenerated.has_value()) << "generated-section markers missing in " << path;
  EXPECT_EQ(*regenerated, doc)
      << "docs/model.md is stale. Run: build/agentsim model --update-doc docs/model.md";
}

TEST(ModelDoc, SplicingReplacesOnlyTheTextBetweenTheMarkers) {
  const std::string doc = std::string("before\n") + generated_begin_marker(kModelDocTag) +
                          "\nstale-generated-text\n" + std::string(kGeneratedEnd) + "\nafter\n";
  const auto out = splice_model_doc(doc);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->find("stale-generated-text"), std::string::npos);
  EXPECT_EQ(out->rfind("before\n", 0), 0u);
  EXPECT_NE(out->find("after\n"), std::string::npos);
  EXPECT_NE(out->find("| `LoggedOut` |"), std::string::npos);
}

TEST(ModelDoc, SplicingRefusesADocumentWithoutMarkersInOrder) {
  EXPECT_FALSE(splice_model_doc("no markers here").has_value());
  const std::string reversed = std::string(kGeneratedEnd) + generated_begin_marker(kModelDocTag);
  EXPECT_FALSE(splice_model_doc(reversed).has_value());
}

TEST(ModelDiagram, TheMarkdownTableListsEveryRowOfTheMachine) {
  const std::string md = render_model(DiagramFormat::Markdown);
  std::size_t rows = 0;
  for (const model::TransitionRow& r : model::transition_rows()) {
    const std::string needle = "| `" + std::string(r.source) + "` | `" + std::string(r.event) + "` |";
    EXPECT_NE(md.find(needle), std::string::npos) << needle;
    ++rows;
  }
  // 43 rows in the top machine (AutoAccepted and the 6 Chats rows included), 28 in the
  // StatusPanel submachine (agent_machine.cpp).
  EXPECT_EQ(rows, 71u);
}

TEST(ModelDiagram, DotOutputRendersWithGraphvizAndNamesEveryState) {
  testing::TempDir dir("dot");
  const std::string dot_file = (dir.path() / "model.dot").string();
  const auto gen = testing::run_command(std::string(AGENTSIM_BINARY) + " model --format dot > " + dot_file);
  ASSERT_EQ(gen.exit_code, 0) << gen.output;
  const auto plain = testing::run_command("dot -Tplain " + dot_file);
  ASSERT_EQ(plain.exit_code, 0) << "graphviz rejected the dot output:\n" << plain.output;
  std::set<std::string> nodes;
  std::istringstream lines(plain.output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string kind, name;
    words >> kind >> name;
    if (kind == "node") nodes.insert(name);
  }
  const std::string dot_text = agentsim::testing::read_text_file(dot_file);
  for (const model::StateInfo& s : model::state_infos()) {
    if (s.name == "StatusPanel") {
      // The submachine is drawn as the clusters of its two regions.
      EXPECT_NE(dot_text.find("StatusPanel submachine"), std::string::npos);
      continue;
    }
    EXPECT_TRUE(nodes.count(std::string(s.name))) << "state missing from the graph: " << s.name;
  }
}

TEST(ModelDiagram, MermaidOutputNamesEveryTransitionSourceAndTarget) {
  const std::string mm = render_model(DiagramFormat::Mermaid);
  EXPECT_EQ(mm.rfind("stateDiagram-v2\n", 0), 0u);
  for (const model::TransitionRow& r : model::transition_rows()) {
    const std::string edge = std::string(r.source) + " --> " + std::string(r.target) + " : " +
                             std::string(r.event);
    EXPECT_NE(mm.find(edge), std::string::npos) << edge;
  }
}

TEST(ModelDiagram, OnlyTheThreeDocumentedFormatNamesParse) {
  EXPECT_EQ(parse_diagram_format("dot"), DiagramFormat::Dot);
  EXPECT_EQ(parse_diagram_format("mermaid"), DiagramFormat::Mermaid);
  EXPECT_EQ(parse_diagram_format("markdown"), DiagramFormat::Markdown);
  EXPECT_FALSE(parse_diagram_format("svg").has_value());
  EXPECT_FALSE(parse_diagram_format("").has_value());
}

}  // namespace
}  // namespace agentsim::reports
