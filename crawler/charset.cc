#include "crawler/charset.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include "crawler/ascii_text.h"

namespace govaudit {
namespace {

// Detection looks at no more than this much of the body: a megabyte of text settles the question,
// and the limit keeps two trial decodes cheap on 10 MB bodies.
constexpr std::size_t kSniffBytes = 1 << 20;
// The HTML prescan reads <meta> only in the first 1024 bytes; portals put long comments and scripts
// before it, so we read 4 KiB as the brief for this crawler says.
constexpr std::size_t kPrescanBytes = 4096;
// A legacy-declared body that is valid UTF-8 with this many multi-byte sequences is UTF-8: a real
// GBK page passes as UTF-8 by chance only when it holds a handful of characters (the "联通" case).
constexpr std::size_t kMislabelledUtf8MinSequences = 8;
// Share of decoded non-ASCII characters that must be among the most common Chinese characters for
// a trial GB18030/Big5 decoding to count as Chinese text: real text scores 0.4–0.7, a decoding in
// the wrong one of the two scores about 0.03 (random characters from a 13,000-character space).
constexpr double kChinesePlausibleScore = 0.2;

char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

struct LabelEntry {
  const char* label;
  const char* name;
};

// WHATWG Encoding Standard labels (the subset a government-site crawler meets), plus cp936/ms936
// and euc-cn, which Chinese servers send and which mean GBK in practice.
constexpr LabelEntry kLabels[] = {
    {"utf-8", "utf-8"}, {"utf8", "utf-8"}, {"unicode-1-1-utf-8", "utf-8"}, {"unicode11utf8", "utf-8"},
    {"unicode20utf8", "utf-8"}, {"x-unicode20utf8", "utf-8"},
    {"gbk", "gbk"}, {"gb2312", "gbk"}, {"gb_2312", "gbk"}, {"gb_2312-80", "gbk"}, {"chinese", "gbk"},
    {"csgb2312", "gbk"}, {"csiso58gb231280", "gbk"}, {"iso-ir-58", "gbk"}, {"x-gbk", "gbk"},
    {"cp936", "gbk"}, {"ms936", "gbk"}, {"windows-936", "gbk"}, {"euc-cn", "gbk"},
    {"gb18030", "gb18030"},
    {"big5", "big5"}, {"big5-hkscs", "big5"}, {"cn-big5", "big5"}, {"csbig5", "big5"}, {"x-x-big5", "big5"},
    {"cp950", "big5"},
    {"shift_jis", "shift_jis"}, {"shift-jis", "shift_jis"}, {"sjis", "shift_jis"}, {"ms_kanji", "shift_jis"},
    {"csshiftjis", "shift_jis"}, {"windows-31j", "shift_jis"}, {"x-sjis", "shift_jis"}, {"ms932", "shift_jis"},
    {"cp932", "shift_jis"},
    {"euc-jp", "euc-jp"}, {"cseucpkdfmtjapanese", "euc-jp"}, {"x-euc-jp", "euc-jp"},
    {"iso-2022-jp", "iso-2022-jp"}, {"csiso2022jp", "iso-2022-jp"},
    {"euc-kr", "euc-kr"}, {"cseuckr", "euc-kr"}, {"csksc56011987", "euc-kr"}, {"iso-ir-149", "euc-kr"},
    {"korean", "euc-kr"}, {"ks_c_5601-1987", "euc-kr"}, {"ks_c_5601-1989", "euc-kr"}, {"ksc5601", "euc-kr"},
    {"ksc_5601", "euc-kr"}, {"windows-949", "euc-kr"}, {"cp949", "euc-kr"},
    {"windows-1252", "windows-1252"}, {"ansi_x3.4-1968", "windows-1252"}, {"ascii", "windows-1252"},
    {"cp1252", "windows-1252"}, {"cp819", "windows-1252"}, {"csisolatin1", "windows-1252"},
    {"ibm819", "windows-1252"}, {"iso-8859-1", "windows-1252"}, {"iso-ir-100", "windows-1252"},
    {"iso8859-1", "windows-1252"}, {"iso88591", "windows-1252"}, {"iso_8859-1", "windows-1252"},
    {"iso_8859-1:1987", "windows-1252"}, {"l1", "windows-1252"}, {"latin1", "windows-1252"},
    {"us-ascii", "windows-1252"}, {"x-cp1252", "windows-1252"},
    {"iso-8859-2", "iso-8859-2"}, {"iso8859-2", "iso-8859-2"}, {"iso88592", "iso-8859-2"},
    {"iso_8859-2", "iso-8859-2"}, {"latin2", "iso-8859-2"}, {"l2", "iso-8859-2"}, {"csisolatin2", "iso-8859-2"},
    {"iso-8859-5", "iso-8859-5"}, {"iso8859-5", "iso-8859-5"}, {"cyrillic", "iso-8859-5"},
    {"iso-8859-7", "iso-8859-7"}, {"greek", "iso-8859-7"}, {"iso-8859-8", "iso-8859-8"},
    {"iso-8859-15", "iso-8859-15"}, {"iso8859-15", "iso-8859-15"}, {"latin9", "iso-8859-15"},
    {"l9", "iso-8859-15"},
    {"iso-8859-9", "windows-1254"}, {"latin5", "windows-1254"}, {"tis-620", "windows-874"},
    {"iso-8859-11", "windows-874"}, {"windows-874", "windows-874"},
    {"windows-1250", "windows-1250"}, {"cp1250", "windows-1250"}, {"x-cp1250", "windows-1250"},
    {"windows-1251", "windows-1251"}, {"cp1251", "windows-1251"}, {"x-cp1251", "windows-1251"},
    {"windows-1253", "windows-1253"}, {"cp1253", "windows-1253"}, {"windows-1254", "windows-1254"},
    {"cp1254", "windows-1254"}, {"windows-1255", "windows-1255"}, {"cp1255", "windows-1255"},
    {"windows-1256", "windows-1256"}, {"cp1256", "windows-1256"}, {"windows-1257", "windows-1257"},
    {"cp1257", "windows-1257"}, {"windows-1258", "windows-1258"}, {"cp1258", "windows-1258"},
    {"koi8-r", "koi8-r"}, {"koi8", "koi8-r"}, {"koi8_r", "koi8-r"}, {"cskoi8r", "koi8-r"},
    {"koi8-u", "koi8-u"},
    {"utf-16le", "utf-16le"}, {"utf-16", "utf-16le"}, {"unicode", "utf-16le"}, {"ucs-2", "utf-16le"},
    {"csunicode", "utf-16le"}, {"iso-10646-ucs-2", "utf-16le"}, {"unicodefeff", "utf-16le"},
    {"utf-16be", "utf-16be"}, {"unicodefffe", "utf-16be"},
};

// The iconv name that decodes each canonical charset as browsers do: GBK through GB18030 (a strict
// superset, so pages labelled gb2312/gbk that use GB18030-only characters still decode), Big5 with
// the HKSCS extension, Shift_JIS and EUC-KR as their Windows supersets (CP932, CP949).
const char* iconv_name(const std::string& canonical) {
  static const LabelEntry kIconv[] = {
      {"gbk", "GB18030"}, {"gb18030", "GB18030"}, {"big5", "BIG5-HKSCS"}, {"shift_jis", "CP932"},
      {"euc-jp", "EUC-JP"}, {"iso-2022-jp", "ISO-2022-JP"}, {"euc-kr", "CP949"},
      {"windows-1252", "CP1252"}, {"iso-8859-2", "ISO-8859-2"}, {"iso-8859-5", "ISO-8859-5"},
      {"iso-8859-7", "ISO-8859-7"}, {"iso-8859-8", "ISO-8859-8"}, {"iso-8859-15", "ISO-8859-15"},
      {"windows-874", "CP874"}, {"windows-1250", "CP1250"}, {"windows-1251", "CP1251"},
      {"windows-1253", "CP1253"}, {"windows-1254", "CP1254"}, {"windows-1255", "CP1255"},
      {"windows-1256", "CP1256"}, {"windows-1257", "CP1257"}, {"windows-1258", "CP1258"},
      {"koi8-r", "KOI8-R"}, {"koi8-u", "KOI8-U"}, {"utf-16le", "UTF-16LE"}, {"utf-16be", "UTF-16BE"},
  };
  for (const auto& e : kIconv)
    if (canonical == e.label) return e.name;
  return nullptr;
}

bool is_utf16(const std::string& c) { return c == "utf-16le" || c == "utf-16be"; }
bool is_gb(const std::string& c) { return c == "gbk" || c == "gb18030"; }

// Result of walking bytes as UTF-8.
struct Utf8Scan {
  std::size_t multibyte = 0;  ///< well-formed sequences of 2–4 bytes
  std::size_t invalid = 0;    ///< ill-formed sequence starts (an incomplete one at the end counts)
  bool truncated_end = false; ///< the only problem at the end is an incomplete final sequence
};

// Length of the well-formed UTF-8 sequence at s[i], 0 if ill-formed, -1 if cut off by the end.
int utf8_sequence_length(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  int len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;   // overlong
    if (c == 0xED) hi = 0x9F;   // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;   // overlong
    if (c == 0xF4) hi = 0x8F;   // past U+10FFFF
  } else {
    return 0;
  }
  for (int k = 1; k < len; ++k) {
    if (i + k >= s.size()) return -1;
    unsigned char t = b(i + k);
    unsigned char l = (k == 1) ? lo : 0x80, h = (k == 1) ? hi : 0xBF;
    if (t < l || t > h) return 0;
  }
  return len;
}

Utf8Scan scan_utf8(std::string_view s) {
  Utf8Scan scan;
  for (std::size_t i = 0; i < s.size();) {
    int n = utf8_sequence_length(s, i);
    if (n == -1) {
      scan.truncated_end = true;
      break;
    }
    if (n == 0) {
      ++scan.invalid;
      ++i;
      continue;
    }
    if (n > 1) ++scan.multibyte;
    i += static_cast<std::size_t>(n);
  }
  return scan;
}

constexpr char kReplacement[] = "\xEF\xBF\xBD";

std::size_t clean_utf8(std::string_view s, std::string* out) {
  std::size_t replaced = 0;
  out->clear();
  out->reserve(s.size());
  std::size_t i = 0;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < s.size()) {
    int n = utf8_sequence_length(s, i);
    if (n <= 0) {
      out->append(kReplacement);
      ++replaced;
      if (n == -1) break;  // an incomplete sequence at the end: one replacement for all of it
      ++i;
      continue;
    }
    out->append(s.substr(i, static_cast<std::size_t>(n)));
    i += static_cast<std::size_t>(n);
  }
  return replaced;
}

