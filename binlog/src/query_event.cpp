// QUERY_EVENT (type 2) and MariaDB QUERY_COMPRESSED_EVENT (165, log_bin_compress: the same
// layout with the query text compressed as described in mariadb_compression.h).
//
// Post-header (13 bytes in binlog v4; 11 before status variables existed):
//   4 thread_id, 4 exec_time, 1 db_len, 2 error_code, 2 status_vars_len
// Body: status_vars[status_vars_len], db[db_len], NUL, query text up to the end of the event.
// Status variables are (1-byte code, value) pairs whose value length depends on the code; an
// unknown code ends their parsing (the database and query are located through status_vars_len,
// so they are still read).
#include "byte_reader.h"
#include "event_context.h"
#include "mariadb_compression.h"

namespace binlog::detail {
namespace {

enum StatusVar : uint8_t {
  Q_FLAGS2_CODE = 0,
  Q_SQL_MODE_CODE = 1,
  Q_CATALOG_CODE = 2,
  Q_AUTO_INCREMENT = 3,
  Q_CHARSET_CODE = 4,
  Q_TIME_ZONE_CODE = 5,
  Q_CATALOG_NZ_CODE = 6,
  Q_LC_TIME_NAMES_CODE = 7,
  Q_CHARSET_DATABASE_CODE = 8,
  Q_TABLE_MAP_FOR_UPDATE_CODE = 9,
  Q_MASTER_DATA_WRITTEN_CODE = 10,
  Q_INVOKER = 11,
  Q_UPDATED_DB_NAMES = 12,
  Q_MICROSECONDS = 13,
  Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP = 16,
  Q_DDL_LOGGED_WITH_XID = 17,
  Q_DEFAULT_COLLATION_FOR_UTF8MB4 = 18,
  Q_SQL_REQUIRE_PRIMARY_KEY = 19,
  Q_DEFAULT_TABLE_ENCRYPTION = 20,
  Q_HRNOW = 128,          // MariaDB
  Q_XID = 129,            // MariaDB
  Q_GTID_FLAGS3 = 130,    // MariaDB
};

constexpr uint8_t kOverMaxDbsInEventMts = 254;

bool skip_length_prefixed(ByteReader& r) {
  uint8_t n = 0;
  return r.u8(n) && r.skip(n);
}

// Parses what it can; stops silently at an unknown code or a value that does not fit.
void parse_status_vars(std::span<const uint8_t> block, QueryEvent& q) {
  ByteReader r(block);
  while (!r.empty()) {
    uint8_t code = 0;
    if (!r.u8(code)) return;
    switch (code) {
      case Q_FLAGS2_CODE: {
        uint32_t v = 0;
        if (!r.u32(v)) return;
        q.flags2 = v;
        break;
      }
      case Q_SQL_MODE_CODE: {
        uint64_t v = 0;
        if (!r.u64(v)) return;
        q.sql_mode = v;
        break;
      }
      case Q_CATALOG_CODE: {  // 5.0.0-5.0.3: length, name, NUL
        uint8_t n = 0;
        if (!r.u8(n) || !r.skip(static_cast<size_t>(n) + 1)) return;
        break;
      }
      case Q_AUTO_INCREMENT:
        if (!r.skip(4)) return;
        break;
      case Q_CHARSET_CODE: {
        uint16_t client = 0, connection = 0, server = 0;
        if (!r.u16(client) || !r.u16(connection) || !r.u16(server)) return;
        q.charset_client = client;
        q.collation_connection = connection;
        q.collation_server = server;
        break;
      }
      case Q_TIME_ZONE_CODE: {
        uint8_t n = 0;
        std::string_view tz;
        if (!r.u8(n) || !r.str(n, tz)) return;
        q.time_zone = std::string(tz);
        break;
      }
      case Q_CATALOG_NZ_CODE:
        if (!skip_length_prefixed(r)) return;
        break;
      case Q_LC_TIME_NAMES_CODE:
        if (!r.skip(2)) return;
        break;
      case Q_CHARSET_DATABASE_CODE: {
        uint16_t v = 0;
        if (!r.u16(v)) return;
        q.collation_database = v;
        break;
      }
      case Q_TABLE_MAP_FOR_UPDATE_CODE:
        if (!r.skip(8)) return;
        break;
      case Q_MASTER_DATA_WRITTEN_CODE:
        if (!r.skip(4)) return;
        break;
      case Q_INVOKER:
        if (!skip_length_prefixed(r) || !skip_length_prefixed(r)) return;
        break;
      case Q_UPDATED_DB_NAMES: {
        uint8_t count = 0;
        if (!r.u8(count)) return;
        if (count == kOverMaxDbsInEventMts) break;
        for (uint8_t i = 0; i < count; ++i) {
          // NUL-terminated names
          const auto rest = r.rest();
          size_t len = 0;
          while (len < rest.size() && rest[len] != 0) ++len;
          if (len == rest.size() || !r.skip(len + 1)) return;
        }
        break;
      }
      case Q_MICROSECONDS:
      case Q_HRNOW:
        if (!r.skip(3)) return;
        break;
      case Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP:
      case Q_SQL_REQUIRE_PRIMARY_KEY:
      case Q_DEFAULT_TABLE_ENCRYPTION:
      case Q_GTID_FLAGS3:
        if (!r.skip(1)) return;
        break;
      case Q_DDL_LOGGED_WITH_XID:
      case Q_XID: {
        uint64_t v = 0;
        if (!r.u64(v)) return;
        q.ddl_xid = v;
        break;
      }
      case Q_DEFAULT_COLLATION_FOR_UTF8MB4: {
        uint16_t v = 0;
        if (!r.u16(v)) return;
        q.default_collation_for_utf8mb4 = v;
        break;
      }
      default:
        return;  // unknown code: the length of its value is unknown
    }
  }
}

}  // namespace

cdc::Result<QueryEvent> decode_query(const EventContext& ctx, uint32_t max_inflated_size) {
  // QUERY_COMPRESSED has QUERY's post-header; some FORMAT_DESCRIPTIONs do not list it.
  EventContext query_ctx = ctx;
  query_ctx.header.type_code = static_cast<uint8_t>(EventType::QUERY);
  const uint8_t phl = query_ctx.post_header_len(13);
  if (phl < 11) return ctx.error(Errc::malformed, "post-header length " + std::to_string(phl) + " < 11");
  ByteReader r(ctx.body);
  QueryEvent q;
  uint8_t db_len = 0;
  uint16_t status_len = 0;
  if (!r.u32(q.thread_id) || !r.u32(q.exec_time) || !r.u8(db_len) || !r.u16(q.error_code)) {
    return ctx.overrun("post-header");
  }
  if (phl >= 13 && !r.u16(status_len)) return ctx.overrun("post-header");
  if (!r.skip(phl - (phl >= 13 ? 13 : 11))) return ctx.overrun("post-header");
  std::span<const uint8_t> status;
  if (!r.bytes(status_len, status)) {
    return ctx.overrun("status variables (" + std::to_string(status_len) + " bytes)");
  }
  parse_status_vars(status, q);
  std::string_view db;
  if (!r.str(db_len, db)) return ctx.overrun("database name");
  if (!r.skip(1)) return ctx.overrun("database name terminator");
  q.database.assign(db);
  const auto rest = r.rest();
  if (ctx.header.type_code == static_cast<uint8_t>(EventType::MARIA_QUERY_COMPRESSED)) {
    auto text = mariadb_uncompress(ctx, rest, max_inflated_size, "query");
    if (!text.ok()) return text.error();
    q.query.assign(reinterpret_cast<const char*>(text.value()->data()), text.value()->size());
    return q;
  }
  q.query.assign(reinterpret_cast<const char*>(rest.data()), rest.size());
  return q;
}

}  // namespace binlog::detail
