// The table of schedule fields (sim/schedule_fields.h) is the one list of `schedule:` keys: the
// loader reads every row, value_text writes what the loader reads back, describe() names every
// row, replay files in the format written before the table still load, and
// docs/scenario-format.md documents exactly the rows of this table and of the claim table.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "agentsim/sim/claim_fields.h"
#include "agentsim/sim/schedule_fields.h"
#include "scenario_fixtures.h"

namespace agentsim::scenarios {
namespace {

LoadResult load(const std::string& text) { return load_scenario_text(text, "test.yaml"); }

// A schedule with every field away from its default, set through the table.
sim::Schedule every_field_set() {
  sim::Schedule s;
  std::int64_t n = 0;
  for (const sim::ScheduleField& f : sim::schedule_fields()) {
    ++n;
    std::visit(
        [&](auto member) {
          using T = std::decay_t<decltype(s.*member)>;
          if constexpr (std::is_same_v<T, std::int64_t>) {
            s.*member = n * 1000003 + 7;
          } else if constexpr (std::is_same_v<T, bool>) {
            s.*member = !(s.*member);
          } else if constexpr (std::is_same_v<T, std::vector<std::int64_t>>) {
            s.*member = {0, n * 17, n * 170001};
          } else if constexpr (std::is_same_v<T, std::vector<bool>>) {
            s.*member = {false, true};
          } else if constexpr (std::is_same_v<T, std::vector<sim::ApiStep>>) {
            s.*member = {{123456, sim::ApiOutcome::Throttled},
                         {1, sim::ApiOutcome::LostResponse},
                         {0, sim::ApiOutcome::Timeout},
                         {7, sim::ApiOutcome::ServerError},
                         {100000, sim::ApiOutcome::Success}};
          } else if constexpr (std::is_same_v<T, sim::CloseKind>) {
            s.*member = sim::CloseKind::MobileKill;
          } else {
            s.*member = sim::PreClose::OnHold;
          }
        },
        f.member);
  }
  return s;
}

std::string schedule_block(const sim::Schedule& s) {
  std::string out = "schedule:\n";
  for (const sim::ScheduleField& f : sim::schedule_fields()) {
    out += "  " + std::string(f.key) + ": " + sim::value_text(f, s) + "\n";
  }
  return out;
}

TEST(ScheduleFields, every_row_written_by_value_text_loads_back_to_the_same_schedule) {
  const sim::Schedule s = every_field_set();
  const LoadResult r = load("name: x\n" + schedule_block(s));
  ASSERT_TRUE(r.ok()) << testing::all_errors(r) << schedule_block(s);
  ASSERT_TRUE(r.scenarios.front().session.schedule.has_value());
  EXPECT_TRUE(*r.scenarios.front().session.schedule == s)
      << sim::describe(*r.scenarios.front().session.schedule) << "\nexpected:\n"
      << sim::describe(s);
  // And each field alone: changing only it makes the schedules differ (equality reads it).
  for (const sim::ScheduleField& f : sim::schedule_fields()) {
    sim::Schedule one;
    std::visit([&](auto member) { one.*member = s.*member; }, f.member);
    EXPECT_FALSE(one == sim::Schedule{}) << f.key;
    const LoadResult alone = load("name: x\nschedule:\n  " + std::string(f.key) + ": " +
                                  sim::value_text(f, one) + "\n");
    ASSERT_TRUE(alone.ok()) << f.key << testing::all_errors(alone);
    EXPECT_TRUE(*alone.scenarios.front().session.schedule == one) << f.key;
  }
}

TEST(ScheduleFields, keys_are_unique_and_found_by_name) {
  std::set<std::string> keys;
  for (const sim::ScheduleField& f : sim::schedule_fields()) {
    EXPECT_TRUE(keys.insert(std::string(f.key)).second) << f.key;
    EXPECT_EQ(sim::find_schedule_field(f.key), &f);
    EXPECT_FALSE(f.description.empty()) << f.key;
    const bool list = f.kind() == sim::ScheduleFieldKind::DurationList ||
                      f.kind() == sim::ScheduleFieldKind::FlagList ||
                      f.kind() == sim::ScheduleFieldKind::ApiSteps;
    EXPECT_EQ(f.after_list.empty(), !list) << f.key << ": a list says what follows it";
    const bool ms = f.kind() == sim::ScheduleFieldKind::Duration ||
                    f.kind() == sim::ScheduleFieldKind::DurationList;
    EXPECT_EQ(f.key.size() > 3 && f.key.substr(f.key.size() - 3) == "_ms", ms) << f.key;
  }
  EXPECT_EQ(keys.size(), 31u);
  EXPECT_EQ(sim::find_schedule_field("unload_budget_us"), nullptr);
  EXPECT_EQ(sim::find_schedule_field("unload_window_us"), nullptr);
}

TEST(ScheduleFields, describe_names_every_key_with_its_value) {
  const sim::Schedule s = every_field_set();
  const std::string text = sim::describe(s);
  for (const sim::ScheduleField& f : sim::schedule_fields()) {
    EXPECT_NE(text.find(std::string(f.key) + ": " + sim::value_text(f, s)), std::string::npos)
        << f.key << "\n"
        << text;
  }
  EXPECT_EQ(sim::ms_text(1500), "1.500");
  EXPECT_EQ(sim::ms_text(0), "0.000");
  EXPECT_EQ(sim::ms_text(-2), "-0.002");
  EXPECT_EQ(sim::ms_text(123456789), "123456.789");
}

TEST(ScheduleFields, a_replay_file_in_the_format_written_before_the_table_still_loads) {
  // What `agentsim fuzz` wrote before the schedule's fields were one table: block-style API
  // steps, empty lists in flow style.
  const LoadResult r = load(
      "name: \"seed — counterexample: no_ghost_after_covered_close\"\n"
      "profile: streams_custom\n"
      "strategy:\n  name: beforeunload_setstate\n"
      "sessions: 1\nmax_sessions: 1\n"
      "schedule:\n"
      "  close_kind: tab_close\n  pre_close: on_call\n  unload_window_ms: 500.000\n"
      "  api:\n"
      "    - {outcome: 5xx, latency_ms: 50.000}\n"
      "    - {outcome: lost_response, latency_ms: 1.500}\n"
      "  notify_latency_ms: 60.000\n  delivered: [false, true]\n"
      "  beacon_blocked: false\n  sticky_activation: true\n  dialog_stay: false\n"
      "  dialog_decision_ms: 2000.000\n  reclose_after_stay_ms: 15000.000\n"
      "  contact_gaps_ms: [1000.000, 0.001]\n"
      "  answer_delay_ms: 3000.000\n  talk_time_ms: 240000.000\n  ring_remaining_ms: 10000.000\n"
      "  acw_remaining_ms: 30000.000\n"
      "  crash_reopen: false\n  crash_reopen_ms: 60000.000\n  sleep_return: false\n"
      "  sleep_duration_ms: 600000.000\n"
      "  mobile_kill_delay_ms: 60000.000\n  notice_offline_ms: 30000.000\n"
      "  clear_missed_ms: 5000.000\n"
      "  retry_delays_ms: []\n"
      "  heartbeat_phase_ms: 12345.678\n  sweep_phase_ms: 0.000\n"
      "expect:\n"
      "  - metric: ghost_seconds.max\n    op: \"<=\"\n    bound: 5\n");
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  const sim::Schedule& s = *r.scenarios.front().session.schedule;
  sim::Schedule expected;
  expected.close_kind = sim::CloseKind::TabClose;
  expected.pre_close = sim::PreClose::OnCall;
  expected.unload_window_us = 500000;
  expected.api = {{50000, sim::ApiOutcome::ServerError}, {1500, sim::ApiOutcome::LostResponse}};
  expected.delivered = {false, true};
  expected.contact_gaps_us = {1000000, 1};
  expected.heartbeat_phase_us = 12345678;
  EXPECT_TRUE(s == expected) << sim::describe(s);
}

TEST(ScheduleFields, the_loader_refuses_a_misspelt_key_and_a_bad_value_of_each_kind) {
  const LoadResult r = load(
      "name: x\n"
      "schedule:\n"
      "  unload_window: 500\n"
      "  api: [{outcome: 5xxx, latency_ms: 1}, {outcome: success, latency: 1}]\n"
      "  delivered: [yes]\n"
      "  contact_gaps_ms: [-1]\n"
      "  close_kind: tab_clse\n"
      "  beacon_blocked: 1\n");
  std::vector<std::string> got;
  for (const LoadError& e : r.errors) got.push_back(e.format());
  EXPECT_EQ(got,
            (std::vector<std::string>{
                "test.yaml:3:3: error: unknown key 'unload_window' in a schedule\n  hint: did "
                "you mean 'unload_window_ms'?",
                "test.yaml:4:19: error: unknown API outcome '5xxx'\n  hint: did you mean '5xx'?",
                "test.yaml:4:60: error: unknown key 'latency' in an API step\n  hint: did you "
                "mean 'latency_ms'?",
                "test.yaml:5:15: error: schedule.delivered[0]: expected a boolean (true or "
                "false), got 'yes'",
                "test.yaml:6:21: error: schedule.contact_gaps_ms[0]: expected a duration between "
                "0 and 10000000000 ms, got -1",
                "test.yaml:7:15: error: unknown close kind 'tab_clse'\n  hint: did you mean "
                "'tab_close'?",
                "test.yaml:8:19: error: schedule.beacon_blocked: expected a boolean (true or "
                "false), got '1'",
            }));
}

// ---- docs/scenario-format.md documents the tables -----------------------------------------------

// The table rows ("| `key` | ...") of the section headed `heading`, up to the next "## ".
std::vector<std::string> rows_of_section(const std::string& heading) {
  std::ifstream in(testing::source_path("docs/scenario-format.md"));
  std::vector<std::string> rows;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) inside = line == heading;
    if (inside && line.rfind("| `", 0) == 0) rows.push_back(line);
  }
  return rows;
}

