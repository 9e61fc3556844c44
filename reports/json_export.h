// scores.json of the report: the model as one JSON document (year, previous year, rubrics, runs,
// sites in ranking order with both scores, indicators with evidence, history and open flags, groups).
#pragma once

#include <string>

#include "reports/report_model.h"

namespace govaudit {

/// scores.json in pieces, for a report written one site at a time: `report_json_open` is the document up
/// to and including `"sites":[`, `report_json_site` one element (with a leading comma unless `first`)
/// with each score's indicators as loaded (load_score_details), `report_json_close` the rest. Text
/// is valid UTF-8 JSON whatever the store holds (invalid bytes become U+FFFD).
std::string report_json_open(const ReportModel& model);
std::string report_json_site(const ReportSite& site, bool first);
std::string report_json_close();

}  // namespace govaudit
