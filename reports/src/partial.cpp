#include "agentsim/reports/partial.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "agentsim/sim/center.h"
#include "agentsim/sim/monte_carlo.h"
#include "scenario_settings.h"

namespace agentsim::reports {

namespace {

using Json = nlohmann::json;

// FNV-1a, 64 bits: a fingerprint to notice a change, not a defence against a forger.
std::string fnv1a_hex(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", h);
}

std::string layout() { return sim::summary_layout() + " " + sim::center_summary_layout(); }

// Readers that say which key is wrong; each returns an error sentence, or empty.
std::string need(const Json& j, const char* key, const char* what) {
  return j.contains(key) ? std::string() : fmt::format("missing \"{}\" ({})", key, what);
}

bool get_u64(const Json& j, const char* key, std::uint64_t& out) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_unsigned()) return false;
  out = it->get<std::uint64_t>();
  return true;
}

bool get_strings(const Json& j, const char* key, std::vector<std::string>& out) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return false;
  for (const Json& v : *it) {
    if (!v.is_string()) return false;
    out.push_back(v.get<std::string>());
  }
  return true;
}

std::string parse_run(const Json& j, PartialRunOptions& run) {
  if (!j.is_object()) return "\"run\" is not an object";
  if (!get_strings(j, "paths", run.paths)) return "\"run\".\"paths\" is not a list of strings";
  if (!get_strings(j, "scenarios", run.scenario_names)) return "\"run\".\"scenarios\" is not a list of strings";
  if (!get_u64(j, "seed", run.seed) || !get_u64(j, "sessions", run.sessions) || !get_u64(j, "shifts", run.shifts)) {
    return "\"run\" needs \"seed\", \"sessions\" and \"shifts\" as whole numbers";
  }
  const auto c = j.find("confidence");
  if (c == j.end() || !c->is_number() || !(c->get<double>() >= sim::kMinConfidence) ||
      !(c->get<double>() <= sim::kMaxConfidence)) {
    return fmt::format("\"run\".\"confidence\" must be a number from {} to {}", sim::kMinConfidence,
                       sim::kMaxConfidence);
  }
  run.confidence = c->get<double>();
  return {};
}

std::string parse_scenario(const Json& j, std::size_t index, PartialScenario& s) {
  const std::string where = fmt::format("scenario {}", index + 1);
  if (!j.is_object()) return where + " is not an object";
  const auto name = j.find("name");
  const auto kind = j.find("kind");
  const auto fp = j.find("fingerprint");
  if (name == j.end() || !name->is_string() || fp == j.end() || !fp->is_string() || kind == j.end() ||
      !kind->is_string() || (*kind != "sessions" && *kind != "shifts")) {
    return where + " needs \"name\", \"fingerprint\" and \"kind\" (\"sessions\" or \"shifts\")";
  }
  s.name = name->get<std::string>();
  s.center = *kind == "shifts";
  s.fingerprint = fp->get<std::string>();
  if (const auto st = j.find("settings"); st != j.end()) {
    if (!st->is_object()) return fmt::format("scenario '{}': \"settings\" is not an object", s.name);
    for (const auto& [k, v] : st->items()) {
      if (!v.is_string()) return fmt::format("scenario '{}': setting \"{}\" is not a string", s.name, k);
      s.settings[k] = v.get<std::string>();
    }
  }
  const auto slices = j.find("slices");
  if (slices == j.end() || !slices->is_array() || slices->empty() || slices->size() > kMaxShardRounds) {
    return fmt::format("scenario '{}': \"slices\" must be a list of 1 to {} slices", s.name, kMaxShardRounds);
  }
  for (std::size_t k = 0; k < slices->size(); ++k) {
    const Json& e = (*slices)[k];
    PartialSlice slice;
    std::uint64_t round = 0;
    if (!e.is_object() || !get_u64(e, "round", round) || !get_u64(e, "first", slice.slice.first) ||
        !get_u64(e, "count", slice.slice.count) || round != k) {
      return fmt::format("scenario '{}': slice {} needs \"round\" (= {}), \"first\" and \"count\" as whole numbers",
                         s.name, k + 1, k);
    }
    slice.round = static_cast<std::size_t>(round);
    const auto words = e.find("tally");
    if (words == e.end() || !words->is_array()) {
      return fmt::format("scenario '{}': slice {} has no \"tally\" list", s.name, k + 1);
    }
    for (const Json& w : *words) {
      if (!w.is_number_unsigned()) {
        return fmt::format("scenario '{}': slice {}'s tally holds something other than whole numbers below 2^64",
                           s.name, k + 1);
      }
      slice.tally.push_back(w.get<std::uint64_t>());
    }
    std::string error;
    bool ok = false;
    std::uint64_t counted = 0;
    if (s.center) {
      sim::CenterSummary c;
      ok = sim::decode_words(slice.tally, c, error);
      counted = c.shifts;
    } else {
      sim::Summary m;
      ok = sim::decode_words(slice.tally, m, error);
      counted = m.sessions;
    }
    if (!ok) return fmt::format("scenario '{}': slice {}: {}", s.name, k + 1, error);
    if (counted != slice.slice.count) {
      return fmt::format("scenario '{}': slice {} counts {} {} but says it ran {}", s.name, k + 1, counted,
                         s.center ? "shifts" : "sessions", slice.slice.count);
    }
    s.slices.push_back(std::move(slice));
  }
  return {};
}

}  // namespace

