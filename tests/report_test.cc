// The report: escaping, CSV, and a report of a farm run (one year, then two years with change and
// flags that open and close), all through the CLI.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "reports/csv_export.h"
#include "reports/html_escape.h"
#include "reports/html_report.h"
#include "reports/json_export.h"
#include "tests/support/farm_pipeline.h"

using namespace govaudit;
using namespace govaudit::testing;
namespace fs = std::filesystem;

TEST_CASE("html escaping leaves no markup and no attribute break out", "[report][escape]") {
  CHECK(html_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(html_escape("x\" onmouseover=\"alert(1)") == "x&quot; onmouseover=&quot;alert(1)");
  CHECK(html_escape("a'b&c") == "a&#39;b&amp;c");
  CHECK(html_escape("人民政府") == "人民政府");
  CHECK(safe_href("javascript:alert(1)") == "#");
  CHECK(safe_href(" JAVASCRIPT:alert(1)") == "#");
  CHECK(safe_href("HTTP://a.test/?q=\"x\"") == "HTTP://a.test/?q=&quot;x&quot;");
  CHECK(safe_href("https://a.test/<b>") == "https://a.test/&lt;b&gt;");
}

TEST_CASE("scores json writes strings and numbers as nlohmann dumps them", "[report][json]") {
  // scores.json writes a site's element as text itself; its strings and numbers must read as
  // nlohmann's own dump of them (the report's output did not change when that was made faster).
  const std::vector<std::string> texts{"plain", "人民政府 \"办事指南\" in link", "tab\tnew\nline\r\b\f", "back\\slash /",
                                       std::string("nul\0ctl\x01\x1f\x7f", 9), "bad \xC0\xAF utf-8 \xE4\xB8", "😀 ☃ é"};
  const std::vector<double> numbers{0, -0.0, 1, 2.5, 1.0 / 3, 1e-7, 1e21, -123456.789, 5e-324};
  for (std::size_t n = 0; n < texts.size(); ++n) {
    ReportSite s;
    s.site.id = texts[n];
    s.rank = 1;
    ReportScore sc;
    sc.score = numbers[n % numbers.size()];
    sc.max = numbers[(n + 1) % numbers.size()];
    s.census = sc;
    std::string element = report_json_site(s, true);
    auto expect_in = [&](const std::string& piece) {
      INFO("element: " << element << "\npiece: " << piece);
      CHECK(element.find(piece) != std::string::npos);
    };
    using nlohmann::json;
    auto dump = [](const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); };
    expect_in("\"site\":" + dump(texts[n]) + ",");
    expect_in("\"score\":" + dump(*sc.score) + ",");
    expect_in("\"max\":" + dump(sc.max) + ",");
  }
}

TEST_CASE("csv fields are quoted only when needed", "[report][csv]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_row({"a", "b\nc", ""}) == "a,\"b\nc\",\n");
}

TEST_CASE("bar charts scale bars and escape labels", "[report][svg]") {
  auto svg = bar_chart_svg("t<", {{"east<script>", 50}, {"west", 100}, {"over", 250}}, 100);
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("east&lt;script&gt;") != std::string::npos);
  CHECK(svg.find("width=\"180.0\"") != std::string::npos);  // half of 360
  CHECK(svg.find("width=\"360.0\"") != std::string::npos);  // clamped at max
}

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

const farm::FarmSite* site_by_id(const farm::FarmWorld& w, const std::string& id) {
  for (const auto& s : w.sites)
    if (s.id == id) return &s;
  return nullptr;
}

// Moves every date a site shows by `days` (items, messages, guides, apps): a site that improves or decays.
void shift_site(farm::FarmSite* s, int days) {
  for (auto& c : s->columns) {
    for (auto& i : c.items) {
      i.date += days;
      if (i.article_date >= 0) i.article_date += days;
    }
    for (auto& m : c.messages) {
      m.asked += days;
      if (m.replied >= 0) m.replied += days;
    }
    for (auto& g : c.guides) g.date += days;
  }
  for (auto& a : s->apps) a.updated += days;
}

}  // namespace

