// EventDecoder: the common header, checksum handling and the dispatch to each event's decoder.
//
// Common header (19 bytes, little-endian):
//   4 timestamp, 1 type_code, 4 server_id, 4 event_size, 4 log_pos (next event), 2 flags
// With binlog_checksum=CRC32 (announced by the FORMAT_DESCRIPTION) every event ends with the
// CRC32 of all its preceding bytes.
#include <algorithm>
#include <cstring>

#include "byte_reader.h"
#include "checksum.h"
#include "event_context.h"

namespace binlog {
namespace {

constexpr uint16_t kIgnorableFlag = 0x80;  // LOG_EVENT_IGNORABLE_F
constexpr uint8_t kAuroraPadding = 100;
constexpr uint64_t kDummyTableId = 0xffffffffffffULL;
// Table ids are re-mapped by every statement; past this many entries the cache is dropped at
// the first TABLE_MAP after an end of statement, so a long stream with many table ids does not
// grow without bound.
constexpr size_t kMaxCachedTables = 65536;

// Known events whose body is not expanded: STOP, LOAD DATA events (6-12, 17, 18), pre-GA rows
// events, IGNORABLE, TRANSACTION_CONTEXT.
bool is_known_other(uint8_t t) {
  switch (t) {
    case 3: case 6: case 7: case 8: case 9: case 10: case 11: case 12:
    case 17: case 18: case 20: case 21: case 22: case 28: case 36:
      return true;
    default:
      return false;
  }
}

bool is_rows(uint8_t t) {
  return (t >= 23 && t <= 25) || (t >= 30 && t <= 32) || t == 39 || (t >= 166 && t <= 171);
}

// Events that may come before any FORMAT_DESCRIPTION (a replication stream starts with a fake
// ROTATE; heartbeats can come at any time).
bool allowed_without_format(uint8_t t) { return t == 4 || t == 27 || t == 41 || t == 3; }

EventHeader parse_header(const uint8_t* p) {
  EventHeader h;
  h.timestamp = detail::le32(p);
  h.type_code = p[4];
  h.server_id = detail::le32(p + 5);
  h.event_size = detail::le32(p + 9);
  h.next_pos = detail::le32(p + 13);
  h.flags = detail::le16(p + 17);
  return h;
}

std::string position_text(const EventHeader& h) {
  auto pos = detail::event_position(h);
  return pos ? "position " + std::to_string(*pos) : std::string("unknown position");
}

// An event with `body` constructed in place (a default-constructed Event zeroes the whole
// variant first, which shows in the profile of small events).
template <class T>
cdc::Result<Event> make(const EventHeader& h, T&& body) {
  return Event{h, EventBody(std::in_place_type<std::decay_t<T>>, std::forward<T>(body))};
}

// Decodes a body with `decoder`.
template <class F>
cdc::Result<Event> with_body(const EventHeader& h, F&& decoder) {
  auto body = decoder();
  if (!body.ok()) return body.error();
  return make(h, std::move(body).value());
}

}  // namespace

EventDecoder::EventDecoder(DecoderOptions options) : options_(options) {}

std::shared_ptr<const TableMap> EventDecoder::table(uint64_t table_id) const {
  auto it = tables_.find(table_id);
  return it == tables_.end() ? nullptr : it->second.map;
}

cdc::Result<Event> EventDecoder::decode(std::span<const uint8_t> bytes) {
  return decode_impl(bytes, true);
}

cdc::Result<Event> EventDecoder::decode_impl(std::span<const uint8_t> bytes, bool checksummed) {
  if (bytes.size() < kEventHeaderLength) {
    return make_error(Errc::truncated, "event of " + std::to_string(bytes.size()) +
                                           " bytes is shorter than the 19-byte common header");
  }
  const EventHeader h = parse_header(bytes.data());
  auto type_name = [&] { return std::string(event_type_name(h.type_code)); };
  if (h.event_size < kEventHeaderLength) {
    return make_error(Errc::malformed, type_name() + " at " + position_text(h) +
                                           ": event_size " + std::to_string(h.event_size) +
                                           " is smaller than the common header");
  }
  if (h.event_size > bytes.size()) {
    return make_error(Errc::truncated, type_name() + " at " + position_text(h) +
                                           ": event_size " + std::to_string(h.event_size) +
                                           " but only " + std::to_string(bytes.size()) +
                                           " bytes are available");
  }
  if (h.event_size < bytes.size()) {
    return make_error(Errc::malformed, type_name() + " at " + position_text(h) +
                                           ": event_size " + std::to_string(h.event_size) +
                                           " but " + std::to_string(bytes.size()) +
                                           " bytes were given as one event");
  }
  const uint8_t type = h.type_code;

  if (type == static_cast<uint8_t>(EventType::FORMAT_DESCRIPTION)) {
    if (!checksummed) {
      return make_error(Errc::malformed, "FORMAT_DESCRIPTION_EVENT inside a TRANSACTION_PAYLOAD");
    }
    auto fde = detail::decode_format_description(h, bytes, options_.verify_checksum);
    if (!fde.ok()) return fde.error();
    format_ = fde.value();
    have_format_ = true;
    return make(h, std::move(fde).value());
  }

  detail::EventContext ctx;
  ctx.header = h;
  ctx.format = have_format_ ? &format_ : nullptr;
  const ChecksumAlg alg = !checksummed  ? ChecksumAlg::NONE
                          : have_format_ ? format_.checksum
                                         : options_.initial_checksum;
  size_t body_end = bytes.size();
  if (alg == ChecksumAlg::CRC32) {
    if (bytes.size() < kEventHeaderLength + detail::kChecksumLength) {
      return ctx.error(Errc::malformed, "event too short to carry its CRC32");
    }
    if (options_.verify_checksum) {
      const detail::ChecksumCheck c = detail::check_crc32(bytes, false);
      if (!c.ok()) {
        return ctx.error(Errc::checksum_mismatch,
                         "CRC32 mismatch (stored " + std::to_string(c.stored) + ", computed " +
                             std::to_string(c.computed) + ")");
      }
    }
    body_end -= detail::kChecksumLength;
  }
  const size_t header_len = have_format_ ? format_.header_length : kEventHeaderLength;
  if (header_len > body_end) return ctx.overrun("common header");
  ctx.body = bytes.subspan(header_len, body_end - header_len);

  if (!have_format_ && !allowed_without_format(type) && type != 1) {
    return ctx.error(Errc::malformed, "no FORMAT_DESCRIPTION_EVENT before this event");
  }

  switch (type) {
    case 1:
      return ctx.error(Errc::unsupported, "binlog versions 1 and 3 (MySQL < 5.0) are not supported");
    case 2:
    case 165:
      return with_body(h, [&] { return detail::decode_query(ctx, options_.max_inflated_size); });
    case 5:
      return with_body(h, [&] { return detail::decode_intvar(ctx); });
    case 13:
      return with_body(h, [&] { return detail::decode_rand(ctx); });
    case 14:
      return with_body(h, [&] { return detail::decode_user_var(ctx); });
    case 26:
      return with_body(h, [&] { return detail::decode_incident(ctx); });
    case 29:
    case 160:
      return with_body(h, [&] { return detail::decode_rows_query(ctx); });
    case 35:
      return with_body(h, [&] { return detail::decode_previous_gtids(ctx); });
    case 37:
      return with_body(h, [&] { return detail::decode_view_change(ctx); });
    case 38:
      return with_body(h, [&] { return detail::decode_xa_prepare(ctx); });
    case 40:
      return with_body(h, [&] { return detail::decode_transaction_payload(ctx); });
    case 161:
      return with_body(h, [&] { return detail::decode_binlog_checkpoint(ctx); });
    case 163:
      return with_body(h, [&] { return detail::decode_gtid_list(ctx); });
    case 4: {
      auto r = detail::decode_rotate(ctx);
      if (!r.ok()) return r.error();
      return make(h, std::move(r).value());
    }
    case 16: {
      auto x = detail::decode_xid(ctx);
      if (!x.ok()) return x.error();
      return make(h, x.value());
    }
    case 27:
    case 41: {
      auto hb = type == 27 ? detail::decode_heartbeat(ctx) : detail::decode_heartbeat_v2(ctx);
      if (!hb.ok()) return hb.error();
      return make(h, std::move(hb).value());
    }
    case 33:
    case 34:
    case 42:
    case 162: {
      auto g = type == 162  ? detail::decode_mariadb_gtid(ctx)
               : type == 42 ? detail::decode_tagged_gtid(ctx)
                            : detail::decode_mysql_gtid(ctx);
      if (!g.ok()) return g.error();
      return make(h, std::move(g).value());
    }
    case 19: {
      // A TABLE_MAP is re-sent before every statement; identical bytes reuse the decoded map.
      if (ctx.body.size() >= 6) {
        const uint8_t phl = ctx.post_header_len(8);
        const uint64_t id = detail::le_n(ctx.body.data(), phl == 6 ? 4 : 6);
        auto it = tables_.find(id);
        if (it != tables_.end() && it->second.body.size() == ctx.body.size() &&
            std::memcmp(it->second.body.data(), ctx.body.data(), ctx.body.size()) == 0) {
          return make(h, it->second.map);
        }
      }
      if (prune_tables_) {
        tables_.clear();
        prune_tables_ = false;
      }
      auto t = detail::decode_table_map(ctx);
      if (!t.ok()) return t.error();
      auto map = std::make_shared<const TableMap>(std::move(t).value());
      TableEntry& entry = tables_[map->table_id];
      entry.map = map;
      entry.body.assign(ctx.body.begin(), ctx.body.end());
      return make(h, std::move(map));
    }
    case 164:
      return ctx.error(Errc::encrypted,
                       "the binlog is encrypted (MariaDB encrypt_binlog); decrypting is not supported");
    default:
      break;
  }

  if (is_rows(type)) {
    auto rows = detail::decode_rows(ctx, options_.max_inflated_size);
    if (!rows.ok()) return rows.error();
    RowsEvent& r = rows.value();
    if (!r.rows.empty() && r.table_id != kDummyTableId && tables_.count(r.table_id) == 0) {
      return ctx.error(Errc::unknown_table, "table id " + std::to_string(r.table_id) +
                                                " has no TABLE_MAP_EVENT before it");
    }
    if (r.end_of_statement() && tables_.size() > kMaxCachedTables) prune_tables_ = true;
    return make(h, std::move(r));
  }
  if (is_known_other(type)) {
    return make(h, OtherEvent{type});
  }
  if ((h.flags & kIgnorableFlag) != 0 || type == kAuroraPadding) {
    return make(h, UnknownEvent{type});
  }
  return ctx.error(Errc::unsupported, "unknown event type " + std::to_string(type) +
                                          " without the LOG_EVENT_IGNORABLE_F flag");
}

}  // namespace binlog
