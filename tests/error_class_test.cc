// The mapping from libcurl's failures to error classes, case by case. DNS failure is tested here, as a
// unit: no test makes a real name look-up, so the farm can never produce CURLE_COULDNT_RESOLVE_HOST.
#include <catch2/catch.hpp>
#include <curl/curl.h>

#include <cerrno>
#include <set>
#include <string>

#include "crawler/error_class.h"

using govaudit::classify_curl_failure;
using govaudit::CurlFailure;
using govaudit::ErrorClass;
using govaudit::error_class_name;

TEST_CASE("a name that does not resolve is a dns failure", "[error_class]") {
  CHECK(classify_curl_failure(CURLE_COULDNT_RESOLVE_HOST, {}) == ErrorClass::dns);
  CHECK(classify_curl_failure(CURLE_COULDNT_RESOLVE_PROXY, {}) == ErrorClass::dns);
  // Whatever else the transfer recorded, an unresolved name stays a dns failure.
  CHECK(classify_curl_failure(CURLE_COULDNT_RESOLVE_HOST, {false, false, ETIMEDOUT, false}) == ErrorClass::dns);
  CHECK(std::string(error_class_name(ErrorClass::dns)) == "dns");
}

TEST_CASE("connection failures are told apart by the socket error", "[error_class]") {
  CHECK(classify_curl_failure(CURLE_COULDNT_CONNECT, {false, false, ECONNREFUSED, false}) == ErrorClass::connect_refused);
  CHECK(classify_curl_failure(CURLE_COULDNT_CONNECT, {false, false, ETIMEDOUT, false}) == ErrorClass::connect_timeout);
  CHECK(classify_curl_failure(CURLE_COULDNT_CONNECT, {false, false, EHOSTUNREACH, false}) == ErrorClass::other);
  // Our own refusal of a private address shows as a failed connect; it is its own class.
  CHECK(classify_curl_failure(CURLE_COULDNT_CONNECT, {true, false, 0, false}) == ErrorClass::blocked_address);
  // A timeout before any connection is a connect timeout; after one, the transfer timed out.
  CHECK(classify_curl_failure(CURLE_OPERATION_TIMEDOUT, {false, false, 0, false}) == ErrorClass::connect_timeout);
  CHECK(classify_curl_failure(CURLE_OPERATION_TIMEDOUT, {false, false, 0, true}) == ErrorClass::timeout);
}

TEST_CASE("tls resets redirects and size limits have their classes", "[error_class]") {
  for (CURLcode rc : {CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM})
    CHECK(classify_curl_failure(rc, {}) == ErrorClass::tls);
  for (CURLcode rc : {CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE})
    CHECK(classify_curl_failure(rc, {}) == ErrorClass::reset);
  CHECK(classify_curl_failure(CURLE_TOO_MANY_REDIRECTS, {}) == ErrorClass::too_many_redirects);
  // A write error is a body over the limit only when our write callback stopped it.
  CHECK(classify_curl_failure(CURLE_WRITE_ERROR, {false, true, 0, true}) == ErrorClass::body_too_large);
  CHECK(classify_curl_failure(CURLE_WRITE_ERROR, {false, false, 0, true}) == ErrorClass::other);
  CHECK(classify_curl_failure(CURLE_URL_MALFORMAT, {}) == ErrorClass::other);
}

TEST_CASE("every error class has a distinct stable name", "[error_class]") {
  std::set<std::string> names;
  for (int c = static_cast<int>(ErrorClass::none); c <= static_cast<int>(ErrorClass::other); ++c)
    names.insert(error_class_name(static_cast<ErrorClass>(c)));
  CHECK(names.size() == static_cast<size_t>(ErrorClass::other) + 1);
  CHECK(names.count("connect_refused") == 1);
  CHECK(names.count("blocked_address") == 1);
}
