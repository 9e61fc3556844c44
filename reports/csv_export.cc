#include "reports/csv_export.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

#include "store/score_log.h"
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

bool write_scores_csv(Store& store, const ReportModel& m, std::ostream& out, std::string* err) {
  out << csv_row({"site", "year", "run", "rubric", "rubric_version", "criterion", "indicator", "value", "points"});
  std::vector<long long> ids;
  ids.reserve(m.record.size());
  for (const auto& r : m.record) ids.push_back(r.score_id);  // record is sorted by score id
  const ReportRecord* rec = nullptr;
  std::string prefix;  // site,year,run,rubric,version, of the current score
  std::string buf;     // rows go out in blocks: 18 M rows through ostream's << one field at a time cost more
  std::string unquoted;
  buf.reserve(1 << 20);
  auto field = [&](std::string_view v) {
    if (std::none_of(v.begin(), v.end(), [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; })) {
      buf += v;
    } else {
      buf += csv_field(std::string(v));
    }
  };
  bool ok = scan_score_values(store, ids, [&](const IndicatorValues& i) {
    if (!rec || rec->score_id != i.score_id) {
      auto it = std::lower_bound(m.record.begin(), m.record.end(), i.score_id,
                                 [](const ReportRecord& r, long long id) { return r.score_id < id; });
      rec = &*it;  // scan_score_values only passes ids of the record
      prefix = csv_field(rec->site) + ',' + std::to_string(rec->year) + ',' + std::to_string(rec->run_id) + ',' +
               csv_field(rec->rubric) + ',' + csv_field(rec->rubric_version) + ',';
    }
    buf += prefix;
    field(i.group);
    buf += ',';
    field(i.id);
    buf += ',';
    // value_json is JSON: a string ("insufficient") loses its quotes, null becomes empty.
    std::string_view v = i.value_json;
    bool quoted = v.size() >= 2 && v.front() == '"' && v.back() == '"';
    if (quoted && std::all_of(v.begin() + 1, v.end() - 1, [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; })) {
      field(v.substr(1, v.size() - 2));  // plain ASCII without escapes: the text between the quotes
    } else if (v.size() >= 2 && v.front() == '"') {
      auto s = nlohmann::json::parse(v, nullptr, false);
      if (s.is_string()) {
        unquoted = s.get<std::string>();
        field(unquoted);
      } else {
        field(v);
      }
    } else if (v != "null") {
      field(v);
    }
    buf += ',';
    char points[32];  // fmt's shortest round-trip text, as before, without a back_inserter per char
    buf.append(points, static_cast<std::size_t>(fmt::format_to_n(points, sizeof points, "{}", i.points).out - points));
    buf += '\n';
    if (buf.size() < (1 << 20)) return true;
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
    return static_cast<bool>(out);
  }, err);
  if (ok) out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  ok = ok && static_cast<bool>(out);
  if (!ok && err->empty()) *err = "cannot write scores.csv";
  return ok;
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
