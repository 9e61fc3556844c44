#include "crawler/fetcher.h"

#include "crawler/address_policy.h"

#include "tests/support/loopback_port.h"
#include "tests/support/run_command.h"

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

using namespace govaudit;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

/// A cpp-httplib server on ADDR:0 in its own thread; routes are added before start().
struct TestServer {
  std::unique_ptr<httplib::Server> owned;
  httplib::Server& svr;
  int port = -1;
  std::thread thread;
  std::atomic<int> hits{0};

  explicit TestServer(std::unique_ptr<httplib::Server> server = std::make_unique<httplib::Server>())
      : owned(std::move(server)), svr(*owned) {}

  void start(const char* addr = "127.0.0.1") {
    // Plenty of workers: curl keeps connections alive and each idle one holds an httplib worker.
    svr.new_task_queue = [] { return new httplib::ThreadPool(48); };
    svr.set_pre_routing_handler([this](const httplib::Request&, httplib::Response&) {
      hits++;
      return httplib::Server::HandlerResponse::Unhandled;
    });
    port = svr.bind_to_any_port(addr);
    REQUIRE(port > 0);
    thread = std::thread([this] { svr.listen_after_bind(); });
    while (!svr.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~TestServer() {
    svr.stop();
    if (thread.joinable()) thread.join();
  }
};

/// PATH answers "released" only once `release` is set (or after 10 s, so a failed test still ends).
void add_held_route(TestServer& s, const char* path, std::atomic<bool>& release) {
  s.svr.Get(path, [&release](const httplib::Request&, httplib::Response& res) {
    auto until = Clock::now() + 10s;
    while (!release && Clock::now() < until) std::this_thread::sleep_for(5ms);
    res.set_content("released", "text/plain");
  });
}

/// Options for a test: no delay, quick backoff, and HOSTS pinned to 127.0.0.1:PORT.
FetcherOptions test_options(int port, std::initializer_list<const char*> hosts = {"a.test"}) {
  FetcherOptions o;
  o.delay_ms = 0;
  o.backoff_base_ms = 50;
  o.connect_timeout_s = 5;
  o.total_timeout_s = 10;
  for (const char* h : hosts) o.pins.connect_to.push_back({h, 0, "127.0.0.1", port});
  return o;
}

FetchRequest get(const std::string& url, uint64_t tag = 0) {
  FetchRequest r;
  r.url = url;
  r.tag = tag;
  return r;
}

/// N requests for URL, tagged 0..N-1.
std::vector<FetchRequest> repeated(const std::string& url, int n) {
  std::vector<FetchRequest> out;
  for (int i = 0; i < n; ++i) out.push_back(get(url, i));
  return out;
}

/// Submits from one thread, collects on this one, returns results ordered by tag.
std::vector<FetchResult> fetch_all(Fetcher& f, const std::vector<FetchRequest>& requests) {
  std::thread producer([&] {
    for (const auto& r : requests) f.submit(r);
    f.close();
  });
  std::vector<FetchResult> out;
  while (auto r = f.next_result()) out.push_back(std::move(*r));
  producer.join();
  std::sort(out.begin(), out.end(), [](const FetchResult& a, const FetchResult& b) { return a.tag < b.tag; });
  return out;
}

std::string gzip(const std::string& data) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

int dead_port() { return testing::closed_loopback_port(); }

std::string header(const FetchResult& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "";
}

/// Counts requests in flight at the server, per Host header and overall, and their peaks.
struct ConcurrencyProbe {
  std::mutex mu;
  std::map<std::string, int> now, peak;
  int all_now = 0, all_peak = 0;
  std::vector<Clock::time_point> starts;

  void enter(const std::string& host) {
    std::lock_guard lock(mu);
    peak[host] = std::max(peak[host], ++now[host]);
    all_peak = std::max(all_peak, ++all_now);
    starts.push_back(Clock::now());
  }
  void leave(const std::string& host) {
    std::lock_guard lock(mu);
    --now[host];
    --all_now;
  }
};

}  // namespace

TEST_CASE("a page is fetched with status headers body and timings", "[fetcher]") {
  TestServer s;
  s.svr.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("X-Test", "yes");
    res.set_content("hello world", "text/plain; charset=utf-8");
  });
  s.start();
  FetchResult r = fetch_one(get("http://a.test/hello", 7), test_options(s.port));
  CHECK(r.error_class == ErrorClass::none);
  CHECK(r.error.empty());
  CHECK(r.status == 200);
  CHECK(r.tag == 7);
  CHECK(r.body == "hello world");
  CHECK(r.final_url == "http://a.test/hello");
  CHECK(r.redirects.empty());
  CHECK(r.content_type == "text/plain; charset=utf-8");
  CHECK(header(r, "x-test") == "yes");
  CHECK(r.remote_ip == "127.0.0.1");
  CHECK(r.attempts == 1);
  CHECK(r.timings.total_ms > 0);
  CHECK(r.timings.first_byte_ms > 0);
  CHECK(r.timings.first_byte_ms <= r.timings.total_ms);
  REQUIRE(r.fetched_at.size() == 20);
  CHECK(r.fetched_at.back() == 'Z');
}

