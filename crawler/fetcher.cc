#include "crawler/fetcher.h"

#include "crawler/address_policy.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <functional>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "crawler/bounded_queue.h"
#include "crawler/error_class.h"
#include "crawler/log.h"
#include "crawler/thread_name.h"

namespace govaudit {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Redirect targets come from untrusted pages; curl has its own limit, this one keeps logs sane.
constexpr std::size_t kMaxUrlBytes = 8192;
// Response headers kept per hop (curl bounds each header line at 100 KiB itself).
constexpr std::size_t kMaxHeaders = 256;
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
// A slowed host's delay stops doubling here, so a host is never starved for more than a minute.
constexpr int kMaxHostDelayMs = 60'000;
// Longest poll; bounds how stale a loop's view of close()/cancel() can get if a wake-up is missed.
constexpr int kMaxPollMs = 1000;
// Poll interval while the output queue is full (the consumer gives no wake-up when it makes room).
constexpr int kOutputFullPollMs = 20;
// Socket events taken from one epoll_wait; more simply wait for the next turn.
constexpr int kEpollBatch = 256;

// The numeric form of a socket address, and whether a crawl may not connect to it.
bool forbidden_sockaddr(const sockaddr* sa, std::string* text) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (sa->sa_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
    *text = buf;
    return !address_allowed(classify_address(*text), false);
  }
  if (sa->sa_family == AF_INET6) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
    *text = buf;
    return !address_allowed(classify_address(*text), false);
  }
  *text = "(non-IP address family " + std::to_string(sa->sa_family) + ")";
  return true;
}

// --- small helpers ------------------------------------------------------------------------------

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string utc_now_iso8601() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Where a URL goes: lower-case host (no port) and port. Refuses non-http(s) schemes.
bool parse_target(const std::string& url, std::string* host, int* port, std::string* err) {
  if (url.size() > kMaxUrlBytes) {
    *err = "URL longer than " + std::to_string(kMaxUrlBytes) + " bytes: " + url.substr(0, 200) + "...";
    return false;
  }
  CURLU* u = curl_url();
  char* part = nullptr;
  bool ok = false;
  CURLUcode rc = curl_url_set(u, CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (rc != CURLUE_OK) {
    *err = "bad URL '" + url + "': " + curl_url_strerror(rc);
  } else if (curl_url_get(u, CURLUPART_SCHEME, &part, 0) != CURLUE_OK ||
             (lower(part) != "http" && lower(part) != "https")) {
    *err = "unsupported scheme in '" + url + "' (only http and https are fetched)";
  } else {
    curl_free(part);
    part = nullptr;
    if (curl_url_get(u, CURLUPART_HOST, &part, 0) != CURLUE_OK) {
      *err = "no host in URL '" + url + "'";
    } else {
      *host = lower(part);
      curl_free(part);
      part = nullptr;
      if (curl_url_get(u, CURLUPART_PORT, &part, CURLU_DEFAULT_PORT) != CURLUE_OK) {
        *err = "no port for URL '" + url + "'";
      } else {
        *port = std::atoi(part);
        ok = true;
      }
    }
  }
  curl_free(part);
  curl_url_cleanup(u);
  return ok;
}

// Retry-After as a wait in milliseconds: delta-seconds or an HTTP date; -1 when absent or unusable.
long retry_after_ms(const std::vector<std::pair<std::string, std::string>>& headers) {
  for (const auto& [name, value] : headers) {
    if (name != "retry-after" || value.empty()) continue;
    if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
      if (value.size() > 9) return -1;
      return std::stol(value) * 1000;
    }
    time_t when = curl_getdate(value.c_str(), nullptr);
    if (when < 0) return -1;
    // Clamped before scaling so a date centuries ahead cannot overflow; callers cap it anyway.
    long seconds = static_cast<long>(std::clamp<time_t>(when - std::time(nullptr), 0, 1'000'000));
    return seconds * 1000;
  }
  return -1;
}

curl_slist* to_slist(const std::vector<std::string>& entries) {
  curl_slist* list = nullptr;
  for (const auto& e : entries) list = curl_slist_append(list, e.c_str());
  return list;
}

// --- the loops ----------------------------------------------------------------------------------

/// A request on its way: the caller's request plus where it has got to.
struct Pending {
  FetchRequest req;
  std::string url;   ///< current hop
  std::string host;  ///< of the current hop, lower-case; empty when url_error is set
  int port = 0;
  bool pinned = false;
  std::string url_error;  ///< set when the URL cannot be fetched at all
  std::vector<std::string> redirects;
  int attempts = 0;      ///< all transfers started for this request
  int hop_attempts = 0;  ///< transfers started for the current hop (retry budget)
  double total_ms = 0;
  Clock::time_point not_before{};  ///< backoff: not started before this
};

