// The table-driven test: every (reachable view, event) pair of every built-in profile, the MSM
// machine against the plain reference model of tests/model/reference_model.h — in both dispatch
// modes: Boost.MSM's process_event, and the table compiled from it (agent_machine.h).
//
// The reachable views are enumerated by BFS with the reference model; the machine is put into
// each view by replaying the BFS path from the initial state (a fresh machine per pair, so no
// state leaks between pairs), then the event is dispatched and everything observable compared.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "agentsim/model/agent_machine.h"
#include "agentsim/model/event.h"
#include "agentsim/model/profile.h"
#include "model/printers.h"
#include "model/reachable_views.h"
#include "model/reference_model.h"

namespace agentsim::model {
namespace {

using reference::ref_step;
using reference::RefResult;
using testing::machine_after;
using testing::ReachableView;

// Past this many disagreements per profile the rest are only counted, so that a broken rule
// does not bury the report.
constexpr int kReportedMismatchesMax = 25;

std::string describe(const PlatformProfile& p, const AgentView& pre, const Event& e) {
  std::ostringstream os;
  os << "profile " << p.name << ", pre " << to_string(pre) << ", event " << to_string(e);
  return os.str();
}

// A fresh machine put into `from.view` by replaying its path; false when the machine does not
// follow the path (a disagreement found earlier on the path, reported there).
bool replay(const PlatformProfile& p, const ReachableView& from, AgentMachine& m) {
  std::vector<DispatchResult> results;
  m = machine_after(p, from.path, &results, m.mode());
  const bool all_applied = std::all_of(results.begin(), results.end(), [](DispatchResult r) {
    return r == DispatchResult::Applied;
  });
  return all_applied && m.view() == from.view && m.unaccepted_total() == 0;
}

// Everything wrong about the machine's answer to `e` from `pre`, or "" when it agrees.
std::string check_pair(const PlatformProfile& p, const AgentView& pre, AgentMachine& m,
                       const Event& e) {
  std::ostringstream wrong;
  const RefResult want = ref_step(pre, e, p);
  const DispatchResult got = m.dispatch(e);
  if (got != want.result) {
    wrong << " result " << to_string(got) << " expected " << to_string(want.result) << ";";
  }
  if (m.view() != want.after) {
    wrong << " after " << to_string(m.view()) << " expected " << to_string(want.after) << ";";
  }
  if (got == DispatchResult::Unaccepted) {
    const auto& counted = m.unaccepted();
    const bool once = counted.size() == 1 && counted[0].view == pre && counted[0].event == e &&
                      counted[0].count == 1 && m.unaccepted_total() == 1 && m.view() == pre;
    if (!once) wrong << " the unaccepted pair was not counted exactly once, state unchanged;";
  } else if (!m.unaccepted().empty() || m.unaccepted_total() != 0) {
    wrong << " an accepted event was counted as unaccepted;";
  }
  return wrong.str();
}

TEST(TransitionTable, AllEventsListsEveryDistinctEventOnce) {
  const std::vector<Event> expected = reference::ref_all_events();
  const std::vector<Event>& actual = all_events();
  ASSERT_EQ(actual.size(), 32u);
  for (const Event& e : expected) {
    EXPECT_EQ(std::count(actual.begin(), actual.end(), e), 1) << to_string(e);
  }
}

TEST(TransitionTable, TheMachineStartsLoggedOutWithNoPageOfflineAndNoContact) {
  for (const PlatformProfile* p : builtin_profiles()) {
    const AgentMachine m(*p);
    EXPECT_EQ(m.view(), AgentView{}) << p->name;
    EXPECT_EQ(m.view(), (AgentView{Session::LoggedOut, Page::NoPage, Status::Offline,
                                   Contact::None, NextStatus::None}));
    EXPECT_EQ(m.unaccepted_total(), 0u);
  }
}

std::vector<int> sorted_codes(const std::vector<ReachableView>& views) {
  std::vector<int> codes;
  for (const ReachableView& v : views) codes.push_back(view_code(v.view));
  std::sort(codes.begin(), codes.end());
  return codes;
}

class EveryMode : public ::testing::TestWithParam<DispatchMode> {};

TEST_P(EveryMode, EveryReachablePairAgreesWithTheReferenceModel) {
  const DispatchMode mode = GetParam();
  for (const PlatformProfile* p : builtin_profiles()) {
    SCOPED_TRACE(p->name);
    const std::vector<ReachableView> reachable = testing::reference_reachable(*p, all_events());
    std::size_t pairs = 0;
    int mismatches = 0;
    int unreplayable = 0;
    for (const ReachableView& from : reachable) {
      AgentMachine m(*p, mode);
      if (!replay(*p, from, m)) {
        ++unreplayable;
        continue;
      }
      for (const Event& e : all_events()) {
        ++pairs;
        replay(*p, from, m);  // a fresh machine for every pair
        const std::string wrong = check_pair(*p, from.view, m, e);
        if (wrong.empty()) continue;
        if (++mismatches <= kReportedMismatchesMax) {
          ADD_FAILURE() << describe(*p, from.view, e) << ":" << wrong;
        }
      }
    }
    EXPECT_EQ(mismatches, 0) << "disagreements for profile " << p->name;
    EXPECT_EQ(unreplayable, 0) << "views the machine could not be driven to along the "
                                  "reference's path (a disagreement on the way)";
    std::cout << "[ model    ] " << to_string(mode) << " dispatch, profile " << p->name << ": "
              << reachable.size()
              << " reachable views, " << pairs << " (view, event) pairs checked";
    if (unreplayable > 0) std::cout << ", " << unreplayable << " views not replayable";
    std::cout << "\n";
    const std::string key = std::string(to_string(mode)) + "_" + p->name;
    ::testing::Test::RecordProperty(key + "_reachable_views", static_cast<int>(reachable.size()));
    ::testing::Test::RecordProperty(key + "_pairs_checked", static_cast<int>(pairs));
  }
}

TEST_P(EveryMode, TheMachineAndTheReferenceReachExactlyTheSameViews) {
  const DispatchMode mode = GetParam();
  for (const PlatformProfile* p : builtin_profiles()) {
    const std::vector<int> by_reference =
        sorted_codes(testing::reference_reachable(*p, all_events()));
    const std::vector<int> by_machine = 
        sorted_codes(testing::machine_reachable(*p, all_events(), mode));
    std::vector<int> only_reference;
    std::vector<int> only_machine;
    std::set_difference(by_reference.begin(), by_reference.end(), by_machine.begin(),
                        by_machine.end(), std::back_inserter(only_reference));
    std::set_difference(by_machine.begin(), by_machine.end(), by_reference.begin(),
                        by_reference.end(), std::back_inserter(only_machine));
    for (int code : only_reference) {
      ADD_FAILURE() << p->name << ": only the reference reaches " << to_string(view_from_code(code));
    }
    for (int code : only_machine) {
      ADD_FAILURE() << p->name << ": only the machine reaches " << to_string(view_from_code(code));
    }
    EXPECT_EQ(by_reference.size(), by_machine.size()) << p->name;
  }
}

INSTANTIATE_TEST_SUITE_P(TransitionTable, EveryMode,
                         ::testing::Values(DispatchMode::Compiled, DispatchMode::Msm),
                         [](const ::testing::TestParamInfo<DispatchMode>& info) {
                           return info.param == DispatchMode::Compiled ? "Compiled" : "Msm";
                         });

// [D 7] "The status is never changed by a page event" (event.h), checked on the machine alone
// from every reachable view.
TEST(TransitionTable, NoPageEventChangesTheStatusOrTheNextStatusFromAnyReachableView) {
  const EventKind page_events[] = {EventKind::PageOpen, EventKind::BeforeUnload,
                                   EventKind::UnloadCancelled, EventKind::PageDestroyed,
                                   EventKind::AllPagesDestroyed};
  for (const PlatformProfile* p : builtin_profiles()) {
    for (const ReachableView& from : testing::machine_reachable(*p, all_events())) {
      for (EventKind k : page_events) {
        AgentMachine m = machine_after(*p, from.path);
        m.dispatch(Event::of(k));
        EXPECT_EQ(m.status(), from.view.status) << describe(*p, from.view, Event::of(k));
        EXPECT_EQ(m.next_status(), from.view.next) << describe(*p, from.view, Event::of(k));
        EXPECT_EQ(m.session(), from.view.session) << describe(*p, from.view, Event::of(k));
      }
    }
  }
}

}  // namespace
}  // namespace agentsim::model
