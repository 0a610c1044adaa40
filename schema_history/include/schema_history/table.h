// A table in the catalog: ordered columns, indexes (PRIMARY first) and the table defaults.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema_history/column.h"
#include "schema_history/table_id.h"
#include "schema_history/table_index.h"

namespace schema_history {

class Table {
 public:
  TableId id;
  std::string default_charset;
  std::string default_collation;  // empty: the charset's default
  std::string engine;
  std::string comment;
  std::vector<Column> columns;
  std::vector<TableIndex> indexes;
  // Created by CREATE TABLE ... SELECT: the columns of the query are not known to us.
  bool columns_incomplete = false;

  // Column names compare case-insensitively, as in MySQL.
  const Column* find_column(std::string_view name) const;
  Column* find_column(std::string_view name);
  int column_index(std::string_view name) const;  // -1 when absent

  const TableIndex* primary_key() const;
  std::vector<std::string> primary_key_columns() const;
  // The key Debezium uses for change events: the primary key, or when there is none the first
  // UNIQUE index whose columns are all NOT NULL (Debezium's DDL parser promotes it; one with a
  // nullable column or an expression is skipped).
  std::vector<std::string> key_columns() const;
};

}  // namespace schema_history
