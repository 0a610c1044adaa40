// Rows events: WRITE/UPDATE/DELETE_ROWS v1 (23-25), v2 (30-32), PARTIAL_UPDATE_ROWS (39) and
// MariaDB's compressed rows events (166-168 v1, 169-171 v2).
//
// Post-header: table_id (6 bytes; 4 when the post-header length is 6), flags (2),
//   v2 only: extra_data_len (2, counting itself), followed by extra_data_len - 2 bytes.
// Body: packed column_count, columns-present bitmap ceil(n/8) bytes, for updates a second
//   bitmap for the after image, then the row images up to the end of the event (read by
//   RowReader).
// MariaDB compressed: the row images are replaced by
//   1 header byte 0x80 | length-of-length (1-4; bits 4-6 = algorithm, 0 = zlib),
//   the uncompressed size in that many bytes, big-endian, then a zlib stream.
#include <zlib.h>

#include "byte_reader.h"
#include "event_context.h"

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

// zlib's worst case expansion is about 1032:1; anything above cannot be a valid stream.
constexpr uint64_t kMaxDeflateRatio = 1032;

cdc::Result<void> inflate_rows(const EventContext& ctx, RowsEvent& e, uint32_t max_size) {
  ByteReader r(e.rows);
  uint8_t head = 0;
  if (!r.u8(head)) return ctx.overrun("compressed rows header");
  const uint8_t lenlen = head & 0x07;
  if ((head & 0x80) == 0 || lenlen < 1 || lenlen > 4) {
    return ctx.error(Errc::malformed, "bad compressed rows header byte " + std::to_string(head));
  }
  if ((head & 0x70) != 0) {
    return ctx.error(Errc::unsupported, "compression algorithm " +
                                            std::to_string((head & 0x70) >> 4) +
                                            " (only zlib = 0 is known)");
  }
  if (!r.has(lenlen)) return ctx.overrun("uncompressed size");
  const uint64_t size = be_n(r.data(), lenlen);
  r.skip(lenlen);
  const auto stream = r.rest();
  if (size > max_size || size > stream.size() * kMaxDeflateRatio + 64) {
    return ctx.error(Errc::malformed, "uncompressed size " + std::to_string(size) +
                                          " is not plausible for " +
                                          std::to_string(stream.size()) +
                                          " compressed bytes (limit " +
                                          std::to_string(max_size) + ")");
  }
  auto out = std::make_shared<std::vector<uint8_t>>(static_cast<size_t>(size));
  uLongf produced = static_cast<uLongf>(size);
  // uncompress() needs a non-null destination even for an empty result.
  uint8_t dummy = 0;
  const int rc = uncompress(out->empty() ? &dummy : out->data(), &produced, stream.data(),
                            static_cast<uLong>(stream.size()));
  if (rc != Z_OK || produced != size) {
    return ctx.error(Errc::malformed, "zlib stream of the rows does not inflate to " +
                                          std::to_string(size) + " bytes (zlib code " +
                                          std::to_string(rc) + ")");
  }
  e.rows = std::span<const uint8_t>(out->data(), out->size());
  e.owned = std::move(out);
  return {};
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
  e.columns_before.assign(bits.begin(), bits.end());
  if (e.kind == RowsKind::update) {
    if (!r.bytes(bitmap_len, bits)) return ctx.overrun("after-image column bitmap");
  }
  e.columns_after.assign(bits.begin(), bits.end());
  e.rows = r.rest();
  if (tr.compressed) CDC_TRY(inflate_rows(ctx, e, max_inflated_size));
  return e;
}

}  // namespace binlog::detail
