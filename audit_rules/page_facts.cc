#include "audit_rules/page_facts.h"

#include <re2/re2.h>

#include <algorithm>

namespace govaudit {
namespace {

// Visible text kept per page for the rubric's pattern lists: enough for any article, bounded so a
// hostile page cannot grow the audit.
constexpr size_t kMaxText = 256 * 1024;

bool contains(const std::string& hay, const char* needle) { return hay.find(needle) != std::string::npos; }

bool any_of_words(const std::string& hay, std::initializer_list<const char*> words, std::string* which = nullptr) {
  for (const char* w : words)
    if (contains(hay, w)) {
      if (which) *which = w;
      return true;
    }
  return false;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Share of code points of `text` in [lo, hi] among its non-ASCII, non-space code points.
double script_share(const std::string& text, char32_t lo, char32_t hi) {
  size_t in = 0, total = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    char32_t cp;
    int len;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c >> 5) == 6) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c >> 4) == 14) {
      cp = c & 0x0F;
      len = 3;
    } else if ((c >> 3) == 30) {
      cp = c & 0x07;
      len = 4;
    } else {
      ++i;
      continue;
    }
    if (i + len > text.size()) break;
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += len;
    ++total;
    if (cp >= lo && cp <= hi) ++in;
  }
  return total ? static_cast<double>(in) / static_cast<double>(total) : 0.0;
}

struct Script {
  const char* name;
  char32_t lo, hi;
};
// un-rubric.md, "minority-language version(s)": the scripts and their ranges.
const Script kMinorityScripts[] = {{"Tibetan", 0x0F00, 0x0FFF}, {"Mongolian", 0x1800, 0x18AF},
                                   {"Arabic-script (Uyghur/Kazakh)", 0x0600, 0x06FF}, {"Yi", 0xA000, 0xA4CF},
                                   {"Hangul", 0xAC00, 0xD7AF}};

void detect_features(const PageInput& in, const std::string& body_text, const std::string& footer_text,
                     PageFacts* out) {
  auto& f = out->features;
  auto set = [&](const std::string& id, const std::string& seen) {
    if (!f.count(id)) f[id] = seen.substr(0, 160);
  };
  std::string all_text = body_text + "\n" + footer_text;
  if (in.url.rfind("https://", 0) == 0) set("https", "served over https");
  if (in.has_viewport) set("viewport", "<meta name=viewport>");
  if (!in.lang.empty()) set("lang", "lang=" + in.lang);
  if (in.has_search_form) set("search", "search form");
  for (const auto& [name, content] : in.metas) {
    std::string n = lower_ascii(name);
    if (n == "siteidcode" && RE2::PartialMatch(content, "\\d{10}")) set("site_id_code", "SiteIDCode " + content);
    if (n == "siteidcode" || n == "columnname" || n == "pubdate" || n == "sitename" || n == "columntype")
      set("guideline_meta", "<meta name=" + name + ">");
  }
  std::string code;
  if (RE2::PartialMatch(all_text, "网站标识码[：:\\s]*([0-9A-Za-z]{10})", &code)) set("site_id_code", "网站标识码 " + code);
  std::string m;
  if (RE2::PartialMatch(all_text, "([\\p{Han}]{1,2}ICP备[0-9]+号?(?:-\\d+)?)", &m) || RE2::PartialMatch(all_text, "(ICP备[0-9]+)", &m))
    set("icp", m);
  if (RE2::PartialMatch(all_text, "(公网安备\\s*[0-9]+号?)", &m)) set("police_record", m);
  if (RE2::PartialMatch(all_text, "(主办单位[：:]?\\s*\\S{2,30})", &m) || RE2::PartialMatch(all_text, "(主办[：:]\\s*\\S{2,30})", &m))
    set("organiser", m);
  if (RE2::PartialMatch(all_text, "((?:联系电话|电话|咨询电话)[：:]?\\s*0\\d{2,3}-?\\d{7,8})", &m)) set("helpdesk_phone", m);
  if (RE2::PartialMatch(all_text, "([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})", &m)) set("contact", "e-mail " + m);
  for (const auto& [url, text] : in.links) {
    std::string which;
    std::string lt = lower_ascii(text);
    std::string lu = lower_ascii(url);
    auto seen = [&](const char* what) { return std::string(what) + ": " + text + " → " + url; };
    if (any_of_words(text, {"联系我们", "联系方式"}) || lt == "contact us") set("contact", seen("link"));
    if (any_of_words(text, {"网站地图", "站点地图"}) || lt == "sitemap") set("sitemap", seen("link"));
    if (any_of_words(text, {"隐私", "个人信息保护"}) || contains(lt, "privacy")) set("privacy", seen("link"));
    if (any_of_words(text, {"数据开放", "开放数据", "公共数据开放"}) || contains(lt, "open data")) set("open_data", seen("link"));
    if (any_of_words(text, {"无障碍", "适老化", "长者模式", "关怀版", "老年模式", "长辈版"})) set("accessibility_mode", seen("link"));
    if (any_of_words(text, {"English", "ENGLISH", "英文版", "英文"})) set("english_version", seen("link"));
    if (any_of_words(text, {"藏文", "维吾尔文", "维文", "蒙古文", "蒙文", "彝文", "壮文", "哈萨克文", "朝鲜文"}, &which))
      set("minority_language", seen(which.c_str()));
    if (any_of_words(text, {"我为政府网站找错", "政府网站找错"}) || contains(lu, "zfwzzc")) set("error_report_channel", seen("link"));
    if (any_of_words(text, {"登录", "注册", "个人中心"})) set("login", seen("link"));
    if (any_of_words(text, {"高级搜索", "高级检索"})) set("advanced_search", seen("link"));
    if (any_of_words(text, {"政务新媒体", "微信", "微博", "抖音", "头条号"})) set("social_media", seen("link"));
    if (any_of_words(text, {"客户端", "APP下载", "移动端", "App"}) || lu.ends_with(".apk")) set("app", seen("link"));
    if (any_of_words(text, {"政务服务网", "一网通办", "网上办事大厅", "政务服务"})) set("service_hall_link", seen("link"));
  }
  for (const auto& s : kMinorityScripts) {
    double share = script_share(body_text, s.lo, s.hi);
    if (share > 0.3) set("minority_language", std::string(s.name) + " script in page text");
  }
}

