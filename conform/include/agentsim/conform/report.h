// What `agentsim conform` says: the conformance findings, the ghost suspects, the fitted
// parameters — as text for people and as JSON for scripts. Strings only; the app prints them.
#pragma once

#include <string>
#include <vector>

#include "agentsim/conform/calibration.h"
#include "agentsim/conform/conformance.h"

namespace agentsim::conform {

struct ReportContext {
  std::vector<std::string> files;    // the logs read
  std::vector<std::string> notes;    // the reader's and the analysis' notes
  std::string profile;               // the platform profile driven
  std::string status_types_source;   // "--status-types FILE", or "the records' Type and the defaults"
  double confidence = 0.95;
  std::size_t max_findings = 50;     // unaccepted transitions listed (all are counted)
};

// Ghost-suspect totals over every agent.
struct SuspectTotals {
  std::size_t intervals = 0;
  std::size_t ended_by_missed = 0;   // with at least one missed contact
  std::size_t ended_by_offline = 0;  // without a missed contact, ended by an Offline
  std::size_t censored = 0;
  std::uint64_t contacts_missed = 0;
  std::int64_t total_us = 0;
  std::int64_t longest_us = 0;
};
SuspectTotals suspect_totals(const Analysis& a);

std::string render_text(const Analysis& a, const Calibration& c, const ReportContext& ctx);
std::string render_json(const Analysis& a, const Calibration& c, const ReportContext& ctx);

// What the stream cannot show, in one list (for the report and docs/conformance.md).
const std::vector<std::string>& stream_blind_spots();

}  // namespace agentsim::conform
