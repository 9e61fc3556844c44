#include "tests/farm/farm_generator.h"

#include "tests/farm/farm_faults.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "tests/farm/farm_dates.h"

namespace govaudit::farm {

std::uint64_t FarmRng::next() {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

int FarmRng::range(int lo, int hi) {
  return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
}

double FarmRng::unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

std::uint64_t farm_mix(std::uint64_t a, std::uint64_t b) {
  FarmRng r(a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL));
  r.next();
  return r.next();
}

const std::vector<std::string>& guide_elements() {
  static const std::vector<std::string> v = {"事项名称", "设定依据", "申请条件", "办理材料", "办理地点",
                                             "办理时间", "联系电话", "办理流程", "办理时限", "收费标准"};
  return v;
}

const std::vector<std::string>& serious_error_phrases() {
  static const std::vector<std::string> v = {"习近平总书计", "国务院总里", "中国共产觉", "中华人明共和国"};
  return v;
}

const char* style_name(FarmStyle style) {
  switch (style) {
    case FarmStyle::trs: return "trs";
    case FarmStyle::hanweb: return "hanweb";
    case FarmStyle::modern: return "modern";
  }
  return "?";
}

const char* column_kind_name(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::news: return "news";
    case ColumnKind::notice: return "notice";
    case ColumnKind::slow: return "slow";
    case ColumnKind::interaction: return "interaction";
    case ColumnKind::services: return "services";
  }
  return "?";
}

namespace {

struct Syllable {
  const char* han;
  const char* pinyin;
};
const Syllable kSyllables[] = {
    {"青", "qing"}, {"山", "shan"},  {"河", "he"},    {"安", "an"},    {"平", "ping"},  {"宁", "ning"},
    {"江", "jiang"}, {"阳", "yang"}, {"东", "dong"},  {"西", "xi"},    {"南", "nan"},   {"北", "bei"},
    {"临", "lin"},  {"德", "de"},    {"兴", "xing"},  {"华", "hua"},   {"云", "yun"},   {"丰", "feng"},
    {"永", "yong"}, {"长", "chang"}, {"新", "xin"},   {"明", "ming"},  {"泰", "tai"},   {"城", "cheng"},
    {"源", "yuan"}, {"桥", "qiao"},  {"川", "chuan"}, {"湖", "hu"},    {"石", "shi"},   {"松", "song"},
    {"武", "wu"},   {"嘉", "jia"},   {"乐", "le"},    {"金", "jin"},   {"水", "shui"},  {"峰", "feng"},
};
constexpr int kSyllableCount = sizeof(kSyllables) / sizeof(kSyllables[0]);

struct Province {
  const char* name;
  const char* region;
  bool minority_west;  // has autonomous prefectures/counties
};
const Province kProvinces[] = {
    {"河北省", "east", false},    {"江苏省", "east", false},     {"浙江省", "east", false},
    {"福建省", "east", false},    {"山东省", "east", false},     {"广东省", "east", false},
    {"山西省", "central", false}, {"安徽省", "central", false},  {"江西省", "central", false},
    {"河南省", "central", false}, {"湖北省", "central", false},  {"湖南省", "central", false},
    {"四川省", "west", true},     {"贵州省", "west", true},      {"云南省", "west", true},
    {"甘肃省", "west", true},     {"青海省", "west", true},      {"陕西省", "west", false},
    {"广西壮族自治区", "west", true}, {"辽宁省", "northeast", false}, {"吉林省", "northeast", false},
    {"黑龙江省", "northeast", false},
};
constexpr int kProvinceCount = sizeof(kProvinces) / sizeof(kProvinces[0]);
const char* kNations[] = {"彝族", "藏族", "苗族", "侗族", "壮族", "回族", "哈尼族"};

struct ColumnSpec {
  const char* name;
  const char* trs;
  const char* modern;
  ColumnKind kind;
};
// Order matters: news, notices, slow, interaction, services; the first news/notice columns feed the home page.
const ColumnSpec kColumns[] = {
    {"要闻动态", "ywdt", "news", ColumnKind::news},          {"工作动态", "gzdt", "work", ColumnKind::news},
    {"部门动态", "bmdt", "depts", ColumnKind::news},         {"基层动态", "jcdt", "local", ColumnKind::news},
    {"政务动态", "zwdt", "affairs", ColumnKind::news},       {"通知公告", "tzgg", "notices", ColumnKind::notice},
    {"政策文件", "zcwj", "policies", ColumnKind::notice},    {"政策解读", "zcjd", "readings", ColumnKind::notice},
    {"公告公示", "gggs", "bulletins", ColumnKind::notice},   {"人事信息", "rsxx", "personnel", ColumnKind::slow},
    {"规划计划", "ghjh", "plans", ColumnKind::slow},         {"统计数据", "tjsj", "statistics", ColumnKind::slow},
    {"财政预决算", "czyjs", "budgets", ColumnKind::slow},    {"领导信箱", "ldxx", "mailbox", ColumnKind::interaction},
    {"办事指南", "bszn", "services", ColumnKind::services},
};
constexpr int kColumnCount = sizeof(kColumns) / sizeof(kColumns[0]);
constexpr int kNewsNoticeCount = 9;  // kColumns[0..8]
constexpr int kRegularCount = 13;    // kColumns[0..12]

const char* kTopics[] = {"安全生产", "乡村振兴", "营商环境优化", "生态环境保护", "防汛抗旱", "民生实事",
                         "招商引资", "文明城市创建", "森林防火", "就业创业", "老旧小区改造", "义务教育"};
const char* kBlankTexts[] = {"暂无信息", "此栏目暂无内容", "正在建设中", ""};

// The planted defect a site is built around (one per non-clean site, others added at random).
enum class Plant {
  clean, unreachable, homepage, columns, blank, serious, interaction, services, dormant, zombie, links
};
const Plant kForced[] = {Plant::unreachable, Plant::homepage, Plant::columns,  Plant::blank,
                         Plant::serious,     Plant::interaction, Plant::services, Plant::dormant,
                         Plant::zombie,      Plant::links};
constexpr int kForcedCount = sizeof(kForced) / sizeof(kForced[0]);

// Freshness limits of the census (days), and the clear-margin ranges the farm draws from.
int stale_limit(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::news: return 14;
    case ColumnKind::notice: return 183;
    default: return 365;
  }
}

