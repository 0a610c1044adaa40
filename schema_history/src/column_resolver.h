// Turns a parsed ColumnDefinition into a catalog Column the way the server does: charset and
// collation inheritance, charset-dependent type choice (TEXT(n), CHARACTER SET binary),
// nullability rules and the canonical text of DEFAULT values.
#pragma once

#include <string>

#include "schema_history/catalog_options.h"
#include "schema_history/column.h"
#include "schema_history/column_definition.h"

namespace schema_history {

struct CharsetContext {
  std::string charset;    // the table's default charset
  std::string collation;  // the table's default collation (empty: charset default)
};

class ColumnResolver {
 public:
  explicit ColumnResolver(const CatalogOptions& options) : options_(options) {}

  // `first_timestamp`: this is the table's first TIMESTAMP column (matters only when
  // explicit_defaults_for_timestamp is OFF).
  Column resolve(const ColumnDefinition& def, const CharsetContext& table,
                 bool first_timestamp) const;

  // Canonical DEFAULT of `column` from the literal/expression in `def` (SET DEFAULT too).
  void set_default(Column& column, const ColumnDefinition& def) const;

  // CONVERT TO CHARACTER SET: string columns take the new charset; TEXT types grow so that they
  // still hold as many characters.
  void convert(Column& column, const std::string& charset, const std::string& collation) const;

 private:
  const CatalogOptions& options_;
};

}  // namespace schema_history
