// libFuzzer harness of the Agent Event Stream reader (`agentsim conform FILE`): any bytes, read as
// a team's stream file, must be read or refused with file:line:column errors — never crash or
// throw (reader.h's contract) — and whatever is read goes the whole way `conform` takes it: the
// records through the model (analyze), the fits (calibrate), the text and JSON reports and the
// environment file. A finding is anything that aborts: an ASan or UBSan report, an exception
// escaping (uncaught here, it terminates), a timeout, or a broken promise checked below.
// Corpus: fuzz/corpus/stream/ (the AWS samples and a simulated center's records); dictionary:
// fuzz/stream.dict (docs/fuzzing.md).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_set>

#include "agentsim/conform/calibration.h"
#include "agentsim/conform/conformance.h"
#include "agentsim/conform/reader.h"
#include "agentsim/conform/report.h"

namespace {

[[noreturn]] void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "stream_fuzzer: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace conform = agentsim::conform;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  conform::ReadLimits limits;
  limits.records = 10000;  // the fuzzer's inputs are small; keep each run fast
  conform::ReadResult read;
  std::unordered_set<std::string> agents;
  conform::read_records(text, "fuzz.jsonl", limits, read, agents);
  if (!read.ok()) {
    for (const conform::ReadError& e : read.errors) {
      if (e.line < 1 || e.column < 1) finding("an error without a position", e.format());
      if (e.message.empty()) finding("an error without a message", e.format());
    }
    // At most the limit, then one "stopped after N errors" (reader.h).
    if (read.errors.size() > limits.errors + 1) {
      finding("more errors than the limit and its notice", std::to_string(read.errors.size()));
    }
    return 0;
  }
  if (read.records.size() > limits.records) finding("more records than the limit", std::to_string(read.records.size()));
  const std::size_t records = read.records.size();
  conform::ConformOptions options;
  const conform::Analysis analysis = conform::analyze(std::move(read.records), options);
  // Every record is analysed or dropped as a duplicate EventId, none lost.
  if (analysis.records + analysis.duplicates != records) {
    finding("analyze lost records", std::to_string(analysis.records) + " + " +
                                        std::to_string(analysis.duplicates) + " duplicates of " +
                                        std::to_string(records));
  }
  const conform::Calibration calibration = conform::calibrate(analysis.samples, 0.95);
  conform::ReportContext ctx;
  ctx.files = {"fuzz.jsonl"};
  ctx.notes = read.notes;
  conform::render_text(analysis, calibration, ctx);
  conform::render_json(analysis, calibration, ctx);
  conform::render_environment_file(calibration, "fuzz.jsonl", 0.95);
  return 0;
}
