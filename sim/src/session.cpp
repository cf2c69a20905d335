#include "agentsim/sim/session.h"

#include <fmt/format.h>

#include "session_run.h"

namespace agentsim::sim {

std::vector<std::string> SessionSpec::validate() const {
  std::vector<std::string> errors = sim::validate(env);
  for (std::string& e : strategy.validate()) errors.push_back("strategy." + e);
  return errors;
}

model::PlatformProfile SessionSpec::effective_profile() const {
  model::PlatformProfile p = profile;
  if (strategy.kind == StrategyKind::CcpV2Logout) p.logout_sets_offline = true;
  return p;
}

Outcome run_session_with(const SessionSpec& spec, DrawSource& draws, Trace* trace) {
  detail::SessionRun run(spec, draws, trace);
  return run.run();
}

Outcome run_session(const SessionSpec& spec, std::uint64_t seed, std::uint64_t session_index,
                    Trace* trace) {
  RandomDraws draws(spec.env, seed, session_index);
  return run_session_with(spec, draws, trace);
}

std::string format_timeline(const Trace& trace) {
  std::string out;
  for (const TraceEntry& e : trace.entries) {
    out += fmt::format("{:>12.3f} s  {:<8} {}\n", static_cast<double>(e.time_us) / 1e6, e.source,
                       e.text);
  }
  return out;
}

}  // namespace agentsim::sim
