// Which character encoding a fetched page is in, and its conversion to UTF-8 before Gumbo sees it.
// Follows the HTML encoding-sniffing order (BOM, transport header, <meta> prescan, sniff) with the
// WHATWG Encoding Standard's label table, tuned for Chinese government portals, which often mislabel:
// the bytes are checked against the declaration and a contradicted declaration is overridden (and
// flagged), because the audit needs the real text, not the mojibake a browser would show.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace govaudit {

/// Where the chosen charset came from.
enum class CharsetSource { bom, header, meta, sniffed, default_ };

/// "bom", "header", "meta", "sniffed", "default".
const char* charset_source_name(CharsetSource source);

/// The outcome of charset detection for one response.
struct CharsetDecision {
  /// Canonical lower-case WHATWG name: utf-8, utf-16le, utf-16be, gbk, gb18030, big5, shift_jis,
  /// euc-jp, euc-kr, windows-1252 (also for iso-8859-1/latin1/us-ascii labels, as WHATWG maps them),
  /// iso-8859-2 ... windows-1251, koi8-r. gb2312 labels become gbk (decoded as GB18030, a superset).
  std::string charset = "utf-8";
  CharsetSource source = CharsetSource::default_;
  bool conflict = false;      ///< header and <meta> both name a known charset and they differ
  bool mislabelled = false;   ///< the declared charset was contradicted by the bytes and overridden
  std::string header_label;   ///< charset label as written in Content-Type ("" if none)
  std::string meta_label;     ///< charset label from <meta> in the first 4 KiB ("" if none)
};

/// Decides the charset of `body` served with `content_type_header` (may be empty).
/// Order: BOM; header charset, except that a server-default latin-1 header (iso-8859-1, us-ascii,
/// windows-1252) yields to a different <meta>; <meta charset> / http-equiv Content-Type in the first
/// 4 KiB; else sniffing. A declaration is then checked against the bytes: declared UTF-8 that is not
/// valid UTF-8 but reads plausibly as GB18030 becomes gb18030; a declared legacy charset whose body is
/// valid UTF-8 with at least 8 multi-byte sequences becomes utf-8 (both flagged `mislabelled`).
/// Sniffing (first 1 MiB): valid UTF-8 → utf-8; else GB18030 or Big5, whichever decodes strictly and
/// reads as common Chinese; else windows-1252. Shift_JIS/EUC-KR are never sniffed, only declared.
CharsetDecision detect_charset(std::string_view content_type_header, std::string_view body);

/// Maps a charset label ("GB2312", " utf8 ", "x-gbk", "latin1") to its canonical name as in
/// CharsetDecision::charset; "" for labels it does not know.
std::string canonical_charset(std::string_view label);

/// Converts `bytes` in `charset` (a canonical name or any label canonical_charset knows) to UTF-8
/// in `*out`. Invalid or truncated sequences become U+FFFD (one per bad byte run start); their
/// number goes to `*replacements` when given. UTF-8 input is validated and cleaned the same way, and a
/// leading BOM is dropped. Returns false, with `*err` naming the charset, only when the charset is
/// unknown or iconv cannot convert from it; `*out` then holds the input cleaned as UTF-8.
bool transcode_to_utf8(std::string_view bytes, const std::string& charset, std::string* out,
                       std::string* err, std::size_t* replacements = nullptr);

/// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

}  // namespace govaudit