// Decodes with iconv into UTF-8, replacing each ill-formed byte with U+FFFD. Returns false if iconv
// does not know `from`. `*invalid` counts ill-formed bytes; `*truncated_end` is set when the input
// ends inside a multi-byte character (also replaced).
bool iconv_decode(std::string_view bytes, const char* from, std::string* out, std::size_t* invalid,
                  bool* truncated_end) {
  out->clear();
  *invalid = 0;
  *truncated_end = false;
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::vector<char> buf(64 * 1024);
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (true) {
    char* outp = buf.data();
    std::size_t out_left = buf.size();
    std::size_t r = iconv(cd, in_left ? &in : nullptr, in_left ? &in_left : nullptr, &outp, &out_left);
    int e = errno;
    out->append(buf.data(), buf.size() - out_left);
    if (r != static_cast<std::size_t>(-1)) {
      if (in_left == 0) {
        // Flush any shift state (ISO-2022-JP), then stop.
        outp = buf.data();
        out_left = buf.size();
        iconv(cd, nullptr, nullptr, &outp, &out_left);
        out->append(buf.data(), buf.size() - out_left);
        break;
      }
      continue;
    }
    if (e == E2BIG) continue;
    if (e == EINVAL) {  // incomplete character at the end of the input
      out->append(kReplacement);
      ++*invalid;
      *truncated_end = true;
      break;
    }
    // EILSEQ (or anything unexpected): replace one byte and carry on from a clean state.
    out->append(kReplacement);
    ++*invalid;
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    if (in_left == 0) break;
  }
  iconv_close(cd);
  return true;
}

