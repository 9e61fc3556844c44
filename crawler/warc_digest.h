// Digests as WARC writes them (ISO 28500 §5.8/5.9: "algorithm:value"): govaudit writes sha1 in
// base32 like Heritrix and wget; when checking it also accepts what other crawlers wrote: sha1, sha256
// or md5, as base32, hex, base64 or base64url (warcprox writes hex, some tools base64).
#pragma once

#include <string>
#include <string_view>

namespace govaudit {

/// "sha1:" + RFC 4648 base32 of the SHA-1 of `data` (the form govaudit writes).
std::string warc_sha1_digest(std::string_view data);

/// Outcome of checking one WARC digest field against the bytes it covers.
enum class DigestCheck {
  kAbsent,    ///< no such field on the record
  kOk,        ///< the field's value equals the digest of the bytes
  kMismatch,  ///< a known algorithm, a decodable value, and it differs
  kUnchecked  ///< unknown algorithm or undecodable value (a problem is reported, not a mismatch)
};

/// An incremental digest of one of the algorithms named in WARC digest fields.
class WarcHasher {
 public:
  /// `algorithm` as in the field ("sha1", "SHA-256", "md5"); valid() is false when unknown.
  explicit WarcHasher(std::string_view algorithm);
  ~WarcHasher();
  WarcHasher(const WarcHasher&) = delete;
  WarcHasher& operator=(const WarcHasher&) = delete;
  bool valid() const { return ctx_ != nullptr; }
  void update(std::string_view data);
  /// The raw digest bytes; call once.
  std::string finish();

 private:
  void* ctx_ = nullptr;  // EVP_MD_CTX*, kept opaque so this header needs no OpenSSL include
};

/// Checks field value `field` ("sha1:ABC...") against `data` (or against several candidate byte
/// strings, any of which may match: payloads are hashed differently by different crawlers).
/// On kUnchecked, `why` says what was wrong with the field.
DigestCheck check_warc_digest(std::string_view field, std::string_view data, std::string* why);
DigestCheck check_warc_digest_any(std::string_view field, std::string_view a, std::string_view b,
                                  std::string* why);

}  // namespace govaudit
