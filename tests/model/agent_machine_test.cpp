// One test per documented behaviour of shared/domain/amazon-connect.md (the fact sheet), each
// named as the sentence it checks and citing its source: [D n] AWS documentation, [S n] Streams,
// [C n] community report, [A] our assumption (a named profile parameter).
#include <cstdio>
#include <gtest/gtest.h>

#include <initializer_list>
#include <utility>
#include <vector>

#include "agentsim/model/agent_machine.h"
#include "agentsim/model/event.h"
#include "agentsim/model/profile.h"
#include "model/printers.h"

namespace agentsim::model {
namespace {

using Events = std::vector<Event>;

const Event kLogin = Event::of(EventKind::Login);
const Event kLogout = Event::of(EventKind::Logout);
const Event kSessionExpired = Event::of(EventKind::SessionExpired);
const Event kPageOpen = Event::of(EventKind::PageOpen);
const Event kBeforeUnload = Event::of(EventKind::BeforeUnload);
const Event kUnloadCancelled = Event::of(EventKind::UnloadCancelled);
const Event kPageDestroyed = Event::of(EventKind::PageDestroyed);
const Event kAllPagesDestroyed = Event::of(EventKind::AllPagesDestroyed);
const Event kOffered = Event::of(EventKind::ContactOffered);
const Event kAccepted = Event::of(EventKind::ContactAccepted);
const Event kRingTimeout = Event::of(EventKind::RingTimeout);
const Event kHold = Event::of(EventKind::Hold);
const Event kResume = Event::of(EventKind::Resume);
const Event kEnded = Event::of(EventKind::ContactEnded);
const Event kClear = Event::of(EventKind::ClearContact);
const Event kAcwTimeout = Event::of(EventKind::AcwTimeout);
const Event kDismiss = Event::of(EventKind::DismissUserContact);

// Setups, each a path from the initial state.
const Events kAvailable = {kPageOpen, kLogin, Event::choose(Status::Available)};
const Events kRinging = {kPageOpen, kLogin, Event::choose(Status::Available), kOffered};
const Events kConnected = {kPageOpen, kLogin, Event::choose(Status::Available), kOffered,
                           kAccepted};
const Events kOnHold = {kPageOpen, kLogin, Event::choose(Status::Available), kOffered,
                        kAccepted, kHold};
const Events kAcw = {kPageOpen, kLogin, Event::choose(Status::Available), kOffered, kAccepted,
                     kEnded};
const Events kMissed = {kPageOpen, kLogin, Event::choose(Status::Available), kOffered,
                        kRingTimeout};

Events then(Events setup, std::initializer_list<Event> more) {
  setup.insert(setup.end(), more.begin(), more.end());
  return setup;
}

// A fresh machine driven through `setup`; every setup step must be applied.
AgentMachine given(const PlatformProfile& p, const Events& setup) {
  AgentMachine m(p);
  for (const Event& e : setup) {
    EXPECT_EQ(m.dispatch(e), DispatchResult::Applied)
        << "setup step " << to_string(e) << " at " << to_string(m.view()) << " (" << p.name << ")";
  }
  return m;
}

AgentView view(Session s, Page pg, Status st, Contact c, NextStatus n = NextStatus::None) {
  return AgentView{s, pg, st, c, n};
}

PlatformProfile with(const PlatformProfile& base, bool PlatformProfile::*field, bool value) {
  PlatformProfile p = base;
  p.*field = value;
  p.name += value ? "+" : "-";
  return p;
}

// ---- status versus login --------------------------------------------------------------------

// [D 7,8] Being logged in to the CCP and having a status are separate variables.
TEST(AgentMachine, LoggingInDoesNotChangeTheStatus) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, {kPageOpen});
    EXPECT_EQ(m.dispatch(kLogin), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, Status::Offline, Contact::None));
  }
}

// [D 1] Only a ROUTABLE status (Available) receives inbound contacts; CUSTOM blocks routing.
TEST(AgentMachine, OnlyTheAvailableStatusIsOfferedContacts) {
  for (const PlatformProfile* p : builtin_profiles()) {
    for (Status s : {Status::Offline, Status::Custom}) {
      AgentMachine m = given(*p, {kPageOpen, kLogin, Event::choose(s)});
      EXPECT_FALSE(m.routable()) << p->name << " " << to_string(s);
      EXPECT_EQ(m.dispatch(kOffered), DispatchResult::Unaccepted) << p->name;
    }
    AgentMachine m = given(*p, kAvailable);
    EXPECT_TRUE(m.routable()) << p->name;
    EXPECT_EQ(m.dispatch(kOffered), DispatchResult::Applied) << p->name;
    EXPECT_EQ(m.contact(), Contact::Ringing);
  }
}

// [D 7] [C 34] CCPv1: logging out does not change Available to Offline.
TEST(AgentMachine, Ccpv1LogoutKeepsTheAgentAvailable) {
  AgentMachine m = given(ccp_v1(), kAvailable);
  EXPECT_EQ(m.dispatch(kLogout), DispatchResult::Applied);
  EXPECT_EQ(m.view(), view(Session::LoggedOut, Page::OnePage, Status::Available, Contact::None));
}

