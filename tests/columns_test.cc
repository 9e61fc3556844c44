#include "audit_rules/columns.h"

#include <catch2/catch.hpp>
#include <functional>

using namespace govaudit;

namespace {

ColumnIdentity identify(ColumnEvidence e) { return identify_column(e); }

}  // namespace

TEST_CASE("column type names round trip and unknown names are errors", "[columns]") {
  for (ColumnType t : {ColumnType::news, ColumnType::notice_policy, ColumnType::slow, ColumnType::interaction,
                       ColumnType::services, ColumnType::other}) {
    ColumnType back = ColumnType::other;
    std::string err;
    REQUIRE(parse_column_type(column_type_name(t), &back, &err));
    CHECK(back == t);
  }
  CHECK(column_type_name(ColumnType::notice_policy) == "notice_policy");
  ColumnType t;
  std::string err;
  CHECK_FALSE(parse_column_type("dynamics", &t, &err));
  CHECK(err.find("dynamics") != std::string::npos);
}

TEST_CASE("the ColumnName meta decides first", "[columns]") {
  ColumnEvidence e;
  e.column_name_meta = "\u3000通知公告 ";  // templates pad with ideographic spaces
  e.breadcrumb = "当前位置：首页 > 新闻中心 > 工作动态";
  e.title = "工作动态_某某县人民政府";
  e.url = "http://www.mm.gov.cn.test/xwdt/gzdt/";
  const ColumnIdentity id = identify(e);
  CHECK(id.name == "通知公告");
  CHECK(id.type == ColumnType::notice_policy);
  CHECK(id.decided_by == ColumnEvidenceKind::column_name_meta);
  CHECK(id.matched == "通知公告");
  CHECK(id.confidence > 0.9);
}

TEST_CASE("a ColumnType meta with a rubric name or a Chinese category", "[columns]") {
  ColumnEvidence e;
  e.column_type_meta = "news";
  e.column_name_meta = "乡镇风采";
  CHECK(identify(e).type == ColumnType::news);
  CHECK(identify(e).decided_by == ColumnEvidenceKind::column_type_meta);
  CHECK(identify(e).name == "乡镇风采");
  e.column_type_meta = "政策文件";
  CHECK(identify(e).type == ColumnType::notice_policy);
}

TEST_CASE("breadcrumbs give the column name and type", "[columns]") {
  ColumnEvidence e;
  e.breadcrumb = "您现在的位置：首页 > 政务公开 > 人事信息";
  e.url = "http://www.mm.gov.cn.test/col/col1234/index.html";
  ColumnIdentity id = identify(e);
  CHECK(id.name == "人事信息");
  CHECK(id.type == ColumnType::slow);
  CHECK(id.decided_by == ColumnEvidenceKind::breadcrumb);

  // Article breadcrumbs end in 正文; the column is the segment before.
  e.breadcrumb = "首页 » 新闻中心 » 部门动态 » 正文";
  id = identify(e);
  CHECK(id.name == "部门动态");
  CHECK(id.type == ColumnType::news);

  // An unnamed sub-column takes its parent's type, less surely.
  e.breadcrumb = "首页>互动交流>民生热线";
  id = identify(e);
  CHECK(id.name == "民生热线");
  CHECK(id.type == ColumnType::interaction);
  CHECK(id.confidence < 0.85);
}

TEST_CASE("URL path codes decide when the names say nothing", "[columns]") {
  const std::vector<std::pair<std::string, ColumnType>> cases = {
      {"http://www.a.gov.cn.test/xwdt/", ColumnType::news},
      {"http://www.a.gov.cn.test/zwgk/tzgg/index_2.html", ColumnType::notice_policy},
      {"http://www.a.gov.cn.test/zwgk/zcwj/202403/t20240305_1.html", ColumnType::notice_policy},
      {"http://www.a.gov.cn.test/zwgk/rsxx/", ColumnType::slow},
      {"http://www.a.gov.cn.test/hdjl/ldxx/", ColumnType::interaction},
      {"http://www.a.gov.cn.test/bsfw/bszn/index.shtml", ColumnType::services},
      {"http://www.a.gov.cn.test/gzdt_1/", ColumnType::news},
      {"http://www.a.gov.cn.test/col/col1234/index.html", ColumnType::other},
      {"http://www.a.gov.cn.test/xwdtx/", ColumnType::other},
  };
  for (const auto& [url, type] : cases) {
    ColumnEvidence e;
    e.url = url;
    INFO(url);
    CHECK(identify(e).type == type);
  }
  ColumnEvidence e;
  e.url = "http://www.a.gov.cn.test/zwgk/tzgg/";
  CHECK(identify(e).decided_by == ColumnEvidenceKind::url_path);
  CHECK(identify(e).matched == "tzgg");
}

TEST_CASE("titles come last and are read part by part", "[columns]") {
  ColumnEvidence e;
  e.title = "统计数据_浙江政务服务网";
  ColumnIdentity id = identify(e);
  CHECK(id.name == "统计数据");
  CHECK(id.type == ColumnType::slow);
  CHECK(id.decided_by == ColumnEvidenceKind::title);
  // An article's title says "通知", but its URL knows the column.
  e.title = "关于做好防汛工作的通知 - 某某县人民政府";
  e.url = "http://www.a.gov.cn.test/xwdt/202403/t20240305_1.html";
  CHECK(identify(e).type == ColumnType::news);
}

