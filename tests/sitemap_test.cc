#include "crawler/sitemap.h"

#include <catch2/catch.hpp>
#include <string>

using namespace govaudit;

TEST_CASE("a urlset gives locations and lastmod dates", "[sitemap]") {
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- generated -->
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>
      http://www.x.gov.cn.test/xwdt/202403/t20240305_1.html
    </loc>
    <lastmod>2024-03-05T10:20:30+08:00</lastmod>
    <image:image><image:loc>http://www.x.gov.cn.test/img/1.jpg</image:loc></image:image>
  </url>
  <url><loc><![CDATA[http://www.x.gov.cn.test/search?a=1&b=2]]></loc><lastmod>2024-02</lastmod></url>
  <url><loc>http://www.x.gov.cn.test/q?a=1&amp;b=&#x4E2D;</loc><LASTMOD>2023-02-29</LASTMOD></url>
  <url><lastmod>2024-01-01</lastmod></url>
  <url><loc>http://www.x.gov.cn.test/unclosed.html</loc>
  <url><loc>http://www.x.gov.cn.test/last.html</loc><lastmod>2024-02-29 08:00:00</lastmod></url>
</urlset>)";
  SitemapRead r = read_sitemap(xml);
  CHECK(r.kind == SitemapKind::urlset);
  REQUIRE(r.entries.size() == 5);
  CHECK(r.skipped == 1);
  CHECK(r.entries[0].loc == "http://www.x.gov.cn.test/xwdt/202403/t20240305_1.html");
  CHECK(r.entries[0].lastmod == "2024-03-05T10:20:30+08:00");
  CHECK(r.entries[0].lastmod_date == "2024-03-05");
  CHECK(r.entries[1].loc == "http://www.x.gov.cn.test/search?a=1&b=2");
  CHECK(r.entries[1].lastmod == "2024-02");
  CHECK(r.entries[1].lastmod_date == "");
  CHECK(r.entries[2].loc == "http://www.x.gov.cn.test/q?a=1&b=中");
  CHECK(r.entries[2].lastmod_date == "");  // 2023 is no leap year
  CHECK(r.entries[3].loc == "http://www.x.gov.cn.test/unclosed.html");
  CHECK(r.entries[4].lastmod_date == "2024-02-29");
}

TEST_CASE("a prefixed sitemap index lists child sitemaps", "[sitemap]") {
  const std::string xml =
      "\xEF\xBB\xBF<sm:sitemapindex xmlns:sm=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<sm:sitemap><sm:loc>https://a.gov.cn.test/sitemap-1.xml</sm:loc><sm:lastmod>2024-03-01</sm:lastmod></sm:sitemap>"
      "<sm:sitemap><sm:loc>https://a.gov.cn.test/sitemap-2.xml.gz</sm:loc></sm:sitemap>"
      "</sm:sitemapindex>";
  SitemapRead r = read_sitemap(xml);
  CHECK(r.kind == SitemapKind::sitemapindex);
  REQUIRE(r.entries.size() == 2);
  CHECK(r.entries[0].lastmod_date == "2024-03-01");
  CHECK(r.entries[1].loc == "https://a.gov.cn.test/sitemap-2.xml.gz");
}

TEST_CASE("plain text sitemaps and non sitemaps", "[sitemap]") {
  SitemapRead r = read_sitemap("http://a.test/1.html\r\n\r\nnot a url\nhttps://a.test/2.html\n");
  CHECK(r.kind == SitemapKind::text);
  REQUIRE(r.entries.size() == 2);
  CHECK(r.entries[0].loc == "http://a.test/1.html");
  CHECK(r.skipped == 1);
  CHECK(read_sitemap("<html><body>页面不存在</body></html>").kind == SitemapKind::unknown);
  CHECK(read_sitemap("").entries.empty());
  CHECK(read_sitemap("<urlset><url><loc>http://a.test/x").entries.size() == 1);
}

TEST_CASE("a sitemap is bounded to the protocol limit", "[sitemap]") {
  std::string xml = "<urlset>";
  for (int i = 0; i < 50010; ++i) xml += "<url><loc>http://a.test/" + std::to_string(i) + "</loc></url>";
  xml += "</urlset>";
  SitemapRead r = read_sitemap(xml);
  CHECK(r.entries.size() == kMaxSitemapEntries);
  CHECK(r.truncated);
}

TEST_CASE("W3C datetimes give dates", "[sitemap]") {
  CHECK(w3c_date("2024-03-05") == "2024-03-05");
  CHECK(w3c_date(" 2024-03-05T01:02Z ") == "2024-03-05");
  CHECK(w3c_date("2024-13-05") == "");
  CHECK(w3c_date("2024-04-31") == "");
  CHECK(w3c_date("2024") == "");
  CHECK(w3c_date("2024/03/05") == "");
  CHECK(w3c_date("2024-03-05X") == "");
}
