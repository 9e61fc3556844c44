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

void put_varint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool get_varint(const std::string& in, size_t* pos, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64 && *pos < in.size(); shift += 7) {
    auto byte = static_cast<unsigned char>(in[(*pos)++]);
    *v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}

void put_string(std::string* out, const std::string& s) {
  put_varint(out, s.size());
  out->append(s);
}

bool get_string(const std::string& in, size_t* pos, std::string* s) {
  uint64_t n = 0;
  if (!get_varint(in, pos, &n) || n > in.size() - *pos) return false;
  s->assign(in, *pos, n);
  *pos += n;
  return true;
}

// A spilled entry: flags, purpose, depth, url, then host and referrer only when they differ from
// the previous entry of the same block (a hub's thousand links share one referrer and one host).
constexpr unsigned char kSameHost = 1, kSameReferrer = 2;

void encode_entry(const FrontierEntry& e, std::string* host, std::string* referrer, std::string* out) {
  unsigned char flags = (e.host == *host ? kSameHost : 0) | (e.referrer == *referrer ? kSameReferrer : 0);
  out->push_back(static_cast<char>(flags));
  out->push_back(static_cast<char>(e.purpose));
  put_varint(out, static_cast<uint64_t>(std::max(e.depth, 0)));
  put_string(out, e.url);
  if (!(flags & kSameHost)) put_string(out, *host = e.host);
  if (!(flags & kSameReferrer)) put_string(out, *referrer = e.referrer);
}

bool decode_entry(const std::string& in, size_t* pos, std::string* host, std::string* referrer, FrontierEntry* e) {
  if (in.size() - *pos < 2) return false;
  auto flags = static_cast<unsigned char>(in[(*pos)++]);
  auto purpose = static_cast<unsigned char>(in[(*pos)++]);
  if (purpose > static_cast<unsigned char>(FetchPurpose::external)) return false;
  uint64_t depth = 0;
  if (!get_varint(in, pos, &depth) || depth > 1000000 || !get_string(in, pos, &e->url)) return false;
  if (!(flags & kSameHost) && !get_string(in, pos, host)) return false;
  if (!(flags & kSameReferrer) && !get_string(in, pos, referrer)) return false;
  e->purpose = static_cast<FetchPurpose>(purpose);
  e->depth = static_cast<int>(depth);
  e->host = *host;
  e->referrer = *referrer;
  return true;
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

SiteFrontier::SiteFrontier(std::vector<std::string> scope_hosts, FrontierLimits limits, FrontierSpill* spill)
    : scope_hosts_(std::move(scope_hosts)), limits_(limits), spill_(spill) {
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
  if (seen_.contains(key)) return OfferOutcome::duplicate;
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
  if (spill_ && (spilled_ > 0 || !spill_->has_room())) {
    spill(entry);  // behind what is spilled already, so first in stays first out
  } else {
    queue_.push_back(entry);
    if (spill_) spill_->took(1);
  }
  return OfferOutcome::queued;
}

std::optional<FrontierEntry> SiteFrontier::next() {
  std::optional<FrontierEntry> e;
  if (!queue_.empty()) {
    e = std::move(queue_.front());
    queue_.pop_front();
    if (spill_) spill_->gave_back(1);
  } else if (spilled_ > 0) {
    e = take_spilled();
  }
  if (e && e->purpose == FetchPurpose::page) ++pages_taken_;
  return e;
}

void SiteFrontier::spill(const FrontierEntry& entry) {
  encode_entry(entry, &write_host_, &write_referrer_, &write_);
  ++write_entries_;
  ++spilled_;
  spill_->note_spilled();
  if (write_.size() >= kSpillBlockBytes && !spill_->failed()) flush_block();
}

bool SiteFrontier::flush_block() {
  uint64_t offset = 0;
  // On failure the block stays in write_ and grows in memory: the crawl goes on, unbounded.
  if (!spill_->write(write_, &offset)) return false;
  blocks_.push_back({offset, static_cast<uint32_t>(write_.size()), static_cast<uint32_t>(write_entries_)});
  write_.clear();
  write_entries_ = 0;
  write_host_.clear();
  write_referrer_.clear();
  return true;
}

std::optional<FrontierEntry> SiteFrontier::take_spilled() {
  while (spilled_ > 0) {
    if (read_entries_ > 0) {
      FrontierEntry e;
      if (decode_entry(read_, &read_pos_, &read_host_, &read_referrer_, &e)) {
        --read_entries_;
        --spilled_;
        return e;
      }
      // Our own file, so this is damage: count what is lost rather than guess at it.
      left_over_ += static_cast<int>(read_entries_);
      spilled_ -= read_entries_;
      read_entries_ = 0;
    }
    read_.clear();
    read_pos_ = 0;
    read_host_.clear();
    read_referrer_.clear();
    if (!blocks_.empty()) {
      SpillBlock b = blocks_.front();
      blocks_.pop_front();
      if (spill_->read(b.offset, b.bytes, &read_)) {
        read_entries_ = b.entries;
      } else {
        left_over_ += static_cast<int>(b.entries);
        spilled_ -= b.entries;
      }
    } else {
      // The block being filled is next: read it straight from memory.
      read_.swap(write_);
      read_entries_ = write_entries_;
      write_.clear();
      write_entries_ = 0;
      write_host_.clear();
      write_referrer_.clear();
    }
  }
  return std::nullopt;
}

bool SiteFrontier::seen(const std::string& url) const {
  return seen_.contains(url_hash(url, FetchPurpose::page)) || seen_.contains(url_hash(url, FetchPurpose::external));
}

void SiteFrontier::mark_done(const std::string& url, FetchPurpose purpose) {
  if (seen_.insert(url_hash(url, purpose)) && purpose == FetchPurpose::page) {
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
