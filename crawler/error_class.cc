// Mapping libcurl's result codes to govaudit's error classes (see error_class.h).
#include "crawler/error_class.h"

#include <curl/curl.h>

#include <cerrno>

namespace govaudit {

const char* error_class_name(ErrorClass c) {
  switch (c) {
    case ErrorClass::none: return "none";
    case ErrorClass::dns: return "dns";
    case ErrorClass::connect_refused: return "connect_refused";
    case ErrorClass::connect_timeout: return "connect_timeout";
    case ErrorClass::timeout: return "timeout";
    case ErrorClass::tls: return "tls";
    case ErrorClass::too_many_redirects: return "too_many_redirects";
    case ErrorClass::body_too_large: return "body_too_large";
    case ErrorClass::blocked_address: return "blocked_address";
    case ErrorClass::http_status: return "http_status";
    case ErrorClass::reset: return "reset";
    case ErrorClass::host_given_up: return "host_given_up";
    case ErrorClass::cancelled: return "cancelled";
    case ErrorClass::other: return "other";
  }
  return "other";
}

ErrorClass classify_curl_failure(int curl_code, const CurlFailure& f) {
  auto rc = static_cast<CURLcode>(curl_code);
  if (rc == CURLE_COULDNT_CONNECT && f.blocked) return ErrorClass::blocked_address;
  if (rc == CURLE_WRITE_ERROR && f.truncated) return ErrorClass::body_too_large;
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return ErrorClass::dns;
    case CURLE_COULDNT_CONNECT:
      if (f.os_errno == ETIMEDOUT) return ErrorClass::connect_timeout;
      return f.os_errno == ECONNREFUSED || f.os_errno == 0 ? ErrorClass::connect_refused : ErrorClass::other;
    case CURLE_OPERATION_TIMEDOUT:
      return f.reached_request ? ErrorClass::timeout : ErrorClass::connect_timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      return ErrorClass::tls;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return ErrorClass::reset;
    case CURLE_TOO_MANY_REDIRECTS:
      return ErrorClass::too_many_redirects;
    default:
      return ErrorClass::other;
  }
}

}  // namespace govaudit
