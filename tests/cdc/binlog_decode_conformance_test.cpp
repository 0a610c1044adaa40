// `cdc binlog decode` over the third-party binlogs in ../shared/assets (see its README):
//   - every binlog of the folders' MANIFEST.md: `--summary` gives the listed event count,
//     server version and checksum;
//   - the robustness files (non-binlogs, truncated, the corrupt events EXPECTED.md names) exit
//     with 1 within a second, with a message naming the file and the byte offset of the bad
//     event;
//   - rows per table and kind equal what `mariadb-binlog -vv` printed (derived dumps);
//   - compressed transactions: the inner events follow the payload with its `payload_pos`;
//   - some values of EXPECTED.md;
//   - the built `cdc` binary on an asset and on a truncated copy (exit codes, stderr).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <regex>

#include "binlog/file_reader.h"
#include "binlog_decode_test_support.h"
#include "test_support.h"

namespace cdc::test {
namespace {

using binlog::test::assets_dir;
using binlog::test::Bytes;

// A binary file listed in a binlog-* folder's MANIFEST.md table:
//   | `file` | origin | last commit | blob | bytes | server version | checksum | events |
struct AssetBinlog {
  std::string path;  // relative to the assets folder
  std::string version;
  std::string checksum;
  std::string events;
};

std::vector<AssetBinlog> manifest_binlogs() {
  static const std::regex row(
      R"(^\| `([^`]+)` \|(?:[^|]*\|){4}\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|\s*$)");
  std::vector<AssetBinlog> out;
  std::error_code ec;
  std::vector<std::filesystem::path> folders;
  for (const auto& d : std::filesystem::directory_iterator(assets_dir(), ec)) {
    if (d.is_directory() && d.path().filename().string().rfind("binlog-", 0) == 0) folders.push_back(d.path());
  }
  std::sort(folders.begin(), folders.end());
  for (const auto& folder : folders) {
    std::ifstream in(folder / "MANIFEST.md");
    std::string line;
    std::smatch m;
    while (std::getline(in, line)) {
      if (!std::regex_match(line, m, row)) continue;
      const std::string file = m[1];
      if (file.size() > 3 && file.compare(file.size() - 3, 3, ".md") == 0) continue;
      out.push_back({folder.filename().string() + "/" + file, m[2], m[3], m[4]});
    }
  }
  return out;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The asset as a file the command can read (gzip files are inflated into `tmp`).
std::string readable_path(const std::string& rel, TempFiles& tmp) {
  const auto path = assets_dir() / rel;
  if (!ends_with(rel, ".gz")) return path.string();
  const Bytes inflated = binlog::test::gunzip(binlog::test::read_file(path));
  EXPECT_FALSE(inflated.empty()) << rel;
  return tmp.write(path.filename().string() + ".bin", inflated);
}

// Offsets and sizes of the events of a file, by framing alone (no decoding).
struct Frame {
  uint64_t offset;
  uint32_t size;
  uint8_t type;
};

std::vector<Frame> frames(const std::string& path) {
  std::vector<Frame> out;
  auto reader = binlog::BinlogFileReader::open(path);
  if (!reader) return out;
  while (true) {
    auto next = reader->next();
    if (!next || !next.value()) break;
    const auto& raw = *next.value();
    out.push_back({raw.offset, static_cast<uint32_t>(raw.bytes.size()), raw.bytes[4]});
  }
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

#define SKIP_WITHOUT_ASSETS()                                                                        \
  do {                                                                                               \
    if (!std::filesystem::is_directory(assets_dir())) {                                              \
      GTEST_SKIP() << "conformance assets not found at " << assets_dir() << " (set CDC_TEST_ASSETS)"; \
    }                                                                                                \
  } while (0)

TEST(BinlogDecodeAssets, SummariesMatchTheManifests) {
  SKIP_WITHOUT_ASSETS();
  const auto binlogs = manifest_binlogs();
  ASSERT_GT(binlogs.size(), 50u);
  TempFiles tmp;
  size_t checked = 0;
  for (const auto& a : binlogs) {
    // Robustness files: not binlogs, or a count with a remark ("1 (9 trailing bytes)"), or one
    // of the corrupt events EXPECTED.md names; RobustnessFilesFailFast checks those.
    const bool plain_count = !a.events.empty() && a.events.find_first_not_of("0123456789") == std::string::npos;
    if (!plain_count || ends_with(a.path, "ver_5_1-wl2325_r.001") ||
        ends_with(a.path, "corrupt-relay-bin.000624")) {
      continue;
    }
    SCOPED_TRACE(a.path);
    const auto r = run_decode({"--summary", readable_path(a.path, tmp)});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    const auto& s = lines[0];
    EXPECT_EQ(s["events"].GetUint64(), std::stoull(a.events));
    EXPECT_EQ(str(s["server_version"]), a.version);
    // Servers before 5.6.1 write no checksum algorithm: no checksum.
    EXPECT_EQ(str(s["checksum"]), a.checksum == "CRC32" ? "CRC32" : "NONE") << a.checksum;
    uint64_t by_type = 0;
    for (const auto& m : s["by_type"].GetObject()) by_type += m.value.GetUint64();
    EXPECT_EQ(by_type, s["events"].GetUint64());
    ++checked;
  }
  EXPECT_GT(checked, 45u);
}

TEST(BinlogDecodeAssets, RobustnessFilesFailFast) {
  SKIP_WITHOUT_ASSETS();
  size_t checked = 0;
  for (const auto& a : manifest_binlogs()) {
    const bool not_binlog = a.version.rfind("n/a", 0) == 0 && a.events.empty();
    const bool trailing = a.events.find("trailing bytes") != std::string::npos;
    const bool broken_xid = ends_with(a.path, "ver_5_1-wl2325_r.001");
    const bool broken_query = ends_with(a.path, "corrupt-relay-bin.000624");
    if (!not_binlog && !trailing && !broken_xid && !broken_query) continue;
    SCOPED_TRACE(a.path);
    const std::string path = (assets_dir() / a.path).string();
    const uint64_t size = std::filesystem::file_size(path);
    const auto start = std::chrono::steady_clock::now();
    const auto r = run_decode({path});
    EXPECT_LT(seconds_since(start), 1.0);
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
    const long long offset = error_offset(r.err);
    ASSERT_GE(offset, 0) << r.err;
    EXPECT_LE(static_cast<uint64_t>(offset), size) << r.err;
    const auto printed = json_lines(r.out);
    for (const auto& line : printed) EXPECT_LT(line["pos"].GetUint64(), static_cast<uint64_t>(offset));

    const auto events = frames(path);
    if (trailing) {
      // "N (9 trailing bytes)": N whole events, then a header cut short right after them.
      const uint64_t trailing_bytes = std::stoull(a.events.substr(a.events.find('(') + 1));
      EXPECT_EQ(static_cast<uint64_t>(offset), size - trailing_bytes) << r.err;
      EXPECT_EQ(printed.size(), std::stoull(a.events));
    } else if (broken_xid || broken_query) {
      // EXPECTED.md: an XID event of 38 bytes (an XID body is 8); a QUERY event of 171 bytes
      // whose content runs past its end. The error is at such an event, and every event before
      // it was printed.
      const uint8_t type = broken_xid ? 16 : 2;
      const uint32_t event_size = broken_xid ? 38 : 171;
      const auto at = std::find_if(events.begin(), events.end(), [&](const Frame& f) {
        return static_cast<long long>(f.offset) == offset;
      });
      ASSERT_NE(at, events.end()) << r.err;
      EXPECT_EQ(at->type, type);
      EXPECT_EQ(at->size, event_size);
      EXPECT_EQ(printed.size(), static_cast<size_t>(at - events.begin()));
      EXPECT_NE(r.err.find(broken_xid ? "XID_EVENT" : "QUERY_EVENT"), std::string::npos) << r.err;
    }
    // --summary fails the same way.
    const auto s = run_decode({"--summary", path});
    EXPECT_EQ(s.code, 1);
    EXPECT_EQ(error_offset(s.err), offset) << s.err;
    ++checked;
  }
  // 3 without the magic (one of them 14 bytes: the magic and a cut header), 1 with trailing
  // bytes, 2 corrupt events.
  EXPECT_GE(checked, 6u);
}

// "### INSERT INTO `db`.`t`" / "### UPDATE `db`.`t`" / "### DELETE FROM `db`.`t`" lines of a
// mariadb-binlog -vv dump, counted per table ("db.t") and kind.
std::map<std::string, std::array<uint64_t, 3>> dump_row_counts(const std::string& text) {
  static const std::regex row(R"(^### (INSERT INTO|UPDATE|DELETE FROM) `([^`]*)`\.`([^`]*)`\s*$)");
  std::map<std::string, std::array<uint64_t, 3>> out;
  std::istringstream in(text);
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.rfind("### ", 0) != 0 || !std::regex_match(line, m, row)) continue;
    const size_t kind = m[1] == "INSERT INTO" ? 0 : m[1] == "UPDATE" ? 1 : 2;
    auto& counts = out[m[2].str() + "." + m[3].str()];
    ++counts[kind];
  }
  return out;
}

TEST(BinlogDecodeAssets, RowCountsMatchMariadbBinlogDumps) {
  SKIP_WITHOUT_ASSETS();
  const auto dir = assets_dir() / "derived-mariadb-binlog-dumps";
  // | `dump` | `input` | exit status | stderr | "###" lines |: dumps of binary inputs the tool
  // read to the end (the BINLOG-statement text inputs are compared in tests/binlog).
  static const std::regex entry(R"(^\| `([^`]+)` \| `([^`]+)`[^|]*\| 0 \|[^|]*\| ([0-9]+) \|\s*$)");
  std::ifstream manifest(dir / "MANIFEST.md");
  std::string line;
  std::smatch m;
  TempFiles tmp;
  size_t files = 0;
  uint64_t rows = 0;
  while (std::getline(manifest, line)) {
    if (!std::regex_match(line, m, entry) || m[3] == "0" || ends_with(m[2], ".txt")) continue;
    const std::string dump = m[1], input = m[2];
    SCOPED_TRACE(input);
    Bytes text = binlog::test::read_file(dir / dump);
    if (ends_with(dump, ".gz")) text = binlog::test::gunzip(text);
    const auto expected = dump_row_counts(std::string(text.begin(), text.end()));
    ASSERT_FALSE(expected.empty());

    const auto r = run_decode({"--summary", readable_path(input, tmp)});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    std::map<std::string, std::array<uint64_t, 3>> got;
    for (const auto& t : lines[0]["rows"].GetObject()) {
      got[str(t.name)] = {t.value["insert"].GetUint64(), t.value["update"].GetUint64(),
                          t.value["delete"].GetUint64()};
      rows += t.value["insert"].GetUint64() + t.value["update"].GetUint64() + t.value["delete"].GetUint64();
    }
    EXPECT_EQ(got, expected);
    ++files;
  }
  EXPECT_GT(files, 15u);
  EXPECT_GT(rows, 47273u);  // Sakila alone has 47,273 rows
}

TEST(BinlogDecodeAssets, CompressedPayloadInnerEventsCarryPayloadPos) {
  SKIP_WITHOUT_ASSETS();
  struct Case {
    const char* file;
    size_t payloads;
  };
  // EXPECTED.md: one payload each in the first two, two in mysql-bin.000057.
  for (const Case c : {Case{"binlog-rust_mysql_common/transaction_compression.000001", 1},
                       Case{"binlog-mysql-binlog-connector-java/mysql-bin.compressed", 1},
                       Case{"binlog-apecloud-mysql-binlog-connector-rust/mysql-bin.000057", 2}}) {
    SCOPED_TRACE(c.file);
    const auto r = run_decode({(assets_dir() / c.file).string()});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto lines = json_lines(r.out);
    size_t payloads = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (str(lines[i]["type"]) != "TRANSACTION_PAYLOAD_EVENT") continue;
      ++payloads;
      EXPECT_FALSE(lines[i].HasMember("payload_pos"));
      const uint64_t pos = lines[i]["pos"].GetUint64();
      std::vector<std::string> inner;
      size_t k = i + 1;
      for (; k < lines.size() && lines[k].HasMember("payload_pos"); ++k) {
        EXPECT_EQ(lines[k]["payload_pos"].GetUint64(), pos);
        inner.push_back(str(lines[k]["type"]));
      }
      // A compressed transaction: BEGIN, its TABLE_MAPs and rows events, the XID.
      ASSERT_GE(inner.size(), 3u);
      EXPECT_EQ(inner.front(), "QUERY_EVENT");
      EXPECT_EQ(inner.back(), "XID_EVENT");
      if (std::string(c.file).find("transaction_compression") != std::string::npos) {
        // EXPECTED.md: exactly QUERY (BEGIN), TABLE_MAP, WRITE_ROWS, XID.
        EXPECT_EQ(inner, (std::vector<std::string>{"QUERY_EVENT", "TABLE_MAP_EVENT", "WRITE_ROWS_EVENT",
                                                   "XID_EVENT"}));
        EXPECT_EQ(str(lines[i + 1]["query"]), "BEGIN");
      }
      if (k < lines.size()) {
        EXPECT_GT(lines[k]["pos"].GetUint64(), pos);
      }
    }
    EXPECT_EQ(payloads, c.payloads);
  }
}

// The row of a rows event line (the first row of the n-th rows event of `table`).
const rapidjson::Value* first_row(const std::vector<rapidjson::Document>& lines, const std::string& table,
                                  size_t nth) {
  for (const auto& l : lines) {
    if (!l.HasMember("rows") || str(l["table"]) != table) continue;
    if (nth-- == 0) return &l["rows"][0];
  }
  return nullptr;
}

TEST(BinlogDecodeAssets, ValuesFromExpectedMd) {
  SKIP_WITHOUT_ASSETS();
  // mysql-enum-string-set.000001: t(f1 CHAR(128), f2 VARCHAR(300), f3 ENUM('var1','variant2',
  // 'foo'), f4 SET('one','two','three','four'), f5 TEXT); INSERT f3 = 1, f4 = one,three,
  // f5 = "0123456789"; UPDATE after f1 "field1", f2 "field_2", f3 = 2, f4 = two,four.
  auto r = run_decode({(assets_dir() / "binlog-rust_mysql_common/mysql-enum-string-set.000001").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = json_lines(r.out);
  const auto* ins = first_row(lines, "mysql.t", 0);
  ASSERT_NE(ins, nullptr);
  const auto& after = (*ins)["after"];
  std::string digits;
  for (int i = 0; i < 10; ++i) digits += "0123456789";
  EXPECT_EQ(str(after["f1"]), digits);
  EXPECT_EQ(str(after["f3"]), "var1");
  EXPECT_EQ(str(after["f4"]), "one,three");
  EXPECT_EQ(str(after["f5"]), "0123456789");
  const auto* upd = first_row(lines, "mysql.t", 1);
  ASSERT_NE(upd, nullptr);
  EXPECT_EQ(str((*upd)["before"]["f3"]), "var1");
  EXPECT_EQ(str((*upd)["after"]["f1"]), "field1");
  EXPECT_EQ(str((*upd)["after"]["f2"]), "field_2");
  EXPECT_EQ(str((*upd)["after"]["f3"]), "variant2");
  EXPECT_EQ(str((*upd)["after"]["f4"]), "two,four");

  // vector.binlog: dtb.foo row (1, float32 [1.1, 2.2, 3.3]).
  r = run_decode({(assets_dir() / "binlog-rust_mysql_common/vector.binlog").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  lines = json_lines(r.out);
  const auto* vec = first_row(lines, "dtb.foo", 0);
  ASSERT_NE(vec, nullptr);
  const auto& v = (*vec)["after"]["vector_column"];
  ASSERT_TRUE(v.IsArray());
  ASSERT_EQ(v.Size(), 3u);
  EXPECT_FLOAT_EQ(static_cast<float>(v[0].GetDouble()), 1.1f);
  EXPECT_FLOAT_EQ(static_cast<float>(v[2].GetDouble()), 3.3f);

  // json-opaque.binlog: foo.test (a JSON), the first document {"a":"base64:type15:VQ=="}.
  r = run_decode({(assets_dir() / "binlog-rust_mysql_common/json-opaque.binlog").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  lines = json_lines(r.out);
  const auto* doc = first_row(lines, "foo.test", 0);
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(str((*doc)["after"]["a"]), "{\"a\": \"base64:type15:VQ==\"}");
}

// ---- the built binary -----------------------------------------------------------------------
struct Process {
  int code = -1;
  std::string out, err;
};

Process run_cdc(const std::string& args, TempFiles& tmp) {
  const std::string out = tmp.write("stdout.txt", std::string());
  const std::string err = tmp.write("stderr.txt", std::string());
  const std::string command =
      std::string(CDC_BINARY_DIR) + "/cdc/cdc " + args + " >'" + out + "' 2>'" + err + "'";
  const int status = std::system(command.c_str());
  Process p;
  p.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  const Bytes o = binlog::test::read_file(out), e = binlog::test::read_file(err);
  p.out.assign(o.begin(), o.end());
  p.err.assign(e.begin(), e.end());
  return p;
}

TEST(BinlogDecodeBinary, DecodesAnAssetAndRejectsATruncatedCopy) {
  SKIP_WITHOUT_ASSETS();
  TempFiles tmp;
  const std::string asset = (assets_dir() / "binlog-mysql-binlog-connector-java/mysql-bin.checksum-crc32").string();
  // MANIFEST.md: 5.7.21-log, CRC32, 303 events.
  Process p = run_cdc("binlog decode --summary '" + asset + "'", tmp);
  ASSERT_EQ(p.code, 0) << p.err;
  EXPECT_TRUE(p.err.empty()) << p.err;
  auto lines = json_lines(p.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["events"].GetUint64(), 303u);
  EXPECT_EQ(str(lines[0]["server_version"]), "5.7.21-log");
  p = run_cdc("binlog decode '" + asset + "'", tmp);
  ASSERT_EQ(p.code, 0) << p.err;
  EXPECT_EQ(json_lines(p.out).size(), 303u);

  // Cut in the middle of an event: the events before it are printed, then the error names the
  // copy and the offset of the cut event.
  const Bytes whole = binlog::test::read_file(asset);
  const auto events = frames(asset);
  ASSERT_EQ(events.size(), 303u);
  const Frame& cut_event = events[150];
  const Bytes cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(cut_event.offset + cut_event.size / 2 + 1));
  const std::string cut_path = tmp.write("truncated-copy.bin", cut);
  const auto start = std::chrono::steady_clock::now();
  p = run_cdc("binlog decode '" + cut_path + "'", tmp);
  EXPECT_LT(seconds_since(start), 1.0);
  EXPECT_EQ(p.code, 1);
  EXPECT_NE(p.err.find(cut_path), std::string::npos) << p.err;
  EXPECT_EQ(error_offset(p.err), static_cast<long long>(cut_event.offset)) << p.err;
  EXPECT_EQ(json_lines(p.out).size(), 150u);

  p = run_cdc("binlog decode", tmp);
  EXPECT_EQ(p.code, 2);
  EXPECT_NE(p.err.find("usage: cdc binlog decode"), std::string::npos) << p.err;
}

}  // namespace
}  // namespace cdc::test
