// A rubric as loaded from its TOML file (audit_rules/rubrics/*.toml): census-style (vetoes, capped
// deductions from 100, bonus) or UN-style (binary indicators by criterion, normalised 0–1, levels).
// Loading validates everything — unknown checks, missing keys, wrong types, bad RE2 — and names the
// file, line, column and key at fault; a loaded rubric never fails at scoring time.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "audit_rules/rubric_checks.h"

namespace govaudit {

enum class ItemKind { kVeto, kDeduction, kBonus, kIndicator };

/// One [[veto]], [[deduction]], [[bonus]] or [[indicator]] entry.
struct RubricItem {
  std::string id;
  ItemKind kind = ItemKind::kIndicator;
  std::string label;
  std::string check;         ///< registered check name; empty only for manual indicators
  CheckParams params;
  std::string group;         ///< census deduction group, or UN criterion id
  double points = 1;         ///< census: points per occurrence; UN: weight when met (1)
  double cap = 0;            ///< census: most points this item may take (0 = points, one occurrence)
  bool official = false;     ///< the value is from an official table (false: govaudit's own)
  std::string source;        ///< where the rule/threshold comes from
  bool manual = false;       ///< UN X/M indicator: value only from SiteFacts.manual_codes
  std::string method;        ///< UN: A | H | X | M
  std::string code;          ///< UN 2024 indicator code, when there is one
  bool extension = false;    ///< UN: Chinese/minority addition, outside the LOSI-comparable index
};

/// A census deduction group (its points cap all its deductions) or a UN criterion.
struct RubricGroup {
  std::string id;
  std::string name;
  double points = 0;  ///< census: the group's share of 100 (cap on its deductions); UN: unused
};

/// A UN level band: index > min (strict) or ≥ min.
struct RubricLevel {
  std::string id;
  double min = 0;
  bool strict = false;
};

struct Rubric {
  std::string path;     ///< file it was loaded from
  std::string id;
  std::string version;
  std::string edition;
  std::string kind;     ///< "census" | "un"
  std::string title;

  // census scoring
  double full_marks = 100;
  double pass_mark = 60;        ///< score ≥ pass_mark passes
  double bonus_threshold = 80;  ///< bonus counted only when score > bonus_threshold
  double bonus_cap = 30;
  std::string services_group;   ///< group skipped for departments without public services
  double services_skipped_base = 75;
  double services_skipped_factor = 4.0 / 3.0;

  // UN scoring
  bool uncoded_manual_in_max = false;  ///< do uncoded X/M indicators count in the maximum?
  std::vector<RubricLevel> levels;     ///< highest first

  std::vector<RubricGroup> groups;
  std::vector<RubricItem> items;
  std::map<std::string, PatternList> pattern_lists;  ///< [patterns] named lists, referenced as "@name"
};

/// Parses and validates the rubric at `path`. On failure returns false and sets *err to
/// "FILE:LINE:COL: key 'KEY': what is wrong" (syntax errors: toml++'s message at its position).
bool load_rubric(const std::string& path, Rubric* out, std::string* err);

/// Resolves a --rubric argument: an existing file path, or a built-in name looked up as
/// `rubric_dir/NAME.toml`. Returns false with *err naming what was tried.
bool find_rubric(const std::string& name_or_path, const std::string& rubric_dir, std::string* path,
                 std::string* err);

/// Names of the built-in rubrics in `rubric_dir` (file stems of *.toml), sorted.
std::vector<std::string> builtin_rubrics(const std::string& rubric_dir);

}  // namespace govaudit
