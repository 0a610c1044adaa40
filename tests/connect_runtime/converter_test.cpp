#include <gtest/gtest.h>

#include "connect_runtime/converter.h"

using namespace connect_runtime;

namespace {

RecordData data(std::string payload, const char* schema = R"({"type":"int32","optional":false})") {
  RecordData d;
  if (schema != nullptr) d.schema_json = std::make_shared<const std::string>(schema);
  d.payload_json = std::move(payload);
  return d;
}

struct Out {
  bool has_bytes;
  std::string bytes;
};

Out run(const Converter& c, const RecordData& d) {
  std::string out = "garbage from a previous record";
  auto r = c.convert(d, out);
  EXPECT_TRUE(r.ok());
  return {r.ok() && *r, out};
}

TEST(JsonConverter, SchemasEnabledEnvelope) {
  JsonConverter c(true);
  auto o = run(c, data(R"({"id":1})", R"({"type":"struct","fields":[],"optional":false})"));
  ASSERT_TRUE(o.has_bytes);
  EXPECT_EQ(o.bytes, R"({"schema":{"type":"struct","fields":[],"optional":false},"payload":{"id":1}})");
}

TEST(JsonConverter, SchemasEnabledWithoutSchemaWritesNullSchema) {
  JsonConverter c(true);
  auto o = run(c, data("42", nullptr));
  ASSERT_TRUE(o.has_bytes);
  EXPECT_EQ(o.bytes, R"({"schema":null,"payload":42})");
}

TEST(JsonConverter, SchemasDisabledWritesPayloadOnly) {
  JsonConverter c(false);
  auto o = run(c, data(R"({"id":1,"name":"a"})"));
  ASSERT_TRUE(o.has_bytes);
  EXPECT_EQ(o.bytes, R"({"id":1,"name":"a"})");
}

TEST(JsonConverter, TombstoneIsKafkaNullInBothModes) {
  RecordData tomb;
  tomb.is_null = true;  // Debezium tombstone: no schema, no value
  for (bool schemas : {true, false}) {
    JsonConverter c(schemas);
    auto o = run(c, tomb);
    EXPECT_FALSE(o.has_bytes) << "schemas.enable=" << schemas;
    EXPECT_TRUE(o.bytes.empty());
  }
  RecordData empty_schema = tomb;
  empty_schema.schema_json = std::make_shared<const std::string>("");  // treated as no schema
  EXPECT_FALSE(run(JsonConverter(true), empty_schema).has_bytes);
}

TEST(JsonConverter, NullWithSchema) {
  auto d = RecordData::null_with_schema(std::make_shared<const std::string>(R"({"type":"struct","optional":true})"));
  auto with = run(JsonConverter(true), d);
  ASSERT_TRUE(with.has_bytes);
  EXPECT_EQ(with.bytes, R"({"schema":{"type":"struct","optional":true},"payload":null})");
  // Connect serialises a NullNode here (schema != null), i.e. the 4 bytes `null`.
  auto without = run(JsonConverter(false), d);
  ASSERT_TRUE(without.has_bytes);
  EXPECT_EQ(without.bytes, "null");
}

TEST(StringConverter, Outputs) {
  StringConverter c;
  auto s = run(c, data(R"("caf\u00e9 \"q\" \\ \n")", nullptr));
  ASSERT_TRUE(s.has_bytes);
  EXPECT_EQ(s.bytes, "caf\xC3\xA9 \"q\" \\ \n");
  auto n = run(c, data("123"));
  ASSERT_TRUE(n.has_bytes);
  EXPECT_EQ(n.bytes, "123");
  auto obj = run(c, data(R"({"id":1})"));
  EXPECT_EQ(obj.bytes, R"({"id":1})");
  RecordData tomb;
  tomb.is_null = true;
  EXPECT_FALSE(run(c, tomb).has_bytes);
  auto empty = run(c, data(R"("")"));
  ASSERT_TRUE(empty.has_bytes);
  EXPECT_EQ(empty.bytes, "");

  std::string out;
  auto bad = c.convert(data(R"("unterminated)"), out);
  EXPECT_FALSE(bad.ok());
}

TEST(ConverterConfig, ParseAndCreate) {
  ConfigMap m{{"value.converter", " org.apache.kafka.connect.storage.StringConverter "},
              {"key.converter", "JsonConverter"},
              {"key.converter.schemas.enable", "false"}};
  auto k = ConverterConfig::parse(m, "key.converter");
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->kind, ConverterKind::json);
  EXPECT_EQ(k->class_name, "org.apache.kafka.connect.json.JsonConverter");
  EXPECT_FALSE(k->schemas_enable);
  auto kc = k->create();
  EXPECT_FALSE(dynamic_cast<JsonConverter&>(*kc).schemas_enable());
  auto v = ConverterConfig::parse(m, "value.converter");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->kind, ConverterKind::string);
  EXPECT_NE(dynamic_cast<StringConverter*>(v->create().get()), nullptr);

  auto absent = ConverterConfig::parse({}, "value.converter");
  ASSERT_TRUE(absent.ok());
  EXPECT_EQ(absent->kind, ConverterKind::json);
  EXPECT_TRUE(absent->schemas_enable);

  auto bad = ConverterConfig::parse({{"value.converter", "com.example.Nope"}}, "value.converter");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("value.converter"), std::string::npos);
}

}  // namespace
