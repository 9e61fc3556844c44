#include "audit_rules/dates.h"

#include <iconv.h>

#include <catch2/catch.hpp>
#include <random>

using namespace govaudit;

namespace {

CivilDate day(int y, int m, int d) { return CivilDate{y, m, d}; }

DateContext text_on(CivilDate reference, DateSource source = DateSource::text) {
  DateContext ctx;
  ctx.source = source;
  ctx.reference = reference;
  return ctx;
}

std::vector<std::string> dates_of(std::string_view text, const DateContext& ctx) {
  std::vector<std::string> out;
  for (const FoundDate& f : find_dates(text, ctx)) out.push_back(f.date.to_string());
  return out;
}

using Dates = std::vector<std::string>;

// GBK bytes to UTF-8 with glibc iconv, as the fetcher decodes GBK pages.
std::string from_gbk(const std::string& gbk) {
  iconv_t cd = iconv_open("UTF-8", "GBK");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(gbk.size() * 3, '\0');
  char* in = const_cast<char*>(gbk.data());
  size_t in_left = gbk.size();
  char* dst = out.data();
  size_t out_left = out.size();
  const size_t rc = iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  REQUIRE(rc != static_cast<size_t>(-1));
  out.resize(out.size() - out_left);
  return out;
}

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

}  // namespace

TEST_CASE("civil dates validate compare and count days", "[dates]") {
  CHECK(make_civil_date(2024, 2, 29));
  CHECK_FALSE(make_civil_date(2023, 2, 29));
  CHECK_FALSE(make_civil_date(2024, 2, 30));
  CHECK_FALSE(make_civil_date(2024, 13, 1));
  CHECK_FALSE(make_civil_date(2024, 4, 31));
  CHECK_FALSE(make_civil_date(1900, 2, 29));
  CHECK(make_civil_date(2000, 2, 29));
  CHECK(day(2024, 3, 5).to_string() == "2024-03-05");
  CHECK(day(2024, 3, 5) < day(2024, 3, 6));
  CHECK(day(2023, 12, 31) < day(2024, 1, 1));
  CHECK(days_between(day(2024, 2, 28), day(2024, 3, 1)) == 2);
  CHECK(days_between(day(2023, 2, 28), day(2023, 3, 1)) == 1);
  CHECK(days_between(day(2024, 3, 1), day(2023, 3, 1)) == -366);
  CHECK(add_days(day(2023, 12, 31), 1) == day(2024, 1, 1));
  CHECK(add_days(day(2024, 3, 1), -1) == day(2024, 2, 29));
  CHECK(parse_iso_date("2024-03-05") == day(2024, 3, 5));
  CHECK_FALSE(parse_iso_date("2024-3-5"));
  CHECK_FALSE(parse_iso_date("2024-02-30"));
}

TEST_CASE("every full date form is read", "[dates]") {
  const DateContext ctx = text_on(day(2024, 6, 1));
  CHECK(dates_of("2024-03-05", ctx) == Dates{"2024-03-05"});
  CHECK(dates_of("更新 2024-3-5 ", ctx) == Dates{"2024-03-05"});
  CHECK(dates_of("2024/03/05", ctx) == Dates{"2024-03-05"});
  CHECK(dates_of("2024.03.05", ctx) == Dates{"2024-03-05"});
  CHECK(dates_of("2024年3月5日", ctx) == Dates{"2024-03-05"});
  CHECK(dates_of("2024 年 03 月 05 日", ctx) == Dates{"2024-03-05"});
  CHECK(dates_of("２０２４年３月５日", ctx) == Dates{"2024-03-05"});
  CHECK(dates_of("２０２４－０３－０５", ctx) == Dates{"2024-03-05"});
  CHECK(dates_of("二〇二四年三月五日", ctx) == Dates{"2024-03-05"});
  CHECK(dates_of("二零二三年十二月三十一日", ctx) == Dates{"2023-12-31"});
  CHECK(dates_of("2024-03-05 10:22:33", ctx) == Dates{"2024-03-05"});
  CHECK(dates_of("2024-03-05T10:22:33+08:00", ctx) == Dates{"2024-03-05"});
  CHECK(dates_of("从2024-01-02到2024年2月3日", ctx) == Dates{"2024-01-02", "2024-02-03"});
}

