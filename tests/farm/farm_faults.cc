#include "tests/farm/farm_faults.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace govaudit::farm {

namespace {

constexpr const char* kUtf8Html = "text/html; charset=UTF-8";

FarmResponse html(int status, const std::string& body) { return {status, kUtf8Html, body, ""}; }

FarmResponse not_found() { return html(404, "<html><body><h1>404 Not Found</h1></body></html>\n"); }

const FarmFault* fault_at(const FarmWorld& world, const std::string& host, FaultKind kind) {
  for (const auto& f : world.faults)
    if (f.host == host && f.kind == kind) return &f;
  return nullptr;
}

bool has_fault(const FarmWorld& world, const std::string& host, FaultKind kind) {
  return fault_at(world, host, kind) != nullptr;
}

std::string query_value(const std::multimap<std::string, std::string>& query, const std::string& name) {
  auto it = query.find(name);
  return it == query.end() ? "" : it->second;
}

int small_int(const std::string& s, int fallback) {
  if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
    return fallback;
  return std::stoi(s);
}

FarmResponse fault_site_home(const FarmWorld& world) {
  std::string b = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>故障测试站点</title></head><body>\n"
                  "<h1>故障测试站点</h1>\n<ul>\n";
  for (const auto& f : world.faults)
    b += "<li><a href=\"" + f.url + "\">" + fault_kind_name(f.kind) + "</a></li>\n";
  return html(200, b + "</ul>\n</body></html>\n");
}

// A calendar that never ends: each month links to the next month and the same month next year.
FarmResponse calendar(const std::multimap<std::string, std::string>& query) {
  int year = small_int(query_value(query, "year"), 2034);
  int month = std::clamp(small_int(query_value(query, "month"), 1), 1, 12);
  int next_year = month == 12 ? year + 1 : year, next_month = month == 12 ? 1 : month + 1;
  std::string b = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>活动日历 " + std::to_string(year) + "年" +
                  std::to_string(month) + "月</title></head><body>\n<table><tr><td>本月无活动</td></tr></table>\n" +
                  "<a href=\"/calendar?year=" + std::to_string(next_year) + "&month=" + std::to_string(next_month) +
                  "\">下个月</a>\n<a href=\"/calendar?year=" + std::to_string(year + 1) + "&month=" + std::to_string(month) +
                  "\">明年</a>\n</body></html>\n";
  return html(200, b);
}

FarmResponse invalid_utf8_page() {
  // Overlong forms, lone continuation bytes, a truncated sequence, a surrogate, 0xFF.
  std::string b = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>无效\xff编码 \xc0\xaf</title></head><body>\n"
                  "<p>政务公开\x80\x80 \xe6\x94 \xed\xa0\x80 \xf8\x88\x80\x80\x80 发布时间：2026-11-01</p>\n"
                  "<a href=\"/a\xfe\xff.html\">坏链接\xc3</a>\n</body></html>\n";
  return html(200, b);
}

FarmResponse mislabelled_gbk_page() {
  std::string utf8 = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>标错编码的页面</title></head><body>\n"
                     "<h1>政务公开</h1>\n<p>本页字节是GBK编码，却声明为UTF-8。发布时间：2026-11-01</p>\n</body></html>\n";
  std::string gbk, err;
  if (!utf8_to_gbk(utf8, &gbk, &err)) gbk = utf8;
  return html(200, gbk);
}

FarmResponse nested_page() {
  std::string b = "<!DOCTYPE html>\n<html><head><title>深层嵌套</title></head><body>\n";
  b.reserve(2 * 1024 * 1024);
  for (int i = 0; i < 50000; ++i) b += i % 1000 == 999 ? "<table><tr><td><div" : "<div><span>";
  b += "<p>最里面 <a href=\"/deep.html\">链接</a></b></i></table></tr><td><a href=\"/unterminated";
  return html(200, b);
}

FarmResponse redirect(const std::string& location) {
  FarmResponse r = html(302, "<html><body>moved</body></html>");
  r.location = location;
  return r;
}

std::string private_target(int port) {
  return std::string("http://") + kPrivateAliasAddress + ":" + std::to_string(port) + "/private-target";
}

}  // namespace

