#include "audit_rules/dates.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace govaudit {

namespace {

constexpr size_t kMaxScanBytes = 4u << 20;
constexpr size_t kContextChars = 20;
constexpr size_t kMaxListItems = 10000;

// Howard Hinnant's days_from_civil: day count from 1970-01-01, exact for every Gregorian date.
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

CivilDate civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The scanned text with full-width digits and separators folded to ASCII, so one scanner reads
// "２０２４－０３－０５" and "2024-03-05" alike. `origin[i]` is the byte offset in the input of
// normalized byte i, so offsets and snippets refer to the caller's text.
struct Normalized {
  std::string text;
  std::vector<uint32_t> origin;
};

Normalized normalize(std::string_view in) {
  Normalized n;
  n.text.reserve(in.size());
  n.origin.reserve(in.size() + 1);
  for (size_t i = 0; i < in.size();) {
    const auto c0 = static_cast<unsigned char>(in[i]);
    if (c0 == 0xEF && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xBC) {
      const auto c2 = static_cast<unsigned char>(in[i + 2]);
      char folded = 0;
      if (c2 >= 0x90 && c2 <= 0x99) folded = static_cast<char>('0' + (c2 - 0x90));  // ０-９
      else if (c2 == 0x8D) folded = '-';                                              // －
      else if (c2 == 0x8F) folded = '/';                                              // ／
      else if (c2 == 0x8E) folded = '.';                                              // ．
      else if (c2 == 0x9A) folded = ':';                                              // ：
      if (folded) {
        n.text.push_back(folded);
        n.origin.push_back(static_cast<uint32_t>(i));
        i += 3;
        continue;
      }
    }
    if ((c0 == 0xE3 && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0x80 &&
         static_cast<unsigned char>(in[i + 2]) == 0x80)) {  // ideographic space
      n.text.push_back(' ');
      n.origin.push_back(static_cast<uint32_t>(i));
      i += 3;
      continue;
    }
    if (c0 == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) {  // nbsp
      n.text.push_back(' ');
      n.origin.push_back(static_cast<uint32_t>(i));
      i += 2;
      continue;
    }
    n.text.push_back(in[i]);
    n.origin.push_back(static_cast<uint32_t>(i));
    ++i;
  }
  n.origin.push_back(static_cast<uint32_t>(in.size()));
  return n;
}

// A digit run starting at `pos`: its value and length (0 when no digit there). Runs longer than
// 9 digits are reported by length only.
struct DigitRun {
  int value = 0;
  size_t len = 0;
};

DigitRun digit_run(std::string_view s, size_t pos) {
  DigitRun r;
  while (pos + r.len < s.size() && is_digit(s[pos + r.len])) {
    if (r.len < 9) r.value = r.value * 10 + (s[pos + r.len] - '0');
    ++r.len;
  }
  return r;
}

bool starts_with_at(std::string_view s, size_t pos, std::string_view what) {
  return pos <= s.size() && s.substr(pos, what.size()) == what;
}

size_t skip_spaces(std::string_view s, size_t pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
  return pos;
}

// Chinese numerals as written in formal dates: 二〇二四年三月五日, 二零二四年十二月三十一日.
int cjk_digit(std::string_view s, size_t pos, size_t* len) {
  static const std::array<std::pair<std::string_view, int>, 12> kDigits{{
      {"〇", 0}, {"零", 0}, {"一", 1}, {"二", 2}, {"三", 3}, {"四", 4},
      {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}, {"十", 10}}};
  // Every numeral is three UTF-8 bytes led by 0xE3..0xE9; most text is rejected on the first byte
  // (this runs at every position of every scanned page).
  if (pos >= s.size() || static_cast<unsigned char>(s[pos]) < 0xE3 || static_cast<unsigned char>(s[pos]) > 0xE9) return -1;
  for (const auto& [text, value] : kDigits) {
    if (starts_with_at(s, pos, text)) {
      *len = text.size();
      return value;
    }
  }
  return -1;
}

// A Chinese-numeral number of up to two "digits" around 十 (一, 十, 十二, 二十, 三十一), or a
// positional year of four digits (二〇二四). Returns -1 when nothing numeric is there.
int cjk_number(std::string_view s, size_t pos, bool positional, size_t* end) {
  std::vector<int> parts;
  size_t p = pos;
  while (parts.size() < 4) {
    size_t len = 0;
    const int v = cjk_digit(s, p, &len);
    if (v < 0) break;
    parts.push_back(v);
    p += len;
  }
  *end = p;
  if (parts.empty()) return -1;
  if (positional) {
    if (parts.size() != 4) return -1;
    int y = 0;
    for (int v : parts) {
      if (v == 10) return -1;
      y = y * 10 + v;
    }
    return y;
  }
  // 十 = 10, 十二 = 12, 二十 = 20, 三十一 = 31, 五 = 5.
  if (parts.size() == 1) return parts[0];
  if (parts.size() == 2 && parts[0] == 10 && parts[1] < 10) return 10 + parts[1];
  if (parts.size() == 2 && parts[1] == 10 && parts[0] < 10) return parts[0] * 10;
  if (parts.size() == 3 && parts[1] == 10 && parts[0] < 10 && parts[2] < 10) return parts[0] * 10 + parts[2];
  return -1;
}

// One candidate match in normalized text; year < 0 means a month-day item.
struct RawMatch {
  int y = -1, m = 0, d = 0;
  size_t begin = 0, end = 0;
};

bool day_suffix(std::string_view s, size_t pos, size_t* end) {
  for (std::string_view suffix : {std::string_view("日"), std::string_view("号")}) {
    if (starts_with_at(s, pos, suffix)) {
      *end = pos + suffix.size();
      return true;
    }
  }
  return false;
}

// "2024年3月5日" with optional spaces, starting after the year digits at `pos`.
bool read_cjk_month_day(std::string_view s, size_t pos, int* m, int* d, size_t* end) {
  pos = skip_spaces(s, pos);
  const DigitRun mr = digit_run(s, pos);
  if (mr.len < 1 || mr.len > 2) return false;
  pos = skip_spaces(s, pos + mr.len);
  if (!starts_with_at(s, pos, "月")) return false;
  pos = skip_spaces(s, pos + 3);
  const DigitRun dr = digit_run(s, pos);
  if (dr.len < 1 || dr.len > 2) return false;
  pos = skip_spaces(s, pos + dr.len);
  if (!day_suffix(s, pos, end)) return false;
  *m = mr.value;
  *d = dr.value;
  return true;
}

// A following time of day ("10:22", " 10:22:33", "T10:22:33+08:00") is part of the match so the
// snippet shows it; only its extent matters.
size_t skip_time(std::string_view s, size_t pos) {
  size_t p = pos;
  if (p < s.size() && (s[p] == 'T' || s[p] == ' ')) ++p;
  p = skip_spaces(s, p);
  const DigitRun h = digit_run(s, p);
  if (h.len < 1 || h.len > 2 || p + h.len >= s.size() || s[p + h.len] != ':') return pos;
  p += h.len + 1;
  const DigitRun mi = digit_run(s, p);
  if (mi.len != 2) return pos;
  p += 2;
  if (p + 2 < s.size() && s[p] == ':' && is_digit(s[p + 1]) && is_digit(s[p + 2])) p += 3;
  return p;
}

// True when [begin, end) stands in brackets — [03-05], (03-05), 【03-05】, （03-05） — or alone on
// its line.
bool set_apart(std::string_view s, size_t begin, size_t end) {
  size_t b = begin, e = end;
  while (b > 0 && s[b - 1] == ' ') --b;
  while (e < s.size() && s[e] == ' ') ++e;
  const std::string_view before = s.substr(0, b);
  const std::string_view after = s.substr(e);
  for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"[", "]"}, {"(", ")"},
                                    {"【", "】"}, {"（", "）"}}) {
    if (before.ends_with(open) && after.starts_with(close)) return true;
  }
  const bool line_before = before.empty() || before.back() == '\n' || before.back() == '\r';
  const bool line_after = after.empty() || after.front() == '\n' || after.front() == '\r';
  return line_before && line_after;
}

