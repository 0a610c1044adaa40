// StatementParser: CREATE TABLE, CREATE INDEX, keys and constraints, table options, ALTER TABLE.
#include "statement_parser.h"

#include "text_util.h"

namespace schema_history {

// ---- CREATE TABLE ---------------------------------------------------------------------------

namespace {

bool starts_query(const Token& t) {
  return t.is_word("SELECT") || t.is_word("WITH") || t.is_word("VALUES") || t.is_word("TABLE");
}

}  // namespace

bool StatementParser::create_table(Statement& out, bool or_replace, bool temporary) {
  next();  // TABLE
  CreateTable ct;
  ct.or_replace = or_replace;
  ct.temporary = temporary;
  ct.if_not_exists = if_not_exists();
  if (!table_name(ct.table)) return false;
  if (accept("LIKE")) {
    TableName like;
    if (!table_name(like)) return false;
    ct.like = std::move(like);
  } else if (at_punct('(') && peek().is_word("LIKE")) {
    next();
    next();
    TableName like;
    if (!table_name(like)) return false;
    if (!expect_punct(')')) return false;
    ct.like = std::move(like);
  } else {
    if (at_punct('(') && !starts_query(peek()) && !peek().is_punct('(')) {
      next();
      if (!create_definitions(ct)) return false;
    }
    if (!table_options(ct.options)) return false;
    if (at("PARTITION")) {
      if (!partition_clause()) return false;
    }
    // [IGNORE | REPLACE] [AS] query_expression
    if (!accept("IGNORE")) accept("REPLACE");
    const bool as = accept("AS");
    if (as || starts_query(cur()) || at_punct('(')) {
      ct.from_query = true;
      if (!skip_to_end()) return false;
    }
  }
  out.kind = StatementKind::create_table;
  out.body = std::move(ct);
  return true;
}

bool StatementParser::create_definitions(CreateTable& table) {
  // After '('; ends after the matching ')'.
  for (;;) {
    if (is_constraint_start()) {
      IndexDefinition index;
      if (!table_constraint(index)) return false;
      table.indexes.push_back(std::move(index));
    } else if (at("PERIOD") && peek().is_word("FOR")) {
      // MariaDB: PERIOD FOR SYSTEM_TIME (start, end) / application-time periods.
      next();
      next();
      std::string name;
      if (!identifier(name, "a period name")) return false;
      if (!at_punct('(')) return unexpected("'('");
      if (!skip_balanced()) return false;
    } else {
      ColumnDefinition col;
      if (!column_definition(col)) return false;
      table.columns.push_back(std::move(col));
    }
    if (accept_punct(',')) continue;
    return expect_punct(')');
  }
}

bool StatementParser::is_constraint_start() const {
  const Token& t = cur();
  if (t.kind != TokenKind::word) return false;
  return t.is_word("CONSTRAINT") || t.is_word("PRIMARY") || t.is_word("UNIQUE") ||
         t.is_word("KEY") || t.is_word("INDEX") || t.is_word("FULLTEXT") ||
         t.is_word("SPATIAL") || t.is_word("FOREIGN") || t.is_word("CHECK") ||
         (t.is_word("CLUSTERED") && (peek().is_word("INDEX") || peek().is_word("COLUMNAR")));
}

bool StatementParser::index_name_and_type(IndexDefinition& out) {
  // [IF NOT EXISTS] [index_name] [USING type | TYPE type]
  if (if_not_exists()) out.if_not_exists = true;
  if (!at_punct('(') && !at("USING") && !at("TYPE")) {
    if (!identifier(out.name, "an index name")) return false;
  } else if (at("TYPE") && !peek().is_word("BTREE") && !peek().is_word("HASH") &&
             !peek().is_word("RTREE")) {
    if (!identifier(out.name, "an index name")) return false;
  }
  if (accept("USING") || accept("TYPE")) {
    std::string ignored;
    if (!identifier(ignored, "BTREE, HASH or RTREE")) return false;
  }
  return true;
}

bool StatementParser::table_constraint(IndexDefinition& out) {
  if (accept("CONSTRAINT")) {
    // The symbol is optional: CONSTRAINT PRIMARY KEY (...)
    if (!at("PRIMARY") && !at("UNIQUE") && !at("FOREIGN") && !at("CHECK")) {
      if (!identifier(out.constraint_name, "a constraint name")) return false;
    }
  }
  if (accept("PRIMARY")) {
    if (!expect("KEY")) return false;
    out.kind = IndexKind::primary;
    if (if_not_exists()) out.if_not_exists = true;
    if (at("USING") || at("TYPE")) {
      next();
      std::string ignored;
      if (!identifier(ignored, "an index type")) return false;
    } else if (!at_punct('(')) {
      // MySQL accepts (and ignores) a name here.
      std::string ignored;
      if (!identifier(ignored, "'('")) return false;
      if (accept("USING")) {
        if (!identifier(ignored, "an index type")) return false;
      }
    }
    if (!key_parts(out.parts)) return false;
    return index_options(false);
  }
  if (accept("UNIQUE")) {
    out.kind = IndexKind::unique;
    accept("INDEX") || accept("KEY");
    if (!index_name_and_type(out)) return false;
    if (!key_parts(out.parts)) return false;
    return index_options(false);
  }
  if (accept("FOREIGN")) {
    if (!expect("KEY")) return false;
    out.kind = IndexKind::foreign_key;
    if (if_not_exists()) out.if_not_exists = true;
    if (!at_punct('(')) {
      if (!identifier(out.name, "an index name")) return false;
    }
    if (!key_parts(out.parts)) return false;
    return reference_definition(&out);
  }
  if (accept("CHECK")) {
    out.kind = IndexKind::check;
    if (!at_punct('(')) return unexpected("'('");
    if (!skip_balanced()) return false;
    return check_constraint_tail();
  }
  if (at("CLUSTERED")) {
    // PolarDB-X: CLUSTERED [COLUMNAR] INDEX name (...) [PARTITION BY ...]; a secondary index.
    next();
    accept("COLUMNAR");
  }
  if (accept("INDEX") || accept("KEY")) {
    out.kind = IndexKind::key;
  } else if (accept("FULLTEXT") || accept("SPATIAL")) {
    out.kind = toks_[pos_ - 1].is_word("FULLTEXT") ? IndexKind::fulltext : IndexKind::spatial;
    accept("INDEX") || accept("KEY");
  } else {
    return unexpected("PRIMARY KEY, UNIQUE, INDEX, KEY, FOREIGN KEY or CHECK");
  }
  if (!index_name_and_type(out)) return false;
  if (!key_parts(out.parts)) return false;
  return index_options(false);
}

bool StatementParser::check_constraint_tail() {
  // [NOT] ENFORCED: CHECK constraints do not change the table's columns either way.
  if (!accept2("NOT", "ENFORCED")) accept("ENFORCED");
  return true;
}

bool StatementParser::key_parts(std::vector<KeyPart>& out) {
  if (!expect_punct('(')) return false;
  do {
    KeyPart part;
    if (at_punct('(')) {
      const size_t start = pos_;
      if (!skip_balanced()) return false;
      part.expression = slice(start, pos_);
    } else if (cur().kind == TokenKind::string) {
      part.column = cur().unquoted(!opt_.no_backslash_escapes);
      next();
    } else {
      if (!identifier(part.column, "a column name")) return false;
      if (at_punct('(')) {
        next();
        uint64_t n = 0;
        if (!number(n, "a prefix length")) return false;
        part.prefix = static_cast<uint32_t>(n > UINT32_MAX ? UINT32_MAX : n);
        if (!expect_punct(')')) return false;
      }
    }
    if (accept("DESC")) {
      part.descending = true;
    } else {
      accept("ASC");
    }
    out.push_back(std::move(part));
  } while (accept_punct(','));
  return expect_punct(')');
}

bool StatementParser::index_options(bool allow_algorithm_lock) {
  for (;;) {
    if (accept("KEY_BLOCK_SIZE")) {
      accept_punct('=');
      if (!skip_value()) return false;
    } else if (accept("USING") || accept("TYPE")) {
      std::string ignored;
      if (!identifier(ignored, "an index type")) return false;
    } else if (accept2("WITH", "PARSER")) {
      std::string ignored;
      if (!identifier(ignored, "a parser name")) return false;
    } else if (accept("COMMENT")) {
      std::string ignored;
      if (!string_literal(ignored, "a comment string")) return false;
    } else if (accept("VISIBLE") || accept("INVISIBLE") || accept("IGNORED") ||
               accept2("NOT", "IGNORED")) {
    } else if (accept("ENGINE_ATTRIBUTE") || accept("SECONDARY_ENGINE_ATTRIBUTE") ||
               accept("CLUSTERING")) {
      accept_punct('=');
      if (!skip_value()) return false;
    } else if (allow_algorithm_lock && (accept("ALGORITHM") || accept("LOCK"))) {
      accept_punct('=');
      if (!skip_value()) return false;
    } else if (allow_algorithm_lock && accept("WAIT")) {
      uint64_t n = 0;
      if (!number(n, "a number")) return false;
    } else if (allow_algorithm_lock && accept("NOWAIT")) {
    } else if (at("PARTITION") && peek().is_word("BY")) {
      // PolarDB-X CLUSTERED COLUMNAR INDEX ... PARTITION BY ... PARTITIONS n
      next();
      next();
      while (!at_end() && !at_punct(',') && !at_punct(')')) {
        if (at_punct('(')) {
          if (!skip_balanced()) return false;
        } else {
          next();
        }
      }
    } else {
      return true;
    }
  }
}

bool StatementParser::reference_definition(IndexDefinition* fk) {
  if (!expect("REFERENCES")) return false;
  TableName ref;
  if (!table_name(ref)) return false;
  if (at_punct('(')) {
    std::vector<KeyPart> cols;
    if (!key_parts(cols)) return false;
    if (fk != nullptr) {
      for (auto& c : cols) fk->referenced_columns.push_back(std::move(c.column));
    }
  }
  if (fk != nullptr) fk->referenced_table = std::move(ref);
  if (accept("MATCH")) {
    if (!(accept("FULL") || accept("PARTIAL") || accept("SIMPLE"))) {
      return unexpected("FULL, PARTIAL or SIMPLE");
    }
  }
  while (accept("ON")) {
    if (!(accept("DELETE") || accept("UPDATE"))) return unexpected("DELETE or UPDATE");
    if (accept("RESTRICT") || accept("CASCADE") || accept2("SET", "NULL") ||
        accept2("SET", "DEFAULT") || accept2("NO", "ACTION")) {
      continue;
    }
    return unexpected("RESTRICT, CASCADE, SET NULL, SET DEFAULT or NO ACTION");
  }
  return true;
}

// ---- table options --------------------------------------------------------------------------

namespace {

// Options written `NAME [=] value`.
constexpr std::string_view kValueOptions[] = {
    "ENGINE", "TYPE", "AUTO_INCREMENT", "AVG_ROW_LENGTH", "CHECKSUM", "TABLE_CHECKSUM",
    "COMPRESSION", "CONNECTION", "DELAY_KEY_WRITE", "ENCRYPTION", "ENCRYPTED",
    "ENCRYPTION_KEY_ID", "ENGINE_ATTRIBUTE", "SECONDARY_ENGINE", "SECONDARY_ENGINE_ATTRIBUTE",
    "INSERT_METHOD", "KEY_BLOCK_SIZE", "MAX_ROWS", "MIN_ROWS", "PACK_KEYS", "PASSWORD",
    "ROW_FORMAT", "STATS_AUTO_RECALC", "STATS_PERSISTENT", "STATS_SAMPLE_PAGES",
    "AUTOEXTEND_SIZE", "PAGE_CHECKSUM", "PAGE_COMPRESSED", "PAGE_COMPRESSION_LEVEL",
    "TRANSACTIONAL", "IETF_QUOTES", "SEQUENCE", "STORAGE", "WITH_SYSTEM_VERSIONING",
};

}  // namespace

bool StatementParser::table_option(TableOptions& options, bool& matched) {
  matched = true;
  const size_t save = pos_;
  const bool had_default = accept("DEFAULT");
  if (accept("CHARSET") || accept2("CHARACTER", "SET") || accept2("CHAR", "SET")) {
    accept_punct('=');
    return charset_name(options.charset);
  }
  if (accept("COLLATE")) {
    accept_punct('=');
    return charset_name(options.collation);
  }
  if (had_default) {
    pos_ = save;
    matched = false;
    return true;
  }
  if (accept("COMMENT")) {
    accept_punct('=');
    return string_literal(options.comment, "a comment string");
  }
  if (accept("ENGINE") || accept("TYPE")) {
    accept_punct('=');
    const Token& t = cur();
    if (t.kind == TokenKind::word || t.kind == TokenKind::quoted_identifier ||
        t.kind == TokenKind::string) {
      options.engine = t.unquoted();
      next();
      return true;
    }
    return unexpected("an engine name");
  }
  if (accept("UNION")) {
    accept_punct('=');
    if (!at_punct('(')) return unexpected("'('");
    return skip_balanced();
  }
  if ((at("DATA") || at("INDEX")) && peek().is_word("DIRECTORY")) {
    next();
    next();
    accept_punct('=');
    std::string ignored;
    return string_literal(ignored, "a directory name");
  }
  if (accept("TABLESPACE")) {
    accept_punct('=');
    std::string ignored;
    if (!identifier(ignored, "a tablespace name")) return false;
    if (accept("STORAGE")) {
      if (!(accept("DISK") || accept("MEMORY") || accept("DEFAULT"))) {
        return unexpected("DISK or MEMORY");
      }
    }
    return true;
  }
  if (accept2("START", "TRANSACTION")) return true;
  if (at("WITH") && peek().is_word("SYSTEM") && peek(2).is_word("VERSIONING")) {
    next();
    next();
    next();
    options.system_versioning = true;
    return true;
  }
  for (auto name : kValueOptions) {
    if (accept(name)) {
      accept_punct('=');
      return skip_value();
    }
  }
  // MariaDB engine-defined attributes: any `name = value`.
  if ((cur().kind == TokenKind::word || cur().kind == TokenKind::quoted_identifier) &&
      peek().is_punct('=') && !at("PARTITION")) {
    next();
    next();
    return skip_value();
  }
  matched = false;
  return true;
}

bool StatementParser::table_options(TableOptions& options) {
  bool any = false;
  for (;;) {
    if (any && at_punct(',')) {
      // Options may be separated by commas; in ALTER TABLE a comma may also start a new spec.
      const size_t save = pos_;
      next();
      bool matched = false;
      if (!table_option(options, matched)) return false;
      if (!matched) {
        pos_ = save;
        return true;
      }
      continue;
    }
    bool matched = false;
    if (!table_option(options, matched)) return false;
    if (!matched) return true;
    any = true;
  }
}

bool StatementParser::partition_clause() {
  // PARTITION BY ... [PARTITIONS n] [SUBPARTITION BY ...] [(partition_definition, ...)]
  // Skipped token by token up to a query or the end; brackets must balance.
  while (!at_end()) {
    if (at("AS") || at("SELECT") || at("IGNORE") || at("REPLACE") || at("WITH") ||
        at("VALUES") || at("TABLE")) {
      return true;
    }
    if (at_punct('(')) {
      if (!skip_balanced()) return false;
      continue;
    }
    if (at_punct(')')) return unexpected("");
    next();
  }
  return true;
}

// ---- CREATE INDEX ---------------------------------------------------------------------------

bool StatementParser::create_index(Statement& out, IndexKind kind) {
  next();  // INDEX | KEY
  CreateIndex ci;
  ci.index.kind = kind;
  if (if_not_exists()) ci.index.if_not_exists = true;
  if (!identifier(ci.index.name, "an index name")) return false;
  if (accept("USING") || accept("TYPE")) {
    std::string ignored;
    if (!identifier(ignored, "an index type")) return false;
  }
  if (!expect("ON")) return false;
  if (!table_name(ci.table)) return false;
  if (!key_parts(ci.index.parts)) return false;
  if (!index_options(true)) return false;
  out.kind = StatementKind::create_index;
  out.body = std::move(ci);
  return true;
}

// ---- ALTER TABLE ----------------------------------------------------------------------------

bool StatementParser::alter_table(Statement& out) {
  next();  // TABLE
  AlterTable alter;
  alter.if_exists = if_exists();
  if (!table_name(alter.table)) return false;
  if (accept("WAIT")) {
    uint64_t n = 0;
    if (!number(n, "a number")) return false;
  } else {
    accept("NOWAIT");
  }
  bool stop = false;
  while (!at_end() && !stop) {
    if (!alter_spec(alter, stop)) return false;
    if (stop || at_end()) break;
    if (accept_punct(',')) continue;
    // Table options may follow each other without commas.
    TableOptions opts;
    bool matched = false;
    const size_t save = pos_;
    if (!table_option(opts, matched)) return false;
    if (matched) {
      pos_ = save;
      continue;
    }
    if (at("PARTITION") || at("REMOVE")) continue;
    return unexpected("',' or end of statement");
  }
  out.kind = StatementKind::alter_table;
  out.body = std::move(alter);
  return true;
}

bool StatementParser::placement(AlterSpec& spec) {
  if (accept("FIRST")) {
    spec.placement = Placement::first;
  } else if (accept("AFTER")) {
    spec.placement = Placement::after;
    return identifier(spec.after_column, "a column name");
  }
  return true;
}

bool StatementParser::alter_add(AlterTable& alter, bool& stop) {
  next();  // ADD
  if (at("PARTITION")) {
    stop = true;
    return skip_to_end();
  }
  if ((at("PERIOD") && peek().is_word("FOR")) ||
      (at("SYSTEM") && peek().is_word("VERSIONING"))) {
    AlterSpec s;
    s.action = at("SYSTEM") ? AlterAction::add_system_versioning : AlterAction::other;
    while (!at_end() && !at_punct(',')) {
      if (at_punct('(')) {
        if (!skip_balanced()) return false;
      } else {
        next();
      }
    }
    alter.specs.push_back(std::move(s));
    return true;
  }
  if (is_constraint_start()) {
    AlterSpec s;
    s.action = AlterAction::add_index;
    if (!table_constraint(s.index)) return false;
    s.if_not_exists = s.index.if_not_exists;
    alter.specs.push_back(std::move(s));
    return true;
  }
  accept("COLUMN");
  const bool ine = if_not_exists();
  if (at_punct('(')) {
    // ADD [COLUMN] (col_def, ..., [index definitions])
    next();
    for (;;) {
      AlterSpec s;
      s.if_not_exists = ine;
      if (is_constraint_start()) {
        s.action = AlterAction::add_index;
        if (!table_constraint(s.index)) return false;
      } else {
        s.action = AlterAction::add_column;
        if (!column_definition(s.column)) return false;
      }
      alter.specs.push_back(std::move(s));
      if (accept_punct(',')) continue;
      return expect_punct(')');
    }
  }
  AlterSpec s;
  s.action = AlterAction::add_column;
  s.if_not_exists = ine;
  if (!column_definition(s.column)) return false;
  if (!placement(s)) return false;
  alter.specs.push_back(std::move(s));
  return true;
}

bool StatementParser::alter_drop(AlterTable& alter, bool& stop) {
  next();  // DROP
  AlterSpec s;
  if (at("PARTITION")) {
    stop = true;
    return skip_to_end();
  }
  if (accept2("SYSTEM", "VERSIONING")) {
    s.action = AlterAction::drop_system_versioning;
  } else if (at("PERIOD") && peek().is_word("FOR")) {
    next();
    next();
    std::string ignored;
    if (!identifier(ignored, "a period name")) return false;
    s.action = AlterAction::other;
  } else if (accept("PRIMARY")) {
    if (!expect("KEY")) return false;
    s.action = AlterAction::drop_primary_key;
  } else if (accept("INDEX") || accept("KEY")) {
    s.action = AlterAction::drop_index;
    s.if_exists = if_exists();
    if (!identifier(s.name, "an index name")) return false;
  } else if (accept("FOREIGN")) {
    if (!expect("KEY")) return false;
    s.action = AlterAction::drop_foreign_key;
    s.if_exists = if_exists();
    if (!identifier(s.name, "a foreign key name")) return false;
    // Some tools qualify the name: `tbl`.`fk`.
    while (at_punct('.') && peek().is_identifier()) {
      next();
      if (!identifier(s.name, "a foreign key name")) return false;
    }
  } else if (accept("CHECK") || accept("CONSTRAINT")) {
    s.action = AlterAction::drop_constraint;
    s.if_exists = if_exists();
    if (!identifier(s.name, "a constraint name")) return false;
  } else {
    accept("COLUMN");
    s.action = AlterAction::drop_column;
    s.if_exists = if_exists();
    if (!identifier(s.name, "a column name")) return false;
    accept("RESTRICT") || accept("CASCADE");
  }
  alter.specs.push_back(std::move(s));
  return true;
}

bool StatementParser::alter_spec(AlterTable& alter, bool& stop) {
  const Token& t = cur();
  if (t.is_word("ADD")) return alter_add(alter, stop);
  if (t.is_word("DROP")) return alter_drop(alter, stop);
  AlterSpec s;
  if (accept("MODIFY")) {
    accept("COLUMN");
    s.action = AlterAction::modify_column;
    s.if_exists = if_exists();
    if (!column_definition(s.column)) return false;
    s.name = s.column.name;
    if (!placement(s)) return false;
  } else if (accept("CHANGE")) {
    accept("COLUMN");
    s.action = AlterAction::change_column;
    s.if_exists = if_exists();
    if (!identifier(s.name, "a column name")) return false;
    if (!column_definition(s.column)) return false;
    if (!placement(s)) return false;
  } else if (accept("RENAME")) {
    if (accept("COLUMN")) {
      s.action = AlterAction::rename_column;
      s.if_exists = if_exists();
      if (!identifier(s.name, "a column name")) return false;
      if (!expect("TO")) return false;
      if (!identifier(s.new_name, "a column name")) return false;
    } else if (accept("INDEX") || accept("KEY")) {
      s.action = AlterAction::rename_index;
      s.if_exists = if_exists();
      if (!identifier(s.name, "an index name")) return false;
      if (!expect("TO")) return false;
      if (!identifier(s.new_name, "an index name")) return false;
    } else {
      accept("TO") || accept("AS");
      s.action = AlterAction::rename_table;
      if (!table_name(s.new_table)) return false;
    }
  } else if (accept("ALTER")) {
    if (accept("INDEX") || accept("KEY")) {
      std::string ignored;
      if_exists();
      if (!identifier(ignored, "an index name")) return false;
      if (!(accept("VISIBLE") || accept("INVISIBLE") || accept("IGNORED") ||
            accept2("NOT", "IGNORED"))) {
        return unexpected("VISIBLE or INVISIBLE");
      }
      s.action = AlterAction::other;
    } else if (accept("CHECK") || accept("CONSTRAINT")) {
      std::string ignored;
      if (!identifier(ignored, "a constraint name")) return false;
      if (!(accept("ENFORCED") || accept2("NOT", "ENFORCED"))) {
        return unexpected("ENFORCED or NOT ENFORCED");
      }
      s.action = AlterAction::other;
    } else {
      accept("COLUMN");
      s.if_exists = if_exists();
      if (!identifier(s.name, "a column name")) return false;
      if (accept("SET")) {
        if (accept("DEFAULT")) {
          s.action = AlterAction::set_default;
          // Reuse the DEFAULT grammar of column definitions; `default_value` wants DEFAULT eaten.
          if (!default_value(s.column)) return false;
        } else if (accept("VISIBLE") || accept("INVISIBLE")) {
          s.action = AlterAction::set_visibility;
          s.invisible = toks_[pos_ - 1].is_word("INVISIBLE");
        } else {
          return unexpected("DEFAULT, VISIBLE or INVISIBLE");
        }
      } else if (accept("DROP")) {
        if (!expect("DEFAULT")) return false;
        s.action = AlterAction::drop_default;
      } else {
        return unexpected("SET or DROP");
      }
    }
  } else if (accept("CONVERT")) {
    if (!expect("TO")) return false;
    if (!(accept("CHARSET") || accept2("CHARACTER", "SET") || accept2("CHAR", "SET"))) {
      return unexpected("CHARACTER SET");
    }
    s.action = AlterAction::convert_charset;
    if (!charset_name(s.charset)) return false;
    if (accept("COLLATE")) {
      if (!charset_name(s.collation)) return false;
    }
  } else if (accept("ALGORITHM") || accept("LOCK")) {
    accept_punct('=');
    if (!skip_value()) return false;
    s.action = AlterAction::other;
  } else if (accept("FORCE") || accept2("ENABLE", "KEYS") || accept2("DISABLE", "KEYS") ||
             accept2("DISCARD", "TABLESPACE") || accept2("IMPORT", "TABLESPACE") ||
             accept2("WITH", "VALIDATION") || accept2("WITHOUT", "VALIDATION") ||
             accept("SECONDARY_LOAD") || accept("SECONDARY_UNLOAD")) {
    s.action = AlterAction::other;
  } else if (accept("ORDER")) {
    if (!expect("BY")) return false;
    s.action = AlterAction::other;
    do {
      std::string ignored;
      if (!identifier(ignored, "a column name")) return false;
      while (at_punct('.') && peek().is_identifier()) {
        next();
        next();
      }
      accept("ASC") || accept("DESC");
    } while (at_punct(',') && peek().is_identifier() && !peek().is_word("ADD") &&
             !peek().is_word("DROP") && !peek().is_word("MODIFY") && !peek().is_word("CHANGE") &&
             !peek().is_word("ALTER") && !peek().is_word("RENAME") && (next(), true));
  } else if (at("PARTITION") || at("REMOVE") || at("UPGRADE") || at("TRUNCATE") ||
             at("COALESCE") || at("REORGANIZE") || at("EXCHANGE") || at("ANALYZE") ||
             at("CHECK") || at("OPTIMIZE") || at("REBUILD") || at("REPAIR") ||
             at("DISCARD") || at("IMPORT")) {
    // Partition maintenance: no column changes; it is the last part of the statement.
    stop = true;
    s.action = AlterAction::other;
    alter.specs.push_back(std::move(s));
    return skip_to_end();
  } else {
    TableOptions opts;
    bool matched = false;
    if (!table_option(opts, matched)) return false;
    if (!matched) return unexpected("an ALTER TABLE specification");
    // Further options may follow without commas.
    if (!table_options(opts)) return false;
    s.action = AlterAction::table_options;
    s.charset = std::move(opts.charset);
    s.collation = std::move(opts.collation);
  }
  alter.specs.push_back(std::move(s));
  return true;
}

}  // namespace schema_history
