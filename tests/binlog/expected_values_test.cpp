// Value-level expectations from the asset folders' EXPECTED.md / README.upstream.md files:
// what upstream projects assert about specific events and rows.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "binlog/binlog.h"
#include "binlog/file_reader.h"
#include "test_support.h"

namespace binlog::test {
namespace {

struct DecodedRow {
  RowsKind kind;
  std::shared_ptr<const TableMap> table;
  Row before, after;
};

// A whole file decoded; keeps the bytes alive for the string views in the rows.
struct DecodedFile {
  std::unique_ptr<BinlogFileReader> reader;
  std::vector<Event> events;
  std::vector<uint64_t> offsets;
  std::vector<DecodedRow> rows;
  std::vector<size_t> row_event_index;  // event index of each row
  std::string error;
};

DecodedFile decode_asset(const std::string& relative) {
  DecodedFile f;
  const auto path = assets_dir() / relative;
  auto reader = BinlogFileReader::from_bytes(read_file(path), relative);
  if (!reader.ok()) {
    f.error = reader.error().message;
    return f;
  }
  f.reader = std::make_unique<BinlogFileReader>(std::move(reader).value());
  EventDecoder decoder;
  while (true) {
    auto next = f.reader->next();
    if (!next.ok()) {
      f.error = next.error().message;
      return f;
    }
    if (!next.value()) return f;
    auto ev = decoder.decode(next.value()->bytes);
    if (!ev.ok()) {
      f.error = ev.error().message;
      return f;
    }
    f.offsets.push_back(next.value()->offset);
    f.events.push_back(ev.value());
    if (const auto* rows = std::get_if<RowsEvent>(&f.events.back().body)) {
      auto table = decoder.table(rows->table_id);
      if (!table) continue;
      RowReader rr(*table, *rows);
      while (true) {
        DecodedRow r{rows->kind, table, {}, {}};
        auto more = rr.next(r.before, r.after);
        if (!more.ok()) {
          f.error = more.error().message;
          return f;
        }
        if (!more.value()) break;
        f.rows.push_back(std::move(r));
        f.row_event_index.push_back(f.events.size() - 1);
      }
    }
  }
}

#define LOAD_OR_SKIP(var, path)                                                    \
  if (!std::filesystem::exists(assets_dir() / (path))) GTEST_SKIP() << "no " << (path); \
  DecodedFile var = decode_asset(path);                                            \
  ASSERT_TRUE(var.error.empty()) << var.error

std::string bytes_of(std::string_view s) { return std::string(s); }

TEST(ExpectedValues, VectorDimensionsAndValues) {
  LOAD_OR_SKIP(f, "binlog-rust_mysql_common/vector.binlog");
  std::map<std::string, std::vector<uint32_t>> dims;
  for (const auto& ev : f.events) {
    if (const auto* t = std::get_if<std::shared_ptr<const TableMap>>(&ev.body)) {
      std::vector<uint32_t> d;
      for (const auto& c : (*t)->columns) {
        if (c.type == ColumnType::VECTOR) d.push_back(c.vector_dimensions);
      }
      dims[(*t)->table] = d;
    }
  }
  EXPECT_EQ(dims["foo"], (std::vector<uint32_t>{3}));
  EXPECT_EQ(dims["bar"], (std::vector<uint32_t>{2, 4}));
  // Event #12: WRITE_ROWS into dtb.foo with two rows.
  std::vector<const DecodedRow*> rows;
  for (size_t i = 0; i < f.rows.size(); ++i) {
    if (f.row_event_index[i] == 11) rows.push_back(&f.rows[i]);
  }
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]->table->database, "dtb");
  EXPECT_EQ(rows[0]->table->table, "foo");
  const auto& v0 = rows[0]->after.values;
  ASSERT_EQ(v0.size(), 2u);
  EXPECT_EQ(v0[0].kind, ValueKind::uint64);  // id SERIAL = BIGINT UNSIGNED
  EXPECT_EQ(v0[0].u, 1u);
  EXPECT_EQ(v0[1].kind, ValueKind::bytes);
  EXPECT_EQ(bytes_of(v0[1].bytes), std::string("\xCD\xCC\x8C\x3F\xCD\xCC\x0C\x40\x33\x33\x53\x40", 12));
  const auto& v1 = rows[1]->after.values;
  EXPECT_EQ(v1[0].u, 2u);
  EXPECT_EQ(bytes_of(v1[1].bytes), std::string("\x00\x00\x80\x3F\x00\x00\x80\xBF\x00\x00\x00\x00", 12));
}

