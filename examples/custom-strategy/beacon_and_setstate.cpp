// The checkout team's own page component, written against the installed agentsim/sim/component.h
// (docs/library.md): on pagehide or visibilitychange -> hidden (whichever fires first for a
// close) the page sends both a sendBeacon to the team's backend and a Streams
// setState(Offline, enqueueNextState) — two requests inside the handler, so that either can land.
//
// It registers itself before main() runs (a static initializer), so checkout.yaml names it like a
// built-in block:
//   page:
//     - checkout_beacon_and_setstate: {enqueue_next_state: true}
#include <memory>

#include "agentsim/sim/claim.h"
#include "agentsim/sim/component.h"

namespace checkout_team {
namespace {

using agentsim::sim::Component;
using agentsim::sim::ComponentConfig;
using agentsim::sim::ComponentDescriptor;
using agentsim::sim::Notice;
using agentsim::sim::PageEvent;
using agentsim::sim::ParamType;
using agentsim::sim::StrategyHost;
using agentsim::sim::Transport;

class BeaconAndSetstate final : public Component {
 public:
  explicit BeaconAndSetstate(const ComponentConfig& c) : enqueue_(c.flag("enqueue_next_state")) {}
  void reset(StrategyHost&) override { sent_ = false; }
  void on_new_close(StrategyHost&) override { sent_ = false; }
  void on_page_event(StrategyHost& host, PageEvent e) override {
    if (e == PageEvent::PageLoad) {
      sent_ = false;  // a new page: the next close is a new one
      return;
    }
    if (e != PageEvent::PageHide && e != PageEvent::VisibilityHidden) return;
    if (sent_) return;  // pagehide, then visibilitychange: one pair of requests per close
    sent_ = true;
    agentsim::sim::note(host, "page", "checkout: beacon and setState(Offline) on {}", to_string(e));
    host.notify_backend(Transport::Beacon, Notice::Close);
    host.send_setstate(agentsim::model::Status::Offline, enqueue_, 1, 0);
  }
  void fingerprint(std::uint64_t& h) const override { agentsim::sim::fingerprint_mix(h, sent_ ? 1 : 0); }

 private:
  bool enqueue_;
  bool sent_ = false;
};

std::unique_ptr<Component> create(const ComponentConfig& c) {
  return std::make_unique<BeaconAndSetstate>(c);
}

void claim(const ComponentConfig&, agentsim::sim::Claim& c) {
  // A tab close or a browser quit fires pagehide; a reload does too (and sets a working agent
  // Offline: no claim of never doing so).
  c.close_kinds = {agentsim::sim::CloseKind::TabClose, agentsim::sim::CloseKind::BrowserQuit};
  c.pre_close = {agentsim::sim::PreClose::Idle};
  c.max_api_calls += 2;
  c.no_spurious_offline = false;
}

const ComponentDescriptor kDescriptor{
    "checkout_beacon_and_setstate",
    "page",
    "On pagehide or visibilitychange -> hidden: a sendBeacon to the backend and a Streams "
    "setState(Offline), once per close.",
    {{"enqueue_next_state", "bool", 1, 0, 1, "Pass enqueueNextState: true to setState.",
      ParamType::Boolean}},
    claim,
    nullptr,
    nullptr,
    create};

// Registered before main(): the registry is built on first use, so the order of static
// initializers does not matter.
const bool kRegistered = agentsim::sim::register_component(kDescriptor);

}  // namespace

bool registered() { return kRegistered; }

}  // namespace checkout_team
