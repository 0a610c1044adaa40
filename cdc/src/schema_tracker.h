// The connector's knowledge of table schemas at the current binlog position: a catalog kept up
// to date by the DDL in the binlog, persisted as Debezium's schema history and rebuilt from it
// on restart.
//
// Every statement that changes a table is appended to the history store (and acknowledged
// there) before any change event that follows it is handed to Kafka Connect, so a restart at
// any offset finds the schema that the rows after that offset were written with.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "binlog/sql_connection.h"
#include "common/result.h"
#include "connector_config.h"
#include "schema_history/catalog.h"
#include "schema_history/ddl_parser.h"
#include "schema_history/history_store.h"
#include "source_offset.h"
#include "table_filter.h"

namespace cdc {

// One statement as the schema-change topic shows it.
struct SchemaChange {
  std::string database;            // databaseName (the key)
  std::string table;               // the first table changed ("" for database statements)
  std::string ddl;
  std::string table_changes_json;  // [{"type":…,"id":…,"table":{…}}]
  std::vector<schema_history::TableId> tables;  // every table changed (both names of a rename)
  SourceOffset position;           // where the statement ends: the offset once it is applied
};

struct RecoveryStats {
  size_t records = 0;   // records read from the store
  size_t applied = 0;   // at or before the offset, applied to the catalog
  size_t later = 0;     // after the offset: will be met again in the binlog
  double seconds = 0;
};

class SchemaTracker {
 public:
  SchemaTracker(const ConnectorConfig& config, TableFilter& filter);

  // Opens the store (creating a missing Kafka topic) with the server's DDL settings.
  Result<void> open(std::unique_ptr<schema_history::HistoryStore> store, schema_history::CatalogOptions options);
  Result<bool> history_exists();
  // Rebuilds the catalog from the history records at or before `offset`.
  Result<RecoveryStats> recover(const SourceOffset& offset);
  // Reads the current definition of every database and table from the server (SHOW CREATE ...)
  // and records it at `at` as a snapshot. The caller holds the DDL lock that keeps `at` true.
  Result<std::vector<SchemaChange>> capture(binlog::SqlConnection& sql, const SourceOffset& at, int64_t ts_ms);
  // A statement read from the binlog (QUERY event) that ends at `position`. Returns the change
  // for the schema-change topic when the statement changed something worth recording.
  Result<std::optional<SchemaChange>> apply(const std::string& database, const std::string& sql,
                                            std::optional<uint64_t> sql_mode, const SourceOffset& position,
                                            int64_t ts_ms);

  const schema_history::Table* find(const std::string& database, const std::string& table) const {
    return catalog_.find(database, table);
  }
  // Increases whenever a table changes: cached per-table plans are stale then.
  uint64_t generation() const { return generation_; }
  const schema_history::HistoryStore* store() const { return store_.get(); }
  void close();

 private:
  struct Applied {
    std::vector<schema_history::TableChange> changes;
    bool database_statement = false;
    std::string database;  // the database a database-level statement names
  };
  Result<std::optional<Applied>> apply_to_catalog(const std::string& database, const std::string& sql,
                                                  const schema_history::ParserOptions& options);
  bool worth_recording(const Applied& applied);
  std::string table_changes_json(const Applied& applied) const;
  Result<void> record(const std::string& database, const std::string& ddl, const std::string& changes_json,
                      const SourceOffset& position, int64_t ts_ms);
  static std::string position_key(const SourceOffset& p);

  const ConnectorConfig& config_;
  TableFilter& filter_;
  std::unique_ptr<schema_history::HistoryStore> store_;
  schema_history::CatalogOptions options_;
  schema_history::Catalog catalog_;
  uint64_t generation_ = 0;
  std::set<std::string> recorded_later_;  // history positions after the recovered offset
};

}  // namespace cdc
