#include "tests/farm/farm_pages.h"

#include "tests/farm/farm_faults.h"

#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>

#include "tests/farm/farm_dates.h"

namespace govaudit::farm {

bool utf8_to_gbk(const std::string& in, std::string* out, std::string* err) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    if (err) *err = "iconv has no UTF-8 -> GBK converter";
    return false;
  }
  out->assign(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out->data();
  size_t dst_left = out->size();
  size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) {
    if (err) *err = fmt::format("no GBK form for the text at byte {}", in.size() - src_left);
    return false;
  }
  out->resize(out->size() - dst_left);
  return true;
}

namespace {

const std::string kHtml = "text/html";

struct Ctx {
  const FarmWorld& world;
  const FarmSite& site;
  std::string url(const std::string& path) const { return "http://" + site.host + path; }
};

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

bool gbk(const FarmSite& s) { return s.charset == "GBK"; }

std::string meta_charset(const FarmSite& s) {
  const std::string& d = s.charset_declared;
  if (d != "meta" && d != "both" && d != "wrong") return "";
  if (!gbk(s)) return "<meta charset=\"utf-8\">\n";
  // Alternate the two forms real GBK sites use (the WHATWG label gb2312 decodes as GBK).
  return s.site_code.back() % 2 ? "<meta charset=\"gbk\">\n"
                                : "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\n";
}

std::string header_type(const FarmSite& s, const std::string& base) {
  const std::string& d = s.charset_declared;
  if (d == "header" || d == "both") return base + "; charset=" + s.charset;
  if (d == "wrong") return base + "; charset=ISO-8859-1";
  return base;
}

// Encodes a UTF-8 page for the site and wraps it in a 200 answer.
FarmResponse page(const FarmSite& s, const std::string& utf8, int status = 200, const std::string& base = kHtml) {
  FarmResponse r;
  r.status = status;
  r.content_type = header_type(s, base);
  if (gbk(s)) {
    std::string err;
    if (!utf8_to_gbk(utf8, &r.body, &err)) r.body = utf8;  // never happens for the farm's fixed vocabulary
  } else {
    r.body = utf8;
  }
  return r;
}

struct MetaInfo {
  const FarmColumn* column = nullptr;
  std::string article_title;
  Day pub = -1;
};

std::string head(const Ctx& c, const std::string& title, const MetaInfo& meta) {
  const FarmSite& s = c.site;
  std::string h = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n" + meta_charset(s);
  h += "<title>" + escape(title) + "_" + escape(s.name) + "</title>\n";
  if (s.guideline_meta) {
    h += fmt::format("<meta name=\"SiteName\" content=\"{}\">\n<meta name=\"SiteDomain\" content=\"{}\">\n"
                     "<meta name=\"SiteIDCode\" content=\"{}\">\n",
                     escape(s.name), s.host, s.site_code);
    if (meta.column)
      h += fmt::format("<meta name=\"ColumnName\" content=\"{}\">\n<meta name=\"ColumnType\" content=\"{}\">\n", escape(meta.column->name),
                       escape(meta.column->name));
    if (meta.pub >= 0)
      h += fmt::format("<meta name=\"ArticleTitle\" content=\"{}\">\n<meta name=\"PubDate\" content=\"{} 09:30\">\n"
                       "<meta name=\"ContentSource\" content=\"{}办公室\">\n",
                       escape(meta.article_title), iso_date(meta.pub), escape(s.name));
  }
  h += "</head>\n<body>\n<div class=\"header\"><a href=\"/\">" + escape(s.name) + "</a></div>\n<div class=\"nav\"><a href=\"/\">首页</a>";
  for (const auto& col : s.columns) h += " | <a href=\"" + col.path + "\">" + escape(col.name) + "</a>";
  h += " | <a href=\"/xmt/index.html\">政务新媒体</a></div>\n";
  return h;
}

std::string foot(const Ctx& c) {
  const FarmSite& s = c.site;
  std::string f = "<div class=\"footer\">\n<a href=\"http://" + s.extra_host + "/\">" + escape(s.name) + "政务服务网</a>\n";
  if (s.footer_identity) {
    f += fmt::format("<p>主办单位：{}办公室 网站标识码：{}</p>\n<p>ICP备{}号 公网安备{}号</p>\n", escape(s.name), s.site_code,
                     s.site_code.substr(2, 8), s.site_code + "0001");
  }
  f += "<p>Copyright &copy; 2015 " + escape(s.name) + " 版权所有</p>\n</div>\n</body>\n</html>\n";
  return f;
}

std::string li(const FarmSite& s, const std::string& href, const std::string& title, Day date) {
  return fmt::format("<li><a href=\"{}\" title=\"{}\">{}</a><span>{}</span></li>", href, escape(title), escape(title),
                     list_date(date, s.date_form));
}

// A column's list entries (items, or guides as items), newest first.
std::vector<FarmItem> entries(const FarmColumn& col) {
  if (col.kind != ColumnKind::services) return col.items;
  std::vector<FarmItem> v;
  for (const auto& g : col.guides) v.push_back({g.title, g.date, g.path, ""});
  return v;
}

int page_count(const FarmColumn& col, size_t n) {
  return std::max(1, static_cast<int>((n + col.per_page - 1) / col.per_page));
}

std::string item_href(const FarmSite& s, const FarmColumn& col, const FarmItem& item) {
  if (s.style == FarmStyle::trs && item.path.rfind("/" + col.slug + "/", 0) == 0)
    return "./" + item.path.substr(col.slug.size() + 2);
  return item.path;
}

std::string record_cdata(const FarmSite& s, const FarmItem& item) {
  return "<record><![CDATA[\n" + li(s, item.path, item.title, item.date) + "\n]]></record>\n";
}

std::string blank_html(const FarmColumn& col) {
  return col.blank_text.empty() ? "" : "<p class=\"empty\">" + col.blank_text + "</p>\n";
}

FarmResponse messages_page(const Ctx& c, const FarmColumn& col) {
  MetaInfo meta;
  meta.column = &col;
  std::string b = head(c, col.name, meta) + "<h1>" + escape(col.name) + "</h1>\n<table class=\"messages\">\n<tr><th>标题</th><th>留言时间</th><th>回复时间</th></tr>\n";
  for (const auto& m : col.messages)
    b += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape(m.title), iso_date(m.asked),
                     m.replied < 0 ? "未回复" : iso_date(m.replied));
  b += "</table>\n";
  return page(c.site, b + foot(c));
}

