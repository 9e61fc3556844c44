#include "store/registry_csv.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <ostream>
#include <set>

namespace govaudit {
namespace {

// Bounds on untrusted input: a registry of every government site in China is ~3,300 rows and
// well under a megabyte, so these leave a wide margin while keeping memory bounded.
constexpr std::size_t kMaxFileBytes = 64u << 20;
constexpr std::size_t kMaxFieldBytes = 64u << 10;
constexpr std::size_t kMaxFields = 64;

const std::array<const char*, 8> kRequired = {"id", "name", "province", "prefecture", "level", "region", "minority", "url"};
const std::array<const char*, 3> kOptional = {"name_en", "extra_hosts", "tags"};
const std::set<std::string> kLevels = {"province", "prefecture", "county", "district"};
const std::set<std::string> kRegions = {"east", "central", "west", "northeast"};
const std::set<std::string> kMinorities = {"none", "region", "prefecture", "county"};

/// One CSV record and the physical line it starts on.
struct Record {
  std::vector<std::string> fields;
  int line = 0;
};

/// Messages quote values; keep them readable when a value is huge or holds a newline.
std::string shown(const std::string& value) {
  std::string s = value;
  if (s.size() > 200) {
    std::size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    s = s.substr(0, cut) + "...";
  }
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

std::string field_error(const std::string& file, int line, const std::string& field, const std::string& what,
                        const std::string& value) {
  return file + ":" + std::to_string(line) + ": field '" + field + "': " + what + " (value '" + shown(value) + "')";
}

/// RFC 4180 splitting. A quote opens a quoted field only at the start of a field; a stray quote
/// inside an unquoted field or text after a closing quote is an error, since either usually means
/// a broken export rather than data.
bool split_records(const std::string& text, const std::string& file, std::vector<Record>* records, std::string* err) {
  std::size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    Record rec;
    rec.line = line;
    std::string field;
    bool end_of_record = false;
    while (!end_of_record) {
      if (i < text.size() && text[i] == '"') {
        const int quote_line = line;
        ++i;
        for (;;) {
          if (i >= text.size()) {
            *err = field_error(file, quote_line, "#" + std::to_string(rec.fields.size() + 1),
                               "quoted field never closed", field);
            return false;
          }
          char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field += '"';
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field += c;
          if (field.size() > kMaxFieldBytes) {
            *err = field_error(file, quote_line, "#" + std::to_string(rec.fields.size() + 1), "field too long", field);
            return false;
          }
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          *err = field_error(file, line, "#" + std::to_string(rec.fields.size() + 1),
                             "text after the closing quote", field + text.substr(i, 20));
          return false;
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            *err = field_error(file, line, "#" + std::to_string(rec.fields.size() + 1),
                               "quote inside an unquoted field", field + text.substr(i, 20));
            return false;
          }
          field += text[i++];
          if (field.size() > kMaxFieldBytes) {
            *err = field_error(file, line, "#" + std::to_string(rec.fields.size() + 1), "field too long", field);
            return false;
          }
        }
      }
      rec.fields.push_back(std::move(field));
      field.clear();
      if (rec.fields.size() > kMaxFields) {
        *err = field_error(file, rec.line, "#" + std::to_string(rec.fields.size()), "too many fields", "");
        return false;
      }
      if (i >= text.size()) {
        end_of_record = true;
      } else if (text[i] == ',') {
        ++i;
      } else {  // CRLF, LF, or a lone CR taken as a line end
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
        end_of_record = true;
      }
    }
    const bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
    if (!blank) records->push_back(std::move(rec));
  }
  return true;
}

bool is_id(const std::string& id) {
  if (id.empty()) return false;
  for (unsigned char c : id)
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

bool is_ipv4(const std::string& host) {
  int parts = 0;
  std::size_t i = 0;
  while (i <= host.size()) {
    std::size_t j = i;
    int value = 0;
    while (j < host.size() && std::isdigit(static_cast<unsigned char>(host[j])) && j - i < 3)
      value = value * 10 + (host[j++] - '0');
    if (j == i || value > 255) return false;
    ++parts;
    if (j == host.size()) break;
    if (host[j] != '.') return false;
    i = j + 1;
  }
  return parts == 4;
}

/// Quotes a field when CSV needs it, and when it has edge spaces so they survive other tools.
std::string csv_quoted(const std::string& value) {
  bool needs = value.empty() ? false : (value.front() == ' ' || value.back() == ' ');
  for (char c : value)
    if (c == ',' || c == '"' || c == '\n' || c == '\r') needs = true;
  if (!needs) return value;
  std::string q = "\"";
  for (char c : value) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

/// Offset of the first byte that does not start a well-formed UTF-8 sequence, or npos.
std::size_t first_invalid_utf8(const std::string& text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    int len;
    std::uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string::npos;
}

}  // namespace

bool is_valid_utf8(const std::string& text) { return first_invalid_utf8(text) == std::string::npos; }

bool is_plausible_host(const std::string& host) {
  if (host.empty() || host.size() > 253) return false;
  if (host.front() == '[') {
    if (host.size() < 4 || host.back() != ']') return false;
    for (std::size_t i = 1; i + 1 < host.size(); ++i) {
      const auto c = static_cast<unsigned char>(host[i]);
      if (!std::isxdigit(c) && c != ':' && c != '.') return false;
    }
    return true;
  }
  if (host == "localhost" || is_ipv4(host)) return true;
  int labels = 0;
  std::size_t start = 0;
  while (start <= host.size()) {
    std::size_t dot = host.find('.', start);
    if (dot == std::string::npos) dot = host.size();
    const std::string label = host.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (unsigned char c : label)
      if (!(std::isalnum(c) || c == '-' || c >= 0x80)) return false;
    ++labels;
    if (dot == host.size()) break;
    start = dot + 1;
  }
  // The last label (the TLD) is never all digits in a name; "1.2.3" is a typo'd address.
  const std::string tld = host.substr(host.rfind('.') + 1);
  bool all_digits = true;
  for (unsigned char c : tld) all_digits = all_digits && std::isdigit(c);
  return labels >= 2 && !all_digits && is_valid_utf8(host);
}

bool is_registry_url(const std::string& url) {
  std::size_t rest;
  if (url.rfind("http://", 0) == 0)
    rest = 7;
  else if (url.rfind("https://", 0) == 0)
    rest = 8;
  else
    return false;
  for (unsigned char c : url)
    if (c <= 0x20 || c == 0x7F) return false;
  if (url.back() == ';') return false;
  std::size_t end = url.find_first_of("/?#", rest);
  if (end == std::string::npos) end = url.size();
  std::string authority = url.substr(rest, end - rest);
  if (authority.find('@') != std::string::npos) return false;  // credentials have no place in a registry
  std::string host = authority;
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string::npos && (authority.front() != '[' || colon > authority.rfind(']'))) {
    host = authority.substr(0, colon);
    const std::string port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5) return false;
    for (unsigned char c : port)
      if (!std::isdigit(c)) return false;
    const int p = std::stoi(port);
    if (p < 1 || p > 65535) return false;
  }
  return is_plausible_host(host);
}

