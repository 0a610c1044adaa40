#include <gtest/gtest.h>
#include <rapidjson/document.h>

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
  append_zoned_timestamp(s, 1529476623, 0);
  EXPECT_EQ(s, "2018-06-20T06:37:03Z");
  s.clear();
  append_zoned_timestamp(s, 1529476623, 120000);
  EXPECT_EQ(s, "2018-06-20T06:37:03.12Z");
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
            "\"seen\":\"2018-06-20T06:37:03.5Z\",\"at\":86400000007,\"kind\":\"BILLING\",\"big\":-1}");
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

}  // namespace
}  // namespace cdc
