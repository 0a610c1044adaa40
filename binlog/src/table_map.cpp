// TABLE_MAP_EVENT (19).
//
// Post-header: table_id (6 bytes; 4 when the post-header length is 6), flags (2).
// Body:
//   1 db_len, db, NUL, 1 table_len, table, NUL,
//   packed column_count, column_count type bytes,
//   packed metadata length, metadata block (per column, by type: see read_column_meta),
//   null bitmap ceil(column_count / 8) bytes (bit i = column i nullable, LSB first),
//   optional metadata up to the end: (1 type, packed length, value) TLVs:
//     1 SIGNEDNESS           bitmap over numeric columns, MSB first, 1 = unsigned
//     2 DEFAULT_CHARSET      packed default collation, then (packed index among character
//                            columns, packed collation) pairs for the exceptions
//     3 COLUMN_CHARSET       packed collation per character column
//     4 COLUMN_NAME          (packed length, name) per column
//     5 SET_STR_VALUE        per SET column: packed count, (packed length, value) * count
//     6 ENUM_STR_VALUE       the same for ENUM columns
//     7 GEOMETRY_TYPE        packed geometry type per GEOMETRY column
//     8 SIMPLE_PRIMARY_KEY   packed column indexes
//     9 PRIMARY_KEY_WITH_PREFIX (packed column index, packed prefix length) pairs
//    10 ENUM_AND_SET_DEFAULT_CHARSET, 11 ENUM_AND_SET_COLUMN_CHARSET: as 2/3 over ENUM/SET
//    12 COLUMN_VISIBILITY    bitmap over all columns, MSB first, 1 = visible
//    13 VECTOR_DIMENSIONALITY packed dimensions per VECTOR column
//   Unknown TLV types are skipped.
// "Character columns" are CHAR/VARCHAR/TEXT/BLOB (real types STRING, VAR_STRING, VARCHAR,
// BLOB), plus GEOMETRY on MariaDB and VECTOR on MySQL, as each server counts them.
#include <string>

#include "byte_reader.h"
#include "event_context.h"

namespace binlog::detail {
namespace {

using CT = ColumnType;

bool is_blob_family(CT t) {
  return t == CT::BLOB || t == CT::TINY_BLOB || t == CT::MEDIUM_BLOB || t == CT::LONG_BLOB;
}

bool is_numeric(CT t) {
  switch (t) {
    case CT::TINY: case CT::SHORT: case CT::INT24: case CT::LONG: case CT::LONGLONG:
    case CT::NEWDECIMAL: case CT::FLOAT: case CT::DOUBLE:
      return true;
    default:
      return false;
  }
}

bool is_character(CT t, bool mariadb) {
  if (t == CT::STRING || t == CT::VAR_STRING || t == CT::VARCHAR || is_blob_family(t)) return true;
  if (t == CT::GEOMETRY) return mariadb;
  if (t == CT::VECTOR) return !mariadb;
  return false;
}

bool is_enum_or_set(CT t) { return t == CT::ENUM || t == CT::SET; }

// Reads one column's metadata from the TABLE_MAP metadata block into `col`; `col.type` is the
// wire type on entry and the real type on exit (STRING -> ENUM/SET/STRING).
cdc::Result<void> read_column_meta(const EventContext& ctx, ByteReader& m, ColumnInfo& col,
                                   size_t index) {
  auto short_block = [&] {
    return ctx.error(Errc::malformed, "metadata block too short for column " +
                                          std::to_string(index) + " (" +
                                          std::string(column_type_name(col.type)) + ")");
  };
  switch (col.type) {
    case CT::FLOAT: case CT::DOUBLE: case CT::BLOB: case CT::TINY_BLOB: case CT::MEDIUM_BLOB:
    case CT::LONG_BLOB: case CT::GEOMETRY: case CT::JSON: case CT::VECTOR: case CT::TIMESTAMP2:
    case CT::DATETIME2: case CT::TIME2: {
      uint8_t b = 0;
      if (!m.u8(b)) return short_block();
      col.meta = b;
      return {};
    }
    case CT::VARCHAR: case CT::VAR_STRING: {
      uint16_t v = 0;
      if (!m.u16(v)) return short_block();
      col.meta = v;
      return {};
    }
    case CT::BIT: {
      uint8_t bits = 0, bytes = 0;
      if (!m.u8(bits) || !m.u8(bytes)) return short_block();
      col.meta = static_cast<uint16_t>(bytes << 8 | bits);
      return {};
    }
    case CT::NEWDECIMAL: {
      uint8_t precision = 0, scale = 0;
      if (!m.u8(precision) || !m.u8(scale)) return short_block();
      col.meta = static_cast<uint16_t>(precision << 8 | scale);
      return {};
    }
    case CT::STRING: case CT::ENUM: case CT::SET: {
      uint8_t b0 = 0, b1 = 0;
      if (!m.u8(b0) || !m.u8(b1)) return short_block();
      uint8_t real = b0;
      uint16_t length = b1;
      if ((b0 & 0x30) != 0x30) {  // CHAR longer than 255 bytes: length bits 8-9 xor-ed in b0
        length = static_cast<uint16_t>(b1 | (((b0 & 0x30) ^ 0x30) << 4));
        real = static_cast<uint8_t>(b0 | 0x30);
      }
      const CT real_type = static_cast<CT>(real);
      if (real_type == CT::ENUM || real_type == CT::SET) {
        col.type = real_type;
        col.meta = b1;  // storage bytes
      } else if (real_type == CT::STRING || real_type == CT::VAR_STRING) {
        col.type = CT::STRING;
        col.meta = length;
      } else {
        return ctx.error(Errc::malformed, "column " + std::to_string(index) +
                                              ": STRING metadata names real type " +
                                              std::to_string(real));
      }
      return {};
    }
    case CT::TYPED_ARRAY:
      return ctx.error(Errc::unsupported,
                       "column " + std::to_string(index) + " has type TYPED_ARRAY");
    default:
      return {};
  }
}

// Indexes of the columns matching `pred`, in column order.
template <class Pred>
std::vector<size_t> select_columns(const TableMap& t, Pred pred) {
  std::vector<size_t> out;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (pred(t.columns[i])) out.push_back(i);
  }
  return out;
}

bool bit_msb_first(std::span<const uint8_t> bitmap, size_t i) {
  return (bitmap[i / 8] >> (7 - i % 8)) & 1;
}

class OptionalMetadataParser {
 public:
  OptionalMetadataParser(const EventContext& ctx, TableMap& table)
      : ctx_(ctx), t_(table), mariadb_(ctx.mariadb()) {}