// [D 7,8] The /logout endpoint a custom Streams CCP calls does not change the status either.
TEST(AgentMachine, CustomCcpLogoutKeepsTheAgentAvailable) {
  AgentMachine m = given(streams_custom(), kAvailable);
  EXPECT_EQ(m.dispatch(kLogout), DispatchResult::Applied);
  EXPECT_EQ(m.view(), view(Session::LoggedOut, Page::OnePage, Status::Available, Contact::None));
}

// [D 7] [C 34] CCPv2: logging out from the CCP switches the agent to Offline.
TEST(AgentMachine, Ccpv2LogoutSetsOffline) {
  AgentMachine m = given(ccp_v2(), kAvailable);
  EXPECT_EQ(m.dispatch(kLogout), DispatchResult::Applied);
  EXPECT_EQ(m.view(), view(Session::LoggedOut, Page::OnePage, Status::Offline, Contact::None));
  EXPECT_FALSE(m.routable());
}

// [D 7] [C 34] CCPv2: ... as a *next status* when a contact is active.
TEST(AgentMachine, Ccpv2LogoutDuringAContactSetsOfflineAsNextStatus) {
  AgentMachine m = given(ccp_v2(), kConnected);
  EXPECT_EQ(m.dispatch(kLogout), DispatchResult::Applied);
  EXPECT_EQ(m.view(), view(Session::LoggedOut, Page::OnePage, Status::Available,
                           Contact::Connected, NextStatus::Offline));
  EXPECT_EQ(m.dispatch(kEnded), DispatchResult::Applied);
  EXPECT_EQ(m.dispatch(kAcwTimeout), DispatchResult::Applied);
  EXPECT_EQ(m.view(), view(Session::LoggedOut, Page::OnePage, Status::Offline, Contact::None));
}

// [A] [D 7,8] [C 6,28] A logged-out agent who is still Available keeps counting as staffed; that
// routing continues is the profile parameter logged_out_available_is_routable.
TEST(AgentMachine, ALoggedOutAvailableAgentIsOfferedContactsOnlyWhenTheProfileSaysSo) {
  for (bool routable : {true, false}) {
    const PlatformProfile p =
        with(ccp_v1(), &PlatformProfile::logged_out_available_is_routable, routable);
    AgentMachine m = given(p, then(kAvailable, {kLogout}));
    EXPECT_EQ(m.routable(), routable);
    EXPECT_EQ(m.dispatch(kOffered),
              routable ? DispatchResult::Applied : DispatchResult::Unaccepted);
  }
}

// [D 36] Sessions expire after 12 hours, even during a call; the status stays.
TEST(AgentMachine, SessionExpiryLogsOutWithoutChangingTheStatus) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine idle = given(*p, kAvailable);
    EXPECT_EQ(idle.dispatch(kSessionExpired), DispatchResult::Applied);
    EXPECT_EQ(idle.view(),
              view(Session::LoggedOut, Page::OnePage, Status::Available, Contact::None));
    AgentMachine busy = given(*p, kConnected);
    EXPECT_EQ(busy.dispatch(kSessionExpired), DispatchResult::Applied);
    EXPECT_EQ(busy.view(),
              view(Session::LoggedOut, Page::OnePage, Status::Available, Contact::Connected))
        << p->name << ": no Offline follow-up, not even on CCPv2";
  }
}

// ---- pages ----------------------------------------------------------------------------------

// [D 7] Closing the browser does not log the user out and does not change the status.
TEST(AgentMachine, ClosingThePageDoesNotChangeTheStatus) {
  const std::vector<Events> closings = {
      {kPageDestroyed}, {kBeforeUnload, kPageDestroyed}, {kAllPagesDestroyed}};
  for (const PlatformProfile* p : builtin_profiles()) {
    for (Status s : {Status::Offline, Status::Available, Status::Custom}) {
      for (const Events& closing : closings) {
        AgentMachine m = given(*p, {kPageOpen, kLogin, Event::choose(s)});
        for (const Event& e : closing) EXPECT_EQ(m.dispatch(e), DispatchResult::Applied);
        EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::NoPage, s, Contact::None))
            << p->name << " after " << to_string(closing.back());
      }
    }
  }
}

// [C 52] (Corrected 2026-12) AWS: closing or refreshing the CCP during a call "is not
// supported, and will disable voice communication" — the contact stays CONNECTED, without audio,
// until the customer (or a supervisor) ends it; ACW follows.
TEST(ModelFact, ClosingThePageDuringAVoiceCallDoesNotEndTheContact) {
  for (const PlatformProfile* p : builtin_profiles()) {
    for (const Events& call : {kConnected, kOnHold}) {
      for (const Event& close : {kPageDestroyed, kAllPagesDestroyed}) {
        AgentMachine m = given(*p, call);
        const Contact before = m.contact();
        EXPECT_EQ(m.dispatch(close), DispatchResult::Applied);
        EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::NoPage, Status::Available, before))
            << p->name << " " << to_string(close);
        // The customer hangs up: the contact ends and ACW follows.
        EXPECT_EQ(m.dispatch(kEnded), DispatchResult::Applied);
        EXPECT_EQ(m.contact(), Contact::AfterContactWork) << p->name;
      }
    }
  }
}

