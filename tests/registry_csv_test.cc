#include "store/registry_csv.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "tests/support/run_command.h"

using namespace govaudit;

namespace {

const std::string kHeader = "id,name,province,prefecture,level,region,minority,url\n";
const std::string kGood = "cn-341000,黄山市,安徽省,黄山市,prefecture,central,none,http://www.huangshan.gov.cn\n";

/// Parses `text` as file "reg.csv"; returns the error ("" when accepted).
std::string error_of(const std::string& text) {
  std::vector<Site> sites;
  std::string err;
  const bool ok = parse_registry_csv_text(text, "reg.csv", &sites, &err);
  if (!ok) CHECK(sites.empty());
  return ok ? "" : err;
}

}  // namespace

TEST_CASE("a well-formed registry parses into sites", "[registry_csv]") {
  std::vector<Site> sites;
  std::string err;
  const std::string text = "id,name,province,prefecture,level,region,minority,url,name_en,extra_hosts,tags\n"
                           "cn-222400,延边朝鲜族自治州,吉林省,延边朝鲜族自治州,prefecture,northeast,prefecture,"
                           "http://www.yanbian.gov.cn/zq/,Yanbian,\"yanbian.gov.cn; www2.yanbian.gov.cn\",alias:延边州 x\n"
                           "cn-110000,北京市,北京市,,province,east,none,https://www.beijing.gov.cn:8443/a?b=c#d,,,\n";
  REQUIRE(parse_registry_csv_text(text, "reg.csv", &sites, &err));
  REQUIRE(sites.size() == 2);
  CHECK(sites[0].id == "cn-222400");
  CHECK(sites[0].name == "延边朝鲜族自治州");
  CHECK(sites[0].minority == "prefecture");
  CHECK(sites[0].name_en == "Yanbian");
  CHECK(sites[0].extra_hosts == std::vector<std::string>{"yanbian.gov.cn", "www2.yanbian.gov.cn"});
  CHECK(sites[0].tags == std::vector<std::string>{"alias:延边州", "x"});
  CHECK(sites[1].prefecture.empty());
  CHECK(sites[1].url == "https://www.beijing.gov.cn:8443/a?b=c#d");
}

TEST_CASE("a BOM and CRLF line ends are accepted", "[registry_csv]") {
  std::vector<Site> sites;
  std::string err;
  std::string text = "\xEF\xBB\xBFid,name,province,prefecture,level,region,minority,url\r\n"
                     "cn-341000,黄山市,安徽省,黄山市,prefecture,central,none,http://www.huangshan.gov.cn\r\n";
  REQUIRE(parse_registry_csv_text(text, "reg.csv", &sites, &err));
  REQUIRE(sites.size() == 1);
  CHECK(sites[0].id == "cn-341000");
  CHECK(sites[0].url == "http://www.huangshan.gov.cn");
}

TEST_CASE("quoted fields keep commas quotes and newlines", "[registry_csv]") {
  std::vector<Site> sites;
  std::string err;
  const std::string text = kHeader +
                           "a1,\"Name, with \"\"quotes\"\"\nand a newline\",P,Q,prefecture,east,none,http://a.test\n"
                           "a2,B,P,Q,county,west,county,http://b.test/\n";
  REQUIRE(parse_registry_csv_text(text, "reg.csv", &sites, &err));
  REQUIRE(sites.size() == 2);
  CHECK(sites[0].name == "Name, with \"quotes\"\nand a newline");
  // The second record starts on physical line 4 because the first spans two lines.
  CHECK(error_of(kHeader + "a1,\"x\ny\",P,Q,prefecture,east,none,http://a.test\na2,B,P,Q,county,west,bad,http://b.test\n")
            .rfind("reg.csv:4: field 'minority'", 0) == 0);
}

TEST_CASE("each kind of bad row is rejected naming file line and field", "[registry_csv]") {
  struct Case {
    std::string row;
    std::string field;
    std::string value;
  };
  const std::vector<Case> cases = {
      {",x,P,Q,prefecture,east,none,http://a.test", "id", ""},
      {"a b,x,P,Q,prefecture,east,none,http://a.test", "id", "a b"},
      {"a,,P,Q,prefecture,east,none,http://a.test", "name", ""},
      {"a,x,,Q,prefecture,east,none,http://a.test", "province", ""},
      {"a,x,P,,county,east,none,http://a.test", "prefecture", ""},
      {"a,x,P,Q,city,east,none,http://a.test", "level", "city"},
      {"a,x,P,Q,county,south,none,http://a.test", "region", "south"},
      {"a,x,P,Q,county,east,autonomous,http://a.test", "minority", "autonomous"},
      {"a,x,P,Q,county,east,none,ftp://a.test", "url", "ftp://a.test"},
      {"a,x,P,Q,county,east,none,www.xiuning.gov.cn", "url", "www.xiuning.gov.cn"},
      {"a,x,P,Q,county,east,none,http://www.xiuning.gov.cn;", "url", "http://www.xiuning.gov.cn;"},
      {"a,x,P,Q,county,east,none,http://www.fxq.gov.cn  ", "url", "http://www.fxq.gov.cn  "},
      {"a,x,P,Q,county,east,none,http://a b.test/", "url", "http://a b.test/"},
      {"a,x,P,Q,county,east,none,http://", "url", "http://"},
      {"a,x,P,Q,county,east,none,http://nodot/", "url", "http://nodot/"},
      {"a,x,P,Q,county,east,none,http://a.test:99999/", "url", "http://a.test:99999/"},
  };
  for (const Case& c : cases) {
    INFO(c.row);
    const std::string err = error_of(kHeader + kGood + c.row + "\n");
    CHECK(err.rfind("reg.csv:3: field '" + c.field + "': ", 0) == 0);
    CHECK(err.find("(value '" + c.value + "')") != std::string::npos);
  }
  const std::string with_hosts = "id,name,province,prefecture,level,region,minority,url,extra_hosts\n"
                                 "a,x,P,Q,county,east,none,http://a.test,\"b.test;http://c.test\"\n";
  CHECK(error_of(with_hosts).rfind("reg.csv:2: field 'extra_hosts'", 0) == 0);
  CHECK(error_of(with_hosts).find("value 'http://c.test'") != std::string::npos);
}

