// Site aggregation over a handful of real-looking stored pages: month-day list dates resolved by the
// articles' own years (column freshness and forged-date checks), first-level columns from the home
// page's links, message boards into messages and channels, guide lists not counted as guides.
#include <catch2/catch.hpp>
#include <string>

#include "audit_rules/page_input.h"
#include "audit_rules/site_aggregate.h"

using namespace govaudit;

namespace {

const std::string kSite = "http://www.e.gov.cn.test/";

CivilDate day(int y, int m, int d) { return *make_civil_date(y, m, d); }

AuditedFetch page(const std::string& path, const std::string& html, int depth, CivilDate as_of) {
  AuditedFetch f;
  f.url = kSite + path;
  f.kind = "page";
  f.status = 200;
  f.depth = depth;
  f.fetched_at = as_of.to_string() + "T08:00:00Z";
  f.facts = extract_page_facts(read_page_input(html, "text/html; charset=utf-8", f.url, ""), as_of);
  return f;
}

std::string doc(const std::string& title, const std::string& body) {
  return "<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>" + body + "</body></html>";
}

std::string article(const std::string& title, const std::string& date) {
  return doc(title, "<h1>" + title + "</h1><div class=\"info\">发布时间：" + date +
                        "</div><div class=\"content\"><p>" + title + "。会议强调，要认真贯彻落实上级部署要求，"
                        "扎实做好各项工作，确保取得实效。</p></div>");
}

// A site's records as of `as_of`, starting with its home page.
AggregateInput site_with_home(const std::string& home_body, CivilDate as_of) {
  AggregateInput in;
  in.site_id = "e";
  in.portal_url = kSite;
  in.as_of = as_of;
  in.fetches.push_back(page("", doc("某某县人民政府", home_body), 0, as_of));
  return in;
}

const ColumnFacts* column(const SiteFacts& s, const std::string& path) {
  for (const auto& c : s.columns)
    if (c.url == kSite + path) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("month-day list dates take the year of their articles", "[site_aggregate]") {
  const CivilDate as_of = day(2026, 11, 20);
  AggregateInput in = site_with_home(R"(<div class="nav"><a href="/notices/index.html">通知公告</a>
<a href="/news/index.html">工作动态</a></div><ul><li><a href="/news/1.html">县政府召开常务会议</a><span>2026-11-19</span></li></ul>)",
                                     as_of);
  // Notices shown as [MM-DD]: the newest two are really from last year (their articles say so).
  in.fetches.push_back(page("notices/index.html", doc("通知公告", R"(<ul>
<li><a href="/notices/31.html">关于做好冬季供暖工作的通知</a><span>[11-12]</span></li>
<li><a href="/notices/30.html">关于开展消防安全检查的通知</a><span>[10-31]</span></li>
<li><a href="/notices/29.html">关于春节放假安排的通知</a><span>[01-24]</span></li></ul>)"), 1, as_of));
  in.fetches.push_back(page("notices/31.html", article("关于做好冬季供暖工作的通知", "2025-11-12"), 2, as_of));
  in.fetches.push_back(page("notices/30.html", article("关于开展消防安全检查的通知", "2025-10-31"), 2, as_of));
  in.fetches.push_back(page("notices/29.html", article("关于春节放假安排的通知", "2026-01-24"), 2, as_of));
  // A news list with full dates, one forged: the list says 2026-11-18, the article 2026-06-02.
  in.fetches.push_back(page("news/index.html", doc("工作动态", R"(<ul>
<li><a href="/news/1.html">县政府召开常务会议</a><span>2026-11-19</span></li>
<li><a href="/news/2.html">县领导调研春耕生产</a><span>2026-11-18</span></li></ul>)"), 1, as_of));
  in.fetches.push_back(page("news/1.html", article("县政府召开常务会议", "2026-11-19"), 2, as_of));
  in.fetches.push_back(page("news/2.html", article("县领导调研春耕生产", "2026-06-02"), 2, as_of));

  SiteFacts s = aggregate_site(in);
  const ColumnFacts* notices = column(s, "notices/index.html");
  REQUIRE(notices);
  CHECK(notices->type == "notice_policy");
  CHECK(notices->newest == "2026-01-24");
  CHECK(notices->first_level);
  const ColumnFacts* news = column(s, "news/index.html");
  REQUIRE(news);
  CHECK(news->newest == "2026-11-19");
  CHECK(s.home.newest == "2026-11-19");
  // Only the forged full date is an anomaly; the month-day years guessed wrong are not.
  REQUIRE(s.date_anomalies.size() == 1);
  CHECK(s.date_anomalies[0].kind == "list_mismatch");
  CHECK(s.date_anomalies[0].date == "2026-11-18");
  CHECK(s.date_anomalies[0].other_date == "2026-06-02");
}

TEST_CASE("a month-day list date that contradicts its article by month and day is an anomaly", "[site_aggregate]") {
  const CivilDate as_of = day(2026, 11, 20);
  AggregateInput in = site_with_home(R"(<a href="/news/index.html">工作动态</a>)", as_of);
  in.fetches.push_back(page("news/index.html", doc("工作动态", R"(<ul>
<li><a href="/news/5.html">全县安全生产工作会议召开</a><span>[11-17]</span></li></ul>)"), 1, as_of));
  in.fetches.push_back(page("news/5.html", article("全县安全生产工作会议召开", "2026-03-02"), 2, as_of));
  SiteFacts s = aggregate_site(in);
  REQUIRE(s.date_anomalies.size() == 1);
  CHECK(s.date_anomalies[0].date == "2026-11-17");
  CHECK(s.date_anomalies[0].other_date == "2026-03-02");
}

TEST_CASE("a message board becomes a mailbox channel with answered and unanswered messages", "[site_aggregate]") {
  const CivilDate as_of = day(2026, 11, 20);
  AggregateInput in = site_with_home(R"(<a href="/ldxx/index.html">领导信箱</a>)", as_of);
  in.fetches.push_back(page("ldxx/index.html", doc("领导信箱", R"(<h1>领导信箱</h1><table>
<tr><th>标题</th><th>留言时间</th><th>回复时间</th></tr>
<tr><td>关于小区供暖问题的咨询</td><td>2026-06-19</td><td>未回复</td></tr>
<tr><td>关于公交线路调整的建议</td><td>2026-11-02</td><td>2026-11-06</td></tr></table>)"), 1, as_of));
  SiteFacts s = aggregate_site(in);
  REQUIRE(s.channels.size() == 1);
  CHECK(s.channels[0].kind == "mailbox");
  REQUIRE(s.messages.size() == 2);
  CHECK(s.messages[0].channel_kind == "mailbox");
  CHECK(s.messages[0].asked == "2026-06-19");
  CHECK_FALSE(s.messages[0].replied);
  CHECK(s.messages[1].replied == "2026-11-06");
}

TEST_CASE("a home page of undated headlines is not navigation only", "[site_aggregate]") {
  const CivilDate as_of = day(2026, 11, 20);
  auto home_of = [&](const std::string& body) { return aggregate_site(site_with_home(body, as_of)).home; };
  HomeFacts nav = home_of(R"(<div class="nav"><a href="/zwgk/">政务公开</a> <a href="/bsfw/">办事服务</a>
<a href="/hdjl/">互动交流</a> <a href="/xwzx/">新闻中心</a> <a href="/zjxx/">走进某某</a> <a href="/ztzl/">专题专栏</a></div>)");
  CHECK(nav.navigation_only);
  HomeFacts undated = home_of(R"(<div class="nav"><a href="/zwgk/">政务公开</a> <a href="/bsfw/">办事服务</a>
<a href="/hdjl/">互动交流</a> <a href="/xwzx/">新闻中心</a></div><ul class="news">
<li><a href="/xwzx/202611/t20261118_1.html">县委常委会召开会议传达学习全会精神</a></li>
<li><a href="/xwzx/202611/t20261112_2.html">全县冬季安全生产工作会议召开</a></li>
<li><a href="/xwzx/202611/t20261105_3.html">县领导带队检查森林防火工作落实情况</a></li></ul>)");
  CHECK_FALSE(undated.navigation_only);
  CHECK(undated.items_without_date >= 3);
  CHECK_FALSE(undated.newest);
}

TEST_CASE("first-level columns are the home page menu not every column it links to", "[site_aggregate]") {
  const CivilDate as_of = day(2026, 11, 20);
  AggregateInput in = site_with_home(R"(<div class="nav"><a href="/">首页</a> <a href="/tzgg/index.html">通知公告</a>
<a href="/zcwj/index.html">政策文件</a> <a href="/hdjl/index.html">互动交流</a></div>
<div class="box"><h2>公示公告</h2><a href="/zwgk/gsgg/index.html">更多</a><ul>
<li><a href="/zwgk/gsgg/202611/t20261118_1.html">关于拟提拔任用干部的任前公示</a><span>2026-11-18</span></li></ul></div>)",
                                     as_of);
  const std::string list = R"(<ul><li><a href="/a/1.html">关于做好冬季供暖工作的通知</a><span>2026-11-12</span></li></ul>)";
  in.fetches.push_back(page("tzgg/index.html", doc("通知公告", list), 1, as_of));
  in.fetches.push_back(page("zwgk/gsgg/index.html", doc("公示公告", list), 1, as_of));
  SiteFacts s = aggregate_site(in);
  const ColumnFacts* menu = column(s, "tzgg/index.html");
  const ColumnFacts* box = column(s, "zwgk/gsgg/index.html");
  REQUIRE(menu);
  REQUIRE(box);
  CHECK(menu->first_level);
  CHECK_FALSE(box->first_level);
}
