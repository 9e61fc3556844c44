// The scheduler under a controllable clock: cron parsing and next times, the schedule file, jobs
// firing at the right times, no overlap of a job with itself, stale-lock recovery, the retry policy,
// and `schedule due` twice in a row running nothing the second time (core and CLI).
#include <catch2/catch.hpp>

#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "monitor/cron.h"
#include "monitor/schedule_file.h"
#include "monitor/scheduler.h"
#include "store/job_log.h"
#include "store/store.h"
#include "tests/support/run_command.h"

using namespace govaudit;
using govaudit::testing::ScratchDir;

namespace {

long long at(int y, int mo, int d, int h, int mi) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  return static_cast<long long>(timegm(&tm));
}

CronExpr cron(const std::string& text) {
  CronExpr c;
  std::string err;
  REQUIRE(parse_cron(text, &c, &err));
  return c;
}

Schedule schedule_of(const std::string& toml) {
  Schedule s;
  std::string err;
  INFO(err);
  REQUIRE(parse_schedule(toml, "test.toml", &s, &err));
  return s;
}

const char* const kWeekly = R"(
[[job]]
name = "probe"
command = "probe"
every = 60

[[job]]
name = "crawl"
command = "crawl"
cron = "0 2 * * 0"
args = ["--delay", "0"]
sites = ["a", "b"]

[[job]]
name = "audit"
command = "audit"
after = "crawl"

[[job]]
name = "report"
command = "report"
cron = "@yearly"
args = ["--year", "2024", "--out", "r"]
)";

// A fake world: a clock the test moves, and a runner that records (job, time) and can fail or take time.
struct FakeWorld {
  long long clock = 0;
  std::vector<std::pair<std::string, long long>> runs;
  std::map<std::string, int> fail_next;      // job -> how many runs still fail
  std::map<std::string, long long> takes_s;  // job -> seconds a run takes
  std::function<void(const JobSpec&)> during;  // called inside each run
  std::set<long long> alive{1, 2};

  SchedulerEnv env(long long pid = 1) {
    SchedulerEnv e;
    e.now = [this] { return clock; };
    e.pid = pid;
    e.host = "testhost";
    e.pid_alive = [this](long long p) { return alive.count(p) > 0; };
    e.run = [this](const JobSpec& job, const std::function<void()>& heartbeat) {
      runs.push_back({job.name, clock});
      if (during) during(job);
      clock += takes_s[job.name];
      heartbeat();
      if (fail_next[job.name] > 0) {
        --fail_next[job.name];
        return JobOutcome{3, "planted failure", false};
      }
      return JobOutcome{};
    };
    return e;
  }
  std::vector<long long> times_of(const std::string& job) const {
    std::vector<long long> t;
    for (const auto& [j, when] : runs)
      if (j == job) t.push_back(when);
    return t;
  }
};

Store& open_store(Store& s, const ScratchDir& dir) {
  std::string err;
  INFO(err);
  REQUIRE(s.open(dir.file("g.db"), &err));
  return s;
}

}  // namespace

TEST_CASE("cron fields accept stars lists ranges and steps", "[cron]") {
  CronExpr c = cron("*/15 9-17 * * 1-5");
  CHECK(c.minute.count() == 4);
  CHECK(c.hour.count() == 9);
  CHECK(cron_matches(c, at(2024, 3, 4, 9, 45)));    // a Monday
  CHECK_FALSE(cron_matches(c, at(2024, 3, 3, 9, 45)));  // a Sunday
  CHECK_FALSE(cron_matches(c, at(2024, 3, 4, 18, 0)));
  CHECK(cron_next(c, at(2024, 3, 4, 10, 7)) == at(2024, 3, 4, 10, 15));
  CHECK(cron_next(c, at(2024, 3, 8, 17, 45)) == at(2024, 3, 11, 9, 0));  // Friday evening -> Monday
  CHECK(cron("5,10-12 0 1 1,7 *").minute.count() == 4);
  CHECK(cron("5/20 * * * *").minute.count() == 3);  // 5, 25, 45
  CHECK(cron_next(cron("0 2 * * 0"), at(2024, 3, 4, 0, 0)) == at(2024, 3, 10, 2, 0));
  CHECK(cron_next(cron("0 2 * * 7"), at(2024, 3, 4, 0, 0)) == at(2024, 3, 10, 2, 0));
  CHECK(cron_next(cron("@yearly"), at(2024, 3, 4, 0, 0)) == at(2025, 1, 1, 0, 0));
  CHECK(cron_next(cron("0 0 29 2 *"), at(2024, 3, 1, 0, 0)) == at(2028, 2, 29, 0, 0));
  CHECK(cron_next(cron("0 0 31 2 *"), at(2024, 3, 1, 0, 0)) == -1);
  CHECK(cron_next(cron("* * * * *"), at(2024, 3, 4, 10, 7) + 30) == at(2024, 3, 4, 10, 8));
}

