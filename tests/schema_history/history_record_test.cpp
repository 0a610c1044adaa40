// Schema-history records: Debezium's field order, escaping, round trips and every parse error.
#include "schema_history/history_record.h"

#include <gtest/gtest.h>

#include <string>

namespace schema_history {
namespace {

HistoryRecord sample() {
  HistoryRecord r;
  r.source_json = R"({"server":"dbserver1"})";
  r.position_json = R"({"ts_sec":1700000000,"file":"mysql-bin.000003","pos":4567,"snapshot":true})";
  r.ts_ms = 1700000000123;
  r.database_name = "inventory";
  r.ddl = "CREATE TABLE `t` (\n  `id` int NOT NULL,\n  PRIMARY KEY (`id`)\n)";
  r.table_changes_json =
      R"([{"type":"CREATE","id":"\"inventory\".\"t\"","table":{"defaultCharsetName":"utf8mb4",)"
      R"("primaryKeyColumnNames":["id"],"columns":[]},"comment":null}])";
  return r;
}

TEST(HistoryRecordJson, DebeziumFieldOrder) {
  EXPECT_EQ(
      to_json(sample()),
      R"({"source":{"server":"dbserver1"},)"
      R"("position":{"ts_sec":1700000000,"file":"mysql-bin.000003","pos":4567,"snapshot":true},)"
      R"("ts_ms":1700000000123,"databaseName":"inventory",)"
      R"j("ddl":"CREATE TABLE `t` (\n  `id` int NOT NULL,\n  PRIMARY KEY (`id`)\n)",)j"
      R"("tableChanges":[{"type":"CREATE","id":"\"inventory\".\"t\"","table":{"defaultCharsetName":"utf8mb4",)"
      R"("primaryKeyColumnNames":["id"],"columns":[]},"comment":null}]})");
}

TEST(HistoryRecordJson, SchemaNameOnlyWhenSetAndEmptyDatabaseKept) {
  HistoryRecord r = sample();
  r.database_name.clear();
  r.table_changes_json = "[]";
  EXPECT_EQ(to_json(r).find("schemaName"), std::string::npos);
  EXPECT_NE(to_json(r).find(R"("ts_ms":1700000000123,"databaseName":"","ddl":)"),
            std::string::npos);
  r.schema_name = "dbo";
  EXPECT_NE(to_json(r).find(R"("databaseName":"","schemaName":"dbo","ddl":)"), std::string::npos);
}

TEST(HistoryRecordJson, EmptyRawPartsAreEmptyObjectsAndArray) {
  HistoryRecord r;
  r.ddl = "SET character_set_server=utf8mb4";
  EXPECT_EQ(to_json(r), R"({"source":{},"position":{},"ts_ms":0,"databaseName":"",)"
                        R"("ddl":"SET character_set_server=utf8mb4","tableChanges":[]})");
}

TEST(HistoryRecordJson, EscapingAndRoundTrip) {
  HistoryRecord r = sample();
  r.ddl = std::string(
              "CREATE TABLE `q\"x` (c VARCHAR(3) DEFAULT 'a\\b\t\r\n\x01\x1f', d CHAR(1) "
              "COMMENT 'caf\xC3\xA9 \xF0\x9F\x98\x80') ") +
          std::string(1, '\0') + "end";
  r.database_name = "db \"1\"";
  const std::string json = to_json(r);
  EXPECT_NE(json.find(R"(`q\"x` (c VARCHAR(3) DEFAULT 'a\\b\t\r\n\u0001\u001f')"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("caf\xC3\xA9 \xF0\x9F\x98\x80"), std::string::npos);  // UTF-8 kept as is
  EXPECT_NE(json.find(R"(\u0000end")"), std::string::npos);
  EXPECT_EQ(json.find('\n'), std::string::npos);
  auto back = parse_history_record(json);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, r);
}

TEST(HistoryRecordJson, InvalidUtf8BecomesReplacementCharacter) {
  HistoryRecord r = sample();
  r.ddl = "ALTER TABLE t COMMENT 'caf\xE9'";                          // latin1 é
  r.table_changes_json = "[{\"comment\":\"\xC0\xAF\xED\xA0\x80\"}]";  // overlong, surrogate
  const std::string json = to_json(r);
  EXPECT_NE(json.find("'caf\xEF\xBF\xBD'"), std::string::npos);
  auto back = parse_history_record(json);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->ddl, "ALTER TABLE t COMMENT 'caf\xEF\xBF\xBD'");
  EXPECT_EQ(back->table_changes_json,
            "[{\"comment\":\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"}]");
}

TEST(HistoryRecordJson, RawPartsWithLineBreaksStayOnOneLine) {
  HistoryRecord r = sample();
  r.position_json = "{\n  \"file\": \"mysql-bin.000001\",\r\n  \"pos\": 4\n}";
  r.table_changes_json = "[\n]";
  const std::string json = to_json(r);
  EXPECT_EQ(json.find('\n'), std::string::npos);
  EXPECT_EQ(json.find('\r'), std::string::npos);
  auto back = parse_history_record(json);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->position_json, R"({"file":"mysql-bin.000001","pos":4})");
  EXPECT_EQ(back->table_changes_json, "[]");
}