TEST(ExpectedValues, EnumStringSet) {
  LOAD_OR_SKIP(f, "binlog-rust_mysql_common/mysql-enum-string-set.000001");
  ASSERT_EQ(f.rows.size(), 3u);
  const auto& t = *f.rows[0].table;
  ASSERT_EQ(t.columns.size(), 5u);
  EXPECT_EQ(t.columns[0].type, ColumnType::STRING);
  EXPECT_EQ(t.columns[0].max_length(), 512u);  // CHAR(128) utf8mb4: the >255 length trick
  EXPECT_EQ(t.columns[2].type, ColumnType::ENUM);
  EXPECT_EQ(t.columns[3].type, ColumnType::SET);
  std::string digits10;
  for (int i = 0; i < 10; ++i) digits10 += "0123456789";
  const auto& ins = f.rows[0].after.values;
  EXPECT_EQ(ins[0].kind, ValueKind::string);
  EXPECT_EQ(ins[0].bytes, digits10);
  // EXPECTED.md says "a 300-char digit string"; the bytes (and mariadb-binlog's dump) hold 298.
  EXPECT_EQ(ins[1].bytes.size(), 298u);
  EXPECT_EQ(ins[2].u, 1u);
  EXPECT_EQ(ins[3].u, 0b101u);
  EXPECT_EQ(ins[4].bytes, "0123456789");
  const auto& upd = f.rows[1].after.values;
  EXPECT_EQ(upd[0].bytes, "field1");
  EXPECT_EQ(upd[1].bytes, "field_2");
  EXPECT_EQ(upd[2].u, 2u);
  EXPECT_EQ(upd[3].u, 0b1010u);
  EXPECT_EQ(upd[4].bytes.size(), 298u);
  EXPECT_EQ(f.rows[2].kind, RowsKind::delete_);
  EXPECT_EQ(f.rows[2].before.values[3].u, 0b1010u);
}

TEST(ExpectedValues, Bit) {
  LOAD_OR_SKIP(f, "binlog-rust_mysql_common/mysql_type_bit.000001");
  ASSERT_FALSE(f.rows.empty());
  for (const auto& r : f.rows) {
    const auto& v = r.after.values;
    EXPECT_EQ(v[0].u, 0b100u);
    EXPECT_EQ(v[0].bits, 3u);
    EXPECT_EQ(v[1].bytes, "foo");
    EXPECT_EQ(v[2].u, 0b100000u);
    EXPECT_EQ(v[2].bits, 8u);
  }
}

TEST(ExpectedValues, MinimalMetadataUnsignedAndPartialImage) {
  LOAD_OR_SKIP(f, "binlog-rust_mysql_common/minimal_row_metadata.000001");
  ASSERT_EQ(f.rows.size(), 1u);
  const Row& r = f.rows[0].after;
  EXPECT_EQ(f.rows[0].table->database, "noria");
  EXPECT_EQ(f.rows[0].table->table, "t1");
  ASSERT_GE(r.present.size(), 5u);
  for (size_t i = 0; i < r.present.size(); ++i) {
    EXPECT_EQ(r.present[i], i == 0 || i == 2 || i == 4) << i;
  }
  EXPECT_EQ(r.values[0].i, 1);
  EXPECT_EQ(r.values[2].kind, ValueKind::string);
  EXPECT_EQ(r.values[2].bytes, "a");
  EXPECT_EQ(r.values[2].collation, 255);
  EXPECT_EQ(r.values[4].kind, ValueKind::uint64);
  EXPECT_EQ(r.values[4].u, 3230202323u);
}

TEST(ExpectedValues, NegativeTime2) {
  LOAD_OR_SKIP(f, "binlog-rust_mysql_common/time_issue.000001");
  ASSERT_EQ(f.rows.size(), 1u);
  const Value& v = f.rows[0].after.values[0];
  EXPECT_EQ(v.kind, ValueKind::time);
  EXPECT_TRUE(v.negative);
  EXPECT_EQ(v.hour, 507u);
  EXPECT_EQ(v.minute, 48);
  EXPECT_EQ(v.second, 27);
  EXPECT_EQ(v.micros, 0u);
}

TEST(ExpectedValues, TaggedGtid) {
  LOAD_OR_SKIP(f, "binlog-rust_mysql_common/binlog_transaction_with_GTID_TAG.000001");
  const GtidEvent* g = nullptr;
  uint32_t server_id = 0;
  for (const auto& ev : f.events) {
    if (ev.header.type_code == 42) {
      g = std::get_if<GtidEvent>(&ev.body);
      server_id = ev.header.server_id;
    }
  }
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->tag, "mytag");
  EXPECT_EQ(g->gno, 3);
  EXPECT_EQ(g->to_string(server_id), "55778904-0299-11f1-b1b8-4ef0c4956feb:mytag:3");
  ASSERT_EQ(f.rows.size(), 1u);
  EXPECT_EQ(f.rows[0].table->database, "test");
  EXPECT_EQ(f.rows[0].table->table, "orders");
}

