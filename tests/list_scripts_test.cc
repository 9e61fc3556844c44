#include "crawler/list_scripts.h"

#include <catch2/catch.hpp>
#include <string>

using namespace govaudit;

namespace {

// A Hanweb JCMS column page as portals serve it: the first page of the list in a datastore block,
// the jpage unit set up by script.
const std::string kHanwebColumn = R"(<html><head><meta charset="utf-8"><title>通知公告</title></head><body>
<div id="4183">
<script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=2&path=/&columnid=1234&unitid=5678&webname=%E6%B5%8B%E8%AF%95&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[
<li><a href="/art/2024/3/5/art_1234_100.html" title="关于印发工作方案的通知">关于印发工作方案的通知</a><span>2024-03-05</span></li>
]]></record>
<RECORD>  <![CDATA[<li><a href="/art/2024/3/1/art_1234_99.html">第二条</a><span>2024-03-01</span></li>]]>  </RECORD>
<record>&lt;li&gt;&lt;a href="/art/2024/2/28/art_1234_98.html"&gt;第三条&lt;/a&gt;&lt;/li&gt;</record>
<record><![CDATA[   ]]></record>
</recordset>
</datastore></script>
<script language="javascript" src="/module/web/jpage/jpage.js"></script>
<script>
$(document).ready(function(){
  $('#4183').jpage({
    dataStore: dataStore, perPage: 20, totalRecord: 1928, groupSize: 3,
    proxyUrl: '/module/web/jpage/dataproxy.jsp',
    ajaxParam: { col: 1, appid: 1, webid: 2, path: '/', columnid: 1234, sourceContentType: 1, unitid: '5678', permissiontype: 0 }
  });
});
</script>
</div></body></html>)";

// A TRS WCM column page.
const std::string kTrsColumn = R"(<html><body><ul>
<li><a href="./202403/t20240305_123.html">要闻一</a><span>2024-03-05</span></li>
</ul>
<div class="page"><script type="text/javascript">
  var currentPage = 0;//所在页从0开始
  var countPage = 12//共多少页
  createPageHTML(countPage, currentPage, "index", "html");
</script></div></body></html>)";

}  // namespace

TEST_CASE("datastore records are read from CDATA and escaped markup", "[list_scripts]") {
  auto r = datastore_records(kHanwebColumn);
  REQUIRE(r.size() == 4);
  CHECK(r[0].rfind("<a href=\"/module/web/jpage/dataproxy.jsp?page=1", 0) == 0);
  CHECK(r[1].rfind("<li><a href=\"/art/2024/3/5/art_1234_100.html\"", 0) == 0);
  CHECK(r[1].find("<span>2024-03-05</span></li>") != std::string::npos);
  CHECK(r[2] == "<li><a href=\"/art/2024/3/1/art_1234_99.html\">第二条</a><span>2024-03-01</span></li>");
  CHECK(r[3] == "<li><a href=\"/art/2024/2/28/art_1234_98.html\">第三条</a></li>");
  CHECK(datastore_records("<html><script>var x = '<record>no</record>';</script></html>").empty());
  CHECK(datastore_records("").empty());
}

TEST_CASE("TRS createPageHTML pagination expands in the page directory", "[list_scripts]") {
  auto urls = js_pagination_urls(kTrsColumn, "http://www.x.gov.cn.test/xwdt/index.html");
  REQUIRE(urls.size() == 11);
  CHECK(urls.front() == "http://www.x.gov.cn.test/xwdt/index_1.html");
  CHECK(urls.back() == "http://www.x.gov.cn.test/xwdt/index_11.html");

  urls = js_pagination_urls("<script>createPageHTML( 3 ,0, 'index' , 'shtml' );</script>",
                            "https://a.gov.cn.test/tzgg/?x=1#top");
  REQUIRE(urls.size() == 2);
  CHECK(urls[1] == "https://a.gov.cn.test/tzgg/index_2.shtml");

  // Newer templates: the pager element id first.
  urls = js_pagination_urls("<script>createPageHTML('page_div',4, 1,'index','html',60);</script>",
                            "http://a.gov.cn.test/zcwj/index_1.html");
  REQUIRE(urls.size() == 3);
  CHECK(urls[0] == "http://a.gov.cn.test/zcwj/index_1.html");

  // A call on a site root; a count of one page; an unknown variable.
  CHECK(js_pagination_urls("createPageHTML(2,0,\"index\",\"html\")", "http://a.test")[0] ==
        "http://a.test/index_1.html");
  CHECK(js_pagination_urls("createPageHTML(1,0,\"index\",\"html\")", "http://a.test/").empty());
  CHECK(js_pagination_urls("createPageHTML(n,0,\"index\",\"html\")", "http://a.test/").empty());
  // The value assigned last before the call counts, not one after it.
  urls = js_pagination_urls("var n = 9; n = 3; createPageHTML(n,0,'index','html'); n = 50;", "http://a.test/c/");
  CHECK(urls.size() == 2);
}

