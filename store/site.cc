#include "store/site.h"

namespace govaudit {

bool same_registry_facts(const Site& a, const Site& b) {
  return a.id == b.id && a.name == b.name && a.province == b.province && a.prefecture == b.prefecture &&
         a.level == b.level && a.region == b.region && a.minority == b.minority && a.url == b.url &&
         a.name_en == b.name_en && a.extra_hosts == b.extra_hosts && a.tags == b.tags;
}

}  // namespace govaudit
