// Host pinning as curl does it: `--resolve HOST:PORT:ADDR` and `--connect-to HOST:PORT:ADDR:PORT`.
// The farm and every test reach their `.test` hosts only through these pins, so no test makes a DNS
// look-up; a pinned host is also the one case where a loopback target is allowed without
// `--allow-private`.
#pragma once

#include <string>
#include <vector>

namespace govaudit {

/// `--resolve HOST:PORT:ADDR`: HOST at PORT resolves to ADDR (an IPv6 ADDR may be in brackets).
struct ResolvePin {
  std::string host;
  int port = 0;
  std::string addr;
};

/// `--connect-to HOST:PORT:ADDR:PORT`: connections meant for HOST:PORT go to ADDR:PORT instead.
/// An empty HOST (stored as "") or PORT (stored as 0) matches any; an empty ADDR keeps the host.
struct ConnectToRule {
  std::string host;
  int port = 0;
  std::string to_host;
  int to_port = 0;
};

/// Every pin given on the command line, in the order given (curl uses the first rule that matches).
struct HostPins {
  std::vector<ResolvePin> resolve;
  std::vector<ConnectToRule> connect_to;
};

/// Parses one `--resolve` value. On failure returns false and says what is wrong with `text`.
bool parse_resolve_pin(const std::string& text, ResolvePin* pin, std::string* err);

/// Parses one `--connect-to` value. On failure returns false and says what is wrong with `text`.
bool parse_connect_to_rule(const std::string& text, ConnectToRule* rule, std::string* err);

/// True when a request to host:port is redirected by a pin (so it may target loopback).
/// Host comparison is case-insensitive, as in DNS.
bool is_pinned(const HostPins& pins, const std::string& host, int port);

/// The pins in libcurl's CURLOPT_RESOLVE and CURLOPT_CONNECT_TO string forms.
std::vector<std::string> curl_resolve_entries(const HostPins& pins);
std::vector<std::string> curl_connect_to_entries(const HostPins& pins);

}  // namespace govaudit