// [A] page_close_ends_voice_contact is kept as a named, non-default assumption: switched on, the
// last page carries the agent leg away and the contact moves to ACW at once.
TEST(AgentMachine, ClosingTheLastPageEndsTheAgentLegWhenTheProfileSaysSo) {
  const PlatformProfile p = with(ccp_v1(), &PlatformProfile::page_close_ends_voice_contact, true);
  for (const Events& call : {kConnected, kOnHold}) {
    AgentMachine m = given(p, call);
    EXPECT_EQ(m.dispatch(kPageDestroyed), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::NoPage, Status::Available,
                             Contact::AfterContactWork));
  }
}

// [A] (fact sheet) Only the last page carries the media away: a second tab keeps the call.
TEST(AgentMachine, ClosingOneOfTwoTabsKeepsTheCallConnected) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, then({kPageOpen}, {kPageOpen, kLogin, Event::choose(Status::Available),
                                                 kOffered, kAccepted}));
    EXPECT_EQ(m.dispatch(kBeforeUnload), DispatchResult::Applied);
    EXPECT_EQ(m.page(), Page::UnloadingOneOfTwo);
    EXPECT_EQ(m.dispatch(kPageDestroyed), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, Status::Available, Contact::Connected));
    EXPECT_EQ(m.dispatch(kHold), DispatchResult::Applied) << "the remaining tab is interactive";
  }
}

// agent_view.h: page_interactive is "open and not frozen in beforeunload". While one of two
// tabs runs its beforeunload handler the other tab is open and not frozen (a beforeunload dialog
// is modal to its own tab only), so the agent can keep working in it.
TEST(AgentMachine, WhileOneOfTwoTabsUnloadsTheAgentCanWorkInTheOther) {
  for (const PlatformProfile* p : builtin_profiles()) {
    const AgentView v{Session::LoggedIn, Page::UnloadingOneOfTwo, Status::Available,
                      Contact::Connected, NextStatus::None};
    EXPECT_TRUE(page_interactive(v)) << to_string(v);
    AgentMachine m = given(*p, then({kPageOpen}, {kPageOpen, kLogin,
                                                 Event::choose(Status::Available), kOffered,
                                                 kAccepted, kBeforeUnload}));
    EXPECT_EQ(m.dispatch(kHold), DispatchResult::Applied) << p->name;
    EXPECT_EQ(m.dispatch(kResume), DispatchResult::Applied) << p->name;
    EXPECT_EQ(m.dispatch(Event::choose(Status::Offline)), DispatchResult::Applied) << p->name;
    EXPECT_EQ(m.next_status(), NextStatus::Offline);
  }
}

// [A] The coupling is for a connected voice leg only: a ringing contact is not ended by closing
// the page — it rings out into Missed, as ghost agents report [C 28].
TEST(AgentMachine, ClosingThePageWhileRingingLeavesTheContactToRingOut) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, kRinging);
    EXPECT_EQ(m.dispatch(kPageDestroyed), DispatchResult::Applied);
    EXPECT_EQ(m.contact(), Contact::Ringing);
    EXPECT_EQ(m.dispatch(kAccepted), DispatchResult::Unaccepted) << "no page to accept in";
    EXPECT_EQ(m.dispatch(kRingTimeout), DispatchResult::Applied);
    EXPECT_EQ(m.contact(), Contact::Missed);
  }
}

// [C 28] Ghost agents stay Available after closing the CCP and are offered calls that go Missed.
TEST(AgentMachine, AClosedPageLeavesAnAvailableAgentAGhost) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, kAvailable);
    EXPECT_FALSE(m.ghost());
    EXPECT_EQ(m.dispatch(kPageDestroyed), DispatchResult::Applied);
    EXPECT_TRUE(m.routable()) << p->name;
    EXPECT_TRUE(m.ghost()) << p->name;
    EXPECT_EQ(m.dispatch(kOffered), DispatchResult::Applied);
    EXPECT_FALSE(m.ghost()) << "ringing: no longer routable";
    EXPECT_EQ(m.dispatch(kRingTimeout), DispatchResult::Applied);
    EXPECT_EQ(m.contact(), Contact::Missed);
  }
}

// [D 7] [C 6,29] The workaround: setState in beforeunload. The unloading page still exists and
// its handler may call setState; the agent can no longer log out or pick up from it.
TEST(AgentMachine, ABeforeUnloadHandlerCanStillSetTheStatusButNotLogOut) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, then(kAvailable, {kBeforeUnload}));
    EXPECT_EQ(m.dispatch(kLogout), DispatchResult::Unaccepted) << "page not interactive";
    EXPECT_EQ(m.dispatch(Event::set_state(Status::Offline, false)), DispatchResult::Applied);
    EXPECT_EQ(m.dispatch(kPageDestroyed), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::NoPage, Status::Offline, Contact::None));
    EXPECT_FALSE(m.ghost());
  }
}

