// The yearly benchmark report as plain values, built from the store once and rendered by every
// renderer (html_report.h, csv/json exports), so all outputs say the same thing. The model holds
// headlines; each score's criteria, vetoes, indicators and evidence are loaded one site at a time (load_score_details). A year is the year
// of the check date (`as_of`) a run was audited at, not of the crawl's start: a run imported from a
// 2019 archive and audited as of 2019-06-30 belongs to 2019. Text in the model is raw (unescaped):
// escaping is the renderers' job.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit_rules/site_facts.h"
#include "reports/flags.h"
#include "store/site.h"
#include "store/store.h"

namespace govaudit {

/// One indicator of one score, with what proves it.
struct ReportIndicator {
  std::string id, kind, group;
  std::string value;  ///< "true", "false", a number, "insufficient" or "" (unknown)
  double points = 0;
  std::vector<Evidence> evidence;  ///< the stored sample
  std::size_t evidence_total = 0;  ///< items found in all (≥ evidence.size(); the audit stores five)
};

/// One site's score under one rubric in one run.
struct ReportScore {
  long long score_id = 0;  ///< the stored score (load_score_details reads it)
  long long run_id = 0;
  std::string as_of;
  std::string rubric, rubric_version, kind;  ///< kind: census | un
  std::optional<double> score;               ///< census: points (none when vetoed); un: the 0–1 index
  double max = 0;
  bool vetoed = false, passed = false;
  std::string level;                         ///< un level (e.g. VHOSI) or ""
  /// Vetoes, criteria and indicators are empty after build_report_model: a report of 15,000 sites cannot
  /// hold every indicator with its evidence at once, so load_score_details fills them one site at a time
  /// (reading criteria and vetoes then too saves a second read of the score's JSON).
  std::vector<std::string> vetoes;
  std::map<std::string, double> criteria;
  std::vector<ReportIndicator> indicators;
};

/// A site's headline numbers in one year (history and year-over-year change).
struct YearPoint {
  int year = 0;
  long long run_id = 0;
  std::optional<double> census;  ///< none when vetoed or not scored
  bool census_scored = false;
  bool vetoed = false;
  std::optional<double> un;
  std::string level;
};

struct ReportSite {
  Site site;
  int rank = 0;  ///< 1-based place in the ranking
  std::optional<ReportScore> census, un;
  std::vector<YearPoint> history;   ///< every year with scores up to the report year, oldest first
  std::optional<YearPoint> previous;  ///< the previous report year's point, when scored then
  std::vector<FlagHistory> flags;   ///< open at the end of the year
};

/// Averages of one group of sites (a region, a province, a level, minority vs other, coastal vs inland).
struct GroupStat {
  std::string dimension;  ///< region | province | level | minority | coast
  std::string key;
  int sites = 0, vetoed = 0, passed = 0;
  std::optional<double> census_mean, un_mean;            ///< over sites with a value
  std::optional<double> prev_census_mean, prev_un_mean;  ///< same sites' previous-year values
};

struct ReportRun {
  long long id = 0;
  std::string started_at, finished_at, as_of;
  int sites = 0, pages = 0;
};

/// One score the report counts for a site in a year (the one its history shows): a source of scores.csv.
struct ReportRecord {
  long long score_id = 0;
  int year = 0;
  long long run_id = 0;
  std::string site, rubric, rubric_version;
};

struct ReportModel {
  int year = 0;
  int previous_year = 0;  ///< 0 when no earlier year has scores
  std::string generated_at;
  std::vector<std::pair<std::string, std::string>> rubrics;  ///< (id, version) used, census first
  std::vector<ReportRun> runs;  ///< the runs the year's scores come from
  int pages = 0;                ///< pages fetched by those runs
  std::vector<ReportSite> sites;  ///< in ranking order
  std::vector<GroupStat> groups;
  std::vector<FlagHistory> flags;  ///< open at the end of the year, every site
  std::vector<ReportRecord> record;  ///< census and UN score of every site and year up to `year`, by score id
};

/// True for the provinces on the sea (辽宁 河北 天津 山东 江苏 上海 浙江 福建 广东 广西 海南), by
/// Chinese or pinyin name prefix: the coastal–inland divide of the Chinese e-government literature.
bool is_coastal_province(const std::string& province);

/// Reads the year's scores (the newest audited run per site), the registry, the history up to the year,
/// the previous year and the flags into a model, without the scores' criteria, vetoes and indicators
/// (see ReportScore). Reads score headlines only, so it stays small for a census of 15,000 sites over ten
/// years. False with `err` when the store cannot be read or the year has no scores.
bool build_report_model(Store& store, int year, ReportModel* out, std::string* err);

/// Fills `score`'s criteria, vetoes and indicators (with their evidence) from the stored score: one read
/// of its JSON per score, when its page is written. False with `err` when the store cannot be read; a
/// stored JSON that does not parse leaves none of them.
bool load_score_details(Store& store, ReportScore* score, std::string* err);

/// Drops every indicator but the vetoes that hit: what the front page shows once a site's own page
/// and its scores.json entry are written.
void keep_veto_indicators(ReportScore* score);

}  // namespace govaudit
