#include "agentsim/sim/random.h"

#include <cassert>
#include <cstdint>
#include <limits>

namespace agentsim::sim {
namespace {

// SplitMix64's increment: 2^64 / golden ratio, odd, so adding it is a bijection that visits all
// 2^64 values.
constexpr uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;

// Salts keep the three derivations (plain seed, stream, child) apart: without them
// for_stream(s, 0) and child(0) could coincide with simple seeds by construction.
constexpr uint64_t kStreamSalt = 0x5f1d0c8e3a7b9d24ULL;
constexpr uint64_t kChildSalt = 0xc2b2ae3d27d4eb4fULL;

// Two's-complement reinterpretation without implementation-defined conversions (C++17).
int64_t to_signed(uint64_t u) {
  if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return static_cast<int64_t>(u);
  }
  return -static_cast<int64_t>(~u) - 1;
}

}  // namespace

uint64_t splitmix64_mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Rng::Rng(uint64_t seed) {
  // SplitMix64 as a generator: x += gamma, output mix(x). Four consecutive outputs are distinct
  // (mix is a bijection), so at most one word is zero and the state is never all zero.
  uint64_t x = seed;
  for (uint64_t& word : state_) {
    x += kGoldenGamma;
    word = splitmix64_mix(x);
  }
}

Rng Rng::for_stream(uint64_t seed, uint64_t stream_index) {
  // key = mix(mix(seed ^ salt) + stream_index * gamma). For a fixed seed every step is a
  // bijection of stream_index (gamma is odd), so distinct streams get distinct keys, and distinct
  // keys give distinct first state words in Rng(key).
  const uint64_t base = splitmix64_mix(seed ^ kStreamSalt);
  return Rng(splitmix64_mix(base + stream_index * kGoldenGamma));
}

Rng Rng::from_state(const std::array<uint64_t, 4>& state) {
  assert((state[0] | state[1] | state[2] | state[3]) != 0);
  Rng rng;
  rng.state_ = state;
  return rng;
}

Rng Rng::child(uint64_t subsystem_tag) const {
  // Hash (tag, state) with a chain of bijections: for a fixed state, distinct tags give distinct
  // keys. The parent's state is read, never advanced.
  uint64_t key = splitmix64_mix(subsystem_tag ^ kChildSalt);
  for (const uint64_t word : state_) {
    key = splitmix64_mix((key ^ word) + kGoldenGamma);
  }
  return Rng(key);
}

int64_t Rng::uniform_int(int64_t lo, int64_t hi) {
  assert(lo <= hi);
  // The span is computed modulo 2^64, which is exact for any lo <= hi.
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  const uint64_t offset =
      span == std::numeric_limits<uint64_t>::max() ? next_u64() : uniform_u64_below(span + 1);
  return to_signed(static_cast<uint64_t>(lo) + offset);
}

}  // namespace agentsim::sim
