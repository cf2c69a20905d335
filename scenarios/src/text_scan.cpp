#include "text_scan.h"

#include <string>
#include <vector>

#include "agentsim/scenarios/loader.h"

namespace agentsim::scenarios::detail {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string hex_bytes(std::string_view bytes) {
  static const char* const kDigits = "0123456789ABCDEF";
  std::string out;
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (!out.empty()) out += ' ';
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no overlong form, no
// surrogate, nothing above U+10FFFF), or 0 when there is none.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = at(i);
  if (b < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    if (b == 0xE0) lo = 0xA0;  // overlong below U+0800
    if (b == 0xED) hi = 0x9F;  // UTF-16 surrogates U+D800..U+DFFF
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    if (b == 0xF0) lo = 0x90;  // overlong below U+10000
    if (b == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;  // a continuation byte, an overlong lead (C0, C1) or F5..FF
  }
  if (i + n > text.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  }
  return n;
}

constexpr const char* kUtf8Hint =
    "save the file as UTF-8 (without a byte-order mark, or with the UTF-8 one)";

// The first byte of `text` that is not UTF-8 text: a UTF-16 or UTF-32 byte-order mark, a NUL
// byte (UTF-16 and UTF-32 text is full of them), or a malformed UTF-8 sequence. Columns count
// bytes, as yaml-cpp's do.
std::optional<TextIssue> check_encoding(std::string_view text) {
  const auto starts = [&](std::string_view bom) { return text.substr(0, bom.size()) == bom; };
  using namespace std::string_view_literals;
  const char* encoding = starts("\x00\x00\xFE\xFF"sv)   ? "UTF-32 (big-endian)"
                         : starts("\xFF\xFE\x00\x00"sv) ? "UTF-32 (little-endian)"
                         : starts("\xFE\xFF"sv)           ? "UTF-16 (big-endian)"
                         : starts("\xFF\xFE"sv)           ? "UTF-16 (little-endian)"
                                                          : nullptr;
  if (encoding != nullptr) {
    return TextIssue{1, 1,
                     std::string("the file is ") + encoding +
                         " text (it starts with that byte-order mark): a scenario file is UTF-8",
                     kUtf8Hint};
  }
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const int column = static_cast<int>(i - line_start) + 1;
    if (text[i] == '\0') {
      return TextIssue{line, column,
                       "a NUL byte (00): a scenario file is UTF-8 text; is it UTF-16 or UTF-32, "
                       "or not text at all?",
                       kUtf8Hint};
    }
    const std::size_t n = utf8_sequence(text, i);
    if (n == 0) {
      // Show the bytes from here to the next ASCII character (at most 4).
      std::size_t end = i + 1;
      while (end < text.size() && end < i + 4 && static_cast<unsigned char>(text[end]) >= 0x80) {
        ++end;
      }
      return TextIssue{line, column,
                       "invalid UTF-8 (bytes " + hex_bytes(text.substr(i, end - i)) +
                           "): a scenario file is UTF-8 text",
                       std::string(kUtf8Hint) +
                           "; was it written as Latin-1 or Windows-1252, or is it not text?"};
    }
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
    i += n;
  }
  return std::nullopt;
}

// One pass over the lines, keeping the state that spans lines: an open quoted string, open flow
// brackets, a block scalar's body, and the stack of block indentation levels.
class Scanner {
 public:
  TextScan run(std::string_view text) {
    // A UTF-8 byte-order mark is not content (yaml-cpp skips it too).
    std::size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    while (start <= text.size() && !issue_) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_number_;
      scan_line(line);
      start = end + 1;
    }
    return {issue_, has_content_};
  }

 private:
  struct Level {
    std::size_t indent;
    int depth;  // nesting levels opened on that line
  };

