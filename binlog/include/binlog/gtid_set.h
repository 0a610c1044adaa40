// GTID sets of MySQL (uuid[:tag]:intervals) and GTID positions of MariaDB
// (domain-server-seq lists). Value types: parse, print, add, merge, contains, and the binary
// form of MySQL's PREVIOUS_GTIDS event / COM_BINLOG_DUMP_GTID. Included by binlog/binlog.h.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace binlog {

// A closed range of transaction numbers, first <= last (the binary form stores [first, last+1)).
struct GtidInterval {
  int64_t first = 0;
  int64_t last = 0;
  bool operator==(const GtidInterval&) const = default;
};

// A MySQL GTID set: for each (source uuid, tag) a sorted list of disjoint, non-adjacent
// intervals. The empty tag is the untagged GTIDs of MySQL < 8.4.
class MysqlGtidSet {
 public:
  using Uuid = std::array<uint8_t, 16>;
  static constexpr int64_t kMaxGno = INT64_MAX - 1;  // GNO_END - 1
  static constexpr size_t kMaxTagLength = 32;

  struct Entry {
    Uuid uuid{};
    std::string tag;  // lowercase; "" = untagged
    std::vector<GtidInterval> intervals;
  };

  // Parses the text MySQL prints (@@gtid_executed, SHOW BINARY LOG STATUS, GTID_SUBTRACT...):
  //   "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7, 3e11fa47-...:mytag:1-3,\n<uuid>:tag2:4"
  // Whitespace (newlines included) around every token is ignored; uuids are case-insensitive
  // and may omit the dashes; tags ([a-z_][a-z0-9_]{0,31}, any case) switch the tag of the
  // intervals that follow them within one uuid group; "" is the empty set. Errors
  // (Errc::malformed) name the offending part and its character offset.
  static cdc::Result<MysqlGtidSet> parse(std::string_view text);

  // Decodes the binary form (PREVIOUS_GTIDS event body, COM_BINLOG_DUMP_GTID data):
  //   untagged: 8-byte count of sids, per sid: 16-byte uuid, 8-byte interval count, intervals
  //     as 8-byte start and 8-byte exclusive end (all little-endian);
  //   tagged (MySQL 8.4+, byte 7 of the count = 1): byte 0 = format 1, bytes 1-6 = count, then
  //     per sid: uuid, tag (varlen length + bytes, mysql::serialization), interval count,
  //     intervals.
  static cdc::Result<MysqlGtidSet> decode(std::span<const uint8_t> bytes);

  // The binary form; tagged only when some entry has a tag (what MySQL 8.4 does).
  std::vector<uint8_t> encode() const;

  // MySQL's canonical text: uuids ascending (lowercase), within a uuid the untagged intervals
  // first, then each tag ascending ("uuid:1-5:7:tag:1-3"); groups joined by `separator`
  // (MySQL itself prints ",\n"). Empty set: "".
  std::string to_string(std::string_view separator = ",") const;

  // Adds one GTID. Errc::malformed when the tag is not a valid tag or gno is outside
  // [1, kMaxGno]. The tag is lowercased.
  cdc::Result<void> add(const Uuid& uuid, std::string_view tag, int64_t gno);
  // Adds a closed interval (first <= last, both in [1, kMaxGno]).
  cdc::Result<void> add_interval(const Uuid& uuid, std::string_view tag, GtidInterval interval);
  // Union with `other`.
  void merge(const MysqlGtidSet& other);

  bool contains(const Uuid& uuid, std::string_view tag, int64_t gno) const;
  // True when every GTID of `other` is in this set.
  bool contains(const MysqlGtidSet& other) const;
  bool empty() const { return sets_.empty(); }
  // Number of GTIDs (saturating at UINT64_MAX).
  uint64_t count() const;

  // The entries in canonical order.
  std::vector<Entry> entries() const;

  bool operator==(const MysqlGtidSet&) const = default;

  // "3e11fa47-71ca-11e1-9e33-c80aa9429562" (lowercase); and its inverse (36 characters with
  // dashes or 32 without, any case).
  static std::string uuid_to_string(const Uuid& uuid);
  static bool parse_uuid(std::string_view text, Uuid& uuid);
  // A valid tag (before lowercasing): [A-Za-z_][A-Za-z0-9_]{0,31}.
  static bool valid_tag(std::string_view tag);

 private:
  using Key = std::pair<Uuid, std::string>;
  // Inserts [first, last] into a sorted interval list, merging overlapping/adjacent ones.
  static void insert(std::vector<GtidInterval>& list, GtidInterval iv);
  std::map<Key, std::vector<GtidInterval>> sets_;
};

// One MariaDB GTID.
struct MariadbGtid {
  uint32_t domain_id = 0;
  uint32_t server_id = 0;
  uint64_t sequence = 0;
  bool operator==(const MariadbGtid&) const = default;
  std::string to_string() const;  // "0-1-42"
};

// A MariaDB GTID position (@@gtid_slave_pos, @@gtid_binlog_pos, @slave_connect_state): at most
// one GTID per replication domain, kept sorted by domain id.
class MariadbGtidList {
 public:
  // "0-1-100,1-2-5" with optional whitespace; "" is empty. Each number must fit its field
  // (domain and server 32 bits, sequence 64 bits); a domain may appear once. Errors
  // (Errc::malformed) name the offending element and its character offset.
  static cdc::Result<MariadbGtidList> parse(std::string_view text);
  // From a GTID_LIST event's entries (which may hold several server ids per domain, the most
  // recent last): the last GTID of each domain.
  static MariadbGtidList from_gtids(std::span<const MariadbGtid> gtids);

  // "0-1-100,1-2-5", domains ascending.
  std::string to_string() const;
  // Sets the position of the GTID's domain (what a replica does after each transaction).
  void update(const MariadbGtid& gtid);
  // The position of a domain, or null.
  const MariadbGtid* find(uint32_t domain_id) const;
  // True when `gtid` is at or before the position of its domain.
  bool contains(const MariadbGtid& gtid) const;
  const std::vector<MariadbGtid>& gtids() const { return gtids_; }
  bool empty() const { return gtids_.empty(); }
  bool operator==(const MariadbGtidList&) const = default;

 private:
  std::vector<MariadbGtid> gtids_;
};

}  // namespace binlog
