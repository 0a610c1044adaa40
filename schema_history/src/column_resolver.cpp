// Column resolution: the server's rules for charsets, type choice, NULL and DEFAULT.
#include "column_resolver.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>

#include "charsets.h"
#include "text_util.h"

namespace schema_history {
namespace {

bool is_lob_like(std::string_view t) {
  return t == "TINYBLOB" || t == "BLOB" || t == "MEDIUMBLOB" || t == "LONGBLOB" ||
         t == "TINYTEXT" || t == "TEXT" || t == "MEDIUMTEXT" || t == "LONGTEXT" || t == "JSON" ||
         t == "GEOMETRY" || t == "POINT" || t == "LINESTRING" || t == "POLYGON" ||
         t == "MULTIPOINT" || t == "MULTILINESTRING" || t == "MULTIPOLYGON" ||
         t == "GEOMETRYCOLLECTION";
}

bool is_integer(std::string_view t) {
  return t == "TINYINT" || t == "SMALLINT" || t == "MEDIUMINT" || t == "INT" || t == "BIGINT";
}

// The smallest TEXT/BLOB type holding `bytes`.
std::string lob_for_bytes(uint64_t bytes, bool text) {
  if (bytes <= 255) return text ? "TINYTEXT" : "TINYBLOB";
  if (bytes <= 65535) return text ? "TEXT" : "BLOB";
  if (bytes <= 16777215) return text ? "MEDIUMTEXT" : "MEDIUMBLOB";
  return text ? "LONGTEXT" : "LONGBLOB";
}

uint64_t text_capacity(std::string_view t) {
  if (t == "TINYTEXT") return 255;
  if (t == "TEXT") return 65535;
  if (t == "MEDIUMTEXT") return 16777215;
  return 4294967295ULL;
}

std::string binary_variant(const std::string& t) {
  if (t == "CHAR") return "BINARY";
  if (t == "VARCHAR") return "VARBINARY";
  if (t == "TINYTEXT") return "TINYBLOB";
  if (t == "TEXT") return "BLOB";
  if (t == "MEDIUMTEXT") return "MEDIUMBLOB";
  if (t == "LONGTEXT") return "LONGBLOB";
  return t;
}

// A decimal number as sign, integer digits and fraction digits (exponent applied).
struct Decimal {
  bool negative = false;
  std::string int_digits;   // no leading zeros ("" for 0)
  std::string frac_digits;
};

bool parse_decimal(std::string_view s, Decimal& out) {
  s = trim(s);
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    out.negative = s[i] == '-';
    ++i;
  }
  std::string digits;
  long point = -1;
  bool any = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (is_digit(c)) {
      digits.push_back(c);
      any = true;
    } else if (c == '.' && point < 0) {
      point = static_cast<long>(digits.size());
    } else {
      break;
    }
  }
  if (!any) return false;
  if (point < 0) point = static_cast<long>(digits.size());
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    long exp = 0;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    bool exp_digits = false;
    for (; i < s.size() && is_digit(s[i]) && exp < 100000; ++i) {
      exp = exp * 10 + (s[i] - '0');
      exp_digits = true;
    }
    if (!exp_digits) return false;
    point += neg ? -exp : exp;
  }
  if (i != s.size()) return false;
  if (point < 0) {
    digits.insert(0, static_cast<size_t>(-point), '0');
    point = 0;
  }
  if (static_cast<size_t>(point) > digits.size()) {
    if (point > 400) return false;
    digits.append(static_cast<size_t>(point) - digits.size(), '0');
  }
  out.int_digits = digits.substr(0, static_cast<size_t>(point));
  out.frac_digits = digits.substr(static_cast<size_t>(point));
  size_t nz = 0;
  while (nz < out.int_digits.size() && out.int_digits[nz] == '0') ++nz;
  out.int_digits.erase(0, nz);
  return true;
}

