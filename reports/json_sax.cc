#include "reports/json_sax.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <string>
#include <vector>

namespace govaudit {
namespace {

using json = nlohmann::json;

class Reader {
 public:
  Reader(std::string_view text, nlohmann::json_sax<json>* sax)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), sax_(sax) {}

  bool parse() {
    if (end_ - p_ >= 1 && static_cast<unsigned char>(*p_) == 0xEF) {  // a UTF-8 byte order mark, as nlohmann skips it
      if (end_ - p_ < 3 || static_cast<unsigned char>(p_[1]) != 0xBB || static_cast<unsigned char>(p_[2]) != 0xBF) return error();
      p_ += 3;
    }
    std::vector<bool> open;  // the containers around the current value: true = object
    for (;;) {
      // A value.
      skip_ws();
      if (p_ == end_) return error();
      switch (*p_) {
        case '{':
          ++p_;
          if (!sax_->start_object(static_cast<std::size_t>(-1))) return false;
          skip_ws();
          if (p_ < end_ && *p_ == '}') {
            ++p_;
            if (!sax_->end_object()) return false;
            break;
          }
          open.push_back(true);
          if (!member_key()) return false;
          continue;
        case '[':
          ++p_;
          if (!sax_->start_array(static_cast<std::size_t>(-1))) return false;
          skip_ws();
          if (p_ < end_ && *p_ == ']') {
            ++p_;
            if (!sax_->end_array()) return false;
            break;
          }
          open.push_back(false);
          continue;
        case '"':
          ++p_;
          if (!string()) return error();
          if (!sax_->string(buf_)) return false;
          break;
        case 't':
          if (!literal("true")) return error();
          if (!sax_->boolean(true)) return false;
          break;
        case 'f':
          if (!literal("false")) return error();
          if (!sax_->boolean(false)) return false;
          break;
        case 'n':
          if (!literal("null")) return error();
          if (!sax_->null()) return false;
          break;
        default: {
          int r = number();
          if (r < 0) return error();
          if (r == 0) return false;
        }
      }
      // After a value: close containers, or go on to the next member or element.
      for (;;) {
        skip_ws();
        if (open.empty()) return p_ == end_ ? true : error();
        if (p_ == end_) return error();
        if (*p_ == ',') {
          ++p_;
          if (open.back() && !member_key()) return false;
          break;
        }
        if (*p_ != (open.back() ? '}' : ']')) return error();
        ++p_;
        if (!(open.back() ? sax_->end_object() : sax_->end_array())) return false;
        open.pop_back();
      }
    }
  }

 private:
  void skip_ws() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool error() {
    auto e = nlohmann::detail::parse_error::create(101, static_cast<std::size_t>(p_ - begin_), "syntax error", nullptr);
    return sax_->parse_error(static_cast<std::size_t>(p_ - begin_), "", e);
  }

  // `"key"` and `:` inside an object; false (after parse_error on bad text) when the sax stops.
  bool member_key() {
    skip_ws();
    if (p_ == end_ || *p_ != '"') return error();
    ++p_;
    if (!string()) return error();
    if (!sax_->key(buf_)) return false;
    skip_ws();
    if (p_ == end_ || *p_ != ':') return error();
    ++p_;
    return true;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  // The string after its opening quote into buf_, unescaped; false when it is not valid JSON (a raw
  // control character, a bad escape or surrogate, invalid UTF-8, no closing quote).
  bool string() {
    buf_.clear();
    for (;;) {
      const char* run = p_;
      while (p_ < end_) {
        auto c = static_cast<unsigned char>(*p_);
        if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
        ++p_;
      }
      buf_.append(run, static_cast<std::size_t>(p_ - run));
      if (p_ == end_) return false;
      auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (!escape()) return false;
        continue;
      }
      if (!utf8()) return false;
    }
  }

