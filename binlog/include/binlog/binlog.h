// Public API of the binlog decoder: bytes of one event plus decoder state in, a typed event or
// an error out. Pure: no I/O, no logging, no exceptions. The byte layouts are documented next to
// each decoder in src/.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

#include "common/result.h"

namespace binlog {

// ---- errors ---------------------------------------------------------------------------------
enum class Errc {
  truncated = 1,      // the bytes end before the structure does
  bad_magic,          // a file without the \xfebin magic
  checksum_mismatch,  // CRC32 of an event does not match
  malformed,          // a length or field that cannot be right
  unsupported,        // a feature we do not decode (named in the message)
  unknown_table,      // a rows event for a table id with no TABLE_MAP
  encrypted,          // an encrypted binlog (MariaDB START_ENCRYPTION)
};
const std::error_category& error_category();
std::error_code make_error_code(Errc e);
cdc::Error make_error(Errc e, std::string message);

// ---- wire enums -----------------------------------------------------------------------------
// Event type codes (MySQL libbinlogevents, MariaDB log_event.h).
enum class EventType : uint8_t {
  UNKNOWN = 0, START_V3 = 1, QUERY = 2, STOP = 3, ROTATE = 4, INTVAR = 5, LOAD = 6, SLAVE = 7,
  CREATE_FILE = 8, APPEND_BLOCK = 9, EXEC_LOAD = 10, DELETE_FILE = 11, NEW_LOAD = 12, RAND = 13,
  USER_VAR = 14, FORMAT_DESCRIPTION = 15, XID = 16, BEGIN_LOAD_QUERY = 17,
  EXECUTE_LOAD_QUERY = 18, TABLE_MAP = 19,
  PRE_GA_WRITE_ROWS = 20, PRE_GA_UPDATE_ROWS = 21, PRE_GA_DELETE_ROWS = 22,
  WRITE_ROWS_V1 = 23, UPDATE_ROWS_V1 = 24, DELETE_ROWS_V1 = 25, INCIDENT = 26,
  HEARTBEAT = 27, IGNORABLE = 28, ROWS_QUERY = 29, WRITE_ROWS = 30, UPDATE_ROWS = 31,
  DELETE_ROWS = 32, GTID = 33, ANONYMOUS_GTID = 34, PREVIOUS_GTIDS = 35,
  TRANSACTION_CONTEXT = 36, VIEW_CHANGE = 37, XA_PREPARE = 38, PARTIAL_UPDATE_ROWS = 39,
  TRANSACTION_PAYLOAD = 40, HEARTBEAT_V2 = 41, GTID_TAGGED = 42,
  MARIA_ANNOTATE_ROWS = 160, MARIA_BINLOG_CHECKPOINT = 161, MARIA_GTID = 162,
  MARIA_GTID_LIST = 163, MARIA_START_ENCRYPTION = 164, MARIA_QUERY_COMPRESSED = 165,
  MARIA_WRITE_ROWS_COMPRESSED_V1 = 166, MARIA_UPDATE_ROWS_COMPRESSED_V1 = 167,
  MARIA_DELETE_ROWS_COMPRESSED_V1 = 168, MARIA_WRITE_ROWS_COMPRESSED = 169,
  MARIA_UPDATE_ROWS_COMPRESSED = 170, MARIA_DELETE_ROWS_COMPRESSED = 171,
};
// The server's own name for an event type, e.g. "WRITE_ROWS_EVENT"; "UNKNOWN_EVENT_<n>" else.
std::string_view event_type_name(uint8_t type_code);

// Column types as written in TABLE_MAP (enum_field_types).
enum class ColumnType : uint8_t {
  DECIMAL = 0, TINY = 1, SHORT = 2, LONG = 3, FLOAT = 4, DOUBLE = 5, NULL_ = 6, TIMESTAMP = 7,
  LONGLONG = 8, INT24 = 9, DATE = 10, TIME = 11, DATETIME = 12, YEAR = 13, NEWDATE = 14,
  VARCHAR = 15, BIT = 16, TIMESTAMP2 = 17, DATETIME2 = 18, TIME2 = 19, TYPED_ARRAY = 20,
  VECTOR = 242, JSON = 245, NEWDECIMAL = 246, ENUM = 247, SET = 248, TINY_BLOB = 249,
  MEDIUM_BLOB = 250, LONG_BLOB = 251, BLOB = 252, VAR_STRING = 253, STRING = 254,
  GEOMETRY = 255,
};
std::string_view column_type_name(ColumnType t);

enum class ChecksumAlg : uint8_t { NONE = 0, CRC32 = 1, UNDEFINED = 255 };

constexpr uint32_t kEventHeaderLength = 19;
constexpr uint8_t kBinlogMagic[4] = {0xfe, 0x62, 0x69, 0x6e};

// ---- events ---------------------------------------------------------------------------------
struct EventHeader {
  uint32_t timestamp = 0;  // seconds since the epoch
  uint8_t type_code = 0;
  uint32_t server_id = 0;
  uint32_t event_size = 0;  // header + body + checksum
  uint32_t next_pos = 0;    // log_pos: position of the next event (0 in some fake events)
  uint16_t flags = 0;
};

struct FormatDescriptionEvent {
  uint16_t binlog_version = 4;
  std::string server_version;  // e.g. "10.11.6-MariaDB-log", "8.0.31"
  uint32_t create_timestamp = 0;
  uint8_t header_length = kEventHeaderLength;
  std::vector<uint8_t> post_header_lengths;  // index = type_code - 1
  ChecksumAlg checksum = ChecksumAlg::NONE;
  bool is_mariadb() const { return server_version.find("MariaDB") != std::string::npos; }
};

struct RotateEvent {
  uint64_t position = 4;
  std::string next_file;
};

struct QueryEvent {
  uint32_t thread_id = 0;
  uint32_t exec_time = 0;
  uint16_t error_code = 0;
  std::string database;  // default database of the session ("" if none)
  std::string query;
  // Selected status variables (absent when not logged).
  std::optional<uint64_t> sql_mode;
  std::optional<std::string> time_zone;
  std::optional<uint16_t> charset_client, collation_connection, collation_server;
  std::optional<uint16_t> collation_database;             // Q_CHARSET_DATABASE_CODE
  std::optional<uint16_t> default_collation_for_utf8mb4;  // MySQL 8 Q_DEFAULT_COLLATION_FOR_UTF8MB4
  std::optional<uint32_t> flags2;                         // Q_FLAGS2_CODE (OPTION_* bits)
  std::optional<uint64_t> ddl_xid;  // MySQL Q_DDL_LOGGED_WITH_XID / MariaDB Q_XID
};

struct XidEvent {
  uint64_t xid = 0;
};

// MySQL GTID / ANONYMOUS_GTID / GTID_TAGGED, and MariaDB GTID (domain-server-seq).
struct GtidEvent {
  bool mariadb = false;
  // MySQL
  uint8_t sid[16] = {};
  std::string tag;  // MySQL 8.4 tagged GTIDs; empty otherwise
  int64_t gno = 0;
  bool anonymous = false;
  // MariaDB
  uint32_t domain_id = 0;
  uint64_t sequence = 0;
  uint8_t maria_flags = 0;
  bool standalone() const;  // MariaDB: FL_STANDALONE (no BEGIN/COMMIT follows)
  // "3e11fa47-71ca-11e1-9e33-c80aa9429562:23" (lowercase uuid; "uuid:tag:gno" when tagged;
  // "ANONYMOUS" for ANONYMOUS_GTID) or MariaDB "0-1-42" (server id taken from the event header,
  // passed in).
  std::string to_string(uint32_t header_server_id) const;
};

// HEARTBEAT_LOG_EVENT (27) and HEARTBEAT_LOG_EVENT_V2 (41).
struct HeartbeatEvent {
  std::string log_file;
  uint64_t position = 0;
};

// One column as described by TABLE_MAP, with whatever optional metadata the server logged.
struct ColumnInfo {
  ColumnType type = ColumnType::NULL_;  // real type: STRING's metadata is unpacked to ENUM/SET/STRING
  // Type metadata as the rows decoder needs it:
  //   VARCHAR/VAR_STRING/STRING: maximum length in bytes; ENUM/SET: storage bytes (1-2 / 1-8);
  //   NEWDECIMAL: precision << 8 | scale; BIT: (bits / 8) << 8 | (bits % 8);
  //   BLOB/TEXT/JSON/GEOMETRY/VECTOR: bytes of the length prefix (1-4); FLOAT/DOUBLE: 4/8;
  //   TIME2/DATETIME2/TIMESTAMP2: fractional-second precision (0-6); others: 0.
  uint16_t meta = 0;
  bool nullable = true;
  std::optional<bool> is_unsigned;      // from SIGNEDNESS metadata, for numeric columns
  uint16_t collation = 0;               // charset/collation id from metadata; 0 = unknown; 63 = binary
  std::string name;                     // empty when the server did not log names
  std::vector<std::string> enum_values;  // ENUM or SET values
  uint32_t geometry_type = 0;
  bool visible = true;
  uint32_t vector_dimensions = 0;
  // Declared maximum length in bytes for CHAR/BINARY/VARCHAR/VARBINARY, from meta.
  uint32_t max_length() const;
};

struct TableMap {
  uint64_t table_id = 0;
  uint16_t flags = 0;
  std::string database;
  std::string table;
  std::vector<ColumnInfo> columns;
  std::vector<uint32_t> primary_key;  // column indexes, in key order (from SIMPLE/PREFIX PK metadata)
  bool has_column_names = false;
  uint16_t default_collation = 0;      // DEFAULT_CHARSET metadata, 0 if not logged
};

enum class RowsKind : uint8_t { write, update, delete_ };

// A rows event with its rows left encoded; decode them with RowReader.
struct RowsEvent {
  RowsKind kind = RowsKind::write;
  uint8_t version = 2;        // 0, 1 or 2
  bool partial_json = false;  // PARTIAL_UPDATE_ROWS
  uint64_t table_id = 0;
  uint16_t flags = 0;         // STMT_END_F = 1
  uint32_t column_count = 0;
  std::vector<uint8_t> columns_before;  // bitmap bytes, ceil(n/8)
  std::vector<uint8_t> columns_after;   // update only (copy of before otherwise)
  std::span<const uint8_t> rows;        // into the event bytes, or into `owned` when inflated
  std::shared_ptr<std::vector<uint8_t>> owned;  // MariaDB compressed rows, inflated
  bool end_of_statement() const { return flags & 1; }
};

struct UnknownEvent {
  uint8_t type_code = 0;
};

// Events this decoder recognises but does not expand yet; their body stays opaque.
struct OtherEvent {
  uint8_t type_code = 0;
};

using EventBody = std::variant<UnknownEvent, OtherEvent, FormatDescriptionEvent, RotateEvent,
                               QueryEvent, XidEvent, GtidEvent, HeartbeatEvent,
                               std::shared_ptr<const TableMap>, RowsEvent>;

struct Event {
  EventHeader header;
  EventBody body;
};

struct DecoderOptions {
  // The checksum algorithm in force before the first FORMAT_DESCRIPTION (a replication stream
  // with @master_binlog_checksum set sends a fake ROTATE with a checksum first).
  ChecksumAlg initial_checksum = ChecksumAlg::NONE;
  bool verify_checksum = true;
  // Upper bound for the inflated size of one MariaDB compressed rows event.
  uint32_t max_inflated_size = 1u << 30;
};

// Decodes a stream of events. Keeps the last FORMAT_DESCRIPTION and the TABLE_MAPs seen.
class EventDecoder {
 public:
  explicit EventDecoder(DecoderOptions options = {});

