// `govaudit crawl`: one crawl run over the chosen sites into the store and WARC files (cli.md).
// Threads: the crawl loop (fetch loops + parse pool inside run_crawl) hands records to one writer
// thread that owns the WARC files and the store connection and commits in batches.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/command.h"
#include "crawler/bounded_queue.h"
#include "crawler/crawl.h"
#include "crawler/frontier_spill.h"
#include "crawler/log.h"
#include "crawler/thread_name.h"
#include "crawler/warc_writer.h"
#include "store/crawl_log.h"
#include "store/store.h"

namespace govaudit {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop = true; }

struct CrawlArgs {
  std::vector<std::string> sites;
  int max_pages = 500;
  int max_depth = 8;
  int concurrency = 192;
  int per_host = 2;
  int delay_ms = 500;
  int loops = 2;
  std::string warc_dir;
  long long resume = 0;
  bool ignore_robots = false;
  std::string user_agent;
  long timeout_s = 30;
  long connect_timeout_s = 10;
  int max_redirects = 10;
  long long max_body = 10 * 1024 * 1024;
  int batch = 200;
  size_t frontier_memory = 50000;
  std::string spill_dir;
};

// The writer commits a batch at `batch` records or at this many links, whichever comes first: a
// batch of link-heavy pages (up to 20,000 links each) would otherwise hold millions of rows. A batch
// that fills slowly is committed once its first record has waited kBatchWait, so the store lags a
// slow crawl by at most that. (Committing whenever the queue ran empty made batches of ~18 records
// on a fast crawl, and the commits a twentieth of its CPU: bench/README.md, session 5.)
constexpr size_t kBatchLinks = 20000;
constexpr std::chrono::milliseconds kBatchWait{500};

// Response headers worth keeping in the store (the rest stay in the WARC record).
constexpr const char* kKeptHeaders[] = {"content-type", "content-length", "last-modified", "etag", "server",
                                        "location", "retry-after", "cache-control", "date", "x-powered-by"};

StoredFetch to_stored(const CrawledPage& p) {
  StoredFetch s;
  const FetchResult& f = p.fetch;
  s.site_id = p.site_id;
  s.kind = record_kind_name(p.kind);
  s.url = f.url;
  s.final_url = f.final_url.empty() ? f.url : f.final_url;
  s.depth = p.depth;
  s.referrer = p.referrer;
  s.skipped = p.skipped;
  s.status = f.status;
  s.error_class = p.kind == RecordKind::not_fetched ? "" : error_class_name(f.error_class);
  if (s.error_class == "none") s.error_class = "";
  s.error = f.error;
  s.content_type = f.content_type;
  s.charset = p.charset;
  s.charset_source = p.charset_source;
  s.title = p.title;
  s.content_hash = p.content_hash;
  s.size = static_cast<long long>(f.body.size());
  s.truncated = f.truncated;
  s.soft_404 = p.soft_404;
  s.soft_404_reason = p.soft_404_reason;
  s.not_modified = p.not_modified;
  s.dns_ms = f.timings.dns_ms;
  s.connect_ms = f.timings.connect_ms;
  s.tls_ms = f.timings.tls_ms;
  s.first_byte_ms = f.timings.first_byte_ms;
  s.total_ms = f.timings.total_ms;
  s.remote_ip = f.remote_ip;
  s.attempts = f.attempts;
  s.fetched_at = f.fetched_at;
  s.etag = header_value(f, "etag");
  s.last_modified = header_value(f, "last-modified");
  s.redirects_json = nlohmann::json(f.redirects).dump();
  nlohmann::json headers = nlohmann::json::object();
  for (const char* name : kKeptHeaders) {
    auto v = header_value(f, name);
    if (!v.empty()) headers[name] = v;
  }
  s.headers_json = headers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  for (const auto& l : p.links) s.links.push_back({l.url, l.text, l.source});
  s.sitemap_lastmod = p.sitemap_lastmod;
  return s;
}