TEST_CASE("cron with both day fields matches either like cron does", "[cron]") {
  CronExpr c = cron("0 0 13 * 5");
  CHECK(cron_matches(c, at(2024, 3, 13, 0, 0)));  // a Wednesday the 13th
  CHECK(cron_matches(c, at(2024, 3, 15, 0, 0)));  // a Friday
  CHECK_FALSE(cron_matches(c, at(2024, 3, 14, 0, 0)));
}

TEST_CASE("bad cron expressions name the field", "[cron]") {
  CronExpr c;
  std::string err;
  CHECK_FALSE(parse_cron("61 * * * *", &c, &err));
  CHECK(err.find("minute") != std::string::npos);
  CHECK_FALSE(parse_cron("* * *", &c, &err));
  CHECK(err.find("5 fields") != std::string::npos);
  CHECK_FALSE(parse_cron("* * * * mon", &c, &err));
  CHECK(err.find("day-of-week") != std::string::npos);
  CHECK_FALSE(parse_cron("*/0 * * * *", &c, &err));
  CHECK_FALSE(parse_cron("5-1 * * * *", &c, &err));
  CHECK_FALSE(parse_cron("* * 0 * *", &c, &err));
}

TEST_CASE("the schedule file gives each job one trigger", "[schedule]") {
  Schedule s = schedule_of(kWeekly);
  REQUIRE(s.jobs.size() == 4);
  CHECK(s.jobs[0].every_minutes == 60);
  CHECK(s.jobs[1].cron_text == "0 2 * * 0");
  CHECK(job_argv(s.jobs[1], "x.db") ==
        std::vector<std::string>{"--db", "x.db", "crawl", "--delay", "0", "--site", "a", "--site", "b"});
  CHECK(s.jobs[2].after == "crawl");
  CHECK(schedule_of("[[job]]\ncommand = \"probe\"\n").jobs[0].every_minutes == 60);  // the default

  Schedule bad;
  std::string err;
  CHECK_FALSE(parse_schedule("[[job]]\ncommand = \"crawl\"\n", "f.toml", &bad, &err));
  CHECK(err.find("exactly one") != std::string::npos);
  CHECK_FALSE(parse_schedule("[[job]]\ncommand = \"crawl\"\ncron = \"0 2 * *\"\n", "f.toml", &bad, &err));
  CHECK(err.find("job 'crawl'") != std::string::npos);
  CHECK_FALSE(parse_schedule("[[job]]\ncommand = \"audit\"\nafter = \"crawl\"\n", "f.toml", &bad, &err));
  CHECK(err.find("after") != std::string::npos);
  CHECK_FALSE(parse_schedule("[[job]]\ncommand = \"probe\"\n[[job]]\ncommand = \"probe\"\n", "f.toml", &bad, &err));
  CHECK(err.find("twice") != std::string::npos);
  CHECK_FALSE(parse_schedule("[[job]\n", "f.toml", &bad, &err));
  CHECK(err.find("f.toml:1") != std::string::npos);
}

TEST_CASE("jobs fire at the right times under a controlled clock", "[scheduler]") {
  ScratchDir dir;
  Store store;
  open_store(store, dir);
  Schedule s = schedule_of(kWeekly);
  s.jobs[0].every_minutes = 360;  // fewer probe runs keep the test quick (each run is a few commits)
  FakeWorld w;
  w.clock = at(2024, 3, 1, 0, 20);  // a Friday
  const long long end = at(2024, 3, 15, 0, 0);
  std::atomic<bool> stop{false};
  SchedulerEnv env = w.env();
  env.stop = &stop;
  std::string err;
  REQUIRE(run_schedule_loop(store, s, env, [&](long long t) {
    if (t > end) stop = true;
    w.clock = std::max(w.clock, t);
  }, &err));
  // Probes: at 00:20 for the 00:00 slot, then every 6 hours on the clock up to the end.
  auto probes = w.times_of("probe");
  REQUIRE(probes.size() == 14 * 4 + 1);
  CHECK(probes[0] == at(2024, 3, 1, 0, 20));
  for (size_t i = 1; i < probes.size(); ++i)
    CHECK(probes[i] == at(2024, 3, 1, 0, 0) + static_cast<long long>(i) * 6 * 3600);
  // The weekly crawl on Sundays at 02:00, each followed by the audit; no yearly report in March.
  CHECK(w.times_of("crawl") == std::vector<long long>{at(2024, 3, 3, 2, 0), at(2024, 3, 10, 2, 0)});
  CHECK(w.times_of("audit") == std::vector<long long>{at(2024, 3, 3, 2, 0), at(2024, 3, 10, 2, 0)});
  CHECK(w.times_of("report").empty());
  std::vector<JobRun> runs;
  REQUIRE(recent_job_runs(store, "", 1000, &runs, &err));
  CHECK(runs.size() == w.runs.size());
  for (const auto& r : runs) CHECK(r.status == "ok");
}

