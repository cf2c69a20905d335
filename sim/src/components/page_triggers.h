// The page-trigger parameters shared by the page actions: which lifecycle events start the
// action, and de-duplication when several of them fire for one close.
#pragma once

#include "agentsim/sim/component.h"

namespace agentsim::sim::blocks {

// The `on` parameter: a set of the four closing events (page_load is the reconnect notice's).
inline constexpr std::string_view kTriggerUnit = "beforeunload|pagehide|visibility_hidden|freeze";
inline constexpr double kOnBeforeunload = 1;  // the bit of beforeunload

inline ParamSpec trigger_param(double default_mask = kOnBeforeunload) {
  return {"on", kTriggerUnit, default_mask, 0, 15,
          "The page events that start it (any of beforeunload, pagehide, visibility_hidden, freeze).",
          ParamType::Set};
}
inline ParamSpec dedupe_param() {
  return {"dedupe", "bool", 1, 0, 1,
          "Act once per close when several of its events fire (a flag set by the first); false "
          "acts on each.",
          ParamType::Boolean};
}

// Whether `e` is one of the events in mask `on`.
inline bool triggered_by(double on, PageEvent e) {
  const int bit = static_cast<int>(e);
  return bit < 4 && ((static_cast<unsigned>(on) >> bit) & 1u) != 0;
}

// Per-close de-duplication: the first matching event of a close acts; the rest are skipped while
// `dedupe` holds. A new close starts after the page loaded again or the agent chose Stay.
class TriggerGate {
 public:
  TriggerGate(double on, bool dedupe) : on_(on), dedupe_(dedupe) {}
  void reset() { fired_ = false; }
  // The page opened again / the agent stayed: the next close is a new one.
  void rearm() { fired_ = false; }
  // Returns whether the component should act on `e`.
  bool admit(StrategyHost& host, PageEvent e) {
    if (!triggered_by(on_, e)) return false;
    if (fired_ && dedupe_) {
      note(host, "page", "{}: already handled for this close (de-duplicated)", to_string(e));
      return false;
    }
    fired_ = true;
    return true;
  }
  bool fired() const { return fired_; }

 private:
  double on_;
  bool dedupe_;
  bool fired_ = false;
};

}  // namespace agentsim::sim::blocks
