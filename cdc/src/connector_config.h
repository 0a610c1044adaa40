// The MySQL/MariaDB source connector's configuration, under Debezium's property names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "schema_history/history_store.h"

#include "binlog/sql_connection.h"
#include "connect_runtime/connector.h"

namespace cdc {

enum class DecimalHandling { precise, double_, string };
enum class BinaryHandling { bytes, base64, base64_url_safe, hex };
enum class BigintUnsignedHandling { long_, precise };

struct ConnectorConfig {
  std::string name;             // the Connect connector name
  std::string connector_class;  // as registered
  std::string flavor = "mysql";  // "mysql" or "mariadb": source.connector and Source schema name
  std::string hostname;
  uint16_t port = 3306;
  std::string user;
  std::string password;
  binlog::TlsMode ssl_mode = binlog::TlsMode::preferred;  // database.ssl.mode
  uint32_t server_id = 0;
  std::string topic_prefix;
  std::string database_include, database_exclude;
  std::string table_include, table_exclude;
  bool tombstones_on_delete = true;
  bool include_query = false;
  DecimalHandling decimal_handling = DecimalHandling::precise;
  BinaryHandling binary_handling = BinaryHandling::bytes;
  BigintUnsignedHandling bigint_unsigned_handling = BigintUnsignedHandling::long_;
  std::string snapshot_mode = "initial";
  std::string snapshot_locking_mode = "minimal";  // minimal | extended | none: DDL lock while reading schemas
  unsigned connect_timeout_ms = 30000;
  unsigned heartbeat_period_ms = 1000;  // replication heartbeat asked of the server
  int max_retries = -1;                 // errors.max.retries: reconnect attempts; -1 = no limit
  unsigned retry_backoff_max_ms = 10000;
  // Schema history (Debezium's schema.history.internal.*) and the schema-change topic.
  schema_history::HistoryStoreConfig history;
  bool history_store_only_captured_tables = false;     // ...store.only.captured.tables.ddl
  bool history_store_only_captured_databases = false;  // ...store.only.captured.databases.ddl
  bool history_skip_unparseable_ddl = false;           // ...skip.unparseable.ddl
  bool include_schema_changes = true;                  // include.schema.changes
  size_t max_batch_size = 2048;
  size_t max_queue_bytes = 64u << 20;

  // Parses and validates; every problem is reported against its key. `warnings` gets one
  // sentence per setting that is accepted but not (yet) acted upon.
  static ConnectorConfig parse(const connect_runtime::ConfigMap& map,
                               std::vector<connect_runtime::ConfigIssue>& issues,
                               std::vector<std::string>& warnings);
};

}  // namespace cdc
