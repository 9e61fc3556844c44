#include "crawler/warc_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <string_view>

namespace govaudit {
namespace {

constexpr size_t kChunk = 64 * 1024;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool icontains(std::string_view hay, std::string_view needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != hay.end();
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string find_header(const Headers& h, std::string_view name) {
  for (const auto& [n, v] : h)
    if (iequals(n, name)) return v;
  return {};
}

size_t count_header(const Headers& h, std::string_view name) {
  return static_cast<size_t>(std::count_if(h.begin(), h.end(), [&](const auto& p) { return iequals(p.first, name); }));
}

bool parse_u64(std::string_view s, uint64_t* out) {
  std::string t = trim(s);
  if (t.empty() || t.size() > 19) return false;
  uint64_t v = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

// Offset of the blank line ending a header section in `s` and the length of that terminator
// ("\n\n" or "\n\r\n", the first '\n' being the last header line's), or npos.
size_t find_header_end(std::string_view s, size_t limit, size_t* terminator) {
  size_t n = std::min(s.size(), limit);
  for (size_t i = s.find('\n'); i != std::string_view::npos && i < n; i = s.find('\n', i + 1)) {
    if (i + 1 < s.size() && s[i + 1] == '\n') {
      *terminator = 2;
      return i;
    }
    if (i + 2 < s.size() && s[i + 1] == '\r' && s[i + 2] == '\n') {
      *terminator = 3;
      return i;
    }
  }
  return std::string_view::npos;
}

// "Name: value" lines with folded continuations; lines without a colon are reported in `bad`.
Headers parse_header_lines(std::string_view text, std::vector<std::string>* bad) {
  Headers out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if ((line[0] == ' ' || line[0] == '\t') && !out.empty()) {
      out.back().second += " " + trim(line);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      if (bad) bad->push_back("header line without a colon: '" + std::string(line.substr(0, 80)) + "'");
      continue;
    }
    out.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
  }
  return out;
}

// De-chunks an HTTP/1.1 chunked body. False (with what was decoded so far) when malformed or cut.
bool dechunk(std::string_view in, std::string* out) {
  size_t pos = 0;
  while (pos < in.size()) {
    size_t eol = in.find('\n', pos);
    if (eol == std::string_view::npos || eol - pos > 1024) return false;
    std::string size_text = trim(in.substr(pos, eol - pos));
    size_text = size_text.substr(0, size_text.find(';'));
    if (size_text.empty() || size_text.size() > 15) return false;
    uint64_t n = 0;
    for (char c : size_text) {
      int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : (c >= 'a' && c <= 'f')                      ? c - 'a' + 10
              : (c >= 'A' && c <= 'F')                      ? c - 'A' + 10
                                                            : -1;
      if (v < 0) return false;
      n = n * 16 + static_cast<uint64_t>(v);
    }
    pos = eol + 1;
    if (n == 0) return true;  // trailers, if any, are not kept
    if (n > in.size() - pos) {
      out->append(in.substr(pos));
      return false;
    }
    out->append(in.substr(pos, n));
    pos += n;
    if (pos < in.size() && in[pos] == '\r') ++pos;
    if (pos < in.size() && in[pos] == '\n') ++pos;
  }
  return false;  // no terminating zero-size chunk
}

// Inflates gzip, zlib or (when `raw`) bare deflate data, at most `limit` bytes of output.
// Returns true when the stream ended cleanly; `out` holds what was decoded either way.
bool inflate_payload(std::string_view in, bool raw, uint64_t limit, std::string* out, std::string* why) {
  z_stream zs{};
  if (inflateInit2(&zs, raw ? -15 : 15 + 32) != Z_OK) return false;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char buf[kChunk];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out->append(buf, sizeof buf - zs.avail_out);
    if (out->size() > limit) {
      out->resize(limit);
      *why = "decoded payload exceeds " + std::to_string(limit) + " bytes; cut there";
      inflateEnd(&zs);
      return false;
    }
    if (rc == Z_BUF_ERROR || (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0)) {
      *why = "compressed payload ends before its stream does (truncated)";
      rc = Z_BUF_ERROR;
    }
  }
  if (rc != Z_STREAM_END && why->empty()) *why = std::string("payload decoding failed: ") + (zs.msg ? zs.msg : "zlib error");
  inflateEnd(&zs);
  return rc == Z_STREAM_END;
}

// A file's bytes from an offset, decompressed when they are gzip, with a cursor, and the map from
// decompressed positions back to the gzip member that holds them.
class ByteStream {
 public:
  ~ByteStream() {
    if (file_) std::fclose(file_);
    if (gzip_) inflateEnd(&zs_);
  }

