// The two SQLite helpers every store/ file uses: a prepared statement that finalizes itself and a
// transaction that rolls back unless committed. Internal to store/ (nothing outside includes it).
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

namespace govaudit {

/// A prepared statement; binds by 1-based index; finalized on destruction.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  void bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, long long v) { sqlite3_bind_int64(stmt_, i, v); }
  void bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  void bind_null(int i) { sqlite3_bind_null(stmt_, i); }
  /// SQLITE_ROW, SQLITE_DONE or an error code (SQLITE_MISUSE when the statement did not prepare).
  int step() { return stmt_ ? sqlite3_step(stmt_) : SQLITE_MISUSE; }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  /// Column `col` as text into `out`, reusing its storage (no allocation once it is large enough).
  void text_into(int col, std::string* out) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    if (p) {
      out->assign(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
    } else {
      out->clear();
    }
  }
  /// Column `col` as text, viewed in place: valid until the next step, reset or column call on `col`.
  std::string_view view(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  long long integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string error() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN IMMEDIATE on begin(); rolls back on scope exit unless committed, so every early return
/// leaves nothing behind.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  ~Transaction() {
    if (open_ && !committed_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  bool begin(std::string* err) { return run("BEGIN IMMEDIATE", "cannot start a transaction: ", err) && (open_ = true); }
  bool commit(std::string* err) { return run("COMMIT", "commit failed: ", err) && (committed_ = true); }

 private:
  bool run(const char* sql, const char* what, std::string* err) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
      *err = std::string(what) + (msg ? msg : "?");
      sqlite3_free(msg);
      return false;
    }
    return true;
  }

  sqlite3* db_;
  bool open_ = false;
  bool committed_ = false;
};

}  // namespace govaudit
