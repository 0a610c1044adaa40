// Smaller events decoded into their own bodies. Layouts (little-endian):
//
// PREVIOUS_GTIDS_LOG_EVENT (35): a GTID set in binary form (see gtid_set.h).
// MariaDB GTID_LIST_EVENT (163): 4 count (low 28 bits; top 4 bits flags), then per GTID
//   4 domain_id, 4 server_id, 8 seq_no.
// ROWS_QUERY_LOG_EVENT (29): 1 length byte (ignored: it saturates at 255), the query text up to
//   the end. MariaDB ANNOTATE_ROWS_EVENT (160): the query text, the whole body.
// INTVAR_EVENT (5): 1 type (1 LAST_INSERT_ID, 2 INSERT_ID), 8 value.
// RAND_EVENT (13): 8 seed1, 8 seed2.
// USER_VAR_EVENT (14): 4 name length, name, 1 is_null; unless null: 1 type (0 STRING, 1 REAL,
//   2 INT, 4 DECIMAL), 4 charset (collation id), 4 value length, value; then optionally
//   1 flags (1 = UNSIGNED).
// INCIDENT_EVENT (26): post-header 2 incident type; body 1 message length, message.
// XA_PREPARE_LOG_EVENT (38): 1 one_phase, 4 format_id, 4 gtrid length (<= 64), 4 bqual length
//   (<= 64), then gtrid and bqual bytes.
// VIEW_CHANGE_EVENT (37): 40 view id (NUL-padded), 8 seq_number, 4 certification-info count,
//   then per entry 2 key length, key, 4 value length, value.
// MariaDB BINLOG_CHECKPOINT_EVENT (161): 4 file name length, file name.
#include <charconv>
#include <cstring>

#include "byte_reader.h"
#include "decimal.h"
#include "event_context.h"

