// fetch_later: the page tells the team's backend it has gone by fetchLater (Chrome 135+, not
// Firefox or Safari [D 12]): a deferred request the browser holds and sends when the document is
// destroyed, whatever the page's unload window — so no retry, no response, no race with teardown.
//   arm page_load  registered as soon as the page runs (and again after every reload): it goes on
//                  every teardown, a reload's included — the backend needs a grace period that
//                  the reloaded page's reconnect notice cancels;
//   arm trigger    registered by the page's handler on its `on:` events (de-duplicated).
// What the browser does with it is the engine's (session_events.cpp): sent at teardown with
// fetch_later_delivery_prob [M 18] (a browser quit times browser_quit_inflight_delivered_factor);
// after a crash or a killed mobile tab only if the browser process survived to send it
// (fetch_later_crash_delivered_factor: no crash recovery [D 12]); never after an OS shutdown; and
// — with activate_after_ms — sent that long after a mobile close froze the page, if it lives.
#include "agentsim/sim/claim.h"
#include "agentsim/sim/component.h"
#include "page_triggers.h"

namespace agentsim::sim {
namespace {

constexpr int kArmOnTrigger = 1;

class FetchLater final : public Component {
 public:
  HeartbeatNotice heartbeat_notice() const override { return HeartbeatNotice::Ignored; }

  explicit FetchLater(const ComponentConfig& c)
      : gate_(c.number("on"), c.flag("dedupe")),
        on_trigger_(c.choice("arm") == kArmOnTrigger),
        activate_after_ms_(c.number("activate_after_ms")) {}
  void reset(StrategyHost& host) override {
    gate_.reset();
    if (!on_trigger_) host.arm_fetch_later(Notice::Close, activate_after_ms_);
  }
  void on_new_close(StrategyHost&) override { gate_.reset(); }
  void on_page_event(StrategyHost& host, PageEvent e) override {
    if (e == PageEvent::PageLoad) {
      gate_.rearm();
      if (!on_trigger_) host.arm_fetch_later(Notice::Close, activate_after_ms_);
      return;
    }
    if (on_trigger_ && gate_.admit(host, e)) host.arm_fetch_later(Notice::Close, activate_after_ms_);
  }
  void on_dialog_answer(StrategyHost& host, bool stay) override {
    // The agent stays: a handler-registered request would go at the next teardown anyway;
    // abort it, so that only a real leave sends it.
    if (stay && on_trigger_) {
      gate_.rearm();
      host.disarm_fetch_later();
    }
  }
  void fingerprint(std::uint64_t& h) const override { fingerprint_mix(h, gate_.fired() ? 1 : 0); }

 private:
  blocks::TriggerGate gate_;
  bool on_trigger_;
  double activate_after_ms_;
};

std::unique_ptr<Component> create(const ComponentConfig& c) { return std::make_unique<FetchLater>(c); }
void claim(const ComponentConfig&, Claim& c) { c.no_spurious_offline = false; }

}  // namespace

extern const ComponentDescriptor kFetchLaterComponent;
const ComponentDescriptor kFetchLaterComponent{
    "fetch_later",
    "page",
    "Tells the team's backend by fetchLater (Chrome 135+): the browser sends it when the document "
    "is destroyed, and after a crash only if the browser survived it.",
    {blocks::trigger_param(), blocks::dedupe_param(),
     {"arm", "page_load|trigger", 0, 0, 1,
      "Register it when the page loads (it goes on every teardown, reloads too) or in the "
      "handler on the `on:` events.",
      ParamType::Choice},
     {"activate_after_ms", "ms", 0, 0, 3600000,
      "activateAfter: also sent this long after a mobile close froze the page (0: only when the "
      "document ends)."}},
    claim,
    nullptr,
    nullptr,
    create};
}  // namespace agentsim::sim
