// Crash safety: `govaudit crawl` killed with SIGKILL mid-run and then `crawl --resume RUN` ends with
// the same page rows as an uninterrupted crawl of the same farm, no duplicate rows, and a store that
// passes PRAGMA integrity_check.
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_server.h"
#include "tests/farm/farm_truth.h"
#include "tests/support/run_command.h"

using govaudit::testing::run_govaudit;
using govaudit::testing::ScratchDir;
using namespace govaudit::farm;

namespace {

// One integer from a query on the store, read-only beside a writer (WAL); -1 when not readable yet.
long long query_int(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  long long v = -1;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(h, 2000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
      v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return v;
}

std::vector<std::string> query_rows(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  std::vector<std::string> out;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// (site, url) of every page row of run 1, one string each, in order, duplicates kept.
std::multiset<std::string> page_rows(const std::string& db) {
  auto rows = query_rows(db, "SELECT site_id || ' ' || url FROM fetches WHERE run_id = 1 AND kind = 'page'");
  return {rows.begin(), rows.end()};
}

}  // namespace

TEST_CASE("a crawl killed with SIGKILL and resumed equals an uninterrupted crawl", "[crash]") {
  ScratchDir dir;
  FarmConfig c;
  c.sites = 4;
  c.seed = 11;
  c.as_of = day_from_ymd(2026, 11, 23);
  FarmWorld world = generate_farm(c);
  FarmServerOptions o;
  o.site_latency = false;
  o.site_failures = false;  // failures depend on request counts, which differ between the two crawls
  o.extra_latency_ms = 40;  // slow enough that the kill lands mid-run
  FarmServer server(world, o);
  int port = server.start(0);
  REQUIRE(port > 0);
  const std::string registry = dir.file("sites.csv");
  govaudit::testing::write_file(registry, registry_csv(world));
  auto crawl = [&](const std::string& db, const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"--db", db, "--connect-to", "::127.0.0.1:" + std::to_string(port),
                                     "crawl", "--delay", "0", "--per-host", "2", "--max-pages", "0", "--max-depth", "0"};
    return with(args, extra);
  };

  const std::string whole = dir.file("whole.db"), killed = dir.file("killed.db");
  for (const auto& db : {whole, killed}) REQUIRE(run_govaudit({"--db", db, "sites", "import", registry}).exit_code == 0);
  auto uninterrupted = run_govaudit(crawl(whole, {}));
  INFO(uninterrupted.err);
  REQUIRE(uninterrupted.exit_code == 0);
  auto expected = page_rows(whole);
  REQUIRE(expected.size() > 200);

  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    std::vector<std::string> args = with({govaudit::testing::govaudit_bin()}, crawl(killed, {}));
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  // Kill once a share of the pages is stored, bounded at 60 s.
  long long stored = 0;
  for (int i = 0; i < 600 && stored < static_cast<long long>(expected.size()) / 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stored = query_int(killed, "SELECT COUNT(*) FROM fetches WHERE kind = 'page'");
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  long long at_kill = query_int(killed, "SELECT COUNT(*) FROM fetches WHERE kind = 'page'");
  INFO("page rows stored at the kill: " << at_kill << " of " << expected.size());
  REQUIRE(at_kill > 0);
  REQUIRE(at_kill < static_cast<long long>(expected.size()));
  CHECK(query_rows(killed, "SELECT status FROM runs WHERE id = 1") == std::vector<std::string>{"running"});

  auto resumed = run_govaudit(crawl(killed, {"--resume", "1"}));
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(query_rows(killed, "SELECT status FROM runs WHERE id = 1") == std::vector<std::string>{"finished"});
  CHECK(query_int(killed, "SELECT COUNT(*) FROM runs") == 1);

  auto got = page_rows(killed);
  CHECK(got == expected);
  // No record of any kind twice in the run (an external link is checked once per site linking it).
  CHECK(query_int(killed, "SELECT COUNT(*) FROM (SELECT site_id, kind, url FROM fetches WHERE run_id = 1 "
                          "GROUP BY site_id, kind, url HAVING COUNT(*) > 1)") == 0);
  CHECK(query_rows(killed, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
  CHECK(query_rows(whole, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
}