TEST(ExpectedValues, MariadbFullMetadata) {
  LOAD_OR_SKIP(f, "binlog-rust_mysql_common/mariadb-bin.000001");
  ASSERT_EQ(f.rows.size(), 2u);
  const TableMap& t = *f.rows[0].table;
  EXPECT_EQ(t.database, "toddy_test");
  EXPECT_EQ(t.table, "outbox");
  ASSERT_TRUE(t.has_column_names);
  std::vector<std::string> names;
  std::vector<uint16_t> collations;
  for (const auto& c : t.columns) {
    names.push_back(c.name);
    collations.push_back(c.collation);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"id", "topic", "event_type", "event", "created"}));
  EXPECT_EQ(collations, (std::vector<uint16_t>{0, 45, 45, 63, 0}));
  EXPECT_EQ(charset_name(45), "utf8mb4");
  EXPECT_EQ(t.primary_key, (std::vector<uint32_t>{0}));
  EXPECT_EQ(f.rows[0].after.values[3].kind, ValueKind::bytes);  // BLOB with binary collation
  EXPECT_EQ(f.rows[0].after.values[3].bytes, "{\"foo\":1}");
  // MariaDB GTIDs 0-1-1 and 0-1-2 (transactional, not standalone)
  std::vector<std::string> gtids;
  for (const auto& ev : f.events) {
    if (const auto* g = std::get_if<GtidEvent>(&ev.body)) {
      EXPECT_TRUE(g->mariadb);
      EXPECT_FALSE(g->standalone());
      gtids.push_back(g->to_string(ev.header.server_id));
    }
  }
  EXPECT_EQ(gtids, (std::vector<std::string>{"0-1-1", "0-1-2"}));
  EXPECT_EQ(event_type_name(f.events[1].header.type_code), "GTID_LIST_EVENT");
  EXPECT_EQ(event_type_name(f.events[2].header.type_code), "BINLOG_CHECKPOINT_EVENT");
  EXPECT_EQ(event_type_name(f.events[4].header.type_code), "ANNOTATE_ROWS_EVENT");
  EXPECT_EQ(event_type_name(f.events[6].header.type_code), "WRITE_ROWS_EVENT_V1");
}

TEST(ExpectedValues, InvisibleColumnsVisibility) {
  LOAD_OR_SKIP(f, "binlog-rust_mysql_common/binlog-invisible-columns.000001");
  ASSERT_FALSE(f.rows.empty());
  const TableMap& t = *f.rows[0].table;
  ASSERT_EQ(t.columns.size(), 6u);
  std::vector<bool> visible, is_unsigned;
  std::vector<std::string> names;
  for (const auto& c : t.columns) {
    visible.push_back(c.visible);
    names.push_back(c.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"f1", "f2", "f3", "f4", "f5", "f6"}));
  EXPECT_EQ(visible, (std::vector<bool>{false, false, true, true, true, false}));
  EXPECT_EQ(t.columns[0].is_unsigned, std::optional<bool>(true));
  EXPECT_EQ(t.columns[2].is_unsigned, std::optional<bool>(false));
  EXPECT_EQ(t.columns[5].is_unsigned, std::optional<bool>(true));
  EXPECT_NE(t.columns[3].collation, 0);   // TEXT: a character collation
  EXPECT_EQ(t.columns[4].collation, 63);  // BLOB: binary
}

TEST(ExpectedValues, EasypostDecimalAndGtid) {
  LOAD_OR_SKIP(f, "binlog-easypost-rust-mysql-binlog/bin-log.000001");
  const QueryEvent* create = nullptr;
  for (const auto& ev : f.events) {
    if (const auto* q = std::get_if<QueryEvent>(&ev.body)) {
      if (q->query.rfind("CREATE TABLE", 0) == 0 && create == nullptr) create = q;
    }
  }
  ASSERT_NE(create, nullptr);
  EXPECT_EQ(create->database, "bltest");
  EXPECT_EQ(create->query,
            "CREATE TABLE foo(id BIGINT AUTO_INCREMENT PRIMARY KEY, val_decimal DECIMAL(10, 5) "
            "NOT NULL, comment VARCHAR(255) NOT NULL)");
  ASSERT_FALSE(f.rows.empty());
  const size_t rows_event = f.row_event_index[0];
  EXPECT_EQ(f.events[rows_event].header.timestamp, 1550192291u);
  std::string gtid;
  for (size_t i = 0; i < rows_event; ++i) {
    if (const auto* g = std::get_if<GtidEvent>(&f.events[i].body)) gtid = g->to_string(0);
  }
  EXPECT_EQ(gtid, "87cee3a4-6b31-11e7-bdfd-0d98d6698870:14918");
  const auto& v = f.rows[0].after.values;
  EXPECT_EQ(v[0].i, 1);
  EXPECT_EQ(v[1].text(), "0.10000");
  EXPECT_EQ(v[2].kind, ValueKind::string);
}

