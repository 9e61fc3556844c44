// `govaudit audit`: scores a stored run under the rubrics, from the store and the WARC files alone
// (no fetch), so a run can be re-scored under a changed rubric. Stores one score per (site, run,
// rubric version) with every indicator and its evidence, and prints a summary.
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "audit_rules/page_input.h"
#include "audit_rules/rubric.h"
#include "audit_rules/rubric_json.h"
#include "audit_rules/rubric_score.h"
#include "audit_rules/site_aggregate.h"
#include "audit_rules/site_facts_json.h"
#include "cli/command.h"
#include "cli/rubric_location.h"
#include "crawler/page_reader.h"
#include "crawler/log.h"
#include "crawler/thread_name.h"
#include "crawler/warc_reader.h"
#include "reports/flag_records.h"
#include "reports/flags.h"
#include "store/crawl_log.h"
#include "store/flag_log.h"
#include "store/manual_codes.h"
#include "store/probe_log.h"
#include "store/score_log.h"
#include "store/store.h"

namespace govaudit {
namespace {

struct AuditArgs {
  long long run = 0;
  std::vector<std::string> rubrics;
  std::string as_of;
  int probe_window_days = 7;
  int threads = 0;
  std::string dump_facts;  ///< write every site's SiteFacts as JSON here (tracing and truth tests)
};

// Reads one stored record's body back from its WARC file and extracts its page facts.
std::optional<PageFacts> facts_of(const StoredFetch& f, std::optional<CivilDate> reference, std::string* problem) {
  if (f.warc_file.empty() || f.warc_offset < 0) return std::nullopt;
  WarcRecord rec;
  std::string err;
  if (!read_record_at(f.warc_file, static_cast<uint64_t>(f.warc_offset), &rec, &err,
                      static_cast<uint64_t>(f.warc_member_skip))) {
    *problem = f.url + ": cannot read back from " + f.warc_file + ": " + err;
    return std::nullopt;
  }
  if (!is_readable_page(f.content_type, rec.payload)) return std::nullopt;
  std::optional<CivilDate> ref = reference;
  if (auto fetched = parse_iso_date(f.fetched_at.substr(0, 10))) ref = fetched;
  PageInput in = read_page_input(rec.payload, f.content_type, f.final_url.empty() ? f.url : f.final_url,
                                 f.last_modified);
  return extract_page_facts(in, ref);
}

int audit_command(const GlobalOptions& g, const AuditArgs& a) {
  Store store;
  std::string err;
  if (!store.open(g.db, &err)) {
    log_error(err);
    return 1;
  }
  long long run_id = a.run;
  if (!run_id && (!latest_run(store, &run_id, &err) || run_id == 0)) {
    std::cerr << "govaudit: audit: no runs in " << g.db << " (crawl first, or import-warc)\n";
    return 2;
  }
  RunInfo run;
  if (!get_run(store, run_id, &run, &err)) {
    std::cerr << "govaudit: audit: --run " << run_id << ": " << err << "\n";
    return 2;
  }
  std::optional<CivilDate> as_of = a.as_of.empty() ? parse_iso_date(run.started_at.substr(0, 10)) : parse_iso_date(a.as_of);
  if (!as_of) {
    std::cerr << "govaudit: audit: --as-of '" << a.as_of << "' is not a YYYY-MM-DD date\n";
    return 2;
  }
  std::vector<std::string> names = a.rubrics.empty() ? std::vector<std::string>{"census-2019", "un-losi-cn-minority"} : a.rubrics;
  std::vector<Rubric> rubrics;
  for (const auto& name : names) {
    Rubric r;
    std::string path;
    if (!find_rubric(name, rubric_dir(), &path, &err) || !load_rubric(path, &r, &err)) {
      std::cerr << "govaudit: audit: rubric '" << name << "': " << err << "\n";
      return 2;
    }
    rubrics.push_back(std::move(r));
  }

  std::vector<Site> sites;
  std::vector<StoredFetch> fetches;
  if (!store.list_sites({}, &sites, &err) || !list_fetches(store, run_id, "", &fetches, &err)) {
    log_error(err);
    return 1;
  }
  std::map<std::string, std::vector<const StoredFetch*>> by_site;
  for (const auto& f : fetches) by_site[f.site_id].push_back(&f);
  std::vector<AggregateInput> inputs;
  std::string window_from = add_days(*as_of, -a.probe_window_days).to_string();
  std::string window_to = add_days(*as_of, 1).to_string();
  for (const auto& s : sites) {
    auto it = by_site.find(s.id);
    if (it == by_site.end()) continue;
    AggregateInput in;
    in.site_id = s.id;
    in.portal_url = s.url;
    in.extra_hosts = s.extra_hosts;
    in.as_of = *as_of;
    std::vector<StoredProbe> probes;
    if (!site_probes(store, s.id, window_from, window_to, &probes, &err)) log_warn(err);
    for (const auto& p : probes)
      if (p.url == s.url) in.probes.push_back({p.url, p.probed_at, p.ok, p.error_class, p.error});
    inputs.push_back(std::move(in));
  }

  // Reading pages back is the costly part; sites are independent, so they are spread over threads.
  std::vector<SiteFacts> facts(inputs.size());
  std::mutex problems_mu;
  std::vector<std::string> problems;
  std::atomic<size_t> next{0};
  int threads = a.threads > 0 ? a.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto worker = [&] {
    name_this_thread("audit");
    for (size_t i; (i = next++) < inputs.size();) {
      AggregateInput& in = inputs[i];
      for (const StoredFetch* f : by_site[in.site_id]) {
        AuditedFetch af{f->url, f->final_url, f->kind, f->status, f->error_class, f->soft_404, f->depth, f->fetched_at, std::nullopt};
        if (f->kind == "page" || f->kind == "external") {
          std::string problem;
          af.facts = facts_of(*f, in.as_of, &problem);
          if (!problem.empty()) {
            std::lock_guard lock(problems_mu);
            problems.push_back(problem);
          }
        }
        in.fetches.push_back(std::move(af));
      }
      facts[i] = aggregate_site(in);
      in.fetches.clear();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  for (const auto& p : problems) log_warn(p);
  if (!a.dump_facts.empty()) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& sf : facts) all.push_back(site_facts_to_json(sf));
    std::ofstream out(a.dump_facts, std::ios::binary | std::ios::trunc);
    out << all.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    if (!out) {
      std::cerr << "govaudit: audit: --dump-facts " << a.dump_facts << ": cannot write\n";
      return 1;
    }
  }

  // Manually coded indicators: the newest coding of each applies (store/manual_codes.h).
  std::map<std::string, std::map<std::string, bool>> manual;
  if (!latest_manual_codes(store, &manual, &err)) log_warn(err);
  for (auto& sf : facts)
    if (auto it = manual.find(sf.site); it != manual.end()) sf.manual_codes = it->second;

  std::vector<StoredScore> stored;
  for (const auto& sf : facts) {
    for (const auto& rubric : rubrics) {
      RubricScore score = score_site(rubric, sf);
      nlohmann::json j = score_to_json(score, std::to_string(run_id));
      StoredScore s;
      s.run_id = run_id;
      s.site_id = sf.site;
      s.rubric = score.rubric;
      s.rubric_version = score.version;
      s.kind = score.kind;
      s.score = score.score;
      s.max = score.max;
      s.vetoed = score.vetoed;
      s.passed = score.passed;
      s.level = score.level;
      s.as_of = as_of->to_string();
      s.json = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      for (const auto& ind : j.value("indicators", nlohmann::json::array())) {
        StoredIndicator si;
        si.id = ind.value("id", "");
        si.kind = ind.value("kind", "");
        si.group = ind.value("group", "");
        si.value_json = ind.contains("value") ? ind["value"].dump() : "null";
        si.points = ind.value("points", 0.0);
        si.evidence_json = ind.contains("evidence") ? ind["evidence"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) : "[]";
        s.indicators.push_back(std::move(si));
      }
      stored.push_back(std::move(s));
    }
  }
  // Flags are checked from the same facts; a check with no flags is stored too (it closes older ones).
  std::vector<StoredFlagCheck> flag_checks;
  size_t flag_count = 0;
  for (const auto& sf : facts) {
    FlagCheck check{run_id, as_of->to_string(), sf.site, flags_of(sf, FlagLimits{})};
    flag_count += check.observations.size();
    flag_checks.push_back(to_stored(check));
  }
  if (!append_scores(store, &stored, &err) || !append_flag_checks(store, &flag_checks, &err)) {
    log_error(err);
    return 1;
  }
  if (log_level() >= 0) {
    int vetoed = 0;
    for (const auto& s : stored) vetoed += s.vetoed;
    std::fprintf(stderr, "audit of run %lld as of %s: %zu sites, %zu rubrics, %zu scores stored, %d vetoed, %zu flags\n",
                 run_id, as_of->to_string().c_str(), facts.size(), rubrics.size(), stored.size(), vetoed, flag_count);
  }
  std::cout << run_id << "\n";
  return 0;
}

}  // namespace

void add_audit_command(CLI::App& app, const GlobalOptions& global, CommandRun* run) {
  auto a = std::make_shared<AuditArgs>();
  auto* sub = app.add_subcommand(
      "audit", "Score a stored run (the latest by default) under the rubrics; no fetch, so re-scoring is cheap");
  sub->add_option("--run", a->run, "the run to score (default: the latest)");
  sub->add_option("--rubric", a->rubrics,
                  "rubric name (census-2019, census-2015, un-losi-cn-minority) or a .toml file; repeatable "
                  "(default: census-2019 and un-losi-cn-minority)");
  sub->add_option("--as-of", a->as_of, "the check date YYYY-MM-DD ages are measured from (default: the run's start)");
  sub->add_option("--probe-window", a->probe_window_days, "days of probes before --as-of that count")
      ->check(CLI::Range(1, 366))->capture_default_str();
  sub->add_option("--threads", a->threads, "worker threads (default: one per core)");
  sub->add_option("--dump-facts", a->dump_facts,
                  "also write the facts each score was computed from (SiteFacts per site) as JSON to this file");
  sub->callback([run, &global, a] { *run = [&global, a] { return audit_command(global, *a); }; });
}

}  // namespace govaudit
