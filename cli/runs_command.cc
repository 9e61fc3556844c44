// `govaudit runs` and `govaudit pages`: what crawl runs did and fetched (cli.md JSON shapes).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "crawler/log.h"
#include "reports/csv_export.h"
#include "store/crawl_log.h"
#include "store/store.h"

namespace govaudit {
namespace {

nlohmann::json::string_t safe_dump(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

int runs_command(const GlobalOptions& g, const std::string& format) {
  Store store;
  std::string err;
  std::vector<RunInfo> runs;
  if (!store.open(g.db, &err) || !list_runs(store, &runs, &err)) {
    log_error(err);
    return 1;
  }
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : runs)
      out.push_back({{"run", r.id}, {"kind", r.kind}, {"started", r.started_at},
                     {"finished", r.finished_at.empty() ? nlohmann::json() : nlohmann::json(r.finished_at)},
                     {"status", r.status}, {"sites", r.sites}, {"pages", r.pages}, {"errors", r.errors}});
    std::cout << safe_dump(out) << "\n";
    return 0;
  }
  std::printf("%-5s %-12s %-20s %-20s %-11s %6s %7s %7s\n", "run", "kind", "started", "finished", "status", "sites",
              "pages", "errors");
  for (const auto& r : runs)
    std::printf("%-5lld %-12s %-20s %-20s %-11s %6d %7d %7d\n", r.id, r.kind.c_str(), r.started_at.c_str(),
                r.finished_at.c_str(), r.status.c_str(), r.sites, r.pages, r.errors);
  return 0;
}

int pages_command(const GlobalOptions& g, long long run, const std::string& site, const std::string& format,
                  bool all_kinds) {
  Store store;
  std::string err;
  if (!store.open(g.db, &err)) {
    log_error(err);
    return 1;
  }
  RunInfo info;
  if (!get_run(store, run, &info, &err)) {
    std::cerr << "govaudit: pages: --run " << run << ": " << err << "\n";
    return 2;
  }
  std::vector<StoredFetch> fetches;
  if (!list_fetches(store, run, site, &fetches, &err)) {
    log_error(err);
    return 1;
  }
  std::vector<const StoredFetch*> rows;
  for (const auto& f : fetches)
    if (all_kinds || f.kind == "page") rows.push_back(&f);
  auto error_text = [](const StoredFetch& f) {
    if (!f.skipped.empty()) return "not fetched: " + f.skipped;
    if (f.soft_404) return "soft_404: " + f.soft_404_reason;
    if (!f.error_class.empty()) return f.error_class + (f.error.empty() ? "" : ": " + f.error);
    return std::string();
  };
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto* f : rows)
      out.push_back({{"site", f->site_id}, {"kind", f->kind}, {"url", f->url}, {"final_url", f->final_url},
                     {"status", f->status}, {"content_type", f->content_type}, {"charset", f->charset},
                     {"fetched_at", f->fetched_at}, {"error", error_text(*f)}, {"title", f->title},
                     {"depth", f->depth}, {"total_ms", f->total_ms}, {"size", f->size},
                     {"warc", f->warc_file.empty() ? nlohmann::json() : nlohmann::json({{"file", f->warc_file},
                                                                                          {"offset", f->warc_offset},
                                                                                          {"length", f->warc_length}})}});
    std::cout << safe_dump(out) << "\n";
    return 0;
  }
  std::cout << "site,kind,url,final_url,status,content_type,charset,fetched_at,error\n";
  for (const auto* f : rows)
    std::cout << csv_field(f->site_id) << ',' << f->kind << ',' << csv_field(f->url) << ','
              << csv_field(f->final_url) << ',' << f->status << ',' << csv_field(f->content_type) << ','
              << f->charset << ',' << f->fetched_at << ',' << csv_field(error_text(*f)) << "\n";
  return 0;
}

}  // namespace

void add_runs_command(CLI::App& app, const GlobalOptions& global, CommandRun* run) {
  auto format = std::make_shared<std::string>("table");
  auto* runs = app.add_subcommand("runs", "Crawl runs: id, start, end, status, sites, pages, errors");
  runs->add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  runs->callback([run, &global, format] { *run = [&global, format] { return runs_command(global, *format); }; });

  struct PagesArgs {
    long long run = 0;
    std::string site, format = "csv";
    bool all = false;
  };
  auto a = std::make_shared<PagesArgs>();
  auto* pages = app.add_subcommand("pages", "What a run fetched, one row per URL");
  pages->add_option("--run", a->run, "the run id (see `govaudit runs`)")->required();
  pages->add_option("--site", a->site, "only this site");
  pages->add_option("--format", a->format, "csv or json")->check(CLI::IsMember({"csv", "json"}))->capture_default_str();
  pages->add_flag("--all", a->all, "every record (robots, sitemaps, attachments, external checks, refusals), not only pages");
  pages->callback([run, &global, a] {
    *run = [&global, a] { return pages_command(global, a->run, a->site, a->format, a->all); };
  });
}

}  // namespace govaudit
