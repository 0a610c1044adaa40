// End to end on the real servers: MariaDB (binlog) -> cdc standalone -> Kafka, asserting the
// exact Debezium change events a consumer reads back.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <set>
#include <thread>

#include "harness.h"

namespace it {
namespace {

class Streaming : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    auto s = servers(why);
    if (!s) GTEST_SKIP() << why;
    servers_ = *s;
    db_ = unique_name("it_db");
    prefix_ = unique_name("it");
    dir_ = std::filesystem::temp_directory_path() / unique_name("cdc_it");
    sql_ = std::make_unique<Sql>(servers_);
    sql_->exec("SET time_zone = '+00:00'");
    sql_->exec("CREATE DATABASE " + db_);
  }

  void TearDown() override {
    if (cdc_ && ::testing::Test::HasFailure()) std::cerr << "---- cdc log ----\n" << cdc_->log() << "\n";
    cdc_.reset();
    if (sql_) sql_->exec("DROP DATABASE IF EXISTS " + db_);
  }

  std::map<std::string, std::string> worker(bool schemas) {
    auto w = worker_config(servers_, dir_, schemas, 500);
    w["key.converter"] = w["value.converter"] = "org.apache.kafka.connect.json.JsonConverter";
    return w;
  }

  std::string connector_json(const std::string& name) {
    auto config = connector_config(servers_, prefix_, db_, 5400 + static_cast<uint32_t>(::getpid() % 1000));
    config["snapshot.mode"] = "no_data";
    config["tasks.max"] = "1";
    return it::connector_json(name, config);
  }

  void start_cdc(bool schemas, std::vector<std::string> connector_files = {}) {
    port_ = free_port();
    cdc_ = std::make_unique<CdcProcess>(dir_.string(), port_, worker(schemas), std::move(connector_files));
    cdc_->start();
    ASSERT_TRUE(cdc_->wait_ready(std::chrono::seconds(30))) << cdc_->log();
  }

  void register_connector(const std::string& name) {
    auto r = http("POST", port_, "/connectors", connector_json(name));
    ASSERT_EQ(r.status, 201) << r.body;
    std::string trace;
    ASSERT_EQ(wait_task_state(port_, name, "RUNNING", std::chrono::seconds(30), &trace), "RUNNING") << trace;
  }

  // The event value with fields that differ between runs removed.
  std::string stable_value(const std::string& json) {
    auto d = parse(json);
    for (const char* path : {"ts_ms", "ts_us", "ts_ns", "source.version", "source.ts_ms", "source.ts_us",
                             "source.ts_ns", "source.file", "source.pos", "source.gtid", "source.thread",
                             "source.server_id", "source.name", "source.db"}) {
      erase(d, path);
    }
    return to_string(d);
  }

  Servers servers_;
  std::string db_, prefix_;
  std::filesystem::path dir_;
  std::unique_ptr<Sql> sql_;
  std::unique_ptr<CdcProcess> cdc_;
  uint16_t port_ = 0;
};