std::string capitalised(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

struct SiteBuilder {
  const FarmConfig& config;
  int index;
  FarmRng rng;
  FarmSite site;
  int next_id;
  std::string place_han;

  SiteBuilder(const FarmConfig& c, int i) : config(c), index(i), rng(farm_mix(c.seed, static_cast<std::uint64_t>(i))) {
    next_id = rng.range(10000, 90000) * 10;
  }

  std::string url(const std::string& path) const { return "http://" + site.host + path; }

  void identity(std::set<std::string>* used_slugs, std::set<std::string>* used_province_sites) {
    std::string slug;
    for (int attempt = 0; attempt < 30; ++attempt) {
      const Syllable& a = kSyllables[rng.range(0, kSyllableCount - 1)];
      const Syllable& b = kSyllables[rng.range(0, kSyllableCount - 1)];
      if (a.han == b.han) continue;
      slug = std::string(a.pinyin) + b.pinyin;
      place_han = std::string(a.han) + b.han;
      if (!used_slugs->count(slug)) break;
    }
    if (used_slugs->count(slug)) slug += std::to_string(index + 1);
    used_slugs->insert(slug);

    const Province& prov = kProvinces[rng.range(0, kProvinceCount - 1)];
    site.id = fmt::format("farm-{:04d}", index + 1);
    site.province = prov.name;
    site.region = prov.region;
    site.minority = "none";
    double r = rng.unit();
    if (r < 0.06 && !used_province_sites->count(prov.name)) {
      used_province_sites->insert(prov.name);
      site.level = "province";
      site.name = std::string(prov.name) + "人民政府";
      site.prefecture = "";
      site.name_en = capitalised(slug) + " Province";
      if (std::string(prov.name).find("自治区") != std::string::npos) site.minority = "region";
    } else {
      site.level = r < 0.4 ? "prefecture" : r < 0.8 ? "county" : "district";
      bool autonomous = prov.minority_west && site.level != "district" && rng.chance(0.4);
      std::string nation = kNations[rng.range(0, 6)];
      if (site.level == "prefecture") {
        site.name = autonomous ? place_han + nation + "自治州" : place_han + "市";
        site.prefecture = site.name;
        site.minority = autonomous ? "prefecture" : "none";
        site.name_en = capitalised(slug) + (autonomous ? " Autonomous Prefecture" : " City");
      } else {
        const Syllable& p = kSyllables[rng.range(0, kSyllableCount - 1)];
        const Syllable& q = kSyllables[rng.range(0, kSyllableCount - 1)];
        site.prefecture = std::string(p.han) + q.han + "市";
        if (site.level == "county") {
          site.name = autonomous ? place_han + nation + "自治县" : place_han + "县";
          site.minority = autonomous ? "county" : "none";
          site.name_en = capitalised(slug) + (autonomous ? " Autonomous County" : " County");
        } else {
          site.name = place_han + "区";
          site.name_en = capitalised(slug) + " District";
        }
      }
      site.name += "人民政府";
    }
    site.host = "www." + slug + ".gov.cn.test";
    site.extra_host = "zwfw." + slug + ".gov.cn.test";
    site.site_code = fmt::format("{:010d}", rng.next() % 10000000000ULL);
  }

  std::string title_for(ColumnKind kind) {
    std::string topic = kTopics[rng.range(0, 11)];
    switch (kind) {
      case ColumnKind::news: {
        const char* forms[] = {"召开{}工作会议", "开展{}专题调研", "部署{}重点工作", "推进{}取得新成效"};
        return place_han + fmt::format(fmt::runtime(forms[rng.range(0, 3)]), topic);
      }
      case ColumnKind::notice: {
        const char* forms[] = {"关于做好{}工作的通知", "关于印发{}实施方案的通知", "关于{}有关事项的公告"};
        return fmt::format(fmt::runtime(forms[rng.range(0, 2)]), topic);
      }
      default: {
        const char* forms[] = {"{}年度工作计划", "{}专项资金使用情况", "{}统计公报", "人事任免通知（{}）"};
        return fmt::format(fmt::runtime(forms[rng.range(0, 3)]), topic);
      }
    }
  }

  std::string item_path(const FarmColumn& col, Day date, int id) const {
    Ymd t = ymd_from_day(date);
    switch (site.style) {
      case FarmStyle::trs: return fmt::format("/{}/{:04d}{:02d}/t{:04d}{:02d}{:02d}_{}.html", col.slug, t.y, t.m, t.y, t.m, t.d, id);
      case FarmStyle::hanweb: return fmt::format("/art/{}/{}/{}/art_{}_{}.html", t.y, t.m, t.d, col.column_id, id);
      case FarmStyle::modern: return fmt::format("/{}/{}.html", col.slug, id);
    }
    return "";
  }

  // Items newest first, the newest `offset` days before as_of, spaced by the column's rhythm.
  void fill_items(FarmColumn* col, int offset, int count) {
    int gap_lo = col->kind == ColumnKind::news ? 1 : col->kind == ColumnKind::notice ? 3 : 20;
    int gap_hi = col->kind == ColumnKind::news ? 4 : col->kind == ColumnKind::notice ? 20 : 90;
    Day d = config.as_of - offset;
    for (int i = 0; i < count; ++i) {
      FarmItem item;
      item.title = title_for(col->kind);
      item.date = d;
      item.path = item_path(*col, d, next_id++);
      col->items.push_back(item);
      d -= rng.range(gap_lo, gap_hi);
    }
  }

  void build(Plant forced) {
    site.style = static_cast<FarmStyle>(index % 3);
    bool gbk = index % 10 == 1 || index % 10 == 4 || index % 10 == 8;
    site.charset = gbk ? "GBK" : "UTF-8";
    if (gbk) {
      const char* modes[] = {"header", "meta", "both", "none", "wrong"};
      site.charset_declared = modes[(index / 3 + config.seed) % 5];
    } else {
      const char* modes[] = {"header", "meta", "both"};
      site.charset_declared = modes[rng.range(0, 2)];
    }
    site.date_form = site.style == FarmStyle::modern ? rng.range(1, 3) : 0;
    site.guideline_meta = rng.chance(0.6);
    site.footer_identity = rng.chance(0.7);
    site.search = rng.chance(0.6);
    site.sitemap = rng.chance(0.4);
    if (rng.chance(0.3)) site.private_path = "/private/index.html";
    if (site.sitemap) site.sitemap_only_path = "/gk/jggk.html";
    if (rng.chance(0.1)) site.latency_ms = rng.range(200, 500);

    // Which columns: the first news and notice columns, mailbox and guides always; the rest at random,
    // or all of them when the planted defect needs many columns.
    std::vector<int> chosen = {0, 5, 13, 14};
    std::vector<int> rest = {1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12};
    int extra = rng.range(1, 11);
    if (forced == Plant::columns || forced == Plant::blank) extra = 11;
    for (int i = 0; i < extra; ++i) {
      int j = rng.range(i, 10);
      std::swap(rest[i], rest[j]);
      chosen.push_back(rest[i]);
    }
    std::sort(chosen.begin(), chosen.end());

    bool dormant = forced == Plant::dormant;
    std::vector<int> regular;  // indices into site.columns of news/notice/slow columns
    for (int spec_index : chosen) {
      const ColumnSpec& spec = kColumns[spec_index];
      FarmColumn col;
      col.name = spec.name;
      col.kind = spec.kind;
      col.slug = site.style == FarmStyle::modern ? spec.modern : spec.trs;
      col.column_id = 1000 + index * 37 % 900 + spec_index * 7;
      col.unit_id = 5000 + spec_index * 13 + index % 97;
      col.count_var = rng.chance(0.5);
      col.per_page = site.style == FarmStyle::trs ? 20 : site.style == FarmStyle::hanweb ? 15 : 10;
      col.path = site.style == FarmStyle::hanweb ? fmt::format("/col/col{}/index.html", col.column_id)
                                                 : fmt::format("/{}/index.html", col.slug);
      if (spec.kind != ColumnKind::interaction && spec.kind != ColumnKind::services) regular.push_back(static_cast<int>(site.columns.size()));
      site.columns.push_back(std::move(col));
    }

    // Column states: 0 fresh, 1 stale, 2 blank.
    std::vector<int> state(site.columns.size(), 0);
    std::vector<int> news_notice, home_cols, others;
    for (int c : regular)
      if (site.columns[c].kind != ColumnKind::slow) news_notice.push_back(c);
    for (size_t i = 0; i < news_notice.size(); ++i) (i < 3 ? home_cols : others).push_back(news_notice[i]);
    for (int c : regular)
      if (site.columns[c].kind == ColumnKind::slow) others.push_back(c);
    if (forced == Plant::columns) {
      for (size_t i = 3; i < 8 && i < news_notice.size(); ++i) state[news_notice[i]] = 1;
    } else if (forced == Plant::blank) {
      for (size_t i = 0; i < 5 && i < others.size(); ++i) state[others[others.size() - 1 - i]] = 2;
    } else if (forced == Plant::homepage) {
      for (int c : home_cols) state[c] = 1;
    }
    if (forced != Plant::clean && !dormant) {
      // A few extra stale or blank columns below the veto lines.
      for (int c : others)
        if (state[c] == 0 && rng.chance(0.12)) state[c] = rng.chance(0.5) ? 1 : 2;
    }
    // Keep blank/stale extras under the veto counts unless forced.
    auto count_state = [&](int s) { return static_cast<int>(std::count(state.begin(), state.end(), s)); };
    if (forced != Plant::blank)
      for (int c : others)
        if (count_state(2) > 2 && state[c] == 2) state[c] = 0;
    if (forced != Plant::columns)
      for (int c : others)
        if (count_state(1) > 3 && state[c] == 1 && forced != Plant::homepage) state[c] = 0;

    for (size_t c = 0; c < site.columns.size(); ++c) {
      FarmColumn& col = site.columns[c];
      if (col.kind == ColumnKind::interaction) {
        build_messages(&col, dormant, forced == Plant::interaction);
        continue;
      }
      if (col.kind == ColumnKind::services) {
        build_guides(&col, dormant, forced == Plant::services);
        continue;
      }
      if (state[c] == 2) {
        col.blank = true;
        col.blank_text = kBlankTexts[rng.range(0, 3)];
        continue;
      }
      int offset, count;
      bool stale = state[c] == 1;
      switch (col.kind) {
        case ColumnKind::news:
          offset = dormant ? rng.range(200, 330) : stale ? rng.range(30, 150) : rng.range(0, 5);
          count = rng.range(6, 40);
          break;
        case ColumnKind::notice:
          offset = dormant ? rng.range(200, 330) : stale ? rng.range(200, 330) : rng.range(0, 40);
          count = rng.range(4, 25);
          break;
        default:
          offset = dormant ? rng.range(420, 600) : stale ? rng.range(420, 700) : rng.range(0, 150);
          count = rng.range(3, 10);
          break;
      }
      fill_items(&col, offset, count);
    }

    plant_extras(forced);
  }

  void build_messages(FarmColumn* col, bool dormant, bool poor) {
    int n = rng.range(6, 12);
    Day d = config.as_of - (dormant ? rng.range(200, 260) : rng.range(0, 6));
    for (int i = 0; i < n; ++i) {
      FarmMessage m;
      m.title = fmt::format("关于{}的咨询", kTopics[rng.range(0, 11)]);
      m.asked = d;
      int age = config.as_of - d;
      if (age <= 20 && rng.chance(0.3)) {
        m.replied = -1;  // recent, not yet answered: allowed
      } else {
        m.replied = std::min(d + rng.range(1, 8), config.as_of);
      }
      col->messages.push_back(m);
      d -= rng.range(5, 30);
    }
    if (poor) {
      FarmMessage m;
      m.title = "关于小区供暖问题的咨询";
      m.asked = config.as_of - rng.range(120, 300);
      m.replied = -1;
      auto pos = std::find_if(col->messages.begin(), col->messages.end(),
                              [&](const FarmMessage& x) { return x.asked < m.asked; });
      col->messages.insert(pos, m);
    }
  }

  void build_guides(FarmColumn* col, bool dormant, bool unusable) {
    int n = unusable ? rng.range(3, 4) : rng.range(3, 6);
    int incomplete = !unusable && rng.chance(0.25) ? rng.range(0, n - 1) : -1;
    const char* services[] = {"个体工商户设立登记", "居民身份证换领", "社会保障卡申领", "建筑工程施工许可",
                              "食品经营许可", "城乡居民医保参保登记", "残疾人证办理", "生育登记服务"};
    Day d = config.as_of - (dormant ? rng.range(200, 300) : rng.range(0, 60));
    const char* exts[] = {"doc", "pdf", "xls"};
    for (int i = 0; i < n; ++i) {
      FarmGuide g;
      g.title = std::string(services[rng.range(0, 7)]) + "办事指南";
      g.date = d;
      int id = next_id++;
      g.path = item_path(*col, d, id);
      if (unusable || i == incomplete) {
        int missing = rng.range(4, 6);
        std::vector<int> idx = {1, 2, 3, 4, 5, 6, 7, 8, 9};  // 事项名称 always present
        for (int k = 0; k < missing; ++k) {
          int j = rng.range(k, 8);
          std::swap(idx[k], idx[j]);
          g.missing.push_back(idx[k]);
        }
        std::sort(g.missing.begin(), g.missing.end());
      }
      int forms = rng.range(1, 2);
      for (int k = 0; k < forms; ++k) g.forms.push_back(fmt::format("/uploads/forms/{}_{}.{}", id, k + 1, exts[rng.range(0, 2)]));
      col->guides.push_back(g);
      d -= rng.range(10, 60);
    }
  }

  void plant_extras(Plant forced) {
    bool clean = forced == Plant::clean;
    // Serious errors: a misspelt leader title, or a forged future date, in the first news column.
    FarmColumn* news = nullptr;
    for (auto& c : site.columns)
      if (c.kind == ColumnKind::news && !c.blank && c.items.size() >= 2) {
        news = &c;
        break;
      }
    if (news && (forced == Plant::serious || (!clean && rng.chance(0.05)))) {
      int variant = rng.range(0, 2);
      if (variant == 0) {
        news->items[1].serious_phrase = serious_error_phrases()[rng.range(0, 3)];
      } else if (variant == 1) {
        // The list says one date, the article its own, far older one: a forged publish date.
        news->items[1].article_date = news->items[1].date - rng.range(300, 600);
      } else {
        FarmItem future;
        future.title = title_for(ColumnKind::news);
        future.date = config.as_of + rng.range(40, 200);
        future.path = item_path(*news, future.date, next_id++);
        news->items.insert(news->items.begin(), future);
      }
    }
    // Apps and accounts on the new-media page.
    std::string slug = site.host.substr(4, site.host.size() - 4 - std::string(".gov.cn.test").size());
    int napps = rng.range(1, 2);
    bool zombie = forced == Plant::zombie || (!clean && rng.chance(0.1));
    int zombie_at = zombie ? rng.range(0, napps + 1) : -1;
    for (int i = 0; i < napps + 2; ++i) {
      FarmApp a;
      bool is_zombie = i == zombie_at;
      if (i < napps) {
        a.platform = "app";
        a.name = fmt::format("掌上{}{}", place_han, i == 0 ? "" : "政务");
        a.page_url = fmt::format("http://app.store.test/app/{}-{}.html", slug, i + 1);
        a.download_url = fmt::format("http://app.store.test/download/{}-{}.apk", slug, i + 1);
        a.version = fmt::format("{}.{}", rng.range(1, 4), rng.range(0, 9));
        bool dead = is_zombie && rng.chance(0.5);
        a.dead = dead;
        a.updated = config.as_of - (is_zombie && !dead ? rng.range(400, 900) : rng.range(10, 200));
      } else if (i == napps) {
        a.platform = "wechat";
        a.name = "微信公众号：" + site.name.substr(0, site.name.size() - std::string("人民政府").size()) + "发布";
        a.page_url = fmt::format("http://mp.weixin.qq.com.test/{}-wx.html", slug);
        a.updated = config.as_of - (is_zombie ? rng.range(30, 200) : rng.range(0, 5));
      } else {
        a.platform = "weibo";
        a.name = "政务微博：" + place_han + "发布";
        a.page_url = fmt::format("http://weibo.com.test/{}.html", slug);
        a.updated = config.as_of - (is_zombie ? rng.range(30, 200) : rng.range(0, 5));
      }
      site.apps.push_back(a);
    }
    // Links: working externals always; dead ones and soft 404s when planted.
    site.external_ok.push_back("http://www.external-ministry.gov.cn.test/");
    site.soft404_unknown = !clean && rng.chance(0.2);
    bool links = forced == Plant::links || (!clean && rng.chance(0.3));
    if (links) {
      std::string first_dir = site.columns[0].path.substr(0, site.columns[0].path.rfind('/'));
      site.home_broken.push_back(url(fmt::format("{}/missing_{}.html", first_dir, next_id++)));
      if (rng.chance(0.5)) site.home_broken.push_back(fmt::format("http://www.external-ministry.gov.cn.test/dead/{}.html", slug));
      if (rng.chance(0.5)) site.article_broken.push_back(fmt::format("http://www.external-ministry.gov.cn.test/error/{}.html", slug));
      if (rng.chance(0.5)) site.article_broken.push_back("http://www.closed-bureau.gov.cn.test/");
      site.soft404_link = fmt::format("/zt/{}/index.html", ymd_from_day(config.as_of).y - 5);
    }
    if (forced == Plant::unreachable) {
      site.fail_share = 0.2;
    } else if (!clean && rng.chance(0.05)) {
      site.fail_share = 0.02;
    }
  }
};

void add_static(FarmWorld* world, const std::string& url, int status, const std::string& type, const std::string& body) {
  std::string key = url.substr(std::string("http://").size());
  world->statics[key] = StaticResponse{status, type, body};
}

std::string static_page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>" + body +
         "</body></html>";
}

