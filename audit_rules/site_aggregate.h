// Per site and run: the page facts of every stored page, the crawl's link checks and the probes,
// folded into the SiteFacts the rubrics read (column freshness table, home page newest date,
// broken links once per dead target, service guides, interaction, apps, features with evidence).
// Pure: the CLI reads the store and the WARC files and hands the records in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit_rules/page_facts.h"
#include "audit_rules/site_facts.h"

namespace govaudit {

/// One stored record of the run (a fetch or a check), with the facts read back from its body.
struct AuditedFetch {
  std::string url;
  std::string final_url;
  std::string kind;  ///< page, sitemap, robots, attachment, external, soft404_probe, not_fetched
  int status = 0;
  std::string error_class;
  bool soft_404 = false;
  int depth = 0;
  std::string fetched_at;
  std::optional<PageFacts> facts;  ///< for HTML bodies that could be read back
};

/// One stored access probe of the site.
struct ProbeSample {
  std::string url;
  std::string probed_at;
  bool ok = false;
  std::string error_class;
  std::string detail;
};

struct AggregateInput {
  std::string site_id;
  std::string portal_url;
  std::vector<std::string> extra_hosts;
  CivilDate as_of;
  std::vector<AuditedFetch> fetches;
  std::vector<ProbeSample> probes;  ///< within the rubric's window, vantage failures excluded
};

/// Folds one site's records into SiteFacts.
SiteFacts aggregate_site(const AggregateInput& input);

/// The column a list page belongs to, as a stable key: TRS index_N.html and modern page/N.html
/// pages fold into their folder, Hanweb dataproxy pages into /col/col{columnid}/.
std::string column_key(const std::string& url);

}  // namespace govaudit
