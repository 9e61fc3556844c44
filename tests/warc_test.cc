// WARC writing and reading: a round trip through govaudit's own writer, and every sample file in
// ../shared/data/warc-samples (warcio's test data, including PR 66's deliberately broken files) with
// expectations taken from the files themselves and from the `.warc.test` validator notes.
#include <catch2/catch.hpp>
#include <zlib.h>

#include <cstdlib>
#include <map>
#include <sstream>
#include <regex>
#include <set>

#include "crawler/warc_reader.h"
#include "crawler/warc_writer.h"
#include "tests/support/run_command.h"

using namespace govaudit;
using govaudit::testing::read_file;
using govaudit::testing::ScratchDir;
using govaudit::testing::shared_dir;
using govaudit::testing::write_file;

namespace {

// shared_dir() is ../shared beside the checkout; a worktree elsewhere points GOVAUDIT_SHARED_DIR
// at the real folder.
std::string samples_dir() {
  std::string dir = shared_dir();
  if (const char* env = std::getenv("GOVAUDIT_SHARED_DIR")) dir = env;
  return dir + "/data/warc-samples";
}

std::vector<WarcRecord> read_all(const std::string& path, WarcReadReport* report, bool* ok = nullptr,
                                 const WarcReadOptions& options = {}) {
  std::vector<WarcRecord> out;
  std::string err;
  bool r = read_warc(path, [&](const WarcRecord& rec) { out.push_back(rec); return true; }, report, &err, options);
  if (ok) *ok = r;
  else REQUIRE(r);
  return out;
}

bool has_problem(const WarcReadReport& report, const std::string& needle) {
  for (const auto& p : report.problems)
    if (p.reason.find(needle) != std::string::npos) return true;
  return false;
}

std::string all_problems(const WarcReadReport& report) {
  std::string s;
  for (const auto& p : report.problems) s += "#" + std::to_string(p.record_index) + " " + p.reason + "\n";
  return s;
}

// Inflates exactly one gzip member; true only if it ends exactly at the end of `member`.
bool inflate_one_member(const std::string& member, std::string* out) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(member.data()));
  zs.avail_in = static_cast<uInt>(member.size());
  char buf[65536];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out->append(buf, sizeof buf - zs.avail_out);
  } while (rc == Z_OK);
  bool whole = rc == Z_STREAM_END && zs.avail_in == 0;
  inflateEnd(&zs);
  return whole;
}

WarcExchange exchange(const std::string& url, const std::string& body, HeaderList headers) {
  WarcExchange ex;
  ex.url = url;
  ex.ip = "127.0.0.1";
  std::string path = url.substr(url.find('/', 8));
  ex.request_head = "GET " + path + " HTTP/1.1\r\nHost: portal.gov.test\r\nUser-Agent: govaudit/0.1 (+https://govaudit.test/about)\r\n";
  ex.status_line = "HTTP/1.1 200 OK";
  ex.response_headers = std::move(headers);
  ex.body = body;
  return ex;
}

std::string binary_body() {
  std::string s;
  for (int round = 0; round < 40; ++round)
    for (int c = 0; c < 256; ++c) s.push_back(static_cast<char>(c ^ round));
  return s;  // includes NULs, CR, LF and "WARC/"-free bytes in every position
}

}  // namespace

