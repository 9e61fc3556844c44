#include "crawler/list_scripts.h"

#include <re2/re2.h>

#include "crawler/ascii_text.h"
#include "crawler/xml_text.h"

#include <algorithm>
#include <string>

namespace govaudit {
namespace {

using re2::RE2;
using re2::StringPiece;

// A number as written in a page, -1 when it is not a plain non-negative decimal that fits.
int parse_count(std::string_view s) {
  s = trim_ascii_space(s);
  if (s.empty() || s.size() > 9) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// The content of a <record>: the text of its CDATA sections, or its escaped markup unescaped.
std::string unwrap_record(std::string_view raw) {
  static const RE2 kCdata("(?s)<!\\[CDATA\\[(.*?)\\]\\]>");
  if (raw.find("<![CDATA[") == std::string_view::npos) return std::string(trim_ascii_space(decode_xml_entities(trim_ascii_space(raw))));
  std::string out;
  StringPiece in(raw.data(), raw.size());
  StringPiece part;
  while (RE2::FindAndConsume(&in, kCdata, &part)) out.append(part.data(), part.size());
  return std::string(trim_ascii_space(out));
}

// Record (and, with `with_nextgroup`, <nextgroup>) fragments of one datastore text.
void records_in(std::string_view datastore, bool with_nextgroup, std::vector<std::string>* out) {
  static const RE2 kRecord("(?is)<(record|nextgroup)(?:\\s[^>]*)?>(.*?)</(?:record|nextgroup)\\s*>");
  StringPiece in(datastore.data(), datastore.size());
  StringPiece tag, body;
  while (out->size() < kMaxDatastoreRecords && RE2::FindAndConsume(&in, kRecord, &tag, &body)) {
    if (!with_nextgroup && ascii_lower(std::string_view(tag.data(), tag.size())) == "nextgroup") continue;
    std::string r = unwrap_record(std::string_view(body.data(), body.size()));
    if (!r.empty()) out->push_back(std::move(r));
  }
}

std::vector<std::string> datastore_fragments(std::string_view html, bool with_nextgroup) {
  static const RE2 kXmlScript(
      "(?is)<script\\b[^>]*\\btype\\s*=\\s*[\"']?text/xml[\"']?[^>]*>(.*?)</script\\s*>");
  std::vector<std::string> out;
  StringPiece in(html.data(), html.size());
  StringPiece body;
  bool any_script = false;
  while (out.size() < kMaxDatastoreRecords && RE2::FindAndConsume(&in, kXmlScript, &body)) {
    any_script = true;
    records_in(std::string_view(body.data(), body.size()), with_nextgroup, &out);
  }
  if (!any_script) {
    static const RE2 kDatastore("(?i)<datastore\\b");
    if (RE2::PartialMatch(StringPiece(html.data(), html.size()), kDatastore))
      records_in(html, with_nextgroup, &out);
  }
  return out;
}

// "scheme://authority" of an absolute URL, "" if it has none.
std::string origin_of(const std::string& url) {
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return "";
  std::size_t end = url.find_first_of("/?#", scheme_end + 3);
  return url.substr(0, end == std::string::npos ? url.size() : end);
}

// The directory of an absolute URL, ending in '/': query and fragment dropped, last segment cut.
std::string directory_of(const std::string& url) {
  std::string origin = origin_of(url);
  if (origin.empty()) return "";
  std::string rest = url.substr(origin.size());
  rest = rest.substr(0, rest.find_first_of("?#"));
  std::size_t slash = rest.rfind('/');
  if (slash == std::string::npos) return origin + "/";
  return origin + rest.substr(0, slash + 1);
}

std::string strip_quotes(std::string_view s) {
  s = trim_ascii_space(s);
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    s = s.substr(1, s.size() - 2);
  return std::string(trim_ascii_space(s));
}

bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
  });
}

// The last `name = 12` (or "12") assignment in `before`, -1 if none.
int variable_value(std::string_view before, const std::string& name) {
  RE2 assign("(?:^|[^A-Za-z0-9_$.])" + RE2::QuoteMeta(name) + "\\s*=\\s*[\"']?(\\d{1,9})");
  if (!assign.ok()) return -1;
  StringPiece in(before.data(), before.size());
  std::string value;
  int last = -1;
  while (RE2::FindAndConsume(&in, assign, &value)) last = parse_count(value);
  return last;
}

