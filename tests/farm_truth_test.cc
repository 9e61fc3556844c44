// The farm's truth is internally consistent and deterministic (no server involved): same seed, same
// bytes; stale columns really are stale as of as_of; vetoes follow from the planted defects.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>

#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_truth.h"

using namespace govaudit::farm;
using nlohmann::json;

namespace {

FarmConfig config(int sites, std::uint64_t seed) { return {sites, seed, day_from_ymd(2026, 11, 23), false}; }

json truth(int sites, std::uint64_t seed) { return json::parse(truth_json(generate_farm(config(sites, seed)))); }

int age(const json& date, Day as_of) {
  Day d;
  REQUIRE(parse_iso_date(date.get<std::string>(), &d));
  return as_of - d;
}

}  // namespace

TEST_CASE("farm dates round trip through the civil calendar", "[farm]") {
  for (Day d = day_from_ymd(1999, 12, 25); d < day_from_ymd(2031, 3, 1); d += 17) {
    Day back;
    REQUIRE(parse_iso_date(iso_date(d), &back));
    CHECK(back == d);
  }
  Day x;
  CHECK_FALSE(parse_iso_date("2026-02-30", &x));
  CHECK_FALSE(parse_iso_date("2026-1-5", &x));
  CHECK(list_date(day_from_ymd(2024, 3, 5), 1) == "2024年3月5日");
  CHECK(list_date(day_from_ymd(2024, 3, 5), 3) == "[03-05]");
}

TEST_CASE("the same seed gives byte identical truth and registry", "[farm]") {
  CHECK(truth_json(generate_farm(config(12, 7))) == truth_json(generate_farm(config(12, 7))));
  CHECK(registry_csv(generate_farm(config(12, 7))) == registry_csv(generate_farm(config(12, 7))));
  CHECK(truth_json(generate_farm(config(12, 7))) != truth_json(generate_farm(config(12, 8))));
  FarmConfig later = config(12, 7);
  later.as_of += 30;
  CHECK(truth_json(generate_farm(later)) != truth_json(generate_farm(config(12, 7))));
}

TEST_CASE("site k does not depend on the number of sites", "[farm]") {
  json small = truth(5, 3), big = truth(20, 3);
  for (int i = 0; i < 5; ++i) CHECK(small["sites"][i] == big["sites"][i]);
}

TEST_CASE("stale columns are older than their census limit and fresh ones are clearly newer", "[farm]") {
  json t = truth(40, 1);
  Day as_of;
  REQUIRE(parse_iso_date(t["as_of"], &as_of));
  int stale_seen = 0;
  for (const auto& s : t["sites"]) {
    std::set<std::string> stale;
    for (const auto& d : s["defects"])
      if (d["kind"] == "stale_column") stale.insert(d["url"]);
    for (const auto& c : s["columns"]) {
      std::string type = c["type"];
      if (type != "news" && type != "notice" && type != "slow") continue;
      if (c["blank"]) {
        CHECK(c["items"] == 0);
        continue;
      }
      int limit = type == "news" ? 14 : type == "notice" ? 183 : 365;
      int a = age(c["newest"], as_of);
      if (stale.count(c["url"])) {
        ++stale_seen;
        CHECK(a > limit + 10);
      } else {
        CHECK(a <= limit / 2);
      }
    }
  }
  CHECK(stale_seen > 5);
}

TEST_CASE("vetoes follow from the planted defects", "[farm]") {
  json t = truth(40, 2);
  Day as_of;
  REQUIRE(parse_iso_date(t["as_of"], &as_of));
  const std::set<std::string> kinds = {"site_unreachable", "homepage_not_updated", "columns_not_updated", "stale_column",
                                       "blank_columns",    "broken_link",          "soft_404",            "serious_errors",
                                       "poor_interaction", "services_unusable",    "service_guide_incomplete",
                                       "dormant_site",     "zombie_app"};
  std::set<std::string> vetoes_seen;
  for (const auto& s : t["sites"]) {
    std::map<std::string, int> count;
    for (const auto& d : s["defects"]) {
      CHECK(kinds.count(d["kind"]));
      CHECK(d["url"].get<std::string>().rfind("http://", 0) == 0);
      ++count[d["kind"]];
    }
    std::set<std::string> vetoes(s["vetoes"].begin(), s["vetoes"].end());
    vetoes_seen.insert(vetoes.begin(), vetoes.end());
    CHECK(vetoes.count("site_unreachable") == (s["fail_share"].get<double>() >= 0.05 ? 1u : 0u));
    CHECK(vetoes.count("blank_columns") == (count["blank_columns"] >= 5 ? 1u : 0u));
    CHECK(vetoes.count("serious_errors") == (count["serious_errors"] > 0 ? 1u : 0u));
    CHECK(vetoes.count("poor_interaction") == (count["poor_interaction"] > 0 ? 1u : 0u));
    CHECK(vetoes.count("services_unusable") == (count["services_unusable"] > 0 ? 1u : 0u));
    bool home_old = s["home_newest"].is_null() || age(s["home_newest"], as_of) > 14;
    CHECK(vetoes.count("homepage_not_updated") == (home_old ? 1u : 0u));
    int stale_nn = 0;
    for (const auto& c : s["columns"])
      if (!c["blank"] && (c["type"] == "news" || c["type"] == "notice") &&
          age(c["newest"], as_of) > (c["type"] == "news" ? 14 : 183))
        ++stale_nn;
    if (stale_nn >= 5) CHECK(vetoes.count("columns_not_updated") == 1);
    // Flags mirror the flag-kind defects.
    CHECK(s["flags"].size() == static_cast<size_t>(count["stale_column"] + count["dormant_site"] + count["zombie_app"]));
  }
  for (const char* v : {"site_unreachable", "homepage_not_updated", "columns_not_updated", "blank_columns",
                        "serious_errors", "poor_interaction", "services_unusable"})
    CHECK(vetoes_seen.count(v));
}

TEST_CASE("the farm covers styles charsets minorities and clean sites", "[farm]") {
  json t = truth(60, 1);
  std::set<std::string> styles, declared, hosts;
  int clean = 0, gbk = 0;
  for (const auto& s : t["sites"]) {
    styles.insert(s["style"]);
    if (s["charset"] == "GBK") {
      ++gbk;
      declared.insert(s["charset_declared"]);
    }
    if (s["defects"].empty()) ++clean;
    std::string host = s["host"];
    CHECK(host.size() > 5);
    CHECK(host.substr(host.size() - 5) == ".test");
    CHECK(hosts.insert(host).second);
    // pages: sorted, unique, in scope.
    std::vector<std::string> pages = s["pages"];
    CHECK(std::is_sorted(pages.begin(), pages.end()));
    CHECK(std::adjacent_find(pages.begin(), pages.end()) == pages.end());
    for (const auto& p : pages)
      CHECK((p.rfind("http://" + host + "/", 0) == 0 || p.rfind("http://" + s["extra_hosts"][0].get<std::string>() + "/", 0) == 0));
  }
  CHECK(styles.size() == 3);
  CHECK(gbk >= 12);
  CHECK(declared.size() == 5);
  CHECK(clean >= 5);
  std::string csv = registry_csv(generate_farm(config(60, 1)));
  CHECK(csv.rfind("id,name,province,prefecture,level,region,minority,url,name_en,extra_hosts,tags\n", 0) == 0);
  CHECK((csv.find(",west,prefecture,") != std::string::npos || csv.find(",west,county,") != std::string::npos));
  CHECK(csv.find("自治") != std::string::npos);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 61);
}
