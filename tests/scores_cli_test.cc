// `govaudit scores` on stored scores whose JSON is not the usual shape (a store written by another
// version, or damaged): every format prints, none throws, and --format json stays one JSON array.
#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>

#include "store/crawl_log.h"
#include "store/score_log.h"
#include "store/store.h"
#include "tests/support/run_command.h"
#include "tests/support/stored_score.h"

using namespace govaudit;
using govaudit::testing::ScratchDir;
using govaudit::testing::census_score_row;
using govaudit::testing::run_govaudit;

namespace {

StoredScore score_of(long long run, const std::string& site, const std::string& json) {
  StoredScore s = census_score_row(run, site, "census-2019", "1.0", "2024-06-30");
  s.score = 80;
  s.json = json;
  return s;
}

// A store at `db` with a county site for each of `sites` and one run holding the scores `make` builds
// for that run; returns the run's id.
long long store_scores(const std::string& db, const std::vector<std::string>& sites,
                       const std::function<std::vector<StoredScore>(long long run)>& make) {
  std::string err;
  Store store;
  REQUIRE(store.open(db, &err));
  std::vector<Site> registry;
  for (const auto& id : sites)
    registry.push_back(Site{id, id, "广东省", "", "county", "east", "none", "http://" + id + ".test/"});
  ImportSummary sum;
  REQUIRE(store.import_sites(registry, "s.csv", &sum, &err));
  long long run = 0;
  REQUIRE(begin_run(store, "crawl", "{}", &run, &err));
  std::vector<StoredScore> scores = make(run);
  REQUIRE(append_scores(store, &scores, &err));
  return run;
}

}  // namespace

TEST_CASE("scores prints unusual stored score documents in every format", "[scores][cli]") {
  ScratchDir dir;
  std::string db = dir.file("s.db");
  long long run = store_scores(db, {"a", "b", "c"}, [](long long run) {
    return std::vector<StoredScore>{score_of(run, "a", R"({"site":"a","vetoes":["x",5,{"y":1}],"score":80})"),
                                    score_of(run, "b", "[1,2]"), score_of(run, "c", "not json")};
  });
  auto json = run_govaudit({"--db", db, "scores", "--run", std::to_string(run), "--format", "json"});
  REQUIRE(json.exit_code == 0);
  auto doc = nlohmann::json::parse(json.out, nullptr, false);
  REQUIRE(doc.is_array());
  REQUIRE(doc.size() == 3);
  CHECK(doc[0]["site"] == "a");
  CHECK(doc[0]["vetoes"].size() == 3);
  for (const auto& s : doc) {
    CHECK(s["as_of"] == "2024-06-30");
    CHECK(s.contains("audited_at"));
  }
  // The same text an array's dump(2) gives: the output is streamed one score at a time.
  CHECK(json.out == doc.dump(2) + "\n");

  auto csv = run_govaudit({"--db", db, "scores", "--run", std::to_string(run), "--format", "csv"});
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.find("a," + std::to_string(run) + ",census-2019,1.0,80.000000,100,false,x,") != std::string::npos);
  auto table = run_govaudit({"--db", db, "scores", "--run", std::to_string(run)});
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find("x") != std::string::npos);

  auto none = run_govaudit({"--db", db, "scores", "--run", "999", "--format", "json"});
  REQUIRE(none.exit_code == 0);
  CHECK(none.out == "[]\n");
}

TEST_CASE("scores --format csv quotes rubric names, levels and vetoes that hold commas or quotes", "[scores][cli]") {
  ScratchDir dir;
  std::string db = dir.file("s.db");
  long long run = store_scores(db, {"a"}, [](long long run) {
    StoredScore s = census_score_row(run, "a", "my,rubric", "2\"b", "2024-06-30");
    s.level = "high, \"very\"";
    s.json = R"({"vetoes":["x,y","z"]})";
    return std::vector<StoredScore>{s};
  });
  auto csv = run_govaudit({"--db", db, "scores", "--run", std::to_string(run), "--format", "csv"});
  REQUIRE(csv.exit_code == 0);
  std::string row = csv.out.substr(csv.out.find('\n') + 1);
  CHECK(row == "a," + std::to_string(run) + ",\"my,rubric\",\"2\"\"b\",,100,false,\"x,y;z\",false," +
                   "\"high, \"\"very\"\"\",2024-06-30\n");
}
