// `govaudit demo`: the offline demo. Generates the simulated portal farm, serves it on loopback, and
// runs the pipeline against it with this same binary (sites import → crawl → probe → audit → scores →
// report), pinning every farm host to the farm with --connect-to so nothing leaves the machine.
// Everything it writes goes under --out (the store, WARC files, the farm's registry and truth).
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "crawler/log.h"
#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_server.h"
#include "tests/farm/farm_truth.h"

extern char** environ;

namespace govaudit {
namespace {

struct DemoArgs {
  std::string out = "demo-out";
  int sites = 12;
  std::uint64_t seed = 1;
  bool no_latency = false;
};

// Runs this binary with `args`; its output goes where ours goes.
int run_self(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"/proc/self/exe"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargs;
  for (auto& a : argv) cargs.push_back(a.data());
  cargs.push_back(nullptr);
  pid_t pid;
  if (posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, cargs.data(), environ) != 0) return 1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int demo_command(const GlobalOptions& g, const DemoArgs& a) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(a.out, ec);
  if (ec) {
    std::cerr << "govaudit: demo: cannot create " << a.out << ": " << ec.message() << "\n";
    return 1;
  }
  // The demo owns these files: a rerun starts from a clean store.
  for (const char* name : {"govaudit.db", "govaudit.db-wal", "govaudit.db-shm"}) fs::remove(fs::path(a.out) / name, ec);
  fs::remove_all(fs::path(a.out) / "warc", ec);

  farm::FarmConfig config;
  config.sites = a.sites;
  config.seed = a.seed;
  config.as_of = farm::today_utc();
  farm::FarmWorld world = farm::generate_farm(config);
  std::string registry = (fs::path(a.out) / "registry.csv").string();
  std::string truth = (fs::path(a.out) / "truth.json").string();
  std::string err;
  if (!farm::write_text_file(registry, farm::registry_csv(world), &err) ||
      !farm::write_text_file(truth, farm::truth_json(world), &err)) {
    std::cerr << "govaudit: demo: " << err << "\n";
    return 1;
  }
  farm::FarmServerOptions options;
  options.threads = std::clamp(a.sites * 2, 64, 256);
  options.site_latency = !a.no_latency;
  farm::FarmServer server(std::move(world), options);
  int port = server.start(0, &err);
  if (port < 0) {
    std::cerr << "govaudit: demo: cannot start the farm: " << err << "\n";
    return 1;
  }
  std::cerr << "demo: farm of " << a.sites << " sites listening on 127.0.0.1:" << port << " (truth in " << truth << ")\n";
  std::string db = (fs::path(a.out) / "govaudit.db").string();
  std::string report = (fs::path(a.out) / "report").string();
  std::vector<std::string> common{"--db", db, "--connect-to", "::127.0.0.1:" + std::to_string(port)};
  if (g.verbosity > 0) common.push_back("-v");
  struct Step {
    std::string what;
    std::vector<std::string> args;
  };
  std::vector<Step> steps = {
      {"import the farm's registry", {"sites", "import", registry}},
      {"crawl every farm site (WARC files under " + (fs::path(a.out) / "warc").string() + ")",
       {"crawl", "--delay", "0", "--warc", (fs::path(a.out) / "warc").string()}},
      {"one round of access probes", {"probe"}},
      {"audit the run under the census and UN rubrics", {"audit"}},
      {"print the scores", {"scores"}},
      {"list dormant sites and zombie apps", {"flags"}},
      {"write the yearly report", {"report", "--year", farm::iso_date(config.as_of).substr(0, 4), "--out", report}},
  };
  for (const auto& step : steps) {
    std::cerr << "demo: " << step.what << ": govaudit";
    for (const auto& s : step.args) std::cerr << ' ' << s;
    std::cerr << "\n";
    std::vector<std::string> args = common;
    args.insert(args.end(), step.args.begin(), step.args.end());
    int rc = run_self(args);
    if (rc != 0) {
      std::cerr << "govaudit: demo: step '" << step.what << "' failed with exit status " << rc << "\n";
      server.stop();
      return 1;
    }
  }
  server.stop();
  std::cerr << "demo: done; the store is " << db << "; the report is " << (fs::path(report) / "index.html").string() << "\n";
  return 0;
}

}  // namespace

void add_demo_command(CLI::App& app, const GlobalOptions& global, CommandRun* run) {
  auto a = std::make_shared<DemoArgs>();
  auto* sub = app.add_subcommand(
      "demo", "Offline demo: serve the simulated portal farm on loopback and run the pipeline against it");
  sub->add_option("--out", a->out, "directory for the store, WARC files, registry, truth and report")->capture_default_str();
  sub->add_option("--sites", a->sites, "farm sites")->check(CLI::Range(1, 2000))->capture_default_str();
  sub->add_option("--seed", a->seed, "farm seed")->capture_default_str();
  sub->add_flag("--no-latency", a->no_latency, "serve the farm's slow sites at full speed (quick runs)");
  sub->callback([run, &global, a] { *run = [&global, a] { return demo_command(global, *a); }; });
}

}  // namespace govaudit
