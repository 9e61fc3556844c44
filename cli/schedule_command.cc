// `govaudit schedule run|due --config FILE` and `govaudit jobs`: the scheduler over the store. Jobs
// run this same binary (/proc/self/exe) with the job's arguments, so every job is an ordinary
// command; the core (monitor/scheduler.h) decides what is due and holds the per-job locks.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli/command.h"
#include "cli/text_table.h"
#include "crawler/log.h"
#include "monitor/scheduler.h"
#include "store/job_log.h"
#include "store/store.h"

extern char** environ;

namespace govaudit {
namespace {

std::atomic<bool> g_stop{false};

void on_schedule_stop(int) { g_stop = true; }

long long epoch_now() { return static_cast<long long>(std::time(nullptr)); }

std::string iso(long long t) {
  if (t <= 0) return "";
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The last non-empty line of what a job wrote on stderr (its error message, by our conventions).
std::string last_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last.substr(0, 500);
}

// Spawns `argv` (after /proc/self/exe), waits for it with heartbeats, forwards a stop as SIGTERM.
// Its stderr goes to a temporary file, copied to ours when it ends, so its last line is the error.
JobOutcome run_child(const std::vector<std::string>& args, const std::function<void()>& heartbeat) {
  JobOutcome out;
  char tmpl[] = "/tmp/govaudit-job-XXXXXX";
  int errfd = mkstemp(tmpl);
  if (errfd < 0) return {1, "cannot create a temporary file for the job's stderr", false};
  unlink(tmpl);
  std::vector<std::string> argv{"/proc/self/exe"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargs;
  for (auto& a : argv) cargs.push_back(a.data());
  cargs.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, errfd, 2);
  pid_t pid;
  int rc = posix_spawn(&pid, "/proc/self/exe", &fa, nullptr, cargs.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    close(errfd);
    return {1, "cannot start /proc/self/exe: " + std::string(std::strerror(rc)), false};
  }
  auto last_beat = std::chrono::steady_clock::now();
  bool signalled = false;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (g_stop && !signalled) {
      kill(pid, SIGTERM);  // the commands stop cleanly between steps on SIGTERM/SIGINT
      signalled = true;
    }
    if (std::chrono::steady_clock::now() - last_beat > std::chrono::seconds(20)) {
      heartbeat();
      last_beat = std::chrono::steady_clock::now();
    }
  }
  std::string text;
  lseek(errfd, 0, SEEK_SET);
  char buf[4096];
  for (ssize_t n; (n = read(errfd, buf, sizeof buf)) > 0;) {
    if (text.size() < (1 << 20)) text.append(buf, static_cast<size_t>(n));
    ssize_t w = write(2, buf, static_cast<size_t>(n));
    (void)w;
  }
  close(errfd);
  out.interrupted = signalled;
  if (WIFEXITED(status)) {
    out.exit_code = WEXITSTATUS(status);
  } else {
    out.exit_code = 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    if (!signalled) out.error = "killed by signal " + std::to_string(out.exit_code - 128);
  }
  if (out.exit_code != 0 && out.error.empty()) {
    out.error = "exit status " + std::to_string(out.exit_code);
    std::string why = last_line(text);
    if (!why.empty()) out.error += ": " + why;
  }
  return out;
}

std::string host_name() {
  char buf[256] = {0};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

struct ScheduleArgs {
  std::string config;
};

int schedule_command(const GlobalOptions& g, const ScheduleArgs& a, bool daemon) {
  Schedule schedule;
  std::string err;
  if (!load_schedule(a.config, &schedule, &err)) {
    std::cerr << "govaudit: schedule: " << err << "\n";
    return 2;
  }
  if (schedule.db.empty()) schedule.db = g.db;
  Store store;
  if (!store.open(schedule.db, &err)) {
    log_error(err);
    return 1;
  }
  // The children get our pins too, so a schedule run against pinned hosts probes the same hosts.
  std::vector<std::string> global_args;
  for (const auto& r : g.resolve) global_args.insert(global_args.end(), {"--resolve", r});
  for (const auto& c : g.connect_to) global_args.insert(global_args.end(), {"--connect-to", c});
  if (g.allow_private) global_args.push_back("--allow-private");

  SchedulerEnv env;
  env.now = epoch_now;
  env.pid = getpid();
  env.host = host_name();
  env.pid_alive = [](long long pid) { return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; };
  env.stop = &g_stop;
  env.run = [&](const JobSpec& job, const std::function<void()>& heartbeat) {
    std::vector<std::string> args = global_args;
    auto rest = job_argv(job, schedule.db);
    args.insert(args.end(), rest.begin(), rest.end());
    return run_child(args, heartbeat);
  };
  struct sigaction sa {};
  sa.sa_handler = on_schedule_stop;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);

  if (!daemon) {
    PassReport report;
    if (!run_due_jobs(store, schedule, env, &report, &err)) {
      log_error(err);
      return 1;
    }
    auto list = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
      return s.empty() ? std::string("-") : s;
    };
    std::cout << "ran " << list(report.ran) << "; failed " << list(report.failed) << "; locked "
              << list(report.locked) << "\n";
    return report.failed.empty() ? 0 : 1;
  }
  log_info("scheduler started (pid " + std::to_string(env.pid) + ", " + std::to_string(schedule.jobs.size()) +
           " jobs, store " + schedule.db + ")");
  auto sleep_until = [](long long t) {
    while (!g_stop && epoch_now() < t) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  };
  if (!run_schedule_loop(store, schedule, env, sleep_until, &err)) {
    log_error(err);
    return 1;
  }
  return 0;
}

