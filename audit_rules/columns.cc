#include "audit_rules/columns.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace govaudit {

namespace {

constexpr size_t kMaxEvidenceBytes = 4096;
constexpr size_t kMaxSegments = 64;

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Trims ASCII space, the ideographic space (U+3000) and no-break space that Chinese templates pad
// with.
std::string_view trim(std::string_view s) {
  static constexpr std::array<std::string_view, 7> kSpaces{" ", "\t", "\n", "\r", "\f", "\u3000", "\u00a0"};
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view space : kSpaces) {
      while (s.starts_with(space)) s.remove_prefix(space.size()), changed = true;
      while (s.ends_with(space)) s.remove_suffix(space.size()), changed = true;
    }
  }
  return s;
}

// Splits `text` at any of `separators` (each a UTF-8 string), dropping empty parts.
std::vector<std::string_view> split_any(std::string_view text, const std::vector<std::string_view>& separators) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i < text.size() && parts.size() < kMaxSegments;) {
    size_t sep_len = 0;
    for (std::string_view sep : separators) {
      if (text.substr(i, sep.size()) == sep) {
        sep_len = sep.size();
        break;
      }
    }
    if (sep_len == 0) {
      ++i;
      continue;
    }
    if (const auto part = trim(text.substr(start, i - start)); !part.empty()) parts.push_back(part);
    i += sep_len;
    start = i;
  }
  if (const auto part = trim(text.substr(std::min(start, text.size()))); !part.empty()) parts.push_back(part);
  return parts;
}

struct RuleMatch {
  bool found = false;
  ColumnType type = ColumnType::other;
  std::string matched;
};

// The longest keyword of any rule found in `text`; ties go to the earlier rule.
RuleMatch match_keywords(std::string_view text, const ColumnVocabulary& vocabulary) {
  RuleMatch best;
  text = text.substr(0, kMaxEvidenceBytes);
  for (const ColumnTypeRule& rule : vocabulary.rules) {
    for (const std::string& keyword : rule.keywords) {
      if (keyword.empty() || keyword.size() <= best.matched.size()) continue;
      if (text.find(keyword) != std::string_view::npos) {
        best = RuleMatch{true, rule.type, keyword};
      }
    }
  }
  return best;
}

// Path code of one URL segment: "xwdt", "xwdt_1", "gzdt2", "tzgg.html" match xwdt/gzdt/tzgg;
// "xwdtx" does not.
bool segment_has_code(std::string_view segment, std::string_view code) {
  if (code.empty() || !segment.starts_with(code)) return false;
  if (segment.size() == code.size()) return true;
  const char next = segment[code.size()];
  return next == '_' || next == '-' || next == '.' || std::isdigit(static_cast<unsigned char>(next));
}

std::string_view url_path(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    const size_t slash = url.find('/', scheme + 3);
    url = slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
  }
  const size_t end = url.find_first_of("?#");
  if (end != std::string_view::npos) url = url.substr(0, end);
  return url.substr(0, kMaxEvidenceBytes);
}

RuleMatch match_path(std::string_view url, const ColumnVocabulary& vocabulary) {
  const std::string path = lower_ascii(url_path(url));
  const auto segments = split_any(path, {"/"});
  for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
    for (const ColumnTypeRule& rule : vocabulary.rules) {
      for (const std::string& code : rule.path_codes) {
        if (segment_has_code(*it, code)) return RuleMatch{true, rule.type, code};
      }
    }
  }
  return {};
}

// Breadcrumb segments after the "当前位置：" label, without 首页 and the generic tails (正文, 详情).
std::vector<std::string_view> breadcrumb_columns(std::string_view breadcrumb, const ColumnVocabulary& vocabulary) {
  breadcrumb = breadcrumb.substr(0, kMaxEvidenceBytes);
  for (std::string_view colon : {"：", ":"}) {
    const size_t at = breadcrumb.find(colon);
    if (at != std::string_view::npos && at < 40) breadcrumb.remove_prefix(at + colon.size());
  }
  std::vector<std::string_view> out;
  for (std::string_view part : split_any(breadcrumb, {">", "›", "»", "＞", "→", "/", "|"})) {
    const bool generic = part == "首页" || part == "网站首页" ||
                         std::find(vocabulary.generic_crumbs.begin(), vocabulary.generic_crumbs.end(), part) !=
                             vocabulary.generic_crumbs.end();
    if (!generic) out.push_back(part);
  }
  return out;
}

}  // namespace

