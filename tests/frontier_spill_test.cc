// The spilling frontier: with a small in-memory budget it hands out exactly what an unbounded
// frontier hands out, in the same order, across spill and reload boundaries; the budget holds over
// several sites; a spill directory that cannot be used gives a clear error; a failing spill file
// (file size limit) keeps the crawl going in memory without losing or reordering entries.
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "crawler/frontier.h"
#include "crawler/frontier_spill.h"
#include "crawler/seen_hashes.h"
#include "tests/support/run_command.h"

using namespace govaudit;
using namespace govaudit::testing;

namespace {

const std::vector<std::string> kScope{"www.a.gov.cn.test", "zwfw.a.gov.cn.test"};

// A varied stream: hosts, purposes, depths and referrers change, some repeat (duplicates), long
// URLs cross block boundaries.
FrontierEntry entry(int i) {
  FrontierEntry e;
  e.host = i % 7 == 0 ? "zwfw.a.gov.cn.test" : "www.a.gov.cn.test";
  e.depth = i % 11;
  e.purpose = i % 13 == 0 ? FetchPurpose::attachment : i % 17 == 0 ? FetchPurpose::external : FetchPurpose::page;
  if (e.purpose == FetchPurpose::external) e.host = "www.other" + std::to_string(i % 3) + ".test";
  e.url = "http://" + e.host + "/p/" + std::to_string(i % 4500) + (i % 29 == 0 ? std::string(900, 'x') : "");
  e.referrer = i % 5 == 0 ? "" : "http://www.a.gov.cn.test/hub/" + std::to_string(i / 40);
  return e;
}

std::string key(const FrontierEntry& e) {
  return e.url + "|" + e.host + "|" + std::to_string(e.depth) + "|" + purpose_name(e.purpose) + "|" + e.referrer;
}

// Breadth-first-like traffic: offers arrive in bursts while entries are taken, so the queue drains
// to empty several times (reload from the block being filled) and also runs long (blocks on disk).
std::vector<std::string> drive(SiteFrontier& f, FrontierSpill* spill, size_t* max_in_memory) {
  std::vector<std::string> out;
  int next_offer = 0;
  for (int round = 0; round < 400; ++round) {
    int burst = round % 50 < 25 ? 40 : 2;
    for (int k = 0; k < burst && next_offer < 12000; ++k) f.offer(entry(next_offer++));
    int takes = round % 50 < 25 ? 10 : 60;
    for (int k = 0; k < takes; ++k) {
      auto e = f.next();
      if (!e) break;
      out.push_back(key(*e));
    }
    if (spill && max_in_memory) *max_in_memory = std::max(*max_in_memory, spill->in_memory());
  }
  while (auto e = f.next()) out.push_back(key(*e));
  return out;
}

FrontierLimits unlimited() {
  FrontierLimits l;
  l.max_pages = 0;
  l.max_depth = 0;
  l.max_externals = 100000;
  l.max_attachments = 100000;
  return l;
}

}  // namespace

TEST_CASE("a spilling frontier serves the same entries in the same order as an unbounded one", "[frontier][spill]") {
  ScratchDir dir;
  std::string err;
  SiteFrontier plain(kScope, unlimited());
  std::vector<std::string> expected = drive(plain, nullptr, nullptr);
  REQUIRE(expected.size() > 4000);

  for (size_t budget : {1, 7, 300}) {
    auto spill = FrontierSpill::open(dir.path(), budget, &err);
    REQUIRE(spill);
    SiteFrontier f(kScope, unlimited(), spill.get());
    size_t max_in_memory = 0;
    std::vector<std::string> got = drive(f, spill.get(), &max_in_memory);
    INFO("budget " << budget);
    CHECK(got == expected);
    CHECK(max_in_memory <= budget);
    CHECK(spill->bytes_written() > 3 * SiteFrontier::kSpillBlockBytes);  // several blocks went to disk
    CHECK_FALSE(spill->failed());
    CHECK(f.empty());
    CHECK(f.left_over() == 0);
  }
}

TEST_CASE("frontiers of several sites share one budget and keep their own order", "[frontier][spill]") {
  ScratchDir dir;
  std::string err;
  auto spill = FrontierSpill::open(dir.path(), 50, &err);
  REQUIRE(spill);
  SiteFrontier a({"www.a.gov.cn.test"}, unlimited(), spill.get());
  SiteFrontier b({"www.b.gov.cn.test"}, unlimited(), spill.get());
  for (int i = 0; i < 3000; ++i) {
    a.offer({"http://www.a.gov.cn.test/" + std::to_string(i), "www.a.gov.cn.test", 1, FetchPurpose::page, "r"});
    b.offer({"http://www.b.gov.cn.test/" + std::to_string(i), "www.b.gov.cn.test", 2, FetchPurpose::page, ""});
    CHECK(spill->in_memory() <= 50);
  }
  CHECK(a.queued() == 3000);
  CHECK(a.spilled() == 2975);  // the budget went half to each, in turn
  CHECK(b.spilled() == 2975);
  for (int i = 0; i < 3000; ++i) {
    auto ea = a.next();
    auto eb = b.next();
    REQUIRE(ea);
    REQUIRE(eb);
    CHECK(ea->url == "http://www.a.gov.cn.test/" + std::to_string(i));
    CHECK(ea->referrer == "r");
    CHECK(eb->url == "http://www.b.gov.cn.test/" + std::to_string(i));
    CHECK(eb->depth == 2);
  }
  CHECK_FALSE(a.next());
  CHECK_FALSE(b.next());
  CHECK(spill->in_memory() == 0);
  CHECK(a.pages_taken() == 3000);
}