  cdc::Result<void> parse(std::span<const uint8_t> block) {
    ByteReader r(block);
    while (!r.empty()) {
      uint8_t type = 0;
      uint64_t len = 0;
      std::span<const uint8_t> value;
      if (!r.u8(type) || !r.packed(len)) return ctx_.overrun("optional metadata field header");
      if (len > r.remaining() || !r.bytes(static_cast<size_t>(len), value)) {
        return ctx_.overrun("optional metadata field " + std::to_string(type));
      }
      CDC_TRY(field(type, value));
    }
    return {};
  }

 private:
  cdc::Error bad(uint8_t type, std::string_view what) const {
    return ctx_.error(Errc::malformed,
                      "optional metadata field " + std::to_string(type) + ": " + std::string(what));
  }

  cdc::Result<void> field(uint8_t type, std::span<const uint8_t> value) {
    ByteReader v(value);
    switch (type) {
      case 1: {  // SIGNEDNESS
        const auto cols = select_columns(t_, [](const ColumnInfo& c) { return is_numeric(c.type); });
        if (value.size() < (cols.size() + 7) / 8) return bad(type, "bitmap shorter than the numeric columns");
        for (size_t k = 0; k < cols.size(); ++k) t_.columns[cols[k]].is_unsigned = bit_msb_first(value, k);
        return {};
      }
      case 2:    // DEFAULT_CHARSET
      case 10: { // ENUM_AND_SET_DEFAULT_CHARSET
        const auto cols = type == 2 ? character_columns() : enum_set_columns();
        uint64_t def = 0;
        if (!v.packed(def) || def > 0xffff) return bad(type, "bad default collation");
        if (type == 2) t_.default_collation = static_cast<uint16_t>(def);
        for (size_t c : cols) t_.columns[c].collation = static_cast<uint16_t>(def);
        while (!v.empty()) {
          uint64_t index = 0, coll = 0;
          if (!v.packed(index) || !v.packed(coll)) return bad(type, "truncated (index, collation) pair");
          if (index >= cols.size() || coll > 0xffff) return bad(type, "column index or collation out of range");
          t_.columns[cols[static_cast<size_t>(index)]].collation = static_cast<uint16_t>(coll);
        }
        return {};
      }
      case 3:    // COLUMN_CHARSET
      case 11: { // ENUM_AND_SET_COLUMN_CHARSET
        const auto cols = type == 3 ? character_columns() : enum_set_columns();
        for (size_t c : cols) {
          uint64_t coll = 0;
          if (!v.packed(coll) || coll > 0xffff) return bad(type, "fewer collations than columns");
          t_.columns[c].collation = static_cast<uint16_t>(coll);
        }
        if (!v.empty()) return bad(type, "more collations than columns");
        return {};
      }
      case 4: {  // COLUMN_NAME
        for (auto& col : t_.columns) {
          uint64_t n = 0;
          std::string_view name;
          if (!v.packed(n) || n > v.remaining() || !v.str(static_cast<size_t>(n), name)) {
            return bad(type, "fewer names than columns");
          }
          col.name.assign(name);
        }
        t_.has_column_names = true;
        return {};
      }
      case 5:    // SET_STR_VALUE
      case 6: {  // ENUM_STR_VALUE
        const CT want = type == 5 ? CT::SET : CT::ENUM;
        for (auto& col : t_.columns) {
          if (col.type != want) continue;
          uint64_t count = 0;
          if (!v.packed(count) || count > v.remaining()) return bad(type, "bad value count");
          col.enum_values.clear();
          col.enum_values.reserve(static_cast<size_t>(count));
          for (uint64_t k = 0; k < count; ++k) {
            uint64_t n = 0;
            std::string_view s;
            if (!v.packed(n) || n > v.remaining() || !v.str(static_cast<size_t>(n), s)) {
              return bad(type, "truncated value");
            }
            col.enum_values.emplace_back(s);
          }
        }
        return {};
      }
      case 7:     // GEOMETRY_TYPE
      case 13: {  // VECTOR_DIMENSIONALITY
        const CT want = type == 7 ? CT::GEOMETRY : CT::VECTOR;
        for (auto& col : t_.columns) {
          if (col.type != want) continue;
          uint64_t x = 0;
          if (!v.packed(x) || x > 0xffffffffu) return bad(type, "fewer values than columns");
          (type == 7 ? col.geometry_type : col.vector_dimensions) = static_cast<uint32_t>(x);
        }
        return {};
      }
      case 8:    // SIMPLE_PRIMARY_KEY
      case 9: {  // PRIMARY_KEY_WITH_PREFIX
        t_.primary_key.clear();
        while (!v.empty()) {
          uint64_t index = 0, prefix = 0;
          if (!v.packed(index) || (type == 9 && !v.packed(prefix))) return bad(type, "truncated entry");
          if (index >= t_.columns.size()) return bad(type, "column index out of range");
          t_.primary_key.push_back(static_cast<uint32_t>(index));
        }
        return {};
      }
      case 12: {  // COLUMN_VISIBILITY
        if (value.size() < (t_.columns.size() + 7) / 8) return bad(type, "bitmap shorter than the columns");
        for (size_t i = 0; i < t_.columns.size(); ++i) t_.columns[i].visible = bit_msb_first(value, i);
        return {};
      }
      default:
        return {};  // unknown field: skipped
    }
  }

