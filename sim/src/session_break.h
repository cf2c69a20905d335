// Private to sim/: an agent's breaks in center mode (center.h, breaks_per_agent). A break closes
// the CCP as a shift-end close does and, at its end, the agent opens it again, logs in and
// chooses Available. The state SessionRun keeps for them (session_run.h: breaks_), and what they
// counted.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/monte_carlo.h"

namespace agentsim::sim::detail {

// One break: the close at start_us (of `kind`), the return at end_us. Shift time, µs.
struct BreakSlot {
  std::int64_t start_us = 0;
  std::int64_t end_us = 0;
  CloseKind kind = CloseKind::TabClose;
};

// The break closes of one agent, each counted as a close of the per-close metrics. A break's
// episode runs from its close to the next close (or the end): its ghost time and whether it left
// a ghost, rang a contact on one, or set the working agent Offline.
struct BreakTally {
  std::uint32_t closes = 0;
  std::uint32_t ghosts = 0;
  std::array<std::uint32_t, kGhostOverSeconds.size()> ghosts_over{};
  std::uint32_t spurious = 0;
  std::int64_t ghost_us = 0;           // of the break episodes (the agent's ghost_us includes it)
  std::uint32_t offered_to_ghost = 0;  // of the break episodes (likewise)
};

struct BreakState {
  std::vector<BreakSlot> slots;
  // Voids what is still pending of a break's close once the agent is back (session_break.cpp).
  std::uint32_t close_epoch = 0;
  CloseKind final_kind = CloseKind::TabClose;  // the end-of-shift close's kind
  bool in_break = false;                       // closed for a break, not back yet
  bool in_episode = false;                     // a break episode is open
  std::int64_t episode_ghost_us0 = 0;
  std::uint32_t episode_offered0 = 0;
  std::uint32_t dialogs_earlier = 0;           // dialogs shown in earlier closes
  BreakTally tally;
};

}  // namespace agentsim::sim::detail