// Tries every form at `i`, which begins a digit run (or a Chinese numeral). Longest forms first.
bool match_at(std::string_view s, size_t i, bool url_mode, bool in_list_item, RawMatch* out) {
  const DigitRun a = digit_run(s, i);
  if (a.len == 0) {
    // 二〇二四年三月五日
    size_t p = 0;
    const int y = cjk_number(s, i, true, &p);
    if (y < 0 || !starts_with_at(s, p, "年")) return false;
    const int m = cjk_number(s, p + 3, false, &p);
    if (m < 0 || !starts_with_at(s, p, "月")) return false;
    const int d = cjk_number(s, p + 3, false, &p);
    size_t end = 0;
    if (d < 0 || !day_suffix(s, p, &end)) return false;
    *out = RawMatch{y, m, d, i, end};
    return true;
  }
  const size_t j = i + a.len;
  if (a.len == 4) {
    // 2024-03-05, 2024/3/5, 2024.03.05 (one separator, used twice)
    if (j < s.size() && (s[j] == '-' || s[j] == '/' || s[j] == '.')) {
      const char sep = s[j];
      const DigitRun b = digit_run(s, j + 1);
      const size_t k = j + 1 + b.len;
      if (b.len >= 1 && b.len <= 2 && k < s.size() && s[k] == sep) {
        const DigitRun c = digit_run(s, k + 1);
        const size_t e = k + 1 + c.len;
        // "2024.03.05.1" is a version number, not a date.
        const bool dotted_tail = sep == '.' && e + 1 < s.size() && s[e] == '.' && is_digit(s[e + 1]);
        if (c.len >= 1 && c.len <= 2 && !dotted_tail) {
          *out = RawMatch{a.value, b.value, c.value, i, e};
          return true;
        }
      }
      if (url_mode && sep == '/' && b.len == 4 && k < s.size() && !is_digit(s[k])) {  // /2024/0305/
        *out = RawMatch{a.value, b.value / 100, b.value % 100, i, k};
        return true;
      }
      if (url_mode && sep == '-' && b.len == 2 && k < s.size() && s[k] == '/') {  // /2024-03/05/
        const DigitRun c = digit_run(s, k + 1);
        if (c.len == 2) {
          *out = RawMatch{a.value, b.value, c.value, i, k + 3};
          return true;
        }
      }
    }
    int m = 0, d = 0;
    size_t end = 0;
    const size_t p = skip_spaces(s, j);
    if (starts_with_at(s, p, "年") && read_cjk_month_day(s, p + 3, &m, &d, &end)) {
      *out = RawMatch{a.value, m, d, i, end};
      return true;
    }
    return false;
  }
  if (a.len == 8 && url_mode) {  // t20240305_123.html, content_20240305
    *out = RawMatch{a.value / 10000, a.value / 100 % 100, a.value % 100, i, j};
    return true;
  }
  if (a.len <= 2 && !url_mode) {
    // 3月5日
    const size_t p = skip_spaces(s, j);
    if (starts_with_at(s, p, "月")) {
      const size_t q = skip_spaces(s, p + 3);
      const DigitRun b = digit_run(s, q);
      size_t e = 0;
      if (b.len >= 1 && b.len <= 2 && day_suffix(s, skip_spaces(s, q + b.len), &e)) {
        *out = RawMatch{-1, a.value, b.value, i, e};
        return true;
      }
      return false;
    }
    // 03-05 and [03-05]: two digits each side, so ranges such as "第1-2页" are not dates; not part
    // of a longer chain (05-03-2024, 1.2.3) nor of a time range (11:05-12:05). Outside list items
    // the form must stand in brackets or alone on its line: in running text "共10-20条" is a range.
    if (a.len == 2 && j < s.size() && (s[j] == '-' || s[j] == '/')) {
      const DigitRun b = digit_run(s, j + 1);
      const size_t e = j + 1 + b.len;
      auto joins = [&](char c) { return c == '-' || c == '/' || c == '.' || c == ':'; };
      const bool chained = e + 1 < s.size() && joins(s[e]) && is_digit(s[e + 1]);
      const bool preceded = i >= 2 && joins(s[i - 1]) && is_digit(s[i - 2]);
      if (b.len == 2 && !chained && !preceded && (in_list_item || set_apart(s, i, e))) {
        *out = RawMatch{-1, a.value, b.value, i, e};
        return true;
      }
    }
  }
  return false;
}

