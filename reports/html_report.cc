#include "reports/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "reports/html_escape.h"

namespace govaudit {
namespace {

const char* const kStyle = R"css(
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",Helvetica,Arial,sans-serif;margin:2em auto;max-width:72em;color:#222;line-height:1.45}
h1{font-size:1.6em;border-bottom:3px solid #b22;padding-bottom:.3em}h2{font-size:1.25em;margin-top:2em;color:#822}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3eded}td.n{text-align:right;font-variant-numeric:tabular-nums}.veto{color:#b00;font-weight:bold}.pass{color:#070}.fail{color:#a60}
.up{color:#070}.down{color:#b00}.muted{color:#777;font-size:.85em}.ev{font-size:.8em;word-break:break-all}svg{margin:.5em 1em .5em 0}
nav a{margin-right:1em}
)css";

std::string e(std::string_view s) { return html_escape(s); }

std::string num(std::optional<double> v, int digits = 1) {
  return v ? fmt::format("{:.{}f}", *v, digits) : std::string("–");
}

std::string delta(std::optional<double> now, std::optional<double> before, int digits = 1) {
  if (!now || !before) return "–";
  double d = *now - *before;
  const char* cls = d > 0.0005 ? "up" : d < -0.0005 ? "down" : "";
  return fmt::format("<span class=\"{}\">{:+.{}f}</span>", cls, d, digits);
}

std::string page_head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
         "<title>" + e(title) + "</title><style>" + kStyle + "</style></head><body>\n";
}

std::string verdict(const std::optional<ReportScore>& c) {
  if (!c) return "–";
  if (c->vetoed) return "<span class=\"veto\">否决 veto</span>";
  return c->passed ? "<span class=\"pass\">合格 pass</span>" : "<span class=\"fail\">不合格 fail</span>";
}

// Appends a link to `url` reading `text` (both escaped; the href only when http(s)).
void append_link(std::string* out, const std::string& url, const std::string& text) {
  out->append("<a href=\"");
  append_safe_href(out, url);
  out->append("\" rel=\"noreferrer\">");
  append_html_escaped(out, text);
  out->append("</a>");
}

std::string link(const std::string& url, const std::string& text) {
  std::string out;
  append_link(&out, url, text);
  return out;
}

// Appends the first `most` items of a stored sample of `total` (the audit keeps five of however many it
// found). Site pages hold some 120 of these lists each: written in place, not through temporaries.
void append_evidence_list(std::string* out, const std::vector<Evidence>& ev, size_t most = 20, size_t total = 0) {
  if (ev.empty()) return;
  out->append("<ul class=\"ev\">");
  for (size_t i = 0; i < ev.size() && i < most; ++i) {
    out->append("<li>");
    append_link(out, ev[i].url, ev[i].url);
    out->append(" <span class=\"muted\">");
    append_html_escaped(out, ev[i].seen_at);
    out->append("</span> ");
    append_html_escaped(out, ev[i].detail);
    out->append("</li>");
  }
  size_t shown = std::min(ev.size(), most), more = std::max(total, ev.size()) - shown;
  if (more) fmt::format_to(std::back_inserter(*out), "<li class=\"muted\">… {} more / 另有 {} 条</li>", more, more);
  out->append("</ul>");
}

std::string evidence_list(const std::vector<Evidence>& ev, size_t most = 20, size_t total = 0) {
  std::string out;
  append_evidence_list(&out, ev, most, total);
  return out;
}

const char* dimension_label(const std::string& d) {
  if (d == "region") return "按区域 By region";
  if (d == "province") return "按省份 By province";
  if (d == "level") return "按行政级别 By administrative level";
  if (d == "minority") return "民族自治地区与其他地区 Minority-autonomous vs other areas";
  return "沿海与内陆 Coastal vs inland";
}

std::string group_table(const ReportModel& m, const std::string& dim) {
  std::string out = "<h3>" + std::string(dimension_label(dim)) + "</h3>\n";
  std::vector<std::pair<std::string, double>> bars;
  std::string rows;
  for (const auto& g : m.groups) {
    if (g.dimension != dim) continue;
    if (g.census_mean) bars.push_back({g.key, *g.census_mean});
    rows += "<tr><td>" + e(g.key) + "</td><td class=\"n\">" + std::to_string(g.sites) + "</td><td class=\"n\">" +
            std::to_string(g.passed) + "</td><td class=\"n\">" + std::to_string(g.vetoed) + "</td><td class=\"n\">" +
            num(g.census_mean) + "</td><td class=\"n\">" + num(g.un_mean, 3) + "</td>";
    if (m.previous_year)
      rows += "<td class=\"n\">" + delta(g.census_mean, g.prev_census_mean) + "</td><td class=\"n\">" +
              delta(g.un_mean, g.prev_un_mean, 3) + "</td>";
    rows += "</tr>\n";
  }
  if (dim != "province" && !bars.empty()) out += bar_chart_svg("普查得分均值 Mean census score", bars, 100);
  out += "<table><tr><th>组 Group</th><th>网站 Sites</th><th>合格 Passed</th><th>否决 Vetoed</th>"
         "<th>普查均分 Census mean</th><th>UN 指数均值 UN index mean</th>";
  if (m.previous_year)
    out += fmt::format("<th>普查变化 Δ census vs {}</th><th>UN 变化 Δ UN vs {}</th>", m.previous_year, m.previous_year);
  return out + "</tr>\n" + rows + "</table>\n";
}

std::string flags_table(const std::vector<FlagHistory>& flags, const std::string& kind, bool link_sites) {
  std::string rows;
  for (const auto& f : flags) {
    if (f.latest.kind != kind) continue;
    std::string site = link_sites ? "<a href=\"sites/" + e(site_page_name(f.latest.site)) + "\">" + e(f.latest.site) + "</a>"
                                  : e(f.latest.site);
    rows += "<tr><td>" + site + "</td><td>" + link(f.latest.subject, f.latest.subject) + "</td><td>" + e(f.latest.since) +
            "</td><td>" + e(f.first_seen) + "</td><td>" + e(f.latest.detail) + evidence_list(f.latest.evidence, 5) +
            "</td></tr>\n";
  }
  if (rows.empty()) return "<p class=\"muted\">无 None.</p>\n";
  return "<table><tr><th>网站 Site</th><th>对象 URL</th><th>自 Since</th><th>首次发现 First flagged</th>"
         "<th>说明与证据 Detail and evidence</th></tr>\n" + rows + "</table>\n";
}

std::vector<std::string> criteria_of(const ReportModel& m, bool census) {
  std::vector<std::string> out;
  for (const auto& s : m.sites) {
    const auto& sc = census ? s.census : s.un;
    if (!sc) continue;
    for (const auto& [k, v] : sc->criteria)
      if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  }
  return out;
}

}  // namespace

std::string site_page_name(const std::string& site_id) { return site_id + ".html"; }

std::string bar_chart_svg(const std::string& title, const std::vector<std::pair<std::string, double>>& bars, double max) {
  const int label_w = 170, bar_w = 360, row_h = 22, top = 26;
  int h = top + row_h * static_cast<int>(bars.size()) + 8;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">"
      "<text x=\"0\" y=\"16\" font-size=\"13\" font-weight=\"bold\">{}</text>",
      label_w + bar_w + 60, h, e(title), e(title));
  int y = top;
  for (const auto& [label, value] : bars) {
    double v = std::clamp(max > 0 ? value / max : 0.0, 0.0, 1.0);
    out += fmt::format(
        "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>"
        "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#b44\"/>"
        "<text x=\"{:.1f}\" y=\"{}\" font-size=\"12\">{:.1f}</text>",
        label_w - 6, y + 14, e(label), label_w, y + 2, v * bar_w, row_h - 6, label_w + v * bar_w + 4, y + 14, value);
    y += row_h;
  }
  return out + "</svg>\n";
}