std::string joined(const std::vector<std::string>& rows) {
  std::string out;
  for (const std::string& r : rows) out += r + "\n";
  return out;
}

std::string schedule_type(sim::ScheduleFieldKind k) {
  switch (k) {
    case sim::ScheduleFieldKind::Duration: return "ms";
    case sim::ScheduleFieldKind::Flag: return "boolean";
    case sim::ScheduleFieldKind::DurationList: return "list of ms";
    case sim::ScheduleFieldKind::FlagList: return "list of booleans";
    case sim::ScheduleFieldKind::ApiSteps: return "list of `{outcome, latency_ms}`";
    case sim::ScheduleFieldKind::CloseKind: return "close kind";
    case sim::ScheduleFieldKind::PreClose: return "pre-close state";
  }
  return "?";
}

TEST(ScheduleFields, the_scenario_format_documents_every_schedule_field_with_its_default) {
  std::vector<std::string> expected;
  const sim::Schedule defaults;
  for (const sim::ScheduleField& f : sim::schedule_fields()) {
    std::string meaning(f.description);
    if (!f.after_list.empty()) {
      meaning += " Once the list runs out, " + std::string(f.after_list) + ".";
    }
    expected.push_back("| `" + std::string(f.key) + "` | " + schedule_type(f.kind()) + " | `" +
                       sim::value_text(f, defaults) + "` | " + meaning + " |");
  }
  EXPECT_EQ(joined(rows_of_section("## The schedule")), joined(expected))
      << "docs/scenario-format.md, section \"## The schedule\": the table should read\n"
      << joined(expected);
}

