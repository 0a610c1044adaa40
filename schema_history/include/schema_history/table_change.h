// What applying one statement did to one table, in Debezium's terms (CREATE / ALTER / DROP).
#pragma once

#include <optional>

#include "schema_history/table_id.h"

namespace schema_history {

struct TableChange {
  enum class Type : uint8_t { create, alter, drop };
  Type type = Type::alter;
  TableId id;                          // the table after the change (the dropped one for DROP)
  std::optional<TableId> previous_id;  // RENAME: the name before
};

}  // namespace schema_history