std::vector<FarmFault> fault_catalogue() {
  return {
      {FaultKind::redirect_loop, "loop.faults.test", "http://loop.faults.test/loop/1", "too_many_redirects"},
      {FaultKind::error_storm, "storm.faults.test", "http://storm.faults.test/", "http_status"},
      {FaultKind::connection_reset, "reset.faults.test", "http://reset.faults.test/", "reset"},
      {FaultKind::stall_after_headers, "stall.faults.test", "http://stall.faults.test/", "timeout"},
      {FaultKind::calendar_trap, "calendar.faults.test", "http://calendar.faults.test/calendar?year=2034&month=1", "trap"},
      {FaultKind::gzip_bomb, "bomb.faults.test", "http://bomb.faults.test/", "body_too_large"},
      {FaultKind::huge_page, "huge.faults.test", "http://huge.faults.test/", "body_too_large"},
      {FaultKind::invalid_utf8, "badutf8.faults.test", "http://badutf8.faults.test/", "none"},
      {FaultKind::mislabelled_gbk, "gbk.faults.test", "http://gbk.faults.test/", "none"},
      {FaultKind::nested_html, "nested.faults.test", "http://nested.faults.test/", "none"},
      {FaultKind::dead_port, "deadport.faults.test", "http://deadport.faults.test/", "connect_refused"},
      {FaultKind::bad_certificate, "tls.faults.test", "https://tls.faults.test/", "tls"},
      {FaultKind::private_redirect, "private.faults.test", "http://private.faults.test/to-private", "blocked_address"},
      {FaultKind::private_link, "private.faults.test", "http://private.faults.test/", "blocked_address"},
  };
}

const char* fault_kind_name(FaultKind kind) {
  switch (kind) {
    case FaultKind::redirect_loop: return "redirect_loop";
    case FaultKind::error_storm: return "error_storm";
    case FaultKind::connection_reset: return "connection_reset";
    case FaultKind::stall_after_headers: return "stall_after_headers";
    case FaultKind::calendar_trap: return "calendar_trap";
    case FaultKind::gzip_bomb: return "gzip_bomb";
    case FaultKind::huge_page: return "huge_page";
    case FaultKind::invalid_utf8: return "invalid_utf8";
    case FaultKind::mislabelled_gbk: return "mislabelled_gbk";
    case FaultKind::nested_html: return "nested_html";
    case FaultKind::dead_port: return "dead_port";
    case FaultKind::bad_certificate: return "bad_certificate";
    case FaultKind::private_redirect: return "private_redirect";
    case FaultKind::private_link: return "private_link";
  }
  return "unknown";
}

std::vector<std::string> fault_hosts(const std::vector<FarmFault>& faults) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& f : faults)
    if (seen.insert(f.host).second) out.push_back(f.host);
  return out;
}

bool is_fault_host(const FarmWorld& world, const std::string& host) {
  if (world.faults.empty()) return false;
  if (host == kFaultSiteHost || host == kPrivateAliasAddress) return true;
  return std::any_of(world.faults.begin(), world.faults.end(), [&](const FarmFault& f) { return f.host == host; });
}

