#include "crawler/page_reader.h"

#include "crawler/url.h"

#include <gumbo.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "crawler/ascii_text.h"

namespace govaudit {
namespace {

constexpr std::size_t kMaxLinkText = 512;
constexpr std::size_t kMaxUrlBytes = 8192;  // longer hrefs are junk or traps; browsers cap near here

// Appends `s` to `*out` collapsing runs of white space (ASCII, NBSP U+00A0, ideographic U+3000) to
// one space, stopping at `cap` bytes (never inside a UTF-8 sequence).
void append_collapsed(std::string_view s, std::string* out, std::size_t cap) {
  for (std::size_t i = 0; i < s.size() && out->size() < cap;) {
    std::size_t ws = 0;
    if (is_ascii_space(s[i])) ws = 1;
    else if (s.compare(i, 2, "\xC2\xA0") == 0) ws = 2;
    else if (s.compare(i, 3, "\xE3\x80\x80") == 0) ws = 3;
    if (ws) {
      if (!out->empty() && out->back() != ' ') out->push_back(' ');
      i += ws;
      continue;
    }
    std::size_t n = 1;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0) n = 4;
    else if (c >= 0xE0) n = 3;
    else if (c >= 0xC0) n = 2;
    if (out->size() + n > cap) break;
    out->append(s.substr(i, n));
    i += n;
  }
}

std::string trimmed(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  std::size_t b = 0;
  while (b < s.size() && s[b] == ' ') ++b;
  return s.substr(b);
}

// ---- Nesting guard -------------------------------------------------------------------------
// Gumbo 0.10 scans the stack of open elements for most start tags, so its time grows with
// (tags × depth): 50,000 nested <div>s take minutes. Before parsing, start tags that would open
// an element beyond `max_nesting` are dropped, with their matching end tags, so text and links
// inside are kept and the depth Gumbo sees stays bounded. The count is an upper bound of real
// depth: elements that their siblings close implicitly (p, li, td, a …) and void elements are not
// counted, and an end tag only closes a name that is open.

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool not_nesting(const std::string& name) {
  static const char* const kNames[] = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
      "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
      "rb", "rp", "rt", "rtc", "a", "html", "head", "body", "colgroup", "caption", "keygen", "frame"};
  for (const char* n : kNames)
    if (name == n) return true;
  return false;
}

bool html_container(const std::string& name) {
  static const char* const kNames[] = {"div", "span", "b", "i", "u", "s", "em", "strong", "font", "table",
                                       "ul", "ol", "dl", "section", "article", "form", "select", "center",
                                       "small", "big", "blockquote", "nav", "header", "footer", "main",
                                       "aside", "label", "button", "object", "sub", "sup", "code", "pre"};
  for (const char* n : kNames)
    if (name == n) return true;
  return false;
}

bool is_raw_text(const std::string& name) {
  return name == "script" || name == "style" || name == "textarea" || name == "title" || name == "xmp" ||
         name == "iframe" || name == "noembed" || name == "noframes" || name == "plaintext";
}