TEST_CASE("gzip HEAD range and conditional requests", "[fetcher]") {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "line " + std::to_string(i) + " of the compressed page\n";
  TestServer s;
  s.svr.Get("/gz", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(gzip(text), "application/octet-stream");
  });
  s.svr.Get("/plain", [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_content("0123456789", "text/plain");
  });
  s.start();
  auto o = test_options(s.port);

  FetchResult gz = fetch_one(get("http://a.test/gz"), o);
  CHECK(gz.status == 200);
  CHECK(gz.body == text);
  CHECK(header(gz, "content-encoding") == "gzip");
  CHECK(gz.size_download > 0);
  CHECK(gz.size_download < static_cast<int64_t>(text.size()));  // counted as sent: compressed

  FetchRequest head = get("http://a.test/plain");
  head.method = Method::head;
  FetchResult h = fetch_one(head, o);
  CHECK(h.status == 200);
  CHECK(h.body.empty());
  CHECK(header(h, "etag") == "\"v1\"");

  FetchRequest ranged = get("http://a.test/plain");
  ranged.range = std::make_pair(2L, 5L);
  FetchResult rr = fetch_one(ranged, o);
  CHECK(rr.status == 206);
  CHECK(rr.body == "2345");

  FetchRequest cond = get("http://a.test/plain");
  cond.if_none_match = "\"v1\"";
  FetchResult c = fetch_one(cond, o);
  CHECK(c.status == 304);
  CHECK(c.error_class == ErrorClass::none);
}

TEST_CASE("the body limit holds for plain and decompressed bodies", "[fetcher]") {
  const std::string big(2 * 1024 * 1024, 'x');
  const std::string bomb = gzip(std::string(32 * 1024 * 1024, '\0'));
  REQUIRE(bomb.size() < 200 * 1024);
  TestServer s;
  s.svr.Get("/big", [&](const httplib::Request&, httplib::Response& res) { res.set_content(big, "application/octet-stream"); });
  s.svr.Get("/bomb", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(bomb, "application/octet-stream");
  });
  s.start();
  auto o = test_options(s.port);
  o.max_body_bytes = 1024 * 1024;

  FetchResult r = fetch_one(get("http://a.test/big"), o);
  CHECK(r.error_class == ErrorClass::body_too_large);
  CHECK(r.status == 200);
  CHECK(r.truncated);
  CHECK(r.body.size() == 1024 * 1024);
  CHECK(r.body == big.substr(0, r.body.size()));

  FetchResult b = fetch_one(get("http://a.test/bomb"), o);
  CHECK(b.error_class == ErrorClass::body_too_large);
  CHECK(b.truncated);
  CHECK(b.body.size() == 1024 * 1024);
  CHECK(b.size_download < 32 * 1024 * 1024);  // stopped early, not decompressed whole
}

TEST_CASE("redirect chains are recorded and bounded", "[fetcher]") {
  TestServer s;
  s.svr.Get("/r1", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/r2", 302); });
  s.svr.Get("/r2", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("http://b.test/final", 301); });
  s.svr.Get("/final", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("done at " + req.get_header_value("Host"), "text/plain");
  });
  s.svr.Get("/loop", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop", 302); });
  s.start();
  auto o = test_options(s.port, {"a.test", "b.test"});
  o.max_redirects = 3;

  FetchResult r = fetch_one(get("http://a.test/r1"), o);
  CHECK(r.error_class == ErrorClass::none);
  CHECK(r.status == 200);
  CHECK(r.url == "http://a.test/r1");
  CHECK(r.final_url == "http://b.test/final");
  CHECK(r.redirects == std::vector<std::string>{"http://a.test/r2", "http://b.test/final"});
  CHECK(r.body == "done at b.test");
  CHECK(r.attempts == 3);

  FetchResult loop = fetch_one(get("http://a.test/loop"), o);
  CHECK(loop.error_class == ErrorClass::too_many_redirects);
  CHECK(loop.redirects.size() == 3);
  CHECK(loop.error.find("http://a.test/loop") != std::string::npos);
}