std::string_view column_type_name(ColumnType type) {
  switch (type) {
    case ColumnType::news: return "news";
    case ColumnType::notice_policy: return "notice_policy";
    case ColumnType::slow: return "slow";
    case ColumnType::interaction: return "interaction";
    case ColumnType::services: return "services";
    case ColumnType::other: return "other";
  }
  return "other";
}

bool parse_column_type(std::string_view name, ColumnType* type, std::string* err) {
  for (ColumnType t : {ColumnType::news, ColumnType::notice_policy, ColumnType::slow, ColumnType::interaction,
                       ColumnType::services, ColumnType::other}) {
    if (column_type_name(t) == name) {
      *type = t;
      return true;
    }
  }
  if (err) {
    *err = "unknown column type \"" + std::string(name) +
           "\" (expected news, notice_policy, slow, interaction, services or other)";
  }
  return false;
}

std::string_view column_evidence_name(ColumnEvidenceKind kind) {
  switch (kind) {
    case ColumnEvidenceKind::column_type_meta: return "column_type_meta";
    case ColumnEvidenceKind::column_name_meta: return "column_name_meta";
    case ColumnEvidenceKind::breadcrumb: return "breadcrumb";
    case ColumnEvidenceKind::list_heading: return "list_heading";
    case ColumnEvidenceKind::title: return "title";
    case ColumnEvidenceKind::url_path: return "url_path";
    case ColumnEvidenceKind::none: return "none";
  }
  return "none";
}

const ColumnVocabulary& default_column_vocabulary() {
  // census-criteria.md "Column types", with the common variants of each name seen on county and
  // prefecture portals. Order is from the specific to the generic (see identify_column).
  static const ColumnVocabulary vocabulary{
      {
          {ColumnType::interaction,
           {"领导信箱", "书记信箱", "市长信箱", "县长信箱", "区长信箱", "咨询", "投诉", "留言", "征集调查",
            "意见征集", "民意征集", "网上调查", "在线访谈", "互动交流", "政民互动"},
           {"ldxx", "hdjl", "zxft", "yjzj", "zxzx", "myzj", "wsdc"}},
          {ColumnType::services,
           {"办事服务", "办事指南", "网上办事", "政务服务", "便民服务", "服务事项", "办事大厅"},
           {"bsfw", "bszn", "wsbs", "zwfw", "bmfw"}},
          {ColumnType::slow,
           {"人事", "规划计划", "发展规划", "统计数据", "统计信息", "财政预决算", "预决算", "机构职能",
            "机构设置", "领导信息", "领导简介", "政府领导"},
           {"rsxx", "rsrm", "ghjh", "fzgh", "tjsj", "tjxx", "czyjs", "yjs", "jgzn", "jgsz", "ldjj"}},
          {ColumnType::notice_policy,
           {"通知公告", "公告公示", "政策文件", "政策解读", "规范性文件", "政府文件", "政策法规", "文件",
            "通知", "公告", "公示"},
           {"tzgg", "gggs", "zcwj", "zcjd", "gfxwj", "zfwj", "zcfg", "gsgg"}},
          {ColumnType::news,
           {"要闻", "动态", "工作动态", "政务动态", "新闻", "部门动态", "基层动态", "乡镇动态", "资讯"},
           {"xwdt", "zwdt", "gzdt", "bmdt", "jcdt", "ywdt", "xwzx", "zwyw", "xzdt", "tpxw", "yw"}},
      },
      {"暂无信息", "此栏目暂无内容", "正在建设中", "暂无内容", "暂无数据", "栏目建设中", "暂无相关信息",
       "暂无记录"},
      {"正文", "详情", "详细内容", "内容", "文章", "正文内容", "信息详情", "详细信息", "查看", "阅读"},
  };
  return vocabulary;
}