std::string_view guard_nesting(std::string_view html, int max_nesting, std::string* storage, bool* limited) {
  std::unordered_map<std::string, int> open, dropped;
  int depth = 0;
  std::size_t copied = 0;
  bool any_dropped = false;
  std::size_t i = 0;
  while (i < html.size()) {
    std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) break;
    if (html.compare(lt, 4, "<!--") == 0) {
      std::size_t end = html.find("-->", lt + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    bool closing = html[lt + 1] == '/';
    std::size_t p = lt + (closing ? 2 : 1);
    if (p >= html.size() || !((html[p] >= 'a' && html[p] <= 'z') || (html[p] >= 'A' && html[p] <= 'Z'))) {
      i = lt + 1;
      continue;
    }
    std::string name;
    while (p < html.size() && is_name_char(html[p]) && name.size() < 16) name.push_back(html[p++]);
    name = ascii_lower(name);
    std::size_t gt = html.find('>', p);
    std::size_t tag_end = gt == std::string_view::npos ? html.size() : gt + 1;
    i = tag_end;
    if (!closing && is_raw_text(name)) {
      std::size_t close = html.size();
      std::string needle = "</" + name;
      for (std::size_t k = tag_end; k + needle.size() <= html.size(); ++k) {
        k = html.find('<', k);
        if (k == std::string_view::npos) break;
        if (k + needle.size() <= html.size() && ascii_lower(html.substr(k, needle.size())) == needle) {
          close = k;
          break;
        }
      }
      i = close;
      continue;
    }
    if (not_nesting(name)) continue;
    // "/>" closes foreign (SVG, MathML) elements such as <path/>; HTML ignores it on its own
    // containers, so for those the tag still counts as opening.
    bool self_closing = gt != std::string_view::npos && gt > p && html[gt - 1] == '/';
    if (!closing && self_closing && !html_container(name)) continue;
    bool drop = false;
    if (closing) {
      if (dropped[name] > 0) {
        --dropped[name];
        drop = true;
      } else if (open[name] > 0) {
        --open[name];
        --depth;
      }
    } else if (depth >= max_nesting) {
      ++dropped[name];
      drop = true;
    } else {
      ++open[name];
      ++depth;
    }
    if (drop) {
      storage->append(html.substr(copied, lt - copied));
      copied = tag_end;
      any_dropped = true;
    }
  }
  if (!any_dropped) return html;
  *limited = true;
  storage->append(html.substr(copied));
  return *storage;
}

// ---- Regions --------------------------------------------------------------------------------

int strength(TextRegion r) {
  switch (r) {
    case TextRegion::footer: return 5;
    case TextRegion::breadcrumb:
    case TextRegion::nav:
    case TextRegion::header: return 4;
    case TextRegion::heading:
    case TextRegion::list_item: return 2;
    case TextRegion::body: return 0;
  }
  return 0;
}

// True when a white-space separated token of `attr` contains one of `contains`, starts with one
// of `starts`, or starts with one of `words` as a whole word ("top", "top_bar", "head-1", but not
// "topic" or "headline", which are content).
bool token_matches(std::string_view attr, std::initializer_list<const char*> contains,
                   std::initializer_list<const char*> starts, std::initializer_list<const char*> words = {}) {
  std::string v = ascii_lower(attr);
  std::size_t i = 0;
  while (i < v.size()) {
    while (i < v.size() && is_ascii_space(v[i])) ++i;
    std::size_t e = i;
    while (e < v.size() && !is_ascii_space(v[e])) ++e;
    std::string_view tok(v.data() + i, e - i);
    for (const char* c : contains)
      if (!tok.empty() && tok.find(c) != std::string_view::npos) return true;
    for (const char* s : starts)
      if (tok.substr(0, std::strlen(s)) == s) return true;
    for (const char* w : words) {
      std::size_t n = std::strlen(w);
      if (tok.substr(0, n) == w && (tok.size() == n || tok[n] < 'a' || tok[n] > 'z')) return true;
    }
    i = e;
  }
  return false;
}

// The region an element opens by itself. Rule: footer = <footer>, or an id/class token containing
// foot, bottom, copyright or banquan (版权), or starting with "bq"; breadcrumb = a token containing
// crumb, position, location, weizhi (位置) or dqwz (当前位置); nav = <nav> or a token containing
// nav or menu; header = <header> or a token containing header or banner, or starting with the
// word head or top (not "headline", "topic"); heading = h1–h6; list_item = li, tr, dd. Everything else inherits its parent's region.
TextRegion own_region(GumboElement* el) {
  GumboAttribute* id = gumbo_get_attribute(&el->attributes, "id");
  GumboAttribute* cls = gumbo_get_attribute(&el->attributes, "class");
  std::string names = std::string(id ? id->value : "") + " " + (cls ? cls->value : "");
  switch (el->tag) {
    case GUMBO_TAG_FOOTER: return TextRegion::footer;
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY: return TextRegion::body;
    default: break;
  }
  if (token_matches(names, {"foot", "bottom", "copyright", "banquan"}, {"bq"})) return TextRegion::footer;
  if (token_matches(names, {"crumb", "position", "location", "weizhi", "dqwz"}, {})) return TextRegion::breadcrumb;
  if (el->tag == GUMBO_TAG_NAV || token_matches(names, {"nav", "menu"}, {})) return TextRegion::nav;
  if (el->tag == GUMBO_TAG_HEADER || token_matches(names, {"header", "banner"}, {}, {"head", "top"}))
    return TextRegion::header;
  switch (el->tag) {
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: return TextRegion::heading;
    case GUMBO_TAG_LI: case GUMBO_TAG_TR: case GUMBO_TAG_DD: return TextRegion::list_item;
    default: return TextRegion::body;
  }
}

TextRegion combine(TextRegion parent, TextRegion own) {
  if (parent == TextRegion::footer) return parent;
  if (own != TextRegion::body && strength(own) >= strength(parent)) return own;
  return parent;
}

bool is_block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HR: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_CAPTION:
      return true;
    default:
      return false;
  }
}

