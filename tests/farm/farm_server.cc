#include "tests/farm/farm_server.h"

#include <httplib.h>
#include <sys/socket.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>

#include "tests/farm/farm_faults.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_light.h"
#include "tests/farm/farm_pages.h"

namespace govaudit::farm {

namespace {

// FNV-1a: stable across platforms, unlike std::hash, so failure patterns repeat.
std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

std::string host_of(const httplib::Request& req) {
  std::string h = req.get_header_value("Host");
  if (req.path.rfind("http://", 0) == 0) h = req.path.substr(7, req.path.find('/', 7) - 7);
  if (!h.empty() && h.front() == '[') {
    h = h.substr(0, h.find(']') + 1);
  } else if (auto colon = h.find(':'); colon != std::string::npos) {
    h.resize(colon);
  }
  std::transform(h.begin(), h.end(), h.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return h.substr(0, 253);
}

// The path a request is for. A request through a proxy carries the absolute URL ("GET http://host/p"),
// which is how wget and wget2 reach the farm in the benchmarks.
std::string path_of(const httplib::Request& req) {
  if (req.path.rfind("http://", 0) != 0) return req.path;
  auto slash = req.path.find('/', 7);
  return slash == std::string::npos ? "/" : req.path.substr(slash);
}

}  // namespace

FarmServer::FarmServer(FarmWorld world, FarmServerOptions options)
    : world_(std::move(world)), options_(options), server_(std::make_unique<httplib::Server>()) {}

FarmServer::~FarmServer() { stop(); }

bool FarmServer::should_fail(const std::string& host, const FarmSite& site) {
  if (!options_.site_failures || site.fail_share <= 0) return false;
  long k;
  {
    std::lock_guard<std::mutex> lock(mu_);
    k = fail_counters_[host]++;
  }
  std::uint64_t h = farm_mix(farm_mix(world_.config.seed, fnv1a(host)), static_cast<std::uint64_t>(k));
  return static_cast<double>(h >> 11) * (1.0 / 9007199254740992.0) < site.fail_share;
}

void FarmServer::serve(const httplib::Request& req, httplib::Response& res) {
  // The request object is httplib's own non-const local, read again only to pick the encoding.
  // Plain answers go out uncompressed (FarmServerOptions::plain); the others in gzip, as portals
  // behind nginx answer, even to a client that also accepts br: cpp-httplib 0.11 prefers brotli and
  // compresses it at quality 11, which cost the farm 2-3 times the CPU of the crawl it served.
  auto& headers = const_cast<httplib::Request&>(req).headers;
  if (options_.plain) {
    headers.erase("Accept-Encoding");
  } else if (auto ae = headers.find("Accept-Encoding"); ae != headers.end() && ae->second.find("br") != std::string::npos) {
    ae->second = ae->second.find("gzip") != std::string::npos ? "gzip" : "";
  }
  std::string host = host_of(req);
  std::string path = path_of(req);
  {
    std::lock_guard<std::mutex> lock(mu_);
    HostStats& st = stats_[host];
    ++st.requests;
    st.max_in_flight = std::max(st.max_in_flight, ++st.in_flight);
  }
  FarmResponse r;
  int delay = options_.extra_latency_ms;
  bool streamed = false;
  if (path == "/__farm/stats" || host == "farm.test") {
    r = {200, "application/json", stats_json(), ""};
  } else if (serve_stream_fault(host, path, res)) {
    streamed = true;
  } else {
    auto it = world_.host_index.find(host);
    const FarmSite* site = it == world_.host_index.end() ? nullptr : &world_.sites[static_cast<size_t>(it->second)];
    if (site && options_.site_latency) delay += site->latency_ms;
    // robots.txt is never failed: a 5xx robots.txt makes a polite crawler skip the whole site.
    if (site && host == site->host && path != "/robots.txt" && should_fail(host, *site)) {
      r = {503, "text/html", "<html><body>503 Service Unavailable</body></html>", ""};
    } else {
      std::multimap<std::string, std::string> query(req.params.begin(), req.params.end());
      r = render_farm(world_, host, path, query, port_);
      if (options_.light && r.status == 200 && r.content_type.rfind("text/html", 0) == 0) r.body = light_page(r.body);
    }
  }
  if (delay > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay));
  if (!streamed) {
    res.status = r.status;
    if (!r.location.empty()) res.set_header("Location", r.location);
    // Validators for conditional requests: the farm's pages only change with the world, so an ETag
    // of the body is exact, and a revisiting crawler gets 304 for everything it already has.
    if (r.status == 200 && host != "farm.test") {
      std::string etag = "\"" + std::to_string(farm_mix(0x65746167, std::hash<std::string>{}(r.body))) + "\"";
      res.set_header("ETag", etag);
      if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        std::lock_guard<std::mutex> lock(mu_);
        ++stats_[host].not_modified;
        --stats_[host].in_flight;
        return;
      }
    }
    res.set_content(r.body, r.content_type.empty() ? "text/plain" : r.content_type.c_str());
  }
  std::lock_guard<std::mutex> lock(mu_);
  --stats_[host].in_flight;
}

