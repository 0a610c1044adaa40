// Conformance over the third-party binlogs in ../shared/assets (see its README): every binary
// binlog listed in a folder's MANIFEST.md must frame into the listed number of events, carry
// the listed server version and checksum algorithm, verify its CRC32s, and decode every event
// we decode (rows of decoded rows events included); the robustness files must be rejected
// cleanly, at the place their EXPECTED.md names.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include "binlog/binlog.h"
#include "binlog/file_reader.h"
#include "test_support.h"

namespace binlog::test {
namespace {

struct ManifestEntry {
  std::string folder;    // e.g. binlog-canal
  std::string file;      // relative to the folder
  std::string version;   // "n/a ..." for non-binlogs
  std::string checksum;  // CRC32, NONE, "n/a (pre-5.6.1)", ""
  std::string events;    // "380", "1 (9 trailing bytes)", ""
};

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<ManifestEntry> load_manifests() {
  std::vector<ManifestEntry> out;
  const auto root = assets_dir();
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) return out;
  std::vector<std::filesystem::path> folders;
  for (const auto& d : std::filesystem::directory_iterator(root, ec)) {
    const std::string name = d.path().filename().string();
    if (d.is_directory() && name.rfind("binlog-", 0) == 0) folders.push_back(d.path());
  }
  std::sort(folders.begin(), folders.end());
  for (const auto& folder : folders) {
    std::ifstream in(folder / "MANIFEST.md");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("| `", 0) != 0) continue;
      std::vector<std::string> cols;
      std::stringstream ss(line.substr(1));
      std::string col;
      while (std::getline(ss, col, '|')) cols.push_back(trim(col));
      // asset | origin | last commit | blob | bytes | server version | checksum | events
      if (cols.size() < 8) continue;
      std::string file = cols[0];
      file.erase(std::remove(file.begin(), file.end(), '`'), file.end());
      if (file.size() > 3 && file.substr(file.size() - 3) == ".md") continue;
      out.push_back({folder.filename().string(), file, cols[5], cols[6], cols[7]});
    }
  }
  return out;
}

// Files that must fail, and how (from the folders' EXPECTED.md).
struct Expectation {
  std::optional<Errc> framing_error;  // BinlogFileReader stops with this after `events` events
  std::optional<Errc> decode_error;   // EventDecoder fails with this on event #decode_at (1-based)
  size_t decode_at = 0;
};

const std::map<std::string, Expectation>& expectations() {
  static const std::map<std::string, Expectation> m = {
      // 14 bytes: magic then 10 bytes of a header
      {"binlog-rust_mysql_common/binlog_truncated_event.000001", {Errc::truncated, {}, 0}},
      // one FDE, then 9 bytes of the next header
      {"binlog-rust_mysql_common/binlog_truncated_prev_gtid_event.000001", {Errc::truncated, {}, 0}},
      // an "XID" event of 38 bytes (body 19, must be 8): event #5 of 11 (this pre-GA 5.2 build
      // numbered its event types differently)
      {"binlog-rust_mysql_common/ver_5_1-wl2325_r.001", {{}, Errc::malformed, 5}},
      // a QUERY event of 171 bytes whose content runs past its end
      {"binlog-rust_mysql_common/corrupt-relay-bin.000624", {{}, Errc::truncated, 873}},
  };
  return m;
}

std::string param_name(const ManifestEntry& e) {
  std::string s = e.folder + "_" + e.file;
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return s;
}

struct FileResult {
  size_t framed = 0;
  std::optional<cdc::Error> framing_error;
  size_t decoded = 0;
  std::optional<cdc::Error> decode_error;
  size_t decode_error_at = 0;
  std::string server_version;
  std::optional<ChecksumAlg> checksum;
  size_t rows = 0;
  size_t rows_events = 0;
  std::map<uint8_t, size_t> types;
};

FileResult run_file(Bytes data, const std::string& name) {
  FileResult r;
  auto reader = BinlogFileReader::from_bytes(std::move(data), name);
  if (!reader.ok()) {
    r.framing_error = reader.error();
    return r;
  }
  EventDecoder decoder;
  Row before, after;
  while (true) {
    auto next = reader->next();
    if (!next.ok()) {
      r.framing_error = next.error();
      break;
    }
    if (!next.value().has_value()) break;
    ++r.framed;
    const RawEvent raw = *next.value();
    if (r.decode_error) continue;  // keep counting frames after a decode error
    auto ev = decoder.decode(raw.bytes);
    if (!ev.ok()) {
      r.decode_error = ev.error();
      r.decode_error_at = r.framed;
      continue;
    }
    ++r.decoded;
    ++r.types[ev->header.type_code];
    if (auto* fde = std::get_if<FormatDescriptionEvent>(&ev->body)) {
      if (r.server_version.empty()) {
        r.server_version = fde->server_version;
        r.checksum = fde->checksum;
      }
    } else if (auto* rows = std::get_if<RowsEvent>(&ev->body)) {
      ++r.rows_events;
      auto table = decoder.table(rows->table_id);
      if (!table) continue;  // dummy end-of-statement event
      RowReader reader_rows(*table, *rows);
      while (true) {
        auto more = reader_rows.next(before, after);
        if (!more.ok()) {
          r.decode_error = more.error();
          r.decode_error_at = r.framed;
          break;
        }
        if (!more.value()) break;
        ++r.rows;
      }
    }
  }
  return r;
}

