// A set of 64-bit URL hashes for the frontier's "seen before" test: open addressing in one flat
// array, filled to at most 80 %, so it costs 10–20 bytes per URL (16 MB at a million URLs, 64 MB
// at four million) where a node-based std::unordered_set costs about 40. It stays in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace govaudit {

class SeenHashes {
 public:
  /// True when `h` was not in the set (and now is).
  bool insert(uint64_t h) {
    if (h == 0) return zero_ ? false : (zero_ = true, ++size_, true);
    if ((size_ + 1) * 5 > slots_.size() * 4) grow();
    size_t i = slot(h, slots_.size());
    while (slots_[i] != 0) {
      if (slots_[i] == h) return false;
      i = (i + 1) & (slots_.size() - 1);
    }
    slots_[i] = h;
    ++size_;
    return true;
  }

  bool contains(uint64_t h) const {
    if (h == 0) return zero_;
    if (slots_.empty()) return false;
    for (size_t i = slot(h, slots_.size()); slots_[i] != 0; i = (i + 1) & (slots_.size() - 1))
      if (slots_[i] == h) return true;
    return false;
  }

  size_t size() const { return size_; }

 private:
  // The hashes come from FNV-1a, whose low bits are weak; a splitmix64 finaliser spreads them.
  static size_t slot(uint64_t h, size_t capacity) {
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return static_cast<size_t>(h) & (capacity - 1);
  }

  void grow() {
    std::vector<uint64_t> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    for (uint64_t h : old) {
      if (h == 0) continue;
      size_t i = slot(h, slots_.size());
      while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = h;
    }
  }

  std::vector<uint64_t> slots_;  // 0 marks an empty slot; the hash 0 itself is kept in zero_
  size_t size_ = 0;
  bool zero_ = false;
};

}  // namespace govaudit
