// The Boost.MSM definition of the agent machine. This is the only translation unit that includes
// Boost.MSM (compile time stays low; the rest of agentsim sees agent_machine.h).
//
// Layout: the top machine AgentMachineDef has five orthogonal regions — Session, Page, Contact,
// the StatusPanel submachine, whose two regions are Status and NextStatus. Each table has
// fewer than 40 rows, above MPL's preprocessed limit of 20, hence the defines below.
//
// Rules: event.h. Every guard reads Context::pre, the view before the event (see agent_machine.h).

#define BOOST_MPL_CFG_NO_PREPROCESSED_HEADERS
#define BOOST_MPL_LIMIT_VECTOR_SIZE 50
#define BOOST_MPL_LIMIT_MAP_SIZE 50
#define FUSION_MAX_VECTOR_SIZE 20

// clang-format off
#include <boost/mpl/vector.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/state_machine_def.hpp>
#include <boost/msm/front/functor_row.hpp>
// clang-format on

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <type_traits>

#include "agentsim/model/agent_machine.h"
#include "agentsim/model/transition_table.h"

namespace agentsim::model {

namespace msm = boost::msm;
namespace msmf = boost::msm::front;
namespace mpl = boost::mpl;

namespace {

// ---- shared context -------------------------------------------------------------------------

enum class Origin : std::uint8_t { AgentUi, StreamsSetState, PutUserStatus, Logout };

// A follow-up event queued by an action, dispatched after the current one.
struct FollowUp {
  enum class Kind : std::uint8_t { StatusRequest, ApplyNext } kind;
  Status target;
};

struct Context {
  const PlatformProfile* profile = nullptr;
  AgentView pre{};
  bool rejected = false;
  bool no_transition = false;
  std::array<FollowUp, 2> followups{};
  int followup_count = 0;

