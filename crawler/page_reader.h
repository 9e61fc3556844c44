// Reads one HTML page (already UTF-8, see crawler/charset.h) into plain values: title, metas,
// links from every place a real Chinese portal puts them (markup, datastore scripts, createPageHTML
// pagination, jpage units, meta refresh), visible text blocks tagged with the page region they sit
// in, dated list items, forms, image and viewport facts. Parsing is Gumbo's HTML5 tree builder;
// every count and depth fed by the page is bounded so a hostile page costs bounded work.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/list_scripts.h"

namespace govaudit {

/// Where a link was found.
enum class LinkSource {
  a, area, frame, iframe, link_alternate, form_action, script_datastore, script_pagination, jpage,
  meta_refresh,
  select_option  ///< <option value="http…"> of a link drop-down (友情链接 menus open it by script)
};
const char* link_source_name(LinkSource source);

/// Page region a text block sits in, guessed from tags, ids and classes. Rule: footer = <footer> or
/// an id/class token containing foot, bottom, copyright or banquan (版权) or starting with bq;
/// breadcrumb = token containing crumb, position, location, weizhi or dqwz (当前位置); nav = <nav> or
/// token containing nav or menu; header = <header> or token containing header/banner or starting with
/// the word head/top; heading = h1–h6; list_item = li, tr, dd. Inside a footer everything is footer;
/// otherwise the innermost of footer/breadcrumb/nav/header wins over heading/list_item, which win
/// over body. Dates found in `footer` blocks are copyright years, not freshness.
enum class TextRegion { body, header, nav, footer, breadcrumb, list_item, heading };
const char* text_region_name(TextRegion region);

/// One outgoing link, resolved to an absolute URL against the document's base.
struct PageLink {
  std::string url;
  std::string text;  ///< anchor text (img alt included), whitespace-collapsed, at most 512 bytes
  LinkSource source = LinkSource::a;
  std::string rel;   ///< the rel attribute, lower-cased
  bool nofollow = false;
  TextRegion region = TextRegion::body;  ///< where an <a> sits (nav/header links are the site's menu)
};

/// A mailto: or tel: link: contact details the audit reports on.
struct PageContact {
  std::string scheme;  ///< "mailto" or "tel"
  std::string value;   ///< what follows the scheme, query dropped
  std::string text;
};


/// Visible text of one block-level element (script/style excluded), whitespace-collapsed.
struct PageTextBlock {
  std::string text;
  TextRegion region = TextRegion::body;
};

/// A list entry: an <li> or table row holding a link and, usually, its date.
struct ListItem {
  std::string url;
  std::string title;          ///< the link's title attribute, else its text
  std::string raw_date_text;  ///< the date-like text of the entry outside the link, "" if none
  bool from_datastore = false;
};

/// The whole visible text of an <li>, <tr> or <dd> entry, link text included, cells separated by a
/// space, with the link of its longest anchor ("" when it has none): message boards and tables list
/// entries that carry no link or several dates (asked, replied), which ListItem does not keep.
struct ListRow {
  std::string text;  ///< at most kMaxRowText bytes
  std::string url;
};
inline constexpr std::size_t kMaxRowText = 1024;
inline constexpr std::size_t kMaxRows = 5000;

/// A <form>: recorded, never submitted.
struct PageForm {
  std::string action;  ///< absolute; the document URL when the action is empty
  std::string method;  ///< "get" or "post"
  bool is_search = false;  ///< has a text input named like q/keyword/searchword
};

/// Bounds on the work one page may cause. Defaults suit pages up to the crawler's 10 MB limit.
struct PageReadLimits {
  std::size_t max_links = 20000;
  std::size_t max_nodes = 500000;         ///< DOM nodes visited
  int max_nesting = 1000;                 ///< open-element depth fed to Gumbo (its cost grows with it)
  std::size_t max_text_bytes = 2 << 20;   ///< total text kept in blocks
  int max_script_pages = kMaxScriptPages; ///< jpage pages listed from one unit
};

/// Everything read from one page.
struct PageRead {
  std::string title;
  std::string lang;                          ///< <html lang>, lower-cased
  std::map<std::string, std::string> metas;  ///< name/http-equiv/property (lower-case) → content
  std::string base_url;                      ///< the document's base (after <base href>)
  std::vector<PageLink> links;
  std::vector<PageContact> contacts;
  std::vector<PageTextBlock> blocks;
  std::vector<ListItem> list_items;
  std::vector<ListRow> rows;                 ///< every entry with text, at most kMaxRows
  std::vector<PageForm> forms;
  std::optional<JpageUnit> jpage;            ///< the page's jpage unit, to keep paging with
  int images = 0;
  int images_without_alt = 0;                ///< <img> with no alt attribute at all (alt="" is decorative)
  bool has_viewport = false;
  bool links_truncated = false;              ///< max_links reached
  bool truncated = false;                    ///< nesting, node or text limit reached: page read in part
};

/// Reads `utf8_html`, fetched from `base_url` (absolute http(s)). Never fails: broken markup is read
/// as browsers read it, and what exceeds `limits` is dropped with the truncation flags set.
PageRead read_page(std::string_view utf8_html, const std::string& base_url, const PageReadLimits& limits = {});

/// Resolves `ref` against the absolute `base` with the WHATWG parser (crawler/url.h) and serialises
/// it; "" when either does not parse (a link the crawl cannot follow).
std::string resolve_reference(const std::string& base, std::string_view ref);

/// True when a response with this content type (or, when the type is absent or text/plain, this
/// body) is HTML or XML that the crawler parses for links and the audit reads for facts.
bool is_readable_page(const std::string& content_type, std::string_view body);

}  // namespace govaudit
