// Placeholder until the foundation issue's farm command lands.
#include <iostream>

#include "cli/command.h"

namespace govaudit {

void add_farm_command(CLI::App& app, const GlobalOptions&, CommandRun* run) {
  auto* sub = app.add_subcommand("farm", "farm (not yet implemented: issue 2)");
  sub->allow_extras();
  sub->callback([run] {
    *run = [] {
      std::cerr << "govaudit: farm is not yet implemented (issue 2)\n";
      return 2;
    };
  });
}

}  // namespace govaudit
