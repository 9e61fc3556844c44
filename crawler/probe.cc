#include "crawler/probe.h"

#include <openssl/sha.h>

#include <map>
#include <unordered_map>

#include "crawler/page_analysis.h"

namespace govaudit {
namespace {

std::string sha1_hex(const std::string& data) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

bool network_level(const std::string& c) {
  return c == "dns" || c == "connect_refused" || c == "connect_timeout" || c == "timeout";
}

}  // namespace

ProbeOutcome classify_probe(const ProbeTarget& target, FetchResult fetch) {
  ProbeOutcome o;
  o.target = target;
  if (fetch.error_class != ErrorClass::none && fetch.error_class != ErrorClass::http_status) {
    o.error_class = error_class_name(fetch.error_class);
  } else if (fetch.status == 403) {
    o.error_class = "blocked";
  } else if (fetch.status < 200 || fetch.status >= 300) {
    o.error_class = "http_status";
  } else {
    std::string matched;
    PageAnalysis pa = analyze_fetch(fetch, false, {});
    if (pa.soft_404) {
      o.error_class = "soft_404";
    } else {
      o.ok = true;
      o.content_hash = sha1_hex(fetch.body);
    }
  }
  o.fetch = std::move(fetch);
  return o;
}

bool is_vantage_failure(const std::vector<ProbeOutcome>& round, size_t min_targets, double share) {
  if (round.size() < min_targets) return false;
  std::map<std::string, size_t> by_class;
  for (const auto& o : round)
    if (network_level(o.error_class)) ++by_class[o.error_class];
  for (const auto& [cls, n] : by_class)
    if (static_cast<double>(n) >= share * static_cast<double>(round.size())) return true;
  return false;
}

std::vector<ProbeOutcome> run_probe_round(const std::vector<ProbeTarget>& targets, FetcherOptions options,
                                          long timeout_s) {
  options.per_host = 1;
  options.delay_ms = 0;
  options.retries = 0;
  options.total_timeout_s = timeout_s;
  options.connect_timeout_s = std::min(timeout_s, options.connect_timeout_s);
  options.host_give_up_after = 1 << 30;  // every probe is its own measurement
  options.queue_capacity = std::max<int>(options.queue_capacity, static_cast<int>(targets.size()) + 1);
  Fetcher fetcher(options);
  for (size_t i = 0; i < targets.size(); ++i) {
    FetchRequest req;
    req.url = targets[i].url;
    req.tag = i;
    fetcher.submit(std::move(req));
  }
  fetcher.close();
  std::vector<ProbeOutcome> out(targets.size());
  while (auto r = fetcher.next_result()) {
    size_t i = r->tag;
    if (i < targets.size()) out[i] = classify_probe(targets[i], std::move(*r));
  }
  return out;
}

}  // namespace govaudit