TEST(ExpectedValues, AuroraPaddingSkipped) {
  LOAD_OR_SKIP(f, "binlog-mysql-binlog-connector-java/mysql-bin.aurora-padding");
  ASSERT_EQ(f.events.size(), 5u);
  EXPECT_TRUE(std::holds_alternative<UnknownEvent>(f.events[3].body));
  EXPECT_EQ(f.events[3].header.type_code, 100);
  EXPECT_EQ(f.events[3].header.event_size, 928u);
  EXPECT_TRUE(std::holds_alternative<QueryEvent>(f.events[4].body));
  EXPECT_EQ(f.offsets[4], 1209u);
  EXPECT_EQ(std::get<QueryEvent>(f.events[4].body).query, "BEGIN");
}

TEST(ExpectedValues, CompressedPayloadFramedAsOneEvent) {
  LOAD_OR_SKIP(f, "binlog-mysql-binlog-connector-java/mysql-bin.compressed");
  ASSERT_EQ(f.events.size(), 5u);
  size_t payloads = 0;
  for (const auto& ev : f.events) payloads += std::holds_alternative<TransactionPayloadEvent>(ev.body);
  EXPECT_EQ(payloads, 1u);
}

TEST(ExpectedValues, DoltMultiOps) {
  const auto path = assets_dir() / "binlog-dolt-mariadb-base64/binlog_transaction_multi_ops.txt";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  // Decode the BINLOG '<base64>' blocks (padding ends a block) into one stream.
  const Bytes text = read_file(path);
  const std::string s(text.begin(), text.end());
  Bytes stream(kBinlogMagic, kBinlogMagic + 4);
  std::string b64;
  size_t pos = 0;
  while ((pos = s.find("BINLOG '", pos)) != std::string::npos) {
    pos += 8;
    const size_t end = s.find('\'', pos);
    b64 += s.substr(pos, end - pos);
    pos = end;
  }
  std::vector<int> quantum;
  auto flush = [&](size_t n) {
    const uint32_t v = static_cast<uint32_t>(quantum[0] << 18 | quantum[1] << 12 |
                                             (n > 2 ? quantum[2] << 6 : 0) | (n > 3 ? quantum[3] : 0));
    stream.push_back(static_cast<uint8_t>(v >> 16));
    if (n > 2) stream.push_back(static_cast<uint8_t>(v >> 8));
    if (n > 3) stream.push_back(static_cast<uint8_t>(v));
    quantum.clear();
  };
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (char c : b64) {
    if (c == '=') {
      if (!quantum.empty()) flush(quantum.size());
      continue;
    }
    const size_t k = alphabet.find(c);
    if (k == std::string::npos) continue;
    quantum.push_back(static_cast<int>(k));
    if (quantum.size() == 4) flush(4);
  }
  auto reader = BinlogFileReader::from_bytes(stream, "multi_ops");
  ASSERT_TRUE(reader.ok());
  EventDecoder decoder;
  std::vector<std::string> inserted, updated_after;
  int64_t deleted_id = 0;
  Row before, after;
  while (true) {
    auto next = reader->next();
    ASSERT_TRUE(next.ok()) << next.error().message;
    if (!next.value()) break;
    auto ev = decoder.decode(next.value()->bytes);
    ASSERT_TRUE(ev.ok()) << ev.error().message;
    if (const auto* rows = std::get_if<RowsEvent>(&ev->body)) {
      EXPECT_EQ(rows->version, 1);  // MariaDB 10.11 writes v1 rows events
      RowReader rr(*decoder.table(rows->table_id), *rows);
      while (true) {
        auto more = rr.next(before, after);
        ASSERT_TRUE(more.ok()) << more.error().message;
        if (!more.value()) break;
        if (rows->kind == RowsKind::write) {
          inserted.push_back(std::to_string(after.values[0].i) + "," + std::string(after.values[1].bytes) +
                             "," + std::string(after.values[2].text()) + "," +
                             std::to_string(after.values[3].epoch_seconds));
        } else if (rows->kind == RowsKind::update) {
          updated_after.push_back(std::string(after.values[2].text()));
        } else {
          deleted_id = before.values[0].i;
        }
      }
    }
  }
  EXPECT_EQ(inserted, (std::vector<std::string>{"1,Item1,99.99,1762326578", "2,Item2,149.50,1762326578",
                                                "3,Item3,75.25,1762326578"}));
  EXPECT_EQ(updated_after, (std::vector<std::string>{"109.99", "164.45"}));
  EXPECT_EQ(deleted_id, 3);
}

