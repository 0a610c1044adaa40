// On a real MySQL 8.0.31 (mysql-fixtures/mysql8.sh, found through CDC_TEST_MYSQL8_*): the
// caching_sha2_password login of our client, positioning the replica connection by GTID (MySQL
// and, for comparison, MariaDB), and the `cdc` binary streaming MySQL 8 row changes to Kafka as
// Debezium would.
//
// When scripts/test.sh could not fetch or start MySQL 8 it leaves CDC_TEST_MYSQL8_PORT unset
// and says why in CDC_TEST_MYSQL8_UNAVAILABLE; these tests then skip with that reason.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <fstream>
#include <random>
#include <sstream>
#include <variant>

#include "binlog/binlog.h"
#include "binlog/replication_client.h"
#include "harness.h"

namespace it {
namespace {

// MySQL 8 (default variant) from CDC_TEST_MYSQL8_*: skips when it is not configured; a
// configured server that does not answer has already been reported as a failure by
// server_variant, so the test fails rather than skips.
#define REQUIRE_MYSQL8(var)                          \
  std::string why_;                                  \
  auto var = server_variant("MYSQL8", "", why_);     \
  if (!var) GTEST_SKIP() << why_;

binlog::ConnectionConfig replica_login(const Server& m) {
  binlog::ConnectionConfig c;
  c.host = m.s.mariadb_host;
  c.port = m.s.mariadb_port;
  c.user = m.s.cdc_user;
  c.password = m.s.cdc_password;
  return c;
}

uint32_t replica_server_id() { return 7000 + static_cast<uint32_t>(::getpid() % 1000); }

std::string random_uuid() {
  std::random_device rd;
  std::ostringstream out;
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out << '-';
    out << kHex[rd() & 0xf];
  }
  return out.str();
}

std::string value_of(Sql& sql, const std::string& query) {
  auto rows = sql.query(query);
  if (rows.empty() || rows[0].empty() || !rows[0][0]) {
    ADD_FAILURE() << "no value from: " << query;
    return "";
  }
  return *rows[0][0];
}

// One transaction of the stream: its GTID and its rows as "db.table:<first column>".
struct Txn {
  std::string gtid;
  std::vector<std::string> rows;
};

// Reads the stream until `count` transactions (GTID ... XID) are complete, or `timeout`
// passed (heartbeats wake the reader every second), or the stream fails (`error` set). With
// `only`, transactions whose GTID does not start with it are left out.
std::vector<Txn> read_transactions(binlog::ReplicationClient& client, size_t count, std::chrono::seconds timeout,
                                   std::string& error, const std::string& only = "") {
  binlog::DecoderOptions options;
  options.initial_checksum = client.checksum_enabled() ? binlog::ChecksumAlg::CRC32 : binlog::ChecksumAlg::NONE;
  binlog::EventDecoder decoder(options);
  std::vector<Txn> out;
  bool open = false;
  binlog::Row before, after;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline && (out.size() < count || open)) {
    auto raw = client.next_event();
    if (!raw) {
      error = raw.error().message;
      break;
    }
    auto event = decoder.decode(*raw);
    if (!event) {
      error = event.error().message;
      break;
    }
    if (auto* g = std::get_if<binlog::GtidEvent>(&event->body)) {
      if (g->anonymous) continue;
      std::string gtid = g->to_string(event->header.server_id);
      open = false;
      if (gtid.rfind(only, 0) != 0) continue;
      out.push_back(Txn{std::move(gtid), {}});
      open = !(g->mariadb && g->standalone());
    } else if (auto* rows = std::get_if<binlog::RowsEvent>(&event->body)) {
      auto table = decoder.table(rows->table_id);
      if (!open || !table) continue;
      binlog::RowReader reader(*table, *rows);
      while (true) {
        auto more = reader.next(before, after);
        if (!more) {
          error = more.error().message;
          return out;
        }
        if (!*more) break;
        const binlog::Row& image = rows->kind == binlog::RowsKind::delete_ ? before : after;
        out.back().rows.push_back(table->database + "." + table->table + ":" + std::to_string(image.values.at(0).i));
      }
    } else if (std::holds_alternative<binlog::XidEvent>(event->body)) {
      open = false;
    } else if (auto* q = std::get_if<binlog::QueryEvent>(&event->body)) {
      if (q->query == "COMMIT" || (open && q->query != "BEGIN")) open = false;  // non-transactional / DDL
    }
  }
  return out;
}

