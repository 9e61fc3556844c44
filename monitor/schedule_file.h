// The schedule file (TOML): which govaudit commands run when. Each [[job]] names a command of this
// binary, its arguments and site filter, and exactly one trigger: `every` (minutes, aligned to the
// clock), `cron` (5-field, UTC) or `after` (another job's successful run). See deploy/schedule.toml.
#pragma once

#include <string>
#include <vector>

#include "monitor/cron.h"

namespace govaudit {

struct JobSpec {
  std::string name;                ///< unique; the key of its lock, state and runs in the store
  std::string command;             ///< probe, crawl, audit, report, ... (a subcommand of govaudit)
  std::vector<std::string> args;   ///< extra arguments after the command
  std::vector<std::string> sites;  ///< each becomes `--site ID`
  long every_minutes = 0;          ///< trigger: every N minutes (probe jobs default to 60)
  std::string cron_text;           ///< trigger: cron expression
  CronExpr cron;
  std::string after;               ///< trigger: after each successful run of this job
  int retries = 2;                 ///< extra attempts of a failed slot
  long retry_delay_s = 300;        ///< wait before each retry
};

struct Schedule {
  std::string db;                  ///< the store; empty = the command line's --db
  long lock_stale_s = 600;         ///< a lock whose heartbeat is older than this is stale
  std::vector<JobSpec> jobs;
};

/// The whole command line of a job after the binary name: `--db DB`, command, args, --site filters.
std::vector<std::string> job_argv(const JobSpec& job, const std::string& db);

/// Parses schedule TOML text; `origin` names it in errors (file, job, field).
bool parse_schedule(const std::string& text, const std::string& origin, Schedule* out, std::string* err);
/// Reads and parses a schedule file.
bool load_schedule(const std::string& path, Schedule* out, std::string* err);

}  // namespace govaudit
