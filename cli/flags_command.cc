// `govaudit flags`: dormant sites, zombie apps, stale columns and unreachable sites, folded over every
// audited run (reports/flags.h): open flags by default, with --all the closed ones and when they closed.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/text_table.h"
#include "crawler/log.h"
#include "reports/csv_export.h"
#include "reports/flag_records.h"
#include "store/flag_log.h"
#include "store/store.h"

namespace govaudit {
namespace {

struct FlagsArgs {
  std::string format = "table";
  bool all = false;
  std::vector<std::string> kinds;
  std::string site;
};

int flags_command(const GlobalOptions& g, const FlagsArgs& a) {
  Store store;
  std::string err;
  if (!store.open(g.db, &err)) {
    log_error(err);
    return 1;
  }
  std::vector<StoredFlagCheck> stored;
  if (!list_flag_checks(store, &stored, &err)) {
    log_error(err);
    return 1;
  }
  std::vector<FlagCheck> checks;
  for (const auto& s : stored)
    if (a.site.empty() || s.site_id == a.site) checks.push_back(from_stored(s));
  std::vector<FlagHistory> flags;
  for (auto& h : flag_histories(std::move(checks))) {
    if (!a.all && !h.open()) continue;
    if (!a.kinds.empty() && std::find(a.kinds.begin(), a.kinds.end(), h.latest.kind) == a.kinds.end()) continue;
    flags.push_back(std::move(h));
  }
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : flags) out.push_back(flag_json(h));
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::vector<std::string> header{"site", "kind", "url", "since", "status", "first_run", "first_seen",
                                  "closed_run", "closed_at", "detail"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& h : flags)
    rows.push_back({h.latest.site, h.latest.kind, h.latest.subject, h.latest.since, h.open() ? "open" : "closed",
                    std::to_string(h.first_run), h.first_seen, h.open() ? "" : std::to_string(h.closed_run),
                    h.closed_at, h.latest.detail});
  if (a.format == "csv") {
    std::cout << csv_row(header);
    for (const auto& r : rows) std::cout << csv_row(r);
    return 0;
  }
  std::cout << format_text_table(header, rows);
  if (flags.empty()) std::cerr << "no " << (a.all ? "" : "open ") << "flags (audit a run first: flags are checked by `govaudit audit`)\n";
  return 0;
}

}  // namespace

void add_flags_command(CLI::App& app, const GlobalOptions& global, CommandRun* run) {
  auto a = std::make_shared<FlagsArgs>();
  auto* sub = app.add_subcommand("flags", "Dormant sites and zombie apps (and stale columns, unreachable sites), "
                                          "with since-when and evidence, over every audited run");
  sub->add_option("--format", a->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))->capture_default_str();
  sub->add_flag("--all", a->all, "include closed flags (history)");
  sub->add_option("--kind", a->kinds, "only these kinds (dormant_site, zombie_app, stale_column, unreachable)")
      ->check(CLI::IsMember({"dormant_site", "zombie_app", "stale_column", "unreachable"}));
  sub->add_option("--site", a->site, "only this site");
  sub->callback([run, &global, a] { *run = [&global, a] { return flags_command(global, *a); }; });
}

}  // namespace govaudit
