#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "json_out.h"
#include "table_schema.h"
#include "temporal.h"

namespace cdc {
namespace {

using binlog::ColumnInfo;
using binlog::ColumnType;
using binlog::Value;
using binlog::ValueKind;

std::string b64(std::string_view bytes) {
  std::string out;
  json::append_base64(out, bytes);
  return out;
}

TEST(DecimalBytes, MatchesJavaBigIntegerToByteArray) {
  EXPECT_EQ(decimal_unscaled_bytes("0"), std::string(1, '\0'));
  EXPECT_EQ(decimal_unscaled_bytes("0.00"), std::string(1, '\0'));
  EXPECT_EQ(decimal_unscaled_bytes("1.27"), std::string("\x7f"));
  EXPECT_EQ(decimal_unscaled_bytes("1.28"), std::string("\x00\x80", 2));
  EXPECT_EQ(decimal_unscaled_bytes("-1"), std::string("\xff"));
  EXPECT_EQ(decimal_unscaled_bytes("-1.28"), std::string("\x80"));
  EXPECT_EQ(decimal_unscaled_bytes("-1.29"), std::string("\xff\x7f"));
  EXPECT_EQ(decimal_unscaled_bytes("-2.56"), std::string("\xff\x00", 2));
  EXPECT_EQ(decimal_unscaled_bytes("-2.55"), std::string("\xff\x01"));
  EXPECT_EQ(b64(decimal_unscaled_bytes("12345.67")), "EtaH");  // 1234567 = 0x12D687
  // 10^30 needs 100 bits: 0x0C9F2C9CD04674EDEA40000000
  EXPECT_EQ(b64(decimal_unscaled_bytes("1000000000000000000000000000000")), "DJ8snNBGdO3qQAAAAA==");
}

TEST(Temporal, CivilDaysAndZonedTimestamps) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2018, 1, 13), 17544);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(1000, 1, 1), -354285);
  std::string s;
  append_zoned_timestamp(s, 1529476623, 0, 0);
  EXPECT_EQ(s, "2018-06-20T06:37:03Z");
  // TIMESTAMP(fsp): exactly fsp fraction digits, trailing zeros kept (Debezium 2.2+, DBZ-5996).
  s.clear();
  append_zoned_timestamp(s, 1529476623, 120000, 3);
  EXPECT_EQ(s, "2018-06-20T06:37:03.120Z");
  s.clear();
  append_zoned_timestamp(s, 1529476623, 0, 6);
  EXPECT_EQ(s, "2018-06-20T06:37:03.000000Z");
  s.clear();
  append_zoned_timestamp(s, 1, 500000, 1);
  EXPECT_EQ(s, "1970-01-01T00:00:01.5Z");
}

binlog::TableMap customers() {
  binlog::TableMap t;
  t.table_id = 42;
  t.database = "inventory";
  t.table = "customers";
  t.has_column_names = true;
  ColumnInfo id;
  id.type = ColumnType::LONG;
  id.nullable = false;
  id.is_unsigned = false;
  id.name = "id";
  ColumnInfo name;
  name.type = ColumnType::VARCHAR;
  name.meta = 1020;
  name.collation = 45;  // utf8mb4_general_ci
  name.name = "first_name";
  name.nullable = false;
  ColumnInfo price;
  price.type = ColumnType::NEWDECIMAL;
  price.meta = (10 << 8) | 2;
  price.name = "price";
  ColumnInfo born;
  born.type = ColumnType::DATE;
  born.name = "born";
  ColumnInfo seen;
  seen.type = ColumnType::TIMESTAMP2;
  seen.meta = 3;
  seen.name = "seen";
  ColumnInfo at;
  at.type = ColumnType::DATETIME2;
  at.meta = 6;
  at.name = "at";
  ColumnInfo kind;
  kind.type = ColumnType::ENUM;
  kind.meta = 1;
  kind.name = "kind";
  kind.enum_values = {"SHIPPING", "BILLING"};
  ColumnInfo big;
  big.type = ColumnType::LONGLONG;
  big.is_unsigned = true;
  big.name = "big";
  t.columns = {id, name, price, born, seen, at, kind, big};
  t.primary_key = {0};
  return t;
}

