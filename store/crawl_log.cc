#include "store/crawl_log.h"

#include <sqlite3.h>

#include "store/sql.h"

namespace govaudit {

const char* const kCrawlLogMigrationSql = R"sql(
-- Crawl runs and what they fetched. Append-only: a fetch row is an observation and is never
-- rewritten; a resumed run adds the rows it was missing.
ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'crawl';
CREATE TABLE fetches (
  id             INTEGER PRIMARY KEY,
  run_id         INTEGER NOT NULL REFERENCES runs(id),
  site_id        TEXT NOT NULL REFERENCES sites(id),
  kind           TEXT NOT NULL,
  url            TEXT NOT NULL,
  final_url      TEXT NOT NULL,
  depth          INTEGER NOT NULL,
  referrer       TEXT NOT NULL,
  skipped        TEXT NOT NULL,
  status         INTEGER NOT NULL,
  error_class    TEXT NOT NULL,
  error          TEXT NOT NULL,
  content_type   TEXT NOT NULL,
  charset        TEXT NOT NULL,
  charset_source TEXT NOT NULL,
  title          TEXT NOT NULL,
  content_hash   TEXT NOT NULL,
  size           INTEGER NOT NULL,
  truncated      INTEGER NOT NULL,
  soft_404       INTEGER NOT NULL,
  soft_404_reason TEXT NOT NULL,
  not_modified   INTEGER NOT NULL,
  dns_ms REAL NOT NULL, connect_ms REAL NOT NULL, tls_ms REAL NOT NULL,
  first_byte_ms REAL NOT NULL, total_ms REAL NOT NULL,
  remote_ip      TEXT NOT NULL,
  attempts       INTEGER NOT NULL,
  fetched_at     TEXT NOT NULL,
  etag           TEXT NOT NULL,
  last_modified  TEXT NOT NULL,
  redirects_json TEXT NOT NULL,
  headers_json   TEXT NOT NULL,
  warc_file      TEXT NOT NULL,
  warc_offset    INTEGER NOT NULL,
  warc_length    INTEGER NOT NULL,
  warc_member_skip INTEGER NOT NULL,
  UNIQUE (run_id, site_id, kind, url)
);
CREATE INDEX fetches_run_site ON fetches(run_id, site_id);
CREATE INDEX fetches_url ON fetches(url);
CREATE TABLE links (
  fetch_id INTEGER NOT NULL REFERENCES fetches(id),
  url      TEXT NOT NULL,
  text     TEXT NOT NULL,
  source   TEXT NOT NULL
);
CREATE INDEX links_fetch ON links(fetch_id);
CREATE TABLE sitemap_entries (
  fetch_id INTEGER NOT NULL REFERENCES fetches(id),
  url      TEXT NOT NULL,
  lastmod  TEXT NOT NULL
);
CREATE TABLE run_sites (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  site_id TEXT NOT NULL REFERENCES sites(id),
  pages_fetched INTEGER NOT NULL, pages_failed INTEGER NOT NULL, blocked_by_robots INTEGER NOT NULL,
  skipped_other INTEGER NOT NULL, left_over INTEGER NOT NULL, externals_checked INTEGER NOT NULL,
  attachments_checked INTEGER NOT NULL, robots TEXT NOT NULL,
  PRIMARY KEY (run_id, site_id)
);
CREATE TRIGGER fetches_append_only_update BEFORE UPDATE ON fetches
  BEGIN SELECT RAISE(ABORT, 'fetches are append-only'); END;
CREATE TRIGGER fetches_append_only_delete BEFORE DELETE ON fetches
  BEGIN SELECT RAISE(ABORT, 'fetches are append-only'); END;
)sql";

