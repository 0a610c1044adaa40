// Statement splitting: the mysql client's rules, plus block awareness for whole-file scripts.
#include "schema_history/statement_splitter.h"

#include <string>

#include "schema_history/lexer.h"
#include "text_util.h"

namespace schema_history {
namespace {

// Tracks line/column while moving forward through the input.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  size_t pos() const { return pos_; }
  uint32_t line() const { return line_; }
  uint32_t column() const { return col_; }
  void advance_to(size_t to) {
    if (to > s_.size()) to = s_.size();
    for (; pos_ < to; ++pos_) {
      if (s_[pos_] == '\n') {
        ++line_;
        col_ = 1;
      } else if ((static_cast<unsigned char>(s_[pos_]) & 0xC0) != 0x80) {
        ++col_;  // columns count characters, not UTF-8 continuation bytes
      }
    }
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t col_ = 1;
};

size_t end_of_line(std::string_view s, size_t from) {
  const size_t e = s.find('\n', from);
  return e == std::string_view::npos ? s.size() : e;
}

size_t end_of_quoted(std::string_view s, size_t start, bool backslash) {
  const char q = s[start];
  size_t j = start + 1;
  while (j < s.size()) {
    const char c = s[j];
    if (c == '\\' && backslash && q != '`') {
      j += 2;
    } else if (c == q) {
      if (j + 1 < s.size() && s[j + 1] == q) {
        j += 2;
      } else {
        return j + 1;
      }
    } else {
      ++j;
    }
  }
  return s.size();  // unterminated: the statement runs to the end and the lexer reports it
}

struct Piece {
  size_t begin;
  size_t end;
  uint32_t line;
  uint32_t column;
};

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<SqlStatement> StatementSplitter::split_client(std::string_view s) const {
  std::vector<SqlStatement> out;
  std::string delimiter = ";";
  const bool backslash = !options_.no_backslash_escapes;
  Cursor cur(s);
  size_t start = std::string_view::npos;  // first significant character of the pending statement
  uint32_t start_line = 1, start_col = 1;
  auto mark = [&]() {
    if (start == std::string_view::npos) {
      start = cur.pos();
      start_line = cur.line();
      start_col = cur.column();
    }
  };
  auto emit = [&](size_t end) {
    if (start != std::string_view::npos) {
      std::string_view text = trim_right(s.substr(start, end - start));
      if (!text.empty()) out.push_back({text, start_line, start_col});
    }
    start = std::string_view::npos;
  };
  bool line_start = true;
  while (cur.pos() < s.size()) {
    const size_t i = cur.pos();
    const char c = s[i];
    if (line_start && start == std::string_view::npos) {
      // The DELIMITER command is only recognised at the start of a statement.
      size_t j = i;
      while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
      if (s.size() - j > 9 && iequals_upper(s.substr(j, 9), "DELIMITER") &&
          (s[j + 9] == ' ' || s[j + 9] == '\t')) {
        const size_t eol = end_of_line(s, j);
        std::string_view arg = trim(s.substr(j + 9, eol - j - 9));
        size_t k = 0;
        while (k < arg.size() && !is_space(arg[k])) ++k;
        arg = arg.substr(0, k);
        if (arg.size() >= 2 && (arg.front() == '\'' || arg.front() == '"' ||
                                arg.front() == '`') && arg.back() == arg.front()) {
          arg = arg.substr(1, arg.size() - 2);
        }
        if (!arg.empty()) delimiter = std::string(arg);
        cur.advance_to(eol);
        continue;
      }
    }
    line_start = false;
    if (c == '\n') {
      line_start = true;
      cur.advance_to(i + 1);
      continue;
    }
    if (s.compare(i, delimiter.size(), delimiter) == 0) {
      emit(i);
      cur.advance_to(i + delimiter.size());
      continue;
    }
    if (c == '\\' && i + 1 < s.size() && (s[i + 1] == 'g' || s[i + 1] == 'G')) {
      emit(i);
      cur.advance_to(i + 2);
      continue;
    }
    if (is_space(c)) {
      cur.advance_to(i + 1);
      continue;
    }
    if (c == '#' || (c == '-' && i + 1 < s.size() && s[i + 1] == '-' &&
                     (i + 2 >= s.size() || static_cast<unsigned char>(s[i + 2]) <= ' '))) {
      cur.advance_to(end_of_line(s, i));
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      const bool executable =
          (i + 2 < s.size() && s[i + 2] == '!') ||
          (i + 3 < s.size() && s[i + 2] == 'M' && s[i + 3] == '!');
      if (executable) {
        // Its content is code; the closing */ is passed over as ordinary characters.
        mark();
        cur.advance_to(i + 3);
        continue;
      }
      const size_t close = s.find("*/", i + 2);
      cur.advance_to(close == std::string_view::npos ? s.size() : close + 2);
      continue;
    }
    mark();
    if (c == '\'' || c == '"' || c == '`') {
      cur.advance_to(end_of_quoted(s, i, backslash));
      continue;
    }
    cur.advance_to(i + 1);
  }
  emit(s.size());
  return out;
}

namespace {

bool is_statement_start_context(const Token* prev) {
  if (prev == nullptr || prev->is_punct(';') || prev->is_punct(':')) return true;
  return prev->is_word("BEGIN") || prev->is_word("THEN") || prev->is_word("ELSE") ||
         prev->is_word("DO") || prev->is_word("LOOP") || prev->is_word("REPEAT") ||
         prev->is_word("ROW");
}

// Index one past the bracket matching tokens[k] ('('), or tokens.size() - 1.
size_t after_brackets(const std::vector<Token>& t, size_t k) {
  int depth = 0;
  for (size_t i = k; i + 1 < t.size(); ++i) {
    if (t[i].is_punct('(')) ++depth;
    if (t[i].is_punct(')') && --depth == 0) return i + 1;
  }
  return t.size() - 1;
}

bool is_condition_continuation(const Token& t) {
  if (t.kind == TokenKind::punct) return !t.is_punct(',') && !t.is_punct(')') && !t.is_punct(';');
  return t.is_word("THEN") || t.is_word("AND") || t.is_word("OR") || t.is_word("XOR") ||
         t.is_word("IS") || t.is_word("NOT") || t.is_word("IN") || t.is_word("LIKE") ||
         t.is_word("BETWEEN");
}

// Change of BEGIN/END block depth over the tokens of one `;`-separated piece.
int block_delta(const std::vector<Token>& t, bool after_semicolon) {
  int delta = 0;
  for (size_t k = 0; k + 1 < t.size(); ++k) {
    const Token& tok = t[k];
    if (tok.kind != TokenKind::word) continue;
    const Token* prev = k > 0 ? &t[k - 1] : nullptr;
    const bool stmt_start = k == 0 ? after_semicolon : is_statement_start_context(prev);
    if (tok.is_word("BEGIN")) {
      if (!t[k + 1].is_word("WORK")) ++delta;
    } else if (tok.is_word("CASE")) {
      ++delta;
    } else if (tok.is_word("IF")) {
      if (!stmt_start) continue;
      const Token& n = t[k + 1];
      if (n.is_punct('(')) {
        const size_t after = after_brackets(t, k + 1);
        if (!is_condition_continuation(t[after])) continue;  // the IF() function
      }
      ++delta;
    } else if (tok.is_word("LOOP") || tok.is_word("WHILE") || tok.is_word("REPEAT") ||
               tok.is_word("FOR")) {
      if (stmt_start && !(tok.is_word("REPEAT") && t[k + 1].is_punct('('))) ++delta;
    } else if (tok.is_word("END")) {
      --delta;
      const Token& n = t[k + 1];
      if (n.is_word("IF") || n.is_word("CASE") || n.is_word("LOOP") || n.is_word("WHILE") ||
          n.is_word("REPEAT") || n.is_word("FOR")) {
        ++k;
      }
    }
  }
  return delta;
}

// Statements whose body may hold `;`-terminated statements inside BEGIN ... END.
bool is_compound_capable(const std::vector<Token>& t) {
  if (t.empty() || t[0].kind == TokenKind::end) return false;
  const Token& first = t[0];
  if (first.is_word("BEGIN")) return !t[1].is_word("WORK") && t[1].kind != TokenKind::end;
  if (first.is_word("IF") || first.is_word("WHILE") || first.is_word("LOOP") ||
      first.is_word("REPEAT") || first.is_word("CASE") || first.is_word("FOR")) {
    return true;
  }
  if (first.is_identifier() && t[1].is_punct(':')) return true;
  if (!first.is_word("CREATE") && !first.is_word("ALTER")) return false;
  for (size_t k = 1; k + 1 < t.size() && k < 40; ++k) {
    const Token& w = t[k];
    if (w.is_punct('(') && t[k - 1].is_word("CURRENT_USER") && t[k + 1].is_punct(')')) {
      ++k;  // DEFINER = CURRENT_USER()
      continue;
    }
    if (w.is_punct('(')) return false;
    if (w.kind != TokenKind::word) continue;
    if (w.is_word("PROCEDURE") || w.is_word("FUNCTION") || w.is_word("TRIGGER") ||
        w.is_word("EVENT") || w.is_word("PACKAGE")) {
      return true;
    }
    if (w.is_word("TABLE") || w.is_word("VIEW") || w.is_word("INDEX") || w.is_word("DATABASE") ||
        w.is_word("SCHEMA") || w.is_word("USER") || w.is_word("ROLE") || w.is_word("SERVER") ||
        w.is_word("TABLESPACE") || w.is_word("LOGFILE") || w.is_word("SEQUENCE")) {
      return false;
    }
  }
  return false;
}

bool in_list(const Token& t, std::initializer_list<std::string_view> words) {
  for (auto w : words) {
    if (t.is_word(w)) return true;
  }
  return false;
}

// Does a new statement start at tokens[k] (first on its line)?
bool starts_new_statement(const std::vector<Token>& t, size_t k) {
  const Token& w = t[k];
  const Token& n = t[k + 1];
  const Token& prev = t[k - 1];
  if (prev.kind == TokenKind::punct && !prev.is_punct(')')) return false;
  if (in_list(prev, {"AS", "DO", "ROW", "THEN", "ELSE", "BEGIN", "WITH", "AND", "OR", "NOT",
                     "ON", "TO", "FROM", "BY", "SET", "INTO", "WHERE"})) {
    return false;
  }
  if (w.is_word("CREATE") || w.is_word("GRANT") || w.is_word("REVOKE")) return true;
  if (w.is_word("ALTER")) {
    return in_list(n, {"TABLE", "DATABASE", "SCHEMA", "USER", "VIEW", "EVENT", "DEFINER",
                       "ONLINE", "IGNORE", "SEQUENCE", "PROCEDURE", "FUNCTION", "SERVER",
                       "TABLESPACE", "LOGFILE", "INSTANCE", "RESOURCE"});
  }
  if (w.is_word("DROP")) {
    return in_list(n, {"TABLE", "TABLES", "DATABASE", "SCHEMA", "VIEW", "USER", "ROLE", "EVENT",
                       "PROCEDURE", "FUNCTION", "TRIGGER", "SERVER", "TABLESPACE", "TEMPORARY",
                       "SEQUENCE", "LOGFILE"});
  }
  if (w.is_word("RENAME")) return in_list(n, {"TABLE", "TABLES", "USER"});
  if (w.is_word("TRUNCATE")) return n.is_word("TABLE");
  return false;
}

}  // namespace

std::vector<SqlStatement> StatementSplitter::split(std::string_view input) const {
  std::vector<SqlStatement> pieces = split_client(input);
  if (mode_ == SplitMode::client) return pieces;

  std::vector<SqlStatement> out;
  Lexer lexer(options_);
  std::vector<Token> tokens;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const SqlStatement& first = pieces[i];
    if (!lexer.tokenize(first.text, tokens, first.line, first.column).ok()) {
      out.push_back(first);
      continue;
    }
    if (is_compound_capable(tokens)) {
      int depth = block_delta(tokens, false);
      size_t j = i;
      while (depth > 0 && j + 1 < pieces.size()) {
        ++j;
        if (lexer.tokenize(pieces[j].text, tokens, pieces[j].line, pieces[j].column).ok()) {
          depth += block_delta(tokens, true);
        }
      }
      const char* begin = first.text.data();
      const char* end = pieces[j].text.data() + pieces[j].text.size();
      out.push_back({std::string_view(begin, static_cast<size_t>(end - begin)), first.line,
                     first.column});
      i = j;
      continue;
    }
    // Statements written one after another without a ';'.
    size_t from = 0;  // token index where the current part starts
    int paren = 0;
    for (size_t k = 0; k + 1 < tokens.size(); ++k) {
      const Token& t = tokens[k];
      if (t.is_punct('(')) ++paren;
      if (t.is_punct(')')) --paren;
      if (k > from && paren == 0 && t.first_on_line && t.kind == TokenKind::word &&
          starts_new_statement(tokens, k)) {
        const Token& a = tokens[from];
        std::string_view text = trim_right(first.text.substr(a.offset, t.offset - a.offset));
        out.push_back({text, a.line, a.column});
        from = k;
      }
    }
    const Token& a = tokens[from];
    out.push_back({first.text.substr(a.offset), a.line, a.column});
  }
  return out;
}

}  // namespace schema_history