TEST_F(Streaming, InsertUpdateDeleteBecomeDebeziumEventsAndTombstone) {
  sql_->exec("CREATE TABLE " + db_ +
             ".customers (id INT AUTO_INCREMENT PRIMARY KEY, first_name VARCHAR(255) NOT NULL, "
             "last_name VARCHAR(255) NOT NULL, email VARCHAR(255) NOT NULL UNIQUE) AUTO_INCREMENT=1001");
  start_cdc(false);
  register_connector("customers-connector");
  sql_->exec("INSERT INTO " + db_ + ".customers (first_name, last_name, email) VALUES "
             "('Sally','Thomas','sally.thomas@acme.com'), ('George','Bailey','gbailey@foobar.com')");
  sql_->exec("UPDATE " + db_ + ".customers SET email='sally@example.org' WHERE id=1001");
  sql_->exec("DELETE FROM " + db_ + ".customers WHERE id=1002");

  auto msgs = consume(servers_.kafka_bootstrap, prefix_ + "." + db_ + ".customers", 5, std::chrono::seconds(60),
                      std::chrono::milliseconds(1000));
  ASSERT_EQ(msgs.size(), 5u) << cdc_->log();
  const std::string sally = "{\"id\":1001,\"first_name\":\"Sally\",\"last_name\":\"Thomas\",\"email\":\"sally.thomas@acme.com\"}";
  const std::string sally2 = "{\"id\":1001,\"first_name\":\"Sally\",\"last_name\":\"Thomas\",\"email\":\"sally@example.org\"}";
  const std::string george = "{\"id\":1002,\"first_name\":\"George\",\"last_name\":\"Bailey\",\"email\":\"gbailey@foobar.com\"}";
  auto source = [&](int row) {
    return "\"source\":{\"connector\":\"mysql\",\"snapshot\":\"false\",\"sequence\":null,\"table\":\"customers\","
           "\"row\":" + std::to_string(row) + ",\"query\":null}";
  };
  EXPECT_EQ(*msgs[0].key, "{\"id\":1001}");
  EXPECT_EQ(stable_value(*msgs[0].value),
            "{\"before\":null,\"after\":" + sally + "," + source(0) + ",\"op\":\"c\",\"transaction\":null}");
  EXPECT_EQ(*msgs[1].key, "{\"id\":1002}");
  EXPECT_EQ(stable_value(*msgs[1].value),
            "{\"before\":null,\"after\":" + george + "," + source(1) + ",\"op\":\"c\",\"transaction\":null}");
  EXPECT_EQ(*msgs[2].key, "{\"id\":1001}");
  EXPECT_EQ(stable_value(*msgs[2].value),
            "{\"before\":" + sally + ",\"after\":" + sally2 + "," + source(0) + ",\"op\":\"u\",\"transaction\":null}");
  EXPECT_EQ(*msgs[3].key, "{\"id\":1002}");
  EXPECT_EQ(stable_value(*msgs[3].value),
            "{\"before\":" + george + ",\"after\":null," + source(0) + ",\"op\":\"d\",\"transaction\":null}");
  EXPECT_EQ(*msgs[4].key, "{\"id\":1002}");
  EXPECT_FALSE(msgs[4].value.has_value()) << "a delete is followed by a tombstone";

  // The volatile fields are present and plausible.
  auto d = parse(*msgs[0].value);
  EXPECT_STREQ(d["source"]["name"].GetString(), prefix_.c_str());
  EXPECT_STREQ(d["source"]["db"].GetString(), db_.c_str());
  EXPECT_NE(std::string(d["source"]["file"].GetString()).find("mariadb-bin."), std::string::npos);
  EXPECT_GT(d["source"]["pos"].GetInt64(), 4);
  EXPECT_TRUE(d["source"]["gtid"].IsString()) << "MariaDB GTID expected";
  EXPECT_GT(d["ts_ms"].GetInt64(), d["source"]["ts_ms"].GetInt64() - 1000);
  EXPECT_EQ(d["ts_us"].GetInt64() / 1000, d["ts_ms"].GetInt64());
}

