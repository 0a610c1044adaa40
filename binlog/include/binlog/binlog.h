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

#include "binlog/gtid_set.h"
#include "binlog/json.h"
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
  // MySQL 5.7+/8.0+ fields; those the server did not log stay 0 (original_* then equal the
  // immediate_* values, as MySQL defines them).
  uint8_t flags = 0;                      // GTID flags (1 = may contain statement-based events)
  int64_t last_committed = 0;             // logical clock (5.7.6+)
  int64_t sequence_number = 0;
  uint64_t immediate_commit_timestamp = 0;  // microseconds since the epoch (8.0.1+)
  uint64_t original_commit_timestamp = 0;
  uint64_t transaction_length = 0;          // bytes of the transaction (8.0.2+)
  uint32_t immediate_server_version = 0;    // e.g. 80031 (8.0.14+)
  uint32_t original_server_version = 0;
  uint64_t commit_group_ticket = 0;         // 8.0.33+ group replication ticket, 0 if none
  // MariaDB
  uint32_t domain_id = 0;
  uint64_t sequence = 0;
  uint8_t maria_flags = 0;
  uint64_t commit_id = 0;  // FL_GROUP_COMMIT_ID: the group commit id, else 0
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
  // Column bitmaps (ceil(n/8) bytes) and rows point into the event bytes (rows: into `owned`
  // when inflated), so decoding a rows event allocates nothing; keep the bytes alive, or
  // rebase() onto a copy of them.
  std::span<const uint8_t> columns_before;
  std::span<const uint8_t> columns_after;  // update only (the same bytes as before otherwise)
  std::span<const uint8_t> rows;
  std::shared_ptr<std::vector<uint8_t>> owned;  // MariaDB compressed rows, inflated
  // Re-points the spans that lie in `from` at the same offsets of `to` (a copy of `from`).
  void rebase(std::span<const uint8_t> from, std::span<const uint8_t> to);
  bool end_of_statement() const { return flags & 1; }
};

struct UnknownEvent {
  uint8_t type_code = 0;
};

// Events this decoder recognises but does not expand (STOP, LOAD DATA events, pre-GA rows
// events, IGNORABLE, TRANSACTION_CONTEXT); their body stays opaque.
struct OtherEvent {
  uint8_t type_code = 0;
};

// TRANSACTION_PAYLOAD_EVENT (40, MySQL 8.0.20+ binlog_transaction_compression): a whole
// transaction's events, compressed. Read the inner events with PayloadEventReader.
struct TransactionPayloadEvent {
  static constexpr uint64_t kZstd = 0;
  static constexpr uint64_t kNone = 255;
  uint64_t compression_type = kZstd;
  uint64_t payload_size = 0;       // compressed bytes
  uint64_t uncompressed_size = 0;  // 0 when the server did not log it
  std::span<const uint8_t> payload;  // into the event bytes (copy if the buffer is reused)
};

// PREVIOUS_GTIDS_LOG_EVENT (35): the GTIDs executed before this binlog file.
struct PreviousGtidsEvent {
  MysqlGtidSet gtids;
};

// MariaDB GTID_LIST_EVENT (163): the binlog state at the start of the file (several server ids
// per domain possible, the most recent last). MariadbGtidList::from_gtids gives the position.
struct GtidListEvent {
  uint8_t flags = 0;  // top 4 bits of the count field
  std::vector<MariadbGtid> gtids;
};

// ROWS_QUERY_LOG_EVENT (29, binlog_rows_query_log_events) and MariaDB ANNOTATE_ROWS_EVENT (160,
// binlog_annotate_row_events): the statement text of the rows events that follow.
struct RowsQueryEvent {
  std::string query;
};

// INTVAR_EVENT (5): the auto-increment value of the next statement.
struct IntvarEvent {
  static constexpr uint8_t kLastInsertId = 1;
  static constexpr uint8_t kInsertId = 2;
  uint8_t type = 0;
  uint64_t value = 0;
};

// RAND_EVENT (13): RAND() seeds of the next statement.
struct RandEvent {
  uint64_t seed1 = 0;
  uint64_t seed2 = 0;
};

// USER_VAR_EVENT (14): a user variable the next statement reads.
struct UserVarEvent {
  enum Type : uint8_t { kString = 0, kReal = 1, kInt = 2, kRow = 3, kDecimal = 4 };
  std::string name;
  bool is_null = true;
  uint8_t type = kString;
  uint32_t collation = 0;  // of a string value
  std::string value;       // the value's bytes as logged (INT/REAL: 8 bytes LE; DECIMAL:
                           // precision, scale, binary decimal; STRING: the bytes)
  uint8_t flags = 0;       // 1 = UNSIGNED (INT)
  bool is_unsigned() const { return (flags & 1) != 0; }
  // The value as text: "42", "1.5", "12.30", the string bytes; "NULL" when null; "" when the
  // logged value does not fit its type.
  std::string value_text() const;
};

// INCIDENT_EVENT (26): the source lost events (e.g. LOST_EVENTS = 1).
struct IncidentEvent {
  uint16_t incident = 0;
  std::string message;
};

// XA_PREPARE_LOG_EVENT (38): the end of an XA PREPARE (or XA COMMIT ... ONE PHASE).
struct XaPrepareEvent {
  bool one_phase = false;
  int32_t format_id = -1;
  std::string gtrid;
  std::string bqual;
};