/// One host's politeness state. Owned by exactly one loop, touched only by its thread.
struct Host {
  std::string name;
  std::deque<Pending> waiting;
  int in_flight = 0;
  bool started_any = false;
  Clock::time_point last_start{};
  Clock::time_point resume_at{};  ///< Retry-After from this host holds every request until then
  int base_delay_ms = -1;         ///< -1: FetcherOptions::delay_ms; else set_host_delay's value
  int slow_doublings = 0;
  int refusals = 0;  ///< consecutive connect failures / 429 / 503
  bool given_up = false;
  std::string give_up_reason;
};

struct Loop;

/// One curl easy transfer in flight, with the buffers its callbacks fill.
struct Transfer {
  Loop* loop = nullptr;
  Host* host = nullptr;
  Pending p;
  CURL* easy = nullptr;
  curl_slist* request_headers = nullptr;
  std::string body;
  bool truncated = false;
  std::vector<std::pair<std::string, std::string>> headers;
  std::size_t header_bytes = 0;
  bool blocked = false;
  std::string blocked_addr;
  char errbuf[CURL_ERROR_SIZE] = {0};
};

}  // namespace

struct Fetcher::Shared {
  FetcherOptions opt;
  curl_slist* resolve = nullptr;
  curl_slist* connect_to = nullptr;
  std::vector<std::unique_ptr<Loop>> loops;
  BoundedQueue<FetchResult> out;
  // Requests submitted whose result is not yet in `out`; the loops end when this is 0 after close().
  std::atomic<int64_t> outstanding{0};
  std::atomic<bool> closing{false};
  std::atomic<bool> cancelled{false};
  std::atomic<int> loops_running{0};
  mutable std::mutex stats_mu;
  FetcherStats stats;

  explicit Shared(FetcherOptions o) : opt(std::move(o)), out(static_cast<std::size_t>(std::max(1, opt.queue_capacity))) {}
  std::size_t shard(const std::string& host) const { return std::hash<std::string>{}(host) % loops.size(); }
  void wake_all();
  void route(Pending p, std::size_t from);
};

namespace {

// A loop waits in epoll on the sockets libcurl asks it to watch (CURLMOPT_SOCKETFUNCTION) and
// drives only the transfers whose sockets are ready (curl_multi_socket_action), so a turn costs
// what became ready, not what is open: with curl_multi_poll/perform every turn walked all of a
// loop's transfers, and CPU per request grew with the transfers in flight (bench/README.md §0.2).
struct Loop {
  Fetcher::Shared* sh;
  std::size_t index;
  BoundedQueue<Pending> input;
  CURLM* multi = nullptr;
  int epfd = -1;
  int wakefd = -1;          // eventfd in the epoll set: other threads' wake-up
  std::string setup_error;  // epoll or eventfd could not be created: every request fails with this
  std::thread thread;

  std::mutex mailbox_mu;  // guards the two fields below; written by other threads
  std::deque<Pending> handoff;
  std::vector<std::pair<std::string, int>> delay_updates;

  // Loop-thread-only state.
  std::unordered_map<std::string, Host> hosts;
  std::unordered_set<Host*> hosts_waiting;  // hosts with a non-empty `waiting`: all a scan needs
  std::unordered_set<Transfer*> running;
  std::size_t held = 0;  // waiting + in flight
  std::atomic<int> held_gauge{0}, running_gauge{0};  // copies of held and running.size() for stats()
  std::deque<FetchResult> pending_out;
  std::mt19937 rng;
  std::optional<Clock::time_point> curl_due;  // libcurl's timer (CURLMOPT_TIMERFUNCTION)