bool FarmServer::serve_stream_fault(const std::string& host, const std::string& path, httplib::Response& res) {
  // Content providers with a length are sent as they are (cpp-httplib compresses only chunked
  // providers), so the bomb's own Content-Encoding stays the only one.
  switch (stream_fault(world_, host, path)) {
    case StreamFault::none: return false;
    case StreamFault::reset:
      // Promise a megabyte, send a few bytes, then fail the provider: httplib drops the connection.
      res.set_content_provider(1 << 20, "text/html; charset=UTF-8", [](size_t, size_t, httplib::DataSink& sink) {
        sink.write("<html><body>", 12);
        return false;
      });
      return true;
    case StreamFault::stall:
      // Headers go out, then nothing: the client's timeout is the only way out (60 s cap, or stop()).
      res.set_content_provider(4096, "text/html; charset=UTF-8", [this](size_t, size_t, httplib::DataSink&) {
        for (int i = 0; i < 600 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return false;
      });
      return true;
    case StreamFault::gzip_bomb: {
      const std::string& bomb = gzip_bomb_body();
      res.set_header("Content-Encoding", "gzip");
      res.set_content_provider(bomb.size(), "text/html; charset=UTF-8",
                               [&bomb](size_t offset, size_t length, httplib::DataSink& sink) {
                                 return sink.write(bomb.data() + offset, std::min<size_t>(length, 64 * 1024));
                               });
      return true;
    }
    case StreamFault::huge_page:
      res.set_content_provider(static_cast<size_t>(kHugePageBytes), "text/html; charset=UTF-8",
                               [](size_t offset, size_t length, httplib::DataSink& sink) {
                                 std::string chunk = huge_page_chunk(static_cast<std::int64_t>(offset),
                                                                     static_cast<std::int64_t>(std::min<size_t>(length, 64 * 1024)));
                                 return sink.write(chunk.data(), chunk.size());
                               });
      return true;
  }
  return false;
}

namespace {

// The settings every listener of the farm shares.
// cpp-httplib 0.11 listens with a backlog of 5: bursts of new connections (a crawl opening many
// hosts at once) overflow it and clients stall a second in SYN retries. configure() keeps the
// listening socket so run_listener() can listen on it again with a real backlog once bound.
void configure(httplib::Server& server, int threads, std::shared_ptr<std::atomic<int>> listen_fd) {
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server.set_keep_alive_max_count(1000);
  server.set_tcp_nodelay(true);  // else Nagle and delayed ACKs add ~40 ms to each small response
  server.set_socket_options([listen_fd](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    *listen_fd = sock;
  });
}

// listen_after_bind on its own thread; waits (bounded: 5 s) until the loop runs, since stop() is a
// no-op before.
std::thread run_listener(httplib::Server& server, const std::shared_ptr<std::atomic<int>>& listen_fd) {
  if (*listen_fd >= 0) ::listen(*listen_fd, 1024);
  std::thread t([&server] { server.listen_after_bind(); });
  for (int i = 0; i < 500 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return t;
}

}  // namespace

int FarmServer::start(int port, std::string* err) {
  int threads = std::max(1, options_.threads);
  // Deflating 300 MB takes seconds: done before serving, so the first bomb request is not a stall.
  if (!world_.faults.empty()) gzip_bomb_body();
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); };
  auto main_fd = std::make_shared<std::atomic<int>>(-1);
  configure(*server_, threads, main_fd);
  if (options_.plain) server_->set_keep_alive_max_count(1);
  server_->Get(".*", handler);
  int bound = port == 0 ? server_->bind_to_any_port("127.0.0.1") : (server_->bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound <= 0) {
    if (err) *err = "cannot bind 127.0.0.1:" + std::to_string(port);
    return -1;
  }
  port_ = bound;
  thread_ = run_listener(*server_, main_fd);
  if (!world_.faults.empty()) {
    alias_server_ = std::make_unique<httplib::Server>();
    auto alias_fd = std::make_shared<std::atomic<int>>(-1);
    configure(*alias_server_, 8, alias_fd);
    alias_server_->Get(".*", handler);
    if (alias_server_->bind_to_port(kPrivateAliasAddress, port_)) alias_thread_ = run_listener(*alias_server_, alias_fd);
  }
  if (!options_.tls_cert_file.empty() && !options_.tls_key_file.empty()) {
    tls_server_ = std::make_unique<httplib::SSLServer>(options_.tls_cert_file.c_str(), options_.tls_key_file.c_str());
    if (tls_server_->is_valid()) {
      auto tls_fd = std::make_shared<std::atomic<int>>(-1);
      configure(*tls_server_, 8, tls_fd);
      tls_server_->Get(".*", handler);
      tls_port_ = tls_server_->bind_to_any_port("127.0.0.1");
      if (tls_port_ > 0) tls_thread_ = run_listener(*tls_server_, tls_fd);
    }
    if (tls_port_ <= 0 && err) *err = "cannot start the TLS listener with " + options_.tls_cert_file;
  }
  return port_;
}

void FarmServer::stop() {
  stopping_ = true;
  std::pair<httplib::Server*, std::thread*> listeners[] = {
      {server_.get(), &thread_}, {alias_server_.get(), &alias_thread_}, {tls_server_.get(), &tls_thread_}};
  for (auto& [server, thread] : listeners) {
    if (thread->joinable()) {
      server->stop();
      thread->join();
    }
  }
}

std::map<std::string, HostStats> FarmServer::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

std::string FarmServer::stats_json() const {
  nlohmann::json hosts = nlohmann::json::object();
  for (const auto& [host, st] : stats())
    hosts[host] = {{"requests", st.requests}, {"in_flight", st.in_flight}, {"max_in_flight", st.max_in_flight}, {"not_modified", st.not_modified}};
  return nlohmann::json{{"hosts", hosts}}.dump();
}

}  // namespace govaudit::farm
