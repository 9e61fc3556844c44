// Where built-in rubrics are found: $GOVAUDIT_RUBRICS, else the source tree's audit_rules/rubrics
// (fixed at build time). A name with a path separator or a .toml ending is taken as a file.
#pragma once

#include <cstdlib>
#include <string>

namespace govaudit {

inline std::string rubric_dir() {
  const char* env = std::getenv("GOVAUDIT_RUBRICS");
  return env && *env ? env : GOVAUDIT_RUBRIC_DIR;
}

inline std::string rubric_path(const std::string& name_or_file) {
  if (name_or_file.find('/') != std::string::npos || name_or_file.ends_with(".toml")) return name_or_file;
  return rubric_dir() + "/" + name_or_file + ".toml";
}

}  // namespace govaudit