bool parse_registry_csv_text(const std::string& raw, const std::string& file, std::vector<Site>* out,
                             std::string* err) {
  out->clear();
  std::string text = raw.rfind("\xEF\xBB\xBF", 0) == 0 ? raw.substr(3) : raw;
  if (std::size_t bad = first_invalid_utf8(text); bad != std::string::npos) {
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned char>(text[bad]));
    *err = file + ":" + std::to_string(line) + ": field '(line)': invalid UTF-8 at byte " + std::to_string(bad) +
           " (value '" + hex + "')";
    return false;
  }
  std::vector<Record> records;
  if (!split_records(text, file, &records, err)) return false;
  if (records.empty()) {
    *err = file + ":1: field '(header)': missing header row (value '')";
    return false;
  }

  // Header: map column name -> index.
  const Record& header = records[0];
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string& name = header.fields[i];
    bool known = false;
    for (const char* c : kRequired) known = known || name == c;
    for (const char* c : kOptional) known = known || name == c;
    if (!known) {
      *err = field_error(file, header.line, name, "unknown column (allowed: id,name,province,prefecture,level,"
                                                  "region,minority,url,name_en,extra_hosts,tags)", name);
      return false;
    }
    if (!column.emplace(name, i).second) {
      *err = field_error(file, header.line, name, "column appears twice in the header", name);
      return false;
    }
  }
  for (const char* c : kRequired) {
    if (!column.count(c)) {
      *err = field_error(file, header.line, c, "required column missing from the header", "");
      return false;
    }
  }

  std::set<std::string> seen_ids;
  std::vector<Site> sites;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const Record& rec = records[r];
    const int line = rec.line;
    if (rec.fields.size() != header.fields.size()) {
      const std::size_t n = rec.fields.size();
      const std::string where = n < header.fields.size() ? header.fields[n] : "#" + std::to_string(n);
      *err = field_error(file, line, where,
                         "record has " + std::to_string(n) + " fields but the header has " +
                             std::to_string(header.fields.size()),
                         n < header.fields.size() ? "" : rec.fields.back());
      return false;
    }
    auto get = [&](const char* name) -> std::string {
      auto it = column.find(name);
      return it == column.end() ? std::string() : rec.fields[it->second];
    };
    Site s;
    s.id = get("id");
    s.name = get("name");
    s.province = get("province");
    s.prefecture = get("prefecture");
    s.level = get("level");
    s.region = get("region");
    s.minority = get("minority");
    s.url = get("url");
    s.name_en = get("name_en");
    s.extra_hosts = split_site_list(get("extra_hosts"));
    s.tags = split_site_list(get("tags"));

    auto fail = [&](const char* field, const std::string& what, const std::string& value) {
      *err = field_error(file, line, field, what, value);
      return false;
    };
    if (!is_id(s.id)) return fail("id", "must be non-empty letters, digits, '.', '_' or '-'", s.id);
    if (!seen_ids.insert(s.id).second) return fail("id", "duplicate id in this file", s.id);
    if (s.name.empty()) return fail("name", "must not be empty", s.name);
    if (s.province.empty()) return fail("province", "must not be empty", s.province);
    if (!kLevels.count(s.level)) return fail("level", "must be province, prefecture, county or district", s.level);
    if (!kRegions.count(s.region)) return fail("region", "must be east, central, west or northeast", s.region);
    if (!kMinorities.count(s.minority))
      return fail("minority", "must be none, region, prefecture or county", s.minority);
    if (s.prefecture.empty() && (s.level == "county" || s.level == "district"))
      return fail("prefecture", "must not be empty for a " + s.level + "-level row", s.prefecture);
    if (!is_registry_url(s.url))
      return fail("url", "must be http(s)://host[:port][/path] with a plausible host, no spaces, no trailing ';'",
                  s.url);
    for (const auto& host : s.extra_hosts)
      if (!is_plausible_host(host)) return fail("extra_hosts", "not a hostname", host);
    sites.push_back(std::move(s));
  }
  *out = std::move(sites);
  return true;
}

bool parse_registry_csv(const std::string& path, std::vector<Site>* out, std::string* err) {
  out->clear();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = path + ": cannot open the file";
    return false;
  }
  std::string text;
  std::array<char, 65536> buffer;
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes) {
      *err = path + ": file larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB; not a registry";
      return false;
    }
  }
  return parse_registry_csv_text(text, path, out, err);
}

void write_registry_csv(const std::vector<Site>& sites, std::ostream& out) {
  out << "id,name,province,prefecture,level,region,minority,url,name_en,extra_hosts,tags\n";
  for (const auto& s : sites) {
    out << csv_quoted(s.id) << ',' << csv_quoted(s.name) << ',' << csv_quoted(s.province) << ','
        << csv_quoted(s.prefecture) << ',' << csv_quoted(s.level) << ',' << csv_quoted(s.region) << ','
        << csv_quoted(s.minority) << ',' << csv_quoted(s.url) << ',' << csv_quoted(s.name_en) << ','
        << csv_quoted(join_site_list(s.extra_hosts)) << ',' << csv_quoted(join_site_list(s.tags)) << '\n';
  }
}

}  // namespace govaudit
