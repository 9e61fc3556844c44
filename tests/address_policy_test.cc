// Tests for crawler/address_policy.h: range edges for every special-purpose block.
#include "crawler/address_policy.h"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

using govaudit::AddressClass;
using govaudit::classify_address;

namespace {

void check_all(const std::vector<std::pair<std::string, AddressClass>>& cases) {
  for (const auto& [ip, expected] : cases) {
    INFO(ip);
    CHECK(govaudit::address_class_name(classify_address(ip)) ==
          std::string(govaudit::address_class_name(expected)));
  }
}

}  // namespace

TEST_CASE("IPv4 private ranges and their edges", "[address]") {
  check_all({
      {"10.0.0.0", AddressClass::kPrivate},        {"10.255.255.255", AddressClass::kPrivate},
      {"9.255.255.255", AddressClass::kPublic},    {"11.0.0.0", AddressClass::kPublic},
      {"172.16.0.0", AddressClass::kPrivate},      {"172.31.255.255", AddressClass::kPrivate},
      {"172.15.255.255", AddressClass::kPublic},   {"172.32.0.0", AddressClass::kPublic},
      {"192.168.0.0", AddressClass::kPrivate},     {"192.168.255.255", AddressClass::kPrivate},
      {"192.167.255.255", AddressClass::kPublic},  {"192.169.0.0", AddressClass::kPublic},
      {"100.64.0.0", AddressClass::kPrivate},      {"100.127.255.255", AddressClass::kPrivate},
      {"100.63.255.255", AddressClass::kPublic},   {"100.128.0.0", AddressClass::kPublic},
  });
}

TEST_CASE("IPv4 loopback link local multicast and reserved", "[address]") {
  check_all({
      {"127.0.0.1", AddressClass::kLoopback},       {"127.255.255.255", AddressClass::kLoopback},
      {"128.0.0.0", AddressClass::kPublic},         {"126.255.255.255", AddressClass::kPublic},
      {"169.254.0.0", AddressClass::kLinkLocal},    {"169.254.169.254", AddressClass::kLinkLocal},
      {"169.253.255.255", AddressClass::kPublic},   {"169.255.0.0", AddressClass::kPublic},
      {"0.0.0.0", AddressClass::kUnspecified},      {"0.1.2.3", AddressClass::kReserved},
      {"224.0.0.1", AddressClass::kMulticast},      {"239.255.255.255", AddressClass::kMulticast},
      {"223.255.255.255", AddressClass::kPublic},   {"240.0.0.1", AddressClass::kReserved},
      {"255.255.255.255", AddressClass::kReserved}, {"192.0.2.1", AddressClass::kReserved},
      {"198.51.100.7", AddressClass::kReserved},    {"203.0.113.9", AddressClass::kReserved},
      {"198.18.0.1", AddressClass::kReserved},      {"198.19.255.255", AddressClass::kReserved},
      {"198.20.0.0", AddressClass::kPublic},        {"202.108.22.5", AddressClass::kPublic},
      {"8.8.8.8", AddressClass::kPublic},
  });
}

TEST_CASE("IPv6 classes", "[address]") {
  check_all({
      {"::1", AddressClass::kLoopback},
      {"::", AddressClass::kUnspecified},
      {"[::1]", AddressClass::kLoopback},
      {"[fd00::5]", AddressClass::kUniqueLocal},
      {"0:0:0:0:0:0:0:1", AddressClass::kLoopback},
      {"fc00::1", AddressClass::kUniqueLocal},
      {"fdff:ffff::1", AddressClass::kUniqueLocal},
      {"fbff::1", AddressClass::kReserved},
      {"fe80::1", AddressClass::kLinkLocal},
      {"febf:ffff::1", AddressClass::kLinkLocal},
      {"fec0::1", AddressClass::kReserved},
      {"ff02::1", AddressClass::kMulticast},
      {"2001:db8::1", AddressClass::kReserved},
      {"2400:da00::6666", AddressClass::kPublic},
      {"2001:4860:4860::8888", AddressClass::kPublic},
      {"3fff:ffff::1", AddressClass::kPublic},
      {"4000::1", AddressClass::kReserved},
      {"::2", AddressClass::kReserved},
  });
}

TEST_CASE("IPv4 mapped IPv6 is classified by its IPv4 part", "[address]") {
  check_all({
      {"::ffff:10.0.0.1", AddressClass::kPrivate},
      {"::ffff:127.0.0.1", AddressClass::kLoopback},
      {"::ffff:7f00:1", AddressClass::kLoopback},
      {"::ffff:169.254.169.254", AddressClass::kLinkLocal},
      {"::ffff:0.0.0.0", AddressClass::kUnspecified},
      {"::ffff:8.8.8.8", AddressClass::kPublic},
      {"64:ff9b::192.168.1.1", AddressClass::kPrivate},
      {"64:ff9b::1.2.3.4", AddressClass::kPublic},
  });
}

TEST_CASE("Non literal input is invalid", "[address]") {
  check_all({
      {"", AddressClass::kInvalid},
      {"localhost", AddressClass::kInvalid},
      {"www.gov.cn", AddressClass::kInvalid},
      {"10.1", AddressClass::kInvalid},
      {"0x7f.0.0.1", AddressClass::kInvalid},
      {"256.0.0.1", AddressClass::kInvalid},
      {"1.2.3.4.5", AddressClass::kInvalid},
      {"[1.2.3.4]", AddressClass::kInvalid},
      {"[::1", AddressClass::kInvalid},
      {"fe80::1%eth0", AddressClass::kInvalid},
      {"1::2::3", AddressClass::kInvalid},
      {" 8.8.8.8", AddressClass::kInvalid},
      {std::string(100, '1'), AddressClass::kInvalid},
  });
}

TEST_CASE("Allowed addresses depend on allow_private", "[address]") {
  using govaudit::address_allowed;
  CHECK(address_allowed(AddressClass::kPublic, false));
  CHECK(address_allowed(AddressClass::kPublic, true));
  for (auto cls : {AddressClass::kLoopback, AddressClass::kPrivate, AddressClass::kLinkLocal,
                   AddressClass::kUniqueLocal}) {
    CHECK_FALSE(address_allowed(cls, false));
    CHECK(address_allowed(cls, true));
  }
  for (auto cls : {AddressClass::kMulticast, AddressClass::kUnspecified, AddressClass::kReserved,
                   AddressClass::kInvalid}) {
    CHECK_FALSE(address_allowed(cls, false));
    CHECK_FALSE(address_allowed(cls, true));
  }
  CHECK_FALSE(address_allowed(classify_address("::ffff:10.0.0.1"), false));
  CHECK(address_allowed(classify_address("127.0.0.1"), true));
}
