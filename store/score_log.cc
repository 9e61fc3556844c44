#include "store/score_log.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <cstdlib>
#include <tuple>

#include "store/sql.h"

namespace govaudit {

const char* const kScoreLogMigrationSql = R"sql(
CREATE TABLE scores (
  id             INTEGER PRIMARY KEY,
  run_id         INTEGER NOT NULL REFERENCES runs(id),
  site_id        TEXT NOT NULL REFERENCES sites(id),
  rubric         TEXT NOT NULL,
  rubric_version TEXT NOT NULL,
  kind           TEXT NOT NULL,
  score          REAL,
  max            REAL NOT NULL,
  vetoed         INTEGER NOT NULL,
  passed         INTEGER NOT NULL,
  level          TEXT NOT NULL,
  as_of          TEXT NOT NULL,
  audited_at     TEXT NOT NULL,
  json           TEXT NOT NULL
);
CREATE INDEX scores_run ON scores(run_id, site_id);
CREATE TABLE indicator_scores (
  score_id      INTEGER NOT NULL REFERENCES scores(id),
  indicator     TEXT NOT NULL,
  kind          TEXT NOT NULL,
  grp           TEXT NOT NULL,
  value_json    TEXT NOT NULL,
  points        REAL NOT NULL,
  evidence_json TEXT NOT NULL,
  PRIMARY KEY (score_id, indicator)
);
CREATE TRIGGER scores_append_only_update BEFORE UPDATE ON scores
  BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;
CREATE TRIGGER scores_append_only_delete BEFORE DELETE ON scores
  BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;
)sql";

// A score row is ~15 KB (its JSON) and an indicator row carries its evidence inline, so reading the
// headlines of every score, or the values of every indicator (the report's scores.csv), through the
// tables touches a page per row. Covering indexes hold just those columns: the report reads them alone.
const char* const kScoreIndexesMigrationSql = R"sql(
CREATE INDEX scores_headline ON scores(site_id, id, run_id, rubric, rubric_version, kind, score, max, vetoed,
                                       passed, level, as_of);
CREATE INDEX indicator_scores_values ON indicator_scores(score_id, indicator, grp, value_json, points);
)sql";

namespace {

// The score_values text of score `score` (an SQL expression: a column or a parameter), as score_log.h
// describes it. The ORDER BY of the inner query orders group_concat's input (SQLite keeps a subquery's
// ORDER BY under an aggregate other than count/min/max).
std::string score_values_of(const std::string& score) {
  auto esc = [](const std::string& col) {  // the test first: replace() on every field doubled a migration's time
    return "(CASE WHEN " + col + " GLOB ('*[' || char(27, 10, 31) || ']*') THEN replace(replace(replace(" + col +
           ", char(27), char(27, 91)), char(10), char(27, 74)), char(31), char(27, 95)) ELSE " + col + " END)";
  };
  return "coalesce((SELECT group_concat(line, '') FROM (SELECT " + esc("indicator") + " || char(31) || " + esc("grp") +
         " || char(31) || " + esc("value_json") +
         " || char(31) || quote(points) || char(10) AS line FROM indicator_scores WHERE score_id = " + score +
         " ORDER BY rowid)), '')";
}

// Columns 0–11 of a score row (id, run_id, site_id, rubric, rubric_version, kind, score, max, vetoed,
// passed, level, as_of), as both listings select them, into a StoredScore or a ScoreSummary.
template <typename Score>
void read_headline(const Statement& st, Score* s) {
  s->id = st.integer(0);
  s->run_id = st.integer(1);
  s->site_id = st.text(2);
  s->rubric = st.text(3);
  s->rubric_version = st.text(4);
  s->kind = st.text(5);
  if (!st.is_null(6)) s->score = st.real(6);
  s->max = st.real(7);
  s->vetoed = st.integer(8) != 0;
  s->passed = st.integer(9) != 0;
  s->level = st.text(10);
  s->as_of = st.text(11);
}

}  // namespace

// Filled for the stored scores in id order; the covering index of migration 8 served only scores.csv,
// which now reads score_values, so it goes.
std::string score_values_migration_sql() {
  return R"sql(
CREATE TABLE score_values (
  score_id   INTEGER PRIMARY KEY REFERENCES scores(id),
  indicators TEXT NOT NULL
);
INSERT INTO score_values(score_id, indicators) SELECT s.id, )sql" +
         score_values_of("s.id") + R"sql( FROM scores s ORDER BY s.id;
