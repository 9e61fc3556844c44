// Placeholder until the foundation issue's demo command lands.
#include <iostream>

#include "cli/command.h"

namespace govaudit {

void add_demo_command(CLI::App& app, const GlobalOptions&, CommandRun* run) {
  auto* sub = app.add_subcommand("demo", "demo (not yet implemented: issue 2)");
  sub->allow_extras();
  sub->callback([run] {
    *run = [] {
      std::cerr << "govaudit: demo is not yet implemented (issue 2)\n";
      return 2;
    };
  });
}

}  // namespace govaudit
