// DdlParser: lex one statement, then run the recursive-descent StatementParser over it.
#include "schema_history/ddl_parser.h"

#include "schema_history/lexer.h"
#include "statement_parser.h"

namespace schema_history {

cdc::Result<Statement> DdlParser::parse(std::string_view sql, uint32_t first_line,
                                        uint32_t first_column) const {
  // Reused per thread: parsing a long history must not allocate a token vector per statement.
  thread_local std::vector<Token> tokens;
  Lexer lexer(options_);
  auto lexed = lexer.tokenize(sql, tokens, first_line, first_column);
  if (!lexed.ok()) return lexed.error();
  StatementParser parser(options_, sql, tokens);
  Statement statement;
  if (!parser.parse(statement)) return parser.error();
  return statement;
}

}  // namespace schema_history
