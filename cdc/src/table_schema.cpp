#include "table_schema.h"

#include <cctype>
#include <cstdlib>
#include <cstring>

#include "json_out.h"
#include "temporal.h"

namespace cdc {
namespace {

using binlog::ColumnInfo;
using binlog::ColumnType;
using binlog::Value;
using binlog::ValueKind;

Error schema_error(const binlog::TableMap& t, const std::string& what) {
  return Error{std::make_error_code(std::errc::not_supported),
               "table " + t.database + "." + t.table + ": " + what};
}

bool is_binary_collation(uint16_t c) { return c == 63; }

// GEOMETRY_TYPE metadata of TABLE_MAP (MySQL's Field::geometry_type): 1 = POINT.
constexpr uint32_t kGeometryPoint = 1;

// Text columns whose bytes are already UTF-8 need no conversion per value.
FieldKind text_kind(uint16_t collation) {
  const std::string_view cs = binlog::charset_name(collation);
  return collation == 0 || cs == "utf8mb4" || cs == "utf8mb3" || cs == "ascii" ? FieldKind::string
                                                                                 : FieldKind::string_convert;
}

std::string quoted(std::string_view s) {
  std::string out;
  json::append_escaped(out, s);
  return out;
}

uint32_t bit_width(const ColumnInfo& c) {
  // TABLE_MAP metadata for BIT: low byte = bits % 8, high byte = whole bytes.
  uint32_t bits = (c.meta >> 8) * 8 + (c.meta & 0xff);
  return bits == 0 ? 1 : bits;
}

// Connect schema JSON for one field, in JsonConverter's key order:
// type, [fields|items], optional, name, version, doc, parameters, default, field.
struct SchemaText {
  std::string type;
  std::string extra;  // fields/items, already formatted with a leading comma
  std::string name;
  int version = 0;
  std::string doc;
  std::vector<std::pair<std::string, std::string>> parameters;

