#include "crawler/host_pinning.h"

#include <catch2/catch.hpp>

#include "tests/support/run_command.h"

using namespace govaudit;

TEST_CASE("resolve pins parse as curl parses them including IPv6", "[host_pinning]") {
  ResolvePin pin;
  std::string err;
  REQUIRE(parse_resolve_pin("WWW.Lasa.gov.cn.test:80:127.0.0.1", &pin, &err));
  CHECK(pin.host == "www.lasa.gov.cn.test");
  CHECK(pin.port == 80);
  CHECK(pin.addr == "127.0.0.1");
  REQUIRE(parse_resolve_pin("a.test:443:[::1]", &pin, &err));
  CHECK(pin.addr == "::1");
  REQUIRE(parse_resolve_pin("a.test:443:::1", &pin, &err));
  CHECK(pin.addr == "::1");
  CHECK_FALSE(parse_resolve_pin("a.test:http:127.0.0.1", &pin, &err));
  CHECK(err.find("a.test:http:127.0.0.1") != std::string::npos);
  CHECK_FALSE(parse_resolve_pin("a.test:80", &pin, &err));
  CHECK_FALSE(parse_resolve_pin("a.test:70000:127.0.0.1", &pin, &err));
}

TEST_CASE("a connect-to rule with empty host and port matches every request", "[host_pinning]") {
  ConnectToRule rule;
  std::string err;
  REQUIRE(parse_connect_to_rule("::127.0.0.1:8080", &rule, &err));
  CHECK(rule.host.empty());
  CHECK(rule.port == 0);
  CHECK(rule.to_host == "127.0.0.1");
  CHECK(rule.to_port == 8080);
  HostPins pins;
  pins.connect_to.push_back(rule);
  CHECK(is_pinned(pins, "anything.gov.cn.test", 80));
  CHECK(is_pinned(pins, "x.test", 443));
  CHECK(curl_connect_to_entries(pins) == std::vector<std::string>{"::127.0.0.1:8080"});

  REQUIRE(parse_connect_to_rule("a.test:80:[::1]:9000", &rule, &err));
  CHECK(rule.to_host == "::1");
  HostPins only_a;
  only_a.connect_to.push_back(rule);
  CHECK(is_pinned(only_a, "A.TEST", 80));
  CHECK_FALSE(is_pinned(only_a, "a.test", 443));
  CHECK_FALSE(is_pinned(only_a, "b.test", 80));
  CHECK_FALSE(parse_connect_to_rule("a.test:80:127.0.0.1", &rule, &err));
  CHECK_FALSE(parse_connect_to_rule("a.test:80:127.0.0.1:x", &rule, &err));
}

TEST_CASE("the CLI rejects a malformed pin with exit 2 naming it", "[host_pinning][cli]") {
  auto r = testing::run_govaudit({"--connect-to", "nonsense", "sites", "list"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("nonsense") != std::string::npos);
}

TEST_CASE("every command answers --help", "[cli]") {
  for (const char* cmd : {"sites", "crawl", "audit", "report", "farm", "demo", "probe", "inspect"}) {
    auto r = testing::run_govaudit({cmd, "--help"});
    INFO(cmd << ": " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(cmd) != std::string::npos);
  }
}
