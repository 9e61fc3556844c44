#include "reports/flags.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "reports/flag_records.h"
#include "store/crawl_log.h"
#include "store/flag_log.h"
#include "tests/support/farm_pipeline.h"

using namespace govaudit;
using namespace govaudit::testing;

namespace {

SiteFacts answering_site(const std::string& newest) {
  SiteFacts s;
  s.site = "s1";
  s.as_of = "2024-06-30";
  s.home.url = "http://www.a.gov.cn.test/";
  s.home.seen_at = "2024-06-30T08:00:00Z";
  s.home.newest = newest;
  ColumnFacts c;
  c.url = "http://www.a.gov.cn.test/xwdt/";
  c.name = "新闻动态";
  c.type = "news";
  c.newest = newest;
  c.item_count = 20;
  s.columns.push_back(c);
  return s;
}

std::vector<std::string> kinds(const std::vector<FlagObservation>& flags) {
  std::vector<std::string> out;
  for (const auto& f : flags) out.push_back(f.kind + " " + f.subject);
  return out;
}

}  // namespace

TEST_CASE("a site whose newest item is older than the dormancy limit is dormant since that date", "[flags]") {
  auto flags = flags_of(answering_site("2023-12-01"));
  REQUIRE(flags.size() == 2);  // dormant, and its news column is stale
  CHECK(flags[0].kind == "dormant_site");
  CHECK(flags[0].subject == "http://www.a.gov.cn.test/");
  CHECK(flags[0].since == "2023-12-01");
  CHECK(flags[0].evidence.size() == 2);
  CHECK(flags[1].kind == "stale_column");

  CHECK(flags_of(answering_site("2024-02-01")).size() == 1);  // 150 days: stale news column only
  CHECK(flags_of(answering_site("2024-06-25")).empty());
}

TEST_CASE("a site that does not answer or shows no date is not called dormant", "[flags]") {
  SiteFacts dead = answering_site("2023-01-01");
  dead.home.url.clear();
  CHECK(kinds(flags_of(dead)) == std::vector<std::string>{"stale_column http://www.a.gov.cn.test/xwdt/"});
  SiteFacts undated = answering_site("2023-01-01");
  undated.home.newest.reset();
  undated.columns.clear();
  CHECK(flags_of(undated).empty());
  // A forged future date is not activity: the site stays dormant, since its last real date.
  SiteFacts forged = answering_site("2023-01-01");
  forged.home.newest = "2025-03-01";
  auto f = flags_of(forged);
  REQUIRE_FALSE(f.empty());
  CHECK(f[0].kind == "dormant_site");
  CHECK(f[0].since == "2023-01-01");
}

TEST_CASE("zombie apps are dead or idle entries with one flag each", "[flags]") {
  SiteFacts s = answering_site("2024-06-29");
  auto entry = [](std::string kind, std::string url, bool ok, std::optional<std::string> newest, bool checked = true) {
    MediaEntry m{kind, "name", url, "2024-06-30T08:00:00Z", ok, newest};
    m.checked = checked;
    return m;
  };
  s.media = {entry("app", "http://app.store.test/app/a.html", false, "2024-06-01"),   // download dead
             entry("app", "http://app.store.test/app/b.html", true, "2024-01-01"),    // 181 days: fine for an app
             entry("app", "http://app.store.test/app/c.html", true, "2023-05-01"),    // over a year
             entry("wechat", "http://mp.weixin.qq.com.test/w.html", true, "2024-06-01"),  // 29 days: idle account
             entry("weibo", "http://weibo.com.test/x.html", true, "2024-06-25"),
             entry("weibo", "http://weibo.com.test/y.html", true, std::nullopt),    // no date: no claim
             entry("douyin", "http://douyin.com.test/z.html", false, std::nullopt, false)};  // never checked
  s.media[0].detail = "download http://app.store.test/download/a.apk status 404";
  CHECK(kinds(flags_of(s)) == std::vector<std::string>{"zombie_app http://app.store.test/app/a.html",
                                                      "zombie_app http://app.store.test/app/c.html",
                                                      "zombie_app http://mp.weixin.qq.com.test/w.html"});
  FlagLimits strict;
  strict.app_days = 90;
  CHECK(flags_of(s, strict).size() == 4);
}