WarcExchange to_exchange(const CrawledPage& p, const std::string& user_agent) {
  const FetchResult& f = p.fetch;
  WarcExchange ex;
  ex.url = f.final_url.empty() ? f.url : f.final_url;
  ex.ip = f.remote_ip;
  // The fetcher does not hand back the bytes it sent; this is the request as configured.
  std::string target = ex.url;
  auto scheme_end = target.find("://");
  auto path_start = scheme_end == std::string::npos ? std::string::npos : target.find('/', scheme_end + 3);
  std::string host = scheme_end == std::string::npos ? "" : target.substr(scheme_end + 3, path_start - scheme_end - 3);
  std::string path = path_start == std::string::npos ? "/" : target.substr(path_start);
  ex.request_head = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + user_agent +
                    "\r\nAccept-Encoding: gzip, deflate, br\r\n";
  ex.status_line = "HTTP/1.1 " + std::to_string(f.status);
  ex.response_headers = f.headers;
  ex.body = f.body;
  ex.body_truncated = f.truncated;
  return ex;
}

bool is_tty() { return isatty(STDERR_FILENO); }

int run_crawl_command(const GlobalOptions& g, const CrawlArgs& a) {
  Store store;
  std::string err;
  if (!store.open(g.db, &err)) {
    log_error(err);
    return 1;
  }
  std::vector<Site> all;
  if (!store.list_sites({}, &all, &err)) {
    log_error(err);
    return 1;
  }
  std::vector<CrawlSite> chosen;
  for (const auto& s : all) {
    if (!a.sites.empty() && std::find(a.sites.begin(), a.sites.end(), s.id) == a.sites.end()) continue;
    chosen.push_back({s.id, s.url, s.extra_hosts});
  }
  for (const auto& id : a.sites) {
    if (std::none_of(all.begin(), all.end(), [&](const Site& s) { return s.id == id; })) {
      std::cerr << "govaudit: crawl: --site '" << id << "' is not in the registry (see `govaudit sites list`)\n";
      return 2;
    }
  }
  if (chosen.empty()) {
    std::cerr << "govaudit: crawl: no sites in the registry of " << g.db << " (import one with `govaudit sites import`)\n";
    return 2;
  }

  CrawlOptions opt;
  opt.fetch.loops = a.loops;
  opt.fetch.per_host = a.per_host;
  opt.fetch.delay_ms = a.delay_ms;
  if (!a.user_agent.empty()) opt.fetch.user_agent = a.user_agent;
  opt.fetch.total_timeout_s = a.timeout_s;
  opt.fetch.connect_timeout_s = a.connect_timeout_s;
  opt.fetch.max_redirects = a.max_redirects;
  opt.fetch.max_body_bytes = a.max_body;
  opt.fetch.pins = g.pins;
  opt.fetch.allow_private = g.allow_private;
  opt.fetch.queue_capacity = std::max(256, a.concurrency + 64);
  opt.limits.max_pages = a.max_pages;
  opt.limits.max_depth = a.max_depth;
  opt.ignore_robots = a.ignore_robots;
  opt.max_in_flight = a.concurrency;
  opt.stop = &g_stop;

  std::string warc_dir = a.warc_dir;
  if (warc_dir.empty()) {
    auto parent = std::filesystem::absolute(g.db).parent_path();
    warc_dir = (parent / "warc").string();
  }
  std::error_code ec;
  std::filesystem::create_directories(warc_dir, ec);
  if (ec) {
    std::cerr << "govaudit: crawl: cannot create WARC directory " << warc_dir << ": " << ec.message() << "\n";
    return 1;
  }
  // What the resumed run stored, streamed into the frontiers through a connection of its own (the
  // writer may insert trap records on `store` while the links are read).
  Store resume_reader;
  if (a.resume && !resume_reader.open(g.db, &err)) {
    log_error(err);
    return 1;
  }
  if (a.resume) {
    opt.resume = [&](bool links, const CrawlOptions::ResumeVisitor& visit) {
      std::string e;
      if (!for_each_resumed(resume_reader, a.resume, links, visit, &e))
        log_warn(e + (links ? " (the crawl may stop short of where it was)" : " (stored pages may be fetched again)"));
    };
  }

  // Frontier entries past --frontier-memory go to a file beside the WARCs (unlinked at once).
  std::unique_ptr<FrontierSpill> spill =
      FrontierSpill::open(a.spill_dir.empty() ? warc_dir : a.spill_dir, a.frontier_memory, &err);
  if (!spill) {
    std::cerr << "govaudit: crawl: " << err << "\n";
    return 1;
  }
  opt.spill = spill.get();

  nlohmann::json options = {{"sites", a.sites},         {"max_pages", a.max_pages}, {"max_depth", a.max_depth},
                            {"concurrency", a.concurrency}, {"per_host", a.per_host}, {"delay_ms", a.delay_ms},
                            {"ignore_robots", a.ignore_robots}, {"user_agent", opt.fetch.user_agent},
                            {"allow_private", g.allow_private}};
  long long run_id = a.resume;
  if (a.resume) {
    RunInfo info;
    if (!get_run(store, a.resume, &info, &err)) {
      std::cerr << "govaudit: crawl: --resume " << a.resume << ": " << err << "\n";
      return 2;
    }
    if (!reopen_run(store, a.resume, &err)) {
      log_error(err);
      return 1;
    }
  } else if (!begin_run(store, "crawl", options.dump(), &run_id, &err)) {
    log_error(err);
    return 1;
  }
  // Conditional requests on revisit, looked up per URL among the rows stored before this run began
  // (an index look-up, not a map of every earlier page). The crawl loop asks from its own thread
  // while the writer owns `store`, so it reads through a second connection (WAL readers).
  long long earlier_id = 0;
  if (!last_fetch_id(store, &earlier_id, &err)) log_warn(err);
  Store reader;
  if (earlier_id > 0 && !reader.open(g.db, &err)) {
    log_warn(err);
    earlier_id = 0;
  }
  opt.previous = [earlier_id, &reader](const std::string& url) -> std::optional<PreviousValidators> {
    PreviousFetch p;
    bool found = false;
    std::string e;
    if (earlier_id == 0) return std::nullopt;
    if (!previous_fetch(reader, url, earlier_id, &p, &found, &e)) log_warn(e);
    if (!found) return std::nullopt;
    PreviousValidators v{p.etag, p.last_modified, {}};
    std::vector<StoredLink> links;
    if (fetch_links(reader, p.fetch_id, &links, &e))
      for (auto& l : links) v.links.push_back(std::move(l.url));
    return v;
  };

  WarcInfo info;
  info.robots_policy = a.ignore_robots ? "ignore (authorised inspection)" : "obey";
  info.description = "govaudit crawl run " + std::to_string(run_id);
  info.run_id = std::to_string(run_id);
  // A resumed run writes new files beside the old ones, never over them.
  std::string file_tag = std::to_string(run_id) + (a.resume ? "-resumed-" + std::to_string(std::time(nullptr)) : "");
  WarcDirWriter warc(warc_dir, file_tag, info);

  signal(SIGINT, on_stop_signal);
  signal(SIGTERM, on_stop_signal);
  log_info("crawl run " + std::to_string(run_id) + ": " + std::to_string(chosen.size()) + " sites");

  BoundedQueue<CrawledPage> to_writer(512, std::size_t{64} << 20, record_bytes);
  std::atomic<bool> writer_failed{false};
  std::string writer_error;
  std::thread writer([&] {
    name_this_thread("store writer");
    std::vector<StoredFetch> batch;
    size_t batch_links = 0;
    auto flush = [&] {
      if (batch.empty()) return;
      std::string e;
      if (!writer_failed && !append_fetches(store, run_id, &batch, &e)) {
        writer_error = e;
        writer_failed = true;
        g_stop = true;
      }
      batch.clear();
      batch_links = 0;
    };
    std::chrono::steady_clock::time_point first_in_batch;
    for (;;) {
      std::optional<CrawledPage> rec = batch.empty() ? to_writer.pop() : to_writer.pop_until(first_in_batch + kBatchWait);
      if (!rec) {
        if (to_writer.finished()) break;
        flush();
        continue;
      }
      if (batch.empty()) first_in_batch = std::chrono::steady_clock::now();
      StoredFetch s = to_stored(*rec);
      PreviousFetch p;
      bool have_previous = false;
      std::string lookup_err;
      if (rec->not_modified && !previous_fetch(store, s.url, earlier_id, &p, &have_previous, &lookup_err))
        log_warn(lookup_err);
      if (have_previous) {
        // A 304 stands on the body archived by the earlier run: the audit reads that one.
        s.content_type = p.content_type;
        s.charset = p.charset;
        s.charset_source = p.charset_source;
        s.title = p.title;
        s.content_hash = p.content_hash;
        s.warc_file = p.warc_file;
        s.warc_offset = p.warc_offset;
        s.warc_length = p.warc_length;
        s.warc_member_skip = p.warc_member_skip;
        WarcLocation loc;
        std::string e;
        if (!warc.write_revisit(to_exchange(*rec, opt.fetch.user_agent), "", &loc, &e)) log_warn(e);
      } else if (rec->kind != RecordKind::not_fetched && rec->fetch.status > 0 && !writer_failed) {
        WarcLocation loc;
        std::string e;
        if (warc.write_exchange(to_exchange(*rec, opt.fetch.user_agent), &loc, &e)) {
          s.warc_file = loc.file;
          s.warc_offset = static_cast<long long>(loc.offset);
          s.warc_length = static_cast<long long>(loc.length);
        } else {
          writer_error = e;
          writer_failed = true;
          g_stop = true;
        }
      }
      batch_links += s.links.size();
      batch.push_back(std::move(s));
      if (batch.size() >= static_cast<size_t>(a.batch) || batch_links >= kBatchLinks) flush();
    }
    flush();
  });

  // Test seam: GOVAUDIT_CRAWL_STOP_AFTER=N stops the run as SIGINT would after N records, so the
  // resume path can be tested deterministically.
  const char* stop_after_env = std::getenv("GOVAUDIT_CRAWL_STOP_AFTER");
  uint64_t stop_after = stop_after_env ? std::strtoull(stop_after_env, nullptr, 10) : 0;
  uint64_t records = 0;
  auto started = std::chrono::steady_clock::now();
  uint64_t pages = 0, errors = 0;
  auto last_progress = started;
  bool tty = is_tty() && log_level() >= 0;
  CrawlSummary summary = run_crawl(chosen, opt, [&](CrawledPage&& rec) {
    if (stop_after && ++records >= stop_after) g_stop = true;
    if (rec.kind == RecordKind::page) ++pages;
    if (rec.fetch.error_class != ErrorClass::none || rec.soft_404) ++errors;
    if (tty) {
      auto now = std::chrono::steady_clock::now();
      if (now - last_progress > std::chrono::milliseconds(250)) {
        last_progress = now;
        double secs = std::chrono::duration<double>(now - started).count();
        std::fprintf(stderr, "\rcrawl run %lld: %llu pages, %llu errors, %.1f pages/s   ", run_id,
                     static_cast<unsigned long long>(pages), static_cast<unsigned long long>(errors),
                     secs > 0 ? pages / secs : 0.0);
      }
    }
    to_writer.push(std::move(rec));
  });
  to_writer.close();
  writer.join();
  if (tty) std::fprintf(stderr, "\n");
  std::string close_err;
  if (!warc.close(&close_err)) log_error(close_err);
  if (spill->failed()) log_warn("frontier kept in memory past its budget: " + spill->error());
  if (spill->spilled_entries() > 0)
    log_info("frontier spilled " + std::to_string(spill->spilled_entries()) + " entries past its memory budget, " +
             std::to_string(spill->bytes_written() / 1024) + " KB written to disk");

  std::vector<RunSiteCoverage> coverage;
  for (const auto& c : summary.sites)
    coverage.push_back({c.site_id, c.pages_fetched, c.pages_failed, c.blocked_by_robots, c.skipped_other,
                        c.left_over, c.externals_checked, c.attachments_checked, c.robots});
  std::string status = writer_failed ? "failed" : summary.interrupted ? "interrupted" : "finished";
  if (!finish_run(store, run_id, status, coverage, &err)) log_error(err);

  if (log_level() >= 0) {
    std::fprintf(stderr, "%-14s %7s %7s %7s %7s %9s  %s\n", "site", "pages", "failed", "robots", "limits",
                 "external", "robots.txt");
    for (const auto& c : summary.sites)
      std::fprintf(stderr, "%-14s %7d %7d %7d %7d %9d  %s\n", c.site_id.c_str(), c.pages_fetched, c.pages_failed,
                   c.blocked_by_robots, c.left_over, c.externals_checked, c.robots.c_str());
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "crawl run %lld %s: %llu pages in %.1f s (%.1f pages/s), %llu errors\n", run_id,
                 status.c_str(), static_cast<unsigned long long>(pages), secs, secs > 0 ? pages / secs : 0.0,
                 static_cast<unsigned long long>(errors));
  }
  std::cout << run_id << "\n";
  if (writer_failed) {
    log_error("crawl stopped: " + writer_error);
    return 1;
  }
  return summary.interrupted ? 1 : 0;
}

}  // namespace