TEST_CASE("a report of a farm run has every section and escapes hostile names", "[report][farm][cli]") {
  const std::string as_of = "2024-06-30";
  farm::FarmWorld world = farm_world(6, 3, as_of);
  const std::string hostile = "<script>document.title='pwned'</script>\" onmouseover=\"alert(1)";
  world.sites[0].name = "甲" + hostile;
  ScratchDir dir;
  std::string db = dir.file("g.db");
  auto r = audit_farm_world(std::move(world), dir.path(), db, as_of);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);

  std::string out = dir.file("report");
  auto rep = run_govaudit({"--db", db, "report", "--year", "2024", "--out", out});
  INFO(rep.err);
  REQUIRE(rep.exit_code == 0);
  CHECK(rep.out == out + "/index.html\n");
  std::string index = read_file(out + "/index.html");
  for (const char* section : {"id=\"method\"", "id=\"ranking\"", "id=\"criteria\"", "id=\"distribution\"", "id=\"change\"",
                              "id=\"vetoes\"", "id=\"flags\"", "<svg", "census-2019", "un-losi-cn-minority", "排名 Ranking",
                              "沿海与内陆 Coastal vs inland", "民族自治地区与其他地区"})
    CHECK(index.find(section) != std::string::npos);
  CHECK(index.find("<script") == std::string::npos);
  CHECK(index.find("\" onmouseover") == std::string::npos);
  CHECK(index.find("&lt;script&gt;document.title") != std::string::npos);
  CHECK(index.find("http://") == index.find("http://"));  // links exist only as hrefs/text, nothing is loaded
  CHECK(index.find("src=") == std::string::npos);

  // One page per site, each with indicators and their evidence links.
  int pages = 0;
  for (const auto& e : fs::directory_iterator(out + "/sites")) {
    ++pages;
    std::string page = read_file(e.path().string());
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("Indicators") != std::string::npos);
    CHECK(page.find("History across years") != std::string::npos);
  }
  CHECK(pages == 6);

  auto scores = lines_of(read_file(out + "/scores.csv"));
  REQUIRE(scores.size() > 12);
  CHECK(scores[0] == "site,year,run,rubric,rubric_version,criterion,indicator,value,points");
  for (size_t i = 1; i < scores.size(); ++i) CHECK(scores[i].find(",2024,1,") != std::string::npos);
  auto sites = lines_of(read_file(out + "/sites.csv"));
  REQUIRE(sites.size() >= 7);  // header + 6 (a hostile name may not add lines: it has no newline)
  CHECK(sites[0].rfind("id,name,province,prefecture,level,region,minority,url,", 0) == 0);
  auto json = nlohmann::json::parse(read_file(out + "/scores.json"));
  CHECK(json["year"] == 2024);
  CHECK(json["sites"].size() == 6);
  CHECK(json["previous_year"].is_null());
  // Evidence is the audit's sample of five with the count of all: an indicator that found more says so
  // in scores.json and on its site's page.
  std::string sampled;
  for (const auto& s : json["sites"])
    for (const auto& i : s["census"]["indicators"]) {
      REQUIRE(i["evidence"].size() <= 5);
      if (i["evidence_total"].get<size_t>() > 5 && sampled.empty()) sampled = s["site"].get<std::string>();
    }
  REQUIRE_FALSE(sampled.empty());
  CHECK(read_file(out + "/sites/" + sampled + ".html").find(" more / 另有 ") != std::string::npos);

  // A year without scores is bad input and leaves nothing behind.
  auto none = run_govaudit({"--db", db, "report", "--year", "2019", "--out", dir.file("none")});
  CHECK(none.exit_code == 2);
  CHECK_FALSE(fs::exists(dir.file("none")));
}

