#include "crawler/crawl.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "crawler/bounded_queue.h"
#include "crawler/content_hash.h"
#include "crawler/log.h"
#include "crawler/page_analysis.h"
#include "crawler/robots.h"
#include "crawler/thread_name.h"
#include "crawler/url.h"

namespace govaudit {

std::size_t record_bytes(const CrawledPage& rec) {
  std::size_t n = sizeof rec + rec.fetch.body.size();
  for (const auto& l : rec.links) n += sizeof l + l.url.size() + l.text.size();
  for (const auto& [url, lastmod] : rec.sitemap_lastmod) n += url.size() + lastmod.size();
  return n;
}

const char* record_kind_name(RecordKind k) {
  switch (k) {
    case RecordKind::page: return "page";
    case RecordKind::sitemap: return "sitemap";
    case RecordKind::robots: return "robots";
    case RecordKind::attachment: return "attachment";
    case RecordKind::external: return "external";
    case RecordKind::soft404_probe: return "soft404_probe";
    case RecordKind::not_fetched: return "not_fetched";
  }
  return "page";
}

namespace {

// Robots fetches that fail (5xx, transport) are tried this often before the host is treated as
// "disallow all" (RFC 9309 §2.3.1.3); a site failing a share of requests should not lose its whole
// crawl to one unlucky robots.txt answer.
constexpr int kRobotsAttempts = 4;
// Attachments and external links are checked with a ranged GET of this many bytes: enough for a
// soft-404 title, never a whole download. Servers that ignore Range are cut by max_body_bytes.
constexpr long kCheckBytes = 16384;
// Trap URLs recorded per site (each once); a generated URL space could otherwise fill the store.
// Past this they are only counted in the coverage's skipped_other.
constexpr size_t kMaxTrapRecords = 200;
// Requests handed to the fetcher per host, as a multiple of --per-host: one round in flight and one
// waiting inside the fetcher so the host's next request starts the moment it is free. More would
// sit in the fetcher's host queue holding in-flight budget that free hosts could use.
constexpr int kHostWindowRounds = 2;
// Entries taken from the frontiers but held back because their host's window is full, as a
// multiple of max_in_flight. Hosts shared by every site (an app store, a ministry) collect long
// queues here; the bound keeps them from pulling every frontier into memory.
constexpr size_t kDeferredPerInFlight = 4;
// Body bytes of external-link checks kept to answer the same link on other sites (each check is a
// ranged GET of kCheckBytes, so ~4,000 distinct links). Past it, a link is checked again per site.
constexpr size_t kExternalCacheBytes = 64u << 20;
// How often the crawl logs where its requests wait (at -v).
constexpr auto kStatusEvery = std::chrono::seconds(5);
// Entries of one site parked while its hosts' robots.txt and probe are out (then ready to go). The
// site takes nothing more from its frontier past this; the rest waits there, where memory is bounded.
constexpr int kMaxParkedPerSite = 64;


std::string path_and_query(const Url& u) { return u.path + (u.has_query ? "?" + u.query : ""); }

std::string origin_of(const Url& u) {
  return u.scheme + "://" + u.host + (u.port > 0 ? ":" + std::to_string(u.port) : "");
}

enum class HostPhase { unknown, pending, ready };

struct HostState {
  HostPhase phase = HostPhase::unknown;
  size_t site = 0;
  std::string origin;
  RobotsRules rules;
  bool have_rules = false;  // false with ignore_robots, or while pending
  int robots_attempts = 0;
  int waiting_answers = 0;  // robots + probe still out
  SoftNotFoundProbe probe;
  std::vector<std::pair<size_t, FrontierEntry>> parked;  ///< (site, entry) waiting for robots and probe
};

struct SiteState {
  CrawlSite site;
  std::optional<Url> portal;  // the site's URL parsed; none when it cannot be crawled
  SiteFrontier frontier;
  SiteCoverage coverage;
  std::unordered_set<std::string> traps_recorded;  // trap URLs already recorded, at most kMaxTrapRecords
  int parked = 0;  // entries of this site parked on a host or in ready_, at most kMaxParkedPerSite
};

// What an outstanding request is for.
struct Outstanding {
  size_t site = 0;
  RecordKind kind = RecordKind::page;
  FrontierEntry entry;
  std::vector<std::string> previous_links;  ///< for a conditional request: the links of last time
  bool fetched = false;                     ///< the fetch is back; the parse pool has it
};

// A request waiting for its host's window (see kHostWindowRounds).
struct Deferred {
  size_t site = 0;
  RecordKind kind = RecordKind::page;
  FrontierEntry entry;
};

// One external URL, checked once per run for every site that links it: the answer does not depend
// on the site (same URL, same ranged GET, no validators, no soft-404 probe of the foreign host).
struct ExternalCheck {
  bool done = false;
  std::optional<CrawledPage> answer;                   ///< set once done (unless over the cache bound)
  std::vector<std::pair<size_t, FrontierEntry>> waiting;  ///< other sites' links to it, while in flight
};

struct ParseJob {
  uint64_t tag = 0;
  FetchResult result;
  bool as_sitemap = false;
  SoftNotFoundProbe probe;
};

struct Parsed {
  uint64_t tag = 0;
  FetchResult result;
  PageAnalysis analysis;
};

using Event = std::variant<FetchResult, Parsed>;

// Unbounded by type, bounded in practice: every event answers one of at most max_in_flight
// outstanding requests, so it never holds more than twice that.
class EventQueue {
 public:
  void push(Event e) {
    std::lock_guard lock(mu_);
    items_.push_back(std::move(e));
    cv_.notify_one();
  }
  Event pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !items_.empty(); });
    Event e = std::move(items_.front());
    items_.pop_front();
    return e;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Event> items_;
};