// Decodes without tolerating any ill-formed byte (an incomplete final character is allowed: bodies
// are cut at the size limit). Fills `*utf8` on success.
bool strict_decode(std::string_view bytes, const char* from, std::string* utf8) {
  std::size_t invalid = 0;
  bool truncated = false;
  if (!iconv_decode(bytes, from, utf8, &invalid, &truncated)) return false;
  return invalid == (truncated ? 1u : 0u);
}

// Most frequent characters of Chinese running text and of government pages, simplified and
// traditional, with full-width punctuation.
constexpr char kCommonChinese[] =
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
    "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原"
    "又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革"
    "位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强"
    "放决西被干做必战先回则任取据处府研市县省局委办务信息通知公告布服单领导闻态首页网站联版权所址话编号"
    "這個為國時來們對會發動過說產種後學經進著電裡現實兩體機當點從業應開還與關間樣數麼變條沒結問題黨員總"
    "設長頭資邊級圖統組見計別論運農幾區決戰則據處縣辦務訊佈單領導聞態頁網聯權話編號"
    "，。、：；！？“”《》（）【】";

bool decode_one_utf8(std::string_view s, std::size_t* i, char32_t* cp) {
  int n = utf8_sequence_length(s, *i);
  if (n <= 0) {
    ++*i;
    return false;
  }
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[*i + k]); };
  char32_t c;
  if (n == 1) c = b(0);
  else if (n == 2) c = ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  else if (n == 3) c = ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  else c = ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  *i += static_cast<std::size_t>(n);
  *cp = c;
  return true;
}

