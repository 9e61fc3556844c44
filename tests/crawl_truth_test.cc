// The crawl against the farm's truth file (issue 3, "Done when"): every reachable in-scope page found
// (datastore and JavaScript-pagination pages included), nothing robots.txt forbids fetched, planted
// broken links and soft 404s recorded as such, GBK pages stored as UTF-8 text, never more than
// --per-host connections to one host, the WARC files readable record by record, and a resumed run
// equal to an uninterrupted one.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "crawler/warc_reader.h"
#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_server.h"
#include "tests/farm/farm_truth.h"
#include "tests/support/run_command.h"

using namespace govaudit;
using namespace govaudit::testing;
using nlohmann::json;

namespace {

// A farm served in-process, its truth, and a store with its registry imported.
struct CrawledFarm {
  ScratchDir dir;
  json truth;
  std::unique_ptr<farm::FarmServer> server;
  int port = 0;
  std::string db;

  explicit CrawledFarm(int sites, uint64_t seed) {
    farm::FarmConfig config;
    config.sites = sites;
    config.seed = seed;
    config.as_of = farm::day_from_ymd(2026, 11, 1);
    farm::FarmWorld world = farm::generate_farm(config);
    truth = json::parse(farm::truth_json(world));
    write_file(dir.file("registry.csv"), farm::registry_csv(world));
    farm::FarmServerOptions options;
    options.site_latency = false;   // slow sites are the probes' business; keep the test quick
    options.site_failures = false;  // so are failing sites: a 503 on a list page hides its subtree
                                    // by chance, and this test compares exact page sets
    server = std::make_unique<farm::FarmServer>(std::move(world), options);
    port = server->start(0);
    REQUIRE(port > 0);
    db = dir.file("govaudit.db");
    auto r = run_govaudit({"--db", db, "sites", "import", dir.file("registry.csv")});
    REQUIRE(r.exit_code == 0);
  }

  CommandResult crawl(std::vector<std::string> extra = {}, std::vector<std::string> env = {}) {
    std::vector<std::string> args{"--db", db, "--connect-to", "::127.0.0.1:" + std::to_string(port), "crawl",
                                  "--delay", "0", "--warc", dir.file("warc")};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_govaudit(args, env);
  }

  json records(const std::string& run) {
    auto r = run_govaudit({"--db", db, "pages", "--run", run, "--all", "--format", "json"});
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
  }
};

// Hanweb dataproxy.jsp pages are named by column and page number; the page source also passes
// `path`, which the crawler keeps and the truth leaves out, so both are compared by that name.
std::string page_key(const std::string& url) {
  auto q = url.find("/module/web/jpage/dataproxy.jsp?");
  if (q == std::string::npos) return url;
  auto param = [&](const std::string& name) {
    auto p = url.find(name + "=", q);
    return p == std::string::npos ? std::string() : url.substr(p, url.find('&', p) - p);
  };
  return url.substr(0, q) + "/dataproxy:" + param("columnid") + ":" + param("page");
}

std::set<std::string> keys(const std::set<std::string>& urls) {
  std::set<std::string> out;
  for (const auto& u : urls) out.insert(page_key(u));
  return out;
}

std::set<std::string> ok_pages(const json& records, const std::string& site) {
  std::set<std::string> out;
  for (const auto& r : records)
    if (r["site"] == site && r["kind"] == "page" && r["status"] == 200 && r["error"] == "")
      out.insert(page_key(r["url"]));
  return out;
}

std::string trim_run(const std::string& out) { return out.substr(0, out.find_first_of("\r\n")); }

}  // namespace