// VIEW_CHANGE_EVENT (37, group replication).
struct ViewChangeEvent {
  std::string view_id;
  int64_t seq_number = 0;
  std::vector<std::pair<std::string, std::string>> certification_info;
};

// MariaDB BINLOG_CHECKPOINT_EVENT (161): the oldest binlog file still needed for recovery.
struct BinlogCheckpointEvent {
  std::string log_file;
};

// New alternatives are only ever appended.
using EventBody = std::variant<UnknownEvent, OtherEvent, FormatDescriptionEvent, RotateEvent,
                               QueryEvent, XidEvent, GtidEvent, HeartbeatEvent,
                               std::shared_ptr<const TableMap>, RowsEvent, TransactionPayloadEvent,
                               PreviousGtidsEvent, GtidListEvent, RowsQueryEvent, IntvarEvent,
                               RandEvent, UserVarEvent, IncidentEvent, XaPrepareEvent,
                               ViewChangeEvent, BinlogCheckpointEvent>;

struct Event {
  EventHeader header;
  EventBody body;
};

struct DecoderOptions {
  // The checksum algorithm in force before the first FORMAT_DESCRIPTION (a replication stream
  // with @master_binlog_checksum set sends a fake ROTATE with a checksum first).
  ChecksumAlg initial_checksum = ChecksumAlg::NONE;
  bool verify_checksum = true;
  // Upper bound for the inflated size of one MariaDB compressed rows or query event, and of
  // one event inside a TRANSACTION_PAYLOAD.
  uint32_t max_inflated_size = 1u << 30;
  // log2 of the largest zstd window a TRANSACTION_PAYLOAD may need (27 = 128 MiB, zstd's
  // default limit; MySQL's default level 3 uses at most 2 MiB).
  int max_payload_window_log = 27;
};

class PayloadEventReader;

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
  const DecoderOptions& options() const { return options_; }

 private:
  friend class PayloadEventReader;
  // `checksummed` = false for events inside a TRANSACTION_PAYLOAD, which carry no checksum.
  cdc::Result<Event> decode_impl(std::span<const uint8_t> bytes, bool checksummed);

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

// Reads the events inside a TRANSACTION_PAYLOAD one at a time, decompressing with zstd's
// streaming API: it holds the zstd window, one fixed-size output chunk and the current inner
// event, never the whole transaction. Inner events (no checksum) are decoded by `decoder`, so
// their TABLE_MAPs are registered there for the rows events that follow.
//
//   PayloadEventReader inner(decoder, payload);
//   while (true) {
//     auto ev = inner.next();            // Result<optional<Event>>
//     if (!ev.ok()) ...;                 // corrupt payload or inner event
//     if (!ev.value()) break;            // end of the payload
//     ... ev.value()->body ...           // rows spans point into the reader: valid until next()
//   }
//
// The event bytes `payload.payload` points into must outlive the reader.
class PayloadEventReader {
 public:
  PayloadEventReader(EventDecoder& decoder, const TransactionPayloadEvent& payload);
  ~PayloadEventReader();
  PayloadEventReader(const PayloadEventReader&) = delete;
  PayloadEventReader& operator=(const PayloadEventReader&) = delete;

  // The next inner event; std::nullopt after the last one. Errors name the inner event's
  // offset in the uncompressed payload. After an error, next() keeps returning it.
  cdc::Result<std::optional<Event>> next();
  // Offset in the uncompressed payload of the event last returned by next().
  uint64_t offset() const { return event_offset_; }
  // Bytes of the current inner event (what the last Event's spans point into).
  std::span<const uint8_t> event_bytes() const { return {event_.data(), event_.size()}; }

 private:
  // Appends up to `want` more uncompressed bytes to event_; false at the end of the payload.
  cdc::Result<bool> fill(size_t want);

  EventDecoder& decoder_;
  TransactionPayloadEvent payload_;  // a copy: its span still points into the event bytes
  struct ZstdState;
  std::unique_ptr<ZstdState> zstd_;
  std::vector<uint8_t> event_;   // the current inner event
  std::vector<uint8_t> chunk_;   // decompressed bytes not yet consumed: [chunk_pos_, chunk_len_)
  size_t chunk_pos_ = 0, chunk_len_ = 0;
  size_t input_pos_ = 0;         // compressed bytes consumed
  bool frame_done_ = false;      // zstd reported the end of a frame with no input left
  uint64_t produced_ = 0;        // uncompressed bytes handed out so far
  uint64_t event_offset_ = 0;
  std::optional<cdc::Error> error_;
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
// Collation 0 (not logged) is read as UTF-8. Converters: UTF-8/16/32, ucs2, ascii, the
// single-byte sets, and the East Asian multi-byte sets gbk, gb2312, gb18030, big5, sjis, cp932,
// ujis, eucjpms (read as ujis: its Microsoft extensions become U+FFFD), euckr (with the cp949
// extension); charsets without a converter (dec8, swe7, keybcs2, armscii8, geostd8) pass ASCII
// and replace the rest.
bool append_utf8(std::string& out, std::string_view bytes, uint16_t collation_id);

}  // namespace binlog

template <>
struct std::is_error_code_enum<binlog::Errc> : std::true_type {};
