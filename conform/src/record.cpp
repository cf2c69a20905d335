#include "agentsim/conform/record.h"

#include <cstdio>

namespace agentsim::conform {

std::string_view to_string(EventType t) {
  switch (t) {
    case EventType::Login: return "LOGIN";
    case EventType::Logout: return "LOGOUT";
    case EventType::StateChange: return "STATE_CHANGE";
    case EventType::HeartBeat: return "HEART_BEAT";
  }
  return "?";
}

std::optional<EventType> parse_event_type(std::string_view s) {
  if (s == "LOGIN") return EventType::Login;
  if (s == "LOGOUT") return EventType::Logout;
  if (s == "STATE_CHANGE") return EventType::StateChange;
  if (s == "HEART_BEAT") return EventType::HeartBeat;
  return std::nullopt;
}

std::string_view to_string(StatusType t) {
  switch (t) {
    case StatusType::Routable: return "ROUTABLE";
    case StatusType::Custom: return "CUSTOM";
    case StatusType::Offline: return "OFFLINE";
  }
  return "?";
}

std::optional<StatusType> parse_status_type(std::string_view s) {
  if (s == "ROUTABLE") return StatusType::Routable;
  if (s == "CUSTOM") return StatusType::Custom;
  if (s == "OFFLINE") return StatusType::Offline;
  return std::nullopt;
}

std::string_view to_string(ContactState s) {
  switch (s) {
    case ContactState::Connecting: return "CONNECTING";
    case ContactState::Connected: return "CONNECTED";
    case ContactState::OnHold: return "CONNECTED_ONHOLD";
    case ContactState::Missed: return "MISSED";
    case ContactState::Rejected: return "REJECTED";
    case ContactState::Error: return "ERROR";
    case ContactState::Ended: return "ENDED";
  }
  return "?";
}

std::optional<ContactState> parse_contact_state(std::string_view s) {
  if (s == "CONNECTING" || s == "INCOMING" || s == "PENDING") return ContactState::Connecting;
  if (s == "CONNECTED") return ContactState::Connected;
  if (s == "CONNECTED_ONHOLD" || s == "PAUSED") return ContactState::OnHold;  // PAUSED: tasks only
  if (s == "MISSED") return ContactState::Missed;
  if (s == "REJECTED") return ContactState::Rejected;
  if (s == "ERROR") return ContactState::Error;
  if (s == "ENDED") return ContactState::Ended;
  return std::nullopt;
}

namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<std::int64_t> parse_timestamp_us(std::string_view s) {
  int y, mo, d, h, mi, se;
  if (s.size() < 20 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se)) {
    return std::nullopt;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  if (d > kDays[mo - 1] + (mo == 2 && leap(y) ? 1 : 0)) return std::nullopt;
  std::size_t i = 19;
  std::int64_t frac_us = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int n = 0;
    std::int64_t scale = 100000;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (++n > 9) return std::nullopt;
      frac_us += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (n == 0) return std::nullopt;
  }
  std::int64_t offset_s = 0;
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    if (!digits(s, i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' ||
        !digits(s, i + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_s = (s[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  const std::int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                            h * 3600 + mi * 60 + se - offset_s;
  if (secs < 0) return std::nullopt;
  return secs * 1000000 + frac_us;
}

std::string format_timestamp(std::int64_t us) {
  const std::int64_t secs = us / 1000000;
  const int ms = static_cast<int>((us % 1000000) / 1000);
  std::int64_t z = secs / 86400 + 719468;
  const std::int64_t sod = secs % 86400;
  const std::int64_t era = z / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y0 = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = y0 + (m <= 2);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), m,
                d, static_cast<int>(sod / 3600), static_cast<int>(sod % 3600 / 60),
                static_cast<int>(sod % 60), ms);
  return buf;
}

}  // namespace agentsim::conform