TEST_CASE("503 with Retry-After is retried after the wait and 404 is not retried", "[fetcher]") {
  TestServer s;
  std::mutex mu;
  std::vector<Clock::time_point> arrivals;
  s.svr.Get("/busy", [&](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(mu);
    arrivals.push_back(Clock::now());
    if (arrivals.size() == 1) {
      res.status = 503;
      res.set_header("Retry-After", "1");
      return;
    }
    res.set_content("ok now", "text/plain");
  });
  std::atomic<int> missing_hits{0};
  s.svr.Get("/missing", [&](const httplib::Request&, httplib::Response& res) {
    missing_hits++;
    res.status = 404;
  });
  std::atomic<int> limited_hits{0};
  s.svr.Get("/limited", [&](const httplib::Request&, httplib::Response& res) {
    limited_hits++;
    res.status = 429;
  });
  s.start();
  auto o = test_options(s.port);

  FetchResult r = fetch_one(get("http://a.test/busy"), o);
  CHECK(r.status == 200);
  CHECK(r.body == "ok now");
  CHECK(r.attempts == 2);
  REQUIRE(arrivals.size() == 2);
  CHECK(arrivals[1] - arrivals[0] >= 900ms);  // Retry-After: 1 was honoured

  FetchResult m = fetch_one(get("http://a.test/missing"), o);
  CHECK(m.status == 404);
  CHECK(m.error_class == ErrorClass::http_status);
  CHECK(m.attempts == 1);
  CHECK(missing_hits == 1);

  o.retries = 2;
  FetchResult l = fetch_one(get("http://a.test/limited"), o);
  CHECK(l.status == 429);
  CHECK(l.error_class == ErrorClass::http_status);
  CHECK(l.attempts == 3);
  CHECK(limited_hits == 3);
}

TEST_CASE("Retry-After as an HTTP date is honoured and a long one is capped", "[fetcher]") {
  TestServer s;
  std::mutex mu;
  std::map<std::string, std::vector<Clock::time_point>> arrivals;
  s.svr.Get(R"(/(date|long))", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    auto& seen = arrivals[req.path];
    seen.push_back(Clock::now());
    if (seen.size() > 1) {
      res.set_content("ok", "text/plain");
      return;
    }
    res.status = 503;
    if (req.path == "/long") {
      res.set_header("Retry-After", "3600");
      return;
    }
    std::time_t later = std::time(nullptr) + 2;
    std::tm tm{};
    gmtime_r(&later, &tm);
    char date[64];
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    res.set_header("Retry-After", date);
  });
  s.start();
  auto o = test_options(s.port, {"a.test", "b.test"});
  o.max_retry_wait_s = 1;
  Fetcher f(o);
  auto results = fetch_all(f, {get("http://a.test/date", 1), get("http://b.test/long", 2)});
  REQUIRE(results.size() == 2);
  for (const auto& r : results) {
    CHECK(r.status == 200);
    CHECK(r.attempts == 2);
  }
  std::lock_guard lock(mu);
  // The date is 1-2 s ahead (whole seconds) and the cap is 1 s: both waited about a second, and
  // the 3600 s one did not wait an hour.
  CHECK(arrivals["/date"][1] - arrivals["/date"][0] >= 700ms);
  CHECK(arrivals["/long"][1] - arrivals["/long"][0] >= 900ms);
}

