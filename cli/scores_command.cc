// `govaudit scores`: stored scores with their criteria (cli.md JSON shape), of one run or one year.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "crawler/log.h"
#include "reports/csv_export.h"
#include "store/crawl_log.h"
#include "store/score_log.h"
#include "store/store.h"

namespace govaudit {
namespace {

// The score's vetoes joined by `sep`; a stored document of another shape gives what it can.
std::string vetoes_of(const StoredScore& s, const char* sep) {
  auto j = nlohmann::json::parse(s.json, nullptr, false);
  std::string out;
  if (j.is_object() && j.contains("vetoes") && j["vetoes"].is_array())
    for (const auto& v : j["vetoes"])
      if (v.is_string()) out += (out.empty() ? "" : sep) + v.get<std::string>();
  return out;
}

struct ScoresArgs {
  long long run = 0;
  int year = 0;
  std::string site;
  std::string format = "table";
};

int scores_command(const GlobalOptions& g, const ScoresArgs& a) {
  Store store;
  std::string err;
  if (!store.open(g.db, &err)) {
    log_error(err);
    return 1;
  }
  ScoreFilter f;
  f.run_id = a.run;
  f.year = a.year;
  f.site_id = a.site;
  if (!a.run && !a.year && !latest_run(store, &f.run_id, &err)) {
    log_error(err);
    return 1;
  }
  // Scores are printed as they are read: a year of a census is 30,000 of them, and holding them (or
  // one JSON document of them all: 4 GB) is what bounded `scores` before (bench/README.md §0.4).
  bool ok = true;
  if (a.format == "json") {
    std::size_t n = 0;
    ok = visit_scores(store, f, [&](StoredScore&& s) {
      auto j = nlohmann::json::parse(s.json, nullptr, false);
      if (!j.is_object()) j = nlohmann::json::object();
      j["audited_at"] = s.audited_at;
      j["as_of"] = s.as_of;
      // Indented as one array's dump(2) would be.
      std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
      std::cout << (n++ ? ",\n  " : "[\n  ");
      for (char c : text) {
        std::cout << c;
        if (c == '\n') std::cout << "  ";
      }
      return true;
    }, &err);
    std::cout << (n ? "\n]\n" : "[]\n");
  } else if (a.format == "csv") {
    std::cout << "site,run,rubric,rubric_version,score,max,vetoed,vetoes,passed,level,as_of\n";
    ok = visit_scores(store, f, [&](StoredScore&& s) {
      // Rubric names and levels come from user rubric files: quoted like every other text field.
      std::cout << csv_field(s.site_id) << ',' << s.run_id << ',' << csv_field(s.rubric) << ','
                << csv_field(s.rubric_version) << ',' << (s.score ? std::to_string(*s.score) : "") << ',' << s.max << ','
                << (s.vetoed ? "true" : "false") << ',' << csv_field(vetoes_of(s, ";")) << ','
                << (s.passed ? "true" : "false") << ',' << csv_field(s.level) << ',' << csv_field(s.as_of)
                << "\n";
      return true;
    }, &err);
  } else {
    std::printf("%-14s %4s %-22s %8s %6s  %-6s %s\n", "site", "run", "rubric", "score", "max", "verdict", "vetoes/level");
    ok = visit_scores(store, f, [&](StoredScore&& s) {
      std::string verdict = s.kind == "census" ? (s.vetoed ? "veto" : s.passed ? "pass" : "fail") : "";
      std::printf("%-14s %4lld %-22s %8s %6.0f  %-6s %s\n", s.site_id.c_str(), s.run_id,
                  (s.rubric + "@" + s.rubric_version).c_str(),
                  s.score ? (s.kind == "un" ? std::to_string(*s.score).substr(0, 5) : std::to_string(static_cast<int>(*s.score + 0.5))).c_str() : "-",
                  s.max, verdict.c_str(), (s.kind == "un" ? s.level : vetoes_of(s, ",")).c_str());
      return true;
    }, &err);
  }
  if (!ok) {
    std::cout.flush();
    log_error(err);
    return 1;
  }
  return 0;
}

}  // namespace

void add_scores_command(CLI::App& app, const GlobalOptions& global, CommandRun* run) {
  auto a = std::make_shared<ScoresArgs>();
  auto* sub = app.add_subcommand("scores", "Stored scores with their criteria (latest run by default)");
  auto* r = sub->add_option("--run", a->run, "scores of this run");
  sub->add_option("--year", a->year, "scores of runs started in this year")->excludes(r);
  sub->add_option("--site", a->site, "only this site");
  sub->add_option("--format", a->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))->capture_default_str();
  sub->footer("Scores are printed as they are read from the store, so a year of a census needs little memory. "
              "If the store fails part way, what was printed stays, the error is named on stderr and the exit "
              "status is 1.");
  sub->callback([run, &global, a] { *run = [&global, a] { return scores_command(global, *a); }; });
}

}  // namespace govaudit