// ---- Dates in list entries ------------------------------------------------------------------

std::string date_like(std::string_view text) {
  static const RE2 kFull("(\\d{4}\\s*[-/.年]\\s*\\d{1,2}\\s*[-/.月]\\s*\\d{1,2}\\s*日?)");
  static const RE2 kShort("(\\[?\\d{1,2}[-/]\\d{1,2}\\]?)");
  std::string m;
  re2::StringPiece in(text.data(), text.size());
  if (RE2::PartialMatch(in, kFull, &m) || RE2::PartialMatch(in, kShort, &m)) return m;
  return "";
}

// ---- The walk -------------------------------------------------------------------------------

const char* attr(GumboNode* n, const char* name) {
  GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

struct PendingItem {
  struct Anchor {
    std::string url, title, text;
  };
  std::vector<Anchor> anchors;
  std::string other_text;
  std::string row_text;  ///< all text of the entry, anchors included
};

class Walker {
 public:
  Walker(PageRead* out, const PageReadLimits& limits, bool from_datastore, std::size_t* nodes)
      : out_(out), limits_(limits), from_datastore_(from_datastore), nodes_(nodes) {
    std::string err;
    base_ok_ = parse_url(out_->base_url, &base_, &err);
  }

  void walk(GumboNode* root);

 private:
  struct Frame {
    GumboNode* node;
    unsigned next = 0;
    TextRegion region;
    bool flush_on_exit = false;
    bool item = false;
    bool anchor = false;
    bool form = false;
  };

  void enter_element(GumboNode* n, Frame* f, TextRegion parent_region);
  void exit_element(Frame* f);
  void text(std::string_view s);
  void flush(TextRegion region);
  void add_link(std::string_view href, LinkSource source, std::string rel, std::string text);
  // As resolve_reference(out_->base_url, ref), against the base parsed once.
  std::string resolve(std::string_view ref) const {
    Url u;
    std::string err;
    return base_ok_ && resolve_url(base_, ref, &u, &err) ? serialize(u) : "";
  }

  PageRead* out_;
  // The base parsed once per page: a page has hundreds of links, and parsing the base for each
  // was a third of the URL work of a crawl (perf, bench/README.md §0.1).
  Url base_;
  bool base_ok_ = false;
  const PageReadLimits& limits_;
  bool from_datastore_;
  std::size_t* nodes_;
  std::string block_;
  std::size_t text_bytes_ = 0;
  std::vector<PendingItem> items_;
  std::string anchor_text_;
  std::string anchor_url_, anchor_title_;
  bool in_anchor_ = false;
  std::size_t anchor_link_ = static_cast<std::size_t>(-1);
  std::vector<std::size_t> forms_;
  bool title_seen_ = false;
};

void Walker::flush(TextRegion region) {
  std::string t = trimmed(std::move(block_));
  block_.clear();
  if (t.empty()) return;
  if (text_bytes_ + t.size() > limits_.max_text_bytes) {
    out_->truncated = true;
    return;
  }
  text_bytes_ += t.size();
  out_->blocks.push_back({std::move(t), region});
}

void Walker::text(std::string_view s) {
  append_collapsed(s, &block_, limits_.max_text_bytes);
  if (in_anchor_) append_collapsed(s, &anchor_text_, kMaxLinkText);
  else if (!items_.empty()) append_collapsed(s, &items_.back().other_text, 4096);
  if (!items_.empty()) {
    std::string& row = items_.back().row_text;
    // Text nodes of an entry are its cells and spans: a space keeps "2026-06-19" and "2026-06-25" apart.
    if (!row.empty() && row.size() < kMaxRowText && row.back() != ' ') row += ' ';
    append_collapsed(s, &row, kMaxRowText);
  }
}

void Walker::add_link(std::string_view href, LinkSource source, std::string rel, std::string text) {
  std::string_view h = href;
  while (!h.empty() && static_cast<unsigned char>(h.front()) <= 0x20) h.remove_prefix(1);
  if (h.empty() && source != LinkSource::a && source != LinkSource::form_action) return;
  if (h.size() > kMaxUrlBytes) return;
  std::string scheme;
  std::size_t colon = h.find(':');
  if (colon != std::string_view::npos && colon < 12) scheme = ascii_lower(h.substr(0, colon));
  if (scheme == "mailto" || scheme == "tel") {
    std::string value(h.substr(colon + 1));
    value = value.substr(0, value.find('?'));
    if (out_->contacts.size() < limits_.max_links) out_->contacts.push_back({scheme, value, trimmed(text)});
    return;
  }
  if (scheme == "javascript" || scheme == "data" || scheme == "vbscript" || scheme == "about") return;
  if (out_->links.size() >= limits_.max_links) {
    out_->links_truncated = true;
    return;
  }
  PageLink link;
  link.url = resolve(h);
  if (link.url.empty()) return;  // not a URL the crawl could follow
  link.text = trimmed(std::move(text));
  link.source = from_datastore_ ? LinkSource::script_datastore : source;
  link.rel = ascii_lower(rel);
  link.nofollow = (" " + link.rel + " ").find(" nofollow ") != std::string::npos;
  out_->links.push_back(std::move(link));
}

void Walker::enter_element(GumboNode* n, Frame* f, TextRegion parent_region) {
  GumboElement* el = &n->v.element;
  TextRegion own = own_region(el);
  f->region = combine(parent_region, own);
  if (is_block(el->tag) || f->region != parent_region) {
    flush(parent_region);
    f->flush_on_exit = true;
  }
  switch (el->tag) {
    case GUMBO_TAG_HTML:
      if (const char* l = attr(n, "lang")) out_->lang = ascii_lower(l);
      break;
    case GUMBO_TAG_TITLE:
      if (!title_seen_) {
        title_seen_ = true;
        std::string t;
        for (unsigned i = 0; i < el->children.length; ++i) {
          auto* c = static_cast<GumboNode*>(el->children.data[i]);
          if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE)
            append_collapsed(c->v.text.text, &t, 4096);
        }
        out_->title = trimmed(t);
      }
      f->next = el->children.length;  // title text is not a block
      break;
    case GUMBO_TAG_META: {
      const char* content = attr(n, "content");
      const char* key = attr(n, "name");
      if (!key) key = attr(n, "http-equiv");
      if (!key) key = attr(n, "property");
      if (!key) key = attr(n, "itemprop");  // schema.org microdata: <meta itemprop="datePublished">
      if (key && content) {
        std::string k = ascii_lower(key);
        out_->metas.emplace(k, content);
        if (k == "viewport") out_->has_viewport = true;
        if (k == "refresh") {
          // content="5; url=/new/"
          std::string c = content;
          std::string lc = ascii_lower(c);
          std::size_t u = lc.find("url");
          if (u != std::string::npos) {
            std::size_t eq = c.find('=', u);
            if (eq != std::string::npos) {
              std::string target = c.substr(eq + 1);
              while (!target.empty() && (is_ascii_space(target.front()) || target.front() == '\'' || target.front() == '"'))
                target.erase(0, 1);
              while (!target.empty() && (is_ascii_space(target.back()) || target.back() == '\'' || target.back() == '"'))
                target.pop_back();
              if (!target.empty()) add_link(target, LinkSource::meta_refresh, "", "");
            }
          }
        }
      }
      break;
    }
    case GUMBO_TAG_A:
      if (const char* href = attr(n, "href")) {
        in_anchor_ = true;
        f->anchor = true;
        anchor_text_.clear();
        anchor_url_ = href;
        const char* title = attr(n, "title");
        anchor_title_ = title ? title : "";
        const char* rel = attr(n, "rel");
        std::size_t before = out_->links.size();
        add_link(href, LinkSource::a, rel ? rel : "", "");
        anchor_link_ = out_->links.size() > before ? before : static_cast<std::size_t>(-1);
        if (out_->links.size() > before) out_->links[before].region = f->region;
      }
      break;
    case GUMBO_TAG_AREA:
      if (const char* href = attr(n, "href")) {
        const char* alt = attr(n, "alt");
        const char* rel = attr(n, "rel");
        add_link(href, LinkSource::area, rel ? rel : "", alt ? alt : "");
      }
      break;
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_IFRAME:
      if (const char* src = attr(n, "src"))
        add_link(src, el->tag == GUMBO_TAG_FRAME ? LinkSource::frame : LinkSource::iframe, "", "");
      break;
    case GUMBO_TAG_LINK: {
      const char* rel = attr(n, "rel");
      const char* href = attr(n, "href");
      if (rel && href && token_matches(rel, {}, {"alternate"})) {
        const char* title = attr(n, "title");
        add_link(href, LinkSource::link_alternate, rel, title ? title : "");
      }
      break;
    }
    case GUMBO_TAG_FORM: {
      const char* action = attr(n, "action");
      const char* method = attr(n, "method");
      PageForm form;
      form.action = resolve(action ? action : "");
      form.method = method && ascii_lower(method) == "post" ? "post" : "get";
      out_->forms.push_back(form);
      forms_.push_back(out_->forms.size() - 1);
      f->form = true;
      if (action && *action) add_link(action, LinkSource::form_action, "", "");
      break;
    }
    case GUMBO_TAG_INPUT:
      if (!forms_.empty()) {
        const char* type = attr(n, "type");
        const char* name = attr(n, "name");
        std::string t = type ? ascii_lower(type) : "text";
        if ((t == "text" || t == "search") && name &&
            token_matches(name, {"keyword", "search", "query"}, {"q", "kw", "wd", "key", "word", "sw"}))
          out_->forms[forms_.back()].is_search = true;
      }
      break;
    case GUMBO_TAG_OPTION: {
      // Only values that are plainly URLs: other option values are form data.
      const char* value = attr(n, "value");
      std::string v = value ? ascii_lower(trim_ascii_space(value).substr(0, 8)) : "";
      if (v.rfind("http://", 0) == 0 || v.rfind("https://", 0) == 0) {
        std::string label;
        for (unsigned i = 0; i < el->children.length; ++i) {
          auto* c = static_cast<GumboNode*>(el->children.data[i]);
          if (c->type == GUMBO_NODE_TEXT) append_collapsed(c->v.text.text, &label, kMaxLinkText);
        }
        add_link(value, LinkSource::select_option, "", label);
      }
      break;
    }
    case GUMBO_TAG_IMG: {
      ++out_->images;
      const char* alt = attr(n, "alt");
      if (!alt) ++out_->images_without_alt;
      else if (in_anchor_) append_collapsed(std::string(" ") + alt + " ", &anchor_text_, kMaxLinkText);
      break;
    }
    case GUMBO_TAG_LI:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_DD:
      items_.emplace_back();
      f->item = true;
      break;
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEMPLATE:
      f->next = el->children.length;  // not visible text
      break;
    default:
      break;
  }
}

