// Tests for crawler/robots.h, modelled on the situations google/robotstxt's tests cover (group
// selection, longest match, wildcards, encodings, hostile input) with our own cases.
#include "crawler/robots.h"

#include <catch2/catch.hpp>
#include <string>

using govaudit::parse_robots;
using govaudit::robots_allowed;
using govaudit::robots_crawl_delay;
using govaudit::robots_from_status;
using govaudit::RobotsRules;

namespace {

bool allowed(std::string_view body, std::string_view agent, std::string_view path) {
  return robots_allowed(parse_robots(body), agent, path);
}

}  // namespace

TEST_CASE("Empty robots and empty disallow allow everything", "[robots]") {
  CHECK(allowed("", "govaudit", "/"));
  CHECK(allowed("", "govaudit", "/any/thing?x=1"));
  CHECK(allowed("User-agent: *\nDisallow:\n", "govaudit", "/private"));
  CHECK(allowed("User-agent: *\n", "govaudit", "/"));
  CHECK(allowed("# only a comment\n\n\n", "govaudit", "/x"));
}

TEST_CASE("Disallow all and the robots file itself", "[robots]") {
  const char* body = "User-agent: *\nDisallow: /\n";
  CHECK_FALSE(allowed(body, "govaudit", "/"));
  CHECK_FALSE(allowed(body, "govaudit", ""));
  CHECK_FALSE(allowed(body, "govaudit", "/index.html"));
  CHECK(allowed(body, "govaudit", "/robots.txt"));
}

TEST_CASE("Group selection by product token", "[robots]") {
  const char* body =
      "User-agent: Baiduspider\n"
      "Disallow: /\n"
      "\n"
      "User-agent: govaudit\n"
      "Disallow: /private/\n"
      "\n"
      "User-agent: *\n"
      "Disallow: /tmp/\n";
  CHECK_FALSE(allowed(body, "Baiduspider", "/xxgk/"));
  CHECK(allowed(body, "govaudit", "/xxgk/"));
  CHECK_FALSE(allowed(body, "govaudit", "/private/a.html"));
  // The specific group replaces the global one entirely.
  CHECK(allowed(body, "govaudit", "/tmp/a"));
  CHECK_FALSE(allowed(body, "otherbot", "/tmp/a"));
  CHECK(allowed(body, "otherbot", "/private/a.html"));
}

TEST_CASE("Product token matching is case insensitive and ignores versions", "[robots]") {
  const char* body = "User-agent: GovAudit/2.0 (+https://example.test)\nDisallow: /a\n";
  CHECK_FALSE(allowed(body, "govaudit", "/a"));
  CHECK_FALSE(allowed(body, "GOVAUDIT", "/a"));
  CHECK_FALSE(allowed(body, "govaudit/1.0", "/a"));
  CHECK(allowed(body, "govauditx", "/a"));
  CHECK(allowed(body, "gov", "/a"));
}

TEST_CASE("Consecutive user agent lines share a group", "[robots]") {
  const char* body =
      "User-agent: a-bot\n"
      "User-agent: b_bot\n"
      "Disallow: /shared\n"
      "User-agent: c-bot\n"
      "Disallow: /c\n";
  CHECK_FALSE(allowed(body, "a-bot", "/shared"));
  CHECK_FALSE(allowed(body, "b_bot", "/shared"));
  CHECK(allowed(body, "c-bot", "/shared"));
  CHECK_FALSE(allowed(body, "c-bot", "/c"));
  CHECK(allowed(body, "a-bot", "/c"));
}

TEST_CASE("Groups naming the same agent are merged", "[robots]") {
  const char* body =
      "User-agent: govaudit\nDisallow: /a\n"
      "User-agent: other\nDisallow: /b\n"
      "User-agent: govaudit\nDisallow: /c\n";
  CHECK_FALSE(allowed(body, "govaudit", "/a"));
  CHECK_FALSE(allowed(body, "govaudit", "/c"));
  CHECK(allowed(body, "govaudit", "/b"));
}

TEST_CASE("Rules before any user agent are ignored", "[robots]") {
  CHECK(allowed("Disallow: /\nUser-agent: *\nDisallow: /x\n", "govaudit", "/y"));
  CHECK_FALSE(allowed("Disallow: /\nUser-agent: *\nDisallow: /x\n", "govaudit", "/x"));
}