// [A] Choosing Stay in the beforeunload dialog brings the page back.
TEST(AgentMachine, CancellingTheUnloadKeepsThePage) {
  AgentMachine m = given(ccp_v1(), then(kAvailable, {kBeforeUnload}));
  EXPECT_EQ(m.dispatch(kUnloadCancelled), DispatchResult::Applied);
  EXPECT_EQ(m.page(), Page::OnePage);
  EXPECT_EQ(m.dispatch(kLogout), DispatchResult::Applied);
}

// [D 7,8] Logging in and picking a status are clicks in an open CCP page (event.h:
// agent_can_act = LoggedIn and page_interactive).
TEST(AgentMachine, LoggingInAndChoosingAStatusNeedAnOpenPage) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m(*p);
    EXPECT_EQ(m.dispatch(kLogin), DispatchResult::Unaccepted);
    EXPECT_EQ(m.dispatch(Event::choose(Status::Available)), DispatchResult::Unaccepted);
    AgentMachine closed = given(*p, {kPageOpen, kLogin, kPageDestroyed});
    EXPECT_EQ(closed.dispatch(Event::choose(Status::Available)), DispatchResult::Unaccepted);
    AgentMachine unloading = given(*p, {kPageOpen, kLogin, kBeforeUnload});
    EXPECT_EQ(unloading.dispatch(Event::choose(Status::Available)), DispatchResult::Unaccepted);
    EXPECT_EQ(unloading.view(),
              view(Session::LoggedIn, Page::Unloading, Status::Offline, Contact::None));
  }
}

// [S 2] event.h: the platform applies a delivered setState for a logged-in agent whatever
// became of the page that sent it; a logged-out agent's setState is not permitted.
TEST(AgentMachine, ADeliveredSetStateIsAppliedEvenAfterThePageIsGone) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, then(kAvailable, {kAllPagesDestroyed}));
    EXPECT_EQ(m.dispatch(Event::set_state(Status::Offline, false)), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::NoPage, Status::Offline, Contact::None));
    AgentMachine logged_out = given(*p, then(kAvailable, {kSessionExpired}));
    EXPECT_EQ(logged_out.dispatch(Event::set_state(Status::Offline, true)),
              DispatchResult::Unaccepted);
    EXPECT_EQ(logged_out.status(), Status::Available);
  }
}

// event.h: the agent's CCP actions need a logged-in CCP: a logged-out agent who still gets a
// contact (logged_out_available_is_routable [A]) cannot accept it, and it rings out.
TEST(AgentMachine, ALoggedOutAgentCannotAcceptAContact) {
  const PlatformProfile p =
      with(ccp_v1(), &PlatformProfile::logged_out_available_is_routable, true);
  AgentMachine m = given(p, then(kAvailable, {kLogout, kOffered}));
  EXPECT_EQ(m.dispatch(kAccepted), DispatchResult::Unaccepted);
  EXPECT_EQ(m.dispatch(kRingTimeout), DispatchResult::Applied);
  EXPECT_EQ(m.dispatch(kClear), DispatchResult::Unaccepted);
  EXPECT_EQ(m.dispatch(kDismiss), DispatchResult::Applied);
  EXPECT_EQ(m.view(), view(Session::LoggedOut, Page::OnePage, Status::Available, Contact::None));
}

// ---- ringing, missed ------------------------------------------------------------------------

// [D 11,12,13,14] Ring timeout is 20 s; a contact neither accepted nor rejected leaves the agent
// Missed, and [D 12,16,40] the agent is not routable until the missed contact is cleared.
TEST(AgentMachine, AContactNotAcceptedIn20sLeavesTheAgentMissedAndNotRoutable) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, kRinging);
    EXPECT_EQ(m.dispatch(kRingTimeout), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, Status::Available, Contact::Missed));
    EXPECT_FALSE(m.routable()) << p->name;
  }
}

// [D 12,16,40] [S 2] After a missed contact the agent is not routable until it is cleared.
TEST(AgentMachine, AMissedContactBlocksRoutingUntilCleared) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, kMissed);
    EXPECT_EQ(m.dispatch(kOffered), DispatchResult::Unaccepted);
    EXPECT_EQ(m.dispatch(kClear), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, Status::Available, Contact::None));
    EXPECT_TRUE(m.routable());
    // [D 11-14] The contact goes back to routing and may be offered to the same agent again.
    EXPECT_EQ(m.dispatch(kOffered), DispatchResult::Applied);
  }
}

// [D 12] The agent clears a missed contact by changing status; [D 40] so can a supervisor.
TEST(AgentMachine, ChangingTheStatusClearsAMissedContact) {
  for (const PlatformProfile* p : builtin_profiles()) {
    for (const Event& change : {Event::choose(Status::Available),
                                Event::put_user_status(Status::Available)}) {
      AgentMachine m = given(*p, kMissed);
      EXPECT_EQ(m.dispatch(change), DispatchResult::Applied) << to_string(change);
      EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, Status::Available, Contact::None));
    }
  }
}