FarmResponse list_page(const Ctx& c, const FarmColumn& col, int p) {
  const FarmSite& s = c.site;
  if (col.kind == ColumnKind::interaction) return messages_page(c, col);
  std::vector<FarmItem> all = entries(col);
  int pages = page_count(col, all.size());
  size_t from = static_cast<size_t>(p) * col.per_page, to = std::min(all.size(), from + col.per_page);
  MetaInfo meta;
  meta.column = &col;
  std::string b = head(c, col.name, meta) + "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; " + escape(col.name) + "</div>\n";
  if (s.style == FarmStyle::hanweb) {
    b += fmt::format("<div id=\"{}\"><script type=\"text/xml\"><datastore>\n<nextgroup><![CDATA[]]></nextgroup>\n<recordset>\n", col.unit_id);
    for (size_t i = from; i < to; ++i) b += record_cdata(s, all[i]);
    b += "</recordset>\n</datastore></script></div>\n" + blank_html(col);
    if (pages > 1)
      b += fmt::format("<script type=\"text/javascript\">\nvar jpageConfig = {{dataproxy:'/module/web/jpage/dataproxy.jsp',"
                       "columnid:'{}',unitid:'{}',webid:'1',path:'/',totalRecord:{},perpage:{}}};\n"
                       "$('#{}').jpage(jpageConfig);\n</script>\n",
                       col.column_id, col.unit_id, all.size(), col.per_page, col.unit_id);
  } else {
    b += "<ul class=\"list\">\n";
    for (size_t i = from; i < to; ++i) b += li(s, item_href(s, col, all[i]), all[i].title, all[i].date) + "\n";
    b += "</ul>\n" + blank_html(col);
    if (s.style == FarmStyle::trs) {
      b += col.count_var ? fmt::format("<script>\nvar countPage = {};\ncreatePageHTML(countPage, {}, \"index\", \"html\");\n</script>\n", pages, p)
                         : fmt::format("<script>createPageHTML({}, {}, \"index\", \"html\");</script>\n", pages, p);
    } else if (pages > 1) {
      b += "<div class=\"pager\">";
      for (int q = 0; q < pages; ++q) {
        std::string href = q == 0 ? col.path : fmt::format("/{}/page/{}.html", col.slug, q + 1);
        b += q == p ? fmt::format(" <span>{}</span>", q + 1) : fmt::format(" <a href=\"{}\">{}</a>", href, q + 1);
      }
      if (p + 1 < pages) b += fmt::format(" <a href=\"/{}/page/{}.html\">下一页</a>", col.slug, p + 2);
      b += "</div>\n";
    }
  }
  return page(s, b + foot(c));
}