binlog::Row sample_row() {
  binlog::Row r;
  r.values.resize(8);
  r.present.assign(8, true);
  r.values[0].kind = ValueKind::int64;
  r.values[0].i = 1001;
  r.values[1].kind = ValueKind::string;
  r.values[1].bytes = "Sally \"S\"";
  r.values[2].kind = ValueKind::decimal;
  std::string price = "-12.50";
  std::copy(price.begin(), price.end(), r.values[2].decimal_text);
  r.values[2].decimal_len = static_cast<uint8_t>(price.size());
  r.values[3].kind = ValueKind::date;
  r.values[3].year = 2018;
  r.values[3].month = 1;
  r.values[3].day = 13;
  r.values[4].kind = ValueKind::timestamp;
  r.values[4].epoch_seconds = 1529476623;
  r.values[4].micros = 500000;
  r.values[5].kind = ValueKind::datetime;
  r.values[5].year = 1970;
  r.values[5].month = 1;
  r.values[5].day = 2;
  r.values[5].micros = 7;
  r.values[6].kind = ValueKind::uint64;
  r.values[6].u = 2;
  r.values[7].kind = ValueKind::uint64;
  r.values[7].u = 18446744073709551615ull;
  return r;
}

TEST(TableSchema, WritesDebeziumPayloads) {
  ConnectorConfig config;
  config.topic_prefix = "dbserver1";
  auto t = customers();
  auto schema = TableSchema::build(t, config);
  ASSERT_TRUE(schema.ok()) << schema.error().message;
  EXPECT_EQ((*schema)->topic(), "dbserver1.inventory.customers");
  std::string key, row;
  auto r = sample_row();
  ASSERT_TRUE((*schema)->write_key(r, key).ok());
  ASSERT_TRUE((*schema)->write_row(r, row).ok());
  EXPECT_EQ(key, "{\"id\":1001}");
  EXPECT_EQ(row,
            "{\"id\":1001,\"first_name\":\"Sally \\\"S\\\"\",\"price\":\"+x4=\",\"born\":17544,"
            "\"seen\":\"2018-06-20T06:37:03.500Z\",\"at\":86400000007,\"kind\":\"BILLING\",\"big\":-1}");
}

TEST(TableSchema, SchemasUseDebeziumNamesAndJsonConverterLayout) {
  ConnectorConfig config;
  config.topic_prefix = "dbserver1";
  auto t = customers();
  auto schema = TableSchema::build(t, config);
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ(*(*schema)->key_schema(),
            "{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,\"field\":\"id\"}],"
            "\"optional\":false,\"name\":\"dbserver1.inventory.customers.Key\"}");
  rapidjson::Document d;
  d.Parse((*schema)->envelope_schema()->c_str());
  ASSERT_FALSE(d.HasParseError());
  EXPECT_STREQ(d["name"].GetString(), "dbserver1.inventory.customers.Envelope");
  const auto& fields = d["fields"].GetArray();
  std::vector<std::string> names;
  for (const auto& f : fields) names.emplace_back(f["field"].GetString());
  EXPECT_EQ(names, (std::vector<std::string>{"before", "after", "source", "op", "ts_ms", "ts_us", "ts_ns", "transaction"}));
  EXPECT_STREQ(fields[0]["name"].GetString(), "dbserver1.inventory.customers.Value");
  EXPECT_STREQ(fields[2]["name"].GetString(), "io.debezium.connector.mysql.Source");
  std::vector<std::string> source_fields;
  for (const auto& f : fields[2]["fields"].GetArray()) source_fields.emplace_back(f["field"].GetString());
  EXPECT_EQ(source_fields, (std::vector<std::string>{"version", "connector", "name", "ts_ms", "snapshot", "db",
                                                     "sequence", "ts_us", "ts_ns", "table", "server_id", "gtid",
                                                     "file", "pos", "row", "thread", "query"}));
  const auto& price = fields[1]["fields"][2];
  EXPECT_STREQ(price["name"].GetString(), "org.apache.kafka.connect.data.Decimal");
  EXPECT_STREQ(price["parameters"]["scale"].GetString(), "2");
  EXPECT_STREQ(price["parameters"]["connect.decimal.precision"].GetString(), "10");
  EXPECT_STREQ(fields[1]["fields"][4]["name"].GetString(), "io.debezium.time.ZonedTimestamp");
  EXPECT_STREQ(fields[1]["fields"][5]["name"].GetString(), "io.debezium.time.MicroTimestamp");
  EXPECT_STREQ(fields[1]["fields"][6]["parameters"]["allowed"].GetString(), "SHIPPING,BILLING");
}

TEST(TableSchema, DecimalModesAndZeroDates) {
  ConnectorConfig config;
  config.topic_prefix = "p";
  config.decimal_handling = DecimalHandling::string;
  auto t = customers();
  t.columns[3].nullable = false;
  auto schema = TableSchema::build(t, config);
  ASSERT_TRUE(schema.ok());
  auto r = sample_row();
  r.values[3].year = 0;
  r.values[3].month = 0;
  r.values[3].day = 0;
  std::string row;
  ASSERT_TRUE((*schema)->write_row(r, row).ok());
  EXPECT_NE(row.find("\"price\":\"-12.50\""), std::string::npos) << row;
  EXPECT_NE(row.find("\"born\":0"), std::string::npos) << row;  // NOT NULL zero date -> epoch day
}

