// Scheduled jobs in the store: one row per job run (status, duration, error), a lock row per job so a
// job never overlaps with itself across processes (owner pid + heartbeat; a stale lock may be
// broken), and the latest due time each job has handled, so `schedule due` and `schedule run` agree.
// Times are UTC epoch seconds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace govaudit {

/// One run (one attempt) of a scheduled job.
struct JobRun {
  long long id = 0;
  std::string job;
  long long scheduled_for = 0;  ///< the due time (slot) this run answers
  int attempt = 1;              ///< 1 for the first try of a slot, 2 for its first retry...
  long long started_at = 0;
  long long finished_at = 0;    ///< 0 while running
  std::string status;           ///< running, ok, failed, interrupted (its owner died)
  int exit_code = 0;
  std::string error;
  std::string command;          ///< the command line, for the log
  long long pid = 0;            ///< the scheduler process that ran it
};

/// The lock row of a job while some scheduler runs it.
struct JobLock {
  std::string job;
  long long owner_pid = 0;
  std::string owner_host;
  long long acquired_at = 0;
  long long heartbeat_at = 0;
};

/// Inserts `run` (status "running" unless set); fills run->id.
bool begin_job_run(Store& store, JobRun* run, std::string* err);
/// Records the end of a run: finished_at, status, exit_code, error (by run.id).
bool finish_job_run(Store& store, const JobRun& run, std::string* err);
/// The newest `limit` runs (of `job` when not empty), newest first.
bool recent_job_runs(Store& store, const std::string& job, int limit, std::vector<JobRun>* out, std::string* err);
/// Runs of `job` for slot `scheduled_for`, oldest first (the retry policy counts the failed ones).
bool job_runs_for_slot(Store& store, const std::string& job, long long scheduled_for, std::vector<JobRun>* out,
                       std::string* err);
/// The newest successful run of `job` (nullopt when none).
bool last_ok_job_run(Store& store, const std::string& job, std::optional<JobRun>* out, std::string* err);

/// Takes the lock of `job` when nobody holds it; `*acquired` says whether we did.
bool acquire_job_lock(Store& store, const JobLock& lock, bool* acquired, std::string* err);
/// The current holder of `job`'s lock (nullopt when free).
bool read_job_lock(Store& store, const std::string& job, std::optional<JobLock>* out, std::string* err);
/// Refreshes the heartbeat; only the owner (`pid`) can.
bool heartbeat_job_lock(Store& store, const std::string& job, long long pid, long long now, std::string* err);
/// Frees the lock if `pid` holds it. Breaking a stale lock passes the stale owner's pid; its runs
/// still marked running are then marked interrupted.
bool release_job_lock(Store& store, const std::string& job, long long pid, std::string* err);
bool mark_runs_interrupted(Store& store, const std::string& job, long long pid, long long now, std::string* err);

/// The latest slot `job` has handled (0 when never), and its update.
bool job_last_due(Store& store, const std::string& job, long long* due, std::string* err);
bool set_job_last_due(Store& store, const std::string& job, long long due, std::string* err);

extern const char* const kJobLogMigrationSql;

}  // namespace govaudit
