// `govaudit import-warc`: archives made by other crawlers (the warcio samples: gzip and plain,
// chunked, truncated, bad digests, ARC) become runs; malformed records are skipped with a reason and
// the rest imported; a WARC of our own crawl imports back to the same pages.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_server.h"
#include "tests/farm/farm_truth.h"
#include "tests/support/run_command.h"

using namespace govaudit::testing;
using nlohmann::json;

namespace {

std::string sample(const std::string& name) { return shared_dir() + "/data/warc-samples/" + name; }

std::string one_site_db(ScratchDir& dir) {
  write_file(dir.file("reg.csv"),
             "id,name,province,prefecture,level,region,minority,url\n"
             "archive,存档站点,北京市,,province,east,none,http://example.com/\n");
  std::string db = dir.file("g.db");
  REQUIRE(run_govaudit({"--db", db, "sites", "import", dir.file("reg.csv")}).exit_code == 0);
  return db;
}

}  // namespace

TEST_CASE("foreign WARC and ARC files import as an auditable run", "[import_warc]") {
  ScratchDir dir;
  std::string db = one_site_db(dir);
  auto r = run_govaudit({"--db", db, "import-warc", "--site", "archive", sample("warcio_head/example.warc.gz"),
                         sample("warcio_head/example-iana.org-chunked.warc"), sample("warcio_head/example.arc")});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string run = r.out.substr(0, r.out.find('\n'));
  auto runs = json::parse(run_govaudit({"--db", db, "runs", "--format", "json"}).out);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0]["kind"] == "import-warc");
  CHECK(runs[0]["status"] == "finished");
  auto pages = json::parse(run_govaudit({"--db", db, "pages", "--run", run, "--format", "json"}).out);
  std::set<std::string> urls;
  for (const auto& p : pages) urls.insert(p["url"]);
  CHECK(urls.count("http://example.com/"));
  CHECK(urls.count("http://www.iana.org/"));
  // The imported run audits like a crawl, reading bodies back from the archives.
  auto audit = run_govaudit({"--db", db, "audit", "--run", run});
  INFO(audit.err);
  CHECK(audit.exit_code == 0);
}

TEST_CASE("damaged archives import what is sound and name what is not", "[import_warc]") {
  ScratchDir dir;
  std::string db = one_site_db(dir);
  for (const char* name : {"warcio_head/example-trunc.warc", "warcio_pr66/example-digest-bad.warc",
                           "warcio_head/example-bad-non-chunked.warc.gz", "warcio_pr66/standard-torture-validate-record.warc"}) {
    auto r = run_govaudit({"--db", db, "import-warc", "--site", "archive", sample(name)});
    INFO(name << ": " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("responses imported") != std::string::npos);
  }
  auto bad = run_govaudit({"--db", db, "import-warc", sample("warcio_head/no-such-file.warc")});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("no-such-file.warc") != std::string::npos);
}

TEST_CASE("a WARC of our own crawl imports back to the same pages", "[import_warc][farm]") {
  ScratchDir dir;
  govaudit::farm::FarmConfig config;
  config.sites = 2;
  config.seed = 11;
  config.as_of = govaudit::farm::day_from_ymd(2026, 11, 1);
  auto world = govaudit::farm::generate_farm(config);
  write_file(dir.file("reg.csv"), govaudit::farm::registry_csv(world));
  govaudit::farm::FarmServerOptions options;
  options.site_latency = false;
  options.site_failures = false;
  govaudit::farm::FarmServer server(std::move(world), options);
  int port = server.start(0);
  REQUIRE(port > 0);
  std::string db = dir.file("g.db");
  REQUIRE(run_govaudit({"--db", db, "sites", "import", dir.file("reg.csv")}).exit_code == 0);
  auto crawl = run_govaudit({"--db", db, "--connect-to", "::127.0.0.1:" + std::to_string(port), "crawl", "--delay", "0",
                             "--warc", dir.file("warc")});
  REQUIRE(crawl.exit_code == 0);
  std::vector<std::string> args{"--db", db, "import-warc"};
  for (const auto& e : std::filesystem::directory_iterator(dir.file("warc"))) args.push_back(e.path().string());
  auto imp = run_govaudit(args);
  INFO(imp.err);
  REQUIRE(imp.exit_code == 0);
  auto page_set = [&](const std::string& run) {
    std::set<std::string> out;
    for (const auto& p : json::parse(run_govaudit({"--db", db, "pages", "--run", run, "--format", "json"}).out))
      if (p["status"] == 200 && p["error"] == "") out.insert(p["site"].get<std::string>() + " " + p["url"].get<std::string>());
    return out;
  };
  auto crawled = page_set(crawl.out.substr(0, crawl.out.find('\n')));
  auto imported = page_set(imp.out.substr(0, imp.out.find('\n')));
  CHECK(crawled.size() > 50);
  CHECK(crawled == imported);
}
