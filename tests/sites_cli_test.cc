// End-to-end: `govaudit sites import|list` through the built binary.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/run_command.h"

using namespace govaudit::testing;

namespace {

const std::string kRegistry =
    "\xEF\xBB\xBFid,name,province,prefecture,level,region,minority,url,tags\r\n"
    "cn-341022,休宁县,安徽省,黄山市,county,central,none,http://www.xiuning.gov.cn,\r\n"
    "cn-222400,延边朝鲜族自治州,吉林省,延边朝鲜族自治州,prefecture,northeast,prefecture,http://www.yanbian.gov.cn/zq/,"
    "\"alias:延边州;sub\"\r\n"
    "cn-110000,北京市,北京市,,province,east,none,http://www.beijing.gov.cn/,\r\n";

}  // namespace

TEST_CASE("sites import then list as json has the documented shape", "[sites_cli]") {
  ScratchDir dir;
  write_file(dir.file("reg.csv"), kRegistry);
  const std::string db = "--db=" + dir.file("g.db");
  auto imported = run_govaudit({db, "sites", "import", dir.file("reg.csv")});
  REQUIRE(imported.exit_code == 0);
  CHECK(imported.err.find("imported 3 sites from " + dir.file("reg.csv") + ": 3 added, 0 changed, 0 unchanged") !=
        std::string::npos);
  CHECK(imported.out.empty());

  auto listed = run_govaudit({db, "sites", "list", "--format", "json"});
  REQUIRE(listed.exit_code == 0);
  const auto json = nlohmann::json::parse(listed.out);
  REQUIRE(json.is_array());
  REQUIRE(json.size() == 3);
  for (const auto& site : json)
    for (const char* key : {"id", "name", "province", "level", "region", "minority", "url"})
      CHECK(site.at(key).is_string());
  CHECK(json[0]["id"] == "cn-110000");
  CHECK(json[1]["name"] == "延边朝鲜族自治州");
  CHECK(json[1]["minority"] == "prefecture");
  CHECK(json[1]["tags"] == nlohmann::json::array({"alias:延边州", "sub"}));
  CHECK(json[2]["url"] == "http://www.xiuning.gov.cn");
  CHECK(json[2]["prefecture"] == "黄山市");

  // The filters narrow the list.
  auto filtered = run_govaudit({db, "sites", "list", "--format", "json", "--province", "安徽省", "--level", "county"});
  REQUIRE(filtered.exit_code == 0);
  CHECK(nlohmann::json::parse(filtered.out).size() == 1);

  // Unchanged re-import.
  auto again = run_govaudit({db, "sites", "import", dir.file("reg.csv")});
  REQUIRE(again.exit_code == 0);
  CHECK(again.err.find("0 added, 0 changed, 3 unchanged") != std::string::npos);
}

TEST_CASE("a bad csv exits 2 naming file line and field and changes nothing", "[sites_cli]") {
  ScratchDir dir;
  write_file(dir.file("reg.csv"), kRegistry);
  const std::string db = "--db=" + dir.file("g.db");
  REQUIRE(run_govaudit({db, "sites", "import", dir.file("reg.csv")}).exit_code == 0);
  const auto before = run_govaudit({db, "sites", "list", "--format", "csv"});
  REQUIRE(before.exit_code == 0);

  // Line 3 changes a site (would be a new version) and line 4 has a dirty URL: all or nothing.
  write_file(dir.file("bad.csv"),
             "id,name,province,prefecture,level,region,minority,url\n"
             "cn-341022,休宁县,安徽省,黄山市,county,central,none,http://www.xiuning.gov.cn/new/\n"
             "cn-341000,黄山市,安徽省,黄山市,prefecture,central,none,http://www.huangshan.gov.cn\n"
             "cn-341023,黟县,安徽省,黄山市,county,central,none,http://www.yixian.gov.cn;\n");
  auto bad = run_govaudit({db, "sites", "import", dir.file("bad.csv")});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find(dir.file("bad.csv") + ":4: field 'url'") != std::string::npos);
  CHECK(bad.err.find("http://www.yixian.gov.cn;") != std::string::npos);

  const auto after = run_govaudit({db, "sites", "list", "--format", "csv"});
  CHECK(after.out == before.out);

  // A missing file is bad input too.
  CHECK(run_govaudit({db, "sites", "import", dir.file("missing.csv")}).exit_code == 2);
}

TEST_CASE("sites list csv round-trips through import", "[sites_cli]") {
  ScratchDir dir;
  write_file(dir.file("reg.csv"), kRegistry);
  REQUIRE(run_govaudit({"--db", dir.file("a.db"), "sites", "import", dir.file("reg.csv")}).exit_code == 0);
  const auto first = run_govaudit({"--db", dir.file("a.db"), "sites", "list", "--format", "csv"});
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.rfind("id,name,province,prefecture,level,region,minority,url,name_en,extra_hosts,tags\n", 0) == 0);
  write_file(dir.file("out.csv"), first.out);
  REQUIRE(run_govaudit({"--db", dir.file("b.db"), "sites", "import", dir.file("out.csv")}).exit_code == 0);
  const auto second = run_govaudit({"--db", dir.file("b.db"), "sites", "list", "--format", "csv"});
  CHECK(second.out == first.out);
  // And importing the listing into the first store changes nothing.
  auto same = run_govaudit({"--db", dir.file("a.db"), "sites", "import", dir.file("out.csv")});
  CHECK(same.err.find("0 added, 0 changed, 3 unchanged") != std::string::npos);
}

TEST_CASE("sites list table aligns chinese names by display width", "[sites_cli]") {
  ScratchDir dir;
  write_file(dir.file("reg.csv"), kRegistry);
  REQUIRE(run_govaudit({"--db", dir.file("g.db"), "sites", "import", dir.file("reg.csv")}).exit_code == 0);
  const auto table = run_govaudit({"--db", dir.file("g.db"), "sites", "list"});
  REQUIRE(table.exit_code == 0);
  // Each line has the province column starting at the same display column: name cells are
  // 北京市 (6 cells), 延边朝鲜族自治州 (16 cells), 休宁县 (6 cells), padded to 16 + 2.
  CHECK(table.out.find("cn-110000  北京市" + std::string(12, ' ') + "北京市") != std::string::npos);
  CHECK(table.out.find("cn-222400  延边朝鲜族自治州  吉林省") != std::string::npos);
  CHECK(table.out.find("cn-341022  休宁县" + std::string(12, ' ') + "安徽省") != std::string::npos);
}
