// Unit tests of the GTID start requests of the replication client (no server needed): the text
// parsers and the exact bytes of COM_BINLOG_DUMP_GTID / COM_BINLOG_DUMP.
#include <gtest/gtest.h>

#include <string>

#include "gtid_start.h"

namespace binlog::gtid_start {
namespace {

std::string hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
  }
  return out;
}

const char* kUuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
const char* kUuidHex = "3e11fa4771ca11e19e33c80aa9429562";

TEST(GtidStartMysql, EncodesOneSidWithTwoIntervalsAsGtidSetEncode) {
  auto set = parse_mysql_gtid_set(std::string(kUuid) + ":1-5:11-18");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(hex(encode_mysql_gtid_set(*set)),
            std::string("0100000000000000") +  // n_sids = 1
                kUuidHex +                     // sid, the uuid's 16 bytes in text order
                "0200000000000000" +           // n_intervals = 2
                "0100000000000000" "0600000000000000" +  // [1, 6)
                "0b00000000000000" "1300000000000000");  // [11, 19)
}

TEST(GtidStartMysql, EmptyTextIsTheEmptySet) {
  for (const char* text : {"", "  ", "\n"}) {
    auto set = parse_mysql_gtid_set(text);
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_TRUE(set->sids.empty());
    EXPECT_EQ(hex(encode_mysql_gtid_set(*set)), "0000000000000000");
  }
}

TEST(GtidStartMysql, MergesRepeatedSidsAndTouchingOrOverlappingIntervals) {
  // The server rejects touching intervals ([1,6) then [6,7)), so they must be merged.
  auto set = parse_mysql_gtid_set(std::string(kUuid) + ":11-18:1-5:6, " + "3E11FA47-71CA-11E1-9E33-C80AA9429562:19:3-4");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(to_string(*set), std::string(kUuid) + ":1-6:11-19");
  ASSERT_EQ(set->sids.size(), 1u);
  ASSERT_EQ(set->sids[0].intervals.size(), 2u);
  EXPECT_EQ(set->sids[0].intervals[0], (std::pair<int64_t, int64_t>{1, 7}));
  EXPECT_EQ(set->sids[0].intervals[1], (std::pair<int64_t, int64_t>{11, 20}));
}

TEST(GtidStartMysql, ReadsGtidExecutedAsTheServerPrintsIt) {
  // @@gtid_executed separates sids with ",\n"; uuids may also come without dashes.
  auto set = parse_mysql_gtid_set(
      "f80e10dc-e56b-11f1-80bc-02fc00000001:1-42,\n"
      "00000000000000000000000000000001:7\n");
  ASSERT_TRUE(set.ok()) << set.error().message;
  // sids sorted by their bytes
  EXPECT_EQ(to_string(*set), "00000000-0000-0000-0000-000000000001:7,f80e10dc-e56b-11f1-80bc-02fc00000001:1-42");
  EXPECT_EQ(hex(encode_mysql_gtid_set(*set)),
            std::string("0200000000000000") + "00000000000000000000000000000001" + "0100000000000000" +
                "0700000000000000" "0800000000000000" + "f80e10dce56b11f180bc02fc00000001" + "0100000000000000" +
                "0100000000000000" "2b00000000000000");
}

TEST(GtidStartMysql, LargestTransactionNumberStillFits) {
  auto set = parse_mysql_gtid_set(std::string(kUuid) + ":9223372036854775806");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->sids[0].intervals[0].second, INT64_MAX);
  EXPECT_FALSE(parse_mysql_gtid_set(std::string(kUuid) + ":9223372036854775807").ok());
}

TEST(GtidStartMysql, RejectsBadTextNamingTheProblem) {
  struct Case {
    std::string text, says;
  };
  const std::string u = kUuid;
  for (const auto& c : std::vector<Case>{
           {u, "has no transaction numbers"},
           {u + ":", "empty interval"},
           {u + ":0", "out of range"},
           {u + ":5-3", "out of range"},
           {u + ":1-x", "not a number"},
           {u + ":-3", "not a number"},
           {u + ":99999999999999999999", "not a number"},
           {u + ":1,,"+ u + ":2", "empty element"},
           {u + ":tag1:1-5", "GTID tag"},
           {"3e11fa47-71ca-11e1-9e33-c80aa942956:1", "not a server uuid"},
           {"3e11fa4771ca-11e1-9e33-c80aa9429562z:1", "not a server uuid"},
           {"0-1-42", "looks like a MariaDB GTID"},
           {u + ":1';DROP TABLE x", "not a number"},
       }) {
    auto set = parse_mysql_gtid_set(c.text);
    ASSERT_FALSE(set.ok()) << c.text;
    EXPECT_NE(set.error().message.find(c.says), std::string::npos) << c.text << " -> " << set.error().message;
    EXPECT_NE(set.error().message.find("invalid MySQL GTID set"), std::string::npos) << set.error().message;
  }
}

