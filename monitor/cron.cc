#include "monitor/cron.h"

#include <ctime>
#include <sstream>
#include <vector>

namespace govaudit {
namespace {

bool parse_number(const std::string& s, int* out) {
  if (s.empty() || s.size() > 4) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// One field: comma-separated items, each `*`, `N` or `A-B`, optionally `/STEP`. Fills bits lo..hi.
template <size_t N>
bool parse_field(const std::string& field, int lo, int hi, const char* name, std::bitset<N>* bits, bool* any,
                 std::string* err) {
  auto fail = [&](const std::string& why) {
    *err = std::string("cron ") + name + " field '" + field + "': " + why;
    return false;
  };
  *any = field == "*";
  std::stringstream items(field);
  std::string item;
  bool some = false;
  while (std::getline(items, item, ',')) {
    some = true;
    int step = 1;
    auto slash = item.find('/');
    if (slash != std::string::npos) {
      if (!parse_number(item.substr(slash + 1), &step) || step < 1) return fail("bad step in '" + item + "'");
      item = item.substr(0, slash);
    }
    int a = lo, b = hi;
    if (item != "*") {
      auto dash = item.find('-');
      if (dash == std::string::npos) {
        if (!parse_number(item, &a)) return fail("'" + item + "' is not a number");
        b = slash == std::string::npos ? a : hi;  // "5/15" means from 5 to the end, every 15
      } else if (!parse_number(item.substr(0, dash), &a) || !parse_number(item.substr(dash + 1), &b)) {
        return fail("bad range '" + item + "'");
      }
    }
    if (a < lo || b > hi || a > b)
      return fail("'" + item + "' is outside " + std::to_string(lo) + "-" + std::to_string(hi));
    for (int v = a; v <= b; v += step) bits->set(static_cast<size_t>(v));
  }
  if (!some) return fail("empty");
  return true;
}

}  // namespace

bool parse_cron(const std::string& text, CronExpr* out, std::string* err) {
  static const std::pair<const char*, const char*> shorthands[] = {
      {"@hourly", "0 * * * *"}, {"@daily", "0 0 * * *"}, {"@weekly", "0 0 * * 0"},
      {"@monthly", "0 0 1 * *"}, {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}};
  std::string spec = text;
  for (const auto& [name, expansion] : shorthands)
    if (text == name) spec = expansion;
  std::stringstream ss(spec);
  std::vector<std::string> f;
  for (std::string w; ss >> w && f.size() < 6;) f.push_back(w);
  if (f.size() != 5) {
    *err = "cron expression '" + text.substr(0, 100) + "' needs 5 fields (minute hour day month weekday)";
    return false;
  }
  CronExpr c;
  bool any = false;
  std::bitset<8> wd;
  if (!parse_field(f[0], 0, 59, "minute", &c.minute, &any, err) ||
      !parse_field(f[1], 0, 23, "hour", &c.hour, &any, err) ||
      !parse_field(f[2], 1, 31, "day-of-month", &c.day, &c.day_any, err) ||
      !parse_field(f[3], 1, 12, "month", &c.month, &any, err) ||
      !parse_field(f[4], 0, 7, "day-of-week", &wd, &c.weekday_any, err))
    return false;
  for (size_t i = 0; i < 7; ++i) c.weekday[i] = wd[i];
  if (wd[7]) c.weekday.set(0);
  *out = c;
  return true;
}

bool cron_matches(const CronExpr& c, long long t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  if (!c.minute[static_cast<size_t>(tm.tm_min)] || !c.hour[static_cast<size_t>(tm.tm_hour)] ||
      !c.month[static_cast<size_t>(tm.tm_mon + 1)])
    return false;
  bool d = c.day[static_cast<size_t>(tm.tm_mday)], w = c.weekday[static_cast<size_t>(tm.tm_wday)];
  if (c.day_any && c.weekday_any) return true;
  if (c.day_any) return w;
  if (c.weekday_any) return d;
  return d || w;
}

long long cron_next(const CronExpr& c, long long t) {
  long long m = (t / 60 + 1) * 60;
  if (t < 0) m = ((t - 59) / 60 + 1) * 60;
  const long long limit = m + 5LL * 366 * 24 * 3600;
  while (m < limit) {
    if (cron_matches(c, m)) return m;
    // Skip whole hours when the hour cannot match, and whole days when the day cannot.
    std::time_t tt = static_cast<std::time_t>(m);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    CronExpr day_only = c;
    day_only.minute.set();
    day_only.hour.set();
    if (!cron_matches(day_only, m)) {
      m += (24 * 60 - (tm.tm_hour * 60 + tm.tm_min)) * 60LL;
    } else if (!c.hour[static_cast<size_t>(tm.tm_hour)]) {
      m += (60 - tm.tm_min) * 60LL;
    } else {
      m += 60;
    }
  }
  return -1;
}

}  // namespace govaudit
