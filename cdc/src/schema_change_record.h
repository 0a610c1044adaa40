// The Connect schemas of Debezium's schema-change topic (`<topic.prefix>`): key
// {databaseName} and value {source, ts_ms, databaseName, schemaName, ddl, tableChanges}.
#pragma once

#include <memory>
#include <string>

namespace cdc {

// io.debezium.connector.<flavor>.SchemaChangeKey
std::shared_ptr<const std::string> schema_change_key_schema(const std::string& flavor);
// io.debezium.connector.<flavor>.SchemaChangeValue, with the connector's Source block.
std::shared_ptr<const std::string> schema_change_value_schema(const std::string& flavor);

}  // namespace cdc
