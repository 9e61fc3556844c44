// Loading rubric files. Every key is checked: required keys present, types right, no unknown keys
// (a misspelt threshold would otherwise silently fall back to nothing), check names registered,
// parameters known to their check, patterns compilable by RE2.
#include "audit_rules/rubric.h"

#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

namespace govaudit {
namespace {

// Parsing state: the file path (for messages) and the first error seen.
struct Loader {
  std::string path;
  std::string* err;
  Rubric* out;

  bool fail(const toml::source_region& at, const std::string& key, const std::string& what) {
    std::ostringstream s;
    s << path << ":" << at.begin.line << ":" << at.begin.column << ": key '" << key << "': " << what;
    *err = s.str();
    return false;
  }

  // Rejects keys of `t` not in `allowed`.
  bool only_keys(const toml::table& t, const std::string& prefix, std::initializer_list<const char*> allowed) {
    for (auto&& [k, v] : t) {
      const std::string key(k.str());
      if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }) == allowed.end())
        return fail(v.source(), prefix + key, "unknown key");
    }
    return true;
  }

  bool get_string(const toml::table& t, const std::string& prefix, const char* key, bool required,
                  std::string* v) {
    const toml::node* n = t.get(key);
    if (!n) return required ? fail(t.source(), prefix + key, "missing required key") : true;
    if (!n->is_string()) return fail(n->source(), prefix + key, "expected a string");
    *v = n->as_string()->get();
    return true;
  }

  bool get_number(const toml::table& t, const std::string& prefix, const char* key, bool required,
                  double* v) {
    const toml::node* n = t.get(key);
    if (!n) return required ? fail(t.source(), prefix + key, "missing required key") : true;
    if (n->is_integer()) *v = double(n->as_integer()->get());
    else if (n->is_floating_point()) *v = n->as_floating_point()->get();
    else return fail(n->source(), prefix + key, "expected a number");
    return true;
  }

  bool get_bool(const toml::table& t, const std::string& prefix, const char* key, bool* v) {
    const toml::node* n = t.get(key);
    if (!n) return true;
    if (!n->is_boolean()) return fail(n->source(), prefix + key, "expected true or false");
    *v = n->as_boolean()->get();
    return true;
  }

  bool string_array(const toml::node& n, const std::string& key, std::vector<std::string>* v) {
    const toml::array* a = n.as_array();
    if (!a) return fail(n.source(), key, "expected an array of strings");
    for (const auto& e : *a) {
      if (!e.is_string()) return fail(e.source(), key, "expected an array of strings");
      v->push_back(e.as_string()->get());
    }
    return true;
  }

  bool compile(const toml::node& at, const std::string& key, const std::string& pattern, PatternList* list) {
    RE2::Options opt;
    opt.set_log_errors(false);
    auto re = std::make_shared<const RE2>(pattern, opt);
    if (!re->ok()) return fail(at.source(), key, "RE2 cannot compile pattern '" + pattern + "': " + re->error());
    list->sources.push_back(pattern);
    list->compiled.push_back(std::move(re));
    return true;
  }

  // A patterns value: an array whose strings are RE2 patterns or "@name" references to [patterns].
  bool patterns(const toml::node& n, const std::string& key, PatternList* list) {
    std::vector<std::string> raw;
    if (!string_array(n, key, &raw)) return false;
    const toml::array& a = *n.as_array();
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i].size() > 1 && raw[i][0] == '@') {
        auto it = out->pattern_lists.find(raw[i].substr(1));
        if (it == out->pattern_lists.end())
          return fail(a[i].source(), key, "no pattern list '" + raw[i].substr(1) + "' in [patterns]");
        list->sources.insert(list->sources.end(), it->second.sources.begin(), it->second.sources.end());
        list->compiled.insert(list->compiled.end(), it->second.compiled.begin(), it->second.compiled.end());
      } else if (!compile(a[i], key, raw[i], list)) {
        return false;
      }
    }
    return true;
  }

  bool params(const toml::table* t, const std::string& prefix, const CheckSpec& spec, CheckParams* p) {
    if (t)
      for (auto&& [k, v] : *t) {
        const std::string key(k.str());
        const std::string full = prefix + key;
        auto ps = std::find_if(spec.params.begin(), spec.params.end(),
                               [&](const ParamSpec& s) { return s.name == key; });
        if (ps == spec.params.end()) return fail(v.source(), full, "not a parameter of check '" + spec.name + "'");
        switch (ps->type) {
          case ParamType::kNumber:
            if (v.is_integer()) p->numbers[key] = double(v.as_integer()->get());
            else if (v.is_floating_point()) p->numbers[key] = v.as_floating_point()->get();
            else return fail(v.source(), full, "expected a number");
            break;
          case ParamType::kString:
            if (!v.is_string()) return fail(v.source(), full, "expected a string");
            p->strings[key] = v.as_string()->get();
            break;
          case ParamType::kBool:
            if (!v.is_boolean()) return fail(v.source(), full, "expected true or false");
            p->flags[key] = v.as_boolean()->get();
            break;
          case ParamType::kStringList:
            if (!string_array(v, full, &p->string_lists[key])) return false;
            break;
          case ParamType::kPatterns:
            if (!patterns(v, full, &p->patterns[key])) return false;
            break;
        }
      }
    for (const auto& s : spec.params) {
      if (!s.required) continue;
      const bool has = p->numbers.count(s.name) || p->strings.count(s.name) || p->flags.count(s.name) ||
                       p->string_lists.count(s.name) || p->patterns.count(s.name);
      if (!has)
        return fail(t ? t->source() : toml::source_region{}, prefix + s.name,
                    "missing required parameter of check '" + spec.name + "'");
    }
    return true;
  }

  bool item(const toml::table& t, const std::string& section, size_t index, ItemKind kind) {
    const std::string prefix = section + "[" + std::to_string(index) + "].";
    RubricItem it;
    it.kind = kind;
    if (!only_keys(t, prefix, {"id", "label", "check", "params", "group", "criterion", "points", "cap",
                               "official", "source", "manual", "method", "code", "extension"}))
      return false;
    if (!get_string(t, prefix, "id", true, &it.id)) return false;
    std::string where = prefix;
    where.replace(where.find('['), std::string::npos, "." + it.id + ".");  // "veto.site_unreachable."
    if (!get_string(t, where, "label", false, &it.label) || !get_bool(t, where, "manual", &it.manual) ||
        !get_string(t, where, "check", !it.manual, &it.check) ||
        !get_string(t, where, kind == ItemKind::kIndicator ? "criterion" : "group",
                    kind == ItemKind::kIndicator, &it.group) ||
        !get_number(t, where, "points", kind == ItemKind::kDeduction || kind == ItemKind::kBonus, &it.points) ||
        !get_number(t, where, "cap", false, &it.cap) || !get_bool(t, where, "official", &it.official) ||
        !get_string(t, where, "source", false, &it.source) || !get_string(t, where, "method", false, &it.method) ||
        !get_string(t, where, "code", false, &it.code) || !get_bool(t, where, "extension", &it.extension))
      return false;
    for (const auto& other : out->items)
      if (other.id == it.id) return fail(t.source(), where + "id", "duplicate item id '" + it.id + "'");
    if (!it.group.empty() && std::none_of(out->groups.begin(), out->groups.end(),
                                          [&](const RubricGroup& g) { return g.id == it.group; }))
      return fail(t.source(), where + (kind == ItemKind::kIndicator ? "criterion" : "group"),
                  "no group or criterion '" + it.group + "'");
    const toml::node* pn = t.get("params");
    if (pn && !pn->is_table()) return fail(pn->source(), where + "params", "expected a table");
    if (!it.check.empty()) {
      const CheckSpec* spec = find_check(it.check);
      if (!spec) {
        std::string known;
        for (const auto& c : all_checks()) known += (known.empty() ? "" : ", ") + c.name;
        return fail(t.get("check")->source(), where + "check", "unknown check '" + it.check + "' (known: " + known + ")");
      }
      if (!params(pn ? pn->as_table() : nullptr, where + "params.", *spec, &it.params)) return false;
    } else if (pn) {
      return fail(pn->source(), where + "params", "a manual indicator takes no parameters");
    }
    out->items.push_back(std::move(it));
    return true;
  }

  // An array of tables under `key` ([[veto]] etc.); absent is fine.
  template <typename Fn>
  bool each_table(const toml::table& root, const char* key, Fn fn) {
    const toml::node* n = root.get(key);
    if (!n) return true;
    const toml::array* a = n->as_array();
    if (!a) return fail(n->source(), key, "expected an array of tables ([[" + std::string(key) + "]])");
    for (size_t i = 0; i < a->size(); ++i) {
      const toml::table* t = (*a)[i].as_table();
      if (!t) return fail((*a)[i].source(), key, "expected a table");
      if (!fn(*t, i)) return false;
    }
    return true;
  }

  bool root(const toml::table& r) {
    if (!only_keys(r, "", {"id", "version", "edition", "kind", "title", "description", "scoring", "patterns",
                           "group", "criterion", "level", "veto", "deduction", "bonus", "indicator"}))
      return false;
    if (!get_string(r, "", "id", true, &out->id) || !get_string(r, "", "version", true, &out->version) ||
        !get_string(r, "", "edition", true, &out->edition) || !get_string(r, "", "kind", true, &out->kind) ||
        !get_string(r, "", "title", false, &out->title))
      return false;
    const bool census = out->kind == "census";
    if (!census && out->kind != "un") return fail(r.get("kind")->source(), "kind", "expected \"census\" or \"un\"");

    const toml::node* sn = r.get("scoring");
    if (!sn || !sn->is_table()) return fail(sn ? sn->source() : r.source(), "scoring", "missing required table");
    const toml::table& s = *sn->as_table();
    if (census) {
      if (!only_keys(s, "scoring.", {"full_marks", "pass_mark", "bonus_threshold", "bonus_cap", "services_group",
                                     "services_skipped_base", "services_skipped_factor"}) ||
          !get_number(s, "scoring.", "full_marks", true, &out->full_marks) ||
          !get_number(s, "scoring.", "pass_mark", true, &out->pass_mark) ||
          !get_number(s, "scoring.", "bonus_threshold", false, &out->bonus_threshold) ||
          !get_number(s, "scoring.", "bonus_cap", false, &out->bonus_cap) ||
          !get_string(s, "scoring.", "services_group", false, &out->services_group) ||
          !get_number(s, "scoring.", "services_skipped_base", false, &out->services_skipped_base) ||
          !get_number(s, "scoring.", "services_skipped_factor", false, &out->services_skipped_factor))
        return false;
    } else if (!only_keys(s, "scoring.", {"uncoded_manual_in_max"}) ||
               !get_bool(s, "scoring.", "uncoded_manual_in_max", &out->uncoded_manual_in_max)) {
      return false;
    }

    if (const toml::node* pn = r.get("patterns")) {
      if (!pn->is_table()) return fail(pn->source(), "patterns", "expected a table of pattern lists");
      for (auto&& [k, v] : *pn->as_table())
        if (!patterns(v, "patterns." + std::string(k.str()), &out->pattern_lists[std::string(k.str())]))
          return false;
    }

    const char* group_key = census ? "group" : "criterion";
    if (r.get(census ? "criterion" : "group"))
      return fail(r.get(census ? "criterion" : "group")->source(), census ? "criterion" : "group",
                  census ? "census rubrics use [[group]]" : "UN rubrics use [[criterion]]");
    if (!each_table(r, group_key, [&](const toml::table& t, size_t i) {
          RubricGroup g;
          const std::string p = std::string(group_key) + "[" + std::to_string(i) + "].";
          if (!only_keys(t, p, {"id", "name", "points"}) || !get_string(t, p, "id", true, &g.id) ||
              !get_string(t, p, "name", false, &g.name) || !get_number(t, p, "points", census, &g.points))
            return false;
          out->groups.push_back(g);
          return true;
        }))
      return false;

    if (!census) {
      if (!each_table(r, "level", [&](const toml::table& t, size_t i) {
            RubricLevel l;
            const std::string p = "level[" + std::to_string(i) + "].";
            if (!only_keys(t, p, {"id", "min", "strict"}) || !get_string(t, p, "id", true, &l.id) ||
                !get_number(t, p, "min", true, &l.min) || !get_bool(t, p, "strict", &l.strict))
              return false;
            out->levels.push_back(l);
            return true;
          }))
        return false;
      if (out->levels.empty()) return fail(r.source(), "level", "missing required [[level]] bands");
      std::stable_sort(out->levels.begin(), out->levels.end(),
                       [](const RubricLevel& a, const RubricLevel& b) { return a.min > b.min; });
    }

    struct Section { const char* key; ItemKind kind; bool census_only; };
    for (const Section sec : {Section{"veto", ItemKind::kVeto, true}, Section{"deduction", ItemKind::kDeduction, true},
                              Section{"bonus", ItemKind::kBonus, true}, Section{"indicator", ItemKind::kIndicator, false}}) {
      if (r.get(sec.key) && sec.census_only != census)
        return fail(r.get(sec.key)->source(), sec.key,
                    std::string("not allowed in a ") + (census ? "census" : "UN") + " rubric");
      if (!each_table(r, sec.key, [&](const toml::table& t, size_t i) { return item(t, sec.key, i, sec.kind); }))
        return false;
    }
    if (out->items.empty()) return fail(r.source(), census ? "veto" : "indicator", "the rubric has no items");
    return true;
  }
};

}  // namespace

