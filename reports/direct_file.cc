#include "reports/direct_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>

namespace govaudit {
namespace {

// O_DIRECT wants the buffer, the file offset and the length aligned to the device's logical block;
// 4 KiB covers 512-byte and 4K-native devices alike.
constexpr std::size_t kAlign = 4096;
static_assert(DirectFile::kBlock % kAlign == 0);

}  // namespace

DirectFile::DirectFile() {
  block_ = static_cast<char*>(std::aligned_alloc(kAlign, kBlock));
  if (!block_) throw std::bad_alloc();
}

DirectFile::~DirectFile() {
  std::string ignored;
  if (fd_ >= 0) close(&ignored);
  std::free(block_);
}

bool DirectFile::open(const std::string& path, std::string* err, bool direct) {
  std::string ignored;
  if (fd_ >= 0) close(&ignored);
  path_ = path;
  error_.clear();
  direct_ = direct;
  constexpr int kFlags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
  fd_ = ::open(path.c_str(), kFlags | (direct_ ? O_DIRECT : 0), 0666);
  if (fd_ < 0 && direct_ && errno == EINVAL) {
    direct_ = false;
    fd_ = ::open(path.c_str(), kFlags, 0666);
  }
  if (fd_ < 0) {
    *err = "cannot create " + path + ": " + std::strerror(errno);
    return false;
  }
  setp(block_, block_ + kBlock);
  return true;
}

bool DirectFile::close(std::string* err) {
  if (fd_ < 0) {
    if (!error_.empty()) *err = error_;
    return error_.empty();
  }
  if (error_.empty()) {
    // The whole 4 KiB blocks past the cache, the tail (not a multiple of the alignment) through it.
    std::size_t n = static_cast<std::size_t>(pptr() - pbase());
    std::size_t whole = n / kAlign * kAlign;
    if (write_all(pbase(), whole) && whole < n && through_cache()) write_all(pbase() + whole, n - whole);
  }
  if (::close(fd_) != 0) fail("cannot write");
  fd_ = -1;
  setp(nullptr, nullptr);
  if (!error_.empty()) *err = error_;
  return error_.empty();
}

DirectFile::int_type DirectFile::overflow(int_type ch) {
  if (fd_ < 0 || !error_.empty() || !write_block()) return traits_type::eof();
  if (!traits_type::eq_int_type(ch, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
  }
  return traits_type::not_eof(ch);
}

std::streamsize DirectFile::xsputn(const char* s, std::streamsize n) {
  std::streamsize done = 0;
  while (done < n && fd_ >= 0 && error_.empty()) {
    if (pptr() == epptr() && !write_block()) break;
    std::streamsize room = epptr() - pptr();
    std::streamsize take = n - done < room ? n - done : room;
    std::memcpy(pptr(), s + done, static_cast<std::size_t>(take));
    pbump(static_cast<int>(take));
    done += take;
  }
  return done;
}

bool DirectFile::write_block() {
  if (!write_all(pbase(), static_cast<std::size_t>(pptr() - pbase()))) return false;
  setp(block_, block_ + kBlock);
  return true;
}

bool DirectFile::write_all(const char* p, std::size_t n) {
  for (std::size_t done = 0; done < n;) {
    ssize_t w = ::write(fd_, p + done, n - done);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno == EINVAL && direct_) {
      // Opened, but the file system will not take this write past the cache: the rest goes through it.
      if (!through_cache()) return false;
      continue;
    }
    if (w <= 0) {
      if (w == 0) errno = EIO;
      return fail("cannot write");
    }
    done += static_cast<std::size_t>(w);
    // A short write leaves the rest unaligned (and says the device is nearly full): finish through the cache.
    if (done < n && !through_cache()) return false;
  }
  return true;
}

bool DirectFile::through_cache() {
  if (!direct_) return true;
  direct_ = false;
  int flags = ::fcntl(fd_, F_GETFL);
  return (flags >= 0 && ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT) == 0) || fail("cannot write");
}

bool DirectFile::fail(const char* what) {
  if (error_.empty()) error_ = std::string(what) + " " + path_ + ": " + std::strerror(errno);
  return false;
}

}  // namespace govaudit
