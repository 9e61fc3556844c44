// The registry of named checks a rubric file may use. A check reads SiteFacts and its parameters from
// the rubric file and returns what it saw; the rubric item turns that into a veto, points off, or an
// indicator met. Code names the check, the file sets every threshold (style.md).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "audit_rules/site_facts.h"

namespace re2 {
class RE2;
}

namespace govaudit {

/// A list of RE2 patterns as written in the rubric, compiled once at load.
struct PatternList {
  std::vector<std::string> sources;
  std::vector<std::shared_ptr<const re2::RE2>> compiled;  ///< same order as sources
};

/// One rubric item's parameters, already checked against its check's ParamSpec list.
struct CheckParams {
  std::map<std::string, double> numbers;
  std::map<std::string, std::string> strings;
  std::map<std::string, bool> flags;
  std::map<std::string, std::vector<std::string>> string_lists;
  std::map<std::string, PatternList> patterns;

  double number(const std::string& key, double fallback) const;
  std::string string(const std::string& key, const std::string& fallback) const;
  bool flag(const std::string& key, bool fallback) const;
  std::vector<std::string> string_list(const std::string& key) const;
  const PatternList* pattern_list(const std::string& key) const;  ///< nullptr when not given
};

enum class ParamType { kNumber, kString, kBool, kStringList, kPatterns };

struct ParamSpec {
  std::string name;
  ParamType type;
  bool required;
};

/// What a check saw. `hit`: the condition holds (veto triggered, indicator met). `count`: occurrences
/// for per-occurrence deductions (or a measured value). `insufficient`: too little evidence to decide —
/// never a veto, never points off.
struct CheckOutcome {
  bool hit = false;
  double count = 0;
  bool insufficient = false;
  std::vector<Evidence> evidence;  ///< a bounded sample (kMaxEvidence in rubric_checks.cc), first found first
  std::size_t evidence_total = 0;  ///< items found, of which `evidence` is the sample (≥ evidence.size())
  std::string note;
};

using CheckFn = CheckOutcome (*)(const SiteFacts&, const CheckParams&);

struct CheckSpec {
  std::string name;
  std::vector<ParamSpec> params;
  CheckFn run;
};

/// The check registered under `name`, or nullptr (a rubric naming it is malformed).
const CheckSpec* find_check(std::string_view name);

/// Every registered check, for documentation and error messages.
const std::vector<CheckSpec>& all_checks();

/// Days from `from` to `to` ("YYYY-MM-DD"); false when either is not a valid date.
bool days_between(const std::string& from, const std::string& to, long* days);

}  // namespace govaudit
