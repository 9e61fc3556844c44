// The named checks. Each states the census criterion or UN indicator family it serves and where it
// departs from the official wording; numbers come from CheckParams (the rubric file).
#include "audit_rules/rubric_checks.h"

#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace govaudit {

double CheckParams::number(const std::string& key, double fallback) const {
  auto it = numbers.find(key);
  return it == numbers.end() ? fallback : it->second;
}
std::string CheckParams::string(const std::string& key, const std::string& fallback) const {
  auto it = strings.find(key);
  return it == strings.end() ? fallback : it->second;
}
bool CheckParams::flag(const std::string& key, bool fallback) const {
  auto it = flags.find(key);
  return it == flags.end() ? fallback : it->second;
}
std::vector<std::string> CheckParams::string_list(const std::string& key) const {
  auto it = string_lists.find(key);
  return it == string_lists.end() ? std::vector<std::string>{} : it->second;
}
const PatternList* CheckParams::pattern_list(const std::string& key) const {
  auto it = patterns.find(key);
  return it == patterns.end() ? nullptr : &it->second;
}

namespace {

// Evidence lists are bounded: a site with 5,000 dead links needs a count and examples, not all of them.
// Five examples are what a score card shows a reader; the count of all of them travels with the sample
// (CheckOutcome::evidence_total). 25 made a stored score ~70 KB, mostly lists of pages where a feature
// was seen, which no reader goes through and every report had to load.
constexpr size_t kMaxEvidence = 5;

bool parse_date(const std::string& s, std::chrono::sys_days* out) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (s.size() < 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) < 3) return false;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                                  std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return false;
  *out = std::chrono::sys_days{ymd};
  return true;
}

void add_evidence(CheckOutcome* o, Evidence e) {
  ++o->evidence_total;
  if (o->evidence.size() < kMaxEvidence) o->evidence.push_back(std::move(e));
}

// Age in days of `date` at the check date; false when either date is unreadable.
bool age_days(const SiteFacts& f, const std::string& date, long* age) {
  return days_between(date, f.as_of, age);
}

// The first pattern of `list` that matches `text`; fills the matched text.
bool first_match(const PatternList& list, std::string_view text, std::string* matched) {
  for (const auto& re : list.compiled) {
    re2::StringPiece m;
    if (re->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED, &m, 1)) {
      *matched = std::string(m.data(), m.size());
      return true;
    }
  }
  return false;
}

// At most `max` bytes of `s`, never cutting a UTF-8 sequence (evidence ends up in JSON, which must
// stay valid UTF-8).
std::string clip_utf8(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end) + "…";
}

std::string fmt_num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// --- access ----------------------------------------------------------------------------------------

// 站点无法访问: veto when failed/total ≥ fail_share over a window of window_days days, each with at
// least min_per_day probes (a week of 20 a day: probes bunched into a few days do not show a week's
// access). Less ⇒ insufficient (never a veto). `count` = failed share in whole percent (floor), so the
// homepage_availability deduction can charge per 1 %. timeout_s documents the prober's limit.
CheckOutcome probe_failure_share(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  const double per_day = p.number("min_per_day", 20), days = p.number("window_days", 7);
  const auto& pr = f.probes;
  o.evidence = pr.failures;
  o.evidence_total = std::max<std::size_t>(o.evidence.size(), pr.failed > 0 ? pr.failed : 0);
  if (o.evidence.size() > kMaxEvidence) o.evidence.resize(kMaxEvidence);
  int full_days = 0;
  for (const auto& [day, n] : pr.per_day) full_days += n >= per_day;
  if (pr.total <= 0 || pr.total < per_day * days || full_days < days) {
    o.insufficient = true;
    o.note = "insufficient probes: " + std::to_string(pr.total) + " probes, " + std::to_string(full_days) +
             " days with " + fmt_num(per_day) + " or more; the rubric wants " + fmt_num(days) + " such days";
    return o;
  }
  const double share = double(pr.failed) / pr.total;
  o.count = std::floor(share * 100.0 + 1e-9);
  o.hit = share + 1e-12 >= p.number("fail_share", 0.05);
  o.note = std::to_string(pr.failed) + "/" + std::to_string(pr.total) + " probes failed (timeout " +
           fmt_num(p.number("timeout_s", 15)) + " s)";
  return o;
}

