#include "store/manual_codes.h"

#include <catch2/catch.hpp>

#include "tests/support/run_command.h"

using namespace govaudit;
using namespace govaudit::testing;

TEST_CASE("manual codes parse with their values and reject bad rows with the line number", "[manual_codes]") {
  std::vector<ManualCode> codes;
  std::string err;
  REQUIRE(parse_manual_codes_csv("\xEF\xBB\xBFsite,indicator,value,note\ns1,CP-223,yes,\"staff, 3\"\ns1,PE-250,否,\n",
                                 "m.csv", &codes, &err));
  REQUIRE(codes.size() == 2);
  CHECK(codes[0].value);
  CHECK(codes[0].note == "staff, 3");
  CHECK_FALSE(codes[1].value);

  CHECK_FALSE(parse_manual_codes_csv("site,indicator,value\ns1,CP-223,yes\ns2,CP-223,maybe\n", "m.csv", &codes, &err));
  CHECK(err == "m.csv:3: field 'value': expected true/false/yes/no/1/0/是/否 (value 'maybe')");
  CHECK(codes.empty());
  CHECK_FALSE(parse_manual_codes_csv("site,indicator,value\ns1,CP-223,1\ns1,CP-223,0\n", "m.csv", &codes, &err));
  CHECK(err.rfind("m.csv:3: field 'indicator': coded twice", 0) == 0);
  CHECK_FALSE(parse_manual_codes_csv("site,indicator,score\n", "m.csv", &codes, &err));
  CHECK(err.rfind("m.csv:1: field 'score': unknown column", 0) == 0);
  CHECK_FALSE(parse_manual_codes_csv("site,indicator,value\ns1,\"CP,1\n", "m.csv", &codes, &err));
  CHECK(err == "m.csv:2: unclosed quote");
  CHECK_FALSE(parse_manual_codes_csv("site,indicator,value\ns 1,CP-223,1\n", "m.csv", &codes, &err));
  CHECK(err.rfind("m.csv:2: field 'site'", 0) == 0);
}

TEST_CASE("indicators import is all or nothing and the newest coding wins", "[manual_codes][cli]") {
  ScratchDir dir;
  std::string db = dir.file("g.db");
  write_file(dir.file("reg.csv"),
             "id,name,province,prefecture,level,region,minority,url\ns1,甲县,某省,某市,county,west,county,http://www.a.gov.cn.test/\n");
  REQUIRE(run_govaudit({"--db", db, "sites", "import", dir.file("reg.csv")}).exit_code == 0);
  write_file(dir.file("bad.csv"), "site,indicator,value\ns1,CP-223,1\nnobody,CP-223,1\n");
  auto bad = run_govaudit({"--db", db, "indicators", "import", dir.file("bad.csv")});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("nobody") != std::string::npos);
  write_file(dir.file("a.csv"), "site,indicator,value\ns1,CP-223,1\ns1,PE-250,0\n");
  write_file(dir.file("b.csv"), "site,indicator,value\ns1,PE-250,1\n");
  REQUIRE(run_govaudit({"--db", db, "indicators", "import", dir.file("a.csv")}).exit_code == 0);
  REQUIRE(run_govaudit({"--db", db, "indicators", "import", dir.file("b.csv")}).exit_code == 0);
  Store store;
  std::string err;
  REQUIRE(store.open(db, &err));
  std::map<std::string, std::map<std::string, bool>> codes;
  REQUIRE(latest_manual_codes(store, &codes, &err));
  CHECK(codes["s1"] == std::map<std::string, bool>{{"CP-223", true}, {"PE-250", true}});
}
