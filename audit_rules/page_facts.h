// The facts the audit reads from one stored page (issue 4, "Page facts"): its kind and column, its
// own date and its newest listed item, every date with where it was found, the features the UN
// rubric and the census identity items look for, service-guide elements, messages with ask/reply
// dates, app and new-media entries, and its visible text for the rubric's pattern lists. Pure: the
// input is an already-read page (see crawler/page_reader.h); `inspect` prints this as JSON.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "audit_rules/columns.h"
#include "audit_rules/dates.h"

namespace govaudit {

/// A page as read (charset decoded, HTML parsed): what page facts need of it.
struct PageInput {
  std::string url;            ///< final URL
  std::string charset;
  std::string title;
  std::string lang;           ///< <html lang>
  std::vector<MetaTag> metas;
  std::vector<TextBlock> blocks;       ///< visible text with its region (footer, nav, main…)
  std::vector<ListItemInput> items;    ///< list items (text and link)
  std::vector<ListItemInput> rows;     ///< every li/tr/dd entry's whole text and main link (boards, tables)
  std::vector<std::pair<std::string, std::string>> links;  ///< url, anchor text
  std::set<std::string> menu_links;    ///< targets of links in the nav/header region (the site's menu)
  std::string breadcrumb;              ///< the breadcrumb text ("首页 > 政务公开 > 通知公告")
  bool has_pagination = false;         ///< page links or createPageHTML / jpage paging
  bool has_datastore = false;          ///< a Hanweb datastore block held list items
  bool has_search_form = false;
  bool has_viewport = false;
  int images = 0;
  int images_without_alt = 0;
  bool script_only_list = false;  ///< a list shell whose items come from a script we cannot run
  std::string last_modified;      ///< HTTP Last-Modified
};

/// A message (留言) on an interaction page: asked, and replied or not.
struct MessageFact {
  std::string title;
  std::string url;
  std::optional<CivilDate> asked;
  std::optional<CivilDate> replied;
  bool marked_unanswered = false;  ///< the page says 未回复/待回复
};

/// An app or new-media account entry on the page.
struct MediaFact {
  std::string kind;  ///< app | wechat | weibo | douyin | miniprogram | toutiao | other
  std::string name;
  std::string url;
};

/// A list item's visible date. A month-day date ("[03-05]") takes its year from the item URL when
/// that URL carries the same month and day, else from the reference date (`year_inferred`): the
/// aggregator then reads the year from the article itself when it was fetched.
struct ItemDate {
  std::string url;
  CivilDate date;
  bool year_inferred = false;
};

/// Everything read from one page.
struct PageFacts {
  std::string url;
  std::string charset;
  std::string title;
  PageKind kind = PageKind::other;
  ColumnIdentity column;
  std::optional<CivilDate> published;  ///< the page's own date (articles)
  std::string published_source;
  NewestItem newest;                   ///< newest listed item (lists, home)
  std::vector<ItemDate> item_dates;    ///< each linked item's visible list date
  std::vector<FoundDate> dates;        ///< every date found, with its source
  std::vector<FoundDate> future_dates;
  bool blank = false;                  ///< a column page with an empty list or a placeholder
  std::string placeholder;             ///< the placeholder text seen
  std::map<std::string, std::string> features;  ///< feature id → what was seen (see page_facts.cc)
  bool service_guide = false;
  std::set<std::string> guide_elements;  ///< element category ids present
  std::vector<MessageFact> messages;
  std::vector<MediaFact> media;
  std::vector<std::pair<std::string, std::string>> links;  ///< url, anchor text (from the input)
  std::set<std::string> menu_links;    ///< of those, the targets in the nav/header region
  std::string text;  ///< visible text outside the footer, bounded, for pattern lists
  int images = 0, images_without_alt = 0;
};

/// Reads the facts of one page as of `reference` (the fetch date or the audit's as-of date).
PageFacts extract_page_facts(const PageInput& page, std::optional<CivilDate> reference);

/// The service-guide element categories and their labels (census-notes §3; the rubric file carries
/// the same lists for the census check).
const std::vector<std::pair<std::string, std::vector<std::string>>>& guide_element_labels();

}  // namespace govaudit
