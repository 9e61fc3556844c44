// A file written once, front to back, in large aligned blocks with O_DIRECT: past the page cache. The
// report's big outputs (scores.csv and scores.json, 1.5 GB at 15,000 sites x 10 years) are never read
// back by the program; copying them through the cache costs a kernel copy per byte — on this project's
// VMs, where free guest memory goes back to the host, first touching each cache page is the dearest
// part of the whole report (bench/README.md, session 6) — and pushes out the store the report is
// reading. Where the file system refuses O_DIRECT (EINVAL: tmpfs before Linux 6.6, some FUSE), the same
// bytes go out through ordinary writes.
#pragma once

#include <cstddef>
#include <streambuf>
#include <string>

namespace govaudit {

/// An output stream buffer over a new file, used as `std::ostream out(&file)`. Blocks of kBlock bytes
/// go out as they fill; close() writes the rest (its last partial 4 KiB through an ordinary write).
/// A failed write makes the stream bad and is kept: close() then returns it.
class DirectFile : public std::streambuf {
 public:
  static constexpr std::size_t kBlock = std::size_t{1} << 20;

  DirectFile();
  DirectFile(const DirectFile&) = delete;
  DirectFile& operator=(const DirectFile&) = delete;
  /// Writes what is buffered and closes, without a word on failure: call close() to know.
  ~DirectFile() override;

  /// Creates or truncates `path` (mode 0666 less the umask). `direct` false writes through the page
  /// cache from the start, as after a fall-back. False with `err` naming the path and the reason.
  bool open(const std::string& path, std::string* err, bool direct = true);
  /// Writes the rest and closes. False with `err` (path and reason) if any write or the close failed.
  bool close(std::string* err);
  /// Whether the bytes still go past the cache (false after a fall-back to ordinary writes).
  bool direct() const { return direct_; }

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;

 private:
  bool write_block();  // the full put area, then an empty one
  bool write_all(const char* p, std::size_t n);
  bool through_cache();  // O_DIRECT off for the rest of the file; false (kept) if fcntl failed
  bool fail(const char* what);  // keeps the first error, returns false

  int fd_ = -1;
  bool direct_ = false;
  std::string path_, error_;
  char* block_ = nullptr;  // kBlock bytes aligned for O_DIRECT; the put area
};

}  // namespace govaudit
