// Debezium tableChanges table JSON, written straight to a string.
#include "schema_history/table_json.h"

#include <cstdio>

#include "charsets.h"
#include "text_util.h"

namespace schema_history {

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

int jdbc_type(const Column& c) {
  // Debezium's MySQL DDL parser type table (java.sql.Types).
  const std::string& t = c.type_name;
  if (t == "BIT") return -7;
  if (t == "TINYINT" || t == "SMALLINT") return 5;
  if (t == "MEDIUMINT" || t == "INT" || t == "YEAR") return 4;
  if (t == "BIGINT") return -5;
  if (t == "FLOAT") return 6;
  if (t == "DOUBLE") return 8;
  if (t == "DECIMAL") return 3;
  if (t == "DATE") return 91;
  if (t == "TIME") return 92;
  if (t == "DATETIME") return 93;
  if (t == "TIMESTAMP") return 2014;  // TIMESTAMP_WITH_TIMEZONE
  if (t == "CHAR" || t == "ENUM" || t == "SET") return 1;
  if (t == "VARCHAR" || t == "TINYTEXT" || t == "TEXT" || t == "MEDIUMTEXT" || t == "LONGTEXT") {
    return 12;
  }
  if (t == "BINARY") return -2;
  if (t == "VARBINARY") return -3;
  if (t == "TINYBLOB" || t == "BLOB" || t == "MEDIUMBLOB" || t == "LONGBLOB") return 2004;
  return 1111;  // OTHER: JSON, spatial types, VECTOR, INET4/6, UUID
}

namespace {

void append_optional_number(std::string& out, bool present, uint64_t v) {
  if (present) {
    out += std::to_string(v);
  } else {
    out += "null";
  }
}

}  // namespace

void append_table_json(std::string& out, const Table& table) {
  const std::vector<std::string> key = table.key_columns();
  out += "{\"defaultCharsetName\":";
  if (table.default_charset.empty()) {
    out += "null";
  } else {
    append_json_string(out, table.default_charset);
  }
  out += ",\"primaryKeyColumnNames\":[";
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0) out.push_back(',');
    // The column's own spelling, as Debezium keeps it.
    const Column* c = table.find_column(key[i]);
    append_json_string(out, c != nullptr ? c->name : key[i]);
  }
  out += "],\"columns\":[";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const Column& c = table.columns[i];
    if (i > 0) out.push_back(',');
    std::string type = c.type_name;
    if (c.is_unsigned) type += " UNSIGNED";
    if (c.zerofill) type += " ZEROFILL";
    bool is_key = false;
    for (const auto& k : key) is_key = is_key || iequals(k, c.name);
    out += "{\"name\":";
    append_json_string(out, c.name);
    out += ",\"jdbcType\":" + std::to_string(jdbc_type(c));
    out += ",\"nativeType\":null,\"typeName\":";
    append_json_string(out, type);
    out += ",\"typeExpression\":";
    append_json_string(out, type);
    out += ",\"charsetName\":";
    if (is_string_type(c.type_name) && !c.charset.empty()) {
      append_json_string(out, c.charset);
    } else {
      out += "null";
    }
    // Debezium gives ENUM length 1 and SET the length of all members joined with commas.
    const bool is_enum = c.type_name == "ENUM";
    const bool is_set = c.type_name == "SET";
    out += ",\"length\":";
    if (is_enum) {
      out += "1";
    } else if (is_set) {
      out += std::to_string(c.enum_values.empty() ? 0 : c.enum_values.size() * 2 - 1);
    } else {
      append_optional_number(out, c.length.has_value(), c.length.value_or(0));
    }
    out += ",\"scale\":";
    append_optional_number(out, c.scale.has_value(), c.scale.value_or(0));
    out += ",\"position\":" + std::to_string(i + 1);
    out += ",\"optional\":";
    out += (c.nullable && !is_key) ? "true" : "false";
    out += ",\"autoIncremented\":";
    out += c.auto_increment ? "true" : "false";
    // Debezium marks AUTO_INCREMENT columns as generated (and not computed columns).
    out += ",\"generated\":";
    out += c.auto_increment ? "true" : "false";
    if (is_enum || is_set) {
      // Debezium keeps the members as written, quotes included.
      out += ",\"enumValues\":[";
      for (size_t k = 0; k < c.enum_values.size(); ++k) {
        if (k > 0) out.push_back(',');
        std::string quoted = "'";
        for (char ch : c.enum_values[k]) {
          if (ch == '\'') quoted += "''";
          else quoted.push_back(ch);
        }
        quoted += "'";
        append_json_string(out, quoted);
      }
      out += "]";
    }
    out += "}";
  }
  out += "]}";
}

}  // namespace schema_history
