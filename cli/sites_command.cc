// Placeholder until the foundation issue's sites command lands.
#include <iostream>

#include "cli/command.h"

namespace govaudit {

void add_sites_command(CLI::App& app, const GlobalOptions&, CommandRun* run) {
  auto* sub = app.add_subcommand("sites", "sites (not yet implemented: issue 2)");
  sub->allow_extras();
  sub->callback([run] {
    *run = [] {
      std::cerr << "govaudit: sites is not yet implemented (issue 2)\n";
      return 2;
    };
  });
}

}  // namespace govaudit
