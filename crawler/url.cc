// WHATWG URL Standard basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser),
// restricted to special non-file schemes; state names follow the spec so the two can be read side
// by side. Works on bytes: a multi-byte UTF-8 sequence percent-encodes to the same result as the
// spec's code-point loop.
#include "crawler/url.h"

#include <unicode/uidna.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace govaudit {
namespace {

constexpr int kEof = -1;

int default_port_for(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  return -1;
}

bool is_supported_scheme(std::string_view scheme) { return default_port_for(scheme) != -1; }

bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(int c) { return c >= '0' && c <= '9'; }
bool is_hex(int c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hex_value(int c) { return is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Percent-encode sets (https://url.spec.whatwg.org/#percent-encoded-bytes).
bool in_c0_set(unsigned char c) { return c < 0x20 || c > 0x7E; }
bool in_fragment_set(unsigned char c) {
  return in_c0_set(c) || c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';
}
bool in_query_set(unsigned char c) {
  return in_c0_set(c) || c == ' ' || c == '"' || c == '#' || c == '<' || c == '>';
}
bool in_special_query_set(unsigned char c) { return in_query_set(c) || c == '\''; }
bool in_path_set(unsigned char c) {
  return in_query_set(c) || c == '?' || c == '^' || c == '`' || c == '{' || c == '}';
}
bool in_userinfo_set(unsigned char c) {
  return in_path_set(c) || c == '/' || c == ':' || c == ';' || c == '=' || c == '@' || c == '[' ||
         c == '\\' || c == ']' || c == '^' || c == '|';
}

void append_encoded(std::string* out, unsigned char c, bool (*in_set)(unsigned char)) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  if (in_set(c)) {
    out->push_back('%');
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  } else {
    out->push_back(static_cast<char>(c));
  }
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t pos = s.find(sep, start);
    parts.push_back(
        s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

// ---- IPv4 (https://url.spec.whatwg.org/#concept-ipv4-parser) ----

// Parses one dotted part in decimal, octal (leading 0) or hex (0x); saturates above 2^32.
std::optional<uint64_t> parse_ipv4_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int radix = 10;
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    radix = 16;
    s.remove_prefix(2);
  } else if (s.size() >= 2 && s[0] == '0') {
    radix = 8;
    s.remove_prefix(1);
  }
  uint64_t value = 0;
  for (char ch : s) {
    int d;
    if (radix == 16 && is_hex(ch))
      d = hex_value(ch);
    else if (is_digit(ch) && ch - '0' < radix)
      d = ch - '0';
    else
      return std::nullopt;
    value = std::min<uint64_t>(value * radix + d, uint64_t{1} << 40);
  }
  return value;
}

bool ends_in_number(std::string_view host) {
  auto parts = split(host, '.');
  if (parts.back().empty()) {
    if (parts.size() == 1) return false;
    parts.pop_back();
  }
  std::string_view last = parts.back();
  if (!last.empty() && std::all_of(last.begin(), last.end(), [](char ch) { return is_digit(ch); }))
    return true;
  return parse_ipv4_number(last).has_value();
}

bool parse_ipv4(std::string_view host, std::string* out) {
  auto parts = split(host, '.');
  if (parts.back().empty() && parts.size() > 1) parts.pop_back();
  if (parts.size() > 4) return false;
  std::vector<uint64_t> numbers;
  for (auto part : parts) {
    auto n = parse_ipv4_number(part);
    if (!n) return false;
    numbers.push_back(*n);
  }
  for (size_t i = 0; i + 1 < numbers.size(); ++i)
    if (numbers[i] > 255) return false;
  if (numbers.back() >= (uint64_t{1} << (8 * (5 - numbers.size())))) return false;
  uint64_t ipv4 = numbers.back();
  for (size_t i = 0; i + 1 < numbers.size(); ++i) ipv4 += numbers[i] << (8 * (3 - i));
  *out = std::to_string(ipv4 >> 24) + "." + std::to_string((ipv4 >> 16) & 255) + "." +
         std::to_string((ipv4 >> 8) & 255) + "." + std::to_string(ipv4 & 255);
  return true;
}

// ---- IPv6 (https://url.spec.whatwg.org/#concept-ipv6-parser) ----

bool parse_ipv6(std::string_view in, std::array<uint16_t, 8>* out) {
  std::array<uint16_t, 8> address{};
  int piece = 0, compress = -1;
  size_t p = 0;
  auto c = [&](size_t i) { return i < in.size() ? static_cast<unsigned char>(in[i]) : kEof; };
  if (c(p) == ':') {
    if (c(p + 1) != ':') return false;
    p += 2;
    compress = ++piece;
  }
  while (c(p) != kEof) {
    if (piece == 8) return false;
    if (c(p) == ':') {
      if (compress != -1) return false;
      ++p;
      compress = ++piece;
      continue;
    }
    int value = 0, length = 0;
    while (length < 4 && is_hex(c(p))) {
      value = value * 16 + hex_value(c(p));
      ++p;
      ++length;
    }
    if (c(p) == '.') {
      if (length == 0) return false;
      p -= length;
      if (piece > 6) return false;
      int numbers_seen = 0;
      while (c(p) != kEof) {
        int ipv4_piece = -1;
        if (numbers_seen > 0) {
          if (c(p) == '.' && numbers_seen < 4)
            ++p;
          else
            return false;
        }
        if (!is_digit(c(p))) return false;
        while (is_digit(c(p))) {
          int number = c(p) - '0';
          if (ipv4_piece == -1)
            ipv4_piece = number;
          else if (ipv4_piece == 0)
            return false;
          else
            ipv4_piece = ipv4_piece * 10 + number;
          if (ipv4_piece > 255) return false;
          ++p;
        }
        address[piece] = static_cast<uint16_t>(address[piece] * 0x100 + ipv4_piece);
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4) ++piece;
      }
      if (numbers_seen != 4) return false;
      break;
    } else if (c(p) == ':') {
      ++p;
      if (c(p) == kEof) return false;
    } else if (c(p) != kEof) {
      return false;
    }
    address[piece++] = static_cast<uint16_t>(value);
  }
  if (compress != -1) {
    int swaps = piece - compress;
    piece = 7;
    while (piece != 0 && swaps > 0) {
      std::swap(address[piece], address[compress + swaps - 1]);
      --piece;
      --swaps;
    }
  } else if (piece != 8) {
    return false;
  }
  *out = address;
  return true;
}

std::string serialize_ipv6(const std::array<uint16_t, 8>& a) {
  // Compress the first longest run of two or more zero pieces.
  int best_start = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    if (a[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && a[j] == 0) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "[";
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += (i == 0) ? "::" : ":";
      i += best_len - 1;
      continue;
    }
    std::string piece;
    uint16_t v = a[i];
    do {
      piece.insert(piece.begin(), kHex[v & 15]);
      v >>= 4;
    } while (v);
    out += piece;
    if (i != 7) out += ':';
  }
  return out + "]";
}

// ---- Domains ----

bool is_forbidden_domain_byte(unsigned char c) {
  switch (c) {
    case ' ':
    case '#':
    case '/':
    case ':':
    case '<':
    case '>':
    case '?':
    case '@':
    case '[':
    case '\\':
    case ']':
    case '^':
    case '|':
    case '%':
    case 0x7F:
      return true;
    default:
      return c < 0x20;
  }
}

// UTS #46 ToASCII with the URL Standard's flags: CheckHyphens=false, CheckBidi=true,
// CheckJoiners=true, UseSTD3ASCIIRules=false, Transitional=false, VerifyDnsLength=false.
// ICU has no switch for CheckHyphens/VerifyDnsLength, so those error bits are masked out.
bool domain_to_ascii(const std::string& domain, std::string* out) {
  bool plain_ascii = std::all_of(domain.begin(), domain.end(),
                                 [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
  if (plain_ascii) {
    // The URL Standard's ASCII fast path: lower-case only; "xn--" labels are not decoded, so
    // invalid Punycode such as "xn--a" passes through (WPT toascii.json expects exactly this).
    out->clear();
    for (char ch : domain) out->push_back(lower(ch));
    return !out->empty();
  }
  // One immutable, thread-safe ICU instance for the process (ICU documents UTS46 as such).
  static UIDNA* idna = [] {
    UErrorCode status = U_ZERO_ERROR;
    return uidna_openUTS46(UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ | UIDNA_NONTRANSITIONAL_TO_ASCII,
                           &status);
  }();
  if (idna == nullptr) return false;
  if (domain.size() > 4096) return false;  // bound ICU's work on hostile input
  // Mapping can expand a code point a lot (U+FDFA becomes 18), so retry once at the exact size.
  std::string dest(domain.size() * 4 + 64, '\0');
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  UErrorCode status = U_ZERO_ERROR;
  auto convert = [&] {
    return uidna_nameToASCII_UTF8(idna, domain.data(), static_cast<int32_t>(domain.size()),
                                  dest.data(), static_cast<int32_t>(dest.size()), &info, &status);
  };
  int32_t n = convert();
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    dest.assign(static_cast<size_t>(n), '\0');
    info = UIDNA_INFO_INITIALIZER;
    status = U_ZERO_ERROR;
    n = convert();
  }
  constexpr uint32_t kIgnored = UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG |
                                UIDNA_ERROR_DOMAIN_NAME_TOO_LONG | UIDNA_ERROR_LEADING_HYPHEN |
                                UIDNA_ERROR_TRAILING_HYPHEN | UIDNA_ERROR_HYPHEN_3_4;
  if (U_FAILURE(status) || (info.errors & ~kIgnored) != 0) return false;
  dest.resize(n);
  *out = dest;
  return !out->empty();
}

bool parse_host(std::string_view input, std::string* out, std::string* err) {
  if (!input.empty() && input.front() == '[') {
    std::array<uint16_t, 8> a;
    if (input.back() != ']' || !parse_ipv6(input.substr(1, input.size() - 2), &a)) {
      *err = "invalid IPv6 address '" + std::string(input) + "'";
      return false;
    }
    *out = serialize_ipv6(a);
    return true;
  }
  std::string ascii;
  if (!domain_to_ascii(percent_decode(input), &ascii)) {
    *err = "invalid host '" + std::string(input) + "'";
    return false;
  }
  for (char ch : ascii) {
    if (is_forbidden_domain_byte(static_cast<unsigned char>(ch))) {
      *err = "forbidden character in host '" + std::string(input) + "'";
      return false;
    }
  }
  if (ends_in_number(ascii)) {
    if (!parse_ipv4(ascii, out)) {
      *err = "invalid IPv4 address '" + std::string(input) + "'";
      return false;
    }
    return true;
  }
  *out = ascii;
  return true;
}

// ---- Paths ----

bool is_single_dot(std::string_view s) { return s == "." || s == "%2e" || s == "%2E"; }
bool is_double_dot(std::string_view s) {
  if (s.size() == 2) return s == "..";
  if (s.size() == 4)
    return (s[0] == '.' && is_single_dot(s.substr(1))) ||
           (s[3] == '.' && is_single_dot(s.substr(0, 3)));
  return s.size() == 6 && is_single_dot(s.substr(0, 3)) && is_single_dot(s.substr(3));
}

std::vector<std::string> path_segments(std::string_view path) {
  std::vector<std::string> segs;
  if (path.empty()) return segs;
  for (auto part : split(path.substr(1), '/')) segs.emplace_back(part);
  return segs;
}

std::string join_path(const std::vector<std::string>& segs) {
  std::string path;
  for (const auto& s : segs) path += "/" + s;
  return path.empty() ? "/" : path;
}

enum class State {
  kSchemeStart,
  kScheme,
  kNoScheme,
  kSpecialRelativeOrAuthority,
  kRelative,
  kRelativeSlash,
  kSpecialAuthoritySlashes,
  kSpecialAuthorityIgnoreSlashes,
  kAuthority,
  kHost,
  kPort,
  kPathStart,
  kPath,
  kQuery,
  kFragment
};

bool basic_parse(std::string_view raw, const Url* base, Url* url, std::string* err) {
  constexpr size_t kMaxInput = 1 << 20;  // hostile pages: bound the work per link
  if (raw.size() > kMaxInput) {
    *err = "URL longer than 1 MiB";
    return false;
  }
  auto fail = [&](const std::string& why) {
    *err = why + " in URL '" + std::string(raw.substr(0, 200)) + "'";
    return false;
  };
  // Strip leading/trailing C0 controls and spaces, then remove all tabs and newlines.
  size_t b = 0, e = raw.size();
  while (b < e && static_cast<unsigned char>(raw[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(raw[e - 1]) <= 0x20) --e;
  std::string in;
  in.reserve(e - b);
  for (size_t i = b; i < e; ++i)
    if (raw[i] != '\t' && raw[i] != '\n' && raw[i] != '\r') in.push_back(raw[i]);

  *url = Url{};
  std::vector<std::string> segs;
  State state = State::kSchemeStart;
  std::string buffer;
  bool at_sign_seen = false, inside_brackets = false, password_token_seen = false;
  const auto n = static_cast<std::ptrdiff_t>(in.size());
  auto at = [&](std::ptrdiff_t i) {
    return (i >= 0 && i < n) ? static_cast<unsigned char>(in[i]) : kEof;
  };
  auto copy_authority = [&] {
    url->username = base->username;
    url->password = base->password;
    url->host = base->host;
    url->port = base->port;
  };

  for (std::ptrdiff_t p = 0; p <= n; ++p) {
    const int c = at(p);
    switch (state) {
      case State::kSchemeStart:
        if (is_alpha(c)) {
          buffer.push_back(lower(static_cast<char>(c)));
          state = State::kScheme;
        } else {
          state = State::kNoScheme;
          --p;
        }
        break;
      case State::kScheme:
        if (is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.') {
          buffer.push_back(lower(static_cast<char>(c)));
        } else if (c == ':') {
          if (!is_supported_scheme(buffer)) return fail("unsupported scheme '" + buffer + "'");
          url->scheme = buffer;
          buffer.clear();
          state = (base && base->scheme == url->scheme) ? State::kSpecialRelativeOrAuthority
                                                        : State::kSpecialAuthoritySlashes;
        } else {
          buffer.clear();
          state = State::kNoScheme;
          p = -1;
        }
        break;
      case State::kNoScheme:
        if (base == nullptr) return fail("relative reference without a base");
        state = State::kRelative;
        --p;
        break;
      case State::kSpecialRelativeOrAuthority:
        if (c == '/' && at(p + 1) == '/') {
          state = State::kSpecialAuthorityIgnoreSlashes;
          ++p;
        } else {
          state = State::kRelative;
          --p;
        }
        break;
      case State::kRelative:
        url->scheme = base->scheme;
        if (c == '/' || c == '\\') {
          state = State::kRelativeSlash;
        } else {
          copy_authority();
          segs = path_segments(base->path);
          url->query = base->query;
          url->has_query = base->has_query;
          if (c == '?') {
            url->query.clear();
            url->has_query = true;
            state = State::kQuery;
          } else if (c == '#') {
            url->has_fragment = true;
            state = State::kFragment;
          } else if (c != kEof) {
            url->query.clear();
            url->has_query = false;
            if (!segs.empty()) segs.pop_back();
            state = State::kPath;
            --p;
          }
        }
        break;
      case State::kRelativeSlash:
        if (c == '/' || c == '\\') {
          state = State::kSpecialAuthorityIgnoreSlashes;
        } else {
          copy_authority();
          state = State::kPath;
          --p;
        }
        break;
      case State::kSpecialAuthoritySlashes:
        state = State::kSpecialAuthorityIgnoreSlashes;
        if (c == '/' && at(p + 1) == '/')
          ++p;
        else
          --p;
        break;
      case State::kSpecialAuthorityIgnoreSlashes:
        if (c != '/' && c != '\\') {
          state = State::kAuthority;
          --p;
        }
        break;
      case State::kAuthority:
        if (c == '@') {
          if (at_sign_seen) buffer.insert(0, "%40");
          at_sign_seen = true;
          for (char ch : buffer) {
            if (ch == ':' && !password_token_seen) {
              password_token_seen = true;
              continue;
            }
            append_encoded(password_token_seen ? &url->password : &url->username,
                           static_cast<unsigned char>(ch), in_userinfo_set);
          }
          buffer.clear();
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || c == '\\') {
          if (at_sign_seen && buffer.empty()) return fail("credentials without a host");
          p -= static_cast<std::ptrdiff_t>(buffer.size()) + 1;
          buffer.clear();
          state = State::kHost;
        } else {
          buffer.push_back(static_cast<char>(c));
        }
        break;
      case State::kHost:
        if (c == ':' && !inside_brackets) {
          if (buffer.empty()) return fail("missing host");
          std::string why;
          if (!parse_host(buffer, &url->host, &why)) return fail(why);
          buffer.clear();
          state = State::kPort;
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || c == '\\') {
          --p;
          if (buffer.empty()) return fail("missing host");
          std::string why;
          if (!parse_host(buffer, &url->host, &why)) return fail(why);
          buffer.clear();
          state = State::kPathStart;
        } else {
          if (c == '[') inside_brackets = true;
          if (c == ']') inside_brackets = false;
          buffer.push_back(static_cast<char>(c));
        }
        break;
      case State::kPort:
        if (is_digit(c)) {
          buffer.push_back(static_cast<char>(c));
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || c == '\\') {
          if (!buffer.empty()) {
            long port = 0;
            for (char ch : buffer) {
              port = port * 10 + (ch - '0');
              if (port > 65535) return fail("port out of range");
            }
            url->port = (port == default_port_for(url->scheme)) ? -1 : static_cast<int>(port);
            buffer.clear();
          }
          state = State::kPathStart;
          --p;
        } else {
          return fail("invalid port");
        }
        break;
      case State::kPathStart:
        state = State::kPath;
        if (c != '/' && c != '\\') --p;
        break;
      case State::kPath:
        if (c == kEof || c == '/' || c == '\\' || c == '?' || c == '#') {
          bool slash = (c == '/' || c == '\\');
          if (is_double_dot(buffer)) {
            if (!segs.empty()) segs.pop_back();
            if (!slash) segs.emplace_back();
          } else if (is_single_dot(buffer)) {
            if (!slash) segs.emplace_back();
          } else {
            segs.push_back(buffer);
          }
          buffer.clear();
          if (c == '?') {
            url->has_query = true;
            url->query.clear();
            state = State::kQuery;
          } else if (c == '#') {
            url->has_fragment = true;
            state = State::kFragment;
          }
        } else {
          append_encoded(&buffer, static_cast<unsigned char>(c), in_path_set);
        }
        break;
      case State::kQuery:
        if (c == '#') {
          url->has_fragment = true;
          state = State::kFragment;
        } else if (c != kEof) {
          append_encoded(&url->query, static_cast<unsigned char>(c), in_special_query_set);
        }
        break;
      case State::kFragment:
        if (c != kEof)
          append_encoded(&url->fragment, static_cast<unsigned char>(c), in_fragment_set);
        break;
    }
  }
  url->path = join_path(segs);
  return true;
}

// ---- Canonicalisation ----

bool is_unreserved(unsigned char c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// Decodes %xx of unreserved characters, upper-cases the hex of every other escape and encodes a
// stray '%' as %25 — left bare, it could join a decoded hex digit into a new escape on the next pass
// ("%%33" → "%3" → …), so the canonical form would not be its own canonical form.
std::string normalise_escapes(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      auto byte = static_cast<unsigned char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      if (is_unreserved(byte)) {
        out.push_back(static_cast<char>(byte));
      } else {
        out += {'%', kHex[byte >> 4], kHex[byte & 15]};
      }
      i += 2;
    } else if (s[i] == '%') {
      out += "%25";
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = lower(ch);
  return out;
}

// Query parameters that carry a session, not content. Compared case-insensitively on the name.
// A name ending in '*' matches as a prefix (ASP's ASPSESSIONIDxxxxxxxx carries a random suffix).
constexpr std::string_view kSessionParams[] = {
    "jsessionid", "phpsessid", "sid", "sessionid", "session_id", "aspsessionid*", "cfid", "cftoken",
};

// Query parameters that only track how a visitor arrived. `from` is listed because WeChat/Weibo
// shares append `from=singlemessage|timeline|groupmessage`; a site using `from` for content (a
// date filter) loses that dimension in dedup, which the crawler accepts. `_` is jQuery's
// cache-buster (`_=1700000000000`) seen on dataproxy/ajax list endpoints.
constexpr std::string_view kTrackingParams[] = {
    "utm_*",          "spm",    "scm",    "from",  "share_token", "sharetoken",
    "isappinstalled", "wxfrom", "fbclid", "gclid", "msclkid",     "_",
};

template <size_t N>
bool name_in(std::string_view name, const std::string_view (&list)[N]) {
  for (std::string_view entry : list) {
    if (entry.back() == '*' ? name.rfind(entry.substr(0, entry.size() - 1), 0) == 0 : name == entry)
      return true;
  }
  return false;
}

// Removes ";jsessionid=..." path parameters (Java servlet URL rewriting).
std::string strip_path_session(std::string path) {
  for (;;) {
    std::string lowered = ascii_lower(path);
    size_t pos = lowered.find(";jsessionid=");
    if (pos == std::string::npos) return path;
    size_t end = path.find('/', pos);
    path.erase(pos, end == std::string::npos ? std::string::npos : end - pos);
  }
}

}  // namespace

bool parse_url(std::string_view text, Url* out, std::string* err) {
  return basic_parse(text, nullptr, out, err);
}

bool resolve_url(const Url& base, std::string_view reference, Url* out, std::string* err) {
  return basic_parse(reference, &base, out, err);
}

std::string serialize(const Url& url) {
  std::string out = url.scheme + "://";
  if (!url.username.empty() || !url.password.empty()) {
    out += url.username;
    if (!url.password.empty()) out += ":" + url.password;
    out += "@";
  }
  out += url.host;
  if (url.port != -1) out += ":" + std::to_string(url.port);
  out += url.path;
  if (url.has_query) out += "?" + url.query;
  if (url.has_fragment) out += "#" + url.fragment;
  return out;
}

int effective_port(const Url& url) {
  return url.port != -1 ? url.port : default_port_for(url.scheme);
}

bool host_to_ascii(std::string_view host, std::string* out, std::string* err) {
  return parse_host(host, out, err);
}

std::string canonical_url(const Url& url, const CanonicalOptions& options) {
  Url c = url;
  if (options.drop_fragment) {
    c.has_fragment = false;
    c.fragment.clear();
  }
  // "gov.cn." is "gov.cn". A host ending in ".." keeps its dots: dropping one would leave a host
  // that canonicalises again ("a.." -> "a." -> "a"), and dropping all can turn "x.6.." into "x.6",
  // which the parser then reads as a bad IPv4 address (both found by fuzz_url).
  if (c.host.size() > 1 && c.host.back() == '.' && c.host[c.host.size() - 2] != '.') c.host.pop_back();
  c.path = normalise_escapes(c.path);
  if (options.drop_session_params) {
    std::string stripped = strip_path_session(c.path);
    if (stripped != c.path) {
      // Cutting ";jsessionid=…" can leave a "." or ".." segment ("/.;jsessionid=x/a" → "/./a") that
      // only the parser removes; parse the result again so the canonical form is its own (fuzz_url).
      c.path = std::move(stripped);
      Url again;
      std::string err;
      if (parse_url(serialize(c), &again, &err)) c.path = normalise_escapes(again.path);
    }
  }
  if (c.has_query) {
    std::string query;
    for (auto param : split(c.query, '&')) {
      if (param.empty()) continue;
      std::string name = ascii_lower(percent_decode(param.substr(0, param.find('='))));
      if (options.drop_session_params && name_in(name, kSessionParams)) continue;
      if (options.drop_tracking_params && name_in(name, kTrackingParams)) continue;
      if (!query.empty()) query += '&';
      query += normalise_escapes(param);
    }
    c.query = query;
    c.has_query = !query.empty();
  }
  return serialize(c);
}

bool looks_like_trap(const Url& url, std::string* why, const TrapLimits& limits) {
  auto trap = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return true;
  };
  const std::string href = serialize(url);
  if (static_cast<int>(href.size()) > limits.max_url_length)
    return trap("URL length " + std::to_string(href.size()) + " exceeds " +
                std::to_string(limits.max_url_length));

  std::vector<std::string> segs = path_segments(url.path);
  if (!segs.empty() && segs.back().empty()) segs.pop_back();  // trailing slash
  if (static_cast<int>(segs.size()) > limits.max_path_segments)
    return trap(std::to_string(segs.size()) + " path segments exceed " +
                std::to_string(limits.max_path_segments));
  // A run of `len` segments repeated back to back more than max_segment_repeats times:
  // /a/b/a/b/a/b/ is run "a/b" three times, the signature of a relative-link loop.
  const int n = static_cast<int>(segs.size());
  for (int len = 1; len * (limits.max_segment_repeats + 1) <= n; ++len) {
    for (int start = 0; start + len <= n; ++start) {
      int repeats = 1;
      while (start + (repeats + 1) * len <= n &&
             std::equal(segs.begin() + start, segs.begin() + start + len,
                        segs.begin() + start + repeats * len))
        ++repeats;
      if (repeats > limits.max_segment_repeats)
        return trap("path segment run repeats " + std::to_string(repeats) + " times");
    }
  }
  // The same segment scattered through the path (/a/x/a/y/a/z/a/) is the looser form.
  for (int i = 0; i < n; ++i) {
    if (segs[i].empty()) continue;
    int count = static_cast<int>(std::count(segs.begin(), segs.end(), segs[i]));
    if (count > limits.max_segment_repeats + 1)
      return trap("path segment '" + segs[i] + "' occurs " + std::to_string(count) + " times");
  }

  if (!url.has_query) return false;
  auto params = split(url.query, '&');
  if (static_cast<int>(params.size()) > limits.max_query_params)
    return trap(std::to_string(params.size()) + " query parameters exceed " +
                std::to_string(limits.max_query_params));
  auto leading_number = [](std::string_view v, size_t max_digits) -> long {
    size_t k = 0;
    while (k < v.size() && k < max_digits && is_digit(v[k])) ++k;
    if (k == 0 || (k < v.size() && is_digit(v[k]))) return -1;
    return std::stol(std::string(v.substr(0, k)));
  };
  for (auto param : params) {
    size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name = ascii_lower(param.substr(0, eq));
    std::string_view value = param.substr(eq + 1);
    bool year_name =
        name.find("year") != std::string::npos || name == "y" || name == "yr" || name == "nian";
    bool date_name =
        name.find("date") != std::string::npos || name == "day" || name == "ym" || name == "riqi";
    bool month_name = name == "month" || name == "mon" || name == "m";
    bool page_name = name == "page" || name == "pageno" || name == "page_no" || name == "pagenum" ||
                     name == "pageindex" || name == "curpage" || name == "currentpage" ||
                     name == "pn" || name == "p" || name == "cpage";
    if (year_name || date_name) {
      // The year is a whole 4-digit value or a date's leading 4 digits (2031, 2031-01-05,
      // 20310105); a bare small number counts only for year names (year=99). Longer digit runs
      // are ids or Unix timestamps (updatetime=1700000000), not calendar positions.
      size_t digits = 0;
      while (digits < value.size() && is_digit(value[digits])) ++digits;
      long year = -1;
      if (digits == 4 || digits == 8)
        year = std::stol(std::string(value.substr(0, 4)));
      else if (year_name && digits > 0 && digits < 4)
        year = std::stol(std::string(value.substr(0, digits)));
      if (year != -1 && (year < limits.min_year || year > limits.max_year))
        return trap("calendar parameter " + std::string(param) + " outside " +
                    std::to_string(limits.min_year) + "-" + std::to_string(limits.max_year));
    }
    if (month_name) {
      long month = leading_number(value, 3);
      if (month != -1 && (month < 1 || month > 12))
        return trap("month parameter " + std::string(param) + " outside 1-12");
    }
    if (page_name) {
      long page = leading_number(value, 9);
      if (page > limits.max_page_number || (page == -1 && !value.empty() && value.size() > 9 &&
                                            std::all_of(value.begin(), value.end(), is_digit)))
        return trap("paging parameter " + std::string(param) + " beyond " +
                    std::to_string(limits.max_page_number));
    }
  }
  return false;
}

}  // namespace govaudit
