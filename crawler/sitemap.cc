#include "crawler/sitemap.h"

#include "crawler/ascii_text.h"
#include "crawler/xml_text.h"

namespace govaudit {
namespace {

// Text content from `*i` (just after a start tag's '>') up to the next tag, CDATA sections
// included; leaves `*i` at that tag.
std::string element_text(std::string_view s, std::size_t* i) {
  std::string raw;
  std::size_t p = *i;
  while (p < s.size()) {
    if (s.compare(p, 9, "<![CDATA[") == 0) {
      std::size_t end = s.find("]]>", p + 9);
      if (end == std::string_view::npos) end = s.size();
      // CDATA is literal: protect its '&' from entity decoding.
      for (char c : s.substr(p + 9, end - p - 9)) {
        if (c == '&') raw += "&amp;";
        else raw.push_back(c);
      }
      p = end == s.size() ? end : end + 3;
      continue;
    }
    if (s[p] == '<') break;
    raw.push_back(s[p++]);
  }
  *i = p;
  return std::string(trim_ascii_space(decode_xml_entities(raw)));
}

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int number(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

SitemapRead read_text_sitemap(std::string_view text) {
  SitemapRead r;
  r.kind = SitemapKind::text;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = trim_ascii_space(text.substr(start, nl - start));
    start = nl + 1;
    if (line.empty()) continue;
    std::string l = ascii_lower(line.substr(0, 8));
    if (l.rfind("http://", 0) != 0 && l.rfind("https://", 0) != 0) {
      ++r.skipped;
      continue;
    }
    if (r.entries.size() >= kMaxSitemapEntries) {
      r.truncated = true;
      break;
    }
    r.entries.push_back({std::string(line), "", ""});
  }
  return r;
}

}  // namespace

std::string w3c_date(std::string_view text) {
  std::string_view t = trim_ascii_space(text);
  if (t.size() < 10 || t[4] != '-' || t[7] != '-') return "";
  std::string_view y = t.substr(0, 4), m = t.substr(5, 2), d = t.substr(8, 2);
  if (!digits(y) || !digits(m) || !digits(d)) return "";
  // A time may follow: 'T' per W3C; a space is what many CMSs write.
  if (t.size() > 10 && t[10] != 'T' && t[10] != 't' && t[10] != ' ') return "";
  int year = number(y), month = number(m), day = number(d);
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1990 || month < 1 || month > 12 || day < 1) return "";
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day > max_day) return "";
  return std::string(t.substr(0, 10));
}

SitemapRead read_sitemap(std::string_view xml) {
  if (xml.substr(0, 3) == "\xEF\xBB\xBF") xml.remove_prefix(3);
  std::string_view head = trim_ascii_space(xml.substr(0, 64));
  if (head.size() >= 7 && (ascii_lower(head.substr(0, 7)) == "http://" || ascii_lower(head.substr(0, 8)) == "https://"))
    return read_text_sitemap(xml);

  SitemapRead r;
  bool in_entry = false;
  std::string entry_prefix;  // the namespace prefix of <url>/<sitemap>: <image:loc> is not our <loc>
  SitemapEntry entry;
  auto finish_entry = [&] {
    if (!in_entry) return;
    in_entry = false;
    if (entry.loc.empty()) {
      ++r.skipped;
    } else if (r.entries.size() >= kMaxSitemapEntries) {
      r.truncated = true;
    } else {
      entry.lastmod_date = w3c_date(entry.lastmod);
      r.entries.push_back(std::move(entry));
    }
    entry = {};
  };

  std::size_t i = 0;
  while (i < xml.size() && !r.truncated) {
    std::size_t lt = xml.find('<', i);
    if (lt == std::string_view::npos) break;
    if (xml.compare(lt, 4, "<!--") == 0) {
      std::size_t end = xml.find("-->", lt + 4);
      i = end == std::string_view::npos ? xml.size() : end + 3;
      continue;
    }
    if (xml.compare(lt, 9, "<![CDATA[") == 0) {
      std::size_t end = xml.find("]]>", lt + 9);
      i = end == std::string_view::npos ? xml.size() : end + 3;
      continue;
    }
    std::size_t gt = xml.find('>', lt);
    if (gt == std::string_view::npos) break;
    i = gt + 1;
    if (xml[lt + 1] == '?' || xml[lt + 1] == '!') continue;
    bool closing = xml[lt + 1] == '/';
    std::size_t p = lt + (closing ? 2 : 1);
    std::size_t name_end = p;
    while (name_end < gt && !is_ascii_space(xml[name_end]) && xml[name_end] != '/') ++name_end;
    std::string qname = ascii_lower(xml.substr(p, name_end - p));
    std::size_t colon = qname.find(':');
    std::string prefix = colon == std::string::npos ? "" : qname.substr(0, colon);
    std::string local = colon == std::string::npos ? qname : qname.substr(colon + 1);
    bool self_closing = xml[gt - 1] == '/';

    if (r.kind == SitemapKind::unknown && !closing) {
      if (local == "urlset") r.kind = SitemapKind::urlset;
      else if (local == "sitemapindex") r.kind = SitemapKind::sitemapindex;
      continue;
    }
    bool entry_tag = (r.kind == SitemapKind::urlset && local == "url") ||
                     (r.kind == SitemapKind::sitemapindex && local == "sitemap");
    if (entry_tag) {
      if (closing) {
        if (prefix == entry_prefix) finish_entry();
      } else {
        finish_entry();  // an unclosed previous entry ends where the next begins
        in_entry = !self_closing;
        entry_prefix = prefix;
        if (self_closing) ++r.skipped;
      }
      continue;
    }
    if (!in_entry || closing || self_closing || prefix != entry_prefix) continue;
    if (local == "loc" && entry.loc.empty()) entry.loc = element_text(xml, &i);
    else if (local == "lastmod" && entry.lastmod.empty()) entry.lastmod = element_text(xml, &i);
  }
  finish_entry();
  return r;
}

}  // namespace govaudit
