#include "tests/farm/farm_light.h"

namespace govaudit::farm {

std::string light_page(const std::string& html) {
  std::string out;
  auto head_end = html.find("</head>");
  if (head_end != std::string::npos) out = html.substr(0, head_end + 7);
  out += "<body>\n";
  for (auto at = html.find("href="); at != std::string::npos; at = html.find("href=", at + 5)) {
    size_t q = at + 5;
    if (q >= html.size() || (html[q] != '"' && html[q] != '\'')) continue;
    auto close = html.find(html[q], q + 1);
    if (close == std::string::npos) break;
    // Links in <head> (stylesheets) are already there; only the body's are repeated.
    if (head_end != std::string::npos && at < head_end) continue;
    out += "<a href=\"" + html.substr(q + 1, close - q - 1) + "\">.</a>\n";
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace govaudit::farm