// --- freshness -------------------------------------------------------------------------------------

// 首页不更新: hit when the newest dated home item is older than `days` (vendors: > 14 days). Undated
// items do not count as updates. A navigation-only home page is judged by the newest date of its
// first-level columns' pages (the census says "second-level pages": the pages one click down).
CheckOutcome home_not_updated(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  const long limit = long(p.number("days", 14));
  std::optional<std::string> newest = f.home.newest;
  std::string where = f.home.url, seen = f.home.seen_at;
  if (f.home.navigation_only) {
    newest.reset();
    for (const auto& c : f.columns) {
      if (!c.newest) continue;
      long a = 0;
      if (!age_days(f, *c.newest, &a)) continue;
      if (!newest || *c.newest > *newest) newest = c.newest, where = c.url, seen = c.seen_at;
    }
  }
  long age = 0;
  if (!newest || !age_days(f, *newest, &age)) {
    o.hit = true;
    o.note = "no dated item" + std::string(f.home.items_without_date > 0
                                                ? " (" + std::to_string(f.home.items_without_date) +
                                                      " items without date)"
                                                : "");
    add_evidence(&o, {where, seen, o.note});
    return o;
  }
  o.count = double(age);
  o.hit = age > limit;
  o.note = "newest item " + *newest + ", " + std::to_string(age) + " days old";
  add_evidence(&o, {where, seen, o.note});
  return o;
}

// Window in days for a column type under rule (a), or -1 when the type does not count there.
long window_for(const ColumnFacts& c, const CheckParams& p) {
  if (c.type == "news") return long(p.number("news_days", 14));
  if (c.type == "notice_policy" && (c.first_level || !p.flag("notice_first_level_only", false)))
    return long(p.number("notice_days", 183));
  return -1;
}

// Is column `c` stale for window `days`? Items without a date count as not updated (census rule);
// blank and unreadable (script-only) columns are judged elsewhere / not at all.
bool column_stale(const SiteFacts& f, const ColumnFacts& c, long days, std::string* why) {
  if (c.blank || (c.script_only && !c.newest)) return false;
  long age = 0;
  if (!c.newest || !age_days(f, *c.newest, &age)) {
    *why = c.name + ": no dated item";
    return true;
  }
  *why = c.name + ": newest " + *c.newest + ", " + std::to_string(age) + " days old (limit " +
         std::to_string(days) + ")";
  return age > days;
}

// 栏目不更新: (a) stale news columns (news_days) plus stale notice/policy columns (notice_days; with
// notice_first_level_only, 2019, only first-level ones) ≥ stale_min; or (b) columns that should be
// updated — news, notice/policy, slow (人事, 规划计划), any level — with nothing in long_days ≥
// long_stale_min. "Long stale" (长期未更新) is read as the slow columns' 1-year window applied to every
// such column. `count` is the (a) tally. Blank columns are the separate blank_columns veto.
CheckOutcome stale_columns(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  const long long_days = long(p.number("long_days", 365));
  int a = 0, b = 0;
  for (const auto& c : f.columns) {
    const bool regular = c.type == "news" || c.type == "notice_policy" || c.type == "slow";
    if (!regular) continue;
    std::string why;
    const long wa = window_for(c, p);
    const bool stale_a = wa >= 0 && column_stale(f, c, wa, &why);
    std::string why_b;
    const bool stale_b = column_stale(f, c, long_days, &why_b);
    if (stale_a) ++a;
    if (stale_b) ++b;
    if (stale_a || stale_b) add_evidence(&o, {c.url, c.seen_at, c.type + " column " + (stale_a ? why : why_b)});
  }
  o.count = a;
  o.hit = a >= p.number("stale_min", 5) || b >= p.number("long_stale_min", 10);
  o.note = std::to_string(a) + " news/notice columns stale, " + std::to_string(b) + " columns stale over " +
           std::to_string(long_days) + " days";
  return o;
}

