// The schema tracker against a real file history store: statements recorded in order,
// recovery up to an offset, no duplicate records after a restart, unparseable DDL handling.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "schema_tracker.h"

namespace cdc {
namespace {

namespace fs = std::filesystem;

class SchemaTrackerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cdc-schema-tracker-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    config_.name = "c1";
    config_.topic_prefix = "srv";
    config_.history.kind = schema_history::HistoryStoreConfig::Kind::file;
    config_.history.file_path = (dir_ / "history.jsonl").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<SchemaTracker> open_tracker() {
    filter_ = std::make_unique<TableFilter>(config_);
    auto t = std::make_unique<SchemaTracker>(config_, *filter_);
    auto opened = t->open(schema_history::make_history_store(config_.history), {});
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return t;
  }

  static SourceOffset at(uint64_t pos) {
    SourceOffset o;
    o.file = "binlog.000001";
    o.pos = pos;
    return o;
  }

  size_t history_lines() const {
    std::ifstream in(config_.history.file_path);
    size_t n = 0;
    for (std::string line; std::getline(in, line);) n += line.empty() ? 0 : 1;
    return n;
  }

  fs::path dir_;
  ConnectorConfig config_;
  std::unique_ptr<TableFilter> filter_;
};

TEST_F(SchemaTrackerTest, StatementsChangeTheCatalogAndAreRecorded) {
  auto t = open_tracker();
  const uint64_t g0 = t->generation();
  auto c = t->apply("shop", "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))", std::nullopt, at(100), 1000);
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_TRUE(c->has_value());
  EXPECT_EQ((*c)->database, "shop");
  EXPECT_EQ((*c)->table, "items");
  EXPECT_NE((*c)->table_changes_json.find("\"type\":\"CREATE\",\"id\":\"\\\"shop\\\".\\\"items\\\"\""), std::string::npos)
      << (*c)->table_changes_json;
  EXPECT_GT(t->generation(), g0);

  ASSERT_TRUE(t->apply("shop", "ALTER TABLE items ADD COLUMN price DECIMAL(8,2) AFTER id", std::nullopt, at(200), 2000).ok());
  const auto* items = t->find("shop", "items");
  ASSERT_NE(items, nullptr);
  ASSERT_EQ(items->columns.size(), 3u);
  EXPECT_EQ(items->columns[1].name, "price");

  // Statements that change no table are neither recorded nor returned.
  auto other = t->apply("shop", "INSERT INTO items VALUES (1, 2.5, 'x')", std::nullopt, at(300), 3000);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_value());
  EXPECT_EQ(history_lines(), 2u);
}

TEST_F(SchemaTrackerTest, RecoveryStopsAtTheOffsetAndDoesNotRecordTwice) {
  {
    auto t = open_tracker();
    ASSERT_TRUE(t->apply("shop", "CREATE TABLE items (id INT PRIMARY KEY)", std::nullopt, at(100), 1).ok());
    ASSERT_TRUE(t->apply("shop", "ALTER TABLE items ADD COLUMN a INT", std::nullopt, at(200), 2).ok());
    ASSERT_TRUE(t->apply("shop", "ALTER TABLE items ADD COLUMN b INT", std::nullopt, at(300), 3).ok());
    t->close();
  }
  ASSERT_EQ(history_lines(), 3u);

  // The offset was committed after the second statement only.
  auto t = open_tracker();
  auto stats = t->recover(at(200));
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  EXPECT_EQ(stats->records, 3u);
  EXPECT_EQ(stats->applied, 2u);
  EXPECT_EQ(stats->later, 1u);
  ASSERT_NE(t->find("shop", "items"), nullptr);
  EXPECT_EQ(t->find("shop", "items")->columns.size(), 2u) << "the third statement is after the offset";

  // Streaming meets the third statement again: applied, but not recorded a second time.
  ASSERT_TRUE(t->apply("shop", "ALTER TABLE items ADD COLUMN b INT", std::nullopt, at(300), 3).ok());
  EXPECT_EQ(t->find("shop", "items")->columns.size(), 3u);
  EXPECT_EQ(history_lines(), 3u);
  // A new statement is recorded.
  ASSERT_TRUE(t->apply("shop", "ALTER TABLE items DROP COLUMN a", std::nullopt, at(400), 4).ok());
  EXPECT_EQ(history_lines(), 4u);
}