// Rounds half away from zero to `scale` fraction digits, MySQL's rule for DECIMAL and integers.
std::string format_decimal(Decimal d, uint32_t scale) {
  std::string frac = d.frac_digits;
  bool round_up = frac.size() > scale && frac[scale] >= '5';
  frac.resize(scale, '0');
  std::string all = d.int_digits + frac;
  if (round_up) {
    size_t k = all.size();
    while (k > 0) {
      --k;
      if (all[k] == '9') {
        all[k] = '0';
      } else {
        ++all[k];
        break;
      }
      if (k == 0) {
        all.insert(0, 1, '1');
        break;
      }
    }
    if (all.empty()) all = "1";
  }
  std::string int_part = all.substr(0, all.size() - scale);
  std::string frac_part = all.substr(all.size() - scale);
  size_t nz = 0;
  while (nz + 1 < int_part.size() && int_part[nz] == '0') ++nz;
  int_part.erase(0, nz);
  if (int_part.empty()) int_part = "0";
  bool zero = true;
  for (char c : int_part + frac_part) zero = zero && c == '0';
  std::string out = (d.negative && !zero) ? "-" : "";
  out += int_part;
  if (scale > 0) out += "." + frac_part;
  return out;
}

bool parse_bits_literal(std::string_view lit, uint64_t& value) {
  // b'0101' / 0b0101 / x'0A' / 0x0A
  value = 0;
  std::string_view body;
  int base = 0;
  if (lit.size() >= 3 && (lit[0] == 'b' || lit[0] == 'B') && lit[1] == '\'') {
    body = lit.substr(2, lit.size() - 3);
    base = 2;
  } else if (lit.size() >= 2 && lit[0] == '0' && lit[1] == 'b') {
    body = lit.substr(2);
    base = 2;
  } else if (lit.size() >= 3 && (lit[0] == 'x' || lit[0] == 'X') && lit[1] == '\'') {
    body = lit.substr(2, lit.size() - 3);
    base = 16;
  } else if (lit.size() >= 2 && lit[0] == '0' && lit[1] == 'x') {
    body = lit.substr(2);
    base = 16;
  } else {
    return false;
  }
  for (char c : body) {
    int v = 0;
    if (is_digit(c)) {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else {
      return false;
    }
    if (v >= base) return false;
    value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(v);
  }
  return true;
}

std::string bits_text(uint64_t v) {
  if (v == 0) return "b'0'";
  std::string bits;
  while (v > 0) {
    bits.insert(bits.begin(), static_cast<char>('0' + (v & 1)));
    v >>= 1;
  }
  return "b'" + bits + "'";
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// 'YYYY-MM-DD[ HH:MM:SS[.f]]' or a number of the forms YYYYMMDD / YYYYMMDDHHMMSS / 0.
std::string canonical_datetime(std::string_view v, bool with_time, uint64_t fsp) {
  std::string s(trim(v));
  if (s == "0") s = "0000-00-00 00:00:00";
  if (all_digits(s) && s.size() == 8) {
    s = s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2);
  } else if (all_digits(s) && s.size() == 14) {
    s = s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2) + " " + s.substr(8, 2) +
        ":" + s.substr(10, 2) + ":" + s.substr(12, 2);
  }
  if (!with_time) {
    if (s.size() > 10 && s[4] == '-' && s[7] == '-') s.resize(10);
    return s;
  }
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') s += " 00:00:00";
  if (s.size() < 19 || s[4] != '-' || s[13] != ':') return s;
  std::string frac = s.size() > 20 && s[19] == '.' ? s.substr(20) : "";
  s.resize(19);
  frac.resize(fsp, '0');
  if (fsp > 0) s += "." + frac;
  return s;
}

std::string canonical_time(std::string_view v, uint64_t fsp) {
  std::string s(trim(v));
  const size_t dot = s.find('.');
  std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (dot != std::string::npos) s.resize(dot);
  if (fsp > 0) {
    frac.resize(fsp, '0');
    s += "." + frac;
  }
  return s;
}

std::string shortest_double(double d, bool single) {
  char buf[64];
  std::to_chars_result r = single ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(d))
                                  : std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

}  // namespace

