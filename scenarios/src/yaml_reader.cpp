#include "yaml_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <tuple>

#include "suggest.h"

namespace agentsim::scenarios::detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t skip_digits(std::string_view s, std::size_t i) {
  while (i < s.size() && is_digit(s[i])) ++i;
  return i;
}

// "write it in decimal: 100" for a hexadecimal number ("0x64"), which strtod would have read;
// empty otherwise.
std::string decimal_hint(const std::string& s) {
  const std::size_t from = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (s.size() < from + 3 || s[from] != '0' || (s[from + 1] != 'x' && s[from + 1] != 'X'))
    return {};
  unsigned long long value = 0;
  const auto result = std::from_chars(s.data() + from + 2, s.data() + s.size(), value, 16);
  if (result.ec != std::errc() || result.ptr != s.data() + s.size()) return {};
  return "numbers are decimal: write " + std::string(from == 1 && s[0] == '-' ? "-" : "") +
         std::to_string(value);
}

auto order(const LoadError& e) { return std::tie(e.where.line, e.where.column, e.message, e.hint); }

}  // namespace

sim::SourceLocation Reader::where(const YAML::Mark& mark) const {
  return {file_, mark.line + 1, mark.column + 1};
}

sim::SourceLocation Reader::where(const Field& field) const {
  return field.value.IsNull() ? where(field.key_node) : where(field.value);
}

void Reader::error(sim::SourceLocation at, std::string message, std::string hint) {
  ++reported_;
  // Aliases can make one mistake repeat many times; keep enough to sort and de-duplicate.
  if (errors_.size() >= 10 * kMaxErrors) return;
  errors_.push_back(make_error(std::move(at), std::move(message), std::move(hint)));
}

std::vector<LoadError> Reader::take_errors() {
  std::vector<LoadError> out = std::move(errors_);
  errors_.clear();
  std::stable_sort(out.begin(), out.end(), [](const LoadError& a, const LoadError& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  out.erase(
      std::unique(out.begin(), out.end(),
                  [](const LoadError& a, const LoadError& b) { return order(a) == order(b); }),
      out.end());
  if (out.size() > kMaxErrors) {
    out.resize(kMaxErrors);
    sim::SourceLocation whole_file;
    whole_file.file = file_;
    out.push_back(make_error(whole_file, "too many errors; only the first " +
                                             std::to_string(kMaxErrors) + " are shown"));
  }
  return out;
}

std::vector<Field> Reader::entries(const YAML::Node& map, const KeySpec& spec) {
  std::vector<Field> out;
  std::vector<Field> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      error(where(key), "expected a key (a name), got " + describe(key));
      continue;
    }
    const std::string k = key.Scalar();
    const auto first =
        std::find_if(seen.begin(), seen.end(), [&](const Field& f) { return f.key == k; });
    if (first != seen.end()) {
      error(where(key), "duplicate key '" + echo(k) + "'",
            "the first is at line " + std::to_string(where(first->key_node).line) +
                "; a key may appear once in a mapping");
      continue;
    }
    seen.push_back({k, key, it->second});
    if (!spec.known.empty() &&
        std::find(spec.known.begin(), spec.known.end(), k) == spec.known.end()) {
      std::string hint;
      for (const auto& [special_key, special_hint] : spec.special) {
        if (special_key == k) hint = special_hint;
      }
      if (hint.empty()) hint = suggestion_hint(k, spec.known, spec.list_name, spec.otherwise);
      error(where(key),
            "unknown " + spec.noun + " '" + echo(k) + "'" + (spec.context.empty() ? "" : " ") +
                spec.context,
            hint);
      continue;
    }
    out.push_back({k, key, it->second});
  }
  return out;
}

bool Reader::is_mapping(const Field& f, std::string_view path, std::string_view what) {
  if (f.value.IsMap()) return true;
  error(f, std::string(path) + ": expected " + std::string(what) + ", got " + describe(f.value));
  return false;
}

std::optional<std::string> Reader::text(const Field& f, std::string_view path) {
  if (f.value.IsScalar()) return f.value.Scalar();
  error(f, std::string(path) + ": expected a string, got " + describe(f.value));
  return std::nullopt;
}

