// Tests of agentsim/sim/random.h: reference outputs, stream derivation, unbiased integers.
#include "agentsim/sim/random.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <unordered_set>
#include <vector>

namespace agentsim::sim {
namespace {

std::vector<uint64_t> first_draws(Rng rng, int count) {
  std::vector<uint64_t> draws;
  for (int i = 0; i < count; ++i) draws.push_back(rng.next_u64());
  return draws;
}

// Pearson's chi-square statistic of observed counts against equal expected counts.
double chi_square_uniform(const std::vector<uint64_t>& counts, uint64_t total) {
  const double expected = static_cast<double>(total) / static_cast<double>(counts.size());
  double statistic = 0.0;
  for (const uint64_t count : counts) {
    const double diff = static_cast<double>(count) - expected;
    statistic += diff * diff / expected;
  }
  return statistic;
}

// The 0.999 quantile of chi-square with 9 degrees of freedom (any statistics table): a correct
// generator exceeds it with probability 0.1 %, and the fixed seed makes the check repeatable.
constexpr double kChiSquare9DfCritical = 27.877;

// --- Reference outputs: any change of algorithm fails here on purpose ------------------------

TEST(Random, XoshiroMatchesThePublishedReferenceOutputs) {
  // xoshiro256** from state {1, 2, 3, 4}: the test vector of the reference implementation (also
  // used by Rust's rand_xoshiro).
  const std::vector<uint64_t> expected = {11520ULL,
                                          0ULL,
                                          1509978240ULL,
                                          1215971899390074240ULL,
                                          1216172134540287360ULL,
                                          607988272756665600ULL,
                                          16172922978634559625ULL,
                                          8476171486693032832ULL,
                                          10595114339597558777ULL,
                                          2904607092377533576ULL};
  EXPECT_EQ(first_draws(Rng::from_state({1, 2, 3, 4}), 10), expected);
}

TEST(Random, SplitMixMatchesItsReferenceOutput) {
  // SplitMix64 seeded with 0 first outputs 0xe220a8397b1dcdaf (Vigna's splitmix64.c).
  EXPECT_EQ(splitmix64_mix(0x9e3779b97f4a7c15ULL), 0xe220a8397b1dcdafULL);
}

TEST(Random, SeedZeroGivesTheGoldenSequence) {
  // Golden values, computed by an independent Python transcription of random.cpp.
  const std::vector<uint64_t> expected = {0x99ec5f36cb75f2b4ULL, 0xbf6e1f784956452aULL,
                                          0x1a5f849d4933e6e0ULL};
  EXPECT_EQ(first_draws(Rng(0), 3), expected);
}

TEST(Random, StreamSevenOfSeed42GivesTheGoldenSequence) {
  const std::vector<uint64_t> expected = {0x26fa07c762dcdaabULL, 0x4756938b987e2152ULL,
                                          0x4bf6cca8f8dcea37ULL, 0xb08c8d315fd314fdULL};
  EXPECT_EQ(first_draws(Rng::for_stream(42, 7), 4), expected);
}

TEST(Random, ChildOneOfStreamSevenGivesTheGoldenSequence) {
  const std::vector<uint64_t> expected = {0x21dbd436256fc3b8ULL, 0xaf9d70c6cf97b66fULL,
                                          0x98b529825a490badULL};
  EXPECT_EQ(first_draws(Rng::for_stream(42, 7).child(1), 3), expected);
}

TEST(Random, Uniform01GivesTheGoldenDoubles) {
  Rng rng = Rng::for_stream(42, 7);
  EXPECT_EQ(rng.uniform01(), 0.1522526609213516);
  EXPECT_EQ(rng.uniform01(), 0.27866480024430773);
}

// --- Streams ---------------------------------------------------------------------------------

TEST(Random, SameSeedAndStreamGiveTheSameSequence) {
  EXPECT_EQ(first_draws(Rng::for_stream(123, 45), 100), first_draws(Rng::for_stream(123, 45), 100));
}

TEST(Random, StreamKIsUnaffectedByDrawsFromOtherStreams) {
  // Session 5 must see the same draws whether sessions 0..9 run before it, after it, or
  // interleaved with it, and however many draws they make.
  const std::vector<uint64_t> alone = first_draws(Rng::for_stream(9, 5), 50);
  std::vector<Rng> streams;
  for (uint64_t k = 0; k < 10; ++k) streams.push_back(Rng::for_stream(9, k));
  std::vector<uint64_t> interleaved;
  for (int i = 0; i < 50; ++i) {
    for (uint64_t k = 0; k < 10; ++k) {
      const uint64_t draw = streams[k].next_u64();
      if (k == 5) interleaved.push_back(draw);
      if (k == 5) continue;
      for (uint64_t extra = 0; extra < k % 3 + 1; ++extra) streams[k].next_u64();
    }
  }
  EXPECT_EQ(interleaved, alone);
}

TEST(Random, DistinctStreamsAndSeedsStartFromDistinctStates) {
  // Distinct keys give distinct first draws almost surely; equal first draws would reveal a
  // derivation that maps two streams to one state.
  std::unordered_set<uint64_t> firsts;
  constexpr uint64_t kStreams = 100'000;
  for (uint64_t k = 0; k < kStreams; ++k) firsts.insert(Rng::for_stream(1, k).next_u64());
  for (uint64_t seed = 2; seed < 1002; ++seed) firsts.insert(Rng::for_stream(seed, 0).next_u64());
  EXPECT_EQ(firsts.size(), kStreams + 1000);
}

TEST(Random, AdjacentStreamsAreUncorrelated) {
  // Pearson correlation between the first uniform of stream k and of stream k+1, over n = 1e5
  // pairs. Under independence r is approximately normal with sd 1/sqrt(n) = 0.00316; a tolerance
  // of 4.5 sd (0.0142) is exceeded by chance with probability < 1e-5.
  constexpr int kPairs = 100'000;
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  double previous = Rng::for_stream(77, 0).uniform01();
  for (uint64_t k = 1; k <= kPairs; ++k) {
    const double x = previous;
    const double y = Rng::for_stream(77, k).uniform01();
    sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
    previous = y;
  }
  const double n = kPairs;
  const double r = (sxy - sx * sy / n) / std::sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
  EXPECT_LT(std::fabs(r), 4.5 / std::sqrt(n));
}

// --- Children --------------------------------------------------------------------------------

TEST(Random, ChildDoesNotAdvanceItsParent) {
  Rng parent = Rng::for_stream(3, 3);
  const Rng before = parent;
  (void)parent.child(17);
  EXPECT_EQ(parent, before);
}

TEST(Random, ChildrenWithDistinctTagsDiffer) {
  const Rng parent = Rng::for_stream(3, 3);
  std::unordered_set<uint64_t> firsts;
  for (uint64_t tag = 0; tag < 1000; ++tag) firsts.insert(parent.child(tag).next_u64());
  EXPECT_EQ(firsts.size(), 1000u);
  EXPECT_NE(first_draws(parent.child(0), 4), first_draws(parent, 4));
}

TEST(Random, DrawsInOneChildDoNotShiftASibling) {
  // The TigerBeetle discipline: the network subsystem adding draws must leave the contact
  // subsystem's sequence untouched.
  const Rng session = Rng::for_stream(8, 1);
  const std::vector<uint64_t> contacts_alone = first_draws(session.child(1), 20);
  Rng network = session.child(2);
  Rng contacts = session.child(1);
  std::vector<uint64_t> contacts_busy;
  for (int i = 0; i < 20; ++i) {
    for (int extra = 0; extra < i; ++extra) network.next_u64();
    contacts_busy.push_back(contacts.next_u64());
  }
  EXPECT_EQ(contacts_busy, contacts_alone);
}

// --- Uniform reals and integers --------------------------------------------------------------

TEST(Random, UniformDoublesStayInsideTheirIntervals) {
  // State {1,2,3,4} draws 11520 then 0: the zero draw is the edge of both intervals.
  Rng edge = Rng::from_state({1, 2, 3, 4});
  edge.next_u64();
  Rng edge_copy = edge;
  EXPECT_EQ(edge.uniform01(), 0.0);
  EXPECT_EQ(edge_copy.uniform01_open(), 0x1.0p-53);

  Rng rng(5);
  for (int i = 0; i < 100'000; ++i) {
    const double u = rng.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const double v = rng.uniform01_open();
    ASSERT_GT(v, 0.0);
    ASSERT_LT(v, 1.0);
  }
}

TEST(Random, UniformBelowIsUnbiasedForSmallN) {
  // n = 10, N = 1e5 draws, chi-square with 9 degrees of freedom.
  Rng rng = Rng::for_stream(2024, 0);
  constexpr uint64_t kDraws = 100'000;
  std::vector<uint64_t> counts(10, 0);
  for (uint64_t i = 0; i < kDraws; ++i) counts[rng.uniform_u64_below(10)] += 1;
  EXPECT_LT(chi_square_uniform(counts, kDraws), kChiSquare9DfCritical);
}

TEST(Random, UniformBelowIsUnbiasedForNNearTwoThirdsOf2To64) {
  // n = 0xAAAA...AA ~ (2/3) 2^64 is where `next_u64() % n` is worst: values below 2^64 - n
  // (the lower half of [0, n)) come up twice as often. Ten equal bins of [0, n), chi-square with
  // 9 df. The modulo version is run too, as a canary that proves the check can fail.
  constexpr uint64_t kN = 0xAAAAAAAAAAAAAAAAULL;
  constexpr uint64_t kBinWidth = kN / 10;
  constexpr uint64_t kDraws = 100'000;
  auto bin = [](uint64_t v) { return std::min<uint64_t>(v / kBinWidth, 9); };
  Rng rng = Rng::for_stream(2024, 1);
  std::vector<uint64_t> lemire(10, 0), modulo(10, 0);
  for (uint64_t i = 0; i < kDraws; ++i) {
    lemire[bin(rng.uniform_u64_below(kN))] += 1;
    modulo[bin(rng.next_u64() % kN)] += 1;
  }
  EXPECT_LT(chi_square_uniform(lemire, kDraws), kChiSquare9DfCritical);
  EXPECT_GT(chi_square_uniform(modulo, kDraws), kChiSquare9DfCritical);  // canary
}

TEST(Random, UniformBelowOneIsAlwaysZero) {
  Rng rng(1);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(rng.uniform_u64_below(1), 0u);
}

TEST(Random, UniformIntReachesBothEndpoints) {
  Rng rng(11);
  bool saw_lo = false, saw_hi = false;
  for (int i = 0; i < 10'000; ++i) {
    const int64_t v = rng.uniform_int(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    saw_lo = saw_lo || v == -3;
    saw_hi = saw_hi || v == 3;
  }
  EXPECT_TRUE(saw_lo);
  EXPECT_TRUE(saw_hi);
}

TEST(Random, UniformIntAcceptsTheFullInt64Range) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  Rng rng(12);
  bool saw_negative = false, saw_positive = false;
  for (int i = 0; i < 100; ++i) {
    const int64_t v = rng.uniform_int(kMin, kMax);
    saw_negative = saw_negative || v < 0;
    saw_positive = saw_positive || v > 0;
  }
  EXPECT_TRUE(saw_negative && saw_positive);
  EXPECT_EQ(rng.uniform_int(kMax, kMax), kMax);
  EXPECT_EQ(rng.uniform_int(kMin, kMin), kMin);
}

RC_GTEST_PROP(Random, UniformIntNeverLeavesItsBounds, (int64_t a, int64_t b, uint64_t seed)) {
  const int64_t lo = std::min(a, b), hi = std::max(a, b);
  Rng rng(seed);
  for (int i = 0; i < 20; ++i) {
    const int64_t v = rng.uniform_int(lo, hi);
    RC_ASSERT(lo <= v);
    RC_ASSERT(v <= hi);
  }
}

}  // namespace
}  // namespace agentsim::sim
