#include "schema_change_record.h"

#include "table_schema.h"

namespace cdc {
namespace {

std::string optional_field(const char* type, const char* name) {
  return std::string("{\"type\":\"") + type + "\",\"optional\":true,\"field\":\"" + name + "\"}";
}

std::string required_field(const char* type, const char* name) {
  return std::string("{\"type\":\"") + type + "\",\"optional\":false,\"field\":\"" + name + "\"}";
}

// io.debezium.connector.schema.Column: the fields schema_history::append_table_json writes.
std::string column_schema() {
  return "{\"type\":\"struct\",\"fields\":[" + required_field("string", "name") + "," +
         required_field("int32", "jdbcType") + "," + optional_field("int32", "nativeType") + "," +
         required_field("string", "typeName") + "," + optional_field("string", "typeExpression") + "," +
         optional_field("string", "charsetName") + "," + optional_field("int32", "length") + "," +
         optional_field("int32", "scale") + "," + required_field("int32", "position") + "," +
         optional_field("boolean", "optional") + "," + optional_field("boolean", "autoIncremented") + "," +
         optional_field("boolean", "generated") + "," + optional_field("string", "comment") + "," +
         optional_field("string", "defaultValueExpression") + "," +
         "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"optional\":false},\"optional\":true,"
         "\"field\":\"enumValues\"}],\"optional\":false,\"name\":\"io.debezium.connector.schema.Column\",\"version\":1}";
}

std::string table_schema() {
  return "{\"type\":\"struct\",\"fields\":[" + optional_field("string", "defaultCharsetName") + "," +
         "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"optional\":false},\"optional\":true,"
         "\"field\":\"primaryKeyColumnNames\"}," +
         "{\"type\":\"array\",\"items\":" + column_schema() + ",\"optional\":false,\"field\":\"columns\"}," +
         optional_field("string", "comment") +
         "],\"optional\":true,\"name\":\"io.debezium.connector.schema.Table\",\"version\":1,\"field\":\"table\"}";
}

std::string change_schema() {
  return "{\"type\":\"struct\",\"fields\":[" + required_field("string", "type") + "," + required_field("string", "id") +
         "," + table_schema() + "],\"optional\":false,\"name\":\"io.debezium.connector.schema.Change\",\"version\":1}";
}

}  // namespace

std::shared_ptr<const std::string> schema_change_key_schema(const std::string& flavor) {
  return std::make_shared<const std::string>(
      "{\"type\":\"struct\",\"fields\":[" + required_field("string", "databaseName") +
      "],\"optional\":false,\"name\":\"io.debezium.connector." + flavor + ".SchemaChangeKey\",\"version\":1}");
}

std::shared_ptr<const std::string> schema_change_value_schema(const std::string& flavor) {
  return std::make_shared<const std::string>(
      "{\"type\":\"struct\",\"fields\":[" + source_schema_json(flavor) + "," + optional_field("int64", "ts_ms") + "," +
      optional_field("string", "databaseName") + "," + optional_field("string", "schemaName") + "," +
      optional_field("string", "ddl") + ",{\"type\":\"array\",\"items\":" + change_schema() +
      ",\"optional\":false,\"field\":\"tableChanges\"}],\"optional\":false,\"name\":\"io.debezium.connector." + flavor +
      ".SchemaChangeValue\",\"version\":1}");
}

}  // namespace cdc
