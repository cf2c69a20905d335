// fetch_later: the page's fetchLater (components/fetch_later.cpp) as the browser sends it.
// Statistical checks use fixed seeds and 5-standard-deviation tolerances of a binomial proportion
// (a false alarm about once in 3.5 million runs).
#include <gtest/gtest.h>

#include <cmath>

#include "agentsim/sim/component.h"
#include "agentsim/sim/session.h"
#include "agentsim/sim/strategy.h"
#include "compose_fixtures.h"

namespace agentsim::sim {
namespace {

using testing::block;
using testing::composed;
using testing::five_sigma;
using testing::count_sessions;

// ---- fetch_later ------------------------------------------------------------------------------

TEST(FetchLater, IsSentWhenTheDocumentEndsAndAfterACrashOnlyIfTheBrowserSurvives) {
  constexpr int n = 2000;
  auto spec = [](CloseKind k) {
    return composed(k, {block("fetch_later"), block("put_user_status_on_notify")});
  };
  // The notice arrived: the backend block answers every one with a PutUserStatus. (Whether the
  // agent then ends Offline is the platform's: a contact may ring first, a crashed agent reopens.)
  const auto offline = [](const Outcome& o) { return o.put_user_status_sent > 0; };
  const auto rate = [](int k) { return k / static_cast<double>(n); };
  // A tab close: the browser sends it at teardown with fetch_later_delivery_prob (0.98 [M 18]);
  // 
  const int tab = count_sessions(spec(CloseKind::TabClose), n, offline);
  EXPECT_NEAR(rate(tab), 0.98, five_sigma(0.98, n) + 0.001) << tab;
  // With every fetchLater delivered, every tab close notifies (whatever the unload window).
  SessionSpec sure = spec(CloseKind::TabClose);
  sure.env.fetch_later_delivery_prob = 1;
  EXPECT_EQ(count_sessions(sure, n, offline), n);
  // A crash: the browser sends it when the renderer crashed, not when the browser did
  // (fetch_later_crash_delivered_factor 0.5 of the 0.98). An OS shutdown sends nothing.
  const int crash = count_sessions(spec(CloseKind::Crash), n, offline);
  EXPECT_NEAR(rate(crash), 0.49, five_sigma(0.49, n) + 0.001) << crash;
  SessionSpec browser_crashes = spec(CloseKind::Crash);
  browser_crashes.env.fetch_later_crash_delivered_factor = 0;
  EXPECT_EQ(count_sessions(browser_crashes, n, offline), 0);
  EXPECT_EQ(count_sessions(spec(CloseKind::OsShutdown), n, offline), 0);
}

TEST(FetchLater, ArmedAtPageLoadItAlsoGoesOnAReloadUnlessAGracePeriodWaitsForTheReconnect) {
  constexpr int n = 500;
  const auto spurious = [](const Outcome& o) { return o.spurious_offline; };
  const SessionSpec bare = composed(CloseKind::Reload, {block("fetch_later"), block("put_user_status_on_notify")});
  EXPECT_GT(count_sessions(bare, n, spurious), n * 9 / 10);
  const SessionSpec graced = composed(
      CloseKind::Reload, {block("fetch_later"), block("reconnect_notice"),
                          block("put_user_status_on_notify", {{"grace_ms", "5000"}})});
  EXPECT_EQ(count_sessions(graced, n, spurious), 0);
}

TEST(FetchLater, WithActivateAfterAFrozenMobileTabNotifiesEvenIfTheWholeBrowserIsKilledLater) {
  constexpr int n = 500;
  const auto offline = [](const Outcome& o) { return o.put_user_status_sent > 0; };  // notified
  const auto rate = [](int k) { return k / static_cast<double>(n); };
  auto spec = [](double activate_after_ms) {
    return composed(CloseKind::MobileKill,
                    {block("fetch_later", {{"activate_after_ms", std::to_string(activate_after_ms)}}),
                     block("put_user_status_on_notify")});
  };
  // Without activateAfter the frozen tab sends nothing until it is killed, and then only if the
  // OS killed the renderer, not the browser (fetch_later_crash_delivered_factor 0.5 of 0.98).
  const int plain = count_sessions(spec(0), n, offline);
  EXPECT_NEAR(rate(plain), 0.49, five_sigma(0.49, n) + 0.001) << plain;
  // activateAfter 1 s: the tab lives a log-normal time (median 60 s, p99 900 s: P(< 1 s) is
  // 2e-4), so the browser sends it while the page is frozen (0.98).
  const int armed = count_sessions(spec(1000), n, offline);
  EXPECT_NEAR(rate(armed), 0.98, five_sigma(0.98, n) + 0.001) << armed;
  // activateAfter 1 h: the tab is killed first but 2e-4 of the time, as without it.
  const int late = count_sessions(spec(3600000), n, offline);
  EXPECT_NEAR(rate(late), 0.49, five_sigma(0.49, n) + 0.001) << late;
}

}  // namespace
}  // namespace agentsim::sim