namespace {

constexpr const char* kFetchColumns =
    "id, site_id, kind, url, final_url, depth, referrer, skipped, status, error_class, error, content_type, "
    "charset, charset_source, title, content_hash, size, truncated, soft_404, soft_404_reason, not_modified, "
    "dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms, remote_ip, attempts, fetched_at, etag, last_modified, "
    "redirects_json, headers_json, warc_file, warc_offset, warc_length, warc_member_skip";

StoredFetch fetch_from_row(const Statement& st) {
  StoredFetch f;
  int c = 0;
  f.id = st.integer(c++);
  f.site_id = st.text(c++);
  f.kind = st.text(c++);
  f.url = st.text(c++);
  f.final_url = st.text(c++);
  f.depth = static_cast<int>(st.integer(c++));
  f.referrer = st.text(c++);
  f.skipped = st.text(c++);
  f.status = static_cast<int>(st.integer(c++));
  f.error_class = st.text(c++);
  f.error = st.text(c++);
  f.content_type = st.text(c++);
  f.charset = st.text(c++);
  f.charset_source = st.text(c++);
  f.title = st.text(c++);
  f.content_hash = st.text(c++);
  f.size = st.integer(c++);
  f.truncated = st.integer(c++) != 0;
  f.soft_404 = st.integer(c++) != 0;
  f.soft_404_reason = st.text(c++);
  f.not_modified = st.integer(c++) != 0;
  f.dns_ms = st.real(c++);
  f.connect_ms = st.real(c++);
  f.tls_ms = st.real(c++);
  f.first_byte_ms = st.real(c++);
  f.total_ms = st.real(c++);
  f.remote_ip = st.text(c++);
  f.attempts = static_cast<int>(st.integer(c++));
  f.fetched_at = st.text(c++);
  f.etag = st.text(c++);
  f.last_modified = st.text(c++);
  f.redirects_json = st.text(c++);
  f.headers_json = st.text(c++);
  f.warc_file = st.text(c++);
  f.warc_offset = st.integer(c++);
  f.warc_length = st.integer(c++);
  f.warc_member_skip = st.integer(c++);
  return f;
}

}  // namespace

bool begin_run(Store& store, const std::string& kind, const std::string& options_json, long long* run_id,
               std::string* err) {
  Statement st(store.handle(), "INSERT INTO runs(started_at, status, options_json, kind) VALUES (?, 'running', ?, ?)");
  st.bind(1, utc_now_iso8601());
  st.bind(2, options_json);
  st.bind(3, kind);
  if (!st.ok() || st.step() != SQLITE_DONE) {
    *err = "cannot start a run: " + st.error();
    return false;
  }
  *run_id = sqlite3_last_insert_rowid(store.handle());
  return true;
}

