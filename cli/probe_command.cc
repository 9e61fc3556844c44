// `govaudit probe`: one round of access probes over the chosen sites (home page and extra hosts),
// stored append-only and printed (cli.md JSON shape).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "crawler/log.h"
#include "crawler/probe.h"
#include "crawler/url.h"
#include "store/probe_log.h"
#include "store/store.h"

namespace govaudit {
namespace {

struct ProbeArgs {
  std::vector<std::string> sites;
  long timeout_s = 15;
  std::string format = "table";
  std::string vantage = "default";
};

int probe_command(const GlobalOptions& g, const ProbeArgs& a) {
  Store store;
  std::string err;
  std::vector<Site> all;
  if (!store.open(g.db, &err) || !store.list_sites({}, &all, &err)) {
    log_error(err);
    return 1;
  }
  for (const auto& id : a.sites)
    if (std::none_of(all.begin(), all.end(), [&](const Site& s) { return s.id == id; })) {
      std::cerr << "govaudit: probe: --site '" << id << "' is not in the registry\n";
      return 2;
    }
  std::vector<ProbeTarget> targets;
  for (const auto& s : all) {
    if (!a.sites.empty() && std::find(a.sites.begin(), a.sites.end(), s.id) == a.sites.end()) continue;
    targets.push_back({s.id, s.url});
    Url u;
    std::string e;
    std::string scheme = parse_url(s.url, &u, &e) ? u.scheme : "http";
    for (const auto& h : s.extra_hosts) targets.push_back({s.id, scheme + "://" + h + "/"});
  }
  if (targets.empty()) {
    std::cerr << "govaudit: probe: no sites in the registry of " << g.db << "\n";
    return 2;
  }
  FetcherOptions fo;
  fo.pins = g.pins;
  fo.allow_private = g.allow_private;
  ProbeRound round;
  round.started_at = utc_now_iso8601();
  round.vantage = a.vantage;
  auto outcomes = run_probe_round(targets, fo, a.timeout_s);
  round.vantage_failure = is_vantage_failure(outcomes);
  if (round.vantage_failure) {
    round.note = "most probes failed the same network way: counted against no site";
    log_warn("probe round looks like a failure of this vantage point (" + round.note + ")");
  }
  std::vector<StoredProbe> rows;
  for (const auto& o : outcomes) {
    StoredProbe p;
    const FetchResult& f = o.fetch;
    p.site_id = o.target.site_id;
    p.url = o.target.url;
    p.final_url = f.final_url.empty() ? f.url : f.final_url;
    p.status = f.status;
    p.ok = o.ok;
    p.error_class = o.error_class;
    p.error = f.error;
    p.dns_ms = f.timings.dns_ms;
    p.connect_ms = f.timings.connect_ms;
    p.tls_ms = f.timings.tls_ms;
    p.first_byte_ms = f.timings.first_byte_ms;
    p.total_ms = f.timings.total_ms;
    p.bytes = static_cast<long long>(f.body.size());
    p.content_hash = o.content_hash;
    std::string prev;
    if (o.ok && last_probe_hash(store, p.url, &prev, &err)) p.changed = !prev.empty() && prev != o.content_hash;
    p.redirects_to_https = p.url.rfind("http://", 0) == 0 && p.final_url.rfind("https://", 0) == 0;
    // Pinned hosts are never looked up, so whether they have AAAA records is not known here.
    Url u;
    std::string e;
    p.ipv6 = parse_url(p.url, &u, &e) && is_pinned(g.pins, u.host, effective_port(u)) ? "unknown"
             : f.remote_ip.find(':') != std::string::npos                             ? "yes"
                                                                                      : "unknown";
    p.probed_at = f.fetched_at.empty() ? utc_now_iso8601() : f.fetched_at;
    rows.push_back(std::move(p));
  }
  if (!append_probe_round(store, &round, rows, &err)) {
    log_error(err);
    return 1;
  }
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : rows)
      out.push_back({{"site", p.site_id}, {"url", p.url}, {"status", p.status}, {"ok", p.ok},
                     {"total_ms", p.total_ms}, {"error", p.error_class.empty() ? nlohmann::json() : nlohmann::json(p.error_class)},
                     {"tls_expires", p.tls_expires.empty() ? nlohmann::json() : nlohmann::json(p.tls_expires)},
                     {"ipv6", p.ipv6 == "yes"}, {"changed", p.changed}, {"round", round.id},
                     {"vantage_failure", round.vantage_failure}});
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::printf("%-14s %-6s %-4s %9s  %-16s %s\n", "site", "status", "ok", "total_ms", "error", "url");
    for (const auto& p : rows)
      std::printf("%-14s %-6d %-4s %9.1f  %-16s %s\n", p.site_id.c_str(), p.status, p.ok ? "yes" : "no", p.total_ms,
                  p.error_class.c_str(), p.url.c_str());
  }
  return 0;
}

}  // namespace

void add_probe_command(CLI::App& app, const GlobalOptions& global, CommandRun* run) {
  auto a = std::make_shared<ProbeArgs>();
  auto* sub = app.add_subcommand("probe", "One round of access probes (home pages and extra hosts), stored and printed");
  sub->add_option("--site", a->sites, "site id (repeatable; default every site)");
  sub->add_option("--timeout", a->timeout_s, "seconds before a probe counts as failed (census: 15)")
      ->check(CLI::Range(1, 300))->capture_default_str();
  sub->add_option("--format", a->format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  sub->add_option("--vantage", a->vantage, "a label for where this round runs from")->capture_default_str();
  sub->callback([run, &global, a] { *run = [&global, a] { return probe_command(global, *a); }; });
}

}  // namespace govaudit