  std::string render(bool optional, const std::string& field) const {
    std::string out = "{\"type\":" + quoted(type) + extra + ",\"optional\":" + (optional ? "true" : "false");
    if (!name.empty()) out += ",\"name\":" + quoted(name);
    if (version != 0) out += ",\"version\":" + std::to_string(version);
    if (!doc.empty()) out += ",\"doc\":" + quoted(doc);
    if (!parameters.empty()) {
      out += ",\"parameters\":{";
      for (size_t i = 0; i < parameters.size(); ++i) {
        if (i > 0) out += ",";
        out += quoted(parameters[i].first) + ":" + quoted(parameters[i].second);
      }
      out += "}";
    }
    if (!field.empty()) out += ",\"field\":" + quoted(field);
    out += "}";
    return out;
  }
};

// Debezium's `allowed` parameter: the values separated by commas, a comma inside a value
// escaped with a backslash (BinlogEnumColumnIT: 'a,b' -> `a\,b`).
std::string join_values(const std::vector<std::string>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ",";
    for (char ch : values[i]) {
      if (ch == ',') out.push_back('\\');
      out.push_back(ch);
    }
  }
  return out;
}

// `key_field`: key schemas never have optional fields, whatever the column's nullability.
Result<FieldPlan> plan_field(const binlog::TableMap& t, uint32_t index, const ConnectorConfig& config,
                             bool key_field = false) {
  const ColumnInfo& c = t.columns[index];
  FieldPlan f;
  f.column = index;
  f.name = c.name;
  f.optional = c.nullable && !key_field;
  SchemaText s;
  const bool is_unsigned = c.is_unsigned.value_or(false);
  auto binary_field = [&] {
    switch (config.binary_handling) {
      case BinaryHandling::bytes: f.kind = FieldKind::bytes; s.type = "bytes"; break;
      default: f.kind = FieldKind::bytes; s.type = "string"; break;
    }
  };
  switch (c.type) {
    case ColumnType::TINY:
      f.kind = is_unsigned ? FieldKind::int16 : FieldKind::int8;
      s.type = is_unsigned ? "int16" : "int8";
      break;
    case ColumnType::SHORT:
      f.kind = is_unsigned ? FieldKind::int32 : FieldKind::int16;
      s.type = is_unsigned ? "int32" : "int16";
      break;
    case ColumnType::INT24:
      f.kind = FieldKind::int32;
      s.type = "int32";
      break;
    case ColumnType::LONG:
      f.kind = is_unsigned ? FieldKind::int64 : FieldKind::int32;
      s.type = is_unsigned ? "int64" : "int32";
      break;
    case ColumnType::LONGLONG:
      if (is_unsigned && config.bigint_unsigned_handling == BigintUnsignedHandling::precise) {
        f.kind = FieldKind::uint64_as_decimal;
        s.type = "bytes";
        s.name = "org.apache.kafka.connect.data.Decimal";
        s.version = 1;
        s.parameters = {{"scale", "0"}, {"connect.decimal.precision", "20"}};
      } else {
        f.kind = is_unsigned ? FieldKind::uint64_as_int64 : FieldKind::int64;
        s.type = "int64";
      }
      break;
    // JsonConverter names FLOAT32 "float" and FLOAT64 "double" in schemas.
    case ColumnType::FLOAT:
      f.kind = FieldKind::float32;
      s.type = "float";
      break;
    case ColumnType::DOUBLE:
      f.kind = FieldKind::float64;
      s.type = "double";
      break;
    case ColumnType::NEWDECIMAL: {
      const unsigned precision = c.meta >> 8, scale = c.meta & 0xff;
      switch (config.decimal_handling) {
        case DecimalHandling::precise:
          f.kind = FieldKind::decimal_bytes;
          s.type = "bytes";
          s.name = "org.apache.kafka.connect.data.Decimal";
          s.version = 1;
          s.parameters = {{"scale", std::to_string(scale)}, {"connect.decimal.precision", std::to_string(precision)}};
          break;
        case DecimalHandling::double_:
          f.kind = FieldKind::decimal_double;
          s.type = "double";
          break;
        case DecimalHandling::string:
          f.kind = FieldKind::decimal_string;
          s.type = "string";
          break;
      }
      break;
    }
    case ColumnType::YEAR:
      f.kind = FieldKind::year;
      s.type = "int32";
      s.name = "io.debezium.time.Year";
      s.version = 1;
      break;
    case ColumnType::DATE:
    case ColumnType::NEWDATE:
      f.kind = FieldKind::date;
      s.type = "int32";
      s.name = "io.debezium.time.Date";
      s.version = 1;
      break;
    case ColumnType::TIME:
    case ColumnType::TIME2:
      f.kind = FieldKind::time_micros;
      s.type = "int64";
      s.name = "io.debezium.time.MicroTime";
      s.version = 1;
      break;
    case ColumnType::DATETIME:
    case ColumnType::DATETIME2: {
      const unsigned fsp = c.type == ColumnType::DATETIME2 ? c.meta : 0;
      f.kind = fsp <= 3 ? FieldKind::timestamp_millis : FieldKind::timestamp_micros;
      s.type = "int64";
      s.name = fsp <= 3 ? "io.debezium.time.Timestamp" : "io.debezium.time.MicroTimestamp";
      s.version = 1;
      break;
    }
    case ColumnType::TIMESTAMP:
    case ColumnType::TIMESTAMP2:
      f.kind = FieldKind::zoned_timestamp;
      s.type = "string";
      s.name = "io.debezium.time.ZonedTimestamp";
      s.version = 1;
      break;
    case ColumnType::BIT: {
      const uint32_t bits = bit_width(c);
      if (bits == 1) {
        f.kind = FieldKind::boolean_bit;
        s.type = "boolean";
      } else {
        f.kind = FieldKind::bits;
        s.type = "bytes";
        s.name = "io.debezium.data.Bits";
        s.version = 1;
        s.parameters = {{"length", std::to_string(bits)}};
      }
      break;
    }
    case ColumnType::ENUM:
    case ColumnType::SET:
      if (c.enum_values.empty()) {
        return schema_error(t, "column " + std::to_string(index + 1) + " (" + c.name +
                                   ") is an ENUM/SET but the binlog carries no values for it; set binlog_row_metadata=FULL");
      }
      f.kind = c.type == ColumnType::ENUM ? FieldKind::enum_ : FieldKind::set;
      s.type = "string";
      s.name = c.type == ColumnType::ENUM ? "io.debezium.data.Enum" : "io.debezium.data.EnumSet";
      s.version = 1;
      s.parameters = {{"allowed", join_values(c.enum_values)}};
      break;
    case ColumnType::VARCHAR:
    case ColumnType::VAR_STRING:
    case ColumnType::STRING:
      if (is_binary_collation(c.collation)) {
        binary_field();
      } else {
        f.kind = text_kind(c.collation);
        s.type = "string";
      }
      break;
    case ColumnType::TINY_BLOB:
    case ColumnType::MEDIUM_BLOB:
    case ColumnType::LONG_BLOB:
    case ColumnType::BLOB:
      if (c.collation == 0 || is_binary_collation(c.collation)) {
        binary_field();
      } else {
        f.kind = text_kind(c.collation);
        s.type = "string";
      }
      break;
    case ColumnType::JSON:
      f.kind = FieldKind::json_text;
      s.type = "string";
      s.name = "io.debezium.data.Json";
      s.version = 1;
      break;
    case ColumnType::GEOMETRY:
      if (c.geometry_type == kGeometryPoint) {
        // Debezium keeps POINT columns as io.debezium.data.geometry.Point {x, y, wkb, srid}.
        f.kind = FieldKind::point;
        s.type = "struct";
        s.extra = ",\"fields\":[{\"type\":\"double\",\"optional\":false,\"field\":\"x\"},"
                  "{\"type\":\"double\",\"optional\":false,\"field\":\"y\"},"
                  "{\"type\":\"bytes\",\"optional\":true,\"field\":\"wkb\"},"
                  "{\"type\":\"int32\",\"optional\":true,\"field\":\"srid\"}]";
        s.name = "io.debezium.data.geometry.Point";
        s.version = 1;
        s.doc = "Geometry (POINT)";
        break;
      }
      f.kind = FieldKind::geometry;
      s.type = "struct";
      s.extra = ",\"fields\":[{\"type\":\"bytes\",\"optional\":false,\"field\":\"wkb\"},"
                "{\"type\":\"int32\",\"optional\":true,\"field\":\"srid\"}]";
      s.name = "io.debezium.data.geometry.Geometry";
      s.version = 1;
      s.doc = "Geometry";
      break;
    case ColumnType::VECTOR:
      f.kind = FieldKind::float_vector;
      s.type = "array";
      s.extra = ",\"items\":{\"type\":\"float\",\"optional\":false}";
      s.name = "io.debezium.data.FloatVector";
      s.version = 1;
      break;
    default:
      return schema_error(t, "column " + std::to_string(index + 1) + " (" + c.name + ") has type " +
                                 std::string(binlog::column_type_name(c.type)) + ", which is not supported");
  }
  f.schema_json = s.render(f.optional, f.name);
  return f;
}

std::string struct_schema(const std::vector<FieldPlan>& fields, bool optional, const std::string& name,
                          const std::string& field) {
  std::string out = "{\"type\":\"struct\",\"fields\":[";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ",";
    out += fields[i].schema_json;
  }
  out += "],\"optional\":";
  out += optional ? "true" : "false";
  out += ",\"name\":" + quoted(name);
  if (!field.empty()) out += ",\"field\":" + quoted(field);
  out += "}";
  return out;
}

