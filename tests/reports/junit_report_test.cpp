#include "agentsim/reports/junit_report.h"

#include <gtest/gtest.h>

#include <string>

#include "agentsim/reports/terminal_report.h"
#include "report_test_support.h"

namespace agentsim::reports {
namespace {

using testing::sample_suite;
using testing::xml_problem;

const std::string& sample_xml() {
  static const std::string xml = render_junit(sample_suite());
  return xml;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The <testcase ...> element whose name attribute is `escaped_name`, up to its end.
std::string testcase(const std::string& xml, const std::string& escaped_name) {
  const std::size_t begin = xml.find("<testcase name=\"" + escaped_name + "\"");
  if (begin == std::string::npos) return {};
  const std::size_t self_closed = xml.find("/>\n", begin);
  const std::size_t open_end = xml.find(">", begin);
  if (self_closed != std::string::npos && self_closed + 1 == open_end) {
    return xml.substr(begin, open_end + 1 - begin);
  }
  const std::size_t end = xml.find("</testcase>", begin);
  return xml.substr(begin, end + 11 - begin);
}

// The canary: the checker must catch what it claims to, or a pass proves nothing.
TEST(XmlChecker, RejectsBrokenDocumentsAndAcceptsAWellFormedOne) {
  EXPECT_EQ(xml_problem("<a><b x=\"1\"/>t &amp; &#10; u</b2></a>"), "</b2> closes <a>");
  EXPECT_EQ(xml_problem("<a>"), "<a> is never closed");
  EXPECT_EQ(xml_problem("<a>x < y</a>"), "empty tag name");
  EXPECT_EQ(xml_problem("<a x=\"<\"/>"), "raw '<' in an attribute of <a");
  EXPECT_EQ(xml_problem("<a>fish & chips</a>"), "unterminated '&'");
  EXPECT_EQ(xml_problem("<a>&nbsp;</a>"), "unknown entity &nbsp;");
  EXPECT_EQ(xml_problem("<a>\x01</a>"), "control character");
  EXPECT_EQ(xml_problem("<a/><b/>"), "a second root element");
  EXPECT_EQ(xml_problem("<?xml version=\"1.0\"?>\n<a x='1'><b/>t &quot;&apos;</a>\n"), "");
}

TEST(JunitReport, IsWellFormedXml) {
  EXPECT_EQ(xml_problem(sample_xml()), "");
  EXPECT_EQ(sample_xml().rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ", 0), 0u);
}

TEST(JunitReport, HasOneTestsuitePerScenarioAndOneTestcasePerExpectation) {
  std::size_t expectations = 0;
  for (const sim::ScenarioResult& r : sample_suite().scenarios) expectations += r.expectations.size();
  EXPECT_EQ(count(sample_xml(), "<testsuite "), sample_suite().scenarios.size());
  EXPECT_EQ(count(sample_xml(), "<testcase "), expectations);
  EXPECT_NE(sample_xml().find("<testsuites name=\"agentsim sample\" tests=\"12\" failures=\"6\" errors=\"0\" "
                              "skipped=\"0\">"),
            std::string::npos)
      << "failures: 2 failed, 1 unexpected pass, 3 inconclusive";
  EXPECT_NE(sample_xml().find("<testsuite name=\"none_default\" tests=\"3\" failures=\"0\""),
            std::string::npos);
  EXPECT_NE(sample_xml().find("classname=\"sample.none_default\""), std::string::npos);
}

TEST(JunitReport, GivesFailuresUnexpectedPassesAndInconclusivesAFailureOfTheirType) {
  EXPECT_EQ(count(sample_xml(), "<failure "), 6u);
  EXPECT_NE(testcase(sample_xml(), "missed_per_1000_closes &lt;= 1 @95%").find("type=\"failed\""),
            std::string::npos);
  EXPECT_NE(testcase(sample_xml(), "ghost_rate &lt;= 0.99 @95%").find("type=\"unexpected-pass\""),
            std::string::npos);
  EXPECT_NE(testcase(sample_xml(), "ghost_seconds.p95 &lt;= 10 @95%").find("type=\"inconclusive\""),
            std::string::npos);
  const std::string passed = testcase(sample_xml(), "ghost_rate &lt;= 0.9 @95%");
  EXPECT_EQ(passed.find("<failure"), std::string::npos) << passed;
  EXPECT_EQ(passed.back(), '>');
}

TEST(JunitReport, AFailureGivesTheEstimateIntervalBoundNoteLocationAndReproduceCommand) {
  const std::string failed = testcase(sample_xml(), "missed_per_1000_closes &lt;= 1 @95%");
  EXPECT_NE(failed.find("file=\"suites/sample.yaml\" line=\"21\""), std::string::npos) << failed;
  const sim::ExpectationResult& e = sample_suite().scenarios[1].expectations[0];
  const std::string interval = format_metric_value(e.expectation.metric, e.value);
  EXPECT_NE(failed.find("message=\"FAIL: measured " + interval + " at 95% confidence; bound &lt;= 1\""),
            std::string::npos)
      << failed;
  EXPECT_NE(failed.find("&#10;note: contacts still ring on ghosts"), std::string::npos);
  EXPECT_NE(failed.find("&#10;at: suites/sample.yaml:21:5"), std::string::npos);
  EXPECT_NE(failed.find("&#10;reproduce: " + sample_suite().command + "</failure>"), std::string::npos);
}

TEST(JunitReport, AnExpectedFailurePassesWithASystemOutSayingWhy) {
  const std::string xfail = testcase(sample_xml(), "ghost_rate &lt;= 0.05 @95%");
  EXPECT_EQ(xfail.find("<failure"), std::string::npos) << xfail;
  EXPECT_NE(xfail.find("<system-out>XFAIL: failed as expected: measured "), std::string::npos) << xfail;
  EXPECT_NE(xfail.find("why: CCPv1 does nothing on close: most closes leave a ghost</system-out>"),
            std::string::npos);
}

TEST(JunitReport, EscapesEveryTextFromScenarioFiles) {
  EXPECT_NE(sample_xml().find("<testsuite name=\"backend &lt;keepalive&gt; &amp; &quot;quotes&quot; | "
                              "&apos;pipes&apos;\""),
            std::string::npos);
  EXPECT_NE(sample_xml().find("note with &lt;b&gt;markup&lt;/b&gt; &amp; &quot;quotes&quot;"),
            std::string::npos);
  EXPECT_EQ(sample_xml().find("<keepalive>"), std::string::npos);
  EXPECT_EQ(sample_xml().find("<b>"), std::string::npos);
}

TEST(XmlEscape, EscapesTheFiveMarkupCharactersAndEncodesWhitespaceControls) {
  EXPECT_EQ(xml_escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(xml_escape("tab\tlf\ncr\r"), "tab&#9;lf&#10;cr&#13;");
}

TEST(XmlEscape, ReplacesCharactersXmlCannotCarryWithTheReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(xml_escape(std::string("nul\0.", 5)), "nul" + fffd + ".");
  EXPECT_EQ(xml_escape("esc\x1b[31m del\x7f"), "esc" + fffd + "[31m del" + fffd);
  EXPECT_EQ(xml_escape("\xEF\xBF\xBE"), fffd) << "U+FFFE is not an XML character";
}

TEST(XmlEscape, KeepsValidUtf8AndReplacesEachInvalidByte) {
  EXPECT_EQ(xml_escape("é ∞ 😀 —"), "é ∞ 😀 —");
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(xml_escape("a\xff"
                       "b"),
            "a" + fffd + "b");
  EXPECT_EQ(xml_escape("\xC0\xAF"), fffd + fffd) << "an overlong '/'";
  EXPECT_EQ(xml_escape("\xED\xA0\x80"), fffd + fffd + fffd) << "a UTF-16 surrogate";
  EXPECT_EQ(xml_escape("\xE2\x88"), fffd + fffd) << "a truncated sequence";
  EXPECT_EQ(xml_escape("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd) << "beyond U+10FFFF";
}

TEST(JunitReport, IsIdenticalForIdenticalResults) {
  EXPECT_EQ(sample_xml(), render_junit(testing::sample_suite_rerun()));
}

}  // namespace
}  // namespace agentsim::reports
