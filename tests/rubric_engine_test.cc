// Scoring hand-built SiteFacts under the shipped rubrics: each veto exactly at and just past its
// threshold, capped deductions, pass/fail, bonus, insufficient probes, UN normalisation and levels,
// and a threshold changed in a copied file changing the verdict with no code change.
#include "audit_rules/rubric_score.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <map>

#include "audit_rules/rubric_json.h"
#include "tests/support/run_command.h"

using namespace govaudit;
using govaudit::testing::read_file;
using govaudit::testing::ScratchDir;
using govaudit::testing::source_dir;
using govaudit::testing::write_file;

namespace {

const std::string kAsOf = "2024-06-30";

// The date `days` before kAsOf (negative: after).
std::string days_ago(int days) {
  using namespace std::chrono;
  const year_month_day d{sys_days{year{2024} / June / 30} - std::chrono::days{days}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()), unsigned(d.day()));
  return buf;
}

Rubric load(const std::string& name) {
  Rubric r;
  std::string err;
  INFO(err);
  REQUIRE(load_rubric(source_dir() + "/audit_rules/rubrics/" + name + ".toml", &r, &err));
  return r;
}

ColumnFacts column(const std::string& name, const std::string& type, int age, bool first_level = true) {
  ColumnFacts c;
  c.url = "http://www.a.gov.cn.test/" + name + "/";
  c.name = name;
  c.type = type;
  c.first_level = first_level;
  c.newest = days_ago(age);
  c.item_count = 20;
  return c;
}

ServiceGuide guide(int n, int missing) {
  static const std::vector<std::string> cats = {"item",  "legal_basis", "conditions", "materials", "place",
                                                "hours", "phone",       "procedure",  "time_limit", "fees"};
  ServiceGuide g;
  g.url = "http://www.a.gov.cn.test/bszn/" + std::to_string(n) + ".html";
  for (size_t i = missing; i < cats.size(); ++i) g.elements.insert(cats[i]);
  return g;
}

// `per_day` probes on each of the 7 days before kAsOf (ProbeFacts::per_day).
std::map<std::string, int> probe_week(int per_day) {
  std::map<std::string, int> days;
  for (int d = 1; d <= 7; ++d) days[days_ago(d)] = per_day;
  return days;
}

// A site with nothing wrong: passes every veto and loses no points under census-2019.
SiteFacts healthy() {
  SiteFacts f;
  f.site = "a";
  f.as_of = kAsOf;
  f.home = {"http://www.a.gov.cn.test/", "2024-06-30T08:00:00Z", days_ago(1), 0, false};
  f.columns = {column("要闻", "news", 2), column("通知公告", "notice_policy", 30), column("人事信息", "slow", 100),
               column("领导信息", "slow", 200)};
  f.probes = {140, 0, 7, {}, probe_week(20)};
  f.channels = {{"mailbox", "http://www.a.gov.cn.test/ldxx/", "", "县长信箱"}};
  f.messages = {{"http://www.a.gov.cn.test/ldxx/1", "", "mailbox", days_ago(20), days_ago(18)}};
  for (int i = 0; i < 6; ++i) f.guides.push_back(guide(i, 0));
  f.forms = {{"http://www.a.gov.cn.test/a.doc", "", "", true, "200"}};
  f.service_halls = {{"http://zwfw.x.gov.cn.test/", "", "", true, "200"}};
  f.features["search"] = {{"http://www.a.gov.cn.test/", "", "search form"}};
  f.features["error_report_channel"] = {{"http://www.a.gov.cn.test/", "", "zfwzzc link"}};
  f.features["site_id_code"] = {{"http://www.a.gov.cn.test/", "", "5400000001"}};
  return f;
}

const IndicatorScore& item(const RubricScore& s, const std::string& id) {
  for (const auto& i : s.indicators)
    if (i.id == id) return i;
  FAIL("no indicator " << id);
  return s.indicators.front();
}

bool vetoed_by(const RubricScore& s, const std::string& id) {
  return std::find(s.vetoes.begin(), s.vetoes.end(), id) != s.vetoes.end();
}

}  // namespace

