#include "crawler/page_reader.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "crawler/charset.h"
#include "tests/support/run_command.h"

using namespace govaudit;

namespace {

const PageLink* find_link(const PageRead& p, const std::string& url) {
  for (const auto& l : p.links)
    if (l.url == url) return &l;
  return nullptr;
}

int count_source(const PageRead& p, LinkSource s) {
  int n = 0;
  for (const auto& l : p.links) n += l.source == s;
  return n;
}

const std::string kTrsPage = R"HTML(<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width">
<meta name="ColumnName" content="工作动态">
<meta name="PubDate" content="2024-03-05 10:00">
<title> 工作动态 - 某某市人民政府 </title>
<link rel="alternate" type="application/rss+xml" href="/rss.xml" title="RSS">
<link rel="stylesheet" href="/css/main.css">
</head><body>
<div class="header"><a href="/"><img src="/logo.png" alt="某某市人民政府"></a>
  <form action="/search/search.jsp" method="POST" name="s"><input type="text" name="searchword"><input type="submit"></form>
</div>
<div class="nav"><ul><li><a href="../">首页</a></li><li><a href="../tzgg/">通知公告</a></li></ul></div>
<div class="position">当前位置：<a href="../">首页</a> &gt; 工作动态</div>
<div class="top_bar">欢迎访问</div>
<div class="headline">头条新闻标题</div>
<ul class="list">
  <li><a href="./202403/t20240305_1.html" title="关于开展春季安全检查的通知全文">关于开展春季安全检查的...</a><span>2024-03-05</span></li>
  <li><span>[通知]</span><a href="./202403/t20240301_2.html">市政府召开常务会议</a> <em>2024年3月1日</em></li>
  <li><a href="http://other.gov.cn.test/x.html" rel="nofollow">外部链接</a></li>
  <li><a href="javascript:void(0)">脚本</a><a href="mailto:ban@x.gov.cn.test?subject=hi">写信</a><a href="tel:010-12345678">电话</a></li>
</ul>
<table><tr><td><a href="/xwdt/202402/t20240228_3.html">表格里的新闻</a></td><td>[02-28]</td></tr></table>
<select onchange="window.open(this.value)"><option value="">友情链接</option><option value="http://www.gov.cn.test/">中国政府网</option><option value="2">二</option></select>
<img src="/a.png"><img src="/b.png" alt="">
<map><area href="/map/a.html" alt="地图"></map>
<iframe src="//video.x.gov.cn.test/player.html"></iframe>
<div class="page"><script>createPageHTML(3, 0, "index", "html");</script></div>
<div id="footer"><p>版权所有：某某市人民政府办公室 2024年1月1日 <a href="/sitemap.html">网站地图</a></p></div>
<div class="bq">Copyright 2023</div>
</body></html>)HTML";

}  // namespace

TEST_CASE("references resolve as RFC 3986 says", "[page_reader]") {
  const std::string base = "http://www.x.gov.cn.test/xwdt/index.html";
  CHECK(resolve_reference(base, "./202403/t20240305_1.html") == "http://www.x.gov.cn.test/xwdt/202403/t20240305_1.html");
  CHECK(resolve_reference(base, "../tzgg/") == "http://www.x.gov.cn.test/tzgg/");
  CHECK(resolve_reference(base, "../../../a") == "http://www.x.gov.cn.test/a");
  CHECK(resolve_reference(base, "/a/./b/../c?x=1#f") == "http://www.x.gov.cn.test/a/c?x=1#f");
  CHECK(resolve_reference(base, "?page=2") == "http://www.x.gov.cn.test/xwdt/index.html?page=2");
  CHECK(resolve_reference(base, "#top") == "http://www.x.gov.cn.test/xwdt/index.html#top");
  CHECK(resolve_reference(base, "") == "http://www.x.gov.cn.test/xwdt/index.html");
  CHECK(resolve_reference(base, "//cdn.x.test") == "http://cdn.x.test/");
  CHECK(resolve_reference(base, "HTTPS://Y.test/q") == "https://y.test/q");
  CHECK(resolve_reference(base, "  \\a\\b.html\n ") == "http://www.x.gov.cn.test/a/b.html");
  CHECK(resolve_reference(base, "http:c.html") == "http://www.x.gov.cn.test/xwdt/c.html");
  CHECK(resolve_reference("http://a.test", "b") == "http://a.test/b");
  CHECK(resolve_reference("http://a.test/b/c/d;p?q", "../..") == "http://a.test/");
  CHECK(resolve_reference("http://a.test/b/c/d;p?q", "g/") == "http://a.test/b/c/g/");
}