class CrawlLoop {
 public:
  CrawlLoop(const std::vector<CrawlSite>& sites, const CrawlOptions& options,
            const std::function<void(CrawledPage&&)>& sink)
      : options_(options), sink_(sink), fetcher_(options.fetch), parse_jobs_(options.max_in_flight) {
    for (const auto& s : sites) add_site(s);
    // Done pages are marked before the seeds are offered, so a stored portal page is not refetched.
    if (options_.resume) options_.resume(false, [this](const std::string& site, const std::string& url) {
      if (auto i = site_index_.find(site); i != site_index_.end())
        sites_[i->second].frontier.mark_done(url, FetchPurpose::page);
    });
    for (size_t i = 0; i < sites_.size(); ++i) offer_seeds(i);
    if (options_.resume) options_.resume(true, [this](const std::string& site, const std::string& url) {
      if (auto i = site_index_.find(site); i != site_index_.end()) offer_link(i->second, url, 1, "", "resume");
    });
  }

  CrawlSummary run() {
    int workers = options_.parse_workers > 0 ? options_.parse_workers
                                             : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (int i = 0; i < workers; ++i)
      pool.emplace_back([this] {
        name_this_thread("parse");
        parse_worker();
      });
    std::thread forwarder([this] {
      name_this_thread("fetch forward");
      while (auto r = fetcher_.next_result()) events_.push(std::move(*r));
    });

    CrawlSummary summary;
    while (true) {
      if (options_.stop && options_.stop->load()) {
        summary.interrupted = true;
        break;
      }
      fill();
      log_status();
      if (outstanding_.empty()) break;
      handle(events_.pop());
    }
    if (summary.interrupted) {
      fetcher_.cancel();
    } else {
      fetcher_.close();
    }
    forwarder.join();
    parse_jobs_.close();
    for (auto& t : pool) t.join();
    for (auto& s : sites_) {
      s.coverage.left_over += s.frontier.left_over() + static_cast<int>(s.frontier.queued());
      summary.sites.push_back(s.coverage);
    }
    summary.records = records_;
    return summary;
  }

