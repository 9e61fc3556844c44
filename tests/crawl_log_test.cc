#include "store/crawl_log.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "store/probe_log.h"
#include "store/score_log.h"
#include "tests/support/run_command.h"
#include "tests/support/stored_score.h"

using namespace govaudit;

namespace {

void open_with_site(Store& store, const std::string& path) {
  std::string err;
  REQUIRE(store.open(path, &err));
  Site s;
  s.id = "farm-0001";
  s.name = "测试市人民政府";
  s.province = "测试省";
  s.level = "prefecture";
  s.region = "west";
  s.minority = "none";
  s.url = "http://www.a.gov.cn.test/";
  ImportSummary sum;
  REQUIRE(store.import_sites({s}, "test.csv", &sum, &err));
}

StoredFetch page(const std::string& url, int status) {
  StoredFetch f;
  f.site_id = "farm-0001";
  f.kind = "page";
  f.url = f.final_url = url;
  f.status = status;
  f.fetched_at = "2026-11-23T10:00:00Z";
  f.links.push_back({"http://www.a.gov.cn.test/xwdt/", "新闻", "a"});
  return f;
}

}  // namespace

TEST_CASE("a crawl run appends fetches and a resumed run never duplicates them", "[store][crawl_log]") {
  testing::ScratchDir dir;
  Store store;
  open_with_site(store, dir.file("g.db"));
  std::string err;
  long long run = 0;
  REQUIRE(begin_run(store, "crawl", "{}", &run, &err));
  std::vector<StoredFetch> batch{page("http://www.a.gov.cn.test/", 200), page("http://www.a.gov.cn.test/gone", 404)};
  REQUIRE(append_fetches(store, run, &batch, &err));
  CHECK(batch[0].id > 0);
  std::vector<StoredFetch> again{page("http://www.a.gov.cn.test/", 200)};
  REQUIRE(append_fetches(store, run, &again, &err));
  CHECK(again[0].id == 0);  // already there: ignored
  std::vector<StoredFetch> rows;
  REQUIRE(list_fetches(store, run, "", &rows, &err));
  CHECK(rows.size() == 2);
  RunInfo info;
  REQUIRE(get_run(store, run, &info, &err));
  CHECK(info.status == "running");
  CHECK(info.pages == 2);
  CHECK(info.errors == 1);
  REQUIRE(finish_run(store, run, "interrupted", {{"farm-0001", 1, 1, 0, 0, 0, 0, 0, "ok"}}, &err));
  ResumeState rs;
  REQUIRE(resume_state(store, run, &rs, &err));
  CHECK(rs.done["farm-0001"].size() == 2);
  CHECK(rs.links["farm-0001"].size() == 2);
  std::vector<StoredLink> links;
  REQUIRE(fetch_links(store, batch[0].id, &links, &err));
  REQUIRE(links.size() == 1);
  CHECK(links[0].text == "新闻");
}

TEST_CASE("stored fetches cannot be rewritten", "[store][crawl_log]") {
  testing::ScratchDir dir;
  Store store;
  open_with_site(store, dir.file("g.db"));
  std::string err;
  long long run = 0;
  REQUIRE(begin_run(store, "crawl", "{}", &run, &err));
  std::vector<StoredFetch> batch{page("http://www.a.gov.cn.test/", 200)};
  REQUIRE(append_fetches(store, run, &batch, &err));
  char* msg = nullptr;
  CHECK(sqlite3_exec(store.handle(), "UPDATE fetches SET status = 500", nullptr, nullptr, &msg) != SQLITE_OK);
  sqlite3_free(msg);
}

TEST_CASE("scores are appended and the newest audit is listed", "[store][score_log]") {
  testing::ScratchDir dir;
  Store store;
  open_with_site(store, dir.file("g.db"));
  std::string err;
  long long run = 0;
  REQUIRE(begin_run(store, "crawl", "{}", &run, &err));
  StoredScore s = testing::census_score_row(run, "farm-0001", "census-2019", "1", "");
  s.score = 70;
  s.max = 130;
  s.json = "{}";
  s.indicators.push_back({"no_search", "deduction", "functions", "true", 2, "[]"});
  std::vector<StoredScore> batch{s};
  REQUIRE(append_scores(store, &batch, &err));
  s.score = std::nullopt;
  s.vetoed = true;
  batch = {s};
  REQUIRE(append_scores(store, &batch, &err));
  std::vector<StoredScore> out;
  ScoreFilter f;
  f.run_id = run;
  REQUIRE(list_scores(store, f, &out, &err));
  REQUIRE(out.size() == 1);
  CHECK(out[0].vetoed);
  CHECK_FALSE(out[0].score.has_value());
  f.all_audits = true;
  out.clear();
  REQUIRE(list_scores(store, f, &out, &err));
  CHECK(out.size() == 2);
}

TEST_CASE("probe rounds marked as vantage failures are left out of a site's probes", "[store][probe_log]") {
  testing::ScratchDir dir;
  Store store;
  open_with_site(store, dir.file("g.db"));
  std::string err;
  StoredProbe p;
  p.site_id = "farm-0001";
  p.url = "http://www.a.gov.cn.test/";
  p.ok = true;
  p.content_hash = "abc";
  p.probed_at = "2026-11-20T10:00:00Z";
  ProbeRound good{0, "2026-11-20T10:00:00Z", "t", false, ""};
  REQUIRE(append_probe_round(store, &good, {p}, &err));
  p.ok = false;
  p.probed_at = "2026-11-21T10:00:00Z";
  ProbeRound bad{0, "2026-11-21T10:00:00Z", "t", true, "ours"};
  REQUIRE(append_probe_round(store, &bad, {p}, &err));
  std::vector<StoredProbe> out;
  REQUIRE(site_probes(store, "farm-0001", "2026-11-01", "2026-11-30", &out, &err));
  REQUIRE(out.size() == 1);
  CHECK(out[0].ok);
  std::string hash;
  REQUIRE(last_probe_hash(store, p.url, &hash, &err));
  CHECK(hash == "abc");
}