TEST_CASE("a healthy site scores full marks and passes", "[rubric_engine]") {
  const RubricScore s = score_site(load("census-2019"), healthy());
  CHECK_FALSE(s.vetoed);
  REQUIRE(s.score);
  CHECK(*s.score == 100);
  CHECK(s.passed);
  CHECK(s.criteria.at("services") == 25);
}

TEST_CASE("site unreachable at and past five percent with insufficient probes never a veto", "[rubric_engine]") {
  const Rubric r = load("census-2019");
  SiteFacts f = healthy();
  f.probes = {140, 7, 7, {{"http://www.a.gov.cn.test/", "2024-06-29T01:00:00Z", "timeout 15 s"}}, probe_week(20)};
  RubricScore s = score_site(r, f);
  CHECK(vetoed_by(s, "site_unreachable"));
  CHECK_FALSE(s.score);  // vetoed: nothing else scored
  CHECK_FALSE(item(s, "site_unreachable").evidence.empty());

  f.probes.failed = 6;  // 4.3 %: below the line, charged per whole percent
  s = score_site(r, f);
  CHECK_FALSE(s.vetoed);
  CHECK(item(s, "homepage_availability").number == 4);
  CHECK(*s.score == 96);

  f.probes = {139, 100, 7, {}, probe_week(20)};  // one probe short of 20 a day for 7 days
  f.probes.per_day.begin()->second = 19;
  s = score_site(r, f);
  CHECK_FALSE(s.vetoed);
  CHECK(item(s, "site_unreachable").value_kind == IndicatorScore::Value::kInsufficient);
  CHECK(item(s, "homepage_availability").points == 0);

  // Enough probes in all, but bunched into three days: not a week of monitoring.
  f.probes = {150, 100, 3, {}, {{days_ago(1), 50}, {days_ago(2), 50}, {days_ago(3), 50}}};
  s = score_site(r, f);
  CHECK_FALSE(s.vetoed);
  CHECK(item(s, "site_unreachable").value_kind == IndicatorScore::Value::kInsufficient);
}

TEST_CASE("home page not updated after fourteen days or with undated items only", "[rubric_engine]") {
  const Rubric r = load("census-2019");
  SiteFacts f = healthy();
  f.home.newest = days_ago(14);
  CHECK_FALSE(score_site(r, f).vetoed);
  f.home.newest = days_ago(15);
  CHECK(vetoed_by(score_site(r, f), "homepage_not_updated"));
  f.home.newest.reset();
  f.home.items_without_date = 12;
  CHECK(vetoed_by(score_site(r, f), "homepage_not_updated"));
  // Navigation-only home: judged by its column pages.
  f.home.navigation_only = true;
  CHECK_FALSE(score_site(r, f).vetoed);
  for (auto& c : f.columns) c.newest = days_ago(40);
  CHECK(vetoed_by(score_site(r, f), "homepage_not_updated"));
}

TEST_CASE("columns not updated at five stale and at ten long stale", "[rubric_engine]") {
  const Rubric r = load("census-2019");
  SiteFacts f = healthy();
  for (int i = 0; i < 3; ++i) f.columns.push_back(column("动态" + std::to_string(i), "news", 15));
  f.columns.push_back(column("政策文件", "notice_policy", 184));
  RubricScore s = score_site(r, f);
  CHECK_FALSE(s.vetoed);  // 4 stale
  CHECK(item(s, "news_column_stale").points == 6);
  CHECK(item(s, "policy_column_stale").points == 5);
  f.columns.push_back(column("规范性文件", "notice_policy", 200, /*first_level=*/false));
  CHECK_FALSE(score_site(r, f).vetoed);  // 2019 counts first-level notice columns only
  CHECK(vetoed_by(score_site(load("census-2015"), f), "columns_not_updated"));  // 2015 counts all
  f.columns.push_back(column("工作动态", "news", 14));
  CHECK_FALSE(score_site(r, f).vetoed);  // exactly 14 days is not stale
  f.columns.back().newest.reset();  // a column whose items carry no date counts as stale
  s = score_site(r, f);
  CHECK(vetoed_by(s, "columns_not_updated"));
  CHECK(item(s, "columns_not_updated").evidence.size() >= 5);

  SiteFacts g = healthy();
  for (int i = 0; i < 9; ++i) g.columns.push_back(column("规划" + std::to_string(i), "slow", 366));
  CHECK_FALSE(score_site(r, g).vetoed);
  g.columns.push_back(column("任免", "slow", 366));
  CHECK(vetoed_by(score_site(r, g), "columns_not_updated"));
}

