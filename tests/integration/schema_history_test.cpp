// DDL interleaved with rows, end to end on the real servers, with the service stopped between a
// DDL statement and the rows that follow it. On the servers logging binlog_row_metadata=MINIMAL
// the binlog names no column: every name and ENUM value in the events below comes from our own
// schema history (the initial capture, the DDL parsed from the binlog, recovery on restart).
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "harness.h"

namespace it {
namespace {

struct Target {
  const char* flavor;   // CDC_TEST_<flavor>...
  const char* variant;  // "" = the default server
  const char* label;
};

class SchemaHistoryEndToEnd : public ::testing::TestWithParam<Target> {
 protected:
  void SetUp() override {
    std::string why;
    auto s = server_variant(GetParam().flavor, GetParam().variant, why);
    if (!s) GTEST_SKIP() << why;
    server_ = *s;
    db_ = unique_name("sh_db");
    prefix_ = unique_name("sh");
    dir_ = std::filesystem::temp_directory_path() / unique_name("cdc_sh");
    std::filesystem::create_directories(dir_);
    sql_ = std::make_unique<Sql>(server_.s);
    sql_->exec("SET time_zone = '+00:00'");
    sql_->exec("CREATE DATABASE " + db_ + " CHARACTER SET utf8mb4");
  }

  void TearDown() override {
    if (cdc_ && ::testing::Test::HasFailure()) std::cerr << "---- cdc log ----\n" << cdc_->log() << "\n";
    cdc_.reset();
    if (sql_) sql_->exec("DROP DATABASE IF EXISTS " + db_);
    std::filesystem::remove_all(dir_);
  }

  std::string history_topic() const { return prefix_ + ".history" + history_suffix_; }

  // The connector as a properties file, so that it comes back after a restart.
  std::string write_connector_properties(const std::string& name) {
    auto config = connector_config(server_.s, prefix_, db_, 6400 + (::getpid() % 1000));
    config["schema.history.internal.kafka.topic"] = history_topic();
    return it::write_connector_properties(dir_ / "connector.properties", name, config);
  }

  void start_cdc(const std::string& properties) {
    if (!cdc_) {
      port_ = free_port();
      cdc_ = std::make_unique<CdcProcess>(dir_.string(), port_, worker_config(server_.s, dir_),
                                          std::vector<std::string>{properties});
    }
    cdc_->start();
    ASSERT_TRUE(cdc_->wait_ready(std::chrono::seconds(30))) << cdc_->log();
  }

  void wait_running(const std::string& name) {
    std::string trace;
    ASSERT_EQ(wait_task_state(port_, name, "RUNNING", std::chrono::seconds(60), &trace), "RUNNING")
        << trace << "\n" << cdc_->log();
  }

  // The `after` images (or `before` of deletes) of a table's topic, waiting for `count`.
  std::vector<std::string> images(const std::string& table, size_t count) {
    auto msgs = consume(server_.s.kafka_bootstrap, prefix_ + "." + db_ + "." + table, count,
                        std::chrono::seconds(60), std::chrono::milliseconds(300));
    std::vector<std::string> out;
    for (const auto& m : msgs) {
      if (!m.value) continue;
      auto v = parse(*m.value);
      out.push_back(to_string(v["after"].IsNull() ? v["before"] : v["after"]));
    }
    return out;
  }

  // Stops the service once the offset of everything delivered so far was flushed.
  void stop_after_flush() {
    std::this_thread::sleep_for(std::chrono::milliseconds(800));  // > offset.flush.interval.ms
    ASSERT_EQ(cdc_->stop(), 0) << cdc_->log();
  }

  // Writes raw bytes into a topic, as a damaged or foreign producer would.
  void produce_raw(const std::string& topic, const std::string& payload) {
    std::string err;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    ASSERT_EQ(conf->set("bootstrap.servers", server_.s.kafka_bootstrap, err), RdKafka::Conf::CONF_OK) << err;
    std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf.get(), err));
    ASSERT_TRUE(producer) << err;
    ASSERT_EQ(producer->produce(topic, 0, RdKafka::Producer::RK_MSG_COPY, const_cast<char*>(payload.data()),
                                payload.size(), nullptr, 0, 0, nullptr),
              RdKafka::ERR_NO_ERROR);
    ASSERT_EQ(producer->flush(10000), RdKafka::ERR_NO_ERROR);
  }