TEST_CASE("a spill directory that cannot be used is a clear error", "[frontier][spill]") {
  ScratchDir dir;
  std::string err;
  CHECK_FALSE(FrontierSpill::open(dir.file("missing"), 10, &err));
  CHECK(err.find(dir.file("missing")) != std::string::npos);
  CHECK(err.find("No such file") != std::string::npos);

  write_file(dir.file("plain"), "x");
  err.clear();
  CHECK_FALSE(FrontierSpill::open(dir.file("plain"), 10, &err));
  CHECK(err.find("Not a directory") != std::string::npos);

  if (geteuid() != 0) {  // root writes anywhere
    std::string ro = dir.file("readonly");
    REQUIRE(mkdir(ro.c_str(), 0500) == 0);
    err.clear();
    CHECK_FALSE(FrontierSpill::open(ro, 10, &err));
    CHECK(err.find("Permission denied") != std::string::npos);
    chmod(ro.c_str(), 0700);
  }

  // Nothing is left behind in a usable directory: the file is unlinked as soon as it exists.
  {
    auto spill = FrontierSpill::open(dir.path(), 1, &err);
    REQUIRE(spill);
    SiteFrontier f({"www.a.gov.cn.test"}, unlimited(), spill.get());
    for (int i = 0; i < 2000; ++i) f.offer({"http://www.a.gov.cn.test/" + std::to_string(i), "www.a.gov.cn.test", 1, FetchPurpose::page, ""});
    CHECK(spill->bytes_written() > 0);
  }
  auto listing = run_program({"ls", "-A", dir.path()});
  CHECK(listing.out.find("govaudit-frontier") == std::string::npos);
}

TEST_CASE("the crawl command refuses a spill directory it cannot use before starting a run", "[frontier][spill]") {
  ScratchDir dir;
  write_file(dir.file("registry.csv"),
             "id,name,province,prefecture,level,region,minority,url\n"
             "a,甲,测试省,,province,east,none,http://www.a.gov.cn.test/\n");
  std::string db = dir.file("store.db");
  REQUIRE(run_govaudit({"--db", db, "sites", "import", dir.file("registry.csv")}).exit_code == 0);
  auto r = run_govaudit({"--db", db, "crawl", "--warc", dir.file("warc"), "--spill-dir", dir.file("nowhere")});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("cannot create the frontier spill file in " + dir.file("nowhere")) != std::string::npos);
  auto runs = run_govaudit({"--db", db, "runs", "--format", "json"});
  CHECK(runs.out.find("\"run\"") == std::string::npos);  // no run was begun
}

TEST_CASE("a spill file that cannot grow keeps entries in memory without losing or reordering any", "[frontier][spill]") {
  ScratchDir dir;
  std::string err;
  SiteFrontier plain(kScope, unlimited());
  std::vector<std::string> expected = drive(plain, nullptr, nullptr);

  auto spill = FrontierSpill::open(dir.path(), 5, &err);
  REQUIRE(spill);
  // A file size limit makes pwrite past 40 KB fail with EFBIG, as a full disk would (ENOSPC).
  struct rlimit old {};
  getrlimit(RLIMIT_FSIZE, &old);
  auto old_handler = signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = 40 * 1024;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  SiteFrontier f(kScope, unlimited(), spill.get());
  std::vector<std::string> got = drive(f, spill.get(), nullptr);
  setrlimit(RLIMIT_FSIZE, &old);
  signal(SIGXFSZ, old_handler);

  CHECK(spill->failed());
  CHECK(spill->error().find("cannot write the frontier spill file") != std::string::npos);
  CHECK(got == expected);
  CHECK(f.left_over() == 0);
}

TEST_CASE("the seen set of hashes keeps every value once", "[frontier][spill]") {
  SeenHashes s;
  CHECK_FALSE(s.contains(0));
  CHECK(s.insert(0));
  CHECK_FALSE(s.insert(0));
  for (uint64_t i = 1; i <= 100000; ++i) REQUIRE(s.insert(i * 0x9e3779b97f4a7c15ULL));
  for (uint64_t i = 1; i <= 100000; ++i) REQUIRE_FALSE(s.insert(i * 0x9e3779b97f4a7c15ULL));
  CHECK(s.contains(5 * 0x9e3779b97f4a7c15ULL));
  CHECK_FALSE(s.contains(3));
  CHECK(s.size() == 100001);
}
