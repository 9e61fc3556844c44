// One crawl run over a set of sites: the frontier, robots.txt, sitemaps, soft-404 probes, the
// fetcher and a parse-worker pool, wired together. The crawl keeps to each site's scope (portal host
// plus extra hosts), checks each link that leaves a scope once per run (the answer is recorded for
// every site linking it), and hands every fetch, with what was read from it, to a sink (the store
// writer); it never touches the database itself. At most 2 × per_host requests of one host are in the
// fetcher at a time, so requests queued behind a busy host never hold the in-flight budget.
//
// Memory is bounded by design, not by the size of the sites. Every queue of a run and its bound:
//   - frontiers: in memory at most CrawlOptions::spill's budget of entries over all sites, the rest
//     in the spill file (frontier.h); the seen-sets grow, 10–20 B per discovered URL (seen_hashes.h:
//     16 MB up to 1.6 M URLs, 64 MB up to 6.7 M; ~13 M URLs would reach a 256 MB process);
//   - entries parked while a host's robots.txt and soft-404 probe are out, then ready to dispatch:
//     at most kMaxParkedPerSite (64) per site, and only sites with a host pending (≤ max_in_flight);
//   - requests waiting for a free per-host window: 4 × max_in_flight; outstanding requests, parse
//     jobs and the event queue: max_in_flight each; the fetcher's queue: FetcherOptions::queue_capacity;
//   - records handed to `sink`: the sink blocks (the CLI's writer queue holds 512 records, its
//     batches 200 records or 20,000 links);
//   - external-link answers kept for other sites: 64 MB of bodies;
//   - per-site traps recorded: 200; coverage: counters only.
// Bytes: the CLI's writer queue holds at most 64 MB of records (record_bytes) besides its count.
// Inside the crawl, bodies are bounded by count only: at most max_in_flight requests are out at once,
// fetched or not, so at most max_in_flight × max_body_bytes of bodies (192 × 10 MB by default; lower
// --concurrency or --max-body to lower it). A byte budget that stopped new requests was tried and
// dropped: the requests already out still landed on top of it (bench/README.md, session 4).
// What still grows with the run: the seen-sets (a resumed run's stored pages and links are streamed
// into the frontiers, not held).
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crawler/fetcher.h"
#include "crawler/frontier.h"

namespace govaudit {

/// A site as the crawler needs it (taken from the registry).
struct CrawlSite {
  std::string id;
  std::string url;                       ///< the portal URL, the first seed
  std::vector<std::string> extra_hosts;  ///< hosts of the same government, crawled as in scope
};

/// Validators from an earlier run, sent as If-None-Match / If-Modified-Since on revisit, and the
/// links that page had: a 304 has no body, so the crawl follows the links it had last time.
struct PreviousValidators {
  std::string etag;
  std::string last_modified;
  std::vector<std::string> links;
};

/// Settings of a run (cli.md `crawl`). Plain values; the CLI fills them from flags.
struct CrawlOptions {
  FetcherOptions fetch;
  FrontierLimits limits;
  bool ignore_robots = false;          ///< for authorised inspections; recorded on the run
  std::string robots_token = "govaudit";  ///< the product token robots.txt groups are matched on
  int parse_workers = 0;               ///< 0 = one per core
  int max_in_flight = 192;             ///< requests handed to the fetcher and not yet parsed
  /// Validators of URLs fetched by an earlier run (may be empty).
  std::function<std::optional<PreviousValidators>(const std::string& url)> previous;
  /// For a resumed run (empty for a new one): calls `visit` with (site id, URL) for every page the
  /// run already stored (`links` false: not fetched again) or every link those pages carried
  /// (`links` true: offered again so the crawl goes on where it stopped). Streamed, so a large run
  /// is not held in memory; called by run_crawl before its first fetch.
  using ResumeVisitor = std::function<void(const std::string& site_id, const std::string& url)>;
  std::function<void(bool links, const ResumeVisitor& visit)> resume;
  const std::atomic<bool>* stop = nullptr;  ///< set (e.g. by SIGINT) to stop cleanly
  /// Where frontier entries past the in-memory budget go; null keeps every frontier wholly in
  /// memory (unbounded; for small crawls and tests). Must outlive run_crawl.
  FrontierSpill* spill = nullptr;
};

/// A link found on a page, resolved and canonical.
struct FoundLink {
  std::string url;
  std::string text;    ///< anchor text, whitespace-collapsed, bounded
  std::string source;  ///< a, area, iframe, script_datastore, script_pagination, jpage, sitemap, ...
};

/// What a record of the run is about.
enum class RecordKind {
  page,          ///< an in-scope HTML page or list endpoint, fetched and parsed
  sitemap,       ///< a sitemap file
  robots,        ///< a robots.txt
  attachment,    ///< an in-scope download, checked with a ranged GET
  external,      ///< a link leaving the scope, status only
  soft404_probe, ///< the random-URL probe of a host
  not_fetched,   ///< refused before fetching: robots disallowed, trap, blocked; reason in `skipped`
};

const char* record_kind_name(RecordKind k);

/// One record of the run: a fetch (or a refusal to fetch) and what was read from it.
struct CrawledPage {
  std::string site_id;
  RecordKind kind = RecordKind::page;
  int depth = 0;
  std::string referrer;
  std::string skipped;        ///< for not_fetched: "robots", "trap: ...", ...
  FetchResult fetch;          ///< body is the received (decompressed) bytes, bounded
  std::string charset;        ///< the charset the body was decoded with ("" for non-text)
  std::string charset_source; ///< bom, header, meta, sniffed, default
  std::string title;
  std::string content_hash;   ///< hex SHA-1 of the body
  bool soft_404 = false;
  std::string soft_404_reason;
  bool not_modified = false;  ///< 304 to a conditional request
  std::vector<FoundLink> links;                      ///< out-links (pages and sitemaps)
  std::vector<std::pair<std::string, std::string>> sitemap_lastmod;  ///< url → lastmod from sitemaps
};

/// Roughly the heap bytes `rec` holds: its body, its links and its sitemap dates (what can be large),
/// for byte bounds on queues of records.
std::size_t record_bytes(const CrawledPage& rec);

/// Honest coverage of one site.
struct SiteCoverage {
  std::string site_id;
  int pages_fetched = 0;
  int pages_failed = 0;
  int blocked_by_robots = 0;
  int skipped_other = 0;     ///< traps, blocked addresses
  int left_over = 0;         ///< refused by --max-pages / limits
  int externals_checked = 0;
  int attachments_checked = 0;
  std::string robots;        ///< "ok", "none (404)", "unavailable: disallow all", "ignored"
};

struct CrawlSummary {
  std::vector<SiteCoverage> sites;
  bool interrupted = false;
  uint64_t records = 0;
};

/// Crawls `sites`, calling `sink` (from the calling thread, in completion order) for every record.
/// Returns when every frontier is empty or `options.stop` was set.
CrawlSummary run_crawl(const std::vector<CrawlSite>& sites, const CrawlOptions& options,
                       const std::function<void(CrawledPage&&)>& sink);

}  // namespace govaudit
