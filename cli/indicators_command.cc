// `govaudit indicators import FILE.csv`: manually coded indicators (store/manual_codes.h), all or
// nothing with line numbers; the next `audit` reads them into SiteFacts.manual_codes.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "crawler/log.h"
#include "store/manual_codes.h"
#include "store/store.h"

namespace govaudit {
namespace {

int indicators_import(const GlobalOptions& g, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "govaudit: indicators import: cannot read " << file << "\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::vector<ManualCode> codes;
  std::string err;
  if (!parse_manual_codes_csv(text.str(), file, &codes, &err)) {
    std::cerr << "govaudit: indicators import: " << err << "\n";
    return 2;
  }
  Store store;
  if (!store.open(g.db, &err)) {
    log_error(err);
    return 1;
  }
  if (!append_manual_codes(store, file, codes, &err)) {
    std::cerr << "govaudit: indicators import: " << err << "\n";
    return 2;
  }
  std::cerr << "imported " << codes.size() << " coded indicators from " << file << "\n";
  return 0;
}

}  // namespace

void add_indicators_command(CLI::App& app, const GlobalOptions& global, CommandRun* run) {
  auto* sub = app.add_subcommand("indicators", "Manually coded indicators (organisational X/M indicators)");
  sub->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* imp = sub->add_subcommand("import", "Import FILE.csv (site,indicator,value[,note]); all or nothing");
  imp->add_option("FILE", *file, "the CSV file")->required();
  imp->callback([run, &global, file] { *run = [&global, file] { return indicators_import(global, *file); }; });
}

}  // namespace govaudit