  bool open(const std::string& path, uint64_t offset, std::string* err) {
    file_ = std::fopen(path.c_str(), "rb");
    if (!file_ || (offset && fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0)) {
      if (err) *err = "cannot open " + path + (offset ? " at offset " + std::to_string(offset) : "") + ": " + std::strerror(errno);
      return false;
    }
    base_ = offset;
    file_pos_ = offset;
    unsigned char magic[2] = {0, 0};
    size_t n = std::fread(magic, 1, 2, file_);
    gzip_ = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    in_.assign(reinterpret_cast<char*>(magic), n);
    file_pos_ += n;
    if (gzip_) {
      if (inflateInit2(&zs_, 15 + 16) != Z_OK) {
        if (err) *err = "zlib initialisation failed for " + path;
        return false;
      }
      zs_.next_in = reinterpret_cast<Bytef*>(in_.data());
      zs_.avail_in = static_cast<uInt>(in_.size());
      members_.emplace_back(0, offset);
      member_count_ = 1;
    } else {
      buf_ = in_;
    }
    return true;
  }

  bool gzip() const { return gzip_; }
  uint64_t pos() const { return buf_base_ + cur_; }
  std::string_view peek() const { return std::string_view(buf_).substr(cur_); }
  bool at_end() { return fill(1) == 0; }
  uint64_t member_count() const { return member_count_; }
  const std::string& stream_problem() const { return stream_problem_; }
  uint64_t stream_problem_offset() const { return stream_problem_offset_; }

  /// Makes at least `n` bytes available after the cursor unless the data ends first; returns how many are.
  size_t fill(size_t n) {
    while (buf_.size() - cur_ < n && !eof_) {
      if (gzip_) inflate_more();
      else read_plain();
    }
    return buf_.size() - cur_;
  }

  void consume(size_t n) {
    cur_ += std::min(n, buf_.size() - cur_);
    if (cur_ > (1u << 20) && cur_ * 2 > buf_.size()) {
      buf_.erase(0, cur_);
      buf_base_ += cur_;
      cur_ = 0;
    }
  }

  /// Drops up to `n` bytes without keeping them; returns how many were dropped.
  uint64_t skip(uint64_t n) {
    uint64_t done = 0;
    while (done < n) {
      size_t avail = fill(static_cast<size_t>(std::min<uint64_t>(n - done, kChunk)));
      if (avail == 0) break;
      size_t take = static_cast<size_t>(std::min<uint64_t>(avail, n - done));
      consume(take);
      done += take;
    }
    return done;
  }

  /// (file offset of the member holding decompressed position `p`, bytes into it); plain: (offset, 0).
  std::pair<uint64_t, uint64_t> locate(uint64_t p) {
    if (!gzip_) return {base_ + p, 0};
    while (members_.size() > 1 && members_[1].first <= p) members_.pop_front();
    return {members_.front().second, p - members_.front().first};
  }

 private:
  void read_plain() {
    char tmp[kChunk];
    size_t n = std::fread(tmp, 1, sizeof tmp, file_);
    if (n == 0) eof_ = true;
    buf_.append(tmp, n);
  }

  bool refill_input() {
    in_.resize(kChunk);
    size_t n = std::fread(in_.data(), 1, kChunk, file_);
    in_.resize(n);
    file_pos_ += n;
    zs_.next_in = reinterpret_cast<Bytef*>(in_.data());
    zs_.avail_in = static_cast<uInt>(n);
    return n > 0;
  }

