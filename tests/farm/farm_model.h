// The simulated portal farm's model: plain structs describing every virtual site, its pages and the
// defects planted in it. A FarmWorld is a pure function of FarmConfig (see farm_generator.h); the server
// renders pages from it on demand and the truth file is written from it, so both always agree.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace govaudit::farm {

/// Days since 1970-01-01 (UTC civil calendar); every farm date is one of these.
using Day = int;

/// Which real-portal template family a site imitates (portal-mechanics.md).
enum class FarmStyle { trs, hanweb, modern };

/// Census column types (census-criteria.md, "Column types").
enum class ColumnKind { news, notice, slow, interaction, services };

/// Fault hosts added with --faults (tests/farm/farm_faults.h describes each one).
enum class FaultKind {
  redirect_loop,        ///< /loop/1 <-> /loop/2 forever
  error_storm,          ///< 503 to everything but robots.txt
  connection_reset,     ///< headers and a little body, then the connection is dropped
  stall_after_headers,  ///< headers, then nothing until the client gives up (slowloris)
  calendar_trap,        ///< a calendar whose pages link to the next month and year forever
  gzip_bomb,            ///< ~300 KB of gzip that inflates to 300 MB
  huge_page,            ///< a 50 MB HTML page
  invalid_utf8,         ///< declared UTF-8, carries invalid byte sequences
  mislabelled_gbk,      ///< declared UTF-8 in header and meta, bytes are GBK
  nested_html,          ///< 100,000 unclosed nested elements
  dead_port,            ///< nothing listens: the crawl pins this host to a closed loopback port
  bad_certificate,      ///< https with a self-signed certificate (the farm's TLS listener)
  private_redirect,     ///< redirects to http://127.0.0.2:PORT/ (a private address, not pinned)
  private_link,         ///< a page linking to http://127.0.0.2:PORT/
};

struct FarmConfig {
  int sites = 12;
  std::uint64_t seed = 1;
  Day as_of = 0;        ///< the day the truth is computed for
  bool faults = false;  ///< add the fault hosts
};

struct FarmItem {
  std::string title;
  Day date = 0;               ///< the date shown in the list and on the article
  std::string path;           ///< article path on the site's main host
  std::string serious_phrase; ///< a planted serious-error phrase in the body, or ""
  Day article_date = -1;      ///< the article's own date when forged to contradict the list (-1: same)
};

struct FarmMessage {
  std::string title;
  Day asked = 0;
  Day replied = -1;  ///< -1: 未回复
};

struct FarmGuide {
  std::string title;
  Day date = 0;
  std::string path;
  std::vector<int> missing;        ///< indices into guide_elements() left out of the page
  std::vector<std::string> forms;  ///< attachment paths (.doc/.pdf/.xls)
};

struct FarmColumn {
  std::string name;   ///< Chinese column name, e.g. 工作动态
  std::string slug;   ///< e.g. gzdt
  ColumnKind kind = ColumnKind::news;
  std::string path;   ///< the first list page
  int per_page = 20;
  bool blank = false;
  std::string blank_text;  ///< placeholder shown when blank ("" = an empty list)
  int column_id = 0;       ///< hanweb col id
  int unit_id = 0;         ///< hanweb jpage unit id
  bool count_var = false;  ///< trs: `var countPage = n;` form
  std::vector<FarmItem> items;       ///< newest first (news/notice/slow)
  std::vector<FarmMessage> messages; ///< interaction
  std::vector<FarmGuide> guides;     ///< services
  std::vector<std::string> list_pages;  ///< every list page path (with query for dataproxy), page 1 first
};

/// An app or new-media account listed on the site's 政务新媒体 page.
struct FarmApp {
  std::string name;
  std::string platform;      ///< app | wechat | weibo
  std::string page_url;      ///< detail page (app store page or account page)
  std::string download_url;  ///< apps only
  std::string version;       ///< apps only
  Day updated = 0;           ///< last version date / newest post date
  bool dead = false;         ///< download answers 404
};

struct PlantedDefect {
  std::string kind;  ///< census id (census-criteria.md) or farm id (broken_link, soft_404, ...)
  std::string url;
  std::string detail;
};

struct FarmFlag {
  std::string kind;  ///< dormant_site | zombie_app | stale_column
  std::string url;
};

struct FarmSite {
  // registry
  std::string id, name, province, prefecture, level, region, minority, name_en;
  std::string host, extra_host;  ///< www.X.gov.cn.test and its service hall zwfw.X.gov.cn.test
  FarmStyle style = FarmStyle::trs;
  std::string charset;           ///< UTF-8 | GBK (the true encoding of the bytes)
  std::string charset_declared;  ///< header | meta | both | none | wrong
  int date_form = 0;             ///< list date form: 0 2024-03-05, 1 2024年3月5日, 2 2024/03/05, 3 [03-05]
  bool guideline_meta = false, footer_identity = false, search = false, sitemap = false;
  bool soft404_unknown = false;  ///< unknown paths answer 200 页面不存在 instead of 404
  std::string site_code;         ///< 10-digit 网站标识码
  std::vector<FarmColumn> columns;
  std::vector<FarmApp> apps;
  std::vector<std::string> home_broken;     ///< dead links on the home page (absolute URLs)
  std::vector<std::string> article_broken;  ///< dead links inside the first article (absolute URLs)
  std::vector<std::string> external_ok;     ///< working external links on the home page
  std::string soft404_link;                 ///< a linked path answering soft-404, or ""
  std::string private_path;                 ///< robots-disallowed page linked from home, or ""
  std::string sitemap_only_path;            ///< a page reachable only through sitemap.xml, or ""
  double fail_share = 0;
  int latency_ms = 0;
  // truth, computed from the above
  Day home_newest = -1;  ///< -1: no dated item on the home page
  std::vector<int> home_columns;    ///< columns whose newest items the home page lists
  std::string article_broken_from;  ///< path of the article carrying article_broken links
  std::vector<PlantedDefect> defects;
  std::vector<std::string> vetoes;
  std::vector<FarmFlag> flags;
  std::vector<std::string> pages, disallowed, attachments;  ///< absolute URLs, sorted
};

/// What one host:path answers, precomputed for the non-site hosts (app store, accounts, externals).
struct StaticResponse {
  int status = 200;
  std::string content_type;
  std::string body;
};

struct FarmFault {
  FaultKind kind;
  std::string host;
  std::string url;          ///< the URL the fault site links to
  std::string error_class;  ///< what a crawler should record (crawler/fetcher.h names, "trap", "none")
};

struct FarmWorld {
  FarmConfig config;
  std::vector<FarmSite> sites;
  std::map<std::string, int> host_index;           ///< main and extra host -> site index
  std::map<std::string, StaticResponse> statics;   ///< "host/path" -> response for external hosts
  std::vector<FarmFault> faults;
};

/// The element categories a service guide should carry, in page order.
const std::vector<std::string>& guide_elements();

/// The misspelt leader titles etc. planted as serious errors (the audit rubric carries the same list).
const std::vector<std::string>& serious_error_phrases();

const char* style_name(FarmStyle style);
const char* column_kind_name(ColumnKind kind);

}  // namespace govaudit::farm
