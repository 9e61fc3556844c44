// libFuzzer target: datastore records, createPageHTML pagination and jpage extraction
// (crawler/list_scripts.h), on HTML and on dataproxy XML answers.
#include <cstdint>
#include <string_view>

#include "crawler/list_scripts.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  const std::string page = "http://www.x.gov.cn.test/col/col1/index.html";
  govaudit::datastore_records(html);
  govaudit::js_pagination_urls(html, page);
  if (auto unit = govaudit::jpage_unit(html)) govaudit::jpage_page_urls(*unit, page, 50);
  govaudit::parse_jpage_xml(html);
  return 0;
}