TEST_F(Streaming, SchemasEnabledUsesDebeziumSchemaNames) {
  sql_->exec("CREATE TABLE " + db_ + ".products (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, weight DECIMAL(8,3))");
  start_cdc(true);
  register_connector("products-connector");
  sql_->exec("INSERT INTO " + db_ + ".products VALUES (101, 'scooter', 3.140)");
  auto msgs = consume(servers_.kafka_bootstrap, prefix_ + "." + db_ + ".products", 1, std::chrono::seconds(60));
  ASSERT_EQ(msgs.size(), 1u) << cdc_->log();
  const std::string topic = prefix_ + "." + db_ + ".products";
  EXPECT_EQ(*msgs[0].key, "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,"
                          "\"field\":\"id\"}],\"optional\":false,\"name\":\"" + topic + ".Key\"},\"payload\":{\"id\":101}}");
  auto v = parse(*msgs[0].value);
  ASSERT_TRUE(v.HasMember("schema") && v.HasMember("payload"));
  EXPECT_STREQ(v["schema"]["name"].GetString(), (topic + ".Envelope").c_str());
  const auto& fields = v["schema"]["fields"];
  EXPECT_STREQ(fields[0]["name"].GetString(), (topic + ".Value").c_str());
  EXPECT_STREQ(fields[2]["name"].GetString(), "io.debezium.connector.mysql.Source");
  EXPECT_EQ(to_string(fields[1]["fields"][2]),
            "{\"type\":\"bytes\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,"
            "\"parameters\":{\"scale\":\"3\",\"connect.decimal.precision\":\"8\"},\"field\":\"weight\"}");
  // 3.140 with scale 3 is the unscaled integer 3140 = 0x0C44.
  EXPECT_EQ(to_string(v["payload"]["after"]), "{\"id\":101,\"name\":\"scooter\",\"weight\":\"DEQ=\"}");
}

TEST_F(Streaming, ColumnTypesMapLikeDebezium) {
  sql_->exec("CREATE TABLE " + db_ + ".types (id INT PRIMARY KEY, tiny TINYINT, small_u SMALLINT UNSIGNED, "
             "med MEDIUMINT, i INT, big BIGINT, big_u BIGINT UNSIGNED, dec1 DECIMAL(10,2), dec2 DECIMAL(30,10), "
             "ch CHAR(4), vc VARCHAR(100) CHARACTER SET utf8mb4, txt TEXT, lat VARCHAR(20) CHARACTER SET latin1, "
             "d DATE, dt DATETIME, dt6 DATETIME(6), ts TIMESTAMP(3) NULL, t TIME, y YEAR, e ENUM('a','b'), "
             "bin VARBINARY(8), f FLOAT, dbl DOUBLE, b BIT(1), bits BIT(12), n INT NULL)");
  start_cdc(false);
  register_connector("types-connector");
  sql_->exec("INSERT INTO " + db_ + ".types VALUES (1, -5, 65535, -8388608, 2147483647, -9223372036854775808, "
             "18446744073709551615, -12.50, 12345678901234567890.0123456789, 'ab', 'h\xC3\xA9llo \xE2\x9C\x93', "
             "'long text', 'caf\xC3\xA9', '2018-01-13', '2018-06-20 06:37:03', '2018-06-20 06:37:03.123456', "
             "'2018-06-20 06:37:03.120', '-12:34:56', 2024, 'b', X'0102FF', 1.5, 2.25, b'1', b'101000000001', NULL)");
  auto msgs = consume(servers_.kafka_bootstrap, prefix_ + "." + db_ + ".types", 1, std::chrono::seconds(60));
  ASSERT_EQ(msgs.size(), 1u) << cdc_->log();
  auto v = parse(*msgs[0].value);
  EXPECT_EQ(to_string(v["after"]),
            "{\"id\":1,\"tiny\":-5,\"small_u\":65535,\"med\":-8388608,\"i\":2147483647,"
            "\"big\":-9223372036854775808,\"big_u\":-1,\"dec1\":\"+x4=\",\"dec2\":\"AY7pD/bDc+DuDATVFQ==\","
            "\"ch\":\"ab\",\"vc\":\"h\xC3\xA9llo \xE2\x9C\x93\",\"txt\":\"long text\",\"lat\":\"caf\xC3\xA9\","
            "\"d\":17544,\"dt\":1529476623000,\"dt6\":1529476623123456,\"ts\":\"2018-06-20T06:37:03.120Z\","
            "\"t\":-45296000000,\"y\":2024,\"e\":\"b\",\"bin\":\"AQL/\",\"f\":1.5,\"dbl\":2.25,\"b\":true,"
            "\"bits\":\"AQo=\",\"n\":null}");
}

