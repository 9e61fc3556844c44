// DirectFile: what goes in through an ostream comes out in the file byte for byte, at every size around
// the 4 KiB alignment and the block, past the cache or through it; errors name the path and the reason.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <ostream>
#include <string>

#include "reports/direct_file.h"
#include "tests/support/run_command.h"

using namespace govaudit;
using namespace govaudit::testing;

namespace {

// Bytes that differ at every offset, so a block written twice or out of place shows.
std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
  return s;
}

// Writes `text` through an ostream over a DirectFile in pieces of `piece` bytes (put() for 1).
bool write_through(const std::string& path, const std::string& text, std::size_t piece, bool direct,
                   std::string* err) {
  DirectFile file;
  if (!file.open(path, err, direct)) return false;
  std::ostream out(&file);
  for (std::size_t at = 0; at < text.size(); at += piece) {
    if (piece == 1)
      out.put(text[at]);
    else
      out.write(text.data() + at, static_cast<std::streamsize>(std::min(piece, text.size() - at)));
  }
  bool stream_ok = static_cast<bool>(out);
  return file.close(err) && stream_ok;
}

}  // namespace

TEST_CASE("DirectFile writes every byte, at sizes around the alignment and the block") {
  ScratchDir dir;
  constexpr std::size_t B = DirectFile::kBlock;
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{4095}, std::size_t{4096}, std::size_t{4097},
                        B - 1, B, B + 1, 3 * B + 12345}) {
    for (bool direct : {true, false}) {
      for (std::size_t piece : {std::size_t{1}, std::size_t{1000}, std::size_t{3 * B}}) {
        if (piece == 1 && n > B + 1) continue;  // a char at a time: the block edges are covered below that
        INFO("size " << n << ", direct " << direct << ", pieces of " << piece);
        std::string text = pattern(n), err;
        REQUIRE(write_through(dir.file("out"), text, piece, direct, &err));
        CHECK(err.empty());
        CHECK(read_file(dir.file("out")) == text);
      }
    }
  }
}

TEST_CASE("DirectFile truncates a longer file it replaces") {
  ScratchDir dir;
  write_file(dir.file("out"), pattern(3 * DirectFile::kBlock));
  std::string err;
  REQUIRE(write_through(dir.file("out"), "short\n", 1000, true, &err));
  CHECK(read_file(dir.file("out")) == "short\n");
}

TEST_CASE("DirectFile falls back to ordinary writes where O_DIRECT is refused, with the same bytes") {
  // tmpfs refuses O_DIRECT before Linux 6.6 (EINVAL at open); where it takes it, the bytes must agree too.
  if (::access("/dev/shm", W_OK) != 0) return;
  std::string path = "/dev/shm/govaudit-direct-file-test-" + std::to_string(::getpid());
  std::string text = pattern(2 * DirectFile::kBlock + 777), err;
  bool ok = write_through(path, text, 5000, true, &err);
  std::string back = read_file(path);
  ::unlink(path.c_str());
  REQUIRE(ok);
  CHECK(back == text);
}

TEST_CASE("DirectFile names the path and the reason when it cannot create or write") {
  ScratchDir dir;
  DirectFile file;
  std::string err;
  CHECK_FALSE(file.open(dir.file("missing/out.csv"), &err));
  CHECK(err.find(dir.file("missing/out.csv")) != std::string::npos);
  CHECK(err.find("No such file") != std::string::npos);

  // /dev/full takes the open and refuses every write: the stream goes bad, close() says why.
  err.clear();
  CHECK_FALSE(write_through("/dev/full", pattern(DirectFile::kBlock + 10), 1000, true, &err));
  CHECK(err.find("/dev/full") != std::string::npos);
  CHECK(err.find("No space left") != std::string::npos);
}
