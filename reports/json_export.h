// scores.json of the report: the model as one JSON document (year, previous year, rubrics, runs,
// sites in ranking order with both scores, indicators with evidence, history and open flags, groups).
#pragma once

#include <nlohmann/json.hpp>

#include "reports/report_model.h"

namespace govaudit {

/// The whole model as JSON (UTF-8 text kept as is; the dumper replaces invalid bytes), with each score's
/// indicators as loaded (load_all_indicators).
nlohmann::json report_json(const ReportModel& model);

/// scores.json in pieces, for a report written one site at a time: `report_json_open` is the document up
/// to and including `"sites":[`, `report_json_site` one element (with a leading comma unless `first`),
/// `report_json_close` the rest. Their concatenation parses to report_json of the same model.
std::string report_json_open(const ReportModel& model);
std::string report_json_site(const ReportSite& site, bool first);
std::string report_json_close();

}  // namespace govaudit
