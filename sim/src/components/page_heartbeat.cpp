// page_heartbeat: the page sends a heartbeat to the team's backend every interval_ms while its
// script runs and the network is up ("client pings every 30 s" [C 48]). A reload's gap, a crash,
// an OS shutdown, sleep and a backgrounded mobile tab stop it; the other tab of one_of_two_tabs
// keeps it going. Sent by plain fetch (the default), keepalive fetch or sendBeacon — while the
// page lives the three arrive alike, but an ad blocker that blocks beacons (beacon_blocked_prob,
// drawn once per session: a blocker blocks them all) silences a beacon heartbeat for good, and a
// heartbeat sweeper then sets a working agent Offline. The engine runs the heartbeats (they follow
// the page's lifecycle); a sweeper or a grace period listens to them.
#include "agentsim/sim/component.h"

namespace agentsim::sim {
namespace {
class PageHeartbeat final : public Component {
 public:
  HeartbeatNotice heartbeat_notice() const override { return HeartbeatNotice::Ignored; }
};
std::unique_ptr<Component> create(const ComponentConfig&) { return std::make_unique<PageHeartbeat>(); }
ComponentTraits traits(const ComponentConfig& c) {
  ComponentTraits t;
  t.heartbeat_interval_ms = c.number("interval_ms");
  t.heartbeat_by_beacon = c.choice("transport") == 2;
  return t;
}
}  // namespace
extern const ComponentDescriptor kPageHeartbeatComponent;
const ComponentDescriptor kPageHeartbeatComponent{
    "heartbeat", "page", "The page sends a heartbeat to the team's backend every interval_ms.",
    {{"interval_ms", "ms", 30000, 100, 3600000, "The page sends a heartbeat this often."},
     {"transport", "fetch|keepalive|beacon", 0, 0, 2,
      "How the page sends it (a blocked sendBeacon sends none).", ParamType::Choice}},
    nullptr, traits, nullptr, create};
}  // namespace agentsim::sim
