// libFuzzer target: the page-facts extractor end to end from bytes (audit_rules/page_input.h then
// audit_rules/page_facts.h), as `audit` runs it on every stored body.
#include <cstdint>
#include <string>
#include <string_view>

#include "audit_rules/page_facts.h"
#include "audit_rules/page_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  govaudit::PageInput page =
      govaudit::read_page_input(body, "text/html", "http://www.x.gov.cn.test/art/2026/3/5/art_1_2.html", "");
  govaudit::extract_page_facts(page, govaudit::make_civil_date(2026, 11, 23));
  return 0;
}
