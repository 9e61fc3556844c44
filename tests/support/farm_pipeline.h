// Test support: the whole offline chain on a simulated portal farm, through the CLI as a user runs it
// (sites import → crawl → audit), so flag and report tests compare the real pipeline with the truth.
#pragma once

#include <string>
#include <vector>

#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_server.h"
#include "tests/farm/farm_truth.h"
#include "tests/support/run_command.h"

namespace govaudit::testing {

/// Imports the registry of `server`'s world into `db`, crawls every site through the farm and audits
/// the run as of `as_of` (YYYY-MM-DD). `crawl_extra` are more crawl arguments. Returns the failing
/// step's result, or the audit's (exit 0) when all went well. Files go under `dir`.
inline CommandResult crawl_and_audit_farm(const farm::FarmServer& server, const std::string& dir, const std::string& db,
                                          const std::string& as_of, const std::vector<std::string>& crawl_extra = {}) {
  std::string registry = dir + "/registry.csv";
  write_file(registry, farm::registry_csv(server.world()));
  std::string pin = "::127.0.0.1:" + std::to_string(server.port());
  auto r = run_govaudit({"--db", db, "-q", "sites", "import", registry});
  if (r.exit_code != 0) return r;
  std::vector<std::string> crawl{"--db", db, "-q", "--connect-to", pin, "crawl", "--delay", "0", "--warc", dir + "/warc"};
  crawl.insert(crawl.end(), crawl_extra.begin(), crawl_extra.end());
  r = run_govaudit(crawl);
  if (r.exit_code != 0) return r;
  return run_govaudit({"--db", db, "-q", "audit", "--as-of", as_of});
}

/// Serves `world` on a farm without the planted slow answers and 503s (the truth tests compare exact
/// facts; those faults hide pages by chance under load) and runs crawl_and_audit_farm through it;
/// the farm is stopped when this returns.
inline CommandResult audit_farm_world(farm::FarmWorld world, const std::string& dir, const std::string& db,
                                      const std::string& as_of) {
  farm::FarmServerOptions options;
  options.site_latency = false;
  options.site_failures = false;
  farm::FarmServer server(std::move(world), options);
  if (server.start(0) <= 0) return {-1, "", "the farm did not start"};
  return crawl_and_audit_farm(server, dir, db, as_of);
}

/// A farm world of `sites` sites whose truth is computed for `as_of` (YYYY-MM-DD).
inline farm::FarmWorld farm_world(int sites, std::uint64_t seed, const std::string& as_of) {
  farm::FarmConfig config;
  config.sites = sites;
  config.seed = seed;
  config.as_of = farm::day_from_ymd(std::stoi(as_of.substr(0, 4)), std::stoi(as_of.substr(5, 2)), std::stoi(as_of.substr(8, 2)));
  return farm::generate_farm(config);
}

}  // namespace govaudit::testing