TEST_CASE("things that look like dates but are not are skipped", "[dates]") {
  const DateContext ctx = text_on(day(2024, 6, 1));
  CHECK(dates_of("2024-02-30", ctx).empty());
  CHECK(dates_of("2023-02-29", ctx).empty());
  CHECK(dates_of("2024-13-01", ctx).empty());
  CHECK(dates_of("2024年13月1日", ctx).empty());
  CHECK(dates_of("版本 2024.03.05.1", ctx).empty());
  CHECK(dates_of("电话 0571-8888-1234", ctx).empty());
  CHECK(dates_of("1990-05-01", ctx).empty());   // before 1995: not a web publish date
  CHECK(dates_of("编号 20240305", ctx).empty());  // eight digits only in URLs
  CHECK(dates_of("第1-2页", ctx).empty());
  CHECK(dates_of("12-2024", ctx).empty());
  CHECK(dates_of("2024-03-051", ctx).empty());
}

TEST_CASE("month day items take the latest year not after the reference", "[dates]") {
  // Rule: the year is the latest for which the day is not after reference + 1 day.
  const DateContext june = text_on(day(2024, 6, 1), DateSource::list_item);
  CHECK(dates_of("[03-05] 关于开展安全检查的通知", june) == Dates{"2024-03-05"});
  CHECK(dates_of("03-05", june) == Dates{"2024-03-05"});
  CHECK(dates_of("3月5日", june) == Dates{"2024-03-05"});
  CHECK(dates_of("06-02", june) == Dates{"2024-06-02"});  // reference + 1 day is still this year
  CHECK(dates_of("06-03", june) == Dates{"2023-06-03"});
  // Fetched in January: a December item is from the year before.
  const DateContext january = text_on(day(2025, 1, 10), DateSource::list_item);
  CHECK(dates_of("[12-28] 县政府召开常务会议", january) == Dates{"2024-12-28"});
  CHECK(dates_of("[01-09] 县政府召开常务会议", january) == Dates{"2025-01-09"});
  // 02-29 walks back to a leap year.
  CHECK(dates_of("02-29", text_on(day(2025, 6, 1))) == Dates{"2024-02-29"});
  CHECK(dates_of("02-30", june).empty());
  const auto found = find_dates("[12-28]", january);
  REQUIRE(found.size() == 1);
  CHECK(found[0].year_inferred);
  // Without a reference there is no year to give.
  CHECK(dates_of("[03-05]", DateContext{}).empty());
  CHECK(dates_of("2024-03-05", DateContext{}) == Dates{"2024-03-05"});
}

TEST_CASE("publish lines of Chinese gov articles are recognised", "[dates]") {
  const DateContext ctx = text_on(day(2024, 6, 1));
  const std::string text = "首页 > 政务公开 > 通知公告\n关于做好2024年防汛工作的通知\n"
                           "发布时间：2024-03-05 10:22 来源：县应急管理局 浏览次数：123\n正文……";
  const auto found = find_dates(text, ctx);
  REQUIRE(found.size() == 1);
  CHECK(found[0].date == day(2024, 3, 5));
  CHECK(found[0].source == DateSource::publish_line);
  CHECK(text.substr(found[0].offset, found[0].length) == "2024-03-05 10:22");
  CHECK(found[0].context.find("发布时间") != std::string::npos);
  // A date beside 来源 with no label is the publish line too.
  const auto beside = find_dates("2024年3月5日 来源：市政府办公室", ctx);
  REQUIRE(beside.size() == 1);
  CHECK(beside[0].source == DateSource::publish_line);
  // A date in the body is plain text.
  const auto body = find_dates("会议于2024年3月1日召开。", ctx);
  REQUIRE(body.size() == 1);
  CHECK(body[0].source == DateSource::text);
}

