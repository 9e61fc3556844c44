// A bounded multi-producer/multi-consumer queue: the back-pressure link between crawl stages
// (submit → fetch loops → parse pool → store writer). A full queue blocks the producer instead of
// growing; close() ends the stream: pushes fail from then on, pops drain what is left, then end.
// Optionally the queue also bounds the bytes its items hold (a `weight` per item): items carrying
// bodies of up to --max-body each would make a count bound alone a bound of gigabytes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <utility>

namespace govaudit {

template <typename T>
class BoundedQueue {
 public:
  /// capacity < 1 is treated as 1 (a zero-capacity queue would block every producer forever).
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

  /// Also at most `byte_budget` bytes of items, as `weight` counts them. An item heavier than the
  /// whole budget still goes into an empty queue, so one large item never blocks the stream forever.
  BoundedQueue(std::size_t capacity, std::size_t byte_budget, std::function<std::size_t(const T&)> weight)
      : capacity_(capacity < 1 ? 1 : capacity), byte_budget_(byte_budget), weight_(std::move(weight)) {}

  BoundedQueue(const BoundedQueue&) = delete;
  BoundedQueue& operator=(const BoundedQueue&) = delete;

  /// Blocks while the queue is full. Returns false (and drops `item`) once the queue is closed,
  /// including when close() happens while waiting.
  bool push(T item) {
    const std::size_t w = weight_ ? weight_(item) : 0;
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return closed_ || fits_locked(w); });
    if (closed_) return false;
    put_locked(std::move(item), w);
    return true;
  }

  /// Never blocks: false when full or closed; `item` is left untouched then, so it can be retried.
  bool try_push(T& item) {
    const std::size_t w = weight_ ? weight_(item) : 0;
    std::lock_guard lock(mu_);
    if (closed_ || !fits_locked(w)) return false;
    put_locked(std::move(item), w);
    return true;
  }

  /// Blocks until an item is available; nullopt only when closed and drained.
  std::optional<T> pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    return take_locked();
  }

  /// As pop(), but gives up at `deadline`: nullopt then too (finished() tells the two apart).
  template <typename Clock, typename Duration>
  std::optional<T> pop_until(const std::chrono::time_point<Clock, Duration>& deadline) {
    std::unique_lock lock(mu_);
    not_empty_.wait_until(lock, deadline, [&] { return closed_ || !items_.empty(); });
    return take_locked();
  }

  /// Never blocks: nullopt when empty right now.
  std::optional<T> try_pop() {
    std::lock_guard lock(mu_);
    return take_locked();
  }

  /// Idempotent. Wakes every waiting producer (who get false) and consumer (who drain, then end).
  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_full_.notify_all();
    not_empty_.notify_all();
  }

  bool closed() const {
    std::lock_guard lock(mu_);
    return closed_;
  }

  /// Closed and empty: nothing will ever come out again.
  bool finished() const {
    std::lock_guard lock(mu_);
    return closed_ && items_.empty();
  }

  std::size_t size() const {
    std::lock_guard lock(mu_);
    return items_.size();
  }

  /// The bytes the queued items hold, as `weight` counts them (0 without a byte budget).
  std::size_t bytes() const {
    std::lock_guard lock(mu_);
    return bytes_;
  }

  std::size_t capacity() const { return capacity_; }

 private:
  bool fits_locked(std::size_t w) const {
    if (items_.size() >= capacity_) return false;
    return !weight_ || items_.empty() || bytes_ + w <= byte_budget_;
  }

  void put_locked(T&& item, std::size_t w) {
    items_.push_back({std::move(item), w});
    bytes_ += w;
    not_empty_.notify_one();
  }

  std::optional<T> take_locked() {
    if (items_.empty()) return std::nullopt;
    std::optional<T> out(std::move(items_.front().first));
    bytes_ -= items_.front().second;
    items_.pop_front();
    // A byte budget may let several small producers in at once, so all of them are told.
    if (weight_) {
      not_full_.notify_all();
    } else {
      not_full_.notify_one();
    }
    return out;
  }

  const std::size_t capacity_;
  const std::size_t byte_budget_ = 0;
  const std::function<std::size_t(const T&)> weight_;
  mutable std::mutex mu_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<std::pair<T, std::size_t>> items_;  // each item with its weight, as counted when it went in
  std::size_t bytes_ = 0;
  bool closed_ = false;
};

}  // namespace govaudit
