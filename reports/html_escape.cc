#include "reports/html_escape.h"

#include <cctype>

namespace govaudit {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  append_html_escaped(&out, text);
  return out;
}

void append_html_escaped(std::string* out, std::string_view text) {
  // Runs of plain bytes are copied whole: most text has nothing to escape.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char* entity = nullptr;
    switch (text[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&#39;"; break;
      default: continue;
    }
    out->append(text.data() + run, i - run);
    out->append(entity);
    run = i + 1;
  }
  out->append(text.data() + run, text.size() - run);
}

namespace {

bool is_web_url(std::string_view url) {
  auto starts = [&](std::string_view p) {
    if (url.size() < p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(url[i])) != p[i]) return false;
    return true;
  };
  return starts("http://") || starts("https://");
}

}  // namespace

std::string safe_href(std::string_view url) { return is_web_url(url) ? html_escape(url) : "#"; }

void append_safe_href(std::string* out, std::string_view url) {
  if (is_web_url(url)) {
    append_html_escaped(out, url);
  } else {
    out->push_back('#');
  }
}

}  // namespace govaudit
