// Column value layouts in row images (all integers little-endian unless noted):
//   TINY 1, SHORT 2, INT24 3, LONG 4, LONGLONG 8 bytes: two's complement, or unsigned when the
//     SIGNEDNESS metadata says so (signed when unknown)
//   FLOAT 4 / DOUBLE 8 bytes IEEE-754
//   NEWDECIMAL: see decimal.h        YEAR 1 byte (0, or year - 1900)
//   DATE, TIME, DATETIME, TIMESTAMP, TIME2, DATETIME2, TIMESTAMP2: see temporal.h
//   BIT: ceil(bits / 8) bytes big-endian
//   ENUM: 1-2 bytes index; SET: 1-8 bytes bitmask (size in metadata)
//   VARCHAR/VAR_STRING/STRING: length in 1 byte (max length < 256) or 2 bytes, then the bytes
//   BLOB/TEXT/JSON/GEOMETRY/VECTOR: length in `meta` (1-4) bytes, then the bytes
#include "column_value.h"

#include <bit>
#include <cstring>

#include "byte_reader.h"
#include "decimal.h"
#include "temporal.h"

namespace binlog::detail {
namespace {

static_assert(std::endian::native == std::endian::little, "float decoding assumes little-endian");

constexpr uint16_t kBinaryCollation = 63;
constexpr ValueStatus kOk{};
constexpr ValueStatus kPastEnd{Errc::truncated, "value runs past the end of the rows"};

inline bool fits(const uint8_t* p, const uint8_t* end, size_t n) {
  return n <= static_cast<size_t>(end - p);
}

template <size_t N>
inline ValueStatus integer(const ColumnInfo& col, const uint8_t*& p, const uint8_t* end, Value& v) {
  if (!fits(p, end, N)) return kPastEnd;
  const uint64_t raw = le_n(p, N);
  p += N;
  if (col.is_unsigned.value_or(false)) {
    v.kind = ValueKind::uint64;
    v.u = raw;
  } else {
    v.kind = ValueKind::int64;
    constexpr unsigned shift = 64 - 8 * N;
    v.i = static_cast<int64_t>(raw << shift) >> shift;  // sign-extend
  }
  return kOk;
}

inline ValueStatus length_prefixed(const ColumnInfo& col, size_t prefix, const uint8_t*& p,
                                   const uint8_t* end, Value& v, bool text) {
  if (!fits(p, end, prefix)) return kPastEnd;
  const uint64_t len = le_n(p, prefix);
  p += prefix;
  if (!fits(p, end, len)) return kPastEnd;
  v.bytes = std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(len));
  p += len;
  if (text && col.collation != kBinaryCollation) {
    v.kind = ValueKind::string;
    v.collation = col.collation;
  } else {
    v.kind = ValueKind::bytes;
    v.collation = col.collation;
  }
  return kOk;
}

}  // namespace