// [D 16] DismissUserContact clears a MISSED contact — a server API, so it needs no page.
TEST(AgentMachine, DismissUserContactClearsAMissedContact) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, then(kMissed, {kPageDestroyed}));
    EXPECT_EQ(m.dispatch(kClear), DispatchResult::Unaccepted) << "no page to click Clear in";
    EXPECT_EQ(m.dispatch(kDismiss), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::NoPage, Status::Available, Contact::None));
  }
}

// ---- next status ----------------------------------------------------------------------------

// [D 17,19] During a live contact, choosing Offline makes it the next status, applied when the
// slot clears; meanwhile the status is still Available.
TEST(AgentMachine, OfflineChosenDuringAContactIsAppliedWhenTheContactClears) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, kConnected);
    EXPECT_EQ(m.dispatch(Event::choose(Status::Offline)), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, Status::Available,
                             Contact::Connected, NextStatus::Offline));
    EXPECT_EQ(m.dispatch(kEnded), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, Status::Available,
                             Contact::AfterContactWork, NextStatus::Offline));
    EXPECT_EQ(m.dispatch(kClear), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, Status::Offline, Contact::None));
  }
}

// [D 11,17] The configured ACW duration elapsing clears the slot and applies the next status.
TEST(AgentMachine, AcwTimeoutAppliesThePendingNextStatus) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, then(kConnected, {Event::choose(Status::Custom), kEnded}));
    EXPECT_EQ(m.dispatch(kAcwTimeout), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, Status::Custom, Contact::None));
  }
}

// [D 17] Choosing Available during a contact cancels the pending next status.
TEST(AgentMachine, ChoosingAvailableDuringAContactCancelsThePendingNextStatus) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, then(kConnected, {Event::choose(Status::Custom)}));
    EXPECT_EQ(m.dispatch(Event::choose(Status::Available)), DispatchResult::Applied);
    EXPECT_EQ(m.next_status(), NextStatus::None);
    EXPECT_EQ(m.dispatch(kEnded), DispatchResult::Applied);
    EXPECT_EQ(m.dispatch(kClear), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, Status::Available, Contact::None));
  }
}

// [D 17] Choosing a next status stops routing at once.
TEST(AgentMachine, APendingNextStatusStopsRoutingAtOnce) {
  for (const PlatformProfile* p : builtin_profiles()) {
    const AgentView pending_idle = view(Session::LoggedIn, Page::OnePage, Status::Available,
                                        Contact::None, NextStatus::Offline);
    EXPECT_FALSE(routable(pending_idle, *p)) << "routable() itself excludes a pending status";
    AgentMachine m = given(*p, then(kConnected, {Event::choose(Status::Offline), kEnded}));
    EXPECT_FALSE(m.routable());
    EXPECT_EQ(m.dispatch(kAcwTimeout), DispatchResult::Applied);
    EXPECT_FALSE(m.routable());
    EXPECT_EQ(m.dispatch(kOffered), DispatchResult::Unaccepted) << p->name;
  }
}

// [D 41] Clearing ACW (no next status chosen) returns the agent to the previous status.
TEST(AgentMachine, ClearingAcwKeepsThePreviousStatus) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, kAcw);
    EXPECT_EQ(m.dispatch(kClear), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, Status::Available, Contact::None));
  }
}

// [D 17] [C 35] If only ACW is active, choosing a status clears ACW immediately.
TEST(AgentMachine, ChoosingAStatusInAcwClearsTheContactImmediately) {
  for (const PlatformProfile* p : builtin_profiles()) {
    for (Status s : {Status::Offline, Status::Available, Status::Custom}) {
      AgentMachine m = given(*p, then(kConnected, {Event::choose(Status::Offline), kEnded}));
      EXPECT_EQ(m.dispatch(Event::choose(s)), DispatchResult::Applied);
      EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, s, Contact::None))
          << p->name << ": the chosen status wins over the pending one";
    }
  }
}

// [S 2] [D 19] Streams setState without {enqueueNextState: true} fails during a live contact.
TEST(AgentMachine, SetStateWithoutEnqueueFailsDuringALiveContact) {
  for (const PlatformProfile* p : builtin_profiles()) {
    ASSERT_TRUE(p->setstate_requires_enqueue_during_contact) << p->name;
    for (const Events& live : {kRinging, kConnected, kOnHold}) {
      AgentMachine m = given(*p, live);
      const AgentView before = m.view();
      EXPECT_EQ(m.dispatch(Event::set_state(Status::Offline, false)), DispatchResult::Rejected);
      EXPECT_EQ(m.view(), before);
      EXPECT_EQ(m.unaccepted_total(), 0u) << "rejected is accepted, not unaccepted";
    }
  }
}