  Server server_;
  std::string history_suffix_;
  std::string db_, prefix_;
  std::filesystem::path dir_;
  std::unique_ptr<Sql> sql_;
  std::unique_ptr<CdcProcess> cdc_;
  uint16_t port_ = 0;
};

TEST_P(SchemaHistoryEndToEnd, RowsCarryTheColumnsOfTheirPositionAcrossDdlAndRestarts) {
  const std::string t = db_ + ".t";
  // Created before the connector exists: known only from the initial capture.
  sql_->exec("CREATE TABLE " + t + " (id INT PRIMARY KEY, a VARCHAR(10), size ENUM('S','M','L'))");
  const std::string props = write_connector_properties("sh-connector");
  start_cdc(props);
  wait_running("sh-connector");

  // Running: a CHANGE COLUMN between two rows.
  sql_->exec("INSERT INTO " + t + " VALUES (1, 'x', 'M')");
  sql_->exec("ALTER TABLE " + t + " CHANGE COLUMN a alpha VARCHAR(20)");
  sql_->exec("INSERT INTO " + t + " VALUES (2, 'y', 'L')");
  ASSERT_EQ(images("t", 2).size(), 2u) << cdc_->log();
  stop_after_flush();

  // Stopped: a column added in the middle of the table's traffic, and a row using it.
  sql_->exec("ALTER TABLE " + t + " ADD COLUMN b INT AFTER id");
  sql_->exec("INSERT INTO " + t + " VALUES (3, 30, 'z', 'S')");
  start_cdc(props);
  wait_running("sh-connector");

  // Running again: RENAME COLUMN, an update, RENAME TABLE and a row in the renamed table.
  sql_->exec("ALTER TABLE " + t + " RENAME COLUMN b TO beta");
  sql_->exec("UPDATE " + t + " SET beta = 33 WHERE id = 3");
  sql_->exec("RENAME TABLE " + t + " TO " + db_ + ".t2");
  sql_->exec("INSERT INTO " + db_ + ".t2 VALUES (4, 40, 'w', 'M')");
  ASSERT_EQ(images("t", 4).size(), 4u) << cdc_->log();
  ASSERT_EQ(images("t2", 1).size(), 1u) << cdc_->log();
  stop_after_flush();

  // Stopped: the table dropped and created again with other columns, truncated, reused.
  sql_->exec("DROP TABLE " + db_ + ".t2");
  sql_->exec("CREATE TABLE " + db_ + ".t2 (id INT PRIMARY KEY, born DATE, pick ENUM('p','q'))");
  sql_->exec("INSERT INTO " + db_ + ".t2 VALUES (5, '2020-01-02', 'q')");
  sql_->exec("TRUNCATE TABLE " + db_ + ".t2");
  sql_->exec("INSERT INTO " + db_ + ".t2 VALUES (6, NULL, 'p')");
  start_cdc(props);
  wait_running("sh-connector");

  const auto t_rows = images("t", 4);
  ASSERT_EQ(t_rows.size(), 4u) << cdc_->log();
  EXPECT_EQ(t_rows[0], "{\"id\":1,\"a\":\"x\",\"size\":\"M\"}");
  EXPECT_EQ(t_rows[1], "{\"id\":2,\"alpha\":\"y\",\"size\":\"L\"}");
  EXPECT_EQ(t_rows[2], "{\"id\":3,\"b\":30,\"alpha\":\"z\",\"size\":\"S\"}");
  EXPECT_EQ(t_rows[3], "{\"id\":3,\"beta\":33,\"alpha\":\"z\",\"size\":\"S\"}");
  const auto t2_rows = images("t2", 3);
  ASSERT_EQ(t2_rows.size(), 3u) << cdc_->log();
  EXPECT_EQ(t2_rows[0], "{\"id\":4,\"beta\":40,\"alpha\":\"w\",\"size\":\"M\"}");
  EXPECT_EQ(t2_rows[1], "{\"id\":5,\"born\":18263,\"pick\":\"q\"}");  // 2020-01-02 as days since the epoch
  EXPECT_EQ(t2_rows[2], "{\"id\":6,\"born\":null,\"pick\":\"p\"}");

  // The schema-change topic: the captured CREATE TABLE and every DDL after it, keyed by database.
  auto changes = consume(server_.s.kafka_bootstrap, prefix_, 8, std::chrono::seconds(30), std::chrono::milliseconds(300));
  std::vector<std::string> ddl;
  for (const auto& m : changes) {
    ASSERT_TRUE(m.key && m.value);
    EXPECT_EQ(to_string(parse(*m.key)), "{\"databaseName\":\"" + db_ + "\"}");
    auto v = parse(*m.value);
    EXPECT_EQ(std::string(v["databaseName"].GetString()), db_);
    ASSERT_TRUE(v["tableChanges"].IsArray());
    ddl.push_back(v["ddl"].GetString());
  }
  ASSERT_GE(ddl.size(), 7u) << cdc_->log();
  // Restarts may repeat a change that was not yet acknowledged, never lose one: look for each.
  for (const char* needle : {"CREATE TABLE `t`", "CHANGE COLUMN a alpha", "ADD COLUMN b", "RENAME COLUMN b TO beta",
                             "RENAME TABLE", "DROP TABLE", "born DATE"}) {
    bool found = false;
    for (const auto& d : ddl) found = found || d.find(needle) != std::string::npos;
    EXPECT_TRUE(found) << "no schema change with '" << needle << "'";
  }
}

