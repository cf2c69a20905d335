#include "file_io.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace agentsim::app {

namespace {

std::string size_text(std::uintmax_t bytes) {
  return bytes % (1u << 20) == 0 ? std::to_string(bytes >> 20) + " MiB"
                                 : std::to_string(bytes) + " bytes";
}

}  // namespace

std::optional<std::string> read_file(const std::string& path, std::string& error,
                                     std::uintmax_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    error = path + ": cannot open: " + (ec ? ec.message() : std::string("No such file or directory"));
    return std::nullopt;
  }
  if (fs::is_directory(status)) {
    error = path + ": is a directory, not a file";
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    error = path + ": not a regular file (a device, a FIFO or a socket is not read)";
    return std::nullopt;
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > max_bytes) {
    error = path + ": the file is " + std::to_string(size) + " bytes, more than the limit of " +
            size_text(max_bytes);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open: " + std::strerror(errno);
    return std::nullopt;
  }
  // Read at most one byte more than the limit, so that a file growing meanwhile is caught.
  std::string content;
  char buffer[65536];
  while (in && content.size() <= max_bytes) {
    in.read(buffer, sizeof buffer);
    content.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    error = path + ": read error: " + std::strerror(errno);
    return std::nullopt;
  }
  if (content.size() > max_bytes) {
    error = path + ": the file is more than the limit of " + size_text(max_bytes);
    return std::nullopt;
  }
  return content;
}

namespace {

// errno's text, for messages.
std::string reason(int err) { return std::strerror(err); }

// open(2) of a file that must not exist: a symlink at `path`, even one pointing nowhere, makes it
// fail with EEXIST, so it is never followed. -1 with errno on failure.
int open_new(const std::string& path, unsigned mode) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                static_cast<mode_t>(mode));
  } while (fd < 0 && errno == EINTR);
  return fd;
}

// Writes all of `content`, resuming after a short write or a signal. false with errno.
bool write_all(int fd, const std::string& content) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) {  // not expected of a regular file; stop rather than spin
      errno = EIO;
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

bool fsync_fd(int fd) {
  int rc;
  do {
    rc = ::fsync(fd);
  } while (rc != 0 && errno == EINTR);
  return rc == 0;
}

// Writes and syncs `content` to the new file `fd` (which it closes); on failure removes `path`
// and says why in `error`.
bool fill_new_file(int fd, const std::string& path, const std::string& content,
                   std::string& error) {
  const char* step = nullptr;
  int err = 0;
  if (!write_all(fd, content)) {
    step = "write error";
    err = errno;
  } else if (!fsync_fd(fd)) {
    step = "cannot sync to disk";
    err = errno;
  }
  if (::close(fd) != 0 && step == nullptr) {  // NFS reports some write errors only at close
    step = "write error";
    err = errno;
  }
  if (step == nullptr) return true;
  error = path + ": " + step + ": " + reason(err);
  ::unlink(path.c_str());
  return false;
}

// "dir/.name.tmp-" + suffix, the name shortened so that the whole stays within NAME_MAX.
std::string temp_name(const std::filesystem::path& target) {
  const std::string name = target.filename().string();
  const std::string stem = "." + name.substr(0, std::min<std::size_t>(name.size(), 200)) + ".tmp-";
  return (target.parent_path() / (stem + random_suffix())).string();
}

}  // namespace

std::string random_suffix() {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char bytes[6];
  if (::getrandom(bytes, sizeof bytes, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof bytes)) {
    // No entropy yet (early boot) or no getrandom: O_EXCL still makes the name safe; this only
    // makes a clash unlikely. splitmix64 of the pid, a counter and the clock.
    static std::atomic<std::uint64_t> counter{0};
    std::uint64_t x = (static_cast<std::uint64_t>(::getpid()) << 32) ^ counter.fetch_add(1) ^
                      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    x ^= x >> 31;
    for (unsigned char& b : bytes) {
      b = static_cast<unsigned char>(x);
      x >>= 8;
    }
  }
  std::string out;
  for (unsigned char b : bytes) out += kAlphabet[b % (sizeof kAlphabet - 1)];
  return out;
}

bool write_new_file(const std::string& path, const std::string& content, std::string& error,
                    unsigned mode) {
  const int fd = open_new(path, mode);
  if (fd < 0) {
    const int err = errno;
    error = path + ": cannot create: " + reason(err) +
            (err == EEXIST ? " (something is already there; it is left alone)" : "");
    return false;
  }
  return fill_new_file(fd, path, content, error);
}

bool fsync_directory(const std::string& path, std::string& error) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    error = path + ": cannot open the directory to sync it: " + reason(errno);
    return false;
  }
  const bool ok = fsync_fd(fd);
  const int err = errno;
  ::close(fd);
  // Some file systems cannot sync a directory (EINVAL): the rename is then as durable as they
  // make it, which is all that can be had.
  if (!ok && err != EINVAL) {
    error = path + ": cannot sync the directory to disk: " + reason(err);
    return false;
  }
  return true;
}

bool write_file_atomically(const std::string& path, const std::string& content,
                           std::string& error) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (target.filename().empty()) {
    error = path + ": names a directory, not a file";
    return false;
  }
  // The target is replaced only when it is a regular file (or absent): rename(2) would replace a
  // symlink itself, but whoever planted it expects what it points at to be written — refuse,
  // as for a directory, a FIFO or a device.
  struct stat st {};
  unsigned mode = 0644;
  bool replacing = false;
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) {
      error = path + ": not a regular file (a symlink, a directory, a FIFO or a device is never "
                     "replaced or written through)";
      return false;
    }
    mode = st.st_mode & 07777;  // keep the permissions of the file replaced
    replacing = true;
  } else if (errno != ENOENT) {
    error = path + ": cannot write: " + reason(errno);
    return false;
  }
  std::string tmp;
  int fd = -1;
  int err = 0;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    tmp = temp_name(target);
    fd = open_new(tmp, mode);
    err = errno;
    if (fd < 0 && err != EEXIST) break;  // EEXIST: a name taken (or planted); draw another
  }
  if (fd < 0) {
    error = path + ": cannot create a temporary file beside it (" + tmp + "): " + reason(err);
    return false;
  }
  // open(2) applied the umask; a replaced file's own mode is restored exactly.
  if (replacing) (void)::fchmod(fd, static_cast<mode_t>(mode));
  if (!fill_new_file(fd, tmp, content, error)) return false;
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    error = path + ": cannot rename the temporary file over it: " + reason(errno);
    ::unlink(tmp.c_str());
    return false;
  }
  const std::string dir = target.parent_path().empty() ? "." : target.parent_path().string();
  if (!fsync_directory(dir, error)) {
    error = path + ": written, but " + error;  // the new content is in place, perhaps not on disk
    return false;
  }
  return true;
}

}  // namespace agentsim::app