DROP INDEX indicator_scores_values;
CREATE TRIGGER score_values_append_only_update BEFORE UPDATE ON score_values
  BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;
CREATE TRIGGER score_values_append_only_delete BEFORE DELETE ON score_values
  BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;
)sql";
}

bool append_scores(Store& store, std::vector<StoredScore>* scores, std::string* err) {
  sqlite3* db = store.handle();
  Transaction tx(db);
  if (!tx.begin(err)) return false;
  Statement ins(db,
                "INSERT INTO scores(run_id, site_id, rubric, rubric_version, kind, score, max, vetoed, passed, "
                "level, as_of, audited_at, json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  Statement ind(db,
                "INSERT INTO indicator_scores(score_id, indicator, kind, grp, value_json, points, evidence_json) "
                "VALUES (?,?,?,?,?,?,?)");
  // A score's values row from the indicator rows just stored: the same expression as the migration's.
  Statement vals(db, ("INSERT INTO score_values(score_id, indicators) SELECT ?1, " + score_values_of("?1")).c_str());
  if (!ins.ok() || !ind.ok() || !vals.ok()) {
    *err = "cannot prepare score insert: " + ins.error();
    return false;
  }
  std::string now = utc_now_iso8601();
  for (auto& s : *scores) {
    ins.reset();
    ins.bind(1, s.run_id);
    ins.bind(2, s.site_id);
    ins.bind(3, s.rubric);
    ins.bind(4, s.rubric_version);
    ins.bind(5, s.kind);
    if (s.score) {
      ins.bind(6, *s.score);
    } else {
      ins.bind_null(6);
    }
    ins.bind(7, s.max);
    ins.bind(8, static_cast<long long>(s.vetoed));
    ins.bind(9, static_cast<long long>(s.passed));
    ins.bind(10, s.level);
    ins.bind(11, s.as_of);
    ins.bind(12, now);
    ins.bind(13, s.json);
    if (ins.step() != SQLITE_DONE) {
      *err = "cannot store score of " + s.site_id + ": " + ins.error();
      return false;
    }
    s.id = sqlite3_last_insert_rowid(db);
    s.audited_at = now;
    for (const auto& i : s.indicators) {
      ind.reset();
      ind.bind(1, s.id);
      ind.bind(2, i.id);
      ind.bind(3, i.kind);
      ind.bind(4, i.group);
      ind.bind(5, i.value_json);
      ind.bind(6, i.points);
      ind.bind(7, i.evidence_json);
      if (ind.step() != SQLITE_DONE) {
        *err = "cannot store indicator " + i.id + " of " + s.site_id + ": " + ind.error();
        return false;
      }
    }
    vals.reset();
    vals.bind(1, s.id);
    if (vals.step() != SQLITE_DONE) {
      *err = "cannot store the indicator values of " + s.site_id + ": " + vals.error();
      return false;
    }
  }
  return tx.commit(err);
}

bool list_scores(Store& store, const ScoreFilter& f, std::vector<StoredScore>* out, std::string* err) {
  return visit_scores(store, f, [&](StoredScore&& s) {
    out->push_back(std::move(s));
    return true;
  }, err);
}

bool visit_scores(Store& store, const ScoreFilter& f, const std::function<bool(StoredScore&&)>& fn,
                  std::string* err) {
  std::string sql =
      "SELECT s.id, s.run_id, s.site_id, s.rubric, s.rubric_version, s.kind, s.score, s.max, s.vetoed, s.passed, "
      "s.level, s.as_of, s.audited_at, s.json FROM scores s JOIN runs r ON r.id = s.run_id WHERE 1=1";
  if (f.run_id) sql += " AND s.run_id = ?1";
  if (f.year) sql += " AND substr(r.started_at, 1, 4) = ?2";
  if (!f.site_id.empty()) sql += " AND s.site_id = ?3";
  if (!f.all_audits)
    sql += " AND s.id = (SELECT MAX(id) FROM scores t WHERE t.run_id = s.run_id AND t.site_id = s.site_id "
           "AND t.rubric = s.rubric AND t.rubric_version = s.rubric_version)";
  sql += " ORDER BY s.run_id, s.site_id, s.rubric";
  Statement st(store.handle(), sql.c_str());
  if (!st.ok()) {
    *err = "cannot list scores: " + st.error();
    return false;
  }
  if (f.run_id) st.bind(1, f.run_id);
  if (f.year) st.bind(2, std::to_string(f.year));
  if (!f.site_id.empty()) st.bind(3, f.site_id);
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    StoredScore s;
    read_headline(st, &s);
    s.audited_at = st.text(12);
    s.json = st.text(13);
    if (!fn(std::move(s))) return true;
  }
  if (rc != SQLITE_DONE) *err = "cannot list scores: " + st.error();
  return rc == SQLITE_DONE;
}