 private:
  void add_site(const CrawlSite& s) {
    Url portal;
    std::string err;
    std::vector<std::string> hosts;
    bool ok = parse_url(s.url, &portal, &err);
    if (ok) hosts.push_back(portal.host);
    for (const auto& h : s.extra_hosts) hosts.push_back(h);
    SiteState st{s, std::nullopt, SiteFrontier(hosts, options_.limits, options_.spill), {}, {}};
    if (ok) st.portal = portal;
    st.coverage.site_id = s.id;
    size_t index = sites_.size();
    sites_.push_back(std::move(st));
    if (!ok) {
      log_warn("site " + s.id + ": portal URL not crawlable: " + err);
      sites_.back().coverage.robots = "not crawled: " + err;
      return;
    }
    for (const auto& host : hosts) host_owner_.emplace(host, index);
    site_index_.emplace(s.id, index);
  }

  void offer_seeds(size_t index) {
    if (!sites_[index].portal) return;
    const Url& portal = *sites_[index].portal;
    auto& frontier = sites_[index].frontier;
    frontier.offer({serialize(portal), portal.host, 0, FetchPurpose::page, ""});
    // /sitemap.xml is tried on every portal host; robots.txt may name more.
    frontier.offer({origin_of(portal) + "/sitemap.xml", portal.host, 0, FetchPurpose::sitemap, ""});
  }

  bool room() const {
    return outstanding_.size() < static_cast<size_t>(options_.max_in_flight) &&
           deferred_ < kDeferredPerInFlight * static_cast<size_t>(std::max(1, options_.max_in_flight));
  }

  // Hands work to the fetcher until max_in_flight (or the deferred bound) is reached or no frontier
  // has anything ready.
  void fill() {
    while (room()) {
      if (!ready_.empty()) {
        auto [site, entry] = std::move(ready_.front());
        ready_.pop_front();
        --sites_[site].parked;
        dispatch(site, std::move(entry));
        continue;
      }
      bool any = false;
      for (size_t n = 0; n < sites_.size() && room(); ++n) {
        size_t i = (next_site_ + n) % sites_.size();
        if (sites_[i].parked >= kMaxParkedPerSite) continue;
        if (auto e = sites_[i].frontier.next()) {
          dispatch(i, std::move(*e));
          any = true;
        }
      }
      next_site_ = sites_.empty() ? 0 : (next_site_ + 1) % sites_.size();
      if (!any) return;
    }
  }

  void dispatch(size_t site, FrontierEntry entry) {
    if (entry.purpose == FetchPurpose::external) {
      check_external(site, std::move(entry));
      return;
    }
    HostState& host = hosts_[entry.host];
    if (host.phase != HostPhase::ready) {
      if (host.phase == HostPhase::unknown) start_host(site, entry, host);
      ++sites_[site].parked;
      host.parked.emplace_back(site, std::move(entry));
      return;
    }
    Url u;
    std::string err;
    if (host.have_rules && parse_url(entry.url, &u, &err) &&
        !robots_allowed(host.rules, options_.robots_token, path_and_query(u))) {
      CrawledPage rec;
      rec.site_id = sites_[site].site.id;
      rec.kind = RecordKind::not_fetched;
      rec.depth = entry.depth;
      rec.referrer = entry.referrer;
      rec.skipped = "robots";
      rec.fetch.url = entry.url;
      rec.fetch.final_url = entry.url;
      ++sites_[site].coverage.blocked_by_robots;
      emit(std::move(rec));
      return;
    }
    RecordKind kind = entry.purpose == FetchPurpose::sitemap      ? RecordKind::sitemap
                      : entry.purpose == FetchPurpose::attachment ? RecordKind::attachment
                                                                  : RecordKind::page;
    submit(site, kind, std::move(entry));
  }