TEST_CASE("schedule due twice in a row runs nothing the second time", "[scheduler]") {
  ScratchDir dir;
  Store store;
  open_store(store, dir);
  Schedule s = schedule_of(kWeekly);
  FakeWorld w;
  w.clock = at(2024, 3, 3, 1, 59);
  std::string err;
  PassReport first, second, third, fourth;
  REQUIRE(run_due_jobs(store, s, w.env(), &first, &err));
  CHECK(first.ran == std::vector<std::string>{"probe"});  // cron jobs only start counting now
  REQUIRE(run_due_jobs(store, s, w.env(), &second, &err));
  CHECK(second.ran.empty());
  w.clock = at(2024, 3, 3, 2, 1);
  REQUIRE(run_due_jobs(store, s, w.env(), &third, &err));
  CHECK(third.ran == std::vector<std::string>{"probe", "crawl", "audit"});
  w.clock += 30;
  REQUIRE(run_due_jobs(store, s, w.env(), &fourth, &err));
  CHECK(fourth.ran.empty());
  // A second store connection (another process, e.g. cron beside the daemon) agrees.
  Store other;
  open_store(other, dir);
  PassReport fifth;
  REQUIRE(run_due_jobs(other, s, w.env(2), &fifth, &err));
  CHECK(fifth.ran.empty());
}

TEST_CASE("a job never overlaps with itself", "[scheduler]") {
  ScratchDir dir;
  Store store, other;
  open_store(store, dir);
  open_store(other, dir);
  Schedule s = schedule_of("[[job]]\nname = \"p\"\ncommand = \"probe\"\nevery = 1\n");
  FakeWorld w;
  w.clock = at(2024, 3, 1, 0, 0);
  std::string err;
  std::vector<PassReport> inner;
  // While the first scheduler runs p past its next slots, a second one (another pid) finds p due
  // but locked, twice.
  w.takes_s["p"] = 150;
  w.during = [&](const JobSpec&) {
    if (!inner.empty()) return;
    for (int i = 0; i < 2; ++i) {
      w.clock += 70;
      PassReport r;
      REQUIRE(run_due_jobs(other, s, w.env(2), &r, &err));
      inner.push_back(r);
    }
  };
  PassReport outer;
  REQUIRE(run_due_jobs(store, s, w.env(1), &outer, &err));
  CHECK(outer.ran == std::vector<std::string>{"p"});
  REQUIRE(inner.size() == 2);
  for (const auto& r : inner) {
    CHECK(r.ran.empty());
    CHECK(r.locked == std::vector<std::string>{"p"});
  }
  CHECK(w.runs.size() == 1);
  // Once released, the next slot runs.
  PassReport after;
  REQUIRE(run_due_jobs(other, s, w.env(2), &after, &err));
  CHECK(after.ran == std::vector<std::string>{"p"});
}

