// One page's facts as `govaudit inspect --format json` prints them (cli.md shape, more keys welcome).
#pragma once

#include <nlohmann/json.hpp>

#include "audit_rules/page_facts.h"

namespace govaudit {

nlohmann::json page_facts_to_json(const PageFacts& facts);

}  // namespace govaudit
