// `govaudit inspect` on saved pages, as a user would run it: a GBK page (made with iconv from UTF-8)
// with relative links resolved against --base-url, a TRS list with [03-05] dates, a Hanweb datastore
// list, an article with 发布时间 and a PubDate meta; the JSON shape of cli.md; and real pages of the
// dates-dev set against their gold publication dates.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/run_command.h"

using namespace govaudit::testing;
using nlohmann::json;

namespace {

json inspect(const std::vector<std::string>& args) {
  std::vector<std::string> full{"inspect"};
  full.insert(full.end(), args.begin(), args.end());
  auto r = run_govaudit(full);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

// The keys cli.md promises for `inspect --format json`.
void check_shape(const json& j) {
  for (const char* k : {"url", "charset", "title", "kind", "column", "published", "newest_item", "dates", "links", "features"})
    CHECK(j.contains(k));
  CHECK(j["column"].contains("name"));
  CHECK(j["column"].contains("type"));
  CHECK(j["links"].is_number_integer());
  CHECK(j["features"].is_object());
  for (const auto& d : j["dates"]) {
    CHECK(d["date"].get<std::string>().size() == 10);
    CHECK(d.contains("source"));
    CHECK(d.contains("context"));
  }
}

bool has_item(const json& j, const std::string& url, const std::string& date) {
  for (const auto& d : j["item_dates"])
    if (d["url"] == url && d["date"] == date) return true;
  return false;
}

const char* kGbkList = R"(<!DOCTYPE html>
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>通知公告_临泽县人民政府</title><meta name="ColumnName" content="通知公告"></head>
<body><div class="nav"><a href="/">首页</a> <a href="../zwgk/">政务公开</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="../">政务公开</a> &gt; 通知公告</div>
<ul class="list">
<li><a href="./202403/t20240305_1187.html" title="关于开展春季造林绿化工作的通知">关于开展春季造林绿化工作的通知</a><span>2024-03-05</span></li>
<li><a href="./202402/t20240218_1150.html">临泽县2024年度政府信息公开工作要点</a><span>2024-02-18</span></li>
<li><a href="./202401/t20240109_1102.html">关于春节期间烟花爆竹燃放管理的通告</a><span>2024-01-09</span></li>
</ul>
<script>createPageHTML(3, 0, "index", "html");</script>
<div class="footer">版权所有：临泽县人民政府 2008-2024 网站标识码：6207230001 陇ICP备05001234号</div>
</body></html>
)";

// Pages of the dates-dev sample (every 8th in key order: 24 with a gold date) that inspect dated
// right when this test was written: 23; the miss has no date inspect can read. Over all 195 dated
// pages of the set inspect gets 157 right (81 %) and leaves 31 undated (mostly dates written in
// non-Chinese text forms the date reader does not read). Below this is a regression.
constexpr int kDatesDevFloor = 23;

}  // namespace

TEST_CASE("inspect reads a saved GBK list page with relative links against the base URL", "[inspect][cli]") {
  ScratchDir dir;
  write_file(dir.file("utf8.html"), kGbkList);
  auto conv = run_program({"iconv", "-f", "UTF-8", "-t", "GBK", "-o", dir.file("gbk.html"), dir.file("utf8.html")});
  REQUIRE(conv.exit_code == 0);
  REQUIRE(read_file(dir.file("gbk.html")) != kGbkList);  // really re-encoded
  json j = inspect({dir.file("gbk.html"), "--base-url", "http://www.linze.gov.cn.test/zwgk/tzgg/index.html",
                    "--as-of", "2024-03-20"});
  check_shape(j);
  CHECK(j["charset"].get<std::string>().find("gb") != std::string::npos);
  CHECK(j["title"] == "通知公告_临泽县人民政府");
  CHECK(j["kind"] == "list");
  CHECK(j["column"]["name"] == "通知公告");
  CHECK(j["column"]["type"] == "notice_policy");
  CHECK(j["newest_item"] == "2024-03-05");
  CHECK(j["published"].is_null());
  CHECK(has_item(j, "http://www.linze.gov.cn.test/zwgk/tzgg/202403/t20240305_1187.html", "2024-03-05"));
  CHECK(has_item(j, "http://www.linze.gov.cn.test/zwgk/tzgg/202401/t20240109_1102.html", "2024-01-09"));
  CHECK(j["features"].contains("site_id_code"));
  CHECK(j["features"].contains("icp"));
  // The footer's copyright years are no dates of the page.
  for (const auto& d : j["dates"]) CHECK(d["date"].get<std::string>().substr(0, 4) != "2008");
}

TEST_CASE("inspect reads TRS month-day list dates with the year from the article URL", "[inspect][cli]") {
  ScratchDir dir;
  write_file(dir.file("trs.html"), R"(<html><head><meta charset="utf-8"><title>工作动态</title></head><body>
<div class="list"><ul>
<li><span>[03-05]</span><a href="./202403/t20240305_501.html" target="_blank">全县春耕生产现场推进会召开</a></li>
<li><span>[12-28]</span><a href="./202312/t20231228_488.html" target="_blank">县政府召开第十二次常务会议</a></li>
<li><span>[12-20]</span><a href="./202312/t20231220_470.html" target="_blank">县领导督导检查安全生产工作</a></li>
</ul>
<script>createPageHTML(5, 0, "index", "html");</script></div></body></html>)");
  json j = inspect({dir.file("trs.html"), "--base-url", "http://www.example.gov.cn.test/xwdt/gzdt/", "--as-of", "2024-03-10"});
  check_shape(j);
  CHECK(j["kind"] == "list");
  CHECK(j["column"]["type"] == "news");
  CHECK(j["newest_item"] == "2024-03-05");
  // [12-28] is last year's: the URL says 2023 and the as-of date agrees.
  CHECK(has_item(j, "http://www.example.gov.cn.test/xwdt/gzdt/202312/t20231228_488.html", "2023-12-28"));
}

