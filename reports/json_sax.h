// A JSON reader that drives an nlohmann SAX handler with the events nlohmann::json::sax_parse would give
// it, several times faster: a report reads some 30,000 stored scores of ~15 KB each, and nlohmann's
// lexer (a character at a time, keeping every token's text) was most of the cost of a site's page.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace govaudit {

/// Reads `text` as one JSON value (RFC 8259: strict grammar, valid UTF-8 in strings, nothing but
/// whitespace after the value) and calls `sax` in document order as nlohmann::json::sax_parse(text, sax)
/// does: the same events with the same values, integers as number_unsigned (non-negative) or
/// number_integer (negative) unless they overflow 64 bits, then as number_float, with start_object and
/// start_array given -1 (unknown size). Returns false when a callback returns false or the text is not
/// JSON; on an error parse_error is called (with a generic exception) and its result returned. Iterative:
/// nesting depth is bounded by memory only, like nlohmann's.
bool json_sax_parse(std::string_view text, nlohmann::json_sax<nlohmann::json>* sax);

}  // namespace govaudit
