#include "doc_sync.h"

#include <fmt/format.h>

#include <cstdio>

#include "agentsim/reports/catalog.h"
#include "exit_codes.h"
#include "file_io.h"

namespace agentsim::app {

int sync_generated_doc(const std::string& command, const std::string& path, bool check_only) {
  std::string error;
  const auto doc = read_file(path, error);
  if (!doc) {
    fmt::print(stderr, "agentsim {}: {}\n", command, error);
    return kExitUsage;
  }
  int sections = 0;
  const auto refreshed = reports::refresh_generated_sections(*doc, sections);
  if (!refreshed || sections == 0) {
    fmt::print(stderr,
               "agentsim {}: {}: no complete generated section found (expected a line "
               "'<!-- BEGIN GENERATED: <tag> (do not edit by hand) -->' and a later "
               "'<!-- END GENERATED -->')\n",
               command, path);
    return kExitUsage;
  }
  if (check_only) {
    if (*refreshed == *doc) return kExitOk;
    fmt::print(stderr,
               "agentsim {}: {} is stale: its generated sections differ from what agentsim "
               "generates now.\nRun: build/agentsim {} --update-doc {}\n",
               command, path, command, path);
    return kExitFailed;
  }
  if (*refreshed != *doc && !write_file_atomically(path, *refreshed, error)) {
    fmt::print(stderr, "agentsim {}: {}\n", command, error);
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace agentsim::app
