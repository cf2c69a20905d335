// libFuzzer harness of the scenario loader: any bytes, read as a scenario file
// (load_scenario_text, the function behind `agentsim run`, `validate`, `replay`, `fuzz` and
// `check`), must load or be refused with errors — never crash, hang or throw.
//
// A finding is anything that aborts: an ASan or UBSan report, an exception escaping the loader
// (uncaught here, it terminates), a timeout, or a broken promise of loader.h checked below —
// including the loader's own "internal error while reading", which it reports instead of letting
// an exception escape but which names a bug (the CLI would exit 4, not 2). Corpus:
// fuzz/corpus/scenario/; dictionary: fuzz/scenario.dict (docs/fuzzing.md).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "agentsim/scenarios/loader.h"

namespace {

const char* const kFile = "fuzz.yaml";

// Messages echo at most kEchoMaxChars characters of the file (sim/input_text.h): a message or
// hint longer than this echoes more than it should.
constexpr std::size_t kMaxMessageBytes = 4096;

[[noreturn]] void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "scenario_fuzzer: %s\n%s\n", what, detail.c_str());
  std::abort();
}

// `last`: the file's last error, which alone may lack a location — the notice that the errors were
// cut at Reader::kMaxErrors ("too many errors; only the first 100 are shown").
void check_error(const agentsim::scenarios::LoadError& e, bool last) {
  const std::string text = e.format();
  if (e.message.rfind("internal error", 0) == 0) finding("the loader reported an internal error", text);
  if (e.message.empty()) finding("an error without a message", text);
  if (e.where.file != kFile) finding("an error that names another file", text);
  const bool cut_notice = last && e.message.rfind("too many errors", 0) == 0;
  if ((e.where.line < 1 || e.where.column < 1) && !cut_notice) {
    finding("an error without a 1-based line and column", text);
  }
  if (e.message.size() > kMaxMessageBytes || e.hint.size() > kMaxMessageBytes) {
    finding("an error message longer than 4 KiB", text.substr(0, 1000));
  }
}

// The simulator REQUIRES what the loader promises to have checked (session.h, center.h).
void check_scenario(const agentsim::sim::Scenario& s) {
  if (s.name.empty()) finding("a scenario without a name", "");
  if (s.sessions < 1 || s.max_sessions < s.sessions) finding("sessions out of order", s.name);
  if (const auto problems = s.session.validate(); !problems.empty()) {
    finding("a loaded scenario the simulator refuses", problems[0]);
  }
  if (s.center) {
    if (const auto problems = s.center->validate(); !problems.empty()) {
      finding("a loaded center scenario the simulator refuses", problems[0]);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const agentsim::scenarios::LoadResult r = agentsim::scenarios::load_scenario_text(text, kFile);
  for (std::size_t i = 0; i < r.errors.size(); ++i) check_error(r.errors[i], i + 1 == r.errors.size());
  for (const agentsim::sim::Scenario& s : r.scenarios) check_scenario(s);
  if (!r.ok() && !r.scenarios.empty()) finding("a file with errors yielded scenarios", r.errors[0].format());
  if (r.ok() && r.scenarios.empty()) finding("a file loaded without errors yielded no scenario", "");
  if (r.scenarios.size() > agentsim::scenarios::kMaxScenariosPerFile) {
    finding("more scenarios than kMaxScenariosPerFile", std::to_string(r.scenarios.size()));
  }
  return 0;
}
