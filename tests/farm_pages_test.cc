// The rendered pages carry what the truth says (no server: render_farm is called directly): article
// dates match list dates, serious-error phrases appear exactly on the planted pages, guides lack exactly
// their missing elements, message boards show unanswered messages, blank columns show their placeholder.
#include <catch2/catch.hpp>

#include <iconv.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_pages.h"
#include "tests/farm/farm_truth.h"

using namespace govaudit::farm;

namespace {

FarmWorld world(int sites, std::uint64_t seed) { return generate_farm({sites, seed, day_from_ymd(2026, 11, 23), false}); }

// The page at `url` as UTF-8 text.
std::string text(const FarmWorld& w, const FarmSite& s, const std::string& url, int* status = nullptr) {
  FarmResponse r = render_farm_url(w, url);
  if (status) *status = r.status;
  if (s.charset != "GBK") return r.body;
  iconv_t cd = iconv_open("UTF-8", "GBK");
  std::string out(r.body.size() * 2 + 4, '\0');
  char* src = r.body.data();
  size_t left = r.body.size(), dleft = out.size();
  char* dst = out.data();
  size_t rc = iconv(cd, &src, &left, &dst, &dleft);
  iconv_close(cd);
  REQUIRE(rc != static_cast<size_t>(-1));
  out.resize(out.size() - dleft);
  return out;
}

}  // namespace

TEST_CASE("every truth page renders with status 200 and articles show their list date", "[farm]") {
  FarmWorld w = world(24, 11);
  for (const auto& s : w.sites) {
    for (const auto& p : s.pages) {
      int status = 0;
      text(w, s, p, &status);
      CHECK(status == 200);
    }
    for (const auto& col : s.columns)
      for (const auto& item : col.items) {
        std::string page = text(w, s, "http://" + s.host + item.path);
        Day own = item.article_date >= 0 ? item.article_date : item.date;  // forged dates contradict the list
        CHECK(page.find("发布时间：" + iso_date(own)) != std::string::npos);
        CHECK((page.find("name=\"PubDate\" content=\"" + iso_date(own)) != std::string::npos) == s.guideline_meta);
      }
  }
}

TEST_CASE("serious error phrases appear exactly on the planted pages", "[farm]") {
  FarmWorld w = world(40, 12);
  int planted = 0;
  for (const auto& s : w.sites) {
    std::set<std::string> expected;
    for (const auto& d : s.defects)
      if (d.kind == "serious_errors" && d.detail.find('-') == std::string::npos) expected.insert(d.url);  // phrases, not dates
    planted += static_cast<int>(expected.size());
    for (const auto& p : s.pages) {
      std::string page = text(w, s, p);
      bool has = false;
      for (const auto& phrase : serious_error_phrases()) has |= page.find(phrase) != std::string::npos;
      INFO(p);
      CHECK(has == (expected.count(p) == 1));
    }
  }
  CHECK(planted > 0);
}

TEST_CASE("guides lack exactly their missing elements and boards show unanswered messages", "[farm]") {
  FarmWorld w = world(24, 13);
  for (const auto& s : w.sites)
    for (const auto& col : s.columns) {
      for (const auto& g : col.guides) {
        std::string page = text(w, s, "http://" + s.host + g.path);
        for (size_t k = 0; k < guide_elements().size(); ++k) {
          bool missing = std::find(g.missing.begin(), g.missing.end(), static_cast<int>(k)) != g.missing.end();
          CHECK((page.find("<h3>" + guide_elements()[k] + "</h3>") == std::string::npos) == missing);
        }
        for (const auto& f : g.forms) CHECK(page.find("href=\"" + f + "\"") != std::string::npos);
      }
      if (col.kind == ColumnKind::interaction) {
        std::string page = text(w, s, "http://" + s.host + col.path);
        for (const auto& m : col.messages) {
          std::string row = "<td>" + iso_date(m.asked) + "</td><td>" + (m.replied < 0 ? "未回复" : iso_date(m.replied)) + "</td>";
          CHECK(page.find(row) != std::string::npos);
        }
      }
      if (col.blank) {
        std::string page = text(w, s, "http://" + s.host + col.path);
        if (!col.blank_text.empty()) CHECK(page.find(col.blank_text) != std::string::npos);
        CHECK(page.find("发布时间") == std::string::npos);
      }
    }
}

TEST_CASE("home pages list items no newer than home_newest", "[farm]") {
  FarmWorld w = world(24, 14);
  for (const auto& s : w.sites) {
    std::string page = text(w, s, "http://" + s.host + "/");
    if (s.home_newest >= 0) CHECK(page.find(list_date(s.home_newest, s.date_form)) != std::string::npos);
    for (Day d = s.home_newest + 1; d <= w.config.as_of + 400; ++d)
      if (s.date_form != 3) CHECK(page.find(list_date(d, s.date_form)) == std::string::npos);
  }
}
