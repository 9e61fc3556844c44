#include "store/manual_codes.h"

#include <cctype>
#include <set>

#include "store/sql.h"

namespace govaudit {

const char* const kManualCodesMigrationSql = R"sql(
CREATE TABLE manual_codes (
  id          INTEGER PRIMARY KEY,
  file        TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  site_id     TEXT NOT NULL REFERENCES sites(id),
  indicator   TEXT NOT NULL,
  value       INTEGER NOT NULL,
  note        TEXT NOT NULL
);
CREATE TRIGGER manual_codes_append_only_update BEFORE UPDATE ON manual_codes
  BEGIN SELECT RAISE(ABORT, 'manual codes are append-only'); END;
CREATE TRIGGER manual_codes_append_only_delete BEFORE DELETE ON manual_codes
  BEGIN SELECT RAISE(ABORT, 'manual codes are append-only'); END;
)sql";

namespace {

// Splits RFC 4180 CSV into records with the physical line each starts on. False on an unclosed quote.
bool split_csv(const std::string& text, std::vector<std::pair<int, std::vector<std::string>>>* rows, int* bad_line) {
  size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  int line = 1;
  while (i < text.size()) {
    int start = line;
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (quoted) {
        if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') fields.back() += '"', ++i;
        else if (c == '"') quoted = false;
        else fields.back() += c, line += c == '\n';
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.emplace_back();
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
        break;
      } else {
        fields.back() += c;
      }
    }
    if (quoted) {
      *bad_line = start;
      return false;
    }
    if (!(fields.size() == 1 && fields[0].empty())) rows->push_back({start, std::move(fields)});
  }
  return true;
}

bool is_id(const std::string& s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

}  // namespace

bool parse_manual_codes_csv(const std::string& text, const std::string& file, std::vector<ManualCode>* out,
                            std::string* err) {
  out->clear();
  std::vector<std::pair<int, std::vector<std::string>>> rows;
  int bad = 0;
  auto fail = [&](int line, const std::string& field, const std::string& what) {
    *err = file + ":" + std::to_string(line) + ": " + (field.empty() ? "" : "field '" + field + "': ") + what;
    out->clear();
    return false;
  };
  if (!split_csv(text, &rows, &bad)) return fail(bad, "", "unclosed quote");
  if (rows.empty()) return fail(1, "", "empty file (header site,indicator,value[,note] required)");
  const auto& header = rows[0].second;
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] != "site" && header[i] != "indicator" && header[i] != "value" && header[i] != "note")
      return fail(rows[0].first, header[i], "unknown column (expected site,indicator,value[,note])");
    if (!col.emplace(header[i], i).second) return fail(rows[0].first, header[i], "column given twice");
  }
  for (const char* need : {"site", "indicator", "value"})
    if (!col.count(need)) return fail(rows[0].first, need, "required column missing");
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& [line, f] = rows[r];
    if (f.size() != header.size())
      return fail(line, "", "expected " + std::to_string(header.size()) + " fields, found " + std::to_string(f.size()));
    ManualCode c{f[col["site"]], f[col["indicator"]], false, col.count("note") ? f[col["note"]] : ""};
    if (!is_id(c.site_id)) return fail(line, "site", "not a site id (value '" + c.site_id + "')");
    if (!is_id(c.indicator)) return fail(line, "indicator", "not an indicator id (value '" + c.indicator + "')");
    const std::string& v = f[col["value"]];
    if (v == "true" || v == "yes" || v == "1" || v == "是") c.value = true;
    else if (v == "false" || v == "no" || v == "0" || v == "否") c.value = false;
    else return fail(line, "value", "expected true/false/yes/no/1/0/是/否 (value '" + v + "')");
    if (!seen.insert({c.site_id, c.indicator}).second) return fail(line, "indicator", "coded twice for site " + c.site_id);
    out->push_back(std::move(c));
  }
  return true;
}

bool append_manual_codes(Store& store, const std::string& source_file, const std::vector<ManualCode>& codes,
                         std::string* err) {
  sqlite3* db = store.handle();
  Transaction tx(db);
  if (!tx.begin(err)) return false;
  Statement known(db, "SELECT 1 FROM sites WHERE id = ?");
  Statement ins(db, "INSERT INTO manual_codes(file, imported_at, site_id, indicator, value, note) VALUES (?,?,?,?,?,?)");
  std::string now = utc_now_iso8601();
  for (const auto& c : codes) {
    known.reset();
    known.bind(1, c.site_id);
    if (known.step() != SQLITE_ROW) {
      *err = source_file + ": site '" + c.site_id + "' is not in the registry";
      return false;
    }
    ins.reset();
    ins.bind(1, source_file);
    ins.bind(2, now);
    ins.bind(3, c.site_id);
    ins.bind(4, c.indicator);
    ins.bind(5, static_cast<long long>(c.value));
    ins.bind(6, c.note);
    if (ins.step() != SQLITE_DONE) {
      *err = "cannot store manual code " + c.indicator + " of " + c.site_id + ": " + ins.error();
      return false;
    }
  }
  return tx.commit(err);
}

bool latest_manual_codes(Store& store, std::map<std::string, std::map<std::string, bool>>* out, std::string* err) {
  Statement st(store.handle(), "SELECT site_id, indicator, value FROM manual_codes ORDER BY id");
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) (*out)[st.text(0)][st.text(1)] = st.integer(2) != 0;
  if (rc != SQLITE_DONE) *err = "cannot read manual codes: " + st.error();
  return rc == SQLITE_DONE;
}

}  // namespace govaudit