FarmResponse dataproxy(const Ctx& c, const std::multimap<std::string, std::string>& q) {
  const FarmSite& s = c.site;
  auto get = [&](const char* k) -> int {
    auto it = q.find(k);
    if (it == q.end()) return -1;
    try {
      return std::stoi(it->second);
    } catch (...) {
      return -1;
    }
  };
  int column_id = get("columnid"), page_no = std::max(1, get("page")), per_page = get("perpage");
  const FarmColumn* col = nullptr;
  for (const auto& x : s.columns)
    if (x.column_id == column_id) col = &x;
  std::vector<FarmItem> all;
  if (col) all = entries(*col);
  if (per_page < 1 || per_page > 100) per_page = col ? col->per_page : 15;
  int pages = std::max(1, static_cast<int>((all.size() + per_page - 1) / per_page));
  std::string b = fmt::format("<?xml version=\"1.0\" encoding=\"{}\"?>\n<datastore>\n<totalrecord>{}</totalrecord>\n<totalpage>{}</totalpage>\n<recordset>\n",
                              s.charset, all.size(), pages);
  size_t from = static_cast<size_t>(page_no - 1) * per_page;
  for (size_t i = from; i < all.size() && i < from + per_page; ++i) b += record_cdata(s, all[i]);
  b += "</recordset>\n</datastore>\n";
  return page(s, b, 200, "text/xml");
}

const char* kParagraphs[] = {
    "会议强调，要深入学习贯彻党的二十大精神，坚持以人民为中心的发展思想，扎实推进各项工作落地见效。",
    "会议要求，各部门要压实责任，强化协同配合，确保各项任务按时保质完成。",
    "下一步，将持续优化服务，提升群众满意度，为经济社会高质量发展提供有力保障。"};

FarmResponse article_page(const Ctx& c, const FarmColumn& col, const FarmItem& item) {
  const FarmSite& s = c.site;
  Day own = item.article_date >= 0 ? item.article_date : item.date;
  MetaInfo meta{&col, item.title, own};
  std::string b = head(c, item.title, meta) + "<h1>" + escape(item.title) + "</h1>\n";
  b += fmt::format("<div class=\"info\">发布时间：{} 来源：{}办公室</div>\n<div class=\"content\">\n", iso_date(own), escape(s.name));
  for (const char* p : kParagraphs) b += std::string("<p>") + p + "</p>\n";
  if (!item.serious_phrase.empty()) b += "<p>会议传达学习了" + item.serious_phrase + "重要讲话精神。</p>\n";
  if (item.path == s.article_broken_from)
    for (const auto& u : s.article_broken) b += "<p><a href=\"" + u + "\">相关链接</a></p>\n";
  b += "</div>\n<p><a href=\"" + col.path + "\">返回" + escape(col.name) + "</a></p>\n";
  return page(s, b + foot(c));
}

FarmResponse guide_page(const Ctx& c, const FarmColumn& col, const FarmGuide& g) {
  const FarmSite& s = c.site;
  MetaInfo meta{&col, g.title, g.date};
  std::string b = head(c, g.title, meta) + "<h1>" + escape(g.title) + "</h1>\n";
  b += fmt::format("<div class=\"info\">发布时间：{}</div>\n", iso_date(g.date));
  const char* contents[] = {g.title.c_str(), "《中华人民共和国行政许可法》及有关规定", "符合法定条件的申请人",
                            "申请表、身份证明材料", "政务服务中心一楼综合窗口", "工作日上午9:00-12:00，下午13:30-17:00",
                            "0000-12345678", "申请、受理、审查、决定、送达", "承诺时限5个工作日", "不收费"};
  for (size_t k = 0; k < guide_elements().size(); ++k) {
    if (std::find(g.missing.begin(), g.missing.end(), static_cast<int>(k)) != g.missing.end()) continue;
    b += "<h3>" + guide_elements()[k] + "</h3>\n<p>" + escape(contents[k]) + "</p>\n";
  }
  b += "<div class=\"forms\">表格下载：";
  for (const auto& f : g.forms) b += " <a href=\"" + f + "\">" + f.substr(f.rfind('/') + 1) + "</a>";
  b += "</div>\n";
  return page(s, b + foot(c));
}

