// The per-site crawl frontier: which URLs of one site are still to be fetched, in breadth-first
// order, deduplicated by canonical URL, kept inside the site's scope and limits. It does no I/O:
// the crawl loop offers it canonical URLs and takes work from it, so its rules are testable alone.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace govaudit {

/// What a frontier entry is fetched for; decides method and what is done with the answer.
enum class FetchPurpose {
  page,        ///< an in-scope HTML page (or a list endpoint such as jpage dataproxy): GET, parse, follow
  sitemap,     ///< a sitemap or sitemap index: GET, read <loc>s as seeds
  attachment,  ///< pdf/doc/xls/zip/apk in scope: checked with a ranged GET, never downloaded whole
  external,    ///< a link leaving the scope: status only, checked once per run
};

const char* purpose_name(FetchPurpose p);

/// One URL waiting in the frontier.
struct FrontierEntry {
  std::string url;     ///< canonical absolute URL
  std::string host;    ///< lower-case host of `url`
  int depth = 0;       ///< link hops from the portal URL (seeds are 0)
  FetchPurpose purpose = FetchPurpose::page;
  std::string referrer;  ///< the page that linked here ("" for seeds)
};

/// Limits of one site's crawl (cli.md `crawl` flags). 0 means unlimited where noted.
struct FrontierLimits {
  int max_pages = 500;     ///< pages (purpose page) fetched per site; 0 = unlimited
  int max_depth = 8;       ///< deepest link hop followed; 0 = unlimited
  int max_externals = 2000;  ///< external links checked per site
  int max_attachments = 500; ///< attachments checked per site
};

/// Why an offered URL was not queued (for the coverage summary).
enum class OfferOutcome { queued, duplicate, out_of_depth, over_limit };

/// The frontier of one site. Not thread-safe: owned by the crawl loop.
class SiteFrontier {
 public:
  SiteFrontier(std::vector<std::string> scope_hosts, FrontierLimits limits);

  /// True when `host` (lower-case) belongs to the site: its portal host or an extra host.
  bool in_scope(const std::string& host) const;

  /// Offers a canonical URL; queues it unless seen before or past a limit.
  OfferOutcome offer(const FrontierEntry& entry);

  /// The next entry to fetch, oldest first (breadth-first), or nullopt when empty.
  std::optional<FrontierEntry> next();

  /// Marks a URL as already fetched (e.g. stored by an earlier attempt of a resumed run), so later
  /// offers of it are duplicates and it counts against the page limit.
  void mark_done(const std::string& url, FetchPurpose purpose);

  bool empty() const { return queue_.empty(); }
  size_t queued() const { return queue_.size(); }
  int pages_taken() const { return pages_taken_; }
  int left_over() const { return left_over_; }  ///< offers refused because a limit was reached

 private:
  std::vector<std::string> scope_hosts_;
  FrontierLimits limits_;
  // 64-bit hashes instead of strings: a million discovered URLs cost 8 MB, not hundreds. A
  // collision (odds ~1e-8 at that size) drops one URL; accepted for a bounded frontier.
  std::unordered_set<uint64_t> seen_;
  std::deque<FrontierEntry> queue_;
  int pages_taken_ = 0;
  int pages_queued_ = 0;
  int externals_queued_ = 0;
  int attachments_queued_ = 0;
  int left_over_ = 0;
};

/// True when the URL's path ends in an attachment extension (pdf, doc(x), xls(x), ppt(x), zip, rar,
/// 7z, apk, wps, et, ofd), case-insensitive; such URLs are checked, not crawled.
bool is_attachment_url(const std::string& url);

}  // namespace govaudit