void Walker::exit_element(Frame* f) {
  if (f->anchor) {
    in_anchor_ = false;
    std::string text = trimmed(anchor_text_);
    if (anchor_link_ != static_cast<std::size_t>(-1) && anchor_link_ < out_->links.size())
      out_->links[anchor_link_].text = text;
    if (!items_.empty() && anchor_link_ != static_cast<std::size_t>(-1))
      items_.back().anchors.push_back({out_->links[anchor_link_].url, anchor_title_, text});
    anchor_link_ = static_cast<std::size_t>(-1);
  }
  if (f->form && !forms_.empty()) forms_.pop_back();
  if (f->item && !items_.empty()) {
    PendingItem item = std::move(items_.back());
    items_.pop_back();
    // The entry's article is its link with the longest title (a leading [类别] link is shorter).
    auto best = std::max_element(item.anchors.begin(), item.anchors.end(), [](const auto& a, const auto& b) {
      return std::max(a.title.size(), a.text.size()) < std::max(b.title.size(), b.text.size());
    });
    std::string row = trimmed(item.row_text);
    if (!row.empty() && out_->rows.size() < kMaxRows)
      out_->rows.push_back({std::move(row), best == item.anchors.end() ? std::string() : best->url});
    if (!item.anchors.empty()) {
      std::string date = date_like(item.other_text);
      if (date.empty()) date = date_like(best->text);
      if (!date.empty()) {
        ListItem li;
        li.url = best->url;
        li.title = !best->title.empty() ? best->title : best->text;
        li.raw_date_text = date;
        li.from_datastore = from_datastore_;
        out_->list_items.push_back(std::move(li));
      }
    }
  }
  if (f->flush_on_exit) flush(f->region);
}

