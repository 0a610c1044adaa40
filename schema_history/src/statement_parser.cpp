// StatementParser: cursor helpers, generic pieces and the statement dispatch.
#include "statement_parser.h"

#include <array>

#include "schema_history/errors.h"
#include "text_util.h"

namespace schema_history {

// ---- cursor ---------------------------------------------------------------------------------

bool StatementParser::at_end() const {
  const Token& t = cur();
  return t.kind == TokenKind::end || (t.is_punct(';') && peek().kind == TokenKind::end);
}

bool StatementParser::accept(std::string_view kw) {
  if (!cur().is_word(kw)) return false;
  next();
  return true;
}

bool StatementParser::accept2(std::string_view kw1, std::string_view kw2) {
  if (!cur().is_word(kw1) || !peek().is_word(kw2)) return false;
  next();
  next();
  return true;
}

bool StatementParser::accept_punct(char c) {
  if (!cur().is_punct(c)) return false;
  next();
  return true;
}

bool StatementParser::expect(std::string_view kw) {
  if (accept(kw)) return true;
  return unexpected(kw);
}

bool StatementParser::expect_punct(char c) {
  if (accept_punct(c)) return true;
  return unexpected(std::string("'") + c + "'");
}

bool StatementParser::fail(const Token& at, const std::string& message) {
  if (failed_) return false;
  failed_ = true;
  error_ = make_error(Errc::syntax_error, "line " + std::to_string(at.line) + " column " +
                                              std::to_string(at.column) + ": " + message);
  return false;
}

bool StatementParser::fail_depth(const Token& at) {
  if (failed_) return false;
  failed_ = true;
  error_ = make_error(Errc::too_deep, "line " + std::to_string(at.line) + " column " +
                                          std::to_string(at.column) +
                                          ": nesting deeper than " +
                                          std::to_string(opt_.max_depth) + " levels");
  return false;
}

bool StatementParser::unexpected(std::string_view expected) {
  std::string msg = "unexpected " + cur().describe();
  if (!expected.empty()) msg += ", expected " + std::string(expected);
  return fail(cur(), msg);
}

std::string StatementParser::slice(size_t first_token, size_t end_token) const {
  if (end_token <= first_token) return {};
  const Token& a = toks_[first_token];
  const Token& b = toks_[end_token - 1];
  const size_t from = a.offset;
  const size_t to = b.offset + b.text.size();
  return std::string(sql_.substr(from, to - from));
}

// ---- generic pieces -------------------------------------------------------------------------

bool StatementParser::identifier(std::string& out, std::string_view what) {
  const Token& t = cur();
  if (t.kind == TokenKind::word || t.kind == TokenKind::quoted_identifier) {
    out = t.unquoted();
    next();
    return true;
  }
  // "x" where only a name can stand: the statement was written for sql_mode ANSI_QUOTES.
  if (t.kind == TokenKind::string && t.text.front() == '"') {
    out = unescape_string_literal(t.text, false);
    next();
    return true;
  }
  return unexpected(what);
}

bool StatementParser::table_name(TableName& out) {
  std::string first;
  if (!identifier(first, "a table name")) return false;
  // `db.tbl`; MySQL also accepts a leading-dot form we do not need.
  if (cur().is_punct('.') && (peek().kind == TokenKind::word ||
                              peek().kind == TokenKind::quoted_identifier)) {
    next();
    out.database = std::move(first);
    return identifier(out.name, "a table name");
  }
  out.database.clear();
  out.name = std::move(first);
  return true;
}

bool StatementParser::charset_name(std::string& out) {
  const Token& t = cur();
  if (t.kind == TokenKind::word || t.kind == TokenKind::quoted_identifier ||
      t.kind == TokenKind::string) {
    out = to_lower(t.unquoted(!opt_.no_backslash_escapes));
    next();
    return true;
  }
  return unexpected("a character set or collation name");
}

bool StatementParser::skip_balanced() {
  // Iterative on purpose: nesting depth is bounded by max_depth, never by the stack.
  std::vector<char> closers;
  do {
    const Token& t = cur();
    if (t.kind == TokenKind::end) return fail(t, "unexpected end of statement, unbalanced '('");
    if (t.kind == TokenKind::punct && t.text.size() == 1) {
      const char c = t.text[0];
      if (c == '(' || c == '[' || c == '{') {
        if (static_cast<int>(closers.size()) >= opt_.max_depth) return fail_depth(t);
        closers.push_back(c == '(' ? ')' : c == '[' ? ']' : '}');
      } else if (c == ')' || c == ']' || c == '}') {
        if (closers.empty() || closers.back() != c) return unexpected("a matching bracket");
        closers.pop_back();
      }
    }
    next();
  } while (!closers.empty());
  return true;
}

bool StatementParser::skip_to_end() {
  while (!at_end()) {
    const Token& t = cur();
    if (t.is_punct('(') || t.is_punct('[') || t.is_punct('{')) {
      if (!skip_balanced()) return false;
      continue;
    }
    if (t.is_punct(')') || t.is_punct(']') || t.is_punct('}')) return unexpected("");
    next();
  }
  return true;
}

bool StatementParser::skip_value() {
  const Token& t = cur();
  if (t.is_punct('(')) return skip_balanced();
  if (t.is_punct('-') || t.is_punct('+')) next();
  const Token& v = cur();
  switch (v.kind) {
    case TokenKind::word:
    case TokenKind::quoted_identifier:
    case TokenKind::string:
    case TokenKind::number:
    case TokenKind::hex_string:
    case TokenKind::bit_string:
      next();
      // Sizes such as 10M, and adjacent string literals.
      while (cur().kind == TokenKind::string && v.kind == TokenKind::string) next();
      return true;
    default:
      return unexpected("a value");
  }
}

bool StatementParser::user_name() {
  if (accept("CURRENT_USER")) {
    if (at_punct('(')) return skip_balanced();
    return true;
  }
  const Token& t = cur();
  if (t.kind != TokenKind::word && t.kind != TokenKind::string &&
      t.kind != TokenKind::quoted_identifier) {
    return unexpected("a user name");
  }
  next();
  if (cur().kind == TokenKind::variable) {  // u@host lexes as a variable
    next();
  } else if (accept_punct('@')) {
    const Token& h = cur();
    if (h.kind == TokenKind::word || h.kind == TokenKind::string ||
        h.kind == TokenKind::quoted_identifier || h.kind == TokenKind::number) {
      next();
    } else {
      return unexpected("a host name");
    }
  }
  return true;
}

bool StatementParser::if_not_exists() {
  if (cur().is_word("IF") && peek().is_word("NOT") && peek(2).is_word("EXISTS")) {
    next();
    next();
    next();
    return true;
  }
  return false;
}

bool StatementParser::if_exists() { return accept2("IF", "EXISTS"); }

bool StatementParser::number(uint64_t& out, std::string_view what) {
  const Token& t = cur();
  if (t.kind == TokenKind::number && parse_uint(t.text, out)) {
    next();
    return true;
  }
  return unexpected(what);
}

bool StatementParser::string_literal(std::string& out, std::string_view what) {
  if (cur().kind != TokenKind::string) return unexpected(what);
  out = cur().unquoted(!opt_.no_backslash_escapes);
  next();
  // 'a' 'b' is one literal.
  while (cur().kind == TokenKind::string) {
    out += cur().unquoted(!opt_.no_backslash_escapes);
    next();
  }
  return true;
}

// ---- statements -----------------------------------------------------------------------------

bool StatementParser::parse(Statement& out) {
  out.line = cur().line;
  out.column = cur().column;
  if (at_end()) {
    out.kind = StatementKind::empty;
    out.label = "empty";
    return true;
  }
  if (!statement(out)) return false;
  if (!at_end()) return unexpected("end of statement");
  if (out.label.empty()) out.label = std::string(to_string(out.kind));
  return true;
}

namespace {

struct OtherStart {
  std::string_view keyword;
  std::string_view label;
};

// Leading keywords of statements that never change table structure.
constexpr OtherStart kOtherStarts[] = {
    {"SELECT", "select"},     {"INSERT", "insert"},       {"UPDATE", "update"},
    {"DELETE", "delete"},     {"REPLACE", "replace"},     {"WITH", "with"},
    {"TABLE", "table"},       {"VALUES", "values"},       {"LOAD", "load"},
    {"CALL", "call"},         {"DO", "do"},               {"HANDLER", "handler"},
    {"IMPORT", "import"},     {"GRANT", "grant"},         {"REVOKE", "revoke"},
    {"SET", "set"},           {"SHOW", "show"},           {"DESCRIBE", "explain"},
    {"DESC", "explain"},      {"EXPLAIN", "explain"},     {"FLUSH", "flush"},
    {"RESET", "reset"},       {"PURGE", "purge"},         {"KILL", "kill"},
    {"START", "start"},       {"COMMIT", "commit"},       {"ROLLBACK", "rollback"},
    {"SAVEPOINT", "savepoint"}, {"RELEASE", "release"},   {"XA", "xa"},
    {"LOCK", "lock"},         {"UNLOCK", "unlock"},       {"ANALYZE", "analyze"},
    {"OPTIMIZE", "optimize"}, {"CHECK", "check"},         {"CHECKSUM", "checksum"},
    {"REPAIR", "repair"},     {"CACHE", "cache_index"},   {"INSTALL", "install"},
    {"UNINSTALL", "uninstall"}, {"CHANGE", "change_replication"}, {"STOP", "stop"},
    {"PREPARE", "prepare"},   {"EXECUTE", "execute"},     {"DEALLOCATE", "deallocate"},
    {"HELP", "help"},         {"BINLOG", "binlog"},       {"SHUTDOWN", "shutdown"},
    {"RESTART", "restart"},   {"CLONE", "clone"},         {"SIGNAL", "signal"},
    {"RESIGNAL", "signal"},   {"GET", "get_diagnostics"}, {"DECLARE", "declare"},
    {"BACKUP", "backup"},     {"WAIT", "wait"},           {"RETURN", "return"},
    {"OPEN", "open"},         {"CLOSE", "close"},         {"FETCH", "fetch"},
    {"LEAVE", "leave"},       {"ITERATE", "iterate"},     {"EXECUTE", "execute"},
};

// Compound statements (MariaDB runs them outside routines too).
constexpr std::string_view kCompoundStarts[] = {"BEGIN", "IF", "WHILE", "LOOP", "REPEAT",
                                                "CASE", "FOR"};

}  // namespace

bool StatementParser::other(Statement& out, std::string label) {
  out.kind = StatementKind::other;
  out.label = std::move(label);
  out.body = OtherStatement{};
  return skip_to_end();
}

bool StatementParser::statement(Statement& out) {
  const Token& t = cur();
  if (t.is_punct('(')) return other(out, "select");
  if (t.kind != TokenKind::word) {
    if (t.is_identifier() && peek().is_punct(':')) return other(out, "compound");  // `lbl`: BEGIN
    return unexpected("a statement");
  }
  if (t.is_word("CREATE")) return create(out);
  if (t.is_word("ALTER")) return alter(out);
  if (t.is_word("DROP")) return drop(out);
  if (t.is_word("RENAME")) return rename(out);
  if (t.is_word("TRUNCATE")) return truncate(out);
  if (t.is_word("USE")) return use(out);
  if (t.is_word("BEGIN")) {
    // BEGIN [WORK] starts a transaction; BEGIN NOT ATOMIC / BEGIN ... END is a block.
    const Token& n = peek();
    if (n.kind == TokenKind::end || n.is_punct(';') || n.is_word("WORK")) {
      return other(out, "begin");
    }
    return other(out, "compound");
  }
  for (const auto& s : kOtherStarts) {
    if (t.is_word(s.keyword)) return other(out, std::string(s.label));
  }
  for (auto kw : kCompoundStarts) {
    if (t.is_word(kw)) return other(out, "compound");
  }
  if (peek().is_punct(':')) return other(out, "compound");  // label: BEGIN ... END
  return fail(t, "unexpected " + t.describe() + ", expected a statement");
}

namespace {

// Objects of CREATE/ALTER/DROP that never change tables; label suffix is the lower-case keyword.
constexpr std::string_view kOtherObjects[] = {
    "VIEW",     "PROCEDURE", "FUNCTION",  "TRIGGER", "EVENT",    "USER",     "ROLE",
    "SERVER",   "TABLESPACE", "LOGFILE",  "SEQUENCE", "PACKAGE", "INSTANCE", "RESOURCE",
    "SPATIAL",  "UNDO",      "AGGREGATE", "SYNONYM", "DEFINER", "ALGORITHM", "SQL",
};

std::string object_label(std::string_view verb, std::string_view object) {
  std::string label(verb);
  label += '_';
  for (char c : object) label.push_back(ascii_lower(c));
  return label;
}

}  // namespace

bool StatementParser::view_routine_prefix() {
  // ALGORITHM = x, DEFINER = user, SQL SECURITY x, in any order, before VIEW/PROCEDURE/...
  for (;;) {
    if (at("ALGORITHM") && peek().is_punct('=')) {
      next();
      next();
      if (!skip_value()) return false;
      continue;
    }
    if (at("DEFINER") && peek().is_punct('=')) {
      next();
      next();
      if (!user_name()) return false;
      continue;
    }
    if (at("SQL") && peek().is_word("SECURITY")) {
      next();
      next();
      if (!skip_value()) return false;
      continue;
    }
    break;
  }
  return true;
}

bool StatementParser::create(Statement& out) {
  next();  // CREATE
  bool or_replace = false;
  if (accept2("OR", "REPLACE")) or_replace = true;
  if (!view_routine_prefix()) return false;
  const bool temporary = accept("TEMPORARY");
  if (at("TABLE")) return create_table(out, or_replace, temporary);
  if (at("DATABASE") || at("SCHEMA")) return create_database(out, or_replace);
  // MariaDB: CREATE [ONLINE|OFFLINE] [UNIQUE|FULLTEXT|SPATIAL] INDEX
  if (!accept("ONLINE")) accept("OFFLINE");
  if (at("INDEX")) return create_index(out, IndexKind::key);
  if ((at("UNIQUE") || at("FULLTEXT") || at("SPATIAL")) &&
      (peek().is_word("INDEX") || peek().is_word("KEY"))) {
    const IndexKind kind = at("UNIQUE")     ? IndexKind::unique
                           : at("FULLTEXT") ? IndexKind::fulltext
                                            : IndexKind::spatial;
    next();
    return create_index(out, kind);
  }
  for (auto obj : kOtherObjects) {
    if (at(obj)) return other(out, object_label("create", obj));
  }
  return unexpected("TABLE, DATABASE, INDEX or another object type");
}

bool StatementParser::alter(Statement& out) {
  next();  // ALTER
  const size_t save = pos_;
  // ALTER [ONLINE|OFFLINE] [IGNORE] TABLE
  if (!accept("ONLINE")) accept("OFFLINE");
  accept("IGNORE");
  if (at("TABLE")) return alter_table(out);
  pos_ = save;
  if (at("DATABASE") || at("SCHEMA")) return alter_database(out);
  if (!view_routine_prefix()) return false;
  for (auto obj : kOtherObjects) {
    if (at(obj)) return other(out, object_label("alter", obj));
  }
  return unexpected("TABLE, DATABASE or another object type");
}

bool StatementParser::drop(Statement& out) {
  next();  // DROP
  const bool temporary = accept("TEMPORARY");
  if (accept("TABLE") || accept("TABLES")) {
    DropTable d;
    d.temporary = temporary;
    d.if_exists = if_exists();
    do {
      TableName name;
      if (!table_name(name)) return false;
      d.tables.push_back(std::move(name));
    } while (accept_punct(','));
    if (accept("WAIT")) {
      uint64_t n = 0;
      if (!number(n, "a number")) return false;
    } else {
      accept("NOWAIT");
    }
    accept("RESTRICT") || accept("CASCADE");
    out.kind = StatementKind::drop_table;
    out.body = std::move(d);
    return true;
  }
  if (accept("DATABASE") || accept("SCHEMA")) {
    DropDatabase d;
    d.if_exists = if_exists();
    if (!identifier(d.name, "a database name")) return false;
    out.kind = StatementKind::drop_database;
    out.body = std::move(d);
    return true;
  }
  if (accept("INDEX")) {
    DropIndex d;
    accept("ONLINE") || accept("OFFLINE");
    if_exists();
    if (!identifier(d.name, "an index name")) return false;
    if (!expect("ON")) return false;
    if (!table_name(d.table)) return false;
    // ALGORITHM [=] x, LOCK [=] x, WAIT n, NOWAIT
    for (;;) {
      if (accept("ALGORITHM") || accept("LOCK")) {
        accept_punct('=');
        if (!skip_value()) return false;
        continue;
      }
      if (accept("WAIT")) {
        uint64_t n = 0;
        if (!number(n, "a number")) return false;
        continue;
      }
      if (accept("NOWAIT")) continue;
      break;
    }
    out.kind = StatementKind::drop_index;
    out.body = std::move(d);
    return true;
  }
  if (at("PREPARE")) return other(out, "deallocate");
  for (auto obj : kOtherObjects) {
    if (at(obj)) return other(out, object_label("drop", obj));
  }
  return unexpected("TABLE, DATABASE, INDEX or another object type");
}

bool StatementParser::rename(Statement& out) {
  next();  // RENAME
  if (at("USER")) return other(out, "rename_user");
  if (!accept("TABLE") && !accept("TABLES")) return unexpected("TABLE or USER");
  if_exists();
  RenameTable r;
  do {
    TableName from, to;
    if (!table_name(from)) return false;
    if (accept("WAIT")) {
      uint64_t n = 0;
      if (!number(n, "a number")) return false;
    } else {
      accept("NOWAIT");
    }
    if (!expect("TO")) return false;
    if (!table_name(to)) return false;
    r.pairs.emplace_back(std::move(from), std::move(to));
  } while (accept_punct(','));
  out.kind = StatementKind::rename_table;
  out.body = std::move(r);
  return true;
}

bool StatementParser::truncate(Statement& out) {
  next();  // TRUNCATE
  accept("TABLE");
  TruncateTable t;
  if (!table_name(t.table)) return false;
  if (accept("WAIT")) {
    uint64_t n = 0;
    if (!number(n, "a number")) return false;
  } else {
    accept("NOWAIT");
  }
  out.kind = StatementKind::truncate_table;
  out.body = std::move(t);
  return true;
}

bool StatementParser::use(Statement& out) {
  next();  // USE
  UseDatabase u;
  if (!identifier(u.name, "a database name")) return false;
  out.kind = StatementKind::use_database;
  out.body = std::move(u);
  return true;
}

bool StatementParser::database_options(std::string& charset, std::string& collation) {
  for (;;) {
    accept("DEFAULT");
    if (accept("CHARSET") || accept2("CHARACTER", "SET") || accept2("CHAR", "SET")) {
      accept_punct('=');
      if (!charset_name(charset)) return false;
      continue;
    }
    if (accept("COLLATE")) {
      accept_punct('=');
      if (!charset_name(collation)) return false;
      continue;
    }
    if (accept("ENCRYPTION") || accept("COMMENT")) {
      accept_punct('=');
      if (!skip_value()) return false;
      continue;
    }
    if (accept2("READ", "ONLY")) {
      accept_punct('=');
      if (!skip_value()) return false;
      continue;
    }
    break;
  }
  return true;
}

bool StatementParser::create_database(Statement& out, bool or_replace) {
  next();  // DATABASE | SCHEMA
  CreateDatabase d;
  d.or_replace = or_replace;
  d.if_not_exists = if_not_exists();
  if (!identifier(d.name, "a database name")) return false;
  if (!database_options(d.charset, d.collation)) return false;
  out.kind = StatementKind::create_database;
  out.body = std::move(d);
  return true;
}

bool StatementParser::alter_database(Statement& out) {
  next();  // DATABASE | SCHEMA
  AlterDatabase d;
  // The name is optional: ALTER DATABASE CHARACTER SET x applies to the default database.
  const bool option_next = at("DEFAULT") || at("CHARSET") || at("CHARACTER") || at("CHAR") ||
                           at("COLLATE") || at("ENCRYPTION") || at("READ") || at("COMMENT");
  if (!option_next || peek().is_word("UPGRADE")) {
    if (!identifier(d.name, "a database name")) return false;
  }
  if (accept("UPGRADE")) {  // ALTER DATABASE x UPGRADE DATA DIRECTORY NAME
    return other(out, "alter_database");
  }
  if (!database_options(d.charset, d.collation)) return false;
  out.kind = StatementKind::alter_database;
  out.body = std::move(d);
  return true;
}

std::string_view to_string(StatementKind kind) {
  switch (kind) {
    case StatementKind::empty: return "empty";
    case StatementKind::create_table: return "create_table";
    case StatementKind::alter_table: return "alter_table";
    case StatementKind::rename_table: return "rename_table";
    case StatementKind::drop_table: return "drop_table";
    case StatementKind::truncate_table: return "truncate_table";
    case StatementKind::create_index: return "create_index";
    case StatementKind::drop_index: return "drop_index";
    case StatementKind::create_database: return "create_database";
    case StatementKind::alter_database: return "alter_database";
    case StatementKind::drop_database: return "drop_database";
    case StatementKind::use_database: return "use";
    case StatementKind::other: return "other";
  }
  return "other";
}

}  // namespace schema_history