TEST_CASE("pagination counts are capped", "[list_scripts]") {
  auto urls = js_pagination_urls("createPageHTML(999999999, 0, 'index', 'html')", "http://a.test/l/");
  CHECK(urls.size() == static_cast<std::size_t>(kMaxScriptPages - 1));
  // Many calls for the same prefix expand once.
  std::string many;
  for (int i = 0; i < 200; ++i) many += "createPageHTML(500,0,'index','html');";
  CHECK(js_pagination_urls(many, "http://a.test/l/").size() == 499);
  // A prefix that would leave the directory is ignored.
  CHECK(js_pagination_urls("createPageHTML(5,0,'../../x','html')", "http://a.test/l/").empty());
}

TEST_CASE("a jpage unit is read from the script and paged through dataproxy", "[list_scripts]") {
  auto unit = jpage_unit(kHanwebColumn);
  REQUIRE(unit);
  CHECK(unit->columnid == "1234");
  CHECK(unit->unitid == "5678");
  CHECK(unit->webid == "2");
  CHECK(unit->path == "/");
  CHECK(unit->perpage == 20);
  CHECK(unit->totalrecord == 1928);
  CHECK(unit->totalpage == 97);
  auto urls = jpage_page_urls(*unit, "http://www.x.gov.cn.test/col/col1234/index.html", 20);
  REQUIRE(urls.size() == 19);
  CHECK(urls[0].rfind("http://www.x.gov.cn.test/module/web/jpage/dataproxy.jsp?columnid=1234&unitid=5678&webid=2"
                      "&path=/&page=2&perpage=20",
                      0) == 0);
  CHECK(urls[0].find("&permissiontype=0") != std::string::npos);
  CHECK(urls.back().find("&page=20&") != std::string::npos);
}

TEST_CASE("a jpage unit is read from object literals and var assignments", "[list_scripts]") {
  auto unit = jpage_unit(R"(<script>
    var columnid = "88"; var unitid='99';
    var totalpage = 4;
    new JPage({ webid: 3, path: "/col/", perpage: 15 });
  </script>)");
  REQUIRE(unit);
  CHECK(unit->columnid == "88");
  CHECK(unit->unitid == "99");
  CHECK(unit->webid == "3");
  CHECK(unit->path == "/col/");
  CHECK(unit->totalpage == 4);
  auto urls = jpage_page_urls(*unit, "https://a.gov.cn.test:8443/col/col88/index.html", 100);
  REQUIRE(urls.size() == 3);
  CHECK(urls[2] == "https://a.gov.cn.test:8443/module/web/jpage/dataproxy.jsp?columnid=88&unitid=99&webid=3"
                   "&path=/col/&page=4&perpage=15");
  // Unknown page count: only page 2, whose answer says how many there are.
  unit->totalpage = -1;
  CHECK(jpage_page_urls(*unit, "http://a.test/", 100).size() == 1);
  CHECK_FALSE(jpage_unit("<script>var columnid = 1;</script>"));
  CHECK_FALSE(jpage_unit(kTrsColumn));
}

TEST_CASE("a dataproxy answer gives counts and records", "[list_scripts]") {
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=3"></a>]]></nextgroup>
<totalrecord>1928</totalrecord>
<totalpage>20</totalpage>
<recordset>
<record><![CDATA[<li><a href="/art/2023/1/2/art_1_1.html">旧闻</a><span>2023-01-02</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2023/1/1/art_1_0.html">更旧</a><span>2023-01-01</span></li>]]></record>
</recordset></datastore>)";
  auto x = parse_jpage_xml(xml);
  CHECK(x.totalrecord == 1928);
  CHECK(x.totalpage == 20);
  REQUIRE(x.records.size() == 2);
  CHECK(x.records[0].find("art_1_1.html") != std::string::npos);
  auto bad = parse_jpage_xml("非法请求 404！");
  CHECK(bad.totalpage == -1);
  CHECK(bad.records.empty());
}

TEST_CASE("hostile script text is bounded", "[list_scripts]") {
  std::string big = "<script type=\"text/xml\"><datastore><recordset>";
  for (int i = 0; i < 20000; ++i) big += "<record><![CDATA[<li>x</li>]]></record>";
  big += "</recordset></datastore></script>";
  CHECK(datastore_records(big).size() == kMaxDatastoreRecords);
  std::string junk(200000, '(');
  junk += "createPageHTML(";
  junk += std::string(100000, ',');
  CHECK(js_pagination_urls(junk, "http://a.test/").empty());
  const char kNul[] = "<script>\0columnid=1\0unitid=2</script>";
  std::string nul(kNul, sizeof kNul - 1);
  auto unit = jpage_unit(nul);
  REQUIRE(unit);
  CHECK(unit->unitid == "2");
}
