// Rows events: WRITE/UPDATE/DELETE_ROWS v1 (23-25), v2 (30-32), PARTIAL_UPDATE_ROWS (39) and
// MariaDB's compressed rows events (166-168 v1, 169-171 v2).
//
// Post-header: table_id (6 bytes; 4 when the post-header length is 6), flags (2),
//   v2 only: extra_data_len (2, counting itself), followed by extra_data_len - 2 bytes.
// Body: packed column_count, columns-present bitmap ceil(n/8) bytes, for updates a second
//   bitmap for the after image, then the row images up to the end of the event (read by
//   RowReader).
// MariaDB compressed: the row images are compressed (see mariadb_compression.h).
#include "byte_reader.h"
#include "event_context.h"
#include "mariadb_compression.h"

namespace binlog::detail {
namespace {

struct RowsTraits {
  RowsKind kind;
  uint8_t version;
  bool compressed;
  bool partial;
};

RowsTraits traits_of(uint8_t type) {
  switch (type) {
    case 23: return {RowsKind::write, 1, false, false};
    case 24: return {RowsKind::update, 1, false, false};
    case 25: return {RowsKind::delete_, 1, false, false};
    case 30: return {RowsKind::write, 2, false, false};
    case 31: return {RowsKind::update, 2, false, false};
    case 32: return {RowsKind::delete_, 2, false, false};
    case 39: return {RowsKind::update, 2, false, true};
    case 166: return {RowsKind::write, 1, true, false};
    case 167: return {RowsKind::update, 1, true, false};
    case 168: return {RowsKind::delete_, 1, true, false};
    case 169: return {RowsKind::write, 2, true, false};
    case 170: return {RowsKind::update, 2, true, false};
    default: return {RowsKind::delete_, 2, true, false};  // 171
  }
}

}  // namespace

cdc::Result<RowsEvent> decode_rows(const EventContext& ctx, uint32_t max_inflated_size) {
  const RowsTraits tr = traits_of(ctx.header.type_code);
  const uint8_t phl = ctx.post_header_len(tr.version == 2 ? 10 : 8);
  const size_t id_len = phl == 6 ? 4 : 6;
  const size_t fixed = id_len + 2 + (tr.version == 2 ? 2 : 0);
  if (phl < fixed) return ctx.error(Errc::malformed, "post-header length " + std::to_string(phl));

  ByteReader r(ctx.body);
  RowsEvent e;
  e.kind = tr.kind;
  e.version = tr.version;
  e.partial_json = tr.partial;
  if (!r.has(phl)) return ctx.overrun("post-header");
  e.table_id = le_n(r.data(), id_len);
  r.skip(id_len);
  r.u16(e.flags);
  uint16_t extra_len = 0;
  if (tr.version == 2) {
    r.u16(extra_len);
    if (extra_len < 2) {
      return ctx.error(Errc::malformed, "extra data length " + std::to_string(extra_len) + " < 2");
    }
  }
  r.skip(phl - fixed);
  if (tr.version == 2 && !r.skip(extra_len - 2u)) return ctx.overrun("extra row data");

  uint64_t count = 0;
  if (!r.packed(count)) return ctx.overrun("column count");
  if (count > static_cast<uint64_t>(r.remaining()) * 8) {
    return ctx.overrun("column bitmap (" + std::to_string(count) + " columns)");
  }
  e.column_count = static_cast<uint32_t>(count);
  const size_t bitmap_len = (e.column_count + 7) / 8;
  std::span<const uint8_t> bits;
  if (!r.bytes(bitmap_len, bits)) return ctx.overrun("column bitmap");
  e.columns_before = bits;
  if (e.kind == RowsKind::update) {
    if (!r.bytes(bitmap_len, bits)) return ctx.overrun("after-image column bitmap");
  }
  e.columns_after = bits;
  e.rows = r.rest();
  if (tr.compressed) {
    auto inflated = mariadb_uncompress(ctx, e.rows, max_inflated_size, "rows");
    if (!inflated.ok()) return inflated.error();
    e.owned = std::move(inflated).value();
    e.rows = std::span<const uint8_t>(e.owned->data(), e.owned->size());
  }
  return e;
}

}  // namespace binlog::detail

namespace binlog {

void RowsEvent::rebase(std::span<const uint8_t> from, std::span<const uint8_t> to) {
  auto move = [&](std::span<const uint8_t>& s) {
    if (s.data() == nullptr || s.data() < from.data() || s.data() + s.size() > from.data() + from.size()) return;
    const auto offset = static_cast<size_t>(s.data() - from.data());
    if (offset + s.size() <= to.size()) s = to.subspan(offset, s.size());
  };
  move(columns_before);
  move(columns_after);
  move(rows);
}

}  // namespace binlog
