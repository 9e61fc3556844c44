// Dates on government pages: every date a page shows, where it was found, and the two facts the
// census freshness criteria need — an article's own publish date and a list's newest item date.
// Implements "Freshness: how dates are read" of census-criteria.md; inputs are decoded UTF-8 text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace govaudit {

/// A calendar day (proleptic Gregorian, no time zone). Valid only as made by make_civil_date.
struct CivilDate {
  int y = 0, m = 0, d = 0;
  auto operator<=>(const CivilDate&) const = default;
  /// "YYYY-MM-DD".
  std::string to_string() const;
};

/// The date when y-m-d names a real calendar day (no 2024-02-30, no month 13), else nothing.
std::optional<CivilDate> make_civil_date(int y, int m, int d);
/// Parses exactly "YYYY-MM-DD" (a rubric --as-of value); nothing for anything else.
std::optional<CivilDate> parse_iso_date(std::string_view text);
/// Days from `from` to `to` (negative when `to` is earlier).
int days_between(const CivilDate& from, const CivilDate& to);
/// The date `days` days after `date` (before when negative).
CivilDate add_days(const CivilDate& date, int days);

/// Where a date was found; the order of trust is in published_date() and newest_item_date().
enum class DateSource {
  text,           ///< anywhere in a page's visible text (weakest page evidence)
  list_item,      ///< the visible date of an item in a column list
  pubdate_meta,   ///< <meta name="PubDate"> and its kin (publishdate, article:published_time, …)
  publish_line,   ///< a labelled line: 发布时间：/发布日期：/日期：/时间：, or a date beside 来源：
  article_url,    ///< the date coded in a URL (/2024/0305/, t20240305_1.html, /art/2024/3/5/)
  last_modified,  ///< HTTP Last-Modified (weak: servers often stamp the time of serving)
  footer,         ///< footer/copyright region: an input kind only, never a source of a found date
};
/// "text", "list_item", "pubdate_meta", "publish_line", "article_url", "last_modified", "footer".
std::string_view date_source_name(DateSource source);

/// What the scanned text is and when it was seen. `reference` is the fetch date (or the audit's
/// as-of date): month-day items take their year from it, and dates after reference + 1 day are
/// future dates. Without a reference, month-day items are not dated and nothing counts as future.
struct DateContext {
  DateSource source = DateSource::text;
  std::optional<CivilDate> reference;
  int min_year = 1995;          ///< earlier years are not publish dates (no Chinese gov web before)
  int future_slack_days = 1;    ///< census: "future dates beyond a day" are rejected
};

/// One date seen in a text, with a bounded UTF-8-safe snippet around it for evidence.
struct FoundDate {
  CivilDate date;
  DateSource source = DateSource::text;
  std::string context;      ///< the match and up to 20 characters either side, whitespace flattened
  size_t offset = 0;        ///< byte offset of the match in the scanned text
  size_t length = 0;        ///< byte length of the match in the scanned text (time part included)
  bool year_inferred = false;  ///< a month-day item whose year came from the reference date
};

/// Accepted dates, and dates that lie after reference + slack. Future dates are kept apart because
/// the census counts a forged future publish date as a serious error (serious_errors).
struct DateScan {
  std::vector<FoundDate> dates;
  std::vector<FoundDate> future_dates;
};

/// Every date in `text`, in text order. Forms: 2024-03-05, 2024-3-5, 2024/03/05, 2024.03.05,
/// 2024年3月5日 (spaces and full-width digits allowed, 二〇二四年三月五日 too), date-times
/// "2024-03-05 10:22:33"; month-day items 03-05, [03-05], 3月5日 when ctx.reference is set — the
/// year is the latest one for which the day is not after reference + slack (so a [12-28] item seen
/// on 2025-01-10 is 2024-12-28, and a month-day item is never a future date); outside list
/// items 03-05 must stand in brackets or alone on its line (in running text "10-20" is a range);
/// 20240305 and /2024/0305/ only when ctx.source is article_url. Invalid calendar days and years before
/// ctx.min_year are dropped; ctx.source footer yields nothing, and years right after ©/Copyright/
/// 版权所有 are dropped in any text. A date after a publish label on the same line becomes
/// publish_line when ctx.source is text; other text dates beside 今天是 or followed by 星期… are a
/// portal's live clock and dropped. Scans at most the first 4 MiB of `text`.
DateScan scan_dates(std::string_view text, const DateContext& ctx);
/// scan_dates(text, ctx).dates.
std::vector<FoundDate> find_dates(std::string_view text, const DateContext& ctx);