TEST_CASE("redirects to hosts owned by other loops complete", "[fetcher]") {
  TestServer s;
  s.svr.Get("/from", [](const httplib::Request& req, httplib::Response& res) {
    std::string host = req.get_header_value("Host");
    res.set_redirect("http://to-" + host + "/to", 302);
  });
  s.svr.Get("/to", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.get_header_value("Host"), "text/plain");
  });
  s.start();
  FetcherOptions o = test_options(s.port);
  o.pins.connect_to = {{"", 0, "127.0.0.1", s.port}};
  o.loops = 4;
  Fetcher f(o);
  std::vector<FetchRequest> reqs;
  for (int i = 0; i < 12; ++i) reqs.push_back(get("http://h" + std::to_string(i) + ".test/from", i));
  auto results = fetch_all(f, reqs);
  REQUIRE(results.size() == 12);
  for (int i = 0; i < 12; ++i) {
    std::string to = "to-h" + std::to_string(i) + ".test";
    CHECK(results[i].status == 200);
    CHECK(results[i].final_url == "http://" + to + "/to");
    CHECK(results[i].body == to);
  }
}

TEST_CASE("refused connections and timeouts are classified", "[fetcher]") {
  TestServer s;
  std::atomic<bool> release{false}, release_later{false};
  add_held_route(s, "/slow", release);
  add_held_route(s, "/slow-then-fine", release_later);
  s.start();
  auto o = test_options(s.port);
  o.retries = 0;
  o.total_timeout_s = 1;
  o.pins.connect_to.push_back({"dead.test", 0, "127.0.0.1", dead_port()});

  FetchResult refused = fetch_one(get("http://dead.test/"), o);
  CHECK(refused.error_class == ErrorClass::connect_refused);
  CHECK(refused.status == 0);
  CHECK_FALSE(refused.error.empty());

  FetchResult slow = fetch_one(get("http://a.test/slow"), o);
  release = true;
  CHECK(slow.error_class == ErrorClass::timeout);
  CHECK(slow.status == 0);
  CHECK(slow.error.find("http://a.test/slow") != std::string::npos);

  // A timeout is worth retrying: the second attempt finds the server answering.
  o.retries = 1;
  std::thread releaser([&] {
    std::this_thread::sleep_for(1500ms);
    release_later = true;
  });
  FetchResult retried = fetch_one(get("http://a.test/slow-then-fine"), o);
  releaser.join();
  CHECK(retried.error_class == ErrorClass::none);
  CHECK(retried.attempts == 2);
  CHECK(retried.body == "released");
}

TEST_CASE("a host that keeps refusing connections is given up", "[fetcher]") {
  auto o = test_options(dead_port(), {"dead.test"});
  o.retries = 0;
  o.per_host = 1;
  o.host_slow_after = 2;
  o.host_give_up_after = 3;
  Fetcher f(o);
  auto results = fetch_all(f, repeated("http://dead.test/", 8));
  REQUIRE(results.size() == 8);
  int refused = 0, given_up = 0;
  for (const auto& r : results) {
    if (r.error_class == ErrorClass::connect_refused) refused++;
    if (r.error_class == ErrorClass::host_given_up) {
      given_up++;
      CHECK(r.error.find("dead.test") != std::string::npos);
      CHECK(r.attempts == 0);
    }
  }
  CHECK(refused == 3);
  CHECK(given_up == 5);
  CHECK(f.stats().hosts_given_up == std::vector<std::string>{"dead.test"});
}

TEST_CASE("a refusing host has its delay doubled before it is given up", "[fetcher]") {
  TestServer s;
  ConcurrencyProbe probe;
  s.svr.Get("/busy", [&](const httplib::Request& req, httplib::Response& res) {
    probe.enter(req.get_header_value("Host"));
    probe.leave(req.get_header_value("Host"));
    res.status = 503;
  });
  s.start();
  auto o = test_options(s.port);
  o.retries = 0;
  o.per_host = 1;
  o.delay_ms = 100;
  o.host_slow_after = 1;
  o.host_give_up_after_http = 4;
  Fetcher f(o);
  auto results = fetch_all(f, repeated("http://a.test/busy", 6));
  REQUIRE(results.size() == 6);
  CHECK(std::count_if(results.begin(), results.end(), [](auto& r) { return r.status == 503; }) == 4);
  CHECK(std::count_if(results.begin(), results.end(), [](auto& r) { return r.error_class == ErrorClass::host_given_up; }) == 2);
  std::lock_guard lock(probe.mu);
  REQUIRE(probe.starts.size() == 4);
  // 100 ms doubled after each refusal: gaps of 200, 400 and 800 ms (lower bounds, with slack).
  CHECK(probe.starts[1] - probe.starts[0] >= 150ms);
  CHECK(probe.starts[2] - probe.starts[1] >= 350ms);
  CHECK(probe.starts[3] - probe.starts[2] >= 700ms);
}

