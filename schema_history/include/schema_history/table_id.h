// The identity of a table in the catalog: database and table name.
#pragma once

#include <string>

namespace schema_history {

struct TableId {
  std::string database;
  std::string table;

  std::string to_string() const { return database + "." + table; }
  bool operator==(const TableId&) const = default;
  bool operator<(const TableId& o) const {
    return database != o.database ? database < o.database : table < o.table;
  }
};

}  // namespace schema_history
