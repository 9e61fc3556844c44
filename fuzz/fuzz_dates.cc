// libFuzzer target: date extraction (audit_rules/dates.h) from text, URLs, meta values and HTTP dates.
#include <cstdint>
#include <string>
#include <string_view>

#include "audit_rules/dates.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto reference = govaudit::make_civil_date(2026, 11, 23);
  for (auto source : {govaudit::DateSource::text, govaudit::DateSource::list_item, govaudit::DateSource::article_url}) {
    govaudit::DateContext ctx;
    ctx.source = source;
    ctx.reference = reference;
    govaudit::scan_dates(text, ctx);
    ctx.reference.reset();
    govaudit::find_dates(text, ctx);
  }
  govaudit::date_from_url(text, reference);
  govaudit::date_from_meta({{"PubDate", std::string(text)}, {"article:modified_time", std::string(text)}}, reference);
  govaudit::parse_http_date(text);
  govaudit::parse_iso_date(text);
  return 0;
}