const std::vector<char32_t>& common_chinese() {
  static const std::vector<char32_t> set = [] {
    std::vector<char32_t> v;
    std::string_view s(kCommonChinese);
    for (std::size_t i = 0; i < s.size();) {
      char32_t c;
      if (decode_one_utf8(s, &i, &c)) v.push_back(c);
    }
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  }();
  return set;
}

// Share of non-ASCII characters in `utf8` that are common Chinese characters or punctuation.
double chinese_score(std::string_view utf8) {
  const auto& common = common_chinese();
  std::size_t total = 0, hits = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t c;
    if (!decode_one_utf8(utf8, &i, &c) || c < 0x80) continue;
    ++total;
    if (std::binary_search(common.begin(), common.end(), c)) ++hits;
  }
  return total ? static_cast<double>(hits) / static_cast<double>(total) : 0.0;
}

// The Chinese double-byte charset that `sample` reads as, "" if neither reads plausibly.
std::string plausible_chinese_charset(std::string_view sample) {
  std::string gb_text, big5_text;
  bool gb_ok = strict_decode(sample, "GB18030", &gb_text);
  bool big5_ok = strict_decode(sample, "BIG5-HKSCS", &big5_text);
  double gb = gb_ok ? chinese_score(gb_text) : -1.0;
  double big5 = big5_ok ? chinese_score(big5_text) : -1.0;
  if (gb >= kChinesePlausibleScore && gb >= big5) return "gb18030";
  if (big5 >= kChinesePlausibleScore) return "big5";
  return "";
}

// The value of a charset= parameter in a Content-Type value, "" if none (HTML's "extracting a
// character encoding from a meta element", which also serves for the header).
std::string charset_parameter(std::string_view v) {
  std::string lower;
  lower.reserve(v.size());
  for (char c : v) lower.push_back(lower_ascii(c));
  std::size_t pos = 0;
  while ((pos = lower.find("charset", pos)) != std::string::npos) {
    std::size_t i = pos + 7;
    while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
    if (i >= v.size() || v[i] != '=') {
      pos += 7;
      continue;
    }
    ++i;
    while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
    if (i < v.size() && (v[i] == '"' || v[i] == '\'')) {
      char q = v[i++];
      std::size_t end = v.find(q, i);
      if (end == std::string_view::npos) return "";
      return std::string(v.substr(i, end - i));
    }
    std::size_t end = i;
    while (end < v.size() && v[end] != ';' && v[end] != ' ' && v[end] != '\t' && v[end] != ',') ++end;
    return std::string(v.substr(i, end - i));
  }
  return "";
}

