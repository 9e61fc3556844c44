// score_values (store migration 9): a score's indicator values in one row, what scores.csv reads. Its
// rows must say exactly what the score's indicator_scores rows say, whether written with the score or
// filled by the migration for a store of schema 8, and the report must not change with it.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "store/score_log.h"
#include "tests/support/farm_pipeline.h"
#include "tests/support/stored_score.h"

using namespace govaudit;
using namespace govaudit::testing;

namespace {

using Row = std::tuple<long long, std::string, std::string, std::string, double>;  // score, id, group, value, points

void exec_raw(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* msg = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg);
  INFO(sql << ": " << (msg ? msg : ""));
  sqlite3_free(msg);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

// The ground truth: every indicator row in the order stored, read from indicator_scores itself.
std::vector<Row> indicator_rows(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT score_id, indicator, grp, value_json, points FROM indicator_scores "
                                 "ORDER BY score_id, rowid", -1, &st, nullptr) == SQLITE_OK);
  std::vector<Row> out;
  auto text = [&](int c) {
    return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c)), sqlite3_column_bytes(st, c));
  };
  while (sqlite3_step(st) == SQLITE_ROW)
    out.emplace_back(sqlite3_column_int64(st, 0), text(1), text(2), text(3), sqlite3_column_double(st, 4));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

std::vector<long long> score_ids(const std::vector<Row>& rows) {
  std::vector<long long> ids;
  for (const auto& r : rows)
    if (ids.empty() || ids.back() != std::get<0>(r)) ids.push_back(std::get<0>(r));
  return ids;
}

std::vector<Row> scanned(const std::string& path, const std::vector<long long>& ids) {
  Store store;
  std::string err;
  REQUIRE(store.open(path, &err));
  std::vector<Row> out;
  REQUIRE(scan_score_values(store, ids, [&](const IndicatorValues& v) {
    out.emplace_back(v.score_id, std::string(v.id), std::string(v.group), std::string(v.value_json), v.points);
    return true;
  }, &err));
  return out;
}

// Takes a store back to schema 8 as that version left it: no score_values, the covering index back.
void to_schema_8(const std::string& path) {
  exec_raw(path, "DROP TABLE score_values; "
                 "CREATE INDEX indicator_scores_values ON indicator_scores(score_id, indicator, grp, value_json, points); "
                 "DELETE FROM schema_version WHERE version >= 9");
}

// A score whose indicator ids, groups and values hold the encoding's own bytes, and points that a
// 15-digit decimal does not give back; checked in 2023, the site's only census score that year, so the
// report's scores.csv has it.
StoredScore awkward_score(long long run, const std::string& site) {
  StoredScore s = census_score_row(run, site, "census-test", "1", "2023-06-30");
  s.json = "{}";
  const double third = 1.0 / 3;
  s.indicators = {
      {"line\nbreak", "indicator", "g\x1fsep", "\"a\\nb\"", 0.1 + 0.2, "[]"},
      {"esc\x1b[x", "indicator", "g\x1b", "\"\x1f\x1b\"", third, "[]"},
      {"plain", "veto", "", "null", -2.5, "[]"},
      {"tiny", "bonus", "g", "1e-300", 1e-300, "[]"},
      {"huge", "bonus", "g", "true", std::numeric_limits<double>::infinity(), "[]"},
  };
  return s;
}

}  // namespace

TEST_CASE("score values equal the indicator rows of audited scores and a migrated store gives the same csv",
          "[store][score_log][report][farm][cli]") {
  const std::string as_of = "2024-06-30";
  ScratchDir dir;
  std::string db = dir.file("g.db");
  auto r = audit_farm_world(farm_world(3, 5, as_of), dir.path(), db, as_of);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);

  // Real audited scores: the values row of each says what its indicator rows say, in their order.
  auto truth = indicator_rows(db);
  REQUIRE(truth.size() > 100);
  CHECK(scanned(db, score_ids(truth)) == truth);

  // A score written with the bytes of the encoding in it, and points only a long decimal gives back.
  {
    Store store;
    std::string err;
    REQUIRE(store.open(db, &err));
    std::vector<ScoreSummary> all;
    REQUIRE(list_score_summaries(store, &all, &err));
    std::vector<StoredScore> batch{awkward_score(all.front().run_id, all.front().site_id)};
    REQUIRE(append_scores(store, &batch, &err));
  }
  truth = indicator_rows(db);
  auto ids = score_ids(truth);
  CHECK(scanned(db, ids) == truth);
  std::vector<Row> awkward;
  for (const auto& row : truth)
    if (std::get<0>(row) == ids.back()) awkward.push_back(row);
  REQUIRE(awkward.size() == 5);
  CHECK(std::get<1>(awkward[0]) == "line\nbreak");
  CHECK(std::get<2>(awkward[0]) == "g\x1fsep");
  CHECK(std::get<4>(awkward[0]) == 0.1 + 0.2);
  CHECK(std::get<4>(awkward[1]) == 1.0 / 3);
  CHECK(std::get<4>(awkward[3]) == 1e-300);
  CHECK(std::isinf(std::get<4>(awkward[4])));

  // Append-only like the scores.
  for (const char* sql : {"UPDATE score_values SET indicators = ''", "DELETE FROM score_values"}) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    CHECK(sqlite3_exec(raw, sql, nullptr, nullptr, nullptr) != SQLITE_OK);
    sqlite3_close(raw);
  }

  auto report = [&](const std::string& out) {
    auto rep = run_govaudit({"--db", db, "report", "--year", "2024", "--out", out});
    INFO(rep.err);
    REQUIRE(rep.exit_code == 0);
    return read_file(out + "/scores.csv");
  };
  std::string csv = report(dir.file("report9"));
  CHECK(csv.find("\"line\nbreak\"") != std::string::npos);

  // The same store as schema 8 left it: migration 9 fills score_values from the indicator rows, and the
  // report (scores.csv first of all) is the same.
  to_schema_8(db);
  CHECK(report(dir.file("report8")) == csv);
  CHECK(scanned(db, ids) == truth);
  Store store;
  std::string err;
  REQUIRE(store.open(db, &err));
  CHECK(store.schema_version() == 9);
}