std::string describe(const std::vector<Txn>& txns) {
  std::string s;
  for (const auto& t : txns) {
    s += "  " + t.gtid + " [";
    for (size_t i = 0; i < t.rows.size(); ++i) s += (i ? " " : "") + t.rows[i];
    s += "]\n";
  }
  return s.empty() ? "  (none)\n" : s;
}

// ---- caching_sha2_password: how our client (Connector/C 3.3) logs in to MySQL 8 ----------

TEST(Mysql8Login, CachingSha2OverPlainTcpUsesTheServersRsaKey) {
  REQUIRE_MYSQL8(m);
  Sql admin(m->s);
  // An empty cache forces the full authentication, which needs TLS or the server's RSA key.
  admin.exec("FLUSH PRIVILEGES");
  binlog::ConnectionConfig c = replica_login(*m);
  c.tls = binlog::TlsMode::disabled;
  binlog::SqlConnection conn;
  auto r = conn.connect(c);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(conn.tls_cipher(), "");
  // The account we logged in as (cdc@127.0.0.1 here) uses MySQL 8's default plugin.
  auto plugin = conn.query_value("SELECT plugin FROM mysql.user WHERE CONCAT(user, '@', host) = CURRENT_USER()");
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  EXPECT_EQ(plugin->value_or(""), "caching_sha2_password");
}

TEST(Mysql8Login, PreferredTlsEncryptsWhenTheServerOffersIt) {
  REQUIRE_MYSQL8(m);
  Sql admin(m->s);
  admin.exec("FLUSH PRIVILEGES");
  binlog::ConnectionConfig c = replica_login(*m);  // tls = preferred, the default
  binlog::SqlConnection conn;
  auto r = conn.connect(c);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(conn.tls_cipher(), "");
  auto status = conn.query("SHOW SESSION STATUS LIKE 'Ssl_version'");
  ASSERT_TRUE(status.ok()) << status.error().message;
  ASSERT_EQ(status->size(), 1u);
  EXPECT_NE((*status)[0][1].value_or(""), "");
}

TEST(Mysql8Login, WrongPasswordIsAccessDenied) {
  REQUIRE_MYSQL8(m);
  binlog::ConnectionConfig c = replica_login(*m);
  c.password = "wrong";
  binlog::SqlConnection conn;
  auto r = conn.connect(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(conn.last_errno(), 1045u) << r.error().message;
  EXPECT_NE(r.error().message.find("Access denied"), std::string::npos) << r.error().message;
}

TEST(Mysql8Login, RequiredTlsFailsClearlyWhenTheServerHasNone) {
  std::string why;
  auto m = server_variant("MARIADB", "", why);  // the fixture MariaDB runs without TLS
  if (!m) GTEST_SKIP() << why;
  binlog::ConnectionConfig c = replica_login(*m);
  c.tls = binlog::TlsMode::required;
  binlog::SqlConnection conn;
  auto r = conn.connect(c);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("TLS is required but the server does not offer it"), std::string::npos)
      << r.error().message;
}

// ---- positioning the replica connection by GTID -------------------------------------------

class GtidPositioning : public ::testing::Test {
 protected:
  void TearDown() override {
    if (sql_ && !db_.empty()) sql_->exec("DROP DATABASE IF EXISTS " + db_);
  }
  std::unique_ptr<Sql> sql_;
  std::string db_;
};

