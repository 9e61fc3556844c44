#include "audit_rules/page_input.h"

#include <algorithm>

#include "crawler/charset.h"
#include "crawler/page_reader.h"

namespace govaudit {
namespace {

std::vector<std::string> split_breadcrumb(const std::string& text) {
  // Breadcrumbs read "首页 > 新闻中心 > 工作动态" with >, », / or › between segments.
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    auto b = cur.find_first_not_of(" \t\xC2\xA0");
    auto e = cur.find_last_not_of(" \t\xC2\xA0");
    if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '>' || text[i] == '/') {
      flush();
    } else if (text.compare(i, 2, "\xC2\xBB") == 0) {  // »
      flush();
      ++i;
    } else if (text.compare(i, 3, "\xE2\x80\xBA") == 0) {  // ›
      flush();
      i += 2;
    } else {
      cur += text[i];
    }
  }
  flush();
  return out;
}

}  // namespace

bool is_readable_page(const std::string& content_type, std::string_view body) {
  std::string ct = content_type;
  std::transform(ct.begin(), ct.end(), ct.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ct.find("html") != std::string::npos || ct.find("xml") != std::string::npos) return true;
  if (!ct.empty() && ct.find("text/plain") == std::string::npos) return false;
  auto head = body.substr(0, 512);
  for (const char* mark : {"<html", "<HTML", "<!DOCTYPE", "<!doctype", "<head", "<body"})
    if (head.find(mark) != std::string_view::npos) return true;
  return false;
}

PageInput read_page_input(std::string_view body, const std::string& content_type, const std::string& url,
                          const std::string& last_modified, const std::string& charset_override) {
  PageInput in;
  in.url = url;
  in.last_modified = last_modified;
  std::string charset = charset_override.empty() ? detect_charset(content_type, body).charset
                                                 : canonical_charset(charset_override);
  if (charset.empty()) charset = "utf-8";
  std::string text;
  std::string err;
  transcode_to_utf8(body, charset, &text, &err);
  in.charset = charset;
  PageRead page = read_page(text, url);
  in.title = page.title;
  in.lang = page.lang;
  for (const auto& [k, v] : page.metas) in.metas.emplace_back(k, v);
  for (const auto& b : page.blocks) {
    in.blocks.push_back({b.text, text_region_name(b.region)});
    if (b.region == TextRegion::breadcrumb && in.breadcrumb.empty()) in.breadcrumb = split_breadcrumb(b.text);
  }
  for (const auto& item : page.list_items)
    in.items.push_back({item.title + (item.raw_date_text.empty() ? "" : " " + item.raw_date_text), item.url});
  for (const auto& l : page.links) {
    if (l.source == LinkSource::form_action) continue;
    in.links.emplace_back(l.url, l.text);
  }
  for (const auto& c : page.contacts) in.links.emplace_back(c.scheme + ":" + c.value, c.text);
  in.has_search_form = std::any_of(page.forms.begin(), page.forms.end(), [](const PageForm& f) { return f.is_search; });
  in.has_viewport = page.has_viewport;
  in.images = page.images;
  in.images_without_alt = page.images_without_alt;
  return in;
}

}  // namespace govaudit
