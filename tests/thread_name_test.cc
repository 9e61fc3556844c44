// name_this_thread: the name a thread shows in `top -H` and perf, cut to Linux's 15 bytes.
#include <pthread.h>

#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "crawler/thread_name.h"

namespace {

// The name a new thread has after naming itself `name` (a thread of its own, so the test's stays).
std::string name_after(const std::string& name) {
  std::string got;
  std::thread t([&] {
    govaudit::name_this_thread(name);
    char buf[64] = {};
    if (pthread_getname_np(pthread_self(), buf, sizeof buf) == 0) got = buf;
  });
  t.join();
  return got;
}

}  // namespace

TEST_CASE("a thread shows the name it gave itself", "[thread_name]") {
  CHECK(name_after("store writer") == "store writer");
  CHECK(name_after("fetch 1") == "fetch 1");
}

TEST_CASE("a name over 15 bytes is cut to 15, not refused", "[thread_name]") {
  CHECK(name_after("report prefetch of scores") == "report prefetch");
}
