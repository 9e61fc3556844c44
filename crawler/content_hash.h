// The content hash the crawl and the probes store for a body: hex SHA-1, so "changed since last
// time" is a string comparison across runs and tools.
#pragma once

#include <string>
#include <string_view>

namespace govaudit {

/// Lower-case hex SHA-1 of `data` (40 characters).
std::string sha1_hex(std::string_view data);

}  // namespace govaudit
