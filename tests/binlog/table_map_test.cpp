// TABLE_MAP decoding: column metadata per type and every optional-metadata field.
#include <gtest/gtest.h>

#include "binlog/binlog.h"
#include "test_support.h"

namespace binlog::test {
namespace {

using CT = ColumnType;

std::vector<ColSpec> sample_columns() {
  return {
      {CT::LONG, {}},                // 0 numeric
      {CT::VARCHAR, {0x90, 0x01}},   // 1 char, max 400 bytes
      {CT::STRING, {0xF7, 1}},       // 2 ENUM, 1 byte
      {CT::STRING, {0xF8, 1}},       // 3 SET, 1 byte
      {CT::BLOB, {2}},               // 4 char
      {CT::GEOMETRY, {4}},           // 5
      {CT::NEWDECIMAL, {10, 2}},     // 6 numeric
      {CT::TINY, {}},                // 7 numeric
      {CT::STRING, {0xEE, 0x2C}},    // 8 CHAR of 300 bytes (length bits 8-9 xor-ed into b0)
      {CT::VECTOR, {4}},             // 9 char for MySQL's charset metadata
      {CT::DATETIME2, {3}},          // 10
      {CT::JSON, {4}},               // 11
      {CT::BIT, {3, 1}},             // 12 BIT(11)
      {CT::DOUBLE, {8}},             // 13 numeric
      {CT::TIMESTAMP2, {6}},         // 14
      {CT::TIME2, {0}},              // 15
  };
}

Bytes packed_list(std::initializer_list<uint64_t> values) {
  Bytes b;
  for (uint64_t v : values) put_packed(b, v);
  return b;
}

Bytes full_optional_metadata() {
  Bytes opt;
  put_tlv(opt, 1, {0xA8});  // SIGNEDNESS over LONG, NEWDECIMAL, TINY, DOUBLE: 1 0 1 0
  put_tlv(opt, 2, packed_list({255, 1, 63}));  // default 255; 2nd character column -> 63
  Bytes names;
  for (int i = 0; i < 16; ++i) {
    const std::string n = "c" + std::to_string(i);
    put_packed(names, n.size());
    put_str(names, n);
  }
  put_tlv(opt, 4, names);
  Bytes sets = packed_list({3, 1});
  put_str(sets, "a");
  put_packed(sets, 1);
  put_str(sets, "b");
  put_packed(sets, 2);
  put_str(sets, "cc");
  put_tlv(opt, 5, sets);
  Bytes enums = packed_list({2, 1});
  put_str(enums, "x");
  put_packed(enums, 2);
  put_str(enums, "yy");
  put_tlv(opt, 6, enums);
  put_tlv(opt, 7, packed_list({1}));            // GEOMETRY_TYPE: POINT
  put_tlv(opt, 8, packed_list({0, 7}));         // SIMPLE_PRIMARY_KEY
  put_tlv(opt, 10, packed_list({8}));           // ENUM_AND_SET_DEFAULT_CHARSET latin1
  put_tlv(opt, 12, {0xFE, 0xFF});               // COLUMN_VISIBILITY: column 7 invisible
  put_tlv(opt, 13, packed_list({3}));           // VECTOR_DIMENSIONALITY
  put_tlv(opt, 99, {1, 2, 3});                  // unknown: skipped
  return opt;
}

cdc::Result<Event> decode_map(const Bytes& body, std::string_view version = "8.0.36") {
  static thread_local std::unique_ptr<EventDecoder> d;
  d = std::make_unique<EventDecoder>();
  auto fde = d->decode(make_fde(version, ChecksumAlg::NONE));
  EXPECT_TRUE(fde.ok());
  EventSpec s;
  s.type = 19;
  s.position = 500;
  return d->decode(make_event(s, body));
}

TEST(TableMap, ColumnMetadataAndAllOptionalFields) {
  auto ev = decode_map(table_map_body(0x123456789ALL, "shop", "orders", sample_columns(),
                                      full_optional_metadata()));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const TableMap& t = *std::get<std::shared_ptr<const TableMap>>(ev->body);
  EXPECT_EQ(t.table_id, 0x123456789AULL);
  EXPECT_EQ(t.flags, 1);
  EXPECT_EQ(t.database, "shop");
  EXPECT_EQ(t.table, "orders");
  ASSERT_EQ(t.columns.size(), 16u);
  const auto& c = t.columns;
  EXPECT_EQ(c[1].type, CT::VARCHAR);
  EXPECT_EQ(c[1].meta, 400);
  EXPECT_EQ(c[1].max_length(), 400u);
  EXPECT_EQ(c[2].type, CT::ENUM);
  EXPECT_EQ(c[2].meta, 1);
  EXPECT_EQ(c[3].type, CT::SET);
  EXPECT_EQ(c[4].meta, 2);
  EXPECT_EQ(c[6].meta, (10 << 8) | 2);
  EXPECT_EQ(c[8].type, CT::STRING);
  EXPECT_EQ(c[8].meta, 300);
  EXPECT_EQ(c[8].max_length(), 300u);
  EXPECT_EQ(c[10].meta, 3);
  EXPECT_EQ(c[12].meta, (1 << 8) | 3);
  EXPECT_EQ(c[13].meta, 8);
  for (const auto& col : c) EXPECT_TRUE(col.nullable);

  // SIGNEDNESS: numeric columns only, in order
  EXPECT_EQ(c[0].is_unsigned, std::optional<bool>(true));
  EXPECT_EQ(c[6].is_unsigned, std::optional<bool>(false));
  EXPECT_EQ(c[7].is_unsigned, std::optional<bool>(true));
  EXPECT_EQ(c[13].is_unsigned, std::optional<bool>(false));
  EXPECT_FALSE(c[1].is_unsigned.has_value());
  // DEFAULT_CHARSET: character columns 1, 4, 8, 9 (MySQL counts VECTOR, not GEOMETRY)
  EXPECT_EQ(t.default_collation, 255);
  EXPECT_EQ(c[1].collation, 255);
  EXPECT_EQ(c[4].collation, 63);
  EXPECT_EQ(c[8].collation, 255);
  EXPECT_EQ(c[9].collation, 255);
  EXPECT_EQ(c[5].collation, 0);
  EXPECT_EQ(c[0].collation, 0);
  // ENUM/SET charset
  EXPECT_EQ(c[2].collation, 8);
  EXPECT_EQ(c[3].collation, 8);
  // names, values, geometry, key, visibility, vector
  ASSERT_TRUE(t.has_column_names);
  EXPECT_EQ(c[0].name, "c0");
  EXPECT_EQ(c[15].name, "c15");
  EXPECT_EQ(c[3].enum_values, (std::vector<std::string>{"a", "b", "cc"}));
  EXPECT_EQ(c[2].enum_values, (std::vector<std::string>{"x", "yy"}));
  EXPECT_EQ(c[5].geometry_type, 1u);
  EXPECT_EQ(t.primary_key, (std::vector<uint32_t>{0, 7}));
  for (size_t i = 0; i < c.size(); ++i) EXPECT_EQ(c[i].visible, i != 7) << i;
  EXPECT_EQ(c[9].vector_dimensions, 3u);
}

TEST(TableMap, ColumnCharsetsAndPrefixKey) {
  std::vector<ColSpec> cols = {{CT::VARCHAR, {20, 0}, false},
                               {CT::STRING, {0xF7, 2}},
                               {CT::BLOB, {4}},
                               {CT::LONG, {}, false},
                               {CT::STRING, {0xF8, 8}}};
  Bytes opt;
  put_tlv(opt, 3, packed_list({45, 63}));   // COLUMN_CHARSET: VARCHAR utf8mb4, BLOB binary
  put_tlv(opt, 11, packed_list({33, 8}));   // ENUM_AND_SET_COLUMN_CHARSET
  put_tlv(opt, 9, packed_list({3, 0, 0, 10}));  // PRIMARY_KEY_WITH_PREFIX (3, full), (0, 10)
  auto ev = decode_map(table_map_body(7, "d", "t", cols, opt));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const TableMap& t = *std::get<std::shared_ptr<const TableMap>>(ev->body);
  EXPECT_FALSE(t.columns[0].nullable);
  EXPECT_TRUE(t.columns[1].nullable);
  EXPECT_EQ(t.columns[0].collation, 45);
  EXPECT_EQ(t.columns[2].collation, 63);
  EXPECT_EQ(t.columns[1].collation, 33);
  EXPECT_EQ(t.columns[1].meta, 2);
  EXPECT_EQ(t.columns[4].collation, 8);
  EXPECT_EQ(t.columns[4].meta, 8);
  EXPECT_EQ(t.primary_key, (std::vector<uint32_t>{3, 0}));
  EXPECT_FALSE(t.has_column_names);
  EXPECT_EQ(t.default_collation, 0);
}

TEST(TableMap, MariadbCountsGeometryAsCharacter) {
  std::vector<ColSpec> cols = {{CT::GEOMETRY, {4}}, {CT::VARCHAR, {10, 0}}};
  Bytes opt;
  put_tlv(opt, 3, packed_list({63, 45}));
  auto ev = decode_map(table_map_body(7, "d", "t", cols, opt), "10.11.6-MariaDB-log");
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const TableMap& t = *std::get<std::shared_ptr<const TableMap>>(ev->body);
  EXPECT_EQ(t.columns[0].collation, 63);
  EXPECT_EQ(t.columns[1].collation, 45);
  // The same bytes from MySQL: two collations for one character column.
  auto mysql = decode_map(table_map_body(7, "d", "t", cols, opt));
  ASSERT_FALSE(mysql.ok());
  EXPECT_EQ(mysql.error().code, make_error_code(Errc::malformed));
}

TEST(TableMap, ShortTableIdWithPostHeaderSix) {
  EventDecoder d;
  Bytes fde = make_fde("5.1.10-log", ChecksumAlg::NONE, /*with_alg=*/false);
  fde[19 + 57 + 18] = 6;  // TABLE_MAP post-header length
  ASSERT_TRUE(d.decode(fde).ok());
  EventSpec s;
  s.type = 19;
  auto ev = d.decode(make_event(s, table_map_body(0x01020304, "d", "t", {{CT::LONG, {}}}, {}, true)));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(std::get<std::shared_ptr<const TableMap>>(ev->body)->table_id, 0x01020304u);
}

TEST(TableMap, IdenticalResendReusesTheMap) {
  EventDecoder d;
  ASSERT_TRUE(d.decode(make_fde("8.0.36", ChecksumAlg::NONE)).ok());
  EventSpec s;
  s.type = 19;
  const Bytes body = table_map_body(9, "d", "t", {{CT::LONG, {}}});
  auto a = d.decode(make_event(s, body));
  auto b = d.decode(make_event(s, body));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(std::get<std::shared_ptr<const TableMap>>(a->body),
            std::get<std::shared_ptr<const TableMap>>(b->body));
  EXPECT_EQ(d.table(9), std::get<std::shared_ptr<const TableMap>>(a->body));
  const Bytes other = table_map_body(9, "d", "t2", {{CT::LONG, {}}});
  auto c = d.decode(make_event(s, other));
  ASSERT_TRUE(c.ok());
  EXPECT_NE(std::get<std::shared_ptr<const TableMap>>(c->body),
            std::get<std::shared_ptr<const TableMap>>(a->body));
  EXPECT_EQ(d.table(9)->table, "t2");
  EXPECT_EQ(d.table(10), nullptr);
}

TEST(TableMap, Errors) {
  const std::vector<ColSpec> cols = {{CT::LONG, {}}, {CT::VARCHAR, {10, 0}}};
  struct Case {
    const char* name;
    Bytes body;
    Errc code;
  };
  std::vector<Case> cases;
  {
    Bytes opt;
    opt.push_back(1);
    put_packed(opt, 40);  // longer than what follows
    opt.push_back(0);
    cases.push_back({"tlv past the end", table_map_body(1, "d", "t", cols, opt), Errc::truncated});
  }
  {
    Bytes opt;
    put_tlv(opt, 3, packed_list({8, 8}));  // one character column, two collations
    cases.push_back({"charset count", table_map_body(1, "d", "t", cols, opt), Errc::malformed});
  }
  {
    Bytes opt;
    put_tlv(opt, 4, packed_list({2}));  // names: one name cut short
    cases.push_back({"names", table_map_body(1, "d", "t", cols, opt), Errc::malformed});
  }
  {
    Bytes opt;
    put_tlv(opt, 8, packed_list({5}));  // key column out of range
    cases.push_back({"pk range", table_map_body(1, "d", "t", cols, opt), Errc::malformed});
  }
  {
    Bytes body = table_map_body(1, "d", "t", cols);
    // column count 2 -> 250: the type bytes cannot be there
    const size_t count_at = 6 + 2 + 1 + 1 + 1 + 1 + 1 + 1;
    ASSERT_EQ(body[count_at], 2);
    body[count_at] = 250;
    cases.push_back({"column count", body, Errc::truncated});
  }
  {
    std::vector<ColSpec> extra = cols;
    extra[0].meta = {1};  // LONG has no metadata: one byte too many in the block
    cases.push_back({"metadata leftover", table_map_body(1, "d", "t", extra), Errc::malformed});
  }
  {
    std::vector<ColSpec> bad = {{CT::STRING, {0x0F, 0x01}}};  // real type VARCHAR is impossible
    cases.push_back({"string real type", table_map_body(1, "d", "t", bad), Errc::malformed});
  }
  for (const auto& c : cases) {
    auto ev = decode_map(c.body);
    ASSERT_FALSE(ev.ok()) << c.name;
    EXPECT_EQ(ev.error().code, make_error_code(c.code)) << c.name << ": " << ev.error().message;
    EXPECT_NE(ev.error().message.find("TABLE_MAP_EVENT at position 500"), std::string::npos)
        << ev.error().message;
  }
}

}  // namespace
}  // namespace binlog::test