void Walker::walk(GumboNode* root) {
  std::vector<Frame> stack;
  stack.push_back({root, 0, TextRegion::body});
  while (!stack.empty()) {
    Frame& top = stack.back();
    GumboNode* node = top.node;
    GumboVector* children = nullptr;
    if (node->type == GUMBO_NODE_DOCUMENT) children = &node->v.document.children;
    else if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) children = &node->v.element.children;
    if (!children || top.next >= children->length) {
      if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) exit_element(&top);
      stack.pop_back();
      continue;
    }
    auto* child = static_cast<GumboNode*>(children->data[top.next++]);
    if (++*nodes_ > limits_.max_nodes) {
      out_->truncated = true;
      break;
    }
    TextRegion region = top.region;
    switch (child->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        text(child->v.text.text);
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        stack.push_back({child, 0, region});
        enter_element(child, &stack.back(), region);
        break;
      }
      default:
        break;
    }
  }
  // Left by the node limit: close what is open so pending items and text are not lost.
  while (!stack.empty()) {
    if (stack.back().node->type == GUMBO_NODE_ELEMENT) exit_element(&stack.back());
    stack.pop_back();
  }
  flush(TextRegion::body);
}

// The first <base href>, searched breadth-first in bounded steps.
const char* find_base_href(GumboNode* root, std::size_t max_nodes) {
  std::vector<GumboNode*> queue{root};
  for (std::size_t i = 0; i < queue.size() && i < max_nodes; ++i) {
    GumboNode* n = queue[i];
    GumboVector* children = nullptr;
    if (n->type == GUMBO_NODE_DOCUMENT) children = &n->v.document.children;
    else if (n->type == GUMBO_NODE_ELEMENT) {
      if (n->v.element.tag == GUMBO_TAG_BASE)
        if (const char* href = attr(n, "href")) return href;
      if (n->v.element.tag == GUMBO_TAG_BODY) continue;  // <base> belongs in <head>; Gumbo keeps it there
      children = &n->v.element.children;
    }
    if (children)
      for (unsigned k = 0; k < children->length; ++k) queue.push_back(static_cast<GumboNode*>(children->data[k]));
  }
  return nullptr;
}