void ColumnResolver::set_default(Column& c, const ColumnDefinition& def) const {
  c.default_kind = def.default_kind;
  c.default_value.clear();
  switch (def.default_kind) {
    case DefaultKind::none:
    case DefaultKind::null:
      return;
    case DefaultKind::expression:
      c.default_value = def.default_value;
      return;
    case DefaultKind::literal:
      break;
  }
  const std::string& t = c.type_name;
  const std::string& v = def.default_value;
  const LiteralKind k = def.default_literal;
  c.default_value = v;
  if (t == "BIT") {
    uint64_t bits = 0;
    if ((k == LiteralKind::bits || k == LiteralKind::hex) && parse_bits_literal(v, bits)) {
      c.default_value = bits_text(bits);
    } else if (k == LiteralKind::number || k == LiteralKind::boolean) {
      uint64_t n = 0;
      if (parse_uint(v, n)) c.default_value = bits_text(n);
    } else if (k == LiteralKind::string) {
      uint64_t n = 0;
      for (unsigned char ch : v) n = (n << 8) | ch;
      c.default_value = bits_text(n);
    }
    return;
  }
  if (k == LiteralKind::bits || k == LiteralKind::hex) {
    uint64_t n = 0;
    if (is_string_type(t) || t == "BINARY" || t == "VARBINARY") {
      if (k == LiteralKind::hex) c.default_value = hex_to_bytes(v);
      return;
    }
    if (parse_bits_literal(v, n)) c.default_value = std::to_string(n);
    return;
  }
  // Scales and fractional-second precisions beyond what the server accepts (30 and 6) mean the
  // statement would have failed; such values are left as written.
  const bool sane_scale = c.scale.value_or(0) <= 30;
  const bool sane_fsp = c.length.value_or(0) <= 6;
  Decimal d;
  if (is_integer(t)) {
    if (parse_decimal(v, d)) c.default_value = format_decimal(d, 0);
  } else if (t == "DECIMAL") {
    if (sane_scale && parse_decimal(v, d)) {
      c.default_value = format_decimal(d, c.scale.value_or(0));
    }
  } else if (t == "FLOAT" || t == "DOUBLE") {
    if (sane_scale && parse_decimal(v, d)) {
      if (c.scale) {
        c.default_value = format_decimal(d, *c.scale);
      } else {
        c.default_value = shortest_double(std::strtod(std::string(trim(v)).c_str(), nullptr),
                                          t == "FLOAT");
      }
    }
  } else if ((t == "DATETIME" || t == "TIMESTAMP") && sane_fsp) {
    c.default_value = canonical_datetime(v, true, c.length.value_or(0));
  } else if (t == "DATE") {
    c.default_value = canonical_datetime(v, false, 0);
  } else if (t == "TIME" && sane_fsp) {
    c.default_value = canonical_time(v, c.length.value_or(0));
  } else if (t == "YEAR") {
    uint64_t y = 0;
    std::string s(trim(v));
    if (parse_uint(s, y) && s.size() <= 2) {
      if (k == LiteralKind::number && y == 0) {
        c.default_value = "0000";
      } else {
        c.default_value = std::to_string(y < 70 ? 2000 + y : 1900 + y);
      }
    }
  } else if (t == "ENUM" && k == LiteralKind::number) {
    uint64_t idx = 0;
    if (parse_uint(v, idx) && idx >= 1 && idx <= c.enum_values.size()) {
      c.default_value = c.enum_values[idx - 1];
    }
  } else if (t == "BINARY" && c.length && c.default_value.size() < *c.length &&
             *c.length <= 255) {
    c.default_value.append(*c.length - c.default_value.size(), '\0');
  }
}