TEST_CASE("no more than per_host requests run at once to one host while hosts run in parallel", "[fetcher]") {
  TestServer s;
  ConcurrencyProbe probe;
  s.svr.Get("/work", [&](const httplib::Request& req, httplib::Response& res) {
    std::string host = req.get_header_value("Host");
    probe.enter(host);
    std::this_thread::sleep_for(100ms);
    probe.leave(host);
    res.set_content("done", "text/plain");
  });
  s.start();
  auto o = test_options(s.port, {"a.test", "b.test", "c.test", "d.test"});
  o.per_host = 2;

  SECTION("one host") {
    Fetcher f(o);
    auto results = fetch_all(f, repeated("http://a.test/work", 20));
    REQUIRE(results.size() == 20);
    for (const auto& r : results) CHECK(r.status == 200);
    CHECK(probe.peak["a.test"] <= 2);
    CHECK(probe.peak["a.test"] >= 1);
    CHECK(f.stats().max_in_flight_per_host.at("a.test") <= 2);
  }
  SECTION("four hosts") {
    Fetcher f(o);
    std::vector<FetchRequest> reqs;
    const char* hosts[] = {"a.test", "b.test", "c.test", "d.test"};
    for (int i = 0; i < 24; ++i) reqs.push_back(get(std::string("http://") + hosts[i % 4] + "/work", i));
    auto results = fetch_all(f, reqs);
    REQUIRE(results.size() == 24);
    for (const auto& r : results) CHECK(r.status == 200);
    for (const char* h : hosts) CHECK(probe.peak[h] <= 2);
    CHECK(probe.all_peak > 2);  // different hosts really are fetched in parallel
    CHECK(f.stats().max_in_flight_per_host.size() == 4);
  }
}

TEST_CASE("request starts to one host are spaced by the delay and by set_host_delay", "[fetcher]") {
  TestServer s;
  ConcurrencyProbe probe;
  s.svr.Get("/page", [&](const httplib::Request& req, httplib::Response& res) {
    probe.enter(req.get_header_value("Host"));
    probe.leave(req.get_header_value("Host"));
    res.set_content("page", "text/plain");
  });
  s.start();

  auto check_gaps = [&](std::chrono::milliseconds at_least) {
    std::lock_guard lock(probe.mu);
    REQUIRE(probe.starts.size() == 4);
    std::sort(probe.starts.begin(), probe.starts.end());
    for (size_t i = 1; i < probe.starts.size(); ++i) CHECK(probe.starts[i] - probe.starts[i - 1] >= at_least);
    probe.starts.clear();
  };

  auto o = test_options(s.port);
  o.delay_ms = 250;
  {
    Fetcher f(o);
    auto results = fetch_all(f, repeated("http://a.test/page", 4));
    REQUIRE(results.size() == 4);
  }
  check_gaps(200ms);  // 250 ms with slack for when the request reaches the server

  o.delay_ms = 0;
  o.per_host = 1;
  {
    Fetcher f(o);
    f.set_host_delay("A.test", 250);  // as robots.txt Crawl-delay would
    auto results = fetch_all(f, repeated("http://a.test/page", 4));
    REQUIRE(results.size() == 4);
  }
  check_gaps(200ms);
}

TEST_CASE("loopback and private targets are refused unless allowed or pinned", "[fetcher]") {
  TestServer priv;  // stands for an internal service on a private address
  priv.svr.Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_content("secret", "text/plain"); });
  priv.start("127.0.0.2");
  TestServer pub;
  const std::string private_url = "http://127.0.0.2:" + std::to_string(priv.port) + "/";
  pub.svr.Get("/to-private", [&](const httplib::Request&, httplib::Response& res) { res.set_redirect(private_url, 302); });
  pub.start();

  FetcherOptions bare;
  bare.delay_ms = 0;
  FetchResult direct = fetch_one(get(private_url), bare);
  CHECK(direct.error_class == ErrorClass::blocked_address);
  CHECK(direct.error.find("127.0.0.2") != std::string::npos);
  CHECK(priv.hits == 0);

  auto pinned = test_options(pub.port);  // a.test pinned, 127.0.0.2 not
  FetchResult hop = fetch_one(get("http://a.test/to-private"), pinned);
  CHECK(hop.error_class == ErrorClass::blocked_address);
  CHECK(hop.redirects == std::vector<std::string>{private_url});
  CHECK(priv.hits == 0);
  CHECK(pub.hits == 1);

  FetcherOptions allowed = bare;
  allowed.allow_private = true;
  FetchResult ok = fetch_one(get(private_url), allowed);
  CHECK(ok.error_class == ErrorClass::none);
  CHECK(ok.body == "secret");
  CHECK(priv.hits == 1);
}

