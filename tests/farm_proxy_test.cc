// The farm answers a request sent to it as an HTTP proxy (absolute-form target "GET http://host/path")
// exactly as the same request pinned with CURLOPT_CONNECT_TO: the benchmarks reach it this way from
// wget and wget2, which have no --connect-to.
#include <catch2/catch.hpp>
#include <curl/curl.h>

#include <string>

#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_server.h"

using namespace govaudit::farm;

namespace {

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// GET `url` through the farm at `port`, as a proxy (`proxy`) or pinned with CONNECT_TO.
std::pair<long, std::string> get(int port, const std::string& url, bool proxy) {
  std::pair<long, std::string> out{0, ""};
  CURL* curl = curl_easy_init();
  curl_slist* connect_to = curl_slist_append(nullptr, ("::127.0.0.1:" + std::to_string(port)).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  if (proxy) {
    curl_easy_setopt(curl, CURLOPT_PROXY, ("http://127.0.0.1:" + std::to_string(port)).c_str());
  } else {
    curl_easy_setopt(curl, CURLOPT_CONNECT_TO, connect_to);
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out.second);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.first);
  curl_slist_free_all(connect_to);
  curl_easy_cleanup(curl);
  return out;
}

}  // namespace

TEST_CASE("farm answers absolute form proxy requests like pinned ones", "[farm]") {
  FarmConfig c;
  c.sites = 2;
  c.seed = 3;
  c.as_of = day_from_ymd(2026, 11, 23);
  FarmWorld world = generate_farm(c);
  std::string home = "http://" + world.sites[1].host + "/";
  FarmServerOptions o;
  o.site_latency = false;
  o.site_failures = false;
  FarmServer server(std::move(world), o);
  int port = server.start(0);
  REQUIRE(port > 0);

  auto pinned = get(port, home, false);
  auto proxied = get(port, home, true);
  CHECK(pinned.first == 200);
  CHECK(proxied.first == 200);
  CHECK(proxied.second == pinned.second);
  CHECK(get(port, home + "robots.txt", true).second == get(port, home + "robots.txt", false).second);
  // Unknown paths answer as the site does (404, or 200 with a not-found text on soft-404 sites).
  CHECK(get(port, home + "no/such/page.html", true) == get(port, home + "no/such/page.html", false));
  CHECK(get(port, "http://unknown.host.test/", true).first == 404);
  server.stop();
}
