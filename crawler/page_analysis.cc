#include "crawler/page_analysis.h"

#include <algorithm>
#include <string_view>

#include "crawler/charset.h"
#include "crawler/list_scripts.h"
#include "crawler/page_reader.h"
#include "crawler/sitemap.h"
#include "crawler/url.h"

namespace govaudit {
namespace {

// Not-found wording of Chinese and English error pages served with 200 (portal-mechanics.md,
// "Soft errors behind 200"). Matched in the title, or in a short body where the message is the page.
constexpr const char* kNotFoundPhrases[] = {
    "页面不存在", "您访问的页面不存在", "您所访问的页面不存在", "页面未找到", "找不到页面", "页面找不到",
    "该页面已删除", "信息已删除", "文章不存在", "非法请求", "404 Not Found", "Page Not Found", "page not found",
    "页面没有找到", "抱歉，您访问的页面"};
// A body longer than this is a real page that happens to mention the words.
constexpr size_t kShortBody = 3000;

std::string canonical(const std::string& url) {
  Url u;
  std::string err;
  return parse_url(url, &u, &err) ? canonical_url(u) : "";
}

void add_link(PageAnalysis* out, const std::string& url, const std::string& text, const std::string& source) {
  std::string c = canonical(url);
  if (c.empty()) return;
  out->links.push_back({c, text.substr(0, 200), source});
}

std::string visible_text(const PageRead& page) {
  std::string text;
  for (const auto& b : page.blocks) {
    if (text.size() > 64 * 1024) break;
    text += b.text;
    text += '\n';
  }
  return text;
}

// dataproxy.jsp?…&page=N&… → the same URL with page=`page`.
std::string with_page(const std::string& url, int page) {
  auto p = url.find("page=");
  while (p != std::string::npos && p > 0 && url[p - 1] != '?' && url[p - 1] != '&') p = url.find("page=", p + 1);
  if (p == std::string::npos) return url + (url.find('?') == std::string::npos ? "?" : "&") + "page=" + std::to_string(page);
  auto end = url.find('&', p);
  return url.substr(0, p) + "page=" + std::to_string(page) + (end == std::string::npos ? "" : url.substr(end));
}

void read_jpage_answer(const std::string& body, const std::string& url, PageAnalysis* out) {
  JpageXml xml = parse_jpage_xml(body);
  for (const auto& record : xml.records) {
    PageRead frag = read_page(record, url);
    for (const auto& l : frag.links) add_link(out, l.url, l.text, "jpage");
  }
  // The first dataproxy page a column page names may not know the page count; its answer does.
  for (int p = 2; p <= std::min(xml.totalpage, kMaxScriptPages); ++p) add_link(out, with_page(url, p), "", "jpage");
}

}  // namespace

bool looks_like_not_found_text(const std::string& title, const std::string& text, std::string* matched) {
  for (const char* phrase : kNotFoundPhrases) {
    if (title.find(phrase) != std::string::npos || (text.size() < kShortBody && text.find(phrase) != std::string::npos)) {
      *matched = phrase;
      return true;
    }
  }
  return false;
}

PageAnalysis analyze_fetch(const FetchResult& r, bool as_sitemap, const SoftNotFoundProbe& probe) {
  PageAnalysis out;
  if (r.body.empty() || r.status == 0) return out;
  const std::string base = r.final_url.empty() ? r.url : r.final_url;
  std::string content_type = r.content_type;
  CharsetDecision cs = detect_charset(content_type, r.body);
  std::string text;
  std::string err;
  transcode_to_utf8(r.body, cs.charset, &text, &err);
  out.charset = cs.charset;
  out.charset_source = charset_source_name(cs.source);

  if (as_sitemap) {
    SitemapRead sm = read_sitemap(text);
    for (const auto& e : sm.entries) {
      std::string c = canonical(e.loc);
      if (c.empty()) continue;
      out.links.push_back({c, "", sm.kind == SitemapKind::sitemapindex ? "sitemap_index" : "sitemap"});
      if (sm.kind != SitemapKind::sitemapindex && !e.lastmod.empty()) out.sitemap_lastmod.emplace_back(c, e.lastmod);
    }
    return out;
  }
  if (!is_readable_page(content_type, r.body)) return out;
  out.is_html = true;
  if (base.find("/module/web/jpage/dataproxy.jsp") != std::string::npos) {
    read_jpage_answer(text, base, &out);
    return out;
  }
  PageRead page = read_page(text, base);
  out.title = page.title.substr(0, 300);
  for (const auto& l : page.links) {
    if (l.source == LinkSource::form_action) continue;  // recorded by the reader, never crawled
    add_link(&out, l.url, l.text, link_source_name(l.source));
  }
  std::string body_text = visible_text(page);
  out.as_probe.answered_200 = r.status == 200;
  out.as_probe.title = page.title;
  out.as_probe.text_length = body_text.size();
  if (r.status == 200) {
    std::string matched;
    if (looks_like_not_found_text(page.title, body_text, &matched)) {
      out.soft_404 = true;
      out.soft_404_reason = "200 page says '" + matched + "'";
    } else if (probe.answered_200 && !probe.title.empty() && page.title == probe.title &&
               body_text.size() <= probe.text_length + probe.text_length / 10 + 64 &&
               body_text.size() + probe.text_length / 10 + 64 >= probe.text_length) {
      // Same title and about the same text as the host's answer to a URL that cannot exist.
      out.soft_404 = true;
      out.soft_404_reason = "200 page like the host's answer to a random URL (title '" + page.title.substr(0, 60) + "')";
    }
  }
  return out;
}

}  // namespace govaudit