// Deduction helper for "a first-level policy column not updated in 6 months −5" and 基本信息 timeliness:
// counts columns whose type is in `types` (and, if given, whose name matches `names`) older than `days`.
CheckOutcome stale_named_columns(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  const auto types = p.string_list("types");
  const PatternList* names = p.pattern_list("names");
  const bool first_level_only = p.flag("first_level_only", false);
  const long days = long(p.number("days", 365));
  for (const auto& c : f.columns) {
    if (!types.empty() && std::find(types.begin(), types.end(), c.type) == types.end()) continue;
    if (first_level_only && !c.first_level) continue;
    std::string matched, why;
    if (names && !first_match(*names, c.name, &matched)) continue;
    if (!column_stale(f, c, days, &why)) continue;
    o.count += 1;
    add_evidence(&o, {c.url, c.seen_at, why});
  }
  o.hit = o.count > 0;
  return o;
}

// 空白栏目: a column counts as blank when flagged blank by the extractor, or when it lists no item and
// its page text matches a placeholder pattern (暂无信息, 正在建设中…). Veto at ≥ blank_min.
CheckOutcome blank_columns(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  const PatternList* placeholders = p.pattern_list("placeholders");
  for (const auto& c : f.columns) {
    bool blank = c.blank;
    std::string detail = c.name + ": blank";
    if (!blank && c.item_count == 0 && !c.script_only && placeholders) {
      for (const auto& page : f.pages) {
        std::string matched;
        if (page.url == c.url && first_match(*placeholders, page.text, &matched)) {
          blank = true;
          detail = c.name + ": placeholder \"" + matched + "\"";
          break;
        }
      }
    }
    if (!blank) continue;
    o.count += 1;
    add_evidence(&o, {c.url, c.seen_at, detail});
  }
  o.hit = o.count >= p.number("blank_min", 5);
  return o;
}

// --- errors ----------------------------------------------------------------------------------------

// 严重错误 / 安全…严重问题: any page text matching the rubric's pattern lists (misspelt leader titles,
// injected gambling text…), and forged dates: a list date contradicting the article's own, or a date
// more than future_days after the check date. `count` = findings.
CheckOutcome serious_error_patterns(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  if (const PatternList* pats = p.pattern_list("patterns")) {
    for (const auto& page : f.pages) {
      // Overlapping patterns (习近平总书计 and 总书计) make one finding, not two.
      std::vector<std::pair<size_t, size_t>> seen;
      for (size_t i = 0; i < pats->compiled.size(); ++i) {
        re2::StringPiece m;
        const std::string& t = page.text;
        if (!pats->compiled[i]->Match(t, 0, t.size(), RE2::UNANCHORED, &m, 1)) continue;
        const size_t b = size_t(m.data() - t.data()), e = b + m.size();
        if (std::any_of(seen.begin(), seen.end(), [&](auto r) { return b < r.second && r.first < e; })) continue;
        seen.emplace_back(b, e);
        o.count += 1;
        add_evidence(&o, {page.url, page.seen_at, "matched \"" + std::string(m.data(), m.size()) + "\""});
      }
    }
  }
  if (p.flag("forged_dates", true)) {
    const long future_days = long(p.number("future_days", 1));
    for (const auto& d : f.date_anomalies) {
      long ahead = 0;
      if (d.kind == "future") {
        if (!days_between(f.as_of, d.date, &ahead) || ahead <= future_days) continue;
        add_evidence(&o, {d.url, d.seen_at, "future publish date " + d.date});
      } else if (d.kind == "list_mismatch") {
        add_evidence(&o, {d.url, d.seen_at, "list date " + d.date + " but article dated " + d.other_date});
      } else {
        continue;
      }
      o.count += 1;
    }
  }
  o.hit = o.count > 0;
  return o;
}

