#include "store/store.h"

#include <sqlite3.h>

#include <ctime>
#include <set>

#include "store/migrations.h"
#include "store/sql.h"

namespace govaudit {
namespace {

constexpr int kBusyTimeoutMs = 10000;


constexpr const char* kSiteColumns =
    "v.site_id, v.version, v.valid_from, v.name, v.province, v.prefecture, v.level, v.region, v.minority, v.url, "
    "v.name_en, v.extra_hosts, v.tags";

Site site_from_row(const Statement& st) {
  Site s;
  s.id = st.text(0);
  s.version = static_cast<int>(st.integer(1));
  s.valid_from = st.text(2);
  s.name = st.text(3);
  s.province = st.text(4);
  s.prefecture = st.text(5);
  s.level = st.text(6);
  s.region = st.text(7);
  s.minority = st.text(8);
  s.url = st.text(9);
  s.name_en = st.text(10);
  s.extra_hosts = split_site_list(st.text(11));
  s.tags = split_site_list(st.text(12));
  return s;
}

/// Runs `sql` (one or more statements); on failure sets `err` to `what: <sqlite message>`.
bool run_sql(sqlite3* db, const char* sql, const std::string& what, std::string* err) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    *err = what + ": " + (msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return false;
  }
  return true;
}

/// Steps `st` to the end, appending each row as a Site.
bool collect_sites(Statement& st, std::vector<Site>* out, std::string* err) {
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out->push_back(site_from_row(st));
  if (rc != SQLITE_DONE) {
    *err = st.error();
    return false;
  }
  return true;
}


}  // namespace

std::string utc_now_iso8601() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Store::~Store() {
  if (db_) sqlite3_close_v2(db_);
}

bool Store::exec(const char* sql, std::string* err) { return run_sql(db_, sql, path_, err); }

bool Store::open(const std::string& path, std::string* err) {
  if (db_) {
    *err = path + ": store already open (" + path_ + ")";
    return false;
  }
  path_ = path;
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    *err = path + ": cannot open the store: " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
    sqlite3_close_v2(db_);
    db_ = nullptr;
    return false;
  }
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  if (!exec("PRAGMA foreign_keys = ON", err) || !exec("PRAGMA journal_mode = WAL", err) ||
      !exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
            err) ||
      !migrate(err)) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    return false;
  }
  return true;
}

