#include "catalog_table_map.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

namespace cdc {
namespace {

using binlog::ColumnType;

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// The catalog type names a binlog column type can stand for. Empty: no check (types the
// catalog may name differently, e.g. MariaDB's INET6/UUID stored as fixed binary strings).
const std::set<std::string>* catalog_types(ColumnType t) {
  static const std::map<ColumnType, std::set<std::string>> types = {
      {ColumnType::TINY, {"TINYINT", "BOOL", "BOOLEAN"}},
      {ColumnType::SHORT, {"SMALLINT"}},
      {ColumnType::INT24, {"MEDIUMINT"}},
      {ColumnType::LONG, {"INT"}},
      {ColumnType::LONGLONG, {"BIGINT"}},
      {ColumnType::NEWDECIMAL, {"DECIMAL"}},
      {ColumnType::FLOAT, {"FLOAT"}},
      {ColumnType::DOUBLE, {"DOUBLE"}},
      {ColumnType::BIT, {"BIT"}},
      {ColumnType::YEAR, {"YEAR"}},
      {ColumnType::DATE, {"DATE"}},
      {ColumnType::NEWDATE, {"DATE"}},
      {ColumnType::TIME, {"TIME"}},
      {ColumnType::TIME2, {"TIME"}},
      {ColumnType::DATETIME, {"DATETIME"}},
      {ColumnType::DATETIME2, {"DATETIME"}},
      {ColumnType::TIMESTAMP, {"TIMESTAMP"}},
      {ColumnType::TIMESTAMP2, {"TIMESTAMP"}},
      {ColumnType::ENUM, {"ENUM"}},
      {ColumnType::SET, {"SET"}},
      {ColumnType::JSON, {"JSON"}},
      {ColumnType::VECTOR, {"VECTOR"}},
      {ColumnType::GEOMETRY,
       {"GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON",
        "GEOMETRYCOLLECTION", "GEOMCOLLECTION"}},
      {ColumnType::VARCHAR, {"VARCHAR", "VARBINARY"}},
      {ColumnType::VAR_STRING, {"VARCHAR", "VARBINARY"}},
      {ColumnType::BLOB,
       {"TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB", "JSON"}},
  };
  auto it = types.find(t);
  return it == types.end() ? nullptr : &it->second;
}

bool same_family(ColumnType binlog_type, const schema_history::Column& c) {
  const auto* names = catalog_types(binlog_type);
  if (names == nullptr) return true;
  return names->count(c.type_name) > 0;
}

std::string describe(const binlog::ColumnInfo& c) {
  return "`" + c.name + "` " + std::string(binlog::column_type_name(c.type));
}

std::string describe(const schema_history::Column& c) { return "`" + c.name + "` " + c.type_name; }

bool is_text_type(const std::string& type) {
  return type == "CHAR" || type == "VARCHAR" || type.find("TEXT") != std::string::npos || type == "ENUM" ||
         type == "SET";
}

bool is_numeric_type(const std::string& type) {
  static const std::set<std::string> numeric = {"TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT",
                                                "DECIMAL", "FLOAT",    "DOUBLE",    "BOOL", "BOOLEAN"};
  return numeric.count(type) > 0;
}

}  // namespace

uint16_t collation_of_charset(const std::string& charset) {
  static const std::map<std::string, uint16_t> by_name = [] {
    std::map<std::string, uint16_t> m;
    for (uint32_t id = 1; id < 1024; ++id) {
      const std::string_view name = binlog::charset_name(static_cast<uint16_t>(id));
      if (!name.empty()) m.emplace(std::string(name), static_cast<uint16_t>(id));
    }
    return m;
  }();
  std::string name = charset;
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (name == "utf8") name = "utf8mb3";
  auto it = by_name.find(name);
  if (it == by_name.end() && name == "utf8mb3") it = by_name.find("utf8");
  return it == by_name.end() ? 0 : it->second;
}

Result<binlog::TableMap> complete_table_map(const binlog::TableMap& map, const schema_history::Table* table,
                                            std::vector<std::string>& mismatches) {
  const std::string name = map.database + "." + map.table;
  if (map.has_column_names) {
    // The binlog's own metadata decodes the rows; the catalog is only checked against it.
    if (table == nullptr) {
      mismatches.push_back("the schema history does not know the table");
      return map;
    }
    if (table->columns.size() != map.columns.size()) {
      mismatches.push_back("binlog has " + std::to_string(map.columns.size()) + " columns, catalog " +
                           std::to_string(table->columns.size()));
    }
    const size_t n = std::min(table->columns.size(), map.columns.size());
    for (size_t i = 0; i < n; ++i) {
      const auto& b = map.columns[i];
      const auto& c = table->columns[i];
      if (!iequals(b.name, c.name) || !same_family(b.type, c)) {
        mismatches.push_back("column " + std::to_string(i + 1) + ": binlog " + describe(b) + ", catalog " + describe(c));
      }
    }
    if (!map.primary_key.empty() || !mismatches.empty()) return map;
    // No primary key: Debezium keys events by the first UNIQUE index of NOT NULL columns.
    binlog::TableMap out = map;
    for (const auto& key : table->key_columns()) {
      const int index = table->column_index(key);
      if (index >= 0) out.primary_key.push_back(static_cast<uint32_t>(index));
    }
    return out;
  }

  if (table == nullptr) {
    return Error{std::make_error_code(std::errc::invalid_argument),
                 "table " + name +
                     ": the binlog carries no column names (binlog_row_metadata is not FULL) and the schema history "
                     "has no definition of the table at this position"};
  }
  if (table->columns_incomplete) {
    return Error{std::make_error_code(std::errc::invalid_argument),
                 "table " + name +
                     " was created by CREATE TABLE ... SELECT, whose columns only the server knows; with "
                     "binlog_row_metadata=FULL the binlog names them"};
  }
  if (table->columns.size() != map.columns.size()) {
    return Error{std::make_error_code(std::errc::invalid_argument),
                 "table " + name + ": the binlog has " + std::to_string(map.columns.size()) +
                     " columns but the schema history knows " + std::to_string(table->columns.size()) +
                     "; the history does not match the binlog at this position"};
  }
  binlog::TableMap out = map;
  out.has_column_names = true;
  for (size_t i = 0; i < out.columns.size(); ++i) {
    auto& b = out.columns[i];
    const auto& c = table->columns[i];
    if (!same_family(b.type, c)) {
      return Error{std::make_error_code(std::errc::invalid_argument),
                   "table " + name + " column " + std::to_string(i + 1) + ": the binlog logs type " +
                       std::string(binlog::column_type_name(b.type)) + " but the schema history has " + describe(c) +
                       "; the history does not match the binlog at this position"};
    }
    b.name = c.name;
    if (b.enum_values.empty()) b.enum_values = c.enum_values;
    // MINIMAL metadata may omit the geometry type; POINT maps to Debezium's Point struct.
    if (b.type == ColumnType::GEOMETRY && b.geometry_type == 0 && c.type_name == "POINT") b.geometry_type = 1;
    if (!b.is_unsigned && is_numeric_type(c.type_name)) b.is_unsigned = c.is_unsigned;
    if (b.collation == 0) {
      // No charset metadata either (older servers): the catalog's charset decides.
      if (is_text_type(c.type_name)) {
        b.collation = collation_of_charset(c.charset.empty() ? table->default_charset : c.charset);
      } else if (c.type_name == "BINARY" || c.type_name == "VARBINARY" || c.type_name.find("BLOB") != std::string::npos) {
        b.collation = 63;  // binary
      }
    }
  }
  if (out.primary_key.empty()) {
    for (const auto& key : table->key_columns()) {
      const int index = table->column_index(key);
      if (index >= 0) out.primary_key.push_back(static_cast<uint32_t>(index));
    }
  }
  return out;
}

}  // namespace cdc
