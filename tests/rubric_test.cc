// Loading rubric files: the shipped ones load; malformed ones fail naming file, line and key.
#include "audit_rules/rubric.h"

#include <catch2/catch.hpp>

#include <set>

#include "tests/support/run_command.h"

using namespace govaudit;
using govaudit::testing::ScratchDir;
using govaudit::testing::source_dir;
using govaudit::testing::write_file;

namespace {

std::string rubric_dir() { return source_dir() + "/audit_rules/rubrics"; }

// A small valid census rubric; the malformed cases below each break one thing in it.
const char* kValid = R"(id = "tiny"
version = "1"
edition = "test"
kind = "census"

[scoring]
full_marks = 100
pass_mark = 60

[patterns]
bad_words = ["总书计"]

[[group]]
id = "functions"
points = 20

[[veto]]
id = "homepage_not_updated"
check = "home_not_updated"
[veto.params]
days = 14

[[deduction]]
id = "no_search"
group = "functions"
check = "feature_present"
points = 5
[deduction.params]
feature = "search"
absent = true
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// Loads `text` from a scratch file; returns the error ("" when it loaded).
std::string load_error(const std::string& text) {
  ScratchDir dir;
  const std::string path = dir.file("bad.toml");
  write_file(path, text);
  Rubric r;
  std::string err;
  if (load_rubric(path, &r, &err)) return "";
  CHECK(err.rfind(path + ":", 0) == 0);  // every message starts with the file
  return err;
}

}  // namespace

TEST_CASE("the shipped census rubric loads with the contract veto ids", "[rubric]") {
  Rubric r;
  std::string err;
  REQUIRE(load_rubric(rubric_dir() + "/census-2019.toml", &r, &err));
  CHECK(r.id == "census-2019");
  CHECK(r.kind == "census");
  CHECK(r.pass_mark == 60);
  CHECK(r.bonus_threshold == 80);
  CHECK(r.bonus_cap == 30);
  CHECK(r.services_skipped_base == 75);
  std::set<std::string> vetoes;
  for (const auto& i : r.items)
    if (i.kind == ItemKind::kVeto) vetoes.insert(i.id);
  CHECK(vetoes == std::set<std::string>{"site_unreachable", "homepage_not_updated", "columns_not_updated",
                                        "blank_columns", "serious_errors", "poor_interaction",
                                        "services_unusable"});
  const auto& probe = *std::find_if(r.items.begin(), r.items.end(),
                                    [](const RubricItem& i) { return i.id == "site_unreachable"; });
  CHECK(probe.params.number("min_per_day", 0) == 20);
  CHECK(probe.params.number("fail_share", 0) == Approx(0.05));
  CHECK(r.pattern_lists.at("serious_wording").sources.size() >= 5);
}

TEST_CASE("the 2015 census rubric differs where the notes say", "[rubric]") {
  Rubric r;
  std::string err;
  REQUIRE(load_rubric(rubric_dir() + "/census-2015.toml", &r, &err));
  CHECK(r.edition == "2015");
  bool services_veto = false;
  for (const auto& i : r.items) {
    if (i.id == "services_unusable") services_veto = true;
    if (i.id == "columns_not_updated") CHECK_FALSE(i.params.flag("notice_first_level_only", true));
    if (i.id == "poor_interaction") CHECK_FALSE(i.params.flag("require_channel", true));
  }
  CHECK_FALSE(services_veto);
}

TEST_CASE("the shipped UN rubric loads with five criteria and manual indicators", "[rubric]") {
  Rubric r;
  std::string err;
  REQUIRE(load_rubric(rubric_dir() + "/un-losi-cn-minority.toml", &r, &err));
  CHECK(r.kind == "un");
  REQUIRE(r.groups.size() == 5);
  CHECK(r.levels.front().id == "very_high");
  int manual = 0, extension = 0;
  for (const auto& i : r.items) {
    manual += i.manual;
    extension += i.extension;
    if (i.manual) CHECK((i.method == "X" || i.method == "M"));
    else CHECK(find_check(i.check) != nullptr);
  }
  CHECK(manual >= 10);
  CHECK(extension >= 12);
  CHECK(r.items.size() > 90);
}

