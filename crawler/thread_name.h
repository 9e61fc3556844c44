// Names the calling thread as `top -H`, `ps -L` and `perf report --sort comm` show it, so a long crawl,
// audit or report can be seen by stage (fetch loops, parse workers, store writer) while it runs.
// Linux keeps 15 bytes of a name; a longer one is cut.
#pragma once

#include <string>

namespace govaudit {

void name_this_thread(const std::string& name);

}  // namespace govaudit
