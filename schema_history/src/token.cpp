// Token helpers: keyword comparison, unquoting, descriptions for error messages.
#include "schema_history/token.h"

#include "text_util.h"

namespace schema_history {

bool Token::is_word(std::string_view upper) const {
  return kind == TokenKind::word && iequals_upper(text, upper);
}

std::string Token::unquoted(bool backslash_escapes) const {
  switch (kind) {
    case TokenKind::quoted_identifier: {
      const char q = text.front();
      std::string out;
      out.reserve(text.size());
      // Doubling the quote character is the only escape inside a quoted identifier.
      for (size_t i = 1; i + 1 < text.size(); ++i) {
        out.push_back(text[i]);
        if (text[i] == q && i + 2 < text.size() && text[i + 1] == q) ++i;
      }
      return out;
    }
    case TokenKind::string: {
      std::string_view body = text;
      if (body.front() == 'N' || body.front() == 'n') body.remove_prefix(1);
      return unescape_string_literal(body, backslash_escapes);
    }
    default:
      return std::string(text);
  }
}

std::string Token::describe() const {
  if (kind == TokenKind::end) return "end of statement";
  constexpr size_t kMax = 40;
  std::string s =
      text.size() > kMax ? std::string(text.substr(0, kMax)) + "..." : std::string(text);
  return "'" + s + "'";
}

}  // namespace schema_history