TEST(GtidStartMysql, ComBinlogDumpGtidPayload) {
  auto set = parse_mysql_gtid_set(std::string(kUuid) + ":1-5");
  ASSERT_TRUE(set.ok());
  const std::string encoded = encode_mysql_gtid_set(*set);
  ASSERT_EQ(encoded.size(), 8u + 16 + 8 + 16);
  // Empty file name, position 4: the server finds the first binlog with a missing transaction.
  EXPECT_EQ(hex(com_binlog_dump_gtid_payload(0x01020304, "", 4, encoded)),
            std::string("0400") +        // flags: BINLOG_THROUGH_GTID
                "04030201" +             // server_id
                "00000000" +             // file name length, no name
                "0400000000000000" +     // position, 8 bytes
                "30000000" +             // data size = 48
                hex(encoded));
  // With a file and a position beyond 4 GiB.
  EXPECT_EQ(hex(com_binlog_dump_gtid_payload(7, "binlog.000002", 0x100000004ULL, encoded)),
            std::string("0400") + "07000000" + "0d000000" + hex("binlog.000002") + "0400000001000000" + "30000000" +
                hex(encoded));
  // Without BINLOG_THROUGH_GTID the set is not sent.
  EXPECT_EQ(hex(com_binlog_dump_gtid_payload(7, "b", 4, encoded, kBinlogThroughPosition)),
            std::string("0200") + "07000000" + "01000000" + hex("b") + "0400000000000000");
}

TEST(GtidStartBoth, ComBinlogDumpPayloadMatchesTheDocumentedExample) {
  // MariaDB's protocol documentation (COM_BINLOG_DUMP): position 1588, flags 2
  // (BINLOG_SEND_ANNOTATE_ROWS_EVENT), server id 10101, file mysql-bin.000034.
  EXPECT_EQ(hex(com_binlog_dump_payload(1588, 2, 10101, "mysql-bin.000034")),
            "34060000" "0200" "75270000" "6d7973716c2d62696e2e303030303334");
  // GTID registration on MariaDB: empty file name, position 4.
  EXPECT_EQ(hex(com_binlog_dump_payload(4, 2, 10101, "")), "04000000" "0200" "75270000");
}

TEST(GtidStartMariadb, NormalisesAPositionList) {
  auto state = normalize_mariadb_gtid_list(" 0-1-42 ,\n1-2-7");
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(*state, "0-1-42,1-2-7");
  auto empty = normalize_mariadb_gtid_list("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
  auto big = normalize_mariadb_gtid_list("4294967295-4294967295-18446744073709551615");
  ASSERT_TRUE(big.ok()) << big.error().message;
  EXPECT_EQ(*big, "4294967295-4294967295-18446744073709551615");
}

TEST(GtidStartMariadb, RejectsBadTextNamingTheProblem) {
  struct Case {
    std::string text, says;
  };
  for (const auto& c : std::vector<Case>{
           {"0-1-42,0-2-43", "domain 0 appears twice"},
           {"0-1", "not domain-server-sequence"},
           {"0-1-42-5", "not domain-server-sequence"},
           {"a-1-42", "not domain-server-sequence"},
           {"4294967296-1-1", "not domain-server-sequence"},
           {"0-1-18446744073709551616", "not domain-server-sequence"},
           {"0-1-+4", "not domain-server-sequence"},
           {"0-1-42,", "empty element"},
           {"0-1-1'; DROP DATABASE x; --", "not domain-server-sequence"},
           {std::string(kUuid) + ":1-5", "looks like a MySQL GTID set"},
       }) {
    auto state = normalize_mariadb_gtid_list(c.text);
    ASSERT_FALSE(state.ok()) << c.text;
    EXPECT_NE(state.error().message.find(c.says), std::string::npos) << c.text << " -> " << state.error().message;
    EXPECT_NE(state.error().message.find("invalid MariaDB GTID position"), std::string::npos);
  }
}

}  // namespace
}  // namespace binlog::gtid_start