class BinlogAssetTest : public ::testing::TestWithParam<ManifestEntry> {};

TEST_P(BinlogAssetTest, MatchesManifest) {
  const ManifestEntry& m = GetParam();
  if (m.folder.empty()) GTEST_SKIP() << "assets not found at " << assets_dir();
  const auto path = assets_dir() / m.folder / m.file;
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  Bytes data = read_file(path);
  const bool gz = m.file.size() > 3 && m.file.substr(m.file.size() - 3) == ".gz";
  if (gz) {
    // Read as is, the gzip file must be rejected by the magic check.
    auto raw = BinlogFileReader::from_bytes(data, m.file);
    ASSERT_FALSE(raw.ok());
    EXPECT_EQ(raw.error().code, make_error_code(Errc::bad_magic));
    data = gunzip(data);
    ASSERT_FALSE(data.empty()) << "gunzip failed";
  }
  const std::string key = m.folder + "/" + m.file;
  const FileResult r = run_file(std::move(data), key);
  const auto exp_it = expectations().find(key);
  const Expectation* exp = exp_it == expectations().end() ? nullptr : &exp_it->second;

  std::ostringstream summary;
  summary << key << ": framed " << r.framed << ", decoded " << r.decoded << ", rows events "
          << r.rows_events << ", rows " << r.rows;
  if (r.framing_error) summary << ", framing error: " << r.framing_error->message;
  if (r.decode_error) summary << ", decode error at #" << r.decode_error_at << ": " << r.decode_error->message;
  std::cout << "[asset] " << summary.str() << "\n";

  if (m.version.rfind("n/a", 0) == 0 && m.events.empty()) {
    // Not a binlog: rejected at the start, by the magic check or as a truncated header.
    ASSERT_TRUE(r.framing_error.has_value()) << summary.str();
    EXPECT_EQ(r.framed, 0u);
    const Errc want = exp ? *exp->framing_error : Errc::bad_magic;
    EXPECT_EQ(r.framing_error->code, make_error_code(want)) << summary.str();
    return;
  }

  // Event count (framing).
  const size_t expected_events = static_cast<size_t>(std::stoul(m.events));
  EXPECT_EQ(r.framed, expected_events) << summary.str();
  if (exp && exp->framing_error) {
    ASSERT_TRUE(r.framing_error.has_value()) << summary.str();
    EXPECT_EQ(r.framing_error->code, make_error_code(*exp->framing_error)) << summary.str();
  } else {
    EXPECT_FALSE(r.framing_error.has_value()) << summary.str();
  }

  // Server version and checksum of the first FORMAT_DESCRIPTION.
  EXPECT_EQ(r.server_version, m.version) << summary.str();
  ASSERT_TRUE(r.checksum.has_value()) << summary.str();
  const ChecksumAlg want_alg = m.checksum == "CRC32" ? ChecksumAlg::CRC32 : ChecksumAlg::NONE;
  EXPECT_EQ(*r.checksum, want_alg) << summary.str();

  // Decoding.
  if (exp && exp->decode_error) {
    ASSERT_TRUE(r.decode_error.has_value()) << summary.str();
    EXPECT_EQ(r.decode_error->code, make_error_code(*exp->decode_error)) << summary.str();
    if (exp->decode_at != 0) {
      EXPECT_EQ(r.decode_error_at, exp->decode_at) << summary.str();
    }
  } else {
    EXPECT_FALSE(r.decode_error.has_value()) << summary.str();
    if (!r.framing_error) {
      EXPECT_EQ(r.decoded, r.framed) << summary.str();
    }
  }
}

std::vector<ManifestEntry> params() {
  auto v = load_manifests();
  if (v.empty()) v.push_back(ManifestEntry{});  // a single skipped case
  return v;
}

INSTANTIATE_TEST_SUITE_P(Assets, BinlogAssetTest, ::testing::ValuesIn(params()),
                         [](const ::testing::TestParamInfo<ManifestEntry>& p) {
                           return p.param.folder.empty() ? std::string("missing")
                                                         : param_name(p.param);
                         });

}  // namespace
}  // namespace binlog::test
