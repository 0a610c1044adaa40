// Small fixed-layout events.
//
// ROTATE_EVENT (4):    post-header 8: position of the first event in the next file;
//                      body: next file name up to the end of the event (no NUL).
//                      The fake ROTATE a server sends first in a replication stream has
//                      timestamp 0 and log_pos 0; it decodes the same way.
// XID_EVENT (16):      body: 8-byte transaction id (little-endian).
// HEARTBEAT_LOG_EVENT (27): body: current binlog file name; log_pos of the header is the
//                      position in that file.
// HEARTBEAT_LOG_EVENT_V2 (41, MySQL 8.0.26+ when the replica asks for it): (packed type,
//                      packed length, value) fields up to type 0 (end mark): 1 = file name,
//                      2 = position (a packed integer); unknown fields are skipped.
#include "byte_reader.h"
#include "event_context.h"

namespace binlog::detail {

cdc::Result<RotateEvent> decode_rotate(const EventContext& ctx) {
  const uint8_t phl = ctx.post_header_len(8);
  ByteReader r(ctx.body);
  RotateEvent e;
  if (phl >= 8) {
    if (!r.u64(e.position) || !r.skip(phl - 8)) return ctx.overrun("post-header");
  } else {
    e.position = 4;  // binlog v1-v3 had no position
    if (!r.skip(phl)) return ctx.overrun("post-header");
  }
  const auto rest = r.rest();
  e.next_file.assign(reinterpret_cast<const char*>(rest.data()), rest.size());
  return e;
}

cdc::Result<XidEvent> decode_xid(const EventContext& ctx) {
  if (ctx.body.size() != 8) {
    return ctx.error(Errc::malformed,
                     "body is " + std::to_string(ctx.body.size()) + " bytes, expected 8");
  }
  XidEvent e;
  e.xid = le64(ctx.body.data());
  return e;
}

cdc::Result<HeartbeatEvent> decode_heartbeat(const EventContext& ctx) {
  HeartbeatEvent e;
  e.log_file.assign(reinterpret_cast<const char*>(ctx.body.data()), ctx.body.size());
  e.position = ctx.header.next_pos;
  return e;
}

cdc::Result<HeartbeatEvent> decode_heartbeat_v2(const EventContext& ctx) {
  HeartbeatEvent e;
  e.position = ctx.header.next_pos;
  ByteReader r(ctx.body);
  while (!r.empty()) {
    uint64_t type = 0, len = 0;
    if (!r.packed(type)) return ctx.overrun("field type");
    if (type == 0) break;
    std::span<const uint8_t> value;
    if (!r.packed(len) || len > r.remaining() || !r.bytes(static_cast<size_t>(len), value)) {
      return ctx.overrun("field " + std::to_string(type));
    }
    if (type == 1) {
      e.log_file.assign(reinterpret_cast<const char*>(value.data()), value.size());
    } else if (type == 2) {
      ByteReader v(value);
      if (!v.packed(e.position)) return ctx.error(Errc::malformed, "bad log position field");
    }
  }
  return e;
}

}  // namespace binlog::detail