  void push(FollowUp f) {
    // Two is the most one event can queue (a logout's request; a clear's next status), and the
    // follow-ups themselves queue nothing: the bound is structural, checked here anyway.
    if (followup_count < static_cast<int>(followups.size())) followups[followup_count++] = f;
  }
};

// ---- events (MSM types; the public Event maps onto them one to one) --------------------------

#define AGENTSIM_EVENT(Name) \
  struct Name {              \
    static constexpr const char* name = #Name; \
  }
AGENTSIM_EVENT(Login);
AGENTSIM_EVENT(Logout);
AGENTSIM_EVENT(SessionExpired);
AGENTSIM_EVENT(PageOpen);
AGENTSIM_EVENT(BeforeUnload);
AGENTSIM_EVENT(UnloadCancelled);
AGENTSIM_EVENT(PageDestroyed);
AGENTSIM_EVENT(AllPagesDestroyed);
AGENTSIM_EVENT(ContactOffered);
AGENTSIM_EVENT(ContactAccepted);
AGENTSIM_EVENT(RingTimeout);
AGENTSIM_EVENT(Hold);
AGENTSIM_EVENT(Resume);
AGENTSIM_EVENT(ContactEnded);
AGENTSIM_EVENT(ClearContact);
AGENTSIM_EVENT(AcwTimeout);
AGENTSIM_EVENT(DismissUserContact);
AGENTSIM_EVENT(AutoAccepted);
AGENTSIM_EVENT(ChatOffered);
AGENTSIM_EVENT(ChatCleared);
#undef AGENTSIM_EVENT

// ChooseStatus, SetStateApi, PutUserStatus and a CCPv2 logout's follow-up.
struct StatusRequest {
  static constexpr const char* name = "StatusRequest";
  Status target;
  Origin origin;
  bool enqueue_next;
};

// Follow-up of a clear: the pending next status becomes the status.
struct ApplyNext {
  static constexpr const char* name = "ApplyNext";
  Status target;
};

// ---- states ---------------------------------------------------------------------------------

#define AGENTSIM_STATE(Name, Region, Desc)                 \
  struct Name : msmf::state<> {                            \
    static constexpr const char* name = #Name;             \
    static constexpr const char* region = Region;          \
    static constexpr const char* description = Desc;       \
  }
AGENTSIM_STATE(LoggedOut, "Session", "Not logged in to the CCP (the status persists).");
AGENTSIM_STATE(LoggedIn, "Session", "Logged in to the CCP.");

AGENTSIM_STATE(NoPage, "Page", "No CCP page of the agent exists.");
AGENTSIM_STATE(OnePage, "Page", "One CCP page is open.");
AGENTSIM_STATE(TwoPages, "Page", "Two CCP pages (tabs) are open.");
AGENTSIM_STATE(Unloading, "Page", "The only page is unloading: beforeunload is running.");
AGENTSIM_STATE(UnloadingOneOfTwo, "Page", "One of two pages is unloading; the other stays.");

AGENTSIM_STATE(NoContact, "Contact", "The contact slot is empty.");
AGENTSIM_STATE(Ringing, "Contact", "CONNECTING: offered, ringing for up to 20 s.");
AGENTSIM_STATE(Connected, "Contact", "CONNECTED: in conversation.");
AGENTSIM_STATE(OnHold, "Contact", "CONNECTED_ONHOLD.");
AGENTSIM_STATE(AfterContactWork, "Contact", "ENDED: after-contact work.");
AGENTSIM_STATE(Missed, "Contact", "MISSED: not routable until cleared.");

AGENTSIM_STATE(Chats0, "Chats", "No chat slot is occupied.");
AGENTSIM_STATE(Chats1, "Chats", "One chat slot is occupied (ringing, connected, ACW or missed).");
AGENTSIM_STATE(Chats2, "Chats", "Two chat slots are occupied.");
AGENTSIM_STATE(Chats3, "Chats", "Three chat slots are occupied (kMaxChatSlots).");

AGENTSIM_STATE(StatusOffline, "Status", "Status type OFFLINE.");
AGENTSIM_STATE(StatusAvailable, "Status", "Status type ROUTABLE (Available).");
AGENTSIM_STATE(StatusCustom, "Status", "Status type CUSTOM (Break, Lunch, ...): not routable.");

AGENTSIM_STATE(NoNext, "NextStatus", "No next status pending.");
AGENTSIM_STATE(NextOffline, "NextStatus", "Offline pending until the slot clears.");
AGENTSIM_STATE(NextCustom, "NextStatus", "A custom status pending until the slot clears.");
#undef AGENTSIM_STATE

// ---- guards ---------------------------------------------------------------------------------
// Each guard is a named functor reading the pre-event view from the machine's context.

template <class FSM>
const Context& ctx_of(const FSM& fsm) {
  return *fsm.ctx;
}

bool agent_can_act(const AgentView& v) {
  return v.session == Session::LoggedIn && page_interactive(v);
}

bool request_permitted(const StatusRequest& r, const AgentView& v) {
  switch (r.origin) {
    case Origin::AgentUi: return agent_can_act(v);
    case Origin::StreamsSetState: return v.session == Session::LoggedIn;
    case Origin::PutUserStatus:
    case Origin::Logout: return true;
  }
  return false;
}

bool request_rejected(const StatusRequest& r, const AgentView& v, const PlatformProfile& p) {
  if (r.origin != Origin::StreamsSetState || r.enqueue_next) return false;
  if (contact_work_open(v)) return p.setstate_requires_enqueue_during_contact;
  if (v.contact == Contact::AfterContactWork) return p.setstate_rejected_in_acw;
  return false;
}

bool request_applies(const StatusRequest& r, const Context& c) {
  return request_permitted(r, c.pre) && !request_rejected(r, c.pre, *c.profile);
}

#define AGENTSIM_GUARD_HEAD(Name, Desc)                                            \
  static constexpr const char* name = Name;                                        \
  static constexpr const char* description = Desc;

struct PageInteractive {
  AGENTSIM_GUARD_HEAD("page_interactive", "a CCP page is open and not frozen in beforeunload")
  template <class E, class FSM, class S, class T>
  bool operator()(const E&, FSM& fsm, S&, T&) const {
    return page_interactive(ctx_of(fsm).pre);
  }
};

struct AgentCanAct {
  AGENTSIM_GUARD_HEAD("agent_can_act", "logged in, with a CCP page open and not frozen in beforeunload")
  template <class E, class FSM, class S, class T>
  bool operator()(const E&, FSM& fsm, S&, T&) const {
    return agent_can_act(ctx_of(fsm).pre);
  }
};

struct Routable {
  AGENTSIM_GUARD_HEAD("routable_for_voice",
                      "Available, voice slot empty, no chat slot occupied, no next status, logged "
                      "in (or the profile keeps logged-out Available agents routable)")
  template <class E, class FSM, class S, class T>
  bool operator()(const E&, FSM& fsm, S&, T&) const {
    const Context& c = ctx_of(fsm);
    return routable_for(c.pre, *c.profile, Channel::Voice);
  }
};

struct RoutableForChat {
  AGENTSIM_GUARD_HEAD("routable_for_chat",
                      "Available, voice slot empty, fewer than the profile's chat_slots chats, no "
                      "next status, logged in (or the profile keeps logged-out Available agents "
                      "routable)")
  template <class E, class FSM, class S, class T>
  bool operator()(const E&, FSM& fsm, S&, T&) const {
    const Context& c = ctx_of(fsm);
    return routable_for(c.pre, *c.profile, Channel::Chat);
  }
};

struct LastPageGoneEndsLeg {
  AGENTSIM_GUARD_HEAD("last_page_gone_ends_leg",
                      "the event removes the last page and the profile says closing the page "
                      "ends the voice leg")
  template <class E, class FSM, class S, class T>
  bool operator()(const E&, FSM& fsm, S&, T&) const {
    const Context& c = ctx_of(fsm);
    if (!c.profile->page_close_ends_voice_contact) return false;
    if constexpr (std::is_same_v<E, AllPagesDestroyed>) {
      return page_present(c.pre);
    } else {
      return c.pre.page == Page::OnePage || c.pre.page == Page::Unloading;
    }
  }
};

struct RequestRejected {
  AGENTSIM_GUARD_HEAD("request_rejected",
                      "setState without enqueueNextState during a live contact (or ACW) where "
                      "the profile rejects it")
  template <class FSM, class S, class T>
  bool operator()(const StatusRequest& r, FSM& fsm, S&, T&) const {
    const Context& c = ctx_of(fsm);
    return request_permitted(r, c.pre) && request_rejected(r, c.pre, *c.profile);
  }
};

struct RequestAppliesNow {
  AGENTSIM_GUARD_HEAD("applies_now", "the request applies and no contact is live")
  template <class FSM, class S, class T>
  bool operator()(const StatusRequest& r, FSM& fsm, S&, T&) const {
    const Context& c = ctx_of(fsm);
    return request_applies(r, c) && !contact_work_open(c.pre);
  }
};

template <Status Target>
struct AppliesNowTo {
  static constexpr const char* name = Target == Status::Offline     ? "applies_now_to_offline"
                                      : Target == Status::Available ? "applies_now_to_available"
                                                                    : "applies_now_to_custom";
  static constexpr const char* description = "the request applies now and targets this status";
  template <class FSM, class S, class T>
  bool operator()(const StatusRequest& r, FSM& fsm, S&, T&) const {
    const Context& c = ctx_of(fsm);
    return r.target == Target && request_applies(r, c) && !contact_work_open(c.pre);
  }
};

template <Status Target>
struct EnqueuesAs {
  static constexpr const char* name = Target == Status::Offline     ? "enqueues_offline"
                                      : Target == Status::Available ? "enqueues_available"
                                                                    : "enqueues_custom";
  static constexpr const char* description =
      "the request applies while a contact is live, targeting this status";
  template <class FSM, class S, class T>
  bool operator()(const StatusRequest& r, FSM& fsm, S&, T&) const {
    const Context& c = ctx_of(fsm);
    return r.target == Target && request_applies(r, c) && contact_work_open(c.pre);
  }
};

template <Status Target>
struct NextIs {
  static constexpr const char* name = Target == Status::Offline ? "next_is_offline"
                                                                : "next_is_custom";
  static constexpr const char* description = "the pending next status is this status";
  template <class FSM, class S, class T>
  bool operator()(const ApplyNext& e, FSM&, S&, T&) const {
    return e.target == Target;
  }
};

// ---- actions --------------------------------------------------------------------------------

struct RecordRejected {
  static constexpr const char* name = "record_rejected";
  static constexpr const char* description = "the platform refuses the request; nothing changes";
  template <class E, class FSM, class S, class T>
  void operator()(const E&, FSM& fsm, S&, T&) const {
    fsm.ctx->rejected = true;
  }
};

struct QueueLogoutOffline {
  static constexpr const char* name = "queue_logout_offline";
  static constexpr const char* description =
      "if the profile says logout sets Offline, request Offline (origin Logout) next";
  template <class E, class FSM, class S, class T>
  void operator()(const E&, FSM& fsm, S&, T&) const {
    if (fsm.ctx->profile->logout_sets_offline) {
      fsm.ctx->push({FollowUp::Kind::StatusRequest, Status::Offline});
    }
  }
};

struct QueueApplyNext {
  static constexpr const char* name = "queue_apply_next";
  static constexpr const char* description =
      "when this clears the last occupied slot (voice and chat), the pending next status, if any, "
      "is applied next";
  template <class E, class FSM, class S, class T>
  void operator()(const E&, FSM& fsm, S&, T&) const {
    const AgentView& pre = fsm.ctx->pre;
    // This row clears one slot; the others must already be clear [D 17,19].
    if constexpr (std::is_same_v<E, ChatCleared>) {
      if (pre.contact != Contact::None || pre.chats != 1) return;
    } else {
      if (pre.chats != 0) return;
    }
    const NextStatus n = pre.next;
    if (n == NextStatus::Offline) fsm.ctx->push({FollowUp::Kind::ApplyNext, Status::Offline});
    if (n == NextStatus::Custom) fsm.ctx->push({FollowUp::Kind::ApplyNext, Status::Custom});
  }
};

using msmf::none;
using msmf::Row;

// ---- the StatusPanel submachine: Status and NextStatus regions --------------------------------

struct StatusPanelDef : msmf::state_machine_def<StatusPanelDef> {
  static constexpr const char* name = "StatusPanel";
  static constexpr const char* region = "StatusPanel";
  static constexpr const char* description =
      "Submachine: the status and the pending next status, two orthogonal regions.";
  Context* ctx = nullptr;
  typedef int no_exception_thrown;
  typedef int no_message_queue;

