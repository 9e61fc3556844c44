// Tests for crawler/url.h: WHATWG conformance (web-platform-tests urltestdata.json and
// toascii.json from /work/shared/data/url-wpt), canonical_url dedup keys, and trap guards.
#include "crawler/url.h"

#include <unicode/uchar.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
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
    bool good =
        expect_failure ? !ok : (ok && govaudit::serialize(url) == tc["href"].get<std::string>());
    if (good) {
      ++passed;
    } else {
      failures << "input=" << nlohmann::json(input).dump()
               << " base=" << (base_text ? *base_text : "null")
               << " expected=" << (expect_failure ? "failure" : tc["href"].get<std::string>())
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

namespace {

Url parsed(const std::string& text) {
  Url url;
  std::string err;
  INFO(text);
  REQUIRE(govaudit::parse_url(text, &url, &err));
  return url;
}

std::string resolved(const std::string& base, const std::string& ref) {
  Url url;
  std::string err;
  INFO(base << " + " << ref);
  REQUIRE(govaudit::resolve_url(parsed(base), ref, &url, &err));
  return govaudit::serialize(url);
}

std::string canon(const std::string& text) { return govaudit::canonical_url(parsed(text)); }

// The invariant fuzz_url checks: a canonical URL parses and is its own canonical form.
bool canonical_is_fixed_point(const std::string& text) {
  std::string once = canon(text);
  Url again;
  std::string err;
  return govaudit::parse_url(once, &again, &err) && govaudit::canonical_url(again) == once;
}

bool trap(const std::string& text, std::string* why = nullptr,
          const govaudit::TrapLimits& limits = {}) {
  std::string reason;
  bool result = govaudit::looks_like_trap(parsed(text), &reason, limits);
  if (why) *why = reason;
  return result;
}

}  // namespace

TEST_CASE("Relative references against a government page", "[url]") {
  const std::string base = "http://www.example.gov.test/xxgk/zcwj/index.html?x=1#top";
  CHECK(resolved(base, "./art_1.html") == "http://www.example.gov.test/xxgk/zcwj/art_1.html");
  CHECK(resolved(base, "art_1.html") == "http://www.example.gov.test/xxgk/zcwj/art_1.html");
  CHECK(resolved(base, "../tzgg/") == "http://www.example.gov.test/xxgk/tzgg/");
  CHECK(resolved(base, "../../../../a") == "http://www.example.gov.test/a");
  CHECK(resolved(base, "/col/col1/index.html") ==
        "http://www.example.gov.test/col/col1/index.html");
  CHECK(resolved(base, "//static.example.test/a.js") == "http://static.example.test/a.js");
  CHECK(resolved(base, "?page=2") == "http://www.example.gov.test/xxgk/zcwj/index.html?page=2");
  CHECK(resolved(base, "#f") == "http://www.example.gov.test/xxgk/zcwj/index.html?x=1#f");
  CHECK(resolved(base, "") == "http://www.example.gov.test/xxgk/zcwj/index.html?x=1");
  CHECK(resolved(base, "  \t./a\nb.html \x01") == "http://www.example.gov.test/xxgk/zcwj/ab.html");
  CHECK(resolved(base, "..\\..\\x\\y.html") == "http://www.example.gov.test/x/y.html");
  CHECK(resolved(base, "https://OTHER.example.test:443/") == "https://other.example.test/");
  CHECK(resolved(base, "http:art.html") == "http://www.example.gov.test/xxgk/zcwj/art.html");
}

TEST_CASE("Unsupported and malformed references fail with a message", "[url]") {
  Url url;
  std::string err;
  for (const char* bad : {"javascript:void(0)", "mailto:ban@example.test", "file:///etc/passwd",
                          "http://", "http://a b.test/", "http://[::1/", "http://host:99999/",
                          "http://host:12a/", "http://user@/", "data:text/html,x"}) {
    INFO(bad);
    err.clear();
    CHECK_FALSE(govaudit::resolve_url(parsed("https://www.example.test/"), bad, &url, &err));
    CHECK_FALSE(err.empty());
  }
  CHECK_FALSE(govaudit::parse_url("/relative/only", &url, &err));
  CHECK(err.find("/relative/only") != std::string::npos);
}

TEST_CASE("Chinese hosts become punycode and Chinese paths percent encoded", "[url]") {
  CHECK(govaudit::serialize(parsed("http://政府.cn/")) == "http://xn--mxtq1m.cn/");
  CHECK(govaudit::serialize(parsed("http://www.北京.政务/")) ==
        govaudit::serialize(parsed("http://www.xn--1lq90i.xn--zfr164b/")));
  CHECK(govaudit::serialize(parsed("http://WWW.GOV.CN/新闻/列表.html?关键词=税")) ==
        "http://www.gov.cn/%E6%96%B0%E9%97%BB/%E5%88%97%E8%A1%A8.html?"
        "%E5%85%B3%E9%94%AE%E8%AF%8D=%E7%A8%8E");
  // Full-width dot and letters are mapped by UTS 46.
  CHECK(govaudit::serialize(parsed("http://ｗｗｗ。ｇｏｖ。ｃｎ/")) == "http://www.gov.cn/");
  std::string ascii, err;
  CHECK(govaudit::host_to_ascii("政府.cn", &ascii, &err));
  CHECK(ascii == "xn--mxtq1m.cn");
  CHECK_FALSE(govaudit::host_to_ascii("a<b", &ascii, &err));
  // UTS 46 mapping expands U+3300 (a square katakana word) to the four katakana it stands for.
  std::string spelled;
  CHECK(govaudit::host_to_ascii("\u30A2\u30D1\u30FC\u30C8.test", &spelled, &err));
  CHECK(govaudit::host_to_ascii("\u3300.test", &ascii, &err));
  CHECK(ascii == spelled);
  CHECK(ascii.rfind("xn--", 0) == 0);
}

TEST_CASE("IP hosts are normalised", "[url]") {
  CHECK(parsed("http://0x7f.1/").host == "127.0.0.1");
  CHECK(parsed("http://3232235777/").host == "192.168.1.1");
  CHECK(parsed("http://0300.0250.1.1/").host == "192.168.1.1");
  CHECK(parsed("http://[0:0:0:0:0:ffff:a00:1]/").host == "[::ffff:a00:1]");
  CHECK(parsed("http://[2001:DB8:0:0:1:0:0:1]/").host == "[2001:db8::1:0:0:1]");
  Url url;
  std::string err;
  CHECK_FALSE(govaudit::parse_url("http://1.2.3.256/", &url, &err));
  CHECK_FALSE(govaudit::parse_url("http://1.2.3.4.5/", &url, &err));
}

TEST_CASE("Effective port", "[url]") {
  CHECK(govaudit::effective_port(parsed("http://a.test/")) == 80);
  CHECK(govaudit::effective_port(parsed("https://a.test/")) == 443);
  CHECK(govaudit::effective_port(parsed("https://a.test:443/")) == 443);
  CHECK(parsed("https://a.test:443/").port == -1);
  CHECK(govaudit::effective_port(parsed("http://a.test:8080/")) == 8080);
  CHECK(govaudit::effective_port(parsed("ftp://a.test/")) == 21);
}

TEST_CASE("Canonical URL basics", "[url][canonical]") {
  CHECK(canon("HTTP://WWW.Example.TEST:80") == "http://www.example.test/");
  CHECK(canon("https://www.example.test:443/a/./b/../c#frag") == "https://www.example.test/a/c");
  CHECK(canon("http://www.example.test:8080/") == "http://www.example.test:8080/");
  CHECK(canon("http://www.example.test/?") == "http://www.example.test/");
  CHECK(canon("http://www.example.test/a?x=1&&y=2&") == "http://www.example.test/a?x=1&y=2");
  CHECK(canon("http://www.example.test./a") == "http://www.example.test/a");
  CHECK(canon("http://user:pw@www.example.test/a") == "http://user:pw@www.example.test/a");
}

TEST_CASE("Canonical URL percent encoding", "[url][canonical]") {
  CHECK(canon("http://a.test/%41%62%63/%7e%2D%5f%2e") == "http://a.test/Abc/~-_.");
  CHECK(canon("http://a.test/a%2fb%3a") == "http://a.test/a%2Fb%3A");
  CHECK(canon("http://a.test/%e6%96%b0%e9%97%bb/") == "http://a.test/%E6%96%B0%E9%97%BB/");
  CHECK(canon("http://a.test/新闻/") == "http://a.test/%E6%96%B0%E9%97%BB/");
  CHECK(canon("http://a.test/新闻/") == canon("http://a.test/%e6%96%b0%e9%97%bb/"));
  CHECK(canon("http://a.test/%zz%") == "http://a.test/%25zz%25");  // a stray percent sign is itself escaped
  // GBK-encoded query bytes stay byte-exact (only hex case is normalised).
  CHECK(canon("http://a.test/search.jsp?q=%D5%FE%B8%AE&t=1") ==
        "http://a.test/search.jsp?q=%D5%FE%B8%AE&t=1");
  CHECK(canon("http://a.test/search.jsp?q=%d5%fe%b8%ae") ==
        "http://a.test/search.jsp?q=%D5%FE%B8%AE");
  CHECK(canon("http://a.test/s?q=%41+b") == "http://a.test/s?q=A+b");
}

TEST_CASE("Canonical URL drops session parameters", "[url][canonical]") {
  CHECK(canon("http://a.test/list.jsp;jsessionid=0A1B2C3D4E?id=5") ==
        "http://a.test/list.jsp?id=5");
  CHECK(canon("http://a.test/x;JSESSIONID=abc/y.html") == "http://a.test/x/y.html");
  CHECK(canon("http://a.test/x.php?PHPSESSID=abc&id=1") == "http://a.test/x.php?id=1");
  CHECK(canon("http://a.test/x.asp?id=1&ASPSESSIONIDQQGGQBSR=XYZ") == "http://a.test/x.asp?id=1");
  CHECK(canon("http://a.test/x?sid=1&sessionid=2&session_id=3") == "http://a.test/x");
  CHECK(canon("http://a.test/x?sidebar=1") == "http://a.test/x?sidebar=1");
  govaudit::CanonicalOptions keep;
  keep.drop_session_params = false;
  CHECK(govaudit::canonical_url(parsed("http://a.test/x?sid=1"), keep) == "http://a.test/x?sid=1");
}

TEST_CASE("Canonical URL drops tracking parameters and keeps order", "[url][canonical]") {
  CHECK(canon("http://a.test/a?utm_source=wx&id=7&utm_medium=x&UTM_Campaign=y") ==
        "http://a.test/a?id=7");
  CHECK(canon("http://a.test/a?spm=1.2.3&from=singlemessage&isappinstalled=0&id=7") ==
        "http://a.test/a?id=7");
  CHECK(canon("http://a.test/a?share_token=abc&b=2&a=1") == "http://a.test/a?b=2&a=1");
  CHECK(canon("http://a.test/a?_=1700000000000&col=3") == "http://a.test/a?col=3");
  CHECK(canon("http://a.test/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15") ==
        "http://a.test/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15");
  CHECK(canon("http://a.test/a?b=2&a=1") != canon("http://a.test/a?a=1&b=2"));
  CHECK(canon("http://a.test/a?fromdate=2020") == "http://a.test/a?fromdate=2020");
  govaudit::CanonicalOptions keep;
  keep.drop_tracking_params = false;
  keep.drop_fragment = false;
  CHECK(govaudit::canonical_url(parsed("http://a.test/a?utm_source=x#f"), keep) ==
        "http://a.test/a?utm_source=x#f");
}

TEST_CASE("Canonical URL merges equivalent spellings", "[url][canonical]") {
  const std::string key = canon("http://www.example.test/xxgk/index.html?id=1");
  for (const char* same : {"HTTP://WWW.EXAMPLE.TEST/xxgk/index.html?id=1",
                           "http://www.example.test:80/xxgk/index.html?id=1#a",
                           "http://www.example.test/xxgk/./index.html?id=1",
                           "http://www.example.test/a/../xxgk/index.html?id=1",
                           "http://www.example.test/%78xgk/index.html?id=1&utm_source=x",
                           "http://www.example.test/xxgk/index.html;jsessionid=Z?id=1",
                           " http://www.example.test/xxgk/index.html?id=1\n"}) {
    INFO(same);
    CHECK(canon(same) == key);
  }
  CHECK(canon("http://www.example.test/XXGK/index.html?id=1") != key);
  CHECK(canon("https://www.example.test/xxgk/index.html?id=1") != key);
}

TEST_CASE("Trap guards flag repeating path segments", "[url][trap]") {
  std::string why;
  CHECK(trap("http://a.test/a/b/a/b/a/b/", &why));
  CHECK(why.find("repeats") != std::string::npos);
  CHECK(trap("http://a.test/x/x/x/x/"));
  CHECK(trap("http://a.test/img/img/img/img/logo.png"));
  CHECK(trap("http://a.test/a/1/a/2/a/3/a/4/a"));
  CHECK_FALSE(trap("http://a.test/a/b/a/b/"));
  CHECK_FALSE(trap("http://a.test/xxgk/xxgk/index.html"));
  CHECK_FALSE(trap("http://a.test/xxgk/zfxxgkml/bmxxgkml/sfgw/zcwj/gfxwj/2024/art_1.html"));
}

TEST_CASE("Trap guards flag depth length and parameter count", "[url][trap]") {
  std::string deep = "http://a.test";
  for (int i = 0; i < 17; ++i) deep += "/d" + std::to_string(i);
  CHECK(trap(deep));
  std::string ok = "http://a.test";
  for (int i = 0; i < 16; ++i) ok += "/d" + std::to_string(i);
  CHECK_FALSE(trap(ok));
  CHECK(trap("http://a.test/" + std::string(2100, 'x')));
  CHECK_FALSE(trap("http://a.test/" + std::string(1900, 'x')));
  std::string params = "http://a.test/q?";
  for (int i = 0; i < 17; ++i) params += "p" + std::to_string(i) + "=1&";
  CHECK(trap(params));
  govaudit::TrapLimits loose;
  loose.max_query_params = 100;
  loose.max_path_segments = 100;
  CHECK_FALSE(trap(params, nullptr, loose));
  CHECK_FALSE(trap(deep, nullptr, loose));
}

TEST_CASE("Trap guards flag calendar and paging spaces", "[url][trap]") {
  std::string why;
  CHECK(trap("http://a.test/cal.jsp?year=2031&month=5", &why, {}) == false);
  CHECK(trap("http://a.test/cal.jsp?year=2036&month=5", &why));
  CHECK(why.find("year=2036") != std::string::npos);
  CHECK(trap("http://a.test/cal.jsp?year=1900"));
  CHECK(trap("http://a.test/cal.jsp?year=2024&month=13"));
  CHECK(trap("http://a.test/cal.jsp?year=2024&month=0"));
  CHECK_FALSE(trap("http://a.test/cal.jsp?year=2024&month=12"));
  CHECK(trap("http://a.test/list?date=2099-01-01"));
  CHECK(trap("http://a.test/list?startDate=20990101"));
  CHECK(trap("http://a.test/list?date=1800-01-01"));
  CHECK_FALSE(trap("http://a.test/list?date=2024-06-30"));
  CHECK_FALSE(trap("http://a.test/list?pubdate=20240630"));
  CHECK_FALSE(trap("http://a.test/list?updatetime=1700000000000"));
  CHECK_FALSE(trap("http://a.test/list?time=1700000000&date=2024-05"));
  CHECK_FALSE(trap("http://a.test/list?date=5"));
  CHECK(trap("http://a.test/list?date=2099/05"));
  CHECK(trap("http://a.test/cal?year=99"));
  CHECK(trap("http://a.test/list?page=5001"));
  CHECK(trap("http://a.test/list?pageNo=99999999999999"));
  CHECK_FALSE(trap("http://a.test/list?page=4999"));
  CHECK_FALSE(trap("http://a.test/list?id=99999999"));
  govaudit::TrapLimits limits;
  limits.max_year = 2040;
  CHECK_FALSE(trap("http://a.test/cal.jsp?year=2036", nullptr, limits));
}

TEST_CASE("Random bytes never crash the parser", "[url]") {
  uint32_t state = 777;
  auto next = [&] { return state = state * 1103515245u + 12345u; };
  const std::string alphabet =
      "http://[]:@%./\\?#;=&0x1ffab\xE6\x94\xBF"
      "\t\n ";
  const Url base = parsed("https://www.example.test/a/b/c?d#e");
  int ok_count = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = (round % 2 == 0) ? "http://" : "";
    size_t len = next() % 80;
    for (size_t i = 0; i < len; ++i)
      text.push_back((next() >> 8) % 5 == 0 ? static_cast<char>(next() >> 16)
                                            : alphabet[(next() >> 8) % alphabet.size()]);
    Url url;
    std::string err;
    if (govaudit::resolve_url(base, text, &url, &err)) {
      ++ok_count;
      // A serialised URL parses back to itself (the WHATWG idempotence property).
      Url again;
      INFO(nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
           << " -> " << govaudit::serialize(url));
      REQUIRE(govaudit::parse_url(govaudit::serialize(url), &again, &err));
      CHECK(govaudit::serialize(again) == govaudit::serialize(url));
      (void)govaudit::canonical_url(url);
      (void)govaudit::looks_like_trap(url, &err);
    } else {
      CHECK_FALSE(err.empty());
    }
  }
  CHECK(ok_count > 100);
}

