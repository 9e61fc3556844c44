// The reliability suite's fault crawl: `govaudit crawl` over the fault farm (tests/farm/farm_faults.h)
// through the CLI finishes, stays within a memory bound, and records each fault with the error class
// the truth names. Also the private-range rule end to end: a page linking and redirecting to
// 127.0.0.2 (never pinned) is refused unless --allow-private, and no request reaches it before.
#include <sys/resource.h>

#include <catch2/catch.hpp>
#include <set>
#include <nlohmann/json.hpp>

#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_faults.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_server.h"
#include "tests/farm/farm_truth.h"
#include "tests/support/loopback_port.h"
#include "tests/support/run_command.h"

using govaudit::testing::run_govaudit;
using govaudit::testing::ScratchDir;
using json = nlohmann::json;
using namespace govaudit::farm;

namespace {

struct FaultFarm {
  ScratchDir dir;
  FarmWorld world;
  json truth;
  std::unique_ptr<FarmServer> server;
  int port = -1;
  int dead_port = -1;

  FaultFarm() {
    const std::string cert = dir.file("cert.pem"), key = dir.file("key.pem");
    auto made = govaudit::testing::run_program({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                                                key, "-out", cert, "-days", "1", "-subj", "/CN=tls.faults.test"});
    REQUIRE(made.exit_code == 0);
    FarmConfig c;
    c.sites = 1;
    c.seed = 7;
    c.as_of = day_from_ymd(2026, 11, 23);
    c.faults = true;
    world = generate_farm(c);
    truth = json::parse(truth_json(world));
    FarmServerOptions o;
    o.site_latency = false;
    o.site_failures = false;
    o.tls_cert_file = cert;
    o.tls_key_file = key;
    server = std::make_unique<FarmServer>(world, o);
    port = server->start(0);
    REQUIRE(port > 0);
    REQUIRE(server->tls_port() > 0);
    dead_port = govaudit::testing::closed_loopback_port();
  }