namespace binlog {

std::string UserVarEvent::value_text() const {
  if (is_null) return "NULL";
  switch (type) {
    case kString:
      return value;
    case kInt: {
      if (value.size() != 8) return {};
      const uint64_t raw = detail::le64(reinterpret_cast<const uint8_t*>(value.data()));
      return is_unsigned() ? std::to_string(raw) : std::to_string(static_cast<int64_t>(raw));
    }
    case kReal: {
      if (value.size() != 8) return {};
      double d = 0;
      std::memcpy(&d, value.data(), 8);
      char buf[40];
      auto r = std::to_chars(buf, buf + sizeof(buf), d);
      return std::string(buf, r.ptr);
    }
    case kDecimal: {
      if (value.size() < 2) return {};
      const unsigned precision = static_cast<uint8_t>(value[0]);
      const unsigned scale = static_cast<uint8_t>(value[1]);
      const size_t size = detail::decimal_binary_size(precision, scale);
      if (size == 0 || value.size() < 2 + size) return {};
      char text[80];
      const size_t n = detail::decimal_to_text(
          reinterpret_cast<const uint8_t*>(value.data()) + 2, precision, scale, text);
      return std::string(text, n);
    }
    default:
      return {};
  }
}

namespace detail {
namespace {

std::string as_string(std::span<const uint8_t> b) {
  return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

}  // namespace

cdc::Result<PreviousGtidsEvent> decode_previous_gtids(const EventContext& ctx) {
  auto set = MysqlGtidSet::decode(ctx.body);
  if (!set.ok()) {
    const Errc code = set.error().code == Errc::truncated ? Errc::truncated : Errc::malformed;
    return ctx.error(code, set.error().message);
  }
  return PreviousGtidsEvent{std::move(set).value()};
}

cdc::Result<GtidListEvent> decode_gtid_list(const EventContext& ctx) {
  ByteReader r(ctx.body);
  uint32_t count = 0;
  if (!r.u32(count)) return ctx.overrun("GTID count");
  GtidListEvent e;
  e.flags = static_cast<uint8_t>(count >> 28);
  count &= (1u << 28) - 1;
  if (count > r.remaining() / 16) {
    return ctx.overrun(std::to_string(count) + " GTIDs");
  }
  e.gtids.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    MariadbGtid g;
    r.u32(g.domain_id);
    r.u32(g.server_id);
    r.u64(g.sequence);
    e.gtids.push_back(g);
  }
  return e;
}

cdc::Result<RowsQueryEvent> decode_rows_query(const EventContext& ctx) {
  RowsQueryEvent e;
  std::span<const uint8_t> text = ctx.body;
  if (ctx.header.type_code == static_cast<uint8_t>(EventType::ROWS_QUERY)) {
    if (text.empty()) return ctx.overrun("length byte");
    text = text.subspan(1);
  }
  e.query = as_string(text);
  return e;
}

cdc::Result<IntvarEvent> decode_intvar(const EventContext& ctx) {
  ByteReader r(ctx.body);
  IntvarEvent e;
  if (!r.u8(e.type) || !r.u64(e.value)) return ctx.overrun("type and value");
  return e;
}

cdc::Result<RandEvent> decode_rand(const EventContext& ctx) {
  ByteReader r(ctx.body);
  RandEvent e;
  if (!r.u64(e.seed1) || !r.u64(e.seed2)) return ctx.overrun("seeds");
  return e;
}

cdc::Result<UserVarEvent> decode_user_var(const EventContext& ctx) {
  ByteReader r(ctx.body);
  UserVarEvent e;
  uint32_t name_len = 0;
  std::span<const uint8_t> b;
  if (!r.u32(name_len)) return ctx.overrun("name length");
  if (!r.bytes(name_len, b)) return ctx.overrun("variable name (" + std::to_string(name_len) + " bytes)");
  e.name = as_string(b);
  uint8_t is_null = 0;
  if (!r.u8(is_null)) return ctx.overrun("is_null");
  e.is_null = is_null != 0;
  if (e.is_null) {
    e.type = UserVarEvent::kString;
    return e;
  }
  uint32_t value_len = 0;
  if (!r.u8(e.type) || !r.u32(e.collation) || !r.u32(value_len)) {
    return ctx.overrun("type, charset and value length");
  }
  if (!r.bytes(value_len, b)) return ctx.overrun("value (" + std::to_string(value_len) + " bytes)");
  e.value = as_string(b);
  r.u8(e.flags);  // absent before MySQL 5.5
  return e;
}

cdc::Result<IncidentEvent> decode_incident(const EventContext& ctx) {
  ByteReader r(ctx.body);
  IncidentEvent e;
  uint8_t len = 0;
  std::span<const uint8_t> msg;
  if (!r.u16(e.incident)) return ctx.overrun("incident type");
  if (r.empty()) return e;  // no message
  r.u8(len);
  if (!r.bytes(len, msg)) return ctx.overrun("message");
  e.message = as_string(msg);
  return e;
}

cdc::Result<XaPrepareEvent> decode_xa_prepare(const EventContext& ctx) {
  constexpr uint32_t kMaxPart = 64;
  ByteReader r(ctx.body);
  XaPrepareEvent e;
  uint8_t one_phase = 0;
  uint32_t format_id = 0, gtrid_len = 0, bqual_len = 0;
  if (!r.u8(one_phase) || !r.u32(format_id) || !r.u32(gtrid_len) || !r.u32(bqual_len)) {
    return ctx.overrun("XID header");
  }
  if (gtrid_len > kMaxPart || bqual_len > kMaxPart) {
    return ctx.error(Errc::malformed, "gtrid length " + std::to_string(gtrid_len) +
                                          " / bqual length " + std::to_string(bqual_len) +
                                          " above 64");
  }
  std::span<const uint8_t> gtrid, bqual;
  if (!r.bytes(gtrid_len, gtrid) || !r.bytes(bqual_len, bqual)) return ctx.overrun("XID data");
  e.one_phase = one_phase != 0;
  e.format_id = static_cast<int32_t>(format_id);
  e.gtrid = as_string(gtrid);
  e.bqual = as_string(bqual);
  return e;
}

cdc::Result<ViewChangeEvent> decode_view_change(const EventContext& ctx) {
  constexpr size_t kViewIdLength = 40;
  ByteReader r(ctx.body);
  ViewChangeEvent e;
  std::span<const uint8_t> id;
  uint64_t seq = 0;
  uint32_t count = 0;
  if (!r.bytes(kViewIdLength, id) || !r.u64(seq) || !r.u32(count)) {
    return ctx.overrun("view id, sequence number and certification-info count");
  }
  size_t id_len = 0;
  while (id_len < id.size() && id[id_len] != 0) ++id_len;
  e.view_id = as_string(id.first(id_len));
  e.seq_number = static_cast<int64_t>(seq);
  if (count > r.remaining() / 6) return ctx.overrun(std::to_string(count) + " certification-info entries");
  e.certification_info.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint16_t key_len = 0;
    uint32_t value_len = 0;
    std::span<const uint8_t> key, value;
    if (!r.u16(key_len) || !r.bytes(key_len, key) || !r.u32(value_len) ||
        !r.bytes(value_len, value)) {
      return ctx.overrun("certification-info entry " + std::to_string(i));
    }
    e.certification_info.emplace_back(as_string(key), as_string(value));
  }
  return e;
}

cdc::Result<BinlogCheckpointEvent> decode_binlog_checkpoint(const EventContext& ctx) {
  ByteReader r(ctx.body);
  uint32_t len = 0;
  std::span<const uint8_t> name;
  if (!r.u32(len)) return ctx.overrun("file name length");
  if (!r.bytes(len, name)) return ctx.overrun("file name (" + std::to_string(len) + " bytes)");
  return BinlogCheckpointEvent{as_string(name)};
}

}  // namespace detail
}  // namespace binlog