  Loop(Fetcher::Shared* s, std::size_t i)
      : sh(s), index(i), input(static_cast<std::size_t>(std::max(1, s->opt.queue_capacity))), rng(std::random_device{}()) {
    multi = curl_multi_init();
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd >= 0) wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wakefd;
    if (epfd < 0 || wakefd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, wakefd, &ev) != 0)
      setup_error = std::string("fetch loop cannot wait for sockets (epoll/eventfd): ") + std::strerror(errno);
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
    curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this);
  }
  ~Loop() {
    curl_multi_cleanup(multi);  // may still call on_socket, so the descriptors close after it
    if (wakefd >= 0) ::close(wakefd);
    if (epfd >= 0) ::close(epfd);
  }

  static int on_socket(CURL*, curl_socket_t s, int what, void* self, void*);
  static int on_timer(CURLM*, long timeout_ms, void* self);
  void wake();  // any thread
  void wait(int timeout_ms);
  void run();
  void take_mailbox();
  void take_input();
  void admit(Pending p, bool front);
  void start_ready(Clock::time_point now);
  void start(Host& h, Pending p, Clock::time_point now);
  void finish(Transfer* t, CURLcode rc);
  FetchResult describe(Transfer& t, CURLcode rc, std::string* redirect_to) const;
  void count_refusal(Host& h, const FetchResult& r);
  bool retry(Host& h, Pending& p, const FetchResult& r, Clock::time_point now);
  void follow(Pending p, FetchResult r, const std::string& target);
  void give_up(Host& h, const std::string& reason);
  void emit(FetchResult r);
  void flush_output();
  int poll_timeout_ms(Clock::time_point now) const;
  void abort_all();
  int host_delay_ms(const Host& h) const;
  std::size_t capacity() const { return static_cast<std::size_t>(std::max(1, sh->opt.queue_capacity)); }
};

FetchResult result_for(const Pending& p) {
  FetchResult r;
  r.tag = p.req.tag;
  r.depth = p.req.depth;
  r.url = p.req.url;
  r.final_url = p.url;
  r.redirects = p.redirects;
  r.attempts = p.attempts;
  r.timings.total_ms = p.total_ms;
  return r;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  auto room = static_cast<size_t>(std::max<int64_t>(0, t->loop->sh->opt.max_body_bytes - static_cast<int64_t>(t->body.size())));
  if (len > room) {
    // Returning short aborts the transfer (CURLE_WRITE_ERROR): a decompression bomb stops here.
    t->body.append(data, room);
    t->truncated = true;
    return 0;
  }
  t->body.append(data, len);
  return len;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  std::string line(data, len);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after 100 Continue): start over
    t->headers.clear();
    t->header_bytes = 0;
    return len;
  }
  if (line.empty() || t->headers.size() >= kMaxHeaders || t->header_bytes + len > kMaxHeaderBytes) return len;
  t->header_bytes += len;
  if (line[0] == ' ' || line[0] == '\t') {  // obsolete line folding
    auto text = line.find_first_not_of(" \t");
    if (text != std::string::npos && !t->headers.empty()) t->headers.back().second += " " + line.substr(text);
    return len;
  }
  auto colon = line.find(':');
  if (colon == std::string::npos) return len;
  std::string value = line.substr(colon + 1);
  auto b = value.find_first_not_of(" \t");
  auto e = value.find_last_not_of(" \t");
  value = b == std::string::npos ? "" : value.substr(b, e - b + 1);
  t->headers.emplace_back(lower(line.substr(0, colon)), std::move(value));
  return len;
}

// Checked on the resolved address of every connection curl opens, including after a redirect
// (curl calls this for each new connection), so DNS cannot smuggle a private target past us.
curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN && !t->loop->sh->opt.allow_private && !t->p.pinned) {
    std::string ip;
    if (forbidden_sockaddr(&address->addr, &ip)) {
      t->blocked = true;
      t->blocked_addr = ip;
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

double us_to_ms(curl_off_t us) { return static_cast<double>(us) / 1000.0; }

// curl prints notAfter the OpenSSL way ("Nov 24 13:15:00 2026 GMT"); the store wants YYYY-MM-DD.
std::string cert_date(const std::string& s) {
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char mon[4] = {0};
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  if (std::sscanf(s.c_str(), "%3s %d %d:%d:%d %d", mon, &day, &hh, &mm, &ss, &year) != 6) return s;
  for (int i = 0; i < 12; ++i)
    if (std::strcmp(mon, months[i]) == 0) {
      char out[16];
      std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, i + 1, day);
      return out;
    }
  return s;
}

// The leaf certificate (curl lists the chain leaf first) of a fresh TLS connection.
void read_cert_info(CURL* e, FetchResult* r) {
  curl_certinfo* ci = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_CERTINFO, &ci) != CURLE_OK || !ci || ci->num_of_certs < 1) return;
  for (curl_slist* l = ci->certinfo[0]; l; l = l->next) {
    std::string line = l->data;
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon), value = line.substr(colon + 1);
    if (key == "Expire date") r->tls_expires = cert_date(value);
    else if (key == "Issuer") r->tls_issuer = value.substr(0, 300);
  }
}

}  // namespace

// --- Loop implementation ------------------------------------------------------------------------