TEST_CASE("a stale lock is recovered and its run marked interrupted", "[scheduler]") {
  ScratchDir dir;
  Store store;
  open_store(store, dir);
  Schedule s = schedule_of("[[job]]\nname = \"c\"\ncommand = \"crawl\"\nevery = 60\nretry_delay = 0\n");
  FakeWorld w;
  w.clock = at(2024, 3, 1, 5, 50);
  std::string err;
  // A scheduler (pid 77 on another host) crashed during this hour's run: its heartbeat stopped at 05:01.
  JobRun crashed;
  crashed.job = "c";
  crashed.scheduled_for = at(2024, 3, 1, 5, 0);
  crashed.started_at = crashed.scheduled_for;
  crashed.command = "crawl";
  crashed.pid = 77;
  REQUIRE(begin_job_run(store, &crashed, &err));
  bool got = false;
  REQUIRE(acquire_job_lock(store, JobLock{"c", 77, "elsewhere", crashed.started_at, crashed.started_at + 60}, &got, &err));
  REQUIRE(got);
  PassReport r;
  REQUIRE(run_due_jobs(store, s, w.env(), &r, &err));
  CHECK(r.recovered == std::vector<std::string>{"c"});
  CHECK(r.ran == std::vector<std::string>{"c"});
  std::vector<JobRun> runs;
  REQUIRE(recent_job_runs(store, "c", 10, &runs, &err));
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].status == "ok");
  CHECK(runs[0].attempt == 2);
  CHECK(runs[0].scheduled_for == at(2024, 3, 1, 5, 0));
  CHECK(runs[1].status == "interrupted");
  std::optional<JobLock> lock;
  REQUIRE(read_job_lock(store, "c", &lock, &err));
  CHECK_FALSE(lock.has_value());

  SECTION("a dead owner on this host is stale at once; a live fresh one is not") {
    w.clock += 3600;
    REQUIRE(acquire_job_lock(store, JobLock{"c", 555, "testhost", w.clock, w.clock}, &got, &err));
    PassReport dead;
    REQUIRE(run_due_jobs(store, s, w.env(), &dead, &err));
    CHECK(dead.recovered == std::vector<std::string>{"c"});
    CHECK(dead.ran == std::vector<std::string>{"c"});
    w.clock += 3600;
    REQUIRE(acquire_job_lock(store, JobLock{"c", 2, "testhost", w.clock, w.clock}, &got, &err));
    PassReport live;
    REQUIRE(run_due_jobs(store, s, w.env(), &live, &err));
    CHECK(live.recovered.empty());
    CHECK(live.locked == std::vector<std::string>{"c"});
  }
}

TEST_CASE("a failing job is retried per policy then given up", "[scheduler]") {
  ScratchDir dir;
  Store store;
  open_store(store, dir);
  Schedule s = schedule_of("[[job]]\nname = \"c\"\ncommand = \"crawl\"\nevery = 1440\nretries = 2\nretry_delay = 600\n");
  FakeWorld w;
  w.clock = at(2024, 3, 1, 0, 0);
  w.fail_next["c"] = 10;
  std::string err;
  for (int minute = 0; minute < 120; ++minute) {
    PassReport r;
    REQUIRE(run_due_jobs(store, s, w.env(), &r, &err));
    w.clock += 60;
  }
  CHECK(w.times_of("c") == std::vector<long long>{at(2024, 3, 1, 0, 0), at(2024, 3, 1, 0, 10), at(2024, 3, 1, 0, 20)});
  std::vector<JobRun> runs;
  REQUIRE(recent_job_runs(store, "c", 10, &runs, &err));
  REQUIRE(runs.size() == 3);
  CHECK(runs[0].attempt == 3);
  CHECK(runs[0].status == "failed");
  CHECK(runs[0].error == "planted failure");
  CHECK(runs[0].exit_code == 3);
}

TEST_CASE("schedule due from the command line runs the due job once", "[scheduler][cli]") {
  ScratchDir dir;
  const std::string db = dir.file("g.db");
  testing::write_file(dir.file("s.toml"), "[[job]]\nname = \"list\"\ncommand = \"sites\"\nargs = [\"list\"]\nevery = 527040\n"
                                          "[[job]]\nname = \"broken\"\ncommand = \"audit\"\nevery = 527040\nretries = 0\n");
  auto first = testing::run_govaudit({"--db", db, "schedule", "due", "--config", dir.file("s.toml")});
  CHECK(first.exit_code == 1);  // the audit job fails: nothing crawled
  CHECK(first.out.find("ran list,broken; failed broken") != std::string::npos);
  auto second = testing::run_govaudit({"--db", db, "schedule", "due", "--config", dir.file("s.toml")});
  CHECK(second.exit_code == 0);
  CHECK(second.out.find("ran -;") != std::string::npos);
  auto jobs = testing::run_govaudit({"--db", db, "jobs", "--format", "json"});
  REQUIRE(jobs.exit_code == 0);
  auto j = nlohmann::json::parse(jobs.out);
  REQUIRE(j.size() == 2);
  CHECK(j[0]["job"] == "broken");
  CHECK(j[0]["status"] == "failed");
  CHECK(j[0]["error"].get<std::string>().find("no runs") != std::string::npos);
  CHECK(j[1]["job"] == "list");
  CHECK(j[1]["status"] == "ok");
  auto table = testing::run_govaudit({"--db", db, "jobs"});
  CHECK(table.out.find("broken") != std::string::npos);
  auto bad = testing::run_govaudit({"--db", db, "schedule", "due", "--config", dir.file("missing.toml")});
  CHECK(bad.exit_code != 0);
}