TEST_F(GtidPositioning, MySql8StreamsExactlyTheTransactionsMissingFromTheSet) {
  REQUIRE_MYSQL8(m);
  sql_ = std::make_unique<Sql>(m->s);
  db_ = unique_name("gtid");
  sql_->exec("CREATE DATABASE " + db_);
  sql_->exec("CREATE TABLE " + db_ + ".t (id INT PRIMARY KEY, note VARCHAR(20))");
  // Five transactions under a uuid of our own, so other writers cannot interleave with them.
  const std::string uuid = random_uuid();
  for (int k = 1; k <= 5; ++k) {
    sql_->exec("SET gtid_next = '" + uuid + ":" + std::to_string(k) + "'");
    sql_->exec("BEGIN");
    sql_->exec("INSERT INTO " + db_ + ".t VALUES (" + std::to_string(k) + ", 'tx " + std::to_string(k) + "')");
    sql_->exec("COMMIT");
  }
  sql_->exec("SET gtid_next = 'AUTOMATIC'");
  // We "have" everything the server executed except our :3 and :5.
  std::string executed = value_of(*sql_, "SELECT @@global.gtid_executed");
  ASSERT_NE(executed.find(uuid + ":1-5"), std::string::npos) << executed;
  std::string have;
  std::stringstream parts(executed);
  for (std::string part; std::getline(parts, part, ',');) {
    part.erase(0, part.find_first_not_of(" \n"));
    if (part.rfind(uuid, 0) == 0) continue;
    have += part + ",";
  }
  have += uuid + ":1-2:4";

  binlog::ReplicationClient client;
  binlog::ReplicaStart start;
  start.server_id = replica_server_id();
  start.gtid_set = have;
  auto started = client.start(replica_login(*m), start);
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_FALSE(client.is_mariadb());
  std::string error;
  auto txns = read_transactions(client, 2, std::chrono::seconds(30), error);
  EXPECT_EQ(error, "");
  ASSERT_GE(txns.size(), 2u) << "start set " << have << "\nreceived:\n" << describe(txns);
  EXPECT_EQ(txns[0].gtid, uuid + ":3") << describe(txns);
  EXPECT_EQ(txns[0].rows, std::vector<std::string>{db_ + ".t:3"});
  EXPECT_EQ(txns[1].gtid, uuid + ":5") << describe(txns);
  EXPECT_EQ(txns[1].rows, std::vector<std::string>{db_ + ".t:5"});
}

TEST_F(GtidPositioning, MySql8WithFileAndPositionSkipsWhatTheSetHas) {
  REQUIRE_MYSQL8(m);
  sql_ = std::make_unique<Sql>(m->s);
  db_ = unique_name("gtid");
  sql_->exec("CREATE DATABASE " + db_);
  sql_->exec("CREATE TABLE " + db_ + ".t (id INT PRIMARY KEY)");
  auto status = sql_->query("SHOW MASTER STATUS");
  ASSERT_FALSE(status.empty());
  const std::string file = status[0][0].value_or("");
  const uint64_t pos = std::stoull(status[0][1].value_or("4"));
  const std::string uuid = random_uuid();
  for (int k = 1; k <= 3; ++k) {
    sql_->exec("SET gtid_next = '" + uuid + ":" + std::to_string(k) + "'");
    sql_->exec("INSERT INTO " + db_ + ".t VALUES (" + std::to_string(k) + ")");
  }
  sql_->exec("SET gtid_next = 'AUTOMATIC'");

  binlog::ReplicationClient client;
  binlog::ReplicaStart start;
  start.server_id = replica_server_id();
  start.file = file;
  start.position = pos;
  start.gtid_set = uuid + ":1";  // from file:pos on, everything but :1
  auto started = client.start(replica_login(*m), start);
  ASSERT_TRUE(started.ok()) << started.error().message;
  std::string error;
  // Others may write between SHOW MASTER STATUS and our inserts: look at our uuid only.
  auto txns = read_transactions(client, 2, std::chrono::seconds(30), error, uuid + ":");
  EXPECT_EQ(error, "");
  ASSERT_GE(txns.size(), 2u) << describe(txns);
  EXPECT_EQ(txns[0].gtid, uuid + ":2") << describe(txns);
  EXPECT_EQ(txns[1].gtid, uuid + ":3") << describe(txns);
}

TEST_F(GtidPositioning, MySql8RejectsABadSetBeforeStreaming) {
  REQUIRE_MYSQL8(m);
  binlog::ReplicationClient client;
  binlog::ReplicaStart start;
  start.server_id = replica_server_id();
  start.gtid_set = "0-1-42";  // a MariaDB position, not a MySQL set
  auto started = client.start(replica_login(*m), start);
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(client.last_error_kind(), binlog::StreamErrorKind::fatal);
  EXPECT_NE(started.error().message.find("invalid MySQL GTID set '0-1-42'"), std::string::npos)
      << started.error().message;
}

