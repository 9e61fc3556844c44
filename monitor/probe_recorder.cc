#include "monitor/probe_recorder.h"

#include "crawler/log.h"
#include "crawler/url.h"

namespace govaudit {

std::vector<ProbeTarget> probe_targets(const std::vector<Site>& sites) {
  std::vector<ProbeTarget> targets;
  for (const auto& s : sites) {
    targets.push_back({s.id, s.url});
    Url u;
    std::string e;
    std::string scheme = parse_url(s.url, &u, &e) ? u.scheme : "http";
    for (const auto& h : s.extra_hosts) targets.push_back({s.id, scheme + "://" + h + "/"});
  }
  return targets;
}

bool record_probe_round(Store& store, const std::vector<ProbeTarget>& targets, const ProbeRoundOptions& options,
                        ProbeRound* round, std::vector<StoredProbe>* rows, std::string* err) {
  std::string started = utc_now_iso8601();
  auto outcomes = run_probe_round(targets, options.fetcher, options.timeout_s);
  ProbeRoundOptions o = options;
  if (o.probed_at.empty()) o.started_at = started;
  return store_probe_round(store, outcomes, o, round, rows, err);
}

bool store_probe_round(Store& store, const std::vector<ProbeOutcome>& outcomes, const ProbeRoundOptions& options,
                       ProbeRound* round, std::vector<StoredProbe>* rows, std::string* err) {
  *round = {};
  rows->clear();
  round->started_at = !options.probed_at.empty() ? options.probed_at
                      : !options.started_at.empty() ? options.started_at
                                                    : utc_now_iso8601();
  round->vantage = options.vantage;
  round->vantage_failure = is_vantage_failure(outcomes);
  if (round->vantage_failure) {
    round->note = "most probes failed the same network way: counted against no site";
    log_warn("probe round looks like a failure of this vantage point (" + round->note + ")");
  }
  for (const auto& o : outcomes) {
    StoredProbe p;
    const FetchResult& f = o.fetch;
    p.site_id = o.target.site_id;
    p.url = o.target.url;
    p.final_url = f.final_url.empty() ? o.target.url : f.final_url;
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
    if (o.ok && last_probe_hash(store, p.url, &prev, err)) p.changed = !prev.empty() && prev != o.content_hash;
    p.redirects_to_https = o.redirects_to_https;
    p.tls_expires = f.tls_expires;
    p.tls_issuer = f.tls_issuer;
    p.ipv6 = o.ipv6;
    p.probed_at = !options.probed_at.empty() ? options.probed_at : f.fetched_at.empty() ? utc_now_iso8601() : f.fetched_at;
    rows->push_back(std::move(p));
  }
  return append_probe_round(store, round, *rows, err);
}

}  // namespace govaudit
