#include "suggest.h"

#include "agentsim/scenarios/loader.h"

#include <algorithm>
#include <cctype>

namespace agentsim::scenarios::detail {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (prefix.size() > text.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(text[i]) != lower(prefix[i])) return false;
  }
  return true;
}

}  // namespace

int edit_distance(std::string_view a, std::string_view b) {
  // Three rows suffice for the transposition rule; names are short, so this stays cheap.
  const std::size_t n = b.size();
  std::vector<int> before(n + 1), previous(n + 1), current(n + 1);
  for (std::size_t j = 0; j <= n; ++j) previous[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= n; ++j) {
      const int cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[n];
}

std::optional<std::string> closest(std::string_view typed,
                                   const std::vector<std::string>& candidates) {
  constexpr int kMaxDistance = 2;
  constexpr std::size_t kMinPrefix = 3;
  const std::string* best = nullptr;
  int best_distance = kMaxDistance + 1;
  for (const std::string& c : candidates) {
    // The distance is at least the difference in length: a name longer or shorter by more than
    // kMaxDistance cannot be close, and is not compared (edit_distance is quadratic: a 1 MB
    // unknown name would take seconds per candidate).
    const std::size_t longer = std::max(typed.size(), c.size());
    const std::size_t shorter = std::min(typed.size(), c.size());
    if (longer - shorter > static_cast<std::size_t>(kMaxDistance)) continue;
    const int d = edit_distance(typed, c);
    if (d < best_distance) {
      best = &c;
      best_distance = d;
    }
  }
  if (best != nullptr) return *best;  // distance 0: differs only in case
  for (const std::string& c : candidates) {
    const bool typed_is_prefix = typed.size() >= kMinPrefix && starts_with_ci(c, typed);
    const bool candidate_is_prefix = c.size() >= kMinPrefix && starts_with_ci(typed, c);
    if (typed_is_prefix || candidate_is_prefix) return c;
  }
  return std::nullopt;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string suggestion_hint(std::string_view typed, const std::vector<std::string>& candidates,
                            std::string_view what, std::string_view otherwise) {
  if (const auto c = closest(typed, candidates)) return "did you mean '" + *c + "'?";
  if (!otherwise.empty()) return std::string(otherwise);
  return std::string(what) + ": " + join(candidates);
}

}  // namespace agentsim::scenarios::detail

namespace agentsim::scenarios {

std::string suggest_name(std::string_view typed, const std::vector<std::string>& names) {
  const std::optional<std::string> near = detail::closest(typed, names);
  return near ? "did you mean '" + *near + "'?" : std::string();
}

}  // namespace agentsim::scenarios
