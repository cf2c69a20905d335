// Channels and auto-accept in the simulator (single-agent and center mode): an auto-accepting
// ghost is connected to customers and never misses [D 50]; the customer waits for nobody until
// they hang up (customer_hangup_after_silence_*, assumed), then ACW follows. And the account's buckets per
// API [D 21,22] end to end, in a center.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "agentsim/model/agent_view.h"

#include "agentsim/sim/center.h"
#include "agentsim/sim/session.h"
#include "sim/sim_fixtures.h"

namespace agentsim::sim {
namespace {

constexpr std::int64_t kSecond = 1'000'000;

// The agent closes the tab while idle and Available, with no strategy: a ghost for the whole
// hour after the close. Contacts arrive at 1 per routable minute.
SessionSpec ghost_session(bool auto_accept) {
  SessionSpec spec = testing::closed_form_spec(StrategyKind::None, 1.0, 100, 500);
  EnvironmentParams& e = spec.env;
  e.contact_arrival_rate_per_min = 1;
  e.auto_accept_voice = auto_accept ? 1 : 0;
  e.horizon_after_close_ms = 3600000;
  return spec;
}

TEST(ChannelFact, AnAutoAcceptingGhostIsConnectedToCustomersAndNeverMisses) {
  const SessionSpec on = ghost_session(true);
  const SessionSpec off = ghost_session(false);
  ASSERT_TRUE(on.validate().empty());
  for (std::uint64_t k = 0; k < 50; ++k) {
    const Outcome a = run_session(on, 11, k);
    EXPECT_EQ(a.contacts_missed_on_ghost, 0u) << "session " << k;
    EXPECT_GT(a.contacts_connected_to_ghost, 1u) << "an hour of ghost: several customers";
    EXPECT_GT(a.silent_call_us, 0);
    // Every contact offered to the ghost is connected (the last may still be ringing at the
    // horizon: auto-accept takes auto_accept_connect_ms).
    EXPECT_GE(a.contacts_connected_to_ghost + 1, a.contacts_offered_to_ghost);
    EXPECT_LE(a.contacts_connected_to_ghost, a.contacts_offered_to_ghost);
    EXPECT_EQ(a.unaccepted_events, 0u);
    // Without auto-accept the same ghost misses its first contact and then is not routable.
    const Outcome b = run_session(off, 11, k);
    EXPECT_EQ(b.contacts_connected_to_ghost, 0u);
    EXPECT_EQ(b.silent_call_us, 0);
    EXPECT_GE(b.contacts_missed_on_ghost, 1u) << "session " << k;
  }
}

TEST(ChannelFact, AnAutoAcceptedCustomerOfAGhostWaitsTheSilentHangupTimeThenAfterContactWorkFollows) {
  // Fixed times: the customer leaves 45 s after being connected; ACW lasts 60 s; then the ghost
  // is routable again and the next customer is connected.
  SessionSpec spec = ghost_session(true);
  EnvironmentParams& e = spec.env;
  e.customer_hangup_after_silence_median_ms = e.customer_hangup_after_silence_p99_ms = 45000;
  e.acw_duration_ms = 60000;
  ASSERT_TRUE(spec.validate().empty());
  Trace trace;
  const Outcome o = run_session(spec, 3, 0, &trace);
  ASSERT_GT(o.contacts_connected_to_ghost, 1u);
  EXPECT_EQ(o.silent_call_us, static_cast<std::int64_t>(o.contacts_connected_to_ghost) * 45 * kSecond);
  const auto connected = testing::times_applied(trace, "AutoAccepted", "platform");
  const auto ended = testing::times_applied(trace, "ContactEnded", "customer");
  const auto acw_done = testing::times_applied(trace, "AcwTimeout", "platform");
  ASSERT_GE(connected.size(), 2u);
  ASSERT_GE(ended.size(), 1u);
  ASSERT_GE(acw_done.size(), 1u);
  EXPECT_EQ(ended[0] - connected[0], 45 * kSecond);
  EXPECT_EQ(acw_done[0] - ended[0], 60 * kSecond);
  EXPECT_GE(connected[1], acw_done[0]) << "routable again only after ACW";
}

TEST(ChannelFact, AContactRingingWhenTheTabClosesIsConnectedRatherThanMissedWithAutoAccept) {
  // The close finds a contact ringing and the agent leaves (the closing page cannot accept it).
  // Without auto-accept it rings out; with it, the platform connects it within
  // auto_accept_connect_ms [D 50] and it never rings out.
  SessionSpec on = ghost_session(true);
  on.pre_close = PreClose::Ringing;
  on.env.contact_arrival_rate_per_min = 0;  // only the contact ringing at the close
  SessionSpec off = on;
  off.env.auto_accept_voice = 0;
  ASSERT_TRUE(on.validate().empty());
  for (std::uint64_t k = 0; k < 20; ++k) {
    Trace with, without;
    run_session(on, 17, k, &with);
    run_session(off, 17, k, &without);
    const auto connected = testing::times_applied(with, "AutoAccepted", "platform");
    ASSERT_EQ(connected.size(), 1u) << k << "\n" << format_timeline(with);
    EXPECT_LE(connected[0], 500'000) << k;
    EXPECT_TRUE(testing::times_applied(with, "RingTimeout", "platform").empty()) << k;
    EXPECT_TRUE(testing::times_applied(without, "AutoAccepted", "platform").empty()) << k;
    EXPECT_EQ(testing::times_applied(without, "RingTimeout", "platform").size(), 1u) << k;
  }
}

TEST(ChannelFact, AutoAcceptIsAZeroOrOneSwitch) {
  SessionSpec spec = ghost_session(true);
  spec.env.auto_accept_voice = 0.5;
  EXPECT_FALSE(spec.validate().empty());
  const EnvironmentParameter* p = find_environment_parameter("auto_accept_voice");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(default_value(*p), 0) << "off unless an admin sets it [D 50]";
}

// A chat ghost: the agent closes the tab while idle and Available, with no strategy; no voice
// contacts, chats arrive at 2 per routable minute.
SessionSpec chat_ghost_session(int slots, bool auto_accept) {
  SessionSpec spec = ghost_session(false);
  EnvironmentParams& e = spec.env;
  e.contact_arrival_rate_per_min = 0;
  e.chat_arrival_rate_per_min = 2;
  e.chat_slots = slots;
  e.auto_accept_chat = auto_accept ? 1 : 0;
  return spec;
}

// [D 13] A missed chat only occupies one of the agent's chat slots; chat routing goes on until
// all are full, so a chat ghost misses one chat per slot — and then no more. (The model's side
// of the fact: ChannelFact.AMissedChatOccupiesOneSlotAndRoutingStopsWhenAllAreFull.)
TEST(ChannelFact, AChatGhostMissesOneChatPerSlotAndThenIsOfferedNoMore) {
  for (int slots = 1; slots <= model::kMaxChatSlots; ++slots) {
    const SessionSpec spec = chat_ghost_session(slots, false);
    ASSERT_TRUE(spec.validate().empty());
    for (std::uint64_t k = 0; k < 20; ++k) {
      const Outcome o = run_session(spec, 21, k);
      EXPECT_EQ(o.chats_missed_on_ghost, static_cast<std::uint32_t>(slots)) << "session " << k;
      EXPECT_EQ(o.chats_offered_to_ghost, static_cast<std::uint32_t>(slots));
      EXPECT_EQ(o.chats_connected_to_ghost, 0u);
      EXPECT_EQ(o.contacts_missed_on_ghost, 0u) << "no voice in this scenario";
      EXPECT_EQ(o.unaccepted_events, 0u);
      // Routing stopped when the last slot filled: the ghost time ends then, well before the
      // hour is over (2 chats per minute: the slots fill within minutes).
      EXPECT_LT(o.ghost_us, 3600 * kSecond);
      EXPECT_GT(o.ghost_us, 0);
    }
  }
}

// [D 11,13] The ring timeout is fixed at 20 s for voice and for chat.
TEST(ChannelFact, RingTimeoutIs20sForVoiceAndChat) {
  const EnvironmentParameter* voice = find_environment_parameter("ring_timeout_ms");
  const EnvironmentParameter* chat = find_environment_parameter("chat_ring_timeout_ms");
  ASSERT_NE(voice, nullptr);
  ASSERT_NE(chat, nullptr);
  EXPECT_EQ(default_value(*voice), 20000);
  EXPECT_EQ(default_value(*chat), 20000);
  // A chat offered to a ghost rings out exactly 20 s later (the simulator's ring timer).
  const SessionSpec spec = chat_ghost_session(2, false);
  Trace trace;
  const Outcome o = run_session(spec, 5, 0, &trace);
  ASSERT_EQ(o.chats_missed_on_ghost, 2u);
  const auto offered = testing::times_applied(trace, "ChatOffered", "platform");
  std::vector<std::int64_t> rang_out;
  for (const TraceEntry& e : trace.entries) {
    if (e.source == "env" && e.text.rfind("a chat rang out on a ghost", 0) == 0) {
      rang_out.push_back(e.time_us);
    }
  }
  ASSERT_EQ(offered.size(), 2u);
  ASSERT_EQ(rang_out.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(rang_out[i] - offered[i], 20 * kSecond);
}

// [D 50] Auto-accept is per channel: with auto_accept_chat an auto-accepting chat ghost never
// misses a chat; its customers are connected to nobody until they leave (customer_hangup_after_silence_*),
// then ACW clears the slot and the next chat comes.
TEST(ChannelFact, AnAutoAcceptingChatGhostIsConnectedToCustomersWhoWaitForNobody) {
  const SessionSpec spec = chat_ghost_session(2, true);
  ASSERT_TRUE(spec.validate().empty());
  for (std::uint64_t k = 0; k < 20; ++k) {
    const Outcome o = run_session(spec, 31, k);
    EXPECT_EQ(o.chats_missed_on_ghost, 0u) << "session " << k;
    EXPECT_GT(o.chats_connected_to_ghost, 2u) << "an hour of ghost: more chats than slots";
    EXPECT_LE(o.chats_connected_to_ghost, o.chats_offered_to_ghost);
    EXPECT_GT(o.silent_call_us, 0);
    EXPECT_EQ(o.unaccepted_events, 0u);
  }
  // Voice auto-accept does not accept chats: the channel's own switch does.
  SessionSpec voice_only = chat_ghost_session(2, false);
  voice_only.env.auto_accept_voice = 1;
  const Outcome v = run_session(voice_only, 31, 0);
  EXPECT_EQ(v.chats_connected_to_ghost, 0u);
  EXPECT_EQ(v.chats_missed_on_ghost, 2u);
}

TEST(ChannelFact, ChatSlotsAreAWholeNumberBoundedByTheModel) {
  SessionSpec spec = chat_ghost_session(2, false);
  spec.env.chat_slots = 1.5;
  EXPECT_FALSE(spec.validate().empty());
  spec.env.chat_slots = model::kMaxChatSlots + 1;
  EXPECT_FALSE(spec.validate().empty()) << "more slots than the model's kMaxChatSlots";
  spec.env.auto_accept_chat = 2;
  spec.env.chat_slots = 2;
  EXPECT_FALSE(spec.validate().empty());
  const EnvironmentParameter* p = find_environment_parameter("chat_arrival_rate_per_min");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(default_value(*p), 0) << "no chat unless a scenario enables it";
}

// A center whose agents all leave at once and stay ghosts, with no strategy.
CenterSpec ghost_center() {
  CenterSpec c;
  c.agents = 6;
  c.shift_ms = 3600000;
  c.contact_rate_per_min = 3;
  c.close_pattern = ClosePattern::Burst;
  c.burst_at_ms = 1800000;
  c.burst_spread_ms = 0;
  c.after_shift_ms = 1800000;
  return c;
}

TEST(ChannelFact, InACenterAutoAcceptingGhostsAreConnectedToCustomersInsteadOfMissingThem) {
  SessionSpec on;
  on.strategy = default_config(StrategyKind::None);
  on.close_kind = CloseKind::TabClose;
  on.pre_close = PreClose::Idle;
  on.env.auto_accept_voice = 1;
  SessionSpec off = on;
  off.env.auto_accept_voice = 0;
  const CenterSpec center = ghost_center();
  ASSERT_TRUE(on.validate().empty());
  ASSERT_TRUE(center.validate().empty());
  const CenterOutcome a = run_center(on, center, 5, 0);
  const CenterOutcome b = run_center(off, center, 5, 0);
  EXPECT_GT(a.contacts_connected_to_ghosts, 0u);
  EXPECT_EQ(a.contacts_missed_on_ghosts, 0u);
  EXPECT_GT(a.silent_call_us, 0);
  EXPECT_EQ(b.contacts_connected_to_ghosts, 0u);
  EXPECT_GT(b.contacts_missed_on_ghosts, 0u);
  EXPECT_EQ(a.unaccepted_events, 0u);
}

// [D 13] In a center, chats are routed like voice (longest routable for chat first): a ghost
// misses one chat per slot, each going back to the front of the chat queue for a present agent,
// and then is offered no more chats; with auto_accept_chat [D 50] it misses none.
TEST(ChannelFact, InACenterAChatGhostMissesAtMostOneChatPerSlotAndSeveralInAll) {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::None);
  spec.close_kind = CloseKind::Crash;
  spec.env.crash_reopen_prob = 0;
  spec.env.chat_arrival_rate_per_min = 0.5;
  spec.env.chat_slots = 2;
  // Chats handled before the burst end within a minute (then a minute of ACW), so every slot of
  // every ghost is free again soon after the crash.
  spec.env.chat_handle_time_median_ms = spec.env.chat_handle_time_p99_ms = 60000;
  CenterSpec center = ghost_center();
  center.contact_rate_per_min = 0;  // chats only
  ASSERT_TRUE(spec.validate().empty());
  ASSERT_TRUE(center.validate().empty());
  for (std::uint64_t shift = 0; shift < 5; ++shift) {
    const CenterOutcome o = run_center(spec, center, 7, shift);
    EXPECT_GT(o.chats_arrived, 0u);
    EXPECT_EQ(o.unaccepted_events, 0u);
    // Every agent crashes at the burst and stays a ghost while chats go on arriving (3 a minute
    // for half an hour): each ghost misses at most one chat per slot (2), and more than one in
    // all — were a missed chat to block routing as a missed call does, a ghost would miss one.
    // (A chat already ringing at the crash was offered to a present agent: not counted.)
    EXPECT_LE(o.chats_missed_on_ghosts, static_cast<std::uint32_t>(2 * center.agents)) << shift;
    EXPECT_GT(o.chats_missed_on_ghosts, static_cast<std::uint32_t>(center.agents)) << shift;
    EXPECT_EQ(o.chats_connected_to_ghosts, 0u);
  }
  SessionSpec auto_on = spec;
  auto_on.env.auto_accept_chat = 1;
  const CenterOutcome a = run_center(auto_on, center, 7, 0);
  EXPECT_EQ(a.chats_missed_on_ghosts, 0u);
  EXPECT_GT(a.chats_connected_to_ghosts, static_cast<std::uint32_t>(2 * center.agents));
  EXPECT_EQ(a.unaccepted_events, 0u);
}

TEST(ThrottleFact, InACenterDismissUserContactIsGrantedWhilePutUserStatusHasNoTokens) {
  // The missed-contact reaction calls DismissUserContact, then PutUserStatus(Offline). With the
  // PutUserStatus bucket empty (rate 0, burst 0) every PutUserStatus is a 429 — yet the
  // DismissUserContact calls, in their own bucket [D 21,22], are granted.
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::None);
  spec.strategy.missed_contact = MissedReaction::DismissThenOffline;
  spec.close_kind = CloseKind::TabClose;
  spec.pre_close = PreClose::Idle;
  spec.env.put_user_status_rate_rps = 0;
  spec.env.put_user_status_burst = 0;
  const CenterSpec center = ghost_center();
  ASSERT_TRUE(spec.validate().empty());
  CenterTrace trace;
  const CenterOutcome o = run_center(spec, center, 5, 0, &trace);
  EXPECT_GT(o.dismiss_sent, 0u);
  EXPECT_GT(o.put_user_status_sent, 0u);
  EXPECT_TRUE(trace.put_user_status_grants_us.empty());
  EXPECT_FALSE(trace.dismiss_user_contact_grants_us.empty());
  EXPECT_EQ(o.tokens_granted, trace.dismiss_user_contact_grants_us.size());
  EXPECT_GE(o.throttled, o.put_user_status_sent);
  EXPECT_EQ(o.bucket_violations, 0u);
}

}  // namespace
}  // namespace agentsim::sim