TEST_F(GtidPositioning, MySql8ReportsTransactionsItNeverHadAsFatal) {
  REQUIRE_MYSQL8(m);
  sql_ = std::make_unique<Sql>(m->s);
  const std::string server_uuid = value_of(*sql_, "SELECT @@server_uuid");
  binlog::ReplicationClient client;
  binlog::ReplicaStart start;
  start.server_id = replica_server_id();
  start.gtid_set = server_uuid + ":1-999999999";  // more of its own GTIDs than the server has
  auto started = client.start(replica_login(*m), start);
  ASSERT_TRUE(started.ok()) << started.error().message;
  auto event = client.next_event();
  for (int i = 0; i < 10 && event.ok(); ++i) event = client.next_event();
  ASSERT_FALSE(event.ok()) << "the server should refuse a replica with more GTIDs than itself";
  EXPECT_EQ(client.last_error_kind(), binlog::StreamErrorKind::fatal) << event.error().message;
  EXPECT_NE(event.error().message.find("1236"), std::string::npos) << event.error().message;
}

TEST_F(GtidPositioning, MariaDbStreamsExactlyTheTransactionsAfterTheDomainPositions) {
  std::string why;
  auto m = server_variant("MARIADB", "", why);
  if (!m) GTEST_SKIP() << why;
  sql_ = std::make_unique<Sql>(m->s);
  db_ = unique_name("gtid");
  sql_->exec("CREATE DATABASE " + db_);
  sql_->exec("CREATE TABLE " + db_ + ".t (id INT PRIMARY KEY, note VARCHAR(20))");
  // A replication domain of our own, so other writers cannot interleave with our transactions.
  std::random_device rd;
  const uint32_t domain = 100000 + rd() % 1000000;
  sql_->exec("SET SESSION gtid_domain_id = " + std::to_string(domain));
  std::vector<std::string> gtids;
  for (int k = 1; k <= 5; ++k) {
    sql_->exec("INSERT INTO " + db_ + ".t VALUES (" + std::to_string(k) + ", 'tx " + std::to_string(k) + "')");
    gtids.push_back(value_of(*sql_, "SELECT @@last_gtid"));
  }
  sql_->exec("SET SESSION gtid_domain_id = 0");
  ASSERT_EQ(gtids[0].rfind(std::to_string(domain) + "-", 0), 0u) << gtids[0];
  // Every domain at its current position, ours after its second transaction.
  const std::string binlog_pos = value_of(*sql_, "SELECT @@global.gtid_binlog_pos");
  std::string state;
  std::stringstream parts(binlog_pos);
  for (std::string part; std::getline(parts, part, ',');) {
    if (part.rfind(std::to_string(domain) + "-", 0) == 0) continue;
    state += part + ",";
  }
  state += gtids[1];

  binlog::ReplicationClient client;
  binlog::ReplicaStart start;
  start.server_id = replica_server_id();
  start.file = "ignored-with-gtid.000001";  // MariaDB positions by the GTID state only
  start.position = 123456;
  start.gtid_set = state;
  auto started = client.start(replica_login(*m), start);
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_TRUE(client.is_mariadb());
  std::string error;
  auto txns = read_transactions(client, 3, std::chrono::seconds(30), error);
  EXPECT_EQ(error, "");
  ASSERT_GE(txns.size(), 3u) << "start state " << state << "\nreceived:\n" << describe(txns);
  for (int k = 3; k <= 5; ++k) {
    const auto& t = txns[static_cast<size_t>(k - 3)];
    EXPECT_EQ(t.gtid, gtids[static_cast<size_t>(k - 1)]) << describe(txns);
    EXPECT_EQ(t.rows, std::vector<std::string>{db_ + ".t:" + std::to_string(k)}) << describe(txns);
  }
}

TEST_F(GtidPositioning, MariaDbRejectsAMysqlSetBeforeStreaming) {
  std::string why;
  auto m = server_variant("MARIADB", "", why);
  if (!m) GTEST_SKIP() << why;
  binlog::ReplicationClient client;
  binlog::ReplicaStart start;
  start.server_id = replica_server_id();
  start.gtid_set = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5";
  auto started = client.start(replica_login(*m), start);
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(client.last_error_kind(), binlog::StreamErrorKind::fatal);
  EXPECT_NE(started.error().message.find("looks like a MySQL GTID set"), std::string::npos)
      << started.error().message;
}

