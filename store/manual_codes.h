// Manually coded indicators (the organisational side of the rubrics: web staff, earmarked funding, an
// e-government office, platform presence — UN X/M indicators) imported from CSV, kept append-only;
// the audit reads the newest coding of each (site, indicator) into SiteFacts.manual_codes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "store/store.h"

namespace govaudit {

/// One coded value.
struct ManualCode {
  std::string site_id;
  std::string indicator;  ///< rubric indicator id, e.g. CP-223
  bool value = false;
  std::string note;
};

/// Parses the CSV `text` (header `site,indicator,value` and optional `note`; value one of
/// true/false/yes/no/1/0/是/否). All-or-nothing: on the first problem returns false with
/// `FILE:LINE: field 'F': what is wrong`, and `out` is left empty. Unknown columns, a wrong field
/// count, an id with characters outside [A-Za-z0-9._-] and a (site, indicator) given twice are errors.
bool parse_manual_codes_csv(const std::string& text, const std::string& file_name, std::vector<ManualCode>* out,
                            std::string* err);

/// Appends codes in one transaction; every site must be in the registry (else nothing is written and
/// `err` names the site).
bool append_manual_codes(Store& store, const std::string& source_file, const std::vector<ManualCode>& codes,
                         std::string* err);

/// The newest coding of every (site, indicator): site → indicator → value.
bool latest_manual_codes(Store& store, std::map<std::string, std::map<std::string, bool>>* out, std::string* err);

extern const char* const kManualCodesMigrationSql;

}  // namespace govaudit