TEST_CASE("blank columns veto at five including placeholder pages", "[rubric_engine]") {
  const Rubric r = load("census-2019");
  SiteFacts f = healthy();
  for (int i = 0; i < 3; ++i) {
    ColumnFacts c = column("专栏" + std::to_string(i), "other", 0);
    c.blank = true;
    c.newest.reset();
    f.columns.push_back(c);
  }
  ColumnFacts placeholder = column("人才招聘", "other", 0);
  placeholder.newest.reset();
  placeholder.item_count = 0;
  f.columns.push_back(placeholder);
  f.pages.push_back({placeholder.url, "", "首页 > 人才招聘  此栏目暂无内容"});
  RubricScore s = score_site(r, f);
  CHECK_FALSE(s.vetoed);
  CHECK(item(s, "blank_column_found").number == 4);
  CHECK(item(s, "blank_column_found").points == 8);
  ColumnFacts script = placeholder;  // an unreadable script list is not judged blank
  script.url += "s";
  script.script_only = true;
  f.columns.push_back(script);
  CHECK_FALSE(score_site(r, f).vetoed);
  ColumnFacts fifth = f.columns[4];
  fifth.url += "x";
  f.columns.push_back(fifth);
  s = score_site(r, f);
  CHECK(vetoed_by(s, "blank_columns"));
  bool placeholder_evidence = false;
  for (const auto& e : item(s, "blank_columns").evidence)
    placeholder_evidence |= e.detail.find("暂无内容") != std::string::npos;
  CHECK(placeholder_evidence);
}

TEST_CASE("serious errors from misspelt leader titles and forged dates", "[rubric_engine]") {
  const Rubric r = load("census-2019");
  SiteFacts f = healthy();
  f.pages = {{"http://www.a.gov.cn.test/1.html", "", "深入学习贯彻习近平总书记重要讲话精神，国务院总理李强，总里程120公里"}};
  CHECK_FALSE(score_site(r, f).vetoed);  // correct titles and 总里程 do not match
  f.pages.push_back({"http://www.a.gov.cn.test/2.html", "t", "认真学习习近平总书计重要讲话"});
  RubricScore s = score_site(r, f);
  REQUIRE(vetoed_by(s, "serious_errors"));
  const auto& ev = item(s, "serious_errors").evidence;
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].url == "http://www.a.gov.cn.test/2.html");
  CHECK(ev[0].detail.find("习近平总书计") != std::string::npos);

  for (const char* phrase : {"国务院总里", "中国共产觉", "中华人明共和国", "习近平总书纪"}) {
    SiteFacts h = healthy();
    h.pages = {{"http://www.a.gov.cn.test/5.html", "", std::string("会议传达学习了") + phrase + "重要讲话精神。"}};
    INFO(phrase);
    CHECK(vetoed_by(score_site(r, h), "serious_errors"));
  }

  SiteFacts g = healthy();
  g.date_anomalies = {{"http://www.a.gov.cn.test/3.html", "", days_ago(-1), "future", ""}};
  CHECK_FALSE(score_site(r, g).vetoed);  // one day ahead is tolerated (time zones)
  g.date_anomalies[0].date = days_ago(-2);
  CHECK(vetoed_by(score_site(r, g), "serious_errors"));
  g.date_anomalies = {{"http://www.a.gov.cn.test/4.html", "", "2024-06-01", "list_mismatch", "2018-03-02"}};
  CHECK(vetoed_by(score_site(r, g), "serious_errors"));
}