TEST_F(SchemaTrackerTest, UnparseableStatementsStopOrAreSkipped) {
  auto t = open_tracker();
  auto bad = t->apply("shop", "CREATE TABLE broken (id INT,, x)", std::nullopt, at(4242), 1);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("binlog.000001:4242"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("CREATE TABLE broken"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("skip.unparseable.ddl"), std::string::npos) << bad.error().message;

  config_.history_skip_unparseable_ddl = true;
  auto skipped = t->apply("shop", "CREATE TABLE broken (id INT,, x)", std::nullopt, at(4242), 1);
  ASSERT_TRUE(skipped.ok());
  EXPECT_FALSE(skipped->has_value());
  EXPECT_EQ(history_lines(), 0u);
}

TEST_F(SchemaTrackerTest, AnsiQuotesFromTheStatementsSqlMode) {
  auto t = open_tracker();
  auto c = t->apply("shop", "CREATE TABLE \"quoted\" (\"id\" INT)", uint64_t{1} << 2, at(100), 1);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_NE(t->find("shop", "quoted"), nullptr);
}

TEST_F(SchemaTrackerTest, BackslashEscapesFollowTheStatementsSqlMode) {
  auto t = open_tracker();
  // STRICT_TRANS_TABLES (1 << 21), the default, leaves backslash escapes on.
  auto c = t->apply("shop", "CREATE TABLE e (v ENUM('a','c,\\'d'))", uint64_t{1} << 21, at(100), 1);
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_NE(t->find("shop", "e"), nullptr);
  EXPECT_EQ(t->find("shop", "e")->columns[0].enum_values, (std::vector<std::string>{"a", "c,'d"}));
  // NO_BACKSLASH_ESCAPES (1 << 20): a backslash is an ordinary character.
  c = t->apply("shop", "CREATE TABLE f (v ENUM('a\\b'))", uint64_t{1} << 20, at(200), 2);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(t->find("shop", "f")->columns[0].enum_values, (std::vector<std::string>{"a\\b"}));
}

TEST_F(SchemaTrackerTest, OnlyCapturedTablesAreRecordedWhenAsked) {
  config_.history_store_only_captured_tables = true;
  config_.table_include = "shop\\.items";
  auto t = open_tracker();
  ASSERT_TRUE(t->apply("shop", "CREATE TABLE items (id INT)", std::nullopt, at(100), 1).ok());
  auto other = t->apply("shop", "CREATE TABLE other (id INT)", std::nullopt, at(200), 2);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_value());
  EXPECT_NE(t->find("shop", "other"), nullptr) << "the catalog still follows every table";
  EXPECT_EQ(history_lines(), 1u);
}

TEST_F(SchemaTrackerTest, RenameAndDropAreDescribedLikeDebezium) {
  auto t = open_tracker();
  ASSERT_TRUE(t->apply("shop", "CREATE TABLE a (id INT)", std::nullopt, at(100), 1).ok());
  auto renamed = t->apply("shop", "RENAME TABLE a TO b", std::nullopt, at(200), 2);
  ASSERT_TRUE(renamed.ok() && renamed->has_value());
  EXPECT_NE((*renamed)->table_changes_json.find("\"id\":\"\\\"shop\\\".\\\"a\\\",\\\"shop\\\".\\\"b\\\"\""),
            std::string::npos)
      << (*renamed)->table_changes_json;
  auto dropped = t->apply("shop", "DROP TABLE b", std::nullopt, at(300), 3);
  ASSERT_TRUE(dropped.ok() && dropped->has_value());
  EXPECT_NE((*dropped)->table_changes_json.find("\"type\":\"DROP\""), std::string::npos);
  EXPECT_EQ(t->find("shop", "b"), nullptr);
}

TEST_F(SchemaTrackerTest, ASnapshotInTheHistoryReplacesWhatCameBefore) {
  {
    auto t = open_tracker();
    ASSERT_TRUE(t->apply("old", "CREATE TABLE gone (id INT)", std::nullopt, at(100), 1).ok());
    t->close();
  }
  // A connector re-created over the same history: its snapshot records describe everything.
  {
    std::ofstream out(config_.history.file_path, std::ios::app);
    SourceOffset snap = at(50);
    snap.file = "binlog.000002";
    snap.snapshot = true;
    schema_history::HistoryRecord r;
    r.source_json = "{\"server\":\"srv\"}";
    r.position_json = snap.to_json();
    r.database_name = "shop";
    r.ddl = "CREATE TABLE fresh (id INT)";
    r.table_changes_json = "[]";
    out << schema_history::to_json(r) << "\n";
  }
  auto t = open_tracker();
  SourceOffset offset = at(60);
  offset.file = "binlog.000002";
  auto stats = t->recover(offset);
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  EXPECT_EQ(t->find("old", "gone"), nullptr);
  EXPECT_NE(t->find("shop", "fresh"), nullptr);

  // An offset from before that snapshot (offsets restored from a backup) keeps the schema as
  // it was then: a snapshot after the offset replaces nothing.
  auto older = open_tracker();
  stats = older->recover(at(100));
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  EXPECT_NE(older->find("old", "gone"), nullptr);
  EXPECT_EQ(older->find("shop", "fresh"), nullptr);
}

TEST(ComparePositions, FilesOrderByTheirNumber) {
  SourceOffset a, b;
  a.file = "binlog.000009";
  b.file = "binlog.000010";
  EXPECT_LT(compare_positions(a, b), 0);
  b.file = "binlog.1000000";
  EXPECT_LT(compare_positions(a, b), 0);
  b = a;
  b.pos = 10;
  a.pos = 10;
  a.event = 2;
  EXPECT_GT(compare_positions(a, b), 0);
  b.event = 2;
  EXPECT_EQ(compare_positions(a, b), 0);
}

}  // namespace
}  // namespace cdc
