// StatementParser: column definitions, data types and their spelling normalisations, DEFAULT.
#include <string>

#include "statement_parser.h"
#include "text_util.h"

namespace schema_history {

namespace {

enum class Dim : uint8_t {
  none,      // no (...) allowed
  one,       // (M)
  two,       // (M[,D])
  float_p,   // (p) or (M,D)
};

struct TypeSpelling {
  std::string_view keyword;   // as written (single word)
  std::string_view name;      // normalised name
  Dim dim;
};

// Single-word type names. Multi-word ones (NATIONAL CHAR, CHAR VARYING, LONG VARBINARY,
// DOUBLE PRECISION, ...) are handled in data_type().
constexpr TypeSpelling kTypes[] = {
    {"BIT", "BIT", Dim::one},
    {"TINYINT", "TINYINT", Dim::one},   {"INT1", "TINYINT", Dim::one},
    {"SMALLINT", "SMALLINT", Dim::one}, {"INT2", "SMALLINT", Dim::one},
    {"MEDIUMINT", "MEDIUMINT", Dim::one}, {"INT3", "MEDIUMINT", Dim::one},
    {"MIDDLEINT", "MEDIUMINT", Dim::one},
    {"INT", "INT", Dim::one},           {"INTEGER", "INT", Dim::one},
    {"INT4", "INT", Dim::one},
    {"BIGINT", "BIGINT", Dim::one},     {"INT8", "BIGINT", Dim::one},
    {"DECIMAL", "DECIMAL", Dim::two},   {"DEC", "DECIMAL", Dim::two},
    {"NUMERIC", "DECIMAL", Dim::two},   {"FIXED", "DECIMAL", Dim::two},
    {"NUMBER", "DECIMAL", Dim::two},
    {"FLOAT", "FLOAT", Dim::float_p},   {"FLOAT4", "FLOAT", Dim::float_p},
    {"DOUBLE", "DOUBLE", Dim::two},     {"FLOAT8", "DOUBLE", Dim::two},
    {"REAL", "DOUBLE", Dim::two},
    {"DATE", "DATE", Dim::none},        {"TIME", "TIME", Dim::one},
    {"DATETIME", "DATETIME", Dim::one}, {"TIMESTAMP", "TIMESTAMP", Dim::one},
    {"YEAR", "YEAR", Dim::one},
    {"CHAR", "CHAR", Dim::one},         {"CHARACTER", "CHAR", Dim::one},
    {"VARCHAR", "VARCHAR", Dim::one},   {"VARCHARACTER", "VARCHAR", Dim::one},
    {"VARCHAR2", "VARCHAR", Dim::one},
    {"NCHAR", "CHAR", Dim::one},        {"NVARCHAR", "VARCHAR", Dim::one},
    {"BINARY", "BINARY", Dim::one},     {"VARBINARY", "VARBINARY", Dim::one},
    {"TINYBLOB", "TINYBLOB", Dim::none}, {"BLOB", "BLOB", Dim::one},
    {"MEDIUMBLOB", "MEDIUMBLOB", Dim::none}, {"LONGBLOB", "LONGBLOB", Dim::none},
    {"TINYTEXT", "TINYTEXT", Dim::none}, {"TEXT", "TEXT", Dim::one},
    {"MEDIUMTEXT", "MEDIUMTEXT", Dim::none}, {"LONGTEXT", "LONGTEXT", Dim::none},
    {"CLOB", "LONGTEXT", Dim::none},    {"RAW", "VARBINARY", Dim::one},
    {"JSON", "JSON", Dim::none},
    {"GEOMETRY", "GEOMETRY", Dim::none}, {"POINT", "POINT", Dim::none},
    {"LINESTRING", "LINESTRING", Dim::none}, {"POLYGON", "POLYGON", Dim::none},
    {"MULTIPOINT", "MULTIPOINT", Dim::none}, {"MULTILINESTRING", "MULTILINESTRING", Dim::none},
    {"MULTIPOLYGON", "MULTIPOLYGON", Dim::none},
    {"GEOMETRYCOLLECTION", "GEOMETRYCOLLECTION", Dim::none},
    {"GEOMCOLLECTION", "GEOMETRYCOLLECTION", Dim::none},
    {"VECTOR", "VECTOR", Dim::one},
    {"INET4", "INET4", Dim::none},      {"INET6", "INET6", Dim::none},
    {"UUID", "UUID", Dim::none},        {"XMLTYPE", "LONGTEXT", Dim::none},
};

bool is_integer_type(std::string_view n) {
  return n == "TINYINT" || n == "SMALLINT" || n == "MEDIUMINT" || n == "INT" || n == "BIGINT";
}

}  // namespace

bool StatementParser::enum_values(std::vector<std::string>& out) {
  if (!expect_punct('(')) return false;
  if (accept_punct(')')) return true;  // ENUM() is accepted by MySQL
  do {
    const Token& t = cur();
    if (t.kind == TokenKind::string) {
      std::string v;
      if (!string_literal(v, "an ENUM/SET value")) return false;
      out.push_back(std::move(v));
    } else if (t.kind == TokenKind::hex_string) {
      out.push_back(hex_to_bytes(t.text));  // ENUM(0xE4, ...): the value is those bytes
      next();
    } else if (t.kind == TokenKind::word && t.text.size() > 1 && t.text[0] == '_' &&
               peek().kind == TokenKind::string) {
      next();  // _charset'value'
      continue;
    } else {
      return unexpected("an ENUM/SET value");
    }
  } while (accept_punct(','));
  return expect_punct(')');
}

bool StatementParser::type_attributes(DataType& out) {
  for (;;) {
    if (accept("UNSIGNED")) {
      out.is_unsigned = true;
    } else if (accept("SIGNED")) {
      out.is_unsigned = false;
    } else if (accept("ZEROFILL")) {
      out.zerofill = true;
      out.is_unsigned = true;  // ZEROFILL implies UNSIGNED
    } else if (accept("BINARY")) {
      out.binary_collation = true;
    } else if (accept("ASCII")) {
      out.charset = "latin1";
    } else if (accept("UNICODE")) {
      out.charset = "ucs2";
    } else if (accept("BYTE")) {
      out.charset = "binary";
    } else if (accept("CHARSET") || accept2("CHARACTER", "SET") || accept2("CHAR", "SET")) {
      if (!charset_name(out.charset)) return false;
    } else if (accept("COLLATE")) {
      if (!charset_name(out.collation)) return false;
    } else {
      return true;
    }
  }
}

bool StatementParser::data_type(DataType& out) {
  const Token& t = cur();
  if (t.kind != TokenKind::word) return unexpected("a data type");
  Dim dim = Dim::none;
  bool found = false;
  // Multi-word spellings first.
  if (accept("NATIONAL")) {
    out.national = true;
    if (accept("VARCHAR") || accept("VARCHARACTER")) {
      out.name = "VARCHAR";
    } else if (accept("CHAR") || accept("CHARACTER")) {
      out.name = accept("VARYING") ? "VARCHAR" : "CHAR";
    } else {
      return unexpected("CHAR or VARCHAR");
    }
    dim = Dim::one;
    found = true;
  } else if (at("NCHAR") && (peek().is_word("VARCHAR") || peek().is_word("VARYING") ||
                             peek().is_word("VARCHARACTER"))) {
    next();
    next();
    out.national = true;
    out.name = "VARCHAR";
    dim = Dim::one;
    found = true;
  } else if ((at("CHAR") || at("CHARACTER")) && peek().is_word("VARYING")) {
    next();
    next();
    out.name = "VARCHAR";
    dim = Dim::one;
    found = true;
  } else if (at("LONG")) {
    next();
    if (accept("VARBINARY") || accept("BINARY")) {
      out.name = "MEDIUMBLOB";
    } else {
      if (accept("VARCHAR") || accept("VARCHARACTER")) {
      } else if ((at("CHAR") || at("CHARACTER")) && peek().is_word("VARYING")) {
        next();
        next();
      }
      out.name = "MEDIUMTEXT";
    }
    found = true;
  } else if (at("DOUBLE") && peek().is_word("PRECISION")) {
    next();
    next();
    out.name = "DOUBLE";
    dim = Dim::two;
    found = true;
  } else if (at("BOOL") || at("BOOLEAN")) {
    next();
    out.name = "TINYINT";
    out.length = 1;
    found = true;
  } else if (at("SERIAL")) {
    next();
    out.name = "BIGINT";
    out.is_unsigned = true;
    out.serial = true;
    found = true;
  } else if (at("ENUM") || at("SET")) {
    out.name = at("ENUM") ? "ENUM" : "SET";
    next();
    if (!enum_values(out.enum_values)) return false;
    return type_attributes(out);
  } else {
    for (const auto& spelling : kTypes) {
      if (t.is_word(spelling.keyword)) {
        out.name = std::string(spelling.name);
        dim = spelling.dim;
        if (t.is_word("NCHAR") || t.is_word("NVARCHAR")) out.national = true;
        next();
        found = true;
        break;
      }
    }
  }
  if (!found) return fail(t, "unknown data type " + t.describe());
  // CHAR BYTE is BINARY.
  if (out.name == "CHAR" && at("BYTE")) {
    next();
    out.name = "BINARY";
  }
  if (dim != Dim::none && at_punct('(')) {
    next();
    uint64_t m = 0;
    const Token& len = cur();
    if (len.kind == TokenKind::number && len.text.find('.') != std::string_view::npos &&
        len.text.find_first_of("eE") == std::string_view::npos) {
      // MySQL reads a decimal length such as DECIMAL(19.5) by its integer part.
      parse_uint(len.text.substr(0, len.text.find('.')), m);
      next();
    } else if (!number(m, "a length")) {
      return false;
    }
    std::optional<uint64_t> d;
    if (accept_punct(',')) {
      if (dim != Dim::two && dim != Dim::float_p) return unexpected("')'");
      uint64_t dv = 0;
      if (!number(dv, "a scale")) return false;
      d = dv;
    }
    if (!expect_punct(')')) return false;
    if (dim == Dim::float_p && !d) {
      // FLOAT(p): precision in bits picks FLOAT or DOUBLE; no length is kept.
      if (m > 24) out.name = "DOUBLE";
    } else {
      out.length = m;
      if (d) out.scale = static_cast<uint32_t>(*d > UINT32_MAX ? UINT32_MAX : *d);
    }
  }
  if (!type_attributes(out)) return false;
  // MySQL's defaults for omitted dimensions.
  const std::string& n = out.name;
  if (n == "DECIMAL") {
    if (!out.length || *out.length == 0) out.length = 10;
    if (!out.scale) out.scale = 0;
  } else if ((n == "CHAR" || n == "BINARY" || n == "BIT") && !out.length) {
    out.length = 1;
  } else if ((n == "TIME" || n == "DATETIME" || n == "TIMESTAMP") && out.length &&
             *out.length == 0) {
    out.length.reset();  // fsp 0 is the default and is not shown
  } else if ((n == "TEXT" || n == "BLOB") && out.length) {
    out.sized_lob = true;
  }
  if (!is_integer_type(n) && n != "DECIMAL" && n != "FLOAT" && n != "DOUBLE") {
    // UNSIGNED/ZEROFILL only mean something on numbers.
    out.is_unsigned = false;
    out.zerofill = false;
  }
  return true;
}

bool StatementParser::temporal_function(std::string& out, bool& matched) {
  // CURRENT_TIMESTAMP[([n])], NOW([n]), LOCALTIME[([n])], LOCALTIMESTAMP[([n])],
  // CURRENT_TIMESTAMP is what MySQL shows for all of them.
  matched = false;
  const Token& t = cur();
  const bool needs_parens = t.is_word("NOW");
  if (!(t.is_word("CURRENT_TIMESTAMP") || t.is_word("LOCALTIME") ||
        t.is_word("LOCALTIMESTAMP") || needs_parens)) {
    return true;
  }
  if (needs_parens && !peek().is_punct('(')) return true;
  matched = true;
  next();
  out = "CURRENT_TIMESTAMP";
  if (accept_punct('(')) {
    if (cur().kind == TokenKind::number) {
      uint64_t n = 0;
      if (!number(n, "a precision")) return false;
      if (n > 0) out += "(" + std::to_string(n) + ")";
    }
    if (!expect_punct(')')) return false;
  }
  return true;
}

namespace {

bool is_binary_operator(const Token& t) {
  if (t.kind == TokenKind::punct) {
    return t.is_punct('+') || t.is_punct('-') || t.is_punct('*') || t.is_punct('/') ||
           t.is_punct('%') || t.is_punct("||") || t.is_punct('|') || t.is_punct('&') ||
           t.is_punct('^') || t.is_punct("<<") || t.is_punct(">>");
  }
  return t.is_word("DIV") || t.is_word("MOD");
}

}  // namespace

bool StatementParser::default_value(ColumnDefinition& out) {
  // After DEFAULT.
  const size_t start = pos_;
  const Token& t = cur();
  bool simple_literal = false;
  if (t.is_word("NULL")) {
    next();
    out.default_kind = DefaultKind::null;
    out.default_value.clear();
    return true;
  }
  std::string ts;
  bool matched = false;
  if (!temporal_function(ts, matched)) return false;
  if (matched) {
    out.default_kind = DefaultKind::expression;
    out.default_value = std::move(ts);
    return true;
  }
  if (t.is_punct('(')) {
    if (!skip_balanced()) return false;
    out.default_kind = DefaultKind::expression;
    out.default_value = slice(start, pos_);
    return true;
  }
  if (t.kind == TokenKind::string ||
      (t.kind == TokenKind::word && t.text.size() > 1 && t.text[0] == '_' &&
       (peek().kind == TokenKind::string || peek().kind == TokenKind::hex_string ||
        peek().kind == TokenKind::bit_string))) {
    if (t.kind == TokenKind::word) next();  // charset introducer
    if (cur().kind == TokenKind::string) {
      if (!string_literal(out.default_value, "a string")) return false;
      out.default_literal = LiteralKind::string;
    } else {
      out.default_value = std::string(cur().text);
      out.default_literal = cur().kind == TokenKind::hex_string ? LiteralKind::hex
                                                                : LiteralKind::bits;
      next();
    }
    simple_literal = true;
  } else if (t.kind == TokenKind::number || t.is_punct('-') || t.is_punct('+')) {
    std::string sign;
    while (cur().is_punct('-') || cur().is_punct('+')) {
      if (cur().is_punct('-')) sign = sign == "-" ? "" : "-";
      next();
    }
    if (cur().kind != TokenKind::number) {
      if (cur().kind == TokenKind::string) {
        // -'1' is an expression; keep its text.
        next();
        out.default_kind = DefaultKind::expression;
        out.default_value = slice(start, pos_);
        return true;
      }
      return unexpected("a number");
    }
    out.default_value = sign + std::string(cur().text);
    out.default_literal = LiteralKind::number;
    next();
    simple_literal = true;
  } else if (t.kind == TokenKind::hex_string || t.kind == TokenKind::bit_string) {
    out.default_value = std::string(t.text);
    out.default_literal = t.kind == TokenKind::hex_string ? LiteralKind::hex : LiteralKind::bits;
    next();
    simple_literal = true;
  } else if (t.is_word("TRUE") || t.is_word("FALSE")) {
    out.default_value = t.is_word("TRUE") ? "1" : "0";
    out.default_literal = LiteralKind::boolean;
    next();
    simple_literal = true;
  } else if ((t.is_word("DATE") || t.is_word("TIME") || t.is_word("TIMESTAMP")) &&
             peek().kind == TokenKind::string) {
    next();
    if (!string_literal(out.default_value, "a string")) return false;
    out.default_literal = LiteralKind::string;
    simple_literal = true;
  } else if (t.is_punct('{')) {
    // ODBC literal {d '2001-01-01'}
    if (!skip_balanced()) return false;
    out.default_kind = DefaultKind::expression;
    out.default_value = slice(start, pos_);
    return true;
  } else if (t.is_identifier()) {
    // MariaDB: a bare function call or keyword (UUID(), CURRENT_USER, NEXTVAL(s), ...).
    next();
    while (at_punct('.') && peek().is_identifier()) {
      next();
      next();
    }
    if (at_punct('(')) {
      if (!skip_balanced()) return false;
    }
  } else {
    return unexpected("a default value");
  }
  // MariaDB accepts unparenthesised expressions: DEFAULT 1 + 2.
  bool expression = !simple_literal;
  while (is_binary_operator(cur()) && !peek().is_word("NULL")) {
    expression = true;
    next();
    const Token& o = cur();
    if (o.is_punct('(')) {
      if (!skip_balanced()) return false;
    } else if (o.is_identifier()) {
      next();
      if (at_punct('(') && !skip_balanced()) return false;
    } else if (o.kind == TokenKind::number || o.kind == TokenKind::string ||
               o.kind == TokenKind::hex_string || o.kind == TokenKind::bit_string) {
      next();
    } else {
      return unexpected("an operand");
    }
  }
  if (expression) {
    out.default_kind = DefaultKind::expression;
    out.default_value = slice(start, pos_);
  } else {
    out.default_kind = DefaultKind::literal;
  }
  return true;
}

bool StatementParser::generated_column(ColumnDefinition& out) {
  // After [GENERATED ALWAYS] AS.
  if (at("ROW") && (peek().is_word("START") || peek().is_word("END"))) {
    // MariaDB system-versioning period columns: ordinary stored columns for us.
    next();
    if (at("START")) {
      out.row_start = true;
    } else {
      out.row_end = true;
    }
    next();
    return true;
  }
  if (!at_punct('(')) return unexpected("'('");
  const size_t start = pos_;
  if (!skip_balanced()) return false;
  out.generated = true;
  out.generation_expression = slice(start + 1, pos_ - 1);
  if (accept("STORED") || accept("PERSISTENT")) {
    out.stored = true;
  } else {
    accept("VIRTUAL");
  }
  return true;
}

bool StatementParser::column_attributes(ColumnDefinition& out) {
  for (;;) {
    const Token& t = cur();
    if (t.kind != TokenKind::word) return true;
    if (t.is_word("NOT")) {
      if (peek().is_word("NULL")) {
        next();
        next();
        out.nullable = false;
      } else if (peek().is_word("SECONDARY")) {  // HeatWave
        next();
        next();
      } else {
        return true;
      }
    } else if (t.is_word("NULL")) {
      next();
      out.nullable = true;
    } else if (t.is_word("DEFAULT")) {
      next();
      if (!default_value(out)) return false;
    } else if (t.is_word("ON") && peek().is_word("UPDATE")) {
      next();
      next();
      bool matched = false;
      if (!temporal_function(out.on_update, matched)) return false;
      if (!matched) return unexpected("CURRENT_TIMESTAMP");
    } else if (t.is_word("AUTO_INCREMENT")) {
      next();
      out.auto_increment = true;
    } else if (t.is_word("UNIQUE")) {
      next();
      accept("KEY");
      out.unique_key = true;
    } else if (t.is_word("PRIMARY")) {
      next();
      if (!expect("KEY")) return false;
      out.primary_key = true;
    } else if (t.is_word("KEY")) {
      next();  // KEY alone is PRIMARY KEY in a column definition
      out.primary_key = true;
    } else if (t.is_word("COMMENT")) {
      next();
      if (!string_literal(out.comment, "a comment string")) return false;
    } else if (t.is_word("COLLATE")) {
      next();
      if (!charset_name(out.type.collation)) return false;
    } else if (t.is_word("CHARSET") || (t.is_word("CHARACTER") && peek().is_word("SET"))) {
      next();
      accept("SET");
      if (!charset_name(out.type.charset)) return false;
    } else if (t.is_word("COLUMN_FORMAT") || t.is_word("STORAGE")) {
      next();
      if (!skip_value()) return false;
    } else if (t.is_word("ENGINE_ATTRIBUTE") || t.is_word("SECONDARY_ENGINE_ATTRIBUTE") ||
               t.is_word("COMPRESSED") || t.is_word("REF_SYSTEM_ID") ||
               t.is_word("ENCRYPTED")) {
      next();
      if (accept_punct('=')) {
        if (!skip_value()) return false;
      }
    } else if (t.is_word("SRID")) {
      next();
      uint64_t n = 0;
      if (!number(n, "an SRID")) return false;
    } else if (t.is_word("GENERATED")) {
      next();
      if (!expect("ALWAYS")) return false;
      if (!expect("AS")) return false;
      if (!generated_column(out)) return false;
    } else if (t.is_word("AS")) {
      next();
      if (!generated_column(out)) return false;
    } else if (t.is_word("VIRTUAL") || t.is_word("STORED") || t.is_word("PERSISTENT")) {
      next();
    } else if (t.is_word("VISIBLE")) {
      next();
      out.invisible = false;
    } else if (t.is_word("INVISIBLE")) {
      next();
      out.invisible = true;
    } else if (t.is_word("REFERENCES")) {
      if (!reference_definition(nullptr)) return false;
    } else if (t.is_word("CONSTRAINT") || t.is_word("CHECK")) {
      if (accept("CONSTRAINT")) {
        if (!at("CHECK")) {
          std::string ignored;
          if (!identifier(ignored, "a constraint name")) return false;
        }
      }
      if (!expect("CHECK")) return false;
      if (!at_punct('(')) return unexpected("'('");
      if (!skip_balanced()) return false;
      if (!check_constraint_tail()) return false;
    } else if (t.is_word("SERIAL") && peek().is_word("DEFAULT") && peek(2).is_word("VALUE")) {
      next();
      next();
      next();
      out.nullable = false;
      out.auto_increment = true;
      out.unique_key = true;
    } else if ((t.is_word("WITH") || t.is_word("WITHOUT")) && peek().is_word("SYSTEM")) {
      next();
      next();
      if (!expect("VERSIONING")) return false;
    } else if (t.is_word("BINARY") || t.is_word("UNSIGNED") || t.is_word("ZEROFILL") ||
               t.is_word("SIGNED")) {
      if (!type_attributes(out.type)) return false;
    } else {
      return true;
    }
  }
}

bool StatementParser::column_definition(ColumnDefinition& out) {
  // MySQL's field_ident also takes `.col`.
  if (at_punct('.') && peek().is_identifier()) next();
  if (!identifier(out.name, "a column name")) return false;
  // `tbl.col` / `db.tbl.col` as a column name: MySQL accepts and ignores the qualifiers.
  while (at_punct('.') && peek().is_identifier()) {
    next();
    if (!identifier(out.name, "a column name")) return false;
  }
  if (!data_type(out.type)) return false;
  if (out.type.serial) {
    out.nullable = false;
    out.auto_increment = true;
    out.unique_key = true;
  }
  return column_attributes(out);
}

}  // namespace schema_history
