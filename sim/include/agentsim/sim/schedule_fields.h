// The fields of a Schedule, once: one row per field with its YAML key (as scenario files and
// replay files write it under `schedule:`), its kind, the Schedule member it sets and a one-line
// description. The loader, the replay writer, describe() and the JSON Schema all iterate this
// table; no other list of schedule keys exists.
//
// Durations are written in milliseconds with three decimals ("100.000"), which round-trips the
// schedule's microseconds exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "agentsim/sim/distributions.h"
#include "agentsim/sim/schedule.h"

namespace agentsim::sim {

// The order of the alternatives of ScheduleMember.
enum class ScheduleFieldKind : std::uint8_t {
  Duration,      // a duration in ms, 0 ... kScheduleMsMax
  Flag,          // true / false
  DurationList,  // a list of durations in ms
  FlagList,      // a list of true / false
  ApiSteps,      // a list of {outcome, latency_ms}
  CloseKind,     // a close kind name (close_kind.h)
  PreClose,      // a pre-close state name (close_kind.h)
};

using ScheduleMember =
    std::variant<std::int64_t Schedule::*, bool Schedule::*, std::vector<std::int64_t> Schedule::*,
                 std::vector<bool> Schedule::*, std::vector<ApiStep> Schedule::*,
                 CloseKind Schedule::*, PreClose Schedule::*>;

struct ScheduleField {
  std::string_view key;          // the YAML key, e.g. "unload_window_ms"
  ScheduleMember member;         // the Schedule member it sets; its alternative is the kind
  std::string_view description;  // one sentence
  // For a list: what the session takes once the list has run out, e.g. "each further attempt
  // succeeds after 100 ms"; empty for other kinds.
  std::string_view after_list;

  ScheduleFieldKind kind() const { return static_cast<ScheduleFieldKind>(member.index()); }
};

// Every field of a Schedule, in the order files list them.
const std::vector<ScheduleField>& schedule_fields();
// nullptr when unknown.
const ScheduleField* find_schedule_field(std::string_view key);

// The largest duration a schedule may hold, in ms (that of a duration distribution's parameter).
inline constexpr double kScheduleMsMax = DurationDist::kParamMsMax;

// The keys of an API step (`api: [{outcome: 5xx, latency_ms: 100.000}]`).
inline constexpr std::string_view kApiOutcomeKey = "outcome";
inline constexpr std::string_view kApiLatencyKey = "latency_ms";
// The outcome names of an API step, in ApiOutcome order: success, 5xx, 429, timeout,
// lost_response.
const std::vector<std::string_view>& api_outcome_keys();
std::string_view api_outcome_key(ApiOutcome o);
std::optional<ApiOutcome> parse_api_outcome_key(std::string_view name);

// Microseconds as milliseconds with three decimals: 1500 -> "1.500", -2 -> "-0.002".
std::string ms_text(std::int64_t us);

// The field's value in `s` as YAML flow text: "500.000", "true", "tab_close", "[100.000, 5.000]",
// "[{outcome: 5xx, latency_ms: 100.000}]".
std::string value_text(const ScheduleField& field, const Schedule& s);

}  // namespace agentsim::sim