  void scan_line(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && line[i] == ' ') ++i;
    if (block_scalar_) {
      if (i == line.size() || i > block_indent_) return;  // still inside the block scalar
      block_scalar_ = false;
    }
    if (quote_ == 0 && flow_ == 0 && i == 0 && document_marker(line)) return;
    if (quote_ == 0 && flow_ == 0 && i == 0 && line.size() > 3 && line.substr(0, 3) == "---" &&
        is_blank(line[3])) {
      // "--- {name: x}": the document's content starts after the marker.
      i = 3;
      while (i < line.size() && line[i] == ' ') ++i;
    }
    if (quote_ == 0 && flow_ == 0) {
      std::size_t content = i;
      while (content < line.size() && is_blank(line[content])) ++content;
      if (content == line.size() || line[content] == '#') return;  // blank or comment line
      if (ended_) {
        fail(0, "a second YAML document: a scenario file holds one", kSecondDocumentHint);
        return;
      }
      has_content_ = true;
      if (content != i) {
        fail(i, "tab character in indentation",
             "YAML indents with spaces only: replace the tab with spaces");
        return;
      }
      if (!check_root(line, i)) return;
      i = open_block_levels(line, i);
    }
    scan_tokens(line, i);
  }

  // yaml-cpp's Load reads the document's first node and silently drops whatever follows it: a
  // top-level mapping indented on its first line ends at the first line indented less, a flow
  // mapping at its closing brace. So the scan follows the top-level node and refuses any content
  // after it. Called for each content line in block context, at its indentation `i`; false when
  // the line is refused.
  bool check_root(std::string_view line, std::size_t i) {
    switch (root_) {
      case Root::NotStarted: {
        const std::size_t j = skip_properties(line, i);
        if (j == line.size() || line[j] == '#') return true;  // "&anchor" alone: starts later
        root_indent_ = i;
        root_line_ = line_number_;
        const bool list = line[j] == '-' && (j + 1 == line.size() || is_blank(line[j + 1]));
        root_noun_ = line[j] == '[' || list ? "list" : "mapping";
        root_ = line[j] == '[' || line[j] == '{' ? Root::FlowPending : Root::Block;
        return true;
      }
      case Root::Block:
        if (i >= root_indent_) return true;
        fail(i,
             "content after the end of the top-level " + root_noun_ +
                 ", which starts indented at line " + std::to_string(root_line_) + ", column " +
                 std::to_string(root_indent_ + 1) +
                 ": this line and everything after it would be ignored",
             "start every top-level key at the same column, usually column 1 (no indentation)");
        return false;
      case Root::FlowEnded:
        after_flow_root(i);
        return false;
      case Root::FlowPending:
      case Root::FlowOpen:
        return true;
    }
    return true;
  }

  // Content after the top-level flow collection closed (at flow_end_line_:flow_end_column_).
  void after_flow_root(std::size_t i) {
    fail(i,
         "content after the top-level flow " + root_noun_ + ", which ends at line " +
             std::to_string(flow_end_line_) + ", column " + std::to_string(flow_end_column_) +
             ": this and everything after it would be ignored",
         root_noun_ == "mapping"
             ? "write the scenario as a block mapping, one `key: value` per line, or put every "
               "key inside the braces"
             : "a scenario file holds one mapping: a scenario, or a suite with `scenarios:`");
  }

  // Past the node properties at line[i] — an anchor (&a) or a tag (!t, !!map) and the blanks
  // after each — to where the node's content starts.
  static std::size_t skip_properties(std::string_view line, std::size_t i) {
    while (i < line.size() && (line[i] == '&' || line[i] == '!')) {
      while (i < line.size() && !is_blank(line[i])) ++i;
      while (i < line.size() && is_blank(line[i])) ++i;
    }
    return i;
  }

  // Pops the levels this line closes, then counts the ones it opens: one for the collection at
  // this indentation plus one per compact indicator ("- - x", "? - x").
  std::size_t open_block_levels(std::string_view line, std::size_t i) {
    while (!levels_.empty() && levels_.back().indent >= i) {
      block_depth_ -= levels_.back().depth;
      levels_.pop_back();
    }
    const std::size_t indent = i;
    int depth = 1;
    while (i < line.size() && (line[i] == '-' || line[i] == '?') &&
           (i + 1 == line.size() || is_blank(line[i + 1]))) {
      ++depth;
      i += 1;
      while (i < line.size() && is_blank(line[i])) ++i;
      note_depth(block_depth_ + depth, i);
      if (issue_) return line.size();
    }
    levels_.push_back({indent, depth});
    block_depth_ += depth;
    note_depth(block_depth_, indent);
    return i;
  }

  // Opens and closes quoted strings, flow collections and block scalars. In block context they
  // start only where a value starts (the line's start or after "key: "); in flow context, after
  // an indicator.
  void scan_tokens(std::string_view line, std::size_t i) {
    char previous = 0;  // the last non-blank character before i on this line
    bool value_start = true;
    for (; i < line.size() && !issue_; ++i) {
      const char c = line[i];
      if (quote_ != 0) {
        i = skip_quoted(line, i);
        previous = '"';
        value_start = false;
        continue;
      }
      if (is_blank(c)) continue;
      if (c == '#' && (i == 0 || is_blank(line[i - 1]))) return;
      if (root_ == Root::FlowEnded) {
        if (c == ':' && (i + 1 == line.size() || is_blank(line[i + 1]))) {
          // "{a: 1}: b": the flow collection was the first key of a block mapping.
          root_ = Root::Block;
          root_noun_ = "mapping";
          value_start = true;
          previous = c;
          continue;
        }
        after_flow_root(i);
        return;
      }
      const bool token_start = flow_ > 0 ? previous == 0 || is_indicator(previous) : value_start;
      if (token_start && (c == '&' || c == '!')) {
        // An anchor or a tag: the value itself starts after it.
        while (i + 1 < line.size() && !is_blank(line[i + 1]) &&
               !(flow_ > 0 && is_flow_indicator(line[i + 1]))) {
          ++i;
        }
        continue;
      }
      value_start = false;
      if ((c == '"' || c == '\'') && token_start) {
        quote_ = c;
        i = skip_quoted(line, i + 1);
      } else if ((c == '[' || c == '{') && (flow_ > 0 || token_start)) {
        ++flow_;
        if (root_ == Root::FlowPending) root_ = Root::FlowOpen;
        note_depth(block_depth_ + flow_, i);
      } else if ((c == ']' || c == '}') && flow_ > 0) {
        --flow_;
        if (flow_ == 0 && root_ == Root::FlowOpen) {
          root_ = Root::FlowEnded;
          flow_end_line_ = line_number_;
          flow_end_column_ = static_cast<int>(i) + 1;
        }
      } else if ((c == '|' || c == '>') && flow_ == 0 && token_start) {
        block_scalar_ = true;
        block_indent_ = levels_.empty() ? 0 : levels_.back().indent;
        return;
      } else if (c == ':' && flow_ == 0 && (i + 1 == line.size() || is_blank(line[i + 1]))) {
        value_start = true;
      }
      previous = c;
    }
  }

  // "---" starts a document, "..." ends one; "%" opens a directive before the first. Returns
  // whether the line was one of them (and so needs no other scanning).
  bool document_marker(std::string_view line) {
    const bool marker = line.size() >= 3 &&
                        (line.substr(0, 3) == "---" || line.substr(0, 3) == "...") &&
                        (line.size() == 3 || is_blank(line[3]));
    if (!marker) return !has_content_ && !line.empty() && line[0] == '%';
    if (line[0] == '.') {
      ended_ = true;
    } else if (has_content_ || ended_) {
      fail(0, "a second YAML document: a scenario file holds one", kSecondDocumentHint);
    } else if (line.find_first_not_of(" \t", 3) != std::string_view::npos) {
      return false;  // "--- name: x": the document's content starts on this line
    }
    return true;
  }

  static bool is_indicator(char c) { return c == '[' || c == '{' || c == ',' || c == ':'; }
  static bool is_flow_indicator(char c) {
    return c == '[' || c == ']' || c == '{' || c == '}' || c == ',';
  }

  // From inside a quoted string, returns the index of its closing quote (or the end of the line,
  // the string continuing on the next one).
  std::size_t skip_quoted(std::string_view line, std::size_t i) {
    for (; i < line.size(); ++i) {
      if (quote_ == '"' && line[i] == '\\') {
        ++i;
      } else if (line[i] == quote_) {
        if (quote_ == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
          ++i;  // '' is an escaped quote
        } else {
          quote_ = 0;
          return i;
        }
      }
    }
    return line.size();
  }

  void note_depth(int depth, std::size_t column) {
    if (depth > kMaxNestingDepth && first_too_deep_line_ == 0) {
      first_too_deep_line_ = line_number_;
      first_too_deep_column_ = static_cast<int>(column) + 1;
    }
    if (depth > kScanDepthLimit) {
      issue_ = TextIssue{first_too_deep_line_, first_too_deep_column_, too_deep_message(),
                         too_deep_hint()};
    }
  }

  void fail(std::size_t column, std::string message, std::string hint) {
    issue_ =
        TextIssue{line_number_, static_cast<int>(column) + 1, std::move(message), std::move(hint)};
  }

  static constexpr const char* kSecondDocumentHint =
      "remove the `---` line, or move the second document to a file of its own";

  int line_number_ = 0;
  bool has_content_ = false;
  bool ended_ = false;  // after "..."
  std::vector<Level> levels_;
  int block_depth_ = 0;
  int flow_ = 0;
  char quote_ = 0;
  bool block_scalar_ = false;
  std::size_t block_indent_ = 0;
  // The document's top-level node: not started yet (blank lines, comments, directives, an
  // anchor alone), a block collection indented root_indent_, or a flow collection (about to open,
  // open, closed).
  enum class Root { NotStarted, Block, FlowPending, FlowOpen, FlowEnded };
  Root root_ = Root::NotStarted;
  std::size_t root_indent_ = 0;
  int root_line_ = 0;
  std::string root_noun_;  // "mapping" or "list"
  int flow_end_line_ = 0;
  int flow_end_column_ = 0;
  int first_too_deep_line_ = 0;
  int first_too_deep_column_ = 0;
  std::optional<TextIssue> issue_;
};

}  // namespace

TextScan scan_text(std::string_view text) {
  if (auto issue = check_encoding(text)) {
    TextScan scan;
    scan.issue = std::move(issue);
    return scan;
  }
  return Scanner().run(text);
}

std::optional<TextIssue> check_size(std::uintmax_t bytes) {
  if (bytes <= kMaxFileBytes) return std::nullopt;
  return TextIssue{1, 1,
                   "the file is " + std::to_string(bytes) + " bytes, more than the limit of " +
                       std::to_string(kMaxFileBytes) + " bytes (1 MiB)",
                   "split its scenarios over several files; a directory of files loads as one "
                   "suite"};
}

std::string too_deep_message() {
  return "nested deeper than " + std::to_string(kMaxNestingDepth) + " levels";
}

std::string too_deep_hint() {
  return "a scenario file needs 4 or 5 levels at most; is a bracket or an indentation wrong?";
}

}  // namespace agentsim::scenarios::detail
