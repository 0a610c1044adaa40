// The REST API of the real `cdc` binary with the real MySQL connector class: bad input is
// answered with Kafka Connect's error shapes, and an unreachable database fails the task
// without taking the worker down.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness.h"

namespace it {
namespace {

class Rest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    auto s = servers(why);
    if (!s) GTEST_SKIP() << why;
    servers_ = *s;
    dir_ = std::filesystem::temp_directory_path() / unique_name("cdc_rest");
    port_ = free_port();
    cdc_ = std::make_unique<CdcProcess>(
        dir_.string(), port_,
        std::map<std::string, std::string>{{"bootstrap.servers", servers_.kafka_bootstrap},
                                           {"offset.storage.file.filename", (dir_ / "offsets.json").string()},
                                           {"key.converter", "org.apache.kafka.connect.json.JsonConverter"},
                                           {"value.converter", "org.apache.kafka.connect.json.JsonConverter"}});
    cdc_->start();
    ASSERT_TRUE(cdc_->wait_ready(std::chrono::seconds(30))) << cdc_->log();
  }

  void TearDown() override {
    if (cdc_ && ::testing::Test::HasFailure()) std::cerr << "---- cdc log ----\n" << cdc_->log() << "\n";
  }

  std::string config(const std::string& extra, const std::string& port) {
    return "{\"connector.class\":\"io.debezium.connector.mysql.MySqlConnector\","
           "\"database.hostname\":\"127.0.0.1\",\"database.port\":\"" + port +
           "\",\"database.user\":\"cdc\",\"database.password\":\"cdc\",\"database.server.id\":\"5999\","
           "\"topic.prefix\":\"rest_it\",\"schema.history.internal.kafka.bootstrap.servers\":\"" +
           servers_.kafka_bootstrap + "\",\"schema.history.internal.kafka.topic\":\"rest_it.history\"" + extra + "}";
  }

  Servers servers_;
  std::filesystem::path dir_;
  uint16_t port_ = 0;
  std::unique_ptr<CdcProcess> cdc_;
};

void expect_error(const HttpResponse& r, int status, const std::string& fragment) {
  EXPECT_EQ(r.status, status) << r.body;
  auto d = parse(r.body);
  ASSERT_TRUE(d.IsObject() && d.HasMember("error_code") && d.HasMember("message")) << r.body;
  EXPECT_EQ(d["error_code"].GetInt(), status);
  EXPECT_NE(std::string(d["message"].GetString()).find(fragment), std::string::npos)
      << "message should mention '" << fragment << "': " << d["message"].GetString();
}

TEST_F(Rest, RootAndPluginsAnswer) {
  auto root = http("GET", port_, "/");
  ASSERT_EQ(root.status, 200);
  EXPECT_TRUE(parse(root.body).HasMember("version"));
  auto plugins = http("GET", port_, "/connector-plugins");
  ASSERT_EQ(plugins.status, 200);
  EXPECT_NE(plugins.body.find("\"io.debezium.connector.mysql.MySqlConnector\""), std::string::npos) << plugins.body;
  EXPECT_NE(plugins.body.find("\"io.debezium.connector.mariadb.MariaDbConnector\""), std::string::npos);
  EXPECT_EQ(http("GET", port_, "/connectors").body, "[]");
}

TEST_F(Rest, BadRegistrationsAreRejectedWithTheReason) {
  expect_error(http("POST", port_, "/connectors", "{\"name\":\"x\",\"config\":{"), 400, "");
  expect_error(http("POST", port_, "/connectors",
                    "{\"name\":\"x\",\"config\":{\"connector.class\":\"com.example.Nope\"}}"),
               400, "com.example.Nope");
  std::string no_host = config("", std::to_string(servers_.mariadb_port));
  no_host.replace(no_host.find("\"database.hostname\":\"127.0.0.1\","), 32, "");
  expect_error(http("POST", port_, "/connectors", "{\"name\":\"x\",\"config\":" + no_host + "}"), 400,
               "database.hostname");
  expect_error(http("POST", port_, "/connectors",
                    "{\"name\":\"x\",\"config\":" + config(",\"database.port\":\"abc\"", "1") + "}"),
               400, "database.port");
  // Nothing was registered by the failed attempts.
  EXPECT_EQ(http("GET", port_, "/connectors").body, "[]");
  expect_error(http("GET", port_, "/connectors/x/status"), 404, "x");
}

TEST_F(Rest, UnknownDebeziumKeysAreAcceptedAndDuplicatesConflict) {
  const std::string body = "{\"name\":\"dup\",\"config\":" +
                           config(",\"schema.history.internal.kafka.topic\":\"schema-changes\"", "1") + "}";
  auto created = http("POST", port_, "/connectors", body);
  ASSERT_EQ(created.status, 201) << created.body;
  auto d = parse(created.body);
  EXPECT_STREQ(d["name"].GetString(), "dup");
  EXPECT_STREQ(d["config"]["schema.history.internal.kafka.topic"].GetString(), "schema-changes");
  expect_error(http("POST", port_, "/connectors", body), 409, "dup");
  EXPECT_EQ(http("DELETE", port_, "/connectors/dup").status, 204);
  expect_error(http("GET", port_, "/connectors/dup"), 404, "dup");
}

TEST_F(Rest, UnreachableDatabaseFailsTheTaskAndRestStaysUp) {
  // Port 1 on loopback: nothing listens there.
  auto created = http("POST", port_, "/connectors", "{\"name\":\"down\",\"config\":" + config("", "1") + "}");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string trace;
  EXPECT_EQ(wait_task_state(port_, "down", "FAILED", std::chrono::seconds(30), &trace), "FAILED");
  EXPECT_NE(trace.find("127.0.0.1:1"), std::string::npos) << trace;
  EXPECT_EQ(http("GET", port_, "/").status, 200) << "the worker keeps answering";
  EXPECT_EQ(http("GET", port_, "/connectors").body, "[\"down\"]");
}

TEST_F(Rest, MisconfiguredServerIsReportedPrecisely) {
  // A real server, wrong credentials: the reason names the access problem.
  const std::string cfg = config("", std::to_string(servers_.mariadb_port));
  std::string bad = cfg;
  bad.replace(bad.find("\"database.password\":\"cdc\""), 25, "\"database.password\":\"wrong\"");
  auto created = http("POST", port_, "/connectors", "{\"name\":\"badpw\",\"config\":" + bad + "}");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string trace;
  EXPECT_EQ(wait_task_state(port_, "badpw", "FAILED", std::chrono::seconds(30), &trace), "FAILED");
  EXPECT_NE(trace.find("Access denied"), std::string::npos) << trace;
}

}  // namespace
}  // namespace it
