// Address classification over the IANA special-purpose registries. Parsing uses inet_pton, a
// pure function in glibc (no resolver, no traffic).
#include "crawler/address_policy.h"

#include <arpa/inet.h>

#include <cstdint>
#include <cstring>
#include <string>

namespace govaudit {
namespace {

bool in_v4(uint32_t a, uint32_t net, int bits) {
  uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (a & mask) == (net & mask);
}

constexpr uint32_t v4(int a, int b, int c, int d) {
  return (uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(c) << 8) | uint32_t(d);
}

AddressClass classify_v4(uint32_t a) {
  if (a == 0) return AddressClass::kUnspecified;
  if (in_v4(a, v4(127, 0, 0, 0), 8)) return AddressClass::kLoopback;
  if (in_v4(a, v4(10, 0, 0, 0), 8) || in_v4(a, v4(172, 16, 0, 0), 12) ||
      in_v4(a, v4(192, 168, 0, 0), 16) || in_v4(a, v4(100, 64, 0, 0), 10))
    return AddressClass::kPrivate;
  if (in_v4(a, v4(169, 254, 0, 0), 16)) return AddressClass::kLinkLocal;
  if (in_v4(a, v4(224, 0, 0, 0), 4)) return AddressClass::kMulticast;
  // "This network", IETF protocol assignments, documentation (TEST-NET-1/2/3), 6to4 relay
  // anycast, benchmarking, and 240/4 (which includes 255.255.255.255).
  if (in_v4(a, v4(0, 0, 0, 0), 8) || in_v4(a, v4(192, 0, 0, 0), 24) ||
      in_v4(a, v4(192, 0, 2, 0), 24) || in_v4(a, v4(198, 51, 100, 0), 24) ||
      in_v4(a, v4(203, 0, 113, 0), 24) || in_v4(a, v4(192, 88, 99, 0), 24) ||
      in_v4(a, v4(198, 18, 0, 0), 15) || in_v4(a, v4(240, 0, 0, 0), 4))
    return AddressClass::kReserved;
  return AddressClass::kPublic;
}

AddressClass classify_v6(const unsigned char b[16]) {
  static const unsigned char kZero[16] = {};
  if (std::memcmp(b, kZero, 16) == 0) return AddressClass::kUnspecified;
  if (std::memcmp(b, kZero, 15) == 0 && b[15] == 1) return AddressClass::kLoopback;
  auto embedded_v4 = [&] {
    return (uint32_t(b[12]) << 24) | (uint32_t(b[13]) << 16) | (uint32_t(b[14]) << 8) | b[15];
  };
  // ::ffff:a.b.c.d (mapped) and 64:ff9b::a.b.c.d (NAT64): the IPv4 part is what is reached.
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static const unsigned char kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kMapped, 12) == 0 || std::memcmp(b, kNat64, 12) == 0)
    return classify_v4(embedded_v4());
  // ::a.b.c.d (deprecated IPv4-compatible): never legitimately used; treat as reserved.
  if (std::memcmp(b, kZero, 12) == 0) return AddressClass::kReserved;
  if (b[0] == 0xff) return AddressClass::kMulticast;
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::kUniqueLocal;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::kLinkLocal;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
    return AddressClass::kReserved;  // deprecated site-local
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
    return AddressClass::kReserved;  // 2001:db8::/32 documentation
  // Only 2000::/3 is allocated as global unicast.
  if ((b[0] & 0xe0) != 0x20) return AddressClass::kReserved;
  return AddressClass::kPublic;
}

}  // namespace

AddressClass classify_address(std::string_view ip) {
  if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') {
    ip = ip.substr(1, ip.size() - 2);
    if (ip.find(':') == std::string_view::npos) return AddressClass::kInvalid;
  }
  if (ip.empty() || ip.size() > 64) return AddressClass::kInvalid;
  std::string s(ip);
  unsigned char buf[16];
  if (s.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, s.c_str(), buf) != 1) return AddressClass::kInvalid;
    return classify_v4((uint32_t(buf[0]) << 24) | (uint32_t(buf[1]) << 16) |
                       (uint32_t(buf[2]) << 8) | buf[3]);
  }
  if (inet_pton(AF_INET6, s.c_str(), buf) != 1) return AddressClass::kInvalid;
  return classify_v6(buf);
}

bool address_allowed(AddressClass cls, bool allow_private) {
  switch (cls) {
    case AddressClass::kPublic:
      return true;
    case AddressClass::kLoopback:
    case AddressClass::kPrivate:
    case AddressClass::kLinkLocal:
    case AddressClass::kUniqueLocal:
      return allow_private;
    default:
      return false;
  }
}

const char* address_class_name(AddressClass cls) {
  switch (cls) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kLinkLocal:
      return "link_local";
    case AddressClass::kUniqueLocal:
      return "unique_local";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kReserved:
      return "reserved";
    case AddressClass::kInvalid:
      return "invalid";
  }
  return "invalid";
}

}  // namespace govaudit