TEST_CASE("poor interaction after ninety days unanswered or with no channel", "[rubric_engine]") {
  const Rubric r = load("census-2019");
  SiteFacts f = healthy();
  f.messages.push_back({"http://www.a.gov.cn.test/ldxx/2", "", "mailbox", days_ago(90), std::nullopt});
  CHECK_FALSE(score_site(r, f).vetoed);
  f.messages.back().asked = days_ago(91);
  CHECK(vetoed_by(score_site(r, f), "poor_interaction"));
  f.messages.back().asked = days_ago(366);  // outside the one-year window
  CHECK_FALSE(score_site(r, f).vetoed);
  f.messages.back() = {"http://www.a.gov.cn.test/xf/2", "", "petition", days_ago(200), std::nullopt};
  CHECK_FALSE(score_site(r, f).vetoed);  // 信访 messages are out of scope

  SiteFacts g = healthy();
  g.channels = {{"petition", "http://www.a.gov.cn.test/xf/", "", "网上信访"}};
  CHECK(vetoed_by(score_site(r, g), "poor_interaction"));
  const RubricScore s2015 = score_site(load("census-2015"), g);  // 2015: a deduction, not a veto
  CHECK_FALSE(s2015.vetoed);
  CHECK(item(s2015, "no_consultation_channel").points == 10);
}

TEST_CASE("services unusable by the guide rules and skipped for departments", "[rubric_engine]") {
  const Rubric r = load("census-2019");
  SiteFacts f = healthy();
  f.guides.clear();
  for (int i = 0; i < 5; ++i) f.guides.push_back(guide(i, 3));
  RubricScore s = score_site(r, f);
  CHECK_FALSE(s.vetoed);
  CHECK(item(s, "service_guide_incomplete").points == 5);
  for (auto& g : f.guides) g = guide(0, 4);
  CHECK(vetoed_by(score_site(r, f), "services_unusable"));
  f.guides.push_back(guide(9, 0));  // 5 of 6 bad: still ≥ 5
  CHECK(vetoed_by(score_site(r, f), "services_unusable"));
  f.guides.erase(f.guides.begin());  // 4 of 5 bad
  CHECK_FALSE(score_site(r, f).vetoed);
  f.guides.pop_back();  // fewer than 5 guides, every one bad
  CHECK(vetoed_by(score_site(r, f), "services_unusable"));

  SiteFacts none = healthy();
  none.guides.clear();
  CHECK_FALSE(score_site(r, none).vetoed);  // services delegated to a hall that answers
  none.service_halls[0].ok = false;
  CHECK(vetoed_by(score_site(r, none), "services_unusable"));
  none.public_services = false;  // a department without public services
  s = score_site(r, none);
  CHECK_FALSE(s.vetoed);
  CHECK(s.services_skipped);
  CHECK(*s.score == Approx(100));  // 75 × 4/3, the dead hall not charged
  none.features.erase("search");
  s = score_site(r, none);
  CHECK(*s.score == Approx(70 * 4.0 / 3.0));
}

TEST_CASE("deductions are capped per item and per group and pass needs sixty", "[rubric_engine]") {
  const Rubric r = load("census-2019");
  SiteFacts f = healthy();
  for (int i = 0; i < 50; ++i)
    f.broken_links.push_back({"http://www.a.gov.cn.test/dead" + std::to_string(i), "http://www.a.gov.cn.test/",
                              "", 404, "http_error", true, false});
  RubricScore s = score_site(r, f);
  CHECK(item(s, "broken_links_home").number == 50);
  CHECK(item(s, "broken_links_home").points == 5);
  CHECK_FALSE(item(s, "broken_links_home").evidence.empty());
  CHECK(*s.score == 95);

  for (int i = 0; i < 40; ++i)
    f.broken_links.push_back({"http://www.a.gov.cn.test/x" + std::to_string(i), "http://www.a.gov.cn.test/p/",
                              "", 0, "timeout", false, true});
  f.probes.failed = 6;           // 4 points
  f.features.clear();            // no search −5, no 找错 −2, no site code −2
  s = score_site(r, f);          // functions: 5 + 5 + 4 + 5 + 2 + 2 = 23 > 20
  CHECK(s.criteria.at("functions") == 0);
  for (const auto& i : s.indicators)
    if (i.points > 0) CHECK_FALSE(i.evidence.empty());
  CHECK(item(s, "no_search").evidence[0].detail == "search not found");
  CHECK(*s.score == 80);
  CHECK(s.passed);

  // Services group: guides, forms and halls failing.
  f.guides.clear();
  for (int i = 0; i < 12; ++i) f.guides.push_back(guide(i, 2));
  f.forms.assign(6, {"http://www.a.gov.cn.test/f.doc", "", "", false, "404"});
  f.service_halls = {{"http://zwfw.x.gov.cn.test/", "", "", false, "timeout"}};
  s = score_site(r, f);  // 20 + 10 + 5 + 5 = 40
  CHECK(*s.score == 60);
  CHECK(s.passed);
  f.service_halls.push_back(f.service_halls[0]);  // a second dead hall: −5 more
  s = score_site(r, f);
  CHECK(*s.score == 55);
  CHECK_FALSE(s.passed);
}

