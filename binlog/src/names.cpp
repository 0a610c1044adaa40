// Server names of event types and column types (as mysqlbinlog and the server sources spell
// them).
#include <array>
#include <string>

#include "binlog/binlog.h"

namespace binlog {
namespace {

std::string_view known_event_name(uint8_t code) {
  switch (code) {
    case 0: return "UNKNOWN_EVENT";
    case 1: return "START_EVENT_V3";
    case 2: return "QUERY_EVENT";
    case 3: return "STOP_EVENT";
    case 4: return "ROTATE_EVENT";
    case 5: return "INTVAR_EVENT";
    case 6: return "LOAD_EVENT";
    case 7: return "SLAVE_EVENT";
    case 8: return "CREATE_FILE_EVENT";
    case 9: return "APPEND_BLOCK_EVENT";
    case 10: return "EXEC_LOAD_EVENT";
    case 11: return "DELETE_FILE_EVENT";
    case 12: return "NEW_LOAD_EVENT";
    case 13: return "RAND_EVENT";
    case 14: return "USER_VAR_EVENT";
    case 15: return "FORMAT_DESCRIPTION_EVENT";
    case 16: return "XID_EVENT";
    case 17: return "BEGIN_LOAD_QUERY_EVENT";
    case 18: return "EXECUTE_LOAD_QUERY_EVENT";
    case 19: return "TABLE_MAP_EVENT";
    case 20: return "PRE_GA_WRITE_ROWS_EVENT";
    case 21: return "PRE_GA_UPDATE_ROWS_EVENT";
    case 22: return "PRE_GA_DELETE_ROWS_EVENT";
    case 23: return "WRITE_ROWS_EVENT_V1";
    case 24: return "UPDATE_ROWS_EVENT_V1";
    case 25: return "DELETE_ROWS_EVENT_V1";
    case 26: return "INCIDENT_EVENT";
    case 27: return "HEARTBEAT_LOG_EVENT";
    case 28: return "IGNORABLE_LOG_EVENT";
    case 29: return "ROWS_QUERY_LOG_EVENT";
    case 30: return "WRITE_ROWS_EVENT";
    case 31: return "UPDATE_ROWS_EVENT";
    case 32: return "DELETE_ROWS_EVENT";
    case 33: return "GTID_LOG_EVENT";
    case 34: return "ANONYMOUS_GTID_LOG_EVENT";
    case 35: return "PREVIOUS_GTIDS_LOG_EVENT";
    case 36: return "TRANSACTION_CONTEXT_EVENT";
    case 37: return "VIEW_CHANGE_EVENT";
    case 38: return "XA_PREPARE_LOG_EVENT";
    case 39: return "PARTIAL_UPDATE_ROWS_EVENT";
    case 40: return "TRANSACTION_PAYLOAD_EVENT";
    case 41: return "HEARTBEAT_LOG_EVENT_V2";
    case 42: return "GTID_TAGGED_LOG_EVENT";
    case 160: return "ANNOTATE_ROWS_EVENT";
    case 161: return "BINLOG_CHECKPOINT_EVENT";
    case 162: return "GTID_EVENT";
    case 163: return "GTID_LIST_EVENT";
    case 164: return "START_ENCRYPTION_EVENT";
    case 165: return "QUERY_COMPRESSED_EVENT";
    case 166: return "WRITE_ROWS_COMPRESSED_EVENT_V1";
    case 167: return "UPDATE_ROWS_COMPRESSED_EVENT_V1";
    case 168: return "DELETE_ROWS_COMPRESSED_EVENT_V1";
    case 169: return "WRITE_ROWS_COMPRESSED_EVENT";
    case 170: return "UPDATE_ROWS_COMPRESSED_EVENT";
    case 171: return "DELETE_ROWS_COMPRESSED_EVENT";
    default: return {};
  }
}

}  // namespace

std::string_view event_type_name(uint8_t type_code) {
  std::string_view known = known_event_name(type_code);
  if (!known.empty()) return known;
  static const std::array<std::string, 256> unknown = [] {
    std::array<std::string, 256> names;
    for (size_t i = 0; i < names.size(); ++i) names[i] = "UNKNOWN_EVENT_" + std::to_string(i);
    return names;
  }();
  return unknown[type_code];
}

std::string_view column_type_name(ColumnType t) {
  switch (t) {
    case ColumnType::DECIMAL: return "DECIMAL";
    case ColumnType::TINY: return "TINY";
    case ColumnType::SHORT: return "SHORT";
    case ColumnType::LONG: return "LONG";
    case ColumnType::FLOAT: return "FLOAT";
    case ColumnType::DOUBLE: return "DOUBLE";
    case ColumnType::NULL_: return "NULL";
    case ColumnType::TIMESTAMP: return "TIMESTAMP";
    case ColumnType::LONGLONG: return "LONGLONG";
    case ColumnType::INT24: return "INT24";
    case ColumnType::DATE: return "DATE";
    case ColumnType::TIME: return "TIME";
    case ColumnType::DATETIME: return "DATETIME";
    case ColumnType::YEAR: return "YEAR";
    case ColumnType::NEWDATE: return "NEWDATE";
    case ColumnType::VARCHAR: return "VARCHAR";
    case ColumnType::BIT: return "BIT";
    case ColumnType::TIMESTAMP2: return "TIMESTAMP2";
    case ColumnType::DATETIME2: return "DATETIME2";
    case ColumnType::TIME2: return "TIME2";
    case ColumnType::TYPED_ARRAY: return "TYPED_ARRAY";
    case ColumnType::VECTOR: return "VECTOR";
    case ColumnType::JSON: return "JSON";
    case ColumnType::NEWDECIMAL: return "NEWDECIMAL";
    case ColumnType::ENUM: return "ENUM";
    case ColumnType::SET: return "SET";
    case ColumnType::TINY_BLOB: return "TINY_BLOB";
    case ColumnType::MEDIUM_BLOB: return "MEDIUM_BLOB";
    case ColumnType::LONG_BLOB: return "LONG_BLOB";
    case ColumnType::BLOB: return "BLOB";
    case ColumnType::VAR_STRING: return "VAR_STRING";
    case ColumnType::STRING: return "STRING";
    case ColumnType::GEOMETRY: return "GEOMETRY";
  }
  return "UNKNOWN_TYPE";
}

}  // namespace binlog