// ---- the cdc binary on MySQL 8 ------------------------------------------------------------

class Mysql8Streaming : public ::testing::Test, protected CdcSessionFixture {
 protected:
  // Which server variant the tests of this fixture run against.
  virtual std::string variant() const { return ""; }

  void SetUp() override {
    std::string why;
    auto m = server_variant("MYSQL8", variant(), why);
    if (!m) GTEST_SKIP() << why;  // a configured server that does not answer already failed
    const std::string skip = open(*m, "it8");
    if (!skip.empty()) GTEST_SKIP() << skip;
  }

  void TearDown() override { close(); }

  // The names of the events in the server's current binlog file (SHOW BINLOG EVENTS alone
  // lists the first file, which is an older one after a restart).
  std::vector<std::string> current_binlog_event_types() {
    auto status = sql_->query("SHOW MASTER STATUS");
    std::vector<std::string> types;
    if (status.empty() || !status[0][0]) return types;
    for (const auto& row : sql_->query("SHOW BINLOG EVENTS IN '" + *status[0][0] + "'")) {
      if (row.size() > 2 && row[2]) types.push_back(*row[2]);
    }
    return types;
  }
};

TEST_F(Mysql8Streaming, InsertUpdateDeleteOfEveryColumnFamilyBecomeDebeziumEvents) {
  sql_->exec("CREATE TABLE " + db_ +
             ".types (id INT PRIMARY KEY, i INT, big_u BIGINT UNSIGNED, vc VARCHAR(100) CHARACTER SET utf8mb4, "
             "dec1 DECIMAL(10,2), d DATE, dt6 DATETIME(6), ts3 TIMESTAMP(3) NULL, "
             "e ENUM('small','medium','large'), s SET('a','b','c'), b BIT(1), bits BIT(12), blb BLOB, n INT NULL)");
  start_cdc();
  register_connector("mysql8-types");
  const std::string t = db_ + ".types";
  sql_->exec("INSERT INTO " + t + " VALUES (1, -2147483648, 18446744073709551615, 'h\xC3\xA9llo \xE2\x9C\x93', "
             "-12.50, '2018-01-13', '2018-06-20 06:37:03.123456', '2018-06-20 06:37:03.120', 'medium', 'c,a', "
             "b'1', b'101000000001', X'0102FF', NULL)");
  sql_->exec("UPDATE " + t + " SET vc='changed', dec1=99999999.99, dt6='1970-01-01 00:00:00.000001', e='large', "
             "s='', b=b'0', bits=b'0', blb='', n=7 WHERE id=1");
  sql_->exec("DELETE FROM " + t + " WHERE id=1");

  auto msgs = consume(server_.s.kafka_bootstrap, prefix_ + "." + t, 4, std::chrono::seconds(60),
                      std::chrono::milliseconds(1000));
  ASSERT_EQ(msgs.size(), 4u) << cdc_->log();
  const std::string inserted =
      "{\"id\":1,\"i\":-2147483648,\"big_u\":-1,\"vc\":\"h\xC3\xA9llo \xE2\x9C\x93\",\"dec1\":\"+x4=\","
      "\"d\":17544,\"dt6\":1529476623123456,\"ts3\":\"2018-06-20T06:37:03.120Z\",\"e\":\"medium\",\"s\":\"a,c\","
      "\"b\":true,\"bits\":\"AQo=\",\"blb\":\"AQL/\",\"n\":null}";
  const std::string updated =
      "{\"id\":1,\"i\":-2147483648,\"big_u\":-1,\"vc\":\"changed\",\"dec1\":\"AlQL4/8=\","
      "\"d\":17544,\"dt6\":1,\"ts3\":\"2018-06-20T06:37:03.120Z\",\"e\":\"large\",\"s\":\"\","
      "\"b\":false,\"bits\":\"AAA=\",\"blb\":\"\",\"n\":7}";
  const std::string source =
      "\"source\":{\"connector\":\"mysql\",\"snapshot\":\"false\",\"sequence\":null,\"table\":\"types\","
      "\"row\":0,\"query\":null}";
  for (const auto& msg : msgs) EXPECT_EQ(msg.key.value_or(""), "{\"id\":1}");
  EXPECT_EQ(stable_value(*msgs[0].value),
            "{\"before\":null,\"after\":" + inserted + "," + source + ",\"op\":\"c\",\"transaction\":null}");
  EXPECT_EQ(stable_value(*msgs[1].value),
            "{\"before\":" + inserted + ",\"after\":" + updated + "," + source + ",\"op\":\"u\",\"transaction\":null}");
  EXPECT_EQ(stable_value(*msgs[2].value),
            "{\"before\":" + updated + ",\"after\":null," + source + ",\"op\":\"d\",\"transaction\":null}");
  EXPECT_FALSE(msgs[3].value.has_value()) << "a delete is followed by a tombstone";

  // The volatile fields are present and plausible for MySQL 8.
  auto d = parse(*msgs[0].value);
  EXPECT_STREQ(d["source"]["name"].GetString(), prefix_.c_str());
  EXPECT_STREQ(d["source"]["db"].GetString(), db_.c_str());
  EXPECT_EQ(std::string(d["source"]["file"].GetString()).rfind("binlog.", 0), 0u) << to_string(d["source"]);
  EXPECT_GT(d["source"]["pos"].GetInt64(), 4);
  EXPECT_EQ(d["source"]["server_id"].GetInt64(), 2);
  const std::string server_uuid = value_of(*sql_, "SELECT @@server_uuid");
  ASSERT_TRUE(d["source"].HasMember("gtid"));
  ASSERT_TRUE(d["source"]["gtid"].IsString()) << "MySQL GTID expected in source.gtid: " << to_string(d["source"]);
  EXPECT_EQ(std::string(d["source"]["gtid"].GetString()).rfind(server_uuid + ":", 0), 0u) << to_string(d["source"]);

  // Stored offsets carry the executed GTID set (it includes this server's transactions).
  std::string offsets;
  for (int i = 0; i < 50 && offsets.find("\"gtids\"") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::ifstream in(dir_ / "offsets.json");
    std::stringstream text;
    text << in.rdbuf();
    offsets = text.str();
  }
  // Other sources' GTIDs (the positioning tests inject some) may sort before this server's.
  auto stored = parse(offsets);
  ASSERT_TRUE(stored.IsObject() && stored.MemberCount() == 1) << offsets;
  const auto& offset = stored.MemberBegin()->value;
  ASSERT_TRUE(offset.HasMember("gtids")) << offsets;
  const std::string gtids = offset["gtids"].GetString();
  EXPECT_TRUE(gtids.rfind(server_uuid + ":1-", 0) == 0 || gtids.find("," + server_uuid + ":1-") != std::string::npos)
      << gtids;
}