// 链接可用性: dead links counted per occurrence, on the home page (where = "home"), elsewhere
// ("other") or both ("any"); soft 404s count unless include_soft404 = false; attachments only when
// include_attachments (they are also service_forms when they are forms).
CheckOutcome broken_links(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  const std::string where = p.string("where", "any");
  const bool soft = p.flag("include_soft404", true);
  const bool attachments = p.flag("include_attachments", true);
  for (const auto& l : f.broken_links) {
    if (where == "home" && !l.on_home) continue;
    if (where == "other" && l.on_home) continue;
    if (!soft && l.error_class == "soft404") continue;
    if (!attachments && l.attachment) continue;
    o.count += 1;
    add_evidence(&o, {l.url, l.seen_at,
                      "on " + l.found_on + ": " + l.error_class +
                          (l.status ? " " + std::to_string(l.status) : std::string())});
  }
  o.hit = o.count > 0;
  return o;
}

// --- services --------------------------------------------------------------------------------------

// Elements of `g` missing from the rubric's category list.
std::vector<std::string> missing_elements(const ServiceGuide& g, const std::vector<std::string>& cats) {
  std::vector<std::string> miss;
  for (const auto& c : cats)
    if (!g.elements.count(c)) miss.push_back(c);
  return miss;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

// 服务不实用 (2019): no 办事服务 at all — no service guide found and no online-service-hall link that
// answered (a site may delegate services to the provincial hall); or ≥ guide_items_min guides each
// missing ≥ guide_missing_min categories; or fewer than guide_items_min guides, every one missing
// ≥ guide_missing_min (vendor rule, census-notes §2.2). Never hit for departments without public
// services.
CheckOutcome service_guides_missing(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  if (!f.public_services) {
    o.note = "no public services: skipped";
    return o;
  }
  if (f.guides.empty()) {
    const bool hall = std::any_of(f.service_halls.begin(), f.service_halls.end(), [](auto& t) { return t.ok; });
    if (hall || !p.flag("require_services", true)) return o;
    o.hit = true;
    o.note = "no service guide and no working service-hall link";
    add_evidence(&o, {f.home.url, f.home.seen_at, o.note});
    return o;
  }
  const auto cats = p.string_list("categories");
  const double min_missing = p.number("guide_missing_min", 4);
  const double items_min = p.number("guide_items_min", 5);
  int bad = 0;
  for (const auto& g : f.guides) {
    auto miss = missing_elements(g, cats);
    if (double(miss.size()) < min_missing) continue;
    ++bad;
    add_evidence(&o, {g.url, g.seen_at, "missing " + std::to_string(miss.size()) + ": " + join(miss)});
  }
  o.count = bad;
  const double n = double(f.guides.size());
  o.hit = bad >= items_min || (n < items_min && bad == int(f.guides.size()));
  o.note = std::to_string(bad) + " of " + std::to_string(f.guides.size()) + " guides incomplete";
  return o;
}

// 办事指南 completeness deduction: one occurrence per guide missing ≥ min_missing categories.
CheckOutcome service_guide_incomplete(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  if (!f.public_services) return o;
  const auto cats = p.string_list("categories");
  for (const auto& g : f.guides) {
    auto miss = missing_elements(g, cats);
    if (double(miss.size()) < p.number("min_missing", 1) || miss.empty()) continue;
    o.count += 1;
    add_evidence(&o, {g.url, g.seen_at, "missing " + join(miss)});
  }
  o.hit = o.count > 0;
  return o;
}

CheckOutcome failing_targets(const std::vector<TargetCheck>& targets, const char* what) {
  CheckOutcome o;
  for (const auto& t : targets) {
    if (t.ok) continue;
    o.count += 1;
    add_evidence(&o, {t.url, t.seen_at, std::string(what) + " failed on " + t.found_on + ": " + t.detail});
  }
  o.hit = o.count > 0;
  return o;
}

// 附件下载: forms/attachments that did not download.
CheckOutcome service_forms(const SiteFacts& f, const CheckParams&) {
  return f.public_services ? failing_targets(f.forms, "form") : CheckOutcome{};
}

// 在线系统: links to online service halls that did not answer or answered an error.
CheckOutcome online_service_links(const SiteFacts& f, const CheckParams&) {
  return f.public_services ? failing_targets(f.service_halls, "service hall") : CheckOutcome{};
}

// UN one-stop service: met when at least one service-hall link (optionally matching `hosts`
// patterns on its URL) answered.
CheckOutcome online_service_hall_ok(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  const PatternList* hosts = p.pattern_list("hosts");
  for (const auto& t : f.service_halls) {
    std::string m;
    if (!t.ok || (hosts && !first_match(*hosts, t.url, &m))) continue;
    o.count += 1;
    add_evidence(&o, {t.url, t.seen_at, "service hall answered: " + t.detail});
  }
  o.hit = o.count > 0;
  return o;
}

// --- interaction -----------------------------------------------------------------------------------

bool kind_counted(const std::vector<std::string>& kinds, const std::string& kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

// 互动回应差: (1) with require_channel (2019), no channel of `channel_kinds` (信访 and 纪检举报 channels
// are not consultation kinds); (2) a message asked within window_days of the check, in a counted
// channel, still unanswered after more than unanswered_days. "3 months" is read as 90 days (census-
// notes §6 q4: calendar months or days is open; the file decides).
CheckOutcome unanswered_messages(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  const auto kinds = p.string_list("channel_kinds");
  const long late = long(p.number("unanswered_days", 90));
  const long window = long(p.number("window_days", 365));
  bool channel = false;
  for (const auto& c : f.channels) channel = channel || kind_counted(kinds, c.kind);
  if (!channel && p.flag("require_channel", true)) {
    o.hit = true;
    o.note = "no online consultation channel";
    add_evidence(&o, {f.home.url, f.home.seen_at, o.note});
  }
  for (const auto& m : f.messages) {
    if (!kind_counted(kinds, m.channel_kind) || m.replied) continue;
    long age = 0;
    if (!age_days(f, m.asked, &age) || age > window || age <= late) continue;
    o.count += 1;
    add_evidence(&o, {m.url, m.seen_at, "asked " + m.asked + ", unanswered after " + std::to_string(age) + " days"});
  }
  if (o.count > 0) o.hit = true;
  return o;
}

// 2015 互动回应情况 "channel exists": one occurrence when no channel of `channel_kinds` was found.
CheckOutcome channel_missing(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  const auto kinds = p.string_list("channel_kinds");
  for (const auto& c : f.channels)
    if (kind_counted(kinds, c.kind)) return o;
  o.hit = true;
  o.count = 1;
  o.note = "no online consultation channel";
  add_evidence(&o, {f.home.url, f.home.seen_at, o.note});
  return o;
}

// Reply delay deduction: messages asked within window_days and answered later than max_days
// (calendar days standing in for working days; the file sets the number).
CheckOutcome reply_delay(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  const auto kinds = p.string_list("channel_kinds");
  const long max_days = long(p.number("max_days", 14));
  const long window = long(p.number("window_days", 365));
  for (const auto& m : f.messages) {
    if (!m.replied || (!kinds.empty() && !kind_counted(kinds, m.channel_kind))) continue;
    long age = 0, delay = 0;
    if (!age_days(f, m.asked, &age) || age > window || !days_between(m.asked, *m.replied, &delay)) continue;
    if (delay <= max_days) continue;
    o.count += 1;
    add_evidence(&o, {m.url, m.seen_at, "answered after " + std::to_string(delay) + " days"});
  }
  o.hit = o.count > 0;
  return o;
}

// "No new published message replies in 2 months": one occurrence when no reply is dated within days.
CheckOutcome no_recent_replies(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  const long days = long(p.number("days", 60));
  std::string newest;
  for (const auto& m : f.messages)
    if (m.replied && *m.replied > newest) newest = *m.replied;
  long age = 0;
  if (!newest.empty() && age_days(f, newest, &age) && age <= days) return o;
  o.count = 1;
  o.hit = true;
  o.note = newest.empty() ? "no dated reply found" : "newest reply " + newest;
  add_evidence(&o, {f.home.url, f.home.seen_at, o.note});
  return o;
}

// --- features and keywords -------------------------------------------------------------------------

// Text of every LinkText matching `pats`, against its anchor text and (with match_url) its URL.
void match_link_texts(const SiteFacts& f, const PatternList& pats, bool match_url, bool require_ok,
                      CheckOutcome* o) {
  for (const auto& l : f.link_texts) {
    if (require_ok && !l.target_ok) continue;
    std::string m;
    if (!first_match(pats, l.text, &m) && !(match_url && first_match(pats, l.url, &m))) continue;
    o->count += 1;
    add_evidence(o, {l.url, l.seen_at, "\"" + m + "\" in link \"" + clip_utf8(l.text, 120) + "\" on " + l.found_on});
  }
}

// Generic presence: met when SiteFacts.features[feature] has evidence, or (fallback) when a link
// text matches the optional `patterns`. With absent = true the check counts one occurrence when the
// feature is NOT found (deductions such as no_search).
CheckOutcome feature_present(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  auto it = f.features.find(p.string("feature", ""));
  if (it != f.features.end())
    for (const auto& e : it->second) add_evidence(&o, e), o.count += 1;
  if (o.count == 0)
    if (const PatternList* pats = p.pattern_list("patterns"))
      match_link_texts(f, *pats, p.flag("match_url", true), p.flag("require_target_ok", false), &o);
  o.hit = o.count > 0;
  if (p.flag("absent", false)) {
    o.hit = !o.hit;
    o.count = o.hit ? 1 : 0;
    if (o.hit) o.note = p.string("feature", "") + " not found";
  }
  return o;
}

// Generic keyword indicator: anchor texts / titles (and URLs unless match_url = false) match the
// indicator's patterns; with require_target_ok only targets that answered count; met at ≥ min_count.
CheckOutcome link_text_matches(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  if (const PatternList* pats = p.pattern_list("patterns"))
    match_link_texts(f, *pats, p.flag("match_url", true), p.flag("require_target_ok", false), &o);
  o.hit = o.count >= p.number("min_count", 1);
  return o;
}

// Mobile / new-media presence that is alive: a listed app or account whose target answered and whose
// newest activity is within account_days (accounts) or app_days (apps); entries with no activity
// date count as alive only with allow_undated.
CheckOutcome media_alive(const SiteFacts& f, const CheckParams& p) {
  CheckOutcome o;
  const auto kinds = p.string_list("kinds");
  for (const auto& m : f.media) {
    if (!kinds.empty() && !kind_counted(kinds, m.kind)) continue;
    if (!m.target_ok) continue;
    const long limit = long(m.kind == "app" ? p.number("app_days", 365) : p.number("account_days", 14));
    long age = 0;
    if (m.newest ? (!age_days(f, *m.newest, &age) || age > limit) : !p.flag("allow_undated", false)) continue;
    o.count += 1;
    add_evidence(&o, {m.url, m.seen_at, m.kind + " " + m.name + (m.newest ? " active " + *m.newest : "")});
  }
  o.hit = o.count > 0;
  return o;
}

const std::vector<ParamSpec> kNoParams{};
using T = ParamType;

}  // namespace

bool days_between(const std::string& from, const std::string& to, long* days) {
  std::chrono::sys_days a, b;
  if (!parse_date(from, &a) || !parse_date(to, &b)) return false;
  *days = long((b - a).count());
  return true;
}

const std::vector<CheckSpec>& all_checks() {
  static const std::vector<CheckSpec> checks = {
      {"probe_failure_share",
       {{"min_per_day", T::kNumber, true}, {"window_days", T::kNumber, true},
        {"fail_share", T::kNumber, true}, {"timeout_s", T::kNumber, false}},
       probe_failure_share},
      {"home_not_updated", {{"days", T::kNumber, true}}, home_not_updated},
      {"stale_columns",
       {{"news_days", T::kNumber, true}, {"notice_days", T::kNumber, true}, {"long_days", T::kNumber, true},
        {"stale_min", T::kNumber, true}, {"long_stale_min", T::kNumber, true},
        {"notice_first_level_only", T::kBool, false}},
       stale_columns},
      {"stale_named_columns",
       {{"days", T::kNumber, true}, {"types", T::kStringList, false}, {"names", T::kPatterns, false},
        {"first_level_only", T::kBool, false}},
       stale_named_columns},
      {"blank_columns", {{"blank_min", T::kNumber, true}, {"placeholders", T::kPatterns, false}}, blank_columns},
      {"serious_error_patterns",
       {{"patterns", T::kPatterns, true}, {"forged_dates", T::kBool, false}, {"future_days", T::kNumber, false}},
       serious_error_patterns},
      {"broken_links",
       {{"where", T::kString, true}, {"include_soft404", T::kBool, false},
        {"include_attachments", T::kBool, false}},
       broken_links},
      {"service_guides_missing",
       {{"categories", T::kStringList, true}, {"guide_missing_min", T::kNumber, true},
        {"guide_items_min", T::kNumber, true}, {"require_services", T::kBool, false}},
       service_guides_missing},
      {"service_guide_incomplete",
       {{"categories", T::kStringList, true}, {"min_missing", T::kNumber, false}},
       service_guide_incomplete},
      {"service_forms", kNoParams, service_forms},
      {"online_service_links", kNoParams, online_service_links},
      {"online_service_hall_ok", {{"hosts", T::kPatterns, false}}, online_service_hall_ok},
      {"unanswered_messages",
       {{"channel_kinds", T::kStringList, true}, {"unanswered_days", T::kNumber, true},
        {"window_days", T::kNumber, true}, {"require_channel", T::kBool, false}},
       unanswered_messages},
      {"channel_missing", {{"channel_kinds", T::kStringList, true}}, channel_missing},
      {"reply_delay",
       {{"max_days", T::kNumber, true}, {"window_days", T::kNumber, false},
        {"channel_kinds", T::kStringList, false}},
       reply_delay},
      {"no_recent_replies", {{"days", T::kNumber, true}}, no_recent_replies},
      {"feature_present",
       {{"feature", T::kString, true}, {"patterns", T::kPatterns, false}, {"absent", T::kBool, false},
        {"match_url", T::kBool, false}, {"require_target_ok", T::kBool, false}},
       feature_present},
      {"link_text_matches",
       {{"patterns", T::kPatterns, true}, {"match_url", T::kBool, false},
        {"require_target_ok", T::kBool, false}, {"min_count", T::kNumber, false}},
       link_text_matches},
      {"media_alive",
       {{"kinds", T::kStringList, false}, {"account_days", T::kNumber, false}, {"app_days", T::kNumber, false},
        {"allow_undated", T::kBool, false}},
       media_alive},
  };
  return checks;
}

const CheckSpec* find_check(std::string_view name) {
  for (const auto& c : all_checks())
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace govaudit
