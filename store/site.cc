#include "store/site.h"

namespace govaudit {

bool same_registry_facts(const Site& a, const Site& b) {
  return a.id == b.id && a.name == b.name && a.province == b.province && a.prefecture == b.prefecture &&
         a.level == b.level && a.region == b.region && a.minority == b.minority && a.url == b.url &&
         a.name_en == b.name_en && a.extra_hosts == b.extra_hosts && a.tags == b.tags;
}

std::string join_site_list(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& item : items) s += (s.empty() ? "" : ";") + item;
  return s;
}

std::vector<std::string> split_site_list(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  for (char c : text) {
    if (c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!item.empty()) items.push_back(std::move(item));
      item.clear();
    } else {
      item += c;
    }
  }
  if (!item.empty()) items.push_back(std::move(item));
  return items;
}

}  // namespace govaudit