bool list_score_summaries(Store& store, std::vector<ScoreSummary>* out, std::string* err) {
  // From the covering index scores_headline alone: the table's rows hold the JSON.
  Statement st(store.handle(),
               "SELECT id, run_id, site_id, rubric, rubric_version, kind, score, max, vetoed, passed, level, as_of "
               "FROM scores INDEXED BY scores_headline ORDER BY site_id, id");
  if (!st.ok()) {
    *err = "cannot list scores: " + st.error();
    return false;
  }
  std::vector<ScoreSummary> all;
  // Sized first (a count reads the smallest index): growing a vector of 300,000 headlines by doubling
  // touched and copied twice the memory.
  Statement count(store.handle(), "SELECT count(*) FROM scores");
  if (count.ok() && count.step() == SQLITE_ROW) all.reserve(static_cast<std::size_t>(count.integer(0)));
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    ScoreSummary& s = all.emplace_back();
    read_headline(st, &s);
  }
  if (rc != SQLITE_DONE) {
    *err = "cannot list scores: " + st.error();
    return false;
  }
  // Newest audit per (run, site, rubric, version): the greatest id, as in list_scores. Rows of a site
  // are adjacent, so a per-site pass suffices.
  // Compacted in place (the kept rows moved to the front) rather than copied into a second vector of
  // the same size: fresh memory is what costs on a census.
  auto key = [](const ScoreSummary& s) { return std::tie(s.run_id, s.rubric, s.rubric_version); };
  std::size_t kept = 0;
  for (size_t begin = 0; begin < all.size();) {
    size_t end = begin;
    while (end < all.size() && all[end].site_id == all[begin].site_id) ++end;
    std::sort(all.begin() + begin, all.begin() + end, [&](const ScoreSummary& a, const ScoreSummary& b) {
      return std::make_tuple(a.run_id, a.rubric, a.rubric_version, b.id) <
             std::make_tuple(b.run_id, b.rubric, b.rubric_version, a.id);
    });
    for (size_t i = begin; i < end; ++i) {
      if (i != begin && key(all[i]) == key(all[kept - 1])) continue;  // the site's last kept row: same key run
      if (kept != i) all[kept] = std::move(all[i]);
      ++kept;
    }
    begin = end;
  }
  all.erase(all.begin() + static_cast<std::ptrdiff_t>(kept), all.end());
  if (out->empty()) {
    *out = std::move(all);
  } else {
    out->insert(out->end(), std::make_move_iterator(all.begin()), std::make_move_iterator(all.end()));
  }
  return true;
}

bool get_score_json(Store& store, long long id, std::string* json, std::string* err) {
  Statement st(store.handle(), "SELECT json FROM scores WHERE id = ?1");
  if (!st.ok()) {
    *err = "cannot read score " + std::to_string(id) + ": " + st.error();
    return false;
  }
  st.bind(1, id);
  int rc = st.step();
  if (rc == SQLITE_ROW) {
    *json = st.text(0);
    return true;
  }
  *err = rc == SQLITE_DONE ? "no score " + std::to_string(id) : "cannot read score " + std::to_string(id) + ": " + st.error();
  return false;
}