TEST_CASE("a TRS list page is read whole", "[page_reader]") {
  PageRead p = read_page(kTrsPage, "http://www.x.gov.cn.test/xwdt/index.html");
  CHECK(p.title == "工作动态 - 某某市人民政府");
  CHECK(p.lang == "zh-cn");
  CHECK(p.metas.at("columnname") == "工作动态");
  CHECK(p.metas.at("pubdate") == "2024-03-05 10:00");
  CHECK(p.has_viewport);
  CHECK(p.images == 3);
  CHECK(p.images_without_alt == 1);

  const PageLink* art = find_link(p, "http://www.x.gov.cn.test/xwdt/202403/t20240305_1.html");
  REQUIRE(art);
  CHECK(art->source == LinkSource::a);
  CHECK(art->text == "关于开展春季安全检查的...");
  const PageLink* ext = find_link(p, "http://other.gov.cn.test/x.html");
  REQUIRE(ext);
  CHECK(ext->nofollow);
  const PageLink* logo = find_link(p, "http://www.x.gov.cn.test/");
  REQUIRE(logo);
  CHECK(logo->text == "某某市人民政府");
  REQUIRE(find_link(p, "http://www.x.gov.cn.test/rss.xml"));
  CHECK(find_link(p, "http://www.x.gov.cn.test/rss.xml")->source == LinkSource::link_alternate);
  CHECK_FALSE(find_link(p, "http://www.x.gov.cn.test/css/main.css"));
  CHECK(find_link(p, "http://www.x.gov.cn.test/map/a.html")->source == LinkSource::area);
  CHECK(find_link(p, "http://video.x.gov.cn.test/player.html")->source == LinkSource::iframe);
  CHECK(find_link(p, "http://www.x.gov.cn.test/search/search.jsp")->source == LinkSource::form_action);
  CHECK(count_source(p, LinkSource::script_pagination) == 2);
  REQUIRE(count_source(p, LinkSource::select_option) == 1);
  CHECK(find_link(p, "http://www.gov.cn.test/")->text == "中国政府网");
  CHECK(find_link(p, "http://www.x.gov.cn.test/xwdt/index_2.html"));
  for (const auto& l : p.links) CHECK(l.url.rfind("javascript", 0) == std::string::npos);

  REQUIRE(p.contacts.size() == 2);
  CHECK(p.contacts[0].scheme == "mailto");
  CHECK(p.contacts[0].value == "ban@x.gov.cn.test");
  CHECK(p.contacts[1].value == "010-12345678");

  REQUIRE(p.forms.size() == 1);
  CHECK(p.forms[0].method == "post");
  CHECK(p.forms[0].is_search);

  REQUIRE(p.list_items.size() == 3);
  CHECK(p.list_items[0].title == "关于开展春季安全检查的通知全文");
  CHECK(p.list_items[0].raw_date_text == "2024-03-05");
  CHECK(p.list_items[1].url == "http://www.x.gov.cn.test/xwdt/202403/t20240301_2.html");
  CHECK(p.list_items[1].raw_date_text == "2024年3月1日");
  CHECK(p.list_items[2].raw_date_text == "[02-28]");
  CHECK(p.list_items[2].title == "表格里的新闻");
}

TEST_CASE("text blocks carry the region they sit in", "[page_reader]") {
  PageRead p = read_page(kTrsPage, "http://www.x.gov.cn.test/xwdt/index.html");
  auto region_of = [&](const std::string& needle) -> std::string {
    for (const auto& b : p.blocks)
      if (b.text.find(needle) != std::string::npos) return text_region_name(b.region);
    return "missing";
  };
  CHECK(region_of("版权所有") == "footer");
  CHECK(region_of("网站地图") == "footer");
  CHECK(region_of("Copyright 2023") == "footer");
  CHECK(region_of("通知公告") == "nav");
  CHECK(region_of("当前位置") == "breadcrumb");
  CHECK(region_of("欢迎访问") == "header");
  CHECK(region_of("头条新闻标题") == "body");
  CHECK(region_of("2024-03-05") == "list_item");
  CHECK(region_of("createPageHTML") == "missing");  // script text is not visible
  CHECK(region_of("工作动态 - 某某") == "missing");     // the title is not a block
}

