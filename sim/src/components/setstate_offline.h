// setstate_offline: Streams setState(Offline) from the page when it closes — the seed's code and
// its retry and dialog variants (the beforeunload_* presets). Shared with the canary, which is the
// same code with the wrong target.
#pragma once

#include "agentsim/sim/component.h"
#include "page_triggers.h"

namespace agentsim::sim::blocks {

class SetstateOnClose final : public Component {
 public:
  HeartbeatNotice heartbeat_notice() const override { return HeartbeatNotice::Ignored; }

  SetstateOnClose(const ComponentConfig& c, model::Status target);
  void reset(StrategyHost&) override;
  void on_page_event(StrategyHost& host, PageEvent e) override;
  void on_page_response(StrategyHost& host, int call, bool ok) override;
  void on_page_timer(StrategyHost& host, std::uint32_t tag) override;
  void on_dialog_answer(StrategyHost& host, bool stay) override;
  void on_new_close(StrategyHost& host) override { reset(host); }
  void fingerprint(std::uint64_t& h) const override;

 private:
  void attempt(StrategyHost& host);
  void maybe_retry(StrategyHost& host);

  model::Status target_;
  TriggerGate gate_;
  bool retry_on_failure_;
  bool enqueue_;
  bool dialog_;
  int max_dialogs_;
  double busy_wait_ms_;
  RetryPolicy retry_;
  // state
  int attempts_ = 0;
  bool confirmed_ = false;
  std::int64_t first_attempt_us_ = -1;
};

std::vector<ParamSpec> setstate_params();
void setstate_claim(const ComponentConfig& c, Claim& claim);
void setstate_validate(const ComponentConfig& c, std::vector<std::string>& errors);

}  // namespace agentsim::sim::blocks
