// Checks made on the raw text of a scenario file before yaml-cpp sees it.
//
// yaml-cpp recurses once per nesting level, so a hostile file ("[" * 100000) must be refused
// before parsing. The scan estimates the nesting depth from indentation, block indicators ("- ",
// "? ") and flow brackets, skipping comments, quoted strings and block scalars. The estimate is
// an upper bound for ordinary files, so the limit applied to it is generous (kScanDepthLimit);
// the exact limit (kMaxNestingDepth) is applied to the parsed nodes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agentsim::scenarios::detail {

inline constexpr int kScanDepthLimit = 64;

struct TextIssue {
  int line = 1;  // 1-based
  int column = 1;
  std::string message;
  std::string hint;
};

struct TextScan {
  std::optional<TextIssue> issue;
  bool has_content = false;  // anything besides blank lines, comments and directives
};

// The first problem of `text`: bytes that are not UTF-8 text (a UTF-16 or UTF-32 byte-order
// mark, a NUL byte, a malformed UTF-8 sequence anywhere), a tab in the indentation of a line, a
// second YAML document ("---" after content, or content after "..."), content after the
// document's top-level node (a line indented less than an indented top-level mapping, anything
// after a top-level flow collection's closing bracket: yaml-cpp's Load would drop it silently),
// or nesting whose estimate exceeds kScanDepthLimit (reported where it first exceeded
// kMaxNestingDepth). The scan also finds the second document because yaml-cpp 0.7's LoadAll can
// loop forever on some invalid input (as "," alone): the loader parses the first document only.
// Columns count bytes, as yaml-cpp's marks do.
TextScan scan_text(std::string_view text);

// The refusal of a text longer than kMaxFileBytes; nullopt when it is short enough.
std::optional<TextIssue> check_size(std::uintmax_t bytes);

// The message of a file nested too deeply (shared with the exact check on the nodes).
std::string too_deep_message();
std::string too_deep_hint();

}  // namespace agentsim::scenarios::detail
