// The SQL lexer. One pass over the text, no allocation per token beyond the output vector.
#include "schema_history/lexer.h"

#include <string>

#include "schema_history/errors.h"
#include "text_util.h"

namespace schema_history {
namespace {

bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

class Scanner {
 public:
  Scanner(const ParserOptions& options, std::string_view s, std::vector<Token>& out,
          uint32_t first_line, uint32_t first_column)
      : opt_(options), s_(s), out_(out), line_(first_line), col_base_(first_column) {}

  cdc::Result<void> run();

 private:
  char at(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }
  uint32_t column(size_t pos) const { return static_cast<uint32_t>(pos - line_start_) + col_base_; }
  // Moves to `to`, counting the line breaks passed.
  void move_to(size_t to) {
    for (; i_ < to; ++i_) {
      if (s_[i_] == '\n') {
        ++line_;
        line_start_ = i_ + 1;
        col_base_ = 1;
        newline_seen_ = true;
      }
    }
  }
  static cdc::Error error_here(uint32_t line, uint32_t col, const std::string& what) {
    return make_error(Errc::syntax_error, "line " + std::to_string(line) + " column " +
                                              std::to_string(col) + ": " + what);
  }
  void push(TokenKind kind, size_t start, size_t end, uint32_t line, uint32_t col) {
    Token t;
    t.kind = kind;
    t.text = s_.substr(start, end - start);
    t.line = line;
    t.column = col;
    t.offset = static_cast<uint32_t>(start);
    t.first_on_line = newline_seen_;
    newline_seen_ = false;
    out_.push_back(t);
  }
  // End (one past the closing quote) of a quoted run starting at `start`, or npos.
  size_t scan_quoted(size_t start, char q, bool backslash) const {
    size_t j = start + 1;
    while (j < s_.size()) {
      const char c = s_[j];
      if (c == '\\' && backslash) {
        j += 2;
      } else if (c == q) {
        if (at(j + 1) == q) {
          j += 2;
        } else {
          return j + 1;
        }
      } else {
        ++j;
      }
    }
    return std::string_view::npos;
  }
  bool after_qualifier_dot() const {
    const size_t n = out_.size();
    return n >= 2 && out_[n - 1].is_punct('.') && out_[n - 2].is_identifier() &&
           out_[n - 1].offset == out_[n - 2].offset + out_[n - 2].text.size();
  }
  cdc::Result<void> comment(size_t start, uint32_t line, uint32_t col);
  void number_or_word(size_t start, uint32_t line, uint32_t col);
  void dotted_number(size_t start, size_t j, uint32_t line, uint32_t col);