bool is_cjk_numeral_start(std::string_view s, size_t i) {
  size_t len = 0;
  const int v = cjk_digit(s, i, &len);
  return v >= 0 && v != 10;
}

// Cuts [begin, end) widened by kContextChars characters on each side, on UTF-8 boundaries, so
// evidence never carries half a character (and a CJK snippet is as readable as a Latin one).
std::string snippet(std::string_view text, size_t begin, size_t end) {
  size_t from = begin, to = std::min(end, text.size());
  for (size_t n = 0; n < kContextChars && from > 0; ++n) {
    --from;
    while (from > 0 && is_cont(static_cast<unsigned char>(text[from]))) --from;
  }
  for (size_t n = 0; n < kContextChars && to < text.size(); ++n) {
    ++to;
    while (to < text.size() && is_cont(static_cast<unsigned char>(text[to]))) ++to;
  }
  std::string out;
  out.reserve(to - from);
  bool space = false;
  for (size_t i = from; i < to; ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      if (!space && !out.empty()) out.push_back(' ');
      space = true;
    } else {
      out.push_back(c);
      space = false;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The start of the line holding `pos`, at most `limit` bytes back.
size_t line_start(std::string_view s, size_t pos, size_t limit) {
  const size_t floor = pos > limit ? pos - limit : 0;
  size_t p = pos;
  while (p > floor && s[p - 1] != '\n' && s[p - 1] != '\r') --p;
  return p;
}

size_t line_end(std::string_view s, size_t pos, size_t limit) {
  const size_t ceil = std::min(s.size(), pos + limit);
  size_t p = pos;
  while (p < ceil && s[p] != '\n' && s[p] != '\r') ++p;
  return p;
}

// Copyright years are the site's, not a page's: "© 2003-2024", "Copyright 2024", "版权所有 2024".
bool after_copyright_mark(std::string_view s, size_t pos) {
  const size_t from = line_start(s, pos, 48);
  const std::string before = lower_ascii(s.substr(from, pos - from));
  for (std::string_view mark : {"©", "copyright", "版权所有", "(c)", "版权"}) {
    if (before.find(mark) != std::string::npos) return true;
  }
  return false;
}

// Labels that Chinese gov article templates put before the publish date, and marks that sit on
// the same line after it (…2024-03-05 来源：某局 浏览次数：…).
constexpr std::array<std::string_view, 12> kPublishLabels{
    "发布时间", "发布日期", "发布于", "日期:", "时间:", "成文日期", "印发日期", "发文日期",
    "公开日期", "更新时间", "发表时间", "日期 :"};
constexpr std::array<std::string_view, 5> kPublishNeighbours{"来源:", "来源 :", "浏览次数", "点击数",
                                                             "阅读次数"};

bool on_publish_line(std::string_view s, size_t begin, size_t end) {
  const size_t from = line_start(s, begin, 36);
  const std::string_view before = s.substr(from, begin - from);
  for (std::string_view label : kPublishLabels) {
    if (before.find(label) != std::string_view::npos) return true;
  }
  const size_t to = line_end(s, end, 48);
  const std::string_view after = s.substr(end, to - end);
  for (std::string_view mark : kPublishNeighbours) {
    if (after.find(mark) != std::string_view::npos) return true;
  }
  return false;
}

// Portal headers print today's date ("今天是：2024年6月1日 星期六"): it dates the fetch, not the
// page, and would make every page look fresh. A publish line may carry a weekday too, so this is
// asked only of dates that are not on a publish line.
bool is_live_clock(std::string_view s, size_t begin, size_t end) {
  const size_t from = line_start(s, begin, 24);
  const std::string_view before = s.substr(from, begin - from);
  for (std::string_view label : {"今天", "今日", "当前日期", "当前时间", "现在是", "Today", "today"}) {
    if (before.find(label) != std::string_view::npos) return true;
  }
  const std::string_view after = s.substr(skip_spaces(s, end));
  return after.starts_with("星期") || after.starts_with("礼拜");
}

// The latest year in which month-day falls on or before `latest` (reference + slack). Feb 29
// walks back to a leap year; at most 8 years are tried.
std::optional<CivilDate> infer_year(int m, int d, const CivilDate& latest) {
  for (int y = latest.y; y > latest.y - 8; --y) {
    const auto date = make_civil_date(y, m, d);
    if (date && *date <= latest) return date;
  }
  return std::nullopt;
}

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string CivilDate::to_string() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::optional<CivilDate> make_civil_date(int y, int m, int d) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return std::nullopt;
  const int days = kDays[m - 1] + (m == 2 && is_leap(y) ? 1 : 0);
  if (d > days) return std::nullopt;
  return CivilDate{y, m, d};
}

std::optional<CivilDate> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!is_digit(text[i])) return std::nullopt;
  }
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = 0; i < len; ++i) v = v * 10 + (text[pos + i] - '0');
    return v;
  };
  return make_civil_date(num(0, 4), num(5, 2), num(8, 2));
}

