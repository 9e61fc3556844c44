// End to end on the farm: crawl and audit through the CLI, then `flags --format json` against the truth.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support/farm_pipeline.h"

using namespace govaudit::testing;
namespace farm = govaudit::farm;

namespace {

using FlagSet = std::set<std::pair<std::string, std::string>>;  // (kind, url)

FlagSet truth_flags(const farm::FarmWorld& world, const std::string& kind) {
  FlagSet out;
  for (const auto& s : world.sites)
    for (const auto& f : s.flags)
      if (f.kind == kind) out.insert({s.id, f.url});
  return out;
}

FlagSet found_flags(const nlohmann::json& flags, const std::string& kind) {
  FlagSet out;
  for (const auto& f : flags)
    if (f["kind"] == kind) out.insert({f["site"].get<std::string>(), f["url"].get<std::string>()});
  return out;
}

}  // namespace

TEST_CASE("on the farm every planted dormant site and zombie app is flagged and nothing else", "[flags][farm][cli]") {
  const std::string as_of = "2024-06-30";
  ScratchDir dir;
  std::string db = dir.file("g.db");
  const farm::FarmWorld world = farm_world(10, 7, as_of);
  auto r = audit_farm_world(world, dir.path(), db, as_of);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);

  auto out = run_govaudit({"--db", db, "flags", "--format", "json"});
  REQUIRE(out.exit_code == 0);
  auto flags = nlohmann::json::parse(out.out);
  REQUIRE(flags.is_array());
  REQUIRE_FALSE(truth_flags(world, "dormant_site").empty());
  REQUIRE_FALSE(truth_flags(world, "zombie_app").empty());
  CHECK(found_flags(flags, "dormant_site") == truth_flags(world, "dormant_site"));
  CHECK(found_flags(flags, "zombie_app") == truth_flags(world, "zombie_app"));
  REQUIRE_FALSE(truth_flags(world, "stale_column").empty());
  CHECK(found_flags(flags, "stale_column") == truth_flags(world, "stale_column"));
  for (const auto& f : flags) {
    CHECK(f["status"] == "open");
    CHECK(f["first_run"] == 1);
    CHECK_FALSE(f["evidence"].empty());
    if (f["kind"] == "dormant_site") CHECK(f["since"].get<std::string>() < "2024-01-02");
  }

  // The other formats carry the same flags.
  auto csv = run_govaudit({"--db", db, "flags", "--format", "csv"});
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.rfind("site,kind,url,since,status,first_run,first_seen,closed_run,closed_at,detail\n", 0) == 0);
  CHECK(static_cast<size_t>(std::count(csv.out.begin(), csv.out.end(), '\n')) >= flags.size() + 1);
}
