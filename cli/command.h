// How a subcommand plugs into `govaudit`: it registers its options on the app and, when chosen,
// runs with the global options and returns the exit status (0 ok, 2 bad usage or input, 1 other).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "crawler/host_pinning.h"

namespace govaudit {

/// Options every command shares (cli.md, "Global options").
struct GlobalOptions {
  std::string db;                      ///< --db, else $GOVAUDIT_DB, else ./govaudit.db
  std::vector<std::string> resolve;    ///< raw --resolve values
  std::vector<std::string> connect_to; ///< raw --connect-to values
  HostPins pins;                       ///< the two above, parsed before any command runs
  bool allow_private = false;          ///< --allow-private
  int verbosity = 0;                   ///< -v adds one, -q subtracts one
};

/// The run function a chosen subcommand leaves behind; main calls it after parsing.
using CommandRun = std::function<int()>;

/// Each registers one subcommand (or a group) on `app`; when the user picks it, `*run` is set.
void add_sites_command(CLI::App& app, const GlobalOptions& global, CommandRun* run);
void add_farm_command(CLI::App& app, const GlobalOptions& global, CommandRun* run);
void add_demo_command(CLI::App& app, const GlobalOptions& global, CommandRun* run);
void add_crawl_command(CLI::App& app, const GlobalOptions& global, CommandRun* run);
void add_import_warc_command(CLI::App& app, const GlobalOptions& global, CommandRun* run);
void add_runs_command(CLI::App& app, const GlobalOptions& global, CommandRun* run);
void add_probe_command(CLI::App& app, const GlobalOptions& global, CommandRun* run);
void add_audit_command(CLI::App& app, const GlobalOptions& global, CommandRun* run);
void add_scores_command(CLI::App& app, const GlobalOptions& global, CommandRun* run);
void add_inspect_command(CLI::App& app, const GlobalOptions& global, CommandRun* run);
void add_flags_command(CLI::App& app, const GlobalOptions& global, CommandRun* run);
void add_report_command(CLI::App& app, const GlobalOptions& global, CommandRun* run);
void add_indicators_command(CLI::App& app, const GlobalOptions& global, CommandRun* run);
/// `schedule run|due` and `jobs`.
void add_schedule_commands(CLI::App& app, const GlobalOptions& global, CommandRun* run);

}  // namespace govaudit