TEST_CASE("Sitemap lines do not split a group", "[robots]") {
  const char* body =
      "User-agent: a\n"
      "Sitemap: https://www.example.test/sitemap.xml\n"
      "User-agent: b\n"
      "Disallow: /\n"
      "sitemap: https://www.example.test/sitemap2.xml\n";
  CHECK_FALSE(allowed(body, "a", "/x"));
  CHECK_FALSE(allowed(body, "b", "/x"));
  auto rules = parse_robots(body);
  REQUIRE(rules.sitemaps.size() == 2);
  CHECK(rules.sitemaps[0] == "https://www.example.test/sitemap.xml");
  CHECK(rules.sitemaps[1] == "https://www.example.test/sitemap2.xml");
}

TEST_CASE("Longest match wins regardless of order", "[robots]") {
  CHECK(allowed("User-agent: *\nDisallow: /\nAllow: /xxgk/\n", "g", "/xxgk/a.html"));
  CHECK(allowed("User-agent: *\nAllow: /xxgk/\nDisallow: /\n", "g", "/xxgk/a.html"));
  CHECK_FALSE(allowed("User-agent: *\nAllow: /xxgk/\nDisallow: /\n", "g", "/news/a.html"));
  CHECK_FALSE(
      allowed("User-agent: *\nAllow: /folder\nDisallow: /folder/page\n", "g", "/folder/page.html"));
  CHECK(
      allowed("User-agent: *\nAllow: /folder/page\nDisallow: /folder\n", "g", "/folder/page.html"));
  CHECK_FALSE(allowed("User-agent: *\nAllow: /folder/page\nDisallow: /folder\n", "g",
                      "/folder/other.html"));
}

TEST_CASE("Allow wins an equal length tie", "[robots]") {
  CHECK(allowed("User-agent: *\nDisallow: /page\nAllow: /page\n", "g", "/page"));
  CHECK(allowed("User-agent: *\nAllow: /page\nDisallow: /page\n", "g", "/page"));
  CHECK(allowed("User-agent: *\nDisallow: /pag*\nAllow: /page\n", "g", "/page.html"));
  CHECK(allowed("User-agent: *\nAllow: /$\nDisallow: /\n", "g", "/"));
  CHECK_FALSE(allowed("User-agent: *\nAllow: /$\nDisallow: /\n", "g", "/index.html"));
}

TEST_CASE("Wildcards and end anchors", "[robots]") {
  const char* body =
      "User-agent: *\n"
      "Disallow: /*.pdf$\n"
      "Disallow: /search*q=\n"
      "Disallow: /*/print/\n"
      "Disallow: /fish*\n"
      "Disallow: /exact$\n";
  CHECK_FALSE(allowed(body, "g", "/files/report.pdf"));
  CHECK(allowed(body, "g", "/files/report.pdf?download=1"));
  CHECK(allowed(body, "g", "/files/report.PDF"));
  CHECK_FALSE(allowed(body, "g", "/search?lang=zh&q=x"));
  CHECK(allowed(body, "g", "/search?lang=zh"));
  CHECK_FALSE(allowed(body, "g", "/a/b/print/1"));
  CHECK(allowed(body, "g", "/print/1"));
  CHECK_FALSE(allowed(body, "g", "/fish"));
  CHECK_FALSE(allowed(body, "g", "/fish.html"));
  CHECK_FALSE(allowed(body, "g", "/fishheads/yummy.html"));
  CHECK(allowed(body, "g", "/Fish.asp"));
  CHECK(allowed(body, "g", "/catfish"));
  CHECK_FALSE(allowed(body, "g", "/exact"));
  CHECK(allowed(body, "g", "/exact/"));
  CHECK(allowed(body, "g", "/exactly"));
}

TEST_CASE("Multiple and leading wildcards", "[robots]") {
  CHECK_FALSE(allowed("User-agent: *\nDisallow: *\n", "g", "/anything"));
  CHECK_FALSE(allowed("User-agent: *\nDisallow: /**/x\n", "g", "/a/b/x"));
  CHECK_FALSE(allowed("User-agent: *\nDisallow: /*a*b*c$\n", "g", "/zzazzbzzc"));
  CHECK(allowed("User-agent: *\nDisallow: /*a*b*c$\n", "g", "/zzazzbzzcz"));
  CHECK_FALSE(allowed("User-agent: *\nDisallow: /$*\n", "g", "/$x"));
}

