#include "crawler/bounded_queue.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace govaudit;
using namespace std::chrono_literals;

TEST_CASE("items come out in the order they went in", "[bounded_queue]") {
  BoundedQueue<int> q(3);
  REQUIRE(q.push(1));
  REQUIRE(q.push(2));
  REQUIRE(q.push(3));
  CHECK(q.size() == 3);
  CHECK(*q.pop() == 1);
  CHECK(*q.try_pop() == 2);
  CHECK(*q.pop() == 3);
  CHECK_FALSE(q.try_pop().has_value());
}

TEST_CASE("try_push refuses when full and keeps the item", "[bounded_queue]") {
  BoundedQueue<std::string> q(1);
  std::string a = "first", b = "second";
  REQUIRE(q.try_push(a));
  CHECK_FALSE(q.try_push(b));
  CHECK(b == "second");
  CHECK(*q.pop() == "first");
  CHECK(q.try_push(b));
}

TEST_CASE("a producer blocks on a full queue until a consumer makes room", "[bounded_queue]") {
  BoundedQueue<int> q(2);
  q.push(1);
  q.push(2);
  std::atomic<bool> pushed{false};
  std::thread producer([&] {
    q.push(3);
    pushed = true;
  });
  std::this_thread::sleep_for(100ms);
  CHECK_FALSE(pushed.load());  // still waiting: the queue did not grow past its capacity
  CHECK(q.size() == 2);
  CHECK(*q.pop() == 1);
  producer.join();
  CHECK(pushed.load());
  CHECK(*q.pop() == 2);
  CHECK(*q.pop() == 3);
}

TEST_CASE("close wakes blocked consumers and producers and drains what is left", "[bounded_queue]") {
  BoundedQueue<int> empty(1);
  std::optional<int> got = 42;
  std::thread consumer([&] { got = empty.pop(); });
  std::this_thread::sleep_for(50ms);
  empty.close();
  consumer.join();
  CHECK_FALSE(got.has_value());

  BoundedQueue<int> full(1);
  full.push(7);
  std::atomic<int> push_result{-1};
  std::thread producer([&] { push_result = full.push(8) ? 1 : 0; });
  std::this_thread::sleep_for(50ms);
  full.close();
  producer.join();
  CHECK(push_result == 0);
  CHECK_FALSE(full.push(9));
  CHECK_FALSE(full.finished());
  CHECK(*full.pop() == 7);  // what was queued before close still comes out
  CHECK_FALSE(full.pop().has_value());
  CHECK(full.finished());
}

TEST_CASE("a zero capacity is treated as one", "[bounded_queue]") {
  BoundedQueue<int> q(0);
  CHECK(q.capacity() == 1);
  int v = 1;
  CHECK(q.try_push(v));
  CHECK_FALSE(q.try_push(v));
}

namespace {
BoundedQueue<std::string> byte_bounded(std::size_t capacity, std::size_t budget) {
  return BoundedQueue<std::string>(capacity, budget, [](const std::string& s) { return s.size(); });
}
}  // namespace

TEST_CASE("a byte budget refuses an item that would pass it, whatever the count", "[bounded_queue]") {
  auto q = byte_bounded(100, 10);
  std::string a(6, 'a'), b(5, 'b'), c(4, 'c');
  REQUIRE(q.try_push(a));
  CHECK(q.bytes() == 6);
  CHECK_FALSE(q.try_push(b));  // 6 + 5 > 10 although 99 places are free
  CHECK(b.size() == 5);        // kept for a retry
  REQUIRE(q.try_push(c));      // 6 + 4 = 10 fits exactly
  CHECK(q.bytes() == 10);
  CHECK(*q.pop() == std::string(6, 'a'));  // `a` itself was moved into the queue
  CHECK(q.bytes() == 4);
  CHECK(q.try_push(b));
  CHECK(q.bytes() == 9);
}

TEST_CASE("an item heavier than the whole budget goes into an empty queue only", "[bounded_queue]") {
  auto q = byte_bounded(100, 10);
  std::string small(3, 's'), huge(50, 'h');
  REQUIRE(q.try_push(small));
  CHECK_FALSE(q.try_push(huge));
  CHECK(*q.pop() == "sss");
  REQUIRE(q.try_push(huge));  // alone it may pass the budget: the stream never stalls on it
  CHECK(q.bytes() == 50);
  std::string more = "sss";
  CHECK_FALSE(q.try_push(more));
  CHECK(*q.pop() == std::string(50, 'h'));
  CHECK(q.bytes() == 0);
}

TEST_CASE("producers blocked on bytes are let in as the consumer frees them", "[bounded_queue]") {
  auto q = byte_bounded(100, 10);
  q.push(std::string(10, 'x'));
  std::atomic<int> pushed{0};
  std::vector<std::thread> producers;
  for (int i = 0; i < 2; ++i)
    producers.emplace_back([&] {
      q.push(std::string(5, 'y'));
      ++pushed;
    });
  std::this_thread::sleep_for(100ms);
  CHECK(pushed == 0);  // both wait: the queue holds its budget in one item
  CHECK(q.size() == 1);
  CHECK(q.pop()->size() == 10);
  for (auto& t : producers) t.join();  // one pop frees room for both 5-byte items: both must wake
  CHECK(pushed == 2);
  CHECK(q.bytes() == 10);
}

TEST_CASE("pop_until gives up at its deadline, takes an item that comes before it, ends when closed",
          "[bounded_queue]") {
  BoundedQueue<int> q(2);
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(q.pop_until(start + 50ms).has_value());
  CHECK(std::chrono::steady_clock::now() - start >= 50ms);
  CHECK_FALSE(q.finished());  // a timeout, not the end

  std::thread producer([&] {
    std::this_thread::sleep_for(20ms);
    q.push(7);
  });
  auto got = q.pop_until(std::chrono::steady_clock::now() + 10s);
  producer.join();
  REQUIRE(got.has_value());
  CHECK(*got == 7);

  q.push(8);
  q.close();
  CHECK(*q.pop_until(std::chrono::steady_clock::now() + 10s) == 8);  // drained after close
  start = std::chrono::steady_clock::now();
  CHECK_FALSE(q.pop_until(start + 10s).has_value());
  CHECK(q.finished());
  CHECK(std::chrono::steady_clock::now() - start < 5s);  // closed: no wait for the deadline
}
