#include "file_io.h"

#include <unistd.h>

#include <cerrno>
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

bool write_file_atomically(const std::string& path, const std::string& content,
                           std::string& error) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      error = tmp + ": cannot create: " + std::strerror(errno);
      return false;
    }
    errno = 0;
    out << content;
    out.flush();
    if (!out) {
      const int err = errno;
      error = tmp + ": write error" + (err != 0 ? std::string(": ") + std::strerror(err) : "");
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    error = path + ": cannot rename temporary file: " + std::strerror(errno);
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace agentsim::app
