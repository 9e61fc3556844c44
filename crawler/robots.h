// robots.txt per RFC 9309 (Robots Exclusion Protocol): parse once into plain groups, then answer
// "may this user agent fetch this path?" by longest match, Allow winning ties. Like
// google/robotstxt we err on the side of disallowing where the file's intent seems clear (see
// parse_robots for the departures), and we treat 429 like 5xx rather than like other 4xx.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace govaudit {

/// One Allow/Disallow line. `pattern` is normalised (see parse_robots) and non-empty.
struct RobotsRule {
  bool allow = false;
  std::string pattern;
};

/// A group: the user-agent lines that open it and the rules that follow them.
struct RobotsGroup {
  std::vector<std::string> user_agents;  ///< lower-cased product tokens; "*" for the global group
  std::vector<RobotsRule> rules;
  double crawl_delay = -1;  ///< seconds (fractions allowed); -1 when absent
};

/// A parsed robots.txt, or the verdict the HTTP status imposes instead of a body.
struct RobotsRules {
  enum class Verdict {
    kParsed,       ///< decide by `groups`
    kAllowAll,     ///< 4xx: no robots.txt (RFC 9309 §2.3.1.3)
    kDisallowAll,  ///< 5xx, 429 or unreachable (RFC 9309 §2.3.1.4)
  };
  Verdict verdict = Verdict::kParsed;
  std::vector<RobotsGroup> groups;
  /// Every Sitemap: value, in file order (global, not per group).
  std::vector<std::string> sitemaps;
  int http_status = 0;     ///< as given to robots_from_status; 0 = parsed directly/unreachable
  std::string note;        ///< why the verdict, for the crawl log and findings
  int ignored_lines = 0;   ///< lines that were neither blank, comment nor a known directive
  bool truncated = false;  ///< body exceeded kRobotsMaxBytes; the rest was ignored
};

/// RFC 9309 §2.5: parsers must read at least 500 KiB; we read exactly that much.
constexpr size_t kRobotsMaxBytes = 500 * 1024;
/// Longer lines are truncated (google/robotstxt uses the same bound: 8 × 2083).
constexpr size_t kRobotsMaxLineBytes = 16664;

/// Parses a robots.txt body (any bytes; a UTF-8 BOM and CR, LF or CRLF line ends are handled).
/// Departures from the letter of RFC 9309, each toward what the author evidently meant:
/// - keys are matched case-insensitively and common misspellings count ("useragent",
///   "disalow", "dissallow", "crawldelay", "site-map"); a line with no ':' but "key value" is
///   read as "key: value";
/// - a rule path not starting with '/' or '*' gets a leading '/' ("Disallow: admin");
/// - rules before any User-agent line are ignored (they belong to no group);
/// - patterns and paths are both percent-normalised before matching: non-ASCII and control bytes
///   are %-encoded, %xx of unreserved characters decoded and other escapes upper-cased, so
///   "/新闻/", "/%E6%96%B0%E9%97%BB/" and "/%e6%96%b0%e9%97%bb/" are the same rule.
/// The body is taken as UTF-8 (RFC 9309 §2.3): a GBK-encoded file's non-ASCII paths become GBK
/// escapes and will not match UTF-8 URLs; its ASCII rules, the vast majority, work as written.
RobotsRules parse_robots(std::string_view body);

/// The rules implied by fetching /robots.txt with this final HTTP status (after redirects):
/// 2xx → parse `body`; 3xx (redirects exhausted) and 4xx (including 401 and 403: RFC 9309 makes
/// no exception for them, and Google treats them as "no robots.txt" too) → allow all; 429, 5xx,
/// status 0 (network error, timeout, DNS failure) and anything else → disallow all, because the
/// site may be overloaded or its rules unknown. The caller decides how long to keep that verdict.
RobotsRules robots_from_status(int status, std::string_view body);

/// Whether `user_agent_token` may fetch `path_and_query` ("/a/b?c", must start with '/'; empty
/// means "/"). The group is chosen by exact case-insensitive product-token match (the token is
/// the leading [A-Za-z_-] run, so "govaudit/1.0" is "govaudit"); all groups naming it are
/// merged; otherwise the "*" groups; otherwise everything is allowed. Among matching rules the
/// longest pattern wins and Allow wins a tie; "/robots.txt" itself is always allowed.
bool robots_allowed(const RobotsRules& rules, std::string_view user_agent_token,
                    std::string_view path_and_query);

/// Crawl-delay in seconds for the group robots_allowed would choose, or -1 if none is given.
double robots_crawl_delay(const RobotsRules& rules, std::string_view user_agent_token);

}  // namespace govaudit
