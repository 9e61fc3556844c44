// Flags: the watch lists of dormant sites and zombie apps (census-criteria.md, "Dormant site" and
// "Government new media — the zombie part"), with stale columns and unreachable sites as secondary
// kinds. Two pure steps: `flags_of` reads one run's SiteFacts and says what that run supports;
// `flag_histories` folds every run's observations into flags that open, stay open and close.
#pragma once

#include <string>
#include <vector>

#include "audit_rules/site_facts.h"

namespace govaudit {

/// The limits the flag rules apply, in days (defaults are the spec's: census-criteria.md). Kept in
/// one struct so a caller can take them from a rubric or a command line; nothing reads globals.
struct FlagLimits {
  int dormant_days = 180;        ///< a site whose newest dated item is older is dormant
  int account_days = 14;         ///< a new-media account (WeChat, Weibo…) idle longer is a zombie (2019: 2 weeks)
  int app_days = 365;            ///< an app / mini-program idle longer is a zombie (spec default: 1 year)
  int news_days = 14;            ///< stale_column: news/dynamics columns (census 栏目不更新 (a))
  int notice_days = 183;         ///< stale_column: notice/policy columns (6 months)
  int slow_days = 365;           ///< stale_column: slow columns (1 year)
  double unreachable_share = 0.05;  ///< failed share of home-page probes that makes a site unreachable
  int unreachable_min_probes = 3;   ///< fewer probes than this is not evidence either way
};

/// What one run's facts support about one subject of a site.
struct FlagObservation {
  std::string site;
  std::string kind;     ///< dormant_site | zombie_app | stale_column | unreachable
  std::string subject;  ///< what is flagged: the site URL, the app/account page URL, the column URL
  std::string since;    ///< YYYY-MM-DD of the newest activity seen ("" when none was seen, e.g. a dead app)
  std::string detail;
  std::vector<Evidence> evidence;
};

/// Flags supported by one site's facts as of `facts.as_of`. A dormant site must still answer (its home
/// page was read); a zombie app is a listed entry whose target is dead or whose newest activity is
/// older than its limit (an entry with no date at all is not flagged on age: absence of a date is not
/// proof of idleness); stale columns skip blank and script-only columns (those are other findings).
std::vector<FlagObservation> flags_of(const SiteFacts& facts, const FlagLimits& limits = {});

/// One site's flag check in one run: which run, the check date, and what it supported.
struct FlagCheck {
  long long run_id = 0;
  std::string as_of;  ///< the run's check date YYYY-MM-DD
  std::string site;
  std::vector<FlagObservation> observations;
};

/// A flag over time: opened by the first run that supported it, closed by the first later check of
/// the same site that no longer did (and re-opened as a new FlagHistory if a later run supports it again).
struct FlagHistory {
  FlagObservation latest;     ///< the observation of the newest supporting run (since, detail, evidence)
  long long first_run = 0;
  std::string first_seen;     ///< as_of of first_run
  long long last_run = 0;
  std::string last_seen;
  long long closed_run = 0;   ///< 0 while open
  std::string closed_at;      ///< as_of of closed_run; "" while open
  bool open() const { return closed_run == 0; }
};

/// Folds checks into histories. `checks` may come in any order; they are taken in (as_of, run_id) order.
/// Result ordered by site, kind, subject, first_seen.
std::vector<FlagHistory> flag_histories(std::vector<FlagCheck> checks);

}  // namespace govaudit