TEST_CASE("round trip of warcinfo and exchanges through the WARC writer and reader", "[warc]") {
  ScratchDir dir;
  std::string path = dir.file("rt.warc.gz");
  const std::string gbk = "<html><head><meta charset=\"gbk\"><title>\xd5\xfe\xb8\xae\xd0\xc5\xcf\xa2\xb9\xab\xbf\xaa</title></head></html>";
  const std::string html = "<!doctype html><html><body>Hello portal</body></html>";
  const std::string bin = binary_body();

  WarcWriter w;
  std::string err;
  WarcInfo info;
  info.operator_name = "audit team <audit@govaudit.test>";
  info.robots_policy = "obey";
  info.run_id = "42";
  REQUIRE(w.open(path, info, &err));
  std::vector<WarcLocation> locs(3);
  REQUIRE(w.write_exchange(exchange("http://portal.gov.test/index.html", html,
                                    {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip"},
                                     {"Transfer-Encoding", "chunked"}, {"Content-Length", "17"}}),
                           &locs[0], &err));
  REQUIRE(w.write_exchange(exchange("http://portal.gov.test/gbk.html", gbk, {{"Content-Type", "text/html; charset=gbk"}}),
                           &locs[1], &err));
  REQUIRE(w.write_exchange(exchange("http://portal.gov.test/file.bin", bin, {{"Content-Type", "application/octet-stream"}}),
                           &locs[2], &err));
  WarcExchange not_modified = exchange("http://portal.gov.test/index.html", "", {{"ETag", "\"abc\""}});
  not_modified.status_line = "HTTP/1.1 304 Not Modified";
  WarcLocation revisit_loc;
  REQUIRE(w.write_revisit(not_modified, "<urn:uuid:00000000-0000-4000-8000-000000000000>", &revisit_loc, &err));
  REQUIRE(w.write_metadata("http://portal.gov.test/index.html", "", {{"outlinks", "3"}}, nullptr, &err));
  REQUIRE(w.close(&err));

  WarcReadReport report;
  auto recs = read_all(path, &report);
  INFO(all_problems(report));
  CHECK(report.problems.empty());
  CHECK(report.format == "warc.gz");
  CHECK(report.one_member_per_record);
  REQUIRE(recs.size() == 10);
  CHECK(report.gzip_members == 10);
  std::vector<std::string> types;
  for (const auto& r : recs) types.push_back(r.type);
  CHECK(types == std::vector<std::string>{"warcinfo", "request", "response", "request", "response", "request", "response",
                                          "request", "revisit", "metadata"});

  const std::regex uuid4("<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>");
  const std::regex date("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  std::set<std::string> ids;
  for (const auto& r : recs) {
    CHECK(r.version == "WARC/1.1");
    CHECK(std::regex_match(r.record_id, uuid4));
    CHECK(std::regex_match(r.date, date));
    ids.insert(r.record_id);
    CHECK(r.digest_ok());
    CHECK(r.block_digest == DigestCheck::kOk);
  }
  CHECK(ids.size() == recs.size());
  CHECK(recs[0].block.find("software: govaudit/") != std::string::npos);
  CHECK(recs[0].block.find("operator: audit team") != std::string::npos);
  CHECK(recs[0].block.find("robots: obey") != std::string::npos);
  CHECK(recs[0].header("Content-Type") == "application/warc-fields");

  const std::string bodies[3] = {html, gbk, bin};
  for (int i = 0; i < 3; ++i) {
    const WarcRecord& req = recs[1 + 2 * i];
    const WarcRecord& resp = recs[2 + 2 * i];
    CHECK(req.concurrent_to == resp.record_id);
    CHECK(resp.concurrent_to == req.record_id);
    CHECK(req.target_uri == resp.target_uri);
    CHECK(resp.ip == "127.0.0.1");
    CHECK(resp.content_type == "application/http;msgtype=response");
    CHECK(req.content_type == "application/http;msgtype=request");
    CHECK(req.http_start_line.rfind("GET /", 0) == 0);
    CHECK(resp.http_status == 200);
    CHECK(resp.payload == bodies[i]);
    CHECK(resp.payload_digest == DigestCheck::kOk);
    CHECK_FALSE(resp.payload_truncated);
    CHECK(resp.http_header("Content-Length") == std::to_string(bodies[i].size()));
    CHECK(resp.http_header("Content-Encoding").empty());
    CHECK(resp.http_header("Transfer-Encoding").empty());
    CHECK(resp.offset == locs[i].offset);

    WarcRecord again;
    REQUIRE(read_record_at(path, locs[i].offset, &again, &err));
    CHECK(again.record_id == resp.record_id);
    CHECK(again.payload == bodies[i]);
    CHECK(again.block == resp.block);
  }
  CHECK(recs[2].http_header("X-Govaudit-Original-Content-Encoding") == "gzip");
  CHECK(recs[2].http_header("X-Govaudit-Original-Transfer-Encoding") == "chunked");
  CHECK(recs[2].http_header("X-Govaudit-Original-Content-Length") == "17");
  CHECK(!recs[2].http_header("X-Govaudit-Body").empty());

  CHECK(recs[8].header("WARC-Profile") == "http://netpreserve.org/warc/1.1/revisit/server-not-modified");
  CHECK(recs[8].http_status == 304);
  CHECK(recs[8].header("WARC-Refers-To") == "<urn:uuid:00000000-0000-4000-8000-000000000000>");
  CHECK(recs[8].offset == revisit_loc.offset);

  WarcRecord none;
  CHECK_FALSE(read_record_at(path, locs[0].offset + 1, &none, &err));  // not a member start
  CHECK(err.find("rt.warc.gz") != std::string::npos);

  // Every record is a gzip member of its own: the bytes [offset, offset+length) inflate alone.
  std::string file = read_file(path);
  std::vector<WarcLocation> all = locs;
  all.push_back(revisit_loc);
  for (const auto& loc : all) {
    REQUIRE(loc.file == path);
    REQUIRE(loc.offset + loc.length <= file.size());
    std::string text;
    CHECK(inflate_one_member(file.substr(loc.offset, loc.length), &text));
    CHECK(text.rfind("WARC/1.1\r\n", 0) == 0);
    CHECK(text.size() >= 4);
    CHECK(text.substr(text.size() - 4) == "\r\n\r\n");
  }
}

TEST_CASE("directory writer names files by run and rolls over at the size limit", "[warc]") {
  ScratchDir dir;
  std::string err;
  WarcDirWriter w(dir.path(), "7", WarcInfo{}, 2000);
  WarcLocation loc;
  const std::string body(1500, 'x');
  for (int i = 0; i < 4; ++i) REQUIRE(w.write_exchange(exchange("http://a.gov.test/p" + std::to_string(i), body, {}), &loc, &err));
  REQUIRE(w.close(&err));
  REQUIRE(w.files().size() >= 2);
  CHECK(w.files()[0] == dir.path() + "/govaudit-7-00000.warc.gz");
  CHECK(w.files()[1] == dir.path() + "/govaudit-7-00001.warc.gz");
  size_t responses = 0;
  for (const auto& f : w.files()) {
    WarcReadReport report;
    auto recs = read_all(f, &report);
    CHECK(report.problems.empty());
    REQUIRE(!recs.empty());
    CHECK(recs[0].type == "warcinfo");  // each file starts with its own warcinfo
    CHECK(recs[0].block.find("isPartOf: govaudit-run-7") != std::string::npos);
    for (const auto& r : recs) responses += r.type == "response";
  }
  CHECK(responses == 4);
}

namespace {

// ARC files among the samples (example.arc, example.arc.gz, example-space-in-url.arc, bad.arc) are
// read too, converted to WARC records (filedesc -> warcinfo, HTTP captures -> response).

/// What one sample file must give. Derived by reading the file (zcat/less) and warcio's notes.
struct SampleExpectation {
  std::string file;  ///< under data/warc-samples/
  std::string format;
  size_t delivered;
  size_t responses;
  std::string a_target_uri;                 ///< a WARC-Target-URI found in the file ("" if none)
  std::vector<std::string> problem_texts;   ///< each must appear among the problems; empty = no problems at all
  bool one_member_per_record = true;
};

const std::vector<SampleExpectation> kSamples = {
    // Conforming files from warcio's test data: read without a single problem.
    {"warcio_head/example.warc", "warc", 6, 1, "http://example.com/", {}},
    {"warcio_head/example.warc.gz", "warc.gz", 6, 1, "http://example.com/", {}},
    {"warcio_head/example-iana.org-chunked.warc", "warc", 3, 1, "http://www.iana.org/", {}},  // hex digests, chunked body
    {"warcio_head/example-resource.warc.gz", "warc.gz", 3, 0, "http://example.com/", {}},
    {"warcio_head/example-wget-bad-target-uri.warc.gz", "warc.gz", 6, 1, "http://example.com/", {}},  // "<uri>" form
    {"warcio_head/post-test.warc.gz", "warc.gz", 6, 3, "http://httpbin.org/post?foo=bar", {}},
    {"warcio_head/example.arc", "arc", 2, 1, "http://example.com/", {}},
    {"warcio_head/example.arc.gz", "arc.gz", 2, 1, "http://example.com/", {}},
    // Whole file in one gzip member (not addressable per record); the revisit's block digest is wrong.
    {"warcio_head/example-bad-non-chunked.warc.gz", "warc.gz", 6, 1, "http://example.com/",
     {"WARC-Block-Digest mismatch: sha1:DVRKRZEWKT4QEWGQOSFOA5KY5VDIWJLW"}, false},
    // One gzip member for the whole file, and request blocks that end before their blank line.
    {"warcio_head/example-bad.warc.gz.bad", "warc.gz", 6, 2, "http://www.iana.org/domains/example",
     {"HTTP headers not terminated"}, false},
    // The first request's payload digest 1112H3S6... is wrong (pr66 note: "payload digest failed"); the
    // three others use base32, base64 and base64url forms of the right digest and pass.
    {"warcio_head/example-digest.warc", "warc", 4, 0, "http://example.com/", {"WARC-Payload-Digest mismatch"}},
    {"warcio_pr66/example-digest-bad.warc", "warc", 4, 0, "http://example.com/", {"WARC-Payload-Digest mismatch"}},
    // Response Content-Length two bytes short: its gzip body is cut, both digests fail, and the two
    // bytes left over are garbage before the next record.
    {"warcio_head/example-trunc.warc", "warc", 4, 1, "http://example.com/",
     {"Content-Encoding gzip", "WARC-Block-Digest mismatch", "WARC-Payload-Digest mismatch", "bytes of garbage"}},
    // A record split across gzip members, with an HTTP body one byte shorter than declared.
    {"warcio_head/example-wrong-chunks.warc.gz", "warc.gz", 2, 1, "http://example.com/",
     {"WARC-Block-Digest mismatch"}, false},
    {"warcio_head/example-space-in-target-uri.warc.gz", "warc.gz", 2, 0, "file:///example with spaces.png",
     {"contains whitespace"}},
    // ARC whose URL has spaces; its record is 12 bytes shorter than its declared length.
    {"warcio_head/example-space-in-url.arc", "arc", 2, 1,
     "http://example.com/index.cfm?FuseAction=Email&EmailTitle=Examples From The Live Web&IsPopUp=False",
     {"truncated"}},
    // ARC with lengths "-1" and "abc": those lines are skipped; one well-formed 1-byte record remains.
    {"warcio_head/bad.arc", "arc", 1, 0, "http://example.com/", {"invalid ARC header line"}},
    // pr66 torture files: duplicate and missing fields, unknown types, an invalid version line at the end.
    {"warcio_pr66/standard-torture-validate-field.warc", "warc", 3, 0, "<http://example.com/>",
     {"duplicate header WARC-Date", "unknown WARC-Type 'does-not-exist'", "missing mandatory header WARC-Record-ID",
      "missing WARC-Target-URI on a request record", "WARC-Block-Digest not checked"}},
    {"warcio_pr66/standard-torture-validate-record.warc", "warc", 17, 1, "DnS:asdfasdf",
     {"missing mandatory header WARC-Date", "missing mandatory header WARC-Record-ID",
      "missing WARC-Target-URI on a revisit record", "missing WARC-Target-URI on a continuation record"}},
};

}  // namespace

TEST_CASE("every warcio sample file is read with the expected records and problems", "[warc][samples]") {
  for (const auto& s : kSamples) {
    SECTION(s.file) {
      std::string path = samples_dir() + "/" + s.file;
      WarcReadReport report;
      auto recs = read_all(path, &report);
      INFO(s.file << "\n" << all_problems(report));
      CHECK(report.format == s.format);
      CHECK(recs.size() == s.delivered);
      CHECK(report.records_delivered == s.delivered);
      size_t responses = 0;
      bool target_found = s.a_target_uri.empty();
      for (const auto& r : recs) {
        responses += r.type == "response";
        // The torture file keeps the first of duplicate fields, "<http://example.com/>", stripped of <>.
        if (r.target_uri == s.a_target_uri || "<" + r.target_uri + ">" == s.a_target_uri) target_found = true;
      }
      CHECK(responses == s.responses);
      CHECK(target_found);
      CHECK(report.one_member_per_record == s.one_member_per_record);
      if (s.problem_texts.empty()) CHECK(report.problems.empty());
      for (const auto& text : s.problem_texts) CHECK(has_problem(report, text));

      // Random access: every record delivered can be read again from its offset (and member skip).
      for (const auto& r : recs) {
        WarcRecord again;
        std::string err;
        REQUIRE(read_record_at(path, r.offset, &again, &err, r.member_skip));
        CHECK(again.type == r.type);
        CHECK(again.target_uri == r.target_uri);
        CHECK(again.block == r.block);
      }
    }
  }
}

TEST_CASE("the sample table covers every file in the two warcio folders", "[warc][samples]") {
  std::set<std::string> expected;
  for (const auto& s : kSamples) expected.insert(s.file);
  auto listing = govaudit::testing::run_program(
      {"sh", "-c", "cd '" + samples_dir() + "' && ls warcio_head/* warcio_pr66/* | grep -v '[.]test$'"});
  REQUIRE(listing.exit_code == 0);
  std::set<std::string> present;
  std::istringstream in(listing.out);
  for (std::string line; std::getline(in, line);) present.insert(line);
  CHECK(present == expected);
}

TEST_CASE("digest forms and payload decoding in the samples", "[warc][samples]") {
  std::string base = samples_dir() + "/warcio_head/";
  WarcReadReport report;

  auto digest = read_all(base + "example-digest.warc", &report);
  REQUIRE(digest.size() == 4);
  CHECK(digest[0].payload_digest == DigestCheck::kMismatch);
  CHECK_FALSE(digest[0].digest_ok());
  for (int i = 1; i < 4; ++i) CHECK(digest[i].payload_digest == DigestCheck::kOk);  // base32, base64, base64url
  for (const auto& r : digest) CHECK(r.block_digest == DigestCheck::kOk);

  auto chunked = read_all(base + "example-iana.org-chunked.warc", &report);
  REQUIRE(chunked.size() == 3);
  const WarcRecord& resp = chunked[1];
  CHECK(resp.block_digest == DigestCheck::kOk);    // sha1 in hex (warcprox)
  CHECK(resp.payload_digest == DigestCheck::kOk);  // computed over the chunked bytes
  CHECK(resp.http_header("Transfer-Encoding") == "chunked");
  CHECK(resp.payload.rfind("<!doctype html>", 0) == 0);  // no chunk-size line left
  CHECK(resp.payload.find("</html>") != std::string::npos);

  auto gz = read_all(base + "example.warc", &report);
  REQUIRE(gz.size() == 6);
  CHECK(gz[2].payload_decoded);  // Content-Encoding: gzip, 606 bytes on the wire
  CHECK(gz[2].payload.size() == 1270);
  CHECK(gz[2].payload.find("<title>Example Domain</title>") != std::string::npos);
  CHECK(gz[4].type == "revisit");
  CHECK(gz[4].payload_digest == DigestCheck::kAbsent);  // names the original; not checked

  auto trunc = read_all(base + "example-trunc.warc", &report);
  REQUIRE(trunc.size() == 4);
  CHECK(trunc[2].payload_truncated);
  CHECK_FALSE(trunc[2].digest_ok());
  CHECK(trunc[3].type == "request");  // the record after the damage is still read
}

TEST_CASE("a record larger than the limit is skipped with a reason", "[warc]") {
  ScratchDir dir;
  std::string path = dir.file("big.warc.gz");
  WarcWriter w;
  std::string err;
  REQUIRE(w.open(path, WarcInfo{}, &err));
  REQUIRE(w.write_exchange(exchange("http://a.gov.test/big", std::string(300000, 'b'), {}), nullptr, &err));
  REQUIRE(w.write_exchange(exchange("http://a.gov.test/small", "small", {}), nullptr, &err));
  REQUIRE(w.close(&err));
  WarcReadOptions options;
  options.max_record_bytes = 100000;
  WarcReadReport report;
  bool ok = false;
  auto recs = read_all(path, &report, &ok, options);
  CHECK(ok);
  CHECK(report.records_skipped == 1);
  CHECK(has_problem(report, "exceeds the limit of 100000"));
  REQUIRE(recs.size() == 4);  // warcinfo, two requests, the small response
  CHECK(recs[3].target_uri == "http://a.gov.test/small");
  CHECK(recs[3].payload == "small");
}

TEST_CASE("garbage files are errors and damaged files keep what precedes the damage", "[warc]") {
  ScratchDir dir;
  std::string err;
  WarcReadReport report;
  bool ok = true;

  std::string junk;
  uint32_t x = 12345;
  for (int i = 0; i < 100000; ++i) {
    x = x * 1103515245u + 12345u;
    junk.push_back(static_cast<char>(x >> 16));
  }
  write_file(dir.file("junk.warc"), junk);
  CHECK_FALSE(read_warc(dir.file("junk.warc"), [](const WarcRecord&) { return true; }, &report, &err));
  CHECK(err.find("junk.warc") != std::string::npos);
  write_file(dir.file("junk.warc.gz"), std::string("\x1f\x8b\x08\x00", 4) + junk);
  CHECK_FALSE(read_warc(dir.file("junk.warc.gz"), [](const WarcRecord&) { return true; }, &report, &err));
  CHECK_FALSE(read_warc(dir.file("missing.warc"), [](const WarcRecord&) { return true; }, &report, &err));

  // Our own file, cut in the middle of its last gzip member.
  std::string path = dir.file("cut.warc.gz");
  WarcWriter w;
  REQUIRE(w.open(path, WarcInfo{}, &err));
  WarcLocation last;
  REQUIRE(w.write_exchange(exchange("http://a.gov.test/1", "one", {}), nullptr, &err));
  REQUIRE(w.write_exchange(exchange("http://a.gov.test/2", binary_body(), {}), &last, &err));
  REQUIRE(w.close(&err));
  std::string whole = read_file(path);
  write_file(path, whole.substr(0, last.offset + last.length / 2));
  auto recs = read_all(path, &report, &ok);
  CHECK(ok);
  CHECK(has_problem(report, "gzip member at offset " + std::to_string(last.offset) + " is truncated"));
  REQUIRE(recs.size() == 5);  // the cut response is delivered, flagged
  CHECK(recs[2].payload == "one");
  CHECK(recs[2].digest_ok());
  CHECK(recs[4].offset == last.offset);
  CHECK(recs[4].block_truncated);
  CHECK(recs[4].payload_truncated);
  CHECK_FALSE(recs[4].digest_ok());
  CHECK(recs[4].payload == binary_body().substr(0, recs[4].payload.size()));

  // Plain WARC: garbage between records, then a record without Content-Length, then a good one.
  std::string good =
      "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2026-01-01T00:00:00Z\r\n"
      "WARC-Target-URI: http://a.gov.test/r\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n";
  std::string no_length =
      "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:2>\r\nWARC-Date: 2026-01-01T00:00:00Z\r\n"
      "WARC-Target-URI: http://a.gov.test/n\r\n\r\nbody without length\r\n\r\n";
  write_file(dir.file("mixed.warc"), good + "#### garbage ####\n" + no_length + good);
  recs = read_all(dir.file("mixed.warc"), &report);
  INFO(all_problems(report));
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].block == "hello");
  CHECK(recs[1].block == "hello");
  CHECK(has_problem(report, "bytes of garbage"));
  CHECK(has_problem(report, "missing Content-Length"));
  CHECK(report.records_skipped == 1);
  WarcRecord again;
  CHECK(read_record_at(dir.file("mixed.warc"), recs[1].offset, &again, &err));
  CHECK(again.record_id == "<urn:uuid:1>");
  CHECK_FALSE(read_record_at(dir.file("mixed.warc"), good.size() + 2, &again, &err));  // inside the garbage
}

