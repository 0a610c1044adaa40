// The file store (Debezium's FileSchemaHistory: one JSON record per line, fsync'ed appends,
// torn last lines reported), the memory store, the factory and the Kafka store's settings checks
// that need no broker.
#include "schema_history/history_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace schema_history {
namespace {

namespace fs = std::filesystem;

HistoryRecord record(int i) {
  HistoryRecord r;
  r.source_json = R"({"server":"dbserver1"})";
  r.position_json = R"({"file":"mysql-bin.000001","pos":)" + std::to_string(1000 + i) + "}";
  r.ts_ms = 1700000000000 + i;
  r.database_name = "db";
  r.ddl = "CREATE TABLE t" + std::to_string(i) + " (id INT)";
  r.table_changes_json = "[]";
  return r;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

std::vector<HistoryRecord> recover_all(HistoryStore& store, cdc::Result<void>* result = nullptr) {
  std::vector<HistoryRecord> out;
  auto r = store.recover([&](HistoryRecord&& rec) -> cdc::Result<void> {
    out.push_back(std::move(rec));
    return cdc::ok();
  });
  if (result != nullptr) {
    *result = r;
  } else {
    EXPECT_TRUE(r.ok()) << r.error().message;
  }
  return out;
}

class FileHistoryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    dir_ = fs::temp_directory_path() /
           ("cdc-history-test-" + std::to_string(::getpid()) + "-" + std::to_string(now));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::unique_ptr<HistoryStore> store(const fs::path& path) {
    HistoryStoreConfig c;
    c.kind = HistoryStoreConfig::Kind::file;
    c.file_path = path.string();
    return make_history_store(c);
  }
  fs::path dir_;
};

TEST_F(FileHistoryStoreTest, MissingFileDoesNotExistAndRecoversNothing) {
  auto s = store(dir_ / "history.dat");
  auto e = s->exists();
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_FALSE(*e);
  EXPECT_TRUE(recover_all(*s).empty());
  EXPECT_FALSE(fs::exists(dir_ / "history.dat"));  // asking does not create it
}

TEST_F(FileHistoryStoreTest, StartCreatesFileAndDirectoriesButItHoldsNoRecord) {
  const fs::path path = dir_ / "a" / "b" / "history.dat";
  auto s = store(path);
  ASSERT_TRUE(s->start().ok());
  EXPECT_TRUE(fs::exists(path));
  EXPECT_EQ(fs::file_size(path), 0U);
  auto e = s->exists();
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(*e);
  EXPECT_TRUE(s->start().ok());  // twice is fine
  EXPECT_EQ(s->describe(), "file " + path.string());
}

TEST_F(FileHistoryStoreTest, AppendThenRecoverInOrderFromANewStore) {
  const fs::path path = dir_ / "history.dat";
  {
    auto s = store(path);
    ASSERT_TRUE(s->start().ok());
    for (int i = 0; i < 200; ++i) {
      auto r = s->append(record(i));
      ASSERT_TRUE(r.ok()) << r.error().message;
    }
    s->stop();
  }
  // One JSON record per line, in append order, each line exactly to_json().
  std::string expected;
  for (int i = 0; i < 200; ++i) expected += to_json(record(i)) + "\n";
  EXPECT_EQ(slurp(path), expected);

  auto s2 = store(path);
  auto e = s2->exists();
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(*e);
  const auto got = recover_all(*s2);
  ASSERT_EQ(got.size(), 200U);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(got[static_cast<size_t>(i)], record(i)) << i;
}

TEST_F(FileHistoryStoreTest, AppendIsOnDiskWhenItReturns) {
  const fs::path path = dir_ / "history.dat";
  auto s = store(path);
  ASSERT_TRUE(s->start().ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(s->append(record(i)).ok());
    // Another reader sees every record appended so far, complete, before the next append.
    auto reader = store(path);
    const auto got = recover_all(*reader);
    ASSERT_EQ(got.size(), static_cast<size_t>(i + 1));
    EXPECT_EQ(got.back(), record(i));
  }
  // Appending goes on after a restart, after what is there.
  s->stop();
  auto s2 = store(path);
  ASSERT_TRUE(s2->start().ok());
  ASSERT_TRUE(s2->append(record(3)).ok());
  EXPECT_EQ(recover_all(*s2).size(), 4U);
}

TEST_F(FileHistoryStoreTest, AppendBeforeStartOrAfterStopFails) {
  auto s = store(dir_ / "history.dat");
  auto r = s->append(record(0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, HistoryErrc::not_started);
  EXPECT_NE(r.error().message.find("history.dat"), std::string::npos);
  ASSERT_TRUE(s->start().ok());
  s->stop();
  EXPECT_FALSE(s->append(record(0)).ok());
}

TEST_F(FileHistoryStoreTest, TornLastLineIsReportedWithItsLineNumber) {
  const fs::path path = dir_ / "history.dat";
  const std::string full = to_json(record(2));
  const std::string content =
      to_json(record(0)) + "\n" + to_json(record(1)) + "\n" + full.substr(0, 50);
  write_file(path, content);

  auto s = store(path);
  cdc::Result<void> result;
  const auto got = recover_all(*s, &result);
  EXPECT_EQ(got.size(), 2U);  // the complete records came first
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, HistoryErrc::corrupt_record);
  const std::string& m = result.error().message;
  EXPECT_NE(m.find(path.string()), std::string::npos) << m;
  EXPECT_NE(m.find("line 3 is incomplete"), std::string::npos) << m;
  EXPECT_NE(m.find("starts with '" + full.substr(0, 50) + "'"), std::string::npos) << m;

  // start() refuses to append after it (the next record would be glued to it).
  auto st = s->start();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, HistoryErrc::corrupt_record);
  EXPECT_NE(st.error().message.find("line 3 is incomplete"), std::string::npos)
      << st.error().message;
  EXPECT_EQ(slurp(path), content);  // untouched