TEST_CASE("bonus only above eighty and capped", "[rubric_engine]") {
  const Rubric r = load("census-2019");
  SiteFacts f = healthy();
  f.features["accessibility_mode"] = {{"http://www.a.gov.cn.test/", "", "无障碍"}};
  f.media = {{"wechat", "某县发布", "http://www.a.gov.cn.test/xmt/", "", true, days_ago(3)}};
  RubricScore s = score_site(r, f);
  CHECK(s.bonus == 10);
  CHECK(*s.score == 110);
  CHECK(s.max == 130);
  f.media[0].newest = days_ago(15);  // a zombie account earns nothing
  CHECK(*score_site(r, f).score == 105);
  f.features.erase("search");
  f.features.erase("error_report_channel");
  f.features.erase("site_id_code");
  f.probes.failed = 6;
  f.messages.clear();   // 100 − 5 − 2 − 2 (features) − 4 (probes) − 3 (no recent reply) = 84
  s = score_site(r, f);
  CHECK(s.deductions == 16);
  CHECK(s.bonus == 5);  // 84 > 80
  f.features["search"].clear();  // an empty evidence list is "not found"
  f.broken_links = {{"http://www.a.gov.cn.test/d", "", "", 404, "http_error", true, false}};
  f.messages = {{"http://www.a.gov.cn.test/ldxx/1", "", "mailbox", days_ago(20), days_ago(18)}};
  s = score_site(r, f);  // 100 − 5 − 2 − 2 − 4 − 1 = 86
  CHECK(*s.score == 91);
  f.probes.failed = 7;  // a veto: bonus and deductions are no longer scored
  s = score_site(r, f);
  CHECK(s.vetoed);
  CHECK(s.bonus == 0);
  CHECK(std::none_of(s.indicators.begin(), s.indicators.end(), [](const auto& i) { return i.kind != "veto"; }));
}

TEST_CASE("a score of exactly eighty earns no bonus", "[rubric_engine]") {
  const Rubric r = load("census-2019");
  SiteFacts f = healthy();
  f.features = {{"accessibility_mode", {{"u", "", "无障碍"}}}};  // −9 for missing search/找错/code
  f.probes.failed = 6;                                            // −4
  f.columns.push_back(column("工作动态", "news", 20));           // −2
  f.messages.clear();                                             // −3 no recent replies
  f.broken_links.assign(2, {"http://www.a.gov.cn.test/d", "", "", 404, "http_error", true, false});  // −2
  RubricScore s = score_site(r, f);
  CHECK(s.deductions == 20);
  CHECK(s.bonus == 0);
  CHECK(*s.score == 80);
  CHECK(item(s, "accessibility_mode").points == 0);
}

TEST_CASE("a threshold changed in a copied rubric file changes the verdict", "[rubric_engine]") {
  const Rubric original = load("census-2019");
  SiteFacts f = healthy();
  for (int i = 0; i < 3; ++i) {
    ColumnFacts c = column("空栏目" + std::to_string(i), "other", 0);
    c.blank = true;
    f.columns.push_back(c);
  }
  CHECK_FALSE(score_site(original, f).vetoed);

  ScratchDir dir;
  std::string text = read_file(source_dir() + "/audit_rules/rubrics/census-2019.toml");
  const auto at = text.find("blank_min = 5");
  REQUIRE(at != std::string::npos);
  text.replace(at, 13, "blank_min = 3");
  write_file(dir.file("strict.toml"), text);
  Rubric strict;
  std::string err;
  REQUIRE(load_rubric(dir.file("strict.toml"), &strict, &err));
  CHECK(vetoed_by(score_site(strict, f), "blank_columns"));
}

