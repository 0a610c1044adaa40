// Private to the replication client: just enough GTID text handling to position a replica
// connection by GTID, and the bytes of the requests that do it.
//
// A stand-in: binlog/include/binlog/gtid_set.h (MysqlGtidSet with merge/contains, MariaDB GTID
// lists) is being written separately. When it lands, parse with it and keep only the wire
// encoders below; nothing outside binlog/client/src uses these names.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace binlog::gtid_start {

// ---- MySQL --------------------------------------------------------------------------------

// One server uuid and its transaction numbers as half-open intervals [start, end), sorted,
// non-empty, neither overlapping nor touching (the server rejects touching intervals).
struct DumpSidIntervals {
  std::array<uint8_t, 16> sid{};
  std::vector<std::pair<int64_t, int64_t>> intervals;
};

// An untagged MySQL GTID set, sids sorted by their bytes.
struct DumpGtidSet {
  std::vector<DumpSidIntervals> sids;
};

// Parses the text form used by @@gtid_executed and gtid_executed in offsets:
// "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:11-18, 3e11fa47-...:7" (whitespace and newlines
// around the parts are ignored; uuids with or without dashes; repeated uuids and overlapping
// intervals are merged; "" is the empty set). Tagged GTIDs (MySQL 8.4 "uuid:tag:1-5") are
// rejected: their wire encoding differs and is not implemented here.
cdc::Result<DumpGtidSet> parse_mysql_gtid_set(std::string_view text);

// Gtid_set::encode(): n_sids (int<8>), then per sid: uuid (16 bytes), n_intervals (int<8>),
// and per interval start (int<8>) and end (int<8>, exclusive). All little-endian.
std::string encode_mysql_gtid_set(const DumpGtidSet& set);

// The text form back ("uuid:1-5:11-18,uuid:7"), lowercase, in the set's order.
std::string to_string(const DumpGtidSet& set);

constexpr uint8_t kComBinlogDumpGtid = 0x1e;
constexpr uint16_t kBinlogDumpNonBlock = 0x01;
constexpr uint16_t kBinlogThroughPosition = 0x02;
constexpr uint16_t kBinlogThroughGtid = 0x04;

// Payload of COM_BINLOG_DUMP_GTID after the command byte: flags (int<2>), server_id (int<4>),
// file name length (int<4>) and name, position (int<8>), then (with BINLOG_THROUGH_GTID) the
// length of the encoded set (int<4>) and the set.
std::string com_binlog_dump_gtid_payload(uint32_t server_id, std::string_view file, uint64_t position,
                                         std::string_view encoded_set, uint16_t flags = kBinlogThroughGtid);

// ---- MariaDB ------------------------------------------------------------------------------

// Validates a MariaDB GTID position list ("0-1-42,1-2-7": domain-server-sequence, at most one
// per domain, as @@gtid_binlog_pos / @@gtid_slave_pos print it; "" = from the beginning) and
// returns it normalised (no blanks), safe to put between quotes in
// SET @slave_connect_state='...'.
cdc::Result<std::string> normalize_mariadb_gtid_list(std::string_view text);

// ---- both ---------------------------------------------------------------------------------

// Payload of COM_BINLOG_DUMP after the command byte: position (int<4>), flags (int<2>),
// server_id (int<4>), file name (rest of the packet).
std::string com_binlog_dump_payload(uint32_t position, uint16_t flags, uint32_t server_id, std::string_view file);

}  // namespace binlog::gtid_start