TEST_CASE("A dollar sign inside a pattern is literal", "[robots]") {
  CHECK_FALSE(allowed("User-agent: *\nDisallow: /price$list\n", "g", "/price$list.html"));
  CHECK(allowed("User-agent: *\nDisallow: /price$list\n", "g", "/price"));
}

TEST_CASE("Percent encoding is normalised on both sides", "[robots]") {
  const char* chinese = "User-agent: *\nDisallow: /新闻/\n";
  CHECK_FALSE(allowed(chinese, "g", "/%E6%96%B0%E9%97%BB/a.html"));
  CHECK_FALSE(allowed(chinese, "g", "/%e6%96%b0%e9%97%bb/a.html"));
  CHECK_FALSE(allowed(chinese, "g", "/新闻/a.html"));
  CHECK(allowed(chinese, "g", "/新/a.html"));
  const char* encoded = "User-agent: *\nDisallow: /%E6%96%B0%E9%97%BB/\n";
  CHECK_FALSE(allowed(encoded, "g", "/新闻/a.html"));
  // Unreserved characters compare decoded.
  CHECK_FALSE(allowed("User-agent: *\nDisallow: /foo/%62%61%7A\n", "g", "/foo/baz"));
  CHECK_FALSE(allowed("User-agent: *\nDisallow: /foo/baz\n", "g", "/foo/%62az"));
  // Reserved characters stay distinct from their escapes.
  CHECK(allowed("User-agent: *\nDisallow: /a%2Fb\n", "g", "/a/b"));
  CHECK_FALSE(allowed("User-agent: *\nDisallow: /a%2fb\n", "g", "/a%2Fb"));
  // An escaped star or dollar in a pattern matches the literal character.
  CHECK_FALSE(allowed("User-agent: *\nDisallow: /file-%2A.html\n", "g", "/file-*.html"));
  CHECK(allowed("User-agent: *\nDisallow: /file-%2A.html\n", "g", "/file-x.html"));
  CHECK_FALSE(allowed("User-agent: *\nDisallow: /foo-%24\n", "g", "/foo-$"));
}

TEST_CASE("Paths are case sensitive", "[robots]") {
  CHECK_FALSE(allowed("User-agent: *\nDisallow: /Admin\n", "g", "/Admin/x"));
  CHECK(allowed("User-agent: *\nDisallow: /Admin\n", "g", "/admin/x"));
}

TEST_CASE("Query strings are part of the match", "[robots]") {
  const char* body = "User-agent: *\nDisallow: /*?\nAllow: /list?page=\n";
  CHECK_FALSE(allowed(body, "g", "/index.jsp?id=3"));
  CHECK(allowed(body, "g", "/index.jsp"));
  CHECK(allowed(body, "g", "/list?page=2"));
}

TEST_CASE("Keys are case insensitive and common typos accepted", "[robots]") {
  CHECK_FALSE(allowed("USER-AGENT: *\nDISALLOW: /a\n", "g", "/a"));
  CHECK_FALSE(allowed("useragent: *\ndisalow: /a\n", "g", "/a"));
  CHECK_FALSE(allowed("User-agent: *\nDissallow: /a\n", "g", "/a"));
  CHECK_FALSE(allowed("user agent: *\ndisallow: /a\n", "g", "/a"));
  CHECK_FALSE(allowed("User-agent *\nDisallow /a\n", "g", "/a"));
  CHECK(allowed("User-agent: *\nDisalloww: /a\n", "g", "/a"));
}

TEST_CASE("Path without leading slash is anchored at the root", "[robots]") {
  CHECK_FALSE(allowed("User-agent: *\nDisallow: admin\n", "g", "/admin/login"));
  CHECK(allowed("User-agent: *\nDisallow: admin\n", "g", "/x/admin"));
}

TEST_CASE("Comments and whitespace", "[robots]") {
  const char* body =
      "  User-agent  :   *   # everyone\n"
      "\tDisallow:\t/private   # keep out\n"
      "# Disallow: /public\n";
  CHECK_FALSE(allowed(body, "g", "/private/x"));
  CHECK(allowed(body, "g", "/public"));
}