void add_crawl_command(CLI::App& app, const GlobalOptions& global, CommandRun* run) {
  auto args = std::make_shared<CrawlArgs>();
  auto* sub = app.add_subcommand("crawl", "One crawl run over the chosen sites (all by default); prints the run id");
  sub->add_option("--site", args->sites, "site id to crawl (repeatable; default: every site in the registry)");
  sub->add_option("--max-pages", args->max_pages, "pages per site (0 = unlimited)")->capture_default_str();
  sub->add_option("--max-depth", args->max_depth, "link hops from the portal page (0 = unlimited)")->capture_default_str();
  sub->add_option("--concurrency", args->concurrency, "requests in flight over all hosts")
      ->check(CLI::Range(1, 100000))->capture_default_str();
  sub->add_option("--per-host", args->per_host, "connections per host at most")->check(CLI::Range(1, 64))->capture_default_str();
  sub->add_option("--delay", args->delay_ms, "milliseconds between requests to one host at least")
      ->check(CLI::Range(0, 600000))->capture_default_str();
  sub->add_option("--loops", args->loops, "fetch event-loop threads")->check(CLI::Range(1, 64))->capture_default_str();
  sub->add_option("--warc", args->warc_dir, "directory for the WARC files (default: warc/ beside the store)");
  sub->add_option("--resume", args->resume, "continue an interrupted run without refetching what it stored");
  sub->add_flag("--ignore-robots", args->ignore_robots,
                "do not obey robots.txt (for authorised inspections only; recorded on the run)");
  sub->add_option("--user-agent", args->user_agent, "User-Agent (must name govaudit and a contact)");
  sub->add_option("--timeout", args->timeout_s, "seconds a request may take in all")->capture_default_str();
  sub->add_option("--connect-timeout", args->connect_timeout_s, "seconds to connect")->capture_default_str();
  sub->add_option("--max-redirects", args->max_redirects, "redirects followed per request")->capture_default_str();
  sub->add_option("--max-body", args->max_body, "bytes kept of one body, after decompression")->capture_default_str();
  sub->add_option("--frontier-memory", args->frontier_memory,
                  "frontier entries kept in memory over all sites; the rest wait in a temporary file")
      ->check(CLI::Range(static_cast<size_t>(1), static_cast<size_t>(100000000)))->capture_default_str();
  sub->add_option("--spill-dir", args->spill_dir,
                  "directory for that temporary file (default: the WARC directory; deleted at the end)");
  sub->callback([run, &global, args] { *run = [&global, args] { return run_crawl_command(global, *args); }; });
}

}  // namespace govaudit
