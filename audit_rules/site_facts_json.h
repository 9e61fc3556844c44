// SiteFacts as JSON, for `govaudit audit --dump-facts FILE`: what the aggregator believed about each
// site (columns with their type and newest date, guides and their elements, messages, media…), so a
// score can be traced to its facts and the audit compared with a truth file field by field.
#pragma once

#include <nlohmann/json.hpp>

#include "audit_rules/site_facts.h"

namespace govaudit {

/// Every field of `facts` except the per-page texts and link texts (large, and in the WARCs anyway);
/// their counts are kept as "pages" and "link_texts".
nlohmann::json site_facts_to_json(const SiteFacts& facts);

}  // namespace govaudit