std::vector<std::string> split_arguments(std::string_view args) {
  std::vector<std::string> out;
  std::size_t start = 0;
  char quote = 0;
  for (std::size_t i = 0; i <= args.size(); ++i) {
    char c = i < args.size() ? args[i] : ',';
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    else if (c == ',') {
      out.push_back(strip_quotes(args.substr(start, i - start)));
      start = i + 1;
    }
  }
  return out;
}

// Percent-encodes a query value, keeping unreserved characters and '/' (Hanweb writes path=/).
std::string query_value(std::string_view v) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : v) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// Percent-decoding for the literal dataproxy.jsp URL's parameters.
std::string percent_decode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Assigns one jpage parameter (key lower-cased) unless already set: the first statement wins, and
// the literal dataproxy.jsp URL is read first.
void set_jpage_param(JpageUnit* u, const std::string& key, const std::string& value, bool* seen_path) {
  if (value.empty()) return;
  if (key == "columnid") {
    if (u->columnid.empty()) u->columnid = value;
  } else if (key == "unitid") {
    if (u->unitid.empty()) u->unitid = value;
  } else if (key == "webid") {
    if (u->webid.empty()) u->webid = value;
  } else if (key == "path") {
    if (!*seen_path) u->path = value;
    *seen_path = true;
  } else if (key == "perpage") {
    if (u->perpage <= 0) u->perpage = std::max(0, parse_count(value));
  } else if (key == "totalrecord") {
    if (u->totalrecord < 0) u->totalrecord = parse_count(value);
  } else if (key == "totalpage") {
    if (u->totalpage < 0) u->totalpage = parse_count(value);
  } else if (key == "appid" || key == "col" || key == "permissiontype" || key == "sourcecontenttype") {
    bool have = std::any_of(u->extra.begin(), u->extra.end(), [&](const auto& kv) { return kv.first == key; });
    if (!have) u->extra.emplace_back(key, value);
  }
}

}  // namespace

std::vector<std::string> datastore_records(std::string_view html) { return datastore_fragments(html, true); }

std::vector<std::string> js_pagination_urls(std::string_view html, const std::string& page_url) {
  static const RE2 kCall("(?s)createPageHTML\\s*\\(([^()]{0,400})\\)");
  std::vector<std::string> out;
  std::string dir = directory_of(page_url);
  if (dir.empty()) return out;
  StringPiece in(html.data(), html.size());
  StringPiece args;
  std::vector<std::string> seen_prefixes;
  while (RE2::FindAndConsume(&in, kCall, &args)) {
    std::string_view raw = trim_ascii_space(std::string_view(args.data(), args.size()));
    std::vector<std::string> a = split_arguments(raw);
    // Newer TRS templates pass the pager's element id first: createPageHTML('page_div', 12, 0, ...).
    bool first_quoted = !raw.empty() && (raw[0] == '"' || raw[0] == '\'');
    if (a.size() >= 5 && first_quoted && parse_count(a[0]) < 0) a.erase(a.begin());
    if (a.size() < 2) continue;
    int count = parse_count(a[0]);
    if (count < 0 && is_identifier(a[0])) {
      std::size_t call_pos = static_cast<std::size_t>(args.data() - html.data());
      count = variable_value(html.substr(0, call_pos), a[0]);
    }
    if (count <= 1) continue;
    count = std::min(count, kMaxScriptPages);
    std::string prefix = a.size() > 2 && !a[2].empty() ? a[2] : "index";
    std::string ext = a.size() > 3 && !a[3].empty() ? a[3] : "html";
    if (prefix.find_first_of("/?#\\") != std::string::npos || ext.find_first_of("/?#\\") != std::string::npos)
      continue;
    std::string key = prefix + "." + ext;
    if (std::find(seen_prefixes.begin(), seen_prefixes.end(), key) != seen_prefixes.end()) continue;
    seen_prefixes.push_back(key);
    for (int i = 1; i < count; ++i) out.push_back(dir + prefix + "_" + std::to_string(i) + "." + ext);
  }
  return out;
}

