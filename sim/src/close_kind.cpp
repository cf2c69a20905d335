#include "agentsim/sim/close_kind.h"

namespace agentsim::sim {

const std::array<CloseKindInfo, kCloseKindCount>& close_kinds() {
  // clang-format off
  static const std::array<CloseKindInfo, kCloseKindCount> all = {{
      // kind                     name              weight parameter                 bu     works  all    source
      {CloseKind::TabClose,     "tab_close",      "close_weight_tab_close",       true,  false, false, "BU [D 1]"},
      {CloseKind::BrowserQuit,  "browser_quit",   "close_weight_browser_quit",    true,  false, true,  "BU [I]"},
      {CloseKind::Reload,       "reload",         "close_weight_reload",          true,  true,  false, "BU [D 2]"},
      {CloseKind::OneOfTwoTabs, "one_of_two_tabs","close_weight_one_of_two_tabs", true,  true,  false, "BU [D 1]"},
      {CloseKind::Crash,        "crash",          "close_weight_crash",           false, false, true,  "BU [D 2]"},
      {CloseKind::OsShutdown,   "os_shutdown",    "close_weight_os_shutdown",     false, false, true,  "BU [I 3]"},
      {CloseKind::Sleep,        "sleep",          "close_weight_sleep",           false, false, false, "BU [I]"},
      {CloseKind::MobileKill,   "mobile_kill",    "close_weight_mobile_kill",     false, false, false, "BU [D 2,4,5]"},
      {CloseKind::LogoutButton, "logout_button",  "close_weight_logout_button",   true,  false, false, "AC [D 7]"},
  }};
  // clang-format on
  return all;
}

const CloseKindInfo& info(CloseKind k) { return close_kinds()[static_cast<int>(k)]; }

std::string_view to_string(CloseKind k) { return info(k).name; }

std::optional<CloseKind> parse_close_kind(std::string_view name) {
  for (const CloseKindInfo& i : close_kinds()) {
    if (i.name == name) return i.kind;
  }
  return std::nullopt;
}

namespace {
constexpr std::array<std::string_view, kPreCloseCount> kPreNames = {
    "idle", "ringing", "on_call", "on_hold", "acw", "offline", "custom", "missed"};
constexpr std::array<std::string_view, kPreCloseCount> kPreWeights = {
    "pre_weight_idle",  "pre_weight_ringing", "pre_weight_on_call", "pre_weight_on_hold",
    "pre_weight_acw",   "pre_weight_offline", "pre_weight_custom",  "pre_weight_missed"};
}  // namespace

std::string_view to_string(PreClose p) { return kPreNames[static_cast<int>(p)]; }
std::string_view weight_param(PreClose p) { return kPreWeights[static_cast<int>(p)]; }

std::optional<PreClose> parse_pre_close(std::string_view name) {
  for (int i = 0; i < kPreCloseCount; ++i) {
    if (kPreNames[i] == name) return static_cast<PreClose>(i);
  }
  return std::nullopt;
}

}  // namespace agentsim::sim
