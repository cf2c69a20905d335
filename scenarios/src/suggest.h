// "Did you mean ...?" for misspelt keys and names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agentsim::scenarios::detail {

// The optimal-string-alignment distance (Levenshtein plus adjacent transpositions), compared
// case-insensitively.
int edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `typed`: one within edit distance 2, or failing that one that `typed`
// is a prefix of (or that is a prefix of `typed`), at least 3 characters long. Ties go to the
// earlier candidate. nullopt when nothing is close. Only candidates within 2 characters of the
// typed length are compared by distance, so the cost does not grow with the typed length.
std::optional<std::string> closest(std::string_view typed,
                                   const std::vector<std::string>& candidates);

// "did you mean 'x'?" when a candidate is close; otherwise `otherwise`, or when that is empty,
// "<what>: a, b, c".
std::string suggestion_hint(std::string_view typed, const std::vector<std::string>& candidates,
                            std::string_view what, std::string_view otherwise = {});

// "a, b, c".
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

}  // namespace agentsim::scenarios::detail
