#include "expectation_reader.h"

#include <cctype>
#include <limits>

#include "agentsim/sim/center.h"
#include "agentsim/sim/metrics.h"
#include "suggest.h"

namespace agentsim::scenarios::detail {

namespace {

const char* const kForm = "expected the form `metric op bound [@ confidence]`";
const char* const kExample =
    "for example `ghost_rate <= 0.001` or `ghost_seconds.p95 <= 30 @ 99%`; op is one of <, <=, "
    ">, >=";
const char* const kOps = "op is one of <, <=, >, >=";
const char* const kConfidenceHint = "a confidence is a fraction: 0.95, or 95% in the string form";

std::optional<sim::Comparison> parse_comparison(std::string_view op) {
  if (op == "<") return sim::Comparison::Less;
  if (op == "<=") return sim::Comparison::LessEqual;
  if (op == ">") return sim::Comparison::Greater;
  if (op == ">=") return sim::Comparison::GreaterEqual;
  return std::nullopt;
}

std::vector<std::string> metric_names(bool center) {
  std::vector<std::string> names;
  for (const sim::MetricInfo& m : center ? sim::center_metrics() : sim::metrics()) {
    names.emplace_back(m.name);
  }
  return names;
}

bool is_metric(std::string_view name, bool center) {
  return (center ? sim::find_center_metric(name) : sim::find_metric(name)) != nullptr;
}

const char* mode_name(bool center) { return center ? "a center metric" : "a single-agent metric"; }

// Reports `metric` when the scenario's mode has no such metric: one of the other mode gets a
// message naming its mode; a misspelt one, the closest name (of this mode first).
bool check_metric(Reader& reader, sim::SourceLocation at, const std::string& metric, bool center) {
  if (is_metric(metric, center)) return true;
  const std::vector<std::string> own = metric_names(center);
  if (is_metric(metric, !center)) {
    if (center) {
      reader.error(at,
                   "'" + echo(metric) +
                       "' is a single-agent metric; a center scenario (with `center:`) bounds "
                       "center metrics",
                   suggestion_hint(metric, own, "center metrics"));
    } else {
      reader.error(at,
                   "'" + echo(metric) +
                       "' is a center metric; this scenario simulates one agent's sessions",
                   "add a `center:` block to simulate a whole center, or bound a single-agent "
                   "metric (docs/scenario-format.md, Metrics)");
    }
    return false;
  }
  std::string hint;
  if (closest(metric, own)) {
    hint = suggestion_hint(metric, own, "metrics");
  } else if (const auto other = closest(metric, metric_names(!center))) {
    hint = "did you mean '" + *other + "'? It is " + mode_name(!center) +
           (center ? ", for scenarios without `center:`" : ", for scenarios with `center:`");
  } else {
    hint = suggestion_hint(metric, own, center ? "center metrics" : "metrics");
  }
  reader.error(at, "unknown metric '" + echo(metric) + "'", hint);
  return false;
}

bool valid_confidence(double c) { return c >= kMinConfidence && c <= kMaxConfidence; }

std::string confidence_message(const std::string& got) {
  return "must be between 0.5 and 0.9999 (50% and 99.99%), got " + echo(got);
}

const sim::MetricInfo* find_info(std::string_view metric, bool center) {
  return center ? sim::find_center_metric(metric) : sim::find_metric(metric);
}

// Why `metric op bound` is decided whatever is measured (nullopt when it is not): a bound outside
// the metric's range, or at an end of it the comparison cannot cross. A proportion lies in
// [0, 1]; every other metric (durations, counts, means of counts) is never negative.
std::optional<LoadError> bound_problem(const sim::MetricInfo& m, sim::Comparison op, double bound) {
  const bool proportion = m.kind == sim::MetricKind::Proportion;
  const double lo = 0;
  const double hi = proportion ? 1 : std::numeric_limits<double>::infinity();
  const bool upper = op == sim::Comparison::Less || op == sim::Comparison::LessEqual;
  const bool strict = op == sim::Comparison::Less || op == sim::Comparison::Greater;
  // `<= b` holds for every value in [lo, hi] when b >= hi and for none when b < lo; `< b` when
  // b > hi and when b <= lo. A lower bound (>=, >) is the mirror image.
  bool always = false;
  bool never = false;
  if (upper) {
    always = strict ? bound > hi : bound >= hi;
    never = strict ? bound <= lo : bound < lo;
  } else {
    always = strict ? bound < lo : bound <= lo;
    never = strict ? bound >= hi : bound > hi;
  }
  if (!always && !never) return std::nullopt;
  const std::string name(m.name);
  const std::string op_text(sim::to_string(op));
  const std::string range =
      proportion ? name + " is a proportion, from 0 to 1" : name + " is never negative";
  std::string expected;
  if (proportion) {
    expected = upper ? (strict ? "above 0 and at most 1" : "at least 0 and below 1")
                     : (strict ? "at least 0 and below 1" : "above 0 and at most 1");
  } else {
    expected = upper ? (strict ? "above 0" : "at least 0") : (strict ? "at least 0" : "above 0");
  }
  LoadError e;
  e.message = "expectation `" + name + " " + op_text + " " + number_text(bound) + "` " +
              (always ? "always passes" : "can never pass") + ": " + range;
  e.hint = "expected a bound of `" + op_text + "` " + expected +
           ", so that the measurement can fall on either side of it";
  return e;
}

// Scans s from i: the run of characters for which `pred` holds.
template <typename Pred>
std::string_view take(std::string_view s, std::size_t& i, Pred pred) {
  const std::size_t from = i;
  while (i < s.size() && pred(s[i])) ++i;
  return s.substr(from, i - from);
}

void skip_spaces(std::string_view s, std::size_t& i) {
  take(s, i, [](char c) { return c == ' ' || c == '\t'; });
}

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }
bool is_op(char c) { return c == '<' || c == '>' || c == '=' || c == '!'; }
bool is_number_char(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' ||
         c == 'e' || c == 'E';
}

// Where a character of a scalar's text is in the file: exact for an unquoted one-line scalar.
sim::SourceLocation at_offset(const Reader& reader, const YAML::Node& node, std::size_t offset) {
  sim::SourceLocation loc = reader.where(node);
  if (is_plain(node) && node.Scalar().find('\n') == std::string::npos) {
    loc.column += static_cast<int>(offset);
  }
  return loc;
}

std::optional<sim::Expectation> read_string_form(Reader& reader, const YAML::Node& item,
                                                 bool center) {
  const std::string& s = item.Scalar();
  const auto parsed = parse_expectation_text(s);
  if (const auto* e = std::get_if<ExpectationTextError>(&parsed)) {
    reader.error(at_offset(reader, item, e->offset), e->message, e->hint);
    return std::nullopt;
  }
  const ExpectationText& t = std::get<ExpectationText>(parsed);
  bool ok = true;
  if (!check_metric(reader, at_offset(reader, item, s.find(t.metric)), t.metric, center)) {
    ok = false;
  }
  if (ok) {
    if (const auto problem = bound_problem(*find_info(t.metric, center), t.op, t.bound)) {
      reader.error(at_offset(reader, item, t.bound_offset), problem->message, problem->hint);
      ok = false;
    }
  }
  if (!t.confidence_text.empty() && !valid_confidence(t.confidence)) {
    reader.error(at_offset(reader, item, t.confidence_offset),
                 "confidence " + confidence_message(t.confidence_text), kConfidenceHint);
    ok = false;
  }
  if (!ok) return std::nullopt;
  sim::Expectation e;
  e.metric = t.metric;
  e.op = t.op;
  e.bound = t.bound;
  e.confidence = t.confidence;
  e.where = reader.where(item);
  return e;
}

std::optional<sim::Expectation> read_mapping_form(Reader& reader, const YAML::Node& item,
                                                  bool center) {
  const KeySpec spec{"key",
                     "in an expectation",
                     {"metric", "op", "bound", "confidence", "expect_fail", "note"},
                     "valid keys",
                     "",
                     {}};
  sim::Expectation e;
  e.where = reader.where(item);
  const std::size_t before = reader.error_count();
  bool seen[3] = {false, false, false};  // metric, op, bound
  const sim::MetricInfo* metric = nullptr;
  bool op_read = false;
  std::optional<Field> bound;
  for (const Field& f : reader.entries(item, spec)) {
    const std::string path = "expect." + f.key;
    if (f.key == "metric") {
      seen[0] = true;
      if (const auto m = reader.name(f, path)) {
        e.metric = *m;
        if (check_metric(reader, reader.where(f), *m, center)) metric = find_info(*m, center);
      }
    } else if (f.key == "op") {
      seen[1] = true;
      const auto op = reader.text(f, path);
      const auto c = op ? parse_comparison(*op) : std::nullopt;
      if (c) e.op = *c;
      op_read = c.has_value();
      if (op && !c)
        reader.error(f, path + ": expected one of <, <=, >, >=, got " + describe(f.value),
                     "quote it: op: \">=\"");
    } else if (f.key == "bound") {
      seen[2] = true;
      if (const auto b = reader.number(f, path)) {
        e.bound = *b;
        bound.emplace(Field{f.key, f.key_node, f.value});
      }
    } else if (f.key == "confidence") {
      const auto c = reader.number(f, path);
      if (c && !valid_confidence(*c)) {
        reader.error(f, path + ": " + confidence_message(f.value.Scalar()), kConfidenceHint);
      } else if (c) {
        e.confidence = *c;
      }
    } else if (f.key == "expect_fail") {
      if (const auto b = reader.boolean(f, path)) e.expect_fail = *b;
    } else if (const auto note = reader.prose(f, path)) {
      e.note = *note;
    }
  }
  const char* const required[3] = {"metric", "op", "bound"};
  for (int i = 0; i < 3; ++i) {
    if (!seen[i]) {
      reader.error(reader.where(item),
                   std::string("missing required key '") + required[i] + "' in an expectation",
                   "an expectation mapping needs metric, op and bound");
    }
  }
  if (metric != nullptr && op_read && bound) {
    if (const auto problem = bound_problem(*metric, e.op, e.bound)) {
      reader.error(*bound, "expect.bound: " + problem->message, problem->hint);
    }
  }
  if (reader.error_count() != before) return std::nullopt;
  return e;
}

}  // namespace

