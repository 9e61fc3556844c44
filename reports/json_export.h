// scores.json of the report: the model as one JSON document (year, previous year, rubrics, runs,
// sites in ranking order with both scores, indicators with evidence, history and open flags, groups).
#pragma once

#include <nlohmann/json.hpp>

#include "reports/report_model.h"

namespace govaudit {

/// The whole model as JSON (UTF-8 text kept as is; the dumper replaces invalid bytes).
nlohmann::json report_json(const ReportModel& model);

}  // namespace govaudit
