#include "model/event_generator.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "model/reference_model.h"

namespace agentsim::model {

void showValue(const Event& e, std::ostream& os) { os << to_string(e); }
void showValue(const AgentView& v, std::ostream& os) { os << to_string(v); }

}  // namespace agentsim::model

namespace agentsim::testing {
namespace {

using model::Event;
using model::EventKind;
using model::Status;

// The weights favour the path into a contact (open a page, log in, become Available, get offered
// and accept a contact) and make the exits from it rarer, so that about half the sequences reach
// a connected contact and then wander through hold, next status, ACW and missed (measured by
// lockstep_property_test.cpp: TheGeneratorReachesTheDeepStatesWithin100Cases).
std::vector<WeightedEvent> make_event_weights() {
  return {
      {5, Event::of(EventKind::PageOpen)},
      {6, Event::of(EventKind::Login)},
      {6, Event::choose(Status::Available)},
      {10, Event::of(EventKind::ContactOffered)},
      {14, Event::of(EventKind::ContactAccepted)},
      {5, Event::of(EventKind::ContactEnded)},
      {3, Event::of(EventKind::RingTimeout)},
      {5, Event::of(EventKind::Hold)},
      {3, Event::of(EventKind::Resume)},
      {3, Event::of(EventKind::ClearContact)},
      {2, Event::of(EventKind::AcwTimeout)},
      {2, Event::of(EventKind::DismissUserContact)},
      {2, Event::of(EventKind::AutoAccepted)},
      {3, Event::of(EventKind::ChatOffered)},
      {2, Event::of(EventKind::ChatCleared)},
      {3, Event::choose(Status::Offline)},
      {3, Event::choose(Status::Custom)},
      {2, Event::put_user_status(Status::Available)},
      {2, Event::put_user_status(Status::Offline)},
      {2, Event::put_user_status(Status::Custom)},
      {2, Event::of(EventKind::Logout)},
      {1, Event::of(EventKind::SessionExpired)},
      {4, Event::of(EventKind::BeforeUnload)},
      {3, Event::of(EventKind::UnloadCancelled)},
      {2, Event::of(EventKind::PageDestroyed)},
      {1, Event::of(EventKind::AllPagesDestroyed)},
      {1, Event::set_state(Status::Available, true)},
      {1, Event::set_state(Status::Offline, true)},
      {1, Event::set_state(Status::Custom, true)},
      {1, Event::set_state(Status::Available, false)},
      {1, Event::set_state(Status::Offline, false)},
      {1, Event::set_state(Status::Custom, false)},
  };
}

std::uint64_t weight_of(std::size_t i) { return event_weights()[i].weight; }

// An index among `candidates` (indices of event_weights()), drawn by weight.
std::size_t draw_weighted(rc::Random& random, const std::vector<std::size_t>& candidates) {
  std::uint64_t total = 0;
  for (std::size_t i : candidates) total += weight_of(i);
  std::uint64_t ticket = random.next() % total;
  for (std::size_t i : candidates) {
    if (ticket < weight_of(i)) return i;
    ticket -= weight_of(i);
  }
  return candidates.back();
}

std::vector<std::size_t> all_indices() {
  std::vector<std::size_t> all(event_weights().size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return all;
}

// The next event index after view `v`: on guided steps by weight among the events `guide`
// accepts (applies or rejects), otherwise uniformly among those it refuses, so that every
// refusal gets its turn.
std::size_t draw_next(rc::Random& random, const model::AgentView& v, GuideStep guide) {
  const bool guided = random.next() % 10 < kGuidedStepsPer10;
  std::vector<std::size_t> pool;
  for (std::size_t i = 0; i < event_weights().size(); ++i) {
    const auto r = guide(v, event_weights()[i].event, model::ccp_v1());
    if ((r.result != model::DispatchResult::Unaccepted) == guided) pool.push_back(i);
  }
  if (pool.empty()) return draw_weighted(random, all_indices());
  if (guided) return draw_weighted(random, pool);
  return pool[random.next() % pool.size()];
}

// Event indices; shrinking removes chunks, then moves single indices toward 0.
rc::Shrinkable<std::vector<std::size_t>> shrinkable_indices(std::vector<std::size_t> indices) {
  return rc::shrinkable::shrinkRecur(std::move(indices), [](const std::vector<std::size_t>& v) {
    return rc::seq::concat(rc::shrink::removeChunks(v),
                           rc::shrink::eachElement(v, [](std::size_t i) {
                             return rc::shrink::towards<std::size_t>(i, 0);
                           }));
  });
}

std::vector<model::Event> to_events(const std::vector<std::size_t>& indices) {
  std::vector<model::Event> events;
  for (std::size_t i : indices) events.push_back(event_weights()[i].event);
  return events;
}

}  // namespace

const std::vector<WeightedEvent>& event_weights() {
  static const std::vector<WeightedEvent> table = make_event_weights();
  return table;
}

rc::Gen<std::vector<model::Event>> event_sequence(GuideStep guide) {
  return rc::Gen<std::vector<model::Event>>([guide](const rc::Random& random, int /*size*/) {
    rc::Random r = random;
    // The longer of two uniform draws: most sequences are long enough to get deep; short ones
    // still come, and come from shrinking.
    const std::size_t length = std::max(r.next() % (kSequenceLengthMax + 1),
                                        r.next() % (kSequenceLengthMax + 1));
    std::vector<std::size_t> indices;
    model::AgentView v{};
    for (std::size_t step = 0; step < length; ++step) {
      const std::size_t i = draw_next(r, v, guide);
      indices.push_back(i);
      v = guide(v, event_weights()[i].event, model::ccp_v1()).after;
    }
    return rc::shrinkable::map(shrinkable_indices(std::move(indices)), &to_events);
  });
}

rc::Gen<std::string> builtin_profile_name() {
  const int count = static_cast<int>(model::builtin_profiles().size());
  return rc::gen::map(rc::gen::inRange(0, count),
                      [](int i) { return model::builtin_profiles()[i]->name; });
}

}  // namespace agentsim::testing