bool is_zero_date(const Value& v) { return v.year == 0 || v.month == 0 || v.day == 0; }

}  // namespace

std::string source_schema_json(const std::string& flavor) {
  return "{\"type\":\"struct\",\"fields\":["
         "{\"type\":\"string\",\"optional\":false,\"field\":\"version\"},"
         "{\"type\":\"string\",\"optional\":false,\"field\":\"connector\"},"
         "{\"type\":\"string\",\"optional\":false,\"field\":\"name\"},"
         "{\"type\":\"int64\",\"optional\":false,\"field\":\"ts_ms\"},"
         "{\"type\":\"string\",\"optional\":true,\"name\":\"io.debezium.data.Enum\",\"version\":1,"
         "\"parameters\":{\"allowed\":\"true,first,first_in_data_collection,last_in_data_collection,last,false,incremental\"},"
         "\"default\":\"false\",\"field\":\"snapshot\"},"
         "{\"type\":\"string\",\"optional\":false,\"field\":\"db\"},"
         "{\"type\":\"string\",\"optional\":true,\"field\":\"sequence\"},"
         "{\"type\":\"int64\",\"optional\":true,\"field\":\"ts_us\"},"
         "{\"type\":\"int64\",\"optional\":true,\"field\":\"ts_ns\"},"
         "{\"type\":\"string\",\"optional\":true,\"field\":\"table\"},"
         "{\"type\":\"int64\",\"optional\":false,\"field\":\"server_id\"},"
         "{\"type\":\"string\",\"optional\":true,\"field\":\"gtid\"},"
         "{\"type\":\"string\",\"optional\":false,\"field\":\"file\"},"
         "{\"type\":\"int64\",\"optional\":false,\"field\":\"pos\"},"
         "{\"type\":\"int32\",\"optional\":false,\"field\":\"row\"},"
         "{\"type\":\"int64\",\"optional\":true,\"field\":\"thread\"},"
         "{\"type\":\"string\",\"optional\":true,\"field\":\"query\"}],"
         "\"optional\":false,\"name\":\"io.debezium.connector." +
         flavor + ".Source\",\"field\":\"source\"}";
}

