// Splits SQL input into statements.
//
// `client` mode works the way the `mysql` command-line client does: statements end at the current
// delimiter (`;` until a `DELIMITER xx` line changes it, or `\g`/`\G`) outside quotes, backticks
// and comments; `--`, `#` and `/* */` comments before a statement are dropped. This is what
// `cdc ddl parse` uses.
//
// `script` mode additionally follows what whole-file SQL grammars accept (used for the
// third-party DDL corpora): a `;` inside a BEGIN ... END body of a routine, trigger or event does
// not end the statement, and a new line that starts with CREATE/ALTER/DROP/RENAME/TRUNCATE/GRANT
// /REVOKE at bracket depth 0 starts a new statement even without a `;` before it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "schema_history/parser_options.h"

namespace schema_history {

struct SqlStatement {
  std::string_view text;  // points into the input; no delimiter, no surrounding whitespace
  uint32_t line = 1;      // position of text[0] in the input, 1-based
  uint32_t column = 1;
};

enum class SplitMode : uint8_t { client, script };

class StatementSplitter {
 public:
  explicit StatementSplitter(SplitMode mode = SplitMode::client, ParserOptions options = {})
      : mode_(mode), options_(options) {}

  std::vector<SqlStatement> split(std::string_view input) const;

 private:
  std::vector<SqlStatement> split_client(std::string_view input) const;

  SplitMode mode_;
  ParserOptions options_;
};

}  // namespace schema_history
