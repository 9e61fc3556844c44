// The HTML report rendered by a real browser (Debian `chromium`, headless): hostile text planted in
// the store, and on a farm site's pages then crawled, must not run, and no page logs a console
// message. The planted scripts would set document.title to "pwned"; the dumped DOM must still carry
// the report's own title and no planted element or handler.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>
#include <sstream>

#include "store/crawl_log.h"
#include "store/flag_log.h"
#include "store/score_log.h"
#include "store/store.h"
#include "tests/support/farm_pipeline.h"
#include "tests/support/run_command.h"
#include "tests/support/stored_score.h"

using namespace govaudit;
using namespace govaudit::testing;
namespace fs = std::filesystem;

namespace {

// True when `needle` occurs inside a tag (between an unescaped '<' and its '>'), i.e. as an attribute.
bool inside_tag(const std::string& dom, const std::string& needle) {
  for (size_t at = dom.find(needle); at != std::string::npos; at = dom.find(needle, at + 1)) {
    size_t open = dom.rfind('<', at), close = dom.rfind('>', at);
    if (open != std::string::npos && (close == std::string::npos || open > close)) return true;
  }
  return false;
}

bool have_chromium() { return run_program({"sh", "-c", "command -v chromium"}).exit_code == 0; }

struct Rendered {
  int exit_code = -1;
  std::string dom;
  std::vector<std::string> console;  ///< what the page logged (script errors, CSP reports, console.*)
};

// Renders `file` headless and collects the page's console lines, which chromium writes to stderr as
// "...:CONSOLE:N] "message", source: URL (line)" when logging to stderr is on.
Rendered render(const std::string& file, const std::string& home) {
  auto r = run_program({"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                        "--virtual-time-budget=2000", "--dump-dom", "file://" + file},
                       {"HOME=" + home});
  Rendered out{r.exit_code, r.out, {}};
  std::istringstream err(r.err);
  for (std::string line; std::getline(err, line);)
    if (line.find(":CONSOLE") != std::string::npos) out.console.push_back(line);
  return out;
}

// Every relative href/src of a report page must name a file that exists: a self-contained report
// loads nothing from the network and has no broken local links.
std::vector<std::string> missing_local_targets(const std::string& page_file, const std::string& dom) {
  static const std::regex ref(R"((?:href|src)="([^"#]*)(?:#[^"]*)?")");
  std::vector<std::string> missing;
  fs::path base = fs::path(page_file).parent_path();
  for (std::sregex_iterator it(dom.begin(), dom.end(), ref), end; it != end; ++it) {
    std::string target = (*it)[1];
    if (target.empty() || target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) continue;
    if (!fs::exists(base / target)) missing.push_back(target);
  }
  return missing;
}

// The checks every rendered report page must pass.
void check_page_is_inert(const std::string& file, const Rendered& page) {
  INFO(file);
  REQUIRE(page.exit_code == 0);
  REQUIRE(page.dom.find("</html>") != std::string::npos);
  CHECK(page.dom.find("<title>pwned") == std::string::npos);
  CHECK(page.dom.find("<title>") != std::string::npos);
  CHECK(page.dom.find("<script") == std::string::npos);
  CHECK_FALSE(inside_tag(page.dom, "onmouseover"));
  CHECK_FALSE(inside_tag(page.dom, "onerror"));
  CHECK(page.dom.find("href=\"javascript:") == std::string::npos);
  CHECK(page.console == std::vector<std::string>{});
  CHECK(missing_local_targets(file, page.dom) == std::vector<std::string>{});
}

const std::string kScript = "<script>document.title='pwned'</script>";
const std::string kBreakOut = "\" onmouseover=\"document.title='pwned'";

void plant_store(const std::string& db) {
  Store store;
  std::string err;
  REQUIRE(store.open(db, &err));
  Site site{"hostile", "恶意" + kScript + kBreakOut, "广东省" + kScript, "", "county", "east", "none",
            "http://www.hostile.gov.cn.test/"};
  ImportSummary sum;
  REQUIRE(store.import_sites({site}, "planted.csv", &sum, &err));
  long long run = 0;
  REQUIRE(begin_run(store, "crawl", "{}", &run, &err));
  nlohmann::json ev = {{{"url", "javascript:document.title='pwned'"}, {"seen_at", "2024-06-30T00:00:00Z"},
                        {"detail", "<img src=x onerror=\"document.title='pwned'\">" + kBreakOut}}};
  StoredScore s = testing::census_score_row(run, "hostile", "census-2019", "1.0", "2024-06-30");
  s.vetoed = true;
  nlohmann::json j = {{"vetoes", {"homepage_not_updated"}},
                      {"criteria", {{"freshness" + kScript, 0}}},
                      {"indicators", {{{"id", "homepage_not_updated"}, {"kind", "veto"}, {"group", "freshness"},
                                       {"value", true}, {"points", 0}, {"evidence", ev}}}}};
  s.json = j.dump();
  std::vector<StoredScore> scores{s};
  REQUIRE(append_scores(store, &scores, &err));
  StoredFlagCheck c;
  c.run_id = run;
  c.site_id = "hostile";
  c.as_of = "2024-06-30";
  c.flags.push_back({"dormant_site", "javascript:document.title='pwned'", "2023-01-01", kScript, ev.dump()});
  std::vector<StoredFlagCheck> checks{c};
  REQUIRE(append_flag_checks(store, &checks, &err));
}

}  // namespace

TEST_CASE("headless chromium renders the report and no planted script runs", "[report][chromium]") {
  if (!have_chromium()) {
    WARN("chromium is not installed (scripts/setup.sh installs it): headless rendering check skipped");
    return;
  }
  ScratchDir dir;
  // Control: this browser does run a planted script when it is not escaped, and its console output
  // is seen, so the checks below can fail.
  write_file(dir.file("control.html"), "<html><head><title>t</title></head><body>" + kScript +
                                           "<script>console.error('planted')</script></body></html>");
  auto control = render(dir.file("control.html"), dir.path());
  REQUIRE(control.dom.find("<title>pwned</title>") != std::string::npos);
  REQUIRE(control.console.size() == 1);
  CHECK(control.console[0].find("planted") != std::string::npos);

  plant_store(dir.file("g.db"));
  auto rep = run_govaudit({"--db", dir.file("g.db"), "report", "--year", "2024", "--out", dir.file("report")});
  INFO(rep.err);
  REQUIRE(rep.exit_code == 0);
  for (const std::string page : {"index.html", "sites/hostile.html"}) {
    std::string file = dir.file("report/" + page);
    auto dom = render(file, dir.path());
    check_page_is_inert(file, dom);
    CHECK(dom.dom.find("&lt;script&gt;document.title") != std::string::npos);
  }
}

TEST_CASE("hostile titles and links crawled from a farm site never run in the report", "[report][chromium][farm]") {
  if (!have_chromium()) {
    WARN("chromium is not installed (scripts/setup.sh installs it): headless rendering check skipped");
    return;
  }
  // The farm escapes what it renders, so these arrive as page text: column names, list and article
  // titles, guides, messages and app names all carry a script and an attribute break-out (the
  // registry's site name is planted in the test above).
  const std::string marker = "<script>document.title='pwned-by-page'</script>" + kBreakOut;
  const std::string as_of = "2024-06-30";
  farm::FarmWorld world = farm_world(6, 3, as_of);
  farm::FarmSite& site = world.sites[0];
  for (auto& col : site.columns) {
    col.name += marker;
    for (auto& item : col.items) item.title += marker;
    for (auto& guide : col.guides) guide.title += marker;
    for (auto& message : col.messages) message.title += marker;
  }
  for (auto& app : site.apps) app.name += marker;
  ScratchDir dir;
  std::string db = dir.file("g.db");
  const std::string site_id = site.id;
  auto r = audit_farm_world(std::move(world), dir.path(), db, as_of);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(run_govaudit({"--db", db, "-q", "flags"}).exit_code == 0);
  auto rep = run_govaudit({"--db", db, "report", "--year", "2024", "--out", dir.file("report")});
  INFO(rep.err);
  REQUIRE(rep.exit_code == 0);

  // The crawled text reached the report (as text), then no page of it runs anything.
  std::string site_file = dir.file("report/sites/" + site_id + ".html");
  std::string raw = read_file(site_file);
  CHECK(raw.find("pwned-by-page") != std::string::npos);
  std::vector<std::string> pages{dir.file("report/index.html")};
  for (const auto& e : fs::directory_iterator(dir.file("report/sites"))) pages.push_back(e.path().string());
  REQUIRE(pages.size() == 7);
  for (const auto& file : pages) check_page_is_inert(file, render(file, dir.path()));
}