bool Store::migrate(std::string* err) {
  const auto& migrations = schema_migrations();
  const int known = migrations.empty() ? 0 : migrations.back().version;
  for (;;) {
    // Read the version inside the write transaction so two processes opening a fresh file at once
    // cannot both apply the same step.
    Transaction tx(db_);
    if (!tx.begin(err)) {
      *err = path_ + ": " + *err;
      return false;
    }
    {  // finalized before the migration runs: a pending statement would stop its DROPs (SQLITE_LOCKED)
      Statement current(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
      if (!current.ok() || current.step() != SQLITE_ROW) {
        *err = path_ + ": cannot read schema_version: " + sqlite3_errmsg(db_);
        return false;
      }
      schema_version_ = static_cast<int>(current.integer(0));
    }
    if (schema_version_ > known) {
      *err = path_ + ": database schema version " + std::to_string(schema_version_) +
             " is newer than this govaudit knows (" + std::to_string(known) + "); use a newer govaudit";
      return false;
    }
    if (schema_version_ == known) return tx.commit(err);
    const Migration& next = migrations[static_cast<std::size_t>(schema_version_)];
    if (!exec(next.sql.c_str(), err)) {
      *err += " (in migration " + std::to_string(next.version) + ")";
      return false;
    }
    Statement record(db_, "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)");
    record.bind(1, static_cast<long long>(next.version));
    record.bind(2, utc_now_iso8601());
    if (record.step() != SQLITE_DONE) {
      *err = path_ + ": cannot record migration " + std::to_string(next.version) + ": " + record.error();
      return false;
    }
    if (!tx.commit(err)) return false;
  }
}

bool Store::import_sites(const std::vector<Site>& sites, const std::string& source_file, ImportSummary* summary,
                         std::string* err) {
  *summary = ImportSummary{};
  if (!db_) {
    *err = "store not open";
    return false;
  }
  Transaction tx(db_);
  if (!tx.begin(err)) return false;

  // Classify first, so the imports row can carry its counts and stay append-only.
  Statement current(db_, (std::string("SELECT ") + kSiteColumns +
                          " FROM site_versions v WHERE v.site_id = ? ORDER BY v.version DESC LIMIT 1")
                             .c_str());
  if (!current.ok()) {
    *err = path_ + ": " + current.error();
    return false;
  }
  enum class Kind { added, changed, unchanged };
  std::vector<std::pair<Kind, int>> plan;  // kind and the version to write
  std::set<std::string> ids;
  for (const Site& s : sites) {
    if (!ids.insert(s.id).second) {
      *err = source_file + ": site '" + s.id + "' appears twice; nothing imported";
      return false;
    }
    current.reset();
    current.bind(1, s.id);
    const int rc = current.step();
    if (rc == SQLITE_DONE) {
      plan.emplace_back(Kind::added, 1);
      ++summary->added;
    } else if (rc == SQLITE_ROW) {
      const Site old = site_from_row(current);
      if (same_registry_facts(old, s)) {
        plan.emplace_back(Kind::unchanged, old.version);
        ++summary->unchanged;
      } else {
        plan.emplace_back(Kind::changed, old.version + 1);
        ++summary->changed;
      }
    } else {
      *err = path_ + ": " + current.error();
      return false;
    }
  }
  summary->rows = static_cast<int>(sites.size());

  const std::string now = utc_now_iso8601();
  Statement record(db_, "INSERT INTO imports (file, imported_at, rows, added, changed, unchanged) VALUES (?, ?, ?, ?, ?, ?)");
  record.bind(1, source_file);
  record.bind(2, now);
  record.bind(3, static_cast<long long>(summary->rows));
  record.bind(4, static_cast<long long>(summary->added));
  record.bind(5, static_cast<long long>(summary->changed));
  record.bind(6, static_cast<long long>(summary->unchanged));
  if (record.step() != SQLITE_DONE) {
    *err = path_ + ": cannot record the import: " + record.error();
    return false;
  }
  summary->import_id = sqlite3_last_insert_rowid(db_);

  Statement new_site(db_, "INSERT INTO sites (id, first_seen) VALUES (?, ?)");
  Statement new_version(db_,
                        "INSERT INTO site_versions (site_id, version, valid_from, name, province, prefecture, level, "
                        "region, minority, url, name_en, extra_hosts, tags, import_id) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const Site& s = sites[i];
    const auto [kind, version] = plan[i];
    if (kind == Kind::unchanged) continue;
    if (kind == Kind::added) {
      new_site.reset();
      new_site.bind(1, s.id);
      new_site.bind(2, now);
      if (new_site.step() != SQLITE_DONE) {
        *err = source_file + ": site '" + s.id + "': " + new_site.error() + "; nothing imported";
        return false;
      }
    }
    new_version.reset();
    new_version.bind(1, s.id);
    new_version.bind(2, static_cast<long long>(version));
    new_version.bind(3, now);
    new_version.bind(4, s.name);
    new_version.bind(5, s.province);
    new_version.bind(6, s.prefecture);
    new_version.bind(7, s.level);
    new_version.bind(8, s.region);
    new_version.bind(9, s.minority);
    new_version.bind(10, s.url);
    new_version.bind(11, s.name_en);
    new_version.bind(12, join_site_list(s.extra_hosts));
    new_version.bind(13, join_site_list(s.tags));
    new_version.bind(14, summary->import_id);
    if (new_version.step() != SQLITE_DONE) {
      *err = source_file + ": site '" + s.id + "': " + new_version.error() + "; nothing imported";
      return false;
    }
  }
  return tx.commit(err);
}

bool Store::list_sites(const SiteFilter& filter, std::vector<Site>* out, std::string* err) {
  out->clear();
  if (!db_) {
    *err = "store not open";
    return false;
  }
  const std::string sql = std::string("SELECT ") + kSiteColumns +
                          " FROM site_versions v"
                          " WHERE v.version = (SELECT MAX(version) FROM site_versions w WHERE w.site_id = v.site_id)"
                          " AND (?1 = '' OR v.province = ?1) AND (?2 = '' OR v.level = ?2)"
                          " ORDER BY v.site_id";
  Statement st(db_, sql.c_str());
  if (!st.ok()) {
    *err = path_ + ": " + st.error();
    return false;
  }
  st.bind(1, filter.province);
  st.bind(2, filter.level);
  if (collect_sites(st, out, err)) return true;
  *err = path_ + ": " + *err;
  return false;
}

bool Store::site_history(const std::string& id, std::vector<Site>* out, std::string* err) {
  out->clear();
  if (!db_) {
    *err = "store not open";
    return false;
  }
  Statement st(db_, (std::string("SELECT ") + kSiteColumns + " FROM site_versions v WHERE v.site_id = ? ORDER BY v.version").c_str());
  if (!st.ok()) {
    *err = path_ + ": " + st.error();
    return false;
  }
  st.bind(1, id);
  if (collect_sites(st, out, err)) return true;
  *err = path_ + ": " + *err;
  return false;
}

}  // namespace govaudit
