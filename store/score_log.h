// Scores kept over the years: one row per (site, run, rubric version) with its verdict, and one row
// per indicator with its value, points and evidence. Append-only: re-auditing a run under a changed
// rubric adds rows (told apart by rubric version and audit time); nothing is overwritten.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
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

/// As list_scores, one score at a time, in the same order and without its indicators: `fn` returning
/// false stops the walk (and the call returns true). For printing a year of a census (30,000 scores)
/// without holding them all.
bool visit_scores(Store& store, const ScoreFilter& filter, const std::function<bool(StoredScore&&)>& fn,
                  std::string* err);

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

/// Reads the stored JSON of the scores `ids` (ascending) once, in storage order, and drops it: the OS
/// then has those pages cached before get_score_json asks for them in another order. A report reads
/// 30,000 of them in ranking order; on a store the page cache does not hold, those random reads were
/// most of its wall time (30 s at 15,000 sites), while one pass in id order reads the same 460 MB in
/// ~1 s. False with `err` when the store cannot be read.
bool warm_score_json(Store& store, const std::vector<long long>& ids, std::string* err);

/// One indicator's values without its evidence, as scores.csv wants them. The views point into the row
/// being read and are valid during the callback only.
struct IndicatorValues {
  long long score_id = 0;
  std::string_view id, group, value_json;
  double points = 0;
};

/// score_values (migration 9) holds, per score, its indicators' values in one row, so scores.csv reads
/// one row per score instead of one per indicator (~18 M at 15,000 sites over ten years). The store's
/// encoding, written by append_scores and by the migration alike (one SQL expression):
///   score_values(score_id INTEGER PRIMARY KEY, indicators TEXT NOT NULL): one line per indicator of
///   the score, in the order its indicator_scores rows were stored (rowid), each
///   `indicator US grp US value_json US points LF` (US = 0x1F, LF = 0x0A); in the first three fields the
///   bytes ESC (0x1B), LF and US are written as ESC followed by the byte + 0x40 (ESC '[', ESC 'J',
///   ESC '_'); points is SQLite's quote() of the REAL, which reads back as the same double. A score
///   without indicators has ''. Append-only, like scores.
/// Calls `fn` with every indicator of the scores whose ids are in `score_ids` (sorted ascending), score
/// by score, a score's indicators in the order they were stored (the rubric's). One pass over
/// score_values, one row per score (see kScoreValuesMigrationSql), since a report wants nearly every
/// score; stops with false when `fn` does (err then says nothing: `fn` owns it). False with `err` naming
/// the score when a stored row is malformed.
bool scan_score_values(Store& store, const std::vector<long long>& score_ids,
                       const std::function<bool(const IndicatorValues&)>& fn, std::string* err);

extern const char* const kScoreLogMigrationSql;
extern const char* const kScoreIndexesMigrationSql;
/// Migration 9: score_values, a score's indicator values in one row (the encoding is described there).
std::string score_values_migration_sql();

}  // namespace govaudit
