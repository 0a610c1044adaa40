// A lexical token of MySQL/MariaDB SQL, pointing into the statement text it came from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace schema_history {

enum class TokenKind : uint8_t {
  end,                // past the last token
  word,               // unquoted identifier or keyword (keywords are not reserved here)
  quoted_identifier,  // `x` (or "x" under ANSI_QUOTES)
  string,             // 'x', "x", N'x' (text keeps the quotes; see Token::unquoted)
  number,             // 12, 1.5, .5, 1e-3
  hex_string,         // X'0A' or 0x0A
  bit_string,         // B'01' or 0b01
  variable,           // @x, @'x', @@global.x
  punct,              // operators and punctuation: ( ) , ; . = <=> := ...
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::string_view text;  // exactly as written
  uint32_t line = 1;      // 1-based position of the first character
  uint32_t column = 1;
  uint32_t offset = 0;    // byte offset in the lexed text
  bool first_on_line = false;

  bool is_punct(char c) const {
    return kind == TokenKind::punct && text.size() == 1 && text[0] == c;
  }
  bool is_punct(std::string_view p) const { return kind == TokenKind::punct && text == p; }
  // Case-insensitive keyword test for unquoted words; `upper` must be upper case.
  bool is_word(std::string_view upper) const;
  // An identifier-like token: a word or a quoted identifier.
  bool is_identifier() const {
    return kind == TokenKind::word || kind == TokenKind::quoted_identifier;
  }
  // Identifier with quotes removed and doubled quote characters collapsed; string literal value
  // with escapes resolved (`backslash_escapes` = !NO_BACKSLASH_ESCAPES); other kinds: the text.
  std::string unquoted(bool backslash_escapes = true) const;
  // For error messages: the token text, shortened, or "end of statement".
  std::string describe() const;
};

}  // namespace schema_history