  void inflate_more() {
    if (zs_.avail_in == 0 && !refill_input()) {
      if (in_member_) {
        stream_problem_ = "gzip member at offset " + std::to_string(members_.back().second) + " is truncated";
        stream_problem_offset_ = members_.back().second;
      }
      eof_ = true;
      return;
    }
    char out[kChunk];
    zs_.next_out = reinterpret_cast<Bytef*>(out);
    zs_.avail_out = sizeof out;
    in_member_ = true;
    int rc = inflate(&zs_, Z_NO_FLUSH);
    buf_.append(out, sizeof out - zs_.avail_out);
    total_out_ += sizeof out - zs_.avail_out;
    if (rc == Z_STREAM_END) {
      in_member_ = false;
      uint64_t next = file_pos_ - zs_.avail_in;
      inflateReset(&zs_);
      if (zs_.avail_in == 0 && !refill_input()) {
        eof_ = true;
        return;
      }
      if (zs_.next_in[0] != 0x1f) {
        stream_problem_ = "bytes after the gzip member ending at offset " + std::to_string(next) + " are not gzip; ignored";
        stream_problem_offset_ = next;
        eof_ = true;
        return;
      }
      members_.emplace_back(total_out_, next);
      ++member_count_;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      stream_problem_offset_ = file_pos_ - zs_.avail_in;
      stream_problem_ = "gzip data error near offset " + std::to_string(stream_problem_offset_) + ": " +
                        (zs_.msg ? zs_.msg : "zlib error");
      eof_ = true;
    }
  }

  std::FILE* file_ = nullptr;
  bool gzip_ = false;
  bool eof_ = false;
  bool in_member_ = false;
  z_stream zs_{};
  std::string in_;
  uint64_t base_ = 0;
  uint64_t file_pos_ = 0;
  uint64_t total_out_ = 0;
  std::string buf_;
  size_t cur_ = 0;
  uint64_t buf_base_ = 0;
  std::deque<std::pair<uint64_t, uint64_t>> members_;  // (decompressed start, file offset)
  uint64_t member_count_ = 0;
  std::string stream_problem_;
  uint64_t stream_problem_offset_ = 0;
};

enum class Step { kRecord, kSkipped, kEnd };

const char* const kTypesWithTarget[] = {"response", "request", "resource", "revisit", "conversion", "continuation"};
const char* const kKnownTypes[] = {"warcinfo", "response", "resource", "request", "metadata",
                                   "revisit", "conversion", "continuation"};

// Parses records from a ByteStream one at a time, reporting problems as it goes.
class RecordParser {
 public:
  RecordParser(ByteStream* s, WarcReadReport* report, const WarcReadOptions& o) : s_(*s), report_(*report), opt_(o) {}

  int64_t index() const { return index_; }
  bool stopped() const { return stopped_; }

  void problem(WarcRecord* rec, uint64_t offset, const std::string& reason) {
    if (rec) rec->problems.push_back(reason);
    if (report_.problems.size() < opt_.max_problems) {
      report_.problems.push_back({index_, offset, reason});
    } else if (!stopped_) {
      report_.problems.push_back({index_, offset, "too many problems; reading stopped"});
      stopped_ = true;
    }
  }

  // Skips blank lines between records. Returns false at the end of the data.
  bool skip_blank() {
    for (uint64_t n = 0; n < opt_.max_resync_bytes; ++n) {
      if (s_.fill(1) == 0) return false;
      char c = s_.peek()[0];
      if (c != '\r' && c != '\n') return true;
      s_.consume(1);
    }
    return true;
  }

  // Moves to the next line starting with "WARC/" within the resync bound; false when none.
  bool resync(uint64_t from_offset) {
    uint64_t skipped = 0;
    while (skipped < opt_.max_resync_bytes) {
      size_t avail = s_.fill(kChunk);
      std::string_view v = s_.peek();
      if (avail < 5) {
        skipped += s_.skip(avail);
        break;
      }
      if (v.substr(0, 5) == "WARC/") {
        if (skipped) problem(nullptr, from_offset, std::to_string(skipped) + " bytes of garbage skipped before the next record");
        return true;
      }
      size_t hit = v.find("\nWARC/");
      if (hit == std::string_view::npos && avail < kChunk) {  // the data ends without another record
        skipped += s_.skip(avail);
        break;
      }
      // Keep the last 5 bytes: a "\nWARC/" may straddle the next fill.
      skipped += s_.skip(hit == std::string_view::npos ? avail - 5 : hit + 1);
    }
    problem(nullptr, from_offset, std::to_string(skipped) + " bytes without a WARC record header; reading stopped");
    stopped_ = true;
    return false;
  }