  using initial_state = mpl::vector<StatusOffline, NoNext>;

  using Off = StatusOffline;
  using Avl = StatusAvailable;
  using Cus = StatusCustom;
  using OffT = AppliesNowTo<Status::Offline>;
  using AvlT = AppliesNowTo<Status::Available>;
  using CusT = AppliesNowTo<Status::Custom>;
  using EqOff = EnqueuesAs<Status::Offline>;
  using EqAvl = EnqueuesAs<Status::Available>;
  using EqCus = EnqueuesAs<Status::Custom>;
  using NxOff = NextIs<Status::Offline>;
  using NxCus = NextIs<Status::Custom>;

  // clang-format off
  struct transition_table : mpl::vector<
    //   Source        Event          Target       Action  Guard
    // -- Status region: a request applied with no live contact sets the status
    Row< Off,          StatusRequest, Off,         none,   OffT              >,
    Row< Off,          StatusRequest, Avl,         none,   AvlT              >,
    Row< Off,          StatusRequest, Cus,         none,   CusT              >,
    Row< Avl,          StatusRequest, Off,         none,   OffT              >,
    Row< Avl,          StatusRequest, Avl,         none,   AvlT              >,
    Row< Avl,          StatusRequest, Cus,         none,   CusT              >,
    Row< Cus,          StatusRequest, Off,         none,   OffT              >,
    Row< Cus,          StatusRequest, Avl,         none,   AvlT              >,
    Row< Cus,          StatusRequest, Cus,         none,   CusT              >,
    // -- Status region: the slot cleared, the pending next status becomes the status
    Row< Off,          ApplyNext,     Off,         none,   NxOff             >,
    Row< Avl,          ApplyNext,     Off,         none,   NxOff             >,
    Row< Cus,          ApplyNext,     Off,         none,   NxOff             >,
    Row< Off,          ApplyNext,     Cus,         none,   NxCus             >,
    Row< Avl,          ApplyNext,     Cus,         none,   NxCus             >,
    Row< Cus,          ApplyNext,     Cus,         none,   NxCus             >,
    // -- NextStatus region: a request during a live contact sets or cancels the next status
    Row< NoNext,       StatusRequest, NextOffline, none,   EqOff             >,
    Row< NoNext,       StatusRequest, NoNext,      none,   EqAvl             >,
    Row< NoNext,       StatusRequest, NextCustom,  none,   EqCus             >,
    Row< NextOffline,  StatusRequest, NextOffline, none,   EqOff             >,
    Row< NextOffline,  StatusRequest, NoNext,      none,   EqAvl             >,
    Row< NextOffline,  StatusRequest, NextCustom,  none,   EqCus             >,
    Row< NextCustom,   StatusRequest, NextOffline, none,   EqOff             >,
    Row< NextCustom,   StatusRequest, NoNext,      none,   EqAvl             >,
    Row< NextCustom,   StatusRequest, NextCustom,  none,   EqCus             >,
    // -- NextStatus region: cleared when a request applies now, or when it is applied
    Row< NextOffline,  StatusRequest, NoNext,      none,   RequestAppliesNow >,
    Row< NextCustom,   StatusRequest, NoNext,      none,   RequestAppliesNow >,
    Row< NextOffline,  ApplyNext,     NoNext,      none,   none              >,
    Row< NextCustom,   ApplyNext,     NoNext,      none,   none              >
  > {};
  // clang-format on

