// RFC 9309 robots.txt: line parser, group builder and longest-match matcher.
#include "crawler/robots.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace govaudit {
namespace {

constexpr size_t kMaxSitemaps = 1000;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }
bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Percent-normalises a path or pattern. In a path, literal '*' and '$' become %2A/%24 so that a
// pattern's escaped "%2A" matches them while its bare '*' and final '$' stay operators.
std::string normalise(std::string_view s, bool is_pattern) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  auto escape = [](std::string* out, unsigned char c) {
    *out += {'%', kHex[c >> 4], kHex[c & 15]};
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      auto byte = static_cast<unsigned char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      if (is_unreserved(byte)) out.push_back(static_cast<char>(byte));
      else escape(&out, byte);
      i += 2;
    } else if (c <= 0x20 || c >= 0x7F) {
      escape(&out, c);
    } else if (!is_pattern && (c == '*' || c == '$')) {
      escape(&out, c);
    } else if (is_pattern && c == '$' && i + 1 != s.size()) {
      escape(&out, c);  // only a final '$' anchors; elsewhere it is a literal dollar sign
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// Does `pattern` ('*' = any run, final '$' = end of path) match a prefix of `path`? With '*' as
// the only wildcard, taking the leftmost occurrence of each literal chunk between stars is
// optimal, so matching is a few find() calls: no backtracking for hostile "a*a*a*..." rules.
bool pattern_matches(std::string_view path, std::string_view pattern) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  size_t star = pattern.find('*');
  std::string_view first = pattern.substr(0, star);
  if (path.substr(0, first.size()) != first) return false;
  if (star == std::string_view::npos) return !anchored || path.size() == first.size();
  size_t pos = first.size();
  pattern.remove_prefix(star + 1);
  for (star = pattern.find('*'); star != std::string_view::npos; star = pattern.find('*')) {
    size_t found = path.find(pattern.substr(0, star), pos);
    if (found == std::string_view::npos) return false;
    pos = found + star;
    pattern.remove_prefix(star + 1);
  }
  // `pattern` is now the chunk after the last star.
  if (!anchored) return path.find(pattern, pos) != std::string_view::npos;
  return path.size() >= pos + pattern.size() && path.ends_with(pattern);
}

// The product token: the leading run of [A-Za-z_-], lower-cased ("Baiduspider/2.0" →
// "baiduspider"); "*" for the global agent.
std::string product_token(std::string_view value) {
  value = trim(value);
  if (!value.empty() && value.front() == '*') return "*";
  size_t n = 0;
  while (n < value.size() && ((value[n] >= 'a' && value[n] <= 'z') ||
                              (value[n] >= 'A' && value[n] <= 'Z') || value[n] == '_' ||
                              value[n] == '-'))
    ++n;
  return lowered(value.substr(0, n));
}

enum class Key { kUserAgent, kAllow, kDisallow, kCrawlDelay, kSitemap, kUnknown };

Key key_of(std::string_view raw) {
  const std::string k = lowered(trim(raw));
  if (k == "user-agent" || k == "useragent" || k == "user agent" || k == "user_agent")
    return Key::kUserAgent;
  if (k == "allow") return Key::kAllow;
  if (k == "disallow" || k == "dissallow" || k == "dissalow" || k == "disalow" ||
      k == "diasllow" || k == "disallaw")
    return Key::kDisallow;
  if (k == "crawl-delay" || k == "crawldelay" || k == "crawl_delay") return Key::kCrawlDelay;
  if (k == "sitemap" || k == "site-map") return Key::kSitemap;
  return Key::kUnknown;
}

// Splits "key: value" (or "key value" when there is no colon and exactly two words).
bool split_line(std::string_view line, std::string_view* key, std::string_view* value) {
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    *key = trim(line.substr(0, colon));
    *value = trim(line.substr(colon + 1));
    return !key->empty();
  }
  line = trim(line);
  size_t sp = line.find_first_of(" \t");
  if (sp == std::string_view::npos) return false;
  *key = line.substr(0, sp);
  *value = trim(line.substr(sp));
  if (value->find_first_of(" \t") != std::string_view::npos) return false;
  // "user agent foo" is ambiguous without a colon; only single-word keys are accepted here.
  return !value->empty();
}

bool parse_delay(std::string_view v, double* out) {
  v = trim(v);
  double d = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || end == v.data() || !std::isfinite(d) || d < 0) return false;
  *out = d;
  return true;
}

// Groups that apply to this agent: those naming its product token, else those naming "*".
std::vector<const RobotsGroup*> select_groups(const RobotsRules& rules, std::string_view agent) {
  const std::string token = product_token(agent);
  std::vector<const RobotsGroup*> specific, global;
  for (const auto& g : rules.groups) {
    for (const auto& ua : g.user_agents) {
      if (!token.empty() && token != "*" && ua == token) specific.push_back(&g);
      else if (ua == "*") global.push_back(&g);
      else continue;
      break;
    }
  }
  return specific.empty() ? global : specific;
}

}  // namespace