FarmResponse home_page(const Ctx& c) {
  const FarmSite& s = c.site;
  std::string b = head(c, "首页", MetaInfo{});
  if (s.search)
    b += "<form class=\"search\" action=\"/jsearchfront/search.do\" method=\"get\"><input name=\"q\"><button>搜索</button></form>\n";
  for (int ci : s.home_columns) {
    const FarmColumn& col = s.columns[ci];
    b += "<div class=\"box\"><h2><a href=\"" + col.path + "\">" + escape(col.name) + "</a></h2>\n<ul>\n";
    int shown = 0;
    for (const auto& item : col.items) {
      if (item.date > c.world.config.as_of || shown >= 5) continue;
      b += li(s, item.path, item.title, item.date) + "\n";
      ++shown;
    }
    b += "</ul></div>\n";
  }
  b += "<div class=\"links\">\n";
  if (!s.private_path.empty()) b += "<a href=\"" + s.private_path + "\">内部资料</a>\n";
  if (!s.soft404_link.empty()) b += "<a href=\"" + s.soft404_link + "\">专题专栏</a>\n";
  for (const auto& u : s.home_broken) b += "<a href=\"" + u + "\">相关链接</a>\n";
  for (const auto& u : s.external_ok) b += "<a href=\"" + u + "\">上级部门</a>\n";
  b += "</div>\n";
  return page(s, b + foot(c));
}

FarmResponse xmt_page(const Ctx& c) {
  const FarmSite& s = c.site;
  std::string b = head(c, "政务新媒体", MetaInfo{}) + "<h1>政务新媒体</h1>\n<ul class=\"media\">\n";
  for (const auto& a : s.apps) {
    if (a.platform == "app")
      b += fmt::format("<li>移动客户端：{} <a href=\"{}\">详情</a> <a href=\"{}\">下载</a></li>\n", escape(a.name), a.page_url, a.download_url);
    else
      b += fmt::format("<li>{} <a href=\"{}\">访问</a></li>\n", escape(a.name), a.page_url);
  }
  b += "</ul>\n";
  return page(s, b + foot(c));
}

FarmResponse simple_page(const Ctx& c, const std::string& title, const std::string& body) {
  return page(c.site, head(c, title, MetaInfo{}) + "<h1>" + escape(title) + "</h1>\n" + body + foot(c));
}

FarmResponse soft_404(const FarmSite& s) {
  std::string b = "<!DOCTYPE html>\n<html><head>" + meta_charset(s) +
                  "<title>页面不存在</title></head><body><p>您访问的页面不存在</p><p><a href=\"/\">返回首页</a></p></body></html>\n";
  return page(s, b);
}

FarmResponse not_found() { return {404, "text/html; charset=UTF-8", "<html><body><h1>404 Not Found</h1></body></html>\n", ""}; }

FarmResponse attachment(const std::string& path) {
  std::string ext = path.substr(path.rfind('.') + 1);
  if (ext == "pdf") return {200, "application/pdf", "%PDF-1.4\n% farm form\n%%EOF\n", ""};
  if (ext == "xls") return {200, "application/vnd.ms-excel", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "farm-xls", ""};
  return {200, "application/msword", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "farm-doc", ""};
}

FarmResponse robots(const FarmSite& s) {
  std::string b = "User-agent: *\n";
  b += s.private_path.empty() ? "Disallow:\n" : "Disallow: /private/\n";
  if (s.sitemap) b += "\nSitemap: http://" + s.host + "/sitemap.xml\n";
  return {200, "text/plain; charset=UTF-8", b, ""};
}

FarmResponse sitemap(const Ctx& c) {
  const FarmSite& s = c.site;
  std::string b = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  auto add = [&](const std::string& path, Day lastmod) {
    b += "<url><loc>" + escape(c.url(path)) + "</loc>";
    if (lastmod >= 0) b += "<lastmod>" + iso_date(lastmod) + "</lastmod>";
    b += "</url>\n";
  };
  add("/", s.home_newest);
  for (const auto& col : s.columns) {
    Day newest = -1;
    for (const auto& i : entries(col))
      if (i.date <= c.world.config.as_of) newest = std::max(newest, i.date);
    add(col.path, newest);
  }
  add(s.sitemap_only_path, -1);
  b += "</urlset>\n";
  return {200, "application/xml", b, ""};
}

