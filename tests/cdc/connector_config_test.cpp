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
}

TEST(ConnectorConfig, MariaDbClassSelectsMariaDbFlavor) {
  auto m = valid();
  m["connector.class"] = "io.debezium.connector.mariadb.MariaDbConnector";
  std::vector<connect_runtime::ConfigIssue> issues;
  std::vector<std::string> warnings;
  EXPECT_EQ(ConnectorConfig::parse(m, issues, warnings).flavor, "mariadb");
}

TEST(ConnectorConfig, MissingRequiredKeysAreNamed) {
  for (const char* key : {"database.hostname", "database.user", "database.server.id", "topic.prefix"}) {
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
  m["schema.history.internal.kafka.topic"] = "schema-changes.inventory";
  m["some.future.option"] = "x";
  std::vector<connect_runtime::ConfigIssue> issues;
  std::vector<std::string> warnings;
  ConnectorConfig::parse(m, issues, warnings);
  EXPECT_TRUE(issues.empty());
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("'schema.history.internal.kafka.topic'"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("'some.future.option'"), std::string::npos) << warnings[1];
}

}  // namespace
}  // namespace cdc
