#include "audit_rules/site_facts_json.h"

namespace govaudit {
namespace {

using nlohmann::json;

json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

json evidence(const Evidence& e) { return {{"url", e.url}, {"seen_at", e.seen_at}, {"detail", e.detail}}; }

json target(const TargetCheck& t) {
  return {{"url", t.url}, {"found_on", t.found_on}, {"seen_at", t.seen_at}, {"ok", t.ok}, {"detail", t.detail}};
}

}  // namespace

json site_facts_to_json(const SiteFacts& f) {
  json j{{"site", f.site}, {"as_of", f.as_of}, {"public_services", f.public_services}};
  j["home"] = {{"url", f.home.url},
               {"seen_at", f.home.seen_at},
               {"newest", opt(f.home.newest)},
               {"items_without_date", f.home.items_without_date},
               {"navigation_only", f.home.navigation_only}};
  json cols = json::array();
  for (const auto& c : f.columns)
    cols.push_back({{"url", c.url}, {"seen_at", c.seen_at}, {"name", c.name}, {"type", c.type},
                    {"first_level", c.first_level}, {"newest", opt(c.newest)}, {"items", c.item_count},
                    {"blank", c.blank}, {"script_only", c.script_only}});
  j["columns"] = std::move(cols);
  json failures = json::array();
  for (const auto& e : f.probes.failures) failures.push_back(evidence(e));
  j["probes"] = {{"total", f.probes.total}, {"failed", f.probes.failed}, {"window_days", f.probes.window_days},
                 {"per_day", f.probes.per_day}, {"failures", std::move(failures)}};
  json broken = json::array();
  for (const auto& b : f.broken_links)
    broken.push_back({{"url", b.url}, {"found_on", b.found_on}, {"seen_at", b.seen_at}, {"status", b.status},
                      {"error_class", b.error_class}, {"on_home", b.on_home}, {"attachment", b.attachment}});
  j["broken_links"] = std::move(broken);
  j["pages"] = f.pages.size();
  j["link_texts"] = f.link_texts.size();
  json anomalies = json::array();
  for (const auto& a : f.date_anomalies)
    anomalies.push_back({{"url", a.url}, {"seen_at", a.seen_at}, {"date", a.date}, {"kind", a.kind},
                         {"other_date", a.other_date}});
  j["date_anomalies"] = std::move(anomalies);
  json guides = json::array();
  for (const auto& g : f.guides)
    guides.push_back({{"url", g.url}, {"seen_at", g.seen_at}, {"title", g.title}, {"elements", g.elements}});
  j["guides"] = std::move(guides);
  j["forms"] = json::array();
  for (const auto& t : f.forms) j["forms"].push_back(target(t));
  j["service_halls"] = json::array();
  for (const auto& t : f.service_halls) j["service_halls"].push_back(target(t));
  json channels = json::array();
  for (const auto& c : f.channels)
    channels.push_back({{"kind", c.kind}, {"url", c.url}, {"seen_at", c.seen_at}, {"name", c.name}});
  j["channels"] = std::move(channels);
  json messages = json::array();
  for (const auto& m : f.messages)
    messages.push_back({{"url", m.url}, {"seen_at", m.seen_at}, {"channel_kind", m.channel_kind},
                        {"asked", m.asked}, {"replied", opt(m.replied)}});
  j["messages"] = std::move(messages);
  json media = json::array();
  for (const auto& m : f.media)
    media.push_back({{"kind", m.kind}, {"name", m.name}, {"url", m.url}, {"seen_at", m.seen_at},
                     {"target_ok", m.target_ok}, {"newest", opt(m.newest)}});
  j["media"] = std::move(media);
  json features = json::object();
  for (const auto& [id, evs] : f.features) {
    json list = json::array();
    for (const auto& e : evs) list.push_back(evidence(e));
    features[id] = std::move(list);
  }
  j["features"] = std::move(features);
  j["manual_codes"] = f.manual_codes;
  return j;
}

}  // namespace govaudit
