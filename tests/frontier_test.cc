#include "crawler/frontier.h"

#include <catch2/catch.hpp>

using namespace govaudit;

namespace {
FrontierEntry page(const std::string& url, int depth = 1) {
  FrontierEntry e;
  e.url = url;
  e.host = "www.a.gov.cn.test";
  e.depth = depth;
  return e;
}
}  // namespace

TEST_CASE("the frontier deduplicates and serves breadth first", "[frontier]") {
  SiteFrontier f({"www.a.gov.cn.test", "zwfw.a.gov.cn.test"}, {});
  CHECK(f.in_scope("zwfw.a.gov.cn.test"));
  CHECK_FALSE(f.in_scope("www.b.gov.cn.test"));
  CHECK(f.offer(page("http://www.a.gov.cn.test/", 0)) == OfferOutcome::queued);
  CHECK(f.offer(page("http://www.a.gov.cn.test/xwdt/", 1)) == OfferOutcome::queued);
  CHECK(f.offer(page("http://www.a.gov.cn.test/", 2)) == OfferOutcome::duplicate);
  REQUIRE(f.next()->url == "http://www.a.gov.cn.test/");
  REQUIRE(f.next()->url == "http://www.a.gov.cn.test/xwdt/");
  CHECK_FALSE(f.next().has_value());
  CHECK(f.pages_taken() == 2);
}

TEST_CASE("the frontier enforces page and depth limits and counts what is left over", "[frontier]") {
  FrontierLimits limits;
  limits.max_pages = 2;
  limits.max_depth = 3;
  SiteFrontier f({"www.a.gov.cn.test"}, limits);
  CHECK(f.offer(page("http://www.a.gov.cn.test/deep", 4)) == OfferOutcome::out_of_depth);
  CHECK(f.offer(page("http://www.a.gov.cn.test/1")) == OfferOutcome::queued);
  CHECK(f.offer(page("http://www.a.gov.cn.test/2")) == OfferOutcome::queued);
  CHECK(f.offer(page("http://www.a.gov.cn.test/3")) == OfferOutcome::over_limit);
  CHECK(f.left_over() == 1);
  FrontierEntry ext = page("http://www.other.test/");
  ext.purpose = FetchPurpose::external;
  CHECK(f.offer(ext) == OfferOutcome::queued);  // externals have their own limit
}

TEST_CASE("a URL marked done by a resumed run is not fetched again", "[frontier]") {
  SiteFrontier f({"www.a.gov.cn.test"}, {});
  f.mark_done("http://www.a.gov.cn.test/x.html", FetchPurpose::page);
  CHECK(f.offer(page("http://www.a.gov.cn.test/x.html")) == OfferOutcome::duplicate);
  CHECK(f.pages_taken() == 1);
}

TEST_CASE("attachments are recognised by extension only in the path", "[frontier]") {
  CHECK(is_attachment_url("http://a.test/files/guide.DOCX"));
  CHECK(is_attachment_url("http://a.test/app/gov.apk?v=2"));
  CHECK_FALSE(is_attachment_url("http://a.test/xwdt/index.html"));
  CHECK_FALSE(is_attachment_url("http://a.test/list.jsp?file=a.pdf"));
  CHECK_FALSE(is_attachment_url("http://a.test/v1.2/"));
}

TEST_CASE("seen answers for every purpose exactly when offer would say duplicate", "[frontier]") {
  FrontierLimits limits;
  limits.max_depth = 2;
  SiteFrontier f({"www.a.gov.cn.test"}, limits);
  FrontierEntry ext = page("http://www.other.test/");
  ext.purpose = FetchPurpose::external;
  FrontierEntry doc = page("http://www.a.gov.cn.test/files/plan.pdf");
  doc.purpose = FetchPurpose::attachment;
  CHECK_FALSE(f.seen("http://www.a.gov.cn.test/a"));
  CHECK_FALSE(f.seen(ext.url));
  CHECK(f.offer(page("http://www.a.gov.cn.test/a")) == OfferOutcome::queued);
  CHECK(f.offer(ext) == OfferOutcome::queued);
  CHECK(f.offer(doc) == OfferOutcome::queued);
  f.mark_done("http://www.a.gov.cn.test/done", FetchPurpose::page);
  for (FrontierEntry e : {page("http://www.a.gov.cn.test/a"), ext, doc, page("http://www.a.gov.cn.test/done")}) {
    CHECK(f.seen(e.url));
    CHECK(f.offer(e) == OfferOutcome::duplicate);
    // In a site's scope or not is a matter of the host, so the crawl never offers one URL both as
    // external and as in scope; pages, attachments and sitemaps share one key.
    if (e.purpose != FetchPurpose::external) {
      e.purpose = FetchPurpose::sitemap;
      CHECK(f.offer(e) == OfferOutcome::duplicate);
    }
  }
  // Refused offers are not seen: a later offer within the limits may still queue them.
  CHECK(f.offer(page("http://www.a.gov.cn.test/deep", 3)) == OfferOutcome::out_of_depth);
  CHECK_FALSE(f.seen("http://www.a.gov.cn.test/deep"));
  CHECK_FALSE(f.seen("http://www.a.gov.cn.test/a/"));
}