TEST(TableSchema, MissingColumnNamesIsAClearError) {
  ConnectorConfig config;
  config.topic_prefix = "p";
  auto t = customers();
  t.has_column_names = false;
  auto schema = TableSchema::build(t, config);
  ASSERT_FALSE(schema.ok());
  EXPECT_NE(schema.error().message.find("binlog_row_metadata=FULL"), std::string::npos);
  EXPECT_NE(schema.error().message.find("inventory.customers"), std::string::npos);
}

TEST(TableSchema, KeyChangeDetection) {
  ConnectorConfig config;
  config.topic_prefix = "p";
  auto t = customers();
  auto schema = TableSchema::build(t, config);
  ASSERT_TRUE(schema.ok());
  auto a = sample_row();
  auto b = sample_row();
  b.values[1].bytes = "Other";
  EXPECT_FALSE((*schema)->key_changed(a, b));
  b.values[0].i = 1002;
  EXPECT_TRUE((*schema)->key_changed(a, b));
}

// One-column tables for the type mapping checks below.
binlog::TableMap one_column(const ColumnInfo& c) {
  binlog::TableMap t;
  t.database = "db";
  t.table = "t";
  t.has_column_names = true;
  t.columns = {c};
  return t;
}

// The field schema of the only column of the table's `after` struct.
std::string after_field_schema(const TableSchema& schema) {
  rapidjson::Document d;
  d.Parse(schema.envelope_schema()->c_str());
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  d["fields"][1]["fields"][0].Accept(w);
  return sb.GetString();
}

std::string row_of(const TableSchema& schema, const Value& v) {
  binlog::Row r;
  r.values = {v};
  r.present = {true};
  std::string out;
  auto ok = schema.write_row(r, out);
  EXPECT_TRUE(ok.ok()) << ok.error().message;
  return out;
}

// JsonConverter's schema type names for FLOAT32 and FLOAT64 are "float" and "double".
TEST(TableSchema, FloatingPointSchemasUseJsonConverterTypeNames) {
  ConnectorConfig config;
  config.topic_prefix = "p";
  ColumnInfo c;
  c.name = "f";
  c.type = ColumnType::FLOAT;
  c.meta = 4;
  auto f = TableSchema::build(one_column(c), config);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(after_field_schema(**f), "{\"type\":\"float\",\"optional\":true,\"field\":\"f\"}");
  c.type = ColumnType::DOUBLE;
  c.meta = 8;
  auto d = TableSchema::build(one_column(c), config);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(after_field_schema(**d), "{\"type\":\"double\",\"optional\":true,\"field\":\"f\"}");
  c.type = ColumnType::NEWDECIMAL;
  c.meta = (10 << 8) | 2;
  config.decimal_handling = DecimalHandling::double_;
  auto dec = TableSchema::build(one_column(c), config);
  ASSERT_TRUE(dec.ok());
  EXPECT_EQ(after_field_schema(**dec), "{\"type\":\"double\",\"optional\":true,\"field\":\"f\"}");
}

// ENUM/SET `allowed`: a comma inside a value is escaped with a backslash (BinlogEnumColumnIT).
TEST(TableSchema, EnumAllowedValuesEscapeCommas) {
  ConnectorConfig config;
  config.topic_prefix = "p";
  ColumnInfo c;
  c.name = "e";
  c.type = ColumnType::ENUM;
  c.meta = 1;
  c.enum_values = {"station", "a,b", "c,'d", "q\"x"};
  auto schema = TableSchema::build(one_column(c), config);
  ASSERT_TRUE(schema.ok());
  rapidjson::Document d;
  d.Parse(after_field_schema(**schema).c_str());
  EXPECT_STREQ(d["parameters"]["allowed"].GetString(), "station,a\\,b,c\\,'d,q\"x");
  Value v;
  v.kind = ValueKind::uint64;
  v.u = 2;
  EXPECT_EQ(row_of(**schema, v), "{\"e\":\"a,b\"}");  // the value itself is not escaped
}

// BINARY(n) values come without their trailing 0x00 bytes; Debezium pads them back to n.
TEST(TableSchema, FixedBinaryIsPaddedToItsLength) {
  ConnectorConfig config;
  config.topic_prefix = "p";
  ColumnInfo c;
  c.name = "b";
  c.type = ColumnType::STRING;
  c.meta = 4;
  c.collation = 63;
  auto schema = TableSchema::build(one_column(c), config);
  ASSERT_TRUE(schema.ok());
  Value v;
  v.kind = ValueKind::bytes;
  v.bytes = std::string_view("\x01\x02", 2);
  EXPECT_EQ(row_of(**schema, v), "{\"b\":\"AQIAAA==\"}");  // 01 02 00 00
  v.bytes = std::string_view();
  EXPECT_EQ(row_of(**schema, v), "{\"b\":\"AAAAAA==\"}");
  config.binary_handling = BinaryHandling::hex;
  auto hex = TableSchema::build(one_column(c), config);
  ASSERT_TRUE(hex.ok());
  v.bytes = std::string_view("\xca", 1);
  EXPECT_EQ(row_of(**hex, v), "{\"b\":\"ca000000\"}");
  // VARBINARY keeps its length.
  c.type = ColumnType::VARCHAR;
  c.meta = 10;
  auto var = TableSchema::build(one_column(c), config);
  ASSERT_TRUE(var.ok());
  EXPECT_EQ(row_of(**var, v), "{\"b\":\"ca\"}");
}

