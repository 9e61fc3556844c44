#include "crawler/host_pinning.h"

#include <algorithm>
#include <cctype>

namespace govaudit {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Splits on ':' but keeps a bracketed IPv6 literal ("[::1]") whole, as curl does.
std::vector<std::string> split_fields(const std::string& text) {
  std::vector<std::string> out(1);
  bool in_brackets = false;
  for (char c : text) {
    if (c == '[') in_brackets = true;
    if (c == ']') in_brackets = false;
    if (c == ':' && !in_brackets) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

// Port field: empty means "any" (0) where allowed; otherwise 1..65535.
bool parse_port(const std::string& field, bool empty_ok, int* port, std::string* err) {
  if (field.empty()) {
    if (empty_ok) {
      *port = 0;
      return true;
    }
    *err = "missing port";
    return false;
  }
  if (field.size() > 5 || !std::all_of(field.begin(), field.end(), ::isdigit)) {
    *err = "port '" + field + "' is not a number";
    return false;
  }
  int p = std::stoi(field);
  if (p < 1 || p > 65535) {
    *err = "port '" + field + "' is out of range";
    return false;
  }
  *port = p;
  return true;
}

std::string strip_brackets(const std::string& addr) {
  if (addr.size() >= 2 && addr.front() == '[' && addr.back() == ']') return addr.substr(1, addr.size() - 2);
  return addr;
}

}  // namespace

bool parse_resolve_pin(const std::string& text, ResolvePin* pin, std::string* err) {
  // The address part may itself be an unbracketed IPv6 literal, so take HOST and PORT off the
  // front and keep the rest whole.
  auto first = text.find(':');
  auto second = first == std::string::npos ? first : text.find(':', first + 1);
  if (second == std::string::npos) {
    *err = "--resolve '" + text + "': expected HOST:PORT:ADDR";
    return false;
  }
  std::string host = text.substr(0, first);
  std::string port = text.substr(first + 1, second - first - 1);
  std::string addr = text.substr(second + 1);
  std::string why;
  if (host.empty()) {
    *err = "--resolve '" + text + "': missing host";
    return false;
  }
  if (!parse_port(port, false, &pin->port, &why)) {
    *err = "--resolve '" + text + "': " + why;
    return false;
  }
  if (addr.empty()) {
    *err = "--resolve '" + text + "': missing address";
    return false;
  }
  pin->host = lower(host);
  pin->addr = strip_brackets(addr);
  return true;
}

bool parse_connect_to_rule(const std::string& text, ConnectToRule* rule, std::string* err) {
  auto fields = split_fields(text);
  if (fields.size() != 4) {
    *err = "--connect-to '" + text + "': expected HOST:PORT:ADDR:PORT (empty HOST or PORT matches any)";
    return false;
  }
  std::string why;
  if (!parse_port(fields[1], true, &rule->port, &why) || !parse_port(fields[3], true, &rule->to_port, &why)) {
    *err = "--connect-to '" + text + "': " + why;
    return false;
  }
  rule->host = lower(strip_brackets(fields[0]));
  rule->to_host = strip_brackets(fields[2]);
  return true;
}

bool is_pinned(const HostPins& pins, const std::string& host, int port) {
  std::string h = lower(host);
  for (const auto& r : pins.resolve)
    if (r.host == h && r.port == port) return true;
  for (const auto& c : pins.connect_to)
    if ((c.host.empty() || c.host == h) && (c.port == 0 || c.port == port)) return true;
  return false;
}

std::vector<std::string> curl_resolve_entries(const HostPins& pins) {
  std::vector<std::string> out;
  for (const auto& r : pins.resolve) {
    bool v6 = r.addr.find(':') != std::string::npos;
    out.push_back(r.host + ":" + std::to_string(r.port) + ":" + (v6 ? "[" + r.addr + "]" : r.addr));
  }
  return out;
}

std::vector<std::string> curl_connect_to_entries(const HostPins& pins) {
  std::vector<std::string> out;
  for (const auto& c : pins.connect_to) {
    bool v6 = c.to_host.find(':') != std::string::npos;
    out.push_back(c.host + ":" + (c.port ? std::to_string(c.port) : "") + ":" +
                  (v6 ? "[" + c.to_host + "]" : c.to_host) + ":" + (c.to_port ? std::to_string(c.to_port) : ""));
  }
  return out;
}

}  // namespace govaudit
