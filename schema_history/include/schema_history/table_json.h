// Renders a catalog table in the shape of Debezium's `tableChanges[].table` (schema-history
// records and the schema-change topic).
#pragma once

#include <string>

#include "schema_history/column.h"
#include "schema_history/table.h"

namespace schema_history {

// java.sql.Types code Debezium's MySQL connector gives the column's type (VARCHAR = 12, ...).
int jdbc_type(const Column& column);

// Appends {"defaultCharsetName":…,"primaryKeyColumnNames":[…],"columns":[…]} to `out`.
void append_table_json(std::string& out, const Table& table);

// Appends `s` as a JSON string literal (with quotes) to `out`.
void append_json_string(std::string& out, std::string_view s);

}  // namespace schema_history
