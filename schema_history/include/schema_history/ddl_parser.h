// Recursive-descent parser for one MySQL/MariaDB statement. Schema-changing statements are parsed
// in full; every other statement is recognised by its leading keywords, checked for balanced
// parentheses and classified as not changing table structure.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "schema_history/parser_options.h"
#include "schema_history/statement.h"
#include "schema_history/token.h"

namespace schema_history {

class DdlParser {
 public:
  explicit DdlParser(ParserOptions options = {}) : options_(options) {}

  // Parses one statement (an optional trailing ';' is allowed). `first_line`/`first_column` give
  // the position of sql[0] in the caller's input, so that errors and Statement::line point there.
  // Errors are Errc::syntax_error / Errc::too_deep with "line L column C: ..." messages naming the
  // unexpected token.
  cdc::Result<Statement> parse(std::string_view sql, uint32_t first_line = 1,
                               uint32_t first_column = 1) const;

  const ParserOptions& options() const { return options_; }

 private:
  ParserOptions options_;
};

}  // namespace schema_history
