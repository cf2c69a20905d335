#include "agentsim/sim/claim_fields.h"

#include "agentsim/sim/schedule_fields.h"

namespace agentsim::sim {

namespace {

using O = ClaimOverrides;
using C = Claim;

const std::vector<ClaimField> kFields = {
    {"close_kinds", ClaimMemberPair<std::vector<CloseKind>>{&O::close_kinds, &C::close_kinds},
     "The close kinds the claim covers; an empty list covers none.", 0, 0, false},
    {"pre_close", ClaimMemberPair<std::vector<PreClose>>{&O::pre_close, &C::pre_close},
     "What the agent may be doing at the close (pre-close states); an empty list covers none.", 0, 0, false},
    {"max_api_failures", ClaimMemberPair<int>{&O::max_api_failures, &C::max_failures},
     "The claim covers at most this many failures: failed API attempts, requests cancelled at "
     "teardown, a blocked beacon.",
     0, 1000, false},
    {"max_latency_ms", ClaimMemberPair<std::int64_t>{&O::max_latency_us, &C::max_latency_us},
     "The claim covers sessions whose API attempts are all answered (no timeout) within this long.", 0, 86400000, true},
    {"min_unload_window_ms",
     ClaimMemberPair<std::int64_t>{&O::min_unload_window_us, &C::min_unload_window_us},
     "The claim covers unload windows (from the handler's return to the teardown) of at least this long.", 0,
     60000, false},
    {"ghost_bound_ms", ClaimMemberPair<std::int64_t>{&O::ghost_bound_us, &C::ghost_bound_us},
     "Within the claim, the agent is a ghost for at most this long (no_ghost_after_covered_close).", 0, 604800000, false},
    {"max_api_calls", ClaimMemberPair<int>{&O::max_api_calls, &C::max_api_calls},
     "A close costs at most this many API calls (api_calls_bounded).", 0, 1000000, false},
    {"no_spurious_offline", ClaimMemberPair<bool>{&O::no_spurious_offline, &C::no_spurious_offline},
     "The strategy never sets a still-working agent Offline (no_spurious_offline applies).", 0, 0, false},
    {"no_contact_offered_to_ghost",
     ClaimMemberPair<bool>{&O::no_contact_offered_to_ghost, &C::no_contact_offered_to_ghost},
     "Within the claim, no contact rings on a ghost (no_contact_offered_to_ghost applies).", 0, 0, false},
};

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

template <class T>
std::string names_text(const std::vector<T>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i == 0 ? "" : ", ") + std::string(to_string(items[i]));
  }
  return out + "]";
}

}  // namespace

const std::vector<ClaimField>& claim_fields() { return kFields; }

const ClaimField* find_claim_field(std::string_view key) {
  for (const ClaimField& f : kFields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

bool writable(const ClaimField& f, const Claim& c) {
  const auto in_range = [&](double v) {
    return (f.min_exclusive ? v > f.min : v >= f.min) && v <= f.max;
  };
  return std::visit(Overloaded{
                        [&](const ClaimMemberPair<int>& m) { return in_range(c.*m.claim); },
                        [&](const ClaimMemberPair<std::int64_t>& m) {
                          return in_range(static_cast<double>(c.*m.claim) / 1000.0);
                        },
                        [](const auto&) { return true; },
                    },
                    f.member);
}

std::string value_text(const ClaimField& f, const Claim& c) {
  return std::visit(Overloaded{
                        [&](const ClaimMemberPair<std::vector<CloseKind>>& m) {
                          return names_text(c.*m.claim);
                        },
                        [&](const ClaimMemberPair<std::vector<PreClose>>& m) {
                          return names_text(c.*m.claim);
                        },
                        [&](const ClaimMemberPair<int>& m) { return std::to_string(c.*m.claim); },
                        [&](const ClaimMemberPair<std::int64_t>& m) { return ms_text(c.*m.claim); },
                        [&](const ClaimMemberPair<bool>& m) {
                          return std::string(c.*m.claim ? "true" : "false");
                        },
                    },
                    f.member);
}

ClaimOverrides overrides_of(const Claim& c) {
  ClaimOverrides o;
  for (const ClaimField& f : kFields) {
    std::visit([&](const auto& m) { o.*m.set = c.*m.claim; }, f.member);
  }
  return o;
}

}  // namespace agentsim::sim
