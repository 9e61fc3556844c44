// The farm's light mode (`farm --light`, FarmServerOptions::light): an HTML page reduced to its head
// and its links, so a latency benchmark can serve thousands of pages a second on a small machine
// while the crawl still walks the same link graph (pages reached only through scripts drop out).
#pragma once

#include <string>

namespace govaudit::farm {

/// `html` up to and including `</head>` (or nothing when there is none), then one `<a>` per
/// href="…" / href='…' found anywhere in it (script text included), in order, in a bare body.
/// Bytes are copied as they are, so a GBK page stays GBK. Linear in the size of `html`.
std::string light_page(const std::string& html);

}  // namespace govaudit::farm