void Fetcher::Shared::wake_all() {
  for (auto& l : loops) l->wake();
}

// Hands a redirect hop to the loop that owns its host (possibly the caller's own loop).
void Fetcher::Shared::route(Pending p, std::size_t from) {
  std::size_t to = shard(p.host);
  if (to == from) {
    loops[to]->admit(std::move(p), true);
    return;
  }
  {
    std::lock_guard lock(loops[to]->mailbox_mu);
    loops[to]->handoff.push_back(std::move(p));
  }
  loops[to]->wake();
}

namespace {

int Loop::host_delay_ms(const Host& h) const {
  long d = h.base_delay_ms >= 0 ? h.base_delay_ms : sh->opt.delay_ms;
  for (int i = 0; i < h.slow_doublings && d < kMaxHostDelayMs; ++i) d = std::max<long>(d * 2, 1);
  return static_cast<int>(std::min<long>(d, kMaxHostDelayMs));
}

int Loop::on_socket(CURL*, curl_socket_t s, int what, void* self, void*) {
  Loop* loop = static_cast<Loop*>(self);
  if (what == CURL_POLL_REMOVE) {
    epoll_ctl(loop->epfd, EPOLL_CTL_DEL, s, nullptr);  // fails harmlessly if curl closed it already
    return 0;
  }
  epoll_event ev{};
  ev.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
  ev.data.fd = s;
  if (epoll_ctl(loop->epfd, EPOLL_CTL_MOD, s, &ev) != 0 && errno == ENOENT)
    epoll_ctl(loop->epfd, EPOLL_CTL_ADD, s, &ev);
  return 0;
}

int Loop::on_timer(CURLM*, long timeout_ms, void* self) {
  Loop* loop = static_cast<Loop*>(self);
  if (timeout_ms < 0) {
    loop->curl_due.reset();
  } else {
    loop->curl_due = Clock::now() + milliseconds(timeout_ms);
  }
  return 0;
}

void Loop::wake() {
  if (wakefd < 0) return;
  uint64_t one = 1;
  // EAGAIN means the counter is already non-zero: a wake-up is pending, which is all we need.
  [[maybe_unused]] ssize_t n = ::write(wakefd, &one, sizeof one);
}

// Waits up to `timeout_ms` (or libcurl's timer, if sooner) and hands ready sockets to libcurl.
void Loop::wait(int timeout_ms) {
  int running_handles = 0;
  if (curl_due) {
    long ms = std::chrono::ceil<milliseconds>(*curl_due - Clock::now()).count();
    timeout_ms = static_cast<int>(std::clamp<long>(ms, 0, timeout_ms));
  }
  if (!setup_error.empty()) {
    std::this_thread::sleep_for(milliseconds(std::min(timeout_ms, kOutputFullPollMs)));
    return;
  }
  epoll_event events[kEpollBatch];
  int n = epoll_wait(epfd, events, kEpollBatch, timeout_ms);
  for (int i = 0; i < n; ++i) {
    if (events[i].data.fd == wakefd) {
      uint64_t count = 0;
      [[maybe_unused]] ssize_t r = ::read(wakefd, &count, sizeof count);
      continue;
    }
    int mask = 0;
    if (events[i].events & EPOLLIN) mask |= CURL_CSELECT_IN;
    if (events[i].events & EPOLLOUT) mask |= CURL_CSELECT_OUT;
    if (events[i].events & (EPOLLERR | EPOLLHUP)) mask |= CURL_CSELECT_ERR;
    curl_multi_socket_action(multi, events[i].data.fd, mask, &running_handles);
  }
  if (curl_due && Clock::now() >= *curl_due) {
    curl_due.reset();
    curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running_handles);
  }
}

void Loop::run() {
  while (!sh->cancelled) {
    take_mailbox();
    take_input();
    start_ready(Clock::now());
    // Transfers just added asked for an immediate timeout (on_timer with 0): start them now.
    if (curl_due && Clock::now() >= *curl_due) {
      curl_due.reset();
      int running_handles = 0;
      curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running_handles);
    }
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      finish(t, msg->data.result);
    }
    flush_output();
    held_gauge = static_cast<int>(held);
    running_gauge = static_cast<int>(running.size());
    if (sh->closing && sh->outstanding == 0 && pending_out.empty()) break;
    wait(poll_timeout_ms(Clock::now()));
  }
  if (sh->cancelled) abort_all();
  if (--sh->loops_running == 0) sh->out.close();
}

