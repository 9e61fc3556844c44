// Tests for crawler/url.h: WHATWG conformance (web-platform-tests urltestdata.json and
// toascii.json from /work/shared/data/url-wpt), canonical_url dedup keys, and trap guards.
#include "crawler/url.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <unicode/uchar.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "tests/support/run_command.h"

using govaudit::Url;

namespace {

// shared_dir() is ../shared beside the checkout; a git worktree elsewhere can point
// GOVAUDIT_SHARED_DIR at the real folder.
nlohmann::json load_wpt(const std::string& name) {
  std::string dir = govaudit::testing::shared_dir();
  if (const char* env = std::getenv("GOVAUDIT_SHARED_DIR")) dir = env;
  std::ifstream f(dir + "/data/url-wpt/" + name);
  REQUIRE(f.good());
  return nlohmann::json::parse(f);
}

// The scheme an input would be parsed with, as the WHATWG scheme state sees it: after trimming
// C0 controls/spaces and dropping tabs/newlines, ALPHA *(ALNUM / "+" / "-" / ".") ":".
std::optional<std::string> scheme_of(const std::string& raw) {
  std::string s;
  for (char c : raw)
    if (c != '\t' && c != '\n' && c != '\r') s.push_back(c);
  size_t i = 0;
  while (i < s.size() && static_cast<unsigned char>(s[i]) <= 0x20) ++i;
  if (i >= s.size() || !std::isalpha(static_cast<unsigned char>(s[i]))) return std::nullopt;
  std::string scheme;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.') {
      scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      if (c == ':') return scheme;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

bool supported(const std::optional<std::string>& scheme) {
  return scheme && (*scheme == "http" || *scheme == "https" || *scheme == "ws" ||
                    *scheme == "wss" || *scheme == "ftp");
}

}  // namespace

// Claimed cases, by rule: the input's own scheme is a special non-file scheme (http, https, ws,
// wss, ftp), or the input has no scheme and the base's scheme is one of those (or there is no
// base, which must fail). Everything else (file:, non-special schemes such as sc: or
// javascript:, and scheme-relative inputs against such bases) is out of scope: the crawler
// only follows web links, and parse_url rejects those schemes by design.
TEST_CASE("WPT urltestdata conformance for special web schemes", "[url][wpt]") {
  auto cases = load_wpt("urltestdata.json");
  int claimed = 0, passed = 0, total = 0;
  std::ostringstream failures;
  for (const auto& tc : cases) {
    if (!tc.is_object()) continue;
    ++total;
    const std::string input = tc["input"].get<std::string>();
    std::optional<std::string> base_text;
    if (tc.contains("base") && tc["base"].is_string()) base_text = tc["base"].get<std::string>();
    auto in_scheme = scheme_of(input);
    std::optional<std::string> base_scheme = base_text ? scheme_of(*base_text) : std::nullopt;
    bool claim = supported(in_scheme) || (!in_scheme && (!base_text || supported(base_scheme)));
    if (!claim) continue;
    ++claimed;
    const bool expect_failure = tc.value("failure", false);
    Url url;
    std::string err;
    bool ok;
    if (!base_text || (in_scheme && in_scheme != base_scheme)) {
      ok = govaudit::parse_url(input, &url, &err);
    } else {
      Url base;
      std::string base_err;
      REQUIRE(govaudit::parse_url(*base_text, &base, &base_err));
      ok = govaudit::resolve_url(base, input, &url, &err);
    }
    bool good = expect_failure ? !ok : (ok && govaudit::serialize(url) == tc["href"].get<std::string>());
    if (good) {
      ++passed;
    } else {
      failures << "input=" << nlohmann::json(input).dump()
               << " base=" << (base_text ? *base_text : "null") << " expected="
               << (expect_failure ? "failure" : tc["href"].get<std::string>())
               << " got=" << (ok ? govaudit::serialize(url) : "failure: " + err) << "\n";
    }
  }
  INFO(failures.str());
  WARN("urltestdata: claimed " << claimed << " of " << total << " cases, passed " << passed);
  CHECK(claimed >= 480);
  CHECK(passed == claimed);
}

// Code points whose UTS #46 status or mapping changed in Unicode 15.1/16.0 (U+1E9E now maps to
// U+00DF; U+180E and U+206B became ignored; U+04C0 and U+2183 became valid; U+2F868 now maps
// to U+36FC). ICU before Unicode 15.1 still has the old tables, so cases containing them are
// skipped there by rule.
bool idna_table_changed_since_15_0(const std::string& input) {
  for (const char* cp : {"\u1E9E", "\u180E", "\u206B", "\u04C0", "\u2183", "\U0002F868"}) {
    if (input.find(cp) != std::string::npos) return true;
  }
  return false;
}

bool icu_older_than_unicode_15_1() {
  UVersionInfo v;
  u_getUnicodeVersion(v);
  return v[0] < 15 || (v[0] == 15 && v[1] < 1);
}

// toascii.json is run as the WPT harness does: the input as the host of https://INPUT/x.
TEST_CASE("WPT toascii host conformance", "[url][wpt]") {
  auto cases = load_wpt("toascii.json");
  int total = 0, passed = 0;
  std::ostringstream failures;
  for (const auto& tc : cases) {
    if (!tc.is_object()) continue;
    ++total;
    const std::string input = tc["input"].get<std::string>();
    if (icu_older_than_unicode_15_1() && idna_table_changed_since_15_0(input)) {
      --total;
      continue;
    }
    Url url;
    std::string err;
    bool ok = govaudit::parse_url("https://" + input + "/x", &url, &err);
    bool good = tc["output"].is_null() ? !ok : (ok && url.host == tc["output"].get<std::string>());
    if (good) {
      ++passed;
    } else {
      failures << "input=" << nlohmann::json(input).dump() << " expected=" << tc["output"].dump()
               << " got=" << (ok ? url.host : "failure: " + err) << "\n";
    }
  }
  INFO(failures.str());
  WARN("toascii: passed " << passed << " of " << total);
  CHECK(passed == total);
}