TEST_CASE("the fetcher refuses exactly the addresses the address policy forbids", "[fetcher]") {
  auto is_forbidden_address = [](const char* a) { return !address_allowed(classify_address(a), false); };
  for (const char* a : {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                        "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::", "::1",
                        "[::1]", "fe80::1", "fd12:3456::1", "fc00::1", "ff02::1", "::ffff:127.0.0.1",
                        "::ffff:10.0.0.1", "not-an-address", ""})
    CHECK(is_forbidden_address(a));
  for (const char* a : {"8.8.8.8", "172.32.0.1", "172.15.255.255", "1.2.3.4", "100.128.0.1", "2001:4860::8888",
                        "::ffff:8.8.8.8", "2400:3200::1"})
    CHECK_FALSE(is_forbidden_address(a));
}

TEST_CASE("submit blocks when the queues are full and cancel releases it", "[fetcher]") {
  TestServer s;
  std::atomic<bool> release{false};
  add_held_route(s, "/block", release);
  s.start();
  auto o = test_options(s.port);
  o.loops = 1;
  o.queue_capacity = 2;

  SECTION("back-pressure then drain") {
    Fetcher f(o);
    std::atomic<int> submitted{0};
    std::thread producer([&] {
      for (int i = 0; i < 30; ++i) {
        if (!f.submit(get("http://a.test/block", i))) break;
        submitted++;
      }
      f.close();
    });
    std::this_thread::sleep_for(400ms);
    // Held by the loop (2) + the input queue (2): the producer waits instead of queueing all 30.
    CHECK(submitted <= 5);
    CHECK(submitted >= 2);
    release = true;
    int results = 0;
    while (auto r = f.next_result()) {
      CHECK(r->status == 200);
      results++;
    }
    producer.join();
    CHECK(results == 30);
  }
  SECTION("cancel") {
    Fetcher f(o);
    std::atomic<bool> refused{false};
    std::thread producer([&] {
      for (int i = 0; i < 30; ++i)
        if (!f.submit(get("http://a.test/block", i))) {
          refused = true;
          break;
        }
    });
    std::this_thread::sleep_for(200ms);
    f.cancel();
    producer.join();
    CHECK(refused);
    int results = 0;
    while (f.next_result()) results++;
    CHECK(results == 0);
    release = true;
  }
}

TEST_CASE("a URL that cannot be fetched gives an error result not a crash", "[fetcher]") {
  FetcherOptions o;
  o.delay_ms = 0;
  FetchResult ftp = fetch_one(get("ftp://a.test/file"), o);
  CHECK(ftp.error_class == ErrorClass::other);
  CHECK(ftp.error.find("ftp://a.test/file") != std::string::npos);
  FetchResult junk = fetch_one(get("not a url at all"), o);
  CHECK(junk.error_class == ErrorClass::other);
  CHECK(junk.status == 0);
}

TEST_CASE("https is fetched with TLS timings and an untrusted certificate is a tls error", "[fetcher]") {
  testing::ScratchDir dir;
  const std::string cert = dir.file("cert.pem"), key = dir.file("key.pem");
  auto made = testing::run_program({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
                                    cert, "-days", "1", "-subj", "/CN=a.test", "-addext", "subjectAltName=DNS:a.test"});
  REQUIRE(made.exit_code == 0);
  TestServer s(std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str()));
  s.svr.Get("/secure", [](const httplib::Request&, httplib::Response& res) { res.set_content("over tls", "text/plain"); });
  s.start();
  auto o = test_options(s.port);

  FetchResult untrusted = fetch_one(get("https://a.test/secure"), o);
  CHECK(untrusted.error_class == ErrorClass::tls);
  CHECK(untrusted.status == 0);

  o.ca_file = cert;
  FetchResult ok = fetch_one(get("https://a.test/secure"), o);
  CHECK(ok.error_class == ErrorClass::none);
  CHECK(ok.body == "over tls");
  CHECK(ok.timings.tls_ms > 0);
}
