// The mapping of Agent Event Stream records to model events (conformance.h), fact by fact.
#include <gtest/gtest.h>

#include "agentsim/conform/conformance.h"
#include "conform_fixtures.h"

namespace agentsim::conform {
namespace {

using testing::analyze_lines;
using testing::contact;
using testing::next_status;
using testing::record;

// A shift with one answered call: offered, accepted, held, resumed, ended, ACW cleared.
std::vector<std::string> answered_call() {
  return {record("1", "LOGIN", 0, "Offline"),
          record("2", "STATE_CHANGE", 1, "Available"),
          record("3", "STATE_CHANGE", 10, "Available", contact("c1", "CONNECTING")),
          record("4", "STATE_CHANGE", 13, "Available", contact("c1", "CONNECTED")),
          record("5", "STATE_CHANGE", 20, "Available", contact("c1", "CONNECTED_ONHOLD")),
          record("6", "STATE_CHANGE", 25, "Available", contact("c1", "CONNECTED")),
          record("7", "STATE_CHANGE", 100, "Available", contact("c1", "ENDED")),
          record("8", "STATE_CHANGE", 160, "Available"),
          record("9", "LOGOUT", 200, "Available")};
}

TEST(Fact, AnAnsweredCallWithHoldMapsToTransitionsTheModelAccepts) {
  const Analysis a = analyze_lines(answered_call());
  ASSERT_EQ(a.agents.size(), 1u);
  EXPECT_EQ(a.unaccepted, 0u);
  EXPECT_EQ(a.records, 9u);
  // Login, Available, offered, accepted, hold, resume, ended, cleared, logout (+ the assumed page).
  EXPECT_EQ(a.dispatched, 10u);
  ASSERT_EQ(a.samples.answer_delay_us.size(), 1u);
  EXPECT_EQ(a.samples.answer_delay_us[0], 3000000);
  ASSERT_EQ(a.samples.talk_time_us.size(), 1u);
  EXPECT_EQ(a.samples.talk_time_us[0], 87000000);  // hold included
  ASSERT_EQ(a.samples.acw_us.size(), 1u);
  EXPECT_EQ(a.samples.acw_us[0], 60000000);
}

TEST(Fact, AContactOfferedToAnOfflineAgentIsAnUnacceptedTransitionWithItsRecord) {
  const Analysis a = analyze_lines({record("1", "LOGIN", 0, "Offline"),
                                    record("2", "STATE_CHANGE", 10, "Offline", contact("c1", "CONNECTING"))});
  ASSERT_EQ(a.unaccepted, 1u);
  const MappedEvent& f = a.agents[0].unaccepted[0];
  EXPECT_EQ(f.where, "log.jsonl:2");
  EXPECT_EQ(f.event.kind, model::EventKind::ContactOffered);
  EXPECT_EQ(f.before.status, model::Status::Offline);
  EXPECT_EQ(f.event_id, "2");
}

TEST(Fact, ARingThatEndsMissedIsARingTimeoutAndCountsAsACensoredAnswerDelay) {
  const Analysis a = analyze_lines({record("1", "LOGIN", 0, "Available"),
                                    record("2", "STATE_CHANGE", 10, "Available", contact("c1", "CONNECTING")),
                                    record("3", "STATE_CHANGE", 30, "Available", contact("c1", "MISSED")),
                                    // a contact offered while Missed is not accepted: not routable [D 12]
                                    record("4", "STATE_CHANGE", 40, "Available", "[{\"ContactId\":\"c1\",\"State\":\"MISSED\"},{\"ContactId\":\"c2\",\"State\":\"CONNECTING\"}]")});
  EXPECT_EQ(a.samples.missed, 1u);
  EXPECT_EQ(a.samples.answer_censored, 1u);
  EXPECT_TRUE(a.samples.answer_delay_us.empty());
  ASSERT_EQ(a.unaccepted, 1u);
  EXPECT_EQ(a.agents[0].unaccepted[0].before.contact, model::Contact::Missed);
}

TEST(Fact, ANextStatusSetDuringACallIsAppliedWhenTheSlotClears) {
  const Analysis a = analyze_lines(
      {record("1", "LOGIN", 0, "Available"),
       record("2", "STATE_CHANGE", 10, "Available", contact("c1", "CONNECTING")),
       record("3", "STATE_CHANGE", 12, "Available", contact("c1", "CONNECTED")),
       record("4", "STATE_CHANGE", 30, "Available", contact("c1", "CONNECTED"), next_status("Lunch")),
       record("5", "STATE_CHANGE", 60, "Available", contact("c1", "ENDED"), next_status("Lunch")),
       record("6", "STATE_CHANGE", 90, "Lunch"),
       // Lunch is CUSTOM: a contact offered now is not accepted.
       record("7", "STATE_CHANGE", 95, "Lunch", contact("c2", "CONNECTING"))});
  ASSERT_EQ(a.unaccepted, 1u);
  EXPECT_EQ(a.agents[0].unaccepted[0].where, "log.jsonl:7");
  EXPECT_EQ(a.agents[0].unaccepted[0].before.status, model::Status::Custom);
}

TEST(Fact, ChoosingAvailableCancelsAPendingNextStatus) {
  const Analysis a = analyze_lines(
      {record("1", "LOGIN", 0, "Available"),
       record("2", "STATE_CHANGE", 10, "Available", contact("c1", "CONNECTING")),
       record("3", "STATE_CHANGE", 12, "Available", contact("c1", "CONNECTED"), next_status("Offline")),
       record("4", "STATE_CHANGE", 20, "Available", contact("c1", "CONNECTED")),
       record("5", "STATE_CHANGE", 60, "Available", contact("c1", "ENDED")),
       record("6", "STATE_CHANGE", 90, "Available"),
       // still Available after the clear: the next contact is accepted.
       record("7", "STATE_CHANGE", 95, "Available", contact("c2", "CONNECTING"))});
  EXPECT_EQ(a.unaccepted, 0u);
}

TEST(Fact, AStatusChangeInAfterContactWorkClearsTheContact) {
  const Analysis a = analyze_lines(
      {record("1", "LOGIN", 0, "Available"),
       record("2", "STATE_CHANGE", 10, "Available", contact("c1", "CONNECTING")),
       record("3", "STATE_CHANGE", 12, "Available", contact("c1", "CONNECTED")),
       record("4", "STATE_CHANGE", 60, "Available", contact("c1", "ENDED")),
       record("5", "STATE_CHANGE", 70, "Break"),
       record("6", "STATE_CHANGE", 80, "Available", contact("c2", "CONNECTING"))});
  EXPECT_EQ(a.unaccepted, 0u);
}

TEST(Fact, AHeartBeatCarriesNoTransition) {
  std::vector<std::string> lines = {record("1", "LOGIN", 0, "Available")};
  // Even a heartbeat whose snapshot disagrees dispatches nothing.
  lines.push_back(record("2", "HEART_BEAT", 120, "Offline", contact("c9", "CONNECTED")));
  const Analysis a = analyze_lines(lines);
  EXPECT_EQ(a.agents[0].heartbeats, 1u);
  EXPECT_EQ(a.dispatched, 3u);  // the assumed page, the Login and the LOGIN's Available
  EXPECT_EQ(a.unaccepted, 0u);
}

TEST(Fact, RecordsAreOrderedByEventTimestampAndDuplicateEventIdsDropped) {
  std::vector<std::string> lines = answered_call();
  std::swap(lines[3], lines[4]);  // CONNECTED_ONHOLD before CONNECTED in the file
  lines.push_back(lines[2]);      // a duplicate of record 3
  const Analysis a = analyze_lines(lines);
  EXPECT_EQ(a.unaccepted, 0u);
  EXPECT_EQ(a.duplicates, 1u);
  EXPECT_EQ(a.out_of_order, 1u);
  EXPECT_EQ(a.records, 9u);
}

TEST(Fact, ContactsOfChannelsTheModelDoesNotCoverAreCountedNotDispatched) {
  const Analysis a = analyze_lines({record("1", "LOGIN", 0, "Available"),
                                    record("2", "STATE_CHANGE", 10, "Available", contact("k1", "CONNECTING", "CHAT")),
                                    record("3", "STATE_CHANGE", 11, "Available", contact("k1", "CONNECTED", "CHAT"))});
  EXPECT_EQ(a.unaccepted, 0u);
  EXPECT_EQ(a.agents[0].unmodelled_channel_records, 2u);
  EXPECT_EQ(a.samples.offers, 0u);
}

TEST(Fact, AnAgentWhoseLogStartsMidCallIsSynchronisedWithoutFindings) {
  const Analysis a = analyze_lines({record("1", "STATE_CHANGE", 0, "Available", contact("c1", "CONNECTED")),
                                    record("2", "STATE_CHANGE", 30, "Available", contact("c1", "ENDED")),
                                    record("3", "STATE_CHANGE", 90, "Available")});
  EXPECT_EQ(a.unaccepted, 0u);
  EXPECT_TRUE(a.agents[0].synchronisation_mismatch.empty());
  EXPECT_TRUE(a.samples.talk_time_us.empty());  // its start is not in the log
}

TEST(Fact, StatusNamesWithoutTypeUseTheMappingFileThenTheDefaults) {
  std::vector<ReadError> errors;
  ConformOptions o;
  o.status_types = parse_status_types("Ready: ROUTABLE\n", "types.yaml", errors);
  ASSERT_TRUE(errors.empty());
  const Analysis a = analyze_lines({record("1", "LOGIN", 0, "Ready"),
                                    record("2", "STATE_CHANGE", 10, "Ready", contact("c1", "CONNECTING"))},
                                   o);
  EXPECT_EQ(a.unaccepted, 0u);  // Ready is routable by the file
  const Analysis b = analyze_lines({record("1", "LOGIN", 0, "Ready"),
                                    record("2", "STATE_CHANGE", 10, "Ready", contact("c1", "CONNECTING"))});
  EXPECT_EQ(b.unaccepted, 1u);  // by default, Ready is CUSTOM
  ASSERT_EQ(b.notes.size(), 1u);
  EXPECT_NE(b.notes[0].find("Ready"), std::string::npos);
}

TEST(StatusTypes, ErrorsNameTheLineOfTheMappingFile) {
  std::vector<ReadError> errors;
  parse_status_types("Available: ROUTABLE\nLunch: BREAK\n", "types.yaml", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].format().rfind("types.yaml:2:8: error: status \"Lunch\"", 0), 0u) << errors[0].format();
}

TEST(Fact, AMissedContactAfterSilenceIsAGhostSuspectUntilTheAgentActs) {
  const Analysis a = analyze_lines(
      {record("1", "LOGIN", 0, "Available"),
       record("2", "STATE_CHANGE", 100, "Available", contact("c1", "CONNECTING")),
       record("3", "STATE_CHANGE", 120, "Available", contact("c1", "MISSED")),
       record("4", "STATE_CHANGE", 200, "Available"),
       record("5", "STATE_CHANGE", 300, "Available", contact("c2", "CONNECTING")),
       record("6", "STATE_CHANGE", 320, "Available", contact("c2", "MISSED")),
       record("7", "STATE_CHANGE", 600, "Offline")});
  ASSERT_EQ(a.agents[0].suspects.size(), 1u);
  const GhostSuspect& g = a.agents[0].suspects[0];
  EXPECT_EQ(g.contacts_missed, 2u);
  EXPECT_TRUE(g.ended_by_offline);
  EXPECT_EQ(g.end_us - g.start_us, 600000000);  // from the login (the last action) to the Offline
  EXPECT_EQ(g.where, "log.jsonl:7");
}

TEST(Fact, AnAcceptedCallEndsAGhostSuspect) {
  const Analysis a = analyze_lines(
      {record("1", "LOGIN", 0, "Available"),
       record("2", "STATE_CHANGE", 100, "Available", contact("c1", "CONNECTING")),
       record("3", "STATE_CHANGE", 120, "Available", contact("c1", "MISSED")),
       record("4", "STATE_CHANGE", 200, "Available"),
       record("5", "STATE_CHANGE", 300, "Available", contact("c2", "CONNECTING")),
       record("6", "STATE_CHANGE", 302, "Available", contact("c2", "CONNECTED"))});
  ASSERT_EQ(a.agents[0].suspects.size(), 1u);
  EXPECT_EQ(a.agents[0].suspects[0].contacts_missed, 1u);
  EXPECT_FALSE(a.agents[0].suspects[0].ended_by_offline);
  EXPECT_EQ(a.agents[0].suspects[0].end_us - a.agents[0].suspects[0].start_us, 302000000);
}

}  // namespace
}  // namespace agentsim::conform