// Pages of the hosts outside any site: app store, accounts, an external ministry.
void add_external_hosts(FarmWorld* world) {
  const std::string html = "text/html; charset=UTF-8";
  add_static(world, "http://www.external-ministry.gov.cn.test/", 200, html,
             static_page("某部委门户网站", "<h1>某部委门户网站</h1><p>欢迎访问</p>"));
  for (const auto& site : world->sites) {
    for (const auto& a : site.apps) {
      std::string date = iso_date(a.updated);
      if (a.platform == "app") {
        add_static(world, a.page_url, 200, html,
                   static_page(a.name, fmt::format("<h1>{}</h1><p>版本 {} 更新日期 {}</p><a href=\"{}\">下载</a>", a.name,
                                                   a.version, date, a.download_url)));
        if (!a.dead) add_static(world, a.download_url, 200, "application/vnd.android.package-archive", std::string("PK\x03\x04", 4) + "farm-apk");
      } else {
        add_static(world, a.page_url, 200, html, static_page(a.name, fmt::format("<h1>{}</h1><p>最新发布：{}</p>", a.name, date)));
      }
    }
    for (const auto& u : site.article_broken)
      if (u.find("/error/") != std::string::npos) add_static(world, u, 500, html, static_page("500", "Internal Server Error"));
  }
}

