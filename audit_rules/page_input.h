// From the bytes of a stored or fetched response to the PageInput the page-fact extractor reads:
// charset detected and transcoded to UTF-8 (crawler/charset.h), then the HTML read with Gumbo
// (crawler/page_reader.h), list items taken from datastore blocks as well as from the markup.
#pragma once

#include <string>
#include <string_view>

#include "audit_rules/page_facts.h"

namespace govaudit {

/// Reads `body` served as `content_type` from `url`. `charset_override` (a label) skips detection.
PageInput read_page_input(std::string_view body, const std::string& content_type, const std::string& url,
                          const std::string& last_modified, const std::string& charset_override = "");

}  // namespace govaudit