TEST_CASE("every prefix and random corruptions of a sample are read without crashing", "[warc][samples]") {
  ScratchDir dir;
  for (const char* name : {"example.warc", "example.warc.gz", "example.arc.gz"}) {
    std::string original = read_file(samples_dir() + "/warcio_head/" + name);
    REQUIRE(!original.empty());
    std::string path = dir.file(name);
    for (size_t cut = 0; cut <= original.size(); cut += 23) {
      write_file(path, original.substr(0, cut));
      WarcReadReport report;
      std::string err;
      size_t n = 0;
      bool ok = read_warc(path, [&](const WarcRecord&) { return ++n < 100; }, &report, &err);
      CHECK(n <= 6);
      if (cut == 0) CHECK(ok);  // an empty file is reported, not an error
    }
    uint32_t x = 7;
    for (int round = 0; round < 150; ++round) {
      std::string damaged = original;
      for (int flips = 0; flips < 1 + round % 8; ++flips) {
        x = x * 1103515245u + 12345u;
        damaged[(x >> 8) % damaged.size()] = static_cast<char>(x >> 24);
      }
      write_file(path, damaged);
      WarcReadReport report;
      std::string err;
      size_t n = 0;
      read_warc(path, [&](const WarcRecord&) { ++n; return true; }, &report, &err);
      CHECK(n <= 64);
    }
  }
}

