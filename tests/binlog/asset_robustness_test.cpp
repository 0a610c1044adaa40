// Robustness over real events: for a sample of events of the asset binlogs (up to 1 KiB each),
// every prefix, shortened event and byte flip decodes or fails cleanly.
#include <map>

#include "binlog/file_reader.h"
#include "robustness.h"

namespace binlog::test {
namespace {

const char* const kFiles[] = {
    "binlog-rust_mysql_common/mysql-enum-string-set.000001",
    "binlog-rust_mysql_common/json.binlog.000001",
    "binlog-rust_mysql_common/vector.binlog",
    "binlog-rust_mysql_common/mariadb-bin.000001",
    "binlog-rust_mysql_common/binlog-invisible-columns.000001",
    "binlog-rust_mysql_common/minimal_row_metadata.000001",
    "binlog-rust_mysql_common/time_issue.000001",
    "binlog-rust_mysql_common/binlog_transaction_with_GTID_TAG.000001",
    "binlog-rust_mysql_common/ver_trunk_row_v2.001",
    "binlog-canal/tsdb/mysql-bin.000003",
    "binlog-mysql-binlog-connector-java/mysql-bin.checksum-crc32",
    "binlog-mariadb-operator-poc/domain_id_1/mariadb-repl-bin.000002",
    "binlog-easypost-rust-mysql-binlog/bin-log.000001",
};

TEST(AssetRobustness, MutatedRealEvents) {
  size_t files = 0, events = 0;
  for (const char* rel : kFiles) {
    const auto path = assets_dir() / rel;
    if (!std::filesystem::exists(path)) continue;
    ++files;
    SCOPED_TRACE(rel);
    auto reader = BinlogFileReader::from_bytes(read_file(path), rel);
    ASSERT_TRUE(reader.ok());
    EventDecoder d;
    std::map<uint8_t, size_t> per_type;  // at most 4 events of each type per file
    while (true) {
      auto next = reader->next();
      ASSERT_TRUE(next.ok()) << next.error().message;
      if (!next.value()) break;
      const Bytes event(next.value()->bytes.begin(), next.value()->bytes.end());
      const uint8_t type = next.value()->bytes[4];
      const bool crc = d.format().checksum == ChecksumAlg::CRC32;
      if (event.size() <= 1024 && per_type[type]++ < 4 && type != 15) {
        exercise_event(d, event, crc, /*flips=*/event.size() <= 400);
        ++events;
      }
      ASSERT_TRUE(d.decode(event).ok());
    }
  }
  if (files == 0) GTEST_SKIP() << "assets not found at " << assets_dir();
  EXPECT_GT(events, 50u);
}

}  // namespace
}  // namespace binlog::test
