// Character data in the small XML dialects the crawler reads by hand (sitemaps, Hanweb datastore
// blocks): entity and character references decoded, so no XML library is needed for them.
#pragma once

#include <string>
#include <string_view>

namespace govaudit {

/// `s` with XML's five predefined entities and numeric character references (&#20013; &#x4E2D;)
/// decoded; an invalid or unknown reference is kept as written, a reference to NUL, a surrogate or
/// a code point past U+10FFFF becomes U+FFFD.
std::string decode_xml_entities(std::string_view s);

}  // namespace govaudit
