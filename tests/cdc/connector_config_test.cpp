#include <gtest/gtest.h>

#include "connector_config.h"

namespace cdc {
namespace {

connect_runtime::ConfigMap valid() {
  return {{"name", "inventory-connector"},
          {"connector.class", "io.debezium.connector.mysql.MySqlConnector"},
          {"database.hostname", "127.0.0.1"},
          {"database.port", "3306"},
          {"database.user", "cdc"},
          {"database.password", "cdc"},
          {"database.server.id", "184054"},
          {"topic.prefix", "dbserver1"},
          {"schema.history.internal.kafka.bootstrap.servers", "kafka:9092"},
          {"schema.history.internal.kafka.topic", "schema-changes.inventory"},
          {"snapshot.mode", "never"}};
}

std::vector<std::string> keys(const std::vector<connect_runtime::ConfigIssue>& issues) {
  std::vector<std::string> out;
  for (const auto& i : issues) out.push_back(i.key);
  return out;
}

TEST(ConnectorConfig, AcceptsDebeziumConfiguration) {
  std::vector<connect_runtime::ConfigIssue> issues;
  std::vector<std::string> warnings;
  auto c = ConnectorConfig::parse(valid(), issues, warnings);
  EXPECT_TRUE(issues.empty());
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(c.hostname, "127.0.0.1");
  EXPECT_EQ(c.port, 3306);
  EXPECT_EQ(c.server_id, 184054u);
  EXPECT_EQ(c.topic_prefix, "dbserver1");
  EXPECT_EQ(c.flavor, "mysql");
  EXPECT_TRUE(c.tombstones_on_delete);
  EXPECT_EQ(c.history.kind, schema_history::HistoryStoreConfig::Kind::kafka);
  EXPECT_EQ(c.history.kafka_topic, "schema-changes.inventory");
  EXPECT_EQ(c.history.kafka_bootstrap, "kafka:9092");
  EXPECT_EQ(c.history.client_id, "inventory-connector-schemahistory");
  EXPECT_TRUE(c.include_schema_changes);
  EXPECT_FALSE(c.history_skip_unparseable_ddl);
  EXPECT_FALSE(c.history_store_only_captured_tables);
}

TEST(ConnectorConfig, SchemaHistorySettings) {
  auto m = valid();
  m["schema.history.internal.skip.unparseable.ddl"] = "true";
  m["schema.history.internal.store.only.captured.tables.ddl"] = "true";
  m["schema.history.internal.producer.linger.ms"] = "5";
  m["schema.history.internal.consumer.fetch.min.bytes"] = "1";
  m["schema.history.internal.kafka.recovery.attempts"] = "7";
  m["include.schema.changes"] = "false";
  std::vector<connect_runtime::ConfigIssue> issues;
  std::vector<std::string> warnings;
  auto c = ConnectorConfig::parse(m, issues, warnings);
  EXPECT_TRUE(issues.empty());
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  EXPECT_TRUE(c.history_skip_unparseable_ddl);
  EXPECT_TRUE(c.history_store_only_captured_tables);
  EXPECT_FALSE(c.include_schema_changes);
  EXPECT_EQ(c.history.recovery_attempts, 7);
  EXPECT_EQ(c.history.producer_overrides, (std::map<std::string, std::string>{{"linger.ms", "5"}}));
  EXPECT_EQ(c.history.consumer_overrides, (std::map<std::string, std::string>{{"fetch.min.bytes", "1"}}));

  // Debezium's file store needs its file; an unknown store class is named.
  m = valid();
  m["schema.history.internal"] = "io.debezium.storage.file.history.FileSchemaHistory";
  issues.clear();
  ConnectorConfig::parse(m, issues, warnings);
  EXPECT_EQ(keys(issues), std::vector<std::string>{"schema.history.internal.file.filename"});
  m["schema.history.internal"] = "com.example.Elsewhere";
  issues.clear();
  ConnectorConfig::parse(m, issues, warnings);
  ASSERT_EQ(keys(issues), std::vector<std::string>{"schema.history.internal"});
  EXPECT_NE(issues[0].message.find("com.example.Elsewhere"), std::string::npos);
}

TEST(ConnectorConfig, MariaDbClassSelectsMariaDbFlavor) {
  auto m = valid();
  m["connector.class"] = "io.debezium.connector.mariadb.MariaDbConnector";
  std::vector<connect_runtime::ConfigIssue> issues;
  std::vector<std::string> warnings;
  EXPECT_EQ(ConnectorConfig::parse(m, issues, warnings).flavor, "mariadb");
}

TEST(ConnectorConfig, MissingRequiredKeysAreNamed) {
  for (const char* key : {"database.hostname", "database.user", "database.server.id", "topic.prefix",
                          "schema.history.internal.kafka.topic", "schema.history.internal.kafka.bootstrap.servers"}) {
    auto m = valid();
    m.erase(key);
    std::vector<connect_runtime::ConfigIssue> issues;
    std::vector<std::string> warnings;
    ConnectorConfig::parse(m, issues, warnings);
    ASSERT_EQ(keys(issues), std::vector<std::string>{key}) << key;
    EXPECT_NE(issues[0].message.find(key), std::string::npos) << issues[0].message;
  }
}

TEST(ConnectorConfig, WrongValuesAreNamed) {
  struct Case {
    const char* key;
    const char* value;
  } cases[] = {{"database.port", "abc"},        {"database.port", "70000"},
               {"database.server.id", "-4"},    {"tombstones.on.delete", "maybe"},
               {"decimal.handling.mode", "big"}, {"topic.prefix", "bad prefix!"},
               {"table.include.list", "inv.(unclosed"}, {"snapshot.mode", "sometimes"},
               {"database.ssl.mode", "verify_identity"}};
  for (const auto& c : cases) {
    auto m = valid();
    m[c.key] = c.value;
    std::vector<connect_runtime::ConfigIssue> issues;
    std::vector<std::string> warnings;
    ConnectorConfig::parse(m, issues, warnings);
    ASSERT_EQ(keys(issues), std::vector<std::string>{c.key}) << c.key << "=" << c.value;
    EXPECT_NE(issues[0].message.find(c.value), std::string::npos) << issues[0].message;
  }
}

TEST(ConnectorConfig, IncludeAndExcludeTogetherIsAnError) {
  auto m = valid();
  m["table.include.list"] = "inventory.a";
  m["table.exclude.list"] = "inventory.b";
  std::vector<connect_runtime::ConfigIssue> issues;
  std::vector<std::string> warnings;
  ConnectorConfig::parse(m, issues, warnings);
  EXPECT_EQ(keys(issues), std::vector<std::string>{"table.exclude.list"});
}

TEST(ConnectorConfig, UnknownKeysAreWarningsNotErrors) {
  auto m = valid();
  m["some.future.option"] = "x";
  std::vector<connect_runtime::ConfigIssue> issues;
  std::vector<std::string> warnings;
  ConnectorConfig::parse(m, issues, warnings);
  EXPECT_TRUE(issues.empty());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("'some.future.option'"), std::string::npos) << warnings[0];
}

}  // namespace
}  // namespace cdc
