#include "text_scan.h"

#include <vector>

#include "agentsim/scenarios/loader.h"

namespace agentsim::scenarios::detail {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// One pass over the lines, keeping the state that spans lines: an open quoted string, open flow
// brackets, a block scalar's body, and the stack of block indentation levels.
class Scanner {
 public:
  TextScan run(std::string_view text) {
    std::size_t start = 0;
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
      i = open_block_levels(line, i);
    }
    scan_tokens(line, i);
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
      const bool token_start = flow_ > 0 ? previous == 0 || is_indicator(previous) : value_start;
      value_start = false;
      if ((c == '"' || c == '\'') && token_start) {
        quote_ = c;
        i = skip_quoted(line, i + 1);
      } else if ((c == '[' || c == '{') && (flow_ > 0 || token_start)) {
        ++flow_;
        note_depth(block_depth_ + flow_, i);
      } else if ((c == ']' || c == '}') && flow_ > 0) {
        --flow_;
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
  int first_too_deep_line_ = 0;
  int first_too_deep_column_ = 0;
  std::optional<TextIssue> issue_;
};

}  // namespace

TextScan scan_text(std::string_view text) { return Scanner().run(text); }

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