bool append_fetches(Store& store, long long run_id, std::vector<StoredFetch>* fetches, std::string* err) {
  sqlite3* db = store.handle();
  Transaction tx(db);
  if (!tx.begin(err)) return false;
  Statement ins(db,
                "INSERT OR IGNORE INTO fetches(run_id, site_id, kind, url, final_url, depth, referrer, skipped, "
                "status, error_class, error, content_type, charset, charset_source, title, content_hash, size, "
                "truncated, soft_404, soft_404_reason, not_modified, dns_ms, connect_ms, tls_ms, first_byte_ms, "
                "total_ms, remote_ip, attempts, fetched_at, etag, last_modified, redirects_json, headers_json, "
                "warc_file, warc_offset, warc_length, warc_member_skip) VALUES "
                "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  Statement link(db, "INSERT INTO links(fetch_id, url, text, source) VALUES (?,?,?,?)");
  Statement lastmod(db, "INSERT INTO sitemap_entries(fetch_id, url, lastmod) VALUES (?,?,?)");
  if (!ins.ok() || !link.ok() || !lastmod.ok()) {
    *err = "cannot prepare fetch insert: " + ins.error();
    return false;
  }
  for (auto& f : *fetches) {
    int c = 1;
    ins.reset();
    ins.bind(c++, run_id);
    ins.bind(c++, f.site_id);
    ins.bind(c++, f.kind);
    ins.bind(c++, f.url);
    ins.bind(c++, f.final_url);
    ins.bind(c++, static_cast<long long>(f.depth));
    ins.bind(c++, f.referrer);
    ins.bind(c++, f.skipped);
    ins.bind(c++, static_cast<long long>(f.status));
    ins.bind(c++, f.error_class);
    ins.bind(c++, f.error);
    ins.bind(c++, f.content_type);
    ins.bind(c++, f.charset);
    ins.bind(c++, f.charset_source);
    ins.bind(c++, f.title);
    ins.bind(c++, f.content_hash);
    ins.bind(c++, f.size);
    ins.bind(c++, static_cast<long long>(f.truncated));
    ins.bind(c++, static_cast<long long>(f.soft_404));
    ins.bind(c++, f.soft_404_reason);
    ins.bind(c++, static_cast<long long>(f.not_modified));
    ins.bind(c++, f.dns_ms);
    ins.bind(c++, f.connect_ms);
    ins.bind(c++, f.tls_ms);
    ins.bind(c++, f.first_byte_ms);
    ins.bind(c++, f.total_ms);
    ins.bind(c++, f.remote_ip);
    ins.bind(c++, static_cast<long long>(f.attempts));
    ins.bind(c++, f.fetched_at);
    ins.bind(c++, f.etag);
    ins.bind(c++, f.last_modified);
    ins.bind(c++, f.redirects_json);
    ins.bind(c++, f.headers_json);
    ins.bind(c++, f.warc_file);
    ins.bind(c++, f.warc_offset);
    ins.bind(c++, f.warc_length);
    ins.bind(c++, f.warc_member_skip);
    if (ins.step() != SQLITE_DONE) {
      *err = "cannot store fetch of " + f.url + ": " + ins.error();
      return false;
    }
    if (sqlite3_changes(db) == 0) continue;  // already stored by the interrupted attempt
    f.id = sqlite3_last_insert_rowid(db);
    for (const auto& l : f.links) {
      link.reset();
      link.bind(1, f.id);
      link.bind(2, l.url);
      link.bind(3, l.text);
      link.bind(4, l.source);
      if (link.step() != SQLITE_DONE) {
        *err = "cannot store link of " + f.url + ": " + link.error();
        return false;
      }
    }
    for (const auto& [u, lm] : f.sitemap_lastmod) {
      lastmod.reset();
      lastmod.bind(1, f.id);
      lastmod.bind(2, u);
      lastmod.bind(3, lm);
      if (lastmod.step() != SQLITE_DONE) {
        *err = "cannot store sitemap entry " + u + ": " + lastmod.error();
        return false;
      }
    }
  }
  return tx.commit(err);
}

bool finish_run(Store& store, long long run_id, const std::string& status,
                const std::vector<RunSiteCoverage>& coverage, std::string* err) {
  sqlite3* db = store.handle();
  Transaction tx(db);
  if (!tx.begin(err)) return false;
  Statement up(db, "UPDATE runs SET finished_at = ?, status = ? WHERE id = ?");
  up.bind(1, utc_now_iso8601());
  up.bind(2, status);
  up.bind(3, run_id);
  if (!up.ok() || up.step() != SQLITE_DONE) {
    *err = "cannot finish run " + std::to_string(run_id) + ": " + up.error();
    return false;
  }
  Statement cov(db,
                "INSERT OR REPLACE INTO run_sites(run_id, site_id, pages_fetched, pages_failed, blocked_by_robots, "
                "skipped_other, left_over, externals_checked, attachments_checked, robots) VALUES (?,?,?,?,?,?,?,?,?,?)");
  for (const auto& c : coverage) {
    cov.reset();
    int i = 1;
    cov.bind(i++, run_id);
    cov.bind(i++, c.site_id);
    for (int v : {c.pages_fetched, c.pages_failed, c.blocked_by_robots, c.skipped_other, c.left_over,
                  c.externals_checked, c.attachments_checked})
      cov.bind(i++, static_cast<long long>(v));
    cov.bind(i++, c.robots);
    if (cov.step() != SQLITE_DONE) {
      *err = "cannot store coverage of " + c.site_id + ": " + cov.error();
      return false;
    }
  }
  return tx.commit(err);
}

bool reopen_run(Store& store, long long run_id, std::string* err) {
  Statement up(store.handle(), "UPDATE runs SET finished_at = NULL, status = 'running' WHERE id = ?");
  up.bind(1, run_id);
  if (!up.ok() || up.step() != SQLITE_DONE) {
    *err = "cannot reopen run " + std::to_string(run_id) + ": " + up.error();
    return false;
  }
  return true;
}

namespace {
constexpr const char* kRunSelect =
    "SELECT r.id, r.kind, r.started_at, COALESCE(r.finished_at, ''), r.status, r.options_json, "
    "(SELECT COUNT(DISTINCT site_id) FROM fetches f WHERE f.run_id = r.id), "
    "(SELECT COUNT(*) FROM fetches f WHERE f.run_id = r.id AND f.kind = 'page'), "
    "(SELECT COUNT(*) FROM fetches f WHERE f.run_id = r.id AND f.kind IN ('page','attachment','external') "
    "   AND (f.status = 0 OR f.status >= 400 OR f.soft_404 = 1)) "
    "FROM runs r ";

RunInfo run_from_row(const Statement& st) {
  RunInfo r;
  r.id = st.integer(0);
  r.kind = st.text(1);
  r.started_at = st.text(2);
  r.finished_at = st.text(3);
  r.status = st.text(4);
  r.options_json = st.text(5);
  r.sites = static_cast<int>(st.integer(6));
  r.pages = static_cast<int>(st.integer(7));
  r.errors = static_cast<int>(st.integer(8));
  return r;
}
}  // namespace

bool list_runs(Store& store, std::vector<RunInfo>* out, std::string* err) {
  Statement st(store.handle(), (std::string(kRunSelect) + "ORDER BY r.id").c_str());
  if (!st.ok()) {
    *err = "cannot list runs: " + st.error();
    return false;
  }
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out->push_back(run_from_row(st));
  if (rc != SQLITE_DONE) *err = "cannot list runs: " + st.error();
  return rc == SQLITE_DONE;
}

bool get_run(Store& store, long long run_id, RunInfo* out, std::string* err) {
  Statement st(store.handle(), (std::string(kRunSelect) + "WHERE r.id = ?").c_str());
  st.bind(1, run_id);
  if (!st.ok() || st.step() != SQLITE_ROW) {
    *err = "no run " + std::to_string(run_id) + " in the store";
    return false;
  }
  *out = run_from_row(st);
  return true;
}

bool latest_run(Store& store, long long* run_id, std::string* err) {
  Statement st(store.handle(), "SELECT COALESCE(MAX(id), 0) FROM runs");
  if (!st.ok() || st.step() != SQLITE_ROW) {
    *err = "cannot read runs: " + st.error();
    return false;
  }
  *run_id = st.integer(0);
  return true;
}

bool list_fetches(Store& store, long long run_id, const std::string& site_id, std::vector<StoredFetch>* out,
                  std::string* err) {
  std::string sql = std::string("SELECT ") + kFetchColumns + " FROM fetches WHERE run_id = ?" +
                    (site_id.empty() ? "" : " AND site_id = ?") + " ORDER BY id";
  Statement st(store.handle(), sql.c_str());
  st.bind(1, run_id);
  if (!site_id.empty()) st.bind(2, site_id);
  if (!st.ok()) {
    *err = "cannot list fetches: " + st.error();
    return false;
  }
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out->push_back(fetch_from_row(st));
  if (rc != SQLITE_DONE) *err = "cannot list fetches: " + st.error();
  return rc == SQLITE_DONE;
}

bool fetch_links(Store& store, long long fetch_id, std::vector<StoredLink>* out, std::string* err) {
  Statement st(store.handle(), "SELECT url, text, source FROM links WHERE fetch_id = ? ORDER BY rowid");
  st.bind(1, fetch_id);
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out->push_back({st.text(0), st.text(1), st.text(2)});
  if (rc != SQLITE_DONE) *err = "cannot read links: " + st.error();
  return rc == SQLITE_DONE;
}

bool for_each_resumed(Store& store, long long run_id, bool links,
                      const std::function<void(const std::string& site_id, const std::string& url)>& visit,
                      std::string* err) {
  Statement st(store.handle(), links ? "SELECT f.site_id, l.url FROM links l JOIN fetches f ON f.id = l.fetch_id "
                                       "WHERE f.run_id = ? AND f.kind IN ('page','sitemap')"
                                     : "SELECT site_id, url FROM fetches WHERE run_id = ? AND kind = 'page'");
  st.bind(1, run_id);
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) visit(st.text(0), st.text(1));
  if (rc != SQLITE_DONE)
    *err = "cannot read " + std::string(links ? "links of " : "") + "run " + std::to_string(run_id) + ": " + st.error();
  return rc == SQLITE_DONE;
}

