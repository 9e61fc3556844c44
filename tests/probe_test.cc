// Access probes against the farm and small local servers: availability shares from stored probes
// match the planted failure rates (within binomial error), slow answers past the timeout fail, the
// audit's site_unreachable veto agrees with the truth once there are enough probes (and says
// "insufficient" before), a round where everything fails is a vantage-point failure that counts
// against no site; certificate expiry/issuer, http->https redirects and blocking are recorded.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>
#include <thread>

#include "crawler/probe.h"
#include "monitor/probe_recorder.h"
#include "store/probe_log.h"
#include "store/store.h"
#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_server.h"
#include "tests/farm/farm_truth.h"
#include "tests/support/run_command.h"

using namespace govaudit;
using namespace govaudit::farm;
using govaudit::testing::run_govaudit;
using govaudit::testing::ScratchDir;
using json = nlohmann::json;

namespace {

FetcherOptions pinned_to(int port) {
  FetcherOptions o;
  ConnectToRule rule;
  std::string err;
  REQUIRE(parse_connect_to_rule("::127.0.0.1:" + std::to_string(port), &rule, &err));
  o.pins.connect_to.push_back(rule);
  return o;
}

std::string iso_time(long long t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

long long epoch_of(int y, int m, int d) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  return static_cast<long long>(timegm(&tm));
}

// The registry of `world` imported into a fresh store at `db`, and its sites read back.
std::vector<Site> import_farm(const FarmWorld& world, const ScratchDir& dir, const std::string& db) {
  testing::write_file(dir.file("registry.csv"), registry_csv(world));
  auto imp = run_govaudit({"--db", db, "sites", "import", dir.file("registry.csv")});
  REQUIRE(imp.exit_code == 0);
  Store store;
  std::string err;
  std::vector<Site> sites;
  REQUIRE(store.open(db, &err));
  REQUIRE(store.list_sites({}, &sites, &err));
  return sites;
}

// site id -> {census veto ids, whether site_unreachable was "insufficient"} from `scores --format json`.
std::map<std::string, std::pair<std::set<std::string>, bool>> census_verdicts(const std::string& db) {
  auto r = run_govaudit({"--db", db, "scores", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  std::map<std::string, std::pair<std::set<std::string>, bool>> out;
  for (const auto& s : json::parse(r.out)) {
    if (s.value("rubric", "") != "census-2019") continue;
    auto& v = out[s["site"].get<std::string>()];
    for (const auto& id : s.value("vetoes", json::array())) v.first.insert(id.get<std::string>());
    v.second = s.dump().find("insufficient probes") != std::string::npos;
  }
  return out;
}

}  // namespace

TEST_CASE("probe availability matches planted failure rates and the veto agrees with the truth", "[probe][farm]") {
  FarmConfig c;
  c.sites = 6;
  c.seed = 1;
  c.as_of = day_from_ymd(2026, 11, 23);
  FarmWorld world = generate_farm(c);
  json truth = json::parse(truth_json(world));
  FarmServerOptions fo;
  fo.site_latency = false;
  FarmServer server(world, fo);
  int port = server.start(0);
  REQUIRE(port > 0);
  ScratchDir dir;
  const std::string db = dir.file("g.db");
  std::vector<Site> sites = import_farm(world, dir, db);
  const std::string pin = "::127.0.0.1:" + std::to_string(port);
  auto crawl = run_govaudit({"--db", db, "--connect-to", pin, "crawl", "--delay", "0", "--max-pages", "20"});
  REQUIRE(crawl.exit_code == 0);

  Store store;
  std::string err;
  REQUIRE(store.open(db, &err));
  ProbeRoundOptions po;
  po.fetcher = pinned_to(port);
  po.timeout_s = 5;
  const std::vector<ProbeTarget> targets = probe_targets(sites);
  // 150 rounds over the week before as_of, about every 67 minutes (the census wants >= 140).
  const long long start = epoch_of(2026, 11, 16) + 1800;
  auto probe_rounds = [&](int from, int to) {
    for (int i = from; i < to; ++i) {
      po.probed_at = iso_time(start + i * 4000LL);
      ProbeRound round;
      std::vector<StoredProbe> rows;
      REQUIRE(record_probe_round(store, targets, po, &round, &rows, &err));
      REQUIRE_FALSE(round.vantage_failure);
    }
  };
  probe_rounds(0, 100);
  REQUIRE(run_govaudit({"--db", db, "audit", "--as-of", "2026-11-23", "--rubric", "census-2019"}).exit_code == 0);
  auto early = census_verdicts(db);
  for (const auto& s : truth["sites"]) {
    INFO(s["id"]);
    CHECK(early[s["id"]].second);  // 100 < 140 probes: insufficient, never a veto
    CHECK(early[s["id"]].first.count("site_unreachable") == 0);
  }
  probe_rounds(100, 150);

  int planted = 0;
  for (const auto& s : truth["sites"]) {
    const std::string id = s["id"];
    const double p = s["fail_share"];
    std::vector<StoredProbe> probes;
    REQUIRE(site_probes(store, id, "2026-11-16", "2026-11-24", &probes, &err));
    int n = 0, failed = 0;
    for (const auto& pr : probes) {
      if (pr.url != s["url"]) continue;
      ++n;
      if (!pr.ok) {
        ++failed;
        CHECK(pr.error_class == "http_status");
        CHECK(pr.status == 503);
      }
    }
    INFO(id << " fail_share " << p << ": " << failed << "/" << n);
    REQUIRE(n == 150);
    const double sigma = std::sqrt(n * p * (1 - p));
    CHECK(std::abs(failed - n * p) <= 4 * sigma + 1);
    if (p == 0) CHECK(failed == 0);
    if (p > 0) ++planted;
  }
  CHECK(planted >= 1);

  REQUIRE(run_govaudit({"--db", db, "audit", "--as-of", "2026-11-23", "--rubric", "census-2019"}).exit_code == 0);
  auto verdicts = census_verdicts(db);
  int vetoed = 0;
  for (const auto& s : truth["sites"]) {
    const std::string id = s["id"];
    INFO(id);
    std::set<std::string> want(s["vetoes"].begin(), s["vetoes"].end());
    CHECK_FALSE(verdicts[id].second);
    CHECK(verdicts[id].first.count("site_unreachable") == want.count("site_unreachable"));
    vetoed += static_cast<int>(want.count("site_unreachable"));
  }
  CHECK(vetoed >= 1);

  SECTION("a round where every site is unreachable is the vantage point's failure") {
    server.stop();
    ProbeRound round;
    std::vector<StoredProbe> rows;
    po.probed_at = iso_time(start + 151 * 4000LL);
    REQUIRE(record_probe_round(store, targets, po, &round, &rows, &err));
    CHECK(round.vantage_failure);
    for (const auto& r : rows) CHECK(r.error_class == "connect_refused");
    std::vector<StoredProbe> probes;
    REQUIRE(site_probes(store, sites[1].id, "2026-11-16", "2026-11-24", &probes, &err));
    for (const auto& p : probes) CHECK(p.round_id != round.id);
    REQUIRE(run_govaudit({"--db", db, "audit", "--as-of", "2026-11-23", "--rubric", "census-2019"}).exit_code == 0);
    auto after = census_verdicts(db);
    for (const auto& s : truth["sites"]) {
      std::set<std::string> want(s["vetoes"].begin(), s["vetoes"].end());
      CHECK(after[s["id"]].first.count("site_unreachable") == want.count("site_unreachable"));
    }
  }
}

TEST_CASE("slow answers past the timeout count as failures", "[probe][farm]") {
  FarmConfig c;
  c.sites = 6;
  c.seed = 1;
  c.as_of = day_from_ymd(2026, 11, 23);
  FarmWorld world = generate_farm(c);
  for (auto& s : world.sites) {
    s.fail_share = 0;
    s.latency_ms = 0;
  }
  world.sites[2].latency_ms = 2500;  // past a 1 s timeout
  world.sites[3].latency_ms = 300;   // slow, but within it
  FarmServer server(world);
  int port = server.start(0);
  REQUIRE(port > 0);
  std::vector<ProbeTarget> targets;
  for (const auto& s : world.sites) targets.push_back({s.id, "http://" + s.host + "/"});
  for (int round = 0; round < 3; ++round) {
    auto out = run_probe_round(targets, pinned_to(port), 1);
    REQUIRE(out.size() == targets.size());
    CHECK_FALSE(is_vantage_failure(out));
    for (size_t i = 0; i < out.size(); ++i) {
      INFO(targets[i].url);
      if (i == 2) {
        CHECK_FALSE(out[i].ok);
        CHECK(out[i].error_class == "timeout");
      } else {
        CHECK(out[i].ok);
        CHECK(out[i].ipv6 == "unknown");  // pinned: never looked up
      }
    }
  }
}

TEST_CASE("the vantage rule needs most probes failing the same network way", "[probe]") {
  auto outcome = [](const std::string& cls) {
    ProbeOutcome o;
    o.error_class = cls;
    o.ok = cls.empty();
    return o;
  };
  std::vector<ProbeOutcome> refused(10, outcome("connect_refused"));
  CHECK(is_vantage_failure(refused));
  std::vector<ProbeOutcome> http(10, outcome("http_status"));
  CHECK_FALSE(is_vantage_failure(http));  // sites answering errors is the sites' failure
  std::vector<ProbeOutcome> mixed(10, outcome(""));
  for (int i = 0; i < 7; ++i) mixed[static_cast<size_t>(i)] = outcome("dns");
  CHECK_FALSE(is_vantage_failure(mixed));
  CHECK_FALSE(is_vantage_failure(std::vector<ProbeOutcome>(3, outcome("dns"))));  // too few to judge
}

namespace {

struct LocalServer {
  std::unique_ptr<httplib::Server> svr;
  int port = -1;
  std::thread thread;
  explicit LocalServer(std::unique_ptr<httplib::Server> s) : svr(std::move(s)) {}
  void start() {
    port = svr->bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    thread = std::thread([this] { svr->listen_after_bind(); });
    while (!svr->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LocalServer() {
    svr->stop();
    if (thread.joinable()) thread.join();
  }
};

const char* const kPage = "<html><head><title>政府门户</title></head><body><h1>首页</h1><p>欢迎访问本站，这里有政务公开、办事服务和互动交流。</p></body></html>";

}  // namespace

TEST_CASE("https probes record the certificate and http to https redirects", "[probe][tls]") {
  ScratchDir dir;
  const std::string cert = dir.file("cert.pem"), key = dir.file("key.pem");
  auto made = testing::run_program({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
                                    cert, "-days", "30", "-subj", "/CN=a.test/O=Probe Test CA", "-addext",
                                    "subjectAltName=DNS:a.test"});
  REQUIRE(made.exit_code == 0);
  LocalServer tls(std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str()));
  tls.svr->Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_content(kPage, "text/html; charset=utf-8"); });
  tls.start();
  LocalServer plain(std::make_unique<httplib::Server>());
  plain.svr->Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 301;
    res.set_header("Location", "https://a.test:" + std::to_string(tls.port) + "/");
  });
  plain.start();
  FetcherOptions o;
  std::string err;
  for (int p : {plain.port, tls.port}) {
    ResolvePin pin;
    REQUIRE(parse_resolve_pin("a.test:" + std::to_string(p) + ":127.0.0.1", &pin, &err));
    o.pins.resolve.push_back(pin);
  }
  o.ca_file = cert;
  auto out = run_probe_round({{"s", "http://a.test:" + std::to_string(plain.port) + "/"}}, o, 5);
  REQUIRE(out.size() == 1);
  INFO(out[0].fetch.error);
  CHECK(out[0].ok);
  CHECK(out[0].redirects_to_https);
  // openssl -days 30: the certificate expires 30 days from now (a day either side at midnight).
  const long long now = static_cast<long long>(std::time(nullptr));
  std::set<std::string> near;
  for (int d : {29, 30, 31}) near.insert(iso_time(now + d * 86400LL).substr(0, 10));
  CHECK(near.count(out[0].fetch.tls_expires) == 1);
  CHECK(out[0].fetch.tls_issuer.find("a.test") != std::string::npos);
  CHECK(out[0].fetch.tls_issuer.find("Probe Test CA") != std::string::npos);
  CHECK(out[0].ipv6 == "unknown");

  // Plain http without a redirect: no https, no certificate.
  auto direct = run_probe_round({{"s", "https://a.test:" + std::to_string(tls.port) + "/"}}, o, 5);
  CHECK_FALSE(direct[0].redirects_to_https);
  CHECK(direct[0].ok);
}

TEST_CASE("a 403 to our agent only is blocked and a 403 to all is a failure", "[probe]") {
  LocalServer s(std::make_unique<httplib::Server>());
  s.svr->Get("/picky", [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("User-Agent").rfind("govaudit", 0) == 0) {
      res.status = 403;
      res.set_content("forbidden", "text/plain");
    } else {
      res.set_content(kPage, "text/html; charset=utf-8");
    }
  });
  s.svr->Get("/closed", [](const httplib::Request&, httplib::Response& res) {
    res.status = 403;
    res.set_content("forbidden", "text/plain");
  });
  s.start();
  FetcherOptions o = pinned_to(s.port);
  auto out = run_probe_round({{"a", "http://picky.test/picky"}, {"b", "http://closed.test/closed"}}, o, 5);
  REQUIRE(out.size() == 2);
  CHECK(out[0].error_class == "blocked");
  CHECK_FALSE(out[0].ok);
  CHECK(out[1].error_class == "http_status");
}