// binlog-mariadb-operator-poc/README.upstream.md: per-file metadata printed by go-mysql.
TEST(ExpectedValues, MariadbOperatorMetadata) {
  const auto dir = assets_dir() / "binlog-mariadb-operator-poc";
  if (!std::filesystem::exists(dir / "README.upstream.md")) GTEST_SKIP() << "no " << dir;
  std::ifstream in(dir / "README.upstream.md");
  std::string line, file;
  std::map<std::string, std::map<std::string, std::string>> expected;
  while (std::getline(in, line)) {
    const std::string prefix = "Getting binlog metadata from binlogs/";
    if (line.rfind(prefix, 0) == 0) {
      file = line.substr(prefix.size());
      continue;
    }
    const size_t colon = line.find(": ");
    if (!file.empty() && colon != std::string::npos) expected[file][line.substr(0, colon)] = line.substr(colon + 2);
  }
  size_t checked = 0;
  for (const auto& [name, fields] : expected) {
    if (!std::filesystem::exists(dir / name)) continue;  // .000003 and .000008 are not stored
    SCOPED_TRACE(name);
    DecodedFile f = decode_asset("binlog-mariadb-operator-poc/" + name);
    ASSERT_TRUE(f.error.empty()) << f.error;
    ++checked;
    const auto& fde = std::get<FormatDescriptionEvent>(f.events[0].body);
    EXPECT_EQ(fields.at("ServerVersion"), fde.server_version);
    EXPECT_EQ(fields.at("BinlogVersion"), std::to_string(fde.binlog_version));
    EXPECT_EQ(fields.at("ServerId"), std::to_string(f.events[0].header.server_id));
    EXPECT_EQ(fields.at("LogPos"), std::to_string(f.events.back().header.next_pos));
    auto raw = [](const std::string& s) { return s.substr(s.find("raw:") + 4, 10); };
    EXPECT_EQ(raw(fields.at("FirstTimestamp")), std::to_string(f.events[0].header.timestamp));
    EXPECT_EQ(raw(fields.at("LastTimestamp")), std::to_string(f.events.back().header.timestamp));
    std::string first, last;
    for (const auto& ev : f.events) {
      if (const auto* g = std::get_if<GtidEvent>(&ev.body)) {
        if (first.empty()) first = g->to_string(ev.header.server_id);
        last = g->to_string(ev.header.server_id);
      }
    }
    EXPECT_EQ(fields.at("FirstGTID"), first.empty() ? "<nil>" : first);
    EXPECT_EQ(fields.at("LastGTID"), last.empty() ? "<nil>" : last);
    // PreviousGTIDs is what the file's GTID_LIST_EVENT holds.
    std::string previous;
    size_t lists = 0;
    for (const auto& ev : f.events) {
      if (const auto* l = std::get_if<GtidListEvent>(&ev.body)) {
        previous = MariadbGtidList::from_gtids(l->gtids).to_string();
        ++lists;
      }
    }
    EXPECT_EQ(lists, 1u);
    EXPECT_EQ(fields.at("PreviousGTIDs"), previous.empty() ? "<nil>" : previous);
    const uint8_t last_type = f.events.back().header.type_code;
    EXPECT_EQ(fields.at("RotateEvent"), last_type == 4 ? "true" : "false");
    EXPECT_EQ(fields.at("StopEvent"), last_type == 3 ? "true" : "false");
    if (last_type == 4) {
      const auto& rot = std::get<RotateEvent>(f.events.back().body);
      EXPECT_EQ(rot.position, 4u);
      EXPECT_EQ(rot.next_file.rfind("mariadb-repl-bin.", 0), 0u) << rot.next_file;
      EXPECT_EQ(rot.next_file.size(), std::string("mariadb-repl-bin.000001").size());
    }
  }
  EXPECT_GE(checked, 8u);
}

}  // namespace
}  // namespace binlog::test
