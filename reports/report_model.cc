#include "reports/report_model.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "reports/flag_records.h"
#include "reports/score_indicators_json.h"
#include "store/crawl_log.h"
#include "store/flag_log.h"
#include "store/score_log.h"

namespace govaudit {
namespace {

int year_of(const std::string& date) {
  if (date.size() < 4) return 0;
  // Four digits, the usual case, read directly: the model asks some 6 M times at 15,000 sites.
  if (std::all_of(date.begin(), date.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }))
    return (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
  try {
    return std::stoi(date.substr(0, 4));
  } catch (...) {
    return 0;
  }
}

ReportScore to_report_score(const ScoreSummary& s) {
  ReportScore r;
  r.score_id = s.id;
  r.run_id = s.run_id;
  r.as_of = s.as_of;
  r.rubric = s.rubric;
  r.rubric_version = s.rubric_version;
  r.kind = s.kind;
  r.score = s.score;
  r.max = s.max;
  r.vetoed = s.vetoed;
  r.passed = s.passed;
  r.level = s.level;
  return r;
}

// The rubric of `kind` scored most often in `year` (ties: the greatest id, i.e. the newest edition).
std::string primary_rubric(const std::vector<ScoreSummary>& scores, int year, const std::string& kind) {
  std::map<std::string, int> count;
  for (const auto& s : scores)
    if (s.kind == kind && year_of(s.as_of) == year) ++count[s.rubric];
  std::string best;
  int n = 0;
  for (const auto& [id, c] : count)
    if (c >= n) best = id, n = c;
  return best;
}

// The newest score (by check date, then run) of one site's scores `[begin, end)` in `year` under
// `rubric`, else under any rubric of the same kind.
const ScoreSummary* pick(const ScoreSummary* begin, const ScoreSummary* end, int year, const std::string& kind,
                         const std::string& rubric) {
  const ScoreSummary* best = nullptr;
  auto better = [&](const ScoreSummary& s) {
    if (!best) return true;
    bool s_primary = s.rubric == rubric, b_primary = best->rubric == rubric;
    if (s_primary != b_primary) return s_primary;
    return std::tie(s.as_of, s.run_id) > std::tie(best->as_of, best->run_id);
  };
  for (const ScoreSummary* s = begin; s != end; ++s)
    if (s->kind == kind && year_of(s->as_of) == year && better(*s)) best = s;
  return best;
}

YearPoint point_of(int year, const ScoreSummary* census, const ScoreSummary* un) {
  YearPoint p;
  p.year = year;
  if (census) {
    p.run_id = census->run_id;
    p.census_scored = true;
    p.census = census->score;
    p.vetoed = census->vetoed;
  }
  if (un) {
    if (!p.run_id) p.run_id = un->run_id;
    p.un = un->score;
    p.level = un->level;
  }
  return p;
}

std::optional<double> mean(const std::vector<double>& v) {
  if (v.empty()) return std::nullopt;
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

void add_groups(ReportModel* m) {
  using Key = std::pair<std::string, std::string>;
  std::map<Key, std::vector<const ReportSite*>> groups;
  for (const auto& s : m->sites) {
    groups[{"region", s.site.region}].push_back(&s);
    groups[{"province", s.site.province}].push_back(&s);
    groups[{"level", s.site.level}].push_back(&s);
    groups[{"minority", s.site.minority == "none" ? "other" : "minority"}].push_back(&s);
    groups[{"coast", is_coastal_province(s.site.province) ? "coastal" : "inland"}].push_back(&s);
  }
  const std::vector<std::string> order{"region", "minority", "coast", "level", "province"};
  for (const auto& dim : order) {
    for (const auto& [key, sites] : groups) {
      if (key.first != dim) continue;
      GroupStat g{dim, key.second};
      std::vector<double> census, un, prev_census, prev_un;
      for (const ReportSite* s : sites) {
        ++g.sites;
        if (s->census) {
          g.vetoed += s->census->vetoed;
          g.passed += s->census->passed;
          if (s->census->score) census.push_back(*s->census->score);
        }
        if (s->un && s->un->score) un.push_back(*s->un->score);
        if (s->previous && s->previous->census) prev_census.push_back(*s->previous->census);
        if (s->previous && s->previous->un) prev_un.push_back(*s->previous->un);
      }
      g.census_mean = mean(census);
      g.un_mean = mean(un);
      g.prev_census_mean = mean(prev_census);
      g.prev_un_mean = mean(prev_un);
      m->groups.push_back(std::move(g));
    }
  }
}

}  // namespace

bool is_coastal_province(const std::string& p) {
  static const char* const kCoastal[] = {"辽宁", "河北", "天津", "山东", "江苏", "上海", "浙江", "福建", "广东", "广西", "海南",
                                         "Liaoning", "Hebei", "Tianjin", "Shandong", "Jiangsu", "Shanghai", "Zhejiang",
                                         "Fujian", "Guangdong", "Guangxi", "Hainan"};
  for (const char* c : kCoastal)
    if (p.rfind(c, 0) == 0) return true;
  return false;
}

bool build_report_model(Store& store, int year, ReportModel* m, std::string* err) {
  std::vector<ScoreSummary> scores;  // by site
  if (!list_score_summaries(store, &scores, err)) return false;
  std::set<int> years;
  for (const auto& s : scores) years.insert(year_of(s.as_of));
  if (!years.count(year)) {
    *err = "no scores checked in " + std::to_string(year) + " (audit a run with --as-of in that year)";
    return false;
  }
  m->year = year;
  m->generated_at = utc_now_iso8601();
  auto before = years.lower_bound(year);
  m->previous_year = before == years.begin() ? 0 : *std::prev(before);

  std::vector<Site> registry;
  if (!store.list_sites({}, &registry, err)) return false;
  std::string census_rubric = primary_rubric(scores, year, "census");
  std::string un_rubric = primary_rubric(scores, year, "un");
  std::map<std::string, std::pair<size_t, size_t>> range;  // site → its scores [first, last)
  for (size_t i = 0; i < scores.size();) {
    size_t j = i;
    while (j < scores.size() && scores[j].site_id == scores[i].site_id) ++j;
    range[scores[i].site_id] = {i, j};
    i = j;
  }
  std::set<long long> run_ids;
  std::set<std::pair<std::string, std::string>> rubrics;
  for (const auto& site : registry) {
    auto it = range.find(site.id);
    if (it == range.end()) continue;
    const ScoreSummary* first = scores.data() + it->second.first;
    const ScoreSummary* last = scores.data() + it->second.second;
    const ScoreSummary* c = pick(first, last, year, "census", census_rubric);
    const ScoreSummary* u = pick(first, last, year, "un", un_rubric);
    if (!c && !u) continue;
    ReportSite rs;
    rs.site = site;
    for (const auto& [sc, out] : {std::pair{c, &rs.census}, std::pair{u, &rs.un}}) {
      if (!sc) continue;
      *out = to_report_score(*sc);
      run_ids.insert(sc->run_id);
      rubrics.insert({sc->rubric, sc->rubric_version});
    }
    for (int y : years) {
      if (y > year) break;
      const ScoreSummary* hc = pick(first, last, y, "census", census_rubric);
      const ScoreSummary* hu = pick(first, last, y, "un", un_rubric);
      if (!hc && !hu) continue;
      rs.history.push_back(point_of(y, hc, hu));
      if (y == m->previous_year) rs.previous = rs.history.back();
      for (const ScoreSummary* h : {hc, hu})
        if (h) m->record.push_back({h->id, y, h->run_id, h->site_id, h->rubric, h->rubric_version});
    }
    m->sites.push_back(std::move(rs));
  }
  std::sort(m->record.begin(), m->record.end(),
            [](const ReportRecord& a, const ReportRecord& b) { return a.score_id < b.score_id; });
  // Census rubrics first, so the method section reads census then UN.
  for (const auto& r : rubrics)
    if (r.first.rfind("census", 0) == 0) m->rubrics.push_back(r);
  for (const auto& r : rubrics)
    if (r.first.rfind("census", 0) != 0) m->rubrics.push_back(r);

  // Ranking: passed-or-failed census scores high to low, vetoed sites after them; the UN index breaks ties.
  auto key = [](const ReportSite& s) {
    bool scored = s.census && s.census->score && !s.census->vetoed;
    double census = scored ? *s.census->score : -1;
    double un = s.un && s.un->score ? *s.un->score : -1;
    return std::make_tuple(scored, census, un);
  };
  std::stable_sort(m->sites.begin(), m->sites.end(), [&](const ReportSite& a, const ReportSite& b) {
    auto ka = key(a), kb = key(b);
    if (ka != kb) return ka > kb;
    return a.site.id < b.site.id;
  });
  for (size_t i = 0; i < m->sites.size(); ++i) m->sites[i].rank = static_cast<int>(i + 1);

  for (long long id : run_ids) {
    RunInfo r;
    if (!get_run(store, id, &r, err)) return false;
    std::string as_of;
    for (const auto& s : m->sites)
      for (const auto* sc : {&s.census, &s.un})
        if (*sc && (*sc)->run_id == id) as_of = (*sc)->as_of;
    m->runs.push_back({r.id, r.started_at, r.finished_at, as_of, r.sites, r.pages});
    m->pages += r.pages;
  }

  // Flags open at the end of the year: checks up to that year only.
  std::vector<StoredFlagCheck> stored;
  if (!list_flag_checks(store, &stored, err)) return false;
  std::vector<FlagCheck> checks;
  for (const auto& s : stored)
    if (year_of(s.as_of) <= year) checks.push_back(from_stored(s));
  std::map<std::string, ReportSite*> by_id;
  for (auto& s : m->sites) by_id[s.site.id] = &s;
  for (auto& h : flag_histories(std::move(checks))) {
    if (!h.open()) continue;
    auto it = by_id.find(h.latest.site);
    if (it != by_id.end()) it->second->flags.push_back(h);
    m->flags.push_back(std::move(h));
  }
  add_groups(m);
  return true;
}

bool load_score_details(Store& store, ReportScore* r, std::string* err) {
  std::string text;
  if (!get_score_json(store, r->score_id, &text, err)) return false;
  if (!read_score_json(text, r)) read_score_json_general(text, r);
  return true;
}

void keep_veto_indicators(ReportScore* r) {
  std::erase_if(r->indicators, [&](const ReportIndicator& i) {
    return std::find(r->vetoes.begin(), r->vetoes.end(), i.id) == r->vetoes.end();
  });
  // The capacity goes too: kept, 15,000 sites' emptied vectors of ~60 indicators took the report's peak
  // memory from 203 to 570 MB (bench/README.md, session 6), and first-touched memory is dear on a VM.
  r->indicators.shrink_to_fit();
}

}  // namespace govaudit
