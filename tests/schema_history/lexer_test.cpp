// Lexer: tokens, quoting, comments, versioned comments, positions and errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "schema_history/errors.h"
#include "schema_history/lexer.h"

namespace schema_history {
namespace {

std::vector<Token> lex(std::string_view sql, ParserOptions options = {}) {
  std::vector<Token> out;
  auto r = Lexer(options).tokenize(sql, out);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return out;
}

std::vector<std::string> texts(std::string_view sql, ParserOptions options = {}) {
  std::vector<std::string> out;
  for (const auto& t : lex(sql, options)) {
    if (t.kind != TokenKind::end) out.emplace_back(t.text);
  }
  return out;
}

TEST(DdlLexer, WordsNumbersAndPunctuation) {
  const auto t = lex("CREATE TABLE t1 (a INT(11), b DECIMAL(10,2)) -- tail");
  ASSERT_EQ(t.size(), 19u);
  EXPECT_TRUE(t[0].is_word("CREATE"));
  EXPECT_TRUE(t[1].is_word("TABLE"));
  EXPECT_EQ(t[2].kind, TokenKind::word);
  EXPECT_TRUE(t[3].is_punct('('));
  EXPECT_EQ(t[7].kind, TokenKind::number);
  EXPECT_EQ(t[18].kind, TokenKind::end);
}

TEST(DdlLexer, KeywordsAreCaseInsensitive) {
  const auto t = lex("create Table");
  EXPECT_TRUE(t[0].is_word("CREATE"));
  EXPECT_TRUE(t[1].is_word("TABLE"));
}

TEST(DdlLexer, QuotedIdentifiersAndStrings) {
  const auto t = lex("`a``b` 'it''s' \"x\\\"y\" N'nat' X'0A' b'01' 0x1F 0b11");
  EXPECT_EQ(t[0].kind, TokenKind::quoted_identifier);
  EXPECT_EQ(t[0].unquoted(), "a`b");
  EXPECT_EQ(t[1].kind, TokenKind::string);
  EXPECT_EQ(t[1].unquoted(), "it's");
  EXPECT_EQ(t[2].unquoted(), "x\"y");
  EXPECT_EQ(t[3].kind, TokenKind::string);
  EXPECT_EQ(t[3].unquoted(), "nat");
  EXPECT_EQ(t[4].kind, TokenKind::hex_string);
  EXPECT_EQ(t[5].kind, TokenKind::bit_string);
  EXPECT_EQ(t[6].kind, TokenKind::hex_string);
  EXPECT_EQ(t[7].kind, TokenKind::bit_string);
}

TEST(DdlLexer, AnsiQuotesMakeDoubleQuotesIdentifiers) {
  ParserOptions ansi;
  ansi.ansi_quotes = true;
  const auto t = lex("\"my col\"", ansi);
  EXPECT_EQ(t[0].kind, TokenKind::quoted_identifier);
  EXPECT_EQ(t[0].unquoted(), "my col");
}

TEST(DdlLexer, StringEscapes) {
  const auto t = lex(R"('a\nb\tc\\d\'e\0f\%g')");
  EXPECT_EQ(t[0].unquoted(), std::string("a\nb\tc\\d'e\0f\\%g", 14));
  ParserOptions raw;
  raw.no_backslash_escapes = true;
  const auto r = lex(R"('a\n')", raw);
  EXPECT_EQ(r[0].unquoted(false), "a\\n");
}

TEST(DdlLexer, IdentifiersThatStartWithDigits) {
  EXPECT_EQ(texts("1c t1.1c db.123 1e5 1e+5 1.5e-3 .5 123abc"),
            (std::vector<std::string>{"1c", "t1", ".", "1c", "db", ".", "123", "1e5", "1e+5",
                                      "1.5e-3", ".5", "123abc"}));
  const auto t = lex("t1.1c 1e5 123abc");
  EXPECT_EQ(t[2].kind, TokenKind::word);
  EXPECT_EQ(t[3].kind, TokenKind::number);
  EXPECT_EQ(t[4].kind, TokenKind::word);
}

TEST(DdlLexer, Comments) {
  EXPECT_EQ(texts("a -- c\nb # d\nc /* e ; */ d"),
            (std::vector<std::string>{"a", "b", "c", "d"}));
  // "--" needs a space (or control character) after it to start a comment.
  EXPECT_EQ(texts("1--1"), (std::vector<std::string>{"1", "-", "-", "1"}));
  EXPECT_EQ(texts("a --\nb"), (std::vector<std::string>{"a", "b"}));
}

TEST(DdlLexer, VersionedComments) {
  EXPECT_EQ(texts("CREATE /*!32312 TEMPORARY */ TABLE"),
            (std::vector<std::string>{"CREATE", "TEMPORARY", "TABLE"}));
  EXPECT_EQ(texts("/*! always */"), (std::vector<std::string>{"always"}));
  ParserOptions old;
  old.server_version = 50700;
  EXPECT_EQ(texts("a /*!80016 b */ c /*!50100 d */", old),
            (std::vector<std::string>{"a", "c", "d"}));
  // MariaDB-only code is a comment to MySQL.
  EXPECT_EQ(texts("a /*M!100100 b */ c"), (std::vector<std::string>{"a", "c"}));
  ParserOptions maria;
  maria.dialect = Dialect::mariadb;
  EXPECT_EQ(texts("a /*M!100100 b */ c", maria), (std::vector<std::string>{"a", "b", "c"}));
  maria.server_version = 100000;
  EXPECT_EQ(texts("a /*M!100100 b */ c", maria), (std::vector<std::string>{"a", "c"}));
  // Optimizer hints are comments.
  EXPECT_EQ(texts("SELECT /*+ BKA(t1) */ 1"), (std::vector<std::string>{"SELECT", "1"}));
}

TEST(DdlLexer, OperatorsAndVariables) {
  EXPECT_EQ(texts("a<=>b c:=d e->>'$' @v @@global.x @'q' 'u'@'h'"),
            (std::vector<std::string>{"a", "<=>", "b", "c", ":=", "d", "e", "->>", "'$'", "@v",
                                      "@@global.x", "@'q'", "'u'", "@'h'"}));
}

TEST(DdlLexer, Positions) {
  const auto t = lex("a\n  bb\n\tccc", {});
  EXPECT_EQ(t[0].line, 1u);
  EXPECT_EQ(t[0].column, 1u);
  EXPECT_EQ(t[1].line, 2u);
  EXPECT_EQ(t[1].column, 3u);
  EXPECT_TRUE(t[1].first_on_line);
  EXPECT_EQ(t[2].line, 3u);
  EXPECT_EQ(t[2].column, 2u);
  std::vector<Token> out;
  ASSERT_TRUE(Lexer({}).tokenize("x y", out, 10, 5).ok());
  EXPECT_EQ(out[0].line, 10u);
  EXPECT_EQ(out[0].column, 5u);
  EXPECT_EQ(out[1].column, 7u);
}

TEST(DdlLexer, ErrorsNameThePlace) {
  std::vector<Token> out;
  auto r = Lexer({}).tokenize("SELECT\n  'abc", out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, make_error_code(Errc::syntax_error));
  EXPECT_EQ(r.error().message, "line 2 column 3: unterminated string");
  r = Lexer({}).tokenize("a /* never closed", out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "line 1 column 3: unterminated comment");
  r = Lexer({}).tokenize("`x", out);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("unterminated quoted identifier"), std::string::npos);
  r = Lexer({}).tokenize(std::string_view("a \x01", 3), out);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("unexpected character 0x01"), std::string::npos);
}

}  // namespace
}  // namespace schema_history
