// `govaudit import-warc FILE...`: turns archives made by any crawler (wget, wpull, Heritrix,
// Browsertrix, the Internet Archive, govaudit itself) into a run that audits like a crawl, so past
// years kept in archives can be scored with today's rubric. Records are matched to registry sites by
// host (portal host and extra hosts), or all assigned to one `--site`. Bodies stay in the archive:
// the store points at file + offset, as for a crawl.
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "crawler/frontier.h"
#include "crawler/log.h"
#include "crawler/page_analysis.h"
#include "crawler/url.h"
#include "crawler/warc_reader.h"
#include "store/crawl_log.h"
#include "store/store.h"

namespace govaudit {
namespace {

struct ImportWarcArgs {
  std::vector<std::string> files;
  std::string site;
};

std::string host_of(const std::string& url) {
  Url u;
  std::string err;
  return parse_url(url, &u, &err) ? u.host : "";
}

// "20240305120000" (ARC) or ISO-8601 → the ISO form the store uses.
std::string iso_date(const std::string& d) { return d; }

int import_warc_command(const GlobalOptions& g, const ImportWarcArgs& a) {
  Store store;
  std::string err;
  if (!store.open(g.db, &err)) {
    log_error(err);
    return 1;
  }
  std::vector<Site> sites;
  if (!store.list_sites({}, &sites, &err)) {
    log_error(err);
    return 1;
  }
  std::map<std::string, std::string> host_site;
  bool known_site = a.site.empty();
  for (const auto& s : sites) {
    host_site.emplace(host_of(s.url), s.id);
    for (const auto& h : s.extra_hosts) host_site.emplace(h, s.id);
    if (s.id == a.site) known_site = true;
  }
  if (!known_site) {
    std::cerr << "govaudit: import-warc: --site '" << a.site << "' is not in the registry\n";
    return 2;
  }
  for (const auto& f : a.files) {
    if (!std::filesystem::is_regular_file(f)) {
      std::cerr << "govaudit: import-warc: " << f << ": no such file\n";
      return 2;
    }
  }
  nlohmann::json options = {{"files", a.files}, {"site", a.site}};
  long long run_id = 0;
  if (!begin_run(store, "import-warc", options.dump(), &run_id, &err)) {
    log_error(err);
    return 1;
  }
  uint64_t imported = 0, unmatched = 0, problems = 0;
  bool failed = false;
  for (const auto& path : a.files) {
    std::string abs = std::filesystem::absolute(path).string();
    std::vector<StoredFetch> batch;
    WarcReadReport report;
    bool ok = read_warc(
        abs,
        [&](const WarcRecord& r) {
          if (r.type != "response" || !r.has_http || r.http_status == 0) return true;
          std::string host = host_of(r.target_uri);
          std::string site = a.site;
          if (site.empty()) {
            auto it = host_site.find(host);
            if (it == host_site.end()) {
              ++unmatched;
              return true;
            }
            site = it->second;
          }
          FetchResult fr;
          fr.url = fr.final_url = r.target_uri;
          fr.status = r.http_status;
          for (const auto& [k, v] : r.http_headers) {
            std::string lk = k;
            for (auto& c : lk) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            fr.headers.emplace_back(lk, v);
            if (lk == "content-type") fr.content_type = v;
          }
          fr.body = r.payload;
          fr.truncated = r.payload_truncated;
          fr.remote_ip = r.ip;
          fr.fetched_at = iso_date(r.date);
          PageAnalysis pa = analyze_fetch(fr, false, {});
          StoredFetch s;
          s.site_id = site;
          bool html = pa.is_html;
          bool sitemap = r.payload.find("<urlset") != std::string::npos ||
                         r.payload.find("<sitemapindex") != std::string::npos;
          s.kind = r.target_uri.ends_with("/robots.txt")               ? "robots"
                   : sitemap                                            ? "sitemap"
                   : html || !is_attachment_url(r.target_uri)           ? "page"
                                                                        : "attachment";
          s.url = s.final_url = r.target_uri;
          s.status = fr.status;
          s.content_type = fr.content_type;
          s.charset = pa.charset;
          s.charset_source = pa.charset_source;
          s.title = pa.title;
          s.soft_404 = pa.soft_404;
          s.soft_404_reason = pa.soft_404_reason;
          s.size = static_cast<long long>(r.payload.size());
          s.truncated = r.payload_truncated;
          s.remote_ip = r.ip;
          s.fetched_at = fr.fetched_at;
          s.not_modified = fr.status == 304;
          if (!r.digest_ok()) s.error = "digest mismatch in archive";
          s.etag = header_value(fr, "etag");
          s.last_modified = header_value(fr, "last-modified");
          s.warc_file = abs;
          s.warc_offset = static_cast<long long>(r.offset);
          s.warc_member_skip = static_cast<long long>(r.member_skip);
          for (const auto& l : pa.links) s.links.push_back({l.url, l.text, l.source});
          batch.push_back(std::move(s));
          if (batch.size() >= 200) {
            if (!append_fetches(store, run_id, &batch, &err)) return failed = true, false;
            imported += batch.size();
            batch.clear();
          }
          return true;
        },
        &report, &err);
    if (!ok) {
      std::cerr << "govaudit: import-warc: " << err << "\n";
      failed = true;
    }
    if (!failed && !batch.empty()) {
      if (!append_fetches(store, run_id, &batch, &err)) {
        failed = true;
      } else {
        imported += batch.size();
      }
    }
    for (const auto& p : report.problems) {
      ++problems;
      log_warn(path + ": record " + std::to_string(p.record_index) + " at offset " + std::to_string(p.offset) +
               ": " + p.reason);
    }
    if (failed) break;
  }
  finish_run(store, run_id, failed ? "failed" : "finished", {}, &err);
  std::fprintf(stderr, "import-warc: run %lld: %llu responses imported, %llu from hosts not in the registry skipped, "
               "%llu problems reported\n", run_id, static_cast<unsigned long long>(imported),
               static_cast<unsigned long long>(unmatched), static_cast<unsigned long long>(problems));
  std::cout << run_id << "\n";
  return failed ? 1 : 0;
}

}  // namespace

void add_import_warc_command(CLI::App& app, const GlobalOptions& global, CommandRun* run) {
  auto a = std::make_shared<ImportWarcArgs>();
  auto* sub = app.add_subcommand(
      "import-warc", "Turn WARC/ARC files made by any crawler into a run that can be audited like a crawl");
  sub->add_option("FILE", a->files, "WARC or ARC files, gzip or plain")->required();
  sub->add_option("--site", a->site, "assign every record to this site id (default: match hosts to the registry)");
  sub->callback([run, &global, a] { *run = [&global, a] { return import_warc_command(global, *a); }; });
}

}  // namespace govaudit
