// The criteria, vetoes and indicators of a stored score's JSON (as `scores --format json` prints it).
// A report reads some 30,000 of them: read_score_json parses with simdjson and walks the usual shape
// (nlohmann's lexer was half a site page's CPU); anything unusual is left to read_score_json_general.
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

/// The same members read from a JSON document of any shape: a member of another type than expected
/// reads as empty, a text that is not a JSON object as nothing. When read_score_json returns true the
/// two agree (tests/score_indicators_json_test.cc).
void read_score_json_general(const std::string& text, ReportScore* score);

}  // namespace govaudit
