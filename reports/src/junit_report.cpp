#include "agentsim/reports/junit_report.h"

#include <fmt/format.h>

#include <cstdint>

#include "agentsim/reports/terminal_report.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::reports {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the valid UTF-8 sequence starting at text[i], or 0 when the bytes there are not
// one (a stray continuation byte, an overlong or truncated sequence, a surrogate, > U+10FFFF).
// `allowed` says whether XML 1.0 can carry the character: not U+FFFE, U+FFFF.
// (Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF])
std::size_t utf8_sequence(std::string_view text, std::size_t i, bool& allowed) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0Fu;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07u;
  } else {
    return 0;  // a continuation byte, an overlong lead (C0, C1) or beyond U+10FFFF
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (overlong || surrogate || cp > 0x10FFFF) return 0;
  allowed = cp != 0xFFFE && cp != 0xFFFF;
  return len;
}

std::string_view ascii_entity(char c) {
  switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&apos;";
    case '\t': return "&#9;";
    case '\n': return "&#10;";
    case '\r': return "&#13;";
    default: return {};
  }
}

std::string suite_name(const sim::SuiteResult& result) {
  return result.name.empty() ? "agentsim" : result.name;
}

std::string failure_type(sim::Status s) {
  switch (s) {
    case sim::Status::Failed: return "failed";
    case sim::Status::UnexpectedPass: return "unexpected-pass";
    default: return "inconclusive";
  }
}

std::string measured(const sim::ExpectationResult& e) {
  const std::string& metric = e.expectation.metric;
  return fmt::format("measured {} at {}% confidence; bound {} {}", format_metric_value(metric, e.value),
                     e.expectation.confidence * 100.0, sim::to_string(e.expectation.op),
                     format_metric_number(metric, e.expectation.bound));
}

std::string failure_message(const sim::ExpectationResult& e) {
  switch (e.status) {
    case sim::Status::Failed: return "FAIL: " + measured(e);
    case sim::Status::UnexpectedPass: return "XPASS (passed although expected to fail): " + measured(e);
    default:
      return "INCONCLUSIVE (the interval straddles the bound after the sampling limit): " + measured(e);
  }
}

std::string where(const sim::SourceLocation& at) {
  if (at.file.empty()) return {};
  return fmt::format("{}:{}:{}", at.file, at.line, at.column);
}

std::string testcase(const sim::SuiteResult& suite, const sim::ScenarioResult& r,
                     const sim::ExpectationResult& e) {
  const sim::Expectation& x = e.expectation;
  std::string out = fmt::format("    <testcase name=\"{}\" classname=\"{}.{}\"", xml_escape(x.text()),
                                xml_escape(suite_name(suite)), xml_escape(r.scenario.name));
  if (!x.where.file.empty()) {
    out += fmt::format(" file=\"{}\" line=\"{}\"", xml_escape(x.where.file), x.where.line);
  }
  if (e.status == sim::Status::Passed) return out + "/>\n";
  out += ">\n";
  if (e.status == sim::Status::ExpectedFailure) {
    std::string text = "XFAIL: failed as expected: " + measured(e);
    if (!x.note.empty()) text += "\nwhy: " + x.note;
    return out + fmt::format("      <system-out>{}</system-out>\n    </testcase>\n", xml_escape(text));
  }
  std::string body = failure_message(e);
  if (!x.note.empty()) body += "\nnote: " + x.note;
  if (!where(x.where).empty()) body += "\nat: " + where(x.where);
  body += fmt::format("\n{}: {} in {} sampling round(s), seed {}", r.scenario.center ? "shifts" : "sessions",
                      r.sessions_run, r.sampling_rounds, r.scenario.seed);
  body += "\nreproduce: " + (suite.command.empty() ? std::string("(no command recorded)") : suite.command);
  out += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                     xml_escape(failure_message(e)), failure_type(e.status), xml_escape(body));
  return out + "    </testcase>\n";
}

std::size_t failures(const sim::ScenarioResult& r) {
  std::size_t n = 0;
  for (const sim::ExpectationResult& e : r.expectations) n += sim::is_ok(e.status) ? 0 : 1;
  return n;
}

std::string property(std::string_view name, const std::string& value) {
  return fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", xml_escape(name), xml_escape(value));
}

