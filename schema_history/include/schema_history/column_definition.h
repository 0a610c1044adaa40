// One column as written in CREATE TABLE or ALTER TABLE ADD/MODIFY/CHANGE.
#pragma once

#include <optional>
#include <string>

#include "schema_history/data_type.h"

namespace schema_history {

// What a column's DEFAULT clause says.
enum class DefaultKind : uint8_t {
  none,        // no DEFAULT clause (or DROP DEFAULT)
  null,        // DEFAULT NULL
  literal,     // DEFAULT 'x' / 1 / b'1' / TRUE: `default_value` holds the literal's value
  expression,  // DEFAULT CURRENT_TIMESTAMP / (expr): `default_value` holds the expression text
};

// How a literal default was written; the catalog renders it in the column's canonical form.
enum class LiteralKind : uint8_t { string, number, bits, hex, boolean };

struct ColumnDefinition {
  std::string name;
  DataType type;
  std::optional<bool> nullable;  // explicit NULL / NOT NULL
  DefaultKind default_kind = DefaultKind::none;
  LiteralKind default_literal = LiteralKind::string;
  std::string default_value;
  std::string on_update;          // ON UPDATE CURRENT_TIMESTAMP[(n)], normalised
  bool auto_increment = false;
  bool generated = false;         // GENERATED ALWAYS AS (expr) VIRTUAL/STORED
  bool stored = false;
  std::string generation_expression;
  bool invisible = false;
  bool row_start = false;         // MariaDB GENERATED ALWAYS AS ROW START / END
  bool row_end = false;
  std::string comment;
  bool primary_key = false;       // inline PRIMARY KEY
  bool unique_key = false;        // inline UNIQUE [KEY]
};

}  // namespace schema_history
