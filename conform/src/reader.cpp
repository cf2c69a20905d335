#include "agentsim/conform/reader.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_set>

namespace agentsim::conform {

std::string ReadError::format() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": error: " + message;
}

namespace {

using Json = nlohmann::json;

// One record's text and where it starts.
struct Chunk {
  std::string_view text;
  int line = 1;
  int column = 1;
};

std::string size_text(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0) {
    return std::to_string(bytes >> 20) + " MiB";
  }
  return std::to_string(bytes) + " bytes";
}

class Reader {
 public:
  Reader(std::string_view text, const std::string& file, const ReadLimits& limits, ReadResult& out,
         std::unordered_set<std::string>& agents)
      : text_(text), file_(file), limits_(limits), out_(out), agents_(agents) {}

  void run() {
    if (text_.size() > limits_.file_bytes) {
      error(1, 1, "the file is " + std::to_string(text_.size()) + " bytes, over the limit of " +
                      size_text(limits_.file_bytes) + " per input file: split it");
      return;
    }
    std::size_t start = 0;
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") start = 3;  // a UTF-8 byte order mark
    std::size_t first = start;
    while (first < text_.size() && is_space(text_[first])) ++first;
    if (first < text_.size() && text_[first] == '[') {
      split_array(first);
    } else if (first < text_.size() && text_[first] == '{' && !first_line_is_a_record(first)) {
      split_concatenated(start);  // pretty-printed records, or records with no newline between
    } else {
      split_lines(start);
    }
  }

 private:
  std::string_view text_;
  const std::string& file_;
  const ReadLimits& limits_;
  ReadResult& out_;
  std::unordered_set<std::string>& agents_;

  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
  bool stopped() const { return out_.errors.size() >= limits_.errors; }

  // Messages quote the input (the parser's "last read" token): printable ASCII only, and short,
  // so that a 1 MiB token or a stray control byte never reaches the terminal whole.
  static std::string printable(const std::string& m) {
    std::string out;
    for (char c : m) {
      if (out.size() >= 300) {
        out += "...";
        break;
      }
      const auto u = static_cast<unsigned char>(c);
      out += u >= 0x20 && u < 0x7F ? c : '?';
    }
    return out;
  }

  void error(int line, int column, std::string message) {
    if (stopped()) return;
    message = printable(message);
    out_.errors.push_back({file_, line, column, std::move(message)});
    if (stopped()) {
      out_.errors.push_back({file_, line, column,
                             "stopped after " + std::to_string(limits_.errors) + " errors"});
    }
  }

  void split_lines(std::size_t pos) {
    int line = 1;
    while (pos < text_.size() && !stopped()) {
      std::size_t end = text_.find('\n', pos);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view l = text_.substr(pos, end - pos);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      if (l.size() > limits_.record_bytes) {
        error(line, 1, "line " + std::to_string(line) + " is " + std::to_string(l.size()) +
                           " bytes, over the limit of " + size_text(limits_.record_bytes) +
                           " per record: not read");
      } else if (l.find_first_not_of(" \t") != std::string_view::npos) {
        record(Chunk{l, line, 1});
      }
      pos = end + 1;
      ++line;
    }
  }

  // JSON lines when the first line holds a whole record; else records written across lines.
  bool first_line_is_a_record(std::size_t first) const {
    std::size_t end = text_.find('\n', first);
    if (end == std::string_view::npos) end = text_.size();
    if (end - first > limits_.record_bytes) return true;  // the line reader refuses it
    const std::string_view line = text_.substr(first, end - first);
    return Json::accept(line.begin(), line.end());
  }

  // Strings and bracket depth of a scan over JSON text, one character at a time: what both
  // splitters need to find where a record ends without parsing it.
  struct JsonScan {
    enum Step { Other, InString, Open, Close };
    int depth = 0;
    bool in_string = false, escape = false;
    Step step(char c) {
      if (in_string) {
        if (escape) escape = false;
        else if (c == '\\') escape = true;
        else if (c == '"') in_string = false;
        return InString;
      }
      if (c == '"') {
        in_string = true;
        return InString;
      }
      if (c == '{' || c == '[') return Open;
      if (c == '}' || c == ']') return Close;
      return Other;
    }
  };
  // Counts an opening bracket; past the nesting limit, reports it and says to stop.
  bool too_deep(JsonScan& scan, int line, int column) {
    if (++scan.depth <= limits_.nesting_depth) return false;
    error(line, column, "nested deeper than " + std::to_string(limits_.nesting_depth) +
                            " levels: not an Agent Event Stream record");
    return true;
  }

