// ccp_v2_logout: CCPv2's own behaviour — Log out sets Offline (the next status during a
// contact); closing does nothing. Not code a team writes: it switches the platform profile
// (logout_sets_offline, model.md).
#include "agentsim/sim/claim.h"
#include "agentsim/sim/component.h"

namespace agentsim::sim {
namespace {
class CcpV2Logout final : public Component {
 public:
  HeartbeatNotice heartbeat_notice() const override { return HeartbeatNotice::Ignored; }
};
std::unique_ptr<Component> create(const ComponentConfig&) { return std::make_unique<CcpV2Logout>(); }
ComponentTraits traits(const ComponentConfig&) {
  ComponentTraits t;
  t.logout_sets_offline = true;
  return t;
}
void claim(const ComponentConfig&, Claim& c) {
  c.close_kinds = {CloseKind::LogoutButton};
  c.pre_close = {PreClose::Idle};
}
}  // namespace
extern const ComponentDescriptor kCcpV2LogoutComponent;
const ComponentDescriptor kCcpV2LogoutComponent{
    "ccp_v2_logout", "page",
    "CCPv2: the Log out button sets Offline (as next status during a contact); closing does nothing.",
    {}, claim, traits, nullptr, create};
}  // namespace agentsim::sim
