// Reading and atomically writing files: nothing is ever half-written (write a temporary file
// beside the target, then rename it over the target).
#pragma once

#include <optional>
#include <string>

namespace agentsim::app {

// nullopt when the file cannot be read; `error` then says why.
std::optional<std::string> read_file(const std::string& path, std::string& error);

// Writes `content` to `path` via `path.tmp-<pid>` and rename(2). false with `error` on failure.
bool write_file_atomically(const std::string& path, const std::string& content,
                           std::string& error);

}  // namespace agentsim::app