  template <class FSM, class Event>
  void no_transition(const Event&, FSM&, int) {}
};
using StatusPanel = msm::back::state_machine<StatusPanelDef>;

// ---- the top machine: Session, Page, Contact regions and the StatusPanel --------------------

struct AgentMachineDef : msmf::state_machine_def<AgentMachineDef> {
  static constexpr const char* name = "AgentMachine";
  Context* ctx = nullptr;
  typedef int no_exception_thrown;
  typedef int no_message_queue;

  using initial_state = mpl::vector<LoggedOut, NoPage, NoContact, StatusPanel, Chats0>;

  using UnL = Unloading;
  using UnL2 = UnloadingOneOfTwo;
  using Acw = AfterContactWork;
  using EndsLeg = LastPageGoneEndsLeg;

  // clang-format off
  struct transition_table : mpl::vector<
    //   Source      Event               Target      Action              Guard
    // -- Session region
    Row< LoggedOut,  Login,              LoggedIn,   none,               PageInteractive   >,
    Row< LoggedIn,   Logout,             LoggedOut,  QueueLogoutOffline, PageInteractive   >,
    Row< LoggedIn,   SessionExpired,     LoggedOut,  none,               none              >,
    Row< LoggedIn,   StatusRequest,      none,       RecordRejected,     RequestRejected   >,
    // -- Page region
    Row< NoPage,     PageOpen,           OnePage,    none,               none              >,
    Row< OnePage,    PageOpen,           TwoPages,   none,               none              >,
    Row< OnePage,    BeforeUnload,       UnL,        none,               none              >,
    Row< TwoPages,   BeforeUnload,       UnL2,       none,               none              >,
    Row< UnL,        UnloadCancelled,    OnePage,    none,               none              >,
    Row< UnL2,       UnloadCancelled,    TwoPages,   none,               none              >,
    Row< OnePage,    PageDestroyed,      NoPage,     none,               none              >,
    Row< UnL,        PageDestroyed,      NoPage,     none,               none              >,
    Row< TwoPages,   PageDestroyed,      OnePage,    none,               none              >,
    Row< UnL2,       PageDestroyed,      OnePage,    none,               none              >,
    Row< OnePage,    AllPagesDestroyed,  NoPage,     none,               none              >,
    Row< TwoPages,   AllPagesDestroyed,  NoPage,     none,               none              >,
    Row< UnL,        AllPagesDestroyed,  NoPage,     none,               none              >,
    Row< UnL2,       AllPagesDestroyed,  NoPage,     none,               none              >,
    // -- Contact region
    Row< NoContact,  ContactOffered,     Ringing,    none,               Routable          >,
    Row< Ringing,    ContactAccepted,    Connected,  none,               AgentCanAct       >,
    Row< Ringing,    AutoAccepted,       Connected,  none,               none              >,
    Row< Ringing,    RingTimeout,        Missed,     none,               none              >,
    Row< Connected,  Hold,               OnHold,     none,               AgentCanAct       >,
    Row< OnHold,     Resume,             Connected,  none,               AgentCanAct       >,
    Row< Connected,  ContactEnded,       Acw,        none,               none              >,
    Row< OnHold,     ContactEnded,       Acw,        none,               none              >,
    Row< Connected,  PageDestroyed,      Acw,        none,               EndsLeg           >,
    Row< OnHold,     PageDestroyed,      Acw,        none,               EndsLeg           >,
    Row< Connected,  AllPagesDestroyed,  Acw,        none,               EndsLeg           >,
    Row< OnHold,     AllPagesDestroyed,  Acw,        none,               EndsLeg           >,
    Row< Acw,        ClearContact,       NoContact,  QueueApplyNext,     AgentCanAct       >,
    Row< Acw,        AcwTimeout,         NoContact,  QueueApplyNext,     none              >,
    Row< Acw,        DismissUserContact, NoContact,  QueueApplyNext,     none              >,
    Row< Missed,     ClearContact,       NoContact,  QueueApplyNext,     AgentCanAct       >,
    Row< Missed,     DismissUserContact, NoContact,  QueueApplyNext,     none              >,
    Row< Acw,        StatusRequest,      NoContact,  none,               RequestAppliesNow >,
    Row< Missed,     StatusRequest,      NoContact,  none,               RequestAppliesNow >,
    // -- Chats region: occupancy of the chat slots (each chat's lifecycle is the simulator's)
    Row< Chats0,     ChatOffered,        Chats1,     none,               RoutableForChat   >,
    Row< Chats1,     ChatOffered,        Chats2,     none,               RoutableForChat   >,
    Row< Chats2,     ChatOffered,        Chats3,     none,               RoutableForChat   >,
    Row< Chats1,     ChatCleared,        Chats0,     QueueApplyNext,     none              >,
    Row< Chats2,     ChatCleared,        Chats1,     none,               none              >,
    Row< Chats3,     ChatCleared,        Chats2,     none,               none              >
  > {};
  // clang-format on

