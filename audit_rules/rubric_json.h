// A RubricScore as the `scores --format json` element of cli.md:
// {"site","run","rubric","score","max","vetoed","vetoes","criteria","indicators":[{"id","value",
// "points","evidence":[{"url","seen_at","detail"}]}]} plus extra keys (version, edition, passed,
// level, …). "value" is true/false, a number, "insufficient", or null (manual, not coded).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "audit_rules/rubric_score.h"

namespace govaudit {

/// The JSON object for one score; `run` is the crawl run id the facts came from.
nlohmann::json score_to_json(const RubricScore& score, const std::string& run);

}  // namespace govaudit