  // Even a complete-looking JSON object without its line break is a torn line.
  write_file(path, to_json(record(0)));
  const auto got2 = recover_all(*s, &result);
  EXPECT_TRUE(got2.empty());
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("line 1 is incomplete"), std::string::npos)
      << result.error().message;
}

TEST_F(FileHistoryStoreTest, CorruptLineIsReportedWithLineNumberAndText) {
  const fs::path path = dir_ / "history.dat";
  write_file(path, to_json(record(0)) + "\n\ngarbage here\n" + to_json(record(1)) + "\n");
  auto s = store(path);
  cdc::Result<void> result;
  const auto got = recover_all(*s, &result);
  EXPECT_EQ(got.size(), 1U);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, HistoryErrc::corrupt_record);
  EXPECT_EQ(result.error().message, "Schema history file " + path.string() +
                                        " line 3: schema history record is not valid JSON: Invalid "
                                        "value. (at byte offset 0); the line "
                                        "starts with 'garbage here'");

  write_file(path, to_json(record(0)) + "\n" + R"({"source":{},"position":{}})" + "\n");
  recover_all(*s, &result);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("line 2: schema history record has no \"ddl\""),
            std::string::npos)
      << result.error().message;
}

TEST_F(FileHistoryStoreTest, BlankLinesAndCrLfAreAccepted) {
  const fs::path path = dir_ / "history.dat";
  write_file(path, "\n" + to_json(record(0)) + "\r\n   \n" + to_json(record(1)) + "\n\n  ");
  auto s = store(path);
  const auto got = recover_all(*s);
  ASSERT_EQ(got.size(), 2U);
  EXPECT_EQ(got[1], record(1));
  ASSERT_TRUE(s->start().ok());  // a blank unterminated tail is not a torn record
  auto e = s->exists();
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(*e);

  write_file(path, "\n  \n");
  e = s->exists();
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(*e);
}

