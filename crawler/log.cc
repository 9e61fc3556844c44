#include "crawler/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace govaudit {
namespace {
std::atomic<int> g_level{0};
std::mutex g_mutex;  // one line at a time from many threads

void emit(const char* tag, std::string_view message) {
  std::lock_guard<std::mutex> lock(g_mutex);
  std::fprintf(stderr, "govaudit: %s%.*s\n", tag, static_cast<int>(message.size()), message.data());
}
}  // namespace

void set_log_level(int level) { g_level = level; }
int log_level() { return g_level; }
void log_error(std::string_view m) { emit("error: ", m); }
void log_warn(std::string_view m) {
  if (g_level >= 0) emit("warning: ", m);
}
void log_info(std::string_view m) {
  if (g_level >= 1) emit("", m);
}
void log_debug(std::string_view m) {
  if (g_level >= 2) emit("debug: ", m);
}

}  // namespace govaudit
