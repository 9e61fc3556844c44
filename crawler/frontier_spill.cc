#include "crawler/frontier_spill.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace govaudit {

std::unique_ptr<FrontierSpill> FrontierSpill::open(const std::string& dir, size_t budget, std::string* err) {
  std::string base = dir;
  if (base.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    base = tmp && *tmp ? tmp : "/tmp";
  }
  std::string path = base + "/.govaudit-frontier-XXXXXX";
  std::vector<char> name(path.begin(), path.end());
  name.push_back('\0');
  int fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    *err = "cannot create the frontier spill file in " + base + ": " + std::strerror(errno);
    return nullptr;
  }
  path.assign(name.data());
  // Unlinked at once: nothing is left behind, however the crawl ends.
  unlink(path.c_str());
  return std::unique_ptr<FrontierSpill>(new FrontierSpill(fd, path, budget < 1 ? 1 : budget));
}

FrontierSpill::~FrontierSpill() {
  if (fd_ >= 0) close(fd_);
}

bool FrontierSpill::write(std::string_view bytes, uint64_t* offset) {
  if (failed()) return false;
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(end_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = "cannot write the frontier spill file " + path_ + ": " + std::strerror(n < 0 ? errno : ENOSPC);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  *offset = end_;
  end_ += bytes.size();
  return true;
}

bool FrontierSpill::read(uint64_t offset, size_t length, std::string* out) {
  out->resize(length);
  size_t done = 0;
  while (done < length) {
    ssize_t n = pread(fd_, out->data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (error_.empty())
        error_ = "cannot read the frontier spill file " + path_ + " at " + std::to_string(offset) + ": " +
                 (n < 0 ? std::strerror(errno) : "short read");
      out->clear();
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace govaudit