int days_between(const CivilDate& from, const CivilDate& to) {
  return static_cast<int>(days_from_civil(to.y, to.m, to.d) - days_from_civil(from.y, from.m, from.d));
}

CivilDate add_days(const CivilDate& date, int days) {
  return civil_from_days(days_from_civil(date.y, date.m, date.d) + days);
}

std::string_view date_source_name(DateSource source) {
  switch (source) {
    case DateSource::text: return "text";
    case DateSource::list_item: return "list_item";
    case DateSource::pubdate_meta: return "pubdate_meta";
    case DateSource::publish_line: return "publish_line";
    case DateSource::article_url: return "article_url";
    case DateSource::last_modified: return "last_modified";
    case DateSource::footer: return "footer";
  }
  return "text";
}

DateScan scan_dates(std::string_view text, const DateContext& ctx) {
  DateScan scan;
  if (ctx.source == DateSource::footer) return scan;
  if (text.size() > kMaxScanBytes) text = text.substr(0, kMaxScanBytes);
  const bool url_mode = ctx.source == DateSource::article_url;
  const Normalized norm = normalize(text);
  const std::string_view s = norm.text;
  // A plain value and a flag rather than an optional: GCC 12 misreads optional<CivilDate> here.
  const bool has_latest = ctx.reference.has_value();
  const CivilDate latest = has_latest ? add_days(*ctx.reference, ctx.future_slack_days) : CivilDate{};

  for (size_t i = 0; i < s.size();) {
    const bool digit_start = is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1]));
    RawMatch raw;
    if (!(digit_start || (!url_mode && is_cjk_numeral_start(s, i))) || !match_at(s, i, url_mode, ctx.source == DateSource::list_item, &raw)) {
      ++i;
      continue;
    }
    i = raw.end;
    // A match glued to more digits ("2024-03-051") or to letters and digits in a URL id is not
    // a date.
    if (raw.end < s.size() && is_digit(s[raw.end])) continue;
    if (raw.y >= 0 && raw.y < ctx.min_year) continue;
    if (after_copyright_mark(s, raw.begin)) continue;
    std::optional<CivilDate> date;
    bool inferred = false;
    if (raw.y < 0) {
      if (!has_latest) continue;
      if (!make_civil_date(2000, raw.m, raw.d)) continue;  // 2000 is leap: admits 02-29
      date = infer_year(raw.m, raw.d, latest);
      inferred = true;
    } else {
      date = make_civil_date(raw.y, raw.m, raw.d);
    }
    if (!date) continue;
    const size_t end = skip_time(s, raw.end);
    FoundDate found;
    found.date = *date;
    found.source = ctx.source;
    if (ctx.source == DateSource::text) {
      if (on_publish_line(s, raw.begin, end)) found.source = DateSource::publish_line;
      else if (is_live_clock(s, raw.begin, end)) continue;
    }
    found.offset = norm.origin[raw.begin];
    found.length = norm.origin[end] - found.offset;
    found.context = snippet(text, found.offset, found.offset + found.length);
    found.year_inferred = inferred;
    if (has_latest && *date > latest) {
      scan.future_dates.push_back(std::move(found));
    } else {
      scan.dates.push_back(std::move(found));
    }
    i = end;
  }
  return scan;
}

