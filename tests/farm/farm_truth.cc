#include "tests/farm/farm_truth.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_faults.h"

namespace govaudit::farm {

namespace {

nlohmann::json date_or_null(Day d) { return d < 0 ? nlohmann::json(nullptr) : nlohmann::json(iso_date(d)); }

nlohmann::json site_json(const FarmSite& s, Day as_of) {
  using nlohmann::json;
  json columns = json::array();
  for (const auto& c : s.columns) {
    Day newest = -1;
    size_t items = c.items.size() + c.messages.size() + c.guides.size();
    for (const auto& i : c.items)
      if (i.date <= as_of) newest = std::max(newest, i.date);
    for (const auto& m : c.messages) newest = std::max(newest, m.asked);
    for (const auto& g : c.guides) newest = std::max(newest, g.date);
    json list_pages = json::array();
    for (const auto& p : c.list_pages) list_pages.push_back("http://" + s.host + p);
    columns.push_back({{"url", "http://" + s.host + c.path},
                       {"name", c.name},
                       {"type", column_kind_name(c.kind)},
                       {"newest", date_or_null(newest)},
                       {"items", items},
                       {"blank", c.blank},
                       {"list_pages", list_pages}});
  }
  json defects = json::array();
  for (const auto& d : s.defects) defects.push_back({{"kind", d.kind}, {"url", d.url}, {"detail", d.detail}});
  json flags = json::array();
  for (const auto& f : s.flags) flags.push_back({{"kind", f.kind}, {"url", f.url}});
  json apps = json::array();
  for (const auto& a : s.apps)
    apps.push_back({{"name", a.name},
                    {"platform", a.platform},
                    {"url", a.page_url},
                    {"download", a.download_url},
                    {"version", a.version},
                    {"updated", iso_date(a.updated)},
                    {"dead", a.dead}});
  return {{"id", s.id},
          {"name", s.name},
          {"province", s.province},
          {"prefecture", s.prefecture},
          {"level", s.level},
          {"region", s.region},
          {"minority", s.minority},
          {"host", s.host},
          {"url", "http://" + s.host + "/"},
          {"style", style_name(s.style)},
          {"charset", s.charset},
          {"charset_declared", s.charset_declared},
          {"extra_hosts", json::array({s.extra_host})},
          {"pages", s.pages},
          {"disallowed", s.disallowed},
          {"attachments", s.attachments},
          {"columns", columns},
          {"home_newest", date_or_null(s.home_newest)},
          {"defects", defects},
          {"vetoes", s.vetoes},
          {"flags", flags},
          {"apps", apps},
          {"fail_share", s.fail_share},
          {"latency_ms", s.latency_ms},
          {"soft404_unknown", s.soft404_unknown},
          {"guideline_meta", s.guideline_meta},
          {"footer_identity", s.footer_identity},
          {"site_id_code", s.site_code},
          {"search", s.search},
          {"sitemap", s.sitemap}};
}

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string truth_json(const FarmWorld& world) {
  nlohmann::json sites = nlohmann::json::array();
  for (const auto& s : world.sites) sites.push_back(site_json(s, world.config.as_of));
  nlohmann::json faults = nlohmann::json::array();
  for (const auto& f : world.faults)
    faults.push_back({{"host", f.host}, {"kind", fault_kind_name(f.kind)}, {"url", f.url}, {"error_class", f.error_class}});
  nlohmann::json doc = {{"as_of", iso_date(world.config.as_of)},
                        {"seed", world.config.seed},
                        {"sites", sites},
                        {"faults", faults},
                        {"serious_error_phrases", serious_error_phrases()}};
  return doc.dump(2) + "\n";
}

std::string registry_csv(const FarmWorld& world) {
  std::string out = "id,name,province,prefecture,level,region,minority,url,name_en,extra_hosts,tags\n";
  for (const auto& s : world.sites) {
    std::string tags = "farm;" + std::string(style_name(s.style));
    const std::string fields[] = {s.id,       s.name,     s.province, s.prefecture, s.level, s.region,
                                  s.minority, "http://" + s.host + "/", s.name_en, s.extra_host, tags};
    bool first = true;
    for (const auto& f : fields) {
      out += (first ? "" : ",") + csv_field(f);
      first = false;
    }
    out += "\n";
  }
  if (!world.faults.empty()) {
    // The fault site: its extra hosts put every fault host in scope of one crawl.
    std::string extra;
    for (const auto& h : fault_hosts(world.faults)) extra += (extra.empty() ? "" : ";") + h;
    out += std::string("faults,故障测试站点,测试,,province,east,none,http://") + kFaultSiteHost + "/,Fault site," + extra +
           ",farm;faults\n";
  }
  return out;
}

bool write_text_file(const std::string& path, const std::string& contents, std::string* err) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) {
    if (err) *err = "cannot open " + path + " for writing";
    return false;
  }
  f << contents;
  f.close();
  if (!f) {
    if (err) *err = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace govaudit::farm