// Reads one attribute at s[*i] inside a tag; false at the tag's end.
bool next_attribute(std::string_view s, std::size_t* i, std::string* name, std::string* value) {
  std::size_t p = *i;
  while (p < s.size() && (is_ascii_space(s[p]) || s[p] == '/')) ++p;
  if (p >= s.size() || s[p] == '>') {
    *i = p;
    return false;
  }
  name->clear();
  value->clear();
  while (p < s.size() && !is_ascii_space(s[p]) && s[p] != '=' && s[p] != '>' && s[p] != '/')
    name->push_back(lower_ascii(s[p++]));
  while (p < s.size() && is_ascii_space(s[p])) ++p;
  if (p < s.size() && s[p] == '=') {
    ++p;
    while (p < s.size() && is_ascii_space(s[p])) ++p;
    if (p < s.size() && (s[p] == '"' || s[p] == '\'')) {
      char q = s[p++];
      while (p < s.size() && s[p] != q) value->push_back(s[p++]);
      if (p < s.size()) ++p;
    } else {
      while (p < s.size() && !is_ascii_space(s[p]) && s[p] != '>') value->push_back(s[p++]);
    }
  }
  if (p == *i) ++p;  // always progress
  *i = p;
  return true;
}

// The charset label declared by the first <meta> that declares one in `head` (the prescan), or by
// an XML declaration's encoding="…" at the very start; "" if none.
std::string prescan_meta_label(std::string_view head) {
  if (head.substr(0, 5) == "<?xml") {
    std::size_t end = head.find("?>");
    std::string_view decl = head.substr(0, end == std::string_view::npos ? head.size() : end);
    std::size_t e = decl.find("encoding");
    if (e != std::string_view::npos) {
      std::size_t i = 0;
      std::string name, value;
      std::string_view rest = decl.substr(e);
      if (next_attribute(rest, &i, &name, &value) && name == "encoding" && !value.empty()) return value;
    }
  }
  std::size_t i = 0;
  while (i < head.size()) {
    std::size_t lt = head.find('<', i);
    if (lt == std::string_view::npos) break;
    if (head.substr(lt, 4) == "<!--") {
      std::size_t end = head.find("-->", lt + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    std::string tag;
    std::size_t p = lt + 1;
    while (p < head.size() && tag.size() < 8 && !is_ascii_space(head[p]) && head[p] != '>' && head[p] != '/')
      tag.push_back(lower_ascii(head[p++]));
    if (tag != "meta") {
      i = lt + 1;
      continue;
    }
    std::string name, value, http_equiv, content, charset;
    while (next_attribute(head, &p, &name, &value)) {
      if (name == "charset" && charset.empty()) charset = value;
      else if (name == "http-equiv") http_equiv = ascii_lower(trim_ascii_space(value));
      else if (name == "content" && content.empty()) content = value;
    }
    if (!charset.empty()) return charset;
    if (http_equiv == "content-type") {
      std::string c = charset_parameter(content);
      if (!c.empty()) return c;
    }
    i = p;
  }
  return "";
}

}  // namespace

const char* charset_source_name(CharsetSource source) {
  switch (source) {
    case CharsetSource::bom: return "bom";
    case CharsetSource::header: return "header";
    case CharsetSource::meta: return "meta";
    case CharsetSource::sniffed: return "sniffed";
    case CharsetSource::default_: return "default";
  }
  return "default";
}

std::string canonical_charset(std::string_view label) {
  std::string l = ascii_lower(trim_ascii_space(label));
  for (const auto& e : kLabels)
    if (l == e.label) return e.name;
  return "";
}

bool is_valid_utf8(std::string_view bytes) {
  Utf8Scan s = scan_utf8(bytes);
  return s.invalid == 0 && !s.truncated_end;
}

CharsetDecision detect_charset(std::string_view content_type_header, std::string_view body) {
  CharsetDecision d;
  d.header_label = charset_parameter(content_type_header);
  d.meta_label = prescan_meta_label(body.substr(0, kPrescanBytes));

  auto starts = [&](std::string_view p) { return body.substr(0, p.size()) == p; };
  if (starts("\xEF\xBB\xBF")) d.charset = "utf-8";
  else if (starts("\xFF\xFE")) d.charset = "utf-16le";
  else if (starts("\xFE\xFF")) d.charset = "utf-16be";
  else if (starts(std::string_view("\x84\x31\x95\x33", 4))) d.charset = "gb18030";
  if (starts("\xEF\xBB\xBF") || starts("\xFF\xFE") || starts("\xFE\xFF") ||
      starts(std::string_view("\x84\x31\x95\x33", 4))) {
    d.source = CharsetSource::bom;
    return d;
  }

  std::string header = canonical_charset(d.header_label);
  std::string meta = canonical_charset(d.meta_label);
  if (is_utf16(meta)) meta = "utf-8";  // a document that can declare itself in ASCII is not UTF-16
  d.conflict = !header.empty() && !meta.empty() && header != meta;

  std::string declared;
  // A latin-1 header is usually the web server's default (Tomcat, old Apache AddDefaultCharset),
  // not the author's statement; the page's own <meta> knows better.
  bool header_is_server_default = header == "windows-1252";
  if (!header.empty() && !(header_is_server_default && !meta.empty() && meta != header)) {
    declared = header;
    d.source = CharsetSource::header;
  } else if (!meta.empty()) {
    declared = meta;
    d.source = CharsetSource::meta;
  }

  std::string_view sample = body.substr(0, kSniffBytes);
  Utf8Scan scan = scan_utf8(sample);

  if (declared.empty()) {
    d.source = CharsetSource::sniffed;
    if (scan.invalid == 0) {
      d.charset = "utf-8";
      if (scan.multibyte == 0) d.source = CharsetSource::default_;
      return d;
    }
    std::string cjk = plausible_chinese_charset(sample);
    d.charset = cjk.empty() ? "windows-1252" : cjk;
    return d;
  }

  d.charset = declared;
  if (is_utf16(declared)) return d;
  if (declared == "utf-8") {
    if (scan.invalid == 0) return d;
    // The other declaration first (header utf-8 and meta gbk: the meta is right when the bytes say
    // so), then the Chinese double-byte charsets.
    std::string other = (d.source == CharsetSource::header) ? meta : std::string();
    if (!other.empty() && other != "utf-8") {
      std::string text;
      const char* name = iconv_name(other);
      if (name && strict_decode(sample, name, &text)) {
        d.charset = other;
        d.source = CharsetSource::meta;
        d.mislabelled = true;
        return d;
      }
    }
    std::string cjk = plausible_chinese_charset(sample);
    if (!cjk.empty()) {
      d.charset = cjk;
      d.source = CharsetSource::sniffed;
      d.mislabelled = true;
    }
    return d;
  }
  if (scan.invalid == 0 && scan.multibyte >= kMislabelledUtf8MinSequences) {
    d.charset = "utf-8";
    d.source = CharsetSource::sniffed;
    d.mislabelled = true;
    return d;
  }
  // Big5 bytes mostly decode as GBK without error (the byte ranges overlap), so only the reading
  // test tells a Big5 page labelled gb2312 apart.
  if (is_gb(declared) && scan.invalid > 0) {
    if (plausible_chinese_charset(sample) == "big5") {
      d.charset = "big5";
      d.source = CharsetSource::sniffed;
      d.mislabelled = true;
    }
  }
  return d;
}

bool transcode_to_utf8(std::string_view bytes, const std::string& charset, std::string* out,
                       std::string* err, std::size_t* replacements) {
  std::string canonical = canonical_charset(charset);
  std::size_t replaced = 0;
  bool ok = true;
  if (canonical.empty() || canonical == "utf-8") {
    replaced = clean_utf8(bytes, out);
    if (canonical.empty()) {
      ok = false;
      if (err) *err = "unknown charset '" + charset + "': read as UTF-8";
    }
  } else {
    std::string_view input = bytes;
    if (canonical == "utf-16le" && input.substr(0, 2) == "\xFF\xFE") input.remove_prefix(2);
    if (canonical == "utf-16be" && input.substr(0, 2) == "\xFE\xFF") input.remove_prefix(2);
    if (canonical == "gb18030" && input.substr(0, 4) == std::string_view("\x84\x31\x95\x33", 4))
      input.remove_prefix(4);
    const char* name = iconv_name(canonical);
    bool truncated = false;
    if (!name || !iconv_decode(input, name, out, &replaced, &truncated)) {
      replaced = clean_utf8(bytes, out);
      ok = false;
      if (err) *err = "charset '" + charset + "' cannot be decoded by iconv: read as UTF-8";
    }
  }
  if (replacements) *replacements = replaced;
  return ok;
}

}  // namespace govaudit
