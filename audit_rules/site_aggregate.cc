#include "audit_rules/site_aggregate.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

namespace govaudit {
namespace {

bool dead(const AuditedFetch& f) {
  return f.kind != "not_fetched" && (f.status == 0 || f.status >= 400 || f.soft_404);
}

std::string dead_class(const AuditedFetch& f) {
  if (f.soft_404) return "soft404";
  if (f.status >= 400) return "http_error";
  if (f.error_class.find("timeout") != std::string::npos) return "timeout";
  if (f.error_class == "dns") return "dns";
  if (f.error_class == "tls") return "tls";
  if (f.error_class.rfind("connect", 0) == 0) return "connect";
  return f.error_class.empty() ? "other" : f.error_class;
}

std::string host_of(const std::string& url) {
  auto s = url.find("://");
  if (s == std::string::npos) return "";
  auto e = url.find_first_of("/:?#", s + 3);
  return url.substr(s + 3, e == std::string::npos ? std::string::npos : e - s - 3);
}

std::string channel_kind(const std::string& name) {
  if (name.find("信访") != std::string::npos) return "petition";
  if (name.find("举报") != std::string::npos) return "discipline";
  if (name.find("访谈") != std::string::npos) return "interview";
  if (name.find("征集") != std::string::npos || name.find("调查") != std::string::npos) return "survey";
  if (name.find("信箱") != std::string::npos) return "mailbox";
  if (name.find("投诉") != std::string::npos) return "complaint";
  if (name.find("咨询") != std::string::npos || name.find("留言") != std::string::npos ||
      name.find("互动") != std::string::npos)
    return "consultation";
  return "other";
}

int ceil_days_between(const std::string& a, const std::string& b) {
  auto da = parse_iso_date(a.substr(0, 10));
  auto db = parse_iso_date(b.substr(0, 10));
  if (!da || !db) return 0;
  return std::max(1, days_between(*da, *db) + 1);
}

std::optional<CivilDate> newest_visible(const NewestItem& n) {
  std::optional<CivilDate> best;
  for (const auto& d : n.item_dates)
    if (d.source == DateSource::list_item && (!best || d.date > *best)) best = d.date;
  return best;
}


bool is_download(const MediaFact& m) {
  std::string u = m.url.substr(0, m.url.find_first_of("?#"));
  for (const char* ext : {".apk", ".ipa", ".hap"})
    if (u.size() > 4 && u.compare(u.size() - 4, 4, ext) == 0) return true;
  return m.name.find("下载") != std::string::npos;
}

std::string failure_of(const AuditedFetch& t) {
  return t.soft_404 ? "soft 404" : t.status ? "status " + std::to_string(t.status) : "no answer (" + t.error_class + ")";
}

// Adds one listed app/new-media link to `media`. A download link belongs to the app whose detail
// page links to it, else to the app listed just before it (the usual 详情 | 下载 pair), so an app is
// one entry — one zombie flag — whose target is dead when either its page or its download is.
template <typename TargetFn>
void add_media(const MediaFact& m, const std::string& seen_at, TargetFn target,
               std::vector<MediaEntry>* media) {
  if (std::any_of(media->begin(), media->end(), [&](const MediaEntry& x) { return x.url == m.url || x.download == m.url; }))
    return;
  const AuditedFetch* t = target(m.url);
  bool checked = t && t->kind != "not_fetched";
  if (is_download(m)) {
    MediaEntry* owner = nullptr;
    for (auto& e : *media) {
      const AuditedFetch* p = target(e.url);
      if (e.download.empty() && p && p->facts &&
          std::any_of(p->facts->links.begin(), p->facts->links.end(), [&](const auto& l) { return l.first == m.url; }))
        owner = &e;
    }
    if (!owner && !media->empty() && media->back().download.empty() && media->back().kind == "app") owner = &media->back();
    if (owner) {
      owner->download = m.url;
      if (checked && dead(*t)) {
        owner->target_ok = false;
        owner->detail = "download " + m.url + " " + failure_of(*t);
      }
      return;
    }
  }
  MediaEntry e{m.kind, m.name, m.url, seen_at, false, std::nullopt};
  e.checked = checked;
  if (t) {
    e.target_ok = !dead(*t) && t->status > 0;
    if (!e.target_ok) e.detail = m.url + " " + failure_of(*t);
    if (t->facts) {
      if (!t->facts->title.empty()) e.name = t->facts->title.substr(0, 120);
      std::optional<CivilDate> newest;
      for (const auto& d : t->facts->dates)
        if (!newest || d.date > *newest) newest = d.date;
      if (newest) e.newest = newest->to_string();
    }
  }
  media->push_back(std::move(e));
}
// Lists that print "[03-05]" leave the year to the reader; the article names it. A month-day item
// whose article was fetched takes the article's year when the article shows the same month and day
// (the year a reader would see on clicking); otherwise the inferred year stands.
using ArticleLookup = std::function<const PageFacts*(const std::string&)>;

ItemDate resolve_year(const ItemDate& d, const ArticleLookup& article) {
  if (!d.year_inferred) return d;
  const PageFacts* a = article(d.url);
  if (!a || !a->published || a->published->m != d.date.m || a->published->d != d.date.d) return d;
  return {d.url, *a->published, false};
}

// The newest visible item date of a list page, years resolved from the articles.
std::optional<CivilDate> newest_listed(const PageFacts& pf, const ArticleLookup& article) {
  if (pf.item_dates.empty()) return newest_visible(pf.newest);
  std::optional<CivilDate> best;
  for (const auto& d : pf.item_dates) {
    CivilDate r = resolve_year(d, article).date;
    if (!best || r > *best) best = r;
  }
  return best;
}

// Links of a page that read as news headlines rather than section names: an article-coded URL
// (t20240305_1.html, /art/2024/3/5/) or an anchor of 12 or more characters. Bounded by the links kept.
int undated_headlines(const PageFacts& pf, CivilDate as_of) {
  int n = 0;
  for (const auto& [url, text] : pf.links) {
    size_t chars = 0;
    for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
    if (chars >= 12 || (date_from_url(url, as_of) && url.find("/col/") == std::string::npos)) ++n;
  }
  return n;
}

}  // namespace

std::string column_key(const std::string& url) {
  std::string id;
  if (RE2::PartialMatch(url, "/module/web/jpage/dataproxy\\.jsp\\?.*columnid=(\\d+)", &id))
    return url.substr(0, url.find("/module/")) + "/col/col" + id + "/";
  std::string u = url.substr(0, url.find_first_of("?#"));
  std::string prefix;
  if (RE2::FullMatch(u, "(.*/)index(?:_\\d+)?\\.s?html?", &prefix)) return prefix;
  if (RE2::FullMatch(u, "(.*/)page/\\d+\\.html?", &prefix)) return prefix;
  if (!u.empty() && u.back() == '/') return u;
  return u.substr(0, u.rfind('/') + 1);
}

SiteFacts aggregate_site(const AggregateInput& in) {
  SiteFacts s;
  s.site = in.site_id;
  s.as_of = in.as_of.to_string();

  std::unordered_map<std::string, const AuditedFetch*> by_url;
  for (const auto& f : in.fetches) {
    by_url.emplace(f.url, &f);
    if (!f.final_url.empty()) by_url.emplace(f.final_url, &f);
  }
  auto target = [&](const std::string& url) -> const AuditedFetch* {
    auto it = by_url.find(url);
    return it == by_url.end() ? nullptr : it->second;
  };
  ArticleLookup article = [&](const std::string& url) -> const PageFacts* {
    const AuditedFetch* t = target(url);
    return t && t->facts && !dead(*t) ? &*t->facts : nullptr;
  };
  std::set<std::string> scope{host_of(in.portal_url)};
  for (const auto& h : in.extra_hosts) scope.insert(h);

  // Home page.
  const AuditedFetch* home = nullptr;
  for (const auto& f : in.fetches)
    if (f.kind == "page" && (f.url == in.portal_url || (f.depth == 0 && !home))) home = &f;
  std::set<std::string> home_links;
  if (home) {
    s.home.url = home->final_url.empty() ? home->url : home->final_url;
    s.home.seen_at = home->fetched_at;
    if (home->facts) {
      const auto& hf = *home->facts;
      if (auto d = newest_listed(hf, article)) s.home.newest = d->to_string();
      s.home.items_without_date = hf.newest.no_visible_date_count;
      if (hf.newest.item_count == 0) {
        // No dated item: a navigation-only portal (links to sections), or a home page that lists
        // news without dates, which the census counts as not updated. Headline links tell them apart.
        int headlines = undated_headlines(hf, in.as_of);
        s.home.items_without_date = std::max(s.home.items_without_date, headlines);
        s.home.navigation_only = headlines < 3 && hf.links.size() > 5;
      }
      // First-level columns (一级栏目) are the home page's menu; a home page without a recognisable
      // menu region leaves every column it links to first-level.
      if (hf.menu_links.size() >= 3) home_links = hf.menu_links;
      else
        for (const auto& [u, t] : hf.links) home_links.insert(u);
    }
  }

  // Columns: list pages folded by column key; the first page seen names the column.
  std::map<std::string, ColumnFacts> columns;
  std::vector<std::string> column_order;
  for (const auto& f : in.fetches) {
    if (f.kind != "page" || !f.facts || dead(f) || &f == home) continue;
    const PageFacts& pf = *f.facts;
    // A column page: a list, a blank column, a short list (fewer dated items than classify_page
    // needs to call it a list, but no article), or a message board.
    const bool short_list = pf.kind == PageKind::other && !pf.item_dates.empty();
    const bool board = pf.kind != PageKind::article && !pf.messages.empty();
    if (pf.kind != PageKind::list && !pf.blank && !short_list && !board) continue;
    std::string key = column_key(f.final_url.empty() ? f.url : f.final_url);
    auto [it, fresh] = columns.try_emplace(key);
    ColumnFacts& c = it->second;
    if (fresh) {
      column_order.push_back(key);
      c.url = f.final_url.empty() ? f.url : f.final_url;
      c.seen_at = f.fetched_at;
      c.name = pf.column.name.empty() ? pf.title : pf.column.name;
      c.type = column_type_name(pf.column.type);
      c.blank = pf.blank;
      c.script_only = false;
    } else if (!pf.blank) {
      c.blank = false;
    }
    c.item_count += pf.newest.item_count;
    auto d = newest_listed(pf, article);
    if (!d) d = pf.newest.date;
    for (const auto& m : pf.messages)
      if (m.asked && (!d || *m.asked > *d)) d = m.asked;
    if (pf.newest.item_count == 0) c.item_count += static_cast<int>(pf.messages.size());
    if (d && (!c.newest || d->to_string() > *c.newest)) c.newest = d->to_string();
  }
  for (const auto& key : column_order) {
    ColumnFacts c = columns[key];
    c.first_level = home_links.count(c.url) || home_links.count(key) || home_links.count(key + "index.html");
    if (c.item_count > 0) c.blank = false;
    s.columns.push_back(std::move(c));
  }

  // Broken links: one finding per dead target, wherever it is linked from (a dead link in the shared
  // template is one finding for the site, not one per page).
  std::map<std::string, BrokenLink> broken;
  for (const auto& f : in.fetches) {
    if (f.kind != "page" || !f.facts || dead(f)) continue;
    const std::string page = f.final_url.empty() ? f.url : f.final_url;
    for (const auto& [u, text] : f.facts->links) {
      const AuditedFetch* t = target(u);
      bool is_dead = t && dead(*t);
      if (t) s.link_texts.push_back({u, text, page, f.fetched_at, !is_dead && t->status > 0});
      if (!is_dead) continue;
      auto [it, fresh] = broken.try_emplace(u);
      BrokenLink& b = it->second;
      if (fresh) {
        b.url = u;
        b.found_on = page;
        b.seen_at = t->fetched_at;
        b.status = t->status;
        b.error_class = dead_class(*t);
        b.attachment = t->kind == "attachment";
      }
      if (&f == home) {
        b.on_home = true;
        b.found_on = page;
      }
    }
  }
  for (auto& [u, b] : broken) s.broken_links.push_back(std::move(b));

  // Page texts, date anomalies, guides, channels, messages, media, features.
  std::set<std::string> channel_urls;
  for (const auto& f : in.fetches) {
    if (!f.facts || dead(f)) continue;
    const PageFacts& pf = *f.facts;
    const std::string page = f.final_url.empty() ? f.url : f.final_url;
    if (f.kind == "page") {
      s.pages.push_back({page, f.fetched_at, pf.text});
      for (const auto& d : pf.future_dates) s.date_anomalies.push_back({page, f.fetched_at, d.date.to_string(), "future", ""});
      // A list date that contradicts the article's own date is a forged-date signal (serious_errors).
      // A month-day list date whose year was only guessed contradicts nothing by its year.
      for (const auto& item : pf.item_dates) {
        const PageFacts* art = article(item.url);
        if (!art || !art->published || art->kind == PageKind::list) continue;
        ItemDate d = resolve_year(item, article);
        if (d.year_inferred) {
          // Compare by month and day: the list date in the article's year or a neighbouring one.
          int best = 1 << 30;
          for (int y = art->published->y - 1; y <= art->published->y + 1; ++y)
            if (auto c = make_civil_date(y, d.date.m, d.date.d); c && std::abs(days_between(*c, *art->published)) < std::abs(best))
              best = days_between(*c, *art->published);
          if (std::abs(best) <= 1 || best == 1 << 30) continue;
        } else if (std::abs(days_between(d.date, *art->published)) <= 1) {
          continue;
        }
        if (s.date_anomalies.size() < 500)
          s.date_anomalies.push_back({page, f.fetched_at, d.date.to_string(), "list_mismatch", art->published->to_string()});
      }
      if (pf.service_guide) s.guides.push_back({page, f.fetched_at, pf.title, pf.guide_elements});
      if (pf.column.type == ColumnType::interaction && !channel_urls.count(column_key(page))) {
        channel_urls.insert(column_key(page));
        std::string name = pf.column.name.empty() ? pf.title : pf.column.name;
        s.channels.push_back({channel_kind(name), page, f.fetched_at, name});
      }
      for (const auto& m : pf.messages) {
        if (!m.asked) continue;
        Message msg{m.url.empty() ? page : m.url, f.fetched_at, channel_kind(pf.column.name + pf.title),
                    m.asked->to_string(), std::nullopt};
        if (m.replied && !m.marked_unanswered) msg.replied = m.replied->to_string();
        s.messages.push_back(std::move(msg));
      }
      for (const auto& m : pf.media) add_media(m, f.fetched_at, target, &s.media);
      for (const auto& [id, detail] : pf.features) {
        auto& ev = s.features[id];
        if (ev.size() < 3) ev.push_back({page, f.fetched_at, detail});
      }
    }
  }
  // Attachments (forms) and service-hall links.
  for (const auto& f : in.fetches) {
    if (f.kind == "attachment")
      s.forms.push_back({f.url, "", f.fetched_at, !dead(f), "status " + std::to_string(f.status) +
                                                               (f.error_class.empty() ? "" : " " + f.error_class)});
  }
  for (const auto& h : in.extra_hosts) {
    for (const auto& f : in.fetches) {
      if (host_of(f.url) != h || f.kind != "page" || f.depth > 99) continue;
      s.service_halls.push_back({f.url, "", f.fetched_at, !dead(f), "status " + std::to_string(f.status)});
      break;
    }
  }
  for (const auto& lt : s.link_texts) {
    if (s.service_halls.size() >= 5) break;
    if (RE2::PartialMatch(lt.text, "政务服务网|一网通办|网上办事大厅") &&
        std::none_of(s.service_halls.begin(), s.service_halls.end(), [&](const TargetCheck& t) { return t.url == lt.url; }))
      s.service_halls.push_back({lt.url, lt.found_on, lt.seen_at, lt.target_ok, lt.text});
  }

  // Site-level features the pages do not show.
  std::string host = host_of(in.portal_url);
  if (RE2::PartialMatch(host, "\\.gov\\.cn(\\.test)?$")) s.features["gov_domain"].push_back({in.portal_url, "", host});

  // Probes over the window.
  for (const auto& p : in.probes) {
    ++s.probes.total;
    ++s.probes.per_day[p.probed_at.substr(0, 10)];
    if (!p.ok && p.error_class != "blocked") {
      ++s.probes.failed;
      if (s.probes.failures.size() < 20) s.probes.failures.push_back({p.url, p.probed_at, p.error_class + " " + p.detail});
    }
  }
  if (!in.probes.empty()) s.probes.window_days = ceil_days_between(in.probes.front().probed_at, in.probes.back().probed_at);
  return s;
}

}  // namespace govaudit
