#include "demo_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "agentsim/model/agent_machine.h"
#include "exit_codes.h"

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

int run_demo() {
  fmt::print(
      "agentsim demo: the seed document's claims through the formal agent model\n"
      "Each story starts with the agent's CCP open, logged in, Available.\n\n");
  fmt::print("{:<52} {:<15} {:<10} {:<9} {}\n", "story", "profile", "status", "ghost",
             "rejected/unaccepted");
  fmt::print("{}\n", std::string(104, '-'));
  int ghosts = 0;
  int runs = 0;
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
      ++runs;
      if (m.ghost()) ++ghosts;
      fmt::print("{:<52} {:<15} {:<10} {:<9} {}/{}\n", s.title, p->name,
                 model::to_string(m.status()), m.ghost() ? "GHOST" : "no", rejected,
                 m.unaccepted_total());
    }
  }
  fmt::print("\n{} of {} runs leave a ghost: an agent offered contacts with no CCP open.\n", ghosts,
             runs);
  return kExitOk;
}

}  // namespace

void add_demo_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "demo", "Replay the seed document's claims through the formal model (built-in)");
  cmd->callback([&exit_code] { exit_code = run_demo(); });
}

}  // namespace agentsim::app
