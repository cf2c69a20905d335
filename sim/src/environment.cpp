#include "agentsim/sim/environment.h"

#include <cmath>
#include <limits>
#include <string>

#include "agentsim/model/agent_view.h"

namespace agentsim::sim {

namespace {

using model::Provenance;
using E = EnvironmentParams;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kDayMs = 86400000.0;

std::vector<EnvironmentParameter> make_parameters() {
  const Provenance D = Provenance::Documented;
  const Provenance M = Provenance::Measured;
  const Provenance I = Provenance::Inferred;
  const Provenance A = Provenance::Assumed;
  return {
      // clang-format off
      // -- how the session ends
      {"close_weight_tab_close", "close kinds", "weight", "Agent closes the CCP tab or window; beforeunload and pagehide fire.", A, "assumed mix; events per BU [D 1]", 0, kInf, &E::close_weight_tab_close},
      {"close_weight_browser_quit", "close kinds", "weight", "Agent quits the browser; beforeunload fires; the browser process exits.", A, "assumed mix; events per BU [I]", 0, kInf, &E::close_weight_browser_quit},
      {"close_weight_reload", "close kinds", "weight", "Reload or in-app navigation: beforeunload fires, the agent keeps working.", A, "assumed mix; events per BU [D 2]", 0, kInf, &E::close_weight_reload},
      {"close_weight_one_of_two_tabs", "close kinds", "weight", "Agent closes one of two CCP tabs; the other stays open.", A, "assumed mix", 0, kInf, &E::close_weight_one_of_two_tabs},
      {"close_weight_crash", "close kinds", "weight", "Renderer or browser crash, or process kill: no lifecycle event fires.", A, "assumed mix; events per BU [D 2]", 0, kInf, &E::close_weight_crash},
      {"close_weight_os_shutdown", "close kinds", "weight", "OS shutdown or logoff: the browser is terminated, no event fires.", A, "assumed mix; events per BU [I 3]", 0, kInf, &E::close_weight_os_shutdown},
      {"close_weight_sleep", "close kinds", "weight", "Laptop sleep or network loss: the page is not unloaded, the network drops.", A, "assumed mix; events per BU [I]", 0, kInf, &E::close_weight_sleep},
      {"close_weight_mobile_kill", "close kinds", "weight", "Mobile: switch app, then the tab is swiped away or discarded; no unload event.", A, "assumed mix; events per BU [D 2,4,5]", 0, kInf, &E::close_weight_mobile_kill},
      {"close_weight_logout_button", "close kinds", "weight", "Agent presses Log out in the CCP, then closes the tab.", A, "assumed mix", 0, kInf, &E::close_weight_logout_button},
      // -- what the agent is doing at the close
      {"pre_weight_idle", "pre-close state", "weight", "Available, no contact.", A, "assumed mix", 0, kInf, &E::pre_weight_idle},
      {"pre_weight_ringing", "pre-close state", "weight", "A contact is ringing.", A, "assumed mix", 0, kInf, &E::pre_weight_ringing},
      {"pre_weight_on_call", "pre-close state", "weight", "On a connected voice contact.", A, "assumed mix", 0, kInf, &E::pre_weight_on_call},
      {"pre_weight_on_hold", "pre-close state", "weight", "A voice contact on hold.", A, "assumed mix", 0, kInf, &E::pre_weight_on_hold},
      {"pre_weight_acw", "pre-close state", "weight", "In after-contact work.", A, "assumed mix", 0, kInf, &E::pre_weight_acw},
      {"pre_weight_offline", "pre-close state", "weight", "Already Offline (the agent set it before closing).", A, "assumed mix", 0, kInf, &E::pre_weight_offline},
      {"pre_weight_custom", "pre-close state", "weight", "In a custom status (Break, Lunch).", A, "assumed mix", 0, kInf, &E::pre_weight_custom},
      {"pre_weight_missed", "pre-close state", "weight", "A missed contact not yet cleared.", A, "assumed mix", 0, kInf, &E::pre_weight_missed},
      // -- unload
      {"unload_window_tab_close_min_ms", "unload", "ms", "Tab close: shortest time from the beforeunload handler's return until teardown (async work runs only inside it).", M, "BU [M 19]: headless Chromium 156, loopback server, 10 closes per cell; timers 5-20 ms ~half, >=40 ms 0/10; uniform 0-25 ms fits", 0, 60000, &E::unload_window_tab_close_min_ms},
      {"unload_window_tab_close_max_ms", "unload", "ms", "Tab close: longest such window; uniform between min and max.", M, "BU [M 19]: as unload_window_tab_close_min_ms; a retry after a 100 ms answer 0/10", 0, 60000, &E::unload_window_tab_close_max_ms},
      {"unload_window_browser_quit_min_ms", "unload", "ms", "Browser quit: shortest window from the handler's return until teardown.", A, "not measured; the browser process exits right after the handlers: assumed no longer than a tab close (BU [M 19]: Browser.close delivered nothing, 0/3)", 0, 60000, &E::unload_window_browser_quit_min_ms},
      {"unload_window_browser_quit_max_ms", "unload", "ms", "Browser quit: longest such window.", A, "assumed: half the tab-close window's maximum", 0, 60000, &E::unload_window_browser_quit_max_ms},
      {"unload_window_reload_min_ms", "unload", "ms", "Reload or navigation: shortest window from the handler's return until the old page's teardown.", M, "BU [M 19]: headless Chromium 156, loopback server, 10 navigations per cell; timers <=40 ms 10/10", 0, 60000, &E::unload_window_reload_min_ms},
      {"unload_window_reload_max_ms", "unload", "ms", "Reload or navigation: longest such window.", M, "BU [M 19]: timers 160 ms 4/10, 320 ms 0/10; a second request after a 100 ms answer 6/10; uniform 40-240 ms fits", 0, 60000, &E::unload_window_reload_max_ms},
      {"unload_window_one_of_two_tabs_min_ms", "unload", "ms", "One of two tabs closed: shortest window of the closing tab.", A, "not measured: it is a tab close (BU [M 19] tab-close cells)", 0, 60000, &E::unload_window_one_of_two_tabs_min_ms},
      {"unload_window_one_of_two_tabs_max_ms", "unload", "ms", "One of two tabs closed: longest such window.", A, "not measured: as a tab close", 0, 60000, &E::unload_window_one_of_two_tabs_max_ms},
      {"unload_window_logout_button_min_ms", "unload", "ms", "Log out then close: shortest window of the tab closed after the logout.", A, "not measured: the close is a tab close (BU [M 19] tab-close cells)", 0, 60000, &E::unload_window_logout_button_min_ms},
      {"unload_window_logout_button_max_ms", "unload", "ms", "Log out then close: longest such window.", A, "not measured: as a tab close", 0, 60000, &E::unload_window_logout_button_max_ms},
      {"unload_handler_block_max_ms", "unload", "ms", "The longest a beforeunload handler may block (busy-wait) before the browser proceeds.", I, "BU [I 13]: kUnloadTimeoutMS = 1000 ms in Chromium", 0, 60000, &E::unload_handler_block_max_ms},
      {"unload_window_after_busy_wait_prob", "unload", "probability", "After a handler that busy-waited, the close kind's unload window follows its return (else the teardown comes at once and what was queued behind it never runs).", M, "BU [M 19]: headless Chromium 156, loopback server, 10 tab closes per cell; later timers ran 3-4/10 after a 300 ms busy-wait, 2/10 after 900 ms", 0, 1, &E::unload_window_after_busy_wait_prob},
      {"fetch_leave_ms", "unload", "ms", "A plain fetch/XHR sent after the handler returned is on the wire this long after its send; torn down before, the browser cancels it. Sent inside the handler, it always leaves.", A, "BU [D 6]: may be cancelled when the page goes; [M 19]: sent in the handler 10/10; an open connection assumed", 0, 60000, &E::fetch_leave_ms},
      {"streams_worker_hop_ms", "unload", "ms", "A Streams setState travels page -> CCP iframe -> shared worker for this long before it leaves the machine.", A, "BU: the Streams path is undocumented [A]; two postMessage hops assumed", 0, 60000, &E::streams_worker_hop_ms},
      {"inflight_delivered_prob_streams_worker", "unload", "probability", "A setState still inside the CCP's iframe or shared worker when its last page is torn down is still sent (the worker closes with its last document).", A, "BU: undocumented [A]", 0, 1, &E::inflight_delivered_prob_streams_worker},
      {"inflight_delivered_prob_keepalive", "unload", "probability", "A keepalive fetch reaches the server (it survives teardown; the documented loss is over its 64 KiB quota [D 9], which the model's small notifications never reach).", A, "BU [D 9]; 1 = no loss but the documented one. Corrected 2026-12: the former 0.98 was fetchLater's field figure [M 18]", 0, 1, &E::inflight_delivered_prob_keepalive},
      {"inflight_delivered_prob_beacon", "unload", "probability", "A queued, unblocked sendBeacon reaches the server (loss: blocked, beacon_blocked_prob, or over its 64 KiB queue, never reached by the model's notifications).", A, "BU [D 6,8]; 1 = no loss but the documented ones. Corrected 2026-12: the former 0.9 was plain XHR's loss [M 17]", 0, 1, &E::inflight_delivered_prob_beacon},
      {"fetch_later_delivery_prob", "unload", "probability", "A fetchLater the page registered is sent and arrives when the document is destroyed (tab close, reload, navigation; on a browser quit times browser_quit_inflight_delivered_factor). A crash or a killed mobile tab sends it times fetch_later_crash_delivered_factor; an OS shutdown sends none.", M, "BU [M 18]: fetchLater fired 98 % of the time in a 2024 field test; BU [D 12]: no crash recovery, no retry", 0, 1, &E::fetch_later_delivery_prob},
      {"fetch_later_crash_delivered_factor", "unload", "factor", "On a crash, or when the OS kills a backgrounded mobile tab, the probability that the page's pending fetchLater is still sent (times fetch_later_delivery_prob): Chromium holds a fetchLater in the browser process, which sends it when a crashed or killed renderer disconnects; a crash or kill of the browser itself loses it (no crash recovery). The share of the two is assumed.", A, "BU [D 12]: no crash recovery; Chromium docs/experiments/fetch-later.md and its KeepAliveURLLoader (FetchLaterHost) send on the renderer's disconnection; the renderer/browser share assumed", 0, 1, &E::fetch_later_crash_delivered_factor},
      {"browser_quit_inflight_delivered_factor", "unload", "factor", "On a browser quit, the probability that a keepalive, a beacon or a setState not yet on the wire at teardown still leaves (times its delivery probability).", A, "the network process exits with the browser [A]", 0, 1, &E::browser_quit_inflight_delivered_factor},
      {"mobile_pagehide_prob", "unload", "probability", "A mobile close fires pagehide (back/forward cache) before visibilitychange -> hidden; never beforeunload.", A, "BU [D 2,4]: only visibilitychange is reliable on mobile; how often pagehide fires there assumed", 0, 1, &E::mobile_pagehide_prob},
      {"beacon_blocked_prob", "unload", "probability", "An ad blocker blocks sendBeacon entirely.", A, "BU [D 6,8]: some ad blockers block it; rate assumed", 0, 1, &E::beacon_blocked_prob},
      // -- dialog
      {"sticky_activation_prob", "dialog", "probability", "The page has sticky user activation, so a beforeunload dialog can be shown.", A, "BU [D 14,15]: required; rate assumed", 0, 1, &E::sticky_activation_prob},
      {"dialog_stay_prob", "dialog", "probability", "The agent answers the dialog with Stay.", A, "assumed", 0, 1, &E::dialog_stay_prob},
      {"dialog_decision_median_ms", "dialog", "ms", "Median time the agent takes to answer the dialog (log-normal).", A, "assumed", 0, kDayMs, &E::dialog_decision_median_ms},
      {"dialog_decision_p99_ms", "dialog", "ms", "99th percentile of that time.", A, "assumed", 0, kDayMs, &E::dialog_decision_p99_ms},
      {"reclose_after_stay_median_ms", "dialog", "ms", "Median time after Stay until the agent closes the page again (log-normal).", A, "assumed", 0, kDayMs, &E::reclose_after_stay_median_ms},
      {"reclose_after_stay_p99_ms", "dialog", "ms", "99th percentile of that time.", A, "assumed", 0, kDayMs, &E::reclose_after_stay_p99_ms},
      // -- APIs
      {"setstate_latency_median_ms", "apis", "ms", "Median round trip of a Streams setState call (log-normal).", A, "assumed", 0, kDayMs, &E::setstate_latency_median_ms},
      {"setstate_latency_p99_ms", "apis", "ms", "99th percentile of that round trip.", A, "assumed", 0, kDayMs, &E::setstate_latency_p99_ms},
      {"put_user_status_latency_median_ms", "apis", "ms", "Median round trip of PutUserStatus from the team's backend (log-normal).", A, "assumed", 0, kDayMs, &E::put_user_status_latency_median_ms},
      {"put_user_status_latency_p99_ms", "apis", "ms", "99th percentile of that round trip.", A, "assumed", 0, kDayMs, &E::put_user_status_latency_p99_ms},
      {"backend_notify_latency_median_ms", "apis", "ms", "Median time for the page's notification to reach the team's backend (log-normal).", A, "assumed", 0, kDayMs, &E::backend_notify_latency_median_ms},
      {"backend_notify_latency_p99_ms", "apis", "ms", "99th percentile of that time.", A, "assumed", 0, kDayMs, &E::backend_notify_latency_p99_ms},
      {"api_5xx_prob", "apis", "probability", "An API attempt fails with a 5xx; nothing is applied.", A, "AC [D 18,19] lists 500 InternalService; rate assumed", 0, 1, &E::api_5xx_prob},
      {"api_429_prob", "apis", "probability", "An attempt is throttled (429) regardless of the token bucket; nothing is applied.", A, "AC [D 21,22]; rate assumed", 0, 1, &E::api_429_prob},
      {"api_timeout_prob", "apis", "probability", "An attempt gets no answer; the client sees a timeout; nothing is applied.", A, "assumed", 0, 1, &E::api_timeout_prob},
      {"api_lost_response_prob", "apis", "probability", "An attempt is applied server-side but its response is lost: the client sees a failure.", A, "assumed", 0, 1, &E::api_lost_response_prob},
      {"api_timeout_ms", "apis", "ms", "How long a client waits before it sees a timeout (unless the strategy's own per-attempt timeout is shorter).", A, "assumed", 1, kDayMs, &E::api_timeout_ms},
      {"put_user_status_rate_rps", "apis", "requests/s", "Refill rate of the account's PutUserStatus throttling bucket (each API has its own).", D, "AC [D 21,22]: limits per API per account; 'all other operations' 2 requests/s", 0, 1e6, &E::put_user_status_rate_rps},
      {"put_user_status_burst", "apis", "requests", "Capacity of the PutUserStatus bucket.", D, "AC [D 21,22]: burst 5", 0, 1e6, &E::put_user_status_burst},
      {"put_user_status_background_load_rps", "apis", "requests/s", "Other PutUserStatus calls of the account (other tools, other teams), taken off that bucket's refill rate.", A, "assumed", 0, 1e6, &E::put_user_status_background_load_rps},
      {"dismiss_user_contact_rate_rps", "apis", "requests/s", "Refill rate of the account's DismissUserContact throttling bucket.", D, "AC [D 21,22]: limits per API per account; 'all other operations' 2 requests/s", 0, 1e6, &E::dismiss_user_contact_rate_rps},
      {"dismiss_user_contact_burst", "apis", "requests", "Capacity of the DismissUserContact bucket.", D, "AC [D 21,22]: burst 5", 0, 1e6, &E::dismiss_user_contact_burst},
      {"dismiss_user_contact_background_load_rps", "apis", "requests/s", "Other DismissUserContact calls of the account, taken off that bucket's refill rate.", A, "assumed", 0, 1e6, &E::dismiss_user_contact_background_load_rps},
      {"get_current_user_data_rate_rps", "apis", "requests/s", "Refill rate of the account's GetCurrentUserData throttling bucket (a polling sweeper's calls).", D, "AC [D 21,22]: limits per API per account; 'all other operations' 2 requests/s", 0, 1e6, &E::get_current_user_data_rate_rps},
      {"get_current_user_data_burst", "apis", "requests", "Capacity of the GetCurrentUserData bucket.", D, "AC [D 21,22]: burst 5", 0, 1e6, &E::get_current_user_data_burst},
      {"get_current_user_data_background_load_rps", "apis", "requests/s", "Other GetCurrentUserData calls of the account (dashboards, other tools), taken off that bucket's refill rate.", A, "assumed", 0, 1e6, &E::get_current_user_data_background_load_rps},
      // -- the Agent Event Stream and the team's heartbeat endpoint
      {"event_stream_heartbeat_ms", "event stream", "ms", "The Agent Event Stream publishes a HEART_BEAT for an agent after this long without another record.", D, "AC [D 10]", 1000, kDayMs, &E::event_stream_heartbeat_ms},
      {"event_stream_after_logout_max_ms", "event stream", "ms", "HEART_BEAT records keep coming for a while after the agent logged out (or the session expired): uniform on [0, this] per logout.", D, "AC [D 10]: 'up to an hour' (the bound); the uniform shape is [A]", 0, 7 * kDayMs, &E::event_stream_after_logout_max_ms},
      {"heartbeat_loss_prob", "event stream", "probability", "A page heartbeat to the team's backend is lost on the way (heartbeat sweeper).", A, "assumed: transient network errors", 0, 1, &E::heartbeat_loss_prob},
      // -- contacts
      {"contact_arrival_rate_per_min", "contacts", "per minute", "Rate of contacts offered to a routable agent (Poisson).", A, "assumed", 0, 1e4, &E::contact_arrival_rate_per_min},
      {"ring_timeout_ms", "contacts", "ms", "How long an offered contact rings before it is missed.", D, "AC [D 11-14]: fixed at 20 s, not configurable", 1, kDayMs, &E::ring_timeout_ms},
      {"answer_delay_median_ms", "contacts", "ms", "Median time a present agent takes to accept a ringing contact (log-normal).", A, "assumed", 0, kDayMs, &E::answer_delay_median_ms},
      {"answer_delay_p99_ms", "contacts", "ms", "99th percentile of that time.", A, "assumed", 0, kDayMs, &E::answer_delay_p99_ms},
      {"talk_time_median_ms", "contacts", "ms", "Median talk time of a voice contact (log-normal).", A, "assumed", 0, kDayMs, &E::talk_time_median_ms},
      {"talk_time_p99_ms", "contacts", "ms", "99th percentile of talk time.", A, "assumed", 0, kDayMs, &E::talk_time_p99_ms},
      {"acw_duration_ms", "contacts", "ms", "Configured after-contact-work time; 0 means unlimited.", A, "AC [D 11]: per-agent setting, 0 = unlimited; value assumed", 0, kDayMs, &E::acw_duration_ms},
      {"customer_hangup_after_silence_median_ms", "contacts", "ms", "Median time a customer stays on a call whose CCP page is gone (no audio) before hanging up (log-normal); the call ends then, or at its remaining talk time if sooner.", A, "AC [C 52]: the contact stays connected without audio; a caller who hears nothing says hello a few times and hangs up within tens of seconds [A]", 0, kDayMs, &E::customer_hangup_after_silence_median_ms},
      {"customer_hangup_after_silence_p99_ms", "contacts", "ms", "99th percentile of that time (the patient caller, or one on hold who hears hold music).", A, "assumed", 0, kDayMs, &E::customer_hangup_after_silence_p99_ms},
      {"streams_cancel_next_status_fail_prob", "contacts", "probability", "A Streams setState(Available) sent while a next status is pending fails (refused, the next status stays); the CCP UI's choice stays reliable.", A, "AC [C 53]: issues 465 (InvalidStateException), 613, 943, 1063 (fixed in 2.28.1+); several independent reports, not every time: 0.5 for a pre-2.28.1 Streams [A]; 0 for 2.28.1+", 0, 1, &E::streams_cancel_next_status_fail_prob},
      // -- the CCP session
      {"session_duration_ms", "session", "ms", "A CCP session expires this long after the login, even during a call (LoggedIn -> LoggedOut, status untouched).", D, "AC [D 36]: 12 hours", 60000, 7 * kDayMs, &E::session_duration_ms},
      {"session_age_at_close_ms", "session", "ms", "How long the agent had been logged in when the session ends (t = 0); the expiry comes session_duration_ms - this after the close. Center shifts use the agent's login instead.", A, "assumed: the close at the end of an 8-hour shift", 0, 7 * kDayMs, &E::session_age_at_close_ms},
      {"session_inactivity_logout_ms", "session", "ms", "With no running CCP page (closed, crashed, asleep, a frozen mobile tab) for this long, the session expires; 0 = off. A working agent at an open page is never inactive.", A, "AC [D 49]: authentication profiles' SessionInactivityDuration, Streams >= 2.21 logs an inactive agent out; what counts as inactive here is [A]", 0, 7 * kDayMs, &E::session_inactivity_logout_ms},
      {"auto_accept_voice", "contacts", "0 or 1", "1: the agent has auto-accept on for voice, so the platform connects every offered call with no action of the agent — also on a ghost, whose customers are then connected to nobody.", D, "AC [D 50]: set per channel (UpdateUserConfig AutoAccept); off unless an admin sets it", 0, 1, &E::auto_accept_voice},
      {"chat_slots", "contacts", "slots", "Chats the agent's routing profile lets it handle at once (chat concurrency), each in its own slot; a missed chat occupies one slot, chat routing stops when all are full. 0: no chat on the profile.", A, "AC [D 13]; Connect API MediaConcurrency: CHAT concurrency is an admin setting of the routing profile, 1 to 10; 2 assumed (a small team default); at most kMaxChatSlots = 3 in the model", 0, model::kMaxChatSlots, &E::chat_slots},
      {"chat_arrival_rate_per_min", "contacts", "per minute", "Rate of chats offered to an agent routable for chat (Poisson); 0: no chats, every voice-only figure unchanged.", A, "assumed; 0 by default so chat runs only where a scenario enables it", 0, 1e4, &E::chat_arrival_rate_per_min},
      {"chat_ring_timeout_ms", "contacts", "ms", "How long an offered chat rings before it is missed.", D, "AC [D 11,13]: fixed at 20 s for voice and chat, not configurable", 1, kDayMs, &E::chat_ring_timeout_ms},
      {"chat_handle_time_median_ms", "contacts", "ms", "Median time from accepting a chat until it ends (log-normal).", A, "assumed", 0, kDayMs, &E::chat_handle_time_median_ms},
      {"chat_handle_time_p99_ms", "contacts", "ms", "99th percentile of chat handle time.", A, "assumed", 0, kDayMs, &E::chat_handle_time_p99_ms},
      {"auto_accept_chat", "contacts", "0 or 1", "1: the agent has auto-accept on for chat, so the platform connects every offered chat with no action of the agent — also on a ghost, whose customers then wait for nobody (customer_hangup_after_silence_*).", D, "AC [D 50]: set per channel (UpdateUserConfig AutoAccept); off unless an admin sets it", 0, 1, &E::auto_accept_chat},
      {"auto_accept_connect_ms", "contacts", "ms", "With auto-accept, time from the offer until the contact is connected.", A, "AC [D 50]: 'in under a second'; value assumed", 0, 1000, &E::auto_accept_connect_ms},
      // -- the agent
      {"reload_reopen_ms", "agent", "ms", "Time for a reloaded CCP page to be open again.", A, "assumed", 0, kDayMs, &E::reload_reopen_ms},
      {"logout_to_close_ms", "agent", "ms", "Time from pressing Log out to closing the tab.", A, "assumed", 0, kDayMs, &E::logout_to_close_ms},
      {"crash_reopen_prob", "agent", "probability", "After a crash or kill, the agent opens the CCP again within the horizon.", A, "assumed", 0, 1, &E::crash_reopen_prob},
      {"crash_reopen_median_ms", "agent", "ms", "Median time until that reopen (log-normal).", A, "assumed", 0, kDayMs, &E::crash_reopen_median_ms},
      {"crash_reopen_p99_ms", "agent", "ms", "99th percentile of that time.", A, "assumed", 0, kDayMs, &E::crash_reopen_p99_ms},
      {"sleep_return_prob", "agent", "probability", "After sleep or network loss, the agent comes back to the same page.", A, "assumed", 0, 1, &E::sleep_return_prob},
      {"sleep_duration_median_ms", "agent", "ms", "Median time asleep or offline before the agent returns (log-normal).", A, "assumed", 0, kDayMs, &E::sleep_duration_median_ms},
      {"sleep_duration_p99_ms", "agent", "ms", "99th percentile of that time.", A, "assumed", 0, kDayMs, &E::sleep_duration_p99_ms},
      {"mobile_kill_delay_median_ms", "agent", "ms", "Median time a backgrounded mobile tab lives before it is killed (log-normal).", A, "assumed; BU [D 2,5]: no event at the kill", 0, kDayMs, &E::mobile_kill_delay_median_ms},
      {"mobile_kill_delay_p99_ms", "agent", "ms", "99th percentile of that time.", A, "assumed", 0, kDayMs, &E::mobile_kill_delay_p99_ms},
      {"notice_offline_median_ms", "agent", "ms", "Median time a still-working agent takes to notice an unwanted Offline and choose Available (log-normal).", A, "assumed", 0, kDayMs, &E::notice_offline_median_ms},
      {"notice_offline_p99_ms", "agent", "ms", "99th percentile of that time.", A, "assumed", 0, kDayMs, &E::notice_offline_p99_ms},
      {"clear_missed_median_ms", "agent", "ms", "Median time a present agent takes to clear a missed contact (log-normal).", A, "AC [D 12,40]: must be cleared; time assumed", 0, kDayMs, &E::clear_missed_median_ms},
      {"clear_missed_p99_ms", "agent", "ms", "99th percentile of that time.", A, "assumed", 0, kDayMs, &E::clear_missed_p99_ms},
      // -- limits
      {"horizon_after_close_ms", "limits", "ms", "Simulated time after the close; a ghost still present then is censored there.", A, "a choice of the analysis", 1, 7 * kDayMs, &E::horizon_after_close_ms},
      {"max_events_per_session", "limits", "events", "Event budget of one session; a session that exceeds it is stopped and flagged. A center shift's budget is this times its agents, at most 4,000 per agent (20,000,000 for up to 5,000 agents; docs/scenario-format.md).", A, "a safety limit", 100, 1e7, &E::max_events_per_session},
      // clang-format on
  };
}

}  // namespace

void set_unload_windows_ms(EnvironmentParams& e, double min_ms, double max_ms) {
  e.unload_window_tab_close_min_ms = e.unload_window_browser_quit_min_ms =
      e.unload_window_reload_min_ms = e.unload_window_one_of_two_tabs_min_ms =
          e.unload_window_logout_button_min_ms = min_ms;
  e.unload_window_tab_close_max_ms = e.unload_window_browser_quit_max_ms =
      e.unload_window_reload_max_ms = e.unload_window_one_of_two_tabs_max_ms =
          e.unload_window_logout_button_max_ms = max_ms;
}

const std::vector<EnvironmentParameter>& environment_parameters() {
  static const std::vector<EnvironmentParameter> all = make_parameters();
  return all;
}

const EnvironmentParameter* find_environment_parameter(std::string_view name) {
  for (const EnvironmentParameter& p : environment_parameters()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const std::vector<RetiredEnvironmentParameter>& retired_environment_parameters() {
  static const std::vector<RetiredEnvironmentParameter> all = {
      {"account_rate_rps",
       "each API now has its own account-wide bucket [D 21,22]: set put_user_status_rate_rps "
       "and/or dismiss_user_contact_rate_rps"},
      {"account_burst",
       "each API now has its own account-wide bucket [D 21,22]: set put_user_status_burst "
       "and/or dismiss_user_contact_burst"},
      {"background_api_load_rps",
       "each API now has its own account-wide bucket [D 21,22]: set "
       "put_user_status_background_load_rps and/or dismiss_user_contact_background_load_rps"},
  };
  return all;
}

const RetiredEnvironmentParameter* find_retired_environment_parameter(std::string_view name) {
  for (const RetiredEnvironmentParameter& r : retired_environment_parameters()) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

double default_value(const EnvironmentParameter& p) {
  static const EnvironmentParams defaults{};
  return defaults.*p.field;
}

std::vector<std::string> validate(const EnvironmentParams& env) {
  std::vector<std::string> errors;
  for (const EnvironmentParameter& p : environment_parameters()) {
    const double v = env.*p.field;
    if (!std::isfinite(v) || v < p.min_value || v > p.max_value) {
      errors.push_back(std::string(p.name) + ": " + std::to_string(v) + " is outside [" +
                       std::to_string(p.min_value) + ", " + std::to_string(p.max_value) + "]");
    }
  }
  auto ordered = [&](double lo, double hi, std::string_view lo_name, std::string_view hi_name) {
    if (lo > hi) {
      errors.push_back(std::string(lo_name) + ": must not exceed " + std::string(hi_name));
    }
  };
  if (env.session_age_at_close_ms >= env.session_duration_ms) {
    errors.push_back("session_age_at_close_ms: must be less than session_duration_ms (the "
                     "session would have expired before the close)");
  }
  // Each unload window: min <= max.
  for (const EnvironmentParameter& p : environment_parameters()) {
    const std::string_view n = p.name;
    if (n.rfind("unload_window_", 0) != 0) continue;
    const auto pos = n.rfind("_min_ms");
    if (pos == std::string_view::npos) continue;
    const std::string max_name = std::string(n.substr(0, pos)) + "_max_ms";
    const EnvironmentParameter* q = find_environment_parameter(max_name);
    if (q != nullptr) ordered(env.*p.field, env.*q->field, n, q->name);
  }
  // Log-normal pairs: a median of 0 means "always 0"; otherwise p99 >= median.
  for (const EnvironmentParameter& p : environment_parameters()) {
    const std::string_view n = p.name;
    const auto pos = n.rfind("_median_ms");
    if (pos == std::string_view::npos) continue;
    const std::string p99_name = std::string(n.substr(0, pos)) + "_p99_ms";
    const EnvironmentParameter* q = find_environment_parameter(p99_name);
    if (q != nullptr) ordered(env.*p.field, env.*q->field, n, q->name);
  }
  const double api_fail = env.api_5xx_prob + env.api_429_prob + env.api_timeout_prob +
                          env.api_lost_response_prob;
  if (api_fail > 1.0) {
    errors.push_back("api_5xx_prob + api_429_prob + api_timeout_prob + api_lost_response_prob: "
                     "the outcome probabilities sum to more than 1");
  }
  double close_total = 0, pre_total = 0;
  for (const EnvironmentParameter& p : environment_parameters()) {
    if (p.name.rfind("close_weight_", 0) == 0) close_total += env.*p.field;
    if (p.name.rfind("pre_weight_", 0) == 0) pre_total += env.*p.field;
  }
  // Each weight is finite, but their sum may not be (two of 1e308): every draw would then take
  // the last kind. Weights are relative, so a finite sum loses nothing.
  auto weights = [&](double total, const char* name, const char* what) {
    if (!std::isfinite(total)) {
      errors.push_back(std::string(name) +
                       ": the weights sum to more than the largest number (about 1.8e308); "
                       "they are relative: scale them down");
    } else if (total <= 0) {
      errors.push_back(std::string(name) + ": at least one " + what + " needs a weight");
    }
  };
  weights(close_total, "close_weight_*", "close kind");
  weights(pre_total, "pre_weight_*", "pre-close state");
  // A contact rate near 0 makes the mean gap between contacts overflow (60000 / rate ms): a rate
  // is 0 (no contacts) or at least kMinContactRatePerMin.
  if (env.contact_arrival_rate_per_min != 0 &&
      env.contact_arrival_rate_per_min < kMinContactRatePerMin) {
    errors.push_back("contact_arrival_rate_per_min: must be 0 (no contacts) or at least 1e-06 per "
                     "minute");
  }
  if (env.auto_accept_voice != 0 && env.auto_accept_voice != 1) {
    errors.push_back("auto_accept_voice: must be 0 (off) or 1 (on)");
  }
  if (env.auto_accept_chat != 0 && env.auto_accept_chat != 1) {
    errors.push_back("auto_accept_chat: must be 0 (off) or 1 (on)");
  }
  if (env.chat_slots != std::floor(env.chat_slots)) {
    errors.push_back("chat_slots: must be a whole number of slots, 0 to " +
                     std::to_string(model::kMaxChatSlots) + " (the model's kMaxChatSlots)");
  }
  if (env.chat_arrival_rate_per_min != 0 &&
      env.chat_arrival_rate_per_min < kMinContactRatePerMin) {
    errors.push_back("chat_arrival_rate_per_min: must be 0 (no chats) or at least 1e-06 per "
                     "minute");
  }
  return errors;
}

}  // namespace agentsim::sim