TEST_CASE("inspect reads the items of a Hanweb datastore list", "[inspect][cli]") {
  ScratchDir dir;
  write_file(dir.file("hanweb.html"), R"(<html><head><meta charset="utf-8"><title>政策文件 - 某某市人民政府</title>
<meta name="ColumnName" content="政策文件"><meta name="ColumnType" content="政策文件"></head><body>
<div id="1234"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=1229&unitid=5678&webname=x&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2024/3/12/art_1229_90211.html" title="市人民政府关于印发2024年重点工作任务的通知" target="_blank">市人民政府关于印发2024年重点工作任务的通知</a><span class="bt-data-time">2024-03-12</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/2/27/art_1229_90102.html" title="市人民政府办公室关于做好春季安全生产工作的通知" target="_blank">市人民政府办公室关于做好春季安全生产工作的通知</a><span class="bt-data-time">2024-02-27</span></li>]]></record>
</recordset></datastore></script>
<script>var jpageConfig = {dataproxy:'/module/web/jpage/dataproxy.jsp',columnid:'1229',unitid:'5678',webid:'1',path:'/',totalRecord:40,perpage:15};</script></div>
</body></html>)");
  json j = inspect({dir.file("hanweb.html"), "--base-url", "http://www.hw.gov.cn.test/col/col1229/index.html",
                    "--as-of", "2024-03-20"});
  check_shape(j);
  CHECK(j["kind"] == "list");
  CHECK(j["column"]["name"] == "政策文件");
  CHECK(j["column"]["type"] == "notice_policy");
  CHECK(j["newest_item"] == "2024-03-12");
  CHECK(j["items"] == 2);
  CHECK(has_item(j, "http://www.hw.gov.cn.test/art/2024/2/27/art_1229_90102.html", "2024-02-27"));
}

TEST_CASE("inspect reads an article date from the publish line and the PubDate meta", "[inspect][cli]") {
  ScratchDir dir;
  write_file(dir.file("art.html"), R"(<html><head><meta charset="utf-8">
<meta name="PubDate" content="2024-03-05 09:30"><meta name="ColumnName" content="要闻动态">
<title>全市优化营商环境大会召开_要闻动态</title></head><body>
<div class="crumb">首页 &gt; 新闻中心 &gt; 要闻动态</div>
<h1>全市优化营商环境大会召开</h1>
<div class="info">发布时间：2024-03-05 09:30 来源：市政府办公室 浏览次数：123</div>
<div class="content"><p>3月4日上午，全市优化营商环境大会召开。会议总结了2023年工作，部署了2024年重点任务，强调要以更大力度推进改革。</p>
<p>会议要求，各地各部门要对照2023年12月印发的实施方案，逐项抓好落实。</p></div>
<div class="footer">Copyright 2024 某某市人民政府 主办单位：某某市人民政府办公室</div></body></html>)");
  json j = inspect({dir.file("art.html"), "--base-url", "http://www.city.gov.cn.test/xwzx/ywdt/202403/t20240305_77.html",
                    "--as-of", "2024-03-20"});
  check_shape(j);
  CHECK(j["kind"] == "article");
  CHECK(j["published"] == "2024-03-05");
  CHECK(j["column"]["name"] == "要闻动态");
  CHECK(j["column"]["type"] == "news");
  bool meta = false, line = false;
  for (const auto& d : j["dates"]) {
    meta = meta || (d["source"] == "pubdate_meta" && d["date"] == "2024-03-05");
    line = line || (d["source"] == "publish_line" && d["date"] == "2024-03-05");
  }
  CHECK(meta);
  CHECK(line);
  CHECK(j["features"].contains("guideline_meta"));
}

TEST_CASE("inspect finds the publication date of real news pages as the gold set says", "[inspect][cli][real]") {
  const std::string root = shared_dir() + "/data/dates-dev";
  // The file is Python's json.dump output: undated entries hold a bare NaN, which JSON lacks.
  std::string text = read_file(root + "/eval_mediacloud_2020.json");
  for (size_t at; (at = text.find(": NaN")) != std::string::npos;) text.replace(at, 5, ": null");
  json gold = json::parse(text, nullptr, false);
  INFO("the dates-dev set under " << root);
  REQUIRE_FALSE(gold.is_discarded());
  // A fixed sample: every 8th page of the set (25 pages, 24 with a gold date), each inspected with
  // its own URL as base.
  int total = 0, right = 0, index = 0;
  std::vector<std::string> wrong;
  for (const auto& [url, entry] : gold.items()) {
    if (index++ % 8 != 0 || !entry["date"].is_string()) continue;
    json j = inspect({root + "/pages/" + entry["file"].get<std::string>(), "--base-url", url, "--as-of", "2020-12-31"});
    check_shape(j);
    ++total;
    const std::string got = j["published"].is_string() ? j["published"].get<std::string>() : "none";
    if (got == entry["date"]) ++right;
    else wrong.push_back(entry["file"].get<std::string>() + " gold " + entry["date"].get<std::string>() + " got " + got);
  }
  std::string list;
  for (const auto& w : wrong) list += "\n  " + w;
  WARN("inspect published on dates-dev sample: " << right << "/" << total << list);
  REQUIRE(total == 24);
  CHECK(right >= kDatesDevFloor);
}
