#include "reports/json_export.h"

#include <algorithm>

#include "reports/flag_records.h"

namespace govaudit {
namespace {

using json = nlohmann::json;

json opt(std::optional<double> v) { return v ? json(*v) : json(nullptr); }

json score_json(const ReportScore& r) {
  json inds = json::array();
  for (const auto& i : r.indicators) {
    json ev = json::array();
    for (const auto& e : i.evidence) ev.push_back({{"url", e.url}, {"seen_at", e.seen_at}, {"detail", e.detail}});
    inds.push_back({{"id", i.id}, {"kind", i.kind}, {"group", i.group}, {"value", i.value}, {"points", i.points},
                    {"evidence", ev}, {"evidence_total", std::max(i.evidence_total, i.evidence.size())}});
  }
  return {{"run", r.run_id}, {"as_of", r.as_of}, {"rubric", r.rubric}, {"rubric_version", r.rubric_version},
          {"kind", r.kind}, {"score", opt(r.score)}, {"max", r.max}, {"vetoed", r.vetoed}, {"passed", r.passed},
          {"level", r.level}, {"vetoes", r.vetoes}, {"criteria", r.criteria}, {"indicators", inds}};
}


json site_object(const ReportSite& s) {
  json history = json::array();
  for (const auto& p : s.history)
    history.push_back({{"year", p.year}, {"run", p.run_id}, {"census", opt(p.census)}, {"vetoed", p.vetoed},
                       {"un", opt(p.un)}, {"level", p.level}});
  json flags = json::array();
  for (const auto& f : s.flags) flags.push_back(flag_json(f));
  return {{"site", s.site.id}, {"name", s.site.name}, {"province", s.site.province}, {"level", s.site.level},
          {"region", s.site.region}, {"minority", s.site.minority}, {"url", s.site.url}, {"rank", s.rank},
          {"census", s.census ? score_json(*s.census) : json(nullptr)},
          {"un", s.un ? score_json(*s.un) : json(nullptr)}, {"history", history}, {"flags", flags}};
}

// Everything but "sites".
json head_object(const ReportModel& m) {
  json groups = json::array();
  for (const auto& g : m.groups)
    groups.push_back({{"dimension", g.dimension}, {"key", g.key}, {"sites", g.sites}, {"vetoed", g.vetoed},
                      {"passed", g.passed}, {"census_mean", opt(g.census_mean)}, {"un_mean", opt(g.un_mean)},
                      {"prev_census_mean", opt(g.prev_census_mean)}, {"prev_un_mean", opt(g.prev_un_mean)}});
  json rubrics = json::array();
  for (const auto& [id, v] : m.rubrics) rubrics.push_back({{"id", id}, {"version", v}});
  json runs = json::array();
  for (const auto& r : m.runs)
    runs.push_back({{"run", r.id}, {"started", r.started_at}, {"finished", r.finished_at}, {"as_of", r.as_of},
                    {"sites", r.sites}, {"pages", r.pages}});
  return {{"year", m.year}, {"previous_year", m.previous_year ? json(m.previous_year) : json(nullptr)},
          {"generated_at", m.generated_at}, {"rubrics", rubrics}, {"runs", runs}, {"pages", m.pages},
          {"groups", groups}};
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

json report_json(const ReportModel& m) {
  json j = head_object(m);
  j["sites"] = json::array();
  for (const auto& s : m.sites) j["sites"].push_back(site_object(s));
  return j;
}

std::string report_json_open(const ReportModel& m) {
  std::string head = dump(head_object(m));  // "{...}": reopen it to append "sites"
  head.pop_back();
  return head + ",\"sites\":[";
}

std::string report_json_site(const ReportSite& s, bool first) { return (first ? "\n" : ",\n") + dump(site_object(s)); }

std::string report_json_close() { return "\n]}\n"; }

}  // namespace govaudit
