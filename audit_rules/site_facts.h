// SiteFacts: everything the rubrics read about one site in one run, gathered by the audit's aggregator
// from stored pages, probes and the crawl. The rubric engine only reads it, so a changed rubric
// re-scores a run with no fetch. Plain values; dates are "YYYY-MM-DD" strings, times ISO-8601.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace govaudit {

/// Why a fact is believed: the page it was seen on, when, and what was seen (matched text, status…).
struct Evidence {
  std::string url;
  std::string seen_at;  ///< ISO-8601 fetch/probe time
  std::string detail;
};

/// The home page's freshness. `newest` counts only items with a visible publish date.
struct HomeFacts {
  std::string url;
  std::string seen_at;
  std::optional<std::string> newest;  ///< newest dated item; none when no item carries a date
  int items_without_date = 0;         ///< listed items with no visible date (census: count as not updated)
  bool navigation_only = false;       ///< only links to sections: judged by its second-level columns
};

/// One column (栏目) as the aggregator classified it.
struct ColumnFacts {
  std::string url;
  std::string seen_at;
  std::string name;
  std::string type = "other";  ///< "news" | "notice_policy" | "slow" | "interaction" | "services" | "other"
  bool first_level = false;     ///< linked from the home page's main navigation (一级栏目)
  std::optional<std::string> newest;  ///< newest item date, if any item had a date
  int item_count = 0;
  bool blank = false;        ///< exists but holds no content (empty list or placeholder page)
  bool script_only = false;  ///< list built by script that could not be read: not judged stale or blank
};

/// Home-page access probes over the monitoring window (failed = not opened within the timeout).
struct ProbeFacts {
  int total = 0;
  int failed = 0;
  int window_days = 0;  ///< days between the first and last probe, rounded up
  std::vector<Evidence> failures;  ///< a sample of failed probes (url, time, error)
  std::map<std::string, int> per_day;  ///< probes per UTC day (YYYY-MM-DD): the census wants ≥ 20 every day
};

/// A dead link, already de-duplicated: a dead link in a shared template counts once per site.
struct BrokenLink {
  std::string url;          ///< the dead target
  std::string found_on;     ///< the page that links to it
  std::string seen_at;
  int status = 0;           ///< HTTP status, 0 when no response
  std::string error_class;  ///< "http_error" | "timeout" | "dns" | "connect" | "tls" | "soft404"
  bool on_home = false;
  bool attachment = false;  ///< a download (doc, pdf, xls…) rather than a page
};

/// A page's visible text, for the rubric's pattern lists (serious errors, placeholders).
struct PageText {
  std::string url;
  std::string seen_at;
  std::string text;  ///< UTF-8, tags stripped; the aggregator bounds its size
};

/// A publish date the site should not show: future, or a list date contradicting the article's own.
struct DateAnomaly {
  std::string url;
  std::string seen_at;
  std::string date;             ///< the suspicious date as shown
  std::string kind;             ///< "future" | "list_mismatch"
  std::string other_date;       ///< for list_mismatch: the article's own date
};

/// A 办事指南 and the element categories it was seen to contain (ids as in the rubric, e.g.
/// "item", "legal_basis", "conditions", "materials", "place", "hours", "phone", "procedure",
/// "time_limit", "fees", "office"; the rubric's [patterns] guide_* lists give the labels of each).
struct ServiceGuide {
  std::string url;
  std::string seen_at;
  std::string title;
  std::set<std::string> elements;
};

/// A downloadable form/attachment or an online-service-hall link, and whether it answered.
struct TargetCheck {
  std::string url;
  std::string found_on;
  std::string seen_at;
  bool ok = false;
  std::string detail;  ///< status / error / MIME as seen
};

/// An interaction channel. kind: "consultation" | "mailbox" | "complaint" | "petition" (信访) |
/// "discipline" (纪检举报) | "interview" | "survey" | "other".
struct Channel {
  std::string kind;
  std::string url;
  std::string seen_at;
  std::string name;
};

/// A published message (留言) and its reply, from a channel's list or detail page.
struct Message {
  std::string url;
  std::string seen_at;
  std::string channel_kind;            ///< as Channel::kind of the list it came from
  std::string asked;                   ///< ask date
  std::optional<std::string> replied;  ///< reply date; none = unanswered
};

/// An app or new-media account the portal lists. kind: "app" | "wechat" | "weibo" | "douyin" |
/// "miniprogram" | "toutiao" | "other".
struct MediaEntry {
  std::string kind;
  std::string name;
  std::string url;
  std::string seen_at;
  bool target_ok = false;              ///< link/download answered
  std::optional<std::string> newest;   ///< newest evidence of activity (post, app version date)
  bool checked = false;                ///< the run fetched or checked the target (else target_ok means nothing)
  std::string download;                ///< an app's download link listed beside it ("" when none)
  std::string detail;                  ///< what failed, when target_ok is false ("download … 404")
};

/// An anchor text or page title with its target, for keyword indicators.
struct LinkText {
  std::string url;      ///< the target (or the page itself for a title)
  std::string text;
  std::string found_on;
  std::string seen_at;
  bool target_ok = false;  ///< the target answered 200 and is not a soft 404 (false when unknown)
};

/// All facts about one site in one run, as of `as_of`.
struct SiteFacts {
  std::string site;
  std::string as_of;  ///< the check date "YYYY-MM-DD"; every age is measured from it
  bool public_services = true;  ///< false: a department with no public services (census skips 办事服务)

  HomeFacts home;
  std::vector<ColumnFacts> columns;
  ProbeFacts probes;
  std::vector<BrokenLink> broken_links;
  std::vector<PageText> pages;
  std::vector<DateAnomaly> date_anomalies;
  std::vector<ServiceGuide> guides;
  std::vector<TargetCheck> forms;
  std::vector<TargetCheck> service_halls;
  std::vector<Channel> channels;
  std::vector<Message> messages;
  std::vector<MediaEntry> media;
  std::vector<LinkText> link_texts;

  /// Feature id → evidence that it is present (absent key or empty = not found). Ids used by the
  /// shipped rubrics: gov_domain, search, advanced_search, sitemap, contact, helpdesk_phone, privacy,
  /// open_data, viewport, lang, https, ipv6, accessibility_mode, minority_language,
  /// english_version, second_language, site_id_code, icp, police_record, organiser,
  /// error_report_channel, guideline_meta, login, social_media, app.
  std::map<std::string, std::vector<Evidence>> features;

  /// Manually coded indicator values (indicator id → met), imported for X/M indicators.
  std::map<std::string, bool> manual_codes;
};

}  // namespace govaudit