std::vector<FoundDate> find_dates(std::string_view text, const DateContext& ctx) {
  return scan_dates(text, ctx).dates;
}

std::optional<CivilDate> date_from_url(std::string_view url, std::optional<CivilDate> reference) {
  // The host never carries a publish date; ids in it (and ports) would only add false dates.
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    const size_t path = url.find('/', scheme + 3);
    url = path == std::string_view::npos ? std::string_view() : url.substr(path);
  }
  if (url.size() > 4096) url = url.substr(0, 4096);
  DateContext ctx;
  ctx.source = DateSource::article_url;
  ctx.reference = reference;
  const DateScan scan = scan_dates(url, ctx);
  if (scan.dates.empty()) return std::nullopt;
  return scan.dates.front().date;
}

std::optional<CivilDate> parse_http_date(std::string_view value) {
  static constexpr std::array<std::string_view, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string v = lower_ascii(trim_view(value));
  // IMF-fixdate "tue, 05 mar 2024 …" and RFC 850 "tuesday, 05-mar-24 …": day, month, year after
  // the comma; asctime "tue mar  5 02:22:33 2024": month, day, …, year.
  int day = -1, month = -1, year = -1;
  std::vector<std::string> words;
  std::string word;
  for (char c : v) {
    if (c == ' ' || c == ',' || c == '-') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word.push_back(c);
    }
    if (words.size() > 12) break;
  }
  if (!word.empty()) words.push_back(word);
  for (const std::string& w : words) {
    const auto it = std::find(kMonths.begin(), kMonths.end(), std::string_view(w).substr(0, 3));
    if (w.size() >= 3 && it != kMonths.end() && month < 0) {
      month = static_cast<int>(it - kMonths.begin()) + 1;
      continue;
    }
    if (w.empty() || !std::all_of(w.begin(), w.end(), is_digit) || w.size() > 4) continue;
    const int n = std::stoi(w);
    if (w.size() == 4) year = n;
    else if (day < 0) day = n;
    else if (year < 0 && w.size() == 2) year = n < 70 ? 2000 + n : 1900 + n;
  }
  if (day < 0 || month < 0 || year < 0) return std::nullopt;
  return make_civil_date(year, month, day);
}