TEST_CASE("month day forms in running text need brackets or a line of their own", "[dates]") {
  const DateContext text = text_on(day(2024, 6, 1));
  CHECK(dates_of("共10-20条", text).empty());
  CHECK(dates_of("(03-05)", text) == Dates{"2024-03-05"});
  CHECK(dates_of("标题\n03-05\n下一条", text) == Dates{"2024-03-05"});
  CHECK(dates_of("会议定于3月5日召开", text) == Dates{"2024-03-05"});
  const DateContext item = text_on(day(2024, 6, 1), DateSource::list_item);
  CHECK(dates_of("办公时间 11:05-12:05", item).empty());
  CHECK(dates_of("05-03-2024", item).empty());
}

TEST_CASE("a GBK page decoded to UTF-8 gives its publish line", "[dates]") {
  // 发布时间：２０２４年３月５日 来源：县政府办 — full-width digits, as some GBK templates print them.
  const std::string gbk =
      "\xB7\xA2\xB2\xBC\xCA\xB1\xBC\xE4\xA3\xBA\xA3\xB2\xA3\xB0\xA3\xB2\xA3\xB4\xC4\xEA\xA3\xB3"
      "\xD4\xC2\xA3\xB5\xC8\xD5\x20\xC0\xB4\xD4\xB4\xA3\xBA\xCF\xD8\xD5\xFE\xB8\xAE\xB0\xEC";
  const std::string text = from_gbk(gbk);
  const auto found = find_dates(text, text_on(day(2024, 6, 1)));
  REQUIRE(found.size() == 1);
  CHECK(found[0].date == day(2024, 3, 5));
  CHECK(found[0].source == DateSource::publish_line);
  CHECK(text.substr(found[0].offset, found[0].length) == "２０２４年３月５日");
}

TEST_CASE("the date a portal header shows for today is not a page date", "[dates]") {
  const DateContext ctx = text_on(day(2024, 6, 1));
  CHECK(dates_of("今天是：2024年6月1日 星期六 欢迎访问", ctx).empty());
  CHECK(dates_of("2024年6月1日 星期六", ctx).empty());
  const auto kept = find_dates("发布日期：2024年03月05日 星期二", ctx);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].source == DateSource::publish_line);
}

TEST_CASE("footer and copyright years are not dates", "[dates]") {
  const DateContext footer = text_on(day(2024, 6, 1), DateSource::footer);
  CHECK(dates_of("版权所有：某某县人民政府 2024-01-01 网站标识码3300000001", footer).empty());
  const DateContext ctx = text_on(day(2024, 6, 1));
  CHECK(dates_of("Copyright © 2003-2024 某某市人民政府", ctx).empty());
  CHECK(dates_of("© 2024.01.01 All rights reserved", ctx).empty());
  CHECK(dates_of("版权所有 2024年1月1日", ctx).empty());
  PageDateInput page;
  page.reference = day(2024, 6, 1);
  page.blocks = {{"正文无日期", "main"}, {"2024-05-30 更新 版权所有", "footer"}};
  CHECK_FALSE(published_date(page).date);
}

TEST_CASE("future dates are rejected and reported", "[dates]") {
  const DateContext ctx = text_on(day(2024, 6, 1));
  const DateScan scan = scan_dates("发布时间：2024-06-20 另见 2024-06-02 与 2024-05-01", ctx);
  CHECK(scan.dates.size() == 2);
  REQUIRE(scan.future_dates.size() == 1);
  CHECK(scan.future_dates[0].date == day(2024, 6, 20));
  CHECK(scan.future_dates[0].source == DateSource::publish_line);
  PageDateInput page;
  page.reference = day(2024, 6, 1);
  page.metas = {{"PubDate", "2024-09-01 00:00"}};
  page.blocks = {{"发布日期：2024-09-01", "main"}};
  const PagePublished published = published_date(page);
  CHECK_FALSE(published.date);
  REQUIRE(published.future_dates.size() == 2);
  CHECK(published.future_dates[0].source == DateSource::pubdate_meta);
  CHECK(published.future_dates[1].source == DateSource::publish_line);
  CHECK(published.future_dates[1].date == day(2024, 9, 1));
  // The meta's future date does not hide a true one: nothing else dates this page but the URL.
  page.blocks.clear();
  page.url = "http://www.a.gov.cn.test/tzgg/202405/t20240520_1.html";
  const PagePublished by_url = published_date(page);
  CHECK(by_url.date == day(2024, 5, 20));
  CHECK(by_url.future_dates.size() == 1);
}

