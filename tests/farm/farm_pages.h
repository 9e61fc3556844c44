// Rendering the farm's answers: given a world and a request (host, path, query), the status, content
// type and exact bytes (GBK-encoded for GBK sites) the farm serves. Pure and thread-safe; the server
// adds failures, latency and statistics around it.
#pragma once

#include <map>
#include <string>

#include "tests/farm/farm_model.h"

namespace govaudit::farm {

struct FarmResponse {
  int status = 404;
  std::string content_type;
  std::string body;
  std::string location;  ///< redirect target when status is 3xx
};

/// The answer for http://host/path?query; `host` lower-case without port; `query` the parsed
/// parameters; `port` the farm's own port (only fault pages link to it). Unknown hosts answer 404.
/// Fault hosts answer as tests/farm/farm_faults.h says (their streamed faults are the server's).
FarmResponse render_farm(const FarmWorld& world, const std::string& host, const std::string& path,
                         const std::multimap<std::string, std::string>& query, int port = 0);

/// render_farm for an absolute http://host/path?query URL (query split on & and =, not decoded).
FarmResponse render_farm_url(const FarmWorld& world, const std::string& url, int port = 0);

/// UTF-8 -> GBK with iconv; false (and `err`) when a character has no GBK form.
bool utf8_to_gbk(const std::string& in, std::string* out, std::string* err);

}  // namespace govaudit::farm
