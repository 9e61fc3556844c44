#include "audit_rules/page_facts_json.h"

namespace govaudit {

nlohmann::json page_facts_to_json(const PageFacts& f) {
  using nlohmann::json;
  auto opt_date = [](const std::optional<CivilDate>& d) { return d ? json(d->to_string()) : json(); };
  json dates = json::array();
  for (const auto& d : f.dates)
    dates.push_back({{"date", d.date.to_string()}, {"source", std::string(date_source_name(d.source))}, {"context", d.context}});
  json future = json::array();
  for (const auto& d : f.future_dates) future.push_back({{"date", d.date.to_string()}, {"context", d.context}});
  json features = json::object();
  for (const auto& [k, v] : f.features) features[k] = v;
  json messages = json::array();
  for (const auto& m : f.messages)
    messages.push_back({{"title", m.title}, {"url", m.url}, {"asked", opt_date(m.asked)}, {"replied", opt_date(m.replied)},
                        {"unanswered", m.marked_unanswered || !m.replied}});
  // The listed items with their dates, so a reader sees why a column was judged stale (bounded).
  json items = json::array();
  for (const auto& d : f.item_dates) {
    if (items.size() >= 200) break;
    items.push_back({{"url", d.url}, {"date", d.date.to_string()}, {"year_inferred", d.year_inferred}});
  }
  json media = json::array();
  for (const auto& m : f.media) media.push_back({{"kind", m.kind}, {"name", m.name}, {"url", m.url}});
  json out = {
      {"url", f.url},
      {"charset", f.charset},
      {"title", f.title},
      {"kind", std::string(page_kind_name(f.kind))},
      {"column", {{"name", f.column.name}, {"type", std::string(column_type_name(f.column.type))},
                  {"decided_by", std::string(column_evidence_name(f.column.decided_by))}}},
      {"published", opt_date(f.published)},
      {"published_source", f.published_source},
      {"newest_item", opt_date(f.newest.date)},
      {"items", f.newest.item_count},
      {"items_without_visible_date", f.newest.no_visible_date_count},
      {"item_dates", items},
      {"blank", f.blank},
      {"dates", dates},
      {"future_dates", future},
      {"links", f.links.size()},
      {"features", features},
      {"service_guide", f.service_guide},
      {"guide_elements", f.guide_elements},
      {"messages", messages},
      {"media", media},
      {"images", f.images},
      {"images_without_alt", f.images_without_alt},
  };
  return out;
}

}  // namespace govaudit
