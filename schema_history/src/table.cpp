// Table lookups: columns by name (case-insensitive), primary and Debezium key columns.
#include "schema_history/table.h"

#include "text_util.h"

namespace schema_history {

int Table::column_index(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (iequals(columns[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

const Column* Table::find_column(std::string_view name) const {
  const int i = column_index(name);
  return i < 0 ? nullptr : &columns[static_cast<size_t>(i)];
}

Column* Table::find_column(std::string_view name) {
  const int i = column_index(name);
  return i < 0 ? nullptr : &columns[static_cast<size_t>(i)];
}

const TableIndex* Table::primary_key() const {
  for (const auto& index : indexes) {
    if (index.kind == IndexKind::primary) return &index;
  }
  return nullptr;
}

std::vector<std::string> Table::primary_key_columns() const {
  std::vector<std::string> out;
  if (const TableIndex* pk = primary_key()) {
    for (const auto& part : pk->parts) {
      if (!part.column.empty()) out.push_back(part.column);
    }
  }
  return out;
}

std::vector<std::string> Table::key_columns() const {
  std::vector<std::string> out = primary_key_columns();
  if (!out.empty()) return out;
  for (const auto& index : indexes) {
    if (index.kind != IndexKind::unique) continue;
    // Debezium promotes a UNIQUE key only when every part is a column of the table that is NOT
    // NULL (a key with a nullable column does not identify a row; InnoDB does not cluster on it
    // either): a functional part or a nullable column rules the index out.
    bool usable = !index.parts.empty();
    for (const auto& part : index.parts) {
      const Column* column = part.column.empty() ? nullptr : find_column(part.column);
      usable = usable && column != nullptr && !column->nullable;
    }
    if (!usable) continue;
    for (const auto& part : index.parts) out.push_back(part.column);
    return out;
  }
  return out;
}

}  // namespace schema_history
