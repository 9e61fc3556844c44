// Reads WARC files (ISO 28500, WARC/1.0 and 1.1, also 0.x version lines) written by any crawler —
// govaudit, wget, wpull, Heritrix, Browsertrix, warcprox, the Internet Archive — and ARC v1/v2
// files, plain or gzip (one member per record, a record split over members, or the whole file as one
// member). Reading is lenient and every departure is reported, never fatal: a malformed record is
// skipped or delivered flagged, with a reason in the report; the rest of the file is still read.
// Departures from a strict reader, on purpose: LF-only line ends are accepted; "<...>" around
// WARC-Target-URI (wget 1.0 style) is removed; payload digests are accepted whether computed over
// the chunked or the de-chunked body (warcprox and warcio hash the bytes as transferred).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "crawler/warc_digest.h"

namespace govaudit {

/// One WARC record (or ARC record converted to the WARC vocabulary: the filedesc record becomes
/// "warcinfo", an HTTP capture "response", anything else "resource"), as read.
struct WarcRecord {
  std::string version;      ///< "WARC/1.1", "WARC/1.0", or "ARC" for a converted ARC record
  std::string type;         ///< WARC-Type ("response", "request", "warcinfo", ...), as written
  std::string record_id;    ///< WARC-Record-ID with its angle brackets; "" for ARC
  std::string date;         ///< WARC-Date as written (ARC: converted to YYYY-MM-DDThh:mm:ssZ)
  std::string target_uri;   ///< WARC-Target-URI without surrounding <>
  std::string ip;           ///< WARC-IP-Address
  std::string concurrent_to;  ///< the first WARC-Concurrent-To
  std::string content_type;   ///< the record's Content-Type
  std::vector<std::pair<std::string, std::string>> headers;  ///< all WARC headers in order, duplicates kept
  uint64_t offset = 0;         ///< file offset of the gzip member holding the record's start (plain: of its first byte)
  uint64_t member_skip = 0;    ///< bytes of that member's decompressed data before the record (0 when one member per record)
  std::string block;           ///< the record block, raw (empty when the record was too large)
  bool block_truncated = false;  ///< the file ended before Content-Length bytes

  /// HTTP part, parsed for application/http blocks (request, response, revisit) and ARC records.
  bool has_http = false;
  std::string http_start_line;  ///< "HTTP/1.1 200 OK" or "GET / HTTP/1.1"
  int http_status = 0;           ///< response status, 0 for requests or an unparsable status line
  std::vector<std::pair<std::string, std::string>> http_headers;
  std::string payload;           ///< entity body, de-chunked and content-decoded (gzip/deflate) where possible;
                                 ///< empty for records without an HTTP part (resource, metadata): use `block`
  bool payload_truncated = false;  ///< shorter than its Content-Length, WARC-Truncated set, or decoding stopped early
  bool payload_decoded = false;    ///< a Content-Encoding was removed from `payload`

  DigestCheck block_digest = DigestCheck::kAbsent;
  DigestCheck payload_digest = DigestCheck::kAbsent;  ///< not checked on revisit records (it names the original)
  /// False when a digest present on the record does not match its bytes.
  bool digest_ok() const {
    return block_digest != DigestCheck::kMismatch && payload_digest != DigestCheck::kMismatch;
  }
  /// Problems found on this record (also in the report, with the record's index and offset).
  std::vector<std::string> problems;

  /// The value of the first header `name` (ASCII case-insensitive), "" when absent.
  std::string header(const std::string& name) const;
  std::string http_header(const std::string& name) const;
};

/// One finding about the file: the record index (0-based, counting records seen, delivered or not;
/// -1 for the file as a whole), the offset as in WarcRecord::offset, and a reason naming the field.
struct WarcProblem {
  int64_t record_index = -1;
  uint64_t offset = 0;
  std::string reason;
};

struct WarcReadReport {
  std::string format;          ///< "warc", "warc.gz", "arc", "arc.gz"
  uint64_t records_delivered = 0;
  uint64_t records_skipped = 0;
  uint64_t gzip_members = 0;
  /// True when every record began at a gzip member boundary, so WarcRecord::offset alone addresses
  /// it (always true for plain files).
  bool one_member_per_record = true;
  std::vector<WarcProblem> problems;
};

struct WarcReadOptions {
  uint64_t max_record_bytes = 64ull << 20;  ///< larger blocks are skipped with a reason
  uint64_t max_header_bytes = 1ull << 20;   ///< WARC or ARC header lines, together
  uint64_t max_resync_bytes = 16ull << 20;  ///< how far to look for the next "WARC/" line after garbage
  size_t max_problems = 1000;               ///< then reading stops, with a final problem saying so
  bool verify_digests = true;
};

/// Reads `path` record by record, calling `on_record` for each delivered record (it may return false
/// to stop). Returns false, with `err` naming the file, only when the file cannot be opened or is not
/// a WARC/ARC file at all; damage inside a file is reported in `report->problems` and returns true.
bool read_warc(const std::string& path, const std::function<bool(const WarcRecord&)>& on_record,
               WarcReadReport* report, std::string* err, const WarcReadOptions& options = {});

/// Reads the one record starting at `offset` (a gzip member start or, in a plain file, the record's
/// first byte; e.g. a WarcLocation::offset or WarcRecord::offset). Skips `member_skip` decompressed
/// bytes first. False with `err` when no well-formed record starts there.
bool read_record_at(const std::string& path, uint64_t offset, WarcRecord* out, std::string* err,
                    uint64_t member_skip = 0, const WarcReadOptions& options = {});

}  // namespace govaudit
