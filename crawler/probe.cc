#include "crawler/probe.h"

#include <netdb.h>
#include <sys/socket.h>

#include <map>
#include <unordered_map>

#include "crawler/content_hash.h"
#include "crawler/host_pinning.h"
#include "crawler/page_analysis.h"
#include "crawler/url.h"

namespace govaudit {
namespace {

// What a browser sends: a site that refuses our agent but serves this one is blocking us.
const char* const kBrowserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

bool network_level(const std::string& c) {
  return c == "dns" || c == "connect_refused" || c == "connect_timeout" || c == "timeout";
}

}  // namespace

ProbeOutcome classify_probe(const ProbeTarget& target, FetchResult fetch, bool answers_others) {
  ProbeOutcome o;
  o.target = target;
  if (fetch.error_class != ErrorClass::none && fetch.error_class != ErrorClass::http_status) {
    o.error_class = error_class_name(fetch.error_class);
  } else if (fetch.status == 403 && answers_others) {
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
  const std::string& final_url = fetch.final_url.empty() ? fetch.url : fetch.final_url;
  o.redirects_to_https = fetch.url.rfind("http://", 0) == 0 && final_url.rfind("https://", 0) == 0;
  o.fetch = std::move(fetch);
  return o;
}

std::string ipv6_status(const std::string& url, const FetcherOptions& options) {
  Url u;
  std::string err;
  if (!parse_url(url, &u, &err) || is_pinned(options.pins, u.host, effective_port(u))) return "unknown";
  addrinfo hints{};
  hints.ai_family = AF_INET6;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(u.host.c_str(), nullptr, &hints, &res) != 0 || !res) return "no";
  freeaddrinfo(res);
  FetcherOptions v6 = options;
  v6.ipv6_only = true;
  v6.retries = 0;
  FetchRequest req;
  req.url = url;
  req.method = Method::head;
  return fetch_one(req, v6).status > 0 ? "yes" : "unreachable";
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
  options.host_give_up_after_http = 1 << 30;
  options.cert_info = true;
  options.queue_capacity = std::max<int>(options.queue_capacity, static_cast<int>(targets.size()) + 1);
  Fetcher fetcher(options);
  for (size_t i = 0; i < targets.size(); ++i) {
    FetchRequest req;
    req.url = targets[i].url;
    req.tag = i;
    fetcher.submit(std::move(req));
  }
  fetcher.close();
  std::vector<FetchResult> fetched(targets.size());
  while (auto r = fetcher.next_result())
    if (r->tag < targets.size()) fetched[r->tag] = std::move(*r);
  std::vector<ProbeOutcome> out(targets.size());
  FetcherOptions other_agent = options;
  other_agent.user_agent = kBrowserAgent;
  for (size_t i = 0; i < targets.size(); ++i) {
    bool answers_others = false;
    if (fetched[i].status == 403) {
      FetchRequest again;
      again.url = targets[i].url;
      int st = fetch_one(again, other_agent).status;
      answers_others = st >= 200 && st < 300;
    }
    out[i] = classify_probe(targets[i], std::move(fetched[i]), answers_others);
    out[i].ipv6 = ipv6_status(targets[i].url, options);
  }
  return out;
}

}  // namespace govaudit
