// What the crawl reads from one fetched body, in a parse worker: the charset and UTF-8 text, the
// title, every out-link (HTML links, datastore CDATA records, createPageHTML pagination, jpage
// dataproxy pages, sitemap <loc>s) resolved and canonical, and whether the page is a soft 404.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "crawler/crawl.h"
#include "crawler/fetcher.h"

namespace govaudit {

/// How a host answers a URL that cannot exist (the random-URL probe), for soft-404 comparison.
struct SoftNotFoundProbe {
  bool answered_200 = false;  ///< the probe got a 200: the host hides its 404s
  std::string title;          ///< title of that 200 page
  size_t text_length = 0;     ///< length of its visible text
};

struct PageAnalysis {
  bool is_html = false;
  std::string charset;
  std::string charset_source;
  std::string title;
  std::vector<FoundLink> links;
  std::vector<std::pair<std::string, std::string>> sitemap_lastmod;  ///< from a sitemap body
  bool soft_404 = false;
  std::string soft_404_reason;
  SoftNotFoundProbe as_probe;  ///< filled when the body is the host's probe answer
};

/// Reads `result` (body as received). `as_sitemap` reads it as a sitemap (urlset or index);
/// otherwise HTML/XML list endpoints are read for links. `probe` is the host's random-URL answer.
PageAnalysis analyze_fetch(const FetchResult& result, bool as_sitemap, const SoftNotFoundProbe& probe);

/// Not-found wording that real portals put in 200 pages (页面不存在, 您访问的页面不存在, ...).
bool looks_like_not_found_text(const std::string& title, const std::string& text, std::string* matched);

}  // namespace govaudit
