// reconnect_notice: when the page loads again (a reload, the CCP reopened after a crash), it
// tells the team's backend it is back — so a backend waiting out a grace period
// (put_user_status_on_notify's grace_ms) cancels the Offline of a page that only reloaded.
//
// The whole component: a hook and a host call. It is the example of docs/strategies.md, "How to
// add a component" (its commit adds this file and one line to builtin.def).
#include "agentsim/sim/component.h"

namespace agentsim::sim {
namespace {

class ReconnectNotice final : public Component {
 public:
  HeartbeatNotice heartbeat_notice() const override { return HeartbeatNotice::Ignored; }

  explicit ReconnectNotice(const ComponentConfig& c)
      : transport_(c.choice("transport") == 0 ? Transport::Keepalive : Transport::Fetch) {}
  void on_page_event(StrategyHost& host, PageEvent e) override {
    if (e != PageEvent::PageLoad) return;
    note(host, "page", "loaded again: tells the backend it is back");
    host.notify_backend(transport_, Notice::Reconnect);
  }

 private:
  Transport transport_;
};

std::unique_ptr<Component> create(const ComponentConfig& c) {
  return std::make_unique<ReconnectNotice>(c);
}

}  // namespace

extern const ComponentDescriptor kReconnectNoticeComponent;
const ComponentDescriptor kReconnectNoticeComponent{
    "reconnect_notice",
    "page",
    "When the page loads again (a reload, a reopened CCP) it tells the backend it is back, so a "
    "grace period cancels the Offline.",
    {{"transport", "keepalive|fetch", 0, 0, 1, "How the page tells the backend.", ParamType::Choice}},
    nullptr,  // no claim of its own: it only cancels a grace period's Offline
    nullptr,
    nullptr,
    create};
}  // namespace agentsim::sim
