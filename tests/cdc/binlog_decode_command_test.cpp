// `cdc binlog decode` on hand-built binlogs: the JSON of each event kind and column type, row
// images (names or @N, partial images, partial JSON), compressed payloads, summaries, errors
// with their byte offsets, and the output written in large chunks.
#include <gtest/gtest.h>
#include <zstd.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <streambuf>

#include "binlog_decode_test_support.h"
#include "json_builder.h"
#include "test_support.h"

namespace cdc::test {
namespace {

using binlog::ChecksumAlg;
using binlog::test::Bytes;
using binlog::test::ColSpec;
using binlog::test::EventSpec;
using binlog::test::J;
using binlog::test::put_be;
using binlog::test::put_le;
using binlog::test::put_packed;
using binlog::test::put_str;
using binlog::test::put_tlv;
using CT = binlog::ColumnType;

// A binlog file being written: magic, FORMAT_DESCRIPTION, then events at their offsets.
class BinlogBytes {
 public:
  explicit BinlogBytes(std::string_view version, bool crc = true) : crc_(crc) {
    bytes_.assign(binlog::kBinlogMagic, binlog::kBinlogMagic + 4);
    const Bytes fde = binlog::test::make_fde(version, crc ? ChecksumAlg::CRC32 : ChecksumAlg::NONE);
    bytes_.insert(bytes_.end(), fde.begin(), fde.end());
  }
  // Appends an event; returns its offset.
  uint64_t add(uint8_t type, const Bytes& body, uint16_t flags = 0) {
    EventSpec s;
    s.type = type;
    s.position = static_cast<uint32_t>(bytes_.size());
    s.crc = crc_;
    s.flags = flags;
    const Bytes e = binlog::test::make_event(s, body);
    const uint64_t at = bytes_.size();
    bytes_.insert(bytes_.end(), e.begin(), e.end());
    return at;
  }
  Bytes& bytes() { return bytes_; }