  // First contact with a host: its robots.txt and a random URL that cannot exist.
  void start_host(size_t site, const FrontierEntry& entry, HostState& host) {
    Url u;
    std::string err;
    parse_url(entry.url, &u, &err);
    host.phase = HostPhase::pending;
    host.site = site;
    host.origin = origin_of(u);
    if (!options_.ignore_robots) {
      ++host.waiting_answers;
      submit(site, RecordKind::robots, {host.origin + "/robots.txt", entry.host, 0, FetchPurpose::page, ""});
    } else if (entry.host == portal_host(site)) {
      sites_[site].coverage.robots = "ignored (--ignore-robots)";
    }
    ++host.waiting_answers;
    // Deterministic per host, so reruns probe the same URL and results compare across runs.
    std::string token = sha1_hex("govaudit-soft404:" + entry.host).substr(0, 16);
    submit(site, RecordKind::soft404_probe,
           {host.origin + "/govaudit-notfound-" + token + ".html", entry.host, 0, FetchPurpose::page, ""});
  }

  std::string portal_host(size_t site) const { return sites_[site].portal ? sites_[site].portal->host : ""; }

  // The external check of `entry.url`: answered from this run's earlier check of the same URL, or
  // joined to the one in flight, or started.
  void check_external(size_t site, FrontierEntry entry) {
    auto [it, fresh] = externals_.try_emplace(entry.url);
    ExternalCheck& check = it->second;
    if (fresh) {
      submit(site, RecordKind::external, std::move(entry));
    } else if (!check.done) {
      check.waiting.emplace_back(site, std::move(entry));
    } else {
      ++external_reused_;
      emit_external_copy(*check.answer, site, entry);
    }
  }

  // `answer` (another site's check of the same URL) as this site's record.
  void emit_external_copy(const CrawledPage& answer, size_t site, const FrontierEntry& entry) {
    CrawledPage rec = answer;
    rec.site_id = sites_[site].site.id;
    rec.depth = entry.depth;
    rec.referrer = entry.referrer;
    ++sites_[site].coverage.externals_checked;
    emit(std::move(rec));
  }

  // The check of `rec` (an external record) is back: answer the sites that waited for it and keep
  // it for later ones while the cache has room.
  void finish_external(const CrawledPage& rec) {
    auto it = externals_.find(rec.fetch.url);
    if (it == externals_.end()) return;
    ExternalCheck& check = it->second;
    auto waiting = std::move(check.waiting);
    check.waiting.clear();
    for (const auto& [site, entry] : waiting) {
      ++external_reused_;
      emit_external_copy(rec, site, entry);
    }
    size_t cost = rec.fetch.body.size() + rec.fetch.url.size() + 512;
    if (external_cache_bytes_ + cost > kExternalCacheBytes) {
      externals_.erase(it);  // the next site to link it checks it again
      return;
    }
    external_cache_bytes_ += cost;
    check.done = true;
    check.answer = rec;
  }

  // Every request goes through its host's window: at most kHostWindowRounds × per_host requests
  // of one host are in the fetcher; the rest wait here, in arrival order.
  void submit(size_t site, RecordKind kind, FrontierEntry entry) {
    const int window = kHostWindowRounds * std::max(1, options_.fetch.per_host);
    auto [it, fresh] = host_windows_.try_emplace(entry.host);
    HostWindow& w = it->second;
    if (w.in_fetcher >= window) {
      w.deferred.push_back({site, kind, std::move(entry)});
      ++deferred_;
      return;
    }
    ++w.in_fetcher;
    submit_now(site, kind, std::move(entry));
  }

  // A request of `host` is back from the fetcher: the next one waiting for the host goes in.
  void release_host(const std::string& host) {
    auto it = host_windows_.find(host);
    if (it == host_windows_.end()) return;
    HostWindow& w = it->second;
    --w.in_fetcher;
    if (!w.deferred.empty()) {
      Deferred d = std::move(w.deferred.front());
      w.deferred.pop_front();
      --deferred_;
      ++w.in_fetcher;
      submit_now(d.site, d.kind, std::move(d.entry));
    } else if (w.in_fetcher == 0) {
      host_windows_.erase(it);
    }
  }