std::string testsuite(const sim::SuiteResult& suite, const sim::ScenarioResult& r) {
  std::string out =
      fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\"",
                  xml_escape(r.scenario.name), r.expectations.size(), failures(r));
  if (!r.scenario.where.file.empty()) out += fmt::format(" file=\"{}\"", xml_escape(r.scenario.where.file));
  out += ">\n    <properties>\n";
  out += property("status", std::string(status_word(r.status())));
  out += property("seed", std::to_string(r.scenario.seed));
  out += property("sessions_run", std::to_string(r.sessions_run));
  out += property("sampling_rounds", std::to_string(r.sampling_rounds));
  const sim::StrategyConfig& strategy = r.scenario.session.strategy;
  out += property("strategy", strategy.label());
  if (strategy.has_backend_watch()) {
    std::string settings;
    for (const auto& [name, value] : strategy_settings(strategy)) {
      settings += fmt::format("{}{}={}", settings.empty() ? "" : ", ", name, value);
    }
    out += property("strategy_settings", settings);
  }
  out += property("profile", r.scenario.profile_name);
  if (r.scenario.center) {
    // A center scenario: its spec, the shifts its figures rest on, and every figure at the report's confidence.
    out += property("center", center_spec_text(*r.scenario.center));
    out += property("shifts_run", std::to_string(r.sessions_run));
    for (const sim::MetricInfo& m : sim::center_metrics()) {
      out += property("center." + std::string(m.name),
                      format_metric_value(m.name, scenario_metric(r, m.name)));
    }
  }
  out += property("reproduce", suite.command);
  out += "    </properties>\n";
  for (const sim::ExpectationResult& e : r.expectations) out += testcase(suite, r, e);
  return out + "  </testsuite>\n";
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (const std::string_view entity = ascii_entity(c); !entity.empty()) {
      out += entity;
      ++i;
    } else if (u < 0x20 || u == 0x7f) {
      out += kReplacement;
      ++i;
    } else if (u < 0x80) {
      out += c;
      ++i;
    } else if (bool allowed = false; const std::size_t len = utf8_sequence(text, i, allowed)) {
      if (allowed) {
        out.append(text.substr(i, len));
      } else {
        out += kReplacement;  // one for the whole character
      }
      i += len;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

namespace {

// The baseline gate as a testsuite: one failing testcase per regressed metric (before, after,
// their intervals, what changed), one per mismatch unless allowed, one for a baseline that
// compares nothing, and one passing testcase for the comparison itself when nothing failed.
struct BaselineCases {
  std::string xml;
  std::size_t tests = 0;
  std::size_t failures = 0;
};

BaselineCases baseline_cases(const sim::SuiteResult& suite, const sim::BaselineCheck& b) {
  BaselineCases c;
  std::string cases;
  const auto failing = [&](const std::string& name, const std::string& message, const std::string& detail) {
    ++c.tests;
    ++c.failures;
    cases += fmt::format("    <testcase classname=\"baseline\" name=\"{}\" time=\"0\">\n"
                         "      <failure message=\"{}\" type=\"regression\">{}\nReproduce: {}</failure>\n"
                         "    </testcase>\n",
                         xml_escape(name), xml_escape(message), xml_escape(detail), xml_escape(suite.command));
  };
  for (const sim::BaselineRegression& r : b.regressions) {
    sim::MetricValue before;
    before.estimate = r.before_estimate;
    before.interval = {r.before_lo, r.before_hi};
    before.exact = r.before_exact;
    failing(r.scenario + " / " + r.metric,
            fmt::format("{} regressed: {} -> {}", r.metric, format_metric_value(r.metric, before),
                        format_metric_value(r.metric, r.after)),
            r.explanation);
  }
  if (!b.allow_missing) {
    for (const std::string& m : b.missing) failing("baseline mismatch: " + m, "the baseline does not match the run", m);
  }
  if (b.compares_nothing()) {
    failing("baseline compares nothing", "no metric of this run could be compared with " + b.file,
            "an empty baseline, another suite's report, or one whose metrics are all undefined");
  }
  if (c.failures == 0) {
    ++c.tests;
    cases += fmt::format("    <testcase classname=\"baseline\" name=\"{}\" time=\"0\"/>\n",
                         xml_escape(baseline_summary(b)));
  }
  c.xml = fmt::format("  <testsuite name=\"baseline\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n"
                      "    <properties>\n{}{}    </properties>\n{}  </testsuite>\n",
                      c.tests, c.failures, property("file", b.file), property("summary", baseline_summary(b)), cases);
  return c;
}

}  // namespace

std::string render_junit(const sim::SuiteResult& result) {
  std::size_t tests = 0;
  std::size_t failed = 0;
  for (const sim::ScenarioResult& r : result.scenarios) {
    tests += r.expectations.size();
    failed += failures(r);
  }
  BaselineCases gate;
  if (result.baseline) {
    gate = baseline_cases(result, *result.baseline);
    tests += gate.tests;
    failed += gate.failures;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
                     xml_escape("agentsim " + suite_name(result)), tests, failed);
  for (const sim::ScenarioResult& r : result.scenarios) out += testsuite(result, r);
  out += gate.xml;
  return out + "</testsuites>\n";
}

}  // namespace agentsim::reports