  // One UTF-8 sequence (RFC 3629, as nlohmann accepts them) at p_, copied.
  bool utf8() {
    auto b = [&](std::ptrdiff_t i) { return static_cast<unsigned char>(p_[i]); };
    auto in = [](unsigned char x, unsigned lo, unsigned hi) { return x >= lo && x <= hi; };
    unsigned char c = b(0);
    std::ptrdiff_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the second byte's range
    if (in(c, 0xC2, 0xDF)) n = 2;
    else if (c == 0xE0) n = 3, lo = 0xA0;
    else if (in(c, 0xE1, 0xEC) || in(c, 0xEE, 0xEF)) n = 3;
    else if (c == 0xED) n = 3, hi = 0x9F;
    else if (c == 0xF0) n = 4, lo = 0x90;
    else if (in(c, 0xF1, 0xF3)) n = 4;
    else if (c == 0xF4) n = 4, hi = 0x8F;
    else return false;
    if (end_ - p_ < n || !in(b(1), lo, hi)) return false;
    for (std::ptrdiff_t i = 2; i < n; ++i)
      if (!in(b(i), 0x80, 0xBF)) return false;
    buf_.append(p_, static_cast<std::size_t>(n));
    p_ += n;
    return true;
  }

  // Four hex digits after "\u" at p_.
  bool hex4(unsigned* out) {
    if (end_ - p_ < 4) return false;
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = p_[i];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
      else return false;
    }
    p_ += 4;
    *out = v;
    return true;
  }

  bool escape() {
    ++p_;  // the backslash
    if (p_ == end_) return false;
    char c = *p_++;
    switch (c) {
      case '"': buf_ += '"'; return true;
      case '\\': buf_ += '\\'; return true;
      case '/': buf_ += '/'; return true;
      case 'b': buf_ += '\b'; return true;
      case 'f': buf_ += '\f'; return true;
      case 'n': buf_ += '\n'; return true;
      case 'r': buf_ += '\r'; return true;
      case 't': buf_ += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    unsigned cp = 0;
    if (!hex4(&cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
    if (cp >= 0xD800 && cp <= 0xDBFF) {              // a high one needs its low one next
      unsigned low = 0;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      if (!hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    if (cp < 0x80) {
      buf_ += static_cast<char>(cp);
    } else if (cp < 0x800) {
      buf_ += static_cast<char>(0xC0 | (cp >> 6));
      buf_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      buf_ += static_cast<char>(0xE0 | (cp >> 12));
      buf_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      buf_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      buf_ += static_cast<char>(0xF0 | (cp >> 18));
      buf_ += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      buf_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      buf_ += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return true;
  }

  // A number at p_: 1 when passed on, 0 when the sax stopped, -1 when the text is not a number (or a
  // float out of double's range, which nlohmann refuses too).
  int number() {
    const char* start = p_;
    auto digits = [&] {
      const char* d = p_;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      return p_ > d;
    };
    bool negative = p_ < end_ && *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_) return -1;
    if (*p_ == '0') {
      ++p_;
    } else if (!digits()) {
      return -1;
    }
    bool is_float = false;
    if (p_ < end_ && *p_ == '.') {
      ++p_, is_float = true;
      if (!digits()) return -1;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_, is_float = true;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digits()) return -1;
    }
    if (!is_float) {
      if (negative) {
        std::int64_t v = 0;
        auto r = std::from_chars(start, p_, v);
        if (r.ec == std::errc() && r.ptr == p_) return sax_->number_integer(v) ? 1 : 0;
      } else {
        std::uint64_t v = 0;
        auto r = std::from_chars(start, p_, v);
        if (r.ec == std::errc() && r.ptr == p_) return sax_->number_unsigned(v) ? 1 : 0;
      }
    }
    // A float, or an integer beyond 64 bits: as a double, like nlohmann (strtod: correctly rounded, as
    // from_chars).
    double d = 0;
    auto r = std::from_chars(start, p_, d);
    if (r.ptr != p_ || (r.ec != std::errc() && r.ec != std::errc::result_out_of_range)) return -1;
    if (r.ec == std::errc::result_out_of_range) {
      token_.assign(start, p_);
      d = std::strtod(token_.c_str(), nullptr);  // underflow gives the nearest (0 or a subnormal), overflow inf
    }
    if (!std::isfinite(d)) return -1;
    token_.assign(start, p_);
    return sax_->number_float(d, token_) ? 1 : 0;
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  nlohmann::json_sax<json>* sax_;
  std::string buf_, token_;
};

}  // namespace

bool json_sax_parse(std::string_view text, nlohmann::json_sax<json>* sax) { return Reader(text, sax).parse(); }

}  // namespace govaudit
