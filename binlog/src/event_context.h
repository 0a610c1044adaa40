// Internal: what each event decoder gets (header, body bounds, format) and the helpers that
// build error values naming the event and its position.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "binlog/binlog.h"

namespace binlog::detail {

// Position of an event in its binlog: next_pos - event_size when the header allows it.
std::optional<uint64_t> event_position(const EventHeader& h);

struct EventContext {
  EventHeader header;
  std::span<const uint8_t> body;  // after the common header, before the checksum
  const FormatDescriptionEvent* format = nullptr;  // null before the first FORMAT_DESCRIPTION

  // "TABLE_MAP_EVENT at position 1234" (or "... at unknown position").
  std::string where() const;
  // Post-header length for this event's type from the FORMAT_DESCRIPTION, else `fallback`.
  uint8_t post_header_len(uint8_t fallback) const;
  bool mariadb() const { return format != nullptr && format->is_mariadb(); }

  cdc::Error error(Errc code, std::string_view what) const;
  // "<what> runs past the end of the event" as Errc::truncated.
  cdc::Error overrun(std::string_view what) const;
};

// Decoders of event bodies, one per file.
cdc::Result<QueryEvent> decode_query(const EventContext& ctx, uint32_t max_inflated_size);
cdc::Result<RotateEvent> decode_rotate(const EventContext& ctx);
cdc::Result<XidEvent> decode_xid(const EventContext& ctx);
cdc::Result<HeartbeatEvent> decode_heartbeat(const EventContext& ctx);
cdc::Result<HeartbeatEvent> decode_heartbeat_v2(const EventContext& ctx);
cdc::Result<GtidEvent> decode_mysql_gtid(const EventContext& ctx);
cdc::Result<GtidEvent> decode_tagged_gtid(const EventContext& ctx);
cdc::Result<GtidEvent> decode_mariadb_gtid(const EventContext& ctx);
cdc::Result<TableMap> decode_table_map(const EventContext& ctx);
cdc::Result<RowsEvent> decode_rows(const EventContext& ctx, uint32_t max_inflated_size);
cdc::Result<TransactionPayloadEvent> decode_transaction_payload(const EventContext& ctx);
cdc::Result<PreviousGtidsEvent> decode_previous_gtids(const EventContext& ctx);
cdc::Result<GtidListEvent> decode_gtid_list(const EventContext& ctx);
cdc::Result<RowsQueryEvent> decode_rows_query(const EventContext& ctx);  // 29 and MariaDB 160
cdc::Result<IntvarEvent> decode_intvar(const EventContext& ctx);
cdc::Result<RandEvent> decode_rand(const EventContext& ctx);
cdc::Result<UserVarEvent> decode_user_var(const EventContext& ctx);
cdc::Result<IncidentEvent> decode_incident(const EventContext& ctx);
cdc::Result<XaPrepareEvent> decode_xa_prepare(const EventContext& ctx);
cdc::Result<ViewChangeEvent> decode_view_change(const EventContext& ctx);
cdc::Result<BinlogCheckpointEvent> decode_binlog_checkpoint(const EventContext& ctx);

// FORMAT_DESCRIPTION: `event` is the whole event (its checksum is handled here, because the
// FDE says itself whether it carries one).
cdc::Result<FormatDescriptionEvent> decode_format_description(const EventHeader& header,
                                                              std::span<const uint8_t> event,
                                                              bool verify_checksum);

// Server version "5.6.1-log" -> {5, 6, 1}; missing parts are 0.
struct VersionTriple {
  unsigned major = 0, minor = 0, patch = 0;
  bool at_least(unsigned a, unsigned b, unsigned c) const {
    if (major != a) return major > a;
    if (minor != b) return minor > b;
    return patch >= c;
  }
};
VersionTriple parse_server_version(std::string_view version);

}  // namespace binlog::detail