 private:
  bool crc_;
  Bytes bytes_;
};

Bytes query_body(std::string_view db, std::string_view query) {
  Bytes q;
  put_le(q, 77, 4);  // thread id
  put_le(q, 0, 4);   // exec time
  q.push_back(static_cast<uint8_t>(db.size()));
  put_le(q, 0, 2);  // error code
  put_le(q, 0, 2);  // status variables length
  put_str(q, db);
  q.push_back(0);
  put_str(q, query);
  return q;
}

Bytes xid_body(uint64_t xid) {
  Bytes x;
  put_le(x, xid, 8);
  return x;
}

// The two-column table test.t (id INT, name VARCHAR(64)) and its rows.
const std::vector<ColSpec> kSmallTable = {{CT::LONG, {}, false}, {CT::VARCHAR, {0x40, 0x00}}};

Bytes small_row(uint32_t id, std::string_view name) {
  Bytes row = {0};  // null bitmap
  put_le(row, id, 4);
  row.push_back(static_cast<uint8_t>(name.size()));
  put_str(row, name);
  return row;
}

TEST(BinlogDecodeCommand, UsageErrorsExitWith2) {
  auto r = run_decode({});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no binlog FILE"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("usage: cdc binlog decode"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());

  r = run_decode({"--frobnicate", "x.bin"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--frobnicate"), std::string::npos) << r.err;

  r = run_decode({"--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("--summary"), std::string::npos);
}

TEST(BinlogDecodeCommand, CommonFieldsAndSmallEvents) {
  BinlogBytes b("8.0.36");
  const uint64_t q = b.add(2, query_body("shop", "BEGIN"));
  const uint64_t x = b.add(16, xid_body(4242));
  Bytes rotate;
  put_le(rotate, 4, 8);
  put_str(rotate, "binlog.000002");
  const uint64_t rot = b.add(4, rotate);
  TempFiles tmp;
  const std::string path = tmp.write("small.bin", b.bytes());

  const auto r = run_decode({path});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 4u);

  const auto& fde = lines[0];
  EXPECT_EQ(fde["pos"].GetUint64(), 4u);
  EXPECT_EQ(fde["next_pos"].GetUint64(), q);  // the next event starts where the FDE ends
  EXPECT_EQ(str(fde["type"]), "FORMAT_DESCRIPTION_EVENT");
  EXPECT_EQ(fde["type_code"].GetUint(), 15u);
  EXPECT_EQ(fde["server_id"].GetUint(), 1u);
  EXPECT_EQ(fde["timestamp"].GetUint(), 1700000000u);  // make_event's default
  EXPECT_EQ(fde["binlog_version"].GetUint(), 4u);
  EXPECT_EQ(str(fde["server_version"]), "8.0.36");
  EXPECT_EQ(str(fde["checksum"]), "CRC32");

  const auto& query = lines[1];
  EXPECT_EQ(query["pos"].GetUint64(), q);
  EXPECT_EQ(query["next_pos"].GetUint64(), x);
  EXPECT_EQ(str(query["type"]), "QUERY_EVENT");
  EXPECT_EQ(str(query["database"]), "shop");
  EXPECT_EQ(str(query["query"]), "BEGIN");
  EXPECT_EQ(query["thread_id"].GetUint(), 77u);
  EXPECT_EQ(query["error_code"].GetUint(), 0u);

  EXPECT_EQ(str(lines[2]["type"]), "XID_EVENT");
  EXPECT_EQ(lines[2]["pos"].GetUint64(), x);
  EXPECT_EQ(lines[2]["xid"].GetUint64(), 4242u);

  EXPECT_EQ(str(lines[3]["type"]), "ROTATE_EVENT");
  EXPECT_EQ(lines[3]["pos"].GetUint64(), rot);
  EXPECT_EQ(lines[3]["next_pos"].GetUint64(), b.bytes().size());
  EXPECT_EQ(str(lines[3]["next_file"]), "binlog.000002");
  EXPECT_EQ(lines[3]["position"].GetUint64(), 4u);
}

// One row holding every kind of value, with FULL metadata (names, signedness, charsets,
// ENUM/SET values). Each encoding below follows the server's storage format.
TEST(BinlogDecodeCommand, EveryValueKindWithColumnNames) {
  const std::vector<ColSpec> cols = {
      {CT::LONG, {}, false},        // 0 id INT UNSIGNED
      {CT::TINY, {}},               // 1 small TINYINT
      {CT::VARCHAR, {160, 0}},      // 2 name VARCHAR(40) utf8mb4
      {CT::STRING, {0xFE, 10}},     // 3 latin CHAR(10) latin1
      {CT::BLOB, {2}},              // 4 data BLOB
      {CT::NEWDECIMAL, {5, 2}},     // 5 price DECIMAL(5,2)
      {CT::DOUBLE, {8}},            // 6 ratio DOUBLE
      {CT::FLOAT, {4}},             // 7 f FLOAT
      {CT::DATETIME2, {3}},         // 8 ts DATETIME(3)
      {CT::TIME2, {0}},             // 9 dur TIME
      {CT::DATE, {}},               // 10 day DATE
      {CT::TIMESTAMP2, {0}},        // 11 at TIMESTAMP
      {CT::YEAR, {}},               // 12 yr YEAR
      {CT::STRING, {0xF7, 1}},      // 13 color ENUM('red','green')
      {CT::STRING, {0xF8, 1}},      // 14 tags SET('a','b','c')
      {CT::BIT, {2, 1}},            // 15 flags BIT(10)
      {CT::JSON, {4}},              // 16 doc JSON
      {CT::VARCHAR, {40, 0}},       // 17 note VARCHAR(40), NULL in the row
  };
  const std::vector<std::string> names = {"id",  "small", "name", "latin", "data",  "price",
                                          "ratio", "f",   "ts",   "dur",   "day",   "at",
                                          "yr",  "color", "tags", "flags", "doc",   "note"};
  Bytes opt;
  put_tlv(opt, 1, {0x80});  // SIGNEDNESS over id, small, price, ratio, f: id unsigned
  Bytes charsets;
  for (int c : {255, 8, 63, 255}) put_packed(charsets, static_cast<uint64_t>(c));  // name latin data note
  put_tlv(opt, 3, charsets);
  Bytes name_tlv;
  for (const auto& n : names) {
    put_packed(name_tlv, n.size());
    put_str(name_tlv, n);
  }
  put_tlv(opt, 4, name_tlv);
  auto str_values = [](std::initializer_list<std::string_view> values) {
    Bytes v;
    put_packed(v, values.size());
    for (auto s : values) {
      put_packed(v, s.size());
      put_str(v, s);
    }
    return v;
  };
  put_tlv(opt, 5, str_values({"a", "b", "c"}));
  put_tlv(opt, 6, str_values({"red", "green"}));
  put_tlv(opt, 8, {0});  // SIMPLE_PRIMARY_KEY: column 0

  Bytes row = {0x00, 0x00, 0x02};  // null bitmap: column 17 (bit 1 of the third byte)
  put_le(row, 0xFFFFFFFFu, 4);     // id 4294967295
  row.push_back(0xFB);             // small -5
  const std::string utf8 = "Gr\xC3\xBC\xC3\x9F" "e \xE2\x9C\x93";  // "Grüße ✓"
  row.push_back(static_cast<uint8_t>(utf8.size()));
  put_str(row, utf8);
  row.push_back(4);
  put_str(row, "caf\xE9");  // latin1 "café"
  put_le(row, 3, 2);
  row.insert(row.end(), {0xFF, 0x00, 0x41});  // not text: base64 "/wBB"
  row.insert(row.end(), {0x7F, 0x84, 0xD2});  // DECIMAL(5,2) -123.45: 123 in 2 bytes, 45 in 1, negated
  const double nan = std::numeric_limits<double>::quiet_NaN();
  uint8_t raw[8];
  std::memcpy(raw, &nan, 8);
  row.insert(row.end(), raw, raw + 8);
  const float one_and_half = 1.5f;
  std::memcpy(raw, &one_and_half, 4);
  row.insert(row.end(), raw, raw + 4);
  // DATETIME2: 1 sign bit, 17 bits year*13+month, 5 day, 5 hour, 6 minute, 6 second; then
  // the fraction (2 bytes in units of 100 microseconds for 3 digits).
  const uint64_t ym = 2020 * 13 + 1;
  put_be(row, (uint64_t{1} << 39) | ym << 22 | 1 << 17 | 12 << 12, 5);
  put_be(row, 1230, 2);  // .123
  // TIME2 -01:02:03: 0x800000 minus hour << 12 | minute << 6 | second.
  put_be(row, 0x800000 - (1 << 12 | 2 << 6 | 3), 3);
  put_le(row, 29 | 2 << 5 | 2024 << 9, 3);  // DATE 2024-02-29: day | month << 5 | year << 9
  put_be(row, 1700000000, 4);               // TIMESTAMP2: seconds since the epoch, big-endian
  row.push_back(124);                       // YEAR 1900 + 124
  row.push_back(2);                         // ENUM index 2 = green
  row.push_back(0x05);                      // SET a (bit 0) and c (bit 2)
  put_be(row, 0x0201, 2);                   // BIT(10) = 513
  const std::string doc = binlog::test::jdoc(J::obj({{"a", J::int16(1)}}));
  put_le(row, doc.size(), 4);
  put_str(row, doc);

  BinlogBytes b("8.0.36");
  b.add(19, binlog::test::table_map_body(81, "shop", "things", cols, opt));
  b.add(30, binlog::test::rows_body(81, 2, cols.size(), row));
  TempFiles tmp;
  const auto r = run_decode({tmp.write("types.bin", b.bytes())});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 3u);

  const auto& tm = lines[1];
  EXPECT_EQ(str(tm["type"]), "TABLE_MAP_EVENT");
  EXPECT_EQ(tm["table_id"].GetUint64(), 81u);
  EXPECT_EQ(str(tm["table"]), "shop.things");
  const auto& columns = tm["columns"];
  ASSERT_EQ(columns.Size(), cols.size());
  EXPECT_EQ(str(columns[0]["name"]), "id");
  EXPECT_EQ(str(columns[0]["type"]), "LONG");
  EXPECT_FALSE(columns[0]["nullable"].GetBool());
  EXPECT_TRUE(columns[0]["unsigned"].GetBool());
  EXPECT_EQ(str(columns[2]["charset"]), "utf8mb4");
  EXPECT_EQ(str(columns[3]["charset"]), "latin1");
  EXPECT_EQ(str(columns[13]["type"]), "ENUM");
  ASSERT_EQ(columns[13]["values"].Size(), 2u);
  EXPECT_EQ(str(columns[13]["values"][1]), "green");
  ASSERT_EQ(tm["primary_key"].Size(), 1u);
  EXPECT_EQ(str(tm["primary_key"][0]), "id");

  const auto& ev = lines[2];
  EXPECT_EQ(str(ev["type"]), "WRITE_ROWS_EVENT");
  EXPECT_EQ(str(ev["table"]), "shop.things");
  ASSERT_EQ(ev["rows"].Size(), 1u);
  EXPECT_TRUE(ev["rows"][0]["before"].IsNull());
  const auto& a = ev["rows"][0]["after"];
  ASSERT_TRUE(a.IsObject());
  EXPECT_EQ(a.MemberCount(), cols.size());
  ASSERT_TRUE(a["id"].IsUint64());
  EXPECT_EQ(a["id"].GetUint64(), 4294967295u);
  EXPECT_EQ(a["small"].GetInt(), -5);
  EXPECT_EQ(str(a["name"]), utf8);
  EXPECT_EQ(str(a["latin"]), "caf\xC3\xA9");
  EXPECT_EQ(str(a["data"]), "base64:/wBB");
  EXPECT_EQ(str(a["price"]), "-123.45");
  EXPECT_EQ(str(a["ratio"]), "NaN");
  EXPECT_DOUBLE_EQ(a["f"].GetDouble(), 1.5);
  EXPECT_EQ(str(a["ts"]), "2020-01-01 12:00:00.123");
  EXPECT_EQ(str(a["dur"]), "-01:02:03");
  EXPECT_EQ(str(a["day"]), "2024-02-29");
  EXPECT_EQ(str(a["at"]), "2023-11-14 22:13:20Z");  // 1700000000 in UTC
  EXPECT_EQ(a["yr"].GetInt(), 2024);
  EXPECT_EQ(str(a["color"]), "green");
  EXPECT_EQ(str(a["tags"]), "a,c");
  EXPECT_EQ(a["flags"].GetUint(), 513u);
  EXPECT_EQ(str(a["doc"]), "{\"a\": 1}");
  EXPECT_TRUE(a["note"].IsNull());
}

// binlog_row_metadata=MINIMAL and binlog_row_image=MINIMAL: @N keys, only the logged columns,
// signedness unknown (read as signed, as the server wrote no SIGNEDNESS).
TEST(BinlogDecodeCommand, PartialImagesWithoutNames) {
  const std::vector<ColSpec> cols = {{CT::LONG, {}, false}, {CT::VARCHAR, {0x40, 0x00}}, {CT::LONG, {}}};
  Bytes update = {0x00};  // before image: column 1 only, not null
  put_le(update, 7, 4);
  update.push_back(0x00);  // after image: columns 2 and 3
  update.push_back(1);
  put_str(update, "x");
  put_le(update, 0xFFFFFFFFu, 4);
  Bytes del = {0x00};
  put_le(del, 9, 4);

  BinlogBytes b("8.0.36", false);
  b.add(19, binlog::test::table_map_body(5, "test", "t", cols));
  b.add(31, binlog::test::rows_body(5, 2, 3, update, true, 1, {0x01}, {0x06}));
  b.add(32, binlog::test::rows_body(5, 2, 3, del, false, 1, {0x01}));
  TempFiles tmp;
  const auto r = run_decode({tmp.write("minimal.bin", b.bytes())});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(str(lines[0]["checksum"]), "NONE");
  EXPECT_TRUE(lines[1]["columns"][0]["name"].IsNull());

  const auto& up = lines[2]["rows"][0];
  ASSERT_TRUE(up["before"].IsObject());
  EXPECT_EQ(up["before"].MemberCount(), 1u);
  EXPECT_EQ(up["before"]["@1"].GetInt(), 7);
  ASSERT_TRUE(up["after"].IsObject());
  EXPECT_EQ(up["after"].MemberCount(), 2u);
  EXPECT_FALSE(up["after"].HasMember("@1"));
  EXPECT_EQ(str(up["after"]["@2"]), "x");
  EXPECT_EQ(up["after"]["@3"].GetInt(), -1);

  const auto& gone = lines[3]["rows"][0];
  EXPECT_EQ(str(lines[3]["type"]), "DELETE_ROWS_EVENT");
  EXPECT_EQ(gone["before"]["@1"].GetInt(), 9);
  EXPECT_TRUE(gone["after"].IsNull());
}

// PARTIAL_UPDATE_ROWS (binlog_row_value_options=PARTIAL_JSON): the diff is applied when the
// before image holds the document, and listed as operations when it does not.
TEST(BinlogDecodeCommand, PartialJsonApplied) {
  const std::vector<ColSpec> cols = {{CT::LONG, {}, false}, {CT::JSON, {4}}};
  const std::string before_doc = binlog::test::jdoc(J::obj({{"a", J::int16(1)}, {"b", J::string("x")}}));
  Bytes diff;
  diff.push_back(0);  // replace
  put_packed(diff, 3);
  put_str(diff, "$.a");
  const std::string two = binlog::test::jdoc(J::int16(2));
  put_packed(diff, two.size());
  put_str(diff, two);

  auto event = [&](bool full_before) {
    Bytes rows = {0x00};
    put_le(rows, 1, 4);
    if (full_before) {
      put_le(rows, before_doc.size(), 4);
      put_str(rows, before_doc);
    }
    rows.push_back(1);     // shared image: PARTIAL_JSON_UPDATES
    rows.push_back(0x01);  // the JSON column holds a diff
    rows.push_back(0x00);  // after image null bitmap
    put_le(rows, 1, 4);
    put_le(rows, diff.size(), 4);
    rows.insert(rows.end(), diff.begin(), diff.end());
    return binlog::test::rows_body(3, 2, 2, rows, true, 1, {static_cast<uint8_t>(full_before ? 0x03 : 0x01)},
                                   {0x03});
  };
  BinlogBytes b("8.0.36");
  b.add(19, binlog::test::table_map_body(3, "test", "j", cols));
  b.add(39, event(true));
  b.add(39, event(false));
  TempFiles tmp;
  const auto r = run_decode({tmp.write("partial.bin", b.bytes())});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(str(lines[2]["type"]), "PARTIAL_UPDATE_ROWS_EVENT");
  const auto& full = lines[2]["rows"][0];
  EXPECT_EQ(str(full["before"]["@2"]), "{\"a\": 1, \"b\": \"x\"}");
  EXPECT_EQ(str(full["after"]["@2"]), "{\"a\": 2, \"b\": \"x\"}");

  const auto& minimal = lines[3]["rows"][0];
  EXPECT_FALSE(minimal["before"].HasMember("@2"));
  const auto& ops = minimal["after"]["@2"]["json_diff"];
  ASSERT_TRUE(ops.IsArray());
  ASSERT_EQ(ops.Size(), 1u);
  EXPECT_EQ(str(ops[0]["op"]), "replace");
  EXPECT_EQ(str(ops[0]["path"]), "$.a");
  EXPECT_EQ(str(ops[0]["value"]), "2");
}

TEST(BinlogDecodeCommand, MariadbEventNamesAndFields) {
  BinlogBytes b("10.11.6-MariaDB-log");
  Bytes list;
  put_le(list, 1, 4);  // one GTID, flags 0
  put_le(list, 0, 4);  // domain
  put_le(list, 1, 4);  // server
  put_le(list, 41, 8);
  b.add(163, list);
  Bytes cp;
  put_le(cp, 14, 4);
  put_str(cp, "mariadb-bin.01");
  b.add(161, cp);
  Bytes gtid;
  put_le(gtid, 42, 8);  // sequence
  put_le(gtid, 0, 4);   // domain
  gtid.push_back(0x02);  // FL_GROUP_COMMIT_ID
  put_le(gtid, 1234, 8);
  b.add(162, gtid);
  b.add(160, Bytes{'I', 'N', 'S', 'E', 'R', 'T'});
  TempFiles tmp;
  const auto r = run_decode({tmp.write("maria.bin", b.bytes())});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(str(lines[1]["type"]), "GTID_LIST_EVENT");
  EXPECT_EQ(str(lines[1]["gtids"]), "0-1-41");
  EXPECT_EQ(str(lines[2]["type"]), "BINLOG_CHECKPOINT_EVENT");
  EXPECT_EQ(str(lines[2]["file"]), "mariadb-bin.01");
  EXPECT_EQ(str(lines[3]["type"]), "GTID_EVENT");
  EXPECT_EQ(lines[3]["type_code"].GetUint(), 162u);
  EXPECT_EQ(str(lines[3]["gtid"]), "0-1-42");  // server id from the event header
  EXPECT_EQ(lines[3]["commit_id"].GetUint64(), 1234u);
  EXPECT_FALSE(lines[3]["standalone"].GetBool());
  EXPECT_EQ(str(lines[4]["type"]), "ANNOTATE_ROWS_EVENT");
  EXPECT_EQ(str(lines[4]["query"]), "INSERT");
}

TEST(BinlogDecodeCommand, FlavourDecidesNamesAbove160AndUnknownIgnorableIsSkipped) {
  // MySQL never writes type 160 (its enum reserves 160+ for MariaDB): an unknown event there.
  BinlogBytes b("8.0.36");
  b.add(160, Bytes{'x'});
  b.add(100, Bytes(12, 0xAB), /*flags=LOG_EVENT_IGNORABLE_F*/ 0x80);
  const uint64_t xid = b.add(16, xid_body(1));
  TempFiles tmp;
  const auto r = run_decode({tmp.write("mysql.bin", b.bytes())});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(str(lines[1]["type"]), "UNKNOWN_EVENT_160");
  EXPECT_EQ(str(lines[2]["type"]), "UNKNOWN_EVENT_100");
  EXPECT_TRUE(lines[2]["skipped"].GetBool());
  EXPECT_EQ(lines[3]["pos"].GetUint64(), xid);  // decoding goes on after it

  // Not ignorable: an error naming where it is.
  BinlogBytes bad("8.0.36");
  const uint64_t at = bad.add(99, Bytes(4, 0));
  const auto r2 = run_decode({tmp.write("unknown.bin", bad.bytes())});
  EXPECT_EQ(r2.code, 1);
  EXPECT_EQ(error_offset(r2.err), static_cast<long long>(at)) << r2.err;
  EXPECT_EQ(json_lines(r2.out).size(), 1u);  // the FORMAT_DESCRIPTION before it
}

TEST(BinlogDecodeCommand, CorruptFilesNameFileAndOffset) {
  BinlogBytes b("8.0.36");
  const uint64_t q = b.add(2, query_body("db", "CREATE TABLE t (a INT)"));
  const uint64_t x = b.add(16, xid_body(5));
  TempFiles tmp;

  // Cut inside the last event: what came before is printed, then the error.
  Bytes cut(b.bytes().begin(), b.bytes().begin() + static_cast<std::ptrdiff_t>(x + 10));
  const std::string cut_path = tmp.write("cut.bin", cut);
  auto r = run_decode({cut_path});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(cut_path), std::string::npos) << r.err;
  EXPECT_EQ(error_offset(r.err), static_cast<long long>(x)) << r.err;
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1]["pos"].GetUint64(), q);
  // --summary prints nothing for a file it could not read to the end.
  r = run_decode({"--summary", cut_path});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;

