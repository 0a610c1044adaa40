// RowReader: the row images of one rows event.
//
// Each image: a null bitmap with one bit per column present in the image (LSB first), then
// the values of the present, non-null columns in column order. Updates carry a before and an
// after image per row. PARTIAL_UPDATE_ROWS puts a "shared image" between them: packed
// value_options, and when its bit 0 (PARTIAL_JSON_UPDATES) is set, a bitmap with one bit per
// JSON column of the table marking the columns whose after value is a JSON diff.
#include <bit>
#include <string>

#include "byte_reader.h"
#include "column_value.h"

namespace binlog {
namespace {

inline bool bit_lsb(const uint8_t* bitmap, size_t i) { return (bitmap[i >> 3] >> (i & 7)) & 1; }

size_t popcount_bits(std::span<const uint8_t> bitmap, size_t nbits) {
  size_t count = 0;
  const size_t full = nbits / 8;
  for (size_t i = 0; i < full; ++i) count += static_cast<size_t>(std::popcount(bitmap[i]));
  if (nbits % 8 != 0) {
    const unsigned mask = (1u << (nbits % 8)) - 1;
    count += static_cast<size_t>(std::popcount(static_cast<unsigned>(bitmap[full] & mask)));
  }
  return count;
}

std::string describe(const TableMap& t, size_t offset) {
  return "rows of `" + t.database + "`.`" + t.table + "` (table id " + std::to_string(t.table_id) +
         "), row image at byte " + std::to_string(offset);
}

cdc::Error image_error(const TableMap& t, size_t offset, Errc code, std::string_view what) {
  return make_error(code, describe(t, offset) + ": " + std::string(what));
}

cdc::Error column_error(const TableMap& t, size_t offset, size_t column, detail::ValueStatus st) {
  const ColumnInfo& col = t.columns[column];
  std::string what = "column " + std::to_string(column + 1);
  if (!col.name.empty()) what += " `" + col.name + "`";
  what += " (" + std::string(column_type_name(col.type)) + ", meta " + std::to_string(col.meta) +
          "): " + st.what;
  return image_error(t, offset, st.code, what);
}

// Which JSON columns of a PARTIAL_UPDATE_ROWS after image hold a diff: a bitmap inside the
// rows buffer, one bit per JSON column of the table (LSB first), or null when none.
struct PartialJson {
  const uint8_t* bits = nullptr;
};

// Reads the shared image of a PARTIAL_UPDATE_ROWS event.
cdc::Result<void> read_shared_image(const TableMap& t, std::span<const uint8_t> rows,
                                    size_t& offset, PartialJson& partial) {
  detail::ByteReader r(rows.subspan(offset));
  uint64_t options = 0;
  if (!r.packed(options)) {
    return image_error(t, offset, Errc::truncated, "value_options runs past the end");
  }
  partial.bits = nullptr;
  if (options & 1) {  // PARTIAL_JSON_UPDATES
    size_t json_columns = 0;
    for (const auto& c : t.columns) json_columns += c.type == ColumnType::JSON;
    std::span<const uint8_t> bits;
    if (!r.bytes((json_columns + 7) / 8, bits)) {
      return image_error(t, offset, Errc::truncated, "partial JSON bitmap runs past the end");
    }
    partial.bits = bits.data();
  }
  offset += r.position();
  return {};
}

// A JSON diff list: 4-byte little-endian length, then the diffs.
detail::ValueStatus read_json_diff(const uint8_t*& p, const uint8_t* end, Value& v) {
  if (end - p < 4) return {Errc::truncated, "JSON diff length runs past the end of the rows"};
  const uint32_t len = detail::le32(p);
  p += 4;
  if (static_cast<size_t>(end - p) < len) return {Errc::truncated, "JSON diff runs past the end of the rows"};
  v.kind = ValueKind::bytes;
  v.json_diff = true;
  v.bytes = std::string_view(reinterpret_cast<const char*>(p), len);
  p += len;
  return {};
}

// Value{} without zeroing the 72-byte decimal_text (text() reads decimal_len bytes): the
// full reset costs more than decoding most values. Keep in step with binlog::Value.
inline void reset(Value& v, ColumnType type) {
  v.kind = ValueKind::null;
  v.type = type;
  v.i = 0;
  v.u = 0;
  v.d = 0;
  v.f = 0;
  v.bytes = {};
  v.collation = 0;
  v.bits = 0;
  v.json_diff = false;
  v.negative = false;
  v.year = 0;
  v.month = v.day = v.minute = v.second = 0;
  v.hour = 0;
  v.micros = 0;
  v.fsp = 0;
  v.epoch_seconds = 0;
  v.decimal_len = 0;
}

cdc::Result<void> read_image(const TableMap& t, const RowsEvent& e,
                             std::span<const uint8_t> bitmap, size_t& offset, Row& row,
                             PartialJson partial = {}) {
  const size_t n = t.columns.size();
  const size_t width = e.column_count;
  if (width > n) {
    return image_error(t, offset, Errc::malformed,
                       "the event has " + std::to_string(width) + " columns, the TABLE_MAP " +
                           std::to_string(n));
  }
  if (bitmap.size() < (width + 7) / 8) {
    return image_error(t, offset, Errc::malformed, "column bitmap shorter than the column count");
  }
  if (row.values.size() != n) row.values.resize(n);
  if (row.present.size() != n) row.present.resize(n);

  const uint8_t* const begin = e.rows.data();
  const uint8_t* const end = begin + e.rows.size();
  const uint8_t* p = begin + offset;
  const size_t null_bytes = (popcount_bits(bitmap, width) + 7) / 8;
  if (static_cast<size_t>(end - p) < null_bytes) {
    return image_error(t, offset, Errc::truncated, "null bitmap runs past the end of the rows");
  }
  const uint8_t* const nulls = p;
  p += null_bytes;
  size_t k = 0;     // index among present columns
  size_t json = 0;  // index among JSON columns (partial JSON bitmap)
  for (size_t i = 0; i < n; ++i) {
    Value& v = row.values[i];
    const ColumnInfo& col = t.columns[i];
    reset(v, col.type);
    const bool present = i < width && bit_lsb(bitmap.data(), i);
    const bool diff = col.type == ColumnType::JSON && partial.bits != nullptr &&
                      bit_lsb(partial.bits, json);
    json += col.type == ColumnType::JSON;
    row.present[i] = present;
    if (!present) continue;
    if (bit_lsb(nulls, k++)) continue;
    const detail::ValueStatus st =
        diff ? read_json_diff(p, end, v) : detail::decode_value(col, p, end, v);
    if (!st.ok()) return column_error(t, offset, i, st);
  }
  offset = static_cast<size_t>(p - begin);
  return {};
}

}  // namespace

RowReader::RowReader(const TableMap& table, const RowsEvent& event) : table_(table), event_(event) {}

cdc::Result<bool> RowReader::next(Row& before, Row& after) {
  if (offset_ >= event_.rows.size()) return false;
  const size_t start = offset_;
  switch (event_.kind) {
    case RowsKind::write:
      CDC_TRY(read_image(table_, event_, event_.columns_before, offset_, after));
      break;
    case RowsKind::delete_:
      CDC_TRY(read_image(table_, event_, event_.columns_before, offset_, before));
      break;
    case RowsKind::update:
      CDC_TRY(read_image(table_, event_, event_.columns_before, offset_, before));
      if (event_.partial_json) {
        PartialJson partial;
        CDC_TRY(read_shared_image(table_, event_.rows, offset_, partial));
        CDC_TRY(read_image(table_, event_, event_.columns_after, offset_, after, partial));
      } else {
        CDC_TRY(read_image(table_, event_, event_.columns_after, offset_, after));
      }
      break;
  }
  if (offset_ == start) {  // no column in the images: the row would repeat forever
    return image_error(table_, start, Errc::malformed, "row images without any column");
  }
  return true;
}

}  // namespace binlog
