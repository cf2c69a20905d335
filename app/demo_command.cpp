#include "demo_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>
#include <string_view>
#include <vector>

#include "agentsim/model/agent_machine.h"
#include "agentsim/sim/monte_carlo.h"
#include "cli_guards.h"
#include "exit_codes.h"
#include "summary_table.h"

namespace agentsim::app {

namespace {

using model::Event;
using model::EventKind;
using model::Status;

struct Story {
  std::string_view title;
  std::vector<Event> events;  // after: PageOpen, Login, ChooseStatus(Available)
};

std::vector<Story> stories() {
  return {
      {"agent closes the CCP tab while idle",
       {Event::of(EventKind::BeforeUnload), Event::of(EventKind::PageDestroyed)}},
      {"agent logs out, then closes the tab",
       {Event::of(EventKind::Logout), Event::of(EventKind::BeforeUnload),
        Event::of(EventKind::PageDestroyed)}},
      {"seed: setState(Offline) in beforeunload, idle",
       {Event::of(EventKind::BeforeUnload), Event::set_state(Status::Offline, false),
        Event::of(EventKind::PageDestroyed)}},
      {"seed: setState(Offline) in beforeunload, in ACW",
       {Event::of(EventKind::ContactOffered), Event::of(EventKind::ContactAccepted),
        Event::of(EventKind::ContactEnded), Event::of(EventKind::BeforeUnload),
        Event::set_state(Status::Offline, false), Event::of(EventKind::PageDestroyed)}},
      {"browser crash (no beforeunload)", {Event::of(EventKind::AllPagesDestroyed)}},
      {"closed during a call, the call ends (ACW times out)",
       {Event::of(EventKind::ContactOffered), Event::of(EventKind::ContactAccepted),
        Event::of(EventKind::BeforeUnload), Event::of(EventKind::PageDestroyed),
        Event::of(EventKind::AcwTimeout)}},
  };
}

int run_stories() {
  fmt::print("The seed document's claims through the formal model (CCP open, logged in, Available):\n\n");
  fmt::print("{:<52} {:<15} {:<10} {:<6} {}\n", "story", "profile", "status", "ghost",
             "rejected/unaccepted");
  fmt::print("{}\n", std::string(101, '-'));
  for (const Story& s : stories()) {
    for (const model::PlatformProfile* p : model::builtin_profiles()) {
      model::AgentMachine m(*p);
      m.dispatch(Event::of(EventKind::PageOpen));
      m.dispatch(Event::of(EventKind::Login));
      m.dispatch(Event::choose(Status::Available));
      int rejected = 0;
      for (const Event& e : s.events) {
        if (m.dispatch(e) == model::DispatchResult::Rejected) ++rejected;
      }
      fmt::print("{:<52} {:<15} {:<10} {:<6} {}/{}\n", s.title, p->name,
                 model::to_string(m.status()), m.ghost() ? "GHOST" : "no", rejected,
                 m.unaccepted_total());
    }
  }
  return kExitOk;
}

int run_demo(std::uint64_t seed, std::uint64_t sessions, int threads) {
  fmt::print("agentsim: every logout strategy under the default environment\n");
  fmt::print("{} sessions each (one close per session), seed {}; intervals are 95 % Wilson.\n\n",
             sessions, seed);
  print_summary_header();
  for (sim::StrategyKind k : sim::all_strategy_kinds()) {
    sim::SessionSpec spec;
    spec.strategy = sim::default_config(k);
    sim::MonteCarloOptions mc;
    mc.seed = seed;
    mc.sessions = sessions;
    mc.threads = threads;
    print_summary_row(sim::to_string(k), sim::run_monte_carlo(spec, mc));
  }
  int assumed = 0;
  for (const sim::EnvironmentParameter& p : sim::environment_parameters()) {
    if (p.provenance == model::Provenance::Assumed) ++assumed;
  }
  fmt::print(
      "\nghost: routable while the agent is away; missed/1k: contacts that rang out on a ghost per\n"
      "1000 closes; spurious Offline: a still-working agent set Offline by the strategy.\n"
      "{} of {} environment parameters are ASSUMPTIONS (see `agentsim list`, docs/environment.md).\n"
      "Reproduce: build/agentsim demo --seed {} --sessions {}\n\n",
      assumed, sim::environment_parameters().size(), seed, sessions);
  return run_stories();
}

}  // namespace

void add_demo_command(CLI::App& app, int& exit_code) {
  struct Options {
    std::uint64_t seed = 1;
    std::uint64_t sessions = 20000;
    int threads = 0;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "Every strategy under the default environment, and the seed's claims through the model");
  cmd->add_option("--seed", o->seed, "Seed")->capture_default_str();
  cmd->add_option("--sessions,-n", o->sessions, "Sessions per strategy, at most 100,000,000")
      ->capture_default_str()
      ->check(sessions_count());
  cmd->add_option("--threads,-j", o->threads, "Threads (0: all cores)")->check(CLI::Range(0, 1024));
  cmd->callback([o, &exit_code] { exit_code = run_demo(o->seed, o->sessions, o->threads); });
}

}  // namespace agentsim::app
