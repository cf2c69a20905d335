// Reading files and directories of scenario files.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "agentsim/scenarios/loader.h"
#include "combiner.h"
#include "text_scan.h"

namespace agentsim::scenarios {

namespace fs = std::filesystem;

namespace {

// A file that cannot be loaded: the error is about the whole file (at 1:1 when it was opened).
LoadResult failure(const std::string& path, bool opened, std::string message,
                   std::string hint = {}) {
  LoadResult r;
  r.suite_name = fs::path(path).stem().string();
  r.errors.push_back(detail::file_error(path, std::move(message), std::move(hint)));
  r.errors.back().where.line = r.errors.back().where.column = opened ? 1 : 0;
  return r;
}

bool is_scenario_file(const fs::directory_entry& entry) {
  const std::string name = entry.path().filename().string();
  const std::string ext = entry.path().extension().string();
  std::error_code ec;
  return name[0] != '.' && (ext == ".yaml" || ext == ".yml") && entry.is_regular_file(ec);
}

// The scenario files of a directory in name order, or an error.
std::vector<std::string> list_directory(const std::string& dir, detail::Combiner& combiner) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (is_scenario_file(*it)) files.push_back((fs::path(dir) / it->path().filename()).string());
  }
  if (ec) {
    combiner.add_error(detail::file_error(dir, "cannot read the directory: " + ec.message()));
    return {};
  }
  if (files.empty()) {
    combiner.add_error(
        detail::file_error(dir, "no scenario files (*.yaml, *.yml) in this directory"));
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string directory_name(const std::string& dir) {
  fs::path p = fs::path(dir).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  const std::string name = p.filename().string();
  return name.empty() || name == "." ? fs::absolute(p).filename().string() : name;
}

}  // namespace

LoadResult load_scenario_file(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return failure(path, false,
                   "cannot read the file: " + (ec ? ec.message() : "No such file or directory"));
  }
  if (fs::is_directory(status)) return failure(path, false, "is a directory, not a scenario file");
  if (!fs::is_regular_file(status)) {
    return failure(path, false, "not a regular file",
                   "give a scenario file (*.yaml) or a directory of them");
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return failure(path, false, "cannot read the file: " + ec.message());
  if (const auto issue = detail::check_size(size))
    return failure(path, true, issue->message, issue->hint);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  if (in) content << in.rdbuf();
  if (!in || in.bad())
    return failure(path, false, std::string("cannot read the file: ") + std::strerror(errno));
  return load_scenario_text(content.str(), path);
}

LoadResult load_paths(const std::vector<std::string>& paths) {
  detail::Combiner combiner;
  if (paths.empty()) combiner.add_error(detail::file_error("", "no scenario files given"));
  std::vector<std::string> names;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      names.push_back(directory_name(path));
      for (const std::string& file : list_directory(path, combiner)) {
        combiner.add(load_scenario_file(file));
      }
    } else {
      names.push_back(fs::path(path).stem().string());
      combiner.add(load_scenario_file(path));
    }
  }
  std::string fallback;
  for (const std::string& n : names) fallback += (fallback.empty() ? "" : "+") + n;
  return combiner.finish(fallback);
}

}  // namespace agentsim::scenarios
