// A bounded multi-producer/multi-consumer queue: the back-pressure link between crawl stages
// (submit → fetch loops → parse pool → store writer). A full queue blocks the producer instead of
// growing; close() ends the stream: pushes fail from then on, pops drain what is left, then end.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace govaudit {

template <typename T>
class BoundedQueue {
 public:
  /// capacity < 1 is treated as 1 (a zero-capacity queue would block every producer forever).
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

  BoundedQueue(const BoundedQueue&) = delete;
  BoundedQueue& operator=(const BoundedQueue&) = delete;

  /// Blocks while the queue is full. Returns false (and drops `item`) once the queue is closed,
  /// including when close() happens while waiting.
  bool push(T item) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  /// Never blocks: false when full or closed; `item` is left untouched then, so it can be retried.
  bool try_push(T& item) {
    std::lock_guard lock(mu_);
    if (closed_ || items_.size() >= capacity_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  /// Blocks until an item is available; nullopt only when closed and drained.
  std::optional<T> pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
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

  std::size_t capacity() const { return capacity_; }

 private:
  std::optional<T> take_locked() {
    if (items_.empty()) return std::nullopt;
    std::optional<T> out(std::move(items_.front()));
    items_.pop_front();
    not_full_.notify_one();
    return out;
  }

  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace govaudit
