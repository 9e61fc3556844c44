// Scores kept over the years: one row per (site, run, rubric version) with its verdict, and one row
// per indicator with its value, points and evidence. Append-only: re-auditing a run under a changed
// rubric adds rows (told apart by rubric version and audit time); nothing is overwritten.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace govaudit {

/// One indicator's result as stored.
struct StoredIndicator {
  std::string id;
  std::string kind;           ///< veto, deduction, bonus, indicator
  std::string group;          ///< census group / UN criterion
  std::string value_json;     ///< true/false, a number, "insufficient", or null
  double points = 0;
  std::string evidence_json;  ///< [{"url","seen_at","detail"}]
};

/// One site's score under one rubric for one run.
struct StoredScore {
  long long id = 0;
  long long run_id = 0;
  std::string site_id;
  std::string rubric;
  std::string rubric_version;
  std::string kind;             ///< census | un
  std::optional<double> score;  ///< null when vetoed (census)
  double max = 0;
  bool vetoed = false;
  bool passed = false;
  std::string level;
  std::string as_of;            ///< the check date the facts were judged at
  std::string audited_at;       ///< filled by the store
  std::string json;             ///< the whole score as `scores --format json` prints it
  std::vector<StoredIndicator> indicators;
};

/// Appends scores (and their indicators) in one transaction; fills ids and audited_at.
bool append_scores(Store& store, std::vector<StoredScore>* scores, std::string* err);

/// Which scores `list_scores` returns: of one run, or of runs started in one year; the newest audit
/// of each (run, site, rubric, version) only, unless `all_audits`.
struct ScoreFilter {
  long long run_id = 0;  ///< 0 = any
  int year = 0;          ///< 0 = any; else runs whose start falls in that year
  std::string site_id;
  bool all_audits = false;
};

bool list_scores(Store& store, const ScoreFilter& filter, std::vector<StoredScore>* out, std::string* err);

/// A score's headline without its JSON or indicators: what rankings and histories need, cheap to read
/// for every score in the store (the JSON with evidence is read per score, with get_score_json).
struct ScoreSummary {
  long long id = 0;
  long long run_id = 0;
  std::string site_id, rubric, rubric_version, kind;
  std::optional<double> score;
  double max = 0;
  bool vetoed = false, passed = false;
  std::string level, as_of;
};

/// The newest audit of every (run, site, rubric, version) in the store, ordered by site, then id.
bool list_score_summaries(Store& store, std::vector<ScoreSummary>* out, std::string* err);

/// The stored JSON of score `id` (as `scores --format json` prints it); false when there is no such score.
bool get_score_json(Store& store, long long id, std::string* json, std::string* err);

/// One stored indicator row without its evidence (scores.csv needs no evidence).
struct IndicatorRow {
  long long score_id = 0;
  std::string id, group, value_json;
  double points = 0;
};

/// Calls `fn` with every indicator row of the scores whose ids are in `score_ids` (sorted ascending), in
/// storage order (a score's rows together, in rubric order). One pass over the covering index
/// indicator_scores_values (no evidence is read), since a report wants nearly every score; stops with
/// false when `fn` does (err then says nothing: `fn` owns it).
bool scan_indicators(Store& store, const std::vector<long long>& score_ids,
                     const std::function<bool(const IndicatorRow&)>& fn, std::string* err);

extern const char* const kScoreLogMigrationSql;
extern const char* const kScoreIndexesMigrationSql;

}  // namespace govaudit
