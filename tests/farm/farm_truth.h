// The farm's ground truth as files: the truth JSON every crawler/audit test compares with, and the
// registry CSV (cli.md "Registry CSV") that `govaudit sites import` reads. Both are deterministic:
// the same world gives byte-identical output.
#pragma once

#include <string>

#include "tests/farm/farm_model.h"

namespace govaudit::farm {

/// The truth JSON document (pretty-printed, keys sorted) for the world.
std::string truth_json(const FarmWorld& world);

/// The registry CSV (header id,name,province,prefecture,level,region,minority,url,name_en,extra_hosts,tags).
std::string registry_csv(const FarmWorld& world);

/// Writes `contents` to `path`; false with `err` naming the file on failure.
bool write_text_file(const std::string& path, const std::string& contents, std::string* err);

}  // namespace govaudit::farm
