// The streaming reader of a stored score's JSON (reports/score_indicators_json.h) against what the
// general reading in load_score_details makes of the same text, and the fall-back to that reading
// when a score's JSON is not the usual shape.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <random>
#include <string>

#include "reports/report_model.h"
#include "reports/score_indicators_json.h"
#include "store/crawl_log.h"
#include "store/score_log.h"
#include "store/store.h"
#include "tests/support/run_command.h"
#include "tests/support/stored_score.h"

using namespace govaudit;
using govaudit::testing::ScratchDir;

namespace {

const std::string kUsual = R"({"site":"a","criteria":{"access":12.5,"services":3},"vetoes":["homepage_not_updated"],
  "notes":{"deep":[1,[2,{"k":"v"}],null]},
  "indicators":[
    {"id":"homepage_not_updated","kind":"veto","group":"freshness","value":true,"points":0,
     "evidence":[{"url":"http://a.test/","seen_at":"2024-06-30T00:00:00Z","detail":"newest 2024-05-01"}],"evidence_total":7},
    {"id":"blank_columns","kind":"deduction","group":"publication","value":null,"points":2.5},
    {"id":"site_unreachable","kind":"veto","group":"access","value":"insufficient","points":0},
    {"id":"broken_links","kind":"deduction","group":"functions","value":12,"points":-3}]})";

// Everything read_score_json fills, as one text, so two readings compare in one CHECK.
std::string dump(const ReportScore& s) {
  std::string out;
  for (const auto& [k, v] : s.criteria) out += fmt::format("criterion {}={:a}\n", k, v);
  for (const auto& v : s.vetoes) out += "veto " + v + "\n";
  for (const auto& i : s.indicators) {
    out += fmt::format("indicator {}|{}|{}|{}|{:a}|{}\n", i.id, i.kind, i.group, i.value, i.points, i.evidence_total);
    for (const auto& e : i.evidence) out += "  evidence " + e.url + "|" + e.seen_at + "|" + e.detail + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("the fast reading agrees with the general one whenever it accepts a text", "[report][score_json]") {
  std::vector<std::string> texts = {
      kUsual,
      R"({"criteria":{"a":1},"criteria":5,"vetoes":["x"],"vetoes":{},"indicators":[]})",  // repeated members
      R"({"indicators":[{"id":"a","id":"b","evidence":[1,{"url":"u"},"s"],"evidence_total":-3,"points":1e-7}]})",
      R"({"indicators":[{"id":"a","value":18446744073709551615,"evidence_total":2.5,"points":-0.0}]})",
      R"({"indicators":[{"id":"a","value":3.0,"evidence":[{"url":"u","url":"v","x":{"deep":[null]}}]}]})",
      "\xEF\xBB\xBF{\"indicators\":[]}",
  };
  // Random byte edits of the usual score: most break the JSON, some change a member's type or value.
  std::mt19937 rng(7);
  const std::string alphabet = "{}[]:,\"0123456789.-eE truefalsn\\u";
  for (int i = 0; i < 4000; ++i) {
    std::string t = kUsual;
    for (int edits = 1 + static_cast<int>(rng() % 3); edits > 0; --edits) {
      std::size_t at = rng() % t.size();
      switch (rng() % 3) {
        case 0: t[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: t.erase(at, 1 + rng() % 8); break;
        default: t.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
      }
    }
    texts.push_back(t);
  }
  int accepted = 0;
  for (const auto& t : texts) {
    ReportScore fast, general;
    if (!read_score_json(t, &fast)) continue;
    ++accepted;
    read_score_json_general(t, &general);
    INFO("text: " << t);
    CHECK(dump(fast) == dump(general));
  }
  CHECK(accepted > 100);  // the comparison ran on many texts, not only the hand-picked ones
}

TEST_CASE("a usual score JSON is read member by member", "[report][score_json]") {
  ReportScore s;
  REQUIRE(read_score_json(kUsual, &s));
  CHECK(s.criteria == std::map<std::string, double>{{"access", 12.5}, {"services", 3}});
  CHECK(s.vetoes == std::vector<std::string>{"homepage_not_updated"});
  REQUIRE(s.indicators.size() == 4);
  const ReportIndicator& veto = s.indicators[0];
  CHECK(veto.id == "homepage_not_updated");
  CHECK(veto.kind == "veto");
  CHECK(veto.group == "freshness");
  CHECK(veto.value == "true");
  REQUIRE(veto.evidence.size() == 1);
  CHECK(veto.evidence[0].url == "http://a.test/");
  CHECK(veto.evidence[0].detail == "newest 2024-05-01");
  CHECK(veto.evidence_total == 7);
  CHECK(s.indicators[1].value == "");
  CHECK(s.indicators[1].points == 2.5);
  CHECK(s.indicators[1].evidence_total == 0);
  CHECK(s.indicators[2].value == "insufficient");
  CHECK(s.indicators[3].value == "12");
  CHECK(s.indicators[3].points == -3);
}

TEST_CASE("a score JSON of another shape is refused by the streaming reader", "[report][score_json]") {
  ReportScore s;
  CHECK_FALSE(read_score_json(kUsual.substr(0, kUsual.size() / 2), &s));  // cut short
  CHECK_FALSE(read_score_json("not json", &s));
  CHECK_FALSE(read_score_json(R"({"indicators":{"id":"x"}})", &s));
  CHECK_FALSE(read_score_json(R"({"indicators":[{"id":"x","value":{"n":1}}]})", &s));
  CHECK_FALSE(read_score_json(R"({"indicators":[{"id":5,"kind":"veto"}]})", &s));
}

TEST_CASE("load_score_details falls back to the general reading for an unusual score", "[report][score_json][store]") {
  ScratchDir dir;
  Store store;
  std::string err;
  REQUIRE(store.open(dir.file("g.db"), &err));
  Site site{"a", "甲", "广东省", "", "county", "east", "none", "http://a.test/"};
  ImportSummary sum;
  REQUIRE(store.import_sites({site}, "a.csv", &sum, &err));
  long long run = 0;
  REQUIRE(begin_run(store, "crawl", "{}", &run, &err));
  StoredScore stored = testing::census_score_row(run, "a", "census-2019", "1.0", "2024-06-30");
  // A value that is an object and an id that is a number: the streaming reader gives up, the general
  // reading keeps the value as JSON text and reads the wrongly typed id as empty.
  stored.json = R"({"criteria":{"access":4},"vetoes":["homepage_not_updated"],"indicators":[
    {"id":"homepage_not_updated","kind":"veto","group":"freshness","value":{"n":1},"points":0,"evidence":[]},
    {"id":5,"kind":"deduction","evidence":{"url":"x"}}]})";
  std::vector<StoredScore> scores{stored};
  REQUIRE(append_scores(store, &scores, &err));

  ReportScore r;
  r.score_id = scores[0].id;
  REQUIRE(load_score_details(store, &r, &err));
  CHECK(r.criteria == std::map<std::string, double>{{"access", 4}});
  CHECK(r.vetoes == std::vector<std::string>{"homepage_not_updated"});
  REQUIRE(r.indicators.size() == 2);
  CHECK(r.indicators[0].value == R"({"n":1})");
  CHECK(r.indicators[1].id == "");
  CHECK(r.indicators[1].kind == "deduction");
  CHECK(r.indicators[1].evidence.empty());
}
