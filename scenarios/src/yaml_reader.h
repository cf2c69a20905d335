// Reading yaml-cpp nodes with errors instead of exceptions: locations, typed values, mappings
// whose keys are checked. Every read that fails records a LoadError and returns nullopt, so a
// caller goes on and the file's other errors are found too.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/scenarios/loader.h"
#include "agentsim/sim/input_text.h"

namespace agentsim::scenarios::detail {

// A key of a mapping and its value; errors about a null value point at the key (yaml-cpp puts
// a null value's mark on the next token).
//
// Not assignable, on purpose: assigning a YAML::Node to another does not rebind it but rewrites
// the node it referred to, everywhere it is referenced (yaml-cpp's reference semantics). Build
// new Fields (and vectors of them) instead. (Copying is declared too: clang deprecates the
// implicit copy of a class that declares its copy assignment; in C++17 Field stays an aggregate.)
struct Field {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;

  Field(const Field&) = default;
  Field& operator=(const Field&) = delete;
};

// Which keys a mapping may hold, for the message about any other key.
// The message reads "unknown <noun> '<key>' <context>", e.g. "unknown key 'sesions' in a
// scenario"; its hint suggests the closest known key, or lists them ("<list_name>: a, b, c").
struct KeySpec {
  std::string noun;                // "key", "environment parameter"
  std::string context;             // "in a scenario"; may be empty
  std::vector<std::string> known;  // empty: any key is accepted
  std::string list_name = "valid keys";
  std::string otherwise;  // the hint when no key is close, instead of the list
  std::vector<std::pair<std::string, std::string>> special;  // (key, hint) for known mistakes
};

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  sim::SourceLocation where(const YAML::Mark& mark) const;
  sim::SourceLocation where(const YAML::Node& node) const { return where(node.Mark()); }
  sim::SourceLocation where(const Field& field) const;  // the value, or the key when it is null

  void error(sim::SourceLocation at, std::string message, std::string hint = {});
  void error(const Field& at, std::string message, std::string hint = {}) {
    error(where(at), std::move(message), std::move(hint));
  }
  std::size_t error_count() const { return reported_; }  // every error reported so far
  // The errors in file order, each once, at most kMaxErrors (then a last one saying so).
  std::vector<LoadError> take_errors();

  // The entries of a mapping in file order. Non-scalar keys, repeated keys (reported at the
  // second) and keys `spec` does not know are reported and left out.
  std::vector<Field> entries(const YAML::Node& map, const KeySpec& spec);

  // Typed values. `path` names the value in messages ("sessions", "environment.api_5xx_prob").
  bool is_mapping(const Field& f, std::string_view path, std::string_view what = "a mapping");
  std::optional<std::string> text(const Field& f, std::string_view path);  // any scalar
  std::optional<std::string> name(const Field& f, std::string_view path);  // non-empty scalar
  // Any scalar without trailing blanks and newlines (a `>` block scalar ends with one).
  std::optional<std::string> prose(const Field& f, std::string_view path);
  std::optional<double> number(const Field& f, std::string_view path,      // an unquoted number
                               std::string_view what = "a number");
  std::optional<bool> boolean(const Field& f, std::string_view path);  // true or false
  // An unquoted integer in [lo, hi]; exact up to 2^64 - 1. Above hi, the error's hint is
  // above_hint(the value) when given (the value as a double: it may not fit 64 bits).
  std::optional<std::uint64_t> integer(const Field& f, std::string_view path, std::uint64_t lo,
                                       std::uint64_t hi,
                                       const std::function<std::string(double)>& above_hint = {});
  std::optional<std::vector<std::string>> string_list(const Field& f, std::string_view path);

  static constexpr std::size_t kMaxErrors = 100;

 private:
  std::string file_;
  std::vector<LoadError> errors_;
  std::size_t reported_ = 0;
};

// A LoadError built field by field (GCC 12 warns, wrongly, about braced initialisation of it).
LoadError make_error(sim::SourceLocation where, std::string message, std::string hint = {});

// "a list", "a mapping", "null", "'text'" or "the quoted string \"800\"", for "got ..." in
// messages.
std::string describe(const YAML::Node& node);

// A number in the shortest text that reads back to the same value ("0.001", "1e+20", "800").
std::string number_text(double v);

// A scalar's text that reads as a finite decimal number ("-1.5e3"; not ".inf", "0x1F"): the one
// grammar of numbers, shared with the command line (sim/input_text.h).
using sim::parse_decimal;

// A value of the file as a message echoes it: at most 80 characters, then "…" (sim/input_text.h).
using sim::echo;

// Whether a scalar was written without quotes (and not as a block scalar).
bool is_plain(const YAML::Node& node);

}  // namespace agentsim::scenarios::detail
