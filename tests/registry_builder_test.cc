// data/registry/build_registry.py on the real source page: the county-level build imports cleanly,
// every reject has a line and a reason, the known dirty rows follow the stated rules, and the
// committed default registry equals a fresh build (so it cannot drift from the script).
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "store/registry_csv.h"
#include "tests/support/run_command.h"

using namespace govaudit;
using namespace govaudit::testing;

namespace {

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

/// The shared source page: ../shared beside the repository, or two levels up from a git worktree.
std::string source_page() {
  const std::string rel = "/data/registry-sources/laosheng_qianxian.md";
  for (const std::string& base : {shared_dir(), source_dir() + "/../../shared"})
    if (exists(base + rel)) return base + rel;
  FAIL("cannot find the shared registry source " << rel);
  return "";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

CommandResult build(const std::string& levels, const std::string& out, const std::string& rejects) {
  return run_program({"python3", source_dir() + "/data/registry/build_registry.py", "--levels", levels, "--source",
                      source_page(), "--out", out, "--rejects", rejects});
}

}  // namespace

TEST_CASE("the county level build imports and lists every reject with line and reason", "[registry_builder]") {
  ScratchDir dir;
  const auto built = build("province,prefecture,county", dir.file("all.csv"), dir.file("rejects.csv"));
  REQUIRE(built.exit_code == 0);

  std::vector<Site> sites;
  std::string err;
  REQUIRE(parse_registry_csv(dir.file("all.csv"), &sites, &err));
  CHECK(sites.size() > 3000);
  CHECK(sites.size() < 3400);

  auto imported = run_govaudit({"--db", dir.file("g.db"), "sites", "import", dir.file("all.csv")});
  REQUIRE(imported.exit_code == 0);
  CHECK(imported.err.find("imported " + std::to_string(sites.size()) + " sites") != std::string::npos);
  auto listed = run_govaudit({"--db", dir.file("g.db"), "sites", "list", "--format", "json"});
  REQUIRE(listed.exit_code == 0);
  CHECK(nlohmann::json::parse(listed.out).size() == sites.size());

  // Every reject: a positive line number, an id, a reason.
  const auto rejects = lines_of(read_file(dir.file("rejects.csv")));
  REQUIRE(rejects.size() >= 2);
  CHECK(rejects[0] == "line,id,reason");
  for (std::size_t i = 1; i < rejects.size(); ++i) {
    INFO(rejects[i]);
    const auto first = rejects[i].find(',');
    const auto second = rejects[i].find(',', first + 1);
    REQUIRE(second != std::string::npos);
    CHECK(std::stoi(rejects[i].substr(0, first)) > 0);
    CHECK(rejects[i].substr(first + 1, 3) == "cn-");
    CHECK(second + 1 < rejects[i].size());
  }
  auto by_id = [&](const std::string& id) -> const Site* {
    for (const auto& s : sites)
      if (s.id == id) return &s;
    return nullptr;
  };
  auto rejected = [&](const std::string& id) -> std::string {
    for (const auto& r : rejects)
      if (r.find("," + id + ",") != std::string::npos) return r;
    return "";
  };

  // Known dirty rows of the source, handled by the stated rules:
  // 休宁县's URL ends in ';' -> stripped; 肥乡区 has stray spaces -> stripped.
  REQUIRE(by_id("cn-341022"));
  CHECK(by_id("cn-341022")->url == "http://www.xiuning.gov.cn");
  REQUIRE(by_id("cn-130407"));
  CHECK(by_id("cn-130407")->url == "http://www.fxq.gov.cn");
  // 西沙区 and 南沙区 have no URL -> rejected with their line, never guessed.
  CHECK_FALSE(by_id("cn-460321"));
  CHECK(rejected("cn-460321").find("no URL") != std::string::npos);
  CHECK(rejected("cn-460321").rfind("2541,", 0) == 0);
  CHECK(rejected("cn-460322").find("no URL") != std::string::npos);
  // Struck-out (abolished) rows are not used.
  CHECK_FALSE(by_id("cn-500105"));
  CHECK(rejected("cn-500105").find("struck out") != std::string::npos);
  // Taiwan, Hong Kong and Macau are outside the census.
  for (const char* id : {"cn-710000", "cn-810000", "cn-820000"}) {
    CHECK_FALSE(by_id(id));
    CHECK(rejected(id).find("outside the census") != std::string::npos);
  }

  // Level, prefecture, region and minority rules on representative rows: 仙桃市 directly under the
  // province, a Corps city, the Corps itself, a Beijing district, 神农架林区 (a 林区 is not a city district),
  // an autonomous county, a prefecture whose full name comes after its short one, an ordinary county.
  struct Expected {
    const char* id;
    const char* name;
    const char* province;
    const char* prefecture;
    const char* level;
    const char* region;
    const char* minority;
  };
  const Expected expected[] = {
      {"cn-429004", "仙桃市", "湖北省", "省直辖县级行政单位", "county", "central", "none"},
      {"cn-659001", "石河子市／第八师", "新疆生产建设兵团", "自治区直辖县级行政单位", "county", "west", "none"},
      {"cn-659000", "新疆生产建设兵团", "新疆生产建设兵团", "", "province", "west", "none"},
      {"cn-110101", "东城区", "北京市", "北京市", "district", "east", "none"},
      {"cn-429021", "神农架林区", "湖北省", "省直辖县级行政单位", "county", "central", "none"},
      {"cn-469025", "白沙黎族自治县", "海南省", "省直辖县级行政单位", "county", "east", "county"},
      {"cn-222400", "延边朝鲜族自治州", "吉林省", "延边朝鲜族自治州", "prefecture", "northeast", "prefecture"},
      {"cn-150000", "内蒙古自治区", "内蒙古自治区", "", "province", "west", "region"},
      {"cn-341022", "休宁县", "安徽省", "黄山市", "county", "central", "none"},
  };
  for (const auto& e : expected) {
    INFO(e.id);
    const Site* s = by_id(e.id);
    REQUIRE(s);
    CHECK(s->name == e.name);
    CHECK(s->province == e.province);
    CHECK(s->prefecture == e.prefecture);
    CHECK(s->level == e.level);
    CHECK(s->region == e.region);
    CHECK(s->minority == e.minority);
  }
}

TEST_CASE("the committed default registry equals a fresh build and imports cleanly", "[registry_builder]") {
  ScratchDir dir;
  const auto built = build("province,prefecture", dir.file("default.csv"), dir.file("rejects.csv"));
  REQUIRE(built.exit_code == 0);
  const std::string committed_path = source_dir() + "/data/registry/cn-prefecture-and-above.csv";
  const std::string committed = read_file(committed_path);
  REQUIRE_FALSE(committed.empty());
  CHECK(committed == read_file(dir.file("default.csv")));

  std::vector<Site> sites;
  std::string err;
  REQUIRE(parse_registry_csv(committed_path, &sites, &err));
  CHECK(sites.size() > 350);
  CHECK(sites.size() < 400);
  for (const auto& s : sites) CHECK((s.level == "province" || s.level == "prefecture"));

  auto imported = run_govaudit({"--db", dir.file("g.db"), "sites", "import", committed_path});
  REQUIRE(imported.exit_code == 0);
  // What `sites list --format csv` prints is the committed file, byte for byte.
  auto listed = run_govaudit({"--db", dir.file("g.db"), "sites", "list", "--format", "csv"});
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.out == committed);
}

