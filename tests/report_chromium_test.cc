// The HTML report rendered by a real browser (Debian `chromium`, headless): hostile text planted in
// the store — a site name with <script> and an attribute break-out, evidence with an onerror image and
// a javascript: URL — must not run. The planted scripts would set document.title to "pwned"; the
// dumped DOM must still carry the report's own title and no planted element or handler.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "store/crawl_log.h"
#include "store/flag_log.h"
#include "store/score_log.h"
#include "store/store.h"
#include "tests/support/run_command.h"

using namespace govaudit;
using namespace govaudit::testing;

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
  StoredScore s;
  s.run_id = run;
  s.site_id = "hostile";
  s.rubric = "census-2019";
  s.rubric_version = "1.0";
  s.kind = "census";
  s.max = 100;
  s.vetoed = true;
  s.as_of = "2024-06-30";
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
  auto dump = [&](const std::string& file) {
    return run_program({"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=2000",
                        "--dump-dom", "file://" + file},
                       {"HOME=" + dir.path()});
  };
  // Control: this browser does run a planted script when it is not escaped.
  write_file(dir.file("control.html"), "<html><head><title>t</title></head><body>" + kScript + "</body></html>");
  REQUIRE(dump(dir.file("control.html")).out.find("<title>pwned</title>") != std::string::npos);

  plant_store(dir.file("g.db"));
  auto rep = run_govaudit({"--db", dir.file("g.db"), "report", "--year", "2024", "--out", dir.file("report")});
  INFO(rep.err);
  REQUIRE(rep.exit_code == 0);
  for (const std::string page : {"index.html", "sites/hostile.html"}) {
    auto dom = dump(dir.file("report/" + page));
    INFO(page << "\n" << dom.err);
    REQUIRE(dom.exit_code == 0);
    REQUIRE(dom.out.find("</html>") != std::string::npos);
    CHECK(dom.out.find("<title>pwned</title>") == std::string::npos);
    CHECK(dom.out.find("<title>") != std::string::npos);
    CHECK(dom.out.find("<script") == std::string::npos);
    CHECK_FALSE(inside_tag(dom.out, "onmouseover"));
    CHECK_FALSE(inside_tag(dom.out, "onerror"));
    CHECK(dom.out.find("href=\"javascript:") == std::string::npos);
    CHECK(dom.out.find("&lt;script&gt;document.title") != std::string::npos);
  }
}
