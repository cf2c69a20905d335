// Whatever the bytes, the reader and the analysis return: errors or findings, never a crash.
// Mutations of a valid shift's records (byte flips, cuts, insertions of JSON punctuation), with a
// fixed seed, through read_records and analyze.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "agentsim/conform/calibration.h"
#include "agentsim/conform/conformance.h"
#include "agentsim/conform/reader.h"
#include "conform_fixtures.h"

namespace agentsim::conform {
namespace {

using testing::contact;
using testing::record;

std::uint64_t next(std::uint64_t& s) {
  s += 0x9E3779B97F4A7C15ull;
  std::uint64_t z = s;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

TEST(Robustness, MutatedRecordsAreRefusedOrAnalysedNeverACrash) {
  std::string base;
  for (const std::string& l :
       {record("1", "LOGIN", 0, "Offline"), record("2", "STATE_CHANGE", 1, "Available"),
        record("3", "STATE_CHANGE", 10, "Available", contact("c1", "CONNECTING")),
        record("4", "STATE_CHANGE", 13, "Available", contact("c1", "CONNECTED"), "{\"Name\":\"Lunch\"}"),
        record("5", "STATE_CHANGE", 100, "Available", contact("c1", "ENDED"), "{\"Name\":\"Lunch\"}"),
        record("6", "STATE_CHANGE", 160, "Lunch"), record("7", "HEART_BEAT", 280, "Lunch"),
        record("8", "LOGOUT", 300, "Offline")}) {
    base += l + "\n";
  }
  const std::string punctuation = "{}[]\",:\\\n 0-.eE";
  std::uint64_t seed = 20261202;
  std::size_t refused = 0, analysed = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(next(seed) % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = next(seed) % text.size();
      switch (next(seed) % 4) {
        case 0: text[at] = static_cast<char>(next(seed) & 0xFF); break;
        case 1: text.erase(at, 1 + next(seed) % 40); break;
        case 2: text.insert(at, 1, punctuation[next(seed) % punctuation.size()]); break;
        default: text.resize(at); break;  // truncated
      }
    }
    ReadResult r;
    std::unordered_set<std::string> agents;
    read_records(text, "m.jsonl", ReadLimits{}, r, agents);
    for (const ReadError& err : r.errors) {
      ASSERT_GE(err.line, 1);
      ASSERT_GE(err.column, 1);
      ASSERT_FALSE(err.message.empty());
    }
    if (!r.ok()) {
      ++refused;
      continue;
    }
    const Analysis a = analyze(std::move(r.records), ConformOptions{});
    (void)calibrate(a.samples, 0.95);
    ++analysed;
  }
  // Both paths were exercised.
  EXPECT_GT(refused, 100u);
  EXPECT_GT(analysed, 100u);
}

}  // namespace
}  // namespace agentsim::conform