  // A flipped byte in the QUERY event: its CRC32 no longer matches.
  Bytes flipped = b.bytes();
  flipped[q + 30] ^= 0x01;
  r = run_decode({tmp.write("flipped.bin", flipped)});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(error_offset(r.err), static_cast<long long>(q)) << r.err;
  EXPECT_NE(r.err.find("CRC32"), std::string::npos) << r.err;

  // Not a binlog, empty, missing.
  r = run_decode({tmp.write("text.bin", std::string("hello, world\n"))});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(error_offset(r.err), 0) << r.err;
  EXPECT_NE(r.err.find("not a binlog"), std::string::npos) << r.err;
  r = run_decode({tmp.write("empty.bin", std::string())});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(error_offset(r.err), 0) << r.err;
  r = run_decode({"/nonexistent/cdc-binlog-decode-test.bin"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("/nonexistent/cdc-binlog-decode-test.bin"), std::string::npos) << r.err;

  // With several files, decoding stops at the first bad one.
  const std::string good = tmp.write("good.bin", b.bytes());
  r = run_decode({good, cut_path, good});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(json_lines(r.out).size(), 3u + 2u);
}

// ---- TRANSACTION_PAYLOAD --------------------------------------------------------------------
Bytes inner_transaction() {
  Bytes out;
  auto add = [&out](uint8_t type, const Bytes& body) {
    EventSpec s;
    s.type = type;
    s.zero_next_pos = true;  // inner events carry no position of their own
    const Bytes e = binlog::test::make_event(s, body);
    out.insert(out.end(), e.begin(), e.end());
  };
  add(2, query_body("test", "BEGIN"));
  add(19, binlog::test::table_map_body(7, "test", "t", kSmallTable));
  Bytes rows = small_row(1, "one");
  const Bytes second = small_row(2, "two");
  rows.insert(rows.end(), second.begin(), second.end());
  add(30, binlog::test::rows_body(7, 2, 2, rows));
  add(16, xid_body(99));
  return out;
}

// TRANSACTION_PAYLOAD body: (field id, length, value) triples with packed integers, 0 = end,
// then the compressed events.
Bytes payload_body(const Bytes& compressed, uint64_t uncompressed) {
  Bytes body;
  const std::pair<uint64_t, uint64_t> fields[] = {{2, 0}, {3, uncompressed}, {1, compressed.size()}};
  for (const auto& [id, value] : fields) {
    Bytes v;
    put_packed(v, value);
    put_packed(body, id);
    put_packed(body, v.size());
    body.insert(body.end(), v.begin(), v.end());
  }
  body.push_back(0);
  body.insert(body.end(), compressed.begin(), compressed.end());
  return body;
}

Bytes compress(const Bytes& in) {
  Bytes out(ZSTD_compressBound(in.size()));
  const size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

TEST(BinlogDecodeCommand, PayloadInnerEventsFollowThePayload) {
  const Bytes inner = inner_transaction();
  BinlogBytes b("8.0.36");
  const uint64_t p = b.add(40, payload_body(compress(inner), inner.size()));
  const uint64_t end = b.bytes().size();
  TempFiles tmp;
  const std::string path = tmp.write("payload.bin", b.bytes());

  const auto r = run_decode({path});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(str(lines[1]["type"]), "TRANSACTION_PAYLOAD_EVENT");
  EXPECT_EQ(str(lines[1]["compression"]), "ZSTD");
  EXPECT_EQ(lines[1]["uncompressed_size"].GetUint64(), inner.size());
  EXPECT_FALSE(lines[1].HasMember("payload_pos"));
  const char* types[] = {"QUERY_EVENT", "TABLE_MAP_EVENT", "WRITE_ROWS_EVENT", "XID_EVENT"};
  uint64_t offset = 0;
  for (size_t i = 0; i < 4; ++i) {
    const auto& e = lines[2 + i];
    EXPECT_EQ(str(e["type"]), types[i]);
    EXPECT_EQ(e["payload_pos"].GetUint64(), p);
    EXPECT_EQ(e["pos"].GetUint64(), p);
    EXPECT_EQ(e["next_pos"].GetUint64(), end);
    // Inner events follow each other in the uncompressed payload.
    EXPECT_EQ(e["payload_offset"].GetUint64(), offset);
    offset += inner[offset + 9] | inner[offset + 10] << 8 | inner[offset + 11] << 16;
  }
  const auto& rows = lines[4]["rows"];
  ASSERT_EQ(rows.Size(), 2u);
  EXPECT_EQ(rows[1]["after"]["@1"].GetInt(), 2);
  EXPECT_EQ(str(rows[1]["after"]["@2"]), "two");

  const auto s = run_decode({"--summary", path});
  ASSERT_EQ(s.code, 0) << s.err;
  const auto sum = json_lines(s.out);
  ASSERT_EQ(sum.size(), 1u);
  EXPECT_EQ(sum[0]["events"].GetUint64(), 2u);  // top-level events only
  EXPECT_EQ(sum[0]["by_type"]["TRANSACTION_PAYLOAD_EVENT"].GetUint64(), 1u);
  EXPECT_FALSE(sum[0]["by_type"].HasMember("WRITE_ROWS_EVENT"));
  EXPECT_EQ(sum[0]["payload_by_type"]["WRITE_ROWS_EVENT"].GetUint64(), 1u);
  EXPECT_EQ(sum[0]["rows"]["test.t"]["insert"].GetUint64(), 2u);

  // A damaged payload: an error at the payload's offset.
  Bytes broken = inner;
  broken[11] = 0x7f;  // the first inner event claims far more bytes than the payload holds
  BinlogBytes bad("8.0.36");
  const uint64_t bp = bad.add(40, payload_body(compress(broken), broken.size()));
  const auto e = run_decode({tmp.write("bad-payload.bin", bad.bytes())});
  EXPECT_EQ(e.code, 1);
  EXPECT_EQ(error_offset(e.err), static_cast<long long>(bp)) << e.err;
  EXPECT_NE(e.err.find("TRANSACTION_PAYLOAD"), std::string::npos) << e.err;
}

TEST(BinlogDecodeCommand, SummaryCountsRowsPerTableAndFile) {
  BinlogBytes b("5.7.40-log");
  b.add(19, binlog::test::table_map_body(7, "test", "t", kSmallTable));
  Bytes two = small_row(1, "a");
  const Bytes second = small_row(2, "b");
  two.insert(two.end(), second.begin(), second.end());
  b.add(30, binlog::test::rows_body(7, 2, 2, two));
  Bytes upd = small_row(1, "a");
  const Bytes upd_after = small_row(1, "c");
  upd.insert(upd.end(), upd_after.begin(), upd_after.end());
  b.add(31, binlog::test::rows_body(7, 2, 2, upd, true));
  b.add(19, binlog::test::table_map_body(8, "test", "u", kSmallTable));
  b.add(32, binlog::test::rows_body(8, 2, 2, small_row(3, "z")));
  b.add(16, xid_body(3));
  TempFiles tmp;
  const std::string first = tmp.write("one.bin", b.bytes());
  BinlogBytes other("10.5.15-MariaDB-log", false);
  other.add(16, xid_body(4));
  const std::string second_file = tmp.write("two.bin", other.bytes());

  const auto r = run_decode({"--summary", first, second_file});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 2u);  // one summary per file
  const auto& s = lines[0];
  EXPECT_EQ(str(s["file"]), first);
  EXPECT_EQ(s["events"].GetUint64(), 7u);
  EXPECT_EQ(str(s["server_version"]), "5.7.40-log");
  EXPECT_EQ(str(s["checksum"]), "CRC32");
  EXPECT_EQ(s["by_type"]["TABLE_MAP_EVENT"].GetUint64(), 2u);
  EXPECT_EQ(s["by_type"]["FORMAT_DESCRIPTION_EVENT"].GetUint64(), 1u);
  EXPECT_EQ(s["by_type"]["UPDATE_ROWS_EVENT"].GetUint64(), 1u);
  EXPECT_EQ(s["rows"]["test.t"]["insert"].GetUint64(), 2u);
  EXPECT_EQ(s["rows"]["test.t"]["update"].GetUint64(), 1u);
  EXPECT_EQ(s["rows"]["test.t"]["delete"].GetUint64(), 0u);
  EXPECT_EQ(s["rows"]["test.u"]["delete"].GetUint64(), 1u);
  EXPECT_EQ(lines[1]["events"].GetUint64(), 2u);
  EXPECT_EQ(str(lines[1]["server_version"]), "10.5.15-MariaDB-log");
  EXPECT_EQ(str(lines[1]["checksum"]), "NONE");
  EXPECT_EQ(lines[1]["rows"].MemberCount(), 0u);
}

// An ostream that counts the writes reaching it.
class CountingBuf : public std::streambuf {
 public:
  size_t writes = 0;
  std::string data;

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    ++writes;
    data.append(s, static_cast<size_t>(n));
    return n;
  }
  int_type overflow(int_type c) override {
    ++writes;
    if (c != traits_type::eof()) data.push_back(static_cast<char>(c));
    return c;
  }
};

TEST(BinlogDecodeCommand, OutputIsWrittenInLargeChunks) {
  BinlogBytes b("8.0.36");
  constexpr size_t kEvents = 3000;
  for (size_t i = 0; i < kEvents; ++i) b.add(16, xid_body(i));
  TempFiles tmp;
  const std::string path = tmp.write("many.bin", b.bytes());
  CountingBuf buf;
  std::ostream out(&buf);
  std::ostringstream err;
  ASSERT_EQ(run_binlog_decode_command({path}, out, err), 0) << err.str();
  const auto lines = json_lines(buf.data);
  ASSERT_EQ(lines.size(), kEvents + 1);
  EXPECT_EQ(lines.back()["xid"].GetUint64(), kEvents - 1);
  // ~80 bytes per line: a few 64 KiB chunks, not one write per line.
  EXPECT_LT(buf.writes, 20u) << buf.data.size() << " bytes";
}

}  // namespace
}  // namespace cdc::test
