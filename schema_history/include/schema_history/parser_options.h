// Settings that change how DDL text is read: the SQL dialect and the server being emulated.
#pragma once

#include <cstdint>
#include <string_view>

namespace schema_history {

enum class Dialect : uint8_t { mysql, mariadb };

std::string_view to_string(Dialect d);

struct ParserOptions {
  Dialect dialect = Dialect::mysql;
  // Versioned comments `/*!NNNNN ... */` (and MariaDB `/*M!NNNNNN ... */`) are read as code when
  // NNNNN <= server_version. The default includes every one, as a current server would.
  uint32_t server_version = 999999;
  // sql_mode ANSI_QUOTES: "x" is an identifier, not a string.
  bool ansi_quotes = false;
  // sql_mode NO_BACKSLASH_ESCAPES: a backslash in a string is an ordinary character.
  bool no_backslash_escapes = false;
  // Parentheses / compound blocks nested deeper than this are an error, never a stack overflow.
  int max_depth = 200;
};

}  // namespace schema_history