// MySQL's binary JSON becomes the JSON text Debezium's io.debezium.data.Json carries.
TEST_F(Mysql8Streaming, JsonColumnsBecomeJsonText) {
  sql_->exec("CREATE TABLE " + db_ + ".docs (id INT PRIMARY KEY, j JSON)");
  start_cdc();
  register_connector("mysql8-json");
  const std::string t = db_ + ".docs";
  sql_->exec("INSERT INTO " + t + " VALUES (1, '{\"name\": \"caf\xC3\xA9\", \"n\": [1, 2.5, true, null], "
             "\"big\": 18446744073709551615, \"nested\": {\"k\": \"v\"}}'), (2, '[]'), (3, NULL)");
  auto msgs = consume(server_.s.kafka_bootstrap, prefix_ + "." + t, 3, std::chrono::seconds(60),
                      std::chrono::milliseconds(500));
  ASSERT_EQ(msgs.size(), 3u) << cdc_->log();
  // MySQL stores object keys sorted by length, then bytes.
  EXPECT_EQ(to_string(parse(*msgs[0].value)["after"]),
            "{\"id\":1,\"j\":\"{\\\"n\\\":[1,2.5,true,null],\\\"big\\\":18446744073709551615,"
            "\\\"name\\\":\\\"caf\xC3\xA9\\\",\\\"nested\\\":{\\\"k\\\":\\\"v\\\"}}\"}");
  EXPECT_EQ(to_string(parse(*msgs[1].value)["after"]), "{\"id\":2,\"j\":\"[]\"}");
  EXPECT_EQ(to_string(parse(*msgs[2].value)["after"]), "{\"id\":3,\"j\":null}");
}

