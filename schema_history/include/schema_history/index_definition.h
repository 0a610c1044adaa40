// A key or constraint: PRIMARY KEY, UNIQUE, KEY/INDEX, FULLTEXT, SPATIAL, FOREIGN KEY, CHECK.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "schema_history/table_name.h"

namespace schema_history {

enum class IndexKind : uint8_t { primary, unique, key, fulltext, spatial, foreign_key, check };

struct KeyPart {
  std::string column;                // empty for a functional key part
  std::optional<uint32_t> prefix;    // col(10)
  bool descending = false;
  std::string expression;            // functional key part text, e.g. "(upper(code))"
};

struct IndexDefinition {
  IndexKind kind = IndexKind::key;
  std::string name;              // index name as written (may be empty)
  std::string constraint_name;   // CONSTRAINT symbol (may be empty)
  std::vector<KeyPart> parts;
  bool if_not_exists = false;    // MariaDB
  TableName referenced_table;    // FOREIGN KEY ... REFERENCES
  std::vector<std::string> referenced_columns;
};

}  // namespace schema_history
