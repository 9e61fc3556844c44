// Page facts from real-looking pages, read the way the audit reads them (bytes → read_page_input →
// extract_page_facts): message boards as linked lists and as plain table rows, service guides and
// the element categories of the census list, GBK-served pages decoded before reading.
#include <iconv.h>

#include <catch2/catch.hpp>
#include <string>

#include "audit_rules/page_facts.h"
#include "audit_rules/page_input.h"

using namespace govaudit;

namespace {

// UTF-8 → GBK with glibc iconv, so the test page is served as a GBK portal serves it.
std::string to_gbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  REQUIRE(rc != static_cast<size_t>(-1));
  out.resize(out.size() - out_left);
  return out;
}

PageFacts facts_of(const std::string& html, const std::string& url, const std::string& content_type,
                   CivilDate as_of) {
  return extract_page_facts(read_page_input(html, content_type, url, ""), as_of);
}

CivilDate day(int y, int m, int d) { return *make_civil_date(y, m, d); }

}  // namespace

TEST_CASE("a message board table without links gives ask and reply dates and the unanswered mark", "[page_facts]") {
  const std::string html = R"(<html><head><meta charset="utf-8"><title>领导信箱</title></head><body>
<h1>领导信箱</h1><table class="messages">
<tr><th>标题</th><th>留言时间</th><th>回复时间</th></tr>
<tr><td>关于小区供暖问题的咨询</td><td>2026-06-19</td><td>未回复</td></tr>
<tr><td>关于社保关系转移的咨询</td><td>2026-05-01</td><td>2026-05-06</td></tr>
</table></body></html>)";
  PageFacts f = facts_of(html, "http://www.a.gov.cn.test/ldxx/index.html", "text/html; charset=utf-8", day(2026, 11, 20));
  REQUIRE(f.messages.size() == 2);
  CHECK(f.messages[0].asked == day(2026, 6, 19));
  CHECK_FALSE(f.messages[0].replied);
  CHECK(f.messages[0].marked_unanswered);
  CHECK(f.messages[1].asked == day(2026, 5, 1));
  CHECK(f.messages[1].replied == day(2026, 5, 6));
}

TEST_CASE("a GBK served consultation list with labelled dates keeps each message once with its link", "[page_facts]") {
  const std::string utf8 = R"(<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>咨询投诉_某某县人民政府</title></head><body><div class="position">首页 &gt; 互动交流 &gt; 咨询投诉</div>
<ul class="hdlist">
<li><a href="/hdjl/zxts/202402/t20240201_301.html">关于县城道路维修的建议</a> 留言时间：2024-02-01 回复时间：2024-02-05</li>
<li><a href="/hdjl/zxts/202401/t20240110_288.html">咨询新生儿落户办理</a> 留言时间：2024-01-10 状态：待回复</li>
</ul></body></html>)";
  PageFacts f = facts_of(to_gbk(utf8), "http://www.b.gov.cn.test/hdjl/zxts/index.html", "text/html", day(2024, 3, 1));
  CHECK(f.charset.find("gb") != std::string::npos);
  CHECK(f.column.type == ColumnType::interaction);
  REQUIRE(f.messages.size() == 2);
  CHECK(f.messages[0].asked == day(2024, 2, 1));
  CHECK(f.messages[0].replied == day(2024, 2, 5));
  CHECK(f.messages[0].url == "http://www.b.gov.cn.test/hdjl/zxts/202402/t20240201_301.html");
  CHECK(f.messages[1].asked == day(2024, 1, 10));
  CHECK_FALSE(f.messages[1].replied);
}

TEST_CASE("a service guide names its elements and the time limit apart from the procedure", "[page_facts]") {
  const std::string utf8 = R"(<html><head><meta charset="gbk"><title>城乡居民基本养老保险参保登记办事指南</title></head><body>
<div class="crumb">首页 &gt; 办事服务 &gt; 办事指南</div>
<table class="guide">
<tr><th>事项名称</th><td>城乡居民基本养老保险参保登记</td></tr>
<tr><th>设定依据</th><td>《国务院关于建立统一的城乡居民基本养老保险制度的意见》</td></tr>
<tr><th>申请条件</th><td>年满16周岁，不符合职工基本养老保险参保条件的城乡居民</td></tr>
<tr><th>办理材料</th><td>居民身份证、户口簿</td></tr>
<tr><th>办理地点</th><td>县政务服务中心一楼社保窗口</td></tr>
<tr><th>办理时间</th><td>工作日 9:00-12:00 13:30-17:00</td></tr>
<tr><th>联系电话</th><td>0931-1234567</td></tr>
<tr><th>办理时限</th><td>即时办结</td></tr>
</table><p>发布时间：2024-01-15</p></body></html>)";
  PageFacts f = facts_of(to_gbk(utf8), "http://www.c.gov.cn.test/bsfw/bszn/202401/t20240115_9.html", "text/html", day(2024, 3, 1));
  REQUIRE(f.service_guide);
  for (const char* e : {"item", "legal_basis", "conditions", "materials", "place", "hours", "phone", "time_limit"}) {
    INFO(e);
    CHECK(f.guide_elements.count(e));
  }
  CHECK_FALSE(f.guide_elements.count("procedure"));
  CHECK_FALSE(f.guide_elements.count("fees"));
  CHECK(f.published == day(2024, 1, 15));
}