std::string scenario_fingerprint(const sim::Scenario& scenario, const sim::RunOptions& options,
                                 std::map<std::string, std::string>* settings) {
  sim::ScenarioResult r;
  r.scenario = scenario;
  if (options.seed_override != 0) r.scenario.seed = options.seed_override;
  r.report_confidence = options.report_confidence;
  if (scenario.center) r.center.emplace();
  const Json record = detail::scenario_record(r);
  if (settings != nullptr) *settings = detail::scenario_settings(record);
  // The rounds the options give are part of what the shards ran.
  std::string rounds;
  for (const sim::SamplingRound& round : sim::sampling_rounds(scenario, options)) {
    rounds += fmt::format("{}+{};", round.first, round.count);
  }
  return fnv1a_hex(record.dump(-1, ' ', false, Json::error_handler_t::replace) + rounds);
}

sim::SamplingRound shard_slice(const sim::SamplingRound& round, unsigned index, unsigned count) {
  const auto at = [&](unsigned k) {
    return static_cast<std::uint64_t>(static_cast<unsigned __int128>(round.count) * k / count);
  };
  return {round.first + at(index - 1), at(index) - at(index - 1)};
}

std::string render_partial(const Partial& p) {
  Json scenarios = Json::array();
  for (const PartialScenario& s : p.scenarios) {
    Json slices = Json::array();
    for (const PartialSlice& slice : s.slices) {
      slices.push_back({{"round", slice.round},
                        {"first", slice.slice.first},
                        {"count", slice.slice.count},
                        {"tally", slice.tally}});
    }
    Json settings = Json::object();
    for (const auto& [k, v] : s.settings) settings[k] = v;
    scenarios.push_back({{"name", s.name},
                         {"kind", s.center ? "shifts" : "sessions"},
                         {"fingerprint", s.fingerprint},
                         {"settings", settings},
                         {"slices", slices}});
  }
  const Json doc{{"schema", kPartialSchema},
                 {"layout", layout()},
                 {"shard", {{"index", p.shard_index}, {"count", p.shard_count}}},
                 {"rounds", p.rounds == kAllRounds ? Json("all") : Json(p.rounds)},
                 {"suite", p.suite_name},
                 {"run",
                  {{"paths", p.run.paths},
                   {"scenarios", p.run.scenario_names},
                   {"seed", p.run.seed},
                   {"sessions", p.run.sessions},
                   {"shifts", p.run.shifts},
                   {"confidence", p.run.confidence}}},
                 {"scenarios", scenarios}};
  // One scenario per line would be easier on the eye, but the tallies are long: compact JSON,
  // with a newline at the end.
  return doc.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::optional<Partial> parse_partial(const std::string& text, std::string& error) {
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    error = fmt::format("not valid JSON: {}", e.what());
    return std::nullopt;
  }
  if (!doc.is_object() || !doc.contains("schema") || !doc["schema"].is_string()) {
    error = "missing \"schema\" (not an agentsim partial result? `agentsim run --shard i/n` writes them)";
    return std::nullopt;
  }
  if (doc["schema"] != kPartialSchema) {
    error = fmt::format("unsupported schema \"{}\" (expected {})", doc["schema"].get<std::string>(), kPartialSchema);
    return std::nullopt;
  }
  if (!doc.contains("layout") || !doc["layout"].is_string() || doc["layout"] != layout()) {
    error = fmt::format(
        "written by another agentsim build (accumulator layout \"{}\", this build's \"{}\"): run every shard and the "
        "merge with the same agentsim",
        doc.contains("layout") && doc["layout"].is_string() ? doc["layout"].get<std::string>() : "?", layout());
    return std::nullopt;
  }
  Partial p;
  for (const char* key : {"shard", "rounds", "suite", "run", "scenarios"}) {
    if (std::string e = need(doc, key, "an agentsim partial result has it"); !e.empty()) {
      error = e;
      return std::nullopt;
    }
  }
  std::uint64_t index = 0, count = 0;
  if (!doc["shard"].is_object() || !get_u64(doc["shard"], "index", index) || !get_u64(doc["shard"], "count", count) ||
      count < 1 || count > kMaxShards || index < 1 || index > count) {
    error = fmt::format("\"shard\" needs \"index\" and \"count\" with 1 <= index <= count <= {}", kMaxShards);
    return std::nullopt;
  }
  p.shard_index = static_cast<unsigned>(index);
  p.shard_count = static_cast<unsigned>(count);
  const Json& rounds = doc["rounds"];
  if (rounds == "all") {
    p.rounds = kAllRounds;
  } else if (rounds.is_number_unsigned() && rounds.get<std::uint64_t>() >= 1 &&
             rounds.get<std::uint64_t>() <= kMaxShardRounds) {
    p.rounds = static_cast<unsigned>(rounds.get<std::uint64_t>());
  } else {
    error = fmt::format("\"rounds\" must be 1 to {} or \"all\"", kMaxShardRounds);
    return std::nullopt;
  }
  if (!doc["suite"].is_string()) {
    error = "\"suite\" is not a string";
    return std::nullopt;
  }
  p.suite_name = doc["suite"].get<std::string>();
  if (std::string e = parse_run(doc["run"], p.run); !e.empty()) {
    error = e;
    return std::nullopt;
  }
  if (!doc["scenarios"].is_array()) {
    error = "\"scenarios\" is not a list";
    return std::nullopt;
  }
  for (std::size_t i = 0; i < doc["scenarios"].size(); ++i) {
    PartialScenario s;
    if (std::string e = parse_scenario(doc["scenarios"][i], i, s); !e.empty()) {
      error = e;
      return std::nullopt;
    }
    p.scenarios.push_back(std::move(s));
  }
  return p;
}

}  // namespace agentsim::reports
