#include "agentsim/conform/report.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace agentsim::conform {

namespace {

std::string fmt_num(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string shown(double v) {
  if (v >= 100) return fmt_num(v, 0);
  if (v >= 1) return fmt_num(v, 2);
  return fmt_num(v, 4);
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string minutes(std::int64_t us) { return fmt_num(static_cast<double>(us) / 6e7, 1) + " min"; }

}  // namespace

const std::vector<std::string>& stream_blind_spots() {
  static const std::vector<std::string> all = {
      "CCP pages: whether a page is open, closed, reloading or crashed (no record is published "
      "for a page; a HEART_BEAT does not prove the CCP is open [D 10])",
      "who changed a status: the agent, a supervisor, PutUserStatus from a backend or a CCPv2 "
      "logout look the same",
      "who cleared a contact: Clear contact, DismissUserContact, the ACW timeout or a status change",
      "the agent's presence: an agent at the desk who does not answer and an agent who left "
      "look the same until a contact rings out",
  };
  return all;
}

SuspectTotals suspect_totals(const Analysis& a) {
  SuspectTotals t;
  for (const AgentReport& r : a.agents) {
    for (const GhostSuspect& g : r.suspects) {
      ++t.intervals;
      if (g.contacts_missed > 0) ++t.ended_by_missed;
      else if (g.ended_by_offline) ++t.ended_by_offline;
      if (g.censored) ++t.censored;
      t.contacts_missed += g.contacts_missed;
      const std::int64_t d = g.end_us - g.start_us;
      t.total_us += d;
      if (d > t.longest_us) t.longest_us = d;
    }
  }
  return t;
}

std::string render_text(const Analysis& a, const Calibration& c, const ReportContext& ctx) {
  std::string o;
  o += "agentsim conform: " + std::to_string(ctx.files.size()) + " file(s), " +
       std::to_string(a.records) + " records, " + std::to_string(a.agents.size()) + " agents (" +
       std::to_string(a.duplicates) + " duplicate EventIds dropped, " + std::to_string(a.out_of_order) +
       " records out of order, sorted by EventTimestamp)\n";
  o += "assumed: one CCP page open from the first LOGIN on, never closed (the stream shows no pages); profile " +
       ctx.profile + "; status types from " + ctx.status_types_source + "\n";
  for (const std::string& n : ctx.notes) o += "note: " + n + "\n";
  for (const std::string& n : a.notes) o += "note: " + n + "\n";

  o += "\nconformance: " + std::to_string(a.dispatched) + " model events, " +
       std::to_string(a.unaccepted) + " not accepted by the model\n";
  o += "  " + pad("agent", 40) + pad("records", 10) + pad("events", 10) + pad("unaccepted", 12) +
       "other channels\n";
  for (const AgentReport& r : a.agents) {
    std::string arn = r.agent_arn;
    if (arn.size() > 38) arn = "..." + arn.substr(arn.size() - 35);
    o += "  " + pad(arn, 40) + pad(std::to_string(r.records), 10) + pad(std::to_string(r.dispatched), 10) +
         pad(std::to_string(r.unaccepted.size()), 12) + std::to_string(r.unmodelled_channel_records) + "\n";
  }
  for (const AgentReport& r : a.agents) {
    if (!r.synchronisation_mismatch.empty()) o += "  " + r.synchronisation_mismatch + "\n";
  }
  std::size_t listed = 0;
  for (const AgentReport& r : a.agents) {
    for (const MappedEvent& f : r.unaccepted) {
      if (listed == 0) o += "  not accepted (record, event, model state before, cause):\n";
      if (++listed > ctx.max_findings) break;
      o += "    " + f.where + ": " + model::to_string(f.event) + " in " + model::to_string(f.before) +
           " (" + f.cause + "; EventId " + f.event_id + ")\n";
    }
  }
  if (listed > ctx.max_findings) {
    o += "    ... " + std::to_string(a.unaccepted - ctx.max_findings) + " more (all in --out DIR/conformance.json)\n";
  }

  const SuspectTotals t = suspect_totals(a);
  o += "\nghost suspects: " + std::to_string(t.intervals) + " intervals routable with no action of the agent in "
       "the stream, " + std::to_string(t.ended_by_missed) + " ending in missed contacts, " +
       std::to_string(t.ended_by_offline) + " in an Offline; " + std::to_string(t.contacts_missed) +
       " contacts missed on them; " + minutes(t.total_us) + " in all, longest " + minutes(t.longest_us) +
       (t.censored > 0 ? ", " + std::to_string(t.censored) + " still open at the end of the log" : std::string()) + "\n";
  o += "  the stream cannot show:\n";
  for (const std::string& s : stream_blind_spots()) o += "    - " + s + "\n";
  o += "  so a suspect is an agent who may have been away; a missed contact by an agent at the desk "
       "looks the same\n";

  o += "\ncalibration (" + fmt_num(ctx.confidence * 100, 0) + " % intervals):\n";
  o += "  " + pad("parameter", 32) + pad("estimate", 12) + pad("interval", 26) + pad("samples", 9) + "method\n";
  for (const Fit& f : c.fits) {
    if (!f.fitted) continue;
    o += "  " + pad(f.name, 32) + pad(shown(f.estimate), 12) +
         pad("[" + shown(f.interval.lo) + ", " + shown(f.interval.hi) + "]", 26) +
         pad(std::to_string(f.samples), 9) + f.method + (f.environment ? "" : " (not an environment parameter)") + "\n";
  }
  bool any = false;
  for (const Fit& f : c.fits) {
    if (f.fitted) continue;
    if (!any) o += "  not fitted:\n";
    any = true;
    o += "    " + f.name + ": " + f.reason + "\n";
  }
  o += "  not observable in the stream:\n";
  for (const auto& [names, why] : c.not_observable) o += "    " + names + ": " + why + "\n";
  return o;
}

std::string render_json(const Analysis& a, const Calibration& c, const ReportContext& ctx) {
  using Json = nlohmann::ordered_json;
  Json j;
  j["files"] = ctx.files;
  j["profile"] = ctx.profile;
  j["assumptions"] = {"one CCP page open from the first LOGIN on, never closed"};
  j["records"] = a.records;
  j["duplicates"] = a.duplicates;
  j["out_of_order"] = a.out_of_order;
  j["model_events"] = a.dispatched;
  j["unaccepted"] = a.unaccepted;
  Json agents = Json::array();
  for (const AgentReport& r : a.agents) {
    Json ag;
    ag["agent_arn"] = r.agent_arn;
    ag["records"] = r.records;
    ag["duplicates"] = r.duplicates;
    ag["conflicting_duplicates"] = r.conflicting_duplicates;
    ag["out_of_order"] = r.out_of_order;
    ag["heartbeats"] = r.heartbeats;
    ag["other_channel_records"] = r.unmodelled_channel_records;
    ag["model_events"] = r.dispatched;
    if (!r.synchronisation_mismatch.empty()) ag["synchronisation_mismatch"] = r.synchronisation_mismatch;
    Json un = Json::array();
    for (const MappedEvent& f : r.unaccepted) {
      un.push_back({{"record", f.where}, {"event_id", f.event_id}, {"event", model::to_string(f.event)},
                    {"state", model::to_string(f.before)}, {"cause", f.cause}});
    }
    ag["unaccepted"] = std::move(un);
    Json sus = Json::array();
    for (const GhostSuspect& g : r.suspects) {
      sus.push_back({{"start_ms", g.start_us / 1000}, {"end_ms", g.end_us / 1000},
                     {"contacts_missed", g.contacts_missed}, {"ended_by_offline", g.ended_by_offline},
                     {"censored", g.censored}, {"record", g.where}});
    }
    ag["ghost_suspects"] = std::move(sus);
    agents.push_back(std::move(ag));
  }
  j["agents"] = std::move(agents);
  Json fits = Json::array();
  for (const Fit& f : c.fits) {
    Json x = {{"name", f.name}, {"unit", f.unit}, {"environment", f.environment}, {"fitted", f.fitted},
              {"samples", f.samples}, {"method", f.method}};
    if (f.fitted) {
      x["estimate"] = f.estimate;
      x["lo"] = f.interval.lo;
      x["hi"] = f.interval.hi;
      x["confidence"] = ctx.confidence;
    } else {
      x["reason"] = f.reason;
    }
    fits.push_back(std::move(x));
  }
  j["calibration"] = std::move(fits);
  j["cannot_show"] = stream_blind_spots();
  return j.dump(2) + "\n";
}

}  // namespace agentsim::conform