ValueStatus decode_value(const ColumnInfo& col, const uint8_t*& p, const uint8_t* end, Value& v) {
  using CT = ColumnType;
  switch (col.type) {
    case CT::TINY: return integer<1>(col, p, end, v);
    case CT::SHORT: return integer<2>(col, p, end, v);
    case CT::INT24: return integer<3>(col, p, end, v);
    case CT::LONG: return integer<4>(col, p, end, v);
    case CT::LONGLONG: return integer<8>(col, p, end, v);
    case CT::FLOAT: {
      if (!fits(p, end, 4)) return kPastEnd;
      std::memcpy(&v.f, p, 4);
      p += 4;
      v.kind = ValueKind::float32;
      return kOk;
    }
    case CT::DOUBLE: {
      if (!fits(p, end, 8)) return kPastEnd;
      std::memcpy(&v.d, p, 8);
      p += 8;
      v.kind = ValueKind::float64;
      return kOk;
    }
    case CT::NEWDECIMAL: {
      const unsigned precision = col.meta >> 8, scale = col.meta & 0xff;
      const size_t size = decimal_binary_size(precision, scale);
      if (size == 0) return {Errc::malformed, "DECIMAL precision/scale out of range"};
      if (!fits(p, end, size)) return kPastEnd;
      const size_t n = decimal_to_text(p, precision, scale, v.decimal_text);
      if (n == 0) return {Errc::malformed, "DECIMAL digit group out of range"};
      v.decimal_len = static_cast<uint8_t>(n);
      v.kind = ValueKind::decimal;
      p += size;
      return kOk;
    }
    case CT::YEAR: {
      if (!fits(p, end, 1)) return kPastEnd;
      v.kind = ValueKind::int64;
      v.i = *p == 0 ? 0 : 1900 + *p;
      v.year = static_cast<uint16_t>(v.i);
      ++p;
      return kOk;
    }
    case CT::DATE:
    case CT::NEWDATE:
      if (!fits(p, end, 3)) return kPastEnd;
      decode_date(p, v);
      p += 3;
      return kOk;
    case CT::TIME:
      if (!fits(p, end, 3)) return kPastEnd;
      decode_time(p, v);
      p += 3;
      return kOk;
    case CT::DATETIME:
      if (!fits(p, end, 8)) return kPastEnd;
      decode_datetime(p, v);
      p += 8;
      return kOk;
    case CT::TIMESTAMP:
      if (!fits(p, end, 4)) return kPastEnd;
      v.kind = ValueKind::timestamp;
      v.epoch_seconds = le32(p);
      p += 4;
      return kOk;
    case CT::TIME2:
    case CT::DATETIME2:
    case CT::TIMESTAMP2: {
      const unsigned fsp = col.meta;
      if (fsp > 6) return {Errc::malformed, "fractional-second precision above 6"};
      const size_t base = col.type == CT::TIME2 ? 3 : col.type == CT::DATETIME2 ? 5 : 4;
      const size_t size = base + fraction_bytes(fsp);
      if (!fits(p, end, size)) return kPastEnd;
      const bool ok = col.type == CT::TIME2       ? decode_time2(p, fsp, v)
                      : col.type == CT::DATETIME2 ? decode_datetime2(p, fsp, v)
                                                  : decode_timestamp2(p, fsp, v);
      if (!ok) return {Errc::malformed, "temporal value out of range"};
      p += size;
      return kOk;
    }
    case CT::BIT: {
      const unsigned bits = (col.meta >> 8) * 8u + (col.meta & 0xffu);
      const size_t size = (bits + 7) / 8;
      if (size == 0 || size > 8) return {Errc::malformed, "BIT width out of range"};
      if (!fits(p, end, size)) return kPastEnd;
      v.kind = ValueKind::uint64;
      v.u = be_n(p, size);
      v.bits = static_cast<uint16_t>(bits);
      v.bytes = std::string_view(reinterpret_cast<const char*>(p), size);
      p += size;
      return kOk;
    }
    case CT::ENUM:
    case CT::SET: {
      const size_t size = col.meta;
      if (size == 0 || size > (col.type == CT::ENUM ? 2u : 8u)) {
        return {Errc::malformed, "ENUM/SET storage size out of range"};
      }
      if (!fits(p, end, size)) return kPastEnd;
      v.kind = ValueKind::uint64;
      v.u = le_n(p, size);
      v.collation = col.collation;
      p += size;
      return kOk;
    }
    case CT::VARCHAR:
    case CT::VAR_STRING:
    case CT::STRING:
      return length_prefixed(col, col.meta > 255 ? 2 : 1, p, end, v, true);
    case CT::BLOB:
    case CT::TINY_BLOB:
    case CT::MEDIUM_BLOB:
    case CT::LONG_BLOB:
    case CT::JSON:
    case CT::GEOMETRY:
    case CT::VECTOR: {
      if (col.meta < 1 || col.meta > 4) return {Errc::malformed, "length-prefix size out of range"};
      const bool text = col.type != CT::JSON && col.type != CT::GEOMETRY && col.type != CT::VECTOR;
      return length_prefixed(col, col.meta, p, end, v, text);
    }
    case CT::NULL_:
      v.kind = ValueKind::null;
      return kOk;
    case CT::DECIMAL:
      return {Errc::unsupported, "pre-5.0 DECIMAL columns are not supported"};
    default:
      return {Errc::unsupported, "column type not supported in row images"};
  }
}

}  // namespace binlog::detail