TEST_CASE("dates in article URLs of TRS Hanweb and other CMSs", "[dates]") {
  const CivilDate ref = day(2024, 6, 1);
  CHECK(date_from_url("http://www.a.gov.cn.test/xwdt/202403/t20240305_123456.html", ref) == day(2024, 3, 5));
  CHECK(date_from_url("https://www.zj.gov.cn.test/art/2024/3/5/art_1229019364_60213.html", ref) == day(2024, 3, 5));
  CHECK(date_from_url("http://x.test/news/2024/0305/c1234a5678/page.htm", ref) == day(2024, 3, 5));
  CHECK(date_from_url("http://x.test/2024-03/05/content_5590001.htm", ref) == day(2024, 3, 5));
  CHECK(date_from_url("http://x.test/zhengce/content_20240305_1.htm", ref) == day(2024, 3, 5));
  CHECK(date_from_url("https://laprensafl.com.test/2020/02/17/tenemos-silvia/", ref) == day(2020, 2, 17));
  CHECK(date_from_url("http://x.test/a/2020-06-07-slug.html", ref) == day(2020, 6, 7));
  // No date: ucap post ids, ids that are not days, ids out of range, dates in the host.
  CHECK_FALSE(date_from_url("http://www.gd.gov.cn.test/gdywdt/content/post_12345.html", ref));
  CHECK_FALSE(date_from_url("http://x.test/content/post_12345678.html", ref));
  CHECK_FALSE(date_from_url("http://x.test/id/20241399.html", ref));
  CHECK_FALSE(date_from_url("http://x.test/id/20250101.html", ref));  // after reference + 1 day
  CHECK_FALSE(date_from_url("http://x.test/id/1628285861.html", ref));
  CHECK_FALSE(date_from_url("http://x.test/news/2020/06/slug", ref));
  CHECK_FALSE(date_from_url("http://20240305.x.test/index.html", ref));
  CHECK_FALSE(date_from_url("http://x.test/col/col1234/index.html", ref));
}

TEST_CASE("meta tags and HTTP dates", "[dates]") {
  const std::vector<MetaTag> metas = {{"ArticleTitle", "关于2023年的通知"},
                                      {"og:updated_time", "2024-04-01T00:00:00+08:00"},
                                      {"PubDate", "2024-03-05 10:22"}};
  const auto found = date_from_meta(metas, day(2024, 6, 1));
  REQUIRE(found);
  CHECK(found->date == day(2024, 3, 5));
  CHECK(found->source == DateSource::pubdate_meta);
  CHECK(date_from_meta({{"article:published_time", "2020-06-07T23:30:00-04:00"}})->date == day(2020, 6, 7));
  CHECK(date_from_meta({{"og:updated_time", "2024-04-01"}})->date == day(2024, 4, 1));
  CHECK(date_from_meta({{"dc.date", "Sun, 07 Jun 2020 10:00:00 GMT"}})->date == day(2020, 6, 7));
  CHECK_FALSE(date_from_meta({{"keywords", "2024-03-05"}}));
  CHECK(parse_http_date("Tue, 05 Mar 2024 02:22:33 GMT") == day(2024, 3, 5));
  CHECK(parse_http_date("Tuesday, 05-Mar-24 02:22:33 GMT") == day(2024, 3, 5));
  CHECK(parse_http_date("Tue Mar  5 02:22:33 2024") == day(2024, 3, 5));
  CHECK_FALSE(parse_http_date("yesterday"));
  CHECK_FALSE(parse_http_date(""));
}