  // Records one after the other, each over as many lines as it likes (pretty-printed, or
  // concatenated with no separator, as Kinesis Data Firehose delivers them).
  void split_concatenated(std::size_t pos) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i < pos; ++i) advance(text_[i], line, column);
    JsonScan scan;
    std::size_t el_start = 0;
    int el_line = 0, el_column = 0;
    for (; pos < text_.size() && !stopped(); ++pos) {
      const char c = text_[pos];
      if (scan.depth == 0 && !scan.in_string) {
        if (is_space(c)) {
          advance(c, line, column);
          continue;
        }
        if (c != '{') {
          error(line, column, "not a JSON record: expected '{' to start a record");
          while (pos < text_.size() && text_[pos] != '\n') ++pos;
          ++line;
          column = 1;
          continue;
        }
        el_start = pos;
        el_line = line;
        el_column = column;
      }
      const JsonScan::Step step = scan.step(c);
      if (step == JsonScan::Open) {
        if (too_deep(scan, line, column)) return;
      } else if (step == JsonScan::Close) {
        if (--scan.depth == 0) element(el_start, pos + 1, el_line, el_column);
      }
      advance(c, line, column);
    }
    if (scan.depth > 0 && !stopped()) {
      error(el_line, el_column, "the record is not closed (truncated file?)");
    }
  }

  // A JSON array of records: each element is cut out by a scan of brackets and strings, so that
  // every record keeps its own line and a bad one does not hide the others.
  void split_array(std::size_t pos) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i < pos; ++i) advance(text_[i], line, column);
    advance(text_[pos++], line, column);  // '['
    JsonScan scan;
    std::size_t el_start = std::string_view::npos;
    int el_line = 0, el_column = 0;
    for (; pos < text_.size() && !stopped(); ++pos) {
      const char c = text_[pos];
      if (el_start == std::string_view::npos && scan.depth == 0 && !scan.in_string &&
          !is_space(c) && c != ',' && c != ']') {
        el_start = pos;
        el_line = line;
        el_column = column;
      }
      const JsonScan::Step step = scan.step(c);
      if (step == JsonScan::Open) {
        if (too_deep(scan, line, column)) return;
      } else if (step == JsonScan::Close && (c == '}' || scan.depth > 0)) {
        --scan.depth;
      } else if (step != JsonScan::InString && scan.depth == 0 && (c == ',' || c == ']')) {
        if (el_start != std::string_view::npos) element(el_start, pos, el_line, el_column);
        el_start = std::string_view::npos;
        if (c == ']') {
          advance(c, line, column);
          for (++pos; pos < text_.size(); ++pos) {
            if (!is_space(text_[pos])) {
              error(line, column, "text after the closing ']' of the array of records");
              return;
            }
            advance(text_[pos], line, column);
          }
          return;
        }
      }
      advance(c, line, column);
    }
    if (!stopped()) error(line, column, "the array of records is not closed (truncated file?)");
  }

  void element(std::size_t from, std::size_t to, int line, int column) {
    std::string_view t = text_.substr(from, to - from);
    while (!t.empty() && is_space(t.back())) t.remove_suffix(1);
    if (t.size() > limits_.record_bytes) {
      error(line, column, "the record is " + std::to_string(t.size()) + " bytes, over the limit of " +
                              size_text(limits_.record_bytes) + " per record: not read");
      return;
    }
    record(Chunk{t, line, column});
  }

  static void advance(char c, int& line, int& column) {
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }

  // The line and column of byte `offset` of a chunk.
  void position(const Chunk& c, std::size_t offset, int& line, int& column) const {
    line = c.line;
    column = c.column;
    for (std::size_t i = 0; i < offset && i < c.text.size(); ++i) advance(c.text[i], line, column);
  }

  // Where a key is written in the chunk (its first occurrence), else the record's start.
  void key_position(const Chunk& c, std::string_view key, int& line, int& column) const {
    const std::string quoted = "\"" + std::string(key) + "\"";
    const std::size_t at = c.text.find(quoted);
    position(c, at == std::string_view::npos ? 0 : at, line, column);
  }

  void field_error(const Chunk& c, std::string_view key, const std::string& message) {
    int line, column;
    key_position(c, key, line, column);
    error(line, column, message);
  }

  void record(const Chunk& c) {
    if (out_.records.size() >= limits_.records) {
      error(c.line, c.column, "more than " + std::to_string(limits_.records) +
                                  " records in all: the limit of records per run (split the input)");
      return;
    }
    struct TooDeep {};
    const int max_depth = limits_.nesting_depth;
    const auto limit_depth = [max_depth](int depth, Json::parse_event_t event, Json&) {
      const bool opens = event == Json::parse_event_t::object_start ||
                         event == Json::parse_event_t::array_start;
      if (opens && depth >= max_depth) throw TooDeep{};
      return true;
    };
    Json j;
    try {
      j = Json::parse(c.text.begin(), c.text.end(), limit_depth);
    } catch (const Json::parse_error& e) {
      int line, column;
      position(c, e.byte == 0 ? 0 : e.byte - 1, line, column);
      std::string what = e.what();
      const auto colon = what.find("syntax error");
      error(line, column, "not a JSON record: " + (colon == std::string::npos ? what : what.substr(colon)));
      return;
    } catch (const Json::exception& e) {
      error(c.line, c.column, std::string("not a valid JSON record: ") + e.what());
      return;
    } catch (const TooDeep&) {
      error(c.line, c.column, "nested deeper than " + std::to_string(max_depth) +
                                  " levels: not an Agent Event Stream record");
      return;
    }
    if (!j.is_object()) {
      error(c.line, c.column, std::string("expected a JSON object (one record), got ") + j.type_name());
      return;
    }
    Record r;
    r.file = file_;
    r.line = c.line;
    r.order = out_.records.size();
    if (!read_record(c, j, r)) return;
    if (agents_.count(r.agent_arn) == 0) {
      if (agents_.size() >= limits_.agents) {
        field_error(c, "AgentARN", "more than " + std::to_string(limits_.agents) +
                                       " distinct agents: the limit of agents per run");
        return;
      }
      agents_.insert(r.agent_arn);
    }
    out_.records.push_back(std::move(r));
  }

  // A required string field; false (with an error) when missing or not a string.
  bool string_field(const Chunk& c, const Json& j, const char* key, std::string& out, bool required) {
    const auto it = j.find(key);
    if (it == j.end() || (it->is_null() && !required)) {
      if (required) error(c.line, c.column, std::string("missing \"") + key + "\" (a string)");
      return !required;
    }
    if (!it->is_string()) {
      field_error(c, key, std::string("\"") + key + "\" must be a string, got " + it->type_name());
      return false;
    }
    out = it->get<std::string>();
    return true;
  }

  bool timestamp_field(const Chunk& c, const Json& j, const char* key, std::int64_t& out, bool required) {
    std::string s;
    if (!string_field(c, j, key, s, required)) return false;
    if (s.empty() && !required) return true;
    const auto t = parse_timestamp_us(s);
    if (!t) {
      field_error(c, key, std::string("\"") + key + "\": expected an ISO 8601 UTC time such as "
                          "\"2019-08-13T20:52:30.704Z\", got \"" + s.substr(0, 64) + "\"");
      return false;
    }
    out = *t;
    return true;
  }

  bool read_record(const Chunk& c, const Json& j, Record& r) {
    std::string type;
    if (!string_field(c, j, "AgentARN", r.agent_arn, true) ||
        !string_field(c, j, "EventId", r.event_id, true) ||
        !timestamp_field(c, j, "EventTimestamp", r.timestamp_us, true) ||
        !string_field(c, j, "EventType", type, true) ||
        !string_field(c, j, "Version", r.version, false)) {
      return false;
    }
    if (r.agent_arn.empty()) {
      field_error(c, "AgentARN", "\"AgentARN\" is empty");
      return false;
    }
    const auto t = parse_event_type(type);
    if (!t) {
      field_error(c, "EventType", "\"EventType\": expected LOGIN, LOGOUT, STATE_CHANGE or HEART_BEAT, got \"" +
                                      type.substr(0, 64) + "\"");
      return false;
    }
    r.type = *t;
    const auto snap = j.find("CurrentAgentSnapshot");
    if (snap == j.end() || snap->is_null()) {
      if (r.type == EventType::StateChange) {
        error(c.line, c.column, "a STATE_CHANGE record needs \"CurrentAgentSnapshot\" (an object)");
        return false;
      }
      return true;
    }
    if (!snap->is_object()) {
      field_error(c, "CurrentAgentSnapshot", std::string("\"CurrentAgentSnapshot\" must be an object, got ") +
                                                 snap->type_name());
      return false;
    }
    AgentSnapshot s;
    if (!read_snapshot(c, *snap, s)) return false;
    r.current = std::move(s);
    return true;
  }

  bool read_status(const Chunk& c, const Json& j, const char* key, std::string& name,
                   std::optional<StatusType>& type) {
    if (!string_field(c, j, "Name", name, true)) return false;
    std::string t;
    if (!string_field(c, j, "Type", t, false)) return false;
    if (!t.empty()) {
      type = parse_status_type(t);
      if (!type) {
        field_error(c, "Type", std::string("\"") + key + ".Type\": expected ROUTABLE, CUSTOM or OFFLINE, got \"" +
                                   t.substr(0, 64) + "\"");
        return false;
      }
    }
    return true;
  }

  bool read_snapshot(const Chunk& c, const Json& j, AgentSnapshot& s) {
    const auto status = j.find("AgentStatus");
    if (status != j.end() && !status->is_null()) {
      if (!status->is_object()) {
        field_error(c, "AgentStatus", "\"AgentStatus\" must be an object");
        return false;
      }
      if (!read_status(c, *status, "AgentStatus", s.status_name, s.status_type) ||
          !timestamp_field(c, *status, "StartTimestamp", s.status_start_us, false)) {
        return false;
      }
    }
    const auto next = j.find("NextAgentStatus");
    if (next != j.end() && !next->is_null()) {
      if (!next->is_object()) {
        field_error(c, "NextAgentStatus", "\"NextAgentStatus\" must be an object or null");
        return false;
      }
      std::string name;
      if (!read_status(c, *next, "NextAgentStatus", name, s.next_type)) return false;
      s.next_name = name;
    }
    const auto contacts = j.find("Contacts");
    if (contacts == j.end() || contacts->is_null()) return true;
    if (!contacts->is_array()) {
      field_error(c, "Contacts", "\"Contacts\" must be an array");
      return false;
    }
    if (contacts->size() > limits_.contacts_per_snapshot) {
      field_error(c, "Contacts", "more than " + std::to_string(limits_.contacts_per_snapshot) +
                                     " contacts in one snapshot: the limit per snapshot");
      return false;
    }
    for (const Json& e : *contacts) {
      if (!e.is_object()) {
        field_error(c, "Contacts", "each entry of \"Contacts\" must be an object");
        return false;
      }
      ContactSnapshot k;
      std::string state;
      if (!string_field(c, e, "ContactId", k.contact_id, true) ||
          !string_field(c, e, "Channel", k.channel, false) ||
          !string_field(c, e, "State", state, true) ||
          !timestamp_field(c, e, "StateStartTimestamp", k.state_start_us, false)) {
        return false;
      }
      if (k.channel.empty()) k.channel = "VOICE";
      const auto st = parse_contact_state(state);
      if (!st) {
        field_error(c, "State", "contact \"State\": expected CONNECTING, CONNECTED, CONNECTED_ONHOLD, "
                                "MISSED, REJECTED, ERROR or ENDED, got \"" + state.substr(0, 64) + "\"");
        return false;
      }
      k.state = *st;
      s.contacts.push_back(std::move(k));
    }
    return true;
  }
};

}  // namespace

void read_records(std::string_view text, const std::string& file, const ReadLimits& limits,
                  ReadResult& into, std::unordered_set<std::string>& agents_seen) {
  const std::size_t before = into.records.size();
  Reader(text, file, limits, into, agents_seen).run();
  std::size_t unknown_version = 0;
  for (std::size_t i = before; i < into.records.size(); ++i) {
    const std::string& v = into.records[i].version;
    if (!v.empty() && v != "2017-10-01" && v != "2019-05-25") ++unknown_version;
  }
  if (unknown_version > 0) {
    into.notes.push_back(file + ": " + std::to_string(unknown_version) +
                         " records of a Version other than 2017-10-01 and 2019-05-25 (read as 2019-05-25)");
  }
}

}  // namespace agentsim::conform