  void submit_now(size_t site, RecordKind kind, FrontierEntry entry) {
    FetchRequest req;
    req.url = entry.url;
    req.tag = ++next_tag_;
    req.depth = entry.depth;
    if (kind == RecordKind::attachment || kind == RecordKind::external) req.range = {0, kCheckBytes - 1};
    std::vector<std::string> previous_links;
    if (kind == RecordKind::page && options_.previous) {
      if (auto prev = options_.previous(entry.url)) {
        req.if_none_match = prev->etag;
        req.if_modified_since = prev->last_modified;
        previous_links = std::move(prev->links);
      }
    }
    std::string host = entry.host;
    outstanding_[req.tag] = Outstanding{site, kind, std::move(entry), std::move(previous_links)};
    if (!fetcher_.submit(std::move(req))) {
      outstanding_.erase(next_tag_);
      release_host(host);
    }
  }

  // At -v, every kStatusEvery: where the crawl's requests are, to find what holds them back.
  void log_status() {
    if (log_level() < 1) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_status_ < kStatusEvery) return;
    last_status_ = now;
    size_t fetched = 0;
    for (const auto& [tag, o] : outstanding_) fetched += o.fetched;
    size_t busiest = 0;
    std::string busiest_host;
    for (const auto& [name, w] : host_windows_)
      if (w.deferred.size() > busiest) busiest = w.deferred.size(), busiest_host = name;
    FetcherStats fs = fetcher_.stats();
    log_info("crawl status: " + std::to_string(outstanding_.size() - fetched) + " in the fetcher (" +
             std::to_string(fs.running_now) + " transfers running, " + std::to_string(fs.queued_now) +
             " queued in its loops), " + std::to_string(fetched) + " fetched and waiting for a parse worker, " +
             std::to_string(deferred_) + " held for busy hosts (most: " + std::to_string(busiest) + " for " +
             (busiest_host.empty() ? "-" : busiest_host) + "), " + std::to_string(ready_.size()) +
             " ready, " + std::to_string(host_windows_.size()) + " hosts with work, " +
             std::to_string(external_reused_) + " external checks reused");
  }

  void handle(Event ev) {
    if (auto* r = std::get_if<FetchResult>(&ev)) {
      // The host's window opens after the answer is handled, so a robots retry queues behind
      // what already waits for the host.
      auto it = outstanding_.find(r->tag);
      if (it == outstanding_.end()) return;
      std::string host = it->second.entry.host;
      on_fetched(it, std::move(*r));
      release_host(host);
    } else {
      on_parsed(std::move(std::get<Parsed>(ev)));
    }
  }

  using OutstandingIt = std::unordered_map<uint64_t, Outstanding>::iterator;

  void on_fetched(OutstandingIt it, FetchResult r) {
    Outstanding& o = it->second;
    o.fetched = true;
    switch (o.kind) {
      case RecordKind::robots: on_robots(it, std::move(r)); return;
      case RecordKind::page:
      case RecordKind::sitemap:
      case RecordKind::soft404_probe:
      case RecordKind::external:
      case RecordKind::attachment: {
        ParseJob job;
        job.tag = r.tag;
        job.as_sitemap = o.kind == RecordKind::sitemap;
        auto h = hosts_.find(o.entry.host);
        if (h != hosts_.end()) job.probe = h->second.probe;
        job.result = std::move(r);
        parse_jobs_.push(std::move(job));
        return;
      }
      case RecordKind::not_fetched: break;
    }
    outstanding_.erase(it);
  }

  void on_robots(OutstandingIt it, FetchResult r) {
    Outstanding o = std::move(it->second);
    outstanding_.erase(it);
    HostState& host = hosts_[o.entry.host];
    bool server_trouble = r.status == 0 || r.status >= 500;
    if (server_trouble && ++host.robots_attempts < kRobotsAttempts) {
      submit(o.site, RecordKind::robots, o.entry);  // try again; waiting_answers unchanged
      return;
    }
    host.rules = robots_from_status(r.status, r.body);
    host.have_rules = true;
    if (o.entry.host == portal_host(o.site)) {
      sites_[o.site].coverage.robots = r.status >= 200 && r.status < 300 ? "ok"
                                       : server_trouble ? "unavailable: disallow all"
                                                        : "none (" + std::to_string(r.status) + "): allow all";
    }
    double delay = robots_crawl_delay(host.rules, options_.robots_token);
    if (delay > 0) {
      int ms = static_cast<int>(std::min(delay, 60.0) * 1000);
      fetcher_.set_host_delay(o.entry.host, std::max(ms, options_.fetch.delay_ms));
    }
    for (const auto& sm : host.rules.sitemaps) offer_link(o.site, sm, 0, "", "robots_sitemap");
    CrawledPage rec = base_record(o, std::move(r), RecordKind::robots);
    emit(std::move(rec));
    host_answered(o.entry.host);
  }

  void host_answered(const std::string& name) {
    HostState& host = hosts_[name];
    if (--host.waiting_answers > 0) return;
    host.phase = HostPhase::ready;
    for (auto& [site, e] : host.parked) ready_.emplace_back(site, std::move(e));
    host.parked.clear();
  }

  CrawledPage base_record(const Outstanding& o, FetchResult r, RecordKind kind) {
    CrawledPage rec;
    rec.site_id = sites_[o.site].site.id;
    rec.kind = kind;
    rec.depth = o.entry.depth;
    rec.referrer = o.entry.referrer;
    rec.content_hash = r.body.empty() && r.status == 0 ? "" : sha1_hex(r.body);
    rec.not_modified = r.status == 304;
    rec.fetch = std::move(r);
    return rec;
  }

  void on_parsed(Parsed p) {
    auto it = outstanding_.find(p.tag);
    if (it == outstanding_.end()) return;
    Outstanding o = std::move(it->second);
    outstanding_.erase(it);
    SiteState& site = sites_[o.site];
    CrawledPage rec = base_record(o, std::move(p.result), o.kind);
    rec.charset = p.analysis.charset;
    rec.charset_source = p.analysis.charset_source;
    rec.title = p.analysis.title;
    rec.soft_404 = p.analysis.soft_404;
    rec.soft_404_reason = p.analysis.soft_404_reason;
    // Hosts that answer unknown URLs with their home page make the home page look like the probe;
    // the portal URL itself is never judged a soft 404 by likeness, only by what it says.
    if (o.entry.depth == 0 && rec.soft_404 && rec.soft_404_reason.rfind("200 page like", 0) == 0) {
      rec.soft_404 = false;
      rec.soft_404_reason.clear();
    }
    rec.sitemap_lastmod = std::move(p.analysis.sitemap_lastmod);
    const FetchResult& f = rec.fetch;
    bool ok = f.error_class == ErrorClass::none && (f.status < 400 || f.status == 304) && f.status != 0;

    switch (o.kind) {
      case RecordKind::soft404_probe:
        hosts_[o.entry.host].probe = p.analysis.as_probe;
        emit(std::move(rec));
        host_answered(o.entry.host);
        return;
      case RecordKind::external:
        ++site.coverage.externals_checked;
        finish_external(rec);
        break;
      case RecordKind::attachment: ++site.coverage.attachments_checked; break;
      case RecordKind::page: ok && !rec.soft_404 ? ++site.coverage.pages_fetched : ++site.coverage.pages_failed; break;
      default: break;
    }
    if (ok && (o.kind == RecordKind::page || o.kind == RecordKind::sitemap)) {
      // A redirect inside the scope lands on a URL that must not be fetched again.
      Url final_url;
      std::string err;
      bool final_in_scope = parse_url(f.final_url, &final_url, &err) && site.frontier.in_scope(final_url.host);
      if (final_in_scope && f.final_url != o.entry.url) site.frontier.mark_done(canonical_url(final_url), FetchPurpose::page);
      if (rec.not_modified) {
        // Unchanged since the last run: its links are the ones stored then.
        for (const auto& u : o.previous_links) p.analysis.links.push_back({u, "", "previous_run"});
      }
      if (final_in_scope || o.kind == RecordKind::sitemap) {
        int depth = o.kind == RecordKind::sitemap ? 1 : o.entry.depth + 1;
        for (const auto& link : p.analysis.links) offer_link(o.site, link.url, depth, f.final_url, link.source);
      }
      rec.links = std::move(p.analysis.links);
    }
    emit(std::move(rec));
  }

  // Classifies a found URL (page, sitemap, attachment, external) and offers it to the frontier.
  void offer_link(size_t site, const std::string& url, int depth, const std::string& referrer,
                  const std::string& source) {
    // Most links of a page were seen on earlier pages (navigation, columns); skip their parse.
    // Only canonical strings enter the seen-set, and canonical_url is idempotent, so a hit is
    // exactly what the full path below would call a duplicate.
    if (sites_[site].frontier.seen(url)) return;
    Url u;
    std::string err;
    if (!parse_url(url, &u, &err) || (u.scheme != "http" && u.scheme != "https")) return;
    std::string why;
    SiteState& s = sites_[site];
    if (looks_like_trap(u, &why)) {
      std::string trap_url = canonical_url(u);
      if (!s.traps_recorded.count(trap_url)) {
        ++s.coverage.skipped_other;
        log_debug("trap skipped: " + url + " (" + why + ")");
        if (s.traps_recorded.size() < kMaxTrapRecords) {
          s.traps_recorded.insert(trap_url);
          CrawledPage rec;
          rec.site_id = s.site.id;
          rec.kind = RecordKind::not_fetched;
          rec.depth = depth;
          rec.referrer = referrer;
          rec.skipped = "trap: " + why;
          rec.fetch.url = trap_url;
          rec.fetch.final_url = trap_url;
          emit(std::move(rec));
        }
      }
      return;
    }
    FrontierEntry e{canonical_url(u), u.host, depth, FetchPurpose::page, referrer};
    if (!s.frontier.in_scope(u.host)) {
      e.purpose = FetchPurpose::external;
    } else if (source == "robots_sitemap" || source == "sitemap_index") {
      e.purpose = FetchPurpose::sitemap;
    } else if (is_attachment_url(e.url)) {
      e.purpose = FetchPurpose::attachment;
    }
    s.frontier.offer(e);
  }

  void emit(CrawledPage&& rec) {
    ++records_;
    sink_(std::move(rec));
  }

  void parse_worker() {
    while (auto job = parse_jobs_.pop()) {
      Parsed p;
      p.tag = job->tag;
      p.analysis = analyze_fetch(job->result, job->as_sitemap, job->probe);
      p.result = std::move(job->result);
      events_.push(std::move(p));
    }
  }

  const CrawlOptions& options_;
  const std::function<void(CrawledPage&&)>& sink_;
  Fetcher fetcher_;
  BoundedQueue<ParseJob> parse_jobs_;
  EventQueue events_;
  std::vector<SiteState> sites_;
  std::unordered_map<std::string, size_t> host_owner_;
  std::unordered_map<std::string, size_t> site_index_;  // crawlable sites by id
  std::unordered_map<std::string, HostState> hosts_;
  std::unordered_map<uint64_t, Outstanding> outstanding_;
  std::deque<std::pair<size_t, FrontierEntry>> ready_;
  struct HostWindow {
    int in_fetcher = 0;  // submitted to the fetcher, result not yet back
    std::deque<Deferred> deferred;
  };
  std::unordered_map<std::string, HostWindow> host_windows_;
  size_t deferred_ = 0;  // entries in all host_windows_' deferred
  std::unordered_map<std::string, ExternalCheck> externals_;
  size_t external_cache_bytes_ = 0;
  uint64_t external_reused_ = 0;
  std::chrono::steady_clock::time_point last_status_{};
  size_t next_site_ = 0;
  uint64_t next_tag_ = 0;
  uint64_t records_ = 0;
};

}  // namespace

CrawlSummary run_crawl(const std::vector<CrawlSite>& sites, const CrawlOptions& options,
                       const std::function<void(CrawledPage&&)>& sink) {
  CrawlLoop loop(sites, options, sink);
  return loop.run();
}

}  // namespace govaudit