TEST_F(Streaming, RestartResumesWithoutLossOrDuplicates) {
  sql_->exec("CREATE TABLE " + db_ + ".ledger (id INT PRIMARY KEY, note VARCHAR(64))");
  // Registered from a properties file on the command line, as connect-standalone does.
  std::filesystem::create_directories(dir_);
  const std::string props = (dir_ / "connector.properties").string();
  {
    auto d = parse(connector_json("ledger-connector"));
    std::ofstream out(props);
    out << "name=ledger-connector\n";
    for (auto it = d["config"].MemberBegin(); it != d["config"].MemberEnd(); ++it) {
      out << it->name.GetString() << "=" << it->value.GetString() << "\n";
    }
  }
  start_cdc(false, {props});
  std::string trace;
  ASSERT_EQ(wait_task_state(port_, "ledger-connector", "RUNNING", std::chrono::seconds(30), &trace), "RUNNING") << trace;

  std::atomic<int> next{1};
  auto insert_one = [&](Sql& s) {
    int id = next++;
    s.exec("INSERT INTO " + db_ + ".ledger VALUES (" + std::to_string(id) + ", 'single')");
  };
  for (int i = 0; i < 20; ++i) insert_one(*sql_);
  // A large multi-row statement, so the stop below likely lands inside one rows event.
  std::string bulk = "INSERT INTO " + db_ + ".ledger VALUES ";
  for (int i = 0; i < 3000; ++i) bulk += (i ? ",(" : "(") + std::to_string(next++) + ",'bulk')";
  sql_->exec(bulk);

  // Keep writing while the service stops, and after.
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    Sql s(servers_);
    while (writing.load()) {
      insert_one(s);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(cdc_->stop(), 0) << "clean exit after SIGTERM";
  {
    // The stored offset carries Debezium's keys, with MariaDB's GTID position.
    std::ifstream in(dir_ / "offsets.json");
    std::stringstream text;
    text << in.rdbuf();
    auto stored = parse(text.str());
    ASSERT_TRUE(stored.IsObject() && stored.MemberCount() == 1) << text.str();
    const auto& offset = stored.MemberBegin()->value;
    ASSERT_TRUE(offset.IsObject()) << text.str();
    for (const char* key : {"ts_sec", "file", "pos", "row", "server_id", "event", "gtids"}) {
      EXPECT_TRUE(offset.HasMember(key)) << key << " missing in " << text.str();
    }
    if (offset.HasMember("gtids")) {
      EXPECT_TRUE(std::regex_match(std::string(offset["gtids"].GetString()), std::regex("\\d+-\\d+-\\d+(,\\d+-\\d+-\\d+)*")))
          << offset["gtids"].GetString();
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  writing.store(false);
  writer.join();

  cdc_->start();
  ASSERT_TRUE(cdc_->wait_ready(std::chrono::seconds(30))) << cdc_->log();
  ASSERT_EQ(wait_task_state(port_, "ledger-connector", "RUNNING", std::chrono::seconds(30), &trace), "RUNNING") << trace;
  for (int i = 0; i < 10; ++i) insert_one(*sql_);
  const int total = next.load() - 1;

  auto msgs = consume(servers_.kafka_bootstrap, prefix_ + "." + db_ + ".ledger", static_cast<size_t>(total),
                      std::chrono::seconds(90), std::chrono::milliseconds(2000));
  std::vector<int> ids;
  for (const auto& m : msgs) ids.push_back(parse(*m.key)["id"].GetInt());
  std::vector<int> expected(static_cast<size_t>(total));
  for (int i = 0; i < total; ++i) expected[static_cast<size_t>(i)] = i + 1;
  // Every change exactly once, in commit order: no loss, no duplicate.
  ASSERT_EQ(ids.size(), expected.size()) << cdc_->log();
  EXPECT_EQ(ids, expected);
}

}  // namespace
}  // namespace it
