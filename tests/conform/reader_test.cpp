// Reading Agent Event Stream files (reader.h, record.h): the formats, the fields, the limits.
#include <gtest/gtest.h>

#include "agentsim/conform/reader.h"
#include "agentsim/conform/record.h"
#include "conform_fixtures.h"
#include "test_support.h"

namespace agentsim::conform {
namespace {

using testing::contact;
using testing::record;

const std::string kFixtures = std::string(AGENTSIM_SOURCE_DIR) + "/tests/conform/fixtures/";

ReadResult read_text(const std::string& text, const std::string& file = "f.jsonl", ReadLimits limits = {}) {
  ReadResult r;
  std::unordered_set<std::string> agents;
  read_records(text, file, limits, r, agents);
  return r;
}

TEST(Timestamp, ReadsTheStreamsIsoTimesToTheMicrosecond) {
  EXPECT_EQ(parse_timestamp_us("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_timestamp_us("2019-08-13T20:52:30.704Z"), 1565729550704000);
  EXPECT_EQ(parse_timestamp_us("2019-08-13T20:52:30.704123Z"), 1565729550704123);
  EXPECT_EQ(parse_timestamp_us("2019-08-13T22:52:30.704+02:00"), 1565729550704000);
  EXPECT_EQ(parse_timestamp_us("2024-02-29T00:00:00Z"), 1709164800000000);
  for (const char* bad : {"2019-08-13", "2019-13-01T00:00:00Z", "2019-02-29T00:00:00Z", "2019-08-13T20:52:30",
                          "2019-08-13T20:52:30.Z", "1969-12-31T23:59:59Z", "2019-08-13T20:52:30Zjunk"}) {
    EXPECT_FALSE(parse_timestamp_us(bad).has_value()) << bad;
  }
}

TEST(Timestamp, FormatsWhatItReads) {
  for (std::int64_t us : {std::int64_t{0}, std::int64_t{1565729550704000}, std::int64_t{1767600000000000},
                          std::int64_t{4102444799999000}}) {
    EXPECT_EQ(parse_timestamp_us(format_timestamp(us)), us) << format_timestamp(us);
  }
}

TEST(Reader, ReadsAwsSampleRecordsOfBothPageVersions) {
  // tests/conform/fixtures/README.md: AWS's "Sample agent event stream" [D 24], two versions.
  const ReadResult off = read_text(agentsim::testing::read_text_file(kFixtures + "aws-sample-heartbeat-offline.json"));
  ASSERT_TRUE(off.ok()) << off.errors[0].format();
  ASSERT_EQ(off.records.size(), 1u);
  const Record& r = off.records[0];
  EXPECT_EQ(r.type, EventType::HeartBeat);
  EXPECT_EQ(r.version, "2017-10-01");
  EXPECT_EQ(r.event_id, "EventId-1");
  EXPECT_EQ(r.timestamp_us, *parse_timestamp_us("2019-08-13T20:58:44.031Z"));
  ASSERT_TRUE(r.current.has_value());
  EXPECT_EQ(r.current->status_name, "Offline");
  EXPECT_FALSE(r.current->status_type.has_value());  // the samples omit Type
  EXPECT_TRUE(r.current->contacts.empty());
  const ReadResult next = read_text(agentsim::testing::read_text_file(kFixtures + "aws-sample-heartbeat-next-status.json"));
  ASSERT_TRUE(next.ok()) << next.errors[0].format();
  ASSERT_EQ(next.records.size(), 1u);
  EXPECT_EQ(next.records[0].current->status_name, "Available");
  EXPECT_EQ(next.records[0].current->next_name, std::optional<std::string>("Lunch"));  // EnqueuedTimestamp spelling
}

TEST(Fact, AwsSampleHeartbeatsMapToNoModelEvents) {
  // A HEART_BEAT carries no transition [D 10]: the first record only synchronises the model.
  for (const char* f : {"aws-sample-heartbeat-offline.json", "aws-sample-heartbeat-next-status.json"}) {
    ReadResult r = read_text(agentsim::testing::read_text_file(kFixtures + f), f);
    ASSERT_TRUE(r.ok());
    const Analysis a = analyze(std::move(r.records), ConformOptions{});
    EXPECT_EQ(a.dispatched, 0u) << f;
    EXPECT_EQ(a.unaccepted, 0u) << f;
    EXPECT_EQ(a.agents[0].heartbeats, 1u) << f;
  }
  // The second sample's Available with a next status and no contact is a state the model
  // does not reach (a next status needs an occupied slot [D 17]): said, with the record.
  ReadResult r = read_text(agentsim::testing::read_text_file(kFixtures + "aws-sample-heartbeat-next-status.json"), "s.json");
  const Analysis a = analyze(std::move(r.records), ConformOptions{});
  EXPECT_EQ(a.agents[0].synchronisation_mismatch.rfind("s.json:1: ", 0), 0u) << a.agents[0].synchronisation_mismatch;
}

TEST(Reader, ReadsJsonLinesAJsonArrayAndConcatenatedRecordsAlike) {
  const std::string a = record("1", "LOGIN", 0, "Available");
  const std::string b = record("2", "STATE_CHANGE", 5, "Available", contact("c", "CONNECTING"));
  const ReadResult lines = read_text(a + "\n" + b + "\n");
  const ReadResult array = read_text("[\n" + a + ",\n  " + b + "\n]\n");
  const ReadResult concatenated = read_text(a + b);
  for (const ReadResult* r : {&lines, &array, &concatenated}) {
    ASSERT_TRUE(r->ok()) << r->errors[0].format();
    ASSERT_EQ(r->records.size(), 2u);
    EXPECT_EQ(r->records[1].current->contacts.at(0).state, ContactState::Connecting);
  }
  EXPECT_EQ(lines.records[1].line, 2);
  EXPECT_EQ(array.records[1].line, 3);
}

TEST(Reader, ToleratesUnknownFieldsAndBothNextStatusSpellings) {
  const std::string text =
      "{\"AgentARN\":\"a\",\"EventId\":\"1\",\"EventTimestamp\":\"2026-01-05T08:00:00Z\",\"EventType\":\"STATE_CHANGE\","
      "\"SomethingNew\":{\"x\":[1,2]},\"CurrentAgentSnapshot\":{\"AgentStatus\":{\"Name\":\"Available\",\"Type\":\"ROUTABLE\"},"
      "\"NextAgentStatus\":{\"Name\":\"Lunch\",\"EnqueueTimestamp\":\"2026-01-05T08:00:00Z\"},\"Contacts\":null}}\n";
  const ReadResult r = read_text(text);
  ASSERT_TRUE(r.ok()) << r.errors[0].format();
  EXPECT_EQ(r.records[0].current->status_type, StatusType::Routable);
  EXPECT_EQ(r.records[0].current->next_name, std::optional<std::string>("Lunch"));
}

TEST(Reader, RefusesARecordWithoutAgentArnNamingItsLine) {
  const ReadResult r = read_text(record("1", "LOGIN", 0, "Available") + "\n{\"EventId\":\"2\"}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors[0].format(), "f.jsonl:2:1: error: missing \"AgentARN\" (a string)");
}

TEST(Reader, RefusesAFieldOfTheWrongTypeAtItsColumn) {
  const ReadResult r = read_text("{\"AgentARN\":\"a\",\"EventId\":7,\"EventTimestamp\":\"2026-01-05T08:00:00Z\",\"EventType\":\"LOGIN\"}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors[0].format(), "f.jsonl:1:17: error: \"EventId\" must be a string, got number");
}

TEST(Reader, RefusesAnOverlongLineWithoutParsingIt) {
  ReadLimits small;
  small.record_bytes = 100;
  const ReadResult r = read_text(record("1", "LOGIN", 0, "Available") + "\n", "f.jsonl", small);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.errors[0].message.find("over the limit of 100 bytes per record"), std::string::npos);
}

TEST(Reader, LimitsTheAgentsOfARun) {
  ReadLimits small;
  small.agents = 1;
  const ReadResult r = read_text(record("1", "LOGIN", 0, "Available", "[]", "null", "a") + "\n" +
                                     record("2", "LOGIN", 0, "Available", "[]", "null", "b") + "\n",
                                 "f.jsonl", small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors[0].line, 2);
  EXPECT_NE(r.errors[0].message.find("more than 1 distinct agents"), std::string::npos);
}

TEST(Reader, StopsAfterTheErrorLimit) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "not json\n";
  const ReadResult r = read_text(text);
  EXPECT_EQ(r.errors.size(), ReadLimits{}.errors + 1);
  EXPECT_NE(r.errors.back().message.find("stopped after"), std::string::npos);
}

}  // namespace
}  // namespace agentsim::conform
