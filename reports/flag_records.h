// The flags' two outer forms: the store's rows (store/flag_log.h) and the JSON of `govaudit flags`
// (cli.md: {"site","kind","since","detail","evidence":[{"url","seen_at","detail"}]} plus the history
// keys url, status, first_run, first_seen, last_run, last_seen, closed_run, closed_at).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "reports/flags.h"
#include "store/flag_log.h"

namespace govaudit {

/// The store row of one site's check (evidence serialised as JSON).
StoredFlagCheck to_stored(const FlagCheck& check);

/// Back from the store; unreadable evidence JSON gives an empty evidence list, never a failure.
FlagCheck from_stored(const StoredFlagCheck& check);

/// One flag over time as `flags --format json` prints it.
nlohmann::json flag_json(const FlagHistory& flag);

}  // namespace govaudit
