// One record of Debezium's schema history (io.debezium.relational.history.HistoryRecord): the DDL
// statement, where in the binlog it was seen and the tables it changed. Records are stored as one
// JSON object each (a Kafka message, a line of a file) in Debezium's field order:
//
//   {"source":{"server":"dbserver1"},
//    "position":{"ts_sec":1694612319,"file":"binlog.000002","pos":3803,"snapshot":true},
//    "ts_ms":1694612319230,"databaseName":"debezium",
//    "ddl":"CREATE TABLE `t` (...)",
//    "tableChanges":[{"type":"CREATE","id":"\"debezium\".\"t\"","table":{...},"comment":null}]}
//
// `schemaName` follows `databaseName` only when it is set (never for MySQL, whose connector
// records a null schema name that Debezium leaves out).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include "common/result.h"

namespace schema_history {

struct HistoryRecord {
  std::string source_json;    // {"server":"<topic.prefix>"} (raw JSON object text)
  std::string position_json;  // the connector's offset at the statement (raw JSON object text)
  int64_t ts_ms = 0;
  std::string database_name;  // default database of the statement ("" allowed)
  std::string schema_name;    // always empty for MySQL; left out of the JSON when empty
  std::string ddl;
  std::string table_changes_json;  // raw JSON array text ("[]" when none)

  bool operator==(const HistoryRecord&) const = default;
};

// One JSON object on one line (no line breaks, valid UTF-8) in Debezium's field order:
// source, position, ts_ms, databaseName, schemaName (only when non-empty), ddl, tableChanges.
// The raw parts are copied as they are (an empty one is written as {} or []), except that line
// breaks become spaces (JSON allows them only as whitespace there) and bytes that are not UTF-8,
// in any part, become U+FFFD, so every record written can be read back. Precondition: the raw
// parts are valid JSON of their kind.
std::string to_json(const HistoryRecord& record);

// Reads a record written by to_json() or by Debezium. Required: "source" and "position"
// (objects) and "ddl" (a string). Optional: "ts_ms" (an integer; 0 when absent),
// "databaseName"/"schemaName" (string or null; "" when absent), "tableChanges" (array or null;
// "[]" when absent). Other members are ignored. The raw parts come back compact, with member
// order and the text of numbers kept. Errors are HistoryErrc::corrupt_record naming the problem:
// "not valid JSON: <reason> (at byte offset N)", "must be a JSON object", "has no \"ddl\"",
// "\"ts_ms\" must be an integer, not a string", ...
cdc::Result<HistoryRecord> parse_history_record(std::string_view json);

// Errors of the schema history records and their stores.
enum class HistoryErrc {
  corrupt_record = 1,   // stored text that is not a schema history record (incl. a torn last line)
  io_error,             // a file system call failed
  kafka_error,          // Kafka unreachable, or a produce/consume/admin request failed
  invalid_config,       // a missing or invalid schema.history.internal.* setting
  invalid_topic,        // the history topic exists but cannot hold an ordered history
  recovery_incomplete,  // the end of the history was not reached within the recovery attempts
  not_started,          // append() before start() (or after stop())
};

const std::error_category& history_error_category();
std::error_code make_error_code(HistoryErrc e);
cdc::Error make_error(HistoryErrc e, std::string message);

// The first `max_bytes` of `text` for error messages: control characters escaped, cut on a
// UTF-8 boundary, "..." appended when cut.
std::string quote_start(std::string_view text, size_t max_bytes = 80);

}  // namespace schema_history

template <>
struct std::is_error_code_enum<schema_history::HistoryErrc> : std::true_type {};
