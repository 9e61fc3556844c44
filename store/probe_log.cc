#include "store/probe_log.h"

#include "store/sql.h"

namespace govaudit {

const char* const kProbeLogMigrationSql = R"sql(
CREATE TABLE probe_rounds (
  id              INTEGER PRIMARY KEY,
  started_at      TEXT NOT NULL,
  vantage         TEXT NOT NULL,
  vantage_failure INTEGER NOT NULL,
  note            TEXT NOT NULL
);
CREATE TABLE probes (
  round_id      INTEGER NOT NULL REFERENCES probe_rounds(id),
  site_id       TEXT NOT NULL REFERENCES sites(id),
  url           TEXT NOT NULL,
  final_url     TEXT NOT NULL,
  status        INTEGER NOT NULL,
  ok            INTEGER NOT NULL,
  error_class   TEXT NOT NULL,
  error         TEXT NOT NULL,
  dns_ms REAL NOT NULL, connect_ms REAL NOT NULL, tls_ms REAL NOT NULL,
  first_byte_ms REAL NOT NULL, total_ms REAL NOT NULL,
  bytes         INTEGER NOT NULL,
  content_hash  TEXT NOT NULL,
  changed       INTEGER NOT NULL,
  redirects_to_https INTEGER NOT NULL,
  tls_expires   TEXT NOT NULL,
  tls_issuer    TEXT NOT NULL,
  ipv6          TEXT NOT NULL,
  probed_at     TEXT NOT NULL
);
CREATE INDEX probes_site_time ON probes(site_id, probed_at);
CREATE INDEX probes_url ON probes(url);
CREATE TRIGGER probes_append_only_update BEFORE UPDATE ON probes
  BEGIN SELECT RAISE(ABORT, 'probes are append-only'); END;
CREATE TRIGGER probes_append_only_delete BEFORE DELETE ON probes
  BEGIN SELECT RAISE(ABORT, 'probes are append-only'); END;
)sql";

bool append_probe_round(Store& store, ProbeRound* round, const std::vector<StoredProbe>& probes, std::string* err) {
  sqlite3* db = store.handle();
  Transaction tx(db);
  if (!tx.begin(err)) return false;
  Statement r(db, "INSERT INTO probe_rounds(started_at, vantage, vantage_failure, note) VALUES (?,?,?,?)");
  r.bind(1, round->started_at);
  r.bind(2, round->vantage);
  r.bind(3, static_cast<long long>(round->vantage_failure));
  r.bind(4, round->note);
  if (r.step() != SQLITE_DONE) {
    *err = "cannot store probe round: " + r.error();
    return false;
  }
  round->id = sqlite3_last_insert_rowid(db);
  Statement p(db,
              "INSERT INTO probes(round_id, site_id, url, final_url, status, ok, error_class, error, dns_ms, "
              "connect_ms, tls_ms, first_byte_ms, total_ms, bytes, content_hash, changed, redirects_to_https, "
              "tls_expires, tls_issuer, ipv6, probed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const auto& x : probes) {
    p.reset();
    int c = 1;
    p.bind(c++, round->id);
    p.bind(c++, x.site_id);
    p.bind(c++, x.url);
    p.bind(c++, x.final_url);
    p.bind(c++, static_cast<long long>(x.status));
    p.bind(c++, static_cast<long long>(x.ok));
    p.bind(c++, x.error_class);
    p.bind(c++, x.error);
    for (double v : {x.dns_ms, x.connect_ms, x.tls_ms, x.first_byte_ms, x.total_ms}) p.bind(c++, v);
    p.bind(c++, x.bytes);
    p.bind(c++, x.content_hash);
    p.bind(c++, static_cast<long long>(x.changed));
    p.bind(c++, static_cast<long long>(x.redirects_to_https));
    p.bind(c++, x.tls_expires);
    p.bind(c++, x.tls_issuer);
    p.bind(c++, x.ipv6);
    p.bind(c++, x.probed_at);
    if (p.step() != SQLITE_DONE) {
      *err = "cannot store probe of " + x.url + ": " + p.error();
      return false;
    }
  }
  return tx.commit(err);
}

bool last_probe_hash(Store& store, const std::string& url, std::string* hash, std::string* err) {
  Statement st(store.handle(), "SELECT content_hash FROM probes WHERE url = ? AND ok = 1 ORDER BY rowid DESC LIMIT 1");
  st.bind(1, url);
  int rc = st.step();
  if (rc == SQLITE_ROW) {
    *hash = st.text(0);
    return true;
  }
  hash->clear();
  if (rc != SQLITE_DONE) *err = "cannot read probes: " + st.error();
  return rc == SQLITE_DONE;
}

bool site_probes(Store& store, const std::string& site_id, const std::string& from, const std::string& to,
                 std::vector<StoredProbe>* out, std::string* err) {
  Statement st(store.handle(),
               "SELECT p.site_id, p.url, p.final_url, p.status, p.ok, p.error_class, p.error, p.total_ms, "
               "p.probed_at, p.round_id, p.tls_expires, p.ipv6, p.redirects_to_https FROM probes p "
               "JOIN probe_rounds r ON r.id = p.round_id "
               "WHERE p.site_id = ? AND p.probed_at >= ? AND p.probed_at <= ? AND r.vantage_failure = 0 "
               "ORDER BY p.probed_at, p.rowid");
  st.bind(1, site_id);
  st.bind(2, from);
  st.bind(3, to);
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    StoredProbe p;
    p.site_id = st.text(0);
    p.url = st.text(1);
    p.final_url = st.text(2);
    p.status = static_cast<int>(st.integer(3));
    p.ok = st.integer(4) != 0;
    p.error_class = st.text(5);
    p.error = st.text(6);
    p.total_ms = st.real(7);
    p.probed_at = st.text(8);
    p.round_id = st.integer(9);
    p.tls_expires = st.text(10);
    p.ipv6 = st.text(11);
    p.redirects_to_https = st.integer(12) != 0;
    out->push_back(std::move(p));
  }
  if (rc != SQLITE_DONE) *err = "cannot read probes of " + site_id + ": " + st.error();
  return rc == SQLITE_DONE;
}

}  // namespace govaudit
