#include "audit_rules/page_input.h"

#include <re2/re2.h>

#include <algorithm>
#include <set>

#include "crawler/charset.h"
#include "crawler/page_reader.h"

namespace govaudit {
namespace {

// News and CMS pages state their dates in JSON-LD (<script type="application/ld+json">), which the
// page reader skips as script: its datePublished/dateCreated/dateModified join the metas, where the
// date reader weighs them like a PubDate meta. The first of each key only, from the first 2 MiB.
void add_json_ld_dates(std::string_view html, std::vector<MetaTag>* metas) {
  if (html.find("ld+json") == std::string_view::npos) return;
  static const RE2 key("\"(datePublished|dateCreated|dateModified)\"\\s*:\\s*\"([^\"]{1,64})\"");
  re2::StringPiece input(html.data(), std::min<size_t>(html.size(), 2u << 20));
  std::string name, value;
  std::set<std::string> seen;
  while (RE2::FindAndConsume(&input, key, &name, &value) && seen.size() < 3)
    if (seen.insert(name).second) metas->emplace_back(name, value);
}

}  // namespace

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
  add_json_ld_dates(text, &in.metas);
  for (const auto& b : page.blocks) {
    in.blocks.push_back({b.text, text_region_name(b.region)});
    if (b.region == TextRegion::breadcrumb && in.breadcrumb.empty()) in.breadcrumb = b.text;
  }
  for (const auto& item : page.list_items) {
    in.has_datastore = in.has_datastore || item.from_datastore;
    in.items.push_back({item.title + (item.raw_date_text.empty() ? "" : " " + item.raw_date_text), item.url});
  }
  for (auto& r : page.rows) in.rows.push_back({std::move(r.text), std::move(r.url)});
  for (const auto& l : page.links) {
    if (l.source == LinkSource::form_action) continue;
    if (l.source == LinkSource::script_pagination || l.source == LinkSource::jpage) in.has_pagination = true;
    in.links.emplace_back(l.url, l.text);
    if ((l.region == TextRegion::nav || l.region == TextRegion::header) && in.menu_links.size() < 2000)
      in.menu_links.insert(l.url);
  }
  for (const auto& c : page.contacts) in.links.emplace_back(c.scheme + ":" + c.value, c.text);
  in.has_search_form = std::any_of(page.forms.begin(), page.forms.end(), [](const PageForm& f) { return f.is_search; });
  in.has_viewport = page.has_viewport;
  in.images = page.images;
  in.images_without_alt = page.images_without_alt;
  return in;
}

}  // namespace govaudit