TEST_CASE("the builder rejects an unusable URL and a missing URL in a small page", "[registry_builder]") {
  ScratchDir dir;
  write_file(dir.file("page.md"),
             "<h3 id=\"34\">34 <a href=\"https://www.ah.gov.cn/hfwy/\" title=\"340000 \">安徽省</a></h3>\n"
             "341000 <b>[黄山市](http://www.huangshan.gov.cn )</b>　皖J　0559　  \n"
             "341021 [歙县](ftp://www.shexian.gov.cn )⠀\n"
             "341022 [休宁县](http://www.xiuning.gov.cn; )⠀\n"
             "341023 黟县⠀⠀\n");
  const auto r = run_program({"python3", source_dir() + "/data/registry/build_registry.py", "--levels",
                              "province,prefecture,county", "--source", dir.file("page.md"), "--out",
                              dir.file("out.csv"), "--rejects", dir.file("rej.csv")});
  REQUIRE(r.exit_code == 0);
  CHECK(read_file(dir.file("out.csv")) ==
        "id,name,province,prefecture,level,region,minority,url,name_en,extra_hosts,tags\n"
        "cn-340000,安徽省,安徽省,,province,central,none,https://www.ah.gov.cn/hfwy/,,,\n"
        "cn-341000,黄山市,安徽省,黄山市,prefecture,central,none,http://www.huangshan.gov.cn,,,\n"
        "cn-341022,休宁县,安徽省,黄山市,county,central,none,http://www.xiuning.gov.cn,,,\n");
  const std::string rej = read_file(dir.file("rej.csv"));
  CHECK(rej.find("3,cn-341021,") != std::string::npos);
  CHECK(rej.find("not http(s)") != std::string::npos);
  CHECK(rej.find("5,cn-341023,no URL in the source") != std::string::npos);
}