void parse_and_walk(std::string_view html, PageRead* out, const PageReadLimits& limits, bool from_datastore,
                    std::size_t* nodes, bool find_base) {
  std::string storage;
  bool limited = false;
  std::string_view guarded = guard_nesting(html, limits.max_nesting, &storage, &limited);
  if (limited) out->truncated = true;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // Gumbo copies the open-element stack into every error: quadratic memory
  GumboOutput* doc = gumbo_parse_with_options(&options, guarded.data(), guarded.size());
  if (!doc) return;
  if (find_base) {
    if (const char* href = find_base_href(doc->document, limits.max_nodes)) {
      std::string resolved = resolve_reference(out->base_url, href);
      if (resolved.rfind("http://", 0) == 0 || resolved.rfind("https://", 0) == 0) out->base_url = resolved;
    }
  }
  Walker walker(out, limits, from_datastore, nodes);
  walker.walk(doc->document);
  gumbo_destroy_output(&options, doc);
}

}  // namespace

const char* link_source_name(LinkSource source) {
  switch (source) {
    case LinkSource::a: return "a";
    case LinkSource::area: return "area";
    case LinkSource::frame: return "frame";
    case LinkSource::iframe: return "iframe";
    case LinkSource::link_alternate: return "link_alternate";
    case LinkSource::form_action: return "form_action";
    case LinkSource::script_datastore: return "script_datastore";
    case LinkSource::script_pagination: return "script_pagination";
    case LinkSource::jpage: return "jpage";
    case LinkSource::meta_refresh: return "meta_refresh";
    case LinkSource::select_option: return "select_option";
  }
  return "a";
}

