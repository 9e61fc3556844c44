// libFuzzer target: URL parsing, resolution, canonicalisation and trap detection (crawler/url.h).
// Input: "BASE\nREFERENCE". Checks the canonical form is a fixed point and re-parses.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crawler/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto nl = in.find('\n');
  std::string_view base_text = in.substr(0, nl), ref = nl == std::string_view::npos ? "" : in.substr(nl + 1);
  govaudit::Url base, resolved;
  std::string err;
  if (!govaudit::parse_url(base_text, &base, &err)) return 0;
  std::string why;
  govaudit::looks_like_trap(base, &why);
  if (!govaudit::resolve_url(base, ref, &resolved, &err)) return 0;
  std::string canon = govaudit::canonical_url(resolved);
  govaudit::Url again;
  if (!govaudit::parse_url(canon, &again, &err)) std::abort();  // a canonical URL must parse
  if (govaudit::canonical_url(again) != canon) std::abort();    // and be its own canonical form
  govaudit::looks_like_trap(resolved, &why);
  return 0;
}
