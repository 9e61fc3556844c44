// Scoring one site's facts under one rubric. Census (census-criteria.md "Scoring model"): any veto ⇒
// the site fails and nothing else is scored — the score is then *null*, not 0, so vetoed sites never
// drag averages as if they had scored zero; else 100 − deductions (each item capped at its cap, each
// group at its points), pass ≥ pass_mark, bonus items only when the score is > bonus_threshold (capped
// at bonus_cap). UN-style: each indicator met or not; per-criterion and overall points/max in 0–1;
// the level band from the rubric's [[level]] list.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit_rules/rubric.h"
#include "audit_rules/site_facts.h"

namespace govaudit {

/// One item's result, kept with its evidence whatever the outcome.
struct IndicatorScore {
  enum class Value { kBool, kNumber, kInsufficient, kUnknown };
  std::string id;
  std::string kind;   ///< "veto" | "deduction" | "bonus" | "indicator"
  std::string group;  ///< census group / UN criterion
  Value value_kind = Value::kBool;
  bool met = false;   ///< veto triggered / indicator met (kBool)
  double number = 0;  ///< occurrences for deductions and bonus (kNumber)
  double points = 0;  ///< census: points taken off (deduction) or given (bonus); UN: points earned
  bool in_max = true; ///< UN: counted in the maximum (false for uncoded manual indicators by default)
  bool official = false;
  std::vector<Evidence> evidence;  ///< a bounded sample of what was found (first five)
  std::size_t evidence_total = 0;  ///< how many items were found in all (≥ evidence.size())
  std::string note;
};

struct RubricScore {
  std::string site;
  std::string rubric;   ///< rubric id
  std::string version;
  std::string edition;
  std::string kind;     ///< "census" | "un"
  std::optional<double> score;  ///< census: final score (null when vetoed); UN: overall index 0–1
  double max = 0;               ///< census: full marks + bonus cap; UN: 1
  bool vetoed = false;
  std::vector<std::string> vetoes;
  bool passed = false;          ///< census: not vetoed and score ≥ pass mark; UN: unused
  double deductions = 0;        ///< census: points off after caps
  double bonus = 0;             ///< census: bonus points counted
  bool services_skipped = false;
  std::string level;                    ///< UN level band id
  double points = 0, max_points = 0;    ///< UN raw points
  std::optional<double> comparable_index;  ///< UN: index over non-extension indicators (LOSI-comparable)
  std::map<std::string, double> criteria;  ///< census: points kept per group; UN: criterion share 0–1
  std::vector<IndicatorScore> indicators;
};

/// Scores `facts` under `rubric` (which load_rubric validated). Deterministic: same inputs, same output.
RubricScore score_site(const Rubric& rubric, const SiteFacts& facts);

/// The UN level band for `index` under `rubric` (the last band when none matches).
std::string level_for(const Rubric& rubric, double index);

}  // namespace govaudit
