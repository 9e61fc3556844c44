// Civil-calendar arithmetic for the farm: days since 1970-01-01 <-> year/month/day, and the date
// forms portals print. Pure functions, independent of the C library's time zone.
#pragma once

#include <string>

#include "tests/farm/farm_model.h"

namespace govaudit::farm {

struct Ymd {
  int y = 1970, m = 1, d = 1;
};

Day day_from_ymd(int y, int m, int d);
Ymd ymd_from_day(Day day);

/// "YYYY-MM-DD".
std::string iso_date(Day day);

/// Parses "YYYY-MM-DD"; false when malformed or not a real date.
bool parse_iso_date(const std::string& text, Day* day);

/// Today in UTC.
Day today_utc();

/// The list-item date in the given form (FarmSite::date_form).
std::string list_date(Day day, int form);

}  // namespace govaudit::farm