  std::vector<size_t> character_columns() const {
    const bool m = mariadb_;
    return select_columns(t_, [m](const ColumnInfo& c) { return is_character(c.type, m); });
  }
  std::vector<size_t> enum_set_columns() const {
    return select_columns(t_, [](const ColumnInfo& c) { return is_enum_or_set(c.type); });
  }

  const EventContext& ctx_;
  TableMap& t_;
  bool mariadb_;
};

}  // namespace

cdc::Result<TableMap> decode_table_map(const EventContext& ctx) {
  const uint8_t phl = ctx.post_header_len(8);
  const size_t id_len = phl == 6 ? 4 : 6;
  if (phl < id_len + 2) return ctx.error(Errc::malformed, "post-header length " + std::to_string(phl));
  ByteReader r(ctx.body);
  TableMap t;
  if (!r.has(id_len)) return ctx.overrun("table id");
  t.table_id = le_n(r.data(), id_len);
  r.skip(id_len);
  if (!r.u16(t.flags) || !r.skip(phl - id_len - 2)) return ctx.overrun("post-header");

  uint8_t len = 0;
  std::string_view name;
  if (!r.u8(len) || !r.str(len, name) || !r.skip(1)) return ctx.overrun("database name");
  t.database.assign(name);
  if (!r.u8(len) || !r.str(len, name) || !r.skip(1)) return ctx.overrun("table name");
  t.table.assign(name);

  uint64_t count = 0;
  if (!r.packed(count)) return ctx.overrun("column count");
  if (count > r.remaining()) {
    return ctx.overrun("column types (" + std::to_string(count) + " columns)");
  }
  std::span<const uint8_t> types;
  r.bytes(static_cast<size_t>(count), types);
  uint64_t meta_len = 0;
  std::span<const uint8_t> meta;
  if (!r.packed(meta_len)) return ctx.overrun("metadata length");
  if (meta_len > r.remaining() || !r.bytes(static_cast<size_t>(meta_len), meta)) {
    return ctx.overrun("metadata block");
  }
  std::span<const uint8_t> nulls;
  if (!r.bytes((types.size() + 7) / 8, nulls)) return ctx.overrun("null bitmap");

  t.columns.resize(types.size());
  ByteReader m(meta);
  for (size_t i = 0; i < types.size(); ++i) {
    ColumnInfo& col = t.columns[i];
    col.type = static_cast<ColumnType>(types[i]);
    col.nullable = (nulls[i / 8] >> (i % 8)) & 1;
    CDC_TRY(read_column_meta(ctx, m, col, i));
  }
  if (!m.empty()) {
    return ctx.error(Errc::malformed, "metadata block has " + std::to_string(m.remaining()) +
                                          " bytes more than the column types use");
  }
  OptionalMetadataParser optional(ctx, t);
  CDC_TRY(optional.parse(r.rest()));
  return t;
}

}  // namespace binlog::detail

namespace binlog {

uint32_t ColumnInfo::max_length() const {
  switch (type) {
    case ColumnType::VARCHAR:
    case ColumnType::VAR_STRING:
    case ColumnType::STRING:
      return meta;
    default:
      return 0;
  }
}

}  // namespace binlog
