// Reading Agent Event Stream files: one JSON record per line (what Kinesis Firehose delivers), or
// one JSON array of records. Both versions (2017-10-01, 2019-05-25) and both spellings of the next
// status's time (EnqueueTimestamp, EnqueuedTimestamp) are read; unknown fields are ignored.
//
// Bad input gets what scenario files get: every error names file:line:column and what was
// expected; a record that is not JSON, lacks AgentARN / EventId / EventTimestamp / EventType, or
// has a field of the wrong type is refused with its line. Limits bound everything (below); a file
// beyond one is refused with a message naming the limit. Nothing here reads files: the caller
// passes the text (app/conform_command.cpp reads with app/file_io.h's guards).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "agentsim/conform/record.h"

namespace agentsim::conform {

// "Put a limit on everything."
struct ReadLimits {
  std::size_t file_bytes = std::size_t{512} << 20;  // one input file, 512 MiB
  std::size_t record_bytes = std::size_t{1} << 20;  // one record (a line), 1 MiB
  std::size_t records = 5000000;                    // records of all files together
  std::size_t agents = 100000;                      // distinct AgentARNs of all files
  std::size_t contacts_per_snapshot = 64;           // Contacts[] of one snapshot
  int nesting_depth = 32;                           // JSON nesting of one record
  std::size_t errors = 20;                          // errors reported before the reader stops
};

struct ReadError {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  // "file:line:column: error: message"
  std::string format() const;
};

struct ReadResult {
  std::vector<Record> records;     // in input order
  std::vector<ReadError> errors;   // empty when every record was read
  std::vector<std::string> notes;  // tolerated oddities ("2 records of an unknown Version")
  bool ok() const { return errors.empty(); }
};

// Reads the records of one file's `text` into `into` (appending; `into.records.size()` numbers
// them). `agents_seen` counts distinct AgentARNs across calls (for ReadLimits::agents).
void read_records(std::string_view text, const std::string& file, const ReadLimits& limits,
                  ReadResult& into, std::unordered_set<std::string>& agents_seen);

}  // namespace agentsim::conform