void Loop::take_mailbox() {
  std::deque<Pending> got;
  std::vector<std::pair<std::string, int>> delays;
  {
    std::lock_guard lock(mailbox_mu);
    got.swap(handoff);
    delays.swap(delay_updates);
  }
  for (auto& [host, ms] : delays) {
    Host& h = hosts[host];
    h.name = host;
    h.base_delay_ms = std::max(0, ms);
  }
  for (auto& p : got) admit(std::move(p), true);
}

void Loop::take_input() {
  while (held < capacity() && pending_out.empty()) {
    auto p = input.try_pop();
    if (!p) break;
    admit(std::move(*p), false);
  }
}

void Loop::admit(Pending p, bool front) {
  if (!p.url_error.empty() || !setup_error.empty()) {
    FetchResult r = result_for(p);
    r.error_class = ErrorClass::other;
    r.error = p.url_error.empty() ? setup_error : p.url_error;
    emit(std::move(r));
    return;
  }
  Host& h = hosts[p.host];
  if (h.name.empty()) h.name = p.host;
  if (h.given_up) {
    FetchResult r = result_for(p);
    r.error_class = ErrorClass::host_given_up;
    r.error = h.give_up_reason;
    emit(std::move(r));
    return;
  }
  if (front) {
    h.waiting.push_front(std::move(p));
  } else {
    h.waiting.push_back(std::move(p));
  }
  hosts_waiting.insert(&h);
  ++held;
}

void Loop::start_ready(Clock::time_point now) {
  for (auto it = hosts_waiting.begin(); it != hosts_waiting.end();) {
    Host& h = **it;
    while (!h.waiting.empty() && h.in_flight < std::max(1, sh->opt.per_host) && now >= h.resume_at &&
           (!h.started_any || now >= h.last_start + milliseconds(host_delay_ms(h)))) {
      auto ready = std::find_if(h.waiting.begin(), h.waiting.end(), [&](const Pending& p) { return p.not_before <= now; });
      if (ready == h.waiting.end()) break;  // only backed-off retries left
      Pending p = std::move(*ready);
      h.waiting.erase(ready);
      start(h, std::move(p), now);
    }
    it = h.waiting.empty() ? hosts_waiting.erase(it) : std::next(it);
  }
}

void Loop::start(Host& h, Pending p, Clock::time_point now) {
  const FetcherOptions& o = sh->opt;
  auto* t = new Transfer;
  t->loop = this;
  t->host = &h;
  t->p = std::move(p);
  t->p.attempts++;
  t->p.hop_attempts++;
  CURL* e = curl_easy_init();
  t->easy = e;
  curl_easy_setopt(e, CURLOPT_URL, t->p.url.c_str());
  curl_easy_setopt(e, CURLOPT_PRIVATE, t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  // Redirects are followed by hand (see finish) so each hop goes through politeness and the
  // address check with its own pinned/unpinned status.
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_PROXY, "");  // never an environment proxy: it would hide the target
  curl_easy_setopt(e, CURLOPT_USERAGENT, o.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, o.connect_timeout_s);
  curl_easy_setopt(e, CURLOPT_TIMEOUT, o.total_timeout_s);
  if (!o.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, o.ca_file.c_str());
  if (o.cert_info) curl_easy_setopt(e, CURLOPT_CERTINFO, 1L);
  if (o.ipv6_only) curl_easy_setopt(e, CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V6);
  if (sh->resolve) curl_easy_setopt(e, CURLOPT_RESOLVE, sh->resolve);
  if (sh->connect_to) curl_easy_setopt(e, CURLOPT_CONNECT_TO, sh->connect_to);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t);
  if (t->p.req.method == Method::head) curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  std::string range;
  if (t->p.req.range) {
    range = std::to_string(t->p.req.range->first) + "-" + std::to_string(t->p.req.range->second);
    curl_easy_setopt(e, CURLOPT_RANGE, range.c_str());  // curl copies the string
  }
  if (!t->p.req.if_none_match.empty())
    t->request_headers = curl_slist_append(t->request_headers, ("If-None-Match: " + t->p.req.if_none_match).c_str());
  if (!t->p.req.if_modified_since.empty())
    t->request_headers =
        curl_slist_append(t->request_headers, ("If-Modified-Since: " + t->p.req.if_modified_since).c_str());
  if (t->request_headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->request_headers);

  curl_multi_add_handle(multi, e);
  running.insert(t);
  h.in_flight++;
  h.started_any = true;
  h.last_start = now;
  log_debug("fetch start " + t->p.url);
  std::lock_guard lock(sh->stats_mu);
  sh->stats.transfers_started++;
  int& peak = sh->stats.max_in_flight_per_host[h.name];
  peak = std::max(peak, h.in_flight);
}

