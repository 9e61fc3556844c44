// Test support: a census score row as append_scores takes it, with the fields every test sets the
// same way; tests fill in what they are about (indicators, JSON, score).
#pragma once

#include <string>

#include "store/score_log.h"

namespace govaudit::testing {

inline StoredScore census_score_row(long long run, const std::string& site, const std::string& rubric,
                                    const std::string& rubric_version, const std::string& as_of) {
  StoredScore s;
  s.run_id = run;
  s.site_id = site;
  s.rubric = rubric;
  s.rubric_version = rubric_version;
  s.kind = "census";
  s.max = 100;
  s.as_of = as_of;
  return s;
}

}  // namespace govaudit::testing