TEST_CASE("Line endings CR LF and CRLF and BOM", "[robots]") {
  for (const char* body : {"User-agent: *\rDisallow: /a\rAllow: /a/b\r",
                           "User-agent: *\r\nDisallow: /a\r\nAllow: /a/b\r\n",
                           "User-agent: *\nDisallow: /a\nAllow: /a/b",
                           "\xEF\xBB\xBFUser-agent: *\nDisallow: /a\nAllow: /a/b\n",
                           "User-agent: *\r\n\r\nDisallow: /a\n\rAllow: /a/b"}) {
    INFO(body);
    CHECK_FALSE(allowed(body, "g", "/a/c"));
    CHECK(allowed(body, "g", "/a/b"));
    CHECK(allowed(body, "g", "/c"));
  }
}

TEST_CASE("Garbage lines are ignored and counted", "[robots]") {
  const char* body =
      "<html><body>Not Found</body></html>\n"
      "User-agent: *\n"
      "this is not a directive at all\n"
      "Noindex: /x\n"
      "Disallow: /a\n"
      "\x01\x02\xff\xfe\n";
  auto rules = parse_robots(body);
  CHECK(rules.ignored_lines == 4);
  CHECK_FALSE(robots_allowed(rules, "g", "/a"));
  CHECK(robots_allowed(rules, "g", "/x"));
}

TEST_CASE("An HTML page served as robots allows everything", "[robots]") {
  const char* body =
      "<!DOCTYPE html>\n<html>\n<head><title>首页</title></head>\n<body>\n"
      "<a href=\"/x\">x</a>\n</body></html>\n";
  CHECK(allowed(body, "g", "/x"));
  CHECK(parse_robots(body).groups.empty());
}

TEST_CASE("Crawl delay per group with fractions", "[robots]") {
  const char* body =
      "User-agent: *\nCrawl-delay: 10\nDisallow: /a\n"
      "User-agent: govaudit\nCrawl-delay: 0.5\nDisallow: /b\n"
      "User-agent: slow\nCrawl-delay: abc\n"
      "User-agent: neg\nCrawl-delay: -3\n";
  auto rules = parse_robots(body);
  CHECK(robots_crawl_delay(rules, "govaudit") == Approx(0.5));
  CHECK(robots_crawl_delay(rules, "other") == Approx(10));
  CHECK(robots_crawl_delay(rules, "slow") == -1);
  CHECK(robots_crawl_delay(rules, "neg") == -1);
  CHECK(robots_crawl_delay(parse_robots("User-agent: *\nDisallow: /\n"), "g") == -1);
  CHECK(robots_crawl_delay(parse_robots("User-agent: *\ncrawldelay: 2.25\n"), "g") == Approx(2.25));
}

TEST_CASE("Crawl delay ends a run of user agent lines", "[robots]") {
  // A crawl-delay between user-agent lines ends the run, as any rule line does.
  const char* body = "User-agent: a\nCrawl-delay: 3\nUser-agent: b\nDisallow: /\n";
  CHECK(allowed(body, "a", "/x"));
  CHECK_FALSE(allowed(body, "b", "/x"));
  CHECK(robots_crawl_delay(parse_robots(body), "a") == Approx(3));
}

TEST_CASE("Global group only when no specific group exists", "[robots]") {
  const char* body = "User-agent: govaudit\nAllow: /\nUser-agent: *\nDisallow: /\n";
  CHECK(allowed(body, "govaudit", "/x"));
  CHECK_FALSE(allowed(body, "other", "/x"));
  // A blank line does not end a group: both agents share the Disallow.
  CHECK_FALSE(allowed("User-agent: govaudit\n\nUser-agent: *\nDisallow: /\n", "govaudit", "/x"));
  // A specific group without rules takes precedence over "*": everything allowed.
  CHECK(allowed("User-agent: govaudit\nCrawl-delay: 1\nUser-agent: *\nDisallow: /\n", "govaudit",
                "/x"));
}

TEST_CASE("Oversized body is truncated at 500 KiB", "[robots]") {
  std::string body = "User-agent: *\nDisallow: /early\n";
  std::string filler = "# " + std::string(100, 'x') + "\n";
  while (body.size() < govaudit::kRobotsMaxBytes) body += filler;
  body += "Disallow: /late\n";
  auto rules = parse_robots(body);
  CHECK(rules.truncated);
  CHECK_FALSE(robots_allowed(rules, "g", "/early"));
  CHECK(robots_allowed(rules, "g", "/late"));
  CHECK_FALSE(parse_robots("User-agent: *\nDisallow: /x\n").truncated);
}

