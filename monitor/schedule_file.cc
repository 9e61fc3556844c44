#include "monitor/schedule_file.h"

#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace govaudit {
namespace {

bool string_list(const toml::table& t, const char* key, std::vector<std::string>* out, const std::string& where,
                 std::string* err) {
  const toml::node* n = t.get(key);
  if (!n) return true;
  const toml::array* a = n->as_array();
  if (!a || a->size() > 1000) {
    *err = where + ": '" + key + "' must be a list of strings";
    return false;
  }
  for (const auto& v : *a) {
    auto s = v.value<std::string>();
    if (!s) {
      *err = where + ": '" + key + "' must be a list of strings";
      return false;
    }
    out->push_back(*s);
  }
  return true;
}

}  // namespace

std::vector<std::string> job_argv(const JobSpec& job, const std::string& db) {
  std::vector<std::string> argv;
  if (!db.empty()) argv = {"--db", db};
  argv.push_back(job.command);
  argv.insert(argv.end(), job.args.begin(), job.args.end());
  for (const auto& s : job.sites) {
    argv.push_back("--site");
    argv.push_back(s);
  }
  return argv;
}

bool parse_schedule(const std::string& text, const std::string& origin, Schedule* out, std::string* err) {
  toml::table root;
  try {
    root = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    os << origin << ":" << e.source().begin.line << ": " << e.description();
    *err = os.str();
    return false;
  }
  Schedule s;
  s.db = root["db"].value_or(std::string());
  s.lock_stale_s = root["lock_stale_seconds"].value_or(600L);
  if (s.lock_stale_s < 30) {
    *err = origin + ": lock_stale_seconds must be at least 30";
    return false;
  }
  const toml::array* jobs = root["job"].as_array();
  if (!jobs || jobs->empty()) {
    *err = origin + ": no [[job]] tables";
    return false;
  }
  std::set<std::string> names;
  for (size_t i = 0; i < jobs->size() && i < 200; ++i) {
    const toml::table* t = (*jobs)[i].as_table();
    std::string where = origin + ": job " + std::to_string(i + 1);
    if (!t) {
      *err = where + " is not a table";
      return false;
    }
    JobSpec j;
    j.command = (*t)["command"].value_or(std::string());
    j.name = (*t)["name"].value_or(j.command);
    if (j.command.empty() || j.command.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") != std::string::npos) {
      *err = where + ": 'command' must name a govaudit command (probe, crawl, audit, report...)";
      return false;
    }
    where = origin + ": job '" + j.name + "'";
    if (j.command == "schedule") {
      *err = where + ": a job cannot run the scheduler itself";
      return false;
    }
    if (!names.insert(j.name).second) {
      *err = where + ": the name is used twice";
      return false;
    }
    if (!string_list(*t, "args", &j.args, where, err) || !string_list(*t, "sites", &j.sites, where, err)) return false;
    j.every_minutes = (*t)["every"].value_or(0L);
    j.cron_text = (*t)["cron"].value_or(std::string());
    j.after = (*t)["after"].value_or(std::string());
    j.retries = static_cast<int>((*t)["retries"].value_or(2L));
    j.retry_delay_s = (*t)["retry_delay"].value_or(300L);
    int triggers = (j.every_minutes != 0) + !j.cron_text.empty() + !j.after.empty();
    if (triggers == 0 && j.command == "probe") {
      j.every_minutes = 60;  // 24 a day: above the census minimum of 20
      triggers = 1;
    }
    if (triggers != 1) {
      *err = where + ": give exactly one of 'every' (minutes), 'cron' or 'after'";
      return false;
    }
    if (j.every_minutes < 0 || j.every_minutes > 60 * 24 * 366) {
      *err = where + ": 'every' must be 1 to 527040 minutes";
      return false;
    }
    if (!j.cron_text.empty() && !parse_cron(j.cron_text, &j.cron, err)) {
      *err = where + ": " + *err;
      return false;
    }
    if (j.retries < 0 || j.retries > 100 || j.retry_delay_s < 0) {
      *err = where + ": 'retries' must be 0 to 100 and 'retry_delay' not negative";
      return false;
    }
    s.jobs.push_back(std::move(j));
  }
  for (const auto& j : s.jobs)
    if (!j.after.empty() && (!names.count(j.after) || j.after == j.name)) {
      *err = origin + ": job '" + j.name + "': 'after' names no other job ('" + j.after + "')";
      return false;
    }
  *out = std::move(s);
  return true;
}

bool load_schedule(const std::string& path, Schedule* out, std::string* err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = "cannot read schedule file " + path;
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (ss.str().size() > (1 << 20)) {
    *err = path + ": schedule file over 1 MiB";
    return false;
  }
  return parse_schedule(ss.str(), path, out, err);
}

}  // namespace govaudit
