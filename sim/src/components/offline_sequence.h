// The backend's Offline sequence shared by the blocks that react to an away agent (missed_contact,
// status_poller): optionally DismissUserContact first, then PutUserStatus, each step a sequence of
// attempts under the block's retry policy. The block sends the attempts (its pacing, its call, its
// notes); this keeps the step, the attempt count and the retry arithmetic.
#pragma once

#include <cstdint>
#include <optional>

#include "agentsim/sim/component.h"

namespace agentsim::sim::blocks {

class OfflineSequence {
 public:
  enum class Step : std::uint8_t { Dismiss = 1, PutUserStatus = 2 };
  // What the block does after an answer.
  enum class Next : std::uint8_t {
    Done,       // the PutUserStatus succeeded
    SendNext,   // the dismiss succeeded: send the first PutUserStatus attempt now
    RetryAfter, // failed: the next attempt after `retry_delay_us()`
    GiveUp,     // failed, and the retry policy allows no further attempt
  };

  void reset() { *this = OfflineSequence{}; }
  void start(bool dismiss_first) {
    active_ = true;
    step_ = dismiss_first ? Step::Dismiss : Step::PutUserStatus;
    attempts_ = 0;
    first_us_ = -1;
  }
  // Counts the attempt the block is about to send; returns its number (1, 2, ...).
  int begin_attempt(const StrategyHost& host) {
    ++attempts_;
    if (first_us_ < 0) first_us_ = host.now_us();
    return attempts_;
  }
  Next on_answer(StrategyHost& host, bool ok, const RetryPolicy& retry) {
    if (ok) {
      if (step_ == Step::Dismiss) {
        step_ = Step::PutUserStatus;
        attempts_ = 0;
        first_us_ = -1;
        return Next::SendNext;
      }
      active_ = false;
      return Next::Done;
    }
    const std::optional<std::int64_t> delay = next_retry_delay(host, retry, attempts_, first_us_);
    if (!delay) {
      active_ = false;
      return Next::GiveUp;
    }
    retry_delay_us_ = *delay;
    return Next::RetryAfter;
  }

  bool active() const { return active_; }
  bool dismissing() const { return step_ == Step::Dismiss; }
  std::int64_t retry_delay_us() const { return retry_delay_us_; }
  void fingerprint(std::uint64_t& h) const {
    fingerprint_mix(h, active_ ? 1 : 0);
    fingerprint_mix(h, static_cast<std::uint64_t>(step_));
    fingerprint_mix(h, static_cast<std::uint64_t>(attempts_));
    fingerprint_mix(h, static_cast<std::uint64_t>(first_us_));
  }

 private:
  bool active_ = false;
  Step step_ = Step::PutUserStatus;
  int attempts_ = 0;
  std::int64_t first_us_ = -1;
  std::int64_t retry_delay_us_ = 0;
};

}  // namespace agentsim::sim::blocks
