// The farm's HTTP server: owns a cpp-httplib server and its listening thread on 127.0.0.1, dispatching
// on the Host header to the virtual sites of a FarmWorld, with per-site failures and latency, and
// counting requests and in-flight concurrency per host (served as JSON at /__farm/stats on any host).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "tests/farm/farm_model.h"

namespace httplib {
class Server;
class SSLServer;
struct Request;
struct Response;
}

namespace govaudit::farm {

struct FarmServerOptions {
  int extra_latency_ms = 0;     ///< added to every response (--latency-ms)
  bool site_latency = true;     ///< apply each slow site's own latency_ms
  bool site_failures = true;    ///< apply each site's fail_share (503 answers)
  int threads = 64;             ///< worker threads, so the farm never caps a crawler's concurrency
  bool light = false;           ///< serve HTML pages as head + links only (farm_light.h; benchmarks)
  /// Benchmarks with thousands of hosts: answers uncompressed and one request per connection, since
  /// cpp-httplib 0.11 polls every idle keep-alive connection every ~10 ms on its worker thread, and
  /// gzip costs the farm CPU too. (Without it the farm answers in gzip, never brotli: see serve().)
  bool plain = false;
  /// With both set (PEM files), start() also serves the same farm over TLS on another free port
  /// (tls_port()), for the bad_certificate fault: tests make a self-signed pair with `openssl`.
  std::string tls_cert_file, tls_key_file;
};

struct HostStats {
  long requests = 0;
  int in_flight = 0;
  int max_in_flight = 0;
  long not_modified = 0;  ///< 304 answers to conditional requests
};

class FarmServer {
 public:
  FarmServer(FarmWorld world, FarmServerOptions options = {});
  ~FarmServer();
  FarmServer(const FarmServer&) = delete;
  FarmServer& operator=(const FarmServer&) = delete;

  /// Binds 127.0.0.1:port (0 = any free port) and serves on a background thread. Returns the bound
  /// port, or -1 (with `err`) when binding fails. Call once. A world with faults is also served on
  /// 127.0.0.2 at the same port when that is free (the private-address target; best effort).
  int start(int port, std::string* err = nullptr);
  /// Stops serving and joins the thread; safe to call twice.
  void stop();

  int port() const { return port_; }
  /// The TLS listener's port, or -1 when none was asked for or it could not start.
  int tls_port() const { return tls_port_; }
  const FarmWorld& world() const { return world_; }
  /// A snapshot of the per-host counters.
  std::map<std::string, HostStats> stats() const;
  /// The same as JSON: {"hosts": {"HOST": {"requests","in_flight","max_in_flight"}}}.
  std::string stats_json() const;

 private:
  bool should_fail(const std::string& host, const FarmSite& site);
  void serve(const httplib::Request& req, httplib::Response& res);
  /// Answers a connection-level fault itself; false when host/path is not one.
  bool serve_stream_fault(const std::string& host, const std::string& path, httplib::Response& res);

  FarmWorld world_;
  FarmServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::unique_ptr<httplib::Server> alias_server_;
  std::unique_ptr<httplib::SSLServer> tls_server_;
  std::thread thread_, alias_thread_, tls_thread_;
  int port_ = -1;
  int tls_port_ = -1;
  std::atomic<bool> stopping_{false};  // ends stalled answers when the server stops
  mutable std::mutex mu_;
  std::map<std::string, HostStats> stats_;
  std::map<std::string, long> fail_counters_;
};

}  // namespace govaudit::farm