TEST_CASE("scores json carries the cli shape with evidence", "[rubric_engine]") {
  SiteFacts f = healthy();
  f.home.newest = days_ago(30);
  const auto j = score_to_json(score_site(load("census-2019"), f), "run-7");
  CHECK(j["site"] == "a");
  CHECK(j["run"] == "run-7");
  CHECK(j["rubric"] == "census-2019");
  CHECK(j["score"].is_null());
  CHECK(j["vetoed"] == true);
  CHECK(j["vetoes"] == nlohmann::json::array({"homepage_not_updated"}));
  bool found = false;
  for (const auto& i : j["indicators"]) {
    if (i["id"] != "homepage_not_updated") continue;
    found = true;
    CHECK(i["value"] == true);
    REQUIRE(i["evidence"].size() == 1);
    CHECK(i["evidence"][0]["url"] == "http://www.a.gov.cn.test/");
    CHECK(i["evidence"][0].contains("seen_at"));
  }
  CHECK(found);
}

TEST_CASE("evidence is a sample of five with the count of everything found", "[rubric_engine]") {
  SiteFacts f = healthy();
  f.features["search"].clear();
  for (int i = 0; i < 12; ++i) f.features["search"].push_back({"http://www.a.gov.cn.test/s" + std::to_string(i), "", "search form"});
  const RubricScore s = score_site(load("un-losi-cn-minority"), f);
  const auto& ind = item(s, "TEC-206");
  CHECK(ind.met);
  REQUIRE(ind.evidence.size() == 5);
  CHECK(ind.evidence[0].url == "http://www.a.gov.cn.test/s0");  // the first found, in order
  CHECK(ind.evidence[4].url == "http://www.a.gov.cn.test/s4");
  CHECK(ind.evidence_total == 12);
  const auto j = score_to_json(s, "1");
  for (const auto& i : j["indicators"]) {
    if (i["id"] != "TEC-206") continue;
    CHECK(i["evidence"].size() == 5);
    CHECK(i["evidence_total"] == 12);
  }
  f.features["search"].resize(2);
  const RubricScore fewer = score_site(load("un-losi-cn-minority"), f);
  const auto& two = item(fewer, "TEC-206");
  CHECK(two.evidence.size() == 2);
  CHECK(two.evidence_total == 2);
}

// ---- UN-style ---------------------------------------------------------------------------------------

namespace {

// Four automated indicators in two criteria, one manual, one extension: easy arithmetic.
const char* kTinyUn = R"(id = "tiny-un"
version = "1"
edition = "test"
kind = "un"
[scoring]
uncoded_manual_in_max = false
[[level]]
id = "very_high"
min = 0.75
strict = true
[[level]]
id = "high"
min = 0.5
[[level]]
id = "middle"
min = 0.25
[[level]]
id = "low"
min = 0.0
[[criterion]]
id = "A"
[[criterion]]
id = "B"
[[indicator]]
id = "a1"
criterion = "A"
check = "feature_present"
params = { feature = "f1" }
[[indicator]]
id = "a2"
criterion = "A"
check = "feature_present"
params = { feature = "f2" }
[[indicator]]
id = "b1"
criterion = "B"
check = "feature_present"
params = { feature = "f3" }
[[indicator]]
id = "b2"
criterion = "B"
check = "link_text_matches"
extension = true
params = { patterns = ["藏文", "(?i)tibetan"], require_target_ok = true }
[[indicator]]
id = "m1"
criterion = "B"
manual = true
method = "M"
)";

Rubric tiny_un() {
  ScratchDir dir;
  write_file(dir.file("un.toml"), kTinyUn);
  Rubric r;
  std::string err;
  INFO(err);
  REQUIRE(load_rubric(dir.file("un.toml"), &r, &err));
  return r;
}

SiteFacts with_features(std::initializer_list<const char*> ids) {
  SiteFacts f;
  f.as_of = kAsOf;
  for (const char* id : ids) f.features[id] = {{"http://u.test/", "", id}};
  return f;
}

}  // namespace