  Step next_warc(WarcRecord* rec) {
    if (stopped_ || !skip_blank()) return Step::kEnd;
    uint64_t start = s_.pos();
    auto [offset, member_skip] = s_.locate(start);
    if (s_.fill(5) < 5 || s_.peek().substr(0, 5) != "WARC/") {
      if (!resync(offset)) return Step::kEnd;
      start = s_.pos();
      std::tie(offset, member_skip) = s_.locate(start);
    }
    ++index_;
    *rec = WarcRecord{};
    rec->offset = offset;
    rec->member_skip = member_skip;
    if (member_skip) report_.one_member_per_record = false;

    size_t term = 0, end = std::string_view::npos;
    for (size_t want = 4096;; want *= 2) {
      size_t avail = s_.fill(want);
      end = find_header_end(s_.peek(), opt_.max_header_bytes, &term);
      if (end != std::string_view::npos || avail < want || want > opt_.max_header_bytes) break;
    }
    if (end == std::string_view::npos) {
      bool at_eof = s_.fill(opt_.max_header_bytes + 1) <= opt_.max_header_bytes;
      problem(nullptr, offset, at_eof ? "file ends inside the record header (truncated)"
                                      : "record header longer than " + std::to_string(opt_.max_header_bytes) + " bytes");
      ++report_.records_skipped;
      s_.consume(5);
      return at_eof ? Step::kEnd : Step::kSkipped;
    }
    std::string head(s_.peek().substr(0, end));
    s_.consume(end + term);
    size_t eol = head.find('\n');
    rec->version = trim(head.substr(0, eol));
    std::vector<std::string> bad;
    rec->headers = parse_header_lines(eol == std::string::npos ? std::string_view() : std::string_view(head).substr(eol + 1), &bad);
    for (const auto& b : bad) problem(rec, offset, b);

    if (rec->version.size() < 8 || !std::isdigit(static_cast<unsigned char>(rec->version[5])) ||
        rec->version.find('.') == std::string::npos) {
      problem(nullptr, offset, "invalid version line '" + rec->version.substr(0, 40) + "'; record skipped");
      ++report_.records_skipped;
      return Step::kSkipped;
    }
    uint64_t length = 0;
    std::string cl = find_header(rec->headers, "Content-Length");
    if (!parse_u64(cl, &length)) {
      problem(nullptr, offset, cl.empty() ? "missing Content-Length; record skipped"
                                          : "invalid Content-Length '" + cl.substr(0, 40) + "'; record skipped");
      ++report_.records_skipped;
      return Step::kSkipped;  // the next call resyncs on the next "WARC/" line
    }
    if (length > opt_.max_record_bytes) {
      problem(nullptr, offset, "record block of " + std::to_string(length) + " bytes exceeds the limit of " +
                                   std::to_string(opt_.max_record_bytes) + "; record skipped");
      ++report_.records_skipped;
      if (s_.skip(length) < length) return Step::kEnd;
      return Step::kSkipped;
    }
    size_t avail = s_.fill(static_cast<size_t>(length));
    rec->block.assign(s_.peek().substr(0, std::min<uint64_t>(avail, length)));
    s_.consume(rec->block.size());
    if (rec->block.size() < length) {
      rec->block_truncated = true;
      problem(rec, offset, "file ends " + std::to_string(length - rec->block.size()) +
                               " bytes before the end of the record block (truncated)");
    }
    fill_fields(rec, offset);
    return Step::kRecord;
  }

