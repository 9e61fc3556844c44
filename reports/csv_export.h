// CSV for R/Stata/pandas (RFC 4180): a field is quoted when it holds a comma, quote, CR or LF, with
// quotes doubled; rows end in "\n". Everything from crawled pages goes through csv_field.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "reports/report_model.h"

namespace govaudit {

/// One field, quoted when needed.
std::string csv_field(const std::string& value);

/// One row: fields quoted as needed, joined by ',', ending in '\n'.
std::string csv_row(const std::vector<std::string>& fields);

/// scores.csv, tidy long and longitudinal: one row per indicator of every score in `model.record` (each
/// site's census and UN score of every year up to the report year, the ones its history shows), header
/// site,year,run,rubric,rubric_version,criterion,indicator,value,points (criterion = the indicator's
/// census group or UN criterion; value as stored: true/false, a number, insufficient, or empty). Rows
/// come in storage order (a score's indicators together) and go to `out` as they are read: fifteen
/// thousand sites over ten years are ~18 M rows. False with `err` when the store cannot be read.
bool write_scores_csv(Store& store, const ReportModel& model, std::ostream& out, std::string* err);

/// sites.csv: the registry attributes of the ranked sites, with rank, census score and UN index.
std::string sites_csv(const ReportModel& model);

}  // namespace govaudit