TEST_CASE("an article date follows the census order of trust", "[dates]") {
  PageDateInput page;
  page.reference = day(2024, 6, 1);
  page.url = "http://www.a.gov.cn.test/tzgg/202403/t20240305_1.html";
  page.last_modified = "Sat, 01 Jun 2024 01:00:00 GMT";
  page.blocks = {{"首页 > 通知公告\n发布日期：2024-03-05\n会议于2024年2月1日召开", "main"}};
  page.metas = {{"PubDate", "2024-03-05"}};
  PagePublished p = published_date(page);
  CHECK(p.date == day(2024, 3, 5));
  CHECK(p.source == DateSource::pubdate_meta);
  CHECK_FALSE(p.contradicted);
  CHECK_FALSE(p.weak);
  CHECK(p.evidence.size() == 5);

  page.metas.clear();
  p = published_date(page);
  CHECK(p.source == DateSource::publish_line);

  page.blocks = {{"会议于2024年2月1日召开", "main"}};
  p = published_date(page);
  CHECK(p.source == DateSource::article_url);
  CHECK(p.date == day(2024, 3, 5));

  page.url = "http://www.gd.gov.cn.test/content/post_4321.html";
  p = published_date(page);
  CHECK(p.source == DateSource::text);
  CHECK(p.date == day(2024, 2, 1));
  CHECK(p.weak);

  page.blocks.clear();
  p = published_date(page);
  CHECK(p.source == DateSource::last_modified);
  CHECK(p.date == day(2024, 6, 1));
  CHECK(p.weak);
}

TEST_CASE("a whole county article page as a page reader would hand it over", "[dates]") {
  PageDateInput page;
  page.reference = day(2025, 1, 10);
  page.url = "http://www.xx.gov.cn.test/art/2025/1/8/art_1229_602.html";
  page.last_modified = "Fri, 10 Jan 2025 08:00:00 GMT";
  page.metas = {{"SiteName", "某某县人民政府"}, {"ColumnName", "部门动态"}, {"ArticleTitle", "县农业农村局召开年终总结会"}};
  page.blocks = {
      {"今天是：2025年1月10日 星期五 无障碍 长者模式", "header"},
      {"当前位置：首页 > 新闻中心 > 部门动态", "nav"},
      {"县农业农村局召开年终总结会\n发布时间：2025-01-08 16:40 来源：县农业农村局 字号：大 中 小\n"
       "1月7日，县农业农村局召开2024年度工作总结会，回顾2024年12月30日完成的验收……",
       "main"},
      {"相关文章\n[12-28] 全县冬季农业生产工作部署会召开\n[01-09] 春耕备耕动员", "aside"},
      {"主办：某某县人民政府办公室 版权所有 © 2025 网站标识码：3301000001 浙ICP备05000000号", "footer"},
  };
  const PagePublished p = published_date(page);
  CHECK(p.date == day(2025, 1, 8));
  CHECK(p.source == DateSource::publish_line);
  CHECK_FALSE(p.contradicted);
  CHECK(p.future_dates.empty());
  // Evidence: the publish line, the URL, the body's first date (1月7日 → 2025-01-07), Last-Modified.
  REQUIRE(p.evidence.size() == 4);
  CHECK(p.evidence[1].source == DateSource::article_url);
  CHECK(p.evidence[2].date == day(2025, 1, 7));
  CHECK(p.evidence[3].date == day(2025, 1, 10));
}

TEST_CASE("disagreeing article dates and list dates are flagged", "[dates]") {
  PageDateInput page;
  page.reference = day(2024, 6, 1);
  page.url = "http://www.a.gov.cn.test/xwdt/202301/t20230105_9.html";
  page.metas = {{"PubDate", "2024-05-30"}};
  const PagePublished p = published_date(page);
  CHECK(p.date == day(2024, 5, 30));
  CHECK(p.contradicted);

  const DateAgreement same = compare_list_and_article(day(2024, 5, 31), p);
  CHECK(same.comparable);
  CHECK_FALSE(same.contradicts);
  const DateAgreement forged = compare_list_and_article(day(2024, 5, 20), p);
  CHECK(forged.contradicts);
  CHECK(forged.days_apart == 10);
  CHECK_FALSE(compare_list_and_article(std::nullopt, p).comparable);
}

