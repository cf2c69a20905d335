// The environment a logout strategy runs in: how sessions end, how long a closing page lives, what
// happens to requests in flight, how the APIs answer, how contacts arrive, how the agent behaves.
//
// Every number is a named field with its unit last in the name, a default, and a provenance
// (model::Provenance), listed by environment_parameters() — the single source of
// docs/environment.md, `agentsim list`, and scenario overrides. Sources are the fact sheets in
// ../shared/domain/: amazon-connect.md ("AC") and browser-unload.md ("BU"), with their tags.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/model/profile.h"

namespace agentsim::sim {

struct EnvironmentParams {
  // -- how the session ends: relative weights of the close kinds (close_kind.h)
  double close_weight_tab_close = 40;
  double close_weight_browser_quit = 8;
  double close_weight_reload = 10;
  double close_weight_one_of_two_tabs = 5;
  double close_weight_crash = 4;
  double close_weight_os_shutdown = 10;
  double close_weight_sleep = 8;
  double close_weight_mobile_kill = 5;
  double close_weight_logout_button = 10;

  // -- what the agent is doing when the session ends: relative weights (close_kind.h)
  double pre_weight_idle = 55;
  double pre_weight_ringing = 4;
  double pre_weight_on_call = 15;
  double pre_weight_on_hold = 2;
  double pre_weight_acw = 10;
  double pre_weight_offline = 8;
  double pre_weight_custom = 4;
  double pre_weight_missed = 2;

  // -- unload: the asynchronous window after the beforeunload handler returns, per close kind
  // (uniform between min and max; docs/environment.md "The unload window" shows the fit to the
  // measurement), and what happens to requests still on their way at teardown. What the handler
  // sends synchronously always leaves; work it starts asynchronously (timers, retries after a
  // response, dialog follow-ups) runs only inside the window.
  double unload_window_tab_close_min_ms = 0;
  double unload_window_tab_close_max_ms = 25;
  double unload_window_browser_quit_min_ms = 0;
  double unload_window_browser_quit_max_ms = 10;
  double unload_window_reload_min_ms = 40;
  double unload_window_reload_max_ms = 240;
  double unload_window_one_of_two_tabs_min_ms = 0;
  double unload_window_one_of_two_tabs_max_ms = 25;
  double unload_window_logout_button_min_ms = 0;
  double unload_window_logout_button_max_ms = 25;
  double unload_handler_block_max_ms = 1000;
  double unload_window_after_busy_wait_prob = 0.3;
  double fetch_leave_ms = 1;
  double streams_worker_hop_ms = 5;
  double inflight_delivered_prob_streams_worker = 0.5;
  double inflight_delivered_prob_keepalive = 1.0;
  double inflight_delivered_prob_beacon = 1.0;
  double browser_quit_inflight_delivered_factor = 0.5;
  double fetch_later_delivery_prob = 0.98;
  double fetch_later_crash_delivered_factor = 0.5;
  double beacon_blocked_prob = 0.03;
  // A mobile close (the agent switches app, the tab is killed later) fires pagehide before
  // visibilitychange -> hidden: the page went into the back/forward cache, or a navigation hid
  // it. Mobile browsers fire no beforeunload there (iOS Safari never does) [A].
  double mobile_pagehide_prob = 0;

  // -- the beforeunload confirmation dialog
  double sticky_activation_prob = 0.9;
  double dialog_stay_prob = 0.3;
  double dialog_decision_median_ms = 1500;
  double dialog_decision_p99_ms = 10000;
  double reclose_after_stay_median_ms = 15000;
  double reclose_after_stay_p99_ms = 120000;

  // -- APIs: Streams setState, PutUserStatus, and the team's backend endpoint
  double setstate_latency_median_ms = 150;
  double setstate_latency_p99_ms = 1200;
  double put_user_status_latency_median_ms = 120;
  double put_user_status_latency_p99_ms = 900;
  double backend_notify_latency_median_ms = 60;
  double backend_notify_latency_p99_ms = 600;
  double api_5xx_prob = 0.01;
  double api_429_prob = 0.005;
  double api_timeout_prob = 0.005;
  double api_lost_response_prob = 0.003;
  double api_timeout_ms = 10000;
  // One throttling bucket per API, account-wide [D 21,22] (api_buckets.h).
  double put_user_status_rate_rps = 2;
  double put_user_status_burst = 5;
  double put_user_status_background_load_rps = 0;
  double dismiss_user_contact_rate_rps = 2;
  double dismiss_user_contact_burst = 5;
  double dismiss_user_contact_background_load_rps = 0;
  double get_current_user_data_rate_rps = 2;
  double get_current_user_data_burst = 5;
  double get_current_user_data_background_load_rps = 0;