// What one finished transfer amounts to, read from curl; `redirect_to` gets the Location target.
FetchResult Loop::describe(Transfer& t, CURLcode rc, std::string* redirect_to) const {
  CURL* e = t.easy;
  long status = 0, os_errno = 0;
  curl_off_t nl = 0, conn = 0, app = 0, pre = 0, first = 0, total = 0, wire = 0;
  char* ip = nullptr;
  char* ctype = nullptr;
  char* location = nullptr;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &os_errno);
  curl_easy_getinfo(e, CURLINFO_NAMELOOKUP_TIME_T, &nl);
  curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &conn);
  curl_easy_getinfo(e, CURLINFO_APPCONNECT_TIME_T, &app);
  curl_easy_getinfo(e, CURLINFO_PRETRANSFER_TIME_T, &pre);
  curl_easy_getinfo(e, CURLINFO_STARTTRANSFER_TIME_T, &first);
  curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &total);
  curl_easy_getinfo(e, CURLINFO_SIZE_DOWNLOAD_T, &wire);
  curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip);
  curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ctype);
  curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &location);

  Pending& p = t.p;
  p.total_ms += us_to_ms(total);
  FetchResult r = result_for(p);
  // A body over our limit is not a transport failure: keep the status the server sent.
  r.status = rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && t.truncated) ? static_cast<int>(status) : 0;
  r.headers = std::move(t.headers);
  r.body = std::move(t.body);
  r.truncated = t.truncated;
  r.content_type = ctype ? ctype : "";
  r.remote_ip = ip ? ip : "";
  r.size_download = wire;
  r.timings.dns_ms = us_to_ms(nl);
  r.timings.connect_ms = conn > nl ? us_to_ms(conn - nl) : 0;
  r.timings.tls_ms = app > conn ? us_to_ms(app - conn) : 0;
  r.timings.first_byte_ms = us_to_ms(first);
  if (sh->opt.cert_info && rc == CURLE_OK) read_cert_info(e, &r);

  std::string what = (p.req.method == Method::head ? "HEAD " : "GET ") + p.url + ": ";
  if (rc != CURLE_OK) {
    r.error_class = classify_curl_failure(rc, {t.blocked, t.truncated, os_errno, pre > 0 || conn > 0});
    if (r.error_class == ErrorClass::blocked_address) {
      r.error = what + "refused to connect to " + t.blocked_addr +
                " (loopback/private/link-local; host not pinned and --allow-private not set)";
    } else if (r.error_class == ErrorClass::body_too_large) {
      r.error = what + "body over " + std::to_string(sh->opt.max_body_bytes) +
                " bytes (after decompression); transfer stopped";
    } else {
      r.error = what + (t.errbuf[0] ? t.errbuf : curl_easy_strerror(rc));
    }
  } else if (status >= 400) {
    r.error_class = ErrorClass::http_status;
    r.error = what + "HTTP " + std::to_string(status);
  }
  bool redirect_status = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  *redirect_to = rc == CURLE_OK && redirect_status && location ? location : "";
  return r;
}

// Refusals (connect failures, 429, 503) mean the host is not serving us at all, as opposed to
// serving an error page: enough in a row slow the host down, more give it up.
void Loop::count_refusal(Host& h, const FetchResult& r) {
  bool refusal = r.error_class == ErrorClass::connect_refused || r.error_class == ErrorClass::connect_timeout ||
                 r.status == 429 || r.status == 503;
  if (!refusal) {
    if (r.status > 0) h.refusals = 0;
    return;
  }
  h.refusals++;
  int limit = r.status ? sh->opt.host_give_up_after_http : sh->opt.host_give_up_after;
  if (h.refusals >= limit) {
    give_up(h, "gave up on host " + h.name + " after " + std::to_string(h.refusals) +
                   " consecutive refusals (last: " + (r.status ? "HTTP " + std::to_string(r.status) : r.error) + ")");
  } else if (h.refusals >= sh->opt.host_slow_after) {
    h.slow_doublings++;
    log_info("slowing down host " + h.name + ": one request per " + std::to_string(host_delay_ms(h)) + " ms");
  }
}