  const ParserOptions& opt_;
  std::string_view s_;
  std::vector<Token>& out_;
  size_t i_ = 0;
  uint32_t line_;
  size_t line_start_ = 0;
  uint32_t col_base_;
  bool newline_seen_ = true;
  bool in_versioned_ = false;
};

cdc::Result<void> Scanner::comment(size_t start, uint32_t line, uint32_t col) {
  // start points at "/*".
  size_t j = start + 2;
  bool versioned = false;
  size_t max_digits = 0;
  if (at(j) == '!') {
    versioned = true;
    j += 1;
    max_digits = opt_.dialect == Dialect::mariadb ? 6 : 5;
  } else if (at(j) == 'M' && at(j + 1) == '!') {
    // MariaDB-only executable comment; an ordinary comment to MySQL.
    versioned = opt_.dialect == Dialect::mariadb;
    j += 2;
    max_digits = 6;
  }
  if (versioned) {
    size_t d = 0;
    while (d < max_digits && is_digit(at(j + d))) ++d;
    // MySQL reads exactly five digits; MariaDB reads six when six are there, else five.
    if (max_digits == 6 && d < 6) d = d >= 5 ? 5 : d;
    if (max_digits == 5 && d < 5) d = 0;
    uint64_t version = 0;
    bool include = true;
    if (d > 0) {
      parse_uint(s_.substr(j, d), version);
      include = version <= opt_.server_version;
      j += d;
    }
    if (include) {
      in_versioned_ = true;
      move_to(j);
      return {};
    }
  }
  const size_t close = s_.find("*/", j);
  if (close == std::string_view::npos) {
    return error_here(line, col, "unterminated comment");
  }
  move_to(close + 2);
  return {};
}

void Scanner::dotted_number(size_t start, size_t j, uint32_t line, uint32_t col) {
  // j points just after the integer part; reads [.digits][e[+-]digits].
  if (at(j) == '.') {
    ++j;
    while (is_digit(at(j))) ++j;
  }
  if ((at(j) == 'e' || at(j) == 'E') &&
      (is_digit(at(j + 1)) || ((at(j + 1) == '+' || at(j + 1) == '-') && is_digit(at(j + 2))))) {
    j += 2;
    while (is_digit(at(j))) ++j;
  }
  push(TokenKind::number, start, j, line, col);
  move_to(j);
}

void Scanner::number_or_word(size_t start, uint32_t line, uint32_t col) {
  size_t j = start;
  while (j < s_.size() && is_ident_char(s_[j])) ++j;
  std::string_view run = s_.substr(start, j - start);
  if (after_qualifier_dot()) {
    // `t1.1c`, `db.123`: after a qualifier dot everything is a name.
    push(TokenKind::word, start, j, line, col);
    move_to(j);
    return;
  }
  bool all_digits = true;
  for (char c : run) all_digits = all_digits && is_digit(c);
  if (all_digits) {
    dotted_number(start, j, line, col);
    return;
  }
  if (run.size() > 2 && run[0] == '0' && (run[1] == 'x')) {
    bool hex = true;
    for (size_t k = 2; k < run.size(); ++k) hex = hex && is_hex(run[k]);
    if (hex) {
      push(TokenKind::hex_string, start, j, line, col);
      move_to(j);
      return;
    }
  }
  if (run.size() > 2 && run[0] == '0' && run[1] == 'b') {
    bool bits = true;
    for (size_t k = 2; k < run.size(); ++k) bits = bits && (run[k] == '0' || run[k] == '1');
    if (bits) {
      push(TokenKind::bit_string, start, j, line, col);
      move_to(j);
      return;
    }
  }
  // 1e5 / 1e+5 / 1.5e3 forms: digits, an 'e', then digits (or a sign that follows).
  size_t k = 0;
  while (k < run.size() && is_digit(run[k])) ++k;
  if (k > 0 && k < run.size() && (run[k] == 'e' || run[k] == 'E')) {
    size_t m = k + 1;
    bool rest_digits = true;
    for (size_t p = m; p < run.size(); ++p) rest_digits = rest_digits && is_digit(run[p]);
    if (rest_digits && m < run.size()) {
      push(TokenKind::number, start, j, line, col);
      move_to(j);
      return;
    }
    if (m == run.size() && (at(j) == '+' || at(j) == '-') && is_digit(at(j + 1))) {
      size_t e = j + 1;
      while (is_digit(at(e))) ++e;
      push(TokenKind::number, start, e, line, col);
      move_to(e);
      return;
    }
  }
  push(TokenKind::word, start, j, line, col);
  move_to(j);
}

cdc::Result<void> Scanner::run() {
  const bool backslash = !opt_.no_backslash_escapes;
  while (i_ < s_.size()) {
    const char c = s_[i_];
    if (is_space(c)) {
      move_to(i_ + 1);
      continue;
    }
    const uint32_t line = line_;
    const uint32_t col = column(i_);
    const size_t start = i_;
    if (c == '#' || (c == '-' && at(i_ + 1) == '-' &&
                     (i_ + 2 >= s_.size() || static_cast<unsigned char>(s_[i_ + 2]) <= ' '))) {
      size_t e = s_.find('\n', i_);
      move_to(e == std::string_view::npos ? s_.size() : e);
      continue;
    }
    if (c == '/' && at(i_ + 1) == '*') {
      auto r = comment(start, line, col);
      if (!r.ok()) return r;
      continue;
    }
    if (c == '*' && at(i_ + 1) == '/' && in_versioned_) {
      in_versioned_ = false;
      move_to(i_ + 2);
      continue;
    }
    const bool ansi = opt_.ansi_quotes;
    if (c == '\'' || (c == '"' && !ansi)) {
      const size_t e = scan_quoted(start, c, backslash);
      if (e == std::string_view::npos) return error_here(line, col, "unterminated string");
      push(TokenKind::string, start, e, line, col);
      move_to(e);
      continue;
    }
    if (c == '`' || (c == '"' && ansi)) {
      const size_t e = scan_quoted(start, c, false);
      if (e == std::string_view::npos) {
        return error_here(line, col, "unterminated quoted identifier");
      }
      push(TokenKind::quoted_identifier, start, e, line, col);
      move_to(e);
      continue;
    }
    const char n1 = at(i_ + 1);
    if ((c == 'N' || c == 'n') && n1 == '\'') {
      const size_t e = scan_quoted(start + 1, '\'', backslash);
      if (e == std::string_view::npos) return error_here(line, col, "unterminated string");
      push(TokenKind::string, start, e, line, col);
      move_to(e);
      continue;
    }
    if ((c == 'X' || c == 'x' || c == 'B' || c == 'b') && n1 == '\'') {
      const size_t e = s_.find('\'', start + 2);
      if (e == std::string_view::npos) return error_here(line, col, "unterminated string");
      push((c == 'X' || c == 'x') ? TokenKind::hex_string : TokenKind::bit_string, start, e + 1,
           line, col);
      move_to(e + 1);
      continue;
    }
    if (is_digit(c)) {
      number_or_word(start, line, col);
      continue;
    }
    if (c == '.' && is_digit(n1) && !(out_.size() > 0 && out_.back().is_identifier() &&
                                      out_.back().offset + out_.back().text.size() == start)) {
      dotted_number(start, start, line, col);
      continue;
    }
    if (is_ident_char(c)) {
      size_t j = start;
      while (j < s_.size() && is_ident_char(s_[j])) ++j;
      push(TokenKind::word, start, j, line, col);
      move_to(j);
      continue;
    }
    if (c == '@') {
      size_t j = start + 1;
      if (at(j) == '@') {
        ++j;
        while (j < s_.size() && (is_ident_char(s_[j]) || s_[j] == '.')) ++j;
      } else if (at(j) == '\'' || at(j) == '"' || at(j) == '`') {
        const size_t e = scan_quoted(j, at(j), at(j) != '`' && backslash);
        if (e == std::string_view::npos) return error_here(line, col, "unterminated string");
        j = e;
      } else {
        while (j < s_.size() && is_ident_char(s_[j])) ++j;
      }
      push(j == start + 1 ? TokenKind::punct : TokenKind::variable, start, j, line, col);
      move_to(j);
      continue;
    }
    static constexpr std::string_view kOps3[] = {"<=>", "->>"};
    static constexpr std::string_view kOps2[] = {"<=", ">=", "<>", "!=", ":=", "<<",
                                                 ">>", "&&", "||", "->"};
    size_t len = 0;
    for (auto op : kOps3) {
      if (s_.substr(start, 3) == op) len = 3;
    }
    if (len == 0) {
      for (auto op : kOps2) {
        if (s_.substr(start, 2) == op) len = 2;
      }
    }
    if (len == 0) {
      static constexpr std::string_view kSingles = "()[]{},;.=+-*/%&|^~!<>:?\\";
      if (kSingles.find(c) == std::string_view::npos) {
        std::string what = "unexpected character ";
        if (static_cast<unsigned char>(c) < 0x20) {
          what += "0x" + std::string(1, "0123456789abcdef"[(c >> 4) & 0xf]) +
                  std::string(1, "0123456789abcdef"[c & 0xf]);
        } else {
          what += "'" + std::string(1, c) + "'";
        }
        return error_here(line, col, what);
      }
      len = 1;
    }
    push(TokenKind::punct, start, start + len, line, col);
    move_to(start + len);
  }
  Token end;
  end.kind = TokenKind::end;
  end.line = line_;
  end.column = column(s_.size());
  end.offset = static_cast<uint32_t>(s_.size());
  out_.push_back(end);
  return {};
}

}  // namespace

cdc::Result<void> Lexer::tokenize(std::string_view text, std::vector<Token>& out,
                                  uint32_t first_line, uint32_t first_column) const {
  out.clear();
  Scanner scanner(options_, text, out, first_line, first_column);
  return scanner.run();
}

std::string_view to_string(Dialect d) { return d == Dialect::mariadb ? "mariadb" : "mysql"; }

}  // namespace schema_history
