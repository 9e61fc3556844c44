#include "monitor/scheduler.h"

#include <algorithm>

#include "crawler/log.h"
#include "store/job_log.h"

namespace govaudit {
namespace {

bool stopping(const SchedulerEnv& env) { return env.stop && env.stop->load(); }

// The newest cron slot in (after, now], or 0. Bounded: a long gap of every-minute slots is skipped
// in one step to the newest.
long long newest_cron_slot(const CronExpr& cron, long long after, long long now) {
  long long s = cron_next(cron, after);
  if (s < 0 || s > now) return 0;
  for (int i = 0; i < 100000; ++i) {
    long long n = cron_next(cron, s);
    if (n < 0 || n > now) return s;
    s = n;
  }
  return s;
}

// Whether the lock's owner is gone: no heartbeat for lock_stale_s, or dead on this very host.
bool lock_is_stale(const JobLock& l, const Schedule& schedule, const SchedulerEnv& env, long long now) {
  if (l.heartbeat_at < now - schedule.lock_stale_s) return true;
  return l.owner_host == env.host && l.owner_pid != env.pid && env.pid_alive && !env.pid_alive(l.owner_pid);
}

std::string joined(const std::vector<std::string>& argv) {
  std::string s;
  for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
  return s;
}

// Breaks the job's lock when its owner is gone, marking the owner's unfinished runs interrupted (so
// their slot is due again).
bool recover_stale_lock(Store& store, const Schedule& schedule, const JobSpec& job, const SchedulerEnv& env,
                        long long now, PassReport* report, std::string* err) {
  std::optional<JobLock> held;
  if (!read_job_lock(store, job.name, &held, err)) return false;
  if (!held || !lock_is_stale(*held, schedule, env, now)) return true;
  log_warn("job " + job.name + ": recovering the stale lock of pid " + std::to_string(held->owner_pid) + " on " +
           held->owner_host + " (last heartbeat " + std::to_string(now - held->heartbeat_at) + " s ago)");
  if (!mark_runs_interrupted(store, job.name, held->owner_pid, now, err) ||
      !release_job_lock(store, job.name, held->owner_pid, err))
    return false;
  report->recovered.push_back(job.name);
  return true;
}

}  // namespace

bool due_slot(Store& store, const Schedule& schedule, const JobSpec& job, long long now, long long* slot,
              int* attempt, std::string* err) {
  (void)schedule;
  *slot = 0;
  *attempt = 1;
  long long last = 0;
  if (!job_last_due(store, job.name, &last, err)) return false;
  long long candidate = 0;
  if (job.every_minutes > 0) {
    const long long period = job.every_minutes * 60;
    candidate = now - ((now % period) + period) % period;
  } else if (!job.cron_text.empty()) {
    if (last == 0) {  // first sight: a baseline, so the job waits for its next slot
      long long baseline = now - ((now % 60) + 60) % 60 - 60;
      return set_job_last_due(store, job.name, baseline, err);
    }
    candidate = newest_cron_slot(job.cron, last, now);
  } else {
    std::optional<JobRun> pred;
    if (!last_ok_job_run(store, job.after, &pred, err)) return false;
    candidate = pred ? pred->finished_at : 0;
  }
  if (candidate <= 0 || candidate <= last) return true;
  std::vector<JobRun> runs;
  if (!job_runs_for_slot(store, job.name, candidate, &runs, err)) return false;
  int attempts = 0;
  long long last_end = 0;
  for (const auto& r : runs) {
    if (r.status == "ok") return set_job_last_due(store, job.name, candidate, err);
    if (r.status == "running") return true;  // someone is on it
    ++attempts;
    last_end = std::max(last_end, r.finished_at);
  }
  if (attempts > job.retries) {
    log_warn("job " + job.name + ": giving up the slot after " + std::to_string(attempts) + " failed attempts");
    return set_job_last_due(store, job.name, candidate, err);
  }
  if (attempts > 0 && now < last_end + job.retry_delay_s) return true;
  *slot = candidate;
  *attempt = attempts + 1;
  return true;
}

bool run_due_jobs(Store& store, const Schedule& schedule, const SchedulerEnv& env, PassReport* report,
                  std::string* err) {
  for (const auto& job : schedule.jobs) {
    if (stopping(env)) break;
    long long now = env.now();
    long long slot = 0;
    int attempt = 1;
    if (!recover_stale_lock(store, schedule, job, env, now, report, err) ||
        !due_slot(store, schedule, job, now, &slot, &attempt, err))
      return false;
    if (!slot) continue;
    bool acquired = false;
    if (!acquire_job_lock(store, JobLock{job.name, env.pid, env.host, now, now}, &acquired, err)) return false;
    if (!acquired) {
      log_info("job " + job.name + " is due but another scheduler is running it");
      report->locked.push_back(job.name);
      continue;
    }
    // Between our look and our lock another scheduler may have finished this slot.
    long long slot_again = 0;
    if (!due_slot(store, schedule, job, now, &slot_again, &attempt, err)) return false;
    if (slot_again != slot) {
      if (!release_job_lock(store, job.name, env.pid, err)) return false;
      continue;
    }
    JobRun run;
    run.job = job.name;
    run.scheduled_for = slot;
    run.attempt = attempt;
    run.started_at = now;
    run.command = joined(job_argv(job, schedule.db));
    run.pid = env.pid;
    if (!begin_job_run(store, &run, err)) return false;
    log_info("job " + job.name + " starts (attempt " + std::to_string(attempt) + "): " + run.command);
    report->ran.push_back(job.name);
    std::string hb_err;
    JobOutcome out = env.run(job, [&] {
      if (!heartbeat_job_lock(store, job.name, env.pid, env.now(), &hb_err)) log_warn(hb_err);
    });
    run.finished_at = env.now();
    run.exit_code = out.exit_code;
    run.error = out.error;
    run.status = out.interrupted ? "interrupted" : out.error.empty() && out.exit_code == 0 ? "ok" : "failed";
    if (run.status == "failed") {
      if (run.error.empty()) run.error = "exit status " + std::to_string(out.exit_code);
      report->failed.push_back(job.name);
      log_warn("job " + job.name + " failed: " + run.error);
    }
    if (!finish_job_run(store, run, err)) return false;
    if (run.status == "ok" && !set_job_last_due(store, job.name, slot, err)) return false;
    if (!release_job_lock(store, job.name, env.pid, err)) return false;
  }
  return true;
}

long long next_wake(Store& store, const Schedule& schedule, long long now) {
  long long wake = now + 60;
  std::string err;
  for (const auto& job : schedule.jobs) {
    if (job.every_minutes > 0) {
      const long long period = job.every_minutes * 60;
      wake = std::min(wake, now - ((now % period) + period) % period + period);
    } else if (!job.cron_text.empty()) {
      long long n = cron_next(job.cron, now);
      if (n > 0) wake = std::min(wake, n);
    }
    std::vector<JobRun> runs;
    if (recent_job_runs(store, job.name, 1, &runs, &err) && !runs.empty() && runs[0].status == "failed")
      wake = std::min(wake, std::max(now + 1, runs[0].finished_at + job.retry_delay_s));
  }
  return std::max(wake, now + 1);
}

bool run_schedule_loop(Store& store, const Schedule& schedule, const SchedulerEnv& env,
                       const std::function<void(long long)>& sleep_until, std::string* err) {
  while (!stopping(env)) {
    PassReport report;
    if (!run_due_jobs(store, schedule, env, &report, err)) return false;
    if (stopping(env)) break;
    if (!report.ran.empty()) continue;  // a finished job may have made an `after` job due
    sleep_until(next_wake(store, schedule, env.now()));
  }
  log_info("scheduler stopping: no job is left running");
  return true;
}

}  // namespace govaudit
