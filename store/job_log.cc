#include "store/job_log.h"

#include "store/sql.h"

namespace govaudit {

const char* const kJobLogMigrationSql = R"sql(
CREATE TABLE job_runs (
  id            INTEGER PRIMARY KEY,
  job           TEXT NOT NULL,
  scheduled_for INTEGER NOT NULL,
  attempt       INTEGER NOT NULL,
  started_at    INTEGER NOT NULL,
  finished_at   INTEGER NOT NULL DEFAULT 0,
  status        TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'interrupted')),
  exit_code     INTEGER NOT NULL DEFAULT 0,
  error         TEXT NOT NULL DEFAULT '',
  command       TEXT NOT NULL,
  pid           INTEGER NOT NULL
);
CREATE INDEX job_runs_job_slot ON job_runs(job, scheduled_for);
CREATE TABLE job_locks (
  job          TEXT PRIMARY KEY,
  owner_pid    INTEGER NOT NULL,
  owner_host   TEXT NOT NULL,
  acquired_at  INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
);
CREATE TABLE job_state (
  job      TEXT PRIMARY KEY,
  last_due INTEGER NOT NULL
);
)sql";

namespace {

const char* const kRunColumns =
    "SELECT id, job, scheduled_for, attempt, started_at, finished_at, status, exit_code, error, command, pid "
    "FROM job_runs ";

JobRun read_run(const Statement& st) {
  JobRun r;
  r.id = st.integer(0);
  r.job = st.text(1);
  r.scheduled_for = st.integer(2);
  r.attempt = static_cast<int>(st.integer(3));
  r.started_at = st.integer(4);
  r.finished_at = st.integer(5);
  r.status = st.text(6);
  r.exit_code = static_cast<int>(st.integer(7));
  r.error = st.text(8);
  r.command = st.text(9);
  r.pid = st.integer(10);
  return r;
}

bool read_runs(Statement& st, std::vector<JobRun>* out, std::string* err) {
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out->push_back(read_run(st));
  if (rc != SQLITE_DONE) *err = "cannot read job runs: " + st.error();
  return rc == SQLITE_DONE;
}

bool done(Statement& st, const std::string& what, std::string* err) {
  if (st.step() == SQLITE_DONE) return true;
  *err = "cannot " + what + ": " + st.error();
  return false;
}

}  // namespace

bool begin_job_run(Store& store, JobRun* run, std::string* err) {
  if (run->status.empty()) run->status = "running";
  Statement st(store.handle(),
               "INSERT INTO job_runs(job, scheduled_for, attempt, started_at, finished_at, status, exit_code, error, "
               "command, pid) VALUES (?,?,?,?,?,?,?,?,?,?)");
  st.bind(1, run->job);
  st.bind(2, run->scheduled_for);
  st.bind(3, static_cast<long long>(run->attempt));
  st.bind(4, run->started_at);
  st.bind(5, run->finished_at);
  st.bind(6, run->status);
  st.bind(7, static_cast<long long>(run->exit_code));
  st.bind(8, run->error);
  st.bind(9, run->command);
  st.bind(10, run->pid);
  if (!done(st, "record a run of job " + run->job, err)) return false;
  run->id = sqlite3_last_insert_rowid(store.handle());
  return true;
}

bool finish_job_run(Store& store, const JobRun& run, std::string* err) {
  Statement st(store.handle(), "UPDATE job_runs SET finished_at = ?, status = ?, exit_code = ?, error = ? WHERE id = ?");
  st.bind(1, run.finished_at);
  st.bind(2, run.status);
  st.bind(3, static_cast<long long>(run.exit_code));
  st.bind(4, run.error);
  st.bind(5, run.id);
  return done(st, "finish run " + std::to_string(run.id) + " of job " + run.job, err);
}

bool recent_job_runs(Store& store, const std::string& job, int limit, std::vector<JobRun>* out, std::string* err) {
  Statement st(store.handle(), (std::string(kRunColumns) + "WHERE ? = '' OR job = ? ORDER BY id DESC LIMIT ?").c_str());
  st.bind(1, job);
  st.bind(2, job);
  st.bind(3, static_cast<long long>(limit));
  return read_runs(st, out, err);
}

