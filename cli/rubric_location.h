// Where built-in rubrics are found: $GOVAUDIT_RUBRICS, else the source tree's audit_rules/rubrics
// (fixed at build time), so a build run from its tree needs no installation step.
#pragma once

#include <cstdlib>
#include <string>

namespace govaudit {

inline std::string rubric_dir() {
  const char* env = std::getenv("GOVAUDIT_RUBRICS");
  return env && *env ? env : GOVAUDIT_RUBRIC_DIR;
}

}  // namespace govaudit
