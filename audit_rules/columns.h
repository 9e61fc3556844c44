// Columns (栏目) of a government site: what a column is called, which census freshness class it
// belongs to, whether a page is a home, list or article page, and whether a column is blank.
// Implements "Column types" and the blank_columns item of census-criteria.md; inputs are decoded text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "audit_rules/dates.h"

namespace govaudit {

/// The census freshness classes: news/dynamics (2 weeks), notices/policies (6 months), slow
/// columns (1 year), interaction and services (judged by their own criteria), other.
enum class ColumnType { news, notice_policy, slow, interaction, services, other };

/// "news", "notice_policy", "slow", "interaction", "services", "other" (the rubric's names).
std::string_view column_type_name(ColumnType type);
/// The type named by column_type_name(); false (and `err` naming the value) for anything else.
bool parse_column_type(std::string_view name, ColumnType* type, std::string* err);

/// The words that give a column its type: `keywords` are matched inside column names (要闻,
/// 通知公告), `path_codes` against URL path segments (xwdt, tzgg). Plain data so that a rubric
/// file can replace them.
struct ColumnTypeRule {
  ColumnType type = ColumnType::other;
  std::vector<std::string> keywords;
  std::vector<std::string> path_codes;
};

/// Everything columns.cc matches against. default_column_vocabulary() holds the census lists.
struct ColumnVocabulary {
  std::vector<ColumnTypeRule> rules;
  std::vector<std::string> placeholders;       ///< blank-column text: 暂无信息, 正在建设中 …
  std::vector<std::string> generic_crumbs;     ///< breadcrumb tails that are not a column: 正文 …
};

/// The lists of census-criteria.md "Column types" and the blank-column placeholders, in one place.
const ColumnVocabulary& default_column_vocabulary();

/// What a page says about its column. Any field may be empty.
struct ColumnEvidence {
  std::string column_name_meta;  ///< <meta name="ColumnName">
  std::string column_type_meta;  ///< <meta name="ColumnType">
  std::string breadcrumb;        ///< the whole breadcrumb text, "当前位置：首页 > 政务公开 > 通知公告"
  std::string list_heading;      ///< the heading above the list, if any
  std::string title;             ///< <title>, e.g. "通知公告_某某县人民政府"
  std::string url;
};

/// Which piece of evidence decided the type (or, when nothing matched, gave the name).
enum class ColumnEvidenceKind { column_type_meta, column_name_meta, breadcrumb, list_heading, title, url_path, none };
std::string_view column_evidence_name(ColumnEvidenceKind kind);

struct ColumnIdentity {
  std::string name;               ///< the column's own name, best source first; "" when unknown
  ColumnType type = ColumnType::other;
  ColumnEvidenceKind decided_by = ColumnEvidenceKind::none;
  std::string matched;            ///< the keyword or path code that decided, "" when none did
  double confidence = 0;          ///< 0.95 meta … 0.6 title; 0.2 when no rule matched
};

/// The column's name and type. Evidence is read in the order ColumnType meta, ColumnName meta,
/// breadcrumb (last segment that is a column, not 正文; then its parents), list heading, URL path
/// (segments from the deepest up; /col/col1234/ carries no code and falls through), title (its
/// parts split at _ - |); the first that matches a rule decides. The URL comes before the title
/// because an article's title is the article's ("关于…的通知") and would type every column a notice
/// column. Breadcrumbs of article pages may end in the article title: pass a list page's if known. Within one text the longest matching keyword
/// wins and a tie goes to the earlier rule; the default rules run from the specific to the generic
/// (interaction, services, slow, notice_policy, news), so 人事文件 is slow and 政务服务动态 services,
/// because 动态 and 文件 are generic suffixes while 人事 and 服务 say what the column holds.
ColumnIdentity identify_column(const ColumnEvidence& evidence,
                               const ColumnVocabulary& vocabulary = default_column_vocabulary());

/// A page's role in the site.
enum class PageKind { home, list, article, other };
/// "home", "list", "article", "other" (inspect --format json "kind").
std::string_view page_kind_name(PageKind kind);

/// The shape of a page as the page reader sees it.
struct PageShape {
  std::string url;
  std::vector<MetaTag> metas;
  int list_items = 0;            ///< items of the page's main lists (datastore records included)
  int dated_list_items = 0;      ///< of those, items with a visible date
  bool has_pagination = false;   ///< page links or createPageHTML(…)
  bool has_datastore = false;    ///< a Hanweb <datastore><recordset> block
  bool has_publish_line = false; ///< a 发布时间：… line (see find_dates, DateSource::publish_line)
  size_t text_bytes = 0;         ///< bytes of main-region text
};

/// home: the site root (/, /index.html and kin). article: ArticleTitle/PubDate meta, then a publish
/// line, an article URL (t20240305_1.html, /art/…/art_…, content/post_1.html) or long text with few
/// list items. list: a datastore block, pagination, ≥ 5 dated items or ≥ 10 items. Else other.
/// Signals are weighed in that order because article templates carry "related" lists, and list
/// templates rarely carry article metas.
PageKind classify_page(const PageShape& page);

/// True when `url` looks like an article of a known CMS (a dated URL or a post/content/art id).
bool is_article_url(std::string_view url);

/// census blank_columns: a column page with an empty list, or whose text shows a placeholder
/// (暂无信息, 此栏目暂无内容, 正在建设中, 暂无内容, 暂无数据) with at most one list item (the
/// placeholder is often itself an <li>). The caller must not ask this of a column whose list is
/// loaded by scripts (portal-mechanics.md: such a column is "not reachable", never blank).
bool is_blank_column(int list_items, std::string_view text,
                     const ColumnVocabulary& vocabulary = default_column_vocabulary());

}  // namespace govaudit