std::string sanitize_topic_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (std::isalnum(c) != 0 || c == '.' || c == '_' || c == '-') {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    // One '_' per UTF-16 unit, as Debezium (Java strings) replaces them: two for a character
    // outside the BMP (4-byte UTF-8), one for anything else.
    size_t len = 1;
    if (c >= 0xF0 && c <= 0xF4) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC2) len = 2;
    if (i + len > name.size()) len = 1;
    out += len == 4 ? "__" : "_";
    i += len;
  }
  return out.size() > 249 ? out.substr(0, 249) : out;  // Kafka's limit for topic names
}

std::string decimal_unscaled_bytes(std::string_view text) {
  bool negative = false;
  std::string digits;
  digits.reserve(text.size());
  for (char ch : text) {
    if (ch == '-') negative = true;
    else if (ch >= '0' && ch <= '9') digits.push_back(static_cast<char>(ch - '0'));
  }
  // Repeated division of the decimal digit string by 256 yields the big-endian magnitude.
  std::string magnitude;  // little-endian while building
  size_t start = 0;
  while (start < digits.size() && digits[start] == 0) ++start;
  while (start < digits.size()) {
    unsigned remainder = 0;
    for (size_t i = start; i < digits.size(); ++i) {
      unsigned cur = remainder * 10 + static_cast<unsigned>(digits[i]);
      digits[i] = static_cast<char>(cur / 256);
      remainder = cur % 256;
    }
    magnitude.push_back(static_cast<char>(remainder));
    while (start < digits.size() && digits[start] == 0) ++start;
  }
  std::string out(magnitude.rbegin(), magnitude.rend());
  if (out.empty()) return std::string(1, '\0');
  if (!negative) {
    if (static_cast<unsigned char>(out[0]) & 0x80) out.insert(out.begin(), '\0');
    return out;
  }
  // Two's complement: invert and add one.
  for (auto& ch : out) ch = static_cast<char>(~static_cast<unsigned char>(ch));
  for (size_t i = out.size(); i-- > 0;) {
    auto b = static_cast<unsigned char>(out[i]);
    out[i] = static_cast<char>(b + 1);
    if (b != 0xff) break;
  }
  if (!(static_cast<unsigned char>(out[0]) & 0x80)) out.insert(out.begin(), static_cast<char>(0xff));
  return out;
}

