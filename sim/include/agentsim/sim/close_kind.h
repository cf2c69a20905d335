// How a CCP session ends (the close kinds), which page-lifecycle events fire for each
// (../shared/domain/browser-unload.md), and what the agent is doing when it happens.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace agentsim::sim {

enum class CloseKind : std::uint8_t {
  TabClose,       // close the tab/window: beforeunload + pagehide       [BU D 1]
  BrowserQuit,    // quit the browser: beforeunload + pagehide, browser exits [BU I]
  Reload,         // reload / in-app navigation: beforeunload, agent keeps working [BU D 2]
  OneOfTwoTabs,   // close one of two CCP tabs: beforeunload in that tab; the other stays
  Crash,          // renderer/browser crash, process kill: nothing fires  [BU D 2]
  OsShutdown,     // OS shutdown or logoff: nothing fires                [BU I 3]
  Sleep,          // laptop sleep / network loss: page not unloaded, network drops [BU I]
  MobileKill,     // mobile: backgrounded, later swiped away or discarded: nothing fires [BU D 2,4,5]
  LogoutButton,   // press Log out in the CCP, then close the tab (beforeunload fires)
};
inline constexpr int kCloseKindCount = 9;

struct CloseKindInfo {
  CloseKind kind;
  std::string_view name;          // snake_case, as in scenario files and reports
  std::string_view weight_param;  // the EnvironmentParams weight field
  bool beforeunload_fires;        // the page's beforeunload handler runs
  bool agent_keeps_working;       // the agent is still at work after it (reload, other tab)
  bool all_pages_gone;            // every page of the browser goes at once (quit, shutdown)
  std::string_view source;        // fact-sheet tags
};

const std::array<CloseKindInfo, kCloseKindCount>& close_kinds();
const CloseKindInfo& info(CloseKind k);
std::string_view to_string(CloseKind k);
std::optional<CloseKind> parse_close_kind(std::string_view name);

// What the agent is doing at the moment the session ends.
enum class PreClose : std::uint8_t { Idle, Ringing, OnCall, OnHold, Acw, Offline, Custom, Missed };
inline constexpr int kPreCloseCount = 8;

std::string_view to_string(PreClose p);
std::optional<PreClose> parse_pre_close(std::string_view name);
// The EnvironmentParams weight field of each pre-close state, e.g. "pre_weight_idle".
std::string_view weight_param(PreClose p);

}  // namespace agentsim::sim
