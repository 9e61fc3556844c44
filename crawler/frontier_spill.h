// The overflow of a crawl's frontiers: a budget of entries held in memory, shared by every site's
// frontier, and one temporary file that holds, in blocks, the entries past that budget. The file is
// unlinked as soon as it is created, so it disappears when the crawl ends or the process dies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace govaudit {

/// Owns the spill file. Not thread-safe: used by the crawl loop's thread only.
class FrontierSpill {
 public:
  /// Creates the spill file in `dir` ("" = $TMPDIR, else /tmp). `budget` is the number of frontier
  /// entries kept in memory over all sites (0 is treated as 1). Null with `err` naming the
  /// directory when the file cannot be created (missing, not a directory, not writable).
  static std::unique_ptr<FrontierSpill> open(const std::string& dir, size_t budget, std::string* err);
  ~FrontierSpill();
  FrontierSpill(const FrontierSpill&) = delete;
  FrontierSpill& operator=(const FrontierSpill&) = delete;

  /// The in-memory budget: a frontier asks before it keeps an entry in memory and reports what it
  /// took and gave back, so the total over all sites stays at most `budget`.
  bool has_room() const { return in_memory_ < budget_; }
  void took(size_t n) { in_memory_ += n; }
  void gave_back(size_t n) { in_memory_ -= n < in_memory_ ? n : in_memory_; }
  size_t in_memory() const { return in_memory_; }
  /// Entries a frontier queued past the budget (they wait in a block, in the file or being filled).
  void note_spilled() { ++spilled_entries_; }
  uint64_t spilled_entries() const { return spilled_entries_; }
  size_t budget() const { return budget_; }

  /// Appends `bytes` at the end of the file and returns where they start. On failure (disk full)
  /// returns false, remembers the first error (error()) and writes nothing from then on.
  bool write(std::string_view bytes, uint64_t* offset);
  /// Reads back `length` bytes written at `offset`. False (and error() set) on a short read.
  bool read(uint64_t offset, size_t length, std::string* out);

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }  ///< the first failure, naming the file
  uint64_t bytes_written() const { return end_; }

 private:
  FrontierSpill(int fd, std::string path, size_t budget) : fd_(fd), path_(std::move(path)), budget_(budget) {}

  int fd_ = -1;
  std::string path_;  ///< for messages only: the file is already unlinked
  size_t budget_ = 1;
  size_t in_memory_ = 0;
  uint64_t spilled_entries_ = 0;
  uint64_t end_ = 0;
  std::string error_;
};

}  // namespace govaudit
