// The report as self-contained HTML: index.html and one page per site, inline CSS and inline SVG
// charts drawn here (no script, no network), labels in Chinese and English. Everything taken from the
// store passes through html_escape/safe_href (html_escape.h).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "reports/report_model.h"

namespace govaudit {

/// The report's front page.
std::string render_index_html(const ReportModel& model);

/// One site's page (score card, every indicator with its evidence links, history across years); it
/// lives in sites/ and links back to ../index.html.
std::string render_site_html(const ReportModel& model, const ReportSite& site);

/// The file name of a site's page inside sites/ (site ids are [A-Za-z0-9._-]+, so no separator).
std::string site_page_name(const std::string& site_id);

/// A horizontal bar chart as inline SVG: one bar per (label, value), scaled to `max` (> 0).
std::string bar_chart_svg(const std::string& title, const std::vector<std::pair<std::string, double>>& bars, double max);

}  // namespace govaudit