RobotsRules parse_robots(std::string_view body) {
  RobotsRules rules;
  if (body.size() > kRobotsMaxBytes) {
    body = body.substr(0, kRobotsMaxBytes);
    rules.truncated = true;
  }
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);

  bool last_was_agent = false;  // consecutive User-agent lines share one group
  RobotsGroup* current = nullptr;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find_first_of("\r\n", pos);
    bool cut_off = end == std::string_view::npos;
    if (cut_off) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    pos = end;
    if (pos < body.size() && body[pos] == '\r' && pos + 1 < body.size() && body[pos + 1] == '\n')
      pos += 2;
    else if (pos < body.size())
      pos += 1;
    if (cut_off && rules.truncated) break;  // a line cut by the size limit is not trusted
    if (line.size() > kRobotsMaxLineBytes) line = line.substr(0, kRobotsMaxLineBytes);
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    if (trim(line).empty()) continue;

    std::string_view key, value;
    if (!split_line(line, &key, &value)) {
      ++rules.ignored_lines;
      continue;
    }
    switch (key_of(key)) {
      case Key::kUserAgent: {
        std::string token = product_token(value);
        if (!last_was_agent || current == nullptr) {
          rules.groups.emplace_back();
          current = &rules.groups.back();
        }
        last_was_agent = true;
        if (token.empty()) ++rules.ignored_lines;  // "User-agent: /bot" names nothing usable
        else current->user_agents.push_back(token);
        continue;
      }
      case Key::kAllow:
      case Key::kDisallow: {
        last_was_agent = false;
        if (current == nullptr || value.empty()) continue;  // empty Disallow allows everything
        std::string pattern(value);
        if (pattern.front() != '/' && pattern.front() != '*') pattern.insert(0, "/");
        current->rules.push_back({key_of(key) == Key::kAllow, normalise(pattern, true)});
        continue;
      }
      case Key::kCrawlDelay: {
        last_was_agent = false;
        double d;
        if (current != nullptr && parse_delay(value, &d)) current->crawl_delay = d;
        else ++rules.ignored_lines;
        continue;
      }
      case Key::kSitemap:
        // Sitemap lines are global and do not end a run of User-agent lines.
        if (!value.empty() && rules.sitemaps.size() < kMaxSitemaps)
          rules.sitemaps.emplace_back(value);
        continue;
      case Key::kUnknown:
        ++rules.ignored_lines;
        continue;
    }
  }
  // Groups whose every User-agent line was unusable can never be selected.
  std::erase_if(rules.groups, [](const RobotsGroup& g) { return g.user_agents.empty(); });
  return rules;
}

RobotsRules robots_from_status(int status, std::string_view body) {
  RobotsRules rules;
  if (status >= 200 && status < 300) {
    rules = parse_robots(body);
    rules.note = "parsed robots.txt";
  } else if (status == 429) {
    rules.verdict = RobotsRules::Verdict::kDisallowAll;
    rules.note = "HTTP 429: treated as unreachable, disallow all";
  } else if (status >= 300 && status < 500) {
    rules.verdict = RobotsRules::Verdict::kAllowAll;
    rules.note = "HTTP " + std::to_string(status) + ": robots.txt unavailable, allow all";
  } else {
    rules.verdict = RobotsRules::Verdict::kDisallowAll;
    rules.note = status == 0 ? "robots.txt unreachable: disallow all"
                             : "HTTP " + std::to_string(status) +
                                   ": robots.txt unreachable, disallow all";
  }
  rules.http_status = status;
  return rules;
}

bool robots_allowed(const RobotsRules& rules, std::string_view user_agent_token,
                    std::string_view path_and_query) {
  if (rules.verdict == RobotsRules::Verdict::kAllowAll) return true;
  if (rules.verdict == RobotsRules::Verdict::kDisallowAll) return false;
  std::string path = normalise(path_and_query.empty() ? "/" : path_and_query, false);
  if (path == "/robots.txt") return true;
  int best_len = -1;
  bool best_allow = true;
  for (const RobotsGroup* g : select_groups(rules, user_agent_token)) {
    for (const auto& rule : g->rules) {
      int len = static_cast<int>(rule.pattern.size());
      if (len < best_len || (len == best_len && best_allow)) continue;
      if (!pattern_matches(path, rule.pattern)) continue;
      if (len > best_len) best_allow = rule.allow;
      else best_allow = best_allow || rule.allow;
      best_len = len;
    }
  }
  return best_allow;
}

double robots_crawl_delay(const RobotsRules& rules, std::string_view user_agent_token) {
  for (const RobotsGroup* g : select_groups(rules, user_agent_token))
    if (g->crawl_delay >= 0) return g->crawl_delay;
  return -1;
}

}  // namespace govaudit