FarmResponse render_fault_host(const FarmWorld& world, const std::string& host, const std::string& path,
                               const std::multimap<std::string, std::string>& query, int port) {
  // robots.txt is always allowed, so a polite crawler reaches each fault instead of stopping at robots.
  if (path == "/robots.txt") return {200, "text/plain; charset=UTF-8", "User-agent: *\nDisallow:\n", ""};
  if (host == kFaultSiteHost) return path == "/" ? fault_site_home(world) : not_found();
  if (host == kPrivateAliasAddress)
    return path == "/private-target" ? html(200, "<html><head><title>private target</title></head><body>reached</body></html>\n")
                                     : not_found();
  if (has_fault(world, host, FaultKind::redirect_loop) && path.rfind("/loop/", 0) == 0)
    return redirect(path == "/loop/1" ? "/loop/2" : "/loop/1");
  if (has_fault(world, host, FaultKind::error_storm)) return html(503, "<html><body>503 Service Unavailable</body></html>");
  if (has_fault(world, host, FaultKind::calendar_trap) && path == "/calendar") return calendar(query);
  if (path == "/") {
    if (has_fault(world, host, FaultKind::invalid_utf8)) return invalid_utf8_page();
    if (has_fault(world, host, FaultKind::mislabelled_gbk)) return mislabelled_gbk_page();
    if (has_fault(world, host, FaultKind::nested_html)) return nested_page();
    if (has_fault(world, host, FaultKind::private_link))
      return html(200, "<html><head><title>内网链接</title></head><body><a href=\"" + private_target(port) +
                           "\">内网地址</a> <a href=\"/to-private\">跳转</a></body></html>\n");
  }
  if (has_fault(world, host, FaultKind::private_redirect) && path == "/to-private") return redirect(private_target(port));
  return not_found();
}

StreamFault stream_fault(const FarmWorld& world, const std::string& host, const std::string& path) {
  if (path != "/" || world.faults.empty()) return StreamFault::none;
  if (has_fault(world, host, FaultKind::connection_reset)) return StreamFault::reset;
  if (has_fault(world, host, FaultKind::stall_after_headers)) return StreamFault::stall;
  if (has_fault(world, host, FaultKind::gzip_bomb)) return StreamFault::gzip_bomb;
  if (has_fault(world, host, FaultKind::huge_page)) return StreamFault::huge_page;
  return StreamFault::none;
}

const std::string& gzip_bomb_body() {
  static const std::string body = [] {
    std::string out;
    z_stream z{};
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return out;
    const std::string head = "<!DOCTYPE html><html><head><title>bomb</title></head><body>";
    const std::string tail = "</body></html>";
    const std::string spaces(64 * 1024, ' ');
    char buf[64 * 1024];
    auto feed = [&](const std::string& in, int flush) {
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
      z.avail_in = static_cast<uInt>(in.size());
      do {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        deflate(&z, flush);
        out.append(buf, sizeof buf - z.avail_out);
      } while (z.avail_out == 0);
    };
    feed(head, Z_NO_FLUSH);
    for (int i = 0; i < 300 * 16; ++i) feed(spaces, Z_NO_FLUSH);  // 300 MB
    feed(tail, Z_FINISH);
    deflateEnd(&z);
    return out;
  }();
  return body;
}

std::string huge_page_chunk(std::int64_t offset, std::int64_t n) {
  static const std::string head =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>超大页面</title></head><body>\n";
  static const std::string tail = "</body></html>\n";
  static const std::string line = "<p>填充内容 filler line of the fifty megabyte page</p>\n";
  const std::int64_t total = kHugePageBytes, tail_at = total - static_cast<std::int64_t>(tail.size());
  const std::int64_t head_size = static_cast<std::int64_t>(head.size());
  std::string out;
  std::int64_t end = std::min(total, offset + std::max<std::int64_t>(n, 0));
  out.reserve(static_cast<size_t>(std::max<std::int64_t>(end - offset, 0)));
  for (std::int64_t i = offset; i < end; ++i) {
    if (i < head_size) out += head[static_cast<size_t>(i)];
    else if (i >= tail_at) out += tail[static_cast<size_t>(i - tail_at)];
    else out += line[static_cast<size_t>((i - head_size) % static_cast<std::int64_t>(line.size()))];
  }
  return out;
}

}  // namespace govaudit::farm
