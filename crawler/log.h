// Logging on stderr for every stage (data goes to stdout, logs never do). The level is set once by
// main from -v/-q: 0 = warnings and notes, 1 = info, 2 = debug, negative = errors only.
#pragma once

#include <string_view>

namespace govaudit {

void set_log_level(int level);
int log_level();
void log_error(std::string_view message);
void log_warn(std::string_view message);
void log_info(std::string_view message);
void log_debug(std::string_view message);

}  // namespace govaudit
