// canary_setstate_available: broken on purpose — the seed's handler with the wrong target,
// setState(Available). Only the canary_broken preset uses it: `agentsim fuzz` must catch it,
// proving the checker can fail (docs/fuzzing.md).
#include "setstate_offline.h"

namespace agentsim::sim {
namespace {
std::unique_ptr<Component> create(const ComponentConfig& c) {
  return std::make_unique<blocks::SetstateOnClose>(c, model::Status::Available);
}
}  // namespace
extern const ComponentDescriptor kCanarySetstateAvailableComponent;
const ComponentDescriptor kCanarySetstateAvailableComponent{
    "canary_setstate_available",
    "page",
    "Broken on purpose: setState(Available) when the page closes (proves the fuzzer can fail).",
    blocks::setstate_params(),
    blocks::setstate_claim,
    nullptr,
    blocks::setstate_validate,
    create};
}  // namespace agentsim::sim
