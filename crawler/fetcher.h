// The polite HTTP fetch layer: a few libcurl-multi event loops, each owning a shard of hosts, that
// never run more than `per_host` transfers or start requests closer than `delay_ms` to one host,
// retry what is worth retrying, and refuse loopback/private targets unless pinned or allowed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crawler/error_class.h"
#include "crawler/host_pinning.h"

namespace govaudit {

enum class Method { get, head };

/// One URL to fetch. Only http and https URLs are fetched.
struct FetchRequest {
  std::string url;
  Method method = Method::get;
  std::optional<std::pair<long, long>> range;  ///< inclusive byte range (Range: bytes=a-b)
  std::string if_none_match;                   ///< previous ETag, sent as If-None-Match when set
  std::string if_modified_since;               ///< previous Last-Modified, sent as If-Modified-Since
  uint64_t tag = 0;                            ///< the caller's id, echoed in the result
  int depth = 0;                               ///< the caller's crawl depth, echoed in the result
};

/// Phase durations in milliseconds; 0 when the phase did not happen (no TLS, reused connection).
struct FetchTimings {
  double dns_ms = 0;         ///< name look-up
  double connect_ms = 0;     ///< TCP connect, after the look-up
  double tls_ms = 0;         ///< TLS handshake, after the connect
  double first_byte_ms = 0;  ///< from start of the final hop to its first response byte
  double total_ms = 0;       ///< every hop and attempt's transfer time added up (not backoff waits)
};

/// What came back for one FetchRequest, after redirects and retries.
struct FetchResult {
  uint64_t tag = 0;
  int depth = 0;
  std::string url;        ///< as requested
  std::string final_url;  ///< the last URL attempted (after redirects)
  int status = 0;         ///< HTTP status of the final hop; 0 on a transport error (kept for body_too_large)
  std::vector<std::string> redirects;  ///< URLs redirected to, in order (final_url is the last)
  std::vector<std::pair<std::string, std::string>> headers;  ///< final hop's, in order, names lower-case
  std::string body;       ///< decompressed; at most max_body_bytes
  bool truncated = false;
  std::string content_type;
  FetchTimings timings;
  int64_t size_download = 0;  ///< body bytes on the wire for the final hop (compressed size if encoded)
  ErrorClass error_class = ErrorClass::none;
  std::string error;      ///< curl's message and what we were doing; empty when error_class is none
  std::string remote_ip;
  int attempts = 0;       ///< transfers started for this request, all hops and retries
  std::string fetched_at; ///< UTC ISO-8601 time the result was complete, e.g. 2026-01-31T08:00:00Z
  std::string tls_expires;  ///< final hop's server certificate notAfter as YYYY-MM-DD (cert_info only)
  std::string tls_issuer;   ///< its issuer as curl prints it, e.g. "CN = a.test" (cert_info only)
};

/// The first value of the final hop's header `name` (lower-case), or "" when it was not sent.
std::string header_value(const FetchResult& f, const std::string& name);

/// Fetcher settings. Defaults match the CLI's.
struct FetcherOptions {
  int loops = 2;          ///< event-loop threads; hosts are sharded over them by hash of host name
  int per_host = 2;       ///< max transfers in flight to one host
  int delay_ms = 500;     ///< min gap between request starts to one host (set_host_delay overrides)
  std::string user_agent = "govaudit/0.1 (+https://example.org/govaudit; government website audit)";
  long connect_timeout_s = 10;
  long total_timeout_s = 30;
  int max_redirects = 10;
  int64_t max_body_bytes = 10 * 1024 * 1024;  ///< enforced on decompressed bytes
  int retries = 2;                 ///< extra attempts after a timeout, 429 or 503
  int backoff_base_ms = 1000;      ///< first retry wait; doubles per attempt, plus up to 50% jitter
  int max_retry_wait_s = 60;       ///< cap on backoff and on a server's Retry-After
  int host_slow_after = 3;         ///< consecutive refusals (connect failures, 429, 503) before the
                                   ///< host's delay is doubled (again on each further refusal)
  int host_give_up_after = 6;      ///< consecutive connect failures before the host is given up
  int host_give_up_after_http = 20;  ///< consecutive 429/503 answers before the host is given up: a
                                     ///< server that answers at all is worth more patience than one
                                     ///< that refuses connections
  std::string ca_file;             ///< PEM CA bundle trusted instead of the system's (e.g. a test
                                   ///< server's self-signed certificate); empty = system default
  bool cert_info = false;          ///< read the server certificate of https hops (probes); only a
                                   ///< fresh connection carries it, so reused ones leave it empty
  bool ipv6_only = false;          ///< connect over IPv6 only (the probes' IPv6 reachability check)
  HostPins pins;                   ///< --resolve / --connect-to
  bool allow_private = false;      ///< --allow-private
  int queue_capacity = 256;        ///< bound of the input queue, of each loop's held work, and of output
};

/// What the fetcher observed itself (independent of what servers report).
struct FetcherStats {
  std::map<std::string, int> max_in_flight_per_host;  ///< host name → most concurrent transfers seen
  uint64_t submitted = 0;
  uint64_t transfers_started = 0;  ///< including retries and redirect hops
  uint64_t retries = 0;
  uint64_t results = 0;
  uint64_t errors = 0;             ///< results whose error_class is not none
  std::vector<std::string> hosts_given_up;
  int running_now = 0;  ///< transfers running at the loops' last turn (a gauge, for status logs)
  int queued_now = 0;   ///< requests the loops hold that are not running: host busy, delay or backoff
};

/// Owns the loop threads and their curl handles. submit() and next_result() are thread-safe and
/// meant for different threads: a producer blocked in submit() waits for the consumer to make room.
class Fetcher {
 public:
  explicit Fetcher(FetcherOptions options);
  /// Cancels whatever is left and joins the threads.
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  /// Queues a request; blocks while its loop's input queue is full (back-pressure).
  /// Returns false after close() or cancel(): the request is not queued and gives no result.
  bool submit(FetchRequest request);

  /// Blocks for the next result in completion order; nullopt once close()d and every submitted
  /// request has its result, or after cancel() when what was already done is drained.
  std::optional<FetchResult> next_result();

  /// No more submissions; the loops finish what they hold.
  void close();

  /// Stop quickly (SIGINT path): transfers are aborted, unstarted requests dropped without results,
  /// blocked submit() calls return false.
  void cancel();

  /// Per-host minimum gap between request starts, e.g. from robots.txt Crawl-delay. Takes effect
  /// for the next request start to `host` (case-insensitive host name, no port).
  void set_host_delay(const std::string& host, int delay_ms);

  FetcherStats stats() const;

  struct Shared;  // internal; public only so the implementation's helpers can name it

 private:
  std::unique_ptr<Shared> shared_;
};

/// One fetch, synchronously, with its own single-loop Fetcher: for probes and `inspect`.
FetchResult fetch_one(const FetchRequest& request, const FetcherOptions& options);


}  // namespace govaudit
