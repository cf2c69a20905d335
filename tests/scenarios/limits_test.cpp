// "Put a limit on everything": oversized, deeply nested, alias-bombed or overfull files are
// refused with a clear message — never a crash, a stack overflow or a hang — and arbitrary text
// never makes the loader throw.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "scenario_fixtures.h"

namespace agentsim::scenarios {
namespace {

using testing::first_message;

const std::string kTooDeep = "nested deeper than 16 levels";

LoadResult load(const std::string& text) { return load_scenario_text(text, "limits.yaml"); }

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(Limits, a_text_one_byte_over_a_mebibyte_is_refused_at_its_start) {
  std::string text = "name: big\n# ";
  text += std::string(kMaxFileBytes + 1 - text.size(), 'x');
  const LoadResult r = load(text);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(
      r.errors[0].format(),
      "limits.yaml:1:1: error: the file is 1048577 bytes, more than the limit of 1048576 bytes (1 "
      "MiB)\n"
      "  hint: split its scenarios over several files; a directory of files loads as one suite");
}

TEST(Limits, a_text_of_exactly_a_mebibyte_is_read) {
  std::string text = "name: big\n# ";
  text += std::string(kMaxFileBytes - 1 - text.size(), 'x') + "\n";
  ASSERT_EQ(text.size(), kMaxFileBytes);
  EXPECT_TRUE(load(text).ok());
}

TEST(Limits, a_hundred_thousand_open_brackets_are_refused_before_parsing) {
  for (const char* open : {"[", "{"}) {
    const LoadResult r = load("name: deep\nenvironment: " + repeat(open, 100000));
    ASSERT_EQ(r.errors.size(), 1u) << open;
    EXPECT_EQ(r.errors[0].message, kTooDeep);
    EXPECT_EQ(r.errors[0].where.line, 2);
    EXPECT_EQ(r.errors[0].where.column, 29) << "where the 17th level opens";
  }
}

TEST(Limits, deep_block_nesting_is_refused_before_parsing) {
  EXPECT_EQ(first_message(load(repeat("- ", 200000) + "x\n")), kTooDeep);
  std::string indented;
  for (int level = 0; level < 600; ++level) indented += std::string(level, ' ') + "a:\n";
  EXPECT_EQ(first_message(load(indented)), kTooDeep);
}

TEST(Limits, brackets_in_comments_strings_and_block_scalars_do_not_count_as_nesting) {
  const std::string brackets = repeat("[{", 100);
  const LoadResult r =
      load("name: 'x " + brackets + "'\n" + "# " + brackets + "\n" + "description: |\n  " +
           brackets + "\n" + "tags: [\"" + brackets + "\", 'it''s " + brackets + "']\n" +
           "expect:\n" + "  - metric: ghost_rate\n    op: \"<=\"\n    bound: 0.5\n" +
           "    note: plain text " + brackets + "\n");
  EXPECT_TRUE(r.ok()) << testing::all_errors(r);
}

TEST(Limits, nesting_of_exactly_sixteen_levels_passes_the_nesting_check) {
  // The 16th level is the deepest allowed; the file is then refused for its unknown key only.
  const LoadResult ok = load("name: x\nenvironment: " + repeat("[", 15) + repeat("]", 15) + "\n");
  EXPECT_EQ(first_message(ok),
            "environment: expected a mapping of environment parameters, got a list");
  const LoadResult deep = load("name: x\nenvironment: " + repeat("[", 16) + repeat("]", 16) + "\n");
  EXPECT_EQ(first_message(deep), kTooDeep);
}

TEST(Limits, an_alias_bomb_is_refused_without_expanding_it) {
  std::string text = "name: bomb\nx0: &a0 [" + repeat("v, ", 9) + "v]\n";
  for (int i = 1; i < 10; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    text += "x" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + repeat(prev + ", ", 9) +
            prev + "]\n";
  }
  const LoadResult r = load(text);  // 10^10 nodes once expanded
  ASSERT_EQ(r.errors.size(), 1u) << testing::all_errors(r);
  EXPECT_EQ(r.errors[0].message, "the file expands to more than 1000000 nodes");
}

TEST(Limits, a_self_referencing_alias_is_refused_as_too_deep) {
  EXPECT_EQ(first_message(load("name: loop\ntags: &t [a, *t]\n")), kTooDeep);
}

std::string suite_of(std::size_t n) {
  std::string text = "scenarios:\n";
  for (std::size_t i = 0; i < n; ++i) text += "  - {name: s" + std::to_string(i) + "}\n";
  return text;
}

TEST(Limits, a_file_may_hold_a_thousand_scenarios_but_not_one_more) {
  const LoadResult full = load(suite_of(kMaxScenariosPerFile));
  EXPECT_TRUE(full.ok()) << testing::all_errors(full);
  EXPECT_EQ(full.scenarios.size(), kMaxScenariosPerFile);
  const LoadResult over = load(suite_of(kMaxScenariosPerFile + 1));
  ASSERT_EQ(over.errors.size(), 1u);
  EXPECT_EQ(over.errors[0].format(),
            "limits.yaml:1002:5: error: too many scenarios in one file: 1001, more than the limit "
            "of 1000\n"
            "  hint: split them over several files; a directory of files loads as one suite");
}

TEST(Limits, at_most_a_hundred_errors_are_listed) {
  std::string text = "name: typos\nenvironment:\n";
  for (int i = 0; i < 150; ++i) text += "  typo_" + std::to_string(i) + ": 1\n";
  const LoadResult r = load(text);
  ASSERT_EQ(r.errors.size(), 101u);
  EXPECT_EQ(r.errors.back().format(),
            "limits.yaml: error: too many errors; only the first 100 are shown");
}

// Text made of the characters that matter to YAML and to the loader's own scanner.
rc::Gen<std::string> yamlish_text() {
  return rc::gen::container<std::string>(
      rc::gen::element(' ', ' ', '\n', '\t', ':', '-', '?', '[', ']', '{', '}', ',', '#', '\'', '"',
                       '|', '>', '&', '*', '!', '%', '@', '<', '=', 'a', 'n', 'e', '1', '.', '\\'));
}

RC_GTEST_PROP(Limits, any_text_loads_to_scenarios_or_to_errors_and_never_throws, ()) {
  const std::string text = *yamlish_text();
  const LoadResult r = load_scenario_text(text, "random.yaml");
  RC_ASSERT(r.ok() || r.scenarios.empty());
  for (const LoadError& e : r.errors) {
    RC_ASSERT(e.message.find("internal error") == std::string::npos);
    RC_ASSERT(!e.message.empty());
  }
}

RC_GTEST_PROP(Limits, a_mutated_good_file_loads_or_is_refused_and_never_throws, ()) {
  std::string text =
      "suite: s\ndefaults:\n  environment: {unload_window_tab_close_max_ms: 800}\n  strategy: {name: "
      "beforeunload_retry, max_attempts: 3}\n"
      "scenarios:\n  - name: a\n    tags: [x, y]\n    expect:\n      - ghost_rate <= 0.1 @ 99%\n"
      "      - {metric: offline_rate, op: \">=\", bound: 0.5, expect_fail: true}\n";
  const int edits = *rc::gen::inRange(1, 6);
  for (int i = 0; i < edits; ++i) {
    const std::size_t at = *rc::gen::inRange<std::size_t>(0, text.size());
    const char c = *rc::gen::element(' ', '\n', ':', '-', '[', '{', '\t', '#', '"', 'x', '0');
    switch (*rc::gen::inRange(0, 3)) {
      case 0:
        text.insert(at, 1, c);
        break;
      case 1:
        if (at < text.size()) text.erase(at, 1);
        break;
      default:
        if (at < text.size()) text[at] = c;
        break;
    }
  }
  const LoadResult r = load_scenario_text(text, "mutated.yaml");
  RC_ASSERT(r.ok() || r.scenarios.empty());
  for (const LoadError& e : r.errors)
    RC_ASSERT(e.message.find("internal error") == std::string::npos);
}

}  // namespace
}  // namespace agentsim::scenarios
