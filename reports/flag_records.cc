#include "reports/flag_records.h"

namespace govaudit {
namespace {

nlohmann::json evidence_json(const std::vector<Evidence>& evidence) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : evidence) out.push_back({{"url", e.url}, {"seen_at", e.seen_at}, {"detail", e.detail}});
  return out;
}

}  // namespace

StoredFlagCheck to_stored(const FlagCheck& check) {
  StoredFlagCheck out;
  out.run_id = check.run_id;
  out.site_id = check.site;
  out.as_of = check.as_of;
  for (const auto& o : check.observations)
    out.flags.push_back({o.kind, o.subject, o.since, o.detail,
                         evidence_json(o.evidence).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
  return out;
}

FlagCheck from_stored(const StoredFlagCheck& check) {
  FlagCheck out{check.run_id, check.as_of, check.site_id, {}};
  for (const auto& f : check.flags) {
    FlagObservation o{check.site_id, f.kind, f.subject, f.since, f.detail, {}};
    auto j = nlohmann::json::parse(f.evidence_json, nullptr, false);
    if (j.is_array())
      for (const auto& e : j)
        if (e.is_object()) o.evidence.push_back({e.value("url", ""), e.value("seen_at", ""), e.value("detail", "")});
    out.observations.push_back(std::move(o));
  }
  return out;
}

nlohmann::json flag_json(const FlagHistory& h) {
  const FlagObservation& o = h.latest;
  return {{"site", o.site},
          {"kind", o.kind},
          {"url", o.subject},
          {"since", o.since},
          {"detail", o.detail},
          {"evidence", evidence_json(o.evidence)},
          {"status", h.open() ? "open" : "closed"},
          {"first_run", h.first_run},
          {"first_seen", h.first_seen},
          {"last_run", h.last_run},
          {"last_seen", h.last_seen},
          {"closed_run", h.open() ? nlohmann::json(nullptr) : nlohmann::json(h.closed_run)},
          {"closed_at", h.open() ? nlohmann::json(nullptr) : nlohmann::json(h.closed_at)}};
}

}  // namespace govaudit