const char* text_region_name(TextRegion region) {
  switch (region) {
    case TextRegion::body: return "body";
    case TextRegion::header: return "header";
    case TextRegion::nav: return "nav";
    case TextRegion::footer: return "footer";
    case TextRegion::breadcrumb: return "breadcrumb";
    case TextRegion::list_item: return "list_item";
    case TextRegion::heading: return "heading";
  }
  return "body";
}

std::string resolve_reference(const std::string& base, std::string_view ref) {
  Url b, out;
  std::string err;
  if (!parse_url(base, &b, &err) || !resolve_url(b, ref, &out, &err)) return "";
  return serialize(out);
}

PageRead read_page(std::string_view utf8_html, const std::string& base_url, const PageReadLimits& limits) {
  PageRead out;
  out.base_url = base_url;
  std::size_t nodes = 0;
  parse_and_walk(utf8_html, &out, limits, false, &nodes, true);

  // Lists that live in scripts (spec/research/portal-mechanics.md).
  std::vector<std::string> records = datastore_records(utf8_html);
  if (!records.empty()) {
    std::string joined;
    for (const auto& r : records) joined += r + "\n";
    parse_and_walk(joined, &out, limits, true, &nodes, false);
  }
  auto add_all = [&](const std::vector<std::string>& urls, LinkSource source) {
    for (const auto& u : urls) {
      if (out.links.size() >= limits.max_links) {
        out.links_truncated = true;
        return;
      }
      out.links.push_back({u, "", source, "", false});
    }
  };
  add_all(js_pagination_urls(utf8_html, out.base_url), LinkSource::script_pagination);
  out.jpage = jpage_unit(utf8_html);
  if (out.jpage) add_all(jpage_page_urls(*out.jpage, out.base_url, limits.max_script_pages), LinkSource::jpage);
  return out;
}

bool is_readable_page(const std::string& content_type, std::string_view body) {
  std::string ct = content_type;
  std::transform(ct.begin(), ct.end(), ct.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ct.find("html") != std::string::npos || ct.find("xml") != std::string::npos) return true;
  if (!ct.empty() && ct.find("text/plain") == std::string::npos) return false;
  auto head = body.substr(0, 512);
  for (const char* mark : {"<html", "<HTML", "<!DOCTYPE", "<!doctype", "<?xml", "<head", "<body"})
    if (head.find(mark) != std::string_view::npos) return true;
  return false;
}

}  // namespace govaudit