// What a restart does when the history cannot be trusted: it stops with a message that says
// what is wrong and what to do, and never rebuilds the schemas from today's tables by itself.
class SchemaHistoryFailures : public SchemaHistoryEndToEnd {
 protected:
  // Runs the connector once so that it has an offset and a history.
  void run_once() {
    sql_->exec("CREATE TABLE " + db_ + ".t (id INT PRIMARY KEY)");
    start_cdc(write_connector_properties("sh-fail"));
    wait_running("sh-fail");
    sql_->exec("INSERT INTO " + db_ + ".t VALUES (1)");
    ASSERT_EQ(images("t", 1).size(), 1u) << cdc_->log();
    stop_after_flush();
  }

  std::string failed_trace() {
    std::string trace;
    EXPECT_EQ(wait_task_state(port_, "sh-fail", "FAILED", std::chrono::seconds(60), &trace), "FAILED") << cdc_->log();
    return trace;
  }
};

TEST_P(SchemaHistoryFailures, AMissingHistoryStopsTheTaskWithWhatToDo) {
  run_once();
  history_suffix_ = ".lost";  // the offset stays; the history topic is another, empty one
  start_cdc(write_connector_properties("sh-fail"));
  const std::string trace = failed_trace();
  EXPECT_NE(trace.find("missing or empty"), std::string::npos) << trace;
  EXPECT_NE(trace.find(history_topic()), std::string::npos) << trace;
  EXPECT_NE(trace.find("snapshot.mode=recovery"), std::string::npos) << trace;
}

TEST_P(SchemaHistoryFailures, ACorruptHistoryRecordStopsTheTaskNamingIt) {
  run_once();
  produce_raw(history_topic(), "{\"source\": this is not a history record");
  start_cdc(write_connector_properties("sh-fail"));
  const std::string trace = failed_trace();
  EXPECT_NE(trace.find(history_topic()), std::string::npos) << trace;
  EXPECT_NE(trace.find("offset"), std::string::npos) << trace;
  EXPECT_NE(trace.find("this is not"), std::string::npos) << "the bad text is quoted: " << trace;
}

INSTANTIATE_TEST_SUITE_P(DefaultMariaDb, SchemaHistoryFailures, ::testing::Values(Target{"MARIADB", "", "MariaDB"}),
                         [](const ::testing::TestParamInfo<Target>& p) { return std::string(p.param.label); });

INSTANTIATE_TEST_SUITE_P(Servers, SchemaHistoryEndToEnd,
                         ::testing::Values(Target{"MARIADB", "", "MariaDB"},
                                           Target{"MARIADB", "METADATA_MINIMAL", "MariaDBMinimalMetadata"},
                                           Target{"MYSQL8", "METADATA_MINIMAL", "Mysql8MinimalMetadata"}),
                         [](const ::testing::TestParamInfo<Target>& p) { return std::string(p.param.label); });

}  // namespace
}  // namespace it