// Puts `p` back in its host's queue for another attempt when the failure is worth one; false when not.
bool Loop::retry(Host& h, Pending& p, const FetchResult& r, Clock::time_point now) {
  bool retryable = r.error_class == ErrorClass::timeout || r.error_class == ErrorClass::connect_timeout ||
                   r.status == 429 || r.status == 503;
  if (!retryable || p.hop_attempts > sh->opt.retries || h.given_up) return false;
  long cap_ms = static_cast<long>(std::max(0, sh->opt.max_retry_wait_s)) * 1000;
  long wait = retry_after_ms(r.headers);
  if (wait >= 0 && (r.status == 429 || r.status == 503)) {
    wait = std::min(wait, cap_ms);
    h.resume_at = std::max(h.resume_at, now + milliseconds(wait));  // the server spoke for the whole host
  } else {
    double backoff = sh->opt.backoff_base_ms * std::pow(2.0, p.hop_attempts - 1);
    backoff *= 1.0 + std::uniform_real_distribution<double>(0.0, 0.5)(rng);
    wait = std::min(static_cast<long>(backoff), cap_ms);
  }
  p.not_before = now + milliseconds(wait);
  log_info("retrying " + p.url + " in " + std::to_string(wait) + " ms (" +
           (r.status ? "HTTP " + std::to_string(r.status) : r.error) + ")");
  h.waiting.push_front(std::move(p));
  hosts_waiting.insert(&h);
  std::lock_guard lock(sh->stats_mu);
  sh->stats.retries++;
  return true;
}

// Next hop of `p` to `target`, or the final result `r` when the chain must end here.
void Loop::follow(Pending p, FetchResult r, const std::string& target) {
  if (static_cast<int>(p.redirects.size()) >= sh->opt.max_redirects) {
    r.error_class = ErrorClass::too_many_redirects;
    r.error = "more than " + std::to_string(sh->opt.max_redirects) + " redirects; next would be " + target;
    emit(std::move(r));
    return;
  }
  std::string err;
  if (!parse_target(target, &p.host, &p.port, &err)) {
    r.error_class = ErrorClass::other;
    r.error = "redirect from " + p.url + " refused: " + err;
    emit(std::move(r));
    return;
  }
  p.redirects.push_back(target);
  p.url = target;
  p.pinned = is_pinned(sh->opt.pins, p.host, p.port);
  p.hop_attempts = 0;
  p.not_before = {};
  sh->route(std::move(p), index);
}

void Loop::finish(Transfer* t, CURLcode rc) {
  curl_multi_remove_handle(multi, t->easy);
  running.erase(t);
  Host& h = *t->host;
  h.in_flight--;
  std::string redirect_to;
  FetchResult r = describe(*t, rc, &redirect_to);
  Pending p = std::move(t->p);
  curl_slist_free_all(t->request_headers);
  curl_easy_cleanup(t->easy);
  delete t;

  count_refusal(h, r);
  if (retry(h, p, r, Clock::now())) return;
  --held;
  if (redirect_to.empty()) {
    emit(std::move(r));
  } else {
    follow(std::move(p), std::move(r), redirect_to);
  }
}

void Loop::give_up(Host& h, const std::string& reason) {
  h.given_up = true;
  h.give_up_reason = reason;
  log_warn(reason);
  for (auto& p : h.waiting) {
    FetchResult r = result_for(p);
    r.error_class = ErrorClass::host_given_up;
    r.error = reason;
    emit(std::move(r));
    --held;
  }
  h.waiting.clear();
  hosts_waiting.erase(&h);
  std::lock_guard lock(sh->stats_mu);
  sh->stats.hosts_given_up.push_back(h.name);
}

void Loop::emit(FetchResult r) {
  r.fetched_at = utc_now_iso8601();
  {
    std::lock_guard lock(sh->stats_mu);
    sh->stats.results++;
    if (r.error_class != ErrorClass::none) sh->stats.errors++;
  }
  pending_out.push_back(std::move(r));
}

void Loop::flush_output() {
  while (!pending_out.empty() && sh->out.try_push(pending_out.front())) {
    pending_out.pop_front();
    if (--sh->outstanding == 0 && sh->closing) sh->wake_all();
  }
}

int Loop::poll_timeout_ms(Clock::time_point now) const {
  long best = kMaxPollMs;
  if (!pending_out.empty()) best = kOutputFullPollMs;
  // Input left waiting while the output was full: the producer's wake-up has already been spent.
  if (pending_out.empty() && held < capacity() && input.size() > 0) return 0;
  for (const Host* hp : hosts_waiting) {
    const Host& h = *hp;
    if (h.waiting.empty() || h.in_flight >= std::max(1, sh->opt.per_host)) continue;
    auto at = h.resume_at;
    if (h.started_any) at = std::max(at, h.last_start + milliseconds(host_delay_ms(h)));
    auto earliest = std::min_element(h.waiting.begin(), h.waiting.end(), [](const Pending& a, const Pending& b) {
                      return a.not_before < b.not_before;
                    })->not_before;
    at = std::max(at, earliest);
    long ms = std::chrono::ceil<milliseconds>(at - now).count();
    best = std::min(best, std::max(0L, ms));
  }
  return static_cast<int>(best);
}

