// One specification of ALTER TABLE (they are applied in order).
#pragma once

#include <string>

#include "schema_history/column_definition.h"
#include "schema_history/index_definition.h"
#include "schema_history/table_name.h"

namespace schema_history {

enum class AlterAction : uint8_t {
  add_column,            // column, placement
  add_index,             // index
  drop_column,           // name
  drop_index,            // name (DROP INDEX/KEY, DROP CONSTRAINT naming a unique key)
  drop_primary_key,
  drop_foreign_key,      // name (the index InnoDB made for it stays)
  drop_constraint,       // name: a CHECK, a foreign key or a unique key (DROP CONSTRAINT)
  modify_column,         // column (name = column.name), placement
  change_column,         // name -> column.name, placement
  rename_column,         // name -> new_name
  rename_index,          // name -> new_name
  rename_table,          // new_table
  set_default,           // name, column.default_*
  drop_default,          // name
  set_visibility,        // name, invisible
  convert_charset,       // charset (may be "default"), collation
  table_options,         // charset / collation (either may be empty)
  add_system_versioning,   // MariaDB: adds the hidden row_start/row_end columns
  drop_system_versioning,  // MariaDB: removes them
  other,                 // ALGORITHM, LOCK, FORCE, ORDER BY, partitioning, ...: no column change
};

enum class Placement : uint8_t { none, first, after };

struct AlterSpec {
  AlterAction action = AlterAction::other;
  ColumnDefinition column;
  IndexDefinition index;
  std::string name;
  std::string new_name;
  TableName new_table;
  Placement placement = Placement::none;
  std::string after_column;
  bool if_exists = false;       // MariaDB: DROP COLUMN IF EXISTS, ...
  bool if_not_exists = false;   // MariaDB: ADD COLUMN IF NOT EXISTS, ...
  bool invisible = false;
  std::string charset;
  std::string collation;
};

}  // namespace schema_history
