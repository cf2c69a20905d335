// The JUnit XML report of a suite run, for CI systems that show test results (GitLab, Jenkins,
// GitHub test-reporter actions): each expectation is a test case.
#pragma once

#include <string>
#include <string_view>

#include "agentsim/sim/suite.h"

namespace agentsim::reports {

// `text` made safe as XML 1.0 character data and as a quoted attribute value (also HTML):
//   & < > " '        -> &amp; &lt; &gt; &quot; &apos;
//   tab, LF, CR      -> &#9; &#10; &#13; (so attribute-value normalisation keeps them)
//   other C0 controls and DEL, which XML 1.0 cannot carry even as references -> U+FFFD
//   bytes that are not valid UTF-8 -> U+FFFD
// Everything else is copied unchanged.
std::string xml_escape(std::string_view text);

// Renders `result` as JUnit XML:
//
//   <?xml version="1.0" encoding="UTF-8"?>
//   <testsuites name="agentsim <suite>" tests=".." failures=".." errors="0" skipped="0">
//     <testsuite name="<scenario>" tests=".." failures=".." errors="0" skipped="0">
//       <properties> status, seed, sessions_run, sampling_rounds, strategy (its label()),
//                    strategy_settings (with a server side or missed-contact reaction: every
//                    parameter that applies), profile; for a center scenario also center (the
//                    spec in one line), shifts_run and center.<metric> for every center metric at
//                    95 % ("12.5 [10.1, 14.9]"); reproduce
//       <testcase name="<expectation text>" classname="<suite>.<scenario>" file=".." line="..">
//         <failure message="..." type="failed|unexpected-pass|inconclusive">details</failure>
//       </testcase>
//
// One <testsuite> per scenario, one <testcase> per expectation, named by its text
// ("ghost_rate <= 0.05 @95%"); a scenario without expectations has no test cases. A failed,
// unexpectedly passed or inconclusive expectation carries a <failure> whose message gives the
// estimate and interval against the bound, and whose body adds the note, the location in the
// scenario file and the command that reproduces the run. An expected failure passes, with a
// <system-out> saying it failed as expected, and why (its note). "failures" counts every
// <failure>, inconclusive ones included. No timestamps or durations: the document is a function
// of the result. Text is escaped with xml_escape. The output ends with a newline.
std::string render_junit(const sim::SuiteResult& result);

}  // namespace agentsim::reports