// [S 2] With enqueueNextState the call succeeds and sets the next status.
TEST(AgentMachine, SetStateWithEnqueueSetsTheNextStatusDuringAContact) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, kConnected);
    EXPECT_EQ(m.dispatch(Event::set_state(Status::Offline, true)), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, Status::Available,
                             Contact::Connected, NextStatus::Offline));
  }
}

// [A] setstate_rejected_in_acw: whether setState without enqueue also fails in ACW.
TEST(AgentMachine, SetStateWithoutEnqueueInAcwFollowsTheProfile) {
  for (bool rejected_in_acw : {true, false}) {
    const PlatformProfile p =
        with(streams_custom(), &PlatformProfile::setstate_rejected_in_acw, rejected_in_acw);
    AgentMachine m = given(p, kAcw);
    const DispatchResult r = m.dispatch(Event::set_state(Status::Offline, false));
    if (rejected_in_acw) {
      EXPECT_EQ(r, DispatchResult::Rejected);
      EXPECT_EQ(m.contact(), Contact::AfterContactWork);
    } else {
      EXPECT_EQ(r, DispatchResult::Applied);
      EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, Status::Offline, Contact::None));
    }
  }
}

// [C 35] (Corrected 2026-12) AWS on Streams issue 952: a status change during ACW closes the
// contact (or is enqueued when other contacts exist); it is never described as refused.
TEST(ModelFact, SetStateDuringAfterContactWorkIsNotRefusedItClosesTheContact) {
  for (const PlatformProfile* p : builtin_profiles()) {
    for (Status target : {Status::Offline, Status::Custom, Status::Available}) {
      AgentMachine m = given(*p, kAcw);
      EXPECT_EQ(m.dispatch(Event::set_state(target, false)), DispatchResult::Applied) << p->name;
      EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::OnePage, target, Contact::None))
          << p->name;
    }
  }
}

// [D 18,19] PutUserStatus during a contact sets the next status. It is a server API: it works
// for an agent the CCP could no longer act for (logged out by session expiry).
TEST(AgentMachine, PutUserStatusDuringAContactSetsTheNextStatus) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, then(kConnected, {kSessionExpired}));
    EXPECT_EQ(m.dispatch(Event::choose(Status::Offline)), DispatchResult::Unaccepted)
        << "the CCP UI needs a logged-in agent";
    EXPECT_EQ(m.dispatch(Event::put_user_status(Status::Offline)), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedOut, Page::OnePage, Status::Available,
                             Contact::Connected, NextStatus::Offline));
  }
}

// [D 18] Outside a contact PutUserStatus changes the current status, page or no page.
TEST(AgentMachine, PutUserStatusSetsAGhostOffline) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, then(kAvailable, {kAllPagesDestroyed}));
    ASSERT_TRUE(m.ghost());
    EXPECT_EQ(m.dispatch(Event::put_user_status(Status::Offline)), DispatchResult::Applied);
    EXPECT_EQ(m.view(), view(Session::LoggedIn, Page::NoPage, Status::Offline, Contact::None));
    EXPECT_FALSE(m.ghost());
  }
}

// ---- contact lifecycle ----------------------------------------------------------------------

// [D 9,25] CONNECTED -> CONNECTED_ONHOLD -> CONNECTED -> ENDED (the agent is now in ACW).
TEST(AgentMachine, AnAcceptedCallCanBeHeldResumedAndEndsInAfterContactWork) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, kConnected);
    EXPECT_EQ(m.dispatch(kHold), DispatchResult::Applied);
    EXPECT_EQ(m.contact(), Contact::OnHold);
    EXPECT_EQ(m.dispatch(kResume), DispatchResult::Applied);
    EXPECT_EQ(m.contact(), Contact::Connected);
    EXPECT_EQ(m.dispatch(kEnded), DispatchResult::Applied);
    EXPECT_EQ(m.contact(), Contact::AfterContactWork);
    EXPECT_EQ(m.status(), Status::Available);
  }
}

// [A] Hold and Resume are clicks in the CCP: with only an unloading page they are impossible,
// while the customer can still hang up.
TEST(AgentMachine, HoldAndResumeNeedAnInteractivePage) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine m = given(*p, then(kConnected, {kBeforeUnload}));
    EXPECT_EQ(m.dispatch(kHold), DispatchResult::Unaccepted);
    AgentMachine held = given(*p, then(kOnHold, {kBeforeUnload}));
    EXPECT_EQ(held.dispatch(kResume), DispatchResult::Unaccepted);
    EXPECT_EQ(held.dispatch(kEnded), DispatchResult::Applied);
    EXPECT_EQ(held.contact(), Contact::AfterContactWork);
  }
}

// ---- unaccepted events ----------------------------------------------------------------------

