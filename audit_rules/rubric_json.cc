#include "audit_rules/rubric_json.h"

#include <algorithm>

namespace govaudit {

nlohmann::json score_to_json(const RubricScore& s, const std::string& run) {
  using nlohmann::json;
  json j;
  j["site"] = s.site;
  j["run"] = run;
  j["rubric"] = s.rubric;
  j["version"] = s.version;
  j["edition"] = s.edition;
  j["kind"] = s.kind;
  j["score"] = s.score ? json(*s.score) : json(nullptr);
  j["max"] = s.max;
  j["vetoed"] = s.vetoed;
  j["vetoes"] = s.vetoes;
  if (s.kind == "census") {
    j["passed"] = s.passed;
    j["deductions"] = s.deductions;
    j["bonus"] = s.bonus;
    j["services_skipped"] = s.services_skipped;
  } else {
    j["level"] = s.level;
    j["points"] = s.points;
    j["max_points"] = s.max_points;
    j["comparable_index"] = s.comparable_index ? json(*s.comparable_index) : json(nullptr);
  }
  j["criteria"] = json::object();
  for (const auto& [k, v] : s.criteria) j["criteria"][k] = v;
  json inds = json::array();
  for (const auto& i : s.indicators) {
    json e = json::array();
    for (const auto& ev : i.evidence) e.push_back({{"url", ev.url}, {"seen_at", ev.seen_at}, {"detail", ev.detail}});
    json value;
    switch (i.value_kind) {
      case IndicatorScore::Value::kBool: value = i.met; break;
      case IndicatorScore::Value::kNumber: value = i.number; break;
      case IndicatorScore::Value::kInsufficient: value = "insufficient"; break;
      case IndicatorScore::Value::kUnknown: value = nullptr; break;
    }
    json ind = {{"id", i.id}, {"kind", i.kind}, {"group", i.group}, {"value", value},
                {"points", i.points}, {"official", i.official}, {"evidence", e},
                {"evidence_total", std::max(i.evidence_total, i.evidence.size())}};
    if (!i.in_max) ind["in_max"] = false;
    if (!i.note.empty()) ind["note"] = i.note;
    inds.push_back(std::move(ind));
  }
  j["indicators"] = std::move(inds);
  return j;
}

}  // namespace govaudit