// Messages: an item on an interaction page with an ask date and a reply date, or a 未回复 mark.
void read_messages(const PageInput& in, std::optional<CivilDate> reference, PageFacts* out) {
  DateContext ctx;
  ctx.source = DateSource::list_item;
  ctx.reference = reference;
  for (const auto& item : in.items) {
    bool unanswered = any_of_words(item.text, {"未回复", "待回复", "暂未回复", "未答复", "处理中"});
    bool has_reply_label = any_of_words(item.text, {"回复", "答复", "办结"});
    if (!unanswered && !has_reply_label && !any_of_words(item.text, {"留言", "提问", "来信"})) continue;
    auto dates = find_dates(item.text, ctx);
    if (dates.empty()) continue;
    MessageFact msg;
    msg.url = item.url;
    msg.title = item.text.substr(0, 120);
    msg.asked = dates.front().date;
    if (!unanswered && dates.size() >= 2) msg.replied = dates[1].date;
    msg.marked_unanswered = unanswered;
    out->messages.push_back(std::move(msg));
  }
}

void read_media(const PageInput& in, PageFacts* out) {
  for (const auto& [url, text] : in.links) {
    std::string lu = lower_ascii(url);
    std::string kind;
    // Account links often say only 访问/关注: the platform's host names the kind then.
    if (contains(text, "微信") || contains(text, "公众号") || contains(lu, "weixin.qq.com")) kind = "wechat";
    else if (contains(text, "微博") || contains(lu, "weibo.com")) kind = "weibo";
    else if (contains(text, "抖音") || contains(lu, "douyin.com")) kind = "douyin";
    else if (contains(text, "小程序")) kind = "miniprogram";
    else if (contains(text, "头条")) kind = "toutiao";
    else if (contains(text, "客户端") || contains(text, "APP") || contains(text, "App") || lu.ends_with(".apk") ||
             contains(lu, "app.store") || contains(lu, "/app/"))
      kind = "app";
    if (!kind.empty()) out->media.push_back({kind, text.substr(0, 80), url});
  }
}

}  // namespace

const std::vector<std::pair<std::string, std::vector<std::string>>>& guide_element_labels() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> labels = {
      {"item", {"事项名称", "服务事项"}},
      {"legal_basis", {"设定依据", "法律依据", "办理依据", "实施依据"}},
      {"conditions", {"申请条件", "办理条件", "受理条件"}},
      {"materials", {"办理材料", "申请材料", "申报材料", "所需材料"}},
      {"place", {"办理地点", "受理地点", "办公地址"}},
      {"hours", {"办理时间", "受理时间", "办公时间"}},
      {"phone", {"联系电话", "咨询电话", "咨询方式"}},
      {"procedure", {"办理流程", "办理程序", "办理时限", "承诺时限", "法定时限"}},
      {"office", {"办理机构", "实施机关", "受理机构"}},
      {"fees", {"收费标准", "收费依据", "是否收费"}},
  };
  return labels;
}