std::string render_index_html(const ReportModel& m) {
  std::string title = fmt::format("政府网站年度评估报告 {0} · Government Website Benchmark {0}", m.year);
  std::string h = page_head(title) + "<h1>" + e(title) + "</h1>\n";
  h += "<nav><a href=\"#method\">方法 Method</a><a href=\"#ranking\">排名 Ranking</a><a href=\"#criteria\">分项 Criteria</a>"
       "<a href=\"#distribution\">分布 Distribution</a><a href=\"#change\">变化 Change</a><a href=\"#vetoes\">否决 Vetoes</a>"
       "<a href=\"#flags\">沉睡网站与僵尸应用 Dormant sites and zombie apps</a></nav>\n";

  // Method.
  h += "<h2 id=\"method\">评估方法 Method</h2>\n<ul>";
  for (const auto& [id, version] : m.rubrics) h += "<li>评估标准 Rubric: <b>" + e(id) + "</b> 版本 version " + e(version) + "</li>";
  h += fmt::format("<li>网站数 Sites: {}</li><li>抓取页面数 Pages fetched: {}</li>", m.sites.size(), m.pages);
  if (m.previous_year) h += fmt::format("<li>对比年份 Compared with: {}</li>", m.previous_year);
  h += "<li class=\"muted\">普查规则的分值为 govaudit 自定（官方完整分值表未公开）; census point values are govaudit's own "
       "where the official table is not public. 生成时间 Generated " + e(m.generated_at) + "</li></ul>\n";
  h += "<table><tr><th>抓取批次 Run</th><th>开始 Started</th><th>结束 Finished</th><th>检查日期 Checked as of</th>"
       "<th>网站 Sites</th><th>页面 Pages</th></tr>\n";
  for (const auto& r : m.runs)
    h += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n", r.id,
                     e(r.started_at), e(r.finished_at), e(r.as_of), r.sites, r.pages);
  h += "</table>\n";

  // Ranking.
  h += "<h2 id=\"ranking\">排名 Ranking</h2>\n<table><tr><th>名次 Rank</th><th>网站 Site</th><th>省份 Province</th>"
       "<th>级别 Level</th><th>普查得分 Census score</th><th>结论 Verdict</th><th>UN 指数 UN index</th><th>等级 Level</th>";
  if (m.previous_year) h += fmt::format("<th>普查变化 Δ census vs {0}</th><th>UN 变化 Δ UN vs {0}</th>", m.previous_year);
  h += "</tr>\n";
  for (const auto& s : m.sites) {
    std::optional<double> census = s.census && !s.census->vetoed ? s.census->score : std::nullopt;
    std::optional<double> un = s.un ? s.un->score : std::nullopt;
    h += fmt::format("<tr><td class=\"n\">{}</td><td><a href=\"sites/{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"n\">{}</td>"
                     "<td>{}</td><td class=\"n\">{}</td><td>{}</td>",
                     s.rank, e(site_page_name(s.site.id)), e(s.site.name), e(s.site.province), e(s.site.level), num(census),
                     verdict(s.census), num(un, 3), e(s.un ? s.un->level : ""));
    if (m.previous_year)
      h += "<td class=\"n\">" + delta(census, s.previous ? s.previous->census : std::nullopt) + "</td><td class=\"n\">" +
           delta(un, s.previous ? s.previous->un : std::nullopt, 3) + "</td>";
    h += "</tr>\n";
  }
  h += "</table>\n";

  // Criterion scores.
  h += "<h2 id=\"criteria\">分项得分 Criterion scores</h2>\n";
  for (bool census : {true, false}) {
    auto crit = criteria_of(m, census);
    if (crit.empty()) continue;
    h += std::string("<h3>") + (census ? "普查 Census" : "UN 指数 UN-style index") + "</h3><table><tr><th>网站 Site</th>";
    for (const auto& c : crit) h += "<th>" + e(c) + "</th>";
    h += "</tr>\n";
    for (const auto& s : m.sites) {
      const auto& sc = census ? s.census : s.un;
      if (!sc) continue;
      h += "<tr><td>" + e(s.site.name) + "</td>";
      for (const auto& c : crit) {
        auto it = sc->criteria.find(c);
        h += "<td class=\"n\">" + (it == sc->criteria.end() ? std::string("–") : num(it->second, census ? 1 : 3)) + "</td>";
      }
      h += "</tr>\n";
    }
    h += "</table>\n";
  }

  // Distributions.
  h += "<h2 id=\"distribution\">分布 Distributions</h2>\n";
  for (const char* dim : {"region", "minority", "coast", "level", "province"}) h += group_table(m, dim);

  // Year-over-year change.
  h += "<h2 id=\"change\">年度变化 Change against the previous year</h2>\n";
  if (!m.previous_year) {
    h += "<p class=\"muted\">无上一年度数据 No earlier year in the store.</p>\n";
  } else {
    std::vector<std::pair<double, const ReportSite*>> moves;
    for (const auto& s : m.sites) {
      if (!s.previous || !s.census || !s.census->score || s.census->vetoed || !s.previous->census) continue;
      moves.push_back({*s.census->score - *s.previous->census, &s});
    }
    std::sort(moves.begin(), moves.end(), [](auto& a, auto& b) { return a.first > b.first; });
    h += fmt::format("<table><tr><th>网站 Site</th><th>{} 普查 Census</th><th>{} 普查 Census</th><th>变化 Change</th>"
                     "<th>{} 结论 Verdict</th></tr>\n", m.previous_year, m.year, m.previous_year);
    for (const auto& s : m.sites) {
      if (!s.previous) continue;
      std::optional<double> now = s.census && !s.census->vetoed ? s.census->score : std::nullopt;
      std::string before_verdict = s.previous->vetoed ? "否决 veto" : s.previous->census_scored ? "scored" : "–";
      h += "<tr><td>" + e(s.site.name) + "</td><td class=\"n\">" + num(s.previous->census) + "</td><td class=\"n\">" +
           num(now) + "</td><td class=\"n\">" + delta(now, s.previous->census) + "</td><td>" + before_verdict + "</td></tr>\n";
    }
    h += "</table>\n<p>上升 Rose: ";
    for (const auto& [d, s] : moves)
      if (d > 0) h += e(s->site.name) + fmt::format(" (+{:.1f}) ", d);
    h += "<br>下降 Fell: ";
    for (const auto& [d, s] : moves)
      if (d < 0) h += e(s->site.name) + fmt::format(" ({:.1f}) ", d);
    h += "</p>\n";
  }

  // Vetoes.
  h += "<h2 id=\"vetoes\">单项否决 Vetoed sites</h2>\n<table><tr><th>网站 Site</th><th>否决项 Veto</th><th>证据 Evidence</th></tr>\n";
  for (const auto& s : m.sites) {
    if (!s.census || !s.census->vetoed) continue;
    for (const auto& v : s.census->vetoes) {
      const ReportIndicator* ind = nullptr;
      for (const auto& i : s.census->indicators)
        if (i.id == v) ind = &i;
      h += "<tr><td><a href=\"sites/" + e(site_page_name(s.site.id)) + "\">" + e(s.site.name) + "</a></td><td>" + e(v) +
           "</td><td>" + (ind ? evidence_list(ind->evidence, 3, ind->evidence_total) : "") + "</td></tr>\n";
    }
  }
  h += "</table>\n";

  // Flags.
  h += "<h2 id=\"flags\">沉睡网站与僵尸应用 Dormant sites and zombie apps</h2>\n<h3>沉睡网站 Dormant sites</h3>\n" +
       flags_table(m.flags, "dormant_site", true) + "<h3>僵尸应用与账号 Zombie apps and accounts</h3>\n" +
       flags_table(m.flags, "zombie_app", true) + "<h3>不可访问 Unreachable</h3>\n" + flags_table(m.flags, "unreachable", true);
  return h + "</body></html>\n";
}

