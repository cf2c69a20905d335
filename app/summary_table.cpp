#include "summary_table.h"

#include <fmt/format.h>

namespace agentsim::app {

namespace {
std::string percent_interval(const sim::Proportion& p) {
  const sim::Interval ci = p.wilson(0.95);
  return fmt::format("{:6.2f}% [{:.2f}, {:.2f}]", 100.0 * p.estimate(), 100.0 * ci.lo, 100.0 * ci.hi);
}
}  // namespace

void print_summary_header() {
  fmt::print("{:<26} {:>26} {:>10} {:>10} {:>9} {:>26} {:>9}\n", "strategy",
             "ghost rate (95% CI)", "ghost p50", "ghost p95", "missed/1k",
             "spurious Offline (95% CI)", "calls/close");
  fmt::print("{}\n", std::string(124, '-'));
}

void print_summary_row(std::string_view label, const sim::Summary& s) {
  const auto q = [&](double p) {
    return s.ghost_durations.count() == 0
               ? std::string("-")
               : fmt::format("{:.0f} s", static_cast<double>(s.ghost_durations.quantile_us(p)) / 1e6);
  };
  fmt::print("{:<26} {:>26} {:>10} {:>10} {:>9.1f} {:>26} {:>9.2f}\n", label,
             percent_interval(s.ghost_rate()), q(0.5), q(0.95), s.missed_per_1000_closes(),
             percent_interval(s.spurious_offline_rate()), s.api_calls_per_close());
}

}  // namespace agentsim::app
