// A possibly database-qualified table name as written in a statement.
#pragma once

#include <string>

namespace schema_history {

struct TableName {
  std::string database;  // empty when unqualified: the default database applies
  std::string name;

  bool operator==(const TableName&) const = default;
};

}  // namespace schema_history