  // Unaccepted events are data, not assertions: flag them for AgentMachine to count. (MSM calls
  // this only when no row matched; a guard rejection is detected from process_event's result.)
  template <class FSM, class Event>
  void no_transition(const Event&, FSM& fsm, int) {
    fsm.ctx->no_transition = true;
  }
};
using Machine = msm::back::state_machine<AgentMachineDef>;

// ---- reading the view back from the machine -------------------------------------------------

template <class State>
int state_id() {
  return msm::back::get_state_id<Machine::stt, State>::type::value;
}
template <class State>
int panel_state_id() {
  return msm::back::get_state_id<StatusPanel::stt, State>::type::value;
}

// State id -> value of its region's enum, for both machines (ids are small: one table each).
struct ViewTables {
  static constexpr int kMaxIds = 32;
  std::array<std::int8_t, kMaxIds> session{};
  std::array<std::int8_t, kMaxIds> page{};
  std::array<std::int8_t, kMaxIds> contact{};
  std::array<std::int8_t, kMaxIds> status{};
  std::array<std::int8_t, kMaxIds> next{};
  std::array<std::int8_t, kMaxIds> chats{};

  ViewTables() {
    session[state_id<LoggedOut>()] = static_cast<std::int8_t>(Session::LoggedOut);
    session[state_id<LoggedIn>()] = static_cast<std::int8_t>(Session::LoggedIn);
    page[state_id<NoPage>()] = static_cast<std::int8_t>(Page::NoPage);
    page[state_id<OnePage>()] = static_cast<std::int8_t>(Page::OnePage);
    page[state_id<TwoPages>()] = static_cast<std::int8_t>(Page::TwoPages);
    page[state_id<Unloading>()] = static_cast<std::int8_t>(Page::Unloading);
    page[state_id<UnloadingOneOfTwo>()] = static_cast<std::int8_t>(Page::UnloadingOneOfTwo);
    contact[state_id<NoContact>()] = static_cast<std::int8_t>(Contact::None);
    contact[state_id<Ringing>()] = static_cast<std::int8_t>(Contact::Ringing);
    contact[state_id<Connected>()] = static_cast<std::int8_t>(Contact::Connected);
    contact[state_id<OnHold>()] = static_cast<std::int8_t>(Contact::OnHold);
    contact[state_id<AfterContactWork>()] = static_cast<std::int8_t>(Contact::AfterContactWork);
    contact[state_id<Missed>()] = static_cast<std::int8_t>(Contact::Missed);
    chats[state_id<Chats0>()] = 0;
    chats[state_id<Chats1>()] = 1;
    chats[state_id<Chats2>()] = 2;
    chats[state_id<Chats3>()] = 3;
    status[panel_state_id<StatusOffline>()] = static_cast<std::int8_t>(Status::Offline);
    status[panel_state_id<StatusAvailable>()] = static_cast<std::int8_t>(Status::Available);
    status[panel_state_id<StatusCustom>()] = static_cast<std::int8_t>(Status::Custom);
    next[panel_state_id<NoNext>()] = static_cast<std::int8_t>(NextStatus::None);
    next[panel_state_id<NextOffline>()] = static_cast<std::int8_t>(NextStatus::Offline);
    next[panel_state_id<NextCustom>()] = static_cast<std::int8_t>(NextStatus::Custom);
  }
};

const ViewTables& view_tables() {
  static const ViewTables t;
  return t;
}

static_assert(mpl::size<Machine::stt>::value < 64, "state ids must fit the view tables");

}  // namespace

struct AgentMachine::Impl {
  Context ctx;
  Machine machine;
  PlatformProfile profile;

  explicit Impl(const PlatformProfile& p) : profile(p) {
    bind();
    machine.start();
  }
  Impl(const Impl& o) : ctx(o.ctx), machine(o.machine), profile(o.profile) { bind(); }
  Impl& operator=(const Impl& o) {
    ctx = o.ctx;
    machine = o.machine;
    profile = o.profile;
    bind();
    return *this;
  }

  void bind() {
    ctx.profile = &profile;
    machine.ctx = &ctx;
    machine.get_state<StatusPanel&>().ctx = &ctx;
  }

  void restart() {
    machine.stop();
    machine = Machine();
    bind();
    machine.start();
  }

  AgentView read_view() const;
  const ViewTables* tables = &view_tables();