// GEOMETRY: {wkb, srid} with a null srid for SRID 0; POINT (GEOMETRY_TYPE 1):
// io.debezium.data.geometry.Point {x, y, wkb, srid}.
TEST(TableSchema, GeometryAndPointStructs) {
  ConnectorConfig config;
  config.topic_prefix = "p";
  ColumnInfo c;
  c.name = "g";
  c.type = ColumnType::GEOMETRY;
  c.meta = 4;
  // SRID 0, then the WKB of POINT(1 2).
  const std::string point12("\0\0\0\0\x01\x01\0\0\0\0\0\0\0\0\0\xf0\x3f\0\0\0\0\0\0\0\x40", 25);
  Value v;
  v.kind = ValueKind::bytes;
  v.bytes = point12;
  auto geometry = TableSchema::build(one_column(c), config);
  ASSERT_TRUE(geometry.ok());
  EXPECT_EQ(row_of(**geometry, v), "{\"g\":{\"wkb\":\"AQEAAAAAAAAAAADwPwAAAAAAAABA\",\"srid\":null}}");
  c.geometry_type = 1;
  auto point = TableSchema::build(one_column(c), config);
  ASSERT_TRUE(point.ok());
  EXPECT_EQ(after_field_schema(**point),
            "{\"type\":\"struct\",\"fields\":[{\"type\":\"double\",\"optional\":false,\"field\":\"x\"},"
            "{\"type\":\"double\",\"optional\":false,\"field\":\"y\"},{\"type\":\"bytes\",\"optional\":true,"
            "\"field\":\"wkb\"},{\"type\":\"int32\",\"optional\":true,\"field\":\"srid\"}],\"optional\":true,"
            "\"name\":\"io.debezium.data.geometry.Point\",\"version\":1,\"doc\":\"Geometry (POINT)\",\"field\":\"g\"}");
  std::string with_srid = point12;
  with_srid[0] = '\xe6';
  with_srid[1] = '\x10';  // 4326
  v.bytes = with_srid;
  EXPECT_EQ(row_of(**point, v), "{\"g\":{\"x\":1.0,\"y\":2.0,\"wkb\":\"AQEAAAAAAAAAAADwPwAAAAAAAABA\",\"srid\":4326}}");
  // A big-endian WKB point reads the same coordinates.
  const std::string big_endian("\0\0\0\0\x00\0\0\0\x01\x3f\xf0\0\0\0\0\0\0\x40\0\0\0\0\0\0\0", 25);
  v.bytes = big_endian;
  EXPECT_EQ(row_of(**point, v), "{\"g\":{\"x\":1.0,\"y\":2.0,\"wkb\":\"AAAAAAE/8AAAAAAAAEAAAAAAAAAA\",\"srid\":null}}");
  // A POINT column holding something else is an error, not a wrong value.
  v.bytes = std::string_view(point12.data(), 20);
  binlog::Row r;
  r.values = {v};
  r.present = {true};
  std::string out;
  EXPECT_FALSE((*point)->write_row(r, out).ok());
}

}  // namespace
}  // namespace cdc

namespace cdc {
namespace {

TEST(TopicNames, InvalidCharactersBecomeUnderscoresPerUtf16Unit) {
  EXPECT_EQ(sanitize_topic_name("srv.db.plain_Name-1"), "srv.db.plain_Name-1");
  EXPECT_EQ(sanitize_topic_name("srv.db.special\"[`]$'"), "srv.db.special______");
  EXPECT_EQ(sanitize_topic_name("srv.db.dbz5743\xE4\xB8\xAD\xE6\x96\x87"), "srv.db.dbz5743__");  // 中文: 2 units
  EXPECT_EQ(sanitize_topic_name("srv.db.t\xF0\x9F\x98\x80"), "srv.db.t__");                     // emoji: a surrogate pair
  EXPECT_EQ(sanitize_topic_name("srv.db.caf\xC3\xA9 x"), "srv.db.caf__x");
  EXPECT_EQ(sanitize_topic_name(std::string(300, 'a')).size(), 249u);
}

}  // namespace
}  // namespace cdc