ColumnIdentity identify_column(const ColumnEvidence& evidence, const ColumnVocabulary& vocabulary) {
  ColumnIdentity id;
  const auto crumbs = breadcrumb_columns(evidence.breadcrumb, vocabulary);
  const std::string heading(trim(evidence.list_heading.substr(0, kMaxEvidenceBytes)));
  const auto title_parts = split_any(std::string_view(evidence.title).substr(0, kMaxEvidenceBytes),
                                     {"_", " - ", "-", "|", "｜", "—", "－"});
  // The name: the page's own statement first, then the places templates print it.
  const std::string meta_name(trim(evidence.column_name_meta));
  if (!meta_name.empty()) id.name = meta_name;
  else if (!crumbs.empty()) id.name = crumbs.back();
  else if (!heading.empty()) id.name = heading;
  else if (!title_parts.empty()) id.name = title_parts.front();

  auto decide = [&](const RuleMatch& m, ColumnEvidenceKind kind, double confidence) {
    if (!m.found) return false;
    id.type = m.type;
    id.decided_by = kind;
    id.matched = m.matched;
    id.confidence = confidence;
    return true;
  };
  // A ColumnType meta may hold a rubric type name ("news") or a Chinese category (工作动态).
  const std::string type_meta(trim(evidence.column_type_meta));
  ColumnType named = ColumnType::other;
  if (!type_meta.empty() && parse_column_type(lower_ascii(type_meta), &named, nullptr) &&
      named != ColumnType::other) {
    decide(RuleMatch{true, named, type_meta}, ColumnEvidenceKind::column_type_meta, 0.95);
    return id;
  }
  if (decide(match_keywords(type_meta, vocabulary), ColumnEvidenceKind::column_type_meta, 0.95)) return id;
  if (decide(match_keywords(meta_name, vocabulary), ColumnEvidenceKind::column_name_meta, 0.95)) return id;
  for (auto it = crumbs.rbegin(); it != crumbs.rend(); ++it) {
    // A parent's type is a fair guess for an unnamed sub-column, but less sure.
    if (decide(match_keywords(*it, vocabulary), ColumnEvidenceKind::breadcrumb, it == crumbs.rbegin() ? 0.85 : 0.7)) {
      return id;
    }
  }
  if (decide(match_keywords(heading, vocabulary), ColumnEvidenceKind::list_heading, 0.8)) return id;
  if (decide(match_path(evidence.url, vocabulary), ColumnEvidenceKind::url_path, 0.7)) return id;
  for (std::string_view part : title_parts) {
    if (decide(match_keywords(part, vocabulary), ColumnEvidenceKind::title, 0.6)) return id;
  }
  id.type = ColumnType::other;
  id.decided_by = !meta_name.empty()   ? ColumnEvidenceKind::column_name_meta
                  : !crumbs.empty()    ? ColumnEvidenceKind::breadcrumb
                  : !heading.empty()   ? ColumnEvidenceKind::list_heading
                  : !title_parts.empty() ? ColumnEvidenceKind::title
                                         : ColumnEvidenceKind::none;
  id.confidence = id.decided_by == ColumnEvidenceKind::none ? 0 : 0.2;
  return id;
}

std::string_view page_kind_name(PageKind kind) {
  switch (kind) {
    case PageKind::home: return "home";
    case PageKind::list: return "list";
    case PageKind::article: return "article";
    case PageKind::other: return "other";
  }
  return "other";
}

bool is_article_url(std::string_view url) {
  // TRS t20240305_1.html, Hanweb art_1_2.html, ucap/Guangdong post_1.html, xinhua-style
  // content_123.htm, and generic detail/show/view pages.
  static const RE2 article(
      "(?i)(/t\\d{8}_\\d+|/art_\\d+_\\d+|/post_\\d+|/content_\\d+|/(?:detail|show|view|article)[^/]*"
      "\\.(?:s?html?|jsp|php|aspx?)$|/\\d{6,}\\.s?html?$)");
  const std::string_view path = url_path(url);
  if (RE2::PartialMatch(re2::StringPiece(path.data(), path.size()), article)) return true;
  return !path.ends_with("/") && date_from_url(path).has_value() && !path.ends_with("/index.html") &&
         !path.ends_with("/index.htm") && !path.ends_with("/index.shtml");
}

PageKind classify_page(const PageShape& page) {
  const std::string path = lower_ascii(url_path(page.url));
  static const RE2 home("(?i)/(?:(?:index|default|main|home)\\.(?:s?html?|jsp|php|aspx?))?");
  if (path.empty() || RE2::FullMatch(path, home)) return PageKind::home;
  for (const auto& [name, content] : page.metas) {
    const std::string n = lower_ascii(name);
    if ((n == "articletitle" || n == "pubdate") && !trim(content).empty()) return PageKind::article;
  }
  if (page.has_datastore || page.has_pagination) return PageKind::list;
  if (page.has_publish_line || is_article_url(page.url)) return PageKind::article;
  if (page.dated_list_items >= 5 || page.list_items >= 10) return PageKind::list;
  if (page.text_bytes >= 1500 && page.list_items < 5) return PageKind::article;
  return PageKind::other;
}

bool is_blank_column(int list_items, std::string_view text, const ColumnVocabulary& vocabulary) {
  if (list_items <= 0) return true;
  if (list_items > 1) return false;
  text = text.substr(0, 1 << 20);
  return std::any_of(vocabulary.placeholders.begin(), vocabulary.placeholders.end(),
                     [&](const std::string& p) { return !p.empty() && text.find(p) != std::string_view::npos; });
}

}  // namespace govaudit
