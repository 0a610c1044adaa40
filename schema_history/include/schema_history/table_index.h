// An index of a catalog table: PRIMARY, UNIQUE, plain, FULLTEXT or SPATIAL.
#pragma once

#include <string>
#include <vector>

#include "schema_history/index_definition.h"

namespace schema_history {

struct TableIndex {
  IndexKind kind = IndexKind::key;  // never foreign_key or check
  std::string name;                 // "PRIMARY" for the primary key
  std::vector<KeyPart> parts;
};

}  // namespace schema_history
