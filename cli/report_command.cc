// `govaudit report --year YYYY --out DIR`: the yearly benchmark report (reports/report_model.h):
// DIR/index.html, DIR/sites/ID.html, DIR/scores.csv, DIR/scores.json, DIR/sites.csv. Everything is
// written into a sibling temporary directory first and renamed into place at the end, so a failed
// report leaves no half-written DIR (an existing DIR is replaced only once the new one is complete).
#include <fcntl.h>  // open(2): a site page written in one call
#include <time.h>  // clock_gettime of a thread's CPU clock
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "cli/command.h"
#include "crawler/log.h"
#include "crawler/thread_name.h"
#include "reports/csv_export.h"
#include "reports/direct_file.h"
#include "reports/html_report.h"
#include "reports/json_export.h"
#include "reports/report_model.h"
#include "store/score_log.h"
#include "store/store.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;

struct ReportArgs {
  int year = 0;
  std::string out;
};

// A whole file in one write(2) (a site page is ~40 KB; 15,000 of them through ofstream's locale and
// buffer set-up cost more than the writing); mode 0666 less the umask, as ofstream creates files.
bool write(const fs::path& path, const std::string& text, std::string* err) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  bool ok = fd >= 0;
  for (std::size_t done = 0; ok && done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  if (!ok) *err = "cannot write " + path.string() + ": " + std::strerror(errno);
  if (fd >= 0 && ::close(fd) != 0 && ok) {
    *err = "cannot write " + path.string() + ": " + std::strerror(errno);
    ok = false;
  }
  return ok;
}

// Wall and CPU seconds since the last lap: the report logs where its time goes (-vv). CPU time is the
// figure that means something on a shared machine.
struct Lap {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
};

std::string lap(Lap* t) {
  Lap now;
  std::string out = fmt::format("{:.2f} s ({:.2f} CPU s)", std::chrono::duration<double>(now.wall - t->wall).count(),
                                static_cast<double>(now.cpu - t->cpu) / CLOCKS_PER_SEC);
  *t = now;
  return out;
}

// CPU seconds the calling thread has used so far: each thread of the report logs its own (-vv).
double thread_cpu_seconds() {
  timespec ts{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Site pages and scores.json, a batch of sites at a time: the pool's `threads` threads (each with its
// own connection, stores[0..threads)) take the batch's sites in turn, load each score's details, write
// the site's page and keep its scores.json element; the batch's elements then go out in ranking order,
// so the output is the same whatever the number of threads. A thread touches only its own site (a site
// page reads its site and the model's year), so no locks. Indicators are dropped once written (but for
// the vetoes the front page shows), so memory stays that of the model plus one batch. Adds the pool
// threads' CPU seconds to *pool_cpu (the calling thread's are its caller's to count).
bool write_site_pages(std::vector<Store>& stores, std::size_t threads, ReportModel& m, const fs::path& dir,
                      std::ostream& json, double* pool_cpu, std::string* err) {
  constexpr std::size_t kBatch = 256;
  std::vector<std::string> elements(kBatch), errs(threads);
  for (std::size_t begin = 0; begin < m.sites.size(); begin += kBatch) {
    std::size_t end = std::min(m.sites.size(), begin + kBatch);
    std::atomic<std::size_t> next{begin};
    std::atomic<bool> failed{false};
    auto work = [&](std::size_t w) {
      for (std::size_t i; !failed && (i = next++) < end;) {
        ReportSite& s = m.sites[i];
        bool ok = true;
        for (auto* sc : {&s.census, &s.un})
          if (ok && *sc) ok = load_score_details(stores[w], &**sc, &errs[w]);
        ok = ok && write(dir / "sites" / site_page_name(s.site.id), render_site_html(m, s), &errs[w]);
        if (!ok) {
          failed = true;
          return;
        }
        elements[i - begin] = report_json_site(s, i == 0);
        for (auto* sc : {&s.census, &s.un})
          if (*sc) keep_veto_indicators(&**sc);
      }
    };
    std::vector<std::thread> pool;
    std::vector<double> cpu(threads, 0.0);
    for (std::size_t w = 1; w < threads; ++w)
      pool.emplace_back([&, w] {
        name_this_thread("report pages");
        work(w);
        cpu[w] = thread_cpu_seconds();
      });
    work(0);
    for (auto& t : pool) t.join();
    for (double c : cpu) *pool_cpu += c;
    if (failed) {
      for (const auto& e : errs)
        if (!e.empty()) *err = e;
      return false;
    }
    for (std::size_t i = 0; i < end - begin; ++i) json << elements[i];
  }
  return true;
}

// scores.csv on a thread and a connection of its own (the last of `stores`), alongside the site pages
// (the pool's connections come first, the read-ahead's is the one before the CSV's): the two are
// independent, each about half the work, and the machine has cores to spare for both.
bool write_report(std::vector<Store>& stores, ReportModel& m, const fs::path& dir, std::string* err) {
  Lap t;
  std::error_code ec;
  fs::create_directories(dir / "sites", ec);
  if (ec) {
    *err = "cannot create " + (dir / "sites").string() + ": " + ec.message();
    return false;
  }
  std::string csv_err;
  bool csv_ok = false;
  std::thread csv_thread([&] {
    name_this_thread("report csv");
    Lap start = t;
    DirectFile file;
    if (file.open(dir / "scores.csv", &csv_err)) {
      std::ostream csv(&file);
      csv_ok = write_scores_csv(stores.back(), m, csv, &csv_err);
      // A failed write: close() puts the path and the system's reason in place of the writer's generic message.
      csv_ok = file.close(&csv_err) && csv_ok;
    }
    log_debug(fmt::format("report: scores.csv ({} scores) in {:.2f} s ({:.2f} CPU s)", m.record.size(),
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - start.wall).count(),
                          thread_cpu_seconds()));
  });
  // The year's score JSON read once in id order on a connection of its own, ahead of the pages' point
  // reads in ranking order: cheap when the store is cached, and it saves the random reads when not.
  std::thread warm_thread([&] {
    name_this_thread("report prefetch");
    Lap start = t;
    std::vector<long long> ids;
    for (const auto& s : m.sites)
      for (const auto* sc : {&s.census, &s.un})
        if (*sc) ids.push_back((*sc)->score_id);
    std::sort(ids.begin(), ids.end());
    std::string warm_err;
    if (!warm_score_json(stores[stores.size() - 2], ids, &warm_err)) log_warn("report: " + warm_err);  // the pages will say
    log_debug(fmt::format("report: score JSON read ahead in {:.2f} s ({:.2f} CPU s)",
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - start.wall).count(),
                          thread_cpu_seconds()));
  });
  double pages_cpu = -thread_cpu_seconds();
  DirectFile json_file;
  bool ok = json_file.open(dir / "scores.json", err);
  std::ostream json(&json_file);
  json << report_json_open(m);
  ok = ok && write_site_pages(stores, stores.size() - 2, m, dir, json, &pages_cpu, err);
  warm_thread.join();
  json << report_json_close();
  std::string json_err;
  if (!json_file.close(&json_err) && ok) {
    *err = json_err;
    ok = false;
  }
  pages_cpu += thread_cpu_seconds();
  if (ok)
    log_debug(fmt::format("report: site pages and scores.json in {:.2f} s ({:.2f} CPU s)",
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - t.wall).count(), pages_cpu));
  csv_thread.join();
  if (!ok) return false;
  if (!csv_ok) {
    *err = csv_err.empty() ? "cannot write " + (dir / "scores.csv").string() : csv_err;
    return false;
  }
  lap(&t);
  ok = write(dir / "sites.csv", sites_csv(m), err) && write(dir / "index.html", render_index_html(m), err);
  log_debug(fmt::format("report: index.html and sites.csv in {}", lap(&t)));
  return ok;
}