TEST_CASE("blank and script only columns are not stale and probes make a site unreachable", "[flags]") {
  SiteFacts s = answering_site("2024-06-29");
  ColumnFacts blank;
  blank.url = "http://www.a.gov.cn.test/tzgg/";
  blank.type = "notice_policy";
  blank.blank = true;
  blank.newest = "2020-01-01";
  s.columns.push_back(blank);
  ColumnFacts slow = blank;
  slow.url = "http://www.a.gov.cn.test/rsxx/";
  slow.type = "slow";
  slow.blank = false;
  slow.newest = "2023-07-01";  // 365 days: at the limit, not over it
  s.columns.push_back(slow);
  CHECK(flags_of(s).empty());
  s.probes.total = 20;
  s.probes.failed = 1;
  s.probes.failures = {{"http://www.a.gov.cn.test/", "2024-06-28T10:00:00Z", "timeout"}};
  CHECK(kinds(flags_of(s)) == std::vector<std::string>{"unreachable http://www.a.gov.cn.test/"});
  s.probes.total = 21;
  CHECK(flags_of(s).empty());  // 1 of 21 is under 5 %
}

TEST_CASE("flag histories open with the first supporting run and close with the first later check without it", "[flags]") {
  FlagObservation dormant{"s1", "dormant_site", "http://a.test/", "2023-01-01", "d", {}};
  FlagObservation zombie{"s1", "zombie_app", "http://app.test/1", "", "dead", {}};
  FlagObservation other{"s2", "dormant_site", "http://b.test/", "2023-02-01", "d", {}};
  std::vector<FlagCheck> checks = {
      {3, "2025-06-30", "s1", {zombie}},          // given out of order on purpose
      {1, "2023-06-30", "s1", {dormant}},
      {2, "2024-06-30", "s1", {dormant, zombie}},
      {2, "2024-06-30", "s2", {other}},
      {4, "2026-06-30", "s1", {dormant}},         // dormant again: a new flag, the old one stays closed
  };
  auto h = flag_histories(checks);
  REQUIRE(h.size() == 4);
  CHECK(h[0].latest.subject == "http://a.test/");
  CHECK(h[0].first_run == 1);
  CHECK(h[0].last_run == 2);
  CHECK(h[0].closed_run == 3);
  CHECK(h[0].closed_at == "2025-06-30");
  CHECK(h[1].latest.subject == "http://a.test/");
  CHECK(h[1].first_run == 4);
  CHECK(h[1].open());
  CHECK(h[2].latest.kind == "zombie_app");
  CHECK(h[2].first_run == 2);
  CHECK(h[2].closed_run == 4);
  CHECK(h[3].latest.site == "s2");
  CHECK(h[3].open());  // s2 was never checked again: nothing closes it
}

TEST_CASE("flag checks round trip through the store and a re-audited run counts once", "[flags][store]") {
  ScratchDir dir;
  Store store;
  std::string err;
  REQUIRE(store.open(dir.file("g.db"), &err));
  Site site{"s1", "甲", "P", "", "county", "west", "none", "http://a.test/"};
  ImportSummary sum;
  REQUIRE(store.import_sites({site}, "r.csv", &sum, &err));
  long long run = 0;
  REQUIRE(begin_run(store, "crawl", "{}", &run, &err));
  FlagObservation o{"s1", "dormant_site", "http://a.test/", "2023-01-01", "old <b>", {{"http://a.test/", "t", "seen"}}};
  std::vector<StoredFlagCheck> first{to_stored({run, "2024-06-30", "s1", {o}})};
  std::vector<StoredFlagCheck> again{to_stored({run, "2024-06-30", "s1", {}})};
  REQUIRE(append_flag_checks(store, &first, &err));
  std::vector<StoredFlagCheck> listed;
  REQUIRE(list_flag_checks(store, &listed, &err));
  REQUIRE(listed.size() == 1);
  FlagCheck back = from_stored(listed[0]);
  REQUIRE(back.observations.size() == 1);
  CHECK(back.observations[0].detail == "old <b>");
  CHECK(back.observations[0].evidence.size() == 1);
  REQUIRE(append_flag_checks(store, &again, &err));
  listed.clear();
  REQUIRE(list_flag_checks(store, &listed, &err));
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].flags.empty());
}