TEST_CASE("the newest list item and the undated ones", "[dates]") {
  const std::vector<ListItemInput> items = {
      {"关于2024年5月30日停电检修的通知 [05-20]", "./202405/t20240520_1.html"},
      {"[05-28] 县政府召开第十次常务会议", "./202405/t20240528_2.html"},
      {"2024-04-01 全县春耕生产工作会议召开", "/content/post_1.html"},
      {"县长调研乡村振兴工作", "./202405/t20240529_3.html"},
      {"招商引资推介会成功举办", "/content/post_2.html"},
      {"2024-06-25 伪造的未来日期", "/content/post_3.html"},
  };
  const NewestItem newest = newest_item_date(items, day(2024, 6, 1));
  CHECK(newest.item_count == 6);
  REQUIRE(newest.date);
  CHECK(*newest.date == day(2024, 5, 29));
  CHECK(newest.source == DateSource::article_url);
  CHECK(newest.newest_index == 3);
  CHECK(newest.no_visible_date_count == 3);  // the future-dated one shows no acceptable date
  CHECK(newest.undated_count == 2);
  REQUIRE(newest.item_dates.size() == 4);
  CHECK(newest.item_dates[0].date == day(2024, 5, 20));  // the list's date, not the title's
  REQUIRE(newest.future_dates.size() == 1);
  CHECK(newest.future_dates[0].date == day(2024, 6, 25));
  // A month-day item is never future: its year is inferred backwards.
  CHECK(newest_item_date({{"[06-25] 标题", ""}}, day(2024, 6, 1)).date == day(2023, 6, 25));
  CHECK(newest_item_date({}, day(2024, 6, 1)).item_count == 0);
  // A list that reaches back over a year: the URL gives the month-day item its year.
  const NewestItem old = newest_item_date({{"[06-25] 去年的通知", "./202306/t20230625_7.html"},
                                           {"[05-01] 另一则通知", "./202305/t20230501_8.html"}},
                                          day(2024, 6, 1));
  REQUIRE(old.item_dates.size() == 2);
  CHECK(old.item_dates[1].date == day(2023, 5, 1));
  CHECK(old.date == day(2023, 6, 25));
}

TEST_CASE("random fragments never crash the readers", "[dates]") {
  const std::vector<std::string> pieces = {"2024", "-", "/", ".", "年", "月", "日", "03", "5", "[", "]", "\xE5",
                                           "\xEF\xBC", "２", "〇", "二", "十", ":", " ", "\n", "t", "_", "©",
                                           "发布时间", "20240305", "99", "http://", "Mar", ","};
  std::mt19937 rng(20240305);
  const DateContext ctx = text_on(day(2024, 6, 1));
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 24);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    for (const FoundDate& f : scan_dates(s, ctx).dates) {
      REQUIRE(f.offset + f.length <= s.size());
      CHECK(make_civil_date(f.date.y, f.date.m, f.date.d));
    }
    (void)date_from_url(s, day(2024, 6, 1));
    (void)parse_http_date(s);
  }
}

TEST_CASE("hostile input is bounded and never crashes", "[dates]") {
  const DateContext ctx = text_on(day(2024, 6, 1));
  std::string noise(1 << 20, '2');
  CHECK(find_dates(noise, ctx).empty());
  std::string broken = "\xE5\xB9\xB4\xE6\x9C\x88 2024\xE5\xB9 3\xEF\xBC 2024-03-05\xFF";
  CHECK(dates_of(broken, ctx) == Dates{"2024-03-05"});
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "[03-05] ";
  CHECK(find_dates(many, ctx).size() == 20000);
  // Snippets cut on character boundaries.
  const std::string cjk = std::string(60, 'x') + "政府政府政府政府政府政府政府2024-03-05政府政府政府政府政府政府政府" ;
  const auto found = find_dates(cjk, ctx);
  REQUIRE(found.size() == 1);
  CHECK(valid_utf8(found[0].context));
  // 20 characters each side: six of the x's and the fourteen CJK characters before, all after.
  CHECK(found[0].context == "xxxxxx政府政府政府政府政府政府政府2024-03-05政府政府政府政府政府政府政府");
  CHECK(found[0].context.find("2024-03-05") != std::string::npos);
}