  template <class E>
  DispatchResult process(const E& e, const AgentView& pre) {
    ctx.pre = pre;
    ctx.rejected = false;
    ctx.no_transition = false;
    const msm::back::HandledEnum h = machine.process_event(e);
    if (ctx.no_transition || (h & msm::back::HANDLED_TRUE) == 0) return DispatchResult::Unaccepted;
    return ctx.rejected ? DispatchResult::Rejected : DispatchResult::Applied;
  }

  // One event through MSM, from `pre` (the machine's current view), then its follow-ups, each
  // against a fresh pre-view. `unaccepted(view, event)` is called for every event MSM did not
  // accept: the event itself (then nothing changed and nothing follows), or a follow-up.
  template <class OnUnaccepted>
  DispatchResult dispatch(const Event& e, const AgentView& pre, OnUnaccepted&& unaccepted);
};

AgentView AgentMachine::Impl::read_view() const {
  // Region order is the order of initial_state: Session, Page, Contact, StatusPanel, Chats.
  const ViewTables& t = *tables;
  const int* top = machine.current_state();
  const int* panel = machine.get_state<const StatusPanel&>().current_state();
  AgentView v;
  v.session = static_cast<Session>(t.session[static_cast<std::size_t>(top[0])]);
  v.page = static_cast<Page>(t.page[static_cast<std::size_t>(top[1])]);
  v.contact = static_cast<Contact>(t.contact[static_cast<std::size_t>(top[2])]);
  v.status = static_cast<Status>(t.status[static_cast<std::size_t>(panel[0])]);
  v.next = static_cast<NextStatus>(t.next[static_cast<std::size_t>(panel[1])]);
  v.chats = static_cast<std::uint8_t>(t.chats[static_cast<std::size_t>(top[4])]);
  return v;
}

template <class OnUnaccepted>
DispatchResult AgentMachine::Impl::dispatch(const Event& e, const AgentView& pre,
                                            OnUnaccepted&& unaccepted) {
  ctx.followup_count = 0;
  DispatchResult r = DispatchResult::Unaccepted;
  switch (e.kind) {
    case EventKind::Login: r = process(model::Login{}, pre); break;
    case EventKind::Logout: r = process(model::Logout{}, pre); break;
    case EventKind::SessionExpired: r = process(model::SessionExpired{}, pre); break;
    case EventKind::PageOpen: r = process(model::PageOpen{}, pre); break;
    case EventKind::BeforeUnload: r = process(model::BeforeUnload{}, pre); break;
    case EventKind::UnloadCancelled: r = process(model::UnloadCancelled{}, pre); break;
    case EventKind::PageDestroyed: r = process(model::PageDestroyed{}, pre); break;
    case EventKind::AllPagesDestroyed: r = process(model::AllPagesDestroyed{}, pre); break;
    case EventKind::ContactOffered: r = process(model::ContactOffered{}, pre); break;
    case EventKind::ContactAccepted: r = process(model::ContactAccepted{}, pre); break;
    case EventKind::RingTimeout: r = process(model::RingTimeout{}, pre); break;
    case EventKind::Hold: r = process(model::Hold{}, pre); break;
    case EventKind::Resume: r = process(model::Resume{}, pre); break;
    case EventKind::ContactEnded: r = process(model::ContactEnded{}, pre); break;
    case EventKind::ClearContact: r = process(model::ClearContact{}, pre); break;
    case EventKind::AcwTimeout: r = process(model::AcwTimeout{}, pre); break;
    case EventKind::DismissUserContact: r = process(model::DismissUserContact{}, pre); break;
    case EventKind::AutoAccepted: r = process(model::AutoAccepted{}, pre); break;
    case EventKind::ChatOffered: r = process(model::ChatOffered{}, pre); break;
    case EventKind::ChatCleared: r = process(model::ChatCleared{}, pre); break;
    case EventKind::ChooseStatus:
      r = process(StatusRequest{e.target, Origin::AgentUi, false}, pre);
      break;
    case EventKind::SetStateApi:
      r = process(StatusRequest{e.target, Origin::StreamsSetState, e.enqueue_next}, pre);
      break;
    case EventKind::PutUserStatus:
      r = process(StatusRequest{e.target, Origin::PutUserStatus, false}, pre);
      break;
  }
  if (r == DispatchResult::Unaccepted) {
    unaccepted(pre, e);
    return r;
  }
  // Follow-ups run against a fresh pre-view each. They are accepted by construction (a logout's
  // Offline request is always permitted; ApplyNext is queued only with a pending next status);
  // should one not be, it is counted like any other unaccepted event.
  for (int i = 0; i < ctx.followup_count; ++i) {
    const FollowUp f = ctx.followups[i];
    const AgentView fpre = read_view();
    if (f.kind == FollowUp::Kind::StatusRequest) {
      if (process(StatusRequest{f.target, Origin::Logout, false}, fpre) ==
          DispatchResult::Unaccepted) {
        unaccepted(fpre, Event::put_user_status(f.target));
      }
    } else if (process(ApplyNext{f.target}, fpre) == DispatchResult::Unaccepted) {
      unaccepted(fpre, Event::of(EventKind::AcwTimeout));
    }
  }
  return r;
}

// ---- the compiled machine -------------------------------------------------------------------

// The table of what MSM does: for each state MSM reaches from the initial state (index 0) and
// each event (event_code), the result, the next state, and the follow-ups MSM did not accept.
struct AgentMachine::Compiled {
  struct Step {
    std::uint32_t next = 0;           // the state after the event (unchanged when Unaccepted)
    DispatchResult result = DispatchResult::Unaccepted;
    std::uint8_t extra_count = 0;     // follow-ups MSM did not accept: extras[extra_first...]
    std::uint32_t extra_first = 0;
  };
  struct Extra {
    AgentView view;
    Event event;
  };
  std::vector<AgentView> views;  // by state index
  std::vector<Step> steps;       // views.size() x kEventCodeCount, by state then event code
  std::vector<Extra> extras;

