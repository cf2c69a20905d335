// notify_backend: on its page events the page tells the team's backend that it is closing — by a
// plain fetch, a keepalive fetch or sendBeacon. What the backend then does
// is a backend component's (put_user_status_on_notify).
#include "agentsim/sim/claim.h"
#include "agentsim/sim/component.h"
#include "page_triggers.h"

namespace agentsim::sim {
namespace {

class NotifyBackend final : public Component {
 public:
  HeartbeatNotice heartbeat_notice() const override { return HeartbeatNotice::Ignored; }

  explicit NotifyBackend(const ComponentConfig& c)
      : gate_(c.number("on"), c.flag("dedupe")), transport_(transport_of(c)) {}
  static Transport transport_of(const ComponentConfig& c) {
    switch (c.choice("transport")) {
      case 0: return Transport::Keepalive;
      case 1: return Transport::Beacon;
      default: return Transport::Fetch;
    }
  }
  void reset(StrategyHost&) override { gate_.reset(); }
  void on_new_close(StrategyHost&) override { gate_.reset(); }
  void on_page_event(StrategyHost& host, PageEvent e) override {
    if (e == PageEvent::PageLoad) {
      gate_.rearm();
      return;
    }
    if (gate_.admit(host, e)) host.notify_backend(transport_, Notice::Close);
  }
  void on_dialog_answer(StrategyHost&, bool stay) override {
    if (stay) gate_.rearm();
  }
  void fingerprint(std::uint64_t& h) const override { fingerprint_mix(h, gate_.fired() ? 1 : 0); }

 private:
  blocks::TriggerGate gate_;
  Transport transport_;
};

std::unique_ptr<Component> create(const ComponentConfig& c) { return std::make_unique<NotifyBackend>(c); }
void claim(const ComponentConfig&, Claim& c) { c.no_spurious_offline = false; }

}  // namespace

extern const ComponentDescriptor kNotifyBackendComponent;
const ComponentDescriptor kNotifyBackendComponent{
    "notify_backend",
    "page",
    "Tells the team's backend the page is closing, by keepalive fetch, sendBeacon or plain fetch.",
    {blocks::trigger_param(), blocks::dedupe_param(),
     {"transport", "keepalive|beacon|fetch", 0, 0, 2,
      "How the page notifies the backend.", ParamType::Choice}},
    claim,
    nullptr,
    nullptr,
    create};
}  // namespace agentsim::sim
