// Writes WARC/1.1 files (ISO 28500:2017): a warcinfo record first, then request/response (and
// revisit, metadata) records, each in its own gzip member so a record can be read alone from its
// offset (the store keeps file + offset + length). Bodies reach the writer already decoded by the
// fetcher, so the stored response is rewritten to be consistent with them: Content-Encoding and
// Transfer-Encoding are kept only as X-Govaudit-Original-* headers and Content-Length is the stored
// length; the response says so in an X-Govaudit-Body header. Digests are sha1, base32.
// Thread-safety: none. One writer is used from one thread (the store-writer thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace govaudit {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// What goes into the warcinfo record at the head of each file (empty fields are left out).
struct WarcInfo {
  std::string software;       ///< defaults to "govaudit/<version>" when empty
  std::string operator_name;  ///< who ran the crawl (contact)
  std::string robots_policy;  ///< "obey" or "ignore (authorised inspection)"
  std::string hostname;
  std::string description;
  std::string run_id;
  HeaderList extra;           ///< more warc-fields, written as given
};

/// One HTTP exchange as the fetcher saw it.
struct WarcExchange {
  std::string url;                 ///< the request URI (WARC-Target-URI)
  std::string ip;                  ///< server address, "" when unknown
  std::chrono::system_clock::time_point fetched_at = std::chrono::system_clock::now();
  std::string request_head;        ///< request line + headers as sent, CRLF separated, may lack the final blank line
  std::string request_body;        ///< usually empty
  std::string status_line;         ///< e.g. "HTTP/1.1 200 OK"
  HeaderList response_headers;     ///< as received
  std::string body;                ///< as stored by the fetcher (already decompressed, de-chunked)
  bool body_truncated = false;     ///< the fetcher stopped at its size limit (WARC-Truncated: length)
};

/// Where a record lives: one gzip member of `length` bytes at `offset` in `file`.
struct WarcLocation {
  std::string file;
  uint64_t offset = 0;
  uint64_t length = 0;
};

/// One output WARC file.
class WarcWriter {
 public:
  WarcWriter() = default;
  ~WarcWriter();
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  /// Creates (truncates) `path` and writes the warcinfo record. False with `err` naming the file.
  bool open(const std::string& path, const WarcInfo& info, std::string* err);
  /// Writes the request record and then the response record, linked both ways by
  /// WARC-Concurrent-To. `response_loc` (may be null) receives the response record's member.
  /// Preconditions: open() succeeded; `ex.request_head` and `ex.status_line` are not empty.
  bool write_exchange(const WarcExchange& ex, WarcLocation* response_loc, std::string* err);
  /// For a 304 answer to a conditional request: a revisit record with the server-not-modified
  /// profile (headers only), plus its request record. `refers_to` is the earlier response's
  /// WARC-Record-ID ("<urn:uuid:...>") when known.
  bool write_revisit(const WarcExchange& ex, const std::string& refers_to, WarcLocation* loc,
                     std::string* err);
  /// A metadata record of warc-fields about `target_uri`, concurrent to `concurrent_to` if not empty.
  bool write_metadata(const std::string& target_uri, const std::string& concurrent_to,
                      const HeaderList& fields, WarcLocation* loc, std::string* err);
  /// Flushes and closes; false if a write failed. Idempotent.
  bool close(std::string* err);

  uint64_t bytes_written() const { return offset_; }
  const std::string& path() const { return path_; }
  const std::string& warcinfo_id() const { return warcinfo_id_; }

 private:
  HeaderList exchange_headers(const char* type, const std::string& id, const std::string& other_id,
                              const WarcExchange& ex, const char* msgtype) const;
  bool write_request(const WarcExchange& ex, const std::string& id, const std::string& other_id, std::string* err);
  bool write_record(const HeaderList& warc_headers, const std::string& block, WarcLocation* loc,
                    std::string* err);

  std::FILE* file_ = nullptr;
  std::string path_;
  std::string warcinfo_id_;
  uint64_t offset_ = 0;
};

/// A directory of WARC files named govaudit-<run>-<seq>.warc.gz (seq from 00000), rolling over to a
/// new file, with its own warcinfo, once the current one reaches `max_file_bytes`.
class WarcDirWriter {
 public:
  static constexpr uint64_t kDefaultMaxFileBytes = 1ull << 30;

  /// `dir` must exist. Nothing is created until the first write.
  WarcDirWriter(std::string dir, std::string run_id, WarcInfo info,
                uint64_t max_file_bytes = kDefaultMaxFileBytes);

  bool write_exchange(const WarcExchange& ex, WarcLocation* response_loc, std::string* err);
  bool write_revisit(const WarcExchange& ex, const std::string& refers_to, WarcLocation* loc,
                     std::string* err);
  bool write_metadata(const std::string& target_uri, const std::string& concurrent_to,
                      const HeaderList& fields, WarcLocation* loc, std::string* err);
  bool close(std::string* err);
  /// Files created so far, in order.
  const std::vector<std::string>& files() const { return files_; }

 private:
  bool ensure_file(std::string* err);

  std::string dir_;
  std::string run_id_;
  WarcInfo info_;
  uint64_t max_file_bytes_;
  WarcWriter writer_;
  bool open_ = false;
  std::vector<std::string> files_;
};

/// A fresh "<urn:uuid:...>" (random, version 4) for WARC-Record-ID.
std::string new_warc_record_id();
/// "YYYY-MM-DDThh:mm:ssZ" (UTC) for WARC-Date.
std::string warc_date(std::chrono::system_clock::time_point t);

}  // namespace govaudit