namespace {

// A date read from a whole short value (a URL, a header, a meta content): the value is the context.
FoundDate whole_value_date(const CivilDate& date, DateSource source, std::string_view value) {
  FoundDate f;
  f.date = date;
  f.source = source;
  f.context = snippet(value.substr(0, 512), 0, std::min<size_t>(value.size(), 512));
  f.length = value.size();
  return f;
}

// date_from_meta, also collecting meta dates that lie in the future (forged-date evidence).
std::optional<FoundDate> meta_date(const std::vector<MetaTag>& metas, std::optional<CivilDate> reference,
                                   std::vector<FoundDate>* future) {
  // Publish-time names, best first: the development guideline's PubDate, then the names CMSs and
  // news sites use. Modified-time names come last and only count when nothing else dates the page.
  static constexpr std::array<std::string_view, 24> kNames{
      "pubdate", "publishdate", "publish_date", "publishtime", "firstpublishedtime",
      "article:published_time", "og:published_time", "og:article:published_time",
      "datepublished", "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created",
      "dc.date", "dcterms.date", "date", "publication_date", "pub_date", "sailthru.date",
      "parsely-pub-date", "citation_publication_date", "article.published", "createdate",
      "created"};
  static constexpr std::array<std::string_view, 7> kModifiedNames{
      "article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
      "dcterms.modified", "lastmod", "last-modified"};
  DateContext ctx;
  ctx.source = DateSource::pubdate_meta;
  ctx.reference = reference;
  auto first_dated = [&](auto names) -> std::optional<FoundDate> {
    for (std::string_view name : names) {
      for (const auto& [meta_name, content] : metas) {
        if (lower_ascii(trim_view(meta_name)) != name) continue;
        const std::string_view value = std::string_view(content).substr(0, 512);
        DateScan scan = scan_dates(value, ctx);
        if (future) future->insert(future->end(), scan.future_dates.begin(), scan.future_dates.end());
        if (!scan.dates.empty()) return scan.dates.front();
        if (!scan.future_dates.empty()) continue;
        const auto http = parse_http_date(value);
        if (!http || http->y < ctx.min_year) continue;
        FoundDate f = whole_value_date(*http, DateSource::pubdate_meta, value);
        if (!reference || *http <= add_days(*reference, ctx.future_slack_days)) return f;
        if (future) future->push_back(std::move(f));
      }
    }
    return std::nullopt;
  };
  if (auto found = first_dated(kNames)) return found;
  return first_dated(kModifiedNames);
}

}  // namespace

std::optional<FoundDate> date_from_meta(const std::vector<MetaTag>& metas, std::optional<CivilDate> reference) {
  return meta_date(metas, reference, nullptr);
}

