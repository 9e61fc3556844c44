#include "store/migrations.h"

#include "store/crawl_log.h"
#include "store/flag_log.h"
#include "store/manual_codes.h"
#include "store/job_log.h"
#include "store/probe_log.h"
#include "store/score_log.h"

namespace govaudit {

const std::vector<Migration>& schema_migrations() {
  static const std::vector<Migration> migrations = {
      {1, R"sql(
-- Registry, versioned. A site is never deleted: registries are partial lists (a file may cover one
-- province), so absence from a later import means nothing. Each change of facts appends a version.
CREATE TABLE imports (
  id          INTEGER PRIMARY KEY,
  file        TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  rows        INTEGER NOT NULL,
  added       INTEGER NOT NULL,
  changed     INTEGER NOT NULL,
  unchanged   INTEGER NOT NULL
);
CREATE TABLE sites (
  id         TEXT PRIMARY KEY,
  first_seen TEXT NOT NULL
);
CREATE TABLE site_versions (
  site_id     TEXT NOT NULL REFERENCES sites(id),
  version     INTEGER NOT NULL CHECK (version >= 1),
  valid_from  TEXT NOT NULL,
  name        TEXT NOT NULL,
  province    TEXT NOT NULL,
  prefecture  TEXT NOT NULL,
  level       TEXT NOT NULL CHECK (level IN ('province', 'prefecture', 'county', 'district')),
  region      TEXT NOT NULL CHECK (region IN ('east', 'central', 'west', 'northeast')),
  minority    TEXT NOT NULL CHECK (minority IN ('none', 'region', 'prefecture', 'county')),
  url         TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  extra_hosts TEXT NOT NULL,  -- ';'-joined hostnames
  tags        TEXT NOT NULL,  -- ';'-joined labels
  import_id   INTEGER NOT NULL REFERENCES imports(id),
  PRIMARY KEY (site_id, version)
);
CREATE TRIGGER site_versions_append_only_update BEFORE UPDATE ON site_versions
  BEGIN SELECT RAISE(ABORT, 'site_versions is append-only'); END;
CREATE TRIGGER site_versions_append_only_delete BEFORE DELETE ON site_versions
  BEGIN SELECT RAISE(ABORT, 'site_versions is append-only'); END;

-- Crawl runs: one row per run, never deleted; later migrations add what runs produce.
CREATE TABLE runs (
  id           INTEGER PRIMARY KEY,
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  status       TEXT NOT NULL,
  options_json TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER runs_append_only_delete BEFORE DELETE ON runs
  BEGIN SELECT RAISE(ABORT, 'runs are never deleted'); END;
)sql"},
      {2, kCrawlLogMigrationSql},
      {3, kProbeLogMigrationSql},
      {4, kScoreLogMigrationSql},
      {5, kFlagLogMigrationSql},
      {6, kManualCodesMigrationSql},
      {7, kJobLogMigrationSql},
      {8, kScoreIndexesMigrationSql},
      {9, score_values_migration_sql()},
  };
  return migrations;
}

}  // namespace govaudit
