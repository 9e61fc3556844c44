#include "crawler/charset.h"

#include <iconv.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <string>

#include "tests/support/run_command.h"

using namespace govaudit;

namespace {

// Encodes UTF-8 text into `to` with iconv; the fixtures are made here rather than stored.
std::string encode(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* outp = out.data();
  std::size_t out_left = out.size();
  REQUIRE(iconv(cd, &in, &in_left, &outp, &out_left) != static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

const std::string kText =
    "某某市人民政府 通知公告 发布时间：2024年3月5日 关于印发工作方案的通知 各县区人民政府，市政府各部门："
    "现将有关事项通知如下，请认真贯彻执行。";
const std::string kTraditional =
    "某某市人民政府 通知公告 發布時間：2024年3月5日 關於印發工作方案的通知 各縣區人民政府，市政府各部門："
    "現將有關事項通知如下，請認真貫徹執行。";

std::string page(const std::string& head, const std::string& body) {
  return "<!DOCTYPE html><html><head>" + head + "<title>t</title></head><body><p>" + body +
         "</p></body></html>";
}

std::string decode(const std::string& bytes, const std::string& charset, std::size_t* reps = nullptr) {
  std::string out, err;
  REQUIRE(transcode_to_utf8(bytes, charset, &out, &err, reps));
  return out;
}

}  // namespace

TEST_CASE("labels map to WHATWG canonical names", "[charset]") {
  CHECK(canonical_charset("GB2312") == "gbk");
  CHECK(canonical_charset(" x-gbk ") == "gbk");
  CHECK(canonical_charset("GB18030") == "gb18030");
  CHECK(canonical_charset("UTF8") == "utf-8");
  CHECK(canonical_charset("ISO-8859-1") == "windows-1252");
  CHECK(canonical_charset("Big5-HKSCS") == "big5");
  CHECK(canonical_charset("Shift_JIS") == "shift_jis");
  CHECK(canonical_charset("ks_c_5601-1987") == "euc-kr");
  CHECK(canonical_charset("no-such-charset") == "");
}

TEST_CASE("the header declaration is followed", "[charset]") {
  std::string body = encode(page("", kText), "GBK");
  auto d = detect_charset("text/html; charset=GBK", body);
  CHECK(d.charset == "gbk");
  CHECK(d.source == CharsetSource::header);
  CHECK_FALSE(d.mislabelled);
  CHECK(decode(body, d.charset).find("发布时间：2024年3月5日") != std::string::npos);
  d = detect_charset("text/html;charset=\"gb2312\"", encode(page("", kText), "GB2312"));
  CHECK(d.charset == "gbk");
  CHECK(d.header_label == "gb2312");
}

TEST_CASE("meta charset and http-equiv declarations are found in the prescan", "[charset]") {
  std::string b1 = encode(page("<meta charset=\"gb2312\">", kText), "GB2312");
  auto d = detect_charset("text/html", b1);
  CHECK(d.charset == "gbk");
  CHECK(d.source == CharsetSource::meta);
  CHECK(decode(b1, d.charset).find("通知公告") != std::string::npos);

  std::string b2 = encode(
      page("<!-- <meta charset=\"utf-8\"> --><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; "
           "charset=GB18030\">",
           kText + "€"),
      "GB18030");
  d = detect_charset("", b2);
  CHECK(d.charset == "gb18030");
  CHECK(d.source == CharsetSource::meta);
  CHECK(decode(b2, d.charset).find("执行。€") != std::string::npos);

  std::string b3 = encode(page("<meta http-equiv=content-type content='text/html;charset=big5'>", kTraditional),
                          "BIG5");
  d = detect_charset("", b3);
  CHECK(d.charset == "big5");
  CHECK(decode(b3, d.charset).find("發布時間") != std::string::npos);

  // A meta beyond the first 4 KiB is not read; the bytes are then sniffed.
  std::string late = encode(page(std::string(5000, ' ') + "<meta charset=\"gbk\">", kText), "GBK");
  d = detect_charset("", late);
  CHECK(d.meta_label == "");
  CHECK(d.source == CharsetSource::sniffed);
  CHECK(d.charset == "gb18030");
}

TEST_CASE("a byte order mark wins over every declaration", "[charset]") {
  std::string body = "\xEF\xBB\xBF" + page("<meta charset=\"gbk\">", kText);
  auto d = detect_charset("text/html; charset=gbk", body);
  CHECK(d.charset == "utf-8");
  CHECK(d.source == CharsetSource::bom);
  std::string text = decode(body, d.charset);
  CHECK(text.rfind("<!DOCTYPE", 0) == 0);  // BOM dropped

  std::string le = "\xFF\xFE" + encode(page("", kText), "UTF-16LE");
  d = detect_charset("", le);
  CHECK(d.charset == "utf-16le");
  CHECK(decode(le, d.charset).find("人民政府") != std::string::npos);
}

TEST_CASE("undeclared pages are sniffed", "[charset]") {
  auto d = detect_charset("", page("", kText));
  CHECK(d.charset == "utf-8");
  CHECK(d.source == CharsetSource::sniffed);
  d = detect_charset("", page("", "plain ascii"));
  CHECK(d.charset == "utf-8");
  CHECK(d.source == CharsetSource::default_);
  d = detect_charset("", encode(page("", kText), "GBK"));
  CHECK(d.charset == "gb18030");
  d = detect_charset("", encode(page("", kTraditional), "BIG5"));
  CHECK(d.charset == "big5");
  d = detect_charset("", encode(page("", "Préfecture — café crème à Genève, déjà vu"), "CP1252"));
  CHECK(d.charset == "windows-1252");
}

TEST_CASE("wrong declarations are overridden by the bytes and flagged", "[charset]") {
  // Declared UTF-8, served GBK.
  std::string gbk = encode(page("<meta charset=\"utf-8\">", kText), "GBK");
  auto d = detect_charset("text/html; charset=utf-8", gbk);
  CHECK(d.charset == "gb18030");
  CHECK(d.mislabelled);
  CHECK(decode(gbk, d.charset).find("关于印发工作方案的通知") != std::string::npos);

  // Header says the server default latin-1, meta says gbk: the meta is followed.
  std::string gbk2 = encode(page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">", kText),
                            "GBK");
  d = detect_charset("text/html; charset=ISO-8859-1", gbk2);
  CHECK(d.charset == "gbk");
  CHECK(d.source == CharsetSource::meta);
  CHECK(d.conflict);

  // Header utf-8, meta gbk, body GBK: the meta is right.
  d = detect_charset("text/html; charset=utf-8", gbk2);
  CHECK(d.charset == "gbk");
  CHECK(d.conflict);
  CHECK(d.mislabelled);

  // Declared gb2312 but saved as UTF-8 by the template editor.
  std::string utf8 = page("<meta charset=\"gb2312\">", kText);
  d = detect_charset("", utf8);
  CHECK(d.charset == "utf-8");
  CHECK(d.mislabelled);

  // Declared gb2312 but Big5 bytes.
  std::string big5 = encode(page("<meta charset=\"gb2312\">", kTraditional + "臺灣"), "BIG5");
  d = detect_charset("", big5);
  CHECK(d.charset == "big5");
  CHECK(d.mislabelled);

  // A UTF-8 page with one stray latin-1 byte stays UTF-8 (a handful of errors, not GBK).
  std::string stray = page("<meta charset=\"utf-8\">", kText + " caf\xE9 ");
  d = detect_charset("", stray);
  CHECK(d.charset == "utf-8");
  CHECK_FALSE(d.mislabelled);
}

TEST_CASE("truncated and invalid bytes become replacement characters", "[charset]") {
  std::string gbk = encode(kText, "GBK");
  std::string cut = gbk.substr(0, gbk.size() - 1);  // the final 。 loses its second byte
  std::size_t reps = 0;
  std::string out = decode(cut, "gbk", &reps);
  CHECK(reps == 1);
  CHECK(out.find("执行\xEF\xBF\xBD") != std::string::npos);

  out = decode(std::string("ab\xFF\xFF" "cd", 6), "gb18030", &reps);
  CHECK(reps == 2);
  CHECK(out == "ab\xEF\xBF\xBD\xEF\xBF\xBD" "cd");

  out = decode(std::string("x\xC3\x28y\xED\xA0\x80z\xE4\xBD", 10), "utf-8", &reps);
  CHECK(is_valid_utf8(out));
  CHECK(reps == 5);
  CHECK(out.rfind("x\xEF\xBF\xBD(y", 0) == 0);

  std::string nul("a\0b", 3);
  CHECK(decode(nul, "utf-8") == nul);

  std::string err;
  CHECK_FALSE(transcode_to_utf8("abc", "x-unknown", &out, &err));
  CHECK(err.find("x-unknown") != std::string::npos);
  CHECK(out == "abc");
}

TEST_CASE("every page of the dates-dev set decodes and honours its meta", "[charset][data]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(testing::shared_dir()) / "data/dates-dev/pages";
  REQUIRE(fs::is_directory(dir));
  int pages = 0, declared = 0, mislabelled = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".html") continue;
    std::string body = testing::read_file(entry.path().string());
    auto d = detect_charset("", body);
    std::string out, err;
    std::size_t reps = 0;
    INFO(entry.path().filename().string() << " meta=" << d.meta_label << " chose " << d.charset);
    CHECK(transcode_to_utf8(body, d.charset, &out, &err, &reps));
    CHECK(is_valid_utf8(out));
    ++pages;
    std::string meta = canonical_charset(d.meta_label);
    if (meta.empty()) continue;
    ++declared;
    // These pages were saved as UTF-8 by the collector whatever they declare: a latin-1/euc-kr
    // declaration over UTF-8 bytes is the "saved as UTF-8" mislabel and must be caught.
    if (meta != "utf-8" && is_valid_utf8(body)) {
      CHECK(d.charset == "utf-8");
      CHECK(d.mislabelled);
      ++mislabelled;
    } else {
      CHECK(d.charset == meta);
      CHECK(d.source == CharsetSource::meta);
      CHECK(reps == 0);
    }
  }
  CHECK(pages == 200);
  CHECK(declared >= 170);
  CHECK(mislabelled >= 5);
}

TEST_CASE("random bytes under every declaration decode to valid UTF-8", "[charset][fuzz]") {
  std::uint32_t state = 777;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  const char* labels[] = {"", "utf-8", "gbk", "gb18030", "big5", "shift_jis", "euc-kr", "iso-8859-1",
                          "utf-16le", "utf-16be", "iso-2022-jp", "koi8-r"};
  for (int round = 0; round < 400; ++round) {
    std::string body;
    std::size_t n = next() % 3000;
    for (std::size_t i = 0; i < n; ++i) body.push_back(static_cast<char>(next() & 0xFF));
    std::string label = labels[next() % (sizeof labels / sizeof labels[0])];
    if (next() % 2) body = "<meta charset=\"" + label + "\">" + body;
    CharsetDecision d = detect_charset(label.empty() ? "" : "text/html; charset=" + label, body);
    std::string out, err;
    std::size_t reps = 0;
    CHECK(transcode_to_utf8(body, d.charset, &out, &err, &reps));
    CHECK(is_valid_utf8(out));
    CHECK(out.size() <= body.size() * 3 + 3);
  }
}
