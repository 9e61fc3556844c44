#include "reports/score_indicators_json.h"

#include <simdjson.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace govaudit {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// A number as the text nlohmann would print for it, so a stored score's numbers read back as they
// were written.
bool number_text(element v, std::string* out, double* as_double) {
  switch (v.type()) {
    case element_type::INT64: {
      int64_t i = v.get_int64().value_unsafe();
      *out = std::to_string(i);
      *as_double = static_cast<double>(i);
      return true;
    }
    case element_type::UINT64: {
      uint64_t u = v.get_uint64().value_unsafe();
      *out = std::to_string(u);
      *as_double = static_cast<double>(u);
      return true;
    }
    case element_type::DOUBLE: {
      double d = v.get_double().value_unsafe();
      char text[64];
      *out = std::string(text, nlohmann::detail::to_chars(text, text + sizeof text, d));
      *as_double = d;
      return true;
    }
    default: return false;
  }
}

bool read_string(element v, std::string* out) {
  std::string_view s;
  if (v.get_string().get(s)) return false;
  out->assign(s);
  return true;
}

// An indicator's "value": a string as is, null as "", a bool or number as its JSON text.
bool read_value(element v, std::string* out) {
  double ignored;
  switch (v.type()) {
    case element_type::STRING: return read_string(v, out);
    case element_type::NULL_VALUE: out->clear(); return true;
    case element_type::BOOL: *out = v.get_bool().value_unsafe() ? "true" : "false"; return true;
    default: return number_text(v, out, &ignored);
  }
}

bool read_evidence(element v, std::vector<Evidence>* out) {
  simdjson::dom::array items;
  if (v.get_array().get(items)) return false;
  out->clear();  // a repeated member: the last one counts
  for (element item : items) {
    simdjson::dom::object fields;
    if (item.get_object().get(fields)) continue;  // not an item
    Evidence e;
    for (auto [key, value] : fields) {
      if (key == "url" && !read_string(value, &e.url)) return false;
      if (key == "seen_at" && !read_string(value, &e.seen_at)) return false;
      if (key == "detail" && !read_string(value, &e.detail)) return false;
    }
    out->push_back(std::move(e));
  }
  return true;
}

bool read_indicator(element v, ReportIndicator* ind) {
  simdjson::dom::object fields;
  if (v.get_object().get(fields)) return false;
  for (auto [key, value] : fields) {
    std::string text;
    double number = 0;
    if (key == "id") {
      if (!read_string(value, &ind->id)) return false;
    } else if (key == "kind") {
      if (!read_string(value, &ind->kind)) return false;
    } else if (key == "group") {
      if (!read_string(value, &ind->group)) return false;
    } else if (key == "value") {
      if (!read_value(value, &ind->value)) return false;
    } else if (key == "points") {
      if (!number_text(value, &text, &number)) return false;
      ind->points = number;
    } else if (key == "evidence") {
      if (!read_evidence(value, &ind->evidence)) return false;
    } else if (key == "evidence_total") {
      // A count; a negative or fractional one is ignored (the sample's size stands).
      if (value.type() == element_type::UINT64) {
        ind->evidence_total = static_cast<std::size_t>(value.get_uint64().value_unsafe());
      } else if (value.type() == element_type::INT64) {
        int64_t n = value.get_int64().value_unsafe();
        if (n >= 0) ind->evidence_total = static_cast<std::size_t>(n);
      } else if (value.type() != element_type::DOUBLE) {
        return false;
      }
    }
  }
  ind->evidence_total = std::max(ind->evidence_total, ind->evidence.size());
  return true;
}

}  // namespace

bool read_score_json(const std::string& text, ReportScore* score) {
  score->indicators.clear();
  score->criteria.clear();
  score->vetoes.clear();
  // One parser per thread: it keeps its buffers from one score to the next.
  thread_local simdjson::dom::parser parser;
  element doc;
  simdjson::dom::object root;
  if (parser.parse(text).get(doc) || doc.get_object().get(root)) return false;
  bool seen_indicators = false;
  for (auto [key, value] : root) {
    if (key == "criteria") {
      score->criteria.clear();  // a repeated member: the last one counts
      simdjson::dom::object criteria;
      if (value.get_object().get(criteria)) continue;
      for (auto [name, v] : criteria) {
        std::string ignored;
        double points = 0;
        if (number_text(v, &ignored, &points)) score->criteria[std::string(name)] = points;
      }
    } else if (key == "vetoes") {
      score->vetoes.clear();
      simdjson::dom::array vetoes;
      if (value.get_array().get(vetoes)) continue;
      for (element v : vetoes) {
        std::string_view s;
        if (!v.get_string().get(s)) score->vetoes.emplace_back(s);
      }
    } else if (key == "indicators") {
      simdjson::dom::array items;
      if (seen_indicators || value.get_array().get(items)) return false;  // the general path decides
      seen_indicators = true;
      for (element item : items) {
        ReportIndicator ind;
        if (!read_indicator(item, &ind)) return false;
        score->indicators.push_back(std::move(ind));
      }
    }
  }
  return true;
}

void read_score_json_general(const std::string& text, ReportScore* score) {
  score->indicators.clear();
  score->criteria.clear();
  score->vetoes.clear();
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return;
  if (j.contains("criteria") && j["criteria"].is_object())
    for (const auto& [k, v] : j["criteria"].items())
      if (v.is_number()) score->criteria[k] = v.get<double>();
  if (j.contains("vetoes") && j["vetoes"].is_array())
    for (const auto& v : j["vetoes"])
      if (v.is_string()) score->vetoes.push_back(v.get<std::string>());
  // A member of another type than expected reads as empty (nlohmann's value() would throw).
  auto member_text = [](const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const auto indicators = j.find("indicators");
  if (indicators == j.end() || !indicators->is_array()) return;
  for (const auto& i : *indicators) {
    if (!i.is_object()) continue;
    ReportIndicator ind{member_text(i, "id"), member_text(i, "kind"), member_text(i, "group"), "", 0, {}, 0};
    const auto& v = i.contains("value") ? i["value"] : nlohmann::json();
    ind.value = v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump();
    if (i.contains("points") && i["points"].is_number()) ind.points = i["points"].get<double>();
    if (auto ev = i.find("evidence"); ev != i.end() && ev->is_array())
      for (const auto& e : *ev)
        if (e.is_object()) ind.evidence.push_back({member_text(e, "url"), member_text(e, "seen_at"), member_text(e, "detail")});
    ind.evidence_total = ind.evidence.size();
    if (i.contains("evidence_total") && i["evidence_total"].is_number_unsigned())
      ind.evidence_total = std::max(ind.evidence_total, i["evidence_total"].get<std::size_t>());
    score->indicators.push_back(std::move(ind));
  }
}

}  // namespace govaudit