  // Global flags: deadport and tls pinned to their own ports first (curl takes the first match),
  // then every other host on port 80 to the farm. Port 80 only: 127.0.0.2:PORT stays unpinned.
  std::vector<std::string> pins(const std::string& db) const {
    return {"--db", db, "--connect-to", "deadport.faults.test:80:127.0.0.1:" + std::to_string(dead_port),
            "--connect-to", "tls.faults.test:443:127.0.0.1:" + std::to_string(server->tls_port()),
            "--connect-to", ":80:127.0.0.1:" + std::to_string(port)};
  }
};

FaultFarm& fault_farm() {
  static FaultFarm f;
  return f;
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Imports `registry`, crawls it with `extra` global flags, returns the run's records (pages --all).
json crawl_records(const FaultFarm& f, const std::string& db, const std::string& registry,
                   const std::vector<std::string>& extra_global, std::string* run_id) {
  REQUIRE(run_govaudit({"--db", db, "sites", "import", registry}).exit_code == 0);
  auto crawl = run_govaudit(concat(concat(f.pins(db), extra_global),
                                   {"crawl", "--delay", "0", "--timeout", "3", "--connect-timeout", "2", "--max-depth",
                                    "12", "--max-pages", "300"}));
  INFO(crawl.err);
  REQUIRE(crawl.exit_code == 0);
  *run_id = crawl.out.substr(0, crawl.out.find('\n'));
  auto pages = run_govaudit({"--db", db, "pages", "--run", *run_id, "--all", "--format", "json"});
  REQUIRE(pages.exit_code == 0);
  return json::parse(pages.out);
}

std::string host_of(const std::string& url) {
  auto start = url.find("://");
  if (start == std::string::npos) return "";
  start += 3;
  return url.substr(start, url.find_first_of(":/", start) - start);
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("a crawl of the fault farm finishes with bounded memory and records each fault", "[faults]") {
  FaultFarm& f = fault_farm();
  const std::string db = f.dir.file("faults.db"), registry = f.dir.file("sites.csv");
  govaudit::testing::write_file(registry, registry_csv(f.world));
  std::string run;
  json records = crawl_records(f, db, registry, {}, &run);

  auto runs = json::parse(run_govaudit({"--db", db, "runs", "--format", "json"}).out);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0]["status"] == "finished");

  // Peak RSS of the largest child waited for so far: the crawl (import and openssl are small).
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  CHECK(usage.ru_maxrss < 400L * 1024);

  REQUIRE(f.truth["faults"].size() == fault_catalogue().size());
  for (const auto& fault : f.truth["faults"]) {
    const std::string kind = fault["kind"], url = fault["url"], host = fault["host"], cls = fault["error_class"];
    INFO(kind << " " << url << " expects " << cls);
    bool url_recorded = false, class_recorded = false;
    for (const auto& r : records) {
      const std::string rurl = r["url"], error = r["error"];
      if (rurl == url) url_recorded = true;
      if (cls == "none") {
        class_recorded |= rurl == url && r["status"] == 200 && error.empty();
      } else if (cls == "trap") {
        class_recorded |= host_of(rurl) == host && starts_with(error, "not fetched: trap");
      } else if (kind == "private_link") {
        class_recorded |= starts_with(rurl, "http://127.0.0.2:") && starts_with(error, cls);
      } else {
        // Hosts that fail every connection (deadport, tls) fail their robots.txt first; the page
        // itself is then not fetched, so the class is looked for on any record of the host.
        class_recorded |= host_of(rurl) == host && starts_with(error, cls);
      }
    }
    CHECK(url_recorded);
    CHECK(class_recorded);
  }

  // The calendar is followed until the year leaves the plausible range, then recorded once per URL.
  int calendar_pages = 0, trap_records = 0;
  for (const auto& r : records) {
    if (host_of(r["url"]) != "calendar.faults.test") continue;
    if (r["kind"] == "page") ++calendar_pages;
    if (starts_with(r["error"], "not fetched: trap")) ++trap_records;
  }
  CHECK(calendar_pages >= 12);
  CHECK(calendar_pages <= 24);
  CHECK(trap_records >= 1);
  std::set<std::string> seen;
  for (const auto& r : records) CHECK(seen.insert(std::string(r["kind"]) + " " + std::string(r["url"])).second);

  // The bodies kept are cut at --max-body (10 MB by default), not inflated to 300 MB.
  for (const auto& r : records)
    if (host_of(r["url"]) == "bomb.faults.test" || host_of(r["url"]) == "huge.faults.test")
      CHECK(r["size"].get<long long>() <= 10LL * 1024 * 1024);
}

TEST_CASE("a private address is refused without allow private and reached with it", "[faults][security]") {
  FaultFarm& f = fault_farm();
  const std::string registry = f.dir.file("private.csv");
  govaudit::testing::write_file(registry,
                                "id,name,province,prefecture,level,region,minority,url\n"
                                "private,内网测试,测试,,province,east,none,http://private.faults.test/\n");
  auto alias_requests = [&] {
    auto stats = f.server->stats();
    auto it = stats.find(kPrivateAliasAddress);
    return it == stats.end() ? 0L : it->second.requests;
  };
  long before = alias_requests();
  std::string run;
  json refused = crawl_records(f, f.dir.file("refused.db"), registry, {}, &run);
  CHECK(alias_requests() == before);  // nothing was sent to 127.0.0.2
  int blocked = 0;
  for (const auto& r : refused) {
    const std::string url = r["url"], final_url = r["final_url"], error = r["error"];
    if (url == "http://private.faults.test/to-private") {
      CHECK(starts_with(error, "blocked_address"));
      ++blocked;
    }
    if (starts_with(url, "http://127.0.0.2:")) {
      CHECK(starts_with(error, "blocked_address"));
      ++blocked;
    }
  }
  CHECK(blocked == 2);

  json allowed = crawl_records(f, f.dir.file("allowed.db"), registry, {"--allow-private"}, &run);
  CHECK(alias_requests() > before);
  int reached = 0;
  for (const auto& r : allowed) {
    const std::string url = r["url"], final_url = r["final_url"];
    if (starts_with(final_url, "http://127.0.0.2:") && r["status"] == 200) ++reached;
  }
  CHECK(reached == 2);  // the redirect's target and the linked URL
}
