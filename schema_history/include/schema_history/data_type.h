// A column data type as declared, after MySQL's own spelling normalisations that do not depend on
// the character set (INTEGER -> INT, BOOL -> TINYINT(1), NUMERIC -> DECIMAL(10,0), REAL -> DOUBLE,
// FLOAT(p) -> FLOAT/DOUBLE, SERIAL -> BIGINT UNSIGNED, CHARACTER VARYING -> VARCHAR, ...).
// Charset-dependent normalisations (TEXT(n), CHARACTER SET binary) happen in the catalog.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace schema_history {

struct DataType {
  std::string name;               // upper case: INT, VARCHAR, DECIMAL, TIMESTAMP, ENUM, ...
  std::optional<uint64_t> length;  // M / fsp / display width as declared (or MySQL's default)
  std::optional<uint32_t> scale;   // D of DECIMAL(M,D), FLOAT(M,D), DOUBLE(M,D)
  bool is_unsigned = false;
  bool zerofill = false;
  bool binary_collation = false;   // the BINARY attribute: CHAR(10) BINARY
  bool national = false;           // NCHAR / NATIONAL VARCHAR: the utf8 charset
  bool serial = false;             // SERIAL: also NOT NULL AUTO_INCREMENT UNIQUE
  bool sized_lob = false;          // TEXT(n) / BLOB(n): `length` is n, the type is chosen later
  std::string charset;             // explicit CHARACTER SET, lower case
  std::string collation;           // explicit COLLATE, lower case
  std::vector<std::string> enum_values;  // ENUM/SET members, unquoted
};

}  // namespace schema_history