std::string claim_type(const sim::ClaimField& f) {
  const auto n = [](double v) { return std::to_string(static_cast<long long>(v)); };
  switch (f.kind()) {
    case sim::ClaimFieldKind::CloseKinds: return "list of close kinds";
    case sim::ClaimFieldKind::PreCloses: return "list of pre-close states";
    case sim::ClaimFieldKind::Count: return "integer " + n(f.min) + " … " + n(f.max);
    case sim::ClaimFieldKind::Duration:
      return f.min_exclusive ? "ms, above " + n(f.min) + ", at most " + n(f.max)
                             : "ms, " + n(f.min) + " … " + n(f.max);
    case sim::ClaimFieldKind::Flag: return "boolean";
  }
  return "?";
}

TEST(ScheduleFields, the_scenario_format_documents_every_claim_key_with_its_range) {
  std::vector<std::string> expected;
  for (const sim::ClaimField& f : sim::claim_fields()) {
    expected.push_back("| `" + std::string(f.key) + "` | " + claim_type(f) + " | " +
                       std::string(f.description) + " |");
  }
  EXPECT_EQ(joined(rows_of_section("## The claim")), joined(expected))
      << "docs/scenario-format.md, section \"## The claim\": the table should read\n"
      << joined(expected);
}

}  // namespace
}  // namespace agentsim::scenarios