TEST_CASE("Overlong lines are truncated", "[robots]") {
  std::string body = "User-agent: *\nDisallow: /" + std::string(40000, 'a') + "\n";
  auto rules = parse_robots(body);
  REQUIRE(rules.groups.size() == 1);
  REQUIRE(rules.groups[0].rules.size() == 1);
  CHECK(rules.groups[0].rules[0].pattern.size() <= govaudit::kRobotsMaxLineBytes);
  CHECK_FALSE(robots_allowed(rules, "g", "/" + std::string(40000, 'a')));
}

TEST_CASE("Hostile wildcard patterns finish", "[robots]") {
  std::string pattern = "/";
  for (int i = 0; i < 2000; ++i) pattern += "a*";
  std::string body = "User-agent: *\nDisallow: " + pattern + "b\n";
  std::string path = "/" + std::string(4000, 'a');
  CHECK(allowed(body, "g", path));
  CHECK_FALSE(allowed(body, "g", path + "b"));
}

TEST_CASE("HTTP status decides when there is no body to parse", "[robots]") {
  const char* body = "User-agent: *\nDisallow: /a\n";
  CHECK_FALSE(robots_allowed(robots_from_status(200, body), "g", "/a"));
  CHECK(robots_allowed(robots_from_status(200, body), "g", "/b"));
  CHECK(robots_allowed(robots_from_status(204, ""), "g", "/b"));
  for (int status : {301, 400, 401, 403, 404, 410, 451}) {
    INFO(status);
    auto rules = robots_from_status(status, body);
    CHECK(rules.verdict == RobotsRules::Verdict::kAllowAll);
    CHECK(robots_allowed(rules, "g", "/a"));
    CHECK(rules.http_status == status);
  }
  for (int status : {0, 100, 429, 500, 502, 503, 504, 599}) {
    INFO(status);
    auto rules = robots_from_status(status, body);
    CHECK(rules.verdict == RobotsRules::Verdict::kDisallowAll);
    CHECK_FALSE(robots_allowed(rules, "g", "/b"));
    CHECK_FALSE(robots_allowed(rules, "g", "/robots.txt"));
    CHECK_FALSE(rules.note.empty());
  }
}

TEST_CASE("Typical Chinese government robots files", "[robots]") {
  const char* body =
      "User-agent: *\n"
      "Disallow: /cms/\n"
      "Disallow: /module/jslib/\n"
      "Disallow: /*.jsp?*webid=\n"
      "Allow: /module/web/jpage/dataproxy.jsp\n"
      "Sitemap: https://www.example.test/sitemap.xml\n";
  CHECK_FALSE(allowed(body, "govaudit", "/cms/login"));
  CHECK(allowed(body, "govaudit", "/art/2024/1/2/art_1_2.html"));
  CHECK_FALSE(allowed(body, "govaudit", "/module/search/index.jsp?webid=1&q=x"));
  CHECK(allowed(body, "govaudit",
                "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15&webid=1"));
}

TEST_CASE("A file full of wildcard rules against a long path", "[robots]") {
  std::string body = "User-agent: *\n";
  while (body.size() < govaudit::kRobotsMaxBytes - 100) body += "Disallow: /*a*a*a*a*a*a*a*a*b$\n";
  body += "Allow: /\n";
  auto rules = parse_robots(body);
  CHECK_FALSE(rules.truncated);
  std::string path = "/" + std::string(2000, 'a');
  CHECK(robots_allowed(rules, "g", path));
  CHECK_FALSE(robots_allowed(rules, "g", path + "b"));
}

TEST_CASE("Random bytes never crash the parser", "[robots]") {
  uint32_t state = 12345;
  auto next = [&] { return state = state * 1103515245u + 12345u; };
  const std::string alphabet =
      "User-agent:Disallow:Allow:*$/#%\r\n \t\xEF\xBB\xBF\xE6\x96\xB0"
      "az09";
  for (int round = 0; round < 300; ++round) {
    std::string body;
    size_t len = next() % 2000;
    for (size_t i = 0; i < len; ++i)
      body.push_back((next() >> 8) % 4 == 0 ? static_cast<char>(next() >> 16)
                                            : alphabet[(next() >> 8) % alphabet.size()]);
    auto rules = parse_robots(body);
    std::string path = "/" + body.substr(0, next() % 64);
    (void)robots_allowed(rules, "govaudit", path);
    (void)robots_crawl_delay(rules, "govaudit");
    for (const auto& g : rules.groups) CHECK_FALSE(g.user_agents.empty());
  }
}
