// Reading files with guards, and writing them so that nothing is ever half-written or written
// through a symlink: every file agentsim writes is created new (O_CREAT|O_EXCL|O_NOFOLLOW), never
// opened over what is already there, and reaches its name by rename(2) once it is complete and on
// disk (fsync of the file, then of its directory).
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

// Replaces (or creates) the regular file `path` with `content`, all or nothing:
//   1. a temporary file `.<name>.tmp-XXXXXX` is created in the target's directory with a fresh
//      random suffix, O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC and mode 0644 less the umask (the mode
//      of the file it replaces, when there is one) — a file or symlink planted at that name is
//      never opened, another name is drawn;
//   2. the whole content is written (short writes and EINTR are resumed) and fsync'ed;
//   3. the temporary file is renamed over `path`, and the directory is fsync'ed.
// A target that exists and is not a regular file — a symlink, a directory, a FIFO, a device — is
// refused before anything is created: what a symlink points at is never written. false with
// `error` on failure, which names the file and gives the system's reason ("No space left on
// device"); the temporary file is then removed and `path` is as it was — except when only the
// last step, the directory's fsync, fails: the file is then replaced, and `error` says so.
bool write_file_atomically(const std::string& path, const std::string& content,
                           std::string& error);

// Creates the file `path`, which must not exist yet (not even as a dangling symlink), writes
// `content` and fsyncs it: O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, mode 0644 less the umask (or
// `mode`). For a file in a directory this process just created (a report set being assembled).
// false with `error` (naming the file, with the system's reason) on failure; a file it created is
// then removed.
bool write_new_file(const std::string& path, const std::string& content, std::string& error,
                    unsigned mode = 0644);

// fsync(2) of a directory, so that the entries renamed or created in it are on disk. false with
// `error` on failure.
bool fsync_directory(const std::string& path, std::string& error);

// Six characters of [A-Za-z0-9] for a temporary name, from getrandom(2) (a mix of the process id,
// a counter and the clock if it fails). Uniqueness comes from O_EXCL / mkdir, not from this.
std::string random_suffix();

}  // namespace agentsim::app
