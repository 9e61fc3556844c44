#include "reports/flags.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "audit_rules/dates.h"

namespace govaudit {
namespace {

// Days from `date` to `as_of`; nothing when either is not a date.
std::optional<int> age(const std::string& date, const std::string& as_of) {
  auto d = parse_iso_date(date.substr(0, 10));
  auto a = parse_iso_date(as_of.substr(0, 10));
  if (!d || !a) return std::nullopt;
  return days_between(*d, *a);
}

bool is_app_kind(const std::string& kind) { return kind == "app" || kind == "miniprogram"; }

int column_limit(const std::string& type, const FlagLimits& l) {
  if (type == "news") return l.news_days;
  if (type == "notice_policy") return l.notice_days;
  if (type == "slow") return l.slow_days;
  return -1;  // interaction, services, other: judged by their own rules, not by age
}

void add_dormant(const SiteFacts& s, const FlagLimits& l, std::vector<FlagObservation>* out) {
  if (s.home.url.empty()) return;  // the site did not answer: dead or unreachable, not dormant
  // Dates after the check day (plus one, for time zones) are forged or typos, never activity.
  auto usable = [&](const std::optional<std::string>& d) {
    auto a = d ? age(*d, s.as_of) : std::nullopt;
    return a && *a >= -1;
  };
  std::string newest;
  if (usable(s.home.newest)) newest = *s.home.newest;
  for (const auto& c : s.columns)
    if (usable(c.newest) && *c.newest > newest) newest = *c.newest;
  for (const auto& m : s.messages)
    if (usable(m.asked) && m.asked > newest) newest = m.asked;
  if (newest.empty()) return;  // nothing dated at all: not proof of dormancy
  auto a = age(newest, s.as_of);
  if (!a || *a <= l.dormant_days) return;
  FlagObservation f{s.site, "dormant_site", s.home.url, newest,
                    "newest dated item " + newest + ", " + std::to_string(*a) + " days before " + s.as_of +
                        " (limit " + std::to_string(l.dormant_days) + ")",
                    {}};
  f.evidence.push_back({s.home.url, s.home.seen_at,
                        "home page newest " + (s.home.newest ? *s.home.newest : std::string("undated"))});
  // The columns holding the newest dates prove nothing newer exists; a handful suffices.
  std::vector<const ColumnFacts*> cols;
  for (const auto& c : s.columns)
    if (c.newest) cols.push_back(&c);
  std::sort(cols.begin(), cols.end(), [](auto* x, auto* y) { return *x->newest > *y->newest; });
  for (size_t i = 0; i < cols.size() && i < 5; ++i)
    f.evidence.push_back({cols[i]->url, cols[i]->seen_at, cols[i]->name + " newest " + *cols[i]->newest});
  out->push_back(std::move(f));
}

void add_zombies(const SiteFacts& s, const FlagLimits& l, std::vector<FlagObservation>* out) {
  for (const auto& m : s.media) {
    if (!m.checked) continue;  // never checked: no evidence either way
    int limit = is_app_kind(m.kind) ? l.app_days : l.account_days;
    FlagObservation f{s.site, "zombie_app", m.url, m.newest.value_or(""), "", {}};
    if (!m.target_ok) {
      f.detail = m.kind + " " + m.name + ": " + (m.detail.empty() ? "target does not answer" : m.detail);
    } else if (auto a = m.newest ? age(*m.newest, s.as_of) : std::nullopt; a && *a > limit) {
      f.detail = m.kind + " " + m.name + ": last active " + *m.newest + ", " + std::to_string(*a) +
                 " days before " + s.as_of + " (limit " + std::to_string(limit) + ")";
    } else {
      continue;
    }
    f.evidence.push_back({m.url, m.seen_at, f.detail});
    if (!m.download.empty()) f.evidence.push_back({m.download, m.seen_at, "download"});
    out->push_back(std::move(f));
  }
}

void add_stale_columns(const SiteFacts& s, const FlagLimits& l, std::vector<FlagObservation>* out) {
  for (const auto& c : s.columns) {
    int limit = column_limit(c.type, l);
    if (limit < 0 || c.blank || c.script_only || !c.newest) continue;
    auto a = age(*c.newest, s.as_of);
    if (!a || *a <= limit) continue;
    std::string detail = c.type + " column " + c.name + ": newest " + *c.newest + ", " + std::to_string(*a) +
                         " days before " + s.as_of + " (limit " + std::to_string(limit) + ")";
    out->push_back({s.site, "stale_column", c.url, *c.newest, detail, {{c.url, c.seen_at, detail}}});
  }
}

void add_unreachable(const SiteFacts& s, const FlagLimits& l, std::vector<FlagObservation>* out) {
  const ProbeFacts& p = s.probes;
  if (p.total < l.unreachable_min_probes || p.failed < p.total * l.unreachable_share || p.failed == 0) return;
  std::string since = p.failures.empty() ? "" : p.failures.front().seen_at.substr(0, 10);
  std::string detail = std::to_string(p.failed) + " of " + std::to_string(p.total) + " home-page probes failed over " +
                       std::to_string(p.window_days) + " days";
  FlagObservation f{s.site, "unreachable", s.home.url, since, detail, {}};
  for (size_t i = 0; i < p.failures.size() && i < 5; ++i) f.evidence.push_back(p.failures[i]);
  if (f.subject.empty() && !p.failures.empty()) f.subject = p.failures.front().url;
  out->push_back(std::move(f));
}

}  // namespace

std::vector<FlagObservation> flags_of(const SiteFacts& facts, const FlagLimits& limits) {
  std::vector<FlagObservation> out;
  add_dormant(facts, limits, &out);
  add_zombies(facts, limits, &out);
  add_stale_columns(facts, limits, &out);
  add_unreachable(facts, limits, &out);
  return out;
}

std::vector<FlagHistory> flag_histories(std::vector<FlagCheck> checks) {
  std::sort(checks.begin(), checks.end(),
            [](const FlagCheck& a, const FlagCheck& b) { return std::tie(a.as_of, a.run_id) < std::tie(b.as_of, b.run_id); });
  using Key = std::tuple<std::string, std::string, std::string>;  // site, kind, subject
  std::map<Key, FlagHistory> open;
  std::vector<FlagHistory> done;
  for (const auto& c : checks) {
    std::map<Key, const FlagObservation*> seen;
    for (const auto& o : c.observations) seen.emplace(Key{c.site, o.kind, o.subject}, &o);
    // Close what this site's check no longer supports.
    for (auto it = open.begin(); it != open.end();) {
      if (std::get<0>(it->first) == c.site && !seen.count(it->first)) {
        it->second.closed_run = c.run_id;
        it->second.closed_at = c.as_of;
        done.push_back(std::move(it->second));
        it = open.erase(it);
      } else {
        ++it;
      }
    }
    for (const auto& [key, o] : seen) {
      auto [it, fresh] = open.try_emplace(key);
      FlagHistory& h = it->second;
      if (fresh) {
        h.first_run = c.run_id;
        h.first_seen = c.as_of;
      }
      h.latest = *o;
      h.last_run = c.run_id;
      h.last_seen = c.as_of;
    }
  }
  for (auto& [k, h] : open) done.push_back(std::move(h));
  std::sort(done.begin(), done.end(), [](const FlagHistory& a, const FlagHistory& b) {
    return std::tie(a.latest.site, a.latest.kind, a.latest.subject, a.first_seen) <
           std::tie(b.latest.site, b.latest.kind, b.latest.subject, b.first_seen);
  });
  return done;
}

}  // namespace govaudit