PageFacts extract_page_facts(const PageInput& in, std::optional<CivilDate> reference) {
  PageFacts out;
  out.url = in.url;
  out.charset = in.charset;
  out.title = in.title;
  out.links = in.links;
  out.images = in.images;
  out.images_without_alt = in.images_without_alt;

  std::string body_text, footer_text;
  for (const auto& b : in.blocks) {
    bool footer = b.region == "footer" || b.region == "copyright";
    std::string& sink = footer ? footer_text : body_text;
    if (sink.size() < kMaxText) sink += b.text + "\n";
  }
  if (body_text.size() > kMaxText) body_text.resize(kMaxText);
  out.text = body_text;

  // Dates: the page's own, the newest listed item, and every date with its source.
  PageDateInput di{in.url, in.metas, in.blocks, in.last_modified, reference};
  PagePublished pub = published_date(di);
  out.future_dates = pub.future_dates;
  out.newest = newest_item_date(in.items, reference);
  for (const auto& d : out.newest.future_dates) out.future_dates.push_back(d);
  DateContext item_ctx;
  item_ctx.source = DateSource::list_item;
  item_ctx.reference = reference;
  for (size_t i = 0; i < in.items.size() && i < 500; ++i) {
    if (in.items[i].url.empty()) continue;
    auto found = find_dates(in.items[i].text, item_ctx);
    if (!found.empty()) out.item_dates.emplace_back(in.items[i].url, found.back().date);
  }
  for (const auto& b : in.blocks) {
    if (b.region == "footer" || b.region == "copyright") continue;
    DateContext ctx;
    ctx.reference = reference;
    for (auto& d : find_dates(b.text, ctx)) {
      if (out.dates.size() >= 500) break;
      out.dates.push_back(std::move(d));
    }
  }
  if (auto meta = date_from_meta(in.metas, reference)) out.dates.insert(out.dates.begin(), *meta);

  ColumnEvidence ev;
  for (const auto& [name, content] : in.metas) {
    std::string n = lower_ascii(name);
    if (n == "columnname") ev.column_name_meta = content;
    if (n == "columntype") ev.column_type_meta = content;
  }
  ev.breadcrumb = in.breadcrumb;
  ev.title = in.title;
  ev.url = in.url;
  out.column = identify_column(ev);

  PageShape shape;
  shape.url = in.url;
  shape.metas = in.metas;
  shape.list_items = static_cast<int>(in.items.size());
  shape.dated_list_items = out.newest.item_count - out.newest.no_visible_date_count;
  shape.has_pagination = in.has_pagination;
  shape.has_datastore = in.has_datastore;
  shape.has_publish_line = pub.date && pub.source == DateSource::publish_line;
  shape.text_bytes = body_text.size();
  out.kind = classify_page(shape);
  if (out.kind == PageKind::article || (pub.date && out.kind != PageKind::list && out.kind != PageKind::home)) {
    out.published = pub.date;
    out.published_source = pub.date ? std::string(date_source_name(pub.source)) : "";
  }
  if (out.kind == PageKind::list || out.kind == PageKind::other) {
    if (!in.script_only_list && is_blank_column(static_cast<int>(in.items.size()), body_text)) {
      out.blank = true;
      for (const auto& p : default_column_vocabulary().placeholders)
        if (body_text.find(p) != std::string::npos) out.placeholder = p;
    }
  }

  // Service guides: a page titled 办事指南, or carrying at least three element labels.
  int labels = 0;
  for (const auto& [id, words] : guide_element_labels()) {
    for (const auto& w : words)
      if (body_text.find(w) != std::string::npos) {
        out.guide_elements.insert(id);
        break;
      }
  }
  labels = static_cast<int>(out.guide_elements.size());
  out.service_guide = contains(in.title, "办事指南") || contains(in.title, "服务指南") || labels >= 3;
  if (!out.service_guide) out.guide_elements.clear();

  detect_features(in, body_text, footer_text, &out);
  if (out.column.type == ColumnType::interaction || any_of_words(in.title, {"留言", "信箱", "咨询", "互动"}))
    read_messages(in, reference, &out);
  read_media(in, &out);
  return out;
}

}  // namespace govaudit
