// libFuzzer target: robots.txt parsing and matching (crawler/robots.h). Input: the robots.txt body;
// its first line is also matched as a path.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "crawler/robots.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  govaudit::RobotsRules rules = govaudit::parse_robots(body);
  std::string_view path = body.substr(0, std::min<size_t>(body.find('\n'), 512));
  govaudit::robots_allowed(rules, "govaudit", path);
  govaudit::robots_allowed(rules, "govaudit", "/");
  govaudit::robots_crawl_delay(rules, "govaudit");
  govaudit::robots_from_status(static_cast<int>(size % 600), body);
  return 0;
}
