#include "store/flag_log.h"

#include <map>

#include "store/sql.h"

namespace govaudit {

const char* const kFlagLogMigrationSql = R"sql(
CREATE TABLE flag_checks (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES runs(id),
  site_id    TEXT NOT NULL REFERENCES sites(id),
  as_of      TEXT NOT NULL,
  checked_at TEXT NOT NULL
);
CREATE INDEX flag_checks_run_site ON flag_checks(run_id, site_id);
CREATE TABLE flags (
  check_id      INTEGER NOT NULL REFERENCES flag_checks(id),
  kind          TEXT NOT NULL,
  subject       TEXT NOT NULL,
  since         TEXT NOT NULL,
  detail        TEXT NOT NULL,
  evidence_json TEXT NOT NULL
);
CREATE INDEX flags_check ON flags(check_id);
CREATE TRIGGER flag_checks_append_only_update BEFORE UPDATE ON flag_checks
  BEGIN SELECT RAISE(ABORT, 'flag checks are append-only'); END;
CREATE TRIGGER flag_checks_append_only_delete BEFORE DELETE ON flag_checks
  BEGIN SELECT RAISE(ABORT, 'flag checks are append-only'); END;
CREATE TRIGGER flags_append_only_update BEFORE UPDATE ON flags
  BEGIN SELECT RAISE(ABORT, 'flags are append-only'); END;
CREATE TRIGGER flags_append_only_delete BEFORE DELETE ON flags
  BEGIN SELECT RAISE(ABORT, 'flags are append-only'); END;
)sql";

bool append_flag_checks(Store& store, std::vector<StoredFlagCheck>* checks, std::string* err) {
  sqlite3* db = store.handle();
  Transaction tx(db);
  if (!tx.begin(err)) return false;
  Statement c(db, "INSERT INTO flag_checks(run_id, site_id, as_of, checked_at) VALUES (?,?,?,?)");
  Statement f(db, "INSERT INTO flags(check_id, kind, subject, since, detail, evidence_json) VALUES (?,?,?,?,?,?)");
  if (!c.ok() || !f.ok()) {
    *err = "cannot prepare flag insert: " + c.error();
    return false;
  }
  std::string now = utc_now_iso8601();
  for (auto& k : *checks) {
    c.reset();
    c.bind(1, k.run_id);
    c.bind(2, k.site_id);
    c.bind(3, k.as_of);
    c.bind(4, now);
    if (c.step() != SQLITE_DONE) {
      *err = "cannot store flag check of " + k.site_id + " in run " + std::to_string(k.run_id) + ": " + c.error();
      return false;
    }
    k.id = sqlite3_last_insert_rowid(db);
    k.checked_at = now;
    for (const auto& x : k.flags) {
      f.reset();
      f.bind(1, k.id);
      f.bind(2, x.kind);
      f.bind(3, x.subject);
      f.bind(4, x.since);
      f.bind(5, x.detail);
      f.bind(6, x.evidence_json);
      if (f.step() != SQLITE_DONE) {
        *err = "cannot store flag " + x.kind + " " + x.subject + ": " + f.error();
        return false;
      }
    }
  }
  return tx.commit(err);
}

bool list_flag_checks(Store& store, std::vector<StoredFlagCheck>* out, std::string* err) {
  Statement c(store.handle(),
              "SELECT c.id, c.run_id, c.site_id, c.as_of, c.checked_at FROM flag_checks c WHERE c.id = "
              "(SELECT MAX(id) FROM flag_checks d WHERE d.run_id = c.run_id AND d.site_id = c.site_id) "
              "ORDER BY c.as_of, c.run_id, c.site_id");
  Statement f(store.handle(),
              "SELECT f.check_id, f.kind, f.subject, f.since, f.detail, f.evidence_json FROM flags f "
              "ORDER BY f.check_id, f.rowid");
  if (!c.ok() || !f.ok()) {
    *err = "cannot list flags: " + c.error();
    return false;
  }
  std::map<long long, size_t> index;
  int rc;
  while ((rc = c.step()) == SQLITE_ROW) {
    index[c.integer(0)] = out->size();
    out->push_back({c.integer(0), c.integer(1), c.text(2), c.text(3), c.text(4), {}});
  }
  if (rc != SQLITE_DONE) {
    *err = "cannot list flag checks: " + c.error();
    return false;
  }
  while ((rc = f.step()) == SQLITE_ROW) {
    auto it = index.find(f.integer(0));
    if (it != index.end()) (*out)[it->second].flags.push_back({f.text(1), f.text(2), f.text(3), f.text(4), f.text(5)});
  }
  if (rc != SQLITE_DONE) *err = "cannot list flags: " + f.error();
  return rc == SQLITE_DONE;
}

}  // namespace govaudit