FarmResponse site_answer(const Ctx& c, const std::string& path, const std::multimap<std::string, std::string>& q) {
  const FarmSite& s = c.site;
  if (path == "/") return home_page(c);
  if (path == "/robots.txt") return robots(s);
  if (path == "/xmt/index.html") return xmt_page(c);
  if (s.sitemap && path == "/sitemap.xml") return sitemap(c);
  if (s.sitemap && path == s.sitemap_only_path)
    return simple_page(c, "机构概况", "<p>" + escape(s.name) + "是本级人民政府的门户网站主办单位。</p>\n");
  if (!s.private_path.empty() && path == s.private_path) return simple_page(c, "内部资料", "<p>内部资料，仅供工作人员查阅。</p>\n");
  if (!s.soft404_link.empty() && path == s.soft404_link) return soft_404(s);
  if (s.style == FarmStyle::hanweb && path == "/module/web/jpage/dataproxy.jsp") return dataproxy(c, q);
  for (const auto& col : s.columns) {
    if (path == col.path) return list_page(c, col, 0);
    size_t n = col.kind == ColumnKind::services ? col.guides.size() : col.items.size();
    int pages = page_count(col, n);
    for (int p = 1; p < pages && s.style != FarmStyle::hanweb; ++p) {
      std::string lp = s.style == FarmStyle::trs ? fmt::format("/{}/index_{}.html", col.slug, p)
                                                 : fmt::format("/{}/page/{}.html", col.slug, p + 1);
      if (path == lp) return list_page(c, col, p);
    }
    for (const auto& item : col.items)
      if (path == item.path) return article_page(c, col, item);
    for (const auto& g : col.guides) {
      if (path == g.path) return guide_page(c, col, g);
      for (const auto& f : g.forms)
        if (path == f) return attachment(f);
    }
  }
  return s.soft404_unknown ? soft_404(s) : not_found();
}

FarmResponse extra_host_answer(const Ctx& c, const std::string& path) {
  const FarmSite& s = c.site;
  if (path == "/robots.txt") return {200, "text/plain; charset=UTF-8", "User-agent: *\nDisallow:\n", ""};
  if (path != "/") return not_found();
  std::string services;
  for (const auto& col : s.columns)
    if (col.kind == ColumnKind::services) services = col.path;
  std::string b = "<!DOCTYPE html>\n<html><head>" + meta_charset(s) + "<title>" + escape(s.name) + "政务服务网</title></head><body>\n<h1>" +
                  escape(s.name) + "政务服务网</h1>\n<p><a href=\"" + c.url("/") + "\">返回门户网站</a> <a href=\"" + c.url(services) +
                  "\">办事指南</a></p>\n</body></html>\n";
  return page(s, b);
}

}  // namespace

FarmResponse render_farm(const FarmWorld& world, const std::string& host, const std::string& path,
                         const std::multimap<std::string, std::string>& query, int port) {
  if (is_fault_host(world, host)) return render_fault_host(world, host, path, query, port);
  auto it = world.host_index.find(host);
  if (it != world.host_index.end()) {
    const FarmSite& s = world.sites[static_cast<size_t>(it->second)];
    Ctx c{world, s};
    return host == s.host ? site_answer(c, path, query) : extra_host_answer(c, path);
  }
  auto st = world.statics.find(host + path);
  if (st != world.statics.end()) return {st->second.status, st->second.content_type, st->second.body, ""};
  return not_found();
}

FarmResponse render_farm_url(const FarmWorld& world, const std::string& url, int port) {
  size_t from = url.find("://");
  from = from == std::string::npos ? 0 : from + 3;
  size_t slash = std::min(url.find('/', from), url.size()), q = url.find('?', slash);
  std::string host = url.substr(from, slash - from);
  std::string path = slash < url.size() ? url.substr(slash, q == std::string::npos ? std::string::npos : q - slash) : "/";
  std::multimap<std::string, std::string> query;
  if (q != std::string::npos) {
    std::string rest = url.substr(q + 1);
    size_t pos = 0;
    while (pos <= rest.size()) {
      size_t amp = rest.find('&', pos);
      std::string kv = rest.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
      size_t eq = kv.find('=');
      query.emplace(kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1));
      if (amp == std::string::npos) break;
      pos = amp + 1;
    }
  }
  return render_farm(world, host, path, query, port);
}

}  // namespace govaudit::farm
