#include "reports/csv_export.h"

#include <fmt/format.h>

#include "store/site.h"

namespace govaudit {

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  return out + "\n";
}

namespace {

std::string number(std::optional<double> v) { return v ? fmt::format("{}", *v) : ""; }

}  // namespace

std::string scores_csv(const ReportModel& m) {
  std::string out = csv_row({"site", "year", "run", "rubric", "rubric_version", "criterion", "indicator", "value", "points"});
  for (const auto& s : m.sites)
    for (const auto* sc : {&s.census, &s.un}) {
      if (!*sc) continue;
      const ReportScore& r = **sc;
      for (const auto& i : r.indicators)
        out += csv_row({s.site.id, std::to_string(m.year), std::to_string(r.run_id), r.rubric, r.rubric_version, i.group,
                        i.id, i.value, fmt::format("{}", i.points)});
    }
  return out;
}

std::string sites_csv(const ReportModel& m) {
  std::string out = csv_row({"id", "name", "province", "prefecture", "level", "region", "minority", "url", "name_en",
                             "extra_hosts", "tags", "coastal", "rank", "census_score", "census_vetoed", "un_index", "un_level"});
  for (const auto& s : m.sites) {
    const Site& x = s.site;
    out += csv_row({x.id, x.name, x.province, x.prefecture, x.level, x.region, x.minority, x.url, x.name_en,
                    join_site_list(x.extra_hosts), join_site_list(x.tags), is_coastal_province(x.province) ? "true" : "false",
                    std::to_string(s.rank), s.census ? number(s.census->score) : "",
                    s.census ? (s.census->vetoed ? "true" : "false") : "", s.un ? number(s.un->score) : "",
                    s.un ? s.un->level : ""});
  }
  return out;
}

}  // namespace govaudit
