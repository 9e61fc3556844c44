#include <algorithm>
#include <catch2/catch.hpp>

#include "tests/support/run_command.h"

using namespace govaudit::testing;

TEST_CASE("the demo runs the farm through import crawl probe and audit", "[demo][cli]") {
  ScratchDir dir;
  auto r = run_govaudit({"demo", "--out", dir.path(), "--sites", "6", "--no-latency"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("listening on 127.0.0.1:") != std::string::npos);
  auto list = run_govaudit({"--db", dir.file("govaudit.db"), "sites", "list", "--format", "csv"});
  REQUIRE(list.exit_code == 0);
  // header + 6 farm sites, each a .test host
  CHECK(std::count(list.out.begin(), list.out.end(), '\n') == 7);
  CHECK(list.out.find(".gov.cn.test") != std::string::npos);
  CHECK(read_file(dir.file("truth.json")).find("\"sites\"") != std::string::npos);
  auto scores = run_govaudit({"--db", dir.file("govaudit.db"), "scores", "--format", "csv"});
  REQUIRE(scores.exit_code == 0);
  // header + 6 sites × 2 rubrics
  CHECK(std::count(scores.out.begin(), scores.out.end(), '\n') == 13);
}
