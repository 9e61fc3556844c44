// Flag checks kept append-only: each audit of a run records, per site, that the flag rules were
// applied (as of which date) and every flag the run supported. "Which flags are open" is a query
// over these rows (reports/flags.h folds them), so closing a flag never rewrites anything.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace govaudit {

/// One flag a check supported, as stored.
struct StoredFlag {
  std::string kind;     ///< dormant_site | zombie_app | stale_column | unreachable
  std::string subject;  ///< the flagged URL (site, app/account page, column)
  std::string since;    ///< YYYY-MM-DD or ""
  std::string detail;
  std::string evidence_json = "[]";  ///< [{"url","seen_at","detail"}]
};

/// The flag rules applied to one site of one run. A check with no flags is stored too: it is what
/// closes a flag raised by an earlier run.
struct StoredFlagCheck {
  long long id = 0;  ///< filled by the store
  long long run_id = 0;
  std::string site_id;
  std::string as_of;       ///< the check date YYYY-MM-DD
  std::string checked_at;  ///< filled by the store (UTC ISO 8601)
  std::vector<StoredFlag> flags;
};

/// Appends checks and their flags in one transaction; fills ids and checked_at.
bool append_flag_checks(Store& store, std::vector<StoredFlagCheck>* checks, std::string* err);

/// Every check with its flags, the newest check of each (run, site) only (a re-audited run counts
/// once), ordered by as_of, run, site.
bool list_flag_checks(Store& store, std::vector<StoredFlagCheck>* out, std::string* err);

extern const char* const kFlagLogMigrationSql;

}  // namespace govaudit