TEST_CASE("digest fields in the forms other crawlers write", "[warc][digest]") {
  std::string why;
  CHECK(warc_sha1_digest("abc") == "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
  const std::pair<const char*, DigestCheck> cases[] = {
      {"sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5", DigestCheck::kOk},
      {"sha1:vgmt4nsha2awvor6evyxqugcnsonbwe5", DigestCheck::kOk},
      {"sha1:a9993e364706816aba3e25717850c26c9cd0d89d", DigestCheck::kOk},
      {"sha1:qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", DigestCheck::kOk},
      {"SHA-1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5", DigestCheck::kOk},
      {"sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DigestCheck::kOk},
      {"sha256:XJ4BNP4PAHH6UQKBIDPF3LRCEOYAGYNDSYLXVHFUCD7WD4QACWWQ====", DigestCheck::kOk},
      {"sha256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", DigestCheck::kOk},
      {"md5:900150983cd24fb0d6963f7d28e17f72", DigestCheck::kOk},
      {"sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE6", DigestCheck::kMismatch},
      {"sha256:aa7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DigestCheck::kMismatch},
      {"sha1:1112H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", DigestCheck::kMismatch},  // base32 length, foreign digits
      {"crc32:352441c2", DigestCheck::kUnchecked},
      {"asdf", DigestCheck::kUnchecked},
      {"sha1:&$*^&*^#*&^", DigestCheck::kUnchecked},
  };
  for (const auto& [field, expected] : cases) {
    INFO(field);
    CHECK(check_warc_digest(field, "abc", &why) == expected);
  }
}

namespace {

std::string gzip_bytes(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace

TEST_CASE("a chunked gzip response is de-chunked and decoded and its digests verify", "[warc]") {
  // As a browser-based crawler stores it: the body as transferred, gzip then chunked in two pieces,
  // and a payload digest over the entity (de-chunked, still gzip) as ISO 28500 defines the payload.
  const std::string page = "<html><body>\xe6\x94\xbf\xe5\xba\x9c\xe4\xbf\xa1\xe6\x81\xaf\xe5\x85\xac\xe5\xbc\x80</body></html>";
  std::string entity = gzip_bytes(page);
  size_t half = entity.size() / 2;
  auto hex = [](size_t n) {
    char b[32];
    std::snprintf(b, sizeof b, "%zx", n);
    return std::string(b);
  };
  std::string chunked = hex(half) + "\r\n" + entity.substr(0, half) + "\r\n" + hex(entity.size() - half) + ";ext=1\r\n" +
                        entity.substr(half) + "\r\n0\r\n\r\n";
  std::string block = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n" + chunked;
  std::string record = "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:3>\r\nWARC-Date: 2026-01-01T00:00:00.123Z\r\n"
                       "WARC-Target-URI: https://www.gov.test/\r\nWARC-IP-Address: 10.0.0.1\r\n"
                       "Content-Type: application/http; msgtype=response\r\n"
                       "WARC-Block-Digest: " + warc_sha1_digest(block) + "\r\n"
                       "WARC-Payload-Digest: " + warc_sha1_digest(entity) + "\r\n"
                       "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
  ScratchDir dir;
  write_file(dir.file("c.warc.gz"), gzip_bytes(record));  // one member for a plain-file writer's output
  WarcReadReport report;
  auto recs = read_all(dir.file("c.warc.gz"), &report);
  INFO(all_problems(report));
  CHECK(report.problems.empty());
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].block_digest == DigestCheck::kOk);
  CHECK(recs[0].payload_digest == DigestCheck::kOk);
  CHECK(recs[0].payload_decoded);
  CHECK_FALSE(recs[0].payload_truncated);
  CHECK(recs[0].payload == page);
  CHECK(recs[0].ip == "10.0.0.1");
  CHECK(recs[0].date == "2026-01-01T00:00:00.123Z");
}
