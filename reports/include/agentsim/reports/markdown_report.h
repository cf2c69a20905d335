// The Markdown report of a suite run, sized for a GitHub Actions job summary
// ($GITHUB_STEP_SUMMARY) or a pull-request comment.
#pragma once

#include <string>
#include <string_view>

#include "agentsim/sim/suite.h"

namespace agentsim::reports {

// `text` made safe inside a cell of a GitHub-flavoured Markdown table (or any inline text):
// '|' becomes "\|" (the cell separator), the Markdown punctuation \ ` * _ [ ] ~ is
// backslash-escaped so it prints as itself, '&' '<' '>' become entities (so no text from a
// scenario file is read as HTML or as an entity), and line breaks and other control characters
// become spaces (a table row is one line).
std::string markdown_cell(std::string_view text);

// Renders `result` as GitHub-flavoured Markdown:
//
//   ## ❌ agentsim suite `default`: FAIL
//   **3 scenarios** (2 PASS, 1 FAIL) · **9 expectations** (5 PASS, 1 FAIL, ...)
//
//   | status | scenario | sessions | ghost rate (95% CI) | missed / 1000 closes | spurious Offline (95% CI) |
//   ...one row per single-agent scenario (the strategy by its label(): "beforeunload_setstate +
//   heartbeat_sweeper"); the table is left out when every scenario is a center scenario...
//
//   ### Center scenarios                                 (only when the suite has one)
//   | status | scenario | strategy | center | shifts | ghost agent-minutes / shift | contacts offered
//   to ghosts / shift | customer wait mean | customer wait p95 | wait added by ghosts, mean | p95 |
//   | scenario | throttled calls / shift | API calls / shift | spurious-Offline minutes / shift |
//   time to clear the last ghost after a burst | ghosts at end | unserved contacts | bucket
//   violations | unaccepted events |
//   ...each center figure with its 95 % interval (exact counts marked "(exact)")...
//
//   ### Expectations not passed
//   | status | scenario | expectation | measured | note |
//   ...every expectation whose status is not PASS (XFAIL included, so known weaknesses stay
//   visible), or the line "Every expectation passed."...
//
//   Reproduce: a fenced block with SuiteResult::command.
//
// Status is an emoji and a word (✅ PASS, ❌ FAIL, ⚠️ INCONCLUSIVE, ☑️ XFAIL, ❗ XPASS). The
// key metrics are at 95 %; the measured value of an expectation is at its own confidence.
// Cells are escaped with markdown_cell. The output ends with a newline.
std::string render_markdown(const sim::SuiteResult& result);

}  // namespace agentsim::reports