// agent_machine.h: an event the machine does not accept is counted per (view, event), never
// asserted, and leaves the state unchanged.
TEST(AgentMachine, AnUnacceptedEventIsCountedNotAsserted) {
  AgentMachine m(ccp_v1());
  EXPECT_EQ(m.dispatch(kOffered), DispatchResult::Unaccepted);
  EXPECT_EQ(m.dispatch(kOffered), DispatchResult::Unaccepted);
  EXPECT_EQ(m.dispatch(kHold), DispatchResult::Unaccepted);
  EXPECT_EQ(m.view(), AgentView{});
  ASSERT_EQ(m.unaccepted().size(), 2u);
  EXPECT_EQ(m.unaccepted()[0].view, AgentView{});
  EXPECT_EQ(m.unaccepted()[0].event, kOffered);
  EXPECT_EQ(m.unaccepted()[0].count, 2u);
  EXPECT_EQ(m.unaccepted()[1].event, kHold);
  EXPECT_EQ(m.unaccepted()[1].count, 1u);
  EXPECT_EQ(m.unaccepted_total(), 3u);
}

TEST(AgentMachine, ResetReturnsToTheInitialStateAndClearsTheCounters) {
  AgentMachine m = given(ccp_v2(), kConnected);
  EXPECT_EQ(m.dispatch(kLogin), DispatchResult::Unaccepted);
  m.reset();
  EXPECT_EQ(m.view(), AgentView{});
  EXPECT_TRUE(m.unaccepted().empty());
  EXPECT_EQ(m.unaccepted_total(), 0u);
  EXPECT_EQ(m.profile().name, "ccp_v2");
}

TEST(AgentMachine, ACopyIsIndependentOfTheOriginal) {
  AgentMachine original = given(ccp_v1(), kRinging);
  AgentMachine copy = original;
  EXPECT_EQ(copy.dispatch(kAccepted), DispatchResult::Applied);
  EXPECT_EQ(original.contact(), Contact::Ringing);
  EXPECT_EQ(copy.contact(), Contact::Connected);
  EXPECT_EQ(original.dispatch(kRingTimeout), DispatchResult::Applied);
  EXPECT_EQ(copy.dispatch(kRingTimeout), DispatchResult::Unaccepted);
  AgentMachine moved = std::move(copy);
  EXPECT_EQ(moved.contact(), Contact::Connected);
  EXPECT_EQ(moved.unaccepted_total(), 1u);
}

// ---- profiles -------------------------------------------------------------------------------

// profile.h: each built-in profile as documented.
TEST(PlatformProfile, BuiltinProfilesDifferOnlyWhereDocumented) {
  ASSERT_EQ(builtin_profiles().size(), 3u);
  EXPECT_FALSE(ccp_v1().logout_sets_offline);
  EXPECT_TRUE(ccp_v2().logout_sets_offline);
  EXPECT_FALSE(streams_custom().logout_sets_offline);
  EXPECT_EQ(find_profile("ccp_v1"), &ccp_v1());
  EXPECT_EQ(find_profile("ccp_v2"), &ccp_v2());
  EXPECT_EQ(find_profile("streams_custom"), &streams_custom());
  EXPECT_EQ(find_profile("ccp_v3"), nullptr);
}

// [D 50] Auto-accept is set per channel and connects the contact with no action of the agent:
// the platform accepts a ringing contact even when no CCP page exists, where the agent's own
// accept is not possible — so an auto-accepting ghost is connected to customers, never missing.
TEST(ChannelFact, AnAutoAcceptingGhostIsConnectedByTheModelWhereAcceptingNeedsTheAgent) {
  for (const PlatformProfile* p : builtin_profiles()) {
    AgentMachine ghost = given(*p, then(kAvailable, {kPageDestroyed}));
    ASSERT_TRUE(ghost.ghost()) << p->name;
    ASSERT_EQ(ghost.dispatch(kOffered), DispatchResult::Applied) << p->name;
    AgentMachine by_agent = ghost;
    EXPECT_EQ(by_agent.dispatch(kAccepted), DispatchResult::Unaccepted) << p->name;
    EXPECT_EQ(ghost.dispatch(Event::of(EventKind::AutoAccepted)), DispatchResult::Applied);
    EXPECT_EQ(ghost.contact(), Contact::Connected) << p->name;
    EXPECT_FALSE(ghost.routable()) << "connected: not routable until the customer leaves";
    // Nothing to auto-accept without a ringing contact.
    AgentMachine idle = given(*p, kAvailable);
    EXPECT_EQ(idle.dispatch(Event::of(EventKind::AutoAccepted)), DispatchResult::Unaccepted);
  }
}

