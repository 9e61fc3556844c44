// The criteria, vetoes and indicators of a stored score's JSON (as `scores --format json` prints it) read without building a
// document: a report reads some 30,000 of them, and a parse into nlohmann's maps cost more than
// everything else on a site's page.
#pragma once

#include <string>
#include <vector>

#include "reports/report_model.h"

namespace govaudit {

/// Fills `score`'s criteria (the numeric members of "criteria"), vetoes (the strings of "vetoes") and
/// indicators from score JSON `text`, as load_score_details defines them (id, kind, group; value as
/// text: a string as is, null as "", anything else as JSON; points; the evidence sample; evidence_total
/// at least the sample's size). Returns false, with those members unspecified, when the text is not the
/// usual shape (malformed, a member of an unexpected type): the caller then reads it the general way.
bool read_score_json(const std::string& text, ReportScore* score);

}  // namespace govaudit