int report_command(const GlobalOptions& g, const ReportArgs& a) {
  // One connection per thread that writes site pages (the machine's cores, at most kMaxThreads), one
  // that reads the year's scores ahead of them and one for scores.csv.
  constexpr unsigned kMaxThreads = 4;
  std::vector<Store> stores(std::clamp(std::thread::hardware_concurrency(), 1u, kMaxThreads) + 2);
  Store& store = stores[0];
  std::string err;
  for (auto& s : stores)
    if (!s.open(g.db, &err)) {
      log_error(err);
      return 1;
    }
  ReportModel model;
  Lap t;
  if (!build_report_model(store, a.year, &model, &err)) {
    std::cerr << "govaudit: report: --year " << a.year << ": " << err << "\n";
    return 2;
  }
  log_debug(fmt::format("report: model of {} sites in {}", model.sites.size(), lap(&t)));
  fs::path out = fs::absolute(a.out).lexically_normal();
  if (out.has_filename() == false) out = out.parent_path();
  fs::path tmp = out;
  tmp += ".tmp-" + std::to_string(getpid());
  std::error_code ec;
  fs::remove_all(tmp, ec);
  if (!write_report(stores, model, tmp, &err)) {
    fs::remove_all(tmp, ec);
    std::cerr << "govaudit: report: " << err << "\n";
    return 1;
  }
  fs::path old = out;
  old += ".old-" + std::to_string(getpid());
  bool had = fs::exists(out);
  if (had) fs::rename(out, old, ec);
  if (!ec) fs::rename(tmp, out, ec);
  if (ec) {
    std::cerr << "govaudit: report: cannot move the report into " << out.string() << ": " << ec.message() << "\n";
    if (had) fs::rename(old, out, ec);
    fs::remove_all(tmp, ec);
    return 1;
  }
  if (had) fs::remove_all(old, ec);
  if (log_level() >= 0)
    std::fprintf(stderr, "report %d: %zu sites, %zu flags%s\n", model.year, model.sites.size(), model.flags.size(),
                 model.previous_year ? (", compared with " + std::to_string(model.previous_year)).c_str() : "");
  std::cout << (out / "index.html").string() << "\n";
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app, const GlobalOptions& global, CommandRun* run) {
  auto a = std::make_shared<ReportArgs>();
  auto* sub = app.add_subcommand("report", "The yearly benchmark report: DIR/index.html (self-contained), per-site "
                                           "pages, scores.csv, scores.json, sites.csv");
  sub->add_option("--year", a->year, "report year: scores checked (audit --as-of) in that year")->required()
      ->check(CLI::Range(1990, 2200));
  sub->add_option("--out", a->out, "output directory (replaced as a whole when the report is complete)")->required();
  sub->callback([run, &global, a] { *run = [&global, a] { return report_command(global, *a); }; });
}

}  // namespace govaudit
