// GTID events.
//
// MySQL GTID_LOG_EVENT (33) / ANONYMOUS_GTID_LOG_EVENT (34), body:
//   1 flags, 16 source uuid, 8 gno (little-endian); then (5.7+) logical clock and (8.0+)
//   commit timestamps, transaction length and server versions, which are not read here.
// MySQL GTID_TAGGED_LOG_EVENT (42, 8.4+): a mysql::serialization message:
//   varlen format version, varlen message size, varlen last non-ignorable field id, then
//   (varlen field id, value) pairs: 0 flags, 1 uuid (16 varlen bytes), 2 gno (zig-zag varlen),
//   3 tag (varlen length + bytes), 4.. logical clock, timestamps, ... (not read).
//   A varlen integer takes 1 + (number of trailing one bits of its first byte) bytes, the
//   value being the little-endian integer shifted right by that byte count (9 bytes: the
//   next 8 bytes as is).
// MariaDB GTID_EVENT (162), body:
//   8 seq_no, 4 domain_id, 1 flags2 (FL_STANDALONE = 1, FL_GROUP_COMMIT_ID = 2, ...),
//   then optional commit id / XA data (not read).
#include <algorithm>
#include <bit>
#include <cstdio>

#include "byte_reader.h"
#include "event_context.h"

namespace binlog {

bool GtidEvent::standalone() const { return mariadb && (maria_flags & 0x1) != 0; }

std::string GtidEvent::to_string(uint32_t header_server_id) const {
  if (mariadb) {
    return std::to_string(domain_id) + "-" + std::to_string(header_server_id) + "-" +
           std::to_string(sequence);
  }
  if (anonymous) return "ANONYMOUS";
  char uuid[37];
  std::snprintf(uuid, sizeof(uuid),
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", sid[0],
                sid[1], sid[2], sid[3], sid[4], sid[5], sid[6], sid[7], sid[8], sid[9], sid[10],
                sid[11], sid[12], sid[13], sid[14], sid[15]);
  std::string s(uuid, 36);
  s += ':';
  if (!tag.empty()) {
    s += tag;
    s += ':';
  }
  s += std::to_string(gno);
  return s;
}

namespace detail {
namespace {

bool varlen_u64(ByteReader& r, uint64_t& v) {
  if (!r.has(1)) return false;
  const uint8_t first = r.data()[0];
  const size_t n = 1 + static_cast<size_t>(std::countr_one(first));
  if (!r.has(n)) return false;
  if (n == 9) {
    v = le64(r.data() + 1);
  } else {
    v = le_n(r.data(), n) >> n;
  }
  return r.skip(n);
}

bool varlen_i64(ByteReader& r, int64_t& v) {
  uint64_t u = 0;
  if (!varlen_u64(r, u)) return false;
  v = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
  return true;
}

}  // namespace

cdc::Result<GtidEvent> decode_mysql_gtid(const EventContext& ctx) {
  ByteReader r(ctx.body);
  GtidEvent e;
  uint8_t flags = 0;
  std::span<const uint8_t> sid;
  uint64_t gno = 0;
  if (!r.u8(flags) || !r.bytes(16, sid) || !r.u64(gno)) return ctx.overrun("flags, sid and gno");
  std::copy(sid.begin(), sid.end(), e.sid);
  e.gno = static_cast<int64_t>(gno);
  e.anonymous = ctx.header.type_code == static_cast<uint8_t>(EventType::ANONYMOUS_GTID);
  return e;
}

cdc::Result<GtidEvent> decode_tagged_gtid(const EventContext& ctx) {
  ByteReader r(ctx.body);
  uint64_t version = 0, size = 0, last_non_ignorable = 0;
  if (!varlen_u64(r, version) || !varlen_u64(r, size) || !varlen_u64(r, last_non_ignorable)) {
    return ctx.overrun("serialization header");
  }
  if (size > ctx.body.size()) {
    return ctx.error(Errc::malformed, "message size " + std::to_string(size) +
                                          " exceeds the body (" +
                                          std::to_string(ctx.body.size()) + " bytes)");
  }
  ByteReader m(ctx.body.first(static_cast<size_t>(size)));
  m.skip(r.position());
  GtidEvent e;
  bool have_gno = false;
  int64_t previous_id = -1;
  while (!m.empty()) {
    uint64_t id = 0;
    if (!varlen_u64(m, id)) return ctx.overrun("field id");
    if (static_cast<int64_t>(id) <= previous_id) {
      return ctx.error(Errc::malformed, "field ids out of order");
    }
    previous_id = static_cast<int64_t>(id);
    if (id == 0) {
      uint64_t flags = 0;
      if (!varlen_u64(m, flags)) return ctx.overrun("flags");
    } else if (id == 1) {
      for (uint8_t& b : e.sid) {
        uint64_t byte = 0;
        if (!varlen_u64(m, byte)) return ctx.overrun("uuid");
        if (byte > 0xff) return ctx.error(Errc::malformed, "uuid byte out of range");
        b = static_cast<uint8_t>(byte);
      }
    } else if (id == 2) {
      if (!varlen_i64(m, e.gno)) return ctx.overrun("gno");
      have_gno = true;
    } else if (id == 3) {
      uint64_t len = 0;
      std::string_view tag;
      if (!varlen_u64(m, len)) return ctx.overrun("tag length");
      if (len > m.remaining() || !m.str(static_cast<size_t>(len), tag)) return ctx.overrun("tag");
      e.tag.assign(tag);
    } else {
      break;  // logical clock, timestamps, ...: not needed here
    }
  }
  if (!have_gno) return ctx.error(Errc::malformed, "no gno field");
  return e;
}

cdc::Result<GtidEvent> decode_mariadb_gtid(const EventContext& ctx) {
  ByteReader r(ctx.body);
  GtidEvent e;
  e.mariadb = true;
  if (!r.u64(e.sequence) || !r.u32(e.domain_id) || !r.u8(e.maria_flags)) {
    return ctx.overrun("seq_no, domain_id and flags");
  }
  return e;
}

}  // namespace detail
}  // namespace binlog
