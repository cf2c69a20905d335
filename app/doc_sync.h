// Refreshing (--update-doc) or checking (--check-doc) the generated sections of a document.
#pragma once

#include <string>

namespace agentsim::app {

// Returns an exit code: 0 done / up to date, 1 stale (check), 2 unreadable or no markers.
int sync_generated_doc(const std::string& command, const std::string& path, bool check_only);

}  // namespace agentsim::app