TEST_F(FileHistoryStoreTest, ErrorFromCallbackStopsRecoveryAsIs) {
  const fs::path path = dir_ / "history.dat";
  auto s = store(path);
  ASSERT_TRUE(s->start().ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(s->append(record(i)).ok());
  int calls = 0;
  auto r = s->recover([&](HistoryRecord&&) -> cdc::Result<void> {
    if (++calls == 2)
      return cdc::Error{std::make_error_code(std::errc::invalid_argument), "stop here"};
    return cdc::ok();
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(r.error().message, "stop here");
  EXPECT_EQ(r.error().code, std::make_error_code(std::errc::invalid_argument));
}

TEST_F(FileHistoryStoreTest, RecoveryReadsOnlyWhatWasThereWhenItBegan) {
  const fs::path path = dir_ / "history.dat";
  auto s = store(path);
  ASSERT_TRUE(s->start().ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(s->append(record(i)).ok());
  int calls = 0;
  auto r = s->recover([&](HistoryRecord&&) -> cdc::Result<void> {
    ++calls;
    return s->append(record(100 + calls));
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(recover_all(*s).size(), 6U);
}

TEST_F(FileHistoryStoreTest, ErrorsNameTheFile) {
  auto no_name = store("");
  auto r = no_name->start();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, HistoryErrc::invalid_config);
  EXPECT_NE(r.error().message.find("schema.history.internal.file.filename"), std::string::npos);

  // A directory where the file should be.
  fs::create_directories(dir_ / "adir");
  auto on_dir = store(dir_ / "adir");
  r = on_dir->start();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, HistoryErrc::io_error);
  EXPECT_NE(r.error().message.find((dir_ / "adir").string()), std::string::npos)
      << r.error().message;

  // A parent that is a file.
  write_file(dir_ / "plain", "x");
  auto under_file = store(dir_ / "plain" / "history.dat");
  r = under_file->start();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, HistoryErrc::io_error);
  EXPECT_NE(r.error().message.find((dir_ / "plain" / "history.dat").string()), std::string::npos)
      << r.error().message;
}

TEST(MemoryHistoryStore, AppendRecoverExists) {
  HistoryStoreConfig c;
  c.kind = HistoryStoreConfig::Kind::memory;
  auto s = make_history_store(c);
  EXPECT_EQ(s->describe(), "in-memory schema history");
  EXPECT_FALSE(s->append(record(0)).ok());  // not started
  ASSERT_TRUE(s->start().ok());
  auto e = s->exists();
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(*e);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(s->append(record(i)).ok());
  e = s->exists();
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(*e);
  // The callback may append (it must not deadlock) and does not see its own records.
  int calls = 0;
  auto r = s->recover([&](HistoryRecord&& rec) -> cdc::Result<void> {
    EXPECT_EQ(rec, record(calls));
    ++calls;
    return s->append(record(100));
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(calls, 10);
  EXPECT_EQ(recover_all(*s).size(), 20U);
}

TEST(HistoryStoreFactory, DescribesEachKind) {
  HistoryStoreConfig c;
  c.kafka_topic = "schema-changes.inventory";
  c.kafka_bootstrap = "127.0.0.1:19092";
  EXPECT_EQ(make_history_store(c)->describe(),
            "Kafka topic schema-changes.inventory at 127.0.0.1:19092");
  c.kind = HistoryStoreConfig::Kind::file;
  c.file_path = "/tmp/x.dat";
  EXPECT_EQ(make_history_store(c)->describe(), "file /tmp/x.dat");
}

// Settings are checked before anything is sent, so these need no broker.
TEST(KafkaHistoryStoreSettings, MissingAndInvalidSettingsNameTheKey) {
  HistoryStoreConfig c;
  c.kafka_bootstrap = "127.0.0.1:1";
  auto r = make_history_store(c)->start();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, HistoryErrc::invalid_config);
  EXPECT_NE(r.error().message.find("schema.history.internal.kafka.topic"), std::string::npos);

  c.kafka_topic = "t";
  c.kafka_bootstrap.clear();
  r = make_history_store(c)->start();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("schema.history.internal.kafka.bootstrap.servers"),
            std::string::npos);

  c.kafka_bootstrap = "127.0.0.1:1";
  std::vector<std::string> logged;
  c.log = [&](HistoryLogLevel, const std::string& m) { logged.push_back(m); };
  c.producer_overrides = {
      {"key.serializer", "org.apache.kafka.common.serialization.StringSerializer"},
      {"acks", "sometimes"}};
  r = make_history_store(c)->start();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, HistoryErrc::invalid_config);
  EXPECT_NE(r.error().message.find("schema.history.internal.producer.acks"), std::string::npos)
      << r.error().message;

  // Java-only keys (Debezium users copy them over) are skipped with a warning.
  c.producer_overrides = {
      {"key.serializer", "org.apache.kafka.common.serialization.StringSerializer"}};
  c.query_timeout = std::chrono::milliseconds(300);
  r = make_history_store(c)->start();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, HistoryErrc::kafka_error);  // nothing listens on port 1
  bool ignored = false;
  for (const auto& m : logged) {
    ignored =
        ignored ||
        m == "Ignoring schema.history.internal.producer.key.serializer: not a librdkafka setting";
  }
  EXPECT_TRUE(ignored);

  c.producer_overrides.clear();
  c.consumer_overrides = {{"session.timeout.ms", "not-a-number"}};
  r = make_history_store(c)->start();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("schema.history.internal.consumer.session.timeout.ms"),
            std::string::npos)
      << r.error().message;
}

TEST(KafkaHistoryStoreSettings, AppendBeforeStartFails) {
  HistoryStoreConfig c;
  c.kafka_topic = "t";
  c.kafka_bootstrap = "127.0.0.1:1";
  auto r = make_history_store(c)->append(record(0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, HistoryErrc::not_started);
}

}  // namespace
}  // namespace schema_history
