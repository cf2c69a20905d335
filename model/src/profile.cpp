#include "agentsim/model/profile.h"

namespace agentsim::model {

namespace {

PlatformProfile make_v1() {
  PlatformProfile p;
  p.name = "ccp_v1";
  p.logout_sets_offline = false;  // [D 7]: neither closing nor logging out changes Available
  return p;
}

PlatformProfile make_v2() {
  PlatformProfile p;
  p.name = "ccp_v2";
  p.logout_sets_offline = true;  // [D 7] [C 34]: logout sets Offline (next status if live)
  return p;
}

PlatformProfile make_streams() {
  PlatformProfile p;
  p.name = "streams_custom";
  p.logout_sets_offline = false;  // custom CCPs log out through /logout: status untouched [D 7,8]
  return p;
}

}  // namespace

const PlatformProfile& ccp_v1() {
  static const PlatformProfile p = make_v1();
  return p;
}

const PlatformProfile& ccp_v2() {
  static const PlatformProfile p = make_v2();
  return p;
}

const PlatformProfile& streams_custom() {
  static const PlatformProfile p = make_streams();
  return p;
}

const std::vector<const PlatformProfile*>& builtin_profiles() {
  static const std::vector<const PlatformProfile*> all = {&ccp_v1(), &ccp_v2(), &streams_custom()};
  return all;
}

const PlatformProfile* find_profile(std::string_view name) {
  for (const PlatformProfile* p : builtin_profiles()) {
    if (p->name == name) return p;
  }
  return nullptr;
}

const std::vector<ProfileParameter>& profile_parameters() {
  static const std::vector<ProfileParameter> params = {
      {"logout_sets_offline",
       "Logging out from the CCP sets the agent Offline (as next status while a contact is live).",
       Provenance::Documented, "[D 7,8] [C 34]", &PlatformProfile::logout_sets_offline},
      {"setstate_requires_enqueue_during_contact",
       "Streams setState without enqueueNextState fails while a contact is live.",
       Provenance::Documented, "[S 2] [D 19]",
       &PlatformProfile::setstate_requires_enqueue_during_contact},
      {"setstate_rejected_in_acw",
       "Streams setState without enqueueNextState also fails while the agent is in ACW "
       "(non-default; by default a status change in ACW closes the contact).",
       Provenance::Assumed,
       "[A] non-default: no source; AWS describes a status change in ACW as closing the "
       "contact [C 35]; the refusal is documented for live contacts only [S 2]",
       &PlatformProfile::setstate_rejected_in_acw},
      {"page_close_ends_voice_contact",
       "Closing the last CCP page during a connected voice contact ends the agent leg (to ACW) "
       "(non-default; by default the contact stays connected, silent, until the customer hangs "
       "up).",
       Provenance::Assumed,
       "[A] non-default: AWS says closing/refreshing during a call disables voice and the "
       "contact stays connected [C 52]",
       &PlatformProfile::page_close_ends_voice_contact},
      {"logged_out_available_is_routable",
       "A logged-out agent whose status is Available keeps being offered contacts.",
       Provenance::Assumed, "[A] reading of [D 7,8] [C 6,28]",
       &PlatformProfile::logged_out_available_is_routable},
  };
  return params;
}

const ProfileParameter* find_profile_parameter(std::string_view name) {
  for (const ProfileParameter& p : profile_parameters()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string_view to_string(Provenance p) {
  switch (p) {
    case Provenance::Documented: return "documented";
    case Provenance::Measured: return "measured";
    case Provenance::Inferred: return "inferred";
    case Provenance::Assumed: return "assumed";
  }
  return "?";
}

}  // namespace agentsim::model
