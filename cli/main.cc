// govaudit's entry point: global options, subcommand dispatch, exit status (cli.md).
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/command.h"
#include "crawler/log.h"

int main(int argc, char** argv) {
  using namespace govaudit;
  CLI::App app{
      "govaudit: crawl government web portals, audit them against the census criteria and a modified UN "
      "e-government rubric, keep every score over the years, and report.",
      "govaudit"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");

  GlobalOptions global;
  const char* env_db = std::getenv("GOVAUDIT_DB");
  global.db = env_db && *env_db ? env_db : "govaudit.db";
  app.option_defaults()->always_capture_default();
  app.add_option("--db", global.db, "SQLite store (created and migrated on first use); default $GOVAUDIT_DB or ./govaudit.db")
      ->envname("GOVAUDIT_DB");
  app.add_option("--resolve", global.resolve, "HOST:PORT:ADDR, as curl: pin HOST at PORT to ADDR (repeatable)");
  app.add_option("--connect-to", global.connect_to,
                 "HOST:PORT:ADDR:PORT, as curl: send HOST:PORT to ADDR:PORT; empty HOST/PORT match any (repeatable)");
  app.add_flag("--allow-private", global.allow_private, "allow targets in loopback/private ranges");
  app.add_flag_function("-v,--verbose", [&](std::int64_t n) { global.verbosity += static_cast<int>(n); },
                        "more logging on stderr (repeatable)");
  app.add_flag_function("-q,--quiet", [&](std::int64_t n) { global.verbosity -= static_cast<int>(n); },
                        "less logging on stderr");

  CommandRun run;
  add_sites_command(app, global, &run);
  add_farm_command(app, global, &run);
  add_demo_command(app, global, &run);
  add_crawl_command(app, global, &run);
  add_import_warc_command(app, global, &run);
  add_runs_command(app, global, &run);
  add_probe_command(app, global, &run);
  add_audit_command(app, global, &run);
  add_scores_command(app, global, &run);
  add_inspect_command(app, global, &run);
  add_flags_command(app, global, &run);
  add_report_command(app, global, &run);
  add_indicators_command(app, global, &run);
  add_pending_commands(app, global, &run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  set_log_level(global.verbosity);
  for (const auto& text : global.resolve) {
    ResolvePin pin;
    std::string err;
    if (!parse_resolve_pin(text, &pin, &err)) {
      std::cerr << "govaudit: " << err << "\n";
      return 2;
    }
    global.pins.resolve.push_back(pin);
  }
  for (const auto& text : global.connect_to) {
    ConnectToRule rule;
    std::string err;
    if (!parse_connect_to_rule(text, &rule, &err)) {
      std::cerr << "govaudit: " << err << "\n";
      return 2;
    }
    global.pins.connect_to.push_back(rule);
  }
  if (!run) {
    std::cerr << app.help();
    return 2;
  }
  try {
    return run();
  } catch (const std::exception& e) {
    std::cerr << "govaudit: " << e.what() << "\n";
    return 1;
  }
}
