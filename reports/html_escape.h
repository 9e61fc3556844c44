// The one way text reaches the HTML report: crawled titles, URLs and details are untrusted, so every
// string is escaped for element content and double-quoted attributes alike (& < > " '), and a link
// target is kept only when it is http(s) — a javascript: URL would run when clicked.
#pragma once

#include <string>
#include <string_view>

namespace govaudit {

/// `text` with & < > " ' replaced by entities; safe inside elements and quoted attributes. Bytes
/// that are not valid UTF-8 pass through unchanged (the page declares UTF-8; browsers show U+FFFD).
std::string html_escape(std::string_view text);

/// Appends html_escape(text) to `out` (the same text, without a temporary string per call).
void append_html_escaped(std::string* out, std::string_view text);

/// An href value: the escaped URL when it starts with http:// or https:// (any case), else "#".
std::string safe_href(std::string_view url);

/// Appends safe_href(url) to `out`.
void append_safe_href(std::string* out, std::string_view url);

}  // namespace govaudit