/// The date coded in a URL's path or query: /2024/0305/, /202403/t20240305_123.html,
/// /art/2024/3/5/art_1_2.html, /2024-03/05/, content_20240305…, /2020/06/07/, 2020-06-07 slugs.
/// Ids that are not valid dates in [1995, reference + 1 day] are not dates (post_12345678.html).
std::optional<CivilDate> date_from_url(std::string_view url,
                                       std::optional<CivilDate> reference = std::nullopt);

/// One <meta> of a page: `name` is the name, property or itemprop attribute; `content` its value.
using MetaTag = std::pair<std::string, std::string>;

/// The publish date from the page's meta tags (names compared case-insensitively), best name first:
/// PubDate, publishdate, article:published_time, datePublished, dc.date.issued, dc.date, … ;
/// modified-time metas (article:modified_time, og:updated_time) only when no publish meta dates.
std::optional<FoundDate> date_from_meta(const std::vector<MetaTag>& metas,
                                        std::optional<CivilDate> reference = std::nullopt);

/// The day of an HTTP date (RFC 9110 IMF-fixdate "Tue, 05 Mar 2024 02:22:33 GMT", and the
/// obsolete RFC 850 / asctime forms); nothing when unreadable.
std::optional<CivilDate> parse_http_date(std::string_view value);

/// A block of decoded page text with the page region it came from. Regions "footer" and
/// "copyright" are skipped for dates; "header", "nav" and "aside" give publish lines but no bare
/// text dates; any other value ("main", "article", "") is read fully.
struct TextBlock {
  std::string text;
  std::string region;
};

/// Everything known about one page that can date it.
struct PageDateInput {
  std::string url;
  std::vector<MetaTag> metas;
  std::vector<TextBlock> blocks;
  std::string last_modified;             ///< the HTTP Last-Modified value, "" when absent
  std::optional<CivilDate> reference;    ///< fetch date or as-of date
};

/// The page's own date and how sure it is.
struct PagePublished {
  std::optional<CivilDate> date;
  DateSource source = DateSource::text;  ///< meaningful only when `date` is set
  bool weak = false;           ///< only a text date or Last-Modified dated the page
  bool contradicted = false;   ///< meta, publish line and URL date disagree by more than a day
  std::vector<FoundDate> evidence;      ///< every candidate considered, strongest first
  std::vector<FoundDate> future_dates;  ///< dated after reference + 1 day: forged-date evidence
};

/// An article's own publish date, in the census order of trust: PubDate-kind meta, then a publish
/// line (发布时间：…), then the URL date, then the first date of the page text, then Last-Modified.
/// Footer blocks are never read.
PagePublished published_date(const PageDateInput& page);

/// How a list's date for an item compares with the article's own date. Census serious_errors
/// names "list dates that contradict the article's own" a forged date; a day of slack absorbs
/// time-zone and midnight publishing.
struct DateAgreement {
  bool comparable = false;  ///< both dates known
  bool contradicts = false; ///< comparable and more than `tolerance_days` apart
  int days_apart = 0;       ///< article minus list, in days
};
DateAgreement compare_list_and_article(std::optional<CivilDate> list_date,
                                       const PagePublished& article, int tolerance_days = 1);

/// One item of a column list: its visible text and its link.
struct ListItemInput {
  std::string text;
  std::string url;
};

/// The newest dated item of a list, and how many items the census would count as undated.
struct NewestItem {
  std::optional<CivilDate> date;
  DateSource source = DateSource::list_item;  ///< list_item or article_url
  int item_count = 0;
  int undated_count = 0;      ///< items with neither a text date nor a URL date
  int no_visible_date_count = 0;  ///< items without a text date (URL-dated ones included): the
                                  ///< census counts these as not updated
  int newest_index = -1;      ///< index of the newest item in the input, -1 when none is dated
  std::vector<FoundDate> item_dates;    ///< the date taken for each dated item, in input order
  std::vector<FoundDate> future_dates;  ///< item dates after reference + 1 day
};

/// The newest date among list items: each item's own text date (when the text shows several, the
/// one at the start or end of the item — where lists put it — else the last; a month-day date
/// takes its year from the item URL when that URL has the same month and day), else the date in
/// its URL. Census homepage_not_updated: items without a visible date count as not updated, so
/// both counts are kept; a caller applying the census strictly uses only list_item dates. At most 10,000 items are read.
NewestItem newest_item_date(const std::vector<ListItemInput>& items,
                            std::optional<CivilDate> reference);

}  // namespace govaudit
