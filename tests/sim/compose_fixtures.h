// Strategy compositions for the simulator tests: a component with some parameters set, a session
// of composed blocks, and counting sessions that meet a predicate.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "agentsim/sim/component.h"
#include "agentsim/sim/session.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::sim::testing {

// The component `name` with its defaults and `values` set (a failure to set one fails the test).
inline ComponentConfig block(std::string_view name,
                             std::vector<std::pair<std::string, std::string>> values = {}) {
  const ComponentDescriptor* d = find_component(name);
  EXPECT_NE(d, nullptr) << name;
  if (d == nullptr) return ComponentConfig{};
  ComponentConfig c = d->defaults();
  for (const auto& [k, v] : values) {
    const auto problem = c.set(k, v);
    EXPECT_FALSE(problem.has_value()) << name << "." << k << ": " << problem.value_or("");
  }
  return c;
}

// An idle agent whose session ends by `close`, with the composition of `blocks`.
inline SessionSpec composed(CloseKind close, std::vector<ComponentConfig> blocks) {
  SessionSpec spec;
  spec.close_kind = close;
  spec.pre_close = PreClose::Idle;
  spec.strategy = composed_config(std::move(blocks), "test");
  return spec;
}

// Five standard deviations of a proportion p estimated from n trials (a false alarm about once
// in 3.5 million runs).
inline double five_sigma(double p, int n) { return 5 * std::sqrt(p * (1 - p) / n); }

// How many of sessions 0..n-1 (seed `seed`) of `spec` meet `pred`.
template <class F>
int count_sessions(const SessionSpec& spec, int n, F&& pred, std::uint64_t seed = 5) {
  const std::vector<std::string> problems = spec.validate();
  EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems.front());
  int k = 0;
  for (int i = 0; i < n; ++i) {
    k += pred(run_session(spec, seed, static_cast<std::uint64_t>(i))) ? 1 : 0;
  }
  return k;
}

}  // namespace agentsim::sim::testing
