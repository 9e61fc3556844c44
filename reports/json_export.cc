#include "reports/json_export.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "reports/flag_records.h"
#include "store/registry_csv.h"

namespace govaudit {
namespace {

using json = nlohmann::json;

json opt(std::optional<double> v) { return v ? json(*v) : json(nullptr); }

// scores.json of a census is ~50 MB per thousand sites: a site's element is written as text directly
// rather than built as a document and dumped (which cost more than reading the scores).
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// A JSON string as nlohmann's dump writes it (ensure_ascii off): valid UTF-8 as is but for the quote,
// the backslash and control characters (\b \f \n \r \t, else \u00xx), written here without building a
// document; text that is not valid UTF-8 through nlohmann itself (which replaces the bad bytes), so the
// output is always valid JSON.
void put(std::string* out, const std::string& s) {
  if (std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }) && !is_valid_utf8(s)) {
    out->append(dump(json(s)));
    return;
  }
  out->push_back('"');
  std::size_t run = 0;  // plain bytes are copied a run at a time
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default: fmt::format_to(std::back_inserter(*out), "\\u{:04x}", c);
    }
  }
  out->append(s, run, s.size() - run);
  out->push_back('"');
}

// nlohmann's dump of a number: its shortest round-trip text (detail::to_chars, what its serializer
// calls), null when not finite; without building a document per number.
void put(std::string* out, double v) {
  if (!std::isfinite(v)) {
    out->append("null");
    return;
  }
  char text[64];
  out->append(text, static_cast<std::size_t>(nlohmann::detail::to_chars(text, text + sizeof text, v) - text));
}
void put(std::string* out, std::optional<double> v) {
  if (v) {
    put(out, *v);
  } else {
    out->append("null");
  }
}
void put(std::string* out, long long v) { out->append(std::to_string(v)); }
void put(std::string* out, bool v) { out->append(v ? "true" : "false"); }

// `,"key":` (`"key":` when first; keys are ASCII identifiers).
void key(std::string* out, const char* k, bool first = false) {
  if (!first) out->push_back(',');
  out->push_back('"');
  out->append(k);
  out->append("\":");
}

// A score's members (the caller opened the object; this closes it).
void put_score(std::string* o, const ReportScore& r) {
  key(o, "run", true), put(o, r.run_id);
  key(o, "as_of"), put(o, r.as_of);
  key(o, "rubric"), put(o, r.rubric);
  key(o, "rubric_version"), put(o, r.rubric_version);
  key(o, "kind"), put(o, r.kind);
  key(o, "score"), put(o, r.score);
  key(o, "max"), put(o, r.max);
  key(o, "vetoed"), put(o, r.vetoed);
  key(o, "passed"), put(o, r.passed);
  key(o, "level"), put(o, r.level);
  key(o, "vetoes"), o->push_back('[');
  for (size_t i = 0; i < r.vetoes.size(); ++i) {
    if (i) o->push_back(',');
    put(o, r.vetoes[i]);
  }
  o->push_back(']');
  key(o, "criteria"), o->push_back('{');
  bool first = true;
  for (const auto& [k, v] : r.criteria) {
    if (!first) o->push_back(',');
    first = false;
    put(o, k), o->push_back(':'), put(o, v);
  }
  o->push_back('}');
  key(o, "indicators"), o->push_back('[');
  for (size_t n = 0; n < r.indicators.size(); ++n) {
    const ReportIndicator& i = r.indicators[n];
    o->append(n ? ",{" : "{");
    key(o, "id", true), put(o, i.id);
    key(o, "kind"), put(o, i.kind);
    key(o, "group"), put(o, i.group);
    key(o, "value"), put(o, i.value);
    key(o, "points"), put(o, i.points);
    key(o, "evidence"), o->push_back('[');
    for (size_t k = 0; k < i.evidence.size(); ++k) {
      o->append(k ? ",{" : "{");
      key(o, "url", true), put(o, i.evidence[k].url);
      key(o, "seen_at"), put(o, i.evidence[k].seen_at);
      key(o, "detail"), put(o, i.evidence[k].detail);
      o->push_back('}');
    }
    o->push_back(']');
    key(o, "evidence_total"), put(o, static_cast<long long>(std::max(i.evidence_total, i.evidence.size())));
    o->push_back('}');
  }
  o->append("]}");
}

void put_site(std::string* o, const ReportSite& s) {
  o->push_back('{');
  key(o, "site", true), put(o, s.site.id);
  key(o, "name"), put(o, s.site.name);
  key(o, "province"), put(o, s.site.province);
  key(o, "level"), put(o, s.site.level);
  key(o, "region"), put(o, s.site.region);
  key(o, "minority"), put(o, s.site.minority);
  key(o, "url"), put(o, s.site.url);
  key(o, "rank"), put(o, static_cast<long long>(s.rank));
  for (const auto& [name, sc] : {std::pair{"census", &s.census}, std::pair{"un", &s.un}}) {
    key(o, name);
    if (*sc) {
      o->push_back('{');
      put_score(o, **sc);
    } else {
      o->append("null");
    }
  }
  key(o, "history"), o->push_back('[');
  for (size_t n = 0; n < s.history.size(); ++n) {
    const YearPoint& p = s.history[n];
    o->append(n ? ",{" : "{");
    key(o, "year", true), put(o, static_cast<long long>(p.year));
    key(o, "run"), put(o, p.run_id);
    key(o, "census"), put(o, p.census);
    key(o, "vetoed"), put(o, p.vetoed);
    key(o, "un"), put(o, p.un);
    key(o, "level"), put(o, p.level);
    o->push_back('}');
  }
  o->push_back(']');
  key(o, "flags"), o->push_back('[');
  for (size_t n = 0; n < s.flags.size(); ++n) {
    if (n) o->push_back(',');
    o->append(dump(flag_json(s.flags[n])));
  }
  o->append("]}");
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

}  // namespace

std::string report_json_open(const ReportModel& m) {
  std::string head = dump(head_object(m));  // "{...}": reopen it to append "sites"
  head.pop_back();
  return head + ",\"sites\":[";
}

std::string report_json_site(const ReportSite& s, bool first) {
  std::string out = first ? "\n" : ",\n";
  put_site(&out, s);
  return out;
}

std::string report_json_close() { return "\n]}\n"; }

}  // namespace govaudit
