// Commands of cli.md whose issues have not landed: each parses its documented flags (so --help
// already tells the contract) and exits 2 saying which issue brings it.
#include <iostream>

#include "cli/command.h"

namespace govaudit {
namespace {

CLI::App* pending(CLI::App& app, const std::string& name, const std::string& what, const std::string& issue,
                  CommandRun* run) {
  auto* sub = app.add_subcommand(name, what + " (not yet implemented: " + issue + ")");
  sub->allow_extras();
  sub->callback([run, name, issue] {
    *run = [name, issue] {
      std::cerr << "govaudit: " << name << " is not yet implemented (" << issue << ")\n";
      return 2;
    };
  });
  return sub;
}

}  // namespace

void add_pending_commands(CLI::App& app, const GlobalOptions&, CommandRun* run) {
  pending(app, "schedule", "the scheduler: `schedule run` as a daemon, `schedule due` for cron", "issue 5", run);
  pending(app, "jobs", "recent scheduled job runs", "issue 5", run);
}

}  // namespace govaudit
