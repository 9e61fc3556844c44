// libFuzzer target: charset detection and transcoding (crawler/charset.h). Input: "CONTENT-TYPE\nBODY".
// Whatever the bytes, the transcoded text must be valid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crawler/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto nl = in.find('\n');
  std::string_view header = nl == std::string_view::npos ? "" : in.substr(0, nl);
  std::string_view body = nl == std::string_view::npos ? in : in.substr(nl + 1);
  govaudit::CharsetDecision cs = govaudit::detect_charset(header, body);
  std::string out, err;
  if (govaudit::transcode_to_utf8(body, cs.charset, &out, &err) && !govaudit::is_valid_utf8(out)) std::abort();
  for (const char* label : {"GBK", "GB18030", "Big5", "UTF-8", "windows-1252"}) {
    out.clear();
    if (govaudit::transcode_to_utf8(body, label, &out, &err) && !govaudit::is_valid_utf8(out)) std::abort();
  }
  govaudit::canonical_charset(header);
  return 0;
}
