// Reading and atomically writing files: nothing is ever half-written (write a temporary file
// beside the target, then rename it over the target).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace agentsim::app {

// The largest file read_file reads: a report.json of a big suite (the bundled suite's is about
// 1 MB) fits many times over; /dev/zero or a runaway log does not.
inline constexpr std::uintmax_t kMaxReadFileBytes = std::uintmax_t{64} << 20;  // 64 MiB

// The whole content of a regular file of at most `max_bytes`, with the scenario loader's guards:
// a missing file, a directory, anything but a regular file (a FIFO, /dev/zero, a socket) and a
// larger file are refused without reading it (a file that grows while it is read is cut off at
// the limit and refused too). nullopt when the file cannot be read; `error` then says why,
// starting with the path.
std::optional<std::string> read_file(const std::string& path, std::string& error,
                                     std::uintmax_t max_bytes = kMaxReadFileBytes);

// Writes `content` to `path` via `path.tmp-<pid>` and rename(2). false with `error` on failure,
// which names the file and gives the system's reason ("No space left on device").
bool write_file_atomically(const std::string& path, const std::string& content,
                           std::string& error);

}  // namespace agentsim::app