bool job_runs_for_slot(Store& store, const std::string& job, long long scheduled_for, std::vector<JobRun>* out,
                       std::string* err) {
  Statement st(store.handle(), (std::string(kRunColumns) + "WHERE job = ? AND scheduled_for = ? ORDER BY id").c_str());
  st.bind(1, job);
  st.bind(2, scheduled_for);
  return read_runs(st, out, err);
}

bool last_ok_job_run(Store& store, const std::string& job, std::optional<JobRun>* out, std::string* err) {
  Statement st(store.handle(), (std::string(kRunColumns) + "WHERE job = ? AND status = 'ok' ORDER BY id DESC LIMIT 1").c_str());
  st.bind(1, job);
  std::vector<JobRun> runs;
  if (!read_runs(st, &runs, err)) return false;
  *out = runs.empty() ? std::nullopt : std::optional<JobRun>(runs[0]);
  return true;
}

bool acquire_job_lock(Store& store, const JobLock& lock, bool* acquired, std::string* err) {
  Statement st(store.handle(),
               "INSERT OR IGNORE INTO job_locks(job, owner_pid, owner_host, acquired_at, heartbeat_at) VALUES (?,?,?,?,?)");
  st.bind(1, lock.job);
  st.bind(2, lock.owner_pid);
  st.bind(3, lock.owner_host);
  st.bind(4, lock.acquired_at);
  st.bind(5, lock.heartbeat_at);
  if (!done(st, "take the lock of job " + lock.job, err)) return false;
  *acquired = sqlite3_changes(store.handle()) == 1;
  return true;
}

bool read_job_lock(Store& store, const std::string& job, std::optional<JobLock>* out, std::string* err) {
  Statement st(store.handle(), "SELECT owner_pid, owner_host, acquired_at, heartbeat_at FROM job_locks WHERE job = ?");
  st.bind(1, job);
  int rc = st.step();
  if (rc == SQLITE_ROW) {
    *out = JobLock{job, st.integer(0), st.text(1), st.integer(2), st.integer(3)};
    return true;
  }
  out->reset();
  if (rc != SQLITE_DONE) *err = "cannot read the lock of job " + job + ": " + st.error();
  return rc == SQLITE_DONE;
}

bool heartbeat_job_lock(Store& store, const std::string& job, long long pid, long long now, std::string* err) {
  Statement st(store.handle(), "UPDATE job_locks SET heartbeat_at = ? WHERE job = ? AND owner_pid = ?");
  st.bind(1, now);
  st.bind(2, job);
  st.bind(3, pid);
  return done(st, "refresh the lock of job " + job, err);
}

bool release_job_lock(Store& store, const std::string& job, long long pid, std::string* err) {
  Statement st(store.handle(), "DELETE FROM job_locks WHERE job = ? AND owner_pid = ?");
  st.bind(1, job);
  st.bind(2, pid);
  return done(st, "release the lock of job " + job, err);
}

bool mark_runs_interrupted(Store& store, const std::string& job, long long pid, long long now, std::string* err) {
  Statement st(store.handle(),
               "UPDATE job_runs SET status = 'interrupted', finished_at = ?, error = 'the scheduler running it "
               "stopped without finishing (stale lock recovered)' WHERE job = ? AND pid = ? AND status = 'running'");
  st.bind(1, now);
  st.bind(2, job);
  st.bind(3, pid);
  return done(st, "mark runs of job " + job + " interrupted", err);
}

bool job_last_due(Store& store, const std::string& job, long long* due, std::string* err) {
  Statement st(store.handle(), "SELECT last_due FROM job_state WHERE job = ?");
  st.bind(1, job);
  int rc = st.step();
  *due = rc == SQLITE_ROW ? st.integer(0) : 0;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) *err = "cannot read the state of job " + job + ": " + st.error();
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

bool set_job_last_due(Store& store, const std::string& job, long long due, std::string* err) {
  Statement st(store.handle(),
               "INSERT INTO job_state(job, last_due) VALUES (?, ?) ON CONFLICT(job) DO UPDATE SET last_due = excluded.last_due");
  st.bind(1, job);
  st.bind(2, due);
  return done(st, "record the state of job " + job, err);
}

}  // namespace govaudit
