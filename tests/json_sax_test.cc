// json_sax_parse against nlohmann::json::sax_parse, the reader it stands in for: the same events with the
// same values for valid JSON, and false for the same broken texts (hand-picked edge cases, then many
// random mutations of a stored score's JSON).
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "reports/json_sax.h"

using namespace govaudit;
using json = nlohmann::json;

namespace {

// Every event as a line of text; stops (returns false) at the `stop_at`-th event when set.
class Recorder : public nlohmann::json_sax<json> {
 public:
  explicit Recorder(int stop_at = -1) : stop_at_(stop_at) {}
  std::vector<std::string> events;

  bool null() override { return add("null"); }
  bool boolean(bool v) override { return add(v ? "true" : "false"); }
  bool number_integer(number_integer_t v) override { return add(fmt::format("int {}", v)); }
  bool number_unsigned(number_unsigned_t v) override { return add(fmt::format("uint {}", v)); }
  bool number_float(number_float_t v, const string_t& s) override { return add(fmt::format("float {:a} {}", v, s)); }
  bool string(string_t& v) override { return add("string " + v); }
  bool binary(binary_t&) override { return add("binary"); }
  bool start_object(std::size_t n) override { return add(fmt::format("{{ {}", n)); }
  bool end_object() override { return add("}"); }
  bool start_array(std::size_t n) override { return add(fmt::format("[ {}", n)); }
  bool end_array() override { return add("]"); }
  bool key(string_t& k) override { return add("key " + k); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    events.push_back("error");
    return false;
  }

 private:
  bool add(std::string e) {
    events.push_back(std::move(e));
    return static_cast<int>(events.size()) != stop_at_;
  }
  int stop_at_;
};

void same_as_nlohmann(const std::string& text, int stop_at = -1) {
  Recorder ours(stop_at), theirs(stop_at);
  bool ok_ours = json_sax_parse(text, &ours);
  bool ok_theirs = json::sax_parse(text, &theirs);
  INFO("text: " << text);
  CHECK(ok_ours == ok_theirs);
  CHECK(ours.events == theirs.events);  // up to and including an error
}

// A score as the audit stores it (the shape read_score_json reads), with text that needs escaping.
std::string score_json() {
  json ev = json::array();
  ev.push_back({{"url", "http://www.a.gov.cn.test/xwdt/2024/06/t20240601_1.html"}, {"seen_at", "2024-06-30T10:00:00Z"},
                {"detail", "最新更新 \"quoted\" \\ tab\t 😀 \u0001"}});
  json inds = json::array();
  inds.push_back({{"id", "homepage_updated"}, {"kind", "veto"}, {"group", "veto"}, {"value", true}, {"points", 0},
                  {"evidence", ev}, {"evidence_total", 12}});
  inds.push_back({{"id", "ratio"}, {"kind", "indicator"}, {"group", "服务"}, {"value", 0.8333333333333334},
                  {"points", -2.5}, {"evidence", json::array()}, {"evidence_total", 0}});
  inds.push_back({{"id", "unknown"}, {"kind", "indicator"}, {"group", "g"}, {"value", nullptr}, {"points", 1e-7},
                  {"evidence", json::array()}});
  inds.push_back({{"id", "insufficient"}, {"kind", "bonus"}, {"group", "g"}, {"value", "insufficient"}, {"points", -3},
                  {"evidence", json::array()}});
  return json{{"site", "farm-0001"}, {"score", 87.5}, {"vetoed", false}, {"vetoes", json::array({"a", "b"})},
              {"criteria", {{"信息发布", 20.0}, {"服务", 12.5}}}, {"indicators", inds}}
      .dump();
}

}  // namespace

TEST_CASE("json sax parse gives the events of nlohmann for valid json", "[report][json]") {
  for (const char* text :
       {"{}", "[]", "0", "-0", "1", "-1", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
        "-9223372036854775809", "1.5", "-0.0", "1e3", "1E-3", "2.5e+10", "1e-400", "4.9e-324", "0.1",
        "123456789012345678901234567890", "true", "false", "null", "\"\"", "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
        "\"\\u00e9\\u4e2d\\ud83d\\ude00\\u0000x\"", "\"中文 ☃ 😀\"", " \t\r\n [ 1 , { \"a\" : [ ] , \"b\" : { } } ] \n",
        "{\"a\":1,\"a\":2}", "[[[[[[[[[[[[]]]]]]]]]]]]", "\xEF\xBB\xBF{\"bom\":true}", "{\"\":\"\"}"})
    same_as_nlohmann(text);
  same_as_nlohmann(score_json());
  for (int stop = 1; stop < 12; ++stop) same_as_nlohmann(score_json(), stop);  // a handler that stops
}

TEST_CASE("json sax parse refuses what nlohmann refuses", "[report][json]") {
  for (const char* text :
       {"", " ", "{", "[", "]", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "[1 2]", "01", "1.", ".5", "-", "1e",
        "1e+", "+1", "tru", "nul", "falsey", "\"abc", "\"a\\x\"", "\"a\\u12\"", "\"\\ud83d\"", "\"\\ude00\"",
        "\"\\ud83dx\"", "\"\\ud83d\\u0041\"", "\"tab\there\"", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"",
        "\"\xE4\xB8\"", "\"\x80\"", "1e400", "-1e400", "[1] x", "{} {}", "\xEF\xBB", "[nan]", "[Infinity]", "'a'"})
    same_as_nlohmann(text);
  std::string with_nul("[1,\0 2]", 7);
  same_as_nlohmann(with_nul);
}

TEST_CASE("json sax parse agrees with nlohmann on mutated score json", "[report][json]") {
  const std::string base = score_json();
  const std::string alphabet = "{}[]\",:\\u0123456789.eE+-tfnrl \t\n\x80\xC3\xA9\xED\xF0";
  std::mt19937 rng(7);
  for (int n = 0; n < 3000; ++n) {
    std::string text = base;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      std::size_t at = rng() % text.size();
      char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0: text[at] = c; break;
        case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default: text.erase(at, 1 + rng() % 4);
      }
    }
    same_as_nlohmann(text);
  }
}
