// URL parsing, resolution and canonicalisation for the crawler.
// Implements the WHATWG URL Standard's basic URL parser for the special schemes http, https, ws,
// wss and ftp (file: and non-special schemes are rejected: a government-site crawler follows only
// web links). Hosts go through UTS #46 (ICU) so `政府.cn` becomes `xn--mxtq1m.cn`.
#pragma once

#include <string>
#include <string_view>

namespace govaudit {

/// A parsed absolute URL. Every field holds its serialised (percent-encoded) form.
struct Url {
  std::string scheme;    ///< lower-case, without ':'
  std::string username;  ///< percent-encoded
  std::string password;  ///< percent-encoded
  std::string host;      ///< ASCII: punycoded domain, dotted IPv4, or "[v6]" compressed
  int port = -1;         ///< -1 when absent or equal to the scheme's default port
  std::string path;      ///< always starts with '/'; percent-encoded
  std::string query;     ///< without '?'; meaningful only when has_query
  std::string fragment;  ///< without '#'; meaningful only when has_fragment
  bool has_query = false;     ///< "http://a/?" has an empty query, "http://a/" has none
  bool has_fragment = false;  ///< same distinction for '#'
};

/// Parses an absolute URL. Returns false and fills *err (naming the input) for a relative
/// reference, an unsupported scheme, or anything the WHATWG parser rejects. Input may be any
/// bytes; non-UTF-8 bytes are percent-encoded outside the host.
bool parse_url(std::string_view text, Url* out, std::string* err);

/// Resolves `reference` (absolute or relative: "./x", "../x", "/x", "//h/x", "?q", "#f") against
/// `base`, which must be a parsed Url. Same failure rules as parse_url.
bool resolve_url(const Url& base, std::string_view reference, Url* out, std::string* err);

/// The WHATWG href serialisation.
std::string serialize(const Url& url);

/// The explicit port, or the scheme's default (80, 443, 21), or -1 if the scheme has none.
int effective_port(const Url& url);

/// Converts a host (UTF-8, maybe percent-encoded) to its ASCII form as the URL parser does
/// (UTS #46 ToASCII, IPv4 forms normalised, IPv6 compressed). False with *err if invalid.
bool host_to_ascii(std::string_view host, std::string* out, std::string* err);

/// Options for canonical_url. Defaults are what the crawler's dedup uses.
struct CanonicalOptions {
  bool drop_session_params = true;   ///< see kSessionParams in url.cc
  bool drop_tracking_params = true;  ///< see kTrackingParams in url.cc
  bool drop_fragment = true;
};

/// The crawler's dedup key: the WHATWG serialisation (so scheme and host are lower-case, the
/// default port is gone, dot segments are resolved and an empty path is "/"), plus: fragment
/// dropped, `%xx` of unreserved characters decoded and other escapes upper-cased in path and
/// query, `;jsessionid=` path parameters and session/tracking query parameters removed (lists in
/// url.cc: kSessionParams, kTrackingParams), empty `&&` pieces and an empty "?" dropped, and a
/// trailing dot on the host removed ("gov.cn." names the same host).
///
/// Remaining query parameters keep their original order. Sorting would merge more duplicates,
/// but Chinese government CMSs (e.g. `dataproxy.jsp?startrecord=1&endrecord=45&perpage=15`,
/// TRS `?channelid=..&page=..`, JCMS `module?webid=&columnid=`) are routinely implemented with
/// positional parsing or `getQueryString` scans that break on reordering, and two orderings of
/// the same link are rare on one site; a false merge loses a page, a missed merge costs a fetch.
/// Parameter values are never re-encoded: a GBK-percent-encoded `?q=%D5%FE` stays byte-exact.
std::string canonical_url(const Url& url, const CanonicalOptions& options = {});

/// Thresholds for looks_like_trap. Defaults are generous for real portals (deep column trees
/// like /xxgk/zfxxgkml/bmxxgkml/... reach 8–10 segments) but stop generated spaces.
struct TrapLimits {
  int max_url_length = 2048;       ///< bytes of the serialised URL (IE's historic limit)
  int max_path_segments = 16;      ///< '/'-separated segments
  int max_segment_repeats = 2;     ///< back-to-back repeats of a segment run (/a/b/a/b/a/b is 3);
                                   ///< one segment may occur max_segment_repeats + 1 times in all
  int max_query_params = 16;       ///< '&'-separated parameters
  int min_year = 1990;             ///< year-like parameters outside [min_year, max_year] ...
  int max_year = 2035;             ///< ... are treated as a calendar trap
  int max_page_number = 5000;      ///< page=/pageNo=/... beyond this is a paging trap
};

/// True (with a reason in *why) when the URL looks like a crawler trap: repeated path segments
/// (/a/b/a/b/a/b/), too many segments or parameters, an over-long URL, or calendar/paging
/// parameters far outside a plausible range.
bool looks_like_trap(const Url& url, std::string* why, const TrapLimits& limits = {});

}  // namespace govaudit
