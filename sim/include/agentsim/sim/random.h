// Rng: the one pseudo-random generator of the simulator, and how streams are derived from a seed.
//
// Determinism contract. A run is a pure function of (scenario, seed). Session k draws only from
// `Rng::for_stream(seed, k)`, so a session's draws do not depend on how many sessions ran before
// it, on which thread, or in which shard. Inside a session, each subsystem (contacts, network,
// agent behaviour...) takes its own `child(tag)`, so adding a draw in one subsystem never shifts
// the draws of another (the TigerBeetle discipline). There is no global generator: an Rng is a
// value passed explicitly by reference to whoever draws.
//
// Algorithm. xoshiro256** 1.0 (Blackman & Vigna, 2018; https://prng.di.unimi.it/), 256 bits of
// state, period 2^256 - 1, passes BigCrush and PractRand; its state is filled by SplitMix64
// (Steele, Lea & Flood, 2014) as its authors recommend. Chosen over PCG64 because it needs no
// 128-bit multiply on the hot path and its reference code is a dozen lines anyone can re-check.
// Everything here uses only 64-bit integer arithmetic (and one 64x64->128 multiply in
// uniform_u64_below), so the sequence is identical on every compiler, standard library and CPU.
// tests/sim/random_test.cpp pins the published reference outputs and golden values of the
// derivation below: changing the algorithm fails those tests on purpose.
//
// Not for cryptography. Not a UniformRandomBitGenerator on purpose: handing an Rng to a std::
// distribution or std::shuffle would make results depend on the standard library.
#pragma once

#include <array>
#include <cassert>
#include <cstdint>

namespace agentsim::sim {

class Rng {
 public:
  // A generator whose state is SplitMix64(seed) x 4. Any seed is valid, including 0.
  explicit Rng(uint64_t seed);

  // The generator of stream `stream_index` under `seed` (session k uses stream k).
  // For a fixed seed, distinct stream indices give distinct starting states (the derivation is a
  // bijection of stream_index). Streams are distinct points of one 2^256 - 1 cycle, far apart
  // with overwhelming probability, and show no correlation (tests/sim/random_test.cpp).
  static Rng for_stream(uint64_t seed, uint64_t stream_index);

  // A generator with exactly this state, e.g. the published test vectors of xoshiro256**.
  // REQUIRES: state is not all zero (the one fixed point of xoshiro).
  static Rng from_state(const std::array<uint64_t, 4>& state);

  // An independent generator for one subsystem, derived from this generator's *current* state
  // and `subsystem_tag`; this generator is not advanced. Distinct tags give distinct children.
  // Take children before drawing from the parent (e.g. right after for_stream) so that each
  // child depends only on (seed, stream, tag).
  Rng child(uint64_t subsystem_tag) const;

  // The next 64 uniformly distributed bits. Every other draw is built from this one.
  uint64_t next_u64();

  // A double uniform on [0, 1): the top 53 bits of one draw, times 2^-53. One draw.
  double uniform01();

  // A double uniform on the open interval (0, 1), for inverse-CDF sampling where 0 would map to
  // -infinity: (top 52 bits + 0.5) * 2^-52, so values lie in [2^-53, 1 - 2^-53]. One draw.
  double uniform01_open();

  // An integer uniform on [0, n), exactly unbiased (Lemire 2019, "Fast random integer generation
  // in an interval": a multiply, with a division only on the rare rejection path). One draw,
  // plus a redraw with probability < n / 2^64.
  // REQUIRES: n > 0.
  uint64_t uniform_u64_below(uint64_t n);

  // An integer uniform on [lo, hi], both inclusive; the full int64 range is allowed.
  // REQUIRES: lo <= hi.
  int64_t uniform_int(int64_t lo, int64_t hi);

  // Equal state: the two generators will produce the same sequence.
  friend bool operator==(const Rng& a, const Rng& b) { return a.state_ == b.state_; }
  friend bool operator!=(const Rng& a, const Rng& b) { return !(a == b); }

 private:
  Rng() = default;

  std::array<uint64_t, 4> state_{};
};

// SplitMix64's output function: a bijection of uint64 with good avalanche. Public because the
// stream derivation is part of the determinism contract and tests check it independently.
uint64_t splitmix64_mix(uint64_t z);

// ---------------------------------------------------------------------------------------------
// Inline definitions: the hot path of every simulation, kept visible to the optimiser.

inline uint64_t Rng::next_u64() {
  // xoshiro256** 1.0, verbatim from the reference implementation.
  auto rotl = [](uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  const uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

inline double Rng::uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

inline double Rng::uniform01_open() {
  // 52 bits, not 53: (2^53 - 1) + 0.5 is not representable and would round up to 1.0.
  return (static_cast<double>(next_u64() >> 12) + 0.5) * 0x1.0p-52;
}

inline uint64_t Rng::uniform_u64_below(uint64_t n) {
  assert(n > 0);
  __extension__ using U128 = unsigned __int128;
  U128 product = static_cast<U128>(next_u64()) * n;
  auto low = static_cast<uint64_t>(product);
  if (low < n) {
    // threshold = 2^64 mod n: the count of low words that would over-represent some results.
    const uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      product = static_cast<U128>(next_u64()) * n;
      low = static_cast<uint64_t>(product);
    }
  }
  return static_cast<uint64_t>(product >> 64);
}

}  // namespace agentsim::sim