TEST_CASE("base href changes how links resolve", "[page_reader]") {
  PageRead p = read_page(
      "<html><head><base href=\"/site/\"><meta http-equiv=\"refresh\" content=\"0; URL='moved.html'\"></head>"
      "<body><a href=\"a.html\">a</a><frameset><frame src=\"f.html\"></frameset></body></html>",
      "http://x.test/deep/path/page.html");
  CHECK(p.base_url == "http://x.test/site/");
  CHECK(find_link(p, "http://x.test/site/a.html"));
  REQUIRE(find_link(p, "http://x.test/site/moved.html"));
  CHECK(find_link(p, "http://x.test/site/moved.html")->source == LinkSource::meta_refresh);
}

TEST_CASE("a Hanweb column yields datastore links and jpage pages", "[page_reader]") {
  const std::string page = R"(<html><head><title>通知公告</title></head><body>
<div id="4183"><script type="text/xml"><datastore><recordset>
<record><![CDATA[<li><a href="/art/2024/3/5/art_1234_100.html" title="通知一">通知一</a><span>2024-03-05</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/3/1/art_1234_99.html">通知二</a><span>2024-03-01</span></li>]]></record>
</recordset></datastore></script>
<script>$('#4183').jpage({ perPage: 15, totalRecord: 40, proxyUrl:'/module/web/jpage/dataproxy.jsp',
 ajaxParam: {webid: 7, path: '/', columnid: 1234, unitid: 4183}});</script></div>
<div class="footer">电话：0000-1234567 2019-2024</div></body></html>)";
  PageRead p = read_page(page, "http://www.y.gov.cn.test/col/col1234/index.html");
  const PageLink* a = find_link(p, "http://www.y.gov.cn.test/art/2024/3/5/art_1234_100.html");
  REQUIRE(a);
  CHECK(a->source == LinkSource::script_datastore);
  CHECK(a->text == "通知一");
  REQUIRE(p.list_items.size() == 2);
  CHECK(p.list_items[1].from_datastore);
  CHECK(p.list_items[1].raw_date_text == "2024-03-01");
  REQUIRE(p.jpage);
  CHECK(p.jpage->totalpage == 3);
  CHECK(count_source(p, LinkSource::jpage) == 2);
  CHECK(find_link(p, "http://www.y.gov.cn.test/module/web/jpage/dataproxy.jsp?columnid=1234&unitid=4183&webid=7"
                     "&path=/&page=3&perpage=15"));
}

TEST_CASE("hostile pages are read within bounds", "[page_reader]") {
  SECTION("fifty thousand nested divs") {
    std::string html = "<html><body>";
    for (int i = 0; i < 50000; ++i) html += "<div>";
    html += "<a href=\"/deep.html\">deep</a>";
    for (int i = 0; i < 50000; ++i) html += "</div>";
    html += "<a href=\"/after.html\">after</a></body></html>";
    PageRead p = read_page(html, "http://x.test/");
    CHECK(p.truncated);
    CHECK(find_link(p, "http://x.test/deep.html"));
    CHECK(find_link(p, "http://x.test/after.html"));
  }
  SECTION("unclosed tags and NUL bytes") {
    std::string html = "<html><body><table><tr><td><a href=\"/a";
    html.push_back('\0');
    html += "b.html\">x";
    html.push_back('\0');
    html += "y</a>";
    for (int i = 0; i < 20000; ++i) html += "<b><i><font><span>text<a href=/p" + std::to_string(i) + ".html>";
    PageRead p = read_page(html, "http://x.test/");
    CHECK(p.links.size() > 1000);
    CHECK(p.links.size() <= 20001);
    CHECK(p.links[0].url.rfind("http://x.test/a", 0) == 0);
  }
  SECTION("link cap") {
    std::string html;
    for (int i = 0; i < 30000; ++i) html += "<a href=/l" + std::to_string(i) + ">l</a>";
    PageReadLimits limits;
    limits.max_links = 20000;
    PageRead p = read_page(html, "http://x.test/", limits);
    CHECK(p.links.size() == 20000);
    CHECK(p.links_truncated);
  }
  SECTION("empty and garbage input") {
    CHECK(read_page("", "http://x.test/").links.empty());
    std::string garbage;
    for (int i = 0; i < 100000; ++i) garbage.push_back(static_cast<char>((i * 7919) % 256));
    CHECK_NOTHROW(read_page(garbage, "http://x.test/"));
  }
}

TEST_CASE("the real pages of the dates-dev set read without trouble", "[page_reader][data]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(testing::shared_dir()) / "data/dates-dev/pages";
  REQUIRE(fs::is_directory(dir));
  int pages = 0, titled = 0, linked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".html") continue;
    std::string body = testing::read_file(entry.path().string());
    CharsetDecision d = detect_charset("", body);
    std::string html, err;
    transcode_to_utf8(body, d.charset, &html, &err);
    PageRead p = read_page(html, "https://news.example.test/section/article.html");
    INFO(entry.path().filename().string());
    ++pages;
    titled += !p.title.empty();
    linked += p.links.size() > 10;
    CHECK_FALSE(p.truncated);
    // Every link came out absolute: http(s), or a scheme the page wrote itself (ftp:, whatsapp:).
    for (const auto& l : p.links) CHECK(l.url.find(':') != std::string::npos);
  }
  CHECK(pages == 200);
  CHECK(titled >= 195);
  CHECK(linked >= 190);
}