TEST_CASE("two years of a farm give year over year change and flags that open and close", "[report][farm][cli][flags]") {
  farm::FarmServerOptions options;
  options.site_latency = false;
  farm::FarmWorld first = farm_world(10, 7, "2023-06-30");
  farm::FarmWorld second = farm_world(10, 7, "2024-06-30");
  REQUIRE(first.sites.size() == second.sites.size());
  std::string dormant, clean;
  for (const auto& s : second.sites) {
    REQUIRE(site_by_id(first, s.id) != nullptr);
    bool is_dormant = std::any_of(s.flags.begin(), s.flags.end(), [](auto& f) { return f.kind == "dormant_site"; });
    if (is_dormant && dormant.empty()) dormant = s.id;
    if (s.defects.empty() && s.fail_share == 0 && clean.empty()) clean = s.id;
  }
  REQUIRE_FALSE(dormant.empty());
  REQUIRE_FALSE(clean.empty());
  // Year two: the dormant site came back to life, the clean one went to sleep.
  for (auto& s : second.sites) {
    if (s.id == dormant) shift_site(&s, 195);
    if (s.id == clean) shift_site(&s, -250);
  }

  ScratchDir dir;
  std::string db = dir.file("g.db");
  {
    farm::FarmServer server(std::move(first), options);
    REQUIRE(server.start(0) > 0);
    auto r = crawl_and_audit_farm(server, dir.path(), db, "2023-06-30");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  {
    farm::FarmServer server(std::move(second), options);
    REQUIRE(server.start(0) > 0);
    auto r = crawl_and_audit_farm(server, dir.path(), db, "2024-06-30");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }

  auto flags = nlohmann::json::parse(run_govaudit({"--db", db, "flags", "--all", "--format", "json",
                                                   "--kind", "dormant_site"}).out);
  auto find = [&](const std::string& site) -> nlohmann::json {
    for (const auto& f : flags)
      if (f["site"] == site) return f;
    return nullptr;
  };
  auto was = find(dormant);
  REQUIRE(was.is_object());
  CHECK(was["status"] == "closed");
  CHECK(was["first_seen"] == "2023-06-30");
  CHECK(was["closed_at"] == "2024-06-30");
  CHECK(was["closed_run"] == 2);
  auto now = find(clean);
  REQUIRE(now.is_object());
  CHECK(now["status"] == "open");
  CHECK(now["first_run"] == 2);
  auto open = nlohmann::json::parse(run_govaudit({"--db", db, "flags", "--format", "json", "--kind", "dormant_site"}).out);
  for (const auto& f : open) CHECK(f["site"] != dormant);

  std::string out = dir.file("report");
  auto rep = run_govaudit({"--db", db, "report", "--year", "2024", "--out", out});
  INFO(rep.err);
  REQUIRE(rep.exit_code == 0);
  auto json = nlohmann::json::parse(read_file(out + "/scores.json"));
  CHECK(json["previous_year"] == 2023);
  for (const auto& s : json["sites"]) {
    REQUIRE(s["history"].size() == 2);
    CHECK(s["history"][0]["year"] == 2023);
    CHECK(s["history"][1]["year"] == 2024);
    if (s["site"] == clean) {
      // Fell: scored (or better) in 2023, vetoed or lower in 2024.
      CHECK(s["history"][0]["census"].is_number());
      bool fell = s["history"][1]["vetoed"] == true ||
                  s["history"][1]["census"].get<double>() < s["history"][0]["census"].get<double>();
      CHECK(fell);
      CHECK_FALSE(s["flags"].empty());
    }
    if (s["site"] == dormant) CHECK(s["un"]["score"].get<double>() >= s["history"][0]["un"].get<double>());
  }
  // scores.csv is the longitudinal record: both years, each row as the stored score of that year says.
  std::map<std::string, std::string> expected;  // "site,year,run,rubric,indicator" → "value,points"
  for (int run = 1; run <= 2; ++run) {
    auto scores = nlohmann::json::parse(run_govaudit({"--db", db, "scores", "--run", std::to_string(run), "--format", "json"}).out);
    REQUIRE_FALSE(scores.empty());
    for (const auto& sc : scores)
      for (const auto& i : sc["indicators"]) {
        const auto& v = i["value"];
        std::string value = v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump();
        expected[sc["site"].get<std::string>() + "," + (run == 1 ? "2023" : "2024") + "," + std::to_string(run) + "," +
                 sc["rubric"].get<std::string>() + "," + i["id"].get<std::string>()] =
            value + "," + fmt::format("{}", i["points"].get<double>());
      }
  }
  auto csv = lines_of(read_file(out + "/scores.csv"));
  REQUIRE(csv.size() == expected.size() + 1);
  std::set<std::string> years;
  for (size_t i = 1; i < csv.size(); ++i) {
    // site,year,run,rubric,rubric_version,criterion,indicator,value,points (no field of the farm holds a comma)
    std::vector<std::string> f;
    std::istringstream in(csv[i]);
    for (std::string x; std::getline(in, x, ',');) f.push_back(x);
    if (csv[i].back() == ',') f.push_back("");
    REQUIRE(f.size() == 9);
    years.insert(f[1]);
    auto it = expected.find(f[0] + "," + f[1] + "," + f[2] + "," + f[3] + "," + f[6]);
    INFO(csv[i]);
    REQUIRE(it != expected.end());
    CHECK(it->second == f[7] + "," + f[8]);
  }
  CHECK(years == std::set<std::string>{"2023", "2024"});

  std::string index = read_file(out + "/index.html");
  CHECK(index.find("Δ census vs 2023") != std::string::npos);
  CHECK(index.find("下降 Fell") != std::string::npos);
  // The report of the first year does not see the second year's flags.
  auto rep1 = run_govaudit({"--db", db, "report", "--year", "2023", "--out", dir.file("r2023")});
  REQUIRE(rep1.exit_code == 0);
  auto j1 = nlohmann::json::parse(read_file(dir.file("r2023") + "/scores.json"));
  CHECK(j1["previous_year"].is_null());
  for (const auto& s : j1["sites"]) CHECK(s["history"].size() == 1);  // nothing from after the report year
  for (const auto& line : lines_of(read_file(dir.file("r2023") + "/scores.csv")))
    CHECK(line.find(",2024,") == std::string::npos);
  for (const auto& s : j1["sites"])
    if (s["site"] == dormant) CHECK_FALSE(s["flags"].empty());
}
