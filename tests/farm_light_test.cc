// The farm's benchmark modes: light pages keep a page's head and every link, and nothing else;
// plain serving answers uncompressed, one request per connection.
#include <catch2/catch.hpp>

#include "crawler/fetcher.h"
#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_light.h"
#include "tests/farm/farm_pages.h"
#include "tests/farm/farm_server.h"

using govaudit::farm::light_page;

TEST_CASE("light page keeps the head and the body links in order", "[farm]") {
  std::string html =
      "<html><head><title>T</title><link href=\"/s.css\"></head><body><p>long text</p>"
      "<a href=\"/a.html\">A</a><script type=\"text/xml\"><![CDATA[<li><a href='/b.html'>B</a>]]></script>"
      "<a href=x>unquoted is not a link here</a></body></html>";
  std::string light = light_page(html);
  CHECK(light.rfind("<html><head><title>T</title><link href=\"/s.css\"></head><body>\n", 0) == 0);
  CHECK(light.find("long text") == std::string::npos);
  auto a = light.find("<a href=\"/a.html\">");
  auto b = light.find("<a href=\"/b.html\">");
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  CHECK(a < b);
  CHECK(light.find("/s.css", light.find("</head>")) == std::string::npos);
  CHECK(light.find("href=\"x\"") == std::string::npos);
}

TEST_CASE("light page of a farm home page is smaller and keeps its links", "[farm]") {
  govaudit::farm::FarmConfig config;
  config.sites = 3;
  config.seed = 7;
  config.as_of = govaudit::farm::day_from_ymd(2026, 1, 15);
  auto world = govaudit::farm::generate_farm(config);
  const auto& site = world.sites[0];
  auto full = govaudit::farm::render_farm_url(world, "http://" + site.host + "/");
  REQUIRE(full.status == 200);
  std::string light = light_page(full.body);
  CHECK(light.size() < full.body.size());
  for (const auto& col : site.columns) CHECK(light.find(col.path) != std::string::npos);
}

TEST_CASE("light page of text without a head is a bare list of links", "[farm]") {
  CHECK(light_page("no links") == "<body>\n</body></html>\n");
  CHECK(light_page("<a href=\"unterminated") == "<body>\n</body></html>\n");
}

namespace {

// The home page of site 0 fetched from a farm served with `plain` on or off; the response headers.
std::vector<std::pair<std::string, std::string>> home_headers(bool plain) {
  govaudit::farm::FarmConfig config;
  config.sites = 1;
  config.seed = 7;
  config.as_of = govaudit::farm::day_from_ymd(2026, 1, 15);
  auto world = govaudit::farm::generate_farm(config);
  std::string url = "http://" + world.sites[0].host + "/";
  govaudit::farm::FarmServerOptions options;
  options.plain = plain;
  govaudit::farm::FarmServer server(std::move(world), options);
  int port = server.start(0);
  REQUIRE(port > 0);
  govaudit::FetcherOptions fo;
  govaudit::ConnectToRule rule;
  std::string err;
  REQUIRE(govaudit::parse_connect_to_rule("::127.0.0.1:" + std::to_string(port), &rule, &err));
  fo.pins.connect_to.push_back(rule);
  govaudit::FetchRequest req;
  req.url = url;
  auto r = govaudit::fetch_one(req, fo);
  REQUIRE(r.status == 200);
  return r.headers;
}

std::string header(const std::vector<std::pair<std::string, std::string>>& headers, const std::string& name) {
  for (const auto& [n, v] : headers)
    if (n == name) return v;
  return "";
}

}  // namespace

TEST_CASE("a plain farm answers uncompressed and closes the connection", "[farm][server]") {
  auto plain = home_headers(true);
  CHECK(header(plain, "content-encoding").empty());
  CHECK(header(plain, "connection") == "close");
  // The default farm compresses with gzip (libcurl offers br too) and keeps the connection open.
  auto normal = home_headers(false);
  CHECK(header(normal, "content-encoding") == "gzip");
  CHECK(header(normal, "connection") != "close");
}
