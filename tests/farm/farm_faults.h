// The fault hosts of `govaudit farm --faults`: broken or hostile answers a crawler must survive and
// record with the right error class. A fault site (faults.test, a registry row) links to every fault
// and lists the fault hosts as extra hosts, so a plain `crawl` reaches them all. Plain answers are
// rendered here; what needs the connection (resets, stalls, streamed bodies) is done by farm_server.cc.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tests/farm/farm_model.h"
#include "tests/farm/farm_pages.h"

namespace govaudit::farm {

/// The fault site's host; its home page links to every fault URL.
inline constexpr const char* kFaultSiteHost = "faults.test";
/// A second loopback address the farm also listens on (same port), standing for a private-range
/// target that a crawl must refuse unless --allow-private: no pin ever names it.
inline constexpr const char* kPrivateAliasAddress = "127.0.0.2";
/// The size of the huge_page fault's body.
inline constexpr std::int64_t kHugePageBytes = 50LL * 1024 * 1024;

/// Every fault, one per host except private.faults.test (a redirect and a link). For private_link
/// the error class is the one recorded for the linked http://127.0.0.2:PORT/ URL.
std::vector<FarmFault> fault_catalogue();

/// Stable lower-case name ("redirect_loop"), used in the truth's `faults`.
const char* fault_kind_name(FaultKind kind);

/// The distinct fault hosts, in catalogue order (the fault site's extra hosts).
std::vector<std::string> fault_hosts(const std::vector<FarmFault>& faults);

/// True when `host` is answered by render_fault_host: the fault site, a fault host, or the alias.
bool is_fault_host(const FarmWorld& world, const std::string& host);

/// The plain answer of the fault site, a fault host or the private alias for path?query. `port` is
/// the farm's own port, for links to http://127.0.0.2:port/. Connection-level faults answer here
/// only for their other paths (robots.txt, 404s); stream_fault says when the server takes over.
FarmResponse render_fault_host(const FarmWorld& world, const std::string& host, const std::string& path,
                               const std::multimap<std::string, std::string>& query, int port);

/// What the server must do itself for host/path (none: answer render_farm's response).
enum class StreamFault { none, reset, stall, gzip_bomb, huge_page };
StreamFault stream_fault(const FarmWorld& world, const std::string& host, const std::string& path);

/// The gzip bomb's bytes (a gzip stream of 300 MB of spaces in HTML), computed once.
const std::string& gzip_bomb_body();

/// Bytes [offset, offset + n) of the huge page (an HTML document of kHugePageBytes bytes), clipped
/// to its end; any chunking gives the same document.
std::string huge_page_chunk(std::int64_t offset, std::int64_t n);

}  // namespace govaudit::farm