Column ColumnResolver::resolve(const ColumnDefinition& def, const CharsetContext& table,
                               bool first_timestamp) const {
  Column c;
  c.name = def.name;
  const DataType& type = def.type;
  c.type_name = type.name;
  c.length = type.length;
  c.scale = type.scale;
  c.is_unsigned = type.is_unsigned;
  c.zerofill = type.zerofill;
  c.enum_values = type.enum_values;
  if (options_.dialect == Dialect::mariadb && c.type_name == "JSON") {
    // MariaDB's JSON is LONGTEXT with a binary utf8mb4 collation.
    c.type_name = "LONGTEXT";
    c.charset = "utf8mb4";
    c.collation = "utf8mb4_bin";
  }
  // Character set and collation: column, else collation's charset, else the table's.
  const bool stringish = is_string_type(c.type_name) || (type.sized_lob && type.name == "TEXT");
  if (stringish && c.charset.empty()) {
    std::string charset = type.charset;
    std::string collation = type.collation;
    if (charset.empty() && !collation.empty()) charset = charset_of_collation(collation);
    if (charset.empty() && type.national) charset = "utf8";
    if (charset.empty()) {
      charset = table.charset;
      if (collation.empty() && !table.collation.empty() &&
          charset_of_collation(table.collation) == charset) {
        collation = table.collation;
      }
    }
    if (type.binary_collation && collation.empty() && charset != "binary") {
      collation = charset + "_bin";
    }
    if (charset == "binary") {
      // CHARACTER SET binary turns character types into their binary twins.
      if (c.type_name != "ENUM" && c.type_name != "SET") {
        c.type_name = binary_variant(c.type_name);
        charset.clear();
      }
      collation.clear();
    }
    c.charset = charset;
    c.collation = is_default_collation(charset, collation) ? std::string() : collation;
  }
  if (type.sized_lob) {
    // TEXT(n) / BLOB(n): the smallest type that holds n characters (bytes for BLOB).
    const bool text = type.name == "TEXT" && c.type_name == "TEXT";
    const uint64_t n = type.length.value_or(0);
    const uint64_t per_char = text ? charset_max_bytes(c.charset) : 1;
    const uint64_t bytes = n > UINT64_MAX / per_char ? UINT64_MAX : n * per_char;
    c.type_name = n == 0 ? (text ? "TEXT" : "BLOB") : lob_for_bytes(bytes, text);
    c.length.reset();
  }
  // NULL / NOT NULL.
  c.nullable = def.nullable.value_or(true);
  if (def.primary_key || type.serial) c.nullable = false;
  c.auto_increment = def.auto_increment;
  c.generated = def.generated;
  c.stored = def.stored;
  c.generation_expression = def.generation_expression;
  if (def.row_start) c.generation_expression = "ROW START";
  if (def.row_end) c.generation_expression = "ROW END";
  c.invisible = def.invisible;
  c.comment = def.comment;
  c.on_update = def.on_update;
  set_default(c, def);
  if (c.type_name == "TIMESTAMP" && !options_.explicit_defaults_for_timestamp) {
    // The pre-8.0 TIMESTAMP rules: NOT NULL unless declared NULL; the first TIMESTAMP column
    // gets the automatic initialisation and update, later ones the zero timestamp.
    if (!def.nullable.has_value()) c.nullable = false;
    if (!c.nullable && c.default_kind == DefaultKind::none && !def.generated) {
      const uint64_t fsp = std::min<uint64_t>(c.length.value_or(0), 6);
      const std::string now =
          fsp > 0 ? "CURRENT_TIMESTAMP(" + std::to_string(fsp) + ")" : "CURRENT_TIMESTAMP";
      if (first_timestamp && c.on_update.empty()) {
        c.default_kind = DefaultKind::expression;
        c.default_value = now;
        c.on_update = now;
      } else if (first_timestamp) {
        c.default_kind = DefaultKind::expression;
        c.default_value = now;
      } else {
        c.default_kind = DefaultKind::literal;
        c.default_value = canonical_datetime("0000-00-00 00:00:00", true, fsp);
      }
    }
  }
  if (c.default_kind == DefaultKind::none && c.nullable && !c.auto_increment && !c.generated &&
      !is_lob_like(c.type_name)) {
    c.default_kind = DefaultKind::null;  // what SHOW CREATE TABLE prints as DEFAULT NULL
  }
  if (c.default_kind == DefaultKind::null && (is_lob_like(c.type_name) || !c.nullable)) {
    c.default_kind = DefaultKind::none;
  }
  return c;
}

void ColumnResolver::convert(Column& c, const std::string& charset,
                             const std::string& collation) const {
  if (!is_string_type(c.type_name)) return;
  if (c.charset == "binary") return;
  const std::string& t = c.type_name;
  if (t == "TINYTEXT" || t == "TEXT" || t == "MEDIUMTEXT") {
    const uint64_t chars = text_capacity(t) / charset_max_bytes(c.charset);
    const std::string grown = lob_for_bytes(chars * charset_max_bytes(charset), true);
    if (text_capacity(grown) > text_capacity(t)) c.type_name = grown;
  }
  c.charset = charset;
  c.collation = is_default_collation(charset, collation) ? std::string() : collation;
}

}  // namespace schema_history