TEST(HistoryRecordParse, RoundTripOfSample) {
  auto back = parse_history_record(to_json(sample()));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, sample());
}

TEST(HistoryRecordParse, DebeziumWrittenRecord) {
  // The shape Debezium's FileSchemaHistory writes (Jackson, compact), with a GTID position.
  const std::string line =
      R"({"source":{"server":"shop"},"position":{"transaction_id":null,"ts_sec":1716000000,)"
      R"("file":"binlog.000007","pos":157,"gtids":"3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5",)"
      R"("snapshot":true},"ts_ms":1716000000999,"databaseName":"shop",)"
      R"("ddl":"DROP TABLE IF EXISTS `shop`.`orders`","tableChanges":[]})";
  auto r = parse_history_record(line);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->source_json, R"({"server":"shop"})");
  EXPECT_EQ(r->position_json,
            R"({"transaction_id":null,"ts_sec":1716000000,"file":"binlog.000007","pos":157,)"
            R"("gtids":"3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5","snapshot":true})");
  EXPECT_EQ(r->ts_ms, 1716000000999);
  EXPECT_EQ(r->database_name, "shop");
  EXPECT_EQ(r->schema_name, "");
  EXPECT_EQ(r->ddl, "DROP TABLE IF EXISTS `shop`.`orders`");
  EXPECT_EQ(r->table_changes_json, "[]");
  EXPECT_EQ(to_json(*r), line);  // written back byte for byte
}

TEST(HistoryRecordParse, PrettyPrintedAndReorderedInputIsAccepted) {
  const std::string text =
      "{\n  \"ddl\" : \"USE `a`\",\n  \"tableChanges\" : null,\n"
      "  \"databaseName\" : null,\n  \"schemaName\" : null,\n"
      "  \"position\" : { \"pos\" : 4 },\n  \"source\" : { \"server\" : \"s\" }\n}\n";
  auto r = parse_history_record(text);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->ddl, "USE `a`");
  EXPECT_EQ(r->position_json, R"({"pos":4})");
  EXPECT_EQ(r->source_json, R"({"server":"s"})");
  EXPECT_EQ(r->ts_ms, 0);  // absent
  EXPECT_EQ(r->database_name, "");
  EXPECT_EQ(r->table_changes_json, "[]");
}

TEST(HistoryRecordParse, NumbersAndUnknownMembersKept) {
  const std::string text =
      R"({"version":{"a":[1,{"b":[]}],"c":null},"source":{"server":"s","big":123456789012345678901234567890},)"
      R"("position":{"pos":1.10,"e":-2E+3},"extra":"x","ddl":"","ts_ms":-5,)"
      R"("tableChanges":[{"n":0.5e-3,"t":true,"f":false,"z":null,"s":"\u00e9\/"}]})";
  auto r = parse_history_record(text);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->source_json, R"({"server":"s","big":123456789012345678901234567890})");
  EXPECT_EQ(r->position_json, R"({"pos":1.10,"e":-2E+3})");
  EXPECT_EQ(r->ts_ms, -5);
  EXPECT_EQ(r->ddl, "");
  EXPECT_EQ(r->table_changes_json,
            "[{\"n\":0.5e-3,\"t\":true,\"f\":false,\"z\":null,\"s\":\"\xC3\xA9/\"}]");
}

struct BadCase {
  std::string text;
  std::string message;
};