std::optional<JpageUnit> jpage_unit(std::string_view html) {
  static const RE2 kProxyUrl("(?i)dataproxy\\.jsp\\?([^\"'<>\\s]{1,1000})");
  static const RE2 kScript("(?is)<script\\b[^>]*>(.*?)</script\\s*>");
  static const RE2 kPair(
      "(?i)(?:^|[^A-Za-z0-9_])(columnid|unitid|webid|path|perpage|totalrecord|totalpage|appid|col|"
      "permissiontype|sourcecontenttype)[\"']?\\s*[:=]\\s*[\"']?([^\"'&,;}\\s)<\\x00]{1,200})");
  JpageUnit u;
  bool seen_path = false;
  StringPiece whole(html.data(), html.size());
  StringPiece query;
  if (RE2::PartialMatch(whole, kProxyUrl, &query)) {
    std::string q(query.data(), query.size());
    std::size_t start = 0;
    while (start <= q.size()) {
      std::size_t amp = q.find('&', start);
      if (amp == std::string::npos) amp = q.size();
      std::string kv = q.substr(start, amp - start);
      if (kv.rfind("amp;", 0) == 0) kv.erase(0, 4);  // &amp; as written inside HTML attributes
      std::size_t eq = kv.find('=');
      if (eq != std::string::npos) set_jpage_param(&u, ascii_lower(kv.substr(0, eq)), percent_decode(kv.substr(eq + 1)), &seen_path);
      start = amp + 1;
    }
  }
  StringPiece in = whole;
  StringPiece body;
  while (RE2::FindAndConsume(&in, kScript, &body)) {
    std::string_view b(body.data(), body.size());
    if (ascii_lower(b).find("columnid") == std::string::npos) continue;
    StringPiece pairs(body);
    std::string key, value;
    while (RE2::FindAndConsume(&pairs, kPair, &key, &value)) set_jpage_param(&u, ascii_lower(key), value, &seen_path);
  }
  if (u.columnid.empty() || u.unitid.empty()) return std::nullopt;
  if (u.totalpage < 0 && u.totalrecord >= 0 && u.perpage > 0)
    u.totalpage = (u.totalrecord + u.perpage - 1) / u.perpage;
  return u;
}

std::vector<std::string> jpage_page_urls(const JpageUnit& unit, const std::string& page_url, int max_pages) {
  std::vector<std::string> out;
  std::string origin = origin_of(page_url);
  if (origin.empty() || unit.columnid.empty() || unit.unitid.empty()) return out;
  int last = unit.totalpage >= 0 ? unit.totalpage : 2;
  last = std::min({last, max_pages, kMaxScriptPages});
  for (int page = 2; page <= last; ++page) {
    std::string url = origin + "/module/web/jpage/dataproxy.jsp?columnid=" + query_value(unit.columnid) +
                      "&unitid=" + query_value(unit.unitid);
    if (!unit.webid.empty()) url += "&webid=" + query_value(unit.webid);
    url += "&path=" + query_value(unit.path) + "&page=" + std::to_string(page);
    if (unit.perpage > 0) url += "&perpage=" + std::to_string(unit.perpage);
    for (const auto& [k, v] : unit.extra) url += "&" + k + "=" + query_value(v);
    out.push_back(std::move(url));
  }
  return out;
}

JpageXml parse_jpage_xml(std::string_view body) {
  static const RE2 kTotalRecord("(?i)<totalrecord>\\s*(?:<!\\[CDATA\\[)?\\s*(\\d{1,9})");
  static const RE2 kTotalPage("(?i)<totalpage>\\s*(?:<!\\[CDATA\\[)?\\s*(\\d{1,9})");
  JpageXml x;
  StringPiece in(body.data(), body.size());
  std::string n;
  if (RE2::PartialMatch(in, kTotalRecord, &n)) x.totalrecord = parse_count(n);
  if (RE2::PartialMatch(in, kTotalPage, &n)) x.totalpage = parse_count(n);
  x.records = datastore_fragments(body, false);
  return x;
}

}  // namespace govaudit
