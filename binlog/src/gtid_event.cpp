// GTID events.
//
// MySQL GTID_LOG_EVENT (33) / ANONYMOUS_GTID_LOG_EVENT (34), each part present only from the
// server version noted:
//   1 flags, 16 source uuid, 8 gno (little-endian);
//   5.7.6+: 1 logical-timestamp type code (2), 8 last_committed, 8 sequence_number
//     (this ends the 42-byte post-header);
//   8.0.1+: 7 immediate_commit_timestamp (bit 55 set: 7 original_commit_timestamp follow);
//   8.0.2+: packed transaction_length;
//   8.0.14+: 4 immediate_server_version (bit 31 set: 4 original_server_version follow);
//   8.0.33+: 8 commit_group_ticket.
// MySQL GTID_TAGGED_LOG_EVENT (42, 8.4+): a mysql::serialization message:
//   varlen format version, varlen message size, varlen last non-ignorable field id, then
//   (varlen field id, value) pairs: 0 flags, 1 uuid (16 varlen bytes), 2 gno (zig-zag varlen),
//   3 tag (varlen length + bytes), 4 last_committed, 5 sequence_number (zig-zag), 6
//   immediate_commit_timestamp, 7 original_commit_timestamp, 8 transaction_length, 9
//   immediate_server_version, 10 original_server_version, 11 commit_group_ticket; missing
//   original_* fields equal the immediate_* ones. Unknown field ids end the message.
//   A varlen integer takes 1 + (number of trailing one bits of its first byte) bytes, the
//   value being the little-endian integer shifted right by that byte count (9 bytes: the
//   next 8 bytes as is).
// MariaDB GTID_EVENT (162), body:
//   8 seq_no, 4 domain_id, 1 flags2 (FL_STANDALONE = 1, FL_GROUP_COMMIT_ID = 2, ...),
//   FL_GROUP_COMMIT_ID: 8 commit id; then optional XA data (not read).
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
  constexpr uint8_t kLogicalTimestampTypecode = 2;
  constexpr size_t kPostHeaderWithClock = 42;
  ByteReader r(ctx.body);
  GtidEvent e;
  std::span<const uint8_t> sid;
  uint64_t gno = 0;
  if (!r.u8(e.flags) || !r.bytes(16, sid) || !r.u64(gno)) return ctx.overrun("flags, sid and gno");
  std::copy(sid.begin(), sid.end(), e.sid);
  e.gno = static_cast<int64_t>(gno);
  e.anonymous = ctx.header.type_code == static_cast<uint8_t>(EventType::ANONYMOUS_GTID);
  if (r.remaining() < 17 || r.data()[0] != kLogicalTimestampTypecode) return e;  // 5.6
  uint64_t v = 0;
  r.skip(1);
  r.u64(v);
  e.last_committed = static_cast<int64_t>(v);
  r.u64(v);
  e.sequence_number = static_cast<int64_t>(v);
  const uint8_t phl = ctx.post_header_len(kPostHeaderWithClock);
  if (phl > kPostHeaderWithClock && !r.skip(phl - kPostHeaderWithClock)) return e;
  // 8.0 body: each part is optional, in this order.
  if (!r.has(7)) return e;
  e.immediate_commit_timestamp = le_n(r.data(), 7);
  r.skip(7);
  constexpr uint64_t kTimestampFlag = uint64_t{1} << 55;
  if (e.immediate_commit_timestamp & kTimestampFlag) {
    e.immediate_commit_timestamp &= ~kTimestampFlag;
    if (!r.has(7)) return ctx.overrun("original_commit_timestamp");
    e.original_commit_timestamp = le_n(r.data(), 7);
    r.skip(7);
  } else {
    e.original_commit_timestamp = e.immediate_commit_timestamp;
  }
  if (r.empty()) return e;
  if (!r.packed(e.transaction_length)) return ctx.overrun("transaction_length");
  uint32_t version = 0;
  if (!r.u32(version)) return e;
  constexpr uint32_t kVersionFlag = uint32_t{1} << 31;
  e.immediate_server_version = version & ~kVersionFlag;
  if (version & kVersionFlag) {
    if (!r.u32(e.original_server_version)) return ctx.overrun("original_server_version");
  } else {
    e.original_server_version = e.immediate_server_version;
  }
  r.u64(e.commit_group_ticket);  // 8.0.33+; stays 0 when absent
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
  bool have_gno = false, have_original_ts = false, have_original_version = false;
  uint64_t flags_field = 0;
  int64_t previous_id = -1;
  while (!m.empty()) {
    uint64_t id = 0;
    if (!varlen_u64(m, id)) return ctx.overrun("field id");
    if (static_cast<int64_t>(id) <= previous_id) {
      return ctx.error(Errc::malformed, "field ids out of order");
    }
    previous_id = static_cast<int64_t>(id);
    if (id == 0) {
      if (!varlen_u64(m, flags_field)) return ctx.overrun("flags");
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
    } else if (id == 4 || id == 5) {
      int64_t v = 0;
      if (!varlen_i64(m, v)) return ctx.overrun(id == 4 ? "last_committed" : "sequence_number");
      (id == 4 ? e.last_committed : e.sequence_number) = v;
    } else if (id >= 6 && id <= 11) {
      uint64_t v = 0;
      if (!varlen_u64(m, v)) return ctx.overrun("field " + std::to_string(id));
      switch (id) {
        case 6: e.immediate_commit_timestamp = v; break;
        case 7: e.original_commit_timestamp = v; have_original_ts = true; break;
        case 8: e.transaction_length = v; break;
        case 9: e.immediate_server_version = static_cast<uint32_t>(v); break;
        case 10: e.original_server_version = static_cast<uint32_t>(v); have_original_version = true; break;
        default: e.commit_group_ticket = v; break;
      }
    } else {
      break;  // a field of a later format version: the ones above are all we know
    }
  }
  if (!have_gno) return ctx.error(Errc::malformed, "no gno field");
  if (!have_original_ts) e.original_commit_timestamp = e.immediate_commit_timestamp;
  if (!have_original_version) e.original_server_version = e.immediate_server_version;
  e.flags = static_cast<uint8_t>(flags_field);
  return e;
}

cdc::Result<GtidEvent> decode_mariadb_gtid(const EventContext& ctx) {
  ByteReader r(ctx.body);
  GtidEvent e;
  e.mariadb = true;
  if (!r.u64(e.sequence) || !r.u32(e.domain_id) || !r.u8(e.maria_flags)) {
    return ctx.overrun("seq_no, domain_id and flags");
  }
  constexpr uint8_t kGroupCommitId = 2;
  if ((e.maria_flags & kGroupCommitId) != 0 && !r.u64(e.commit_id)) return ctx.overrun("commit id");
  return e;
}

}  // namespace detail
}  // namespace binlog
