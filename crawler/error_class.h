// Why a fetch failed, as one stable class per cause (dns, connect_refused, tls, ...), and the mapping
// from libcurl's result codes to it. The classes are what the store, the probes and the reports
// record; the mapping is a pure function so every class can be tested without making the failure.
#pragma once

namespace govaudit {

/// Why a fetch did not give a usable response. `none` includes 2xx, 3xx-without-follow and 304.
enum class ErrorClass {
  none,
  dns,
  connect_refused,
  connect_timeout,
  timeout,  ///< connected, then the whole transfer ran past total_timeout_s
  tls,
  too_many_redirects,
  body_too_large,   ///< body (after decompression) over max_body_bytes; the kept prefix is in body
  blocked_address,  ///< target resolved to loopback/private/link-local and was neither pinned nor allowed
  http_status,      ///< a response arrived with status >= 400
  reset,            ///< connection dropped mid-exchange (reset, empty reply, short body)
  host_given_up,    ///< the host kept refusing; not attempted
  cancelled,        ///< Fetcher::cancel() stopped it (only seen by fetch_one)
  other,
};

/// Stable lower-case name of an ErrorClass ("connect_refused"), for the store and logs.
const char* error_class_name(ErrorClass c);

/// What the fetcher saw of a failed transfer besides curl's result code.
struct CurlFailure {
  bool blocked = false;          ///< our socket callback refused a forbidden address
  bool truncated = false;        ///< our write callback stopped the body at the size limit
  long os_errno = 0;             ///< CURLINFO_OS_ERRNO
  bool reached_request = false;  ///< a connection was established before the failure
};

/// The class of a transfer that ended with `curl_code` (a CURLcode other than CURLE_OK).
ErrorClass classify_curl_failure(int curl_code, const CurlFailure& f);

}  // namespace govaudit
