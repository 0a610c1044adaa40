// MariaDB variants (mysql-fixtures/mariadb.sh --variant, found through CDC_TEST_MARIADB_<VARIANT>_*):
// the `cdc` binary must turn the same statements into the same Debezium events whatever the
// server's binlog settings. `compressed` (log_bin_compress=ON, log_bin_compress_min_len=10)
// writes QUERY_COMPRESSED_EVENT and WRITE/UPDATE/DELETE_ROWS_COMPRESSED_EVENT_V1 (zlib); the
// default server writes the plain events. Both run the same test with the same expected values
// (which are those of streaming_test.cpp's ColumnTypesMapLikeDebezium for the shared columns).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <ostream>
#include <regex>
#include <string>
#include <variant>
#include <vector>

#include "binlog/binlog.h"
#include "binlog/replication_client.h"
#include "harness.h"

namespace it {
namespace {

// One server variant and the binlog event names (as SHOW BINLOG EVENTS prints them) it writes
// for a CREATE TABLE and for row inserts, updates and deletes.
struct Variant {
  std::string name;  // "" = default
  std::string ddl_event;
  std::vector<std::string> rows_events;  // write, update, delete
};

void PrintTo(const Variant& v, std::ostream* os) { *os << (v.name.empty() ? "default" : v.name); }

std::string variant_label(const ::testing::TestParamInfo<Variant>& info) {
  return info.param.name.empty() ? "default" : info.param.name;
}

// The server's current binlog file and position.
std::pair<std::string, uint64_t> master_status(Sql& sql) {
  auto status = sql.query("SHOW MASTER STATUS");
  if (status.empty() || !status[0][0] || !status[0][1]) {
    ADD_FAILURE() << "SHOW MASTER STATUS returned nothing: is the binlog on?";
    return {"", 4};
  }
  return {*status[0][0], std::stoull(*status[0][1])};
}

struct LoggedEvent {
  std::string type, info;
};

// The events logged in `file` from `pos` on (SHOW BINLOG EVENTS: names like "Query_compressed",
// "Write_rows_compressed_v1").
std::vector<LoggedEvent> logged_events(Sql& sql, const std::string& file, uint64_t pos) {
  std::vector<LoggedEvent> out;
  for (const auto& row : sql.query("SHOW BINLOG EVENTS IN '" + file + "' FROM " + std::to_string(pos))) {
    if (row.size() > 5 && row[2]) out.push_back({*row[2], row[5].value_or("")});
  }
  return out;
}

// The names of the rows events for `db`.`table` (each follows the TABLE_MAP it refers to).
std::vector<std::string> rows_event_types(const std::vector<LoggedEvent>& events, const std::string& db,
                                          const std::string& table) {
  std::vector<std::string> out;
  bool ours = false;
  for (const auto& e : events) {
    if (e.type == "Table_map") {
      ours = e.info.find("(" + db + "." + table + ")") != std::string::npos;
    } else if ((e.type.rfind("Write_rows", 0) == 0 || e.type.rfind("Update_rows", 0) == 0 ||
                e.type.rfind("Delete_rows", 0) == 0) &&
               ours) {
      out.push_back(e.type);
    }
  }
  return out;
}

std::string describe(const std::vector<LoggedEvent>& events) {
  std::string s;
  for (const auto& e : events) s += "  " + e.type + "  " + e.info.substr(0, 100) + "\n";
  return s;
}

class MariaDbVariantStreaming : public ::testing::TestWithParam<Variant>, protected CdcSessionFixture {
 protected:
  void SetUp() override {
    std::string why;
    auto m = server_variant("MARIADB", GetParam().name, why);
    if (!m) GTEST_SKIP() << why;  // a configured server that does not answer already failed
    const std::string skip = open(*m, "itv");
    if (!skip.empty()) GTEST_SKIP() << skip;
  }