  const Step& step(std::uint32_t state, const Event& e) const {
    return steps[static_cast<std::size_t>(state) * kEventCodeCount +
                 static_cast<std::size_t>(event_code(e))];
  }
};

// Breadth-first over the states MSM reaches: a copy of the MSM machine is kept for each state
// found, and every event is dispatched through a copy of it. Unreachable views never occur
// (every machine starts in the initial state and moves only along the table), so they need no
// entry.
const AgentMachine::Compiled& AgentMachine::compiled_for(const PlatformProfile& profile) {
  // One table per combination of the profile's rules (its name plays no part).
  std::uint64_t key = 0;
  const std::vector<ProfileParameter>& rules = profile_parameters();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (profile.*(rules[i].field)) key |= std::uint64_t{1} << i;
  }
  key |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(profile.chat_slots)) << 32;
  static std::mutex mutex;
  static std::map<std::uint64_t, std::unique_ptr<const Compiled>> cache;
  const std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<const Compiled>& slot = cache[key];
  if (slot) return *slot;

  auto c = std::make_unique<Compiled>();
  std::vector<std::unique_ptr<Impl>> machines;
  std::vector<std::int32_t> index_of_view(kViewCodeCount, -1);
  machines.push_back(std::make_unique<Impl>(profile));
  c->views.push_back(machines.front()->read_view());
  index_of_view[static_cast<std::size_t>(view_code(c->views.front()))] = 0;
  const std::vector<Event>& events = all_events();
  for (std::size_t s = 0; s < c->views.size(); ++s) {
    for (int code = 0; code < kEventCodeCount; ++code) {
      const Event& e = events[static_cast<std::size_t>(code)];
      Impl m(*machines[s]);
      std::vector<Compiled::Extra> unaccepted;
      Compiled::Step step;
      step.result = m.dispatch(e, c->views[s], [&unaccepted](const AgentView& v, const Event& u) {
        unaccepted.push_back({v, u});
      });
      // An unaccepted event is counted by dispatch() with the caller's own Event value; what
      // else MSM did not accept (follow-ups of an accepted event) is part of the table.
      const std::size_t skip = step.result == DispatchResult::Unaccepted ? 1 : 0;
      step.extra_first = static_cast<std::uint32_t>(c->extras.size());
      step.extra_count = static_cast<std::uint8_t>(unaccepted.size() - skip);
      c->extras.insert(c->extras.end(), unaccepted.begin() + static_cast<std::ptrdiff_t>(skip),
                       unaccepted.end());
      const AgentView after = m.read_view();
      std::int32_t& index = index_of_view[static_cast<std::size_t>(view_code(after))];
      if (index < 0) {
        index = static_cast<std::int32_t>(c->views.size());
        c->views.push_back(after);
        machines.push_back(std::make_unique<Impl>(m));
      }
      step.next = static_cast<std::uint32_t>(index);
      c->steps.push_back(step);
    }
  }
  slot = std::move(c);
  return *slot;
}

// ---- AgentMachine ---------------------------------------------------------------------------

AgentMachine::AgentMachine(const PlatformProfile& profile, DispatchMode mode) : profile_(profile) {
  if (mode == DispatchMode::Msm) {
    impl_ = std::make_unique<Impl>(profile_);
    view_ = impl_->read_view();
  } else {
    compiled_ = &compiled_for(profile_);
    view_ = compiled_->views.front();
  }
}
AgentMachine::~AgentMachine() = default;
AgentMachine::AgentMachine(const AgentMachine& other)
    : impl_(other.impl_ ? std::make_unique<Impl>(*other.impl_) : nullptr),
      compiled_(other.compiled_),
      state_(other.state_),
      profile_(other.profile_),
      view_(other.view_),
      unaccepted_(other.unaccepted_),
      unaccepted_total_(other.unaccepted_total_) {}
AgentMachine& AgentMachine::operator=(const AgentMachine& other) {
  if (this != &other) {
    if (!other.impl_) {
      impl_.reset();
    } else if (impl_) {
      *impl_ = *other.impl_;
    } else {
      impl_ = std::make_unique<Impl>(*other.impl_);
    }
    compiled_ = other.compiled_;
    state_ = other.state_;
    profile_ = other.profile_;
    view_ = other.view_;
    unaccepted_ = other.unaccepted_;
    unaccepted_total_ = other.unaccepted_total_;
  }
  return *this;
}
AgentMachine::AgentMachine(AgentMachine&&) noexcept = default;
AgentMachine& AgentMachine::operator=(AgentMachine&&) noexcept = default;

bool AgentMachine::routable() const { return model::routable(view_, profile_); }
bool AgentMachine::routable_for(Channel channel) const {
  return model::routable_for(view_, profile_, channel);
}
bool AgentMachine::ghost() const { return model::ghost(view_, profile_); }
int AgentMachine::compiled_states() const {
  return compiled_ != nullptr ? static_cast<int>(compiled_->views.size()) : 0;
}

void AgentMachine::reset() {
  if (impl_) {
    impl_->restart();
    view_ = impl_->read_view();
  } else {
    state_ = 0;
    view_ = compiled_->views.front();
  }
  unaccepted_.clear();
  unaccepted_total_ = 0;
}

