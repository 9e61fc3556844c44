// fuzz_seed_corpus OUT_DIR: writes the fuzzers' seed corpora, one folder per target, from the farm
// (tests/farm: three sites, one per style, plus the fault pages) rendered in-process. Small by design
// (a few hundred files): libFuzzer grows the corpus itself; seeds only show it the real formats.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_pages.h"

namespace fs = std::filesystem;
using namespace govaudit::farm;

namespace {

struct Writer {
  fs::path root;
  std::map<std::string, int> counts;
  void put(const std::string& target, const std::string& bytes) {
    fs::create_directories(root / target);
    std::ofstream(root / target / ("seed_" + std::to_string(counts[target]++)), std::ios::binary) << bytes;
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz_seed_corpus OUT_DIR\n";
    return 2;
  }
  Writer w{argv[1], {}};
  FarmConfig c;
  c.sites = 6;
  c.seed = 1;
  c.as_of = day_from_ymd(2026, 11, 23);
  c.faults = true;
  FarmWorld world = generate_farm(c);

  std::vector<std::string> urls;
  for (const auto& s : world.sites) {
    for (size_t i = 0; i < s.pages.size() && i < 12; ++i) urls.push_back(s.pages[i]);
    for (const auto& col : s.columns)
      for (size_t i = 0; i < col.list_pages.size() && i < 3; ++i) urls.push_back("http://" + s.host + col.list_pages[i]);
    w.put("fuzz_robots", render_farm_url(world, "http://" + s.host + "/robots.txt").body);
  }
  for (const auto& f : world.faults)
    if (f.kind != FaultKind::nested_html) urls.push_back(f.url);
  for (const auto& url : urls) {
    FarmResponse r = render_farm_url(world, url, 8080);
    if (r.body.empty()) continue;
    std::string body = r.body.substr(0, 64 * 1024);
    w.put("fuzz_page_facts", body);
    w.put("fuzz_list_scripts", body);
    w.put("fuzz_charset", r.content_type + "\n" + body);
    w.put("fuzz_dates", body.substr(0, 4096));
    w.put("fuzz_url", url + "\n../index_1.html?page=2#top");
  }
  for (const char* extra : {"http://www.x.gov.cn.test/a/b/c.html\n../../d/./e.html",
                            "http://政府.cn/路径?q=%D5%FE\n//other.test/x;jsessionid=1?utm_source=a&&b=",
                            "https://[::1]:8443/\n?year=2099&month=13",
                            "http://a.test/\n/a/b/a/b/a/b/a/b/c"})
    w.put("fuzz_url", extra);
  for (const char* extra : {"User-agent: *\nDisallow: /private/\nAllow: /private/ok$\nCrawl-delay: 2\nSitemap: /s.xml\n",
                            "User-agent: govaudit\nDisallow: /*.php$\n\nUser-agent: *\nDisallow: /\n"})
    w.put("fuzz_robots", extra);
  for (const char* extra : {"发布时间：2024-03-05 10:22:33", "二〇二四年三月五日", "[03-05]\n2024/3/5\n2024.03.05",
                            "/art/2024/3/5/art_1_2.html", "Tue, 05 Mar 2024 10:22:33 GMT"})
    w.put("fuzz_dates", extra);
  int total = 0;
  for (const auto& [target, n] : w.counts) total += n;
  std::cout << "wrote " << total << " seeds under " << argv[1] << "\n";
  return 0;
}
