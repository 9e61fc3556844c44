// `govaudit sites import FILE.csv` and `govaudit sites list` (cli.md): the registry in and out.
// Import is all-or-nothing (a bad row rejects the file, exit 2, nothing written); list prints the
// current version of each site as table, registry CSV (re-importable) or JSON.
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/command.h"
#include "cli/text_table.h"
#include "store/registry_csv.h"
#include "store/store.h"

namespace govaudit {
namespace {

struct ListOptions {
  std::string format = "table";
  SiteFilter filter;
};

int run_import(const GlobalOptions& global, const std::string& file) {
  std::vector<Site> sites;
  std::string err;
  if (!parse_registry_csv(file, &sites, &err)) {
    std::cerr << "govaudit: " << err << "; nothing imported\n";
    return 2;
  }
  Store store;
  if (!store.open(global.db, &err)) {
    std::cerr << "govaudit: " << err << "\n";
    return 1;
  }
  ImportSummary summary;
  if (!store.import_sites(sites, file, &summary, &err)) {
    std::cerr << "govaudit: " << err << "\n";
    return 1;
  }
  std::cerr << "imported " << summary.rows << " sites from " << file << ": " << summary.added << " added, "
            << summary.changed << " changed, " << summary.unchanged << " unchanged\n";
  return 0;
}

int run_list(const GlobalOptions& global, const ListOptions& options) {
  Store store;
  std::string err;
  std::vector<Site> sites;
  if (!store.open(global.db, &err) || !store.list_sites(options.filter, &sites, &err)) {
    std::cerr << "govaudit: " << err << "\n";
    return 1;
  }
  if (options.format == "json") {
    auto out = nlohmann::json::array();
    for (const auto& s : sites) {
      out.push_back({{"id", s.id},
                     {"name", s.name},
                     {"province", s.province},
                     {"prefecture", s.prefecture},
                     {"level", s.level},
                     {"region", s.region},
                     {"minority", s.minority},
                     {"url", s.url},
                     {"name_en", s.name_en},
                     {"extra_hosts", s.extra_hosts},
                     {"tags", s.tags},
                     {"version", s.version},
                     {"valid_from", s.valid_from}});
    }
    std::cout << out.dump(2) << "\n";
  } else if (options.format == "csv") {
    write_registry_csv(sites, std::cout);
  } else {
    std::vector<std::vector<std::string>> rows;
    rows.reserve(sites.size());
    for (const auto& s : sites)
      rows.push_back({s.id, s.name, s.province, s.prefecture, s.level, s.region, s.minority, s.url, join_site_list(s.tags)});
    std::cout << format_text_table({"id", "name", "province", "prefecture", "level", "region", "minority", "url", "tags"},
                                   rows);
  }
  return std::cout.good() ? 0 : 1;
}

}  // namespace

void add_sites_command(CLI::App& app, const GlobalOptions& global, CommandRun* run) {
  auto* sites = app.add_subcommand("sites", "the registry of sites: import a registry CSV, list it");
  sites->require_subcommand(1);

  auto file = std::make_shared<std::string>();
  auto* import = sites->add_subcommand(
      "import", "load or update the registry from FILE.csv; all-or-nothing: one bad row rejects the file");
  import->add_option("FILE", *file, "registry CSV (cli.md, \"Registry CSV\")")->required();
  import->callback([run, &global, file] { *run = [&global, file] { return run_import(global, *file); }; });

  auto options = std::make_shared<ListOptions>();
  auto* list = sites->add_subcommand("list", "the registry: the current version of every site, by id");
  list->add_option("--format", options->format, "table, csv (the registry CSV format) or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  list->add_option("--province", options->filter.province, "only sites of this province (exact name)");
  list->add_option("--level", options->filter.level, "only sites of this level")
      ->check(CLI::IsMember({"province", "prefecture", "county", "district"}));
  list->callback([run, &global, options] { *run = [&global, options] { return run_list(global, *options); }; });
}

}  // namespace govaudit
