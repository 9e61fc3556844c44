// `govaudit inspect FILE|URL`: the page facts of one page, to see and explain what the audit reads.
#include <filesystem>
#include <iostream>

#include "audit_rules/page_facts_json.h"
#include "audit_rules/page_input.h"
#include "cli/command.h"
#include "crawler/fetcher.h"
#include "crawler/log.h"

namespace govaudit {
namespace {

struct InspectArgs {
  std::string target;
  std::string base_url;
  std::string charset;
  std::string format = "json";
  std::string as_of;
};

bool read_whole_file(const std::string& path, std::string* out, std::string* err) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    *err = path + ": " + ec.message();
    return false;
  }
  if (size > 64u << 20) {
    *err = path + ": larger than 64 MiB";
    return false;
  }
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    *err = path + ": cannot open";
    return false;
  }
  out->resize(size);
  size_t n = std::fread(out->data(), 1, size, f);
  std::fclose(f);
  out->resize(n);
  return true;
}

int inspect_command(const GlobalOptions& g, const InspectArgs& a) {
  std::string body, content_type, url = a.base_url, last_modified, err;
  bool is_url = a.target.rfind("http://", 0) == 0 || a.target.rfind("https://", 0) == 0;
  if (is_url) {
    FetcherOptions fo;
    fo.pins = g.pins;
    fo.allow_private = g.allow_private;
    FetchRequest req;
    req.url = a.target;
    FetchResult r = fetch_one(req, fo);
    if (r.status == 0) {
      std::cerr << "govaudit: inspect: " << a.target << ": " << error_class_name(r.error_class) << ": " << r.error << "\n";
      return 1;
    }
    body = std::move(r.body);
    content_type = r.content_type;
    if (url.empty()) url = r.final_url.empty() ? a.target : r.final_url;
    for (const auto& [k, v] : r.headers)
      if (k == "last-modified") last_modified = v;
  } else {
    if (!read_whole_file(a.target, &body, &err)) {
      std::cerr << "govaudit: inspect: " << err << "\n";
      return 2;
    }
    if (url.empty()) url = "http://inspect.test/" + std::filesystem::path(a.target).filename().string();
  }
  std::optional<CivilDate> reference;
  if (!a.as_of.empty()) {
    reference = parse_iso_date(a.as_of);
    if (!reference) {
      std::cerr << "govaudit: inspect: --as-of '" << a.as_of << "' is not a YYYY-MM-DD date\n";
      return 2;
    }
  } else {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    reference = make_civil_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  }
  PageInput in = read_page_input(body, content_type, url, last_modified, a.charset);
  PageFacts facts = extract_page_facts(in, reference);
  std::cout << page_facts_to_json(facts).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return 0;
}

}  // namespace

void add_inspect_command(CLI::App& app, const GlobalOptions& global, CommandRun* run) {
  auto a = std::make_shared<InspectArgs>();
  auto* sub = app.add_subcommand("inspect", "The page facts of one page (a saved file or a URL), as the audit reads them");
  sub->add_option("FILE_OR_URL", a->target, "a saved page, or an http(s) URL to fetch (pins and --allow-private apply)")->required();
  sub->add_option("--base-url", a->base_url, "the URL the saved page came from (resolves its relative links)");
  sub->add_option("--charset", a->charset, "decode with this charset instead of detecting it");
  sub->add_option("--as-of", a->as_of, "reference date for year inference and future dates (default: today)");
  sub->add_option("--format", a->format, "json")->check(CLI::IsMember({"json"}))->capture_default_str();
  sub->callback([run, &global, a] { *run = [&global, a] { return inspect_command(global, *a); }; });
}

}  // namespace govaudit