  // `bytes` is one whole event: header, body, and checksum if enabled. Rows events keep a
  // span into `bytes` (copy it if the buffer is reused before the rows are read).
  cdc::Result<Event> decode(std::span<const uint8_t> bytes);

  const FormatDescriptionEvent& format() const { return format_; }
  // The TABLE_MAP for an id, or nullptr.
  std::shared_ptr<const TableMap> table(uint64_t table_id) const;

 private:
  DecoderOptions options_;
  FormatDescriptionEvent format_;
  bool have_format_ = false;
  struct TableEntry {
    std::shared_ptr<const TableMap> map;
    std::vector<uint8_t> body;  // the TABLE_MAP body it came from: identical re-sends are reused
  };
  std::map<uint64_t, TableEntry> tables_;
  bool prune_tables_ = false;
};

// ---- row values -----------------------------------------------------------------------------
enum class ValueKind : uint8_t {
  null,
  int64,      // signed integers (TINY..LONGLONG), YEAR
  uint64,     // unsigned integers, BIT (with `bits`), SET bitmask, ENUM index (1-based, 0 = '')
  float32,
  float64,
  decimal,    // text in `text()`, e.g. "-1234.50" (scale digits always written)
  string,     // bytes in `bytes` with `collation` (CHAR/VARCHAR/TEXT); ENUM/SET use `uint64`
  bytes,      // BINARY/VARBINARY/BLOB, GEOMETRY, VECTOR, MySQL binary JSON (raw), MariaDB JSON text
  date,       // year/month/day
  time,       // negative, hours (may exceed 23), minute, second, micros
  datetime,   // year..second, micros (no time zone)
  timestamp,  // epoch_seconds + micros (UTC)
};

struct Value {
  ValueKind kind = ValueKind::null;
  ColumnType type = ColumnType::NULL_;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  float f = 0;
  std::string_view bytes;  // points into the rows buffer: valid while the event bytes live
  uint16_t collation = 0;
  uint16_t bits = 0;       // BIT width
  // PARTIAL_UPDATE_ROWS after image of a JSON column: `bytes` (kind bytes) holds MySQL's
  // binary JSON diff list (operations on the before value), not a whole document.
  bool json_diff = false;
  // temporal parts
  bool negative = false;
  uint16_t year = 0;
  uint8_t month = 0, day = 0, minute = 0, second = 0;
  uint32_t hour = 0;       // TIME may exceed 23
  uint32_t micros = 0;
  uint8_t fsp = 0;         // fractional-second precision 0..6
  int64_t epoch_seconds = 0;
  // DECIMAL text without heap allocation (65 digits + sign + point fit).
  char decimal_text[72] = {};
  uint8_t decimal_len = 0;

