// One stored probe round: the registry's sites become targets (home page plus extra hosts), the
// round is run, classified, judged for a vantage-point failure and appended to the store. Shared by
// `govaudit probe` and the tests, so what the tests check is what the command stores.
#pragma once

#include <string>
#include <vector>

#include "crawler/probe.h"
#include "store/probe_log.h"
#include "store/site.h"
#include "store/store.h"

namespace govaudit {

struct ProbeRoundOptions {
  FetcherOptions fetcher;        ///< pins and allow_private matter; politeness is overridden
  long timeout_s = 15;           ///< census: a probe fails when the page has not opened in 15 s
  std::string vantage = "default";
  std::string probed_at;         ///< test seam: stamp every probe with this ISO time instead of the clock
  std::string started_at;        ///< when the round began (record_probe_round sets it); default: now
};

/// Home page and extra hosts (same scheme as the home page) of each site, in order.
std::vector<ProbeTarget> probe_targets(const std::vector<Site>& sites);

/// Appends the outcomes of one round (judged for a vantage-point failure) as a round and one row per
/// outcome. Fills `round` and `rows` with what was stored. False (with `err`) when the store fails.
bool store_probe_round(Store& store, const std::vector<ProbeOutcome>& outcomes, const ProbeRoundOptions& options,
                       ProbeRound* round, std::vector<StoredProbe>* rows, std::string* err);

/// run_probe_round over `targets`, then store_probe_round.
bool record_probe_round(Store& store, const std::vector<ProbeTarget>& targets, const ProbeRoundOptions& options,
                        ProbeRound* round, std::vector<StoredProbe>* rows, std::string* err);

}  // namespace govaudit
