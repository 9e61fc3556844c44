// Reads a sitemap (sitemaps.org protocol 0.9): a <urlset> of page URLs with their <lastmod>, or a
// <sitemapindex> of child sitemaps, or the protocol's plain-text form (one URL per line). Tolerant
// as crawlers must be: any namespace prefix, CDATA, entities, stray whitespace. The caller has
// already decompressed .gz files. The protocol's 50,000-URL limit per file bounds the result.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace govaudit {

/// Entries read from one sitemap file at most (the protocol's own limit).
constexpr std::size_t kMaxSitemapEntries = 50000;

/// One <url> or <sitemap> entry.
struct SitemapEntry {
  std::string loc;           ///< as written, entities decoded, trimmed
  std::string lastmod;       ///< as written ("" if absent)
  std::string lastmod_date;  ///< YYYY-MM-DD when `lastmod` is a W3C datetime with a full date (the
                             ///< date as written, in the site's own time zone), else ""
};

/// What a sitemap file holds.
enum class SitemapKind { unknown, urlset, sitemapindex, text };

struct SitemapRead {
  SitemapKind kind = SitemapKind::unknown;
  std::vector<SitemapEntry> entries;  ///< pages (urlset, text) or child sitemaps (sitemapindex)
  bool truncated = false;             ///< more than kMaxSitemapEntries entries: the rest ignored
  int skipped = 0;                    ///< entries without a usable <loc>
};

/// Reads `xml` (UTF-8 text). Never fails: a body that is no sitemap gives kind unknown and no entries.
SitemapRead read_sitemap(std::string_view xml);

/// The date part of a W3C datetime (YYYY-MM-DD, optionally followed by Thh:mm[:ss[.s]]TZD), or ""
/// for anything else, including year- or month-only precision and impossible dates.
std::string w3c_date(std::string_view text);

}  // namespace govaudit
