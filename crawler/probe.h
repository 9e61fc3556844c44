// Access probes as the census takes them (census-criteria.md, site_unreachable and
// homepage_availability): one GET of a home page, failed when it has not opened within the timeout
// (15 s by default, the census figure), with an error class that separates our failures from the
// site's: a round where most probes fail the same way is a vantage-point failure, and a 403 to our
// agent is "blocked", not "down".
#pragma once

#include <string>
#include <vector>

#include "crawler/fetcher.h"

namespace govaudit {

/// One URL to probe and the site it belongs to.
struct ProbeTarget {
  std::string site_id;
  std::string url;
};

/// One probe's outcome.
struct ProbeOutcome {
  ProbeTarget target;
  FetchResult fetch;          ///< body kept for hashing; timings as measured
  bool ok = false;            ///< 2xx within the timeout, not a soft 404
  std::string error_class;    ///< "" when ok; else dns, connect_refused, connect_timeout, timeout, tls,
                              ///< http_status, soft_404, blocked, reset, other
  std::string content_hash;   ///< hex SHA-1 of the body ("" on failure)
  bool redirects_to_https = false;  ///< an http:// URL that ended on https://
  std::string ipv6 = "unknown";     ///< yes (AAAA and answered over IPv6), unreachable (AAAA, no
                                    ///< answer), no (no AAAA), unknown (pinned hosts: never looked up)
};

/// Classifies one probe fetch (pure; the census's rules in one place). A 403 is "blocked" only when
/// `answers_others` (the same URL answered 2xx to another agent); otherwise it is an http_status failure.
ProbeOutcome classify_probe(const ProbeTarget& target, FetchResult fetch, bool answers_others = false);

/// IPv6 status of `url`'s host: "unknown" when pinned (tests; never a DNS look-up), else "no" without
/// an AAAA record, "yes" when a GET over IPv6 alone got an HTTP answer, "unreachable" otherwise.
std::string ipv6_status(const std::string& url, const FetcherOptions& options);

/// True when a round's failures are ours: at least `min_targets` probes, and at least
/// `share` of them failed with one network-level class (dns, connect_refused, connect_timeout,
/// timeout). Sites failing over HTTP (5xx, 404) never make a vantage failure: that is the sites.
bool is_vantage_failure(const std::vector<ProbeOutcome>& round, size_t min_targets = 5, double share = 0.8);

/// Probes every target once, concurrently (one connection per host, no delay, no retries: a probe
/// measures the first answer). `timeout_s` bounds each probe in all. A 403 is asked again with a
/// browser's user agent to tell "blocked" from "forbidden to all"; https probes read the certificate.
std::vector<ProbeOutcome> run_probe_round(const std::vector<ProbeTarget>& targets, FetcherOptions options,
                                          long timeout_s);

}  // namespace govaudit
