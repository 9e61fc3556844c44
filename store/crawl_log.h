// What crawl runs fetched, kept append-only: a run, one row per fetch (or refusal to fetch) with
// timings, validators and a pointer into the WARC file that holds the bytes, the links each page
// carried, sitemap lastmods, and each site's coverage. A run is resumable: its rows say what is done.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace govaudit {

/// A link found on a stored page.
struct StoredLink {
  std::string url;
  std::string text;
  std::string source;  ///< a, area, iframe, script_datastore, script_pagination, jpage, sitemap...
};

/// One fetch of a run, as stored (a plain mirror of the crawler's record).
struct StoredFetch {
  long long id = 0;  ///< assigned by the store
  std::string site_id;
  std::string kind;  ///< page, sitemap, robots, attachment, external, soft404_probe, not_fetched
  std::string url;
  std::string final_url;
  int depth = 0;
  std::string referrer;
  std::string skipped;  ///< why not fetched ("robots", "trap: ...")
  int status = 0;
  std::string error_class;  ///< "" or none when fine
  std::string error;
  std::string content_type;
  std::string charset;
  std::string charset_source;
  std::string title;
  std::string content_hash;
  long long size = 0;
  bool truncated = false;
  bool soft_404 = false;
  std::string soft_404_reason;
  bool not_modified = false;
  double dns_ms = 0, connect_ms = 0, tls_ms = 0, first_byte_ms = 0, total_ms = 0;
  std::string remote_ip;
  int attempts = 0;
  std::string fetched_at;
  std::string etag;
  std::string last_modified;
  std::string redirects_json = "[]";  ///< JSON array of URLs
  std::string headers_json = "{}";    ///< JSON object of the response headers worth keeping
  std::string warc_file;              ///< "" when the body was not archived
  long long warc_offset = -1;
  long long warc_length = 0;
  long long warc_member_skip = 0;     ///< decompressed bytes before the record in its member (foreign WARCs)
  std::vector<StoredLink> links;
  std::vector<std::pair<std::string, std::string>> sitemap_lastmod;  ///< url → lastmod text
};

/// Coverage of one site in one run (the honest summary).
struct RunSiteCoverage {
  std::string site_id;
  int pages_fetched = 0, pages_failed = 0, blocked_by_robots = 0, skipped_other = 0, left_over = 0;
  int externals_checked = 0, attachments_checked = 0;
  std::string robots;
};

/// A run as `govaudit runs` shows it.
struct RunInfo {
  long long id = 0;
  std::string kind;  ///< crawl | import-warc
  std::string started_at, finished_at, status;  ///< status: running, finished, interrupted, failed
  std::string options_json;
  int sites = 0, pages = 0, errors = 0;
};

/// Starts a run (status "running") and returns its id.
bool begin_run(Store& store, const std::string& kind, const std::string& options_json, long long* run_id,
               std::string* err);

/// Appends fetches (with their links and lastmods) in one transaction. A (run, site, kind, url) already
/// stored is skipped, so a resumed run never duplicates a row. Fills each fetch's id.
bool append_fetches(Store& store, long long run_id, std::vector<StoredFetch>* fetches, std::string* err);

/// Ends a run with its status and per-site coverage (coverage rows are replaced when a resumed run
/// ends again, the one place a row is rewritten: coverage is a summary, not an observation).
bool finish_run(Store& store, long long run_id, const std::string& status,
                const std::vector<RunSiteCoverage>& coverage, std::string* err);

/// Marks a finished or interrupted run as running again (for --resume).
bool reopen_run(Store& store, long long run_id, std::string* err);

bool list_runs(Store& store, std::vector<RunInfo>* out, std::string* err);
bool get_run(Store& store, long long run_id, RunInfo* out, std::string* err);
/// The id of the newest run, or 0 when there is none.
bool latest_run(Store& store, long long* run_id, std::string* err);

/// Fetches of a run, optionally of one site, in insertion order (links not loaded).
bool list_fetches(Store& store, long long run_id, const std::string& site_id, std::vector<StoredFetch>* out,
                  std::string* err);

/// Links of one fetch.
bool fetch_links(Store& store, long long fetch_id, std::vector<StoredLink>* out, std::string* err);

/// What a resumed run needs: per site, the page URLs already stored and the links they carried.
struct ResumeState {
  std::map<std::string, std::vector<std::string>> done;
  std::map<std::string, std::vector<std::string>> links;
};
bool resume_state(Store& store, long long run_id, ResumeState* out, std::string* err);
/// The same rows streamed, so a large run need not be held in memory: (site id, URL) of every page
/// the run stored (`links` false), or of every link its pages and sitemaps carried (`links` true).
bool for_each_resumed(Store& store, long long run_id, bool links,
                      const std::function<void(const std::string& site_id, const std::string& url)>& visit,
                      std::string* err);

/// The newest archived 200 answer for a page URL in any earlier run: its validators for a
/// conditional request, and where its body is, so a 304 on revisit can stand on it.
struct PreviousFetch {
  long long fetch_id = 0;
  std::string etag, last_modified;
  std::string content_type, charset, charset_source, title, content_hash;
  std::string warc_file;
  long long warc_offset = -1, warc_length = 0, warc_member_skip = 0;
};
/// The newest such answer for `url` among the fetches with id ≤ `up_to_id` (the rows that existed
/// when the crawl began); `found` false when there is none. One indexed look-up per URL, so a
/// revisit does not hold every earlier page in memory.
bool previous_fetch(Store& store, const std::string& url, long long up_to_id, PreviousFetch* out, bool* found,
                    std::string* err);
/// The largest fetch id stored, 0 when there is none.
bool last_fetch_id(Store& store, long long* id, std::string* err);

/// The migration that adds these tables (appended to the store's migration list).
extern const char* const kCrawlLogMigrationSql;

}  // namespace govaudit