  void TearDown() override { close(); }
};

// One column of each type family, created while the connector streams (so the DDL itself
// goes through the stream), two rows inserted by one statement, one updated, one deleted.
TEST_P(MariaDbVariantStreaming, EveryColumnFamilyStreamsExactly) {
  start_cdc();
  register_connector("mariadb-variant-types");
  const auto [file, pos] = master_status(*sql_);
  const std::string t = db_ + ".types";
  sql_->exec("CREATE TABLE " + t +
             " (id INT PRIMARY KEY, tiny TINYINT, tiny_u TINYINT UNSIGNED, small SMALLINT, "
             "small_u SMALLINT UNSIGNED, med MEDIUMINT, med_u MEDIUMINT UNSIGNED, i INT, i_u INT UNSIGNED, "
             "big BIGINT, big_u BIGINT UNSIGNED, dec1 DECIMAL(10,2), dec2 DECIMAL(30,10), f FLOAT, dbl DOUBLE, "
             "b BIT(1), bits BIT(12), ch CHAR(4), vc VARCHAR(100) CHARACTER SET utf8mb4, "
             "txt TEXT CHARACTER SET utf8mb4, lat_ch CHAR(6) CHARACTER SET latin1, "
             "lat VARCHAR(20) CHARACTER SET latin1, lat_txt TEXT CHARACTER SET latin1, bn BINARY(4), "
             "vbin VARBINARY(8), blb BLOB, d DATE, t TIME, dt DATETIME, dt6 DATETIME(6), ts TIMESTAMP(3) NULL, "
             "y YEAR, e ENUM('small','medium','large'), s SET('a','b','c'), j JSON, n INT NULL)");
  sql_->exec("INSERT INTO " + t + " VALUES "
             "(1, -5, 255, -32768, 65535, -8388608, 16777215, 2147483647, 4294967295, -9223372036854775808, "
             "18446744073709551615, -12.50, 12345678901234567890.0123456789, 1.5, 2.25, b'1', b'101000000001', "
             "'ab', 'h\xC3\xA9llo \xE2\x9C\x93', 'long text \xF0\x9F\x98\x80', 'abc', 'caf\xC3\xA9', "
             "'cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e', X'01020304', X'0102FF', X'00FF10', '2018-01-13', '-12:34:56', "
             "'2018-06-20 06:37:03', '2018-06-20 06:37:03.123456', '2018-06-20 06:37:03.120', 2024, 'medium', "
             "'c,a', '{\"k\": [1, 2.5, \"x\"], \"u\": \"\xC3\xA9\"}', NULL), "
             "(2, 127, 0, 32767, 0, 8388607, 0, -2147483648, 0, 9223372036854775807, 0, 0.00, -0.0000000001, "
             "-0.25, 1234567.125, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
             "NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0)");
  sql_->exec("UPDATE " + t + " SET vc='changed', dec1=99999999.99, b=b'0', bits=b'0', lat='na\xC3\xAFve', "
             "blb='', t='838:59:59', dt6='1970-01-01 00:00:00.000001', y=1901, e='large', s='', j='[]', n=7 "
             "WHERE id=1");
  sql_->exec("DELETE FROM " + t + " WHERE id=2");

  // The server wrote the events this variant is about.
  const auto events = logged_events(*sql_, file, pos);
  bool ddl_seen = false;
  for (const auto& e : events) {
    if (e.info.find("CREATE TABLE " + t) != std::string::npos) {
      EXPECT_EQ(e.type, GetParam().ddl_event) << describe(events);
      ddl_seen = true;
    }
  }
  EXPECT_TRUE(ddl_seen) << describe(events);
  EXPECT_EQ(rows_event_types(events, db_, "types"), GetParam().rows_events) << describe(events);

  // 2 creates, 1 update, 1 delete + its tombstone, in order.
  auto msgs = consume(server_.s.kafka_bootstrap, prefix_ + "." + t, 5, std::chrono::seconds(60),
                      std::chrono::milliseconds(1000));
  ASSERT_EQ(msgs.size(), 5u) << cdc_->log();
  const std::string row1 =
      "{\"id\":1,\"tiny\":-5,\"tiny_u\":255,\"small\":-32768,\"small_u\":65535,\"med\":-8388608,"
      "\"med_u\":16777215,\"i\":2147483647,\"i_u\":4294967295,\"big\":-9223372036854775808,\"big_u\":-1,"
      "\"dec1\":\"+x4=\",\"dec2\":\"AY7pD/bDc+DuDATVFQ==\",\"f\":1.5,\"dbl\":2.25,\"b\":true,\"bits\":\"AQo=\","
      "\"ch\":\"ab\",\"vc\":\"h\xC3\xA9llo \xE2\x9C\x93\",\"txt\":\"long text \xF0\x9F\x98\x80\",\"lat_ch\":\"abc\","
      "\"lat\":\"caf\xC3\xA9\",\"lat_txt\":\"cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e\",\"bn\":\"AQIDBA==\","
      "\"vbin\":\"AQL/\",\"blb\":\"AP8Q\",\"d\":17544,\"t\":-45296000000,\"dt\":1529476623000,"
      "\"dt6\":1529476623123456,\"ts\":\"2018-06-20T06:37:03.120Z\",\"y\":2024,\"e\":\"medium\",\"s\":\"a,c\","
      "\"j\":\"{\\\"k\\\": [1, 2.5, \\\"x\\\"], \\\"u\\\": \\\"\xC3\xA9\\\"}\",\"n\":null}";
  const std::string row1_updated =
      "{\"id\":1,\"tiny\":-5,\"tiny_u\":255,\"small\":-32768,\"small_u\":65535,\"med\":-8388608,"
      "\"med_u\":16777215,\"i\":2147483647,\"i_u\":4294967295,\"big\":-9223372036854775808,\"big_u\":-1,"
      "\"dec1\":\"AlQL4/8=\",\"dec2\":\"AY7pD/bDc+DuDATVFQ==\",\"f\":1.5,\"dbl\":2.25,\"b\":false,\"bits\":\"AAA=\","
      "\"ch\":\"ab\",\"vc\":\"changed\",\"txt\":\"long text \xF0\x9F\x98\x80\",\"lat_ch\":\"abc\","
      "\"lat\":\"na\xC3\xAFve\",\"lat_txt\":\"cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e\",\"bn\":\"AQIDBA==\","
      "\"vbin\":\"AQL/\",\"blb\":\"\",\"d\":17544,\"t\":3020399000000,\"dt\":1529476623000,"
      "\"dt6\":1,\"ts\":\"2018-06-20T06:37:03.120Z\",\"y\":1901,\"e\":\"large\",\"s\":\"\","
      "\"j\":\"[]\",\"n\":7}";
  const std::string row2 =
      "{\"id\":2,\"tiny\":127,\"tiny_u\":0,\"small\":32767,\"small_u\":0,\"med\":8388607,\"med_u\":0,"
      "\"i\":-2147483648,\"i_u\":0,\"big\":9223372036854775807,\"big_u\":0,\"dec1\":\"AA==\",\"dec2\":\"/w==\","
      "\"f\":-0.25,\"dbl\":1234567.125,\"b\":null,\"bits\":null,\"ch\":null,\"vc\":null,\"txt\":null,"
      "\"lat_ch\":null,\"lat\":null,\"lat_txt\":null,\"bn\":null,\"vbin\":null,\"blb\":null,\"d\":null,"
      "\"t\":null,\"dt\":null,\"dt6\":null,\"ts\":null,\"y\":null,\"e\":null,\"s\":null,\"j\":null,\"n\":0}";
  auto source = [](int row) {
    return "\"source\":{\"connector\":\"mysql\",\"snapshot\":\"false\",\"sequence\":null,\"table\":\"types\","
           "\"row\":" + std::to_string(row) + ",\"query\":null}";
  };
  EXPECT_EQ(msgs[0].key.value_or(""), "{\"id\":1}");
  EXPECT_EQ(stable_value(msgs[0].value.value_or("null")),
            "{\"before\":null,\"after\":" + row1 + "," + source(0) + ",\"op\":\"c\",\"transaction\":null}");
  EXPECT_EQ(msgs[1].key.value_or(""), "{\"id\":2}");
  EXPECT_EQ(stable_value(msgs[1].value.value_or("null")),
            "{\"before\":null,\"after\":" + row2 + "," + source(1) + ",\"op\":\"c\",\"transaction\":null}");
  EXPECT_EQ(msgs[2].key.value_or(""), "{\"id\":1}");
  EXPECT_EQ(stable_value(msgs[2].value.value_or("null")),
            "{\"before\":" + row1 + ",\"after\":" + row1_updated + "," + source(0) +
                ",\"op\":\"u\",\"transaction\":null}");
  EXPECT_EQ(msgs[3].key.value_or(""), "{\"id\":2}");
  EXPECT_EQ(stable_value(msgs[3].value.value_or("null")),
            "{\"before\":" + row2 + ",\"after\":null," + source(0) + ",\"op\":\"d\",\"transaction\":null}");
  EXPECT_EQ(msgs[4].key.value_or(""), "{\"id\":2}");
  EXPECT_FALSE(msgs[4].value.has_value()) << "a delete is followed by a tombstone";

  // The volatile fields name this server.
  auto d = parse(msgs[0].value.value_or("{}"));
  ASSERT_TRUE(d.IsObject() && d.HasMember("source")) << msgs[0].value.value_or("");
  EXPECT_STREQ(d["source"]["db"].GetString(), db_.c_str());
  EXPECT_EQ(std::string(d["source"]["file"].GetString()).rfind("mariadb-bin.", 0), 0u) << to_string(d["source"]);
  auto server_id = sql_->query("SELECT @@server_id");
  ASSERT_FALSE(server_id.empty());
  EXPECT_EQ(std::to_string(d["source"]["server_id"].GetInt64()), server_id[0][0].value_or("?"));
  ASSERT_TRUE(d["source"]["gtid"].IsString()) << "MariaDB GTID expected: " << to_string(d["source"]);
  EXPECT_TRUE(std::regex_match(std::string(d["source"]["gtid"].GetString()),
                               std::regex("[0-9]+-" + server_id[0][0].value_or("?") + "-[0-9]+")))
      << to_string(d["source"]);
}

INSTANTIATE_TEST_SUITE_P(
    MariaDb, MariaDbVariantStreaming,
    ::testing::Values(Variant{"", "Query", {"Write_rows_v1", "Update_rows_v1", "Delete_rows_v1"}},
                      Variant{"COMPRESSED",
                              "Query_compressed",
                              {"Write_rows_compressed_v1", "Update_rows_compressed_v1", "Delete_rows_compressed_v1"}}),
    variant_label);

// The decoder on its own, against the compressed server's replica stream: QUERY_COMPRESSED
// inflates to the exact statement text, the compressed rows events to the exact row images.
TEST(MariaDbCompressedBinlog, CompressedEventsInflateToTheStatementAndRows) {
  std::string why;
  auto m = server_variant("MARIADB", "COMPRESSED", why);
  if (!m) GTEST_SKIP() << why;
  Sql sql(m->s);
  const std::string db = unique_name("itz_db");
  sql.exec("CREATE DATABASE " + db);
  const auto [file, pos] = master_status(sql);
  const std::string create = "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, note VARCHAR(64))";
  const std::string note = "a note long enough to be compressed";
  sql.exec(create);
  sql.exec("INSERT INTO " + db + ".t VALUES (1, '" + note + "'), (2, 'second')");
  sql.exec("UPDATE " + db + ".t SET note = 'changed' WHERE id = 1");
  sql.exec("DELETE FROM " + db + ".t WHERE id = 2");
  sql.exec("DROP DATABASE " + db);

  binlog::ReplicationClient client;
  binlog::ReplicaStart start;
  start.server_id = 7000 + static_cast<uint32_t>(::getpid() % 1000);
  start.file = file;
  start.position = pos;
  binlog::ConnectionConfig login;
  login.host = m->s.mariadb_host;
  login.port = m->s.mariadb_port;
  login.user = m->s.cdc_user;
  login.password = m->s.cdc_password;
  auto started = client.start(login, start);
  ASSERT_TRUE(started.ok()) << started.error().message;
  binlog::DecoderOptions options;
  options.initial_checksum = client.checksum_enabled() ? binlog::ChecksumAlg::CRC32 : binlog::ChecksumAlg::NONE;
  binlog::EventDecoder decoder(options);

  std::vector<std::string> seen;  // "<type code> <what>"
  binlog::Row before, after;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  bool done = false;
  while (!done && std::chrono::steady_clock::now() < deadline) {
    auto raw = client.next_event();
    ASSERT_TRUE(raw.ok()) << raw.error().message;
    auto event = decoder.decode(*raw);
    ASSERT_TRUE(event.ok()) << event.error().message;
    const int type = event->header.type_code;
    if (auto* q = std::get_if<binlog::QueryEvent>(&event->body)) {
      if (q->query.rfind("DROP DATABASE", 0) == 0) {
        done = true;  // logged uncompressed or not, depending on the server version
      } else if (q->query.find(db) != std::string::npos) {
        seen.push_back(std::to_string(type) + " " + q->query);
      }
    } else if (auto* rows = std::get_if<binlog::RowsEvent>(&event->body)) {
      auto table = decoder.table(rows->table_id);
      ASSERT_TRUE(table != nullptr);
      if (table->database != db) continue;
      binlog::RowReader reader(*table, *rows);
      for (;;) {
        auto more = reader.next(before, after);
        ASSERT_TRUE(more.ok()) << more.error().message;
        if (!*more) break;
        std::string text = std::to_string(type);
        for (const binlog::Row* image : {&before, &after}) {
          if (image == &before && rows->kind == binlog::RowsKind::write) continue;
          if (image == &after && rows->kind == binlog::RowsKind::delete_) continue;
          text += " (" + std::to_string(image->values.at(0).i) + ",'" + std::string(image->values.at(1).bytes) + "')";
        }
        seen.push_back(text);
      }
    }
  }
  ASSERT_TRUE(done) << "the DROP DATABASE did not arrive within 30 s";
  // 165 QUERY_COMPRESSED, 166-168 WRITE/UPDATE/DELETE_ROWS_COMPRESSED_V1.
  const std::vector<std::string> expected = {
      "165 " + create,
      "166 (1,'" + note + "')",
      "166 (2,'second')",
      "167 (1,'" + note + "') (1,'changed')",
      "168 (2,'second')",
  };
  EXPECT_EQ(seen, expected);
}

}  // namespace
}  // namespace it