bool is_stale(const FarmColumn& col, Day as_of, Day newest) { return as_of - newest > stale_limit(col.kind); }

// Newest non-future date of a column, -1 when none.
Day column_newest(const FarmColumn& col, Day as_of) {
  Day best = -1;
  for (const auto& i : col.items)
    if (i.date <= as_of) best = std::max(best, i.date);
  for (const auto& m : col.messages) best = std::max(best, m.asked);
  for (const auto& g : col.guides) best = std::max(best, g.date);
  return best;
}

// List pages, pages, attachments, disallowed, defects, vetoes and flags, all from the built site.
void compute_truth(FarmSite* s, Day as_of) {
  auto url = [&](const std::string& p) { return "http://" + s->host + p; };
  std::set<std::string> pages = {url("/"), "http://" + s->extra_host + "/", url("/xmt/index.html")};
  std::set<std::string> attachments;
  if (!s->sitemap_only_path.empty()) pages.insert(url(s->sitemap_only_path));
  for (auto& col : s->columns) {
    col.list_pages.clear();
    col.list_pages.push_back(col.path);
    int n = static_cast<int>(col.items.size());
    int page_count = std::max(1, (n + col.per_page - 1) / col.per_page);
    for (int p = 1; p < page_count; ++p) {
      if (s->style == FarmStyle::trs) {
        col.list_pages.push_back(fmt::format("/{}/index_{}.html", col.slug, p));
      } else if (s->style == FarmStyle::hanweb) {
        col.list_pages.push_back(fmt::format("/module/web/jpage/dataproxy.jsp?columnid={}&unitid={}&webid=1&page={}&perpage={}",
                                             col.column_id, col.unit_id, p + 1, col.per_page));
      } else {
        col.list_pages.push_back(fmt::format("/{}/page/{}.html", col.slug, p + 1));
      }
    }
    for (const auto& p : col.list_pages) pages.insert(url(p));
    for (const auto& i : col.items) pages.insert(url(i.path));
    for (const auto& g : col.guides) {
      pages.insert(url(g.path));
      for (const auto& f : g.forms) attachments.insert(url(f));
    }
  }
  s->pages.assign(pages.begin(), pages.end());
  s->attachments.assign(attachments.begin(), attachments.end());
  s->disallowed.clear();
  if (!s->private_path.empty()) s->disallowed.push_back(url(s->private_path));

  // Home page newest: the first three news/notice columns that hold items.
  s->home_newest = -1;
  s->home_columns.clear();
  for (size_t c = 0; c < s->columns.size() && s->home_columns.size() < 3; ++c) {
    const FarmColumn& col = s->columns[c];
    if ((col.kind != ColumnKind::news && col.kind != ColumnKind::notice) || col.blank) continue;
    s->home_columns.push_back(static_cast<int>(c));
    s->home_newest = std::max(s->home_newest, column_newest(col, as_of));
  }

  auto& d = s->defects;
  d.clear();
  s->vetoes.clear();
  s->flags.clear();
  if (s->fail_share > 0)
    d.push_back({"site_unreachable", url("/"), fmt::format("fails {:.0f}% of requests with 503", s->fail_share * 100)});
  if (s->fail_share >= 0.05) s->vetoes.push_back("site_unreachable");
  if (s->home_newest < 0 || as_of - s->home_newest > 14) {
    d.push_back({"homepage_not_updated", url("/"),
                 s->home_newest < 0 ? "no dated item" : "newest home item " + iso_date(s->home_newest)});
    s->vetoes.push_back("homepage_not_updated");
  }
  int stale_count = 0, long_stale = 0, blank = 0;
  Day site_newest = -1;
  for (const auto& col : s->columns) {
    Day newest = column_newest(col, as_of);
    site_newest = std::max(site_newest, newest);
    bool regular = col.kind == ColumnKind::news || col.kind == ColumnKind::notice || col.kind == ColumnKind::slow;
    if (!regular) continue;
    if (col.blank) {
      ++blank;
      d.push_back({"blank_columns", url(col.path), col.blank_text.empty() ? "empty list" : col.blank_text});
      continue;
    }
    if (is_stale(col, as_of, newest)) {
      if (col.kind != ColumnKind::slow) ++stale_count;
      d.push_back({"stale_column", url(col.path), fmt::format("{} newest {}", column_kind_name(col.kind), iso_date(newest))});
      s->flags.push_back({"stale_column", url(col.path)});
    }
    if (as_of - newest > 365) ++long_stale;
  }
  if (stale_count >= 5 || long_stale >= 10) {
    d.push_back({"columns_not_updated", url("/"), fmt::format("{} stale news/notice columns, {} stale over a year", stale_count, long_stale)});
    s->vetoes.push_back("columns_not_updated");
  }
  if (blank >= 5) s->vetoes.push_back("blank_columns");

  bool serious = false;
  for (const auto& col : s->columns)
    for (const auto& i : col.items) {
      if (!i.serious_phrase.empty()) {
        d.push_back({"serious_errors", url(i.path), i.serious_phrase});
        serious = true;
      }
      if (i.date > as_of + 1) {
        d.push_back({"serious_errors", url(i.path), iso_date(i.date)});
        serious = true;
      }
      if (i.article_date >= 0) {
        d.push_back({"serious_errors", url(i.path), fmt::format("list {} article {}", iso_date(i.date), iso_date(i.article_date))});
        serious = true;
      }
    }
  if (serious) s->vetoes.push_back("serious_errors");

  for (const auto& col : s->columns) {
    for (const auto& m : col.messages)
      if (m.replied < 0 && as_of - m.asked > 90 && as_of - m.asked <= 365) {
        d.push_back({"poor_interaction", url(col.path), fmt::format("{} asked {} unanswered", m.title, iso_date(m.asked))});
        if (std::find(s->vetoes.begin(), s->vetoes.end(), "poor_interaction") == s->vetoes.end())
          s->vetoes.push_back("poor_interaction");
      }
    if (col.kind != ColumnKind::services) continue;
    int bad = 0;
    for (const auto& g : col.guides) {
      if (g.missing.empty()) continue;
      std::string missing;
      for (int k : g.missing) missing += (missing.empty() ? "" : ",") + guide_elements()[k];
      d.push_back({"service_guide_incomplete", url(g.path), "missing " + missing});
      if (g.missing.size() >= 4) ++bad;
    }
    int n = static_cast<int>(col.guides.size());
    if (n == 0 || bad >= 5 || (n < 5 && bad == n)) {
      d.push_back({"services_unusable", url(col.path), fmt::format("{} of {} guides miss 4 or more elements", bad, n)});
      s->vetoes.push_back("services_unusable");
    }
  }

  for (const auto& u : s->home_broken)
    d.push_back({u.rfind(url("/"), 0) == 0 && s->soft404_unknown ? "soft_404" : "broken_link", u, "linked from " + url("/")});
  s->article_broken_from.clear();
  for (const auto& col : s->columns)
    if (!col.items.empty()) {
      s->article_broken_from = col.items.back().path;
      break;
    }
  if (s->article_broken_from.empty()) s->article_broken.clear();
  for (const auto& u : s->article_broken) d.push_back({"broken_link", u, "linked from " + url(s->article_broken_from)});
  if (!s->soft404_link.empty()) d.push_back({"soft_404", url(s->soft404_link), "linked from " + url("/")});

  if (site_newest >= 0 && as_of - site_newest > 180 && s->fail_share < 1) {
    d.push_back({"dormant_site", url("/"), "newest item " + iso_date(site_newest)});
    s->flags.push_back({"dormant_site", url("/")});
  }
  for (const auto& a : s->apps) {
    int limit = a.platform == "app" ? 365 : 14;
    if (a.dead || as_of - a.updated > limit) {
      d.push_back({"zombie_app", a.page_url,
                   a.dead ? "download " + a.download_url + " answers 404"
                          : fmt::format("{} {} last active {}", a.platform, a.name, iso_date(a.updated))});
      s->flags.push_back({"zombie_app", a.page_url});
    }
  }
}

}  // namespace

FarmWorld generate_farm(const FarmConfig& config) {
  FarmWorld world;
  world.config = config;
  int n = std::clamp(config.sites, 0, 100000);
  std::set<std::string> slugs, province_sites;
  for (int i = 0; i < n; ++i) {
    SiteBuilder b(config, i);
    b.identity(&slugs, &province_sites);
    Plant forced = i % 6 == 5 ? Plant::clean : kForced[(i - i / 6) % kForcedCount];
    b.build(forced);
    compute_truth(&b.site, config.as_of);
    world.host_index[b.site.host] = i;
    world.host_index[b.site.extra_host] = i;
    world.sites.push_back(std::move(b.site));
  }
  add_external_hosts(&world);
  if (config.faults) world.faults = fault_catalogue();
  return world;
}

}  // namespace govaudit::farm
