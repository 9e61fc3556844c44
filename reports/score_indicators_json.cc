#include "reports/score_indicators_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "reports/json_sax.h"

namespace govaudit {
namespace {

using json = nlohmann::json;

// Depths: 1 the score object, 2 its "criteria" object, "vetoes" array or "indicators" array, 3 an indicator, 4 its "evidence" array, 5 an
// evidence item. Anything else is skipped by counting depth; a member this reader would have to
// interpret otherwise than as a plain scalar makes it give up (return false).
class IndicatorsSax : public nlohmann::json_sax<json> {
 public:
  explicit IndicatorsSax(ReportScore* score) : score_(score), out_(&score->indicators) {}

  bool null() override { return scalar(""); }
  bool boolean(bool v) override { return scalar(v ? "true" : "false"); }
  bool number_integer(number_integer_t v) override { return number(static_cast<double>(v), std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override {
    if (in_indicator() && key_ == "evidence_total") cur().evidence_total = static_cast<std::size_t>(v);
    return number(static_cast<double>(v), std::to_string(v));
  }
  // The text nlohmann would print for the value: a stored score's numbers read back as they were written.
  bool number_float(number_float_t v, const string_t&) override {
    char text[64];  // what json(v).dump() writes (the parser gives finite numbers only), without a document
    return number(v, std::string(text, nlohmann::detail::to_chars(text, text + sizeof text, v)));
  }
  bool string(string_t& v) override {
    if (depth_ == 2 && in_vetoes_) score_->vetoes.push_back(v);
    if (in_indicator()) {
      if (key_ == "id") return set(&cur().id, v);
      if (key_ == "kind") return set(&cur().kind, v);
      if (key_ == "group") return set(&cur().group, v);
      if (key_ == "value") return set(&cur().value, v);
      return key_ != "points" && key_ != "evidence" && key_ != "evidence_total";
    }
    if (in_evidence_item()) {
      Evidence& e = cur().evidence.back();
      if (key_ == "url") return set(&e.url, v);
      if (key_ == "seen_at") return set(&e.seen_at, v);
      if (key_ == "detail") return set(&e.detail, v);
    }
    return true;
  }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override {
    if ((depth_ == 1 && key_ == "indicators") || ((in_indicator() || in_evidence_item()) && watched())) return false;
    if (depth_ == 1 && key_ == "criteria") in_criteria_ = true, score_->criteria.clear();  // the last one counts
    ++depth_;
    if (depth_ == 3 && in_array_) out_->push_back(ReportIndicator{});
    if (depth_ == 5 && in_evidence_) cur().evidence.push_back({});
    key_.clear();
    return true;
  }
  bool end_object() override {
    if (depth_ == 3 && in_array_) cur().evidence_total = std::max(cur().evidence_total, cur().evidence.size());
    if (depth_ == 2) in_criteria_ = false;
    --depth_;
    key_.clear();
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 1 && key_ == "indicators") in_array_ = true;
    else if (depth_ == 1 && key_ == "vetoes") in_vetoes_ = true, score_->vetoes.clear();
    else if (in_indicator() && key_ == "evidence") in_evidence_ = true, cur().evidence.clear();  // the last one counts
    else if ((in_indicator() || in_evidence_item()) && watched()) return false;
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    if (depth_ == 1) in_array_ = in_vetoes_ = false;
    if (depth_ == 3) in_evidence_ = false;
    key_.clear();
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ == 1 && k == "indicators" && seen_indicators_++) return false;  // a repeated member: general path
    key_ = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  ReportIndicator& cur() { return out_->back(); }
  bool in_indicator() const { return depth_ == 3 && in_array_ && !in_evidence_; }
  bool in_evidence_item() const { return depth_ == 5 && in_evidence_; }
  // Members read with a type in mind: another type there is left to the general path.
  bool watched() const {
    static const char* const kKeys[] = {"id", "kind", "group", "value", "points", "evidence_total", "url", "seen_at", "detail"};
    return std::any_of(std::begin(kKeys), std::end(kKeys), [&](const char* k) { return key_ == k; });
  }
  bool set(std::string* field, const std::string& v) {
    *field = v;
    return true;
  }
  // null or a bool: a value as its JSON text ("" for null); under any other watched key, the general path.
  bool scalar(const std::string& text) {
    if (in_indicator() && key_ == "value") return set(&cur().value, text);
    return !((in_indicator() || in_evidence_item()) && watched());
  }
  bool number(double v, const std::string& text) {
    if (depth_ == 2 && in_criteria_) score_->criteria[key_] = v;
    if (in_indicator()) {
      if (key_ == "value") return set(&cur().value, text);
      if (key_ == "points") {
        cur().points = v;
        return true;
      }
      if (key_ == "evidence_total") return true;
      return !watched();
    }
    return !(in_evidence_item() && watched());
  }

  ReportScore* score_;
  std::vector<ReportIndicator>* out_;
  int depth_ = 0;
  bool in_array_ = false, in_evidence_ = false, in_criteria_ = false, in_vetoes_ = false;
  int seen_indicators_ = 0;
  std::string key_;
};

}  // namespace

bool read_score_json(const std::string& text, ReportScore* score) {
  score->indicators.clear();
  score->criteria.clear();
  score->vetoes.clear();
  IndicatorsSax sax(score);
  return json_sax_parse(text, &sax);
}

}  // namespace govaudit
