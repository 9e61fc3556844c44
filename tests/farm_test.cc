// The served farm is what its truth says: fetched over loopback with libcurl (CURLOPT_CONNECT_TO, no
// DNS), a simple link walk from each home page reaches exactly the truth's pages, planted broken links
// fail, soft 404s answer 200 with a not-found text, GBK sites send GBK bytes, robots.txt forbids exactly
// the disallowed pages, and the `govaudit farm` command serves.
#include <catch2/catch.hpp>
#include <curl/curl.h>
#include <iconv.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <deque>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "tests/farm/farm_dates.h"
#include "tests/farm/farm_generator.h"
#include "tests/farm/farm_server.h"
#include "tests/farm/farm_truth.h"
#include "tests/support/run_command.h"

using namespace govaudit::farm;
using nlohmann::json;

namespace {

struct Fetched {
  long status = 0;  ///< 0: no answer
  std::string type;
  std::string body;
  std::string location;
};

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

Fetched fetch(int port, const std::string& url) {
  Fetched f;
  CURL* curl = curl_easy_init();
  curl_slist* connect_to = curl_slist_append(nullptr, ("::127.0.0.1:" + std::to_string(port)).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECT_TO, connect_to);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &f.body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &f.status);
    char* type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    if (type) f.type = type;
    char* loc = nullptr;
    curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &loc);
    if (loc) f.location = loc;
  }
  curl_slist_free_all(connect_to);
  curl_easy_cleanup(curl);
  return f;
}

// Retries 503s (sites planted with a failure share fail some requests on purpose).
Fetched fetch_retrying(int port, const std::string& url) {
  Fetched f;
  for (int i = 0; i < 12; ++i) {
    f = fetch(port, url);
    if (f.status != 503) break;
  }
  return f;
}

bool valid_utf8(const std::string& s) {
  iconv_t cd = iconv_open("UTF-16LE", "UTF-8");
  std::string out(s.size() * 4 + 4, '\0');
  char* src = const_cast<char*>(s.data());
  size_t left = s.size(), dleft = out.size();
  char* dst = out.data();
  size_t rc = iconv(cd, &src, &left, &dst, &dleft);
  iconv_close(cd);
  return rc != static_cast<size_t>(-1);
}

bool gbk_to_utf8(const std::string& s, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", "GBK");
  out->assign(s.size() * 2 + 4, '\0');
  char* src = const_cast<char*>(s.data());
  size_t left = s.size(), dleft = out->size();
  char* dst = out->data();
  size_t rc = iconv(cd, &src, &left, &dst, &dleft);
  iconv_close(cd);
  out->resize(out->size() - dleft);
  return rc != static_cast<size_t>(-1);
}

std::string text_of(const json& site, const std::string& body) {
  std::string utf8;
  if (site["charset"] == "GBK" && gbk_to_utf8(body, &utf8)) return utf8;
  return body;
}

struct Farm {
  FarmWorld world;
  json truth;
  FarmServer* server = nullptr;
  int port = 0;
};

// One farm (12 sites, seed 1) shared by the tests of this executable; GOVAUDIT_FARM_SITES and
// GOVAUDIT_FARM_SEED try other farms by hand.
Farm& farm() {
  static Farm f = [] {
    Farm x;
    FarmConfig c;
    const char* sites = std::getenv("GOVAUDIT_FARM_SITES");
    const char* seed = std::getenv("GOVAUDIT_FARM_SEED");
    c.sites = sites ? std::atoi(sites) : 12;
    c.seed = seed ? std::strtoull(seed, nullptr, 10) : 1;
    c.as_of = day_from_ymd(2026, 11, 23);
    c.faults = true;
    x.world = generate_farm(c);
    x.truth = json::parse(truth_json(x.world));
    FarmServerOptions o;
    o.site_latency = false;
    x.server = new FarmServer(x.world, o);
    x.port = x.server->start(0);
    return x;
  }();
  REQUIRE(f.port > 0);
  return f;
}

std::string host_of(const std::string& url) {
  size_t from = url.find("://") + 3;
  return url.substr(from, url.find('/', from) - from);
}

// Resolves href against base (absolute, root-relative or directory-relative).
std::string resolve(const std::string& base, std::string href) {
  if (href.rfind("http://", 0) == 0) return href;
  std::string origin = "http://" + host_of(base);
  if (!href.empty() && href[0] == '/') return origin + href;
  if (href.rfind("./", 0) == 0) href = href.substr(2);
  std::string path = base.substr(origin.size());
  return origin + path.substr(0, path.rfind('/') + 1) + href;
}

struct Walk {
  std::set<std::string> ok_pages, attachments, disallowed_links, failed;
};

