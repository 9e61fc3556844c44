// The parts of Chinese portal list pages that live in scripts, not in <a href>: Hanweb JCMS
// "datastore" records (<script type="text/xml"> with CDATA <li>s), Hanweb "jpage" units paged
// through /module/web/jpage/dataproxy.jsp, and TRS WCM createPageHTML(...) pagination
// (spec/research/portal-mechanics.md). Pure functions on UTF-8 text; every pattern is RE2
// (linear time), every count is capped, so a hostile page costs time linear in its size.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace govaudit {

/// Largest page count a createPageHTML call or a jpage unit may expand to; beyond it the count is
/// capped (a real column with 1,000 pages of 20 items holds 20,000 articles; a bigger number is a
/// typo or a trap, and --max-pages bounds the crawl anyway).
constexpr int kMaxScriptPages = 1000;

/// Largest number of datastore records read from one page or dataproxy answer.
constexpr std::size_t kMaxDatastoreRecords = 10000;

/// The HTML fragments held in every <record> and <nextgroup> of the datastore blocks of `html`
/// (the contents of <script type="text/xml"> elements, or the whole text when it is itself a
/// <datastore> document, as dataproxy.jsp answers), in document order, CDATA unwrapped (or, without
/// CDATA, entity-escaped markup unescaped), trimmed; empty fragments dropped. At most
/// kMaxDatastoreRecords.
std::vector<std::string> datastore_records(std::string_view html);

/// The list pages announced by TRS createPageHTML(count, current, "index", "html") calls in `html`
/// (also the six-argument form with a leading element id, single quotes, and a count held in a
/// variable assigned earlier: `var countPage = 12;`): absolute URLs index_1.html … index_{count-1}.html
/// in the directory of `page_url` (an absolute http(s) URL). Counts above kMaxScriptPages are capped.
std::vector<std::string> js_pagination_urls(std::string_view html, const std::string& page_url);

/// A Hanweb jpage list unit: the parameters its script sends to dataproxy.jsp.
struct JpageUnit {
  std::string columnid;
  std::string unitid;
  std::string webid;          ///< "" when the page does not state it
  std::string path = "/";
  int perpage = 0;            ///< records per page; 0 when not stated
  int totalrecord = -1;       ///< -1 when not stated
  int totalpage = -1;         ///< -1 when not stated (computed from totalrecord/perpage when both are)
  /// Other parameters the page passes and dataproxy.jsp expects (appid, col, permissiontype,
  /// sourcecontenttype), in the order found.
  std::vector<std::pair<std::string, std::string>> extra;
};

/// The jpage unit whose parameters are written in `html`: a literal `dataproxy.jsp?…` URL in the
/// source, then `key: value` / `key = value` pairs (object literals, var assignments, JSON) inside
/// scripts that mention columnid. Present only when both columnid and unitid are found.
std::optional<JpageUnit> jpage_unit(std::string_view html);

/// Absolute dataproxy.jsp URLs for pages 2..N of `unit` on the origin of `page_url` (page 1 is in
/// the HTML): N = totalpage, capped by `max_pages` and kMaxScriptPages. When the page count is
/// unknown only page 2 is returned: its XML answer states totalpage (see parse_jpage_xml).
std::vector<std::string> jpage_page_urls(const JpageUnit& unit, const std::string& page_url, int max_pages);

/// A dataproxy.jsp answer: <datastore><totalrecord>…<totalpage>…<recordset><record>….
struct JpageXml {
  int totalrecord = -1;              ///< -1 when absent or not a number
  int totalpage = -1;                ///< -1 when absent or not a number
  std::vector<std::string> records;  ///< the <record> fragments (not <nextgroup>)
};

/// Reads a dataproxy.jsp answer (already decoded to UTF-8). Never fails: a body that is not such
/// XML gives no records and -1 counts.
JpageXml parse_jpage_xml(std::string_view body);

}  // namespace govaudit
