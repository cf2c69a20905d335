// Input that cannot slip through (issue 13, items 3, 4, 5, 7 and 9): each test first shows what
// landed — what yaml-cpp, or the loader before the fix, made of the input — then that the
// loader now refuses it at its line and column, saying what was expected.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <string>

#include "scenario_fixtures.h"

namespace agentsim::scenarios {
namespace {

using testing::all_errors;
using testing::first_message;

LoadResult load(const std::string& text) { return load_scenario_text(text, "guard.yaml"); }

// The first error as "line:column: error: message", with its hint line when there is one.
std::string first_error(const LoadResult& r) {
  if (r.errors.empty()) return "(no error)";
  std::string s = r.errors.front().format();
  return s.substr(s.find(':') + 1);  // without the file name
}

// ---- item 3: content after the top-level node ----------------------------------------------

TEST(TopLevelNode, yaml_cpp_drops_what_follows_an_indented_top_level_mapping) {
  // What landed: the scenario ran with "(no expectations)" and passed.
  const std::string text = "  name: x\nstrategy: none\nexpect:\n  - ghost_rate <= 0.05\n";
  const YAML::Node root = YAML::Load(text);
  ASSERT_TRUE(root.IsMap());
  EXPECT_EQ(root.size(), 1u);
  EXPECT_FALSE(root["expect"]);
  // The fix: an error at the first line indented less than the mapping.
  EXPECT_EQ(first_error(load(text)),
            "2:1: error: content after the end of the top-level mapping, which starts indented at "
            "line 1, column 3: this line and everything after it would be ignored\n"
            "  hint: start every top-level key at the same column, usually column 1 (no "
            "indentation)");
}

TEST(TopLevelNode, yaml_cpp_drops_what_follows_a_top_level_flow_mapping) {
  const std::string text = "{name: x, strategy: none}\nexpect:\n  - ghost_rate <= 0.05\n";
  EXPECT_FALSE(YAML::Load(text)["expect"]);
  EXPECT_EQ(first_error(load(text)),
            "2:1: error: content after the top-level flow mapping, which ends at line 1, column "
            "25: this and everything after it would be ignored\n"
            "  hint: write the scenario as a block mapping, one `key: value` per line, or put "
            "every key inside the braces");
  // On the same line, after the closing brace, too (here yaml-cpp happens to see an error).
  EXPECT_EQ(load("{name: x}   seed: 2\n").errors.front().where.column, 13);
  // A flow mapping spread over lines ends at its last brace.
  EXPECT_EQ(load("{name: x,\n strategy: none}\nseed: 2\n").errors.front().where.line, 3);
}

TEST(TopLevelNode, an_anchor_or_tag_line_before_an_indented_mapping_does_not_hide_its_end) {
  const std::string text = "&a\n  name: x\nseed: 2\n";
  EXPECT_FALSE(YAML::Load(text)["seed"]);  // what landed
  const LoadResult r = load(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors.front().where.line, 3);
  EXPECT_EQ(load("!!map\n  name: x\nseed: 2\n").errors.front().where.line, 3);
  EXPECT_EQ(load("--- {name: x}\nseed: 2\n").errors.front().where.line, 2);
  EXPECT_EQ(load("&a {name: x}\nseed: 2\n").errors.front().where.line, 2);
}

TEST(TopLevelNode, files_that_hold_one_node_still_load) {
  for (const std::string& text :
       {std::string("  name: x\n  seed: 2\n"),                // indented, but consistently
        std::string("{name: x, seed: 2}\n# a comment\n...\n"),  // a flow mapping, then nothing
        std::string("{name: x,\n  seed: 2}\n"),
        std::string("# c\n\n  name: x\n\n  # c\n  seed: 2\n"),
        std::string("  name: x\n  description: |\n    text\n\n    more\n  seed: 2\n"),
        std::string("  name: \"a\n  b\"\n  seed: 2\n"),
        std::string("--- # the document\nname: x\nseed: 2\n"),
        std::string("\xEF\xBB\xBF  name: x\n  seed: 2\n")}) {  // a UTF-8 byte-order mark
    const LoadResult r = load(text);
    ASSERT_TRUE(r.ok()) << text << "\n" << all_errors(r);
    EXPECT_EQ(r.scenarios[0].seed, 2u) << text;
  }
}

// ---- item 3: UTF-8 only --------------------------------------------------------------------------

TEST(Encoding, invalid_utf8_in_a_name_is_refused_at_its_byte_where_it_was_replaced_before) {
  const std::string text = "name: \xFF\xFE\xFA\nstrategy: none\n";
  // What landed: yaml-cpp passes the bytes through, the name validated (and the reports showed
  // U+FFFD for each byte).
  EXPECT_EQ(YAML::Load(text)["name"].Scalar(), "\xFF\xFE\xFA");
  EXPECT_EQ(first_error(load(text)),
            "1:7: error: invalid UTF-8 (bytes FF FE FA): a scenario file is UTF-8 text\n"
            "  hint: save the file as UTF-8 (without a byte-order mark, or with the UTF-8 one); "
            "was it written as Latin-1 or Windows-1252, or is it not text?");
}

TEST(Encoding, every_kind_of_malformed_utf8_is_refused_anywhere_in_the_file) {
  const std::string head = "name: x\ndescription: caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\n# ";
  ASSERT_TRUE(load(head + "\n").ok()) << "valid multi-byte UTF-8 loads";
  for (const std::string& bad : {std::string("\xC0\xAF"),           // overlong '/'
                                std::string("\xE0\x80\xAF"),       // overlong, 3 bytes
                                std::string("\xED\xA0\x80"),       // a UTF-16 surrogate
                                std::string("\xF4\x90\x80\x80"),   // above U+10FFFF
                                std::string("\xE2\x82"),           // truncated at the end
                                std::string("\x80"),               // a lone continuation byte
                                std::string("\xE9t\xE9")}) {       // Latin-1 "été"
    const LoadResult r = load(head + bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.errors.front().where.line, 3) << "even in a comment";
    EXPECT_EQ(r.errors.front().where.column, 3);
    EXPECT_EQ(first_message(r).rfind("invalid UTF-8 (bytes ", 0), 0u) << first_message(r);
  }
}

TEST(Encoding, utf16_and_utf32_are_refused_by_their_byte_order_mark_or_their_nul_bytes) {
  const struct {
    std::string bytes;
    std::string encoding;
  } boms[] = {{"\xFF\xFE", "UTF-16 (little-endian)"},
              {"\xFE\xFF", "UTF-16 (big-endian)"},
              {std::string("\xFF\xFE\0\0", 4), "UTF-32 (little-endian)"},
              {std::string("\0\0\xFE\xFF", 4), "UTF-32 (big-endian)"}};
  for (const auto& bom : boms) {
    const LoadResult r = load(bom.bytes + std::string("n\0a\0m\0e\0:\0 \0x\0\n\0", 16));
    EXPECT_EQ(first_error(r),
              "1:1: error: the file is " + bom.encoding +
                  " text (it starts with that byte-order mark): a scenario file is UTF-8\n"
                  "  hint: save the file as UTF-8 (without a byte-order mark, or with the UTF-8 "
                  "one)");
  }
  // Without a mark: the first NUL byte.
  const LoadResult r = load(std::string("n\0a\0m\0e\0", 8));
  EXPECT_EQ(first_error(r).substr(0, 28), "1:2: error: a NUL byte (00):");
  EXPECT_EQ(load(std::string("name: x\nseed: 1\0", 16)).errors.front().where.column, 8);
}

// ---- item 4: bounds a metric can reach, sane confidences ----------------------------------------

std::string expectation_error(const std::string& expectation, bool center = false) {
  return first_error(load(std::string("name: x\n") + (center ? "center: {agents: 2}\n" : "") +
                          "expect:\n  - " + expectation + "\n"));
}

TEST(ExpectationBounds, a_bound_outside_the_metrics_range_or_at_an_end_it_cannot_cross_is_refused) {
  // What landed: `ghost_rate <= 2` always passed, `ghost_rate < 0` never could.
  EXPECT_EQ(expectation_error("ghost_rate <= 2"),
            "3:19: error: expectation `ghost_rate <= 2` always passes: ghost_rate is a proportion, "
            "from 0 to 1\n"
            "  hint: expected a bound of `<=` at least 0 and below 1, so that the measurement can "
            "fall on either side of it");
  EXPECT_EQ(expectation_error("ghost_rate < 0"),
            "3:18: error: expectation `ghost_rate < 0` can never pass: ghost_rate is a "
            "proportion, from 0 to 1\n"
            "  hint: expected a bound of `<` above 0 and at most 1, so that the measurement can "
            "fall on either side of it");
  const char* const refused[] = {
      "ghost_rate <= 1",          "ghost_rate >= 0",    "ghost_rate > 1",
      "ghost_rate > -0.5",        "offline_rate >= 1.5", "ghost_seconds.p95 < 0",
      "api_calls_per_close >= 0", "unaccepted_events <= -1",
      "longest_ghost_seconds > -3"};
  for (const char* e : refused) {
    EXPECT_NE(expectation_error(e).find("expectation `"), std::string::npos) << e;
  }
  EXPECT_NE(expectation_error("ghost_agent_minutes < 0", true).find("can never pass"),
            std::string::npos);
  EXPECT_NE(expectation_error("wait_added_mean_s >= -1", true).find("always passes"),
            std::string::npos);
  for (const char* e : {"ghost_rate <= 0", "ghost_rate > 0", "ghost_rate >= 1", "ghost_rate < 1",
                        "ghost_rate < 0.001", "ghost_seconds.p95 <= 0", "ghost_seconds.p95 > 0",
                        "unaccepted_events < 1", "api_calls_per_close <= 1e6"}) {
    const LoadResult r = load(std::string("name: x\nexpect:\n  - ") + e + "\n");
    EXPECT_TRUE(r.ok()) << e << "\n" << all_errors(r);
  }
}

TEST(ExpectationBounds, the_mapping_form_is_held_to_the_same_range_at_its_bound) {
  const LoadResult r =
      load("name: x\nexpect:\n  - metric: spurious_offline_rate\n    op: \">\"\n    bound: 1\n");
  EXPECT_EQ(first_error(r),
            "5:12: error: expect.bound: expectation `spurious_offline_rate > 1` can never pass: "
            "spurious_offline_rate is a proportion, from 0 to 1\n"
            "  hint: expected a bound of `>` at least 0 and below 1, so that the measurement can "
            "fall on either side of it");
}

TEST(ExpectationBounds, a_confidence_is_between_one_half_and_0_9999) {
  // What landed: any value in (0, 1), 1e-300 included.
  EXPECT_EQ(expectation_error("\"ghost_rate <= 0.1 @ 1e-300\""),
            "3:5: error: confidence must be between 0.5 and 0.9999 (50% and 99.99%), got 1e-300\n"
            "  hint: a confidence is a fraction: 0.95, or 95% in the string form");
  EXPECT_EQ(expectation_error("ghost_rate <= 0.1 @ 49.9%").substr(0, 82),
            "3:25: error: confidence must be between 0.5 and 0.9999 (50% and 99.99%), got 49.9%");
  EXPECT_NE(expectation_error("ghost_rate <= 0.1 @ 0.99995").find("got 0.99995"),
            std::string::npos);
  EXPECT_EQ(expectation_error("{metric: ghost_rate, op: '<=', bound: 0.1, confidence: 0.3}")
                .substr(0, 88),
            "3:60: error: expect.confidence: must be between 0.5 and 0.9999 (50% and 99.99%), got "
            "0.3");
  for (const char* ok : {"ghost_rate <= 0.1 @ 50%", "ghost_rate <= 0.1 @ 0.9999",
                         "ghost_rate <= 0.1 @ 99.99%"}) {
    EXPECT_TRUE(load(std::string("name: x\nexpect:\n  - ") + ok + "\n").ok()) << ok;
  }
}

// ---- item 5: weights whose sum overflows, rates near zero ----------------------------------------

TEST(ParameterBounds, close_weights_whose_sum_overflows_are_refused) {
  // Each weight is finite and within its range [0, inf); the sum is +inf, and every session took
  // the last kind.
  const LoadResult r =
      load("name: x\nenvironment: {close_weight_crash: 1e308, close_weight_reload: 1e308}\n");
  EXPECT_EQ(first_error(r),
            "2:1: error: environment: close_weight_*: the weights sum to more than the largest "
            "number (about 1.8e308); they are relative: scale them down");
  EXPECT_NE(first_message(load("name: x\nenvironment: {pre_weight_idle: 1.5e308, "
                               "pre_weight_acw: 1.5e308}\n"))
                .find("pre_weight_*: the weights sum to more than"),
            std::string::npos);
  EXPECT_TRUE(load("name: x\nenvironment: {close_weight_crash: 1e300, close_weight_reload: "
                   "1e300}\n")
                  .ok());
}

TEST(ParameterBounds, a_sweeper_rate_near_zero_is_refused_but_zero_still_means_no_pacing) {
  // What landed: 1e-13 validated, and the pacer's wait (1 / rate µs) overflowed std::int64_t.
  EXPECT_EQ(first_error(load("name: x\nstrategy: {name: heartbeat_sweeper, sweeper_rate_rps: "
                             "1e-13}\n")),
            "2:55: error: strategy.sweeper_rate_rps: must be 0 (no pacing) or between 0.001 and "
            "1000000 requests/s, got 1e-13");
  for (const char* rate : {"0", "0.001", "2", "1000000"}) {
    const LoadResult r = load(std::string("name: x\nstrategy: {name: heartbeat_sweeper, "
                                          "sweeper_rate_rps: ") +
                              rate + "}\n");
    EXPECT_TRUE(r.ok()) << rate << "\n" << all_errors(r);
  }
}

TEST(ParameterBounds, a_contact_rate_near_zero_is_refused_in_both_modes) {
  EXPECT_EQ(first_message(load("name: x\nenvironment: {contact_arrival_rate_per_min: 1e-300}\n")),
            "environment: contact_arrival_rate_per_min: must be 0 (no contacts) or at least "
            "1e-06 per minute");
  EXPECT_EQ(first_message(load("name: x\ncenter: {contact_rate_per_min: 1e-300}\n")),
            "center.contact_rate_per_min: must be 0 (no contacts) or at least 1e-06 per minute");
  EXPECT_TRUE(load("name: x\nenvironment: {contact_arrival_rate_per_min: 0}\n").ok());
  EXPECT_TRUE(load("name: x\ncenter: {contact_rate_per_min: 0.000001}\n").ok());
}

// ---- item 9: one grammar of numbers for every parameter -----------------------------------------

TEST(OneNumberGrammar, strategy_parameters_refuse_quoted_numbers_and_hex_like_environment_ones) {
  // What landed: `max_attempts: "5"` and `base_ms: 0x10` were read as 5 and 16 (strtod), while
  // `api_5xx_prob: "0.1"` was refused.
  EXPECT_EQ(first_error(load("name: x\nstrategy: {name: beforeunload_retry, max_attempts: "
                             "\"5\"}\n")),
            "2:52: error: strategy.max_attempts: expected an integer, got the string \"5\"\n"
            "  hint: remove the quotes: a quoted value is a string");
  EXPECT_EQ(first_error(load("name: x\nenvironment: {api_5xx_prob: \"0.1\"}\n")),
            "2:29: error: environment.api_5xx_prob: expected a number, got the string \"0.1\"\n"
            "  hint: remove the quotes: a quoted value is a string");
  EXPECT_EQ(first_message(load("name: x\nstrategy: {name: beforeunload_retry, base_ms: 0x10}\n")),
            "strategy.base_ms: expected a duration in ms, got '0x10'");
  EXPECT_EQ(first_message(load("name: x\nenvironment: {api_5xx_prob: 0x0}\n")),
            "environment.api_5xx_prob: expected a number, got '0x0'");
  EXPECT_EQ(first_message(load("name: x\nstrategy: {name: heartbeat_sweeper, "
                               "recheck_before_send: \"false\"}\n")),
            "strategy.recheck_before_send: expected a boolean (true or false), got the string "
            "\"false\"");
  // Names may be quoted: they are strings.
  EXPECT_TRUE(load("name: x\nstrategy: {name: beforeunload_retry, backoff: \"constant\"}\n").ok());
  EXPECT_TRUE(load("name: x\nstrategy: {name: beforeunload_retry, max_attempts: 5, base_ms: "
                   "1.5e2}\n")
                  .ok());
}

TEST(OneNumberGrammar, a_violated_strategy_constraint_says_what_it_got_once) {
  // What landed: "..., got 10, got 10".
  EXPECT_EQ(first_message(load("name: x\nstrategy: {name: heartbeat_sweeper, sweep_period_ms: "
                               "10}\n")),
            "strategy.sweep_period_ms: must be between 100 and 3600000 ms, got 10");
  EXPECT_EQ(first_message(load("name: x\nstrategy: {name: beforeunload_retry, max_attempts: "
                               "0}\n")),
            "strategy.max_attempts: must be between 1 and 1000, got 0");
}

// ---- item 7: suggestions and echoed values of any length -----------------------------------------

TEST(LongValues, a_megabyte_unknown_name_is_refused_at_once_with_a_one_line_message) {
  // What landed: 21 s in edit_distance, and the whole name in the message.
  const std::string name(1000000, 'q');
  const auto start = std::chrono::steady_clock::now();
  const LoadResult r = load("name: x\nstrategy: " + name + "\n");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 3.0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(first_message(r), "unknown strategy '" + std::string(80, 'q') + "\u2026'");
  EXPECT_LT(r.errors.front().hint.size(), 400u);
}

TEST(LongValues, every_echoed_value_is_cut_at_80_characters_between_utf8_sequences) {
  const std::string long_name = std::string(79, 'a') + "\xC3\xA9\xC3\xA9\xC3\xA9";  // 82 chars
  EXPECT_EQ(first_message(load("name: x\nstrategy: " + long_name + "\n")),
            "unknown strategy '" + std::string(79, 'a') + "\xC3\xA9\u2026'");
  EXPECT_EQ(first_message(load("name: x\nsessions: " + std::string(200, '7') + "\n")),
            "sessions: must be at most 100000000, got " + std::string(80, '7') + "\u2026");
  const std::string metric(300, 'm');
  EXPECT_EQ(first_message(load("name: x\nexpect:\n  - " + metric + " <= 1\n")),
            "unknown metric '" + std::string(80, 'm') + "\u2026'");
  // A short value is echoed whole.
  EXPECT_EQ(first_message(load("name: x\nprofile: ccp_v9\n")), "unknown profile 'ccp_v9'");
}

}  // namespace
}  // namespace agentsim::scenarios