  std::string_view text() const { return {decimal_text, decimal_len}; }
  bool is_null() const { return kind == ValueKind::null; }
};

// The decoded images of one row. Vectors are resized, not reallocated, between rows.
struct Row {
  std::vector<Value> values;     // one per table column; absent columns (partial image) are null
  std::vector<bool> present;     // column is in the image (bitmap)
};

// Iterates the rows of one RowsEvent against its TableMap. Reuse Row objects across calls.
class RowReader {
 public:
  RowReader(const TableMap& table, const RowsEvent& event);
  // Fills `before`/`after` as the event kind dictates (write: after; delete: before; update:
  // both; the other Row is left as it was). Returns false at the end of the rows, an error on
  // malformed data. Does not allocate once the Rows have been sized by a first call.
  cdc::Result<bool> next(Row& before, Row& after);

 private:
  const TableMap& table_;
  const RowsEvent& event_;
  size_t offset_ = 0;
};

// ---- charsets -------------------------------------------------------------------------------
// Name of the character set of a MySQL/MariaDB collation id ("utf8mb4", "latin1", "binary"...),
// or "" when unknown.
std::string_view charset_name(uint16_t collation_id);
// Appends `bytes` in the charset of `collation_id` to `out` as UTF-8. Unknown charsets and
// invalid sequences are copied with U+FFFD for bytes that cannot be mapped; returns false then.
// Collation 0 (not logged) is read as UTF-8; charsets without a converter (the East Asian
// multi-byte ones, dec8, swe7, keybcs2, armscii8, geostd8) pass ASCII and replace the rest.
bool append_utf8(std::string& out, std::string_view bytes, uint16_t collation_id);

}  // namespace binlog

template <>
struct std::is_error_code_enum<binlog::Errc> : std::true_type {};