  // ARC v1/v2: "URL IP date mime [v2 fields...] length\n" then `length` bytes.
  Step next_arc(WarcRecord* rec) {
    if (stopped_ || !skip_blank()) return Step::kEnd;
    uint64_t start = s_.pos();
    auto [offset, member_skip] = s_.locate(start);
    ++index_;
    size_t eol = std::string_view::npos;
    for (size_t want = 1024;; want *= 2) {
      size_t avail = s_.fill(want);
      eol = s_.peek().find('\n');
      if (eol != std::string_view::npos || avail < want || want > opt_.max_header_bytes) break;
    }
    if (eol == std::string_view::npos) {
      problem(nullptr, offset, "ARC header line not terminated; reading stopped");
      return Step::kEnd;
    }
    std::string line = trim(s_.peek().substr(0, eol));
    s_.consume(eol + 1);
    std::vector<std::string> tok;
    for (size_t p = 0; p < line.size();) {
      size_t q = line.find(' ', p);
      if (q == std::string::npos) q = line.size();
      if (q > p) tok.push_back(line.substr(p, q - p));
      p = q + 1;
    }
    size_t tail = arc_version_ == 2 && tok.size() >= 10 ? 9 : 4;
    uint64_t length = 0;
    if (tok.size() < 5 || !parse_u64(tok.back(), &length)) {
      problem(nullptr, offset, "invalid ARC header line '" + line.substr(0, 120) + "'; skipped");
      ++report_.records_skipped;
      return Step::kSkipped;
    }
    if (length > opt_.max_record_bytes) {
      problem(nullptr, offset, "ARC record of " + std::to_string(length) + " bytes exceeds the limit; skipped");
      ++report_.records_skipped;
      return s_.skip(length) < length ? Step::kEnd : Step::kSkipped;
    }
    *rec = WarcRecord{};
    rec->offset = offset;
    rec->member_skip = member_skip;
    rec->version = "ARC";
    std::string url;
    for (size_t i = 0; i + tail < tok.size(); ++i) url += (i ? " " : "") + tok[i];
    rec->target_uri = url;
    rec->ip = tok[tok.size() - tail];
    std::string date = tok[tok.size() - tail + 1];
    rec->content_type = tok[tok.size() - tail + 2];
    if (date.size() >= 14 && std::all_of(date.begin(), date.end(), ::isdigit)) {
      if (date.size() != 14) problem(rec, offset, "ARC date '" + date + "' has more than 14 digits");
      rec->date = date.substr(0, 4) + "-" + date.substr(4, 2) + "-" + date.substr(6, 2) + "T" + date.substr(8, 2) +
                  ":" + date.substr(10, 2) + ":" + date.substr(12, 2) + "Z";
    } else {
      problem(rec, offset, "invalid ARC date '" + date + "'");
      rec->date = date;
    }
    size_t avail = s_.fill(static_cast<size_t>(length));
    rec->block.assign(s_.peek().substr(0, std::min<uint64_t>(avail, length)));
    s_.consume(rec->block.size());
    if (rec->block.size() < length) {
      rec->block_truncated = true;
      problem(rec, offset, "file ends inside the ARC record (truncated)");
    }
    if (url.rfind("filedesc:", 0) == 0) {
      rec->type = "warcinfo";
      if (!rec->block.empty() && rec->block[0] == '2') arc_version_ = 2;
    } else if (rec->block.rfind("HTTP/", 0) == 0) {
      rec->type = "response";
      parse_http(rec, offset, rec->block);
    } else {
      rec->type = "resource";
    }
    return Step::kRecord;
  }