// [D 13] A missed chat only occupies one of the agent's chat slots (the routing profile's chat
// concurrency); chat routing goes on until every slot is full, so a chat ghost misses several
// chats. [D 12,16,40,51] A missed voice contact makes the agent unroutable on every channel
// until it is cleared.
TEST(ChannelFact, AMissedChatOccupiesOneSlotAndRoutingStopsWhenAllAreFull) {
  const Event kChat = Event::of(EventKind::ChatOffered);
  for (const PlatformProfile* base : builtin_profiles()) {
    for (int slots = 1; slots <= kMaxChatSlots; ++slots) {
      PlatformProfile p = *base;
      p.chat_slots = slots;
      AgentMachine ghost = given(p, then(kAvailable, {kPageDestroyed}));
      for (int missed = 0; missed < slots; ++missed) {
        ASSERT_TRUE(ghost.ghost()) << p.name << " slots " << slots << " missed " << missed;
        ASSERT_TRUE(ghost.routable_for(Channel::Chat));
        // Each chat rings out on the ghost (the simulator's business) and keeps its one slot.
        ASSERT_EQ(ghost.dispatch(kChat), DispatchResult::Applied);
        EXPECT_EQ(ghost.chats(), missed + 1);
        EXPECT_FALSE(ghost.routable_for(Channel::Voice)) << "a chat open: no voice offered";
      }
      EXPECT_FALSE(ghost.routable_for(Channel::Chat)) << "all " << slots << " slots full";
      EXPECT_FALSE(ghost.ghost());
      EXPECT_EQ(ghost.dispatch(kChat), DispatchResult::Unaccepted);
      // Clearing one slot (DismissUserContact on one chat) makes the ghost routable for chat again.
      ASSERT_EQ(ghost.dispatch(Event::of(EventKind::ChatCleared)), DispatchResult::Applied);
      EXPECT_TRUE(ghost.routable_for(Channel::Chat));
    }
    // A missed voice contact blocks both channels until cleared.
    AgentMachine voice = given(*base, kMissed);
    EXPECT_FALSE(voice.routable_for(Channel::Voice)) << base->name;
    EXPECT_FALSE(voice.routable_for(Channel::Chat)) << base->name;
    EXPECT_EQ(voice.dispatch(kChat), DispatchResult::Unaccepted);
    ASSERT_EQ(voice.dispatch(Event::of(EventKind::DismissUserContact)), DispatchResult::Applied);
    EXPECT_TRUE(voice.routable_for(Channel::Voice));
    EXPECT_TRUE(voice.routable_for(Channel::Chat));
  }
}

// A routing profile without chat (chat_slots 0) is never offered a chat.
TEST(ChannelFact, AnAgentWithNoChatSlotsIsNeverOfferedAChat) {
  PlatformProfile p = ccp_v2();
  p.chat_slots = 0;
  AgentMachine m = given(p, kAvailable);
  EXPECT_TRUE(m.routable_for(Channel::Voice));
  EXPECT_FALSE(m.routable_for(Channel::Chat));
  EXPECT_EQ(m.dispatch(Event::of(EventKind::ChatOffered)), DispatchResult::Unaccepted);
}

// [D 17,19] A status chosen while contacts are open becomes the next status, applied only when
// ALL contact slots (voice and chat) are cleared.
TEST(ChannelFact, TheNextStatusIsAppliedWhenAllContactSlotsAreCleared) {
  const Event kChat = Event::of(EventKind::ChatOffered);
  const Event kChatCleared = Event::of(EventKind::ChatCleared);
  for (const PlatformProfile* base : builtin_profiles()) {
    PlatformProfile p = *base;
    p.chat_slots = 2;
    AgentMachine m = given(p, then(kAvailable, {kChat, kChat}));
    ASSERT_EQ(m.chats(), 2);
    ASSERT_EQ(m.dispatch(Event::choose(Status::Offline)), DispatchResult::Applied);
    EXPECT_EQ(m.status(), Status::Available) << p.name;
    EXPECT_EQ(m.next_status(), NextStatus::Offline);
    EXPECT_FALSE(m.routable()) << "a pending next status stops routing at once";
    ASSERT_EQ(m.dispatch(kChatCleared), DispatchResult::Applied);
    EXPECT_EQ(m.status(), Status::Available) << "one chat slot still occupied";
    EXPECT_EQ(m.next_status(), NextStatus::Offline);
    ASSERT_EQ(m.dispatch(kChatCleared), DispatchResult::Applied);
    EXPECT_EQ(m.status(), Status::Offline) << p.name << ": all slots clear";
    EXPECT_EQ(m.next_status(), NextStatus::None);
    // And the voice slot alone: unchanged, its clear applies the next status.
    AgentMachine v = given(p, then(kAcw, {Event::put_user_status(Status::Custom)}));
    EXPECT_EQ(v.status(), Status::Custom) << "ACW, no chat: a status request applies at once";
  }
}

// The chat region multiplies the compiled table by at most chat_slots + 1 (report the sizes).
TEST(ChannelFact, TheCompiledTableGrowsAtMostByTheChatSlotCountPlusOne) {
  PlatformProfile none = ccp_v2();
  none.chat_slots = 0;
  const int base = AgentMachine(none).compiled_states();
  for (int slots = 0; slots <= kMaxChatSlots; ++slots) {
    PlatformProfile p = ccp_v2();
    p.chat_slots = slots;
    const int states = AgentMachine(p).compiled_states();
    std::printf("chat_slots %d: %d compiled states\n", slots, states);
    EXPECT_LE(states, base * (slots + 1));
    if (slots > 0) {
      EXPECT_GT(states, base);
    }
  }
}

}  // namespace
}  // namespace agentsim::model
