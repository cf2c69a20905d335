// The named invariants hold on every reachable view, and the queries of agent_view.h agree with
// the reference model's plain versions on every one of the kViewCodeCount views.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/model/agent_view.h"
#include "agentsim/model/invariants.h"
#include "agentsim/model/profile.h"
#include "model/printers.h"
#include "model/reachable_views.h"
#include "model/reference_model.h"

namespace agentsim::model {
namespace {

std::vector<AgentView> all_views() {
  std::vector<AgentView> views;
  for (int code = 0; code < kViewCodeCount; ++code) views.push_back(view_from_code(code));
  return views;
}

TEST(Invariants, EveryReachableViewSatisfiesEveryInvariantInEveryProfile) {
  ASSERT_FALSE(invariants().empty());
  for (const PlatformProfile* p : builtin_profiles()) {
    for (const auto& reachable : {testing::reference_reachable(*p, all_events()),
                                  testing::machine_reachable(*p, all_events())}) {
      for (const testing::ReachableView& r : reachable) {
        for (const Invariant& inv : invariants()) {
          EXPECT_TRUE(inv.holds(r.view, *p))
              << p->name << ": " << inv.name << " fails on " << to_string(r.view);
        }
        EXPECT_EQ(first_violated(r.view, *p), nullptr) << to_string(r.view);
      }
    }
  }
}

TEST(Invariants, FirstViolatedNamesTheFirstInvariantThatFails) {
  for (const PlatformProfile* p : builtin_profiles()) {
    for (const AgentView& v : all_views()) {
      const Invariant* expected = nullptr;
      for (const Invariant& inv : invariants()) {
        if (!inv.holds(v, *p)) {
          expected = &inv;
          break;
        }
      }
      const Invariant* actual = first_violated(v, *p);
      EXPECT_EQ(actual == nullptr ? std::string_view("none") : actual->name,
                expected == nullptr ? std::string_view("none") : expected->name)
          << to_string(v);
    }
  }
}

TEST(Invariants, SomeUnreachableViewViolatesAnInvariant) {
  // A pending next status with an empty slot is unreachable (the slot clearing applies it).
  const AgentView pending_idle{Session::LoggedIn, Page::OnePage, Status::Available,
                               Contact::None, NextStatus::Offline};
  EXPECT_NE(first_violated(pending_idle, ccp_v1()), nullptr)
      << "no invariant catches a next status pending with no contact";
}

TEST(Invariants, EachHasAUniqueSnakeCaseNameAndADescription) {
  std::set<std::string_view> names;
  for (const Invariant& inv : invariants()) {
    EXPECT_FALSE(inv.name.empty());
    EXPECT_FALSE(inv.description.empty()) << inv.name;
    EXPECT_NE(inv.holds, nullptr) << inv.name;
    EXPECT_EQ(inv.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_"),
              std::string_view::npos)
        << inv.name;
    EXPECT_TRUE(names.insert(inv.name).second) << "duplicate " << inv.name;
  }
}

// agent_view.h: ghost = routable while no CCP page of the agent exists.
TEST(AgentView, GhostIsTrueExactlyWhenRoutableAndNoPageIsPresent) {
  for (const PlatformProfile* p : builtin_profiles()) {
    int ghosts = 0;
    for (const AgentView& v : all_views()) {
      EXPECT_EQ(ghost(v, *p), routable(v, *p) && !page_present(v)) << to_string(v);
      EXPECT_EQ(ghost(v, *p), reference::ref_ghost(v, *p)) << p->name << " " << to_string(v);
      ghosts += ghost(v, *p) ? 1 : 0;
    }
    EXPECT_GT(ghosts, 0) << p->name << ": the ghost hazard must be representable";
  }
}

// Counts the views on which `query` differs from `expected` and reports the first few.
template <typename Query, typename Expected>
void expect_same_on_every_view(const char* name, const PlatformProfile& p, Query query,
                               Expected expected) {
  constexpr int kReportedMax = 3;
  int differ = 0;
  for (const AgentView& v : all_views()) {
    if (query(v) == expected(v)) continue;
    if (++differ <= kReportedMax) {
      ADD_FAILURE() << name << " is " << query(v) << ", the reference says " << expected(v)
                    << ", on " << to_string(v) << " (" << p.name << ")";
    }
  }
  EXPECT_EQ(differ, 0) << name << " differs from the reference on " << differ << " views";
}

TEST(AgentView, QueriesAgreeWithTheReferenceOnEveryView) {
  for (const PlatformProfile* p : builtin_profiles()) {
    expect_same_on_every_view(
        "routable", *p, [p](const AgentView& v) { return routable(v, *p); },
        [p](const AgentView& v) { return reference::ref_routable(v, *p); });
    expect_same_on_every_view(
        "page_present", *p, [](const AgentView& v) { return page_present(v); },
        [](const AgentView& v) { return reference::ref_page_present(v); });
    expect_same_on_every_view(
        "page_interactive", *p, [](const AgentView& v) { return page_interactive(v); },
        [](const AgentView& v) { return reference::ref_page_interactive(v); });
    expect_same_on_every_view(
        "live_contact", *p, [](const AgentView& v) { return live_contact(v); },
        [](const AgentView& v) { return reference::ref_live_contact(v); });
    expect_same_on_every_view(
        "slot_occupied", *p, [](const AgentView& v) { return slot_occupied(v); },
        [](const AgentView& v) { return v.contact != Contact::None; });
    expect_same_on_every_view(
        "pages_open", *p, [](const AgentView& v) { return pages_open(v); },
        [](const AgentView& v) {
          if (v.page == Page::NoPage) return 0;
          if (v.page == Page::TwoPages || v.page == Page::UnloadingOneOfTwo) return 2;
          return 1;
        });
  }
}

TEST(AgentView, ViewCodesAreDenseAndRoundTrip) {
  std::set<std::string> names;
  for (int code = 0; code < kViewCodeCount; ++code) {
    const AgentView v = view_from_code(code);
    EXPECT_EQ(view_code(v), code);
    EXPECT_TRUE(names.insert(to_string(v)).second) << "two views print as " << to_string(v);
  }
  EXPECT_EQ(view_code(AgentView{}), view_code(view_from_code(view_code(AgentView{}))));
}

}  // namespace
}  // namespace agentsim::model
