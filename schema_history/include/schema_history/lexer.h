// Hand-written lexer for MySQL/MariaDB SQL: quoted identifiers, strings with escapes, numbers,
// hex/bit literals, variables, operators; skips `--`, `#` and `/* */` comments and reads
// versioned comments `/*!NNNNN ... */` (`/*M!NNNNNN` for MariaDB) as code when the emulated server
// version allows it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "schema_history/parser_options.h"
#include "schema_history/token.h"

namespace schema_history {

class Lexer {
 public:
  explicit Lexer(const ParserOptions& options) : options_(options) {}

  // Appends the tokens of `text` to `out` (which is cleared first), then one TokenKind::end token.
  // Tokens point into `text`. Positions count from (first_line, first_column) so that errors
  // name the place in the original input.
  cdc::Result<void> tokenize(std::string_view text, std::vector<Token>& out,
                             uint32_t first_line = 1, uint32_t first_column = 1) const;

 private:
  ParserOptions options_;
};

}  // namespace schema_history