TEST_CASE("a list of guides titled 办事指南 is a column not a guide", "[page_facts]") {
  const std::string html = R"(<html><head><meta charset="utf-8"><title>办事指南</title></head><body><h1>办事指南</h1><ul>
<li><a href="/bszn/1.html">城乡居民基本养老保险参保登记办事指南</a><span>2024-01-15</span></li>
<li><a href="/bszn/2.html">生育登记服务办事指南</a><span>2024-01-10</span></li>
<li><a href="/bszn/3.html">个体工商户设立登记办事指南</a><span>2023-12-28</span></li>
<li><a href="/bszn/4.html">残疾人证办理办事指南</a><span>2023-12-20</span></li>
<li><a href="/bszn/5.html">最低生活保障申请办事指南</a><span>2023-12-11</span></li>
</ul></body></html>)";
  PageFacts f = facts_of(html, "http://www.c.gov.cn.test/bszn/index.html", "text/html; charset=utf-8", day(2024, 3, 1));
  CHECK(f.kind == PageKind::list);
  CHECK_FALSE(f.service_guide);
  CHECK(f.column.type == ColumnType::services);
}

TEST_CASE("month-day list dates keep whether their year was inferred", "[page_facts]") {
  const std::string html = R"(<html><head><meta charset="utf-8"><title>工作动态</title></head><body><ul>
<li><a href="/news/101.html">全县春耕生产现场推进会召开</a><span>[03-05]</span></li>
<li><a href="./202312/t20231228_488.html">县政府召开常务会议</a><span>[12-28]</span></li>
<li><a href="/news/99.html">县领导督导检查安全生产</a><span>2023-12-20</span></li>
</ul></body></html>)";
  PageFacts f = facts_of(html, "http://www.d.gov.cn.test/news/index.html", "text/html; charset=utf-8", day(2024, 3, 10));
  REQUIRE(f.item_dates.size() == 3);
  CHECK(f.item_dates[0].date == day(2024, 3, 5));
  CHECK(f.item_dates[0].year_inferred);
  CHECK(f.item_dates[1].date == day(2023, 12, 28));  // the URL knows the year
  CHECK_FALSE(f.item_dates[1].year_inferred);
  CHECK(f.item_dates[2].date == day(2023, 12, 20));
  CHECK_FALSE(f.item_dates[2].year_inferred);
}

TEST_CASE("blank columns are empty lists or placeholders not short content pages", "[page_facts]") {
  const CivilDate as_of = day(2024, 3, 1);
  auto col = [&](const std::string& name, const std::string& inner) {
    std::string html = "<html><head><meta charset=\"utf-8\"><title>" + name +
                       "</title></head><body><div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/zwgk/\">政务公开</a> "
                       "<a href=\"/hdjl/\">互动交流</a></div><div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; " +
                       name + "</div><h1>" + name + "</h1>" + inner +
                       "<div class=\"footer\">主办单位：某某县人民政府办公室 联系电话：0931-1234567</div></body></html>";
    return facts_of(html, "http://www.f.gov.cn.test/col/index.html", "text/html; charset=utf-8", as_of);
  };
  PageFacts placeholder = col("规划计划", "<ul class=\"list\"></ul><p class=\"empty\">此栏目暂无内容</p>");
  CHECK(placeholder.blank);
  CHECK_FALSE(placeholder.placeholder.empty());
  CHECK(std::string("此栏目暂无内容").find(placeholder.placeholder) != std::string::npos);
  CHECK(col("人事信息", "<ul class=\"list\"></ul>").blank);
  // A short page of real content and a page of account links are columns with content.
  CHECK_FALSE(col("机构概况", "<p>某某县人民政府办公室是县人民政府的办事机构，负责处理县政府日常工作。</p>").blank);
  CHECK_FALSE(col("政务新媒体", "<ul class=\"media\"><li><a href=\"http://mp.weixin.qq.com.test/a.html\">微信公众号：某某发布</a></li>"
                                "<li><a href=\"http://weibo.com.test/a.html\">政务微博：某某发布</a></li></ul>").blank);
  // 正在建设中 inside a real text is a word, not a placeholder.
  CHECK_FALSE(col("重点项目", "<p>县第二人民医院综合楼项目正在建设中，预计年底主体封顶。项目总投资2.3亿元，建筑面积3.6万平方米，"
                              "建成后将新增床位400张，进一步提升全县医疗服务能力。目前各项工作有序推进，施工单位正加紧"
                              "组织人员机械，全力以赴抢抓工期。县卫健局表示，将加强质量安全监管，确保工程按期保质完成。"
                              "项目建成后将有效缓解群众看病难问题，为全县人民提供更加优质便捷的医疗卫生服务。"
                              "同时，县里还将同步推进配套道路、停车场等附属设施建设，方便群众就医出行。</p>").blank);
}
