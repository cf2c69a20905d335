// The compiled dispatch (agent_machine.h): the table compiled from the MSM machine must do exactly
// what MSM's process_event does — same result, same next view, same unaccepted counts — for every
// (reachable view, event) pair of every combination of the profile's rules, not only the built-in
// profiles. Also: event codes, copies across modes, reset, and concurrent first use.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "agentsim/model/agent_machine.h"
#include "agentsim/model/event.h"
#include "agentsim/model/profile.h"
#include "model/printers.h"
#include "model/reachable_views.h"

namespace agentsim::model {
namespace {

// The profile whose rules are the bits of `mask`, in profile_parameters() order.
PlatformProfile rules_profile(std::uint32_t mask) {
  PlatformProfile p;
  p.name = "rules_" + std::to_string(mask);
  const std::vector<ProfileParameter>& rules = profile_parameters();
  for (std::size_t i = 0; i < rules.size(); ++i) p.*(rules[i].field) = ((mask >> i) & 1U) != 0;
  return p;
}

std::uint32_t rule_combinations() {
  return std::uint32_t{1} << profile_parameters().size();
}

// Everything observable that differs between the two machines, or "".
std::string differences(const AgentMachine& compiled, DispatchResult rc, const AgentMachine& msm,
                        DispatchResult rm) {
  std::ostringstream os;
  if (rc != rm) os << " result " << to_string(rc) << " vs msm " << to_string(rm) << ";";
  if (compiled.view() != msm.view()) {
    os << " view " << to_string(compiled.view()) << " vs msm " << to_string(msm.view()) << ";";
  }
  if (compiled.unaccepted_total() != msm.unaccepted_total()) os << " unaccepted totals differ;";
  const auto& a = compiled.unaccepted();
  const auto& b = msm.unaccepted();
  bool same = a.size() == b.size();
  for (std::size_t i = 0; same && i < a.size(); ++i) {
    same = a[i].view == b[i].view && a[i].event == b[i].event && a[i].count == b[i].count;
  }
  if (!same) os << " unaccepted pairs differ;";
  return os.str();
}

TEST(EventCode, IsTheIndexOfTheEventInAllEvents) {
  const std::vector<Event>& events = all_events();
  ASSERT_EQ(events.size(), static_cast<std::size_t>(kEventCodeCount));
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(event_code(events[i]), static_cast<int>(i)) << to_string(events[i]);
  }
}

TEST(EventCode, IgnoresTheFieldsTheEventKindDoesNotRead) {
  EXPECT_EQ(event_code(Event{EventKind::PageOpen, Status::Custom, true}),
            event_code(Event::of(EventKind::PageOpen)));
  EXPECT_EQ(event_code(Event{EventKind::ChooseStatus, Status::Available, true}),
            event_code(Event::choose(Status::Available)));
  EXPECT_EQ(event_code(Event{EventKind::PutUserStatus, Status::Custom, true}),
            event_code(Event::put_user_status(Status::Custom)));
  EXPECT_NE(event_code(Event::set_state(Status::Offline, true)),
            event_code(Event::set_state(Status::Offline, false)));
}

TEST(CompiledDispatch, AgreesWithMsmOnEveryReachablePairOfEveryCombinationOfRules) {
  const std::vector<Event>& events = all_events();
  std::size_t pairs = 0;
  for (std::uint32_t mask = 0; mask < rule_combinations(); ++mask) {
    const PlatformProfile p = rules_profile(mask);
    SCOPED_TRACE(p.name);
    // Breadth-first with both machines side by side, from the initial state, over every event.
    std::vector<AgentMachine> compiled{AgentMachine(p, DispatchMode::Compiled)};
    std::vector<AgentMachine> msm{AgentMachine(p, DispatchMode::Msm)};
    ASSERT_EQ(compiled.front().view(), msm.front().view());
    std::vector<bool> seen(kViewCodeCount, false);
    seen[static_cast<std::size_t>(view_code(msm.front().view()))] = true;
    int mismatches = 0;
    for (std::size_t s = 0; s < msm.size(); ++s) {
      for (const Event& e : events) {
        ++pairs;
        AgentMachine c = compiled[s];
        AgentMachine m = msm[s];
        const AgentView pre = m.view();
        const DispatchResult rc = c.dispatch(e);
        const DispatchResult rm = m.dispatch(e);
        const std::string wrong = differences(c, rc, m, rm);
        if (!wrong.empty() && ++mismatches <= 10) {
          ADD_FAILURE() << "from " << to_string(pre) << ", " << to_string(e) << ":" << wrong;
        }
        const auto code = static_cast<std::size_t>(view_code(m.view()));
        if (!seen[code]) {
          seen[code] = true;
          compiled.push_back(c);
          msm.push_back(m);
        }
      }
    }
    EXPECT_EQ(mismatches, 0);
    // The table holds exactly the states MSM reaches.
    EXPECT_EQ(static_cast<std::size_t>(compiled.front().compiled_states()), msm.size());
    EXPECT_EQ(msm.front().compiled_states(), 0) << "an Msm machine has no table";
  }
  std::printf("[ model    ] compiled vs msm: %u combinations of rules, %zu (view, event) pairs\n",
              rule_combinations(), pairs);
}

TEST(CompiledDispatch, AProfilesNamePlaysNoPartOnlyItsRules) {
  PlatformProfile renamed = ccp_v2();
  renamed.name = "my_ccp";
  const std::vector<Event> path = {Event::of(EventKind::PageOpen), Event::of(EventKind::Login),
                                   Event::choose(Status::Available),
                                   Event::of(EventKind::Logout)};
  AgentMachine a(ccp_v2());
  AgentMachine b(renamed);
  for (const Event& e : path) EXPECT_EQ(a.dispatch(e), b.dispatch(e));
  EXPECT_EQ(a.view(), b.view());
  EXPECT_EQ(b.profile().name, "my_ccp");
  EXPECT_EQ(b.view().status, Status::Offline) << "ccp_v2's logout sets Offline";
}

TEST(CompiledDispatch, CopiesAssignmentsAndResetKeepEachMachinesModeAndState) {
  const std::vector<Event> path = {Event::of(EventKind::PageOpen), Event::of(EventKind::Login),
                                   Event::choose(Status::Available),
                                   Event::of(EventKind::ContactOffered),
                                   Event::of(EventKind::PageDestroyed)};
  AgentMachine compiled = testing::machine_after(ccp_v1(), path, nullptr, DispatchMode::Compiled);
  AgentMachine msm = testing::machine_after(ccp_v1(), path, nullptr, DispatchMode::Msm);
  EXPECT_EQ(compiled.mode(), DispatchMode::Compiled);
  EXPECT_EQ(msm.mode(), DispatchMode::Msm);
  ASSERT_EQ(compiled.view(), msm.view());
  ASSERT_EQ(compiled.view().contact, Contact::Ringing) << "a ghost's contact rings";

  // An unaccepted event on each, then copies both ways: the copy carries mode, state, counts.
  EXPECT_EQ(compiled.dispatch(Event::of(EventKind::Hold)), DispatchResult::Unaccepted);
  EXPECT_EQ(msm.dispatch(Event::of(EventKind::Hold)), DispatchResult::Unaccepted);
  AgentMachine x(ccp_v2(), DispatchMode::Msm);
  x = compiled;
  AgentMachine y(ccp_v2(), DispatchMode::Compiled);
  y = msm;
  EXPECT_EQ(x.mode(), DispatchMode::Compiled);
  EXPECT_EQ(y.mode(), DispatchMode::Msm);
  EXPECT_EQ(x.profile().name, "ccp_v1");
  for (AgentMachine* m : {&x, &y}) {
    EXPECT_EQ(m->view(), compiled.view());
    EXPECT_EQ(m->unaccepted_total(), 1u);
    // Both go on from where they were copied: the ringing contact times out.
    EXPECT_EQ(m->dispatch(Event::of(EventKind::RingTimeout)), DispatchResult::Applied);
    EXPECT_EQ(m->view().contact, Contact::Missed);
    m->reset();
    EXPECT_EQ(m->view(), AgentView{});
    EXPECT_EQ(m->unaccepted_total(), 0u);
    EXPECT_TRUE(m->unaccepted().empty());
    EXPECT_EQ(m->dispatch(Event::of(EventKind::PageOpen)), DispatchResult::Applied);
  }
  AgentMachine moved = std::move(y);
  EXPECT_EQ(moved.mode(), DispatchMode::Msm);
  EXPECT_EQ(moved.view().page, Page::OnePage);
}

TEST(CompiledDispatch, MachinesBuiltOnManyThreadsAtOnceBehaveAlike) {
  // Every combination of rules, first used from two threads at once where the earlier tests have
  // not compiled it yet (CTest runs each test in a process of its own): each thread walks the same sequence and must see the same views.
  const std::vector<Event> walk = {
      Event::of(EventKind::PageOpen),      Event::of(EventKind::Login),
      Event::choose(Status::Available),    Event::of(EventKind::ContactOffered),
      Event::of(EventKind::ContactAccepted), Event::of(EventKind::Logout),
      Event::of(EventKind::PageDestroyed), Event::set_state(Status::Offline, true),
      Event::of(EventKind::ContactEnded),  Event::of(EventKind::AcwTimeout)};
  auto run = [&walk](std::vector<int>* codes) {
    for (std::uint32_t mask = 0; mask < rule_combinations(); ++mask) {
      AgentMachine m(rules_profile(mask));
      for (const Event& e : walk) {
        m.dispatch(e);
        codes->push_back(view_code(m.view()));
      }
    }
  };
  std::vector<int> a;
  std::vector<int> b;
  std::thread t1(run, &a);
  std::thread t2(run, &b);
  t1.join();
  t2.join();
  std::vector<int> direct;
  for (std::uint32_t mask = 0; mask < rule_combinations(); ++mask) {
    AgentMachine m(rules_profile(mask), DispatchMode::Msm);
    for (const Event& e : walk) {
      m.dispatch(e);
      direct.push_back(view_code(m.view()));
    }
  }
  EXPECT_EQ(a, direct);
  EXPECT_EQ(b, direct);
}

}  // namespace
}  // namespace agentsim::model