// binlog_transaction_compression=ON: whole transactions arrive zstd-compressed in one event.
class Mysql8Compressed : public Mysql8Streaming {
 protected:
  std::string variant() const override { return "COMPRESSED"; }
};

TEST_F(Mysql8Compressed, CompressedTransactionsStreamLikePlainOnes) {
  sql_->exec("CREATE TABLE " + db_ + ".items (id INT PRIMARY KEY, note VARCHAR(32))");
  start_cdc();
  register_connector("mysql8-compressed");
  const std::string t = db_ + ".items";
  std::string many = "INSERT INTO " + t + " VALUES ";
  for (int i = 1; i <= 500; ++i) many += (i > 1 ? ",(" : "(") + std::to_string(i) + ",'row " + std::to_string(i) + "')";
  sql_->exec("START TRANSACTION");
  sql_->exec(many);
  sql_->exec("UPDATE " + t + " SET note='first' WHERE id=1");
  sql_->exec("DELETE FROM " + t + " WHERE id=2");
  sql_->exec("COMMIT");
  const auto types = current_binlog_event_types();
  ASSERT_NE(std::find(types.begin(), types.end(), "Transaction_payload"), types.end()) << "the server did not compress the transaction";

  // 500 creates, 1 update, 1 delete + tombstone, in order.
  auto msgs = consume(server_.s.kafka_bootstrap, prefix_ + "." + t, 503, std::chrono::seconds(60),
                      std::chrono::milliseconds(500));
  ASSERT_EQ(msgs.size(), 503u) << cdc_->log();
  for (int i = 0; i < 500; ++i) {
    auto v = parse(*msgs[static_cast<size_t>(i)].value);
    ASSERT_STREQ(v["op"].GetString(), "c");
    EXPECT_EQ(v["after"]["id"].GetInt(), i + 1);
    EXPECT_EQ(v["source"]["row"].GetInt(), i);
  }
  auto u = parse(*msgs[500].value);
  EXPECT_STREQ(u["op"].GetString(), "u");
  EXPECT_EQ(to_string(u["after"]), "{\"id\":1,\"note\":\"first\"}");
  EXPECT_STREQ(parse(*msgs[501].value)["op"].GetString(), "d");
  EXPECT_FALSE(msgs[502].value.has_value());
}

// binlog_row_value_options=PARTIAL_JSON: an update logs only the JSON diff; the event carries
// the whole document after the update, rebuilt from the before image.
class Mysql8PartialJson : public Mysql8Streaming {
 protected:
  std::string variant() const override { return "PARTIAL_JSON"; }
};

TEST_F(Mysql8PartialJson, PartialJsonUpdatesBecomeFullAfterImages) {
  sql_->exec("CREATE TABLE " + db_ + ".docs (id INT PRIMARY KEY, j JSON)");
  start_cdc();
  register_connector("mysql8-partial-json");
  const std::string t = db_ + ".docs";
  sql_->exec("INSERT INTO " + t + " VALUES (1, '{\"a\": 1, \"b\": [10, 20, 30], \"c\": \"keep\"}')");
  sql_->exec("UPDATE " + t + " SET j = JSON_SET(j, '$.a', 2), j = JSON_REPLACE(j, '$.b[1]', 21), "
             "j = JSON_REMOVE(j, '$.b[2]') WHERE id = 1");
  const auto types = current_binlog_event_types();
  ASSERT_NE(std::find(types.begin(), types.end(), "Update_rows_partial"), types.end()) << "the server did not log a partial JSON update";

  auto msgs = consume(server_.s.kafka_bootstrap, prefix_ + "." + t, 2, std::chrono::seconds(60),
                      std::chrono::milliseconds(500));
  ASSERT_EQ(msgs.size(), 2u) << cdc_->log();
  auto u = parse(*msgs[1].value);
  EXPECT_STREQ(u["op"].GetString(), "u");
  EXPECT_EQ(to_string(u["before"]), "{\"id\":1,\"j\":\"{\\\"a\\\":1,\\\"b\\\":[10,20,30],\\\"c\\\":\\\"keep\\\"}\"}");
  EXPECT_EQ(to_string(u["after"]), "{\"id\":1,\"j\":\"{\\\"a\\\":2,\\\"b\\\":[10,21],\\\"c\\\":\\\"keep\\\"}\"}");
}

}  // namespace
}  // namespace it