Result<std::shared_ptr<const TableSchema>> TableSchema::build(const binlog::TableMap& t, const ConnectorConfig& config) {
  auto schema = std::make_shared<TableSchema>();
  schema->config_ = &config;
  schema->database_ = t.database;
  schema->table_ = t.table;
  schema->topic_ = sanitize_topic_name(config.topic_prefix + "." + t.database + "." + t.table);
  schema->columns_ = t.columns;
  if (!t.has_column_names) {
    return schema_error(t, "no column names: neither the binlog (binlog_row_metadata=FULL) nor the schema history "
                           "names them");
  }
  for (uint32_t i = 0; i < t.columns.size(); ++i) {
    auto f = plan_field(t, i, config);
    if (!f) return f.error();
    schema->fields_.push_back(std::move(*f));
  }
  for (uint32_t pk : t.primary_key) {
    if (pk >= schema->fields_.size()) return schema_error(t, "primary key column index out of range");
    auto key = plan_field(t, pk, config, /*key_field=*/true);
    if (!key) return key.error();
    schema->key_fields_.push_back(std::move(*key));
  }
  const std::string prefix = config.topic_prefix + "." + t.database + "." + t.table;
  if (!schema->key_fields_.empty()) {
    schema->key_schema_ = std::make_shared<const std::string>(struct_schema(schema->key_fields_, false, prefix + ".Key", ""));
  }
  std::string envelope = "{\"type\":\"struct\",\"fields\":[";
  envelope += struct_schema(schema->fields_, true, prefix + ".Value", "before") + ",";
  envelope += struct_schema(schema->fields_, true, prefix + ".Value", "after") + ",";
  envelope += source_schema_json(config.flavor) + ",";
  envelope +=
      "{\"type\":\"string\",\"optional\":false,\"field\":\"op\"},"
      "{\"type\":\"int64\",\"optional\":true,\"field\":\"ts_ms\"},"
      "{\"type\":\"int64\",\"optional\":true,\"field\":\"ts_us\"},"
      "{\"type\":\"int64\",\"optional\":true,\"field\":\"ts_ns\"},"
      "{\"type\":\"struct\",\"fields\":["
      "{\"type\":\"string\",\"optional\":false,\"field\":\"id\"},"
      "{\"type\":\"int64\",\"optional\":false,\"field\":\"total_order\"},"
      "{\"type\":\"int64\",\"optional\":false,\"field\":\"data_collection_order\"}],"
      "\"optional\":true,\"name\":\"event.block\",\"version\":1,\"field\":\"transaction\"}],"
      "\"optional\":false,\"name\":" +
      quoted(prefix + ".Envelope") + ",\"version\":2}";
  schema->envelope_schema_ = std::make_shared<const std::string>(std::move(envelope));
  return std::shared_ptr<const TableSchema>(std::move(schema));
}

Result<void> TableSchema::write_key(const binlog::Row& row, std::string& out) const {
  return write_fields(key_fields_, row, out, nullptr);
}

Result<void> TableSchema::write_row(const binlog::Row& row, std::string& out, const binlog::Row* before) const {
  return write_fields(fields_, row, out, before);
}

