// RowReader: rows events v1/v2/compressed and every column type's value format.
#include <gtest/gtest.h>

#include <cmath>

#include "binlog/binlog.h"
#include "test_support.h"

namespace binlog::test {
namespace {

using CT = ColumnType;

// ---- encoders mirroring the server's -------------------------------------------------------
Bytes encode_decimal(std::string_view text, unsigned precision, unsigned scale) {
  static const unsigned dig2bytes[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
  bool negative = false;
  if (!text.empty() && text[0] == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  const size_t dot = text.find('.');
  std::string ip(text.substr(0, dot));
  std::string fp = dot == std::string_view::npos ? std::string() : std::string(text.substr(dot + 1));
  const unsigned intg = precision - scale;
  while (!ip.empty() && ip[0] == '0') ip.erase(0, 1);
  ip = std::string(intg - ip.size(), '0') + ip;
  fp += std::string(scale - fp.size(), '0');
  Bytes out;
  auto put_group = [&](const std::string& digits) {
    put_be(out, std::stoull(digits.empty() ? "0" : digits), dig2bytes[digits.size()]);
  };
  size_t pos = 0;
  if (intg % 9) {
    put_group(ip.substr(0, intg % 9));
    pos = intg % 9;
  }
  for (; pos < ip.size(); pos += 9) put_group(ip.substr(pos, 9));
  for (pos = 0; pos + 9 <= fp.size(); pos += 9) put_group(fp.substr(pos, 9));
  if (scale % 9) put_group(fp.substr(pos));
  if (negative) {
    for (auto& b : out) b = static_cast<uint8_t>(~b);
  }
  out[0] ^= 0x80;
  return out;
}

Bytes encode_time2(bool negative, uint32_t h, uint32_t m, uint32_t s, uint32_t micros, unsigned fsp) {
  int64_t packed = ((static_cast<int64_t>(h) << 12 | m << 6 | s) << 24) + micros;
  if (negative) packed = -packed;
  const int64_t intpart = packed >> 24;       // floor, like MY_PACKED_TIME_GET_INT_PART
  const int64_t frac = packed % (1LL << 24);  // C remainder, sign of packed
  Bytes out;
  switch ((fsp + 1) / 2) {
    case 0:
      put_be(out, static_cast<uint64_t>(intpart + 0x800000), 3);
      break;
    case 1:
      put_be(out, static_cast<uint64_t>(intpart + 0x800000), 3);
      out.push_back(static_cast<uint8_t>(static_cast<int8_t>(frac / 10000)));
      break;
    case 2:
      put_be(out, static_cast<uint64_t>(intpart + 0x800000), 3);
      put_be(out, static_cast<uint16_t>(static_cast<int16_t>(frac / 100)), 2);
      break;
    default:
      put_be(out, static_cast<uint64_t>(packed + 0x800000000000LL), 6);
  }
  return out;
}

void put_fraction(Bytes& out, uint32_t micros, unsigned fsp) {
  switch ((fsp + 1) / 2) {
    case 1: out.push_back(static_cast<uint8_t>(micros / 10000)); break;
    case 2: put_be(out, micros / 100, 2); break;
    case 3: put_be(out, micros, 3); break;
    default: break;
  }
}

Bytes encode_datetime2(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s,
                       uint32_t micros, unsigned fsp) {
  const uint64_t ym = y * 13ULL + mo;
  const uint64_t v = (ym << 22) | (uint64_t{d} << 17) | (h << 12) | (mi << 6) | s;
  Bytes out;
  put_be(out, v + 0x8000000000ULL, 5);
  put_fraction(out, micros, fsp);
  return out;
}

// ---- one column, one row -------------------------------------------------------------------
struct Decoded {
  Bytes rows_event;  // owns the bytes the values point into
  std::shared_ptr<std::vector<uint8_t>> inflated;  // ... or, for compressed events, these
  std::shared_ptr<const TableMap> table;
  std::vector<Row> after;
  std::vector<Row> before;
  std::optional<cdc::Error> error;
};

// Decodes TABLE_MAP(cols, optional) then one rows event holding `rows` (raw row images).
Decoded decode_rows(const std::vector<ColSpec>& cols, const Bytes& rows, const Bytes& optional = {},
                    uint8_t rows_type = 30, Bytes before_bitmap = {}, Bytes after_bitmap = {},
                    std::string_view version = "8.0.36") {
  Decoded out;
  EventDecoder d;
  EXPECT_TRUE(d.decode(make_fde(version, ChecksumAlg::CRC32)).ok());
  EventSpec tm;
  tm.type = 19;
  tm.crc = true;
  auto m = d.decode(make_event(tm, table_map_body(42, "db", "t", cols, optional)));
  if (!m.ok()) {
    out.error = m.error();
    return out;
  }
  out.table = std::get<std::shared_ptr<const TableMap>>(m->body);
  const bool update = rows_type == 24 || rows_type == 31 || rows_type == 167 || rows_type == 170;
  const int version_no = (rows_type >= 30 && rows_type <= 32) || rows_type >= 169 ? 2 : 1;
  EventSpec rs;
  rs.type = rows_type;
  rs.crc = true;
  out.rows_event = make_event(rs, rows_body(42, version_no, cols.size(), rows, update, 1,
                                            before_bitmap, after_bitmap));
  auto ev = d.decode(out.rows_event);
  if (!ev.ok()) {
    out.error = ev.error();
    return out;
  }
  const RowsEvent& re = std::get<RowsEvent>(ev->body);
  RowReader reader(*out.table, re);
  while (true) {
    Row b, a;
    auto more = reader.next(b, a);
    if (!more.ok()) {
      out.error = more.error();
      return out;
    }
    if (!more.value()) break;
    out.before.push_back(std::move(b));
    out.after.push_back(std::move(a));
  }
  out.inflated = re.owned;  // keep the inflated rows of compressed events alive
  return out;
}

// A single non-null value of column `col`.
Value one(const ColSpec& col, const Bytes& value, const Bytes& optional = {},
          std::string_view version = "8.0.36", Decoded* keep = nullptr) {
  Bytes row = {0x00};  // null bitmap of the one present column
  row.insert(row.end(), value.begin(), value.end());
  Decoded d = decode_rows({col}, row, optional, 30, {}, {}, version);
  EXPECT_FALSE(d.error.has_value()) << d.error->message;
  EXPECT_EQ(d.after.size(), 1u);
  if (d.error || d.after.empty()) return {};
  Value v = d.after[0].values[0];
  if (keep != nullptr) {
    *keep = std::move(d);
  } else {
    // string values point into the event bytes: keep them for the rest of the test program
    static std::vector<std::unique_ptr<Decoded>> alive;
    alive.push_back(std::make_unique<Decoded>(std::move(d)));
  }
  return v;
}

Bytes unsigned_flag(bool u) {
  Bytes opt;
  put_tlv(opt, 1, {static_cast<uint8_t>(u ? 0x80 : 0x00)});
  return opt;
}

TEST(Values, Integers) {
  Bytes b;
  EXPECT_EQ(one({CT::TINY, {}}, {0xFF}).i, -1);
  EXPECT_EQ(one({CT::TINY, {}}, {0xFF}, unsigned_flag(true)).u, 255u);
  EXPECT_EQ(one({CT::TINY, {}}, {0xFF}, unsigned_flag(true)).kind, ValueKind::uint64);
  EXPECT_EQ(one({CT::TINY, {}}, {0xFF}, unsigned_flag(false)).kind, ValueKind::int64);
  EXPECT_EQ(one({CT::SHORT, {}}, {0xFE, 0xFF}).i, -2);
  EXPECT_EQ(one({CT::SHORT, {}}, {0xFE, 0xFF}, unsigned_flag(true)).u, 65534u);
  EXPECT_EQ(one({CT::INT24, {}}, {0x00, 0x00, 0x80}).i, -8388608);
  EXPECT_EQ(one({CT::INT24, {}}, {0xFF, 0xFF, 0xFF}, unsigned_flag(true)).u, 16777215u);
  EXPECT_EQ(one({CT::INT24, {}}, {0x01, 0x02, 0x03}).i, 0x030201);
  EXPECT_EQ(one({CT::LONG, {}}, {0x2D, 0xE3, 0x11, 0xC0}).i, -1072569555);
  EXPECT_EQ(one({CT::LONG, {}}, {0xD3, 0x1C, 0x89, 0xC0}, unsigned_flag(true)).u, 3230211283u);
  EXPECT_EQ(one({CT::LONGLONG, {}}, {0, 0, 0, 0, 0, 0, 0, 0x80}).i, INT64_MIN);
  EXPECT_EQ(one({CT::LONGLONG, {}}, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}, unsigned_flag(true)).u,
            UINT64_MAX);
  const Value y = one({CT::YEAR, {}}, {125});
  EXPECT_EQ(y.kind, ValueKind::int64);
  EXPECT_EQ(y.i, 2025);
  EXPECT_EQ(one({CT::YEAR, {}}, {0}).i, 0);
}

TEST(Values, FloatAndDouble) {
  Bytes f;
  const float fv = 1.5f;
  f.resize(4);
  std::memcpy(f.data(), &fv, 4);
  const Value a = one({CT::FLOAT, {4}}, f);
  EXPECT_EQ(a.kind, ValueKind::float32);
  EXPECT_EQ(a.f, 1.5f);
  Bytes d(8);
  const double dv = -2.25;
  std::memcpy(d.data(), &dv, 8);
  const Value b = one({CT::DOUBLE, {8}}, d);
  EXPECT_EQ(b.kind, ValueKind::float64);
  EXPECT_EQ(b.d, -2.25);
}

TEST(Values, DecimalDocumentationVectors) {
  // MySQL's decimal2bin example: 1234567890.1234 as DECIMAL(14,4)
  EXPECT_EQ(one({CT::NEWDECIMAL, {14, 4}}, {0x81, 0x0D, 0xFB, 0x38, 0xD2, 0x04, 0xD2}).text(),
            "1234567890.1234");
  EXPECT_EQ(one({CT::NEWDECIMAL, {14, 4}}, {0x7E, 0xF2, 0x04, 0xC7, 0x2D, 0xFB, 0x2D}).text(),
            "-1234567890.1234");
  EXPECT_EQ(encode_decimal("1234567890.1234", 14, 4), (Bytes{0x81, 0x0D, 0xFB, 0x38, 0xD2, 0x04, 0xD2}));
}

TEST(Values, DecimalCases) {
  struct Case {
    const char* in;
    unsigned p, s;
    const char* out;
  };
  const Case cases[] = {
      {"0", 10, 2, "0.00"},
      {"0.05", 10, 2, "0.05"},
      {"-0.05", 10, 2, "-0.05"},
      {"-0.50", 4, 2, "-0.50"},
      {"99.99", 4, 2, "99.99"},
      {"-99.99", 4, 2, "-99.99"},
      {"149.5", 10, 2, "149.50"},
      {"1", 1, 0, "1"},
      {"-7", 1, 0, "-7"},
      {"123456789", 9, 0, "123456789"},
      {"-123456789012345678", 18, 0, "-123456789012345678"},
      {"0.000000001", 10, 9, "0.000000001"},
      {"-0.123456789012", 12, 12, "-0.123456789012"},
      {"12345678901234567890123456789012345.123456789012345678901234567891", 65, 30,
       "12345678901234567890123456789012345.123456789012345678901234567891"},
      {"-99999999999999999999999999999999999.999999999999999999999999999999", 65, 30,
       "-99999999999999999999999999999999999.999999999999999999999999999999"},
      {"0.10000", 10, 5, "0.10000"},
      {"-0", 5, 2, "0.00"},
  };
  for (const auto& c : cases) {
    const Value v = one({CT::NEWDECIMAL, {static_cast<uint8_t>(c.p), static_cast<uint8_t>(c.s)}},
                        encode_decimal(c.in, c.p, c.s));
    EXPECT_EQ(v.kind, ValueKind::decimal) << c.in;
    EXPECT_EQ(v.text(), c.out) << c.in << " DECIMAL(" << c.p << "," << c.s << ")";
  }
}

TEST(Values, DecimalCorruptGroupIsMalformed) {
  Bytes row = {0x00, 0x80 | 0x7F, 0xFF, 0xFF, 0xFF};  // DECIMAL(9,0): 9 digits in 4 bytes, > 999999999
  Decoded d = decode_rows({{CT::NEWDECIMAL, {9, 0}}}, row);
  ASSERT_TRUE(d.error.has_value());
  EXPECT_EQ(d.error->code, make_error_code(Errc::malformed));
  EXPECT_NE(d.error->message.find("NEWDECIMAL"), std::string::npos) << d.error->message;
}

TEST(Values, DateAndOldTemporalTypes) {
  Bytes date;
  put_le(date, (2024u << 9) | (2u << 5) | 29u, 3);
  Value v = one({CT::DATE, {}}, date);
  EXPECT_EQ(v.kind, ValueKind::date);
  EXPECT_EQ(v.year, 2024);
  EXPECT_EQ(v.month, 2);
  EXPECT_EQ(v.day, 29);
  v = one({CT::DATE, {}}, {0, 0, 0});  // zero date
  EXPECT_EQ(v.kind, ValueKind::date);
  EXPECT_EQ(v.year + v.month + v.day, 0);

  Bytes t;
  put_le(t, static_cast<uint32_t>(-8385959) & 0xFFFFFF, 3);
  v = one({CT::TIME, {}}, t);
  EXPECT_EQ(v.kind, ValueKind::time);
  EXPECT_TRUE(v.negative);
  EXPECT_EQ(v.hour, 838u);
  EXPECT_EQ(v.minute, 59);
  EXPECT_EQ(v.second, 59);

  Bytes dt;
  put_le(dt, 20240229123456ULL, 8);
  v = one({CT::DATETIME, {}}, dt);
  EXPECT_EQ(v.kind, ValueKind::datetime);
  EXPECT_EQ(v.year, 2024);
  EXPECT_EQ(v.month, 2);
  EXPECT_EQ(v.day, 29);
  EXPECT_EQ(v.hour, 12u);
  EXPECT_EQ(v.minute, 34);
  EXPECT_EQ(v.second, 56);
  v = one({CT::DATETIME, {}}, Bytes(8, 0));
  EXPECT_EQ(v.year, 0);

  Bytes ts;
  put_le(ts, 1700000000, 4);
  v = one({CT::TIMESTAMP, {}}, ts);
  EXPECT_EQ(v.kind, ValueKind::timestamp);
  EXPECT_EQ(v.epoch_seconds, 1700000000);
}

TEST(Values, Time2AllPrecisionsAndSigns) {
  struct Case {
    bool neg;
    uint32_t h, m, s, us;
    unsigned fsp;
  };
  const Case cases[] = {
      {false, 0, 0, 0, 0, 0},         {false, 12, 34, 56, 0, 0},      {true, 507, 48, 27, 0, 0},
      {false, 838, 59, 59, 0, 0},     {true, 838, 59, 59, 0, 0},      {false, 1, 2, 3, 500000, 1},
      {true, 1, 2, 3, 500000, 1},     {true, 0, 0, 1, 990000, 2},     {true, 0, 0, 0, 10000, 2},
      {false, 23, 59, 59, 123400, 4}, {true, 23, 59, 59, 123400, 4},  {true, 0, 0, 0, 100, 3},
      {false, 100, 0, 0, 123456, 6},  {true, 100, 0, 0, 123456, 6},   {true, 0, 0, 0, 1, 6},
      {true, 0, 0, 0, 10, 5},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::Message() << (c.neg ? "-" : "") << c.h << ":" << c.m << ":" << c.s << "."
                                    << c.us << " fsp " << c.fsp);
    const Value v = one({CT::TIME2, {static_cast<uint8_t>(c.fsp)}},
                        encode_time2(c.neg, c.h, c.m, c.s, c.us, c.fsp));
    EXPECT_EQ(v.kind, ValueKind::time);
    EXPECT_EQ(v.negative, c.neg && (c.h || c.m || c.s || c.us));
    EXPECT_EQ(v.hour, c.h);
    EXPECT_EQ(v.minute, c.m);
    EXPECT_EQ(v.second, c.s);
    EXPECT_EQ(v.micros, c.us);
    EXPECT_EQ(v.fsp, c.fsp);
  }
  // The bytes of time_issue.000001 (MySQL 8.0.40): -507:48:27
  const Value v = one({CT::TIME2, {0}}, {0x60, 0x43, 0xE5});
  EXPECT_TRUE(v.negative);
  EXPECT_EQ(v.hour, 507u);
  EXPECT_EQ(v.minute, 48);
  EXPECT_EQ(v.second, 27);
}

TEST(Values, Datetime2AndTimestamp2Precisions) {
  for (unsigned fsp = 0; fsp <= 6; ++fsp) {
    SCOPED_TRACE(fsp);
    const uint32_t us = fsp == 0 ? 0 : 123456 / static_cast<uint32_t>(std::pow(10, 6 - fsp)) *
                                           static_cast<uint32_t>(std::pow(10, 6 - fsp));
    Value v = one({CT::DATETIME2, {static_cast<uint8_t>(fsp)}},
                  encode_datetime2(2023, 12, 31, 23, 59, 58, us, fsp));
    EXPECT_EQ(v.kind, ValueKind::datetime);
    EXPECT_EQ(v.year, 2023);
    EXPECT_EQ(v.month, 12);
    EXPECT_EQ(v.day, 31);
    EXPECT_EQ(v.hour, 23u);
    EXPECT_EQ(v.minute, 59);
    EXPECT_EQ(v.second, 58);
    EXPECT_EQ(v.micros, us);
    EXPECT_EQ(v.fsp, fsp);

    Bytes ts;
    put_be(ts, 1700000000, 4);
    put_fraction(ts, us, fsp);
    v = one({CT::TIMESTAMP2, {static_cast<uint8_t>(fsp)}}, ts);
    EXPECT_EQ(v.kind, ValueKind::timestamp);
    EXPECT_EQ(v.epoch_seconds, 1700000000);
    EXPECT_EQ(v.micros, us);
  }
  // zero DATETIME2 and TIMESTAMP2
  Value z = one({CT::DATETIME2, {0}}, encode_datetime2(0, 0, 0, 0, 0, 0, 0, 0));
  EXPECT_EQ(z.year + z.month + z.day + z.hour + z.minute + z.second, 0u);
  z = one({CT::TIMESTAMP2, {0}}, {0, 0, 0, 0});
  EXPECT_EQ(z.epoch_seconds, 0);
  // a precision above 6 in the metadata is rejected
  Decoded d = decode_rows({{CT::DATETIME2, {7}}}, {0x00, 0x80, 0, 0, 0, 0, 0, 0, 0, 0});
  ASSERT_TRUE(d.error.has_value());
  EXPECT_EQ(d.error->code, make_error_code(Errc::malformed));
}

TEST(Values, BitEnumSet) {
  Value v = one({CT::BIT, {3, 1}}, {0x05, 0xFF});  // BIT(11)
  EXPECT_EQ(v.kind, ValueKind::uint64);
  EXPECT_EQ(v.u, 0x5FFu);
  EXPECT_EQ(v.bits, 11);
  EXPECT_EQ(v.bytes.size(), 2u);
  v = one({CT::BIT, {0, 8}}, {1, 2, 3, 4, 5, 6, 7, 8});  // BIT(64)
  EXPECT_EQ(v.u, 0x0102030405060708ULL);
  v = one({CT::STRING, {0xF7, 2}}, {0x01, 0x01});  // ENUM with 2-byte index
  EXPECT_EQ(v.kind, ValueKind::uint64);
  EXPECT_EQ(v.u, 257u);
  v = one({CT::STRING, {0xF8, 8}}, {0xFF, 0, 0, 0, 0, 0, 0, 0x80});  // SET of 64 members
  EXPECT_EQ(v.u, 0x80000000000000FFULL);
}

TEST(Values, StringsAndCollations) {
  Bytes v1 = {5};
  put_str(v1, "hello");
  Value v = one({CT::VARCHAR, {10, 0}}, v1);
  EXPECT_EQ(v.kind, ValueKind::string);  // no metadata: string, collation unknown
  EXPECT_EQ(v.collation, 0);
  EXPECT_EQ(v.bytes, "hello");

  Bytes opt;
  put_tlv(opt, 3, {63});
  v = one({CT::VARCHAR, {10, 0}}, v1, opt);
  EXPECT_EQ(v.kind, ValueKind::bytes);  // VARBINARY
  opt.clear();
  put_tlv(opt, 3, {252, 255, 0});  // packed 255
  v = one({CT::VARCHAR, {10, 0}}, v1, opt);
  EXPECT_EQ(v.kind, ValueKind::string);
  EXPECT_EQ(v.collation, 255);

  // VARCHAR with a max length > 255: 2-byte length prefix
  Bytes v2;
  put_le(v2, 300, 2);
  put_str(v2, std::string(300, 'x'));
  v = one({CT::VARCHAR, {0x2C, 0x01}}, v2);
  EXPECT_EQ(v.bytes, std::string(300, 'x'));

  // CHAR(100) utf8mb4 = 400 bytes: STRING with the length trick, 2-byte prefix
  Bytes v3;
  put_le(v3, 260, 2);
  put_str(v3, std::string(260, 'y'));
  const uint16_t len = 400;
  const uint8_t b0 = static_cast<uint8_t>(0xFE ^ ((len & 0x300) >> 4));
  v = one({CT::STRING, {b0, static_cast<uint8_t>(len & 0xFF)}}, v3);
  EXPECT_EQ(v.type, CT::STRING);
  EXPECT_EQ(v.bytes, std::string(260, 'y'));
  // CHAR(10): 1-byte prefix
  Bytes v4 = {3};
  put_str(v4, "abc");
  v = one({CT::STRING, {0xFE, 10}}, v4);
  EXPECT_EQ(v.bytes, "abc");
}

TEST(Values, BlobFamily) {
  for (uint8_t lb = 1; lb <= 4; ++lb) {
    Bytes b;
    put_le(b, 3, lb);
    put_str(b, std::string_view("a\0b", 3));
    Value v = one({CT::BLOB, {lb}}, b);
    EXPECT_EQ(v.bytes.size(), 3u) << int(lb);
    EXPECT_EQ(v.kind, ValueKind::string);  // TEXT or BLOB: unknown without metadata
  }
  Bytes opt;
  put_tlv(opt, 3, {63});
  Bytes b = {2, 0, 'h', 'i'};
  EXPECT_EQ(one({CT::BLOB, {2}}, b, opt).kind, ValueKind::bytes);
  Bytes j = {3, 0, 0, 0, 0x04, 0x01, 0x00};
  Value v = one({CT::JSON, {4}}, j);
  EXPECT_EQ(v.kind, ValueKind::bytes);
  EXPECT_EQ(v.bytes.size(), 3u);
  EXPECT_EQ(one({CT::GEOMETRY, {4}}, Bytes{1, 0, 0, 0, 9}).kind, ValueKind::bytes);
  Bytes vec = {8, 0, 0, 0, 0, 0, 0x80, 0x3F, 0, 0, 0, 0x40};
  v = one({CT::VECTOR, {4}}, vec);
  EXPECT_EQ(v.kind, ValueKind::bytes);
  EXPECT_EQ(v.bytes.size(), 8u);
}

TEST(Rows, V1AndV2WithNullsAndSeveralRows) {
  const std::vector<ColSpec> cols = {{CT::LONG, {}}, {CT::VARCHAR, {20, 0}}, {CT::TINY, {}}};
  Bytes rows;
  // row 1: (1, 'ab', NULL)
  put_bytes(rows, {0x04, 1, 0, 0, 0, 2, 'a', 'b'});
  // row 2: (NULL, NULL, 7)
  put_bytes(rows, {0x03, 7});
  for (uint8_t type : {23, 30}) {
    Decoded d = decode_rows(cols, rows, {}, type);
    ASSERT_FALSE(d.error.has_value()) << d.error->message;
    ASSERT_EQ(d.after.size(), 2u);
    EXPECT_EQ(d.after[0].values[0].i, 1);
    EXPECT_EQ(d.after[0].values[1].bytes, "ab");
    EXPECT_TRUE(d.after[0].values[2].is_null());
    EXPECT_EQ(d.after[0].values[2].type, CT::TINY);
    EXPECT_TRUE(d.after[1].values[0].is_null());
    EXPECT_TRUE(d.after[1].values[1].is_null());
    EXPECT_EQ(d.after[1].values[2].i, 7);
    EXPECT_EQ(d.after[1].present, (std::vector<bool>{true, true, true}));
  }
}

TEST(Rows, UpdateWithPartialImagesAndDelete) {
  const std::vector<ColSpec> cols = {{CT::LONG, {}}, {CT::LONG, {}}, {CT::LONG, {}}};
  // before image: columns 0 and 2; after image: column 1
  Bytes rows;
  put_bytes(rows, {0x00, 1, 0, 0, 0, 3, 0, 0, 0});  // before (1, -, 3)
  put_bytes(rows, {0x00, 9, 0, 0, 0});              // after  (-, 9, -)
  Decoded d = decode_rows(cols, rows, {}, 31, {0x05}, {0x02});
  ASSERT_FALSE(d.error.has_value()) << d.error->message;
  ASSERT_EQ(d.before.size(), 1u);
  EXPECT_EQ(d.before[0].present, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(d.before[0].values[0].i, 1);
  EXPECT_TRUE(d.before[0].values[1].is_null());
  EXPECT_EQ(d.before[0].values[2].i, 3);
  EXPECT_EQ(d.after[0].present, (std::vector<bool>{false, true, false}));
  EXPECT_EQ(d.after[0].values[1].i, 9);

  Decoded del = decode_rows(cols, {0x02, 5, 0, 0, 0, 6, 0, 0, 0}, {}, 25);
  ASSERT_FALSE(del.error.has_value()) << del.error->message;
  EXPECT_EQ(del.before[0].values[0].i, 5);
  EXPECT_TRUE(del.before[0].values[1].is_null());
  EXPECT_EQ(del.before[0].values[2].i, 6);
}

TEST(Rows, V2ExtraDataIsSkipped) {
  EventDecoder d;
  ASSERT_TRUE(d.decode(make_fde("8.0.36", ChecksumAlg::NONE)).ok());
  EventSpec tm;
  tm.type = 19;
  ASSERT_TRUE(d.decode(make_event(tm, table_map_body(3, "d", "t", {{CT::TINY, {}}}))).ok());
  EventSpec rs;
  rs.type = 30;
  const Bytes extra = {0x00, 0x03, 0x01, 0x02, 0x03};  // NDB-style extra info
  const Bytes event = make_event(rs, rows_body(3, 2, 1, {0x00, 0x2A}, false, 1, {}, {}, extra));
  auto ev = d.decode(event);  // the rows stay in `event`
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& rows = std::get<RowsEvent>(ev->body);
  EXPECT_EQ(rows.version, 2);
  EXPECT_TRUE(rows.end_of_statement());
  Row b, a;
  RowReader r(*d.table(3), rows);
  auto more = r.next(b, a);
  ASSERT_TRUE(more.ok() && more.value());
  EXPECT_EQ(a.values[0].i, 42);
  EXPECT_FALSE(r.next(b, a).value());
}

Bytes compress_rows(const Bytes& rows, uint8_t lenlen = 0) {
  uLongf size = compressBound(static_cast<uLong>(rows.size()));
  Bytes z(size);
  EXPECT_EQ(compress(z.data(), &size, rows.data(), static_cast<uLong>(rows.size())), Z_OK);
  z.resize(size);
  if (lenlen == 0) lenlen = rows.size() < 256 ? 1 : rows.size() < 65536 ? 2 : 3;
  Bytes out = {static_cast<uint8_t>(0x80 | lenlen)};
  put_be(out, rows.size(), lenlen);
  out.insert(out.end(), z.begin(), z.end());
  return out;
}

TEST(Rows, MariadbCompressed) {
  const std::vector<ColSpec> cols = {{CT::LONG, {}}, {CT::VARCHAR, {0xE8, 0x03}}};
  Bytes rows;
  for (int i = 0; i < 50; ++i) {
    put_bytes(rows, {0x00});
    put_le(rows, static_cast<uint64_t>(i), 4);
    put_le(rows, 200, 2);
    put_str(rows, std::string(200, static_cast<char>('a' + i % 26)));
  }
  for (uint8_t type : {166, 169}) {
    Decoded d = decode_rows(cols, compress_rows(rows), {}, type, {}, {}, "10.11.6-MariaDB-log");
    ASSERT_FALSE(d.error.has_value()) << d.error->message;
    ASSERT_EQ(d.after.size(), 50u);
    EXPECT_EQ(d.after[49].values[0].i, 49);
    EXPECT_EQ(d.after[49].values[1].bytes, std::string(200, 'x'));
  }
  // 4-byte length-of-length is accepted as well
  Decoded four = decode_rows(cols, compress_rows(rows, 4), {}, 166, {}, {}, "10.11.6-MariaDB-log");
  EXPECT_FALSE(four.error.has_value());
}

TEST(Rows, MariadbCompressedUpdate) {
  const std::vector<ColSpec> cols = {{CT::LONG, {}}};
  const Bytes rows = {0x00, 1, 0, 0, 0, 0x00, 2, 0, 0, 0};
  Decoded d = decode_rows(cols, compress_rows(rows), {}, 167, {}, {}, "10.11.6-MariaDB-log");
  ASSERT_FALSE(d.error.has_value()) << d.error->message;
  EXPECT_EQ(d.before[0].values[0].i, 1);
  EXPECT_EQ(d.after[0].values[0].i, 2);
}

TEST(Rows, MariadbCompressedErrors) {
  const std::vector<ColSpec> cols = {{CT::LONG, {}}};
  const Bytes rows = {0x00, 1, 0, 0, 0};
  Bytes lying = compress_rows(rows);
  lying[1] = 6;  // declares 6 bytes, inflates to 5
  Bytes huge = {0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x78, 0x9C};  // 2 GiB from a few bytes
  Bytes no_flag = compress_rows(rows);
  no_flag[0] &= 0x7F;
  Bytes other_alg = compress_rows(rows);
  other_alg[0] |= 0x10;
  Bytes corrupt = compress_rows(rows);
  corrupt[corrupt.size() - 2] ^= 0xFF;
  const std::pair<const char*, Bytes> cases[] = {
      {"size", lying}, {"cap", huge}, {"flag", no_flag}, {"alg", other_alg}, {"stream", corrupt}};
  for (const auto& [name, body] : cases) {
    Decoded d = decode_rows(cols, body, {}, 166, {}, {}, "10.11.6-MariaDB-log");
    ASSERT_TRUE(d.error.has_value()) << name;
    EXPECT_TRUE(d.error->code == make_error_code(Errc::malformed) ||
                d.error->code == make_error_code(Errc::unsupported))
        << name << ": " << d.error->message;
  }
}

TEST(Rows, UnknownTableAndWidthMismatch) {
  EventDecoder d;
  ASSERT_TRUE(d.decode(make_fde("8.0.36", ChecksumAlg::NONE)).ok());
  EventSpec rs;
  rs.type = 30;
  auto ev = d.decode(make_event(rs, rows_body(77, 2, 1, {0x00, 1})));
  ASSERT_FALSE(ev.ok());
  EXPECT_EQ(ev.error().code, make_error_code(Errc::unknown_table));
  // more columns in the rows event than in the TABLE_MAP
  EventSpec tm;
  tm.type = 19;
  ASSERT_TRUE(d.decode(make_event(tm, table_map_body(77, "d", "t", {{CT::TINY, {}}}))).ok());
  const Bytes wide = make_event(rs, rows_body(77, 2, 2, {0x00, 1, 2}));
  ev = d.decode(wide);
  ASSERT_TRUE(ev.ok());
  Row b, a;
  RowReader r(*d.table(77), std::get<RowsEvent>(ev->body));
  auto more = r.next(b, a);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().code, make_error_code(Errc::malformed));
}

TEST(Rows, ReusedRowIsResetBetweenRows) {
  const std::vector<ColSpec> cols = {{CT::NEWDECIMAL, {5, 2}}, {CT::VARCHAR, {10, 0}}, {CT::TIME2, {0}}};
  Bytes rows = {0x00, 0x80, 0x01, 0x0C, 3, 'a', 'b', 'c'};
  const Bytes t = encode_time2(true, 1, 2, 3, 0, 0);
  rows.insert(rows.end(), t.begin(), t.end());
  put_bytes(rows, {0x07});  // all NULL
  EventDecoder d;
  ASSERT_TRUE(d.decode(make_fde("8.0.36", ChecksumAlg::NONE)).ok());
  EventSpec tm;
  tm.type = 19;
  ASSERT_TRUE(d.decode(make_event(tm, table_map_body(2, "d", "t", cols))).ok());
  EventSpec rs;
  rs.type = 30;
  const Bytes event = make_event(rs, rows_body(2, 2, cols.size(), rows));
  auto ev = d.decode(event);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  RowReader r(*d.table(2), std::get<RowsEvent>(ev->body));
  Row b, a;
  ASSERT_TRUE(r.next(b, a).value());
  EXPECT_EQ(a.values[0].text(), "1.12");
  EXPECT_TRUE(a.values[2].negative);
  ASSERT_TRUE(r.next(b, a).value());
  for (const Value& v : a.values) {
    EXPECT_TRUE(v.is_null());
    EXPECT_EQ(v.text(), "");
    EXPECT_TRUE(v.bytes.empty());
    EXPECT_FALSE(v.negative);
    EXPECT_EQ(v.hour, 0u);
    EXPECT_EQ(v.u, 0u);
  }
  EXPECT_EQ(a.values[0].type, CT::NEWDECIMAL);
}

TEST(Rows, ImagesWithoutColumnsDoNotLoop) {
  // No column in the bitmap: each image would be zero bytes long; trailing bytes must not
  // turn into an endless stream of empty rows.
  Decoded d = decode_rows({{CT::LONG, {}}}, {0x00, 0x01}, {}, 30, {0x00});
  ASSERT_TRUE(d.error.has_value());
  EXPECT_EQ(d.error->code, make_error_code(Errc::malformed));
}

TEST(Rows, TruncatedValueNamesTheColumn) {
  Bytes opt;
  Bytes names;
  put_packed(names, 4);
  put_str(names, "name");
  put_tlv(opt, 4, names);
  Decoded d = decode_rows({{CT::VARCHAR, {50, 0}}}, {0x00, 10, 'a', 'b'}, opt);
  ASSERT_TRUE(d.error.has_value());
  EXPECT_EQ(d.error->code, make_error_code(Errc::truncated));
  EXPECT_NE(d.error->message.find("`name`"), std::string::npos) << d.error->message;
  EXPECT_NE(d.error->message.find("`db`.`t`"), std::string::npos) << d.error->message;
}

TEST(Rows, PartialJsonUpdate) {
  // PARTIAL_UPDATE_ROWS (39): before image, shared image (value_options + partial bits), after.
  const std::vector<ColSpec> cols = {{CT::LONG, {}}, {CT::JSON, {4}}, {CT::JSON, {4}}};
  EventDecoder d;
  ASSERT_TRUE(d.decode(make_fde("8.0.36", ChecksumAlg::NONE)).ok());
  EventSpec tm;
  tm.type = 19;
  ASSERT_TRUE(d.decode(make_event(tm, table_map_body(5, "d", "t", cols))).ok());
  Bytes rows;
  put_bytes(rows, {0x00, 1, 0, 0, 0, 2, 0, 0, 0, 'a', 'b', 1, 0, 0, 0, 'c'});  // before
  put_bytes(rows, {0x01, 0x01});                                               // options, bits: 1st JSON
  put_bytes(rows, {0x00, 1, 0, 0, 0, 3, 0, 0, 0, 'x', 'y', 'z', 1, 0, 0, 0, 'd'});  // after
  EventSpec rs;
  rs.type = 39;
  const Bytes event = make_event(rs, rows_body(5, 2, 3, rows, true));
  auto ev = d.decode(event);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto& re = std::get<RowsEvent>(ev->body);
  EXPECT_TRUE(re.partial_json);
  Row b, a;
  RowReader r(*d.table(5), re);
  auto more = r.next(b, a);
  ASSERT_TRUE(more.ok()) << more.error().message;
  EXPECT_EQ(b.values[1].bytes, "ab");
  EXPECT_FALSE(b.values[1].json_diff);
  EXPECT_TRUE(a.values[1].json_diff);
  EXPECT_EQ(a.values[1].bytes, "xyz");
  EXPECT_FALSE(a.values[2].json_diff);
  EXPECT_EQ(a.values[2].bytes, "d");
  EXPECT_FALSE(r.next(b, a).value());
}

}  // namespace
}  // namespace binlog::test
