// Error values of the schema_history module (DDL lexer, parser, catalog, ddl-parse tool).
#pragma once

#include <string>
#include <system_error>

#include "common/result.h"

namespace schema_history {

enum class Errc {
  syntax_error = 1,   // the statement is not valid DDL/SQL as far as we can tell
  too_deep,           // nesting (parentheses, blocks) deeper than we accept
  unsupported,        // recognised but not modelled (e.g. an unknown data type)
  no_database,        // an unqualified table name with no default database
  bad_argument,       // command-line usage
};

const std::error_category& error_category();
std::error_code make_error_code(Errc e);
cdc::Error make_error(Errc e, std::string message);

}  // namespace schema_history

template <>
struct std::is_error_code_enum<schema_history::Errc> : std::true_type {};