std::optional<std::string> Reader::name(const Field& f, std::string_view path) {
  auto s = text(f, path);
  if (s && s->find_first_not_of(" \t\r\n") == std::string::npos) {
    error(f, std::string(path) + ": must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> Reader::prose(const Field& f, std::string_view path) {
  auto s = text(f, path);
  if (s) s->erase(s->find_last_not_of(" \t\r\n") + 1);
  return s;
}

std::optional<double> Reader::number(const Field& f, std::string_view path, std::string_view what) {
  const std::string expected = std::string(path) + ": expected " + std::string(what) + ", got ";
  if (!f.value.IsScalar()) {
    error(f, expected + describe(f.value));
    return std::nullopt;
  }
  const std::optional<double> v = parse_decimal(f.value.Scalar());
  if (!is_plain(f.value)) {
    error(f, expected + describe(f.value),
          v ? "remove the quotes: a quoted value is a string" : "");
    return std::nullopt;
  }
  if (!v) error(f, expected + describe(f.value), decimal_hint(f.value.Scalar()));
  return v;
}

std::optional<bool> Reader::boolean(const Field& f, std::string_view path) {
  if (f.value.IsScalar() && is_plain(f.value)) {
    const std::string& s = f.value.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  error(f, std::string(path) + ": expected a boolean (true or false), got " + describe(f.value));
  return std::nullopt;
}

std::optional<std::uint64_t> Reader::integer(const Field& f, std::string_view path,
                                             std::uint64_t lo, std::uint64_t hi,
                                             const std::function<std::string(double)>& above_hint) {
  const std::optional<double> v = number(f, path, "an integer");
  if (!v) return std::nullopt;
  const std::string& s = f.value.Scalar();
  const std::string p(path);
  auto out_of_range = [&](bool below) {
    error(f,
          p + ": must be " +
              (below ? "at least " + std::to_string(lo) : "at most " + std::to_string(hi)) +
              ", got " + echo(s),
          !below && above_hint ? above_hint(*v) : std::string());
    return std::nullopt;
  };
  if (*v != std::floor(*v)) {
    error(f, p + ": expected an integer, got " + describe(f.value));
    return std::nullopt;
  }
  if (*v < 0 || *v < static_cast<double>(lo)) return out_of_range(true);
  std::uint64_t exact = 0;
  const std::size_t from = s[0] == '+' ? 1 : 0;
  if (skip_digits(s, from) == s.size()) {
    const auto result = std::from_chars(s.data() + from, s.data() + s.size(), exact);
    if (result.ec != std::errc()) return out_of_range(false);
  } else if (*v > 9007199254740992.0) {  // 2^53: beyond it a double is not exact
    error(f, p + ": an integer this large must be written in digits, got " + echo(s));
    return std::nullopt;
  } else {
    exact = static_cast<std::uint64_t>(*v);
  }
  if (exact < lo || exact > hi) return out_of_range(exact < lo);
  return exact;
}

std::optional<std::vector<std::string>> Reader::string_list(const Field& f, std::string_view path) {
  if (!f.value.IsSequence()) {
    error(f, std::string(path) + ": expected a list of strings, got " + describe(f.value),
          f.value.IsScalar() ? "write a list: [" + echo(f.value.Scalar()) + "]" : "");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const YAML::Node& item : f.value) {
    const auto s = name(Field{std::string(path), item, item}, path);
    if (s) out.push_back(*s);
    ok = ok && s.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

LoadError make_error(sim::SourceLocation where, std::string message, std::string hint) {
  LoadError e;
  e.where = std::move(where);
  e.message = std::move(message);
  e.hint = std::move(hint);
  return e;
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined()) return "nothing";
  if (node.IsNull()) return "null";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  if (is_plain(node)) return "'" + echo(node.Scalar()) + "'";
  return "the string \"" + echo(node.Scalar()) + "\"";
}

std::string number_text(double v) {
  char buffer[32];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", v);
    return buffer;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, v);
    if (std::strtod(buffer, nullptr) == v) break;
  }
  return buffer;
}

bool is_plain(const YAML::Node& node) { return node.Tag() == "?"; }

}  // namespace agentsim::scenarios::detail