void AgentMachine::count_unaccepted(const AgentView& pre, const Event& e) {
  ++unaccepted_total_;
  for (UnacceptedCount& u : unaccepted_) {
    if (u.view == pre && u.event == e) {
      ++u.count;
      return;
    }
  }
  unaccepted_.push_back({pre, e, 1});
}

DispatchResult AgentMachine::dispatch(const Event& e) {
  if (impl_) return dispatch_msm(e);
  const Compiled::Step& step = compiled_->step(state_, e);
  if (step.result == DispatchResult::Unaccepted) count_unaccepted(view_, e);
  for (std::uint32_t i = 0; i < step.extra_count; ++i) {
    const Compiled::Extra& x = compiled_->extras[step.extra_first + i];
    count_unaccepted(x.view, x.event);
  }
  state_ = step.next;
  view_ = compiled_->views[state_];
  return step.result;
}

DispatchResult AgentMachine::dispatch_msm(const Event& e) {
  const DispatchResult r = impl_->dispatch(
      e, view_, [this](const AgentView& v, const Event& u) { count_unaccepted(v, u); });
  view_ = impl_->read_view();
  return r;
}

std::string_view to_string(DispatchMode m) {
  switch (m) {
    case DispatchMode::Compiled: return "compiled";
    case DispatchMode::Msm: return "msm";
  }
  return "?";
}

std::string_view to_string(DispatchResult r) {
  switch (r) {
    case DispatchResult::Applied: return "applied";
    case DispatchResult::Rejected: return "rejected";
    case DispatchResult::Unaccepted: return "unaccepted";
  }
  return "?";
}

// ---- the transition table, read from the MSM definition -------------------------------------

namespace {

template <class T, class = void>
struct has_name : std::false_type {};
template <class T>
struct has_name<T, std::void_t<decltype(T::name)>> : std::true_type {};

template <class T>
std::string_view name_of() {
  if constexpr (std::is_same_v<T, none>) {
    return "";
  } else {
    return T::name;
  }
}

template <class State>
std::string_view region_of() {
  return State::region;
}

struct RowCollector {
  std::string_view machine;
  std::vector<TransitionRow>* rows;
  std::vector<GuardInfo>* guards;
  std::vector<GuardInfo>* actions;

  static void add_unique(std::vector<GuardInfo>* v, std::string_view n, std::string_view d) {
    if (n.empty()) return;
    for (const GuardInfo& g : *v) {
      if (g.name == n) return;
    }
    v->push_back({n, d});
  }

  template <class R>
  void operator()(msm::wrap<R>) const {
    using Src = typename R::Source;
    using Tgt = typename R::Target;
    using G = typename R::Guard;
    using A = typename R::Action;
    TransitionRow row;
    row.machine = machine;
    row.region = region_of<Src>();
    row.source = name_of<Src>();
    row.event = name_of<typename R::Evt>();
    row.guard = name_of<G>();
    row.action = name_of<A>();
    row.internal = std::is_same_v<Tgt, none>;
    row.target = row.internal ? row.source : name_of<Tgt>();
    rows->push_back(row);
    if constexpr (!std::is_same_v<G, none>) add_unique(guards, G::name, G::description);
    if constexpr (!std::is_same_v<A, none>) add_unique(actions, A::name, A::description);
  }
};

struct Tables {
  std::vector<StateInfo> states;
  std::vector<TransitionRow> rows;
  std::vector<GuardInfo> guards;
  std::vector<GuardInfo> actions;
};

template <class S>
StateInfo info(std::string_view machine, bool initial) {
  return {machine, S::region, S::name, S::description, initial};
}

const Tables& tables() {
  static const Tables t = [] {
    Tables x;
    const std::string_view top = AgentMachineDef::name;
    const std::string_view panel = StatusPanelDef::name;
    x.states = {
        info<LoggedOut>(top, true),         info<LoggedIn>(top, false),
        info<NoPage>(top, true),            info<OnePage>(top, false),
        info<TwoPages>(top, false),         info<Unloading>(top, false),
        info<UnloadingOneOfTwo>(top, false), info<NoContact>(top, true),
        info<Ringing>(top, false),          info<Connected>(top, false),
        info<OnHold>(top, false),           info<AfterContactWork>(top, false),
        info<Missed>(top, false),           info<StatusPanelDef>(top, true),
        info<Chats0>(top, true),            info<Chats1>(top, false),
        info<Chats2>(top, false),           info<Chats3>(top, false),
        info<StatusOffline>(panel, true),   info<StatusAvailable>(panel, false),
        info<StatusCustom>(panel, false),   info<NoNext>(panel, true),
        info<NextOffline>(panel, false),    info<NextCustom>(panel, false),
    };
    mpl::for_each<AgentMachineDef::transition_table, msm::wrap<mpl::placeholders::_1>>(
        RowCollector{top, &x.rows, &x.guards, &x.actions});
    mpl::for_each<StatusPanelDef::transition_table, msm::wrap<mpl::placeholders::_1>>(
        RowCollector{panel, &x.rows, &x.guards, &x.actions});
    return x;
  }();
  return t;
}

}  // namespace

const std::vector<StateInfo>& state_infos() { return tables().states; }
const std::vector<TransitionRow>& transition_rows() { return tables().rows; }
const std::vector<GuardInfo>& guard_infos() { return tables().guards; }
const std::vector<GuardInfo>& action_infos() { return tables().actions; }

}  // namespace agentsim::model