TEST_CASE("rubrics are found by built in name or by path", "[rubric]") {
  std::string path, err;
  REQUIRE(find_rubric("census-2019", rubric_dir(), &path, &err));
  CHECK(path == rubric_dir() + "/census-2019.toml");
  REQUIRE(find_rubric(rubric_dir() + "/un-losi-cn-minority.toml", "/nonexistent", &path, &err));
  CHECK_FALSE(find_rubric("census-1999", rubric_dir(), &path, &err));
  CHECK(err.find("census-1999") != std::string::npos);
  CHECK(err.find("un-losi-cn-minority") != std::string::npos);  // lists the built-ins
  const auto names = builtin_rubrics(rubric_dir());
  CHECK(std::find(names.begin(), names.end(), "census-2015") != names.end());
}

TEST_CASE("the valid test rubric loads", "[rubric]") { CHECK(load_error(kValid) == ""); }

TEST_CASE("a TOML syntax error names the file line and column", "[rubric]") {
  const std::string err = load_error(replaced(kValid, "days = 14", "days = = 14"));
  CHECK(err.find("bad.toml:21:") != std::string::npos);
}

TEST_CASE("an unknown check name is an error naming the key and line", "[rubric]") {
  const std::string err = load_error(replaced(kValid, "\"home_not_updated\"", "\"home_stale\""));
  CHECK(err.find(":19:") != std::string::npos);
  CHECK(err.find("key 'veto.homepage_not_updated.check'") != std::string::npos);
  CHECK(err.find("unknown check 'home_stale'") != std::string::npos);
}

TEST_CASE("missing required keys and parameters are errors", "[rubric]") {
  std::string err = load_error(replaced(kValid, "days = 14", ""));
  CHECK(err.find("key 'veto.homepage_not_updated.params.days'") != std::string::npos);
  err = load_error(replaced(kValid, "version = \"1\"\n", ""));
  CHECK(err.find("key 'version': missing required key") != std::string::npos);
  err = load_error(replaced(kValid, "points = 5\n", ""));
  CHECK(err.find("key 'deduction.no_search.points'") != std::string::npos);
}

TEST_CASE("patterns RE2 cannot compile are errors naming the pattern", "[rubric]") {
  std::string err = load_error(replaced(kValid, "[\"总书计\"]", "[\"总书计\", \"(unclosed\"]"));
  CHECK(err.find("key 'patterns.bad_words'") != std::string::npos);
  CHECK(err.find("'(unclosed'") != std::string::npos);
  CHECK(err.find(":11:") != std::string::npos);
  err = load_error(replaced(kValid, "absent = true", "absent = true\npatterns = [\"@no_such_list\"]"));
  CHECK(err.find("no pattern list 'no_such_list'") != std::string::npos);
}

TEST_CASE("wrong types and unknown keys are errors", "[rubric]") {
  std::string err = load_error(replaced(kValid, "days = 14", "days = \"two weeks\""));
  CHECK(err.find("key 'veto.homepage_not_updated.params.days': expected a number") != std::string::npos);
  CHECK(err.find(":21:") != std::string::npos);
  err = load_error(replaced(kValid, "days = 14", "dayz = 14"));
  CHECK(err.find("key 'veto.homepage_not_updated.params.dayz': not a parameter") != std::string::npos);
  err = load_error(replaced(kValid, "pass_mark = 60", "pass_mark = 60\npas_mark = 50"));
  CHECK(err.find("key 'scoring.pas_mark': unknown key") != std::string::npos);
  err = load_error(replaced(kValid, "kind = \"census\"", "kind = \"survey\""));
  CHECK(err.find("key 'kind'") != std::string::npos);
  err = load_error(replaced(kValid, "group = \"functions\"", "group = \"function\""));
  CHECK(err.find("no group or criterion 'function'") != std::string::npos);
}

TEST_CASE("a missing rubric file is an error naming it", "[rubric]") {
  Rubric r;
  std::string err;
  CHECK_FALSE(load_rubric("/nonexistent/x.toml", &r, &err));
  CHECK(err.find("/nonexistent/x.toml") != std::string::npos);
}
