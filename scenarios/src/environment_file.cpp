#include "environment_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "agentsim/sim/environment.h"

namespace agentsim::scenarios::detail {

namespace {

namespace fs = std::filesystem;

// The file's text, or an error sentence in `error`.
std::optional<std::string> read_text(const fs::path& path, std::string& error) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    error = "no such file";
    return std::nullopt;
  }
  if (!fs::is_regular_file(st)) {
    error = "not a regular file";
    return std::nullopt;
  }
  const auto size = fs::file_size(path, ec);
  if (ec || size > kMaxEnvironmentFileBytes) {
    error = ec ? ec.message() : "larger than the limit of 1 MiB";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string text(kMaxEnvironmentFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxEnvironmentFileBytes) {
    error = "larger than the limit of 1 MiB";
    return std::nullopt;
  }
  if (in.bad()) {
    error = "cannot be read";
    return std::nullopt;
  }
  return text;
}

}  // namespace

void read_environment_file(Reader& reader, const Field& f, bool center, sim::Scenario& s) {
  const auto written = reader.name(f, "environment_file");
  if (!written) return;
  if (reader.file().rfind("<bundled>", 0) == 0) {
    reader.error(f, "environment_file: the bundled suite is compiled in and reads no files");
    return;
  }
  fs::path path(*written);
  if (path.is_relative()) path = fs::path(reader.file()).parent_path() / path;
  std::string problem;
  const auto text = read_text(path, problem);
  if (!text) {
    reader.error(f, "environment_file: " + path.string() + ": " + problem,
                 "the path is relative to the scenario file; `agentsim conform --out DIR` writes "
                 "DIR/environment.yaml");
    return;
  }
  Reader sub(path.string());
  YAML::Node root;
  try {
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    reader.error(sub.where(e.mark), "environment file: not YAML: " + e.msg);
    return;
  }
  if (!root.IsMap()) {
    reader.error({path.string(), 1, 1},
                 "environment file: expected a mapping with `environment:` (and `measured_from:`)");
    return;
  }
  KeySpec top{"key", "in an environment file", {"measured_from", "environment"}, "valid keys", "", {}};
  KeySpec params{"environment parameter", "", {}, "environment parameters",
                 "`agentsim list` shows every environment parameter", {}};
  for (const sim::EnvironmentParameter& p : sim::environment_parameters()) params.known.emplace_back(p.name);
  std::string measured_from = path.filename().string();
  for (const Field& e : sub.entries(root, top)) {
    if (e.key == "measured_from") {
      if (auto v = sub.name(e, "measured_from")) measured_from = sim::echo(*v);
    } else if (e.key == "environment" && !e.value.IsNull()) {
      if (!sub.is_mapping(e, "environment", "a mapping of environment parameters")) continue;
      for (const Field& p : sub.entries(e.value, params)) {
        const sim::EnvironmentParameter* info = sim::find_environment_parameter(p.key);
        const auto v = sub.number(p, "environment." + p.key);
        if (info == nullptr || !v) continue;
        if (*v < info->min_value || *v > info->max_value) {
          sub.error(p, "environment." + p.key + ": " + number_text(*v) + " is outside [" +
                           number_text(info->min_value) + ", " + number_text(info->max_value) + "]");
          continue;
        }
        if (center && (p.key == "contact_arrival_rate_per_min" || p.key == "horizon_after_close_ms")) {
          continue;  // not read in a center scenario (center.contact_rate_per_min, after_shift_ms)
        }
        s.session.env.*(info->field) = *v;
        s.measured.emplace_back(p.key, "");
        s.overrides.emplace_back("environment_file." + p.key, p.value.Scalar());
      }
    }
  }
  for (auto& m : s.measured) m.second = measured_from;
  for (LoadError& e : sub.take_errors()) reader.error(e.where, e.message, e.hint);
  s.environment_file = path.string();
}

}  // namespace agentsim::scenarios::detail