TEST_CASE("the crawl finds exactly the farm's pages and records its defects", "[crawl][farm]") {
  CrawledFarm f(8, 3);
  auto r = f.crawl();
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string run = trim_run(r.out);
  json recs = f.records(run);

  std::map<std::string, const json*> by_url;
  for (const auto& rec : recs) by_url.emplace(rec["url"].get<std::string>(), &rec);

  for (const auto& site : f.truth["sites"]) {
    std::string id = site["id"];
    INFO("site " << id << " style " << site["style"] << " charset " << site["charset"]);
    std::set<std::string> expected = keys(site["pages"].get<std::set<std::string>>());
    std::set<std::string> found = ok_pages(recs, id);
    {
      // Every page of the truth, datastore and createPageHTML/jpage pages included, and nothing else.
      std::vector<std::string> missing, extra;
      std::set_difference(expected.begin(), expected.end(), found.begin(), found.end(), std::back_inserter(missing));
      std::set_difference(found.begin(), found.end(), expected.begin(), expected.end(), std::back_inserter(extra));
      INFO("missing: " << json(missing).dump() << " extra: " << json(extra).dump());
      CHECK(missing.empty());
      CHECK(extra.empty());
    }
    // Nothing robots.txt forbids is fetched; each forbidden link is recorded as refused.
    for (const auto& u : site["disallowed"]) {
      auto it = by_url.find(u);
      REQUIRE(it != by_url.end());
      CHECK((*it->second)["kind"] == "not_fetched");
      CHECK((*it->second)["status"] == 0);
    }
    for (const auto& d : site["defects"]) {
      std::string kind = d["kind"];
      if (kind != "broken_link" && kind != "soft_404") continue;
      auto it = by_url.find(d["url"].get<std::string>());
      INFO(kind << " " << d["url"] << " " << d["detail"]);
      REQUIRE(it != by_url.end());
      const json& rec = *it->second;
      if (kind == "broken_link") {
        CHECK((rec["status"] == 0 || rec["status"].get<int>() >= 400));
      } else {
        CHECK(rec["status"] == 200);
        CHECK(rec["error"].get<std::string>().rfind("soft_404", 0) == 0);
      }
    }
    // GBK sites: detected as GBK and stored as UTF-8 text (the home title carries the site name).
    auto home = by_url.find(site["url"].get<std::string>());
    REQUIRE(home != by_url.end());
    std::string name = site["name"];
    CHECK((*home->second)["title"].get<std::string>().find(name) != std::string::npos);
    if (site["charset"] == "GBK") {
      std::string cs = (*home->second)["charset"];
      CHECK((cs == "gbk" || cs == "gb18030"));
    }
  }

  // An external URL is checked once per run and recorded for every site that links it: every site
  // links the ministry's home page, and the farm saw one request per distinct ministry URL.
  const std::string ministry = "http://www.external-ministry.gov.cn.test/";
  std::set<std::string> ministry_urls, sites_with_ministry;
  for (const auto& rec : recs) {
    std::string url = rec["url"];
    if (rec["kind"] != "external" || url.rfind(ministry, 0) != 0) continue;
    ministry_urls.insert(url);
    if (url == ministry) {
      sites_with_ministry.insert(rec["site"].get<std::string>());
      CHECK(rec["status"] == 200);
    }
  }
  CHECK(sites_with_ministry.size() == f.truth["sites"].size());
  CHECK(f.server->stats().at("www.external-ministry.gov.cn.test").requests == static_cast<long>(ministry_urls.size()));

  // Politeness as the farm saw it: never more than --per-host (default 2) in flight to one host.
  for (const auto& [host, stats] : f.server->stats()) {
    INFO(host);
    CHECK(stats.max_in_flight <= 2);
  }

  // The WARC files parse record by record, and every stored pointer leads to its record.
  size_t responses = 0;
  for (const auto& entry : std::filesystem::directory_iterator(f.dir.file("warc"))) {
    WarcReadReport report;
    std::string err;
    REQUIRE(read_warc(entry.path().string(), [&](const WarcRecord& rec) {
      if (rec.type == "response") ++responses;
      return true;
    }, &report, &err));
    CHECK(report.problems.empty());
  }
  size_t pointers = 0;
  for (const auto& rec : recs) {
    if (rec["warc"].is_null()) continue;
    ++pointers;
    if (pointers % 25 != 0) continue;  // spot-check random access on a sample
    WarcRecord back;
    std::string err;
    REQUIRE(read_record_at(rec["warc"]["file"], rec["warc"]["offset"].get<uint64_t>(), &back, &err));
    CHECK(back.target_uri == rec["final_url"].get<std::string>());
    CHECK(back.http_status == rec["status"].get<int>());
  }
  CHECK(responses == pointers);
}

TEST_CASE("an interrupted crawl resumed equals an uninterrupted one", "[crawl][resume]") {
  CrawledFarm whole(4, 5);
  auto full = whole.crawl();
  REQUIRE(full.exit_code == 0);
  json full_recs = whole.records(trim_run(full.out));

  CrawledFarm parts(4, 5);
  auto first = parts.crawl({}, {"GOVAUDIT_CRAWL_STOP_AFTER=120"});
  CHECK(first.exit_code == 1);  // interrupted
  std::string run = trim_run(first.out);
  auto runs = run_govaudit({"--db", parts.db, "runs", "--format", "json"});
  CHECK(json::parse(runs.out)[0]["status"] == "interrupted");
  auto second = parts.crawl({"--resume", run});
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  CHECK(trim_run(second.out) == run);
  json part_recs = parts.records(run);

  for (const auto& site : whole.truth["sites"]) {
    if (site["fail_share"].get<double>() > 0) continue;  // its 503s fall differently per run
    CHECK(ok_pages(part_recs, site["id"]) == ok_pages(full_recs, site["id"]));
  }
  std::set<std::string> seen;
  for (const auto& r : part_recs) {
    bool fresh = seen.insert(r["site"].get<std::string>() + " " + r["kind"].get<std::string>() + " " +
                             r["url"].get<std::string>()).second;
    CHECK(fresh);  // no duplicates
  }
}

