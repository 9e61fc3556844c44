// The store: one SQLite database holding everything govaudit keeps over the years (architecture.md,
// "Storage"). It is longitudinal by construction: rows are appended, never overwritten, and "the
// current state" is a query. All SQL of the project lives in store/; everything else sees plain structs.
#pragma once

#include <string>
#include <vector>

#include "store/site.h"

struct sqlite3;

namespace govaudit {

/// What one registry import did: `rows` = added + changed + unchanged.
struct ImportSummary {
  long long import_id = 0;
  int rows = 0;
  int added = 0;      ///< ids never seen before (version 1 written)
  int changed = 0;    ///< known ids whose facts differ from their current version (a new version written)
  int unchanged = 0;  ///< known ids with the same facts (nothing written)
};

/// Which sites `list_sites` returns; empty fields match everything.
struct SiteFilter {
  std::string province;
  std::string level;
};

/// Owns one SQLite connection. Not thread-safe: one Store per thread.
class Store {
 public:
  Store() = default;
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Opens (creating on first use) the database at `path`, with WAL, foreign keys on and a busy
  /// timeout, then applies the pending migrations, each in its own transaction. Refuses a database
  /// whose schema is newer than this binary knows. On failure `err` names the path.
  bool open(const std::string& path, std::string* err);

  /// The schema version of the open database (0 before open).
  int schema_version() const { return schema_version_; }

  /// Imports registry rows in ONE transaction: a new id gets version 1, an id whose facts changed
  /// gets a new version, an unchanged id gets nothing; the import itself is recorded in `imports`.
  /// Sites absent from `sites` are left alone (registries are partial lists). On any failure
  /// (duplicate id in `sites`, a value the schema refuses, I/O) nothing is written.
  bool import_sites(const std::vector<Site>& sites, const std::string& source_file, ImportSummary* summary,
                    std::string* err);

  /// The current (latest) version of each site matching `filter`, ordered by id.
  bool list_sites(const SiteFilter& filter, std::vector<Site>* out, std::string* err);

  /// Every version of site `id`, oldest first; empty when the id is unknown.
  bool site_history(const std::string& id, std::vector<Site>* out, std::string* err);

  /// The raw connection, for other store/ files that add tables by migrations; never outside store/.
  sqlite3* handle() { return db_; }

 private:
  bool exec(const char* sql, std::string* err);
  bool migrate(std::string* err);

  sqlite3* db_ = nullptr;
  std::string path_;
  int schema_version_ = 0;
};

/// Current UTC time as `YYYY-MM-DDTHH:MM:SSZ`, the timestamp format of every table.
std::string utc_now_iso8601();

}  // namespace govaudit
