// The indicators of a stored score's JSON (as `scores --format json` prints it) read without building a
// document: a report reads some 30,000 of them, and a parse into nlohmann's maps cost more than
// everything else on a site's page.
#pragma once

#include <string>
#include <vector>

#include "reports/report_model.h"

namespace govaudit {

/// Fills `out` with the "indicators" of score JSON `text`, as load_score_indicators defines them (id,
/// kind, group; value as text: a string as is, null as "", anything else as JSON; points; the evidence
/// sample; evidence_total at least the sample's size). Returns false, with `out` unspecified, when the
/// text is not the usual shape (malformed, a value or member of an unexpected type): the caller then
/// reads it the general way.
bool read_score_indicators(const std::string& text, std::vector<ReportIndicator>* out);

}  // namespace govaudit
