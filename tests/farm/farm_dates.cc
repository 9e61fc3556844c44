#include "tests/farm/farm_dates.h"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>

namespace govaudit::farm {

// Howard Hinnant's days_from_civil / civil_from_days. Written here again on purpose, not taken from
// audit_rules/dates.h: the farm's truth must not share a calendar bug with the audit it checks.
Day day_from_ymd(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

Ymd ymd_from_day(Day z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

std::string iso_date(Day day) {
  Ymd t = ymd_from_day(day);
  return fmt::format("{:04d}-{:02d}-{:02d}", t.y, t.m, t.d);
}

bool parse_iso_date(const std::string& text, Day* day) {
  int y, m, d;
  char tail;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 9999) return false;
  Day v = day_from_ymd(y, m, d);
  Ymd back = ymd_from_day(v);
  if (back.m != m || back.d != d) return false;
  *day = v;
  return true;
}

Day today_utc() { return static_cast<Day>(std::time(nullptr) / 86400); }

std::string list_date(Day day, int form) {
  Ymd t = ymd_from_day(day);
  switch (form) {
    case 1: return fmt::format("{}年{}月{}日", t.y, t.m, t.d);
    case 2: return fmt::format("{:04d}/{:02d}/{:02d}", t.y, t.m, t.d);
    case 3: return fmt::format("[{:02d}-{:02d}]", t.m, t.d);
    default: return iso_date(day);
  }
}

}  // namespace govaudit::farm
