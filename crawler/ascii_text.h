// ASCII case folding and white space for protocol text (HTML attribute names, charset labels, XML
// tag names): these are ASCII-case-insensitive by their specs, so no locale or Unicode folding.
#pragma once

#include <string>
#include <string_view>

namespace govaudit {

/// HTML's ASCII white space (space, tab, LF, CR, FF).
inline bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/// `s` with A–Z lowered; other bytes (UTF-8 included) unchanged.
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// `s` without leading and trailing ASCII white space.
inline std::string_view trim_ascii_space(std::string_view s) {
  while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace govaudit