  // -- the Agent Event Stream and the team's heartbeat endpoint (server-side strategies)
  double event_stream_heartbeat_ms = 120000;
  double event_stream_after_logout_max_ms = 3600000;  // HEART_BEATs go on up to this long
  double heartbeat_loss_prob = 0.001;

  // -- contacts
  double contact_arrival_rate_per_min = 1.0;
  double ring_timeout_ms = 20000;
  double answer_delay_median_ms = 3000;
  double answer_delay_p99_ms = 15000;
  double talk_time_median_ms = 240000;
  double talk_time_p99_ms = 1200000;
  double acw_duration_ms = 60000;
  double customer_hangup_after_silence_median_ms = 20000;
  double customer_hangup_after_silence_p99_ms = 120000;
  double streams_cancel_next_status_fail_prob = 0.5;

  // -- the CCP session: expiry and inactivity
  double session_duration_ms = 43200000;
  double session_age_at_close_ms = 28800000;
  double session_inactivity_logout_ms = 0;
  // Auto-accept, set per channel [D 50]: 1 = on, 0 = off (the default).
  double auto_accept_voice = 0;
  double auto_accept_connect_ms = 500;
  // -- chat (off unless a scenario sets chat_arrival_rate_per_min)
  double chat_slots = 2;
  double chat_arrival_rate_per_min = 0;
  double chat_ring_timeout_ms = 20000;
  double chat_handle_time_median_ms = 600000;
  double chat_handle_time_p99_ms = 3600000;
  double auto_accept_chat = 0;

  // -- the agent
  double reload_reopen_ms = 3000;
  double logout_to_close_ms = 2000;
  double crash_reopen_prob = 0.6;
  double crash_reopen_median_ms = 45000;
  double crash_reopen_p99_ms = 600000;
  double sleep_return_prob = 0.5;
  double sleep_duration_median_ms = 600000;
  double sleep_duration_p99_ms = 3600000;
  double mobile_kill_delay_median_ms = 60000;
  double mobile_kill_delay_p99_ms = 900000;
  double notice_offline_median_ms = 30000;
  double notice_offline_p99_ms = 300000;
  double clear_missed_median_ms = 5000;
  double clear_missed_p99_ms = 60000;

  // -- limits of one simulated session
  double horizon_after_close_ms = 3600000;
  double max_events_per_session = 20000;
};

struct EnvironmentParameter {
  std::string_view name;
  std::string_view group;        // e.g. "unload", "apis"
  std::string_view unit;         // "ms", "probability", "weight", "per minute", ...
  std::string_view description;  // one sentence
  model::Provenance provenance;
  std::string_view source;       // e.g. "BU [I 13]"; for assumptions, the reasoning
  double min_value;              // inclusive bounds a value must respect
  double max_value;
  double EnvironmentParams::*field;
};

// Sets the unload window of every close kind that fires beforeunload to [min_ms, max_ms] (tests
// and benchmarks that fix the window).
void set_unload_windows_ms(EnvironmentParams& env, double min_ms, double max_ms);

const std::vector<EnvironmentParameter>& environment_parameters();
// nullptr when unknown.
const EnvironmentParameter* find_environment_parameter(std::string_view name);

// A parameter that no longer exists, with what replaced it: the loader and the command line name
// the replacement instead of guessing ("account_rate_rps" -> the per-API buckets).
struct RetiredEnvironmentParameter {
  std::string_view name;
  std::string_view replacement;  // one sentence naming the new parameters
};
const std::vector<RetiredEnvironmentParameter>& retired_environment_parameters();
// nullptr when `name` was never retired.
const RetiredEnvironmentParameter* find_retired_environment_parameter(std::string_view name);

// The default of a parameter (the value in a default-constructed EnvironmentParams).
double default_value(const EnvironmentParameter& p);

// The slowest contact arrival rate other than 0 (one contact per ~2 years): the mean gap
// between contacts, 60000 / rate ms, then stays finite and far inside the clock (time.h).
inline constexpr double kMinContactRatePerMin = 1e-6;

// Every violated constraint of `env` (bounds, min <= max pairs, median <= p99, weights not all
// zero and with a finite sum, a contact rate of 0 or at least kMinContactRatePerMin), as
// "name: message" lines; empty when valid.
std::vector<std::string> validate(const EnvironmentParams& env);

}  // namespace agentsim::sim
