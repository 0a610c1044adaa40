// A column of a catalog table after MySQL's normalisations: the final type, the resolved character
// set, nullability and the default in the form SHOW CREATE TABLE prints it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "schema_history/column_definition.h"

namespace schema_history {

struct Column {
  std::string name;
  std::string type_name;            // upper case: INT, VARCHAR, LONGTEXT, DECIMAL, ENUM, ...
  std::optional<uint64_t> length;   // declared length / fsp / display width, or MySQL's default
  std::optional<uint32_t> scale;
  bool is_unsigned = false;
  bool zerofill = false;
  std::string charset;              // string types only (CHAR, VARCHAR, *TEXT, ENUM, SET)
  std::string collation;            // empty: the character set's default collation
  bool nullable = true;
  DefaultKind default_kind = DefaultKind::none;
  std::string default_value;        // literal value (no quotes) or expression text
  std::string on_update;            // e.g. CURRENT_TIMESTAMP(3)
  bool auto_increment = false;
  bool generated = false;           // computed column (VIRTUAL/STORED)
  bool stored = false;
  std::string generation_expression;
  bool invisible = false;
  std::string comment;
  std::vector<std::string> enum_values;  // ENUM/SET members, unquoted
};

}  // namespace schema_history