 private:
  void fill_fields(WarcRecord* rec, uint64_t offset) {
    const Headers& h = rec->headers;
    rec->type = find_header(h, "WARC-Type");
    rec->record_id = find_header(h, "WARC-Record-ID");
    rec->date = find_header(h, "WARC-Date");
    rec->target_uri = find_header(h, "WARC-Target-URI");
    if (rec->target_uri.size() >= 2 && rec->target_uri.front() == '<' && rec->target_uri.back() == '>')
      rec->target_uri = rec->target_uri.substr(1, rec->target_uri.size() - 2);
    rec->ip = find_header(h, "WARC-IP-Address");
    rec->concurrent_to = find_header(h, "WARC-Concurrent-To");
    rec->content_type = find_header(h, "Content-Type");

    for (const char* name : {"WARC-Record-ID", "WARC-Date", "WARC-Type", "Content-Length"}) {
      size_t n = count_header(h, name);
      if (n == 0) problem(rec, offset, std::string("missing mandatory header ") + name);
      if (n > 1) problem(rec, offset, std::string("duplicate header ") + name);
    }
    bool known = std::any_of(std::begin(kKnownTypes), std::end(kKnownTypes), [&](const char* t) { return rec->type == t; });
    if (!rec->type.empty() && !known) problem(rec, offset, "unknown WARC-Type '" + rec->type + "'");
    bool needs_target = std::any_of(std::begin(kTypesWithTarget), std::end(kTypesWithTarget),
                                    [&](const char* t) { return rec->type == t; });
    if (needs_target && rec->target_uri.empty()) problem(rec, offset, "missing WARC-Target-URI on a " + rec->type + " record");
    if (rec->target_uri.find_first_of(" \t") != std::string::npos)
      problem(rec, offset, "WARC-Target-URI contains whitespace: '" + rec->target_uri.substr(0, 120) + "'");

    std::string_view payload_raw = rec->block;
    std::string dechunked;
    bool http = (rec->type == "response" || rec->type == "request" || rec->type == "revisit") &&
                icontains(rec->content_type, "application/http");
    if (http) dechunked = parse_http(rec, offset, rec->block, &payload_raw);
    if (find_header(h, "WARC-Truncated").size()) rec->payload_truncated = true;

    if (!opt_.verify_digests) return;
    std::string why;
    std::string bd = find_header(h, "WARC-Block-Digest");
    if (!bd.empty()) {
      rec->block_digest = check_warc_digest(bd, rec->block, &why);
      report_digest(rec, offset, "WARC-Block-Digest", bd, rec->block_digest, why);
    }
    std::string pd = find_header(h, "WARC-Payload-Digest");
    if (!pd.empty() && rec->type != "revisit" && (http ? rec->has_http : true)) {
      why.clear();
      rec->payload_digest = dechunked.empty() ? check_warc_digest(pd, payload_raw, &why)
                                              : check_warc_digest_any(pd, payload_raw, dechunked, &why);
      report_digest(rec, offset, "WARC-Payload-Digest", pd, rec->payload_digest, why);
    }
  }

  void report_digest(WarcRecord* rec, uint64_t offset, const char* field, const std::string& value, DigestCheck c,
                     const std::string& why) {
    if (c == DigestCheck::kMismatch) problem(rec, offset, std::string(field) + " mismatch: " + value);
    if (c == DigestCheck::kUnchecked) problem(rec, offset, std::string(field) + " not checked: " + why);
  }

  // Fills the HTTP fields from `block`. Returns the de-chunked body when the body was chunked (else
  // ""), and sets `*raw_payload` to the entity body as transferred.
  std::string parse_http(WarcRecord* rec, uint64_t offset, std::string_view block, std::string_view* raw_payload = nullptr) {
    size_t term = 0;
    size_t end = find_header_end(block, opt_.max_header_bytes, &term);
    std::string_view head = end == std::string_view::npos ? block : block.substr(0, end);
    std::string_view body = end == std::string_view::npos ? std::string_view() : block.substr(end + term);
    if (raw_payload) *raw_payload = body;
    if (block.empty()) {
      problem(rec, offset, "empty HTTP block");
      return {};
    }
    if (end == std::string_view::npos && rec->type != "revisit") problem(rec, offset, "HTTP headers not terminated by a blank line");
    size_t eol = head.find('\n');
    rec->has_http = true;
    rec->http_start_line = trim(head.substr(0, eol));
    if (eol != std::string_view::npos) rec->http_headers = parse_header_lines(head.substr(eol + 1), nullptr);
    if (rec->http_start_line.rfind("HTTP/", 0) == 0) {
      size_t sp = rec->http_start_line.find(' ');
      uint64_t status = 0;
      if (sp != std::string::npos && parse_u64(rec->http_start_line.substr(sp + 1, 3), &status) && status < 1000)
        rec->http_status = static_cast<int>(status);
      else
        problem(rec, offset, "unparsable HTTP status line '" + rec->http_start_line.substr(0, 80) + "'");
    }

    std::string dechunked;
    std::string te = find_header(rec->http_headers, "Transfer-Encoding");
    if (icontains(te, "chunked")) {
      if (!dechunk(body, &dechunked)) {
        rec->payload_truncated = true;
        problem(rec, offset, "chunked HTTP body is malformed or cut; kept what could be de-chunked");
      }
      rec->payload = dechunked;
    } else {
      rec->payload.assign(body);
      uint64_t declared = 0;
      // A revisit's block is headers only by design; its Content-Length describes the original.
      if (rec->type != "revisit" && parse_u64(find_header(rec->http_headers, "Content-Length"), &declared) &&
          declared > body.size())
        rec->payload_truncated = true;
    }
    std::string ce = trim(find_header(rec->http_headers, "Content-Encoding"));
    bool gz = iequals(ce, "gzip") || iequals(ce, "x-gzip");
    if ((gz || iequals(ce, "deflate")) && !rec->payload.empty()) {
      std::string decoded, why;
      bool ok = inflate_payload(rec->payload, false, opt_.max_record_bytes, &decoded, &why);
      if (!ok && !gz && decoded.empty()) {
        why.clear();
        ok = inflate_payload(rec->payload, true, opt_.max_record_bytes, &decoded, &why);  // raw deflate, as some servers send
      }
      if (ok || !decoded.empty()) {
        rec->payload = std::move(decoded);
        rec->payload_decoded = true;
      }
      if (!ok) {
        rec->payload_truncated = true;
        problem(rec, offset, "Content-Encoding " + ce + ": " + why);
      }
    }
    return dechunked;
  }