std::variant<ExpectationText, ExpectationTextError> parse_expectation_text(std::string_view s) {
  const ExpectationTextError malformed{"malformed expectation '" + echo(s) + "': " + kForm,
                                       kExample, 0};
  ExpectationText t;
  std::size_t i = 0;
  skip_spaces(s, i);
  t.metric = std::string(take(s, i, is_word));
  if (t.metric.empty() || !std::isalpha(static_cast<unsigned char>(t.metric[0]))) return malformed;
  skip_spaces(s, i);
  const std::size_t op_offset = i;
  const std::string_view op = take(s, i, is_op);
  if (op.empty()) return malformed;
  const auto c = parse_comparison(op);
  if (!c) {
    return ExpectationTextError{
        "unknown comparison '" + echo(op) + "' in expectation '" + echo(s) + "'",
        kOps, op_offset};
  }
  t.op = *c;
  skip_spaces(s, i);
  t.bound_offset = i;
  const auto bound = parse_decimal(take(s, i, is_number_char));
  if (!bound) return malformed;
  t.bound = *bound;
  skip_spaces(s, i);
  if (i < s.size() && s[i] == '@') {
    ++i;
    skip_spaces(s, i);
    t.confidence_offset = i;
    const auto value = parse_decimal(take(s, i, is_number_char));
    if (!value) return malformed;
    skip_spaces(s, i);
    const bool percent = i < s.size() && s[i] == '%';
    if (percent) ++i;
    t.confidence = percent ? *value / 100 : *value;
    t.confidence_text = std::string(s.substr(t.confidence_offset, i - t.confidence_offset));
    skip_spaces(s, i);
  }
  if (i != s.size()) return malformed;
  return t;
}

std::optional<std::vector<sim::Expectation>> read_expectations(Reader& reader, const Field& expect,
                                                               bool center) {
  if (!expect.value.IsSequence()) {
    reader.error(expect, "expect: expected a list of expectations, got " + describe(expect.value),
                 "write one per line: `- ghost_rate <= 0.001`");
    return std::nullopt;
  }
  std::vector<sim::Expectation> out;
  bool ok = true;
  for (const YAML::Node& item : expect.value) {
    std::optional<sim::Expectation> e;
    if (item.IsScalar()) {
      e = read_string_form(reader, item, center);
    } else if (item.IsMap()) {
      e = read_mapping_form(reader, item, center);
    } else {
      reader.error(reader.where(item),
                   "expect: each expectation is a string or a mapping, got " + describe(item),
                   kExample);
    }
    if (e) out.push_back(*e);
    ok = ok && e.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace agentsim::scenarios::detail
