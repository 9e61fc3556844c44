// The scheduler's core, free of clocks and processes: given the store, the schedule and `now`, which
// jobs are due, and running them under a per-job lock (owner pid + heartbeat in the store, so a job
// never overlaps with itself across processes; a stale lock is recovered), with the retry policy.
// `schedule due` is one pass; `schedule run` repeats passes until stopped. Tests drive it with a
// fake clock and runner (SchedulerEnv).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "monitor/schedule_file.h"
#include "store/store.h"

namespace govaudit {

/// How one job run ended.
struct JobOutcome {
  int exit_code = 0;
  std::string error;         ///< "" when it succeeded
  bool interrupted = false;  ///< stopped by SIGTERM: the slot stays due
};

/// What the scheduler needs from the world.
struct SchedulerEnv {
  std::function<long long()> now;  ///< UTC epoch seconds
  /// Runs `job` to completion; calls `heartbeat` at least every 30 s while it runs.
  std::function<JobOutcome(const JobSpec& job, const std::function<void()>& heartbeat)> run;
  long long pid = 0;               ///< this scheduler's process id (lock owner)
  std::string host;                ///< this machine's name (pid liveness is only known here)
  std::function<bool(long long pid)> pid_alive;  ///< whether a process of this host still runs
  const std::atomic<bool>* stop = nullptr;       ///< set by SIGTERM: no new job starts
};

/// What one pass did, by job name.
struct PassReport {
  std::vector<std::string> ran;      ///< started (whatever the outcome)
  std::vector<std::string> failed;   ///< ran and failed
  std::vector<std::string> locked;   ///< due but held by another live scheduler
  std::vector<std::string> recovered;  ///< stale locks broken
};

/// The slot `job` should run for at `now` (0 when not due). A cron job first seen records the minute
/// before `now` as its baseline, so it fires at its next slot, not for the past. Missed slots are
/// coalesced into the newest one. A failed slot waits retry_delay between attempts and is given up
/// after `retries` retries.
bool due_slot(Store& store, const Schedule& schedule, const JobSpec& job, long long now, long long* slot,
              int* attempt, std::string* err);

/// One pass: runs every due job once, in file order (an `after` job listed after its predecessor runs
/// in the same pass). False only when the store fails.
bool run_due_jobs(Store& store, const Schedule& schedule, const SchedulerEnv& env, PassReport* report,
                  std::string* err);

/// The earliest time after `now` at which some job may become due (every/cron slots, retry waits),
/// at most now + 60 so `after` jobs and other schedulers' progress are noticed.
long long next_wake(Store& store, const Schedule& schedule, long long now);

/// The daemon: passes until env.stop; `sleep_until(t)` waits until time t (returning early on stop).
bool run_schedule_loop(Store& store, const Schedule& schedule, const SchedulerEnv& env,
                       const std::function<void(long long)>& sleep_until, std::string* err);

}  // namespace govaudit
