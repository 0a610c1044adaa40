// A parsed statement. Statements that change table structure carry their details; every other
// statement (DML, GRANT, SET, routines, ...) is `other` with a label saying what it is.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "schema_history/alter_spec.h"
#include "schema_history/column_definition.h"
#include "schema_history/index_definition.h"
#include "schema_history/table_name.h"

namespace schema_history {

enum class StatementKind : uint8_t {
  empty,            // only comments / whitespace
  create_table,
  alter_table,
  rename_table,
  drop_table,
  truncate_table,
  create_index,
  drop_index,
  create_database,
  alter_database,
  drop_database,
  use_database,
  other,            // recognised, does not change table structure
};

// "create_table", "alter_table", ...; for `other` see Statement::label.
std::string_view to_string(StatementKind kind);

struct TableOptions {
  std::string charset;     // [DEFAULT] CHARACTER SET / CHARSET, lower case ("default" possible)
  std::string collation;   // [DEFAULT] COLLATE, lower case
  std::string engine;
  std::string comment;
  bool system_versioning = false;  // MariaDB WITH SYSTEM VERSIONING
};

struct CreateTable {
  TableName table;
  bool temporary = false;
  bool if_not_exists = false;
  bool or_replace = false;                // MariaDB CREATE OR REPLACE TABLE
  std::optional<TableName> like;          // CREATE TABLE a LIKE b
  std::vector<ColumnDefinition> columns;
  std::vector<IndexDefinition> indexes;   // table-level keys and constraints, in order
  TableOptions options;
  // CREATE TABLE ... [AS] SELECT: only the explicitly listed columns are known.
  bool from_query = false;
};

struct AlterTable {
  TableName table;
  bool if_exists = false;  // MariaDB
  std::vector<AlterSpec> specs;
};

struct RenameTable {
  std::vector<std::pair<TableName, TableName>> pairs;
};

struct DropTable {
  std::vector<TableName> tables;
  bool temporary = false;
  bool if_exists = false;
};

struct TruncateTable {
  TableName table;
};

struct CreateIndex {
  TableName table;
  IndexDefinition index;
};

struct DropIndex {
  TableName table;
  std::string name;
};

struct CreateDatabase {
  std::string name;
  bool if_not_exists = false;
  bool or_replace = false;
  std::string charset;
  std::string collation;
};

struct AlterDatabase {
  std::string name;  // empty: the default database
  std::string charset;
  std::string collation;
};

struct DropDatabase {
  std::string name;
  bool if_exists = false;
};

struct UseDatabase {
  std::string name;
};

struct OtherStatement {};

struct Statement {
  StatementKind kind = StatementKind::empty;
  // For `other`: a lower-case label of what it is ("insert", "grant", "create_view", "set", ...);
  // otherwise to_string(kind).
  std::string label;
  uint32_t line = 1;    // where the statement's first token is
  uint32_t column = 1;
  std::variant<OtherStatement, CreateTable, AlterTable, RenameTable, DropTable, TruncateTable,
               CreateIndex, DropIndex, CreateDatabase, AlterDatabase, DropDatabase, UseDatabase>
      body;

  // Whether applying it can change tables or databases of a catalog.
  bool changes_schema() const {
    return kind != StatementKind::empty && kind != StatementKind::other;
  }
};

}  // namespace schema_history
