#include "crawler/frontier.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace govaudit {
namespace {

// FNV-1a 64: stable across runs and platforms (std::hash is not guaranteed to be).
uint64_t url_hash(std::string_view s, FetchPurpose p) {
  uint64_t h = 1469598103934665603ULL ^ static_cast<uint64_t>(p == FetchPurpose::external);
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

const char* purpose_name(FetchPurpose p) {
  switch (p) {
    case FetchPurpose::page: return "page";
    case FetchPurpose::sitemap: return "sitemap";
    case FetchPurpose::attachment: return "attachment";
    case FetchPurpose::external: return "external";
  }
  return "page";
}

SiteFrontier::SiteFrontier(std::vector<std::string> scope_hosts, FrontierLimits limits)
    : scope_hosts_(std::move(scope_hosts)), limits_(limits) {
  for (auto& h : scope_hosts_)
    std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return std::tolower(c); });
}

bool SiteFrontier::in_scope(const std::string& host) const {
  return std::find(scope_hosts_.begin(), scope_hosts_.end(), host) != scope_hosts_.end();
}

OfferOutcome SiteFrontier::offer(const FrontierEntry& entry) {
  // Pages and attachments share one key space (a URL is one or the other); externals are keyed
  // apart only so a scope change between runs cannot hide a page behind an old external check.
  uint64_t key = url_hash(entry.url, entry.purpose);
  if (seen_.count(key)) return OfferOutcome::duplicate;
  if (entry.purpose == FetchPurpose::page && limits_.max_depth > 0 && entry.depth > limits_.max_depth)
    return OfferOutcome::out_of_depth;
  bool over = false;
  switch (entry.purpose) {
    case FetchPurpose::page: over = limits_.max_pages > 0 && pages_queued_ >= limits_.max_pages; break;
    case FetchPurpose::external: over = externals_queued_ >= limits_.max_externals; break;
    case FetchPurpose::attachment: over = attachments_queued_ >= limits_.max_attachments; break;
    case FetchPurpose::sitemap: break;
  }
  if (over) {
    ++left_over_;
    return OfferOutcome::over_limit;
  }
  seen_.insert(key);
  switch (entry.purpose) {
    case FetchPurpose::page: ++pages_queued_; break;
    case FetchPurpose::external: ++externals_queued_; break;
    case FetchPurpose::attachment: ++attachments_queued_; break;
    case FetchPurpose::sitemap: break;
  }
  queue_.push_back(entry);
  return OfferOutcome::queued;
}

std::optional<FrontierEntry> SiteFrontier::next() {
  if (queue_.empty()) return std::nullopt;
  FrontierEntry e = std::move(queue_.front());
  queue_.pop_front();
  if (e.purpose == FetchPurpose::page) ++pages_taken_;
  return e;
}

void SiteFrontier::mark_done(const std::string& url, FetchPurpose purpose) {
  if (seen_.insert(url_hash(url, purpose)).second && purpose == FetchPurpose::page) {
    ++pages_queued_;
    ++pages_taken_;
  }
}

bool is_attachment_url(const std::string& url) {
  std::string_view u(url);
  u = u.substr(0, std::min(u.find('?'), u.find('#')));
  auto dot = u.rfind('.');
  auto slash = u.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return false;
  std::string ext(u.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  static const char* const kExts[] = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "zip",
                                      "rar", "7z",  "apk", "wps",  "et",  "ofd", "ipa"};
  return std::any_of(std::begin(kExts), std::end(kExts), [&](const char* e) { return ext == e; });
}

}  // namespace govaudit