TEST_CASE("keyword overlaps go to the longest and the most specific", "[columns]") {
  ColumnEvidence e;
  e.column_name_meta = "人事文件";
  CHECK(identify(e).type == ColumnType::slow);
  e.column_name_meta = "政务服务动态";
  CHECK(identify(e).type == ColumnType::services);
  e.column_name_meta = "领导信箱";
  CHECK(identify(e).type == ColumnType::interaction);
  e.column_name_meta = "领导信息";
  CHECK(identify(e).type == ColumnType::slow);
  e.column_name_meta = "政策解读";
  CHECK(identify(e).type == ColumnType::notice_policy);
  e.column_name_meta = "乡镇风采";
  const ColumnIdentity id = identify(e);
  CHECK(id.type == ColumnType::other);
  CHECK(id.name == "乡镇风采");
  CHECK(id.matched.empty());
  CHECK(identify(ColumnEvidence{}).decided_by == ColumnEvidenceKind::none);
}

TEST_CASE("a rubric can replace the keyword lists", "[columns]") {
  ColumnVocabulary v;
  v.rules = {{ColumnType::news, {"风采"}, {"xzfc"}}};
  ColumnEvidence e;
  e.column_name_meta = "乡镇风采";
  CHECK(identify_column(e, v).type == ColumnType::news);
  e.column_name_meta = "通知公告";
  CHECK(identify_column(e, v).type == ColumnType::other);
}

TEST_CASE("pages are classified as home list article or other", "[columns]") {
  const std::string site = "http://www.a.gov.cn.test";
  auto kind = [](std::string url, const std::function<void(PageShape&)>& shape) {
    PageShape page;
    page.url = std::move(url);
    shape(page);
    return classify_page(page);
  };
  auto full_list = [](PageShape& p) { p.list_items = p.dated_list_items = 20; };
  auto nothing = [](PageShape&) {};
  CHECK(kind(site + "/", full_list) == PageKind::home);
  CHECK(kind(site + "/index.html", full_list) == PageKind::home);
  CHECK(kind(site, full_list) == PageKind::home);
  CHECK(kind(site + "/xwdt/index.html", full_list) == PageKind::list);
  CHECK(kind(site + "/col/col1234/index.html", [](PageShape& p) { p.has_datastore = true; }) == PageKind::list);
  CHECK(kind(site + "/tzgg/index_3.html", [](PageShape& p) { p.has_pagination = true; }) == PageKind::list);
  // An article with a "related articles" box of eight dated items.
  CHECK(kind(site + "/xwdt/202403/t20240305_1.html", [](PageShape& p) { p.list_items = p.dated_list_items = 8; }) ==
        PageKind::article);
  CHECK(kind(site + "/x/y.html", [](PageShape& p) { p.metas = {{"ArticleTitle", "关于做好防汛工作的通知"}}; }) ==
        PageKind::article);
  CHECK(kind("http://www.gd.gov.cn.test/gdywdt/content/post_4321.html", nothing) == PageKind::article);
  CHECK(kind(site + "/x/y.html", [](PageShape& p) { p.has_publish_line = true; }) == PageKind::article);
  CHECK(kind(site + "/zjxx/gk.html", [](PageShape& p) { p.text_bytes = 6000; }) == PageKind::article);
  CHECK(kind(site + "/sitemap/", [](PageShape& p) { p.list_items = 3; }) == PageKind::other);
  CHECK(page_kind_name(PageKind::article) == "article");
}

TEST_CASE("article URLs of the common CMSs", "[columns]") {
  CHECK(is_article_url("http://a.test/xwdt/202403/t20240305_123.html"));
  CHECK(is_article_url("https://a.test/art/2024/3/5/art_1229_602.html"));
  CHECK(is_article_url("http://a.test/content/post_4321.html"));
  CHECK(is_article_url("http://a.test/2024-03/05/content_5590001.htm"));
  CHECK(is_article_url("http://a.test/news/2024/0305/c1234a5678/page.htm"));
  CHECK_FALSE(is_article_url("http://a.test/xwdt/"));
  CHECK_FALSE(is_article_url("http://a.test/xwdt/index_2.html"));
  CHECK_FALSE(is_article_url("http://a.test/col/col1234/index.html"));
}

TEST_CASE("blank columns are empty lists or placeholders", "[columns]") {
  CHECK(is_blank_column(0, "通知公告"));
  CHECK(is_blank_column(1, "首页 > 通知公告\n暂无信息"));
  CHECK(is_blank_column(1, "此栏目暂无内容！"));
  CHECK(is_blank_column(0, "栏目正在建设中，敬请期待"));
  CHECK(is_blank_column(1, "暂无数据"));
  CHECK_FALSE(is_blank_column(1, "[03-05] 关于开展安全检查的通知"));
  CHECK_FALSE(is_blank_column(12, "暂无信息"));  // a placeholder in a side box of a full list
  ColumnVocabulary v = default_column_vocabulary();
  v.placeholders = {"内容更新中"};
  CHECK(is_blank_column(1, "内容更新中", v));
  CHECK_FALSE(is_blank_column(1, "暂无信息", v));
}