Result<void> TableSchema::write_fields(const std::vector<FieldPlan>& fields, const binlog::Row& row,
                                       std::string& out, const binlog::Row* before) const {
  out.push_back('{');
  for (size_t i = 0; i < fields.size(); ++i) {
    const FieldPlan& f = fields[i];
    if (i > 0) out.push_back(',');
    json::append_escaped(out, f.name);
    out.push_back(':');
    if (f.column >= row.values.size()) {
      return Error{std::make_error_code(std::errc::invalid_argument),
                   "row image of " + database_ + "." + table_ + " has fewer columns than its TABLE_MAP"};
    }
    const Value& v = row.values[f.column];
    if (v.is_null()) {
      out += "null";
      continue;
    }
    const binlog::Value* before_value =
        before != nullptr && f.column < before->values.size() ? &before->values[f.column] : nullptr;
    auto r = write_value(f, v, out, before_value);
    if (!r) return r;
  }
  out.push_back('}');
  return {};
}

bool TableSchema::key_changed(const binlog::Row& before, const binlog::Row& after) const {
  std::string a, b;
  for (const auto& f : key_fields_) {
    a.clear();
    b.clear();
    const Value& x = before.values[f.column];
    const Value& y = after.values[f.column];
    if (x.is_null() != y.is_null()) return true;
    if (x.is_null()) continue;
    if (!write_value(f, x, a) || !write_value(f, y, b)) return true;
    if (a != b) return true;
  }
  return false;
}

