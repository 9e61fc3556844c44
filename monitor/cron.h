// Cron-style schedules: the five fields (minute hour day-of-month month day-of-week) with `*`, lists,
// ranges and steps, plus the @hourly/@daily/@weekly/@monthly/@yearly shorthands. Times are UTC epoch
// seconds; as in cron, when both day fields are restricted a day matches either of them.
#pragma once

#include <bitset>
#include <string>

namespace govaudit {

struct CronExpr {
  std::bitset<60> minute;
  std::bitset<24> hour;
  std::bitset<32> day;    ///< 1..31
  std::bitset<13> month;  ///< 1..12
  std::bitset<7> weekday; ///< 0 = Sunday (7 is accepted as Sunday too)
  bool day_any = true;    ///< day-of-month field was `*`
  bool weekday_any = true;
};

/// Parses `text`; on failure `err` names the offending field and value.
bool parse_cron(const std::string& text, CronExpr* out, std::string* err);

/// Whether the minute starting at `t` (UTC; seconds ignored) matches.
bool cron_matches(const CronExpr& cron, long long t);

/// The first matching minute strictly after `t` (UTC epoch seconds, on a whole minute); searches at
/// most 5 years ahead and returns -1 when nothing matches (e.g. "0 0 31 2 *").
long long cron_next(const CronExpr& cron, long long t);

}  // namespace govaudit
