#include "store/store.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "store/migrations.h"
#include "tests/support/run_command.h"

using namespace govaudit;
using govaudit::testing::ScratchDir;

namespace {

Site make_site(const std::string& id, const std::string& name, const std::string& url) {
  Site s;
  s.id = id;
  s.name = name;
  s.province = "安徽省";
  s.prefecture = name;
  s.level = "prefecture";
  s.region = "central";
  s.minority = "none";
  s.url = url;
  s.tags = {"a", "b"};
  return s;
}

/// Every row of every table as text, to compare a database before and after a failed operation.
std::string dump(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::string out;
  for (const char* sql : {"SELECT * FROM schema_version ORDER BY version", "SELECT * FROM imports ORDER BY id",
                          "SELECT * FROM sites ORDER BY id", "SELECT * FROM site_versions ORDER BY site_id, version",
                          "SELECT * FROM runs ORDER BY id"}) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
    out += std::string(sql) + "\n";
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const auto* t = sqlite3_column_text(st, c);
        out += (t ? reinterpret_cast<const char*>(t) : "NULL") + std::string("|");
      }
      out += "\n";
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

/// Opens `store` at `path` and imports one site (黄山市), the starting state of several tests.
void open_with_one_site(Store& store, const std::string& path) {
  std::string err;
  REQUIRE(store.open(path, &err));
  ImportSummary summary;
  REQUIRE(store.import_sites({make_site("cn-341000", "黄山市", "http://www.huangshan.gov.cn")}, "one.csv", &summary, &err));
}

void exec_raw(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("a fresh store is created and migrated with its version recorded", "[store]") {
  ScratchDir dir;
  const std::string path = dir.file("g.db");
  std::string err;
  {
    Store store;
    REQUIRE(store.open(path, &err));
    CHECK(store.schema_version() == schema_migrations().back().version);
    std::vector<Site> sites;
    REQUIRE(store.list_sites({}, &sites, &err));
    CHECK(sites.empty());
  }
  const std::string d = dump(path);
  CHECK(d.find("SELECT * FROM schema_version ORDER BY version\n1|20") != std::string::npos);
  // Re-opening applies nothing new.
  Store again;
  REQUIRE(again.open(path, &err));
  CHECK(dump(path) == d);
}

TEST_CASE("a store from a newer govaudit is refused", "[store]") {
  ScratchDir dir;
  const std::string path = dir.file("g.db");
  std::string err;
  {
    Store store;
    REQUIRE(store.open(path, &err));
  }
  exec_raw(path, "INSERT INTO schema_version (version, applied_at) VALUES (999, '2099-01-01T00:00:00Z')");
  Store store;
  CHECK_FALSE(store.open(path, &err));
  CHECK(err.find(path) != std::string::npos);
  CHECK(err.find("999") != std::string::npos);
  CHECK(err.find("newer") != std::string::npos);
}

TEST_CASE("re-importing keeps history and adds nothing for unchanged rows", "[store]") {
  ScratchDir dir;
  Store store;
  std::string err;
  REQUIRE(store.open(dir.file("g.db"), &err));
  std::vector<Site> first = {make_site("cn-341000", "黄山市", "http://www.huangshan.gov.cn"),
                             make_site("cn-340100", "合肥市", "http://www.hefei.gov.cn")};
  ImportSummary summary;
  REQUIRE(store.import_sites(first, "one.csv", &summary, &err));
  CHECK(summary.rows == 2);
  CHECK(summary.added == 2);
  CHECK(summary.changed == 0);

  REQUIRE(store.import_sites(first, "one.csv", &summary, &err));
  CHECK(summary.added == 0);
  CHECK(summary.unchanged == 2);
  std::vector<Site> history;
  REQUIRE(store.site_history("cn-341000", &history, &err));
  CHECK(history.size() == 1);

  // Change one row's URL; import only that row: the other site stays (registries are partial).
  std::vector<Site> second = {make_site("cn-341000", "黄山市", "https://www.huangshan.gov.cn/new/")};
  REQUIRE(store.import_sites(second, "two.csv", &summary, &err));
  CHECK(summary.changed == 1);
  CHECK(summary.added == 0);
  REQUIRE(store.site_history("cn-341000", &history, &err));
  REQUIRE(history.size() == 2);
  CHECK(history[0].version == 1);
  CHECK(history[0].url == "http://www.huangshan.gov.cn");
  CHECK(history[1].version == 2);
  CHECK(history[1].url == "https://www.huangshan.gov.cn/new/");
  CHECK(history[1].tags == std::vector<std::string>{"a", "b"});

  std::vector<Site> current;
  REQUIRE(store.list_sites({}, &current, &err));
  REQUIRE(current.size() == 2);
  CHECK(current[0].id == "cn-340100");  // ordered by id
  CHECK(current[1].id == "cn-341000");
  CHECK(current[1].version == 2);
  CHECK(current[1].url == "https://www.huangshan.gov.cn/new/");

  // A changed tag list alone is a change too.
  second[0].tags = {"a"};
  REQUIRE(store.import_sites(second, "three.csv", &summary, &err));
  CHECK(summary.changed == 1);
  REQUIRE(store.site_history("cn-341000", &history, &err));
  CHECK(history.size() == 3);
}

TEST_CASE("list filters by province and level", "[store]") {
  ScratchDir dir;
  Store store;
  std::string err;
  REQUIRE(store.open(dir.file("g.db"), &err));
  Site county = make_site("cn-341022", "休宁县", "http://www.xiuning.gov.cn");
  county.level = "county";
  county.prefecture = "黄山市";
  Site other = make_site("cn-130100", "石家庄市", "http://www.sjz.gov.cn");
  other.province = "河北省";
  ImportSummary summary;
  REQUIRE(store.import_sites({make_site("cn-341000", "黄山市", "http://www.huangshan.gov.cn"), county, other}, "r.csv",
                             &summary, &err));
  std::vector<Site> out;
  REQUIRE(store.list_sites({"安徽省", ""}, &out, &err));
  CHECK(out.size() == 2);
  REQUIRE(store.list_sites({"安徽省", "county"}, &out, &err));
  REQUIRE(out.size() == 1);
  CHECK(out[0].id == "cn-341022");
  REQUIRE(store.list_sites({"", "prefecture"}, &out, &err));
  CHECK(out.size() == 2);
}

TEST_CASE("a failed import leaves the store unchanged", "[store]") {
  ScratchDir dir;
  const std::string path = dir.file("g.db");
  std::string err;
  Store store;
  open_with_one_site(store, path);
  ImportSummary summary;
  const std::string before = dump(path);

  // The bad row comes last, after a changed row and a new row were already written in the transaction.
  Site bad = make_site("cn-999999", "坏", "http://bad.test");
  bad.level = "city";  // refused by the schema's CHECK
  std::vector<Site> batch = {make_site("cn-341000", "黄山市", "http://changed.test"),
                             make_site("cn-340100", "合肥市", "http://www.hefei.gov.cn"), bad};
  CHECK_FALSE(store.import_sites(batch, "two.csv", &summary, &err));
  CHECK(err.find("cn-999999") != std::string::npos);
  CHECK(dump(path) == before);

  // Duplicate ids are refused before anything is written.
  CHECK_FALSE(store.import_sites({batch[1], batch[1]}, "three.csv", &summary, &err));
  CHECK(err.find("twice") != std::string::npos);
  CHECK(dump(path) == before);

  // And the store still works afterwards.
  REQUIRE(store.import_sites({batch[1]}, "four.csv", &summary, &err));
  CHECK(summary.added == 1);
}

TEST_CASE("site versions are append-only", "[store]") {
  ScratchDir dir;
  const std::string path = dir.file("g.db");
  {
    Store store;
    open_with_one_site(store, path);
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "UPDATE site_versions SET url = 'http://x.test'", nullptr, nullptr, nullptr) != SQLITE_OK);
  CHECK(sqlite3_exec(db, "DELETE FROM site_versions", nullptr, nullptr, nullptr) != SQLITE_OK);
  sqlite3_close(db);
}

TEST_CASE("an unopenable path is an error naming it", "[store]") {
  Store store;
  std::string err;
  CHECK_FALSE(store.open("/nonexistent-dir/g.db", &err));
  CHECK(err.find("/nonexistent-dir/g.db") != std::string::npos);
}