bool warm_score_json(Store& store, const std::vector<long long>& ids, std::string* err) {
  Statement st(store.handle(), "SELECT json FROM scores WHERE id = ?1");
  if (!st.ok()) {
    *err = "cannot read scores: " + st.error();
    return false;
  }
  for (long long id : ids) {
    st.reset();
    st.bind(1, id);
    int rc = st.step();
    if (rc == SQLITE_ROW) {
      st.view(0);  // the text itself: what brings its overflow pages in
    } else if (rc != SQLITE_DONE) {
      *err = "cannot read score " + std::to_string(id) + ": " + st.error();
      return false;
    }
  }
  return true;
}

namespace {

constexpr char kUnit = '\x1f', kEsc = '\x1b';

// A score_values field without its escapes: a view of the row itself when it has none (the usual
// case), else of `scratch`. False when an ESC is not followed by one of the escaped bytes.
bool unescape(std::string_view f, std::string* scratch, std::string_view* out) {
  if (f.find(kEsc) == std::string_view::npos) {
    *out = f;
    return true;
  }
  scratch->clear();
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] != kEsc) {
      scratch->push_back(f[i]);
      continue;
    }
    if (++i == f.size() || (f[i] != '[' && f[i] != 'J' && f[i] != '_')) return false;
    scratch->push_back(static_cast<char>(f[i] - 0x40));
  }
  *out = *scratch;
  return true;
}

// quote()'s text of a REAL: a decimal, or Inf/-Inf (from_chars reads those; strtod the out-of-range
// exponents a newer SQLite may write for them).
bool parse_points(std::string_view f, std::string* scratch, double* out) {
  auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), *out);
  if (ec == std::errc() && end == f.data() + f.size()) return true;
  scratch->assign(f);
  char* stop = nullptr;
  *out = std::strtod(scratch->c_str(), &stop);
  return !scratch->empty() && stop == scratch->c_str() + scratch->size();
}

}  // namespace

bool scan_score_values(Store& store, const std::vector<long long>& ids, const std::function<bool(const IndicatorValues&)>& fn,
                       std::string* err) {
  if (ids.empty()) return true;
  Statement st(store.handle(), "SELECT score_id, indicators FROM score_values WHERE score_id BETWEEN ?1 AND ?2");
  if (!st.ok()) {
    *err = "cannot read indicator values: " + st.error();
    return false;
  }
  st.bind(1, ids.front());
  st.bind(2, ids.back());
  std::string scratch[4];
  IndicatorValues v;
  auto wanted = ids.begin();  // ids ascend like the rows: a moving cursor instead of a search per row
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    v.score_id = st.integer(0);
    while (wanted != ids.end() && *wanted < v.score_id) ++wanted;
    if (wanted == ids.end() || *wanted != v.score_id) continue;
    std::string_view text = st.view(1);
    // One pass per line (18 M of them in a census report): where its three separators are, and whether
    // it has an escape at all.
    for (const char *p = text.data(), *end = p + text.size(); p < end;) {
      const char* cut[3];
      std::size_t n = 0;
      bool escaped = false;
      const char* start = p;
      for (; p < end && *p != '\n'; ++p) {
        if (*p == kUnit) {
          if (n == 3) break;
          cut[n++] = p;
        } else if (*p == kEsc) {
          escaped = true;
        }
      }
      bool ok = p < end && *p == '\n' && n == 3;
      if (ok) {
        std::string_view f0(start, static_cast<std::size_t>(cut[0] - start));
        std::string_view f1(cut[0] + 1, static_cast<std::size_t>(cut[1] - cut[0] - 1));
        std::string_view f2(cut[1] + 1, static_cast<std::size_t>(cut[2] - cut[1] - 1));
        if (escaped) {
          ok = unescape(f0, &scratch[0], &v.id) && unescape(f1, &scratch[1], &v.group) &&
               unescape(f2, &scratch[2], &v.value_json);
        } else {
          v.id = f0, v.group = f1, v.value_json = f2;
        }
        ok = ok && parse_points(std::string_view(cut[2] + 1, static_cast<std::size_t>(p - cut[2] - 1)), &scratch[3], &v.points);
        ++p;
      }
      if (!ok) {
        *err = "score " + std::to_string(v.score_id) + ": malformed indicator values in the store";
        return false;
      }
      if (!fn(v)) return false;
    }
  }
  if (rc != SQLITE_DONE) {
    *err = "cannot read indicator values: " + st.error();
    return false;
  }
  return true;
}

}  // namespace govaudit
