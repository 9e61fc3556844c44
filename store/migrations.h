// The schema of the store as an ordered list of forward-only migrations. Migration N (1-based)
// takes a database at version N-1 to version N; a released migration is never edited, a change is a
// new one appended. Later issues add their tables (pages, scores, probes...) this way.
#pragma once

#include <string>
#include <vector>

namespace govaudit {

/// One schema step: the version it produces and the SQL script that gets there.
struct Migration {
  int version = 0;
  std::string sql;
};

/// All migrations in order; versions are 1, 2, 3... without gaps.
const std::vector<Migration>& schema_migrations();

}  // namespace govaudit