int jobs_command(const GlobalOptions& g, const std::string& format, const std::string& job, int limit) {
  Store store;
  std::string err;
  std::vector<JobRun> runs;
  if (!store.open(g.db, &err) || !recent_job_runs(store, job, limit, &runs, &err)) {
    log_error(err);
    return 1;
  }
  auto duration = [](const JobRun& r) { return r.finished_at ? r.finished_at - r.started_at : -1; };
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : runs)
      out.push_back({{"id", r.id}, {"job", r.job}, {"status", r.status}, {"attempt", r.attempt},
                     {"scheduled_for", iso(r.scheduled_for)}, {"started", iso(r.started_at)},
                     {"finished", r.finished_at ? nlohmann::json(iso(r.finished_at)) : nlohmann::json()},
                     {"duration_s", r.finished_at ? nlohmann::json(duration(r)) : nlohmann::json()},
                     {"exit_code", r.exit_code}, {"error", r.error}, {"command", r.command}});
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : runs)
    rows.push_back({std::to_string(r.id), r.job, r.status, std::to_string(r.attempt), iso(r.started_at),
                    r.finished_at ? std::to_string(duration(r)) : "", r.error});
  std::cout << format_text_table({"id", "job", "status", "attempt", "started", "duration_s", "error"}, rows);
  return 0;
}

}  // namespace

void add_schedule_commands(CLI::App& app, const GlobalOptions& global, CommandRun* run) {
  auto a = std::make_shared<ScheduleArgs>();
  auto* sched = app.add_subcommand("schedule", "the scheduler: `schedule run` as a daemon, `schedule due` for cron");
  sched->require_subcommand(1);
  auto* r = sched->add_subcommand("run", "run jobs on time until SIGTERM (stops between steps)");
  auto* d = sched->add_subcommand("due", "run whatever is due once and exit (for cron)");
  for (auto* sub : {r, d}) {
    sub->add_option("--config", a->config, "the schedule file (TOML; see deploy/schedule.toml)")
        ->required()->check(CLI::ExistingFile);
    bool daemon = sub == r;
    sub->callback([run, &global, a, daemon] { *run = [&global, a, daemon] { return schedule_command(global, *a, daemon); }; });
  }
  auto format = std::make_shared<std::string>("table");
  auto job = std::make_shared<std::string>();
  auto limit = std::make_shared<int>(50);
  auto* j = app.add_subcommand("jobs", "recent scheduled job runs with status, duration and error");
  j->add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  j->add_option("--job", *job, "only this job's runs");
  j->add_option("--limit", *limit, "how many runs, newest first")->check(CLI::Range(1, 100000))->capture_default_str();
  j->callback([run, &global, format, job, limit] {
    *run = [&global, format, job, limit] { return jobs_command(global, *format, *job, *limit); };
  });
}

}  // namespace govaudit
