// The per-site crawl frontier: which URLs of one site are still to be fetched, in breadth-first
// order, deduplicated by canonical URL, kept inside the site's scope and limits. Memory is bounded:
// with a FrontierSpill, entries past the crawl-wide in-memory budget go to the spill file in compact
// blocks and come back in the same order; only the seen-set (SeenHashes, 10–20 B per URL) grows.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "crawler/frontier_spill.h"
#include "crawler/seen_hashes.h"

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
///
/// Memory: the queue is an in-memory head (entries taken from `spill`'s budget) followed, once the
/// budget is used up, by spilled entries: blocks of at most kSpillBlockBytes in the file plus one
/// block being filled and one being read, so a spilling site holds at most 2 × 16 KB of them
/// whatever its size; the list of blocks costs 16 B per block (~0.1 B per URL). New entries go
/// behind spilled ones until the spill has drained, which keeps the order strictly first in, first
/// out. If the file fails (disk full) the block being filled keeps growing in memory instead and
/// spill->error() says why; a block that cannot be read back is counted in left_over().
class SiteFrontier {
 public:
  /// `spill` null: everything stays in memory (unbounded). Otherwise `spill` must outlive the frontier.
  SiteFrontier(std::vector<std::string> scope_hosts, FrontierLimits limits, FrontierSpill* spill = nullptr);

  /// True when `host` (lower-case) belongs to the site: its portal host or an extra host.
  bool in_scope(const std::string& host) const;

  /// Offers a canonical URL; queues it unless seen before or past a limit.
  OfferOutcome offer(const FrontierEntry& entry);

  /// The next entry to fetch, oldest first (breadth-first), or nullopt when empty.
  std::optional<FrontierEntry> next();

  /// True when `url` was offered or marked done before, under any purpose. offer() would refuse a
  /// canonical URL seen before as a duplicate whatever it is offered as (pages, attachments and
  /// sitemaps share one key; external or not follows from the host), so a caller may drop it unparsed.
  bool seen(const std::string& url) const;

  /// Marks a URL as already fetched (e.g. stored by an earlier attempt of a resumed run), so later
  /// offers of it are duplicates and it counts against the page limit.
  void mark_done(const std::string& url, FetchPurpose purpose);

  bool empty() const { return queued() == 0; }
  size_t queued() const { return queue_.size() + spilled_; }
  size_t spilled() const { return spilled_; }  ///< entries queued outside memory's budget
  int pages_taken() const { return pages_taken_; }
  /// Offers refused because a limit was reached, plus entries lost to an unreadable spill block.
  int left_over() const { return left_over_; }

  /// Bytes of a spill block; a block is written when the one being filled reaches this size.
  static constexpr size_t kSpillBlockBytes = 16384;

 private:
  struct SpillBlock {
    uint64_t offset = 0;
    uint32_t bytes = 0;
    uint32_t entries = 0;
  };
  void spill(const FrontierEntry& entry);
  bool flush_block();
  std::optional<FrontierEntry> take_spilled();

  std::vector<std::string> scope_hosts_;
  FrontierLimits limits_;
  FrontierSpill* spill_ = nullptr;
  // 64-bit hashes instead of strings. A collision (odds ~1e-8 at a million URLs) drops one URL;
  // accepted for a bounded frontier.
  SeenHashes seen_;
  std::deque<FrontierEntry> queue_;  ///< the in-memory head, oldest first
  // The spilled tail, oldest first: read_ (being read from read_pos_), blocks_ in the file, then
  // write_ (being filled). Each block is encoded on its own (see encode_entry in frontier.cc).
  std::string read_;
  size_t read_pos_ = 0;
  size_t read_entries_ = 0;
  std::deque<SpillBlock> blocks_;
  std::string write_;
  size_t write_entries_ = 0;
  size_t spilled_ = 0;
  std::string write_host_, write_referrer_;  ///< the last host and referrer written to write_
  std::string read_host_, read_referrer_;    ///< the last host and referrer read from read_
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