TEST_CASE("un scores normalise per criterion and overall with levels at the boundaries", "[rubric_engine]") {
  const Rubric r = tiny_un();
  RubricScore s = score_site(r, with_features({}));
  CHECK(*s.score == 0);
  CHECK(s.level == "low");
  CHECK(s.max_points == 4);  // the uncoded manual indicator is out of the maximum
  CHECK(item(s, "m1").value_kind == IndicatorScore::Value::kUnknown);
  CHECK_FALSE(item(s, "m1").in_max);

  s = score_site(r, with_features({"f1"}));
  CHECK(*s.score == 0.25);
  CHECK(s.level == "middle");
  CHECK(s.criteria.at("A") == 0.5);
  CHECK(s.criteria.at("B") == 0);

  s = score_site(r, with_features({"f1", "f2"}));
  CHECK(*s.score == 0.5);
  CHECK(s.level == "high");

  SiteFacts f = with_features({"f1", "f2", "f3"});
  s = score_site(r, f);
  CHECK(*s.score == 0.75);
  CHECK(s.level == "high");  // very high needs more than 0.75
  CHECK(*s.comparable_index == 1.0);  // b2 is an extension

  f.link_texts = {{"http://bo.a.gov.cn.test/", "藏文版", "http://a.gov.cn.test/", "", false}};
  CHECK(*score_site(r, f).score == 0.75);  // the target did not answer
  f.link_texts[0].target_ok = true;
  s = score_site(r, f);
  CHECK(*s.score == 1.0);
  CHECK(s.level == "very_high");
  CHECK(item(s, "b2").evidence[0].detail.find("藏文") != std::string::npos);

  f.manual_codes["m1"] = false;  // once coded, the manual indicator counts
  s = score_site(r, f);
  CHECK(s.max_points == 5);
  CHECK(*s.score == 0.8);
  CHECK(s.criteria.at("B") == Approx(2.0 / 3.0));
}

TEST_CASE("the shipped un rubric scores minority language and china additions", "[rubric_engine]") {
  const Rubric r = load("un-losi-cn-minority");
  SiteFacts f;
  f.as_of = kAsOf;
  RubricScore empty = score_site(r, f);
  CHECK(*empty.score == 0);
  CHECK(empty.level == "low");
  int automated = 0;
  for (const auto& i : r.items) automated += !i.manual;
  CHECK(empty.max_points == automated);

  f.link_texts = {{"http://bo.lasa.gov.cn.test/", "བོད་ཡིག 藏文版", "http://www.lasa.gov.cn.test/", "", true},
                  {"http://www.lasa.gov.cn.test/xczx/", "乡村振兴", "http://www.lasa.gov.cn.test/", "", true},
                  {"http://www.lasa.gov.cn.test/zsyz/", "招商引资", "http://www.lasa.gov.cn.test/", "", true}};
  f.service_halls = {{"http://zwfw.xizang.gov.cn.test/", "http://www.lasa.gov.cn.test/", "", true, "200"}};
  f.features["search"] = {{"http://www.lasa.gov.cn.test/", "", "search form"}};
  const RubricScore s = score_site(r, f);
  CHECK(item(s, "CN-minority-language").met);
  CHECK(item(s, "CN-rural-revitalisation").met);
  CHECK(item(s, "CN-rural-hr").met);
  CHECK(item(s, "CN-industry").met);
  CHECK(item(s, "CN-one-stop").met);
  CHECK(item(s, "TEC-206").met);
  CHECK_FALSE(item(s, "TEC-205").met);
  CHECK(item(s, "CP-212").met);  // a minority-language version is content in a second language
  CHECK(s.criteria.at("TEC") > 0);
  CHECK(*s.score > 0);
  CHECK(*s.comparable_index < *s.score);  // the CN additions lift only the overall index
}

TEST_CASE("long link texts are clipped in evidence without breaking UTF-8", "[rubric_engine]") {
  SiteFacts f;
  f.as_of = kAsOf;
  std::string text;
  for (int i = 0; i < 100; ++i) text += "乡";  // 300 bytes; 120 falls inside no character
  text = "x" + text + "乡村振兴";
  f.link_texts = {{"http://u.test/x", text, "http://u.test/", "", true}};
  const auto j = score_to_json(score_site(load("un-losi-cn-minority"), f), "r");
  std::string dumped;
  CHECK_NOTHROW(dumped = j.dump());
  CHECK(dumped.find("乡村振兴") != std::string::npos);  // the matched text is kept whole
}
