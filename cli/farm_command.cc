// `govaudit farm`: generate the simulated portal farm, write its registry and truth files, and serve it
// on 127.0.0.1 until SIGINT/SIGTERM (cli.md).
#include <algorithm>
#include <csignal>
#include <iostream>
#include <pthread.h>

#include "cli/command.h"
#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_server.h"
#include "tests/farm/farm_truth.h"

namespace govaudit {

namespace {

struct FarmOptions {
  int sites = 12;
  std::uint64_t seed = 1;
  int port = 0;
  std::string registry, truth, as_of;
  int latency_ms = 0;
  bool faults = false;
  std::string tls_cert, tls_key;
  bool no_site_latency = false, no_site_failures = false;
  int threads = 0;
  bool light = false, plain = false;
};

int run_farm(const FarmOptions& o) {
  farm::FarmConfig config;
  config.sites = o.sites;
  config.seed = o.seed;
  config.faults = o.faults;
  config.as_of = farm::today_utc();
  if (!o.as_of.empty() && !farm::parse_iso_date(o.as_of, &config.as_of)) {
    std::cerr << "govaudit: --as-of '" << o.as_of << "' is not a date YYYY-MM-DD\n";
    return 2;
  }
  farm::FarmWorld world = farm::generate_farm(config);
  std::string err;
  if (!o.registry.empty() && !farm::write_text_file(o.registry, farm::registry_csv(world), &err)) {
    std::cerr << "govaudit: " << err << "\n";
    return 1;
  }
  if (!o.truth.empty() && !farm::write_text_file(o.truth, farm::truth_json(world), &err)) {
    std::cerr << "govaudit: " << err << "\n";
    return 1;
  }
  // Block the stop signals before the server threads exist, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  farm::FarmServerOptions options;
  options.extra_latency_ms = o.latency_ms;
  options.site_latency = !o.no_site_latency;
  options.site_failures = !o.no_site_failures;
  options.light = o.light;
  options.plain = o.plain;
  // httplib keeps a worker per open connection, so a big farm gets more workers than the default.
  options.threads = o.threads > 0 ? o.threads : std::clamp(o.sites * 2, 64, 256);
  options.tls_cert_file = o.tls_cert;
  options.tls_key_file = o.tls_key;
  farm::FarmServer server(std::move(world), options);
  int port = server.start(o.port, &err);
  if (port < 0) {
    std::cerr << "govaudit: " << err << "\n";
    return 1;
  }
  std::cout << "listening on 127.0.0.1:" << port << std::endl;
  if (!o.tls_cert.empty()) {
    if (server.tls_port() > 0) std::cout << "tls listening on 127.0.0.1:" << server.tls_port() << std::endl;
    else std::cerr << "govaudit: " << err << "\n";
  }
  int sig = 0;
  sigwait(&stop_signals, &sig);
  server.stop();
  return 0;
}

}  // namespace

void add_farm_command(CLI::App& app, const GlobalOptions&, CommandRun* run) {
  auto opts = std::make_shared<FarmOptions>();
  auto* sub = app.add_subcommand("farm", "serve the simulated portal farm on 127.0.0.1 (tests, demo, benchmarks)");
  sub->add_option("--sites", opts->sites, "number of sites")->check(CLI::Range(0, 100000));
  sub->add_option("--seed", opts->seed, "generation seed (same seed, same farm)");
  sub->add_option("--port", opts->port, "port on 127.0.0.1 (0 = any free port)")->check(CLI::Range(0, 65535));
  sub->add_option("--write-registry", opts->registry, "write the registry CSV for `sites import`");
  sub->add_option("--write-truth", opts->truth, "write the truth JSON (pages, defects, vetoes, flags)");
  sub->add_option("--latency-ms", opts->latency_ms, "milliseconds added to every response")->check(CLI::Range(0, 600000));
  sub->add_option("--as-of", opts->as_of, "the day the farm's dates are relative to (YYYY-MM-DD; default today)");
  sub->add_flag("--faults", opts->faults,
                "add the fault site and hosts (tests/farm/farm_faults.h: loops, 5xx, resets, stalls, traps, bombs, ...)");
  sub->add_option("--tls-cert", opts->tls_cert, "PEM certificate: also serve the farm over TLS (printed port)");
  sub->add_option("--tls-key", opts->tls_key, "PEM private key for --tls-cert");
  // Benchmarks measure the crawler, not the slow and failing sites planted for the audit.
  sub->add_option("--threads", opts->threads, "server worker threads, one per open connection (default: 2 per site, 64..256)")
      ->check(CLI::Range(1, 10000));
  sub->add_flag("--no-site-latency", opts->no_site_latency, "serve the slow sites at full speed (benchmarks)");
  sub->add_flag("--no-site-failures", opts->no_site_failures, "never answer 503 for failing sites (benchmarks)");
  sub->add_flag("--light", opts->light,
                "serve HTML pages as their head and links only: cheap pages for latency benchmarks");
  sub->add_flag("--plain", opts->plain,
                "answer uncompressed and close each connection after one answer: cheap serving for "
                "benchmarks with thousands of hosts");
  sub->callback([run, opts] { *run = [opts] { return run_farm(*opts); }; });
}

}  // namespace govaudit
