// Streams row changes from a MySQL/MariaDB binlog as Debezium change events.
//
// Threads: a reader thread owns the replication connection, decodes events (header level) and
// pushes them into a byte-bounded queue; the worker's task thread calls poll(), which decodes
// rows and writes envelopes. The reader reconnects by itself when the server goes away.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "binlog/binlog.h"
#include "binlog/replication_client.h"
#include "connect_runtime/connector.h"
#include "connector_config.h"
#include "event_queue.h"
#include "gtid_tracker.h"
#include "position_tracker.h"
#include "schema_history/catalog_options.h"
#include "schema_tracker.h"
#include "source_offset.h"
#include "table_filter.h"
#include "table_schema.h"

namespace cdc {

// One decoded event with the bytes it points into, or the error that ended the stream.
struct StreamItem {
  std::vector<uint8_t> bytes;
  binlog::Event event;
  std::optional<Error> error;
};

class MySqlSourceTask : public connect_runtime::SourceTask {
 public:
  MySqlSourceTask() = default;
  ~MySqlSourceTask() override;

  Result<void> start(const connect_runtime::ConfigMap& config, connect_runtime::SourceTaskContext& context) override;
  Result<void> poll(std::vector<connect_runtime::SourceRecord>& out, std::chrono::milliseconds timeout) override;
  void stop() override;
  void close() override;

 private:
  // Checks the binlog settings and reads the server's DDL settings into catalog_options_.
  Result<void> check_server(binlog::SqlConnection& sql);
  // Whether a restart at `offset` positions by GTID (the offset has gtids and the server has
  // GTIDs on); an error when the server purged transactions the offset does not contain.
  Result<bool> gtid_positioning(binlog::SqlConnection& sql, const SourceOffset& offset);
  // The server's current binlog position and executed GTIDs.
  Result<SourceOffset> current_server_position(binlog::SqlConnection& sql);
  // First start: the current position and, under a DDL lock, every table's definition.
  Result<SourceOffset> capture_schema(binlog::SqlConnection& sql);
  // Stored offset: the schemas at that offset from the history.
  Result<void> recover_schema(binlog::SqlConnection& sql, const SourceOffset& offset);
  void queue_schema_changes(const std::vector<SchemaChange>& changes, bool snapshot, uint32_t server_id);
  Result<void> handle_statement(const binlog::Event& event, const binlog::QueryEvent& query,
                                std::vector<connect_runtime::SourceRecord>& out);
  Result<std::shared_ptr<const TableSchema>> build_schema(const binlog::TableMap& map);
  void read_loop(std::string file, uint64_t position);
  // Reader thread: counts the event for reconnects and queues it unless it was queued before.
  bool enqueue(StreamItem item, PositionTracker& tracker, uint32_t& drop);
  // Reader thread: queues the inner events of a compressed transaction; false when stopping.
  Result<bool> expand_payload(binlog::EventDecoder& decoder, const StreamItem& outer,
                              const binlog::TransactionPayloadEvent& payload, PositionTracker& tracker,
                              uint32_t& drop);
  Result<void> handle(StreamItem& item, std::vector<connect_runtime::SourceRecord>& out);
  Result<void> handle_rows(const binlog::Event& event, const binlog::RowsEvent& rows,
                           std::vector<connect_runtime::SourceRecord>& out);
  void write_source(std::string& out, const std::string& database, const std::string& table, uint32_t timestamp,
                    uint32_t server_id, uint32_t row, bool snapshot = false) const;
  std::string log_prefix() const;

  ConnectorConfig config_;
  binlog::ConnectionConfig connection_;
  std::string partition_json_;
  std::string version_;
  std::unique_ptr<TableFilter> filter_;
  schema_history::CatalogOptions catalog_options_;
  std::unique_ptr<SchemaTracker> schema_;
  SourceOffset recovered_;  // statements at or before it are already in the catalog
  std::vector<connect_runtime::SourceRecord> pending_;  // schema changes of the first start
  std::shared_ptr<const std::string> change_key_schema_, change_value_schema_;
  std::unique_ptr<ByteBoundedQueue<StreamItem>> queue_;
  binlog::ReplicationClient client_;
  std::thread reader_;
  std::atomic<bool> stopping_{false};

  // poll()-thread state
  PositionTracker tracker_;
  GtidTracker gtids_;  // completed transactions, for the offsets' `gtids`
  struct TableEntry {
    std::shared_ptr<const binlog::TableMap> map;
    std::shared_ptr<const TableSchema> schema;  // null when the table is not captured
    uint64_t generation = 0;                      // of the catalog the schema was built from
  };
  std::unordered_map<uint64_t, TableEntry> tables_;
  std::optional<SourceOffset> resume_;  // rows to skip in the first transaction after a restart
  std::optional<std::string> start_gtids_;  // set: the first connection positions by GTID
  bool resume_anchor_pending_ = false;      // by GTID: resume_ is the first transaction to arrive
  binlog::Row before_, after_;
  std::string source_prefix_;  // constant head of the source block
};

}  // namespace cdc
