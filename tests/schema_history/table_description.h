// A canonical text description of a catalog table, for comparing two catalogs in tests: one line
// per column and per index, with the details SHOW CREATE TABLE shows.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "schema_history/table.h"

namespace schema_history::test {

// Display width MySQL 5.7 prints for integer types declared without one.
inline uint64_t display_width(const Column& c) {
  if (c.length) return *c.length;
  const std::string& t = c.type_name;
  if (t == "TINYINT") return c.is_unsigned ? 3 : 4;
  if (t == "SMALLINT") return c.is_unsigned ? 5 : 6;
  if (t == "MEDIUMINT") return c.is_unsigned ? 8 : 9;
  if (t == "INT") return c.is_unsigned ? 10 : 11;
  if (t == "BIGINT") return 20;
  if (t == "YEAR") return 4;
  return 0;
}

inline std::string describe_column(const Column& c, bool width_as_mysql57) {
  std::string s = c.name + " " + c.type_name;
  const bool integer = c.type_name == "TINYINT" || c.type_name == "SMALLINT" ||
                       c.type_name == "MEDIUMINT" || c.type_name == "INT" ||
                       c.type_name == "BIGINT" || c.type_name == "YEAR";
  if (integer && width_as_mysql57) {
    s += "(" + std::to_string(display_width(c)) + ")";
  } else if (c.length) {
    s += "(" + std::to_string(*c.length);
    if (c.scale) s += "," + std::to_string(*c.scale);
    s += ")";
  } else if (c.scale) {
    s += "(?," + std::to_string(*c.scale) + ")";
  }
  if (!c.enum_values.empty()) {
    s += "(";
    for (size_t i = 0; i < c.enum_values.size(); ++i) s += (i ? "," : "") + c.enum_values[i];
    s += ")";
  }
  if (c.is_unsigned) s += " unsigned";
  if (c.zerofill) s += " zerofill";
  if (!c.charset.empty()) s += " charset=" + c.charset;
  if (!c.collation.empty()) s += " collate=" + c.collation;
  s += c.nullable ? " NULL" : " NOT NULL";
  // A nullable column without a default and one with DEFAULT NULL behave the same; SHOW CREATE
  // TABLE prints the first without a DEFAULT clause after ALTER ... DROP DEFAULT.
  const bool lob = c.type_name.find("BLOB") != std::string::npos ||
                   c.type_name.find("TEXT") != std::string::npos || c.type_name == "JSON" ||
                   c.type_name == "GEOMETRY";
  DefaultKind kind = c.default_kind;
  if (kind == DefaultKind::none && c.nullable && !lob && !c.auto_increment && !c.generated) {
    kind = DefaultKind::null;
  }
  switch (kind) {
    case DefaultKind::none: break;
    case DefaultKind::null: s += " DEFAULT NULL"; break;
    case DefaultKind::literal: s += " DEFAULT '" + c.default_value + "'"; break;
    case DefaultKind::expression: s += " DEFAULT " + c.default_value; break;
  }
  if (!c.on_update.empty()) s += " ON UPDATE " + c.on_update;
  if (c.auto_increment) s += " AUTO_INCREMENT";
  if (c.generated) s += std::string(" AS (") + c.generation_expression + ")";
  if (c.invisible) s += " INVISIBLE";
  return s;
}

inline std::string describe_index(const TableIndex& index) {
  static const char* kinds[] = {"PRIMARY", "UNIQUE", "KEY", "FULLTEXT", "SPATIAL", "FK", "CHECK"};
  std::string s = std::string(kinds[static_cast<int>(index.kind)]) + " " + index.name + " (";
  for (size_t i = 0; i < index.parts.size(); ++i) {
    const KeyPart& p = index.parts[i];
    if (i) s += ",";
    s += p.column.empty() ? p.expression : p.column;
    if (p.prefix) s += "(" + std::to_string(*p.prefix) + ")";
  }
  return s + ")";
}

// Lines describing the table; indexes sorted by name (their order is not part of the schema).
inline std::vector<std::string> describe_table(const Table& t, bool width_as_mysql57) {
  std::vector<std::string> out;
  out.push_back("table " + t.id.to_string() + " charset=" + t.default_charset +
                (t.default_collation.empty() ? "" : " collate=" + t.default_collation));
  for (const auto& c : t.columns) out.push_back("  column " + describe_column(c, width_as_mysql57));
  std::vector<std::string> indexes;
  for (const auto& i : t.indexes) indexes.push_back("  index " + describe_index(i));
  std::sort(indexes.begin(), indexes.end());
  out.insert(out.end(), indexes.begin(), indexes.end());
  return out;
}

}  // namespace schema_history::test