// Found by fuzz_url (fuzz/regressions/fuzz_url/): with one trailing dot dropped, "www.anc.."
// canonicalised to "www.anc." and that again to "www.anc" (two dedup keys); dropping every dot
// turned "%2E6.." into ".6", which does not parse (a host ending in a number is read as IPv4).
TEST_CASE("Canonical URL is its own canonical form with several trailing host dots", "[url][canonical][fuzz]") {
  CHECK(canon("http://gov.cn.test./a") == "http://gov.cn.test/a");
  CHECK(canon("http://www.anc../index_1.html?page=2#top") == "http://www.anc../index_1.html?page=2");
  for (const char* text : {"http://www.anc../a", "http://a.b.../", "http://x.test./y?z=1", "http://%2E6../ind"}) {
    INFO(text);
    CHECK(canonical_is_fixed_point(text));
  }
}

TEST_CASE("Canonical URL encodes a stray percent sign so decoding cannot make a new escape", "[url][canonical][fuzz]") {
  // fuzz/regressions/fuzz_url/stray-percent: "%%%33" decoded to "%%3", whose "%3" then joined the next digit.
  CHECK(canon("http://a.test/%%%3333") == "http://a.test/%25%25333");
  CHECK(canon("http://a.test/100%25") == "http://a.test/100%25");
  CHECK(canon("http://a.test/50%off") == "http://a.test/50%25off");
  for (const char* text : {"http://a.test/%%a%%%3333333p", "https:33/%%%33%", "http://a.test/?q=%%41%"}) {
    INFO(text);
    CHECK(canonical_is_fixed_point(text));
  }
}

TEST_CASE("Canonical URL removes the dot segment a cut session parameter leaves", "[url][canonical][fuzz]") {
  // fuzz/regressions/fuzz_url/session-dot-segment: "/.;jsessionid=n/art" became "/./art", which
  // canonicalised again to "/art".
  CHECK(canon("http://a.test/.;jsessionid=abc/art/x.html") == "http://a.test/art/x.html");
  CHECK(canon("http://a.test/a/..;jsessionid=abc/b") == "http://a.test/b");
  CHECK(canon("http://a.test/list;jsessionid=ABC?page=2") == "http://a.test/list?page=2");
  for (const char* text : {"http://a.test/.;jsessionid=n/x;jsessionid=1?utm_source=a&&b=",
                           "http://a.test/%2e;jsessionid=1/%2E%2E;jsessionid=2/y"}) {
    INFO(text);
    CHECK(canonical_is_fixed_point(text));
  }
}
