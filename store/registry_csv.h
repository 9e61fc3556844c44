// The registry CSV (cli.md, "Registry CSV"): reading it with full validation, and writing it so that
// what `sites list --format csv` prints imports back unchanged. Pure text handling, no SQL.
// CSV dialect: RFC 4180 (quoted fields with "" for a quote, embedded commas and newlines), records
// ended by CRLF or LF, UTF-8 with or without a BOM. A file is accepted whole or not at all.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "store/site.h"

namespace govaudit {

/// Parses and validates the registry CSV at `path` into `out` (replaced). On any problem returns
/// false, leaves `out` empty and sets `err` to `FILE:LINE: field 'FIELD': what is wrong (value 'V')`,
/// LINE being the physical line where the offending record starts. Rules:
///  - header row required; required columns id,name,province,prefecture,level,region,minority,url;
///    optional name_en,extra_hosts,tags; any other column name is rejected; no column twice;
///  - every record has exactly as many fields as the header; blank lines are skipped;
///  - id non-empty, `[A-Za-z0-9._-]+`, unique in the file; name, province non-empty;
///  - prefecture non-empty for county and district rows (province and prefecture rows may leave it
///    empty: there it means the row itself or nothing);
///  - level/region/minority from their keyword lists; url `http(s)://host[:port][/...]` with a
///    plausible host (see is_plausible_host), no spaces, no trailing ';';
///  - extra_hosts and tags: lists split on ';' and ASCII whitespace (empty items dropped); every
///    extra host must be a plausible host; tags are kept as written;
///  - the whole file must be valid UTF-8; leading/trailing spaces of unquoted fields are kept as
///    data and rejected where the field's rule forbids them.
bool parse_registry_csv(const std::string& path, std::vector<Site>* out, std::string* err);

/// Same as parse_registry_csv on in-memory `text`; `file_name` is only used in messages.
bool parse_registry_csv_text(const std::string& text, const std::string& file_name, std::vector<Site>* out,
                             std::string* err);

/// Writes `sites` as a registry CSV with all eleven columns (header first, LF line ends, lists
/// joined with ';', fields quoted only when needed). Reading it back gives the same facts.
void write_registry_csv(const std::vector<Site>& sites, std::ostream& out);

/// A hostname as found in a URL authority: dot-separated labels of letters, digits, '-' (or
/// non-ASCII UTF-8 for internationalised names), at least two labels, or `localhost`, or an IPv4
/// address, or a bracketed IPv6 literal. No port.
bool is_plausible_host(const std::string& host);

/// True when `url` is `http://` or `https://` followed by a plausible host, an optional `:port`
/// (1-65535) and an optional path/query starting with '/', '?' or '#', with no whitespace or
/// control characters anywhere, no `user@` credentials and no trailing ';'.
bool is_registry_url(const std::string& url);

/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(const std::string& text);

}  // namespace govaudit
