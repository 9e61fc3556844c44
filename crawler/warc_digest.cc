#include "crawler/warc_digest.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>

namespace govaudit {
namespace {

const EVP_MD* digest_by_name(std::string_view algorithm) {
  std::string a;
  for (char c : algorithm)
    if (c != '-' && c != '_') a.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (a == "sha1") return EVP_sha1();
  if (a == "sha256") return EVP_sha256();
  if (a == "sha512") return EVP_sha512();
  if (a == "md5") return EVP_md5();
  return nullptr;
}

std::string base32_encode(std::string_view bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint64_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;  // no '=' padding: 160-bit SHA-1 is exactly 32 characters
}

// Each decoder returns false on a character outside its alphabet.
bool base32_decode(std::string_view text, std::string* out) {
  uint64_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    int v;
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (u >= 'A' && u <= 'Z') v = u - 'A';
    else if (u >= '2' && u <= '7') v = u - '2' + 26;
    else return false;
    buffer = (buffer << 5) | static_cast<uint64_t>(v);
    bits += 5;
    if (bits >= 8) {
      out->push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return true;
}

int hex_nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool hex_decode(std::string_view text, std::string* out) {
  if (text.size() % 2) return false;
  for (size_t i = 0; i < text.size(); i += 2) {
    int hi = hex_nibble(text[i]);
    int lo = hex_nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

bool base64_decode(std::string_view text, std::string* out) {  // standard and url-safe alphabets
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    else return false;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      out->push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return true;
}

// The value's encoding is told by its length for the digest size: hex 2n, base32 ceil(8n/5),
// base64 4*ceil(n/3) (with padding) or ceil(4n/3) (without).
bool decode_digest_value(std::string_view value, size_t digest_size, std::string* out) {
  out->clear();
  if (value.size() == 2 * digest_size) return hex_decode(value, out);
  std::string tmp;
  if (value.find_first_of("=") == std::string_view::npos || value.size() % 8 == 0) {
    if (base32_decode(value, &tmp) && tmp.size() == digest_size) {
      *out = tmp;
      return true;
    }
  }
  tmp.clear();
  if (base64_decode(value, &tmp) && tmp.size() == digest_size) {
    *out = tmp;
    return true;
  }
  return false;
}

}  // namespace

WarcHasher::WarcHasher(std::string_view algorithm) {
  const EVP_MD* md = digest_by_name(algorithm);
  if (!md) return;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx && EVP_DigestInit_ex(ctx, md, nullptr) == 1) {
    ctx_ = ctx;
  } else {
    EVP_MD_CTX_free(ctx);
  }
}

WarcHasher::~WarcHasher() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void WarcHasher::update(std::string_view data) {
  if (ctx_) EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(), data.size());
}

std::string WarcHasher::finish() {
  if (!ctx_) return {};
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), md, &n);
  return std::string(reinterpret_cast<char*>(md), n);
}

std::string warc_sha1_digest(std::string_view data) {
  WarcHasher h("sha1");
  h.update(data);
  return "sha1:" + base32_encode(h.finish());
}

DigestCheck check_warc_digest_any(std::string_view field, std::string_view a, std::string_view b,
                                  std::string* why) {
  size_t colon = field.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    if (why) *why = "digest without algorithm: '" + std::string(field) + "'";
    return DigestCheck::kUnchecked;
  }
  std::string_view algorithm = field.substr(0, colon);
  std::string_view value = field.substr(colon + 1);
  WarcHasher ha(algorithm);
  if (!ha.valid()) {
    if (why) *why = "unknown digest algorithm '" + std::string(algorithm) + "'";
    return DigestCheck::kUnchecked;
  }
  ha.update(a);
  std::string da = ha.finish();
  std::string expected;
  if (!decode_digest_value(value, da.size(), &expected)) {
    // A value of the length of an encoded digest of this algorithm but with foreign characters
    // (e.g. "1112H3S6..." for base32 sha1) is a wrong digest, not an unknown form.
    size_t n = da.size();
    if (value.size() == 2 * n || value.size() == (8 * n + 4) / 5 || value.size() == 4 * ((n + 2) / 3))
      return DigestCheck::kMismatch;
    if (why) *why = "undecodable digest value '" + std::string(field) + "'";
    return DigestCheck::kUnchecked;
  }
  if (da == expected) return DigestCheck::kOk;
  if (b.data() != nullptr) {
    WarcHasher hb(algorithm);
    hb.update(b);
    if (hb.finish() == expected) return DigestCheck::kOk;
  }
  return DigestCheck::kMismatch;
}

DigestCheck check_warc_digest(std::string_view field, std::string_view data, std::string* why) {
  return check_warc_digest_any(field, data, std::string_view(), why);
}

}  // namespace govaudit