// What a simple, correct crawler of one site finds: hrefs (also inside CDATA), createPageHTML
// expansion, Hanweb jpage dataproxy pages, and the sitemap named in robots.txt.
Walk walk(int port, const json& site) {
  std::string host = site["host"], extra = site["extra_hosts"][0];
  std::vector<std::string> disallow;
  std::deque<std::string> queue = {"http://" + host + "/"};
  Fetched robots = fetch(port, "http://" + host + "/robots.txt");
  static const std::regex disallow_re(R"(Disallow: *(\S+))"), sitemap_re(R"(Sitemap: *(\S+))");
  for (std::sregex_iterator it(robots.body.begin(), robots.body.end(), disallow_re), end; it != end; ++it)
    disallow.push_back((*it)[1]);
  for (std::sregex_iterator it(robots.body.begin(), robots.body.end(), sitemap_re), end; it != end; ++it) {
    Fetched sm = fetch_retrying(port, (*it)[1]);
    static const std::regex loc_re(R"(<loc>([^<]+)</loc>)");
    for (std::sregex_iterator l(sm.body.begin(), sm.body.end(), loc_re); l != end; ++l) queue.push_back((*l)[1]);
  }
  static const std::regex href_re(R"re(href="([^"#]*)")re"), page_re(R"re(createPageHTML\((\w+), *(\d+), *"(\w+)", *"(\w+)"\))re"),
      jpage_re(R"(columnid:'(\d+)',unitid:'(\d+)',webid:'(\d+)',path:'[^']*',totalRecord:(\d+),perpage:(\d+))");
  Walk w;
  std::set<std::string> seen;
  while (!queue.empty() && seen.size() < 5000) {
    std::string url = queue.front();
    queue.pop_front();
    std::string h = host_of(url);
    if ((h != host && h != extra) || !seen.insert(url).second) continue;
    std::string path = url.substr(url.find(h) + h.size());
    bool forbidden = false;
    for (const auto& d : disallow) forbidden |= h == host && path.rfind(d, 0) == 0;
    if (forbidden) {
      w.disallowed_links.insert(url);
      continue;
    }
    Fetched f = fetch_retrying(port, url);
    if (f.status != 200) {
      w.failed.insert(url);
      continue;
    }
    if (f.type.find("html") == std::string::npos && f.type.find("xml") == std::string::npos) {
      w.attachments.insert(url);
      continue;
    }
    w.ok_pages.insert(url);
    for (std::sregex_iterator it(f.body.begin(), f.body.end(), href_re), end; it != end; ++it)
      queue.push_back(resolve(url, (*it)[1]));
    for (std::sregex_iterator it(f.body.begin(), f.body.end(), page_re), end; it != end; ++it) {
      std::string count = (*it)[1];
      if (!std::isdigit(static_cast<unsigned char>(count[0]))) {
        std::smatch m;
        std::regex var_re("var " + count + R"( *= *(\d+))");
        REQUIRE(std::regex_search(f.body, m, var_re));
        count = m[1];
      }
      for (int k = 1; k < std::stoi(count); ++k) queue.push_back(resolve(url, (*it)[3].str() + "_" + std::to_string(k) + "." + (*it)[4].str()));
    }
    for (std::sregex_iterator it(f.body.begin(), f.body.end(), jpage_re), end; it != end; ++it) {
      int total = std::stoi((*it)[4]), per = std::stoi((*it)[5]);
      for (int p = 2; p <= (total + per - 1) / per; ++p)
        queue.push_back("http://" + host + "/module/web/jpage/dataproxy.jsp?columnid=" + (*it)[1].str() + "&unitid=" + (*it)[2].str() +
                        "&webid=" + (*it)[3].str() + "&page=" + std::to_string(p) + "&perpage=" + (*it)[5].str());
    }
  }
  return w;
}

}  // namespace

TEST_CASE("a link walk from each home page reaches exactly the truth pages", "[farm][server]") {
  Farm& f = farm();
  for (const auto& site : f.truth["sites"]) {
    INFO(site["id"].get<std::string>() << " " << site["style"].get<std::string>());
    Walk w = walk(f.port, site);
    std::set<std::string> expected(site["pages"].begin(), site["pages"].end());
    for (const auto& d : site["defects"]) {
      std::string u = d["url"];
      if (d["kind"] == "soft_404" && (host_of(u) == site["host"])) expected.insert(u);
    }
    std::vector<std::string> missing, extra;
    std::set_difference(expected.begin(), expected.end(), w.ok_pages.begin(), w.ok_pages.end(), std::back_inserter(missing));
    std::set_difference(w.ok_pages.begin(), w.ok_pages.end(), expected.begin(), expected.end(), std::back_inserter(extra));
    CHECK(missing == std::vector<std::string>{});
    CHECK(extra == std::vector<std::string>{});
    CHECK(w.attachments == std::set<std::string>(site["attachments"].begin(), site["attachments"].end()));
    CHECK(w.disallowed_links == std::set<std::string>(site["disallowed"].begin(), site["disallowed"].end()));
    // Everything that failed in scope is a planted broken link.
    std::set<std::string> broken;
    for (const auto& d : site["defects"])
      if (d["kind"] == "broken_link") broken.insert(d["url"]);
    for (const auto& u : w.failed) CHECK(broken.count(u));
  }
}

TEST_CASE("planted broken links fail and soft 404s answer 200 with a not found text", "[farm][server]") {
  Farm& f = farm();
  int broken = 0, soft = 0;
  for (const auto& site : f.truth["sites"])
    for (const auto& d : site["defects"]) {
      std::string u = d["url"];
      INFO(u);
      if (d["kind"] == "broken_link") {
        ++broken;
        Fetched r = fetch_retrying(f.port, u);
        CHECK(r.status >= 400);
      } else if (d["kind"] == "soft_404") {
        ++soft;
        Fetched r = fetch_retrying(f.port, u);
        CHECK(r.status == 200);
        CHECK(text_of(site, r.body).find("页面不存在") != std::string::npos);
      }
    }
  CHECK(broken > 0);
  CHECK(soft > 0);
}

TEST_CASE("unknown paths answer 404 or soft 404 as the truth says", "[farm][server]") {
  Farm& f = farm();
  for (const auto& site : f.truth["sites"]) {
    Fetched r = fetch_retrying(f.port, "http://" + site["host"].get<std::string>() + "/no/such/page_8812.html");
    CHECK(r.status == (site["soft404_unknown"] ? 200 : 404));
  }
  CHECK(fetch(f.port, "http://www.nowhere.gov.cn.test/").status == 404);
}

TEST_CASE("GBK sites send GBK bytes declared as the truth says", "[farm][server]") {
  Farm& f = farm();
  int gbk = 0;
  for (const auto& site : f.truth["sites"]) {
    Fetched r = fetch_retrying(f.port, site["url"]);
    REQUIRE(r.status == 200);
    std::string name = site["name"], declared = site["charset_declared"];
    INFO(site["id"].get<std::string>() << " " << declared);
    bool header = r.type.find("charset=") != std::string::npos;
    bool meta = r.body.find("<meta charset") != std::string::npos || r.body.find("charset=gb2312") != std::string::npos;
    CHECK(header == (declared == "header" || declared == "both" || declared == "wrong"));
    CHECK(meta == (declared == "meta" || declared == "both" || declared == "wrong"));
    if (site["charset"] == "GBK") {
      ++gbk;
      CHECK_FALSE(valid_utf8(r.body));
      std::string utf8;
      CHECK(gbk_to_utf8(r.body, &utf8));
      CHECK(utf8.find(name) != std::string::npos);
      if (declared == "wrong") CHECK(r.type.find("ISO-8859-1") != std::string::npos);
    } else {
      CHECK(valid_utf8(r.body));
      CHECK(r.body.find(name) != std::string::npos);
    }
  }
  CHECK(gbk >= 3);
}

TEST_CASE("robots.txt forbids exactly the disallowed pages", "[farm][server]") {
  Farm& f = farm();
  for (const auto& site : f.truth["sites"]) {
    std::string origin = "http://" + site["host"].get<std::string>();
    Fetched robots = fetch(f.port, origin + "/robots.txt");
    REQUIRE(robots.status == 200);
    std::vector<std::string> rules;
    std::regex re(R"(Disallow: *(\S+))");
    for (std::sregex_iterator it(robots.body.begin(), robots.body.end(), re), end; it != end; ++it) rules.push_back((*it)[1]);
    auto forbidden = [&](const std::string& url) {
      for (const auto& r : rules)
        if (url.rfind(origin + r, 0) == 0) return true;
      return false;
    };
    for (const auto& p : site["pages"]) CHECK_FALSE(forbidden(p));
    for (const auto& p : site["disallowed"]) {
      CHECK(forbidden(p));
      CHECK(fetch_retrying(f.port, p).status == 200);  // the page exists; only robots keeps it out
    }
  }
}

TEST_CASE("apps and accounts answer as the truth says", "[farm][server]") {
  Farm& f = farm();
  int dead = 0;
  for (const auto& site : f.truth["sites"])
    for (const auto& a : site["apps"]) {
      Fetched page = fetch(f.port, a["url"]);
      CHECK(page.status == 200);
      CHECK(page.body.find(a["updated"].get<std::string>()) != std::string::npos);
      if (a["platform"] == "app") {
        Fetched dl = fetch(f.port, a["download"]);
        CHECK(dl.status == (a["dead"] ? 404 : 200));
        dead += a["dead"] ? 1 : 0;
      }
    }
  (void)dead;
}

TEST_CASE("a failing site fails some requests and serves others", "[farm][server]") {
  Farm& f = farm();
  for (const auto& site : f.truth["sites"]) {
    if (site["fail_share"].get<double>() < 0.05) continue;
    int failed = 0;
    for (int i = 0; i < 60; ++i) failed += fetch(f.port, site["url"]).status == 503;
    CHECK(failed > 0);
    CHECK(failed < 60);
  }
}

TEST_CASE("the stats path counts requests per host", "[farm][server]") {
  Farm& f = farm();
  std::string host = f.truth["sites"][2]["host"];
  fetch(f.port, "http://" + host + "/robots.txt");
  json stats = json::parse(fetch(f.port, "http://farm.test/__farm/stats").body);
  CHECK(stats["hosts"][host]["requests"].get<long>() >= 1);
  CHECK(stats["hosts"][host]["max_in_flight"].get<int>() >= 1);
}

TEST_CASE("fault hosts loop redirects and storm errors", "[farm][server]") {
  Farm& f = farm();
  Fetched loop = fetch(f.port, "http://loop.faults.test/loop/1");
  CHECK(loop.status == 302);
  CHECK(loop.location == "http://loop.faults.test/loop/2");
  CHECK(fetch(f.port, "http://storm.faults.test/").status == 503);
}

TEST_CASE("govaudit farm prints its port and serves until terminated", "[farm][cli]") {
  govaudit::testing::ScratchDir dir;
  int out[2];
  REQUIRE(pipe(out) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    std::string bin = govaudit::testing::govaudit_bin(), truth = dir.file("truth.json"), reg = dir.file("sites.csv");
    execl(bin.c_str(), bin.c_str(), "farm", "--sites", "3", "--seed", "5", "--as-of", "2026-11-23", "--write-truth", truth.c_str(),
          "--write-registry", reg.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  close(out[0]);
  REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
  int port = std::stoi(line.substr(line.rfind(':') + 1));
  json truth = json::parse(govaudit::testing::read_file(dir.file("truth.json")));
  CHECK(truth["sites"].size() == 3);
  Fetched home = fetch_retrying(port, truth["sites"][0]["url"]);
  CHECK(home.status == 200);
  CHECK(govaudit::testing::read_file(dir.file("sites.csv")).find("farm-0003") != std::string::npos);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("the stats path reports concurrent requests per host", "[farm][server]") {
  FarmConfig c;
  c.sites = 2;
  c.seed = 4;
  c.as_of = day_from_ymd(2026, 11, 23);
  FarmWorld world = generate_farm(c);
  std::string url = "http://" + world.sites[1].host + "/robots.txt";
  FarmServerOptions o;
  o.extra_latency_ms = 400;  // keeps each request in flight long enough to overlap the others
  FarmServer server(world, o);
  int port = server.start(0);
  REQUIRE(port > 0);
  CURLM* multi = curl_multi_init();
  std::vector<CURL*> handles;
  std::vector<std::string> bodies(6);
  curl_slist* connect_to = curl_slist_append(nullptr, ("::127.0.0.1:" + std::to_string(port)).c_str());
  for (auto& body : bodies) {
    CURL* h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CONNECT_TO, connect_to);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
    curl_multi_add_handle(multi, h);
    handles.push_back(h);
  }
  int running = 1;
  while (running) {
    curl_multi_perform(multi, &running);
    curl_multi_wait(multi, nullptr, 0, 100, nullptr);
  }
  for (CURL* h : handles) {
    curl_multi_remove_handle(multi, h);
    curl_easy_cleanup(h);
  }
  curl_multi_cleanup(multi);
  curl_slist_free_all(connect_to);
  auto stats = server.stats();
  const HostStats& st = stats[world.sites[1].host];
  CHECK(st.requests == 6);
  CHECK(st.in_flight == 0);
  CHECK(st.max_in_flight >= 2);
  CHECK(st.max_in_flight <= 6);
  for (const auto& body : bodies) CHECK(body.find("User-agent") != std::string::npos);
}

TEST_CASE("govaudit farm rejects a malformed as of date", "[farm][cli]") {
  auto r = govaudit::testing::run_govaudit({"farm", "--sites", "2", "--as-of", "2026-13-01"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("2026-13-01") != std::string::npos);
  CHECK(r.out.empty());
}