  ByteStream& s_;
  WarcReadReport& report_;
  const WarcReadOptions& opt_;
  int64_t index_ = -1;
  int arc_version_ = 1;
  bool stopped_ = false;
};

}  // namespace

std::string WarcRecord::header(const std::string& name) const { return find_header(headers, name); }
std::string WarcRecord::http_header(const std::string& name) const { return find_header(http_headers, name); }

bool read_warc(const std::string& path, const std::function<bool(const WarcRecord&)>& on_record,
               WarcReadReport* report, std::string* err, const WarcReadOptions& options) {
  WarcReadReport local;
  WarcReadReport& r = report ? *report : local;
  r = WarcReadReport{};
  ByteStream s;
  if (!s.open(path, 0, err)) return false;
  RecordParser parser(&s, &r, options);
  parser.skip_blank();
  std::string_view start = s.fill(16) >= 5 ? s.peek() : std::string_view();
  bool arc = start.substr(0, 11) == "filedesc://";
  r.format = std::string(arc ? "arc" : "warc") + (s.gzip() ? ".gz" : "");
  if (!arc && start.substr(0, 5) != "WARC/") {
    if (s.at_end() && s.stream_problem().empty()) {
      r.problems.push_back({-1, 0, "empty file"});
      return true;
    }
    if (err) {
      *err = path + " is not a WARC or ARC file";
      if (!s.stream_problem().empty()) *err += " (" + s.stream_problem() + ")";
      else *err += " (it does not start with 'WARC/' or 'filedesc://')";
    }
    return false;
  }
  WarcRecord rec;
  for (;;) {
    Step step = arc ? parser.next_arc(&rec) : parser.next_warc(&rec);
    if (step == Step::kEnd) break;
    if (step == Step::kSkipped) continue;
    ++r.records_delivered;
    if (!on_record(rec)) break;
  }
  if (!s.stream_problem().empty()) parser.problem(nullptr, s.stream_problem_offset(), s.stream_problem());
  r.gzip_members = s.member_count();
  return true;
}

bool read_record_at(const std::string& path, uint64_t offset, WarcRecord* out, std::string* err,
                    uint64_t member_skip, const WarcReadOptions& options) {
  ByteStream s;
  if (!s.open(path, offset, err)) return false;
  if (s.skip(member_skip) < member_skip) {
    if (err) *err = path + ": data ends before offset " + std::to_string(offset) + "+" + std::to_string(member_skip);
    return false;
  }
  WarcReadReport report;
  RecordParser parser(&s, &report, options);
  bool warc = s.fill(5) >= 5 && s.peek().substr(0, 5) == "WARC/";
  bool arc = false;
  if (!warc) {  // an ARC header line is plain text: parse one only when the file is an ARC file
    ByteStream head;
    arc = head.open(path, 0, nullptr) && head.fill(11) >= 11 && head.peek().substr(0, 11) == "filedesc://";
  }
  Step step = warc ? parser.next_warc(out) : arc ? parser.next_arc(out) : Step::kEnd;
  if (step != Step::kRecord) {
    if (err) {
      *err = path + ": no readable record at offset " + std::to_string(offset);
      if (!report.problems.empty()) *err += " (" + report.problems.front().reason + ")";
    }
    return false;
  }
  out->offset = offset;
  out->member_skip = member_skip;
  return true;
}

}  // namespace govaudit