TEST_CASE("mutated pages never crash the reader", "[page_reader][fuzz]") {
  // Deterministic mutations (byte flips, cuts, duplicated spans) of a realistic page: the reader
  // must return within bounds whatever the bytes.
  std::uint32_t state = 12345;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  const char* env = std::getenv("GOVAUDIT_FUZZ_ROUNDS");
  int rounds = env ? std::atoi(env) : 300;
  for (int round = 0; round < rounds; ++round) {
    std::string html = kTrsPage;
    int edits = 1 + static_cast<int>(next() % 20);
    for (int e = 0; e < edits && !html.empty(); ++e) {
      std::size_t pos = next() % html.size();
      switch (next() % 4) {
        case 0: html[pos] = static_cast<char>(next() & 0xFF); break;
        case 1: html.erase(pos, next() % 64); break;
        case 2: html.insert(pos, html.substr(next() % html.size(), next() % 200)); break;
        default: html.insert(pos, "<script type=\"text/xml\"><record><![CDATA[<li><a href=x>"); break;
      }
    }
    PageRead p = read_page(html, "http://x.test/a/b.html");
    CHECK(p.links.size() <= 20000);
  }
}

TEST_CASE("entry rows keep the whole text of table rows and list entries with their link", "[page_reader]") {
  PageRead p = read_page(R"(<table><tr><th>标题</th><th>留言时间</th><th>回复时间</th></tr>
<tr><td>关于小区供暖问题的咨询</td><td>2026-06-19</td><td>未回复</td></tr>
<tr><td><a href="/hd/2.html">关于公交线路调整的建议</a></td><td>2026-11-02</td><td>2026-11-06</td></tr></table>
<ul><li><span>[03-05]</span><a href="/a/1.html">短</a><a href="/a/2.html">县政府召开常务会议</a></li></ul>)",
                         "http://www.g.gov.cn.test/hd/index.html");
  REQUIRE(p.rows.size() == 4);
  CHECK(p.rows[0].text == "标题 留言时间 回复时间");
  CHECK(p.rows[1].text == "关于小区供暖问题的咨询 2026-06-19 未回复");
  CHECK(p.rows[1].url.empty());
  CHECK(p.rows[2].text == "关于公交线路调整的建议 2026-11-02 2026-11-06");
  CHECK(p.rows[2].url == "http://www.g.gov.cn.test/hd/2.html");
  CHECK(p.rows[3].url == "http://www.g.gov.cn.test/a/2.html");  // the longest anchor is the entry's link
  // The unlinked row is no list item: list items stay linked entries with a date.
  CHECK(p.list_items.size() == 2);
}

TEST_CASE("links know the region they sit in and itemprop metas are kept", "[page_reader]") {
  PageRead p = read_page(R"(<head><meta itemprop="datePublished" content="2020-11-01T07:20:16-03:00"></head>
<body><div class="nav"><a href="/tzgg/">通知公告</a></div><div class="content"><a href="/a/1.html">正文链接</a></div>
<div class="footer"><a href="/lxwm/">联系我们</a></div></body>)",
                         "http://www.g.gov.cn.test/");
  REQUIRE(find_link(p, "http://www.g.gov.cn.test/tzgg/"));
  CHECK(find_link(p, "http://www.g.gov.cn.test/tzgg/")->region == TextRegion::nav);
  CHECK(find_link(p, "http://www.g.gov.cn.test/a/1.html")->region == TextRegion::body);
  CHECK(find_link(p, "http://www.g.gov.cn.test/lxwm/")->region == TextRegion::footer);
  REQUIRE(p.metas.count("datepublished"));
  CHECK(p.metas.at("datepublished") == "2020-11-01T07:20:16-03:00");
}