void Loop::abort_all() {
  for (Transfer* t : running) {
    curl_multi_remove_handle(multi, t->easy);
    curl_slist_free_all(t->request_headers);
    curl_easy_cleanup(t->easy);
    delete t;
  }
  running.clear();
  hosts_waiting.clear();
  hosts.clear();
  held = 0;
}

}  // namespace

// --- Fetcher ------------------------------------------------------------------------------------

std::string header_value(const FetchResult& f, const std::string& name) {
  for (const auto& [k, v] : f.headers)
    if (k == name) return v;
  return "";
}

Fetcher::Fetcher(FetcherOptions options) : shared_(std::make_unique<Shared>(std::move(options))) {
  static std::once_flag curl_init;
  std::call_once(curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  Shared& sh = *shared_;
  sh.resolve = to_slist(curl_resolve_entries(sh.opt.pins));
  sh.connect_to = to_slist(curl_connect_to_entries(sh.opt.pins));
  int n = std::max(1, sh.opt.loops);
  for (int i = 0; i < n; ++i) sh.loops.push_back(std::make_unique<Loop>(&sh, static_cast<std::size_t>(i)));
  sh.loops_running = n;
  for (auto& l : sh.loops)
    l->thread = std::thread([loop = l.get()] {
      name_this_thread("fetch " + std::to_string(loop->index));
      loop->run();
    });
}

Fetcher::~Fetcher() {
  cancel();
  for (auto& l : shared_->loops)
    if (l->thread.joinable()) l->thread.join();
  shared_->loops.clear();
  curl_slist_free_all(shared_->resolve);
  curl_slist_free_all(shared_->connect_to);
}

bool Fetcher::submit(FetchRequest request) {
  Shared& sh = *shared_;
  if (sh.closing || sh.cancelled) return false;
  Pending p;
  p.url = request.url;
  if (parse_target(p.url, &p.host, &p.port, &p.url_error)) {
    p.pinned = is_pinned(sh.opt.pins, p.host, p.port);
  } else {
    p.host.clear();
  }
  p.req = std::move(request);
  Loop& loop = *sh.loops[sh.shard(p.host)];
  sh.outstanding++;
  {
    std::lock_guard lock(sh.stats_mu);
    sh.stats.submitted++;
  }
  if (!loop.input.push(std::move(p))) {
    if (--sh.outstanding == 0) sh.wake_all();
    std::lock_guard lock(sh.stats_mu);
    sh.stats.submitted--;
    return false;
  }
  loop.wake();
  return true;
}

std::optional<FetchResult> Fetcher::next_result() { return shared_->out.pop(); }

void Fetcher::close() {
  shared_->closing = true;
  for (auto& l : shared_->loops) l->input.close();
  shared_->wake_all();
}

void Fetcher::cancel() {
  shared_->cancelled = true;
  close();
}

void Fetcher::set_host_delay(const std::string& host, int delay_ms) {
  std::string h = lower(host);
  Loop& loop = *shared_->loops[shared_->shard(h)];
  {
    std::lock_guard lock(loop.mailbox_mu);
    loop.delay_updates.emplace_back(h, delay_ms);
  }
  loop.wake();
}

FetcherStats Fetcher::stats() const {
  FetcherStats s;
  {
    std::lock_guard lock(shared_->stats_mu);
    s = shared_->stats;
  }
  for (const auto& l : shared_->loops) {
    s.running_now += l->running_gauge;
    s.queued_now += l->held_gauge - l->running_gauge;
  }
  return s;
}

FetchResult fetch_one(const FetchRequest& request, const FetcherOptions& options) {
  FetcherOptions o = options;
  o.loops = 1;
  Fetcher f(o);
  if (f.submit(request)) {
    f.close();
    if (auto r = f.next_result()) return *std::move(r);
  }
  FetchResult r;
  r.tag = request.tag;
  r.depth = request.depth;
  r.url = request.url;
  r.final_url = request.url;
  r.error_class = ErrorClass::cancelled;
  r.error = "fetch of " + request.url + " was cancelled";
  r.fetched_at = utc_now_iso8601();
  return r;
}

}  // namespace govaudit