Result<void> TableSchema::write_value(const FieldPlan& f, const Value& v, std::string& out,
                                      const Value* before) const {
  const ColumnInfo& c = columns_[f.column];
  auto write_binary = [&](std::string_view bytes) {
    switch (config_->binary_handling) {
      case BinaryHandling::bytes:
      case BinaryHandling::base64:
        out.push_back('"');
        json::append_base64(out, bytes);
        out.push_back('"');
        break;
      case BinaryHandling::base64_url_safe:
        out.push_back('"');
        json::append_base64(out, bytes, true);
        out.push_back('"');
        break;
      case BinaryHandling::hex:
        out.push_back('"');
        json::append_hex(out, bytes);
        out.push_back('"');
        break;
    }
  };
  auto integer = [&]() -> int64_t { return v.kind == ValueKind::uint64 ? static_cast<int64_t>(v.u) : v.i; };
  switch (f.kind) {
    case FieldKind::int8:
    case FieldKind::int16:
    case FieldKind::int32:
    case FieldKind::int64:
      json::append_int(out, integer());
      return {};
    case FieldKind::uint64_as_int64:
      // Debezium's "long" mode: values above 2^63-1 wrap, as Java's long does.
      json::append_int(out, static_cast<int64_t>(v.kind == ValueKind::uint64 ? v.u : static_cast<uint64_t>(v.i)));
      return {};
    case FieldKind::uint64_as_decimal: {
      std::string text = std::to_string(v.kind == ValueKind::uint64 ? v.u : static_cast<uint64_t>(v.i));
      out.push_back('"');
      json::append_base64(out, decimal_unscaled_bytes(text));
      out.push_back('"');
      return {};
    }
    case FieldKind::float32:
      json::append_float(out, v.kind == ValueKind::float32 ? v.f : static_cast<float>(v.d));
      return {};
    case FieldKind::float64:
      json::append_float(out, v.kind == ValueKind::float64 ? v.d : static_cast<double>(v.f));
      return {};
    case FieldKind::decimal_bytes:
      out.push_back('"');
      json::append_base64(out, decimal_unscaled_bytes(v.text()));
      out.push_back('"');
      return {};
    case FieldKind::decimal_double: {
      std::string text(v.text());
      json::append_float(out, std::strtod(text.c_str(), nullptr));
      return {};
    }
    case FieldKind::decimal_string:
      json::append_escaped(out, v.text());
      return {};
    case FieldKind::string:
      json::append_escaped(out, v.bytes);
      return {};
    case FieldKind::string_convert: {
      std::string utf8;
      binlog::append_utf8(utf8, v.bytes, c.collation);
      json::append_escaped(out, utf8);
      return {};
    }
    case FieldKind::bytes:
      if (c.type == ColumnType::STRING && v.bytes.size() < c.max_length() && c.max_length() <= 255) {
        // BINARY(n): the binlog drops trailing 0x00 bytes; Debezium pads them back (DBZ-254).
        char padded[255] = {};
        if (!v.bytes.empty()) std::memcpy(padded, v.bytes.data(), v.bytes.size());  // empty: data() may be null
        write_binary(std::string_view(padded, c.max_length()));
        return {};
      }
      write_binary(v.bytes);
      return {};
    case FieldKind::enum_: {
      uint64_t index = v.kind == ValueKind::uint64 ? v.u : static_cast<uint64_t>(v.i);
      if (index == 0) {
        out += "\"\"";
      } else if (index <= c.enum_values.size()) {
        json::append_escaped(out, c.enum_values[index - 1]);
      } else {
        return Error{std::make_error_code(std::errc::result_out_of_range),
                     database_ + "." + table_ + "." + f.name + ": ENUM index " + std::to_string(index) + " out of range"};
      }
      return {};
    }
    case FieldKind::set: {
      uint64_t mask = v.kind == ValueKind::uint64 ? v.u : static_cast<uint64_t>(v.i);
      std::string joined;
      for (size_t i = 0; i < c.enum_values.size() && i < 64; ++i) {
        if (mask & (uint64_t{1} << i)) {
          if (!joined.empty()) joined.push_back(',');
          joined += c.enum_values[i];
        }
      }
      json::append_escaped(out, joined);
      return {};
    }
    case FieldKind::boolean_bit:
      out += (v.kind == ValueKind::uint64 ? v.u : static_cast<uint64_t>(v.i)) != 0 ? "true" : "false";
      return {};
    case FieldKind::bits: {
      // io.debezium.data.Bits: little-endian bytes, ceil(n/8) of them.
      const uint32_t bits = bit_width(c);
      const uint64_t x = v.kind == ValueKind::uint64 ? v.u : static_cast<uint64_t>(v.i);
      char buf[8];
      const size_t n = (bits + 7) / 8;
      for (size_t i = 0; i < n; ++i) buf[i] = static_cast<char>((x >> (8 * i)) & 0xff);
      out.push_back('"');
      json::append_base64(out, std::string_view(buf, n));
      out.push_back('"');
      return {};
    }
    case FieldKind::year:
      json::append_int(out, integer());
      return {};
    case FieldKind::date:
      if (is_zero_date(v)) {
        out += f.optional ? "null" : "0";
        return {};
      }
      json::append_int(out, days_from_civil(v.year, v.month, v.day));
      return {};
    case FieldKind::time_micros: {
      int64_t micros = (int64_t{v.hour} * 3600 + int64_t{v.minute} * 60 + v.second) * 1000000 + v.micros;
      json::append_int(out, v.negative ? -micros : micros);
      return {};
    }
    case FieldKind::timestamp_millis:
    case FieldKind::timestamp_micros: {
      if (is_zero_date(v)) {
        out += f.optional ? "null" : "0";
        return {};
      }
      int64_t seconds = days_from_civil(v.year, v.month, v.day) * 86400 + int64_t{v.hour} * 3600 +
                        int64_t{v.minute} * 60 + v.second;
      if (f.kind == FieldKind::timestamp_millis) {
        json::append_int(out, seconds * 1000 + v.micros / 1000);
      } else {
        json::append_int(out, seconds * 1000000 + v.micros);
      }
      return {};
    }
    case FieldKind::zoned_timestamp:
      if (v.epoch_seconds == 0 && v.micros == 0) {
        // MySQL's zero TIMESTAMP ('0000-00-00 00:00:00') is stored as 0.
        if (f.optional) {
          out += "null";
          return {};
        }
      }
      out.push_back('"');
      append_zoned_timestamp(out, v.epoch_seconds, v.micros, c.type == ColumnType::TIMESTAMP2 ? c.meta : 0);
      out.push_back('"');
      return {};
    case FieldKind::json_text: {
      if (c.type != ColumnType::JSON) {  // MariaDB's JSON is LONGTEXT: already text
        json::append_escaped(out, v.bytes);
        return {};
      }
      // MySQL's binary JSON, or with PARTIAL_JSON a diff against the before image, printed
      // the way Debezium prints it so consumers see the same strings.
      std::string text;
      Result<void> r;
      if (v.json_diff) {
        if (before == nullptr || before->is_null()) {
          return Error{std::make_error_code(std::errc::invalid_argument),
                       database_ + "." + table_ + "." + f.name + ": a partial JSON update without a before image"};
        }
        r = binlog::apply_json_diff(before->bytes, v.bytes, text, binlog::JsonFormat::debezium);
      } else {
        r = binlog::json_binary_to_text(v.bytes, text, binlog::JsonFormat::debezium);
      }
      if (!r) return Error{r.error().code, database_ + "." + table_ + "." + f.name + ": " + r.error().message};
      json::append_escaped(out, text);
      return {};
    }
    case FieldKind::geometry:
    case FieldKind::point: {
      // MySQL stores geometry as a 4-byte little-endian SRID followed by WKB.
      if (v.bytes.size() < 4) {
        return Error{std::make_error_code(std::errc::illegal_byte_sequence),
                     database_ + "." + table_ + "." + f.name + ": geometry value shorter than its SRID"};
      }
      const auto* p = reinterpret_cast<const unsigned char*>(v.bytes.data());
      const uint32_t srid = p[0] | (p[1] << 8) | (p[2] << 16) | (uint32_t{p[3]} << 24);
      const std::string_view wkb = v.bytes.substr(4);
      out.push_back('{');
      if (f.kind == FieldKind::point) {
        // WKB of a 2D point: byte order, type 1, x, y (Debezium's Point.parseWKBPoint).
        if (wkb.size() != 21 || (wkb[0] != 0 && wkb[0] != 1)) {
          return Error{std::make_error_code(std::errc::illegal_byte_sequence),
                       database_ + "." + table_ + "." + f.name + ": POINT value is not a 2D point WKB"};
        }
        const bool little = wkb[0] == 1;
        auto read = [&](size_t at, size_t n) {  // n-byte unsigned in the WKB's byte order
          uint64_t x = 0;
          for (size_t i = 0; i < n; ++i) {
            const uint64_t byte = static_cast<unsigned char>(wkb[at + (little ? i : n - 1 - i)]);
            x |= byte << (8 * i);
          }
          return x;
        };
        if (read(1, 4) != 1) {
          return Error{std::make_error_code(std::errc::illegal_byte_sequence),
                       database_ + "." + table_ + "." + f.name + ": POINT value is not a 2D point WKB"};
        }
        double x, y;
        const uint64_t xb = read(5, 8), yb = read(13, 8);
        std::memcpy(&x, &xb, 8);
        std::memcpy(&y, &yb, 8);
        out += "\"x\":";
        json::append_float(out, x);
        out += ",\"y\":";
        json::append_float(out, y);
        out.push_back(',');
      }
      out += "\"wkb\":\"";
      json::append_base64(out, wkb);
      // Debezium's srid is null for SRID 0 (BinlogGeometry.fromBytes).
      out += "\",\"srid\":";
      if (srid == 0) {
        out += "null";
      } else {
        json::append_int(out, srid);
      }
      out.push_back('}');
      return {};
    }
    case FieldKind::float_vector: {
      out.push_back('[');
      for (size_t i = 0; i + 4 <= v.bytes.size(); i += 4) {
        float x;
        std::memcpy(&x, v.bytes.data() + i, 4);
        if (i > 0) out.push_back(',');
        json::append_float(out, x);
      }
      out.push_back(']');
      return {};
    }
  }
  return {};
}

}  // namespace cdc
