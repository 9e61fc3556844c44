// Aligned plain-text tables for humans on a terminal (`--format table`). Column widths count
// display cells, not bytes: CJK and other East Asian wide characters take two cells, so Chinese names
// line up. Machine-readable output uses csv or json instead.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace govaudit {

/// Terminal cells `text` (UTF-8) occupies: 2 for East Asian wide/fullwidth code points, 0 for
/// combining marks and controls, 1 otherwise. Malformed bytes count 1 each.
int display_width(std::string_view text);

/// `header` then `rows`, each column padded to its widest cell plus two spaces (the last column is not
/// padded), one line per row ending in '\n'. Rows shorter than the header are padded with empty cells.
std::string format_text_table(const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows);

}  // namespace govaudit
