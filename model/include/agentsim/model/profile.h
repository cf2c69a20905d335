// Platform profiles: the differences between CCPv1, CCPv2 and a custom Streams CCP, as data.
//
// One machine (agent_machine.h) serves every profile; its guards read these fields. Each field is
// a named, overridable parameter with a provenance: documented ([D]/[S], with the fact-sheet
// source numbers) or assumed ([A]) — assumptions are listed in reports as such.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agentsim::model {

struct PlatformProfile {
  std::string name;

  // Logging out from the CCP sets the agent Offline — as a next status while a contact is live.
  // CCPv2: yes; CCPv1 and the /logout endpoint (custom CCPs): no [D 7,8] [C 34].
  bool logout_sets_offline = false;

  // Streams agent.setState() without {enqueueNextState: true} fails while the agent handles a
  // live contact [S 2] [D 19].
  bool setstate_requires_enqueue_during_contact = true;

  // ...and also while the agent is in After Contact Work. Off by default: AWS describes a status
  // change in ACW as closing the contact (or enqueued when other contacts exist), never as
  // refused [C 35]; the rule "refused in ACW" had no source and is kept only as a non-default
  // assumption [A].
  bool setstate_rejected_in_acw = false;

  // Closing the last CCP page during a connected voice contact disconnects the agent leg and the
  // contact moves to ENDED/ACW at once. Off by default: AWS says closing or refreshing during a
  // call "is not supported, and will disable voice communication" — the contact stays CONNECTED,
  // without audio, until the customer ends it [C 52] (the simulator draws when the customer hangs
  // up: customer_hangup_after_silence_*). The old rule is a non-default assumption [A].
  bool page_close_ends_voice_contact = false;

  // A logged-out agent whose status is still Available keeps being offered contacts. [A] — the
  // fact sheet says such an agent "remains Available and keeps counting as staffed" [D 7,8]
  // [C 6,28]; that routing continues is our reading.
  bool logged_out_available_is_routable = true;

  // The routing profile's chat concurrency: how many chats the agent handles at once, each in
  // its own slot [D 13]. An admin setting (1 to 10 in Amazon Connect); 0 means chat is not on
  // the agent's routing profile. At most kMaxChatSlots here (the simulator refuses more).
  // Not one of the boolean rules of profile_parameters(): the simulator's `chat_slots`
  // parameter sets it. Default 2 [A] (see sim/src/environment.cpp).
  int chat_slots = 2;
};

// Built-in profiles.
const PlatformProfile& ccp_v1();          // "ccp_v1": logout leaves the status
const PlatformProfile& ccp_v2();          // "ccp_v2": logout sets Offline (next status if live)
const PlatformProfile& streams_custom();  // "streams_custom": custom CCP on Streams, /logout
const std::vector<const PlatformProfile*>& builtin_profiles();
// nullptr when the name is unknown.
const PlatformProfile* find_profile(std::string_view name);

// Where a parameter's value comes from, as tagged in ../shared/domain/: documented by AWS, a
// browser vendor or a spec ([D]/[S]); measured and published by someone ([M]); inferred from
// source code or reasoning ([I]); or our assumption ([A]), which reports list as such.
enum class Provenance { Documented, Measured, Inferred, Assumed };
struct ProfileParameter {
  std::string_view name;         // the field name, e.g. "logout_sets_offline"
  std::string_view description;  // one sentence
  Provenance provenance;
  std::string_view source;       // fact-sheet tags, e.g. "[D 7,8] [C 34]"
  bool PlatformProfile::*field;
};
const std::vector<ProfileParameter>& profile_parameters();
// nullptr when unknown.
const ProfileParameter* find_profile_parameter(std::string_view name);

std::string_view to_string(Provenance p);

}  // namespace agentsim::model
