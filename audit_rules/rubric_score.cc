#include "audit_rules/rubric_score.h"

#include <algorithm>

namespace govaudit {
namespace {

const char* kind_name(ItemKind k) {
  switch (k) {
    case ItemKind::kVeto: return "veto";
    case ItemKind::kDeduction: return "deduction";
    case ItemKind::kBonus: return "bonus";
    case ItemKind::kIndicator: return "indicator";
  }
  return "indicator";
}

IndicatorScore run_item(const RubricItem& item, const SiteFacts& facts, CheckOutcome* outcome) {
  IndicatorScore s;
  s.id = item.id;
  s.kind = kind_name(item.kind);
  s.group = item.group;
  s.official = item.official;
  *outcome = find_check(item.check)->run(facts, item.params);
  s.evidence = outcome->evidence;
  s.evidence_total = std::max(outcome->evidence_total, s.evidence.size());
  s.note = outcome->note;
  return s;
}

// Points an item takes for `count` occurrences: points each, at most cap (cap 0 = one occurrence's worth).
double capped_points(const RubricItem& item, double count) {
  const double cap = item.cap > 0 ? item.cap : item.points;
  return std::min(count * item.points, cap);
}

// Every veto and every point taken must carry evidence (issue 4). A check that found an absence
// (no search, no dated reply) has no page to point at: the home page is the evidence, with the note.
void ensure_evidence(IndicatorScore* s, const SiteFacts& f) {
  if (!s->evidence.empty()) return;
  s->evidence.push_back({f.home.url, f.home.seen_at, s->note.empty() ? s->id : s->note});
  s->evidence_total = std::max<std::size_t>(s->evidence_total, 1);
}

bool services_item_skipped(const Rubric& r, const RubricItem& item, const SiteFacts& f) {
  return !f.public_services && !r.services_group.empty() && item.group == r.services_group;
}

void score_census(const Rubric& r, const SiteFacts& f, RubricScore* out) {
  out->max = r.full_marks + r.bonus_cap;
  out->services_skipped = !f.public_services && !r.services_group.empty();
  // Every veto is evaluated (not only the first hit) so the report shows all reasons for a failure.
  for (const auto& item : r.items) {
    if (item.kind != ItemKind::kVeto) continue;
    CheckOutcome o;
    IndicatorScore s = run_item(item, f, &o);
    if (o.insufficient) {
      s.value_kind = IndicatorScore::Value::kInsufficient;
    } else {
      s.met = o.hit && !services_item_skipped(r, item, f);
      if (s.met) out->vetoes.push_back(item.id), ensure_evidence(&s, f);
    }
    out->indicators.push_back(std::move(s));
  }
  out->vetoed = !out->vetoes.empty();
  if (out->vetoed) return;  // nothing else scored; score stays null

  std::map<std::string, double> group_lost;
  for (const auto& item : r.items) {
    if (item.kind != ItemKind::kDeduction) continue;
    if (services_item_skipped(r, item, f)) continue;
    CheckOutcome o;
    IndicatorScore s = run_item(item, f, &o);
    s.value_kind = o.insufficient ? IndicatorScore::Value::kInsufficient : IndicatorScore::Value::kNumber;
    s.number = o.count;
    if (!o.insufficient) s.points = capped_points(item, o.count);
    // A group's deductions never exceed its points: trim the item that crosses the line.
    if (!item.group.empty()) {
      auto g = std::find_if(r.groups.begin(), r.groups.end(), [&](const RubricGroup& x) { return x.id == item.group; });
      const double room = std::max(0.0, g->points - group_lost[item.group]);
      if (s.points > room) {
        s.note += (s.note.empty() ? "" : "; ") + std::string("trimmed to the group's cap");
        s.points = room;
      }
      group_lost[item.group] += s.points;
    }
    if (s.points > 0) ensure_evidence(&s, f);
    out->deductions += s.points;
    out->indicators.push_back(std::move(s));
  }
  for (const auto& g : r.groups)
    if (!(out->services_skipped && g.id == r.services_group)) out->criteria[g.id] = g.points - group_lost[g.id];

  double score = r.full_marks - out->deductions;
  if (out->services_skipped) score = (r.services_skipped_base - out->deductions) * r.services_skipped_factor;
  score = std::max(0.0, score);
  out->passed = score >= r.pass_mark;

  const bool bonus_open = score > r.bonus_threshold;
  double bonus = 0;
  for (const auto& item : r.items) {
    if (item.kind != ItemKind::kBonus) continue;
    CheckOutcome o;
    IndicatorScore s = run_item(item, f, &o);
    s.value_kind = IndicatorScore::Value::kNumber;
    s.number = o.count;
    if (bonus_open && !o.insufficient) s.points = capped_points(item, o.count);
    else if (!bonus_open) s.note = "bonus not counted: score not above " + std::to_string(int(r.bonus_threshold));
    bonus += s.points;
    out->indicators.push_back(std::move(s));
  }
  out->bonus = std::min(bonus, r.bonus_cap);
  out->score = score + out->bonus;
}

void score_un(const Rubric& r, const SiteFacts& f, RubricScore* out) {
  out->max = 1;
  std::map<std::string, std::pair<double, double>> per;  // criterion → (points, max)
  double cmp_points = 0, cmp_max = 0;
  for (const auto& item : r.items) {
    if (item.kind != ItemKind::kIndicator) continue;
    IndicatorScore s;
    if (item.manual) {
      s.id = item.id;
      s.kind = "indicator";
      s.group = item.group;
      auto code = f.manual_codes.find(item.id);
      if (code == f.manual_codes.end()) {
        s.value_kind = IndicatorScore::Value::kUnknown;
        s.in_max = r.uncoded_manual_in_max;
        s.note = "manual indicator (" + (item.method.empty() ? std::string("M") : item.method) + "): not coded";
      } else {
        s.met = code->second;
        s.note = "manually coded";
      }
    } else {
      CheckOutcome o;
      s = run_item(item, f, &o);
      // UN practice: not found counts as 0; an undecidable automated check is reported but still 0.
      if (o.insufficient) s.value_kind = IndicatorScore::Value::kInsufficient;
      else s.met = o.hit;
    }
    s.points = s.met ? item.points : 0;
    if (s.in_max) {
      per[item.group].first += s.points;
      per[item.group].second += item.points;
      out->points += s.points;
      out->max_points += item.points;
      if (!item.extension) cmp_points += s.points, cmp_max += item.points;
    }
    out->indicators.push_back(std::move(s));
  }
  for (const auto& g : r.groups) {
    auto [pts, max] = per[g.id];
    out->criteria[g.id] = max > 0 ? pts / max : 0;
  }
  const double index = out->max_points > 0 ? out->points / out->max_points : 0;
  out->score = index;
  if (cmp_max > 0) out->comparable_index = cmp_points / cmp_max;
  out->level = level_for(r, index);
}

}  // namespace

std::string level_for(const Rubric& rubric, double index) {
  for (const auto& l : rubric.levels)
    if (l.strict ? index > l.min : index >= l.min) return l.id;
  return rubric.levels.empty() ? std::string() : rubric.levels.back().id;
}

RubricScore score_site(const Rubric& rubric, const SiteFacts& facts) {
  RubricScore out;
  out.site = facts.site;
  out.rubric = rubric.id;
  out.version = rubric.version;
  out.edition = rubric.edition;
  out.kind = rubric.kind;
  if (rubric.kind == "census") score_census(rubric, facts, &out);
  else score_un(rubric, facts, &out);
  return out;
}

}  // namespace govaudit
