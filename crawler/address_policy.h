// Which IP addresses the crawler may contact. A government-site crawl must never be steered by a
// hostile DNS answer or redirect into the operator's own network (SSRF), so every resolved address
// is classified here before connecting. Ranges from IANA's IPv4/IPv6 special-purpose registries.
#pragma once

#include <string_view>

namespace govaudit {

/// The kind of an IP address, by the special-purpose range it falls in.
enum class AddressClass {
  kPublic,        ///< globally routable
  kLoopback,      ///< 127.0.0.0/8, ::1
  kPrivate,       ///< 10/8, 172.16/12, 192.168/16 (RFC 1918), 100.64/10 (CGNAT, RFC 6598)
  kLinkLocal,     ///< 169.254/16, fe80::/10
  kUniqueLocal,   ///< fc00::/7 (RFC 4193)
  kMulticast,     ///< 224/4, ff00::/8
  kUnspecified,   ///< 0.0.0.0, ::
  kReserved,      ///< 0/8, 240/4, broadcast, documentation/benchmark ranges, 192.0.0/24, ...
  kInvalid,       ///< not an IP literal
};

/// Classifies a textual IP address: dotted-quad IPv4 or RFC 4291 IPv6, bracketed or not (so a
/// Url::host like "[::1]" can be passed as is; no zone id). IPv4-mapped (::ffff:a.b.c.d) and
/// NAT64 (64:ff9b::a.b.c.d) addresses are classified by their IPv4 part. Anything else
/// (hostnames, "10.1", octal forms, which the URL parser has already normalised) is kInvalid.
AddressClass classify_address(std::string_view ip);

/// Whether a connection to an address of this class is permitted. Public addresses always are;
/// loopback, private, link-local and unique-local only when allow_private (tests, intranet
/// audits); unspecified, multicast, reserved and invalid never.
bool address_allowed(AddressClass cls, bool allow_private);

/// A stable lower-case name ("public", "loopback", ...) for logs and findings.
const char* address_class_name(AddressClass cls);

}  // namespace govaudit