bool resume_state(Store& store, long long run_id, ResumeState* out, std::string* err) {
  return for_each_resumed(store, run_id, false, [&](const std::string& site, const std::string& url) {
           out->done[site].push_back(url);
         }, err) &&
         for_each_resumed(store, run_id, true, [&](const std::string& site, const std::string& url) {
           out->links[site].push_back(url);
         }, err);
}

bool previous_fetch(Store& store, const std::string& url, long long up_to_id, PreviousFetch* out, bool* found,
                    std::string* err) {
  Statement st(store.handle(),
               "SELECT id, etag, last_modified, content_type, charset, charset_source, title, content_hash, "
               "warc_file, warc_offset, warc_length, warc_member_skip FROM fetches WHERE url = ? AND id <= ? AND "
               "kind = 'page' AND status = 200 AND warc_file <> '' AND (etag <> '' OR last_modified <> '') "
               "ORDER BY id DESC LIMIT 1");
  st.bind(1, url);
  st.bind(2, up_to_id);
  int rc = st.step();
  *found = rc == SQLITE_ROW;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    *err = "cannot read earlier fetches of " + url + ": " + st.error();
    return false;
  }
  if (!*found) return true;
  int c = 0;
  out->fetch_id = st.integer(c++);
  out->etag = st.text(c++);
  out->last_modified = st.text(c++);
  out->content_type = st.text(c++);
  out->charset = st.text(c++);
  out->charset_source = st.text(c++);
  out->title = st.text(c++);
  out->content_hash = st.text(c++);
  out->warc_file = st.text(c++);
  out->warc_offset = st.integer(c++);
  out->warc_length = st.integer(c++);
  out->warc_member_skip = st.integer(c++);
  return true;
}

bool last_fetch_id(Store& store, long long* id, std::string* err) {
  Statement st(store.handle(), "SELECT COALESCE(MAX(id), 0) FROM fetches");
  if (st.step() != SQLITE_ROW) {
    *err = "cannot read the fetches table: " + st.error();
    return false;
  }
  *id = st.integer(0);
  return true;
}

}  // namespace govaudit