std::string render_site_html(const ReportModel& m, const ReportSite& s) {
  std::string title = s.site.name + " · " + std::to_string(m.year);
  std::string h = page_head(title) + "<p><a href=\"../index.html\">← 返回报告 Back to the report</a></p><h1>" + e(s.site.name) +
                  "</h1>\n<p>" + e(s.site.name_en) + " " + link(s.site.url, s.site.url) + "<br>" + e(s.site.province) + " " +
                  e(s.site.prefecture) + " · " + e(s.site.level) + " · " + e(s.site.region) + " · 民族自治 minority: " +
                  e(s.site.minority) + fmt::format(" · 名次 rank {}", s.rank) + "</p>\n";
  h += "<h2>评分卡 Score card</h2>\n<table><tr><th>标准 Rubric</th><th>得分 Score</th><th>满分 Max</th><th>结论 Verdict / level</th>"
       "<th>否决项 Vetoes</th></tr>\n";
  for (const auto* sc : {&s.census, &s.un}) {
    if (!*sc) continue;
    const ReportScore& r = **sc;
    std::string vetoes;
    for (const auto& v : r.vetoes) vetoes += e(v) + " ";
    h += "<tr><td>" + e(r.rubric) + " " + e(r.rubric_version) + "</td><td class=\"n\">" +
         num(r.score, r.kind == "un" ? 3 : 1) + "</td><td class=\"n\">" + num(r.max, r.kind == "un" ? 3 : 0) + "</td><td>" +
         (r.kind == "census" ? verdict(*sc) : e(r.level)) + "</td><td>" + vetoes + "</td></tr>\n";
  }
  h += "</table>\n";
  for (const auto* sc : {&s.census, &s.un}) {
    if (!*sc) continue;
    const ReportScore& r = **sc;
    h += "<h2>" + e(r.rubric) + " 指标 Indicators</h2>\n<table><tr><th>指标 Indicator</th><th>类型 Kind</th><th>组 Criterion</th>"
         "<th>值 Value</th><th>分 Points</th><th>证据 Evidence</th></tr>\n";
    for (const auto& i : r.indicators) {
      h += "<tr><td>";
      append_html_escaped(&h, i.id);
      h += "</td><td>";
      append_html_escaped(&h, i.kind);
      h += "</td><td>";
      append_html_escaped(&h, i.group);
      h += "</td><td>";
      append_html_escaped(&h, i.value);
      fmt::format_to(std::back_inserter(h), "</td><td class=\"n\">{:.2f}</td><td>", i.points);
      append_evidence_list(&h, i.evidence, 20, i.evidence_total);
      h += "</td></tr>\n";
    }
    h += "</table>\n";
  }
  h += "<h2>历年 History across years</h2>\n<table><tr><th>年份 Year</th><th>批次 Run</th><th>普查 Census</th>"
       "<th>否决 Vetoed</th><th>UN 指数 UN index</th><th>等级 Level</th></tr>\n";
  for (const auto& p : s.history)
    h += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n", p.year,
                     p.run_id, num(p.census), p.vetoed ? "是 yes" : "", num(p.un, 3), e(p.level));
  h += "</table>\n<h2>标记 Flags</h2>\n";
  for (const char* kind : {"dormant_site", "zombie_app", "stale_column", "unreachable"}) {
    bool any = std::any_of(s.flags.begin(), s.flags.end(), [&](const FlagHistory& f) { return f.latest.kind == kind; });
    if (any) h += "<h3>" + e(kind) + "</h3>\n" + flags_table(s.flags, kind, false);
  }
  if (s.flags.empty()) h += "<p class=\"muted\">无 None.</p>\n";
  return h + "</body></html>\n";
}

}  // namespace govaudit