bool load_rubric(const std::string& path, Rubric* out, std::string* err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = path + ": cannot open rubric file";
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  Rubric r;
  r.path = path;
  toml::table root;
  try {
    root = toml::parse(buf.str(), path);
  } catch (const toml::parse_error& e) {
    std::ostringstream s;
    s << path << ":" << e.source().begin.line << ":" << e.source().begin.column << ": " << e.description();
    *err = s.str();
    return false;
  }
  Loader loader{path, err, &r};
  if (!loader.root(root)) return false;
  *out = std::move(r);
  return true;
}

bool find_rubric(const std::string& name_or_path, const std::string& rubric_dir, std::string* path,
                 std::string* err) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(name_or_path, ec)) {
    *path = name_or_path;
    return true;
  }
  const bool plain_name = name_or_path.find('/') == std::string::npos && !name_or_path.empty() &&
                          name_or_path.find("..") == std::string::npos;
  if (plain_name) {
    const fs::path candidate = fs::path(rubric_dir) / (name_or_path + ".toml");
    if (fs::is_regular_file(candidate, ec)) {
      *path = candidate.string();
      return true;
    }
  }
  std::string known;
  for (const auto& n : builtin_rubrics(rubric_dir)) known += (known.empty() ? "" : ", ") + n;
  *err = "rubric '" + name_or_path + "': no such file, and no built-in rubric of that name in " + rubric_dir +
         " (built-in: " + (known.empty() ? "none" : known) + ")";
  return false;
}

std::vector<std::string> builtin_rubrics(const std::string& rubric_dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(rubric_dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".toml") names.push_back(it->path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace govaudit