TEST_CASE("structural problems reject the whole file", "[registry_csv]") {
  CHECK(error_of("").rfind("reg.csv:1: field '(header)'", 0) == 0);
  CHECK(error_of("id,name,province,prefecture,level,region,minority\n").rfind("reg.csv:1: field 'url': required", 0) == 0);
  CHECK(error_of("id,name,province,prefecture,level,region,minority,url,homepage\n")
            .rfind("reg.csv:1: field 'homepage': unknown column", 0) == 0);
  CHECK(error_of("id,name,province,prefecture,level,region,minority,url,url\n")
            .rfind("reg.csv:1: field 'url': column appears twice", 0) == 0);
  // Too few and too many fields.
  CHECK(error_of(kHeader + kGood + "a,x,P,Q,county,east,none\n").rfind("reg.csv:3: field 'url': record has 7 fields", 0) == 0);
  CHECK(error_of(kHeader + "a,x,P,Q,county,east,none,http://a.test,extra\n").rfind("reg.csv:2: field '#9'", 0) == 0);
  // Duplicate id names the second occurrence.
  CHECK(error_of(kHeader + kGood + kGood).rfind("reg.csv:3: field 'id': duplicate", 0) == 0);
  // Broken quoting.
  CHECK(error_of(kHeader + "a,\"x,P,Q,county,east,none,http://a.test\n").find("never closed") != std::string::npos);
  CHECK(error_of(kHeader + "a,x\"y,P,Q,county,east,none,http://a.test\n").find("quote inside") != std::string::npos);
  // Invalid UTF-8 (a lone GBK byte pair) anywhere, even in an otherwise good row, names its line.
  CHECK(error_of(kHeader + kGood + "a,\xBB\xC6,P,Q,county,east,none,http://a.test\n")
            .rfind("reg.csv:3: field '(line)': invalid UTF-8", 0) == 0);
  CHECK_FALSE(error_of(kHeader + "a,\xED\xA0\x80,P,Q,county,east,none,http://a.test\n").empty());  // surrogate
  CHECK_FALSE(error_of(kHeader + "a,\xC0\xAF,P,Q,county,east,none,http://a.test\n").empty());      // overlong
}

TEST_CASE("blank lines are skipped and a missing file is an error naming it", "[registry_csv]") {
  std::vector<Site> sites;
  std::string err;
  REQUIRE(parse_registry_csv_text(kHeader + "\n" + kGood + "\n\n", "reg.csv", &sites, &err));
  CHECK(sites.size() == 1);
  CHECK_FALSE(parse_registry_csv("/nonexistent/reg.csv", &sites, &err));
  CHECK(err.find("/nonexistent/reg.csv") != std::string::npos);
}

TEST_CASE("hosts and urls follow the stated rules", "[registry_csv]") {
  CHECK(is_plausible_host("www.gov.cn"));
  CHECK(is_plausible_host("58.49.42.70"));
  CHECK(is_plausible_host("localhost"));
  CHECK(is_plausible_host("[::1]"));
  CHECK(is_plausible_host("政府.中国"));
  CHECK_FALSE(is_plausible_host("www"));
  CHECK_FALSE(is_plausible_host("-a.gov.cn"));
  CHECK_FALSE(is_plausible_host("a..cn"));
  CHECK_FALSE(is_plausible_host("1.2.3"));
  CHECK_FALSE(is_plausible_host("a.gov.cn;"));
  CHECK(is_registry_url("http://223.75.53.134"));
  CHECK(is_registry_url("https://58.49.42.70/zjxt/"));
  CHECK(is_registry_url("http://127.0.0.1:8080/"));
  CHECK_FALSE(is_registry_url("http://user@a.test/"));
  CHECK_FALSE(is_registry_url("HTTP//a.test"));
}

TEST_CASE("written csv reads back to the same sites", "[registry_csv]") {
  Site a;
  a.id = "x-1";
  a.name = "Name, \"quoted\"\nsecond line";
  a.province = " spaced ";
  a.prefecture = "";
  a.level = "province";
  a.region = "west";
  a.minority = "region";
  a.url = "http://a.test/p?q=1,2";
  a.name_en = "A";
  a.extra_hosts = {"b.test", "c.test"};
  a.tags = {"t1", "t2"};
  std::ostringstream out;
  write_registry_csv({a}, out);
  std::vector<Site> back;
  std::string err;
  REQUIRE(parse_registry_csv_text(out.str(), "out.csv", &back, &err));
  REQUIRE(back.size() == 1);
  CHECK(same_registry_facts(back[0], a));
}
