// Debezium's own DDL-parser expectations (assets/ddl-and-cdc-debezium/EXPECTED.md, section A):
// the number of tables after parsing whole files of connector-binlog-ddl/, and a few column
// lists.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "test_support.h"

namespace schema_history {
namespace {

namespace fs = std::filesystem;

fs::path ddl_dir() { return test::assets_dir() / "ddl-and-cdc-debezium" / "connector-binlog-ddl"; }

// Parses the file statement by statement (whole-file rules, as Debezium reads these files) and
// applies it; every statement must parse.
void load(Catalog& catalog, const std::string& file) {
  const std::string text = test::read_text(ddl_dir() / file);
  ParserOptions options;
  StatementSplitter splitter(SplitMode::script, options);
  DdlParser parser(options);
  std::string database = "db";  // Debezium's test parses without a default database
  for (const auto& s : splitter.split(text)) {
    auto st = parser.parse(s.text, s.line, s.column);
    ASSERT_TRUE(st.ok()) << file << ":" << s.line << ": " << st.error().message;
    auto applied = catalog.apply(*st, database);
    ASSERT_TRUE(applied.ok()) << file << ":" << s.line << ": " << applied.error().message;
    if (st->kind == StatementKind::use_database) database = std::get<UseDatabase>(st->body).name;
  }
}

class DebeziumDdlFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(ddl_dir())) GTEST_SKIP() << "conformance assets not found at " << ddl_dir();
  }
};

struct Expectation {
  const char* file;
  size_t tables;
};

TEST_F(DebeziumDdlFiles, TableCounts) {
  const Expectation expectations[] = {
      {"mysql-test-create.ddl", 57},   {"mysql-test-statements.ddl", 6},
      {"mysql-test-init-5.6.ddl", 85}, {"mysql-test-init-5.7.ddl", 123},
      {"mysql-ticketmonster-liquibase.ddl", 7}, {"mysql-quoted.ddl", 4},
      {"mysql-integration.ddl", 10},   {"mysql-dbz-106.ddl", 1},
      {"mysql-dbz-123.ddl", 1},        {"mysql-dbz-142.ddl", 2},
      {"mysql-dbz-162.ddl", 1},        {"mysql-dbz-176.ddl", 0},
      {"mysql-dbz-193.ddl", 1},        {"mysql-dbz-198a.ddl", 0},
      {"mysql-dbz-198b.ddl", 0},       {"mysql-dbz-198c.ddl", 0},
      {"mysql-dbz-198d.ddl", 0},       {"mysql-dbz-198e.ddl", 0},
      {"mysql-dbz-198f.ddl", 0},       {"mysql-dbz-198g.ddl", 0},
      {"mysql-dbz-198h.ddl", 0},       {"mysql-dbz-198i.ddl", 3},
      {"mysql-dbz-198j.ddl", 1},       {"mysql-dbz-200.ddl", 1},
      {"mysql-dbz-415a.ddl", 0},       {"mysql-dbz-415b.ddl", 0},
      {"mysql-dbz-437.ddl", 0},
  };
  for (const auto& e : expectations) {
    if (!fs::exists(ddl_dir() / e.file)) continue;
    Catalog catalog;
    load(catalog, e.file);
    EXPECT_EQ(catalog.table_count(), e.tables) << e.file;
  }
}

TEST_F(DebeziumDdlFiles, Dbz193Columns) {
  Catalog catalog;
  load(catalog, "mysql-dbz-193.ddl");
  ASSERT_EQ(catalog.tables().size(), 1u);
  const Table& t = *catalog.tables()[0];
  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"id", "name", "context", "organization_id",
                                             "client_id", "scope_action_ids"}));
  EXPECT_EQ(t.primary_key_columns(), std::vector<std::string>{"id"});
}

TEST_F(DebeziumDdlFiles, Dbz200ColumnOrder) {
  Catalog catalog;
  load(catalog, "mysql-dbz-200.ddl");
  ASSERT_EQ(catalog.tables().size(), 1u);
  const Table& t = *catalog.tables()[0];
  ASSERT_GE(t.columns.size(), 5u);
  EXPECT_EQ(t.columns[0].name, "ENCODEDKEY");
  EXPECT_EQ(t.columns[1].name, "ID");
  EXPECT_EQ(t.columns[2].name, "CREATIONDATE");
  EXPECT_EQ(t.columns[3].name, "LASTMODIFIEDDATE");
  EXPECT_EQ(t.columns[4].name, "DATATYPE");
}

TEST_F(DebeziumDdlFiles, DecimalIssueKeepsPrecisionAndScale) {
  Catalog catalog;
  load(catalog, "mysql-decimal-issue.ddl");
  size_t decimals = 0;
  for (const Table* t : catalog.tables()) {
    for (const auto& c : t->columns) {
      if (c.type_name != "DECIMAL") continue;
      ++decimals;
      EXPECT_TRUE(c.length.has_value()) << c.name;
      EXPECT_TRUE(c.scale.has_value()) << c.name;
    }
  }
  EXPECT_GT(decimals, 0u);
}

// BinlogEnumColumnIT: the ENUM members after the ALTER (Debezium's schema parameter
// "station,post_office,plane,ahihi_dongok,now,test,a\,b,c\,'d,g\,'h" lists them with commas
// escaped).
TEST_F(DebeziumDdlFiles, EnumMembersAfterAlter) {
  Catalog catalog;
  load(catalog, "enum_column_test.sql");
  const Table* t = catalog.find("db", "test_stations_10");
  ASSERT_NE(t, nullptr);
  const Column* type = t->find_column("type");
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(type->enum_values,
            (std::vector<std::string>{"station", "post_office", "plane", "ahihi_dongok", "now",
                                      "test", "a,b", "c,'d", "g,'h"}));
  EXPECT_EQ(type->charset, "utf8");
  EXPECT_EQ(type->collation, "utf8_unicode_ci");
  EXPECT_FALSE(type->nullable);
  EXPECT_EQ(type->default_value, "station");
}

// Every file of the connector test folders parses (schema_history for the streaming tests).
TEST_F(DebeziumDdlFiles, EveryConnectorScriptParses) {
  for (const char* sub : {"connector-binlog-ddl", "connector-mysql-ddl", "connector-mariadb-ddl"}) {
    const fs::path dir = test::assets_dir() / "ddl-and-cdc-debezium" / sub;
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (!e.is_regular_file()) continue;
      // Debezium's test harness drops lines that start with "--" before running these files
      // (some use "--- text", which is not a comment to the server).
      std::string text;
      {
        std::istringstream in(test::read_text(e.path()));
        std::string l;
        while (std::getline(in, l)) text += (l.rfind("--", 0) == 0 ? std::string() : l) + "\n";
      }
      ParserOptions options;
      options.dialect = std::string(sub).find("mariadb") != std::string::npos ? Dialect::mariadb
                                                                                : Dialect::mysql;
      DdlParser parser(options);
      for (const auto& s : StatementSplitter(SplitMode::script, options).split(text)) {
        auto st = parser.parse(s.text, s.line, s.column);
        EXPECT_TRUE(st.ok()) << sub << "/" << e.path().filename().string() << ":" << s.line
                             << ": " << st.error().message;
      }
    }
  }
}

}  // namespace
}  // namespace schema_history