TEST(HistoryRecordParse, EveryErrorNamesTheProblem) {
  const std::string ok_tail = R"("source":{},"position":{},"ddl":"x")";
  const BadCase cases[] = {
      {"", "schema history record is not valid JSON: The document is empty. (at byte offset 0)"},
      {"not json", "schema history record is not valid JSON: Invalid value. (at byte offset 1)"},
      {R"({"source":{},"position":{},"ddl":"x")",
       "schema history record is not valid JSON: Missing a comma or '}' after an object member. "
       "(at byte offset 36)"},
      {R"({"source":{},"position":{},"ddl":"x"} {})",
       "schema history record is not valid JSON: The document root must not be followed by other "
       "values. (at byte "
       "offset 38)"},
      {"{\"source\":{},\"position\":{},\"ddl\":\"caf\xE9\"}",
       "schema history record is not valid JSON: Invalid encoding in string. (at byte offset 37)"},
      {"[]", "schema history record must be a JSON object, not an array"},
      {"\"text\"", "schema history record must be a JSON object, not a string"},
      {"42", "schema history record must be a JSON object, not a number"},
      {"null", "schema history record must be a JSON object, not null"},
      {R"({"position":{},"ddl":"x"})", "schema history record has no \"source\""},
      {R"({"source":{},"ddl":"x"})", "schema history record has no \"position\""},
      {R"({"source":{},"position":{}})", "schema history record has no \"ddl\""},
      {"{" + ok_tail + R"(,"source":"s"})",
       "schema history record \"source\" must be an object, not a string"},
      {"{" + ok_tail + R"(,"position":[1]})",
       "schema history record \"position\" must be an object, not an array"},
      {"{" + ok_tail + R"(,"position":null})",
       "schema history record \"position\" must be an object, not null"},
      {R"({"source":{},"position":{},"ddl":null})",
       "schema history record \"ddl\" must be a string, not null"},
      {R"({"source":{},"position":{},"ddl":7})",
       "schema history record \"ddl\" must be a string, not a number"},
      {R"({"source":{},"position":{},"ddl":{"a":1}})",
       "schema history record \"ddl\" must be a string, not an object"},
      {"{" + ok_tail + R"(,"ts_ms":"1"})",
       "schema history record \"ts_ms\" must be an integer, not a string"},
      {"{" + ok_tail + R"(,"ts_ms":true})",
       "schema history record \"ts_ms\" must be an integer, not a boolean"},
      {"{" + ok_tail + R"(,"ts_ms":[]})",
       "schema history record \"ts_ms\" must be an integer, not an array"},
      {"{" + ok_tail + R"(,"ts_ms":1.5})",
       "schema history record \"ts_ms\" must be an integer of at most 64 bits, not 1.5"},
      {"{" + ok_tail + R"(,"ts_ms":99999999999999999999})",
       "schema history record \"ts_ms\" must be an integer of at most 64 bits, not "
       "99999999999999999999"},
      {"{" + ok_tail + R"(,"databaseName":{}})",
       "schema history record \"databaseName\" must be a string, not an object"},
      {"{" + ok_tail + R"(,"schemaName":false})",
       "schema history record \"schemaName\" must be a string, not a boolean"},
      {"{" + ok_tail + R"(,"tableChanges":{}})",
       "schema history record \"tableChanges\" must be an array, not an object"},
      {"{" + ok_tail + R"(,"tableChanges":"[]"})",
       "schema history record \"tableChanges\" must be an array, not a string"},
  };
  for (const auto& c : cases) {
    auto r = parse_history_record(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().message, c.message) << c.text;
    EXPECT_EQ(r.error().code, HistoryErrc::corrupt_record) << c.text;
  }
}

TEST(HistoryRecordParse, DeepNestingDoesNotCrash) {
  std::string text = R"({"source":{},"position":{},"ddl":"x","tableChanges":)";
  text += std::string(100000, '[') + std::string(100000, ']') + "}";
  auto r = parse_history_record(text);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->table_changes_json.size(), 200000U);
}

TEST(HistoryErrors, CategoryAndCodes) {
  const std::error_code ec = HistoryErrc::kafka_error;
  EXPECT_EQ(ec.category().name(), std::string("schema_history.store"));
  EXPECT_EQ(ec.message(), "schema history Kafka error");
  const cdc::Error e = make_error(HistoryErrc::io_error, "disk full");
  EXPECT_EQ(e.code, HistoryErrc::io_error);
  EXPECT_EQ(e.to_string(), "disk full");
}

TEST(QuoteStart, ShortensOnCharacterBoundaryAndEscapes) {
  EXPECT_EQ(quote_start("abc"), "abc");
  EXPECT_EQ(quote_start("a\nb\tc\x01", 80), "a\\nb\\tc\\x01");
  EXPECT_EQ(quote_start("abcdef", 3), "abc...");
  // "é" is 2 bytes: cutting after 2 bytes would split it.
  EXPECT_EQ(quote_start("a\xC3\xA9z", 2), "a...");
  EXPECT_EQ(quote_start(std::string(200, 'x')).size(), 83U);
}

}  // namespace
}  // namespace schema_history