PagePublished published_date(const PageDateInput& page) {
  PagePublished out;
  std::optional<FoundDate> meta = meta_date(page.metas, page.reference, &out.future_dates);
  std::optional<FoundDate> line, text;
  DateContext ctx;
  ctx.reference = page.reference;
  for (const TextBlock& block : page.blocks) {
    if (block.region == "footer" || block.region == "copyright") continue;
    // Side regions list other pages' dates ("相关文章", "最新发布"): good for a publish line, not as a
    // bare text date of this page.
    const bool side_region = block.region == "header" || block.region == "nav" || block.region == "aside";
    DateScan scan = scan_dates(block.text, ctx);
    for (FoundDate& f : scan.future_dates) out.future_dates.push_back(std::move(f));
    for (FoundDate& f : scan.dates) {
      if (f.source == DateSource::publish_line && !line) line = f;
      if (f.source == DateSource::text && !text && !side_region) text = f;
    }
  }
  std::optional<FoundDate> url;
  if (const auto d = date_from_url(page.url, page.reference)) {
    url = whole_value_date(*d, DateSource::article_url, page.url);
  }
  std::optional<FoundDate> modified;
  if (const auto d = parse_http_date(page.last_modified)) {
    modified = whole_value_date(*d, DateSource::last_modified, page.last_modified);
  }
  for (const auto* candidate : {&meta, &line, &url, &text, &modified}) {
    if (*candidate) out.evidence.push_back(**candidate);
  }
  if (out.evidence.empty()) return out;
  out.date = out.evidence.front().date;
  out.source = out.evidence.front().source;
  out.weak = out.source == DateSource::text || out.source == DateSource::last_modified;
  // Strong sources must agree; a meta date that differs from the visible publish line or from the
  // URL's date is the "forged date" pattern the census names.
  std::vector<CivilDate> strong;
  for (const auto* candidate : {&meta, &line, &url}) {
    if (*candidate) strong.push_back((*candidate)->date);
  }
  for (size_t i = 1; i < strong.size(); ++i) {
    if (std::abs(days_between(strong[0], strong[i])) > 1) out.contradicted = true;
  }
  return out;
}

DateAgreement compare_list_and_article(std::optional<CivilDate> list_date, const PagePublished& article,
                                       int tolerance_days) {
  DateAgreement a;
  if (!list_date || !article.date) return a;
  a.comparable = true;
  a.days_apart = days_between(*list_date, *article.date);
  a.contradicts = std::abs(a.days_apart) > tolerance_days;
  return a;
}

NewestItem newest_item_date(const std::vector<ListItemInput>& items, std::optional<CivilDate> reference) {
  NewestItem out;
  DateContext ctx;
  ctx.source = DateSource::list_item;
  ctx.reference = reference;
  const size_t n = std::min(items.size(), kMaxListItems);
  out.item_count = static_cast<int>(n);
  for (size_t i = 0; i < n; ++i) {
    const ListItemInput& item = items[i];
    DateScan scan = scan_dates(item.text, ctx);
    for (FoundDate& f : scan.future_dates) out.future_dates.push_back(std::move(f));
    std::optional<FoundDate> chosen;
    if (!scan.dates.empty()) {
      // Lists print the item date before or after the title; a date inside the title
      // ("关于2024年3月10日停电的通知") is about something else.
      const std::string_view t = item.text;
      for (const FoundDate& f : scan.dates) {
        const std::string_view head = trim_view(t.substr(0, f.offset));
        const std::string_view tail = trim_view(t.substr(f.offset + f.length));
        auto bracket_only = [](std::string_view s) {
          return s.find_first_not_of("[]()【】（）<>-|·: ") == std::string_view::npos;
        };
        if (bracket_only(head) || bracket_only(tail)) chosen = f;
      }
      if (!chosen) chosen = scan.dates.back();
      // "[03-05]" leaves the year to inference; an article URL of the same month and day
      // (t20230305_1.html) knows it, which matters for lists that reach back over a year.
      if (chosen->year_inferred) {
        const auto from_url = date_from_url(item.url, reference);
        if (from_url && from_url->m == chosen->date.m && from_url->d == chosen->date.d) {
          chosen->date = *from_url;
          chosen->year_inferred = false;
        }
      }
    } else {
      ++out.no_visible_date_count;
      if (const auto d = date_from_url(item.url, reference)) {
        chosen = whole_value_date(*d, DateSource::article_url, item.url);
      }
    }
    if (!chosen) {
      ++out.undated_count;
      continue;
    }
    if (!out.date || chosen->date > *out.date) {
      out.date = chosen->date;
      out.source = chosen->source;
      out.newest_index = static_cast<int>(i);
    }
    out.item_dates.push_back(std::move(*chosen));
  }
  return out;
}

}  // namespace govaudit
