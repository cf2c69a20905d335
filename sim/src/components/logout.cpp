// logout: the page logs the agent out on its `on:` events — by `connect.core.terminate()` or by
// a fetch of the CCP's /logout URL — as teams try when they look for "log out on close". Neither
// changes the status [D 7,8]: terminate() only ends this page's Streams connection (and drops a
// setState of this page still inside the CCP's iframe or worker, so placed after setstate_offline
// it can cost the Offline), and /logout ends the CCP session while the agent stays Available and
// routed. The model says so; this block lets a scenario show it.
#include "agentsim/sim/claim.h"
#include "agentsim/sim/component.h"
#include "page_triggers.h"

namespace agentsim::sim {
namespace {

constexpr int kTerminate = 0;

class Logout final : public Component {
 public:
  HeartbeatNotice heartbeat_notice() const override { return HeartbeatNotice::Ignored; }

  explicit Logout(const ComponentConfig& c)
      : gate_(c.number("on"), c.flag("dedupe")), terminate_(c.choice("method") == kTerminate) {}
  void reset(StrategyHost&) override { gate_.reset(); }
  void on_new_close(StrategyHost&) override { gate_.reset(); }
  void on_page_event(StrategyHost& host, PageEvent e) override {
    if (e == PageEvent::PageLoad) {
      gate_.rearm();
      return;
    }
    if (gate_.admit(host, e)) host.log_out(terminate_);
  }
  void on_dialog_answer(StrategyHost&, bool stay) override {
    if (stay) gate_.rearm();
  }
  void fingerprint(std::uint64_t& h) const override { fingerprint_mix(h, gate_.fired() ? 1 : 0); }

 private:
  blocks::TriggerGate gate_;
  bool terminate_;
};

std::unique_ptr<Component> create(const ComponentConfig& c) { return std::make_unique<Logout>(c); }
// Claims nothing: a logout leaves the status, so it covers no close.
void claim(const ComponentConfig&, Claim&) {}

}  // namespace

extern const ComponentDescriptor kLogoutComponent;
const ComponentDescriptor kLogoutComponent{
    "logout",
    "page",
    "Logs out from the page: connect.core.terminate() or the /logout URL. Neither changes the "
    "status [D 7,8].",
    {blocks::trigger_param(), blocks::dedupe_param(),
     {"method", "terminate|logout_url", 0, 0, 1,
      "connect.core.terminate() (ends this page's Streams connection) or a fetch of /logout "
      "(ends the CCP session).",
      ParamType::Choice}},
    claim,
    nullptr,
    nullptr,
    create};
}  // namespace agentsim::sim