// With a frontier budget of two entries nearly every discovered URL goes through the spill file.
// One request at a time makes the crawl deterministic, so the records must come in the very same
// order; under --max-pages, any reordering would also change which pages are fetched at all.
TEST_CASE("a crawl whose frontier spills to disk fetches what an in-memory one fetches in the same order",
          "[crawl][spill]") {
  auto sequence = [](CrawledFarm& f, const CommandResult& r) {
    std::vector<std::string> out;
    for (const auto& rec : f.records(trim_run(r.out)))
      out.push_back(rec["site"].get<std::string>() + " " + rec["kind"].get<std::string>() + " " +
                    rec["url"].get<std::string>() + " " + std::to_string(rec["status"].get<int>()));
    return out;
  };
  std::vector<std::string> serial{"--concurrency", "1", "--per-host", "1", "--max-pages", "60"};
  CrawledFarm memory(3, 11);
  auto in_memory = memory.crawl(serial);
  REQUIRE(in_memory.exit_code == 0);
  CrawledFarm disk(3, 11);
  std::vector<std::string> spilling{"-v", "--db", disk.db, "--connect-to", "::127.0.0.1:" + std::to_string(disk.port),
                                    "crawl", "--delay", "0", "--warc", disk.dir.file("warc"), "--frontier-memory", "2"};
  spilling.insert(spilling.end(), serial.begin(), serial.end());
  auto spilled = run_govaudit(spilling);
  INFO(spilled.err);
  REQUIRE(spilled.exit_code == 0);
  CHECK(spilled.err.find("frontier spilled") != std::string::npos);
  auto expected = sequence(memory, in_memory);
  CHECK(expected.size() > 150);
  CHECK(sequence(disk, spilled) == expected);

  // And interrupted, then resumed, still spilling: the same pages as the uninterrupted crawl.
  CrawledFarm uninterrupted(3, 11);
  auto whole = uninterrupted.crawl();
  REQUIRE(whole.exit_code == 0);
  json whole_recs = uninterrupted.records(trim_run(whole.out));
  CrawledFarm parts(3, 11);
  auto first = parts.crawl({"--frontier-memory", "2"}, {"GOVAUDIT_CRAWL_STOP_AFTER=80"});
  CHECK(first.exit_code == 1);
  std::string run = trim_run(first.out);
  auto second = parts.crawl({"--resume", run, "--frontier-memory", "2"});
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  json part_recs = parts.records(run);
  for (const auto& site : parts.truth["sites"])
    CHECK(ok_pages(part_recs, site["id"]) == ok_pages(whole_recs, site["id"]));
}

TEST_CASE("a revisit sends conditional requests and a 304 keeps the page and its links", "[crawl][revisit]") {
  CrawledFarm f(3, 7);
  auto first = f.crawl();
  REQUIRE(first.exit_code == 0);
  json before = f.records(trim_run(first.out));
  auto second = f.crawl();
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  std::string run = trim_run(second.out);
  json after = f.records(run);
  long not_modified = 0;
  for (const auto& [host, stats] : f.server->stats()) not_modified += stats.not_modified;
  CHECK(not_modified > 100);
  for (const auto& site : f.truth["sites"]) {
    if (site["fail_share"].get<double>() > 0) continue;
    std::set<std::string> again;
    for (const auto& r : after)
      if (r["site"] == site["id"] && r["kind"] == "page" && (r["status"] == 200 || r["status"] == 304) && r["error"] == "")
        again.insert(page_key(r["url"]));
    CHECK(again == ok_pages(before, site["id"]));
  }
  // The 304 rows point at the earlier body, so the audit reads the page as it was.
  for (const auto& r : after) {
    if (r["status"] != 304) continue;
    REQUIRE_FALSE(r["warc"].is_null());
    WarcRecord back;
    std::string err;
    REQUIRE(read_record_at(r["warc"]["file"], r["warc"]["offset"].get<uint64_t>(), &back, &err));
    CHECK(back.http_status == 200);
    CHECK(back.target_uri == r["url"].get<std::string>());
    break;
  }
  auto audit = run_govaudit({"--db", f.db, "audit", "--run", run});
  CHECK(audit.exit_code == 0);
}
