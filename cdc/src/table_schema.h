// How one table's rows become Connect data: the key/value/envelope schemas (rendered once per
// TABLE_MAP version) and the payload writers for each column, following Debezium's MySQL type
// mapping under the configured handling modes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "binlog/binlog.h"
#include "common/result.h"
#include "connector_config.h"

namespace cdc {

// How a column's value is written (decided once per table version, not per row).
enum class FieldKind : uint8_t {
  int8, int16, int32, int64, uint64_as_int64, uint64_as_decimal, float32, float64,
  decimal_bytes, decimal_double, decimal_string,
  string,          // UTF-8 already (utf8mb4, utf8mb3, ascii): copied as is
  string_convert,  // another charset: converted to UTF-8
  bytes, enum_, set, boolean_bit, bits,
  date, time_micros, timestamp_millis, timestamp_micros, zoned_timestamp, year,
  json_text, geometry, point, float_vector,
};

struct FieldPlan {
  uint32_t column = 0;  // index in the TABLE_MAP
  FieldKind kind = FieldKind::string;
  bool optional = true;
  std::string name;
  std::string schema_json;  // this field's entry in a struct schema's "fields"
};

class TableSchema {
 public:
  // Builds the plan for a TABLE_MAP; an error names the table and the column that cannot be
  // represented (e.g. missing column names without binlog_row_metadata=FULL).
  static Result<std::shared_ptr<const TableSchema>> build(const binlog::TableMap& table,
                                                          const ConnectorConfig& config);

  const std::string& topic() const { return topic_; }
  const std::string& database() const { return database_; }
  const std::string& table() const { return table_; }
  bool has_key() const { return !key_fields_.empty(); }
  const std::shared_ptr<const std::string>& key_schema() const { return key_schema_; }
  const std::shared_ptr<const std::string>& envelope_schema() const { return envelope_schema_; }

  // `{"id":1001}` from the key columns of a row image.
  Result<void> write_key(const binlog::Row& row, std::string& out) const;
  // `{"id":1001,"first_name":"Sally",...}` for a row image. `before` is the update's before
  // image, which partial JSON values (binlog_row_value_options=PARTIAL_JSON) are applied to.
  Result<void> write_row(const binlog::Row& row, std::string& out, const binlog::Row* before = nullptr) const;
  // True when a key column differs between before and after images.
  bool key_changed(const binlog::Row& before, const binlog::Row& after) const;

 private:
  Result<void> write_fields(const std::vector<FieldPlan>& fields, const binlog::Row& row, std::string& out,
                            const binlog::Row* before) const;
  Result<void> write_value(const FieldPlan& field, const binlog::Value& v, std::string& out,
                           const binlog::Value* before = nullptr) const;

  const ConnectorConfig* config_ = nullptr;
  std::string database_, table_, topic_;
  std::vector<FieldPlan> fields_;
  std::vector<FieldPlan> key_fields_;
  std::vector<binlog::ColumnInfo> columns_;
  std::shared_ptr<const std::string> key_schema_;
  std::shared_ptr<const std::string> envelope_schema_;
};

// The unscaled value of a decimal text ("-12.50" with scale 2 -> -1250) as Java's
// BigInteger.toByteArray() writes it: minimal big-endian two's complement.
std::string decimal_unscaled_bytes(std::string_view text);

// A topic name Kafka accepts: characters outside [A-Za-z0-9._-] become '_' (one per UTF-16
// unit, as Debezium does), at most 249 characters.
std::string sanitize_topic_name(std::string_view name);

// The Connect schema of Debezium's MySQL `source` block for a connector flavour.
std::string source_schema_json(const std::string& flavor);

}  // namespace cdc
