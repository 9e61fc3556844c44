// Access probes kept append-only: a probe round (when, which vantage, whether the round itself
// failed) and one row per probed URL. The audit's availability share over a window is a query over
// them; a round marked as a vantage-point failure never counts against a site.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace govaudit {

/// One probe of one URL (a site's home page or one of its extra hosts).
struct StoredProbe {
  std::string site_id;
  std::string url;
  std::string final_url;
  int status = 0;
  bool ok = false;           ///< opened within the timeout with a 2xx that is not a soft 404
  std::string error_class;   ///< "" when ok; dns, connect_refused, timeout, tls, http_status, soft_404, blocked...
  std::string error;
  double dns_ms = 0, connect_ms = 0, tls_ms = 0, first_byte_ms = 0, total_ms = 0;
  long long bytes = 0;
  std::string content_hash;
  bool changed = false;      ///< content hash differs from this URL's previous probe
  bool redirects_to_https = false;
  std::string tls_expires;   ///< certificate expiry (ISO date) when https and known
  std::string tls_issuer;
  std::string ipv6;          ///< "yes", "no", or "unknown" (pinned hosts are never looked up)
  std::string probed_at;
  long long round_id = 0;    ///< filled when read back
};

struct ProbeRound {
  long long id = 0;
  std::string started_at;
  std::string vantage;          ///< a label for where probes ran from
  bool vantage_failure = false; ///< most probes failed the same way: our network, not the sites
  std::string note;
};

/// Appends a round and its probes in one transaction; fills round->id.
bool append_probe_round(Store& store, ProbeRound* round, const std::vector<StoredProbe>& probes, std::string* err);

/// The content hash of the newest earlier probe of `url` ("" when none).
bool last_probe_hash(Store& store, const std::string& url, std::string* hash, std::string* err);

/// Probes of `site_id` (home page URLs and extra hosts) taken in [from, to] (ISO timestamps,
/// compared as text), from rounds that are not vantage failures, oldest first.
bool site_probes(Store& store, const std::string& site_id, const std::string& from, const std::string& to,
                 std::vector<StoredProbe>* out, std::string* err);

extern const char* const kProbeLogMigrationSql;

}  // namespace govaudit
