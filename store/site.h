// A site of the registry: one government portal and the administrative facts about it (cli.md,
// "Registry CSV"). Plain values only; the store keeps every version of these facts, the registry
// CSV is the way in and out.
#pragma once

#include <string>
#include <vector>

namespace govaudit {

/// One registry row. String fields hold the CSV spellings (UTF-8); `level`, `region` and
/// `minority` hold one of the documented keywords once validated.
struct Site {
  std::string id;          ///< stable key, `[A-Za-z0-9._-]+` (the builder uses `cn-<division code>`)
  std::string name;        ///< official name, e.g. 延边朝鲜族自治州
  std::string province;    ///< provincial-level unit the site belongs to
  std::string prefecture;  ///< prefecture-level unit; may be empty for province- and prefecture-level rows
  std::string level;       ///< province | prefecture | county | district
  std::string region;      ///< east | central | west | northeast
  std::string minority;    ///< none | region | prefecture | county (the autonomous level)
  std::string url;         ///< the portal's entry URL, http(s)
  std::string name_en;     ///< optional English name
  std::vector<std::string> extra_hosts;  ///< other hostnames that belong to the same portal
  std::vector<std::string> tags;         ///< free labels, no spaces or ';'
  int version = 0;         ///< store version (1 = first seen); 0 for a row not read from the store
  std::string valid_from;  ///< when this version was imported (UTC ISO 8601); empty outside the store
};

/// True when the registry facts of `a` and `b` are equal (version and valid_from are ignored), i.e.
/// re-importing one over the other changes nothing.
bool same_registry_facts(const Site& a, const Site& b);

/// The text form of a list field (extra_hosts, tags) in the CSV and the store: items joined by ';'.
std::string join_site_list(const std::vector<std::string>& items);

/// Reads a list field: splits on ';' and ASCII whitespace, dropping empty items, so "a; b" and
/// "a b" and "a;b;" all give {"a", "b"}.
std::vector<std::string> split_site_list(const std::string& text);

}  // namespace govaudit
