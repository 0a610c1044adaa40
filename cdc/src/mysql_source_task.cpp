#include "mysql_source_task.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "catalog_table_map.h"
#include "json_out.h"
#include "schema_change_record.h"
#include "schema_history/history_store.h"
#include "version.h"

namespace cdc {
namespace {

using connect_runtime::RecordData;
using connect_runtime::SourceRecord;

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The connector's own logger; the worker's pattern and level apply to it.
spdlog::logger& logger() {
  static const std::shared_ptr<spdlog::logger> instance = spdlog::default_logger()->clone("mysql");
  return *instance;
}

Error task_error(const std::string& message) {
  return Error{std::make_error_code(std::errc::io_error), message};
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

MySqlSourceTask::~MySqlSourceTask() {
  stop();
  close();
}

std::string MySqlSourceTask::log_prefix() const {
  return "[" + config_.name + " " + tracker_.file() + ":" + std::to_string(tracker_.event_position()) + "] ";
}

Result<void> MySqlSourceTask::start(const connect_runtime::ConfigMap& map,
                                    connect_runtime::SourceTaskContext& context) {
  std::vector<connect_runtime::ConfigIssue> issues;
  std::vector<std::string> warnings;
  config_ = ConnectorConfig::parse(map, issues, warnings);
  if (!issues.empty()) {
    std::string message = "invalid configuration:";
    for (const auto& issue : issues) message += " " + issue.key + ": " + issue.message;
    return Error{std::make_error_code(std::errc::invalid_argument), message};
  }
  version_ = kCdcVersion;
  connection_.host = config_.hostname;
  connection_.port = config_.port;
  connection_.user = config_.user;
  connection_.password = config_.password;
  connection_.tls = config_.ssl_mode;
  connection_.connect_timeout_s = std::max(1u, config_.connect_timeout_ms / 1000);
  partition_json_ = source_partition_json(config_.topic_prefix);
  filter_ = std::make_unique<TableFilter>(config_);
  queue_ = std::make_unique<ByteBoundedQueue<StreamItem>>(config_.max_queue_bytes);

  source_prefix_ = "{\"version\":";
  json::append_escaped(source_prefix_, version_);
  source_prefix_ += ",\"connector\":";
  json::append_escaped(source_prefix_, config_.flavor);
  source_prefix_ += ",\"name\":";
  json::append_escaped(source_prefix_, config_.topic_prefix);
  source_prefix_ += ",\"ts_ms\":";

  binlog::SqlConnection sql;
  auto connected = sql.connect(connection_);
  if (!connected) return connected.error();
  auto checked = check_server(sql);
  if (!checked) return checked;

  schema_ = std::make_unique<SchemaTracker>(config_, *filter_);
  change_key_schema_ = schema_change_key_schema(config_.flavor);
  change_value_schema_ = schema_change_value_schema(config_.flavor);
  config_.history.log = [name = config_.name](schema_history::HistoryLogLevel level, const std::string& message) {
    static const spdlog::level::level_enum levels[] = {spdlog::level::debug, spdlog::level::info, spdlog::level::warn,
                                                        spdlog::level::err};
    logger().log(levels[static_cast<int>(level)], "[{}] schema history: {}", name, message);
  };
  auto opened = schema_->open(schema_history::make_history_store(config_.history), catalog_options_);
  if (!opened) return opened.error();
  pending_.clear();

  SourceOffset start;
  if (auto stored = context.committed_offset(partition_json_)) {
    auto parsed = SourceOffset::parse(*stored);
    if (!parsed) return parsed.error();
    start = *parsed;
    auto by_gtid = gtid_positioning(sql, start);
    if (!by_gtid) return by_gtid.error();
    if (*by_gtid) {
      // The server sends every transaction missing from the set, wherever it is (another
      // server after a failover, a renamed or rotated binlog): the first one is the one the
      // offset's event/row counts refer to.
      start_gtids_ = start.gtids;
      logger().info("[{} {}:{}] positioning by GTID: the server sends what is not in {}", config_.name, start.file,
                    start.pos, start.gtids);
    } else {
      // The binlog file must still exist on the server, or events were lost while we were away.
      auto logs = sql.query("SHOW BINARY LOGS");
      if (!logs) return logs.error();
      bool found = false;
      for (const auto& row : *logs) found = found || (!row.empty() && row[0] == start.file);
      if (!found) {
        return task_error("the binlog file " + start.file + " of the stored offset is no longer on the server " +
                          config_.hostname + ":" + std::to_string(config_.port) +
                          " (purged?); events after it cannot be streamed without a gap. Delete the connector's "
                          "offset to start from the current position.");
      }
    }
    if (start.event > 0 || start.row > 0) {
      resume_ = start;
      resume_anchor_pending_ = start_gtids_.has_value();
    }
    if (!start.gtids.empty()) {
      auto tracked = gtids_.reset(sql.server_version().find("MariaDB") != std::string::npos, start.gtids);
      if (!tracked) return Error{tracked.error().code, "stored offset: " + tracked.error().message};
    }
    auto recovered = recover_schema(sql, start);
    if (!recovered) return recovered.error();
    logger().info("[{} {}:{}] resuming from stored offset {}", config_.name, start.file, start.pos, *stored);
  } else {
    auto current = capture_schema(sql);
    if (!current) return current.error();
    start = *current;
    auto tracked = gtids_.reset(sql.server_version().find("MariaDB") != std::string::npos, start.gtids);
    if (!tracked) return Error{tracked.error().code, "the server's executed GTIDs: " + tracked.error().message};
    logger().info("[{} {}:{}] no stored offset; streaming from the server's current binlog position", config_.name,
                 start.file, start.pos);
  }
  sql.close();
  recovered_ = start;
  // By GTID every statement that arrives is one the history has not seen applied: positions
  // of another server (or after a failover) are not comparable with the offset's.
  if (start_gtids_) recovered_ = SourceOffset{};

  tracker_.reset(start.file, start.pos);
  stopping_.store(false);
  reader_ = std::thread([this, file = start.file, pos = start.pos] { read_loop(file, pos); });
  return {};
}

Result<bool> MySqlSourceTask::gtid_positioning(binlog::SqlConnection& sql, const SourceOffset& offset) {
  if (offset.gtids.empty()) return false;
  if (offset.gtids.find_first_of("'\\") != std::string::npos) return task_error("stored offset: malformed gtids");
  if (sql.server_version().find("MariaDB") != std::string::npos) return true;  // GTIDs are always on
  auto mode = sql.query_value("SELECT @@global.gtid_mode");
  if (!mode) return mode.error();
  if (!*mode || lower(**mode) != "on") return false;
  // Transactions the server purged but we never saw would be a silent gap.
  auto subset = sql.query_value("SELECT GTID_SUBSET(@@global.gtid_purged, '" + offset.gtids + "')");
  if (!subset) return subset.error();
  if (*subset && **subset == "0") {
    auto purged = sql.query_value("SELECT @@global.gtid_purged");
    return task_error("the server " + config_.hostname + ":" + std::to_string(config_.port) +
                      " has purged transactions the connector has not read (gtid_purged " +
                      (purged && *purged ? **purged : std::string("?")) + ", stored offset gtids " + offset.gtids +
                      "); streaming would leave a gap. Delete the connector's offset to start from the current position.");
  }
  return true;
}

Result<void> MySqlSourceTask::check_server(binlog::SqlConnection& sql) {
  auto rows = sql.query(
      "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin','binlog_format','binlog_row_image',"
      "'binlog_row_metadata','server_id','version','character_set_server','collation_server',"
      "'lower_case_table_names','explicit_defaults_for_timestamp')");
  if (!rows) return rows.error();
  std::unordered_map<std::string, std::string> vars;
  for (const auto& row : *rows) {
    if (row.size() >= 2 && row[0] && row[1]) vars[lower(*row[0])] = *row[1];
  }
  std::vector<std::string> problems;
  auto expect = [&](const std::string& name, const std::string& wanted) {
    auto it = vars.find(name);
    if (it == vars.end()) {
      problems.push_back(name + " is not available on this server (need " + wanted + ")");
    } else if (lower(it->second) != lower(wanted)) {
      problems.push_back(name + " is " + it->second + " but must be " + wanted);
    }
  };
  expect("log_bin", "ON");
  expect("binlog_format", "ROW");
  expect("binlog_row_image", "FULL");
  if (!problems.empty()) {
    std::string message = "MySQL server " + config_.hostname + ":" + std::to_string(config_.port) +
                          " is not configured for change data capture:";
    for (const auto& p : problems) message += " " + p + ";";
    return task_error(message);
  }
  // binlog_row_metadata=MINIMAL (or none on older servers): names, ENUM/SET values and keys
  // come from the schema history alone.
  auto metadata = vars.find("binlog_row_metadata");
  if (metadata == vars.end() || lower(metadata->second) != "full") {
    logger().info("[{}] binlog_row_metadata is {}: column names and types come from the schema history", config_.name,
                  metadata == vars.end() ? std::string("not available") : metadata->second);
  }
  auto value = [&](const char* name) {
    auto it = vars.find(name);
    return it == vars.end() ? std::string() : it->second;
  };
  catalog_options_ = schema_history::CatalogOptions{};
  catalog_options_.dialect = sql.server_version().find("MariaDB") != std::string::npos ? schema_history::Dialect::mariadb
                                                                                      : schema_history::Dialect::mysql;
  if (!value("character_set_server").empty()) catalog_options_.server_charset = lower(value("character_set_server"));
  catalog_options_.server_collation = lower(value("collation_server"));
  if (!value("lower_case_table_names").empty()) {
    catalog_options_.lower_case_table_names = std::atoi(value("lower_case_table_names").c_str());
  }
  if (!value("explicit_defaults_for_timestamp").empty()) {
    catalog_options_.explicit_defaults_for_timestamp = lower(value("explicit_defaults_for_timestamp")) == "on";
  }
  return {};
}

Result<SourceOffset> MySqlSourceTask::capture_schema(binlog::SqlConnection& sql) {
  // Hold DDL off while the position and the definitions are read, so that both describe the
  // same moment: a DDL-only lock where the server has one, else a brief global read lock.
  const bool mariadb = sql.server_version().find("MariaDB") != std::string::npos;
  std::string unlock;
  if (config_.snapshot_locking_mode != "none") {
    const std::vector<std::pair<std::vector<std::string>, std::string>> locks =
        mariadb ? std::vector<std::pair<std::vector<std::string>, std::string>>{
                      {{"BACKUP STAGE START", "BACKUP STAGE BLOCK_DDL"}, "BACKUP STAGE END"},
                      {{"FLUSH TABLES WITH READ LOCK"}, "UNLOCK TABLES"}}
                : std::vector<std::pair<std::vector<std::string>, std::string>>{
                      {{"LOCK INSTANCE FOR BACKUP"}, "UNLOCK INSTANCE"},
                      {{"FLUSH TABLES WITH READ LOCK"}, "UNLOCK TABLES"}};
    std::string failures;
    for (const auto& [statements, release] : locks) {
      bool ok = true;
      for (const auto& statement : statements) {
        auto r = sql.query(statement);
        if (!r) {
          failures += (failures.empty() ? "" : "; ") + statement + ": " + r.error().message;
          ok = false;
          break;
        }
      }
      if (ok) {
        unlock = release;
        break;
      }
      (void)sql.query(release);  // undo a half-taken stage
    }
    if (unlock.empty()) {
      logger().warn("[{}] cannot block DDL while reading table definitions ({}); a DDL statement running at this "
                    "very moment could be missed (grant RELOAD, or BACKUP_ADMIN on MySQL 8)",
                    config_.name, failures);
    }
  }
  auto release = [&] {
    if (!unlock.empty()) (void)sql.query(unlock);
  };
  auto current = current_server_position(sql);
  if (!current) {
    release();
    return current.error();
  }
  const int64_t ts_ms = now_ns() / 1000000;
  auto changes = schema_->capture(sql, *current, ts_ms);
  release();
  if (!changes) return Error{changes.error().code, "[" + config_.name + "] " + changes.error().message};
  if (config_.include_schema_changes) {
    tracker_.reset(current->file, current->pos);
    queue_schema_changes(*changes, /*snapshot=*/true, 0);
  }
  return *current;
}

Result<void> MySqlSourceTask::recover_schema(binlog::SqlConnection& sql, const SourceOffset& offset) {
  auto exists = schema_->history_exists();
  if (!exists) return exists.error();
  if (!*exists) {
    if (config_.snapshot_mode == "recovery" || config_.snapshot_mode == "schema_only_recovery") {
      // The user asked to rebuild a lost history from today's tables: right only when no DDL
      // ran between the stored offset and now.
      logger().warn("[{} {}:{}] snapshot.mode={}: rebuilding the missing schema history ({}) from the tables as they "
                    "are now; rows written before a later schema change may be decoded with the wrong columns",
                    config_.name, offset.file, offset.pos, config_.snapshot_mode, schema_->store()->describe());
      const int64_t ts_ms = now_ns() / 1000000;
      auto changes = schema_->capture(sql, offset, ts_ms);
      if (!changes) return changes.error();
      return {};
    }
    return task_error("the schema history (" + schema_->store()->describe() +
                      ") is missing or empty, but the connector has a stored offset (" + offset.file + ":" +
                      std::to_string(offset.pos) +
                      "): the table schemas at that position are unknown and are not rebuilt from today's tables. "
                      "Restore the history topic, or set snapshot.mode=recovery once to rebuild it from the current "
                      "tables (safe only if no DDL ran since that offset), or delete the connector's offsets to start "
                      "over from the current position");
  }
  auto stats = schema_->recover(offset);
  if (!stats) return Error{stats.error().code, "[" + config_.name + "] " + stats.error().message};
  logger().info("[{} {}:{}] recovered the schema history: {} record(s) read, {} applied, {} after the offset, in "
                "{:.3f} s",
                config_.name, offset.file, offset.pos, stats->records, stats->applied, stats->later, stats->seconds);
  return {};
}

void MySqlSourceTask::queue_schema_changes(const std::vector<SchemaChange>& changes, bool snapshot,
                                           uint32_t server_id) {
  const int64_t now_ms = now_ns() / 1000000;
  for (const auto& change : changes) {
    bool captured = change.tables.empty() ? filter_->database_captured(change.database) : false;
    for (const auto& id : change.tables) captured = captured || filter_->captured(id.database, id.table);
    if (!captured) continue;
    SourceRecord rec;
    rec.source_partition_json = partition_json_;
    rec.topic = config_.topic_prefix;
    rec.key.schema_json = change_key_schema_;
    rec.key.payload_json = "{\"databaseName\":";
    json::append_escaped(rec.key.payload_json, change.database);
    rec.key.payload_json += "}";
    rec.value.schema_json = change_value_schema_;
    std::string& v = rec.value.payload_json;
    v = "{\"source\":";
    write_source(v, change.database, change.table, static_cast<uint32_t>(change.position.ts_sec), server_id, 0,
                 snapshot);
    v += ",\"ts_ms\":";
    json::append_int(v, now_ms);
    v += ",\"databaseName\":";
    json::append_escaped(v, change.database);
    v += ",\"schemaName\":null,\"ddl\":";
    json::append_escaped(v, change.ddl);
    v += ",\"tableChanges\":";
    v += change.table_changes_json;
    v += "}";
    SourceOffset offset = change.position;
    offset.snapshot = false;
    rec.source_offset_json = offset.to_json();
    pending_.push_back(std::move(rec));
  }
}

Result<std::shared_ptr<const TableSchema>> MySqlSourceTask::build_schema(const binlog::TableMap& map) {
  std::vector<std::string> mismatches;
  auto completed = complete_table_map(map, schema_->find(map.database, map.table), mismatches);
  if (!completed) return Error{completed.error().code, log_prefix() + completed.error().message};
  if (!mismatches.empty()) {
    std::string text;
    for (const auto& m : mismatches) text += (text.empty() ? "" : "; ") + m;
    logger().warn("{}table {}.{}: the binlog's column metadata differs from the schema history; decoding with the "
                  "binlog's: {}",
                  log_prefix(), map.database, map.table, text);
  }
  auto schema = TableSchema::build(*completed, config_);
  if (schema && (*schema)->topic() != config_.topic_prefix + "." + map.database + "." + map.table) {
    logger().warn("{}table {}.{}: its name is not a valid Kafka topic name; its events go to {}", log_prefix(),
                  map.database, map.table, (*schema)->topic());
  }
  return schema;
}

Result<void> MySqlSourceTask::handle_statement(const binlog::Event& event, const binlog::QueryEvent& query,
                                               std::vector<SourceRecord>& out) {
  if (is_begin_query(query.query) || is_commit_query(query.query)) return {};
  // The offset once this statement is applied (called after the tracker moved past it).
  SourceOffset position;
  position.file = tracker_.file();
  position.pos = tracker_.restart_position();
  position.event = tracker_.in_transaction() ? tracker_.event_index() : 0;
  position.server_id = event.header.server_id;
  position.ts_sec = event.header.timestamp;
  position.gtids = gtids_.text();
  if (compare_positions(position, recovered_) <= 0) return {};  // recovered from the history already
  auto change = schema_->apply(query.database, query.query, query.sql_mode, position,
                               int64_t{event.header.timestamp} * 1000);
  if (!change) return Error{change.error().code, log_prefix() + change.error().message};
  if (*change && config_.include_schema_changes) {
    queue_schema_changes({**change}, /*snapshot=*/false, event.header.server_id);
    for (auto& rec : pending_) out.push_back(std::move(rec));
    pending_.clear();
  }
  return {};
}

Result<SourceOffset> MySqlSourceTask::current_server_position(binlog::SqlConnection& sql) {
  // MySQL 8.4 renamed the statement; older servers and MariaDB know only the first.
  auto rows = sql.query("SHOW MASTER STATUS");
  if (!rows) rows = sql.query("SHOW BINARY LOG STATUS");
  if (!rows) return rows.error();
  if (rows->empty() || rows->front().size() < 2 || !rows->front()[0] || !rows->front()[1]) {
    return task_error("the server reports no binlog position (is log_bin enabled and does the user have "
                      "REPLICATION CLIENT / BINLOG MONITOR?)");
  }
  SourceOffset o;
  o.file = *rows->front()[0];
  o.pos = std::stoull(*rows->front()[1]);
  // MySQL prints Executed_Gtid_Set in the same row (consistent with the position); MariaDB
  // keeps it in a variable. (Without a lock a write between the two MariaDB queries could make
  // the set one transaction ahead; positioning itself is by file and position.)
  if (rows->front().size() >= 5 && rows->front()[4]) {
    o.gtids = *rows->front()[4];
  } else if (sql.server_version().find("MariaDB") != std::string::npos) {
    auto pos = sql.query_value("SELECT @@global.gtid_binlog_pos");
    if (!pos) return pos.error();
    if (*pos) o.gtids = **pos;
  }
  return o;
}

void MySqlSourceTask::read_loop(std::string file, uint64_t position) {
  binlog::DecoderOptions options;
  PositionTracker tracker;  // the reader's own, to know where a reconnect must begin
  tracker.reset(file, position);
  uint32_t drop = 0;  // events of a half-read transaction already queued before a reconnect
  int attempt = 0;
  std::unique_ptr<binlog::EventDecoder> decoder;
  bool connected = false;

  auto fail = [&](Error e) {
    StreamItem item;
    item.error = std::move(e);
    queue_->push(std::move(item), 0);
  };

  // Positioning by GTID holds until the first real event tells the file and position.
  std::optional<std::string> gtid_start = start_gtids_;
  while (!stopping_.load()) {
    if (!connected) {
      binlog::ReplicaStart start;
      start.server_id = config_.server_id;
      start.file = tracker.file();
      start.position = tracker.restart_position();
      if (gtid_start) {
        start.gtid_set = *gtid_start;
        start.file.clear();
        start.position = 4;
      }
      start.heartbeat_period_ms = config_.heartbeat_period_ms;
      auto started = client_.start(connection_, start);
      if (!started) {
        if (stopping_.load()) break;
        const bool retry = client_.last_error_kind() == binlog::StreamErrorKind::connection_lost &&
                           (config_.max_retries < 0 || attempt < config_.max_retries);
        if (!retry) {
          fail(started.error());
          return;
        }
        ++attempt;
        const unsigned delay = std::min(config_.retry_backoff_max_ms, 500u << std::min(attempt, 5));
        logger().warn("[{} {}:{}] cannot reach the server (attempt {}): {}; retrying in {} ms", config_.name,
                     start.file, start.position, attempt, started.error().message, delay);
        for (unsigned waited = 0; waited < delay && !stopping_.load(); waited += 100) {
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        continue;
      }
      options.initial_checksum = client_.checksum_enabled() ? binlog::ChecksumAlg::CRC32 : binlog::ChecksumAlg::NONE;
      decoder = std::make_unique<binlog::EventDecoder>(options);
      connected = true;
      if (attempt > 0) {
        logger().info("[{} {}:{}] reconnected after {} attempt(s)", config_.name, start.file, start.position, attempt);
      } else {
        logger().info("[{} {}:{}] reading the binlog from {} (server {}, checksums {})", config_.name, start.file,
                      start.position, config_.hostname + ":" + std::to_string(config_.port), client_.server_version(),
                      client_.checksum_enabled() ? "CRC32" : "off");
      }
      attempt = 0;
    }

    auto raw = client_.next_event();
    if (!raw) {
      if (stopping_.load()) break;
      client_.close();
      connected = false;
      if (client_.last_error_kind() == binlog::StreamErrorKind::fatal) {
        fail(raw.error());
        return;
      }
      // Resume at the start of the transaction being read, dropping what was already queued.
      drop = tracker.in_transaction() ? tracker.event_index() : 0;
      const std::string resume_file = tracker.file();
      const uint64_t resume_pos = tracker.restart_position();
      tracker.reset(resume_file, resume_pos);
      logger().warn("[{} {}:{}] lost the binlog stream: {}; reconnecting", config_.name, resume_file, resume_pos,
                   raw.error().message);
      continue;
    }
    StreamItem item;
    item.bytes.assign(raw->begin(), raw->end());
    auto decoded = decoder->decode(item.bytes);
    if (!decoded) {
      fail(Error{decoded.error().code, "binlog " + tracker.file() + ": " + decoded.error().message});
      return;
    }
    item.event = std::move(*decoded);
    if (gtid_start && item.event.header.next_pos != 0 && (item.event.header.flags & 0x20) == 0) gtid_start.reset();
    if (const auto* payload = std::get_if<binlog::TransactionPayloadEvent>(&item.event.body)) {
      // A compressed transaction (MySQL binlog_transaction_compression): its inner events go
      // downstream one by one, each at the payload's position, so offsets count them like any
      // other events of the transaction and a restart re-expands the payload identically.
      auto expanded = expand_payload(*decoder, item, *payload, tracker, drop);
      if (!expanded) {
        fail(Error{expanded.error().code, "binlog " + tracker.file() + ": " + expanded.error().message});
        return;
      }
      if (!*expanded) break;
      continue;
    }
    if (!enqueue(std::move(item), tracker, drop)) break;
  }
}

bool MySqlSourceTask::enqueue(StreamItem item, PositionTracker& tracker, uint32_t& drop) {
  const bool counted = tracker.before_event(item.event);
  tracker.after_event(item.event);
  if (counted && drop > 0) {
    --drop;  // already queued before a reconnect
    return true;
  }
  const size_t size = item.bytes.size() + sizeof(StreamItem);
  return queue_->push(std::move(item), size);
}

Result<bool> MySqlSourceTask::expand_payload(binlog::EventDecoder& decoder, const StreamItem& outer,
                                             const binlog::TransactionPayloadEvent& payload,
                                             PositionTracker& tracker, uint32_t& drop) {
  binlog::PayloadEventReader inner(decoder, payload);
  for (;;) {
    auto next = inner.next();
    if (!next) return next.error();
    if (!*next) return true;
    StreamItem item;
    const auto bytes = inner.event_bytes();
    item.bytes.assign(bytes.begin(), bytes.end());
    item.event = std::move(**next);
    // Inner events carry no position of their own: they stand at the payload's.
    item.event.header.next_pos = outer.event.header.next_pos;
    item.event.header.event_size = outer.event.header.event_size;
    item.event.header.flags &= static_cast<uint16_t>(~0x20);
    if (auto* rows = std::get_if<binlog::RowsEvent>(&item.event.body)) {
      // Re-point bitmaps and rows at our copy of the inner event, which outlives the reader's buffer.
      rows->rebase(bytes, item.bytes);
    }
    if (!enqueue(std::move(item), tracker, drop)) return false;
  }
}

void MySqlSourceTask::stop() {
  stopping_.store(true);
  client_.interrupt();
  if (queue_) queue_->close();
}

void MySqlSourceTask::close() {
  stop();  // the reader may be blocked in next_event(): interrupt it before joining
  if (reader_.joinable()) reader_.join();
  client_.close();
  if (schema_) schema_->close();
}

Result<void> MySqlSourceTask::poll(std::vector<SourceRecord>& out, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (auto& rec : pending_) out.push_back(std::move(rec));  // schema of the first start
  pending_.clear();
  while (out.size() < config_.max_batch_size) {
    auto now = std::chrono::steady_clock::now();
    // Once something is ready, hand it over rather than waiting for a full batch.
    auto wait = out.empty() ? std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now)
                            : std::chrono::milliseconds(0);
    if (wait.count() < 0) wait = std::chrono::milliseconds(0);
    auto item = queue_->pop(wait);
    if (!item) break;
    auto handled = handle(*item, out);
    if (!handled) return handled;
  }
  return {};
}

Result<void> MySqlSourceTask::handle(StreamItem& item, std::vector<SourceRecord>& out) {
  if (item.error) {
    logger().error("{}{}", log_prefix(), item.error->message);
    return *item.error;
  }
  const binlog::Event& event = item.event;
  const bool was_in_transaction = tracker_.in_transaction();
  tracker_.before_event(event);
  if (const auto* gtid = std::get_if<binlog::GtidEvent>(&event.body)) {
    gtids_.begin(*gtid, event.header.server_id);
    if (resume_anchor_pending_ && resume_) {
      // By GTID the first transaction sent is the one the stored offset is inside.
      resume_->file = tracker_.file();
      resume_->pos = tracker_.restart_position();
      resume_anchor_pending_ = false;
    }
  }
  if (const auto* map = std::get_if<std::shared_ptr<const binlog::TableMap>>(&event.body)) {
    const auto& t = **map;
    auto& entry = tables_[t.table_id];
    if (entry.map != *map || entry.generation != schema_->generation()) {
      entry.map = *map;
      entry.generation = schema_->generation();
      entry.schema.reset();
      if (filter_->captured(t.database, t.table)) {
        auto schema = build_schema(t);
        if (!schema) return Error{schema.error().code, log_prefix() + schema.error().message};
        entry.schema = *schema;
      }
    }
  } else if (const auto* rows = std::get_if<binlog::RowsEvent>(&event.body)) {
    auto r = handle_rows(event, *rows, out);
    if (!r) return r;
  }
  tracker_.after_event(event);
  if ((was_in_transaction || tracker_.event_index() == 0) && !tracker_.in_transaction()) gtids_.commit();
  if (const auto* query = std::get_if<binlog::QueryEvent>(&event.body)) {
    auto r = handle_statement(event, *query, out);
    if (!r) return r;
  }
  if (resume_ && !resume_anchor_pending_ &&
      (tracker_.restart_position() != resume_->pos || tracker_.file() != resume_->file)) {
    resume_.reset();
  }
  return {};
}

void MySqlSourceTask::write_source(std::string& out, const std::string& database, const std::string& table,
                                   uint32_t timestamp, uint32_t server_id, uint32_t row, bool snapshot) const {
  const int64_t ts_ms = int64_t{timestamp} * 1000;
  out += source_prefix_;
  json::append_int(out, ts_ms);
  out += snapshot ? ",\"snapshot\":\"true\",\"db\":" : ",\"snapshot\":\"false\",\"db\":";
  json::append_escaped(out, database);
  out += ",\"sequence\":null,\"ts_us\":";
  json::append_int(out, ts_ms * 1000);
  out += ",\"ts_ns\":";
  json::append_int(out, ts_ms * 1000000);
  out += ",\"table\":";
  if (table.empty()) {
    out += "null";
  } else {
    json::append_escaped(out, table);
  }
  out += ",\"server_id\":";
  json::append_int(out, server_id);
  out += ",\"gtid\":";
  if (tracker_.gtid().empty()) {
    out += "null";
  } else {
    json::append_escaped(out, tracker_.gtid());
  }
  out += ",\"file\":";
  json::append_escaped(out, tracker_.file());
  out += ",\"pos\":";
  json::append_int(out, tracker_.event_position());
  out += ",\"row\":";
  json::append_int(out, row);
  out += ",\"thread\":";
  if (tracker_.thread_id() == 0) {
    out += "null";
  } else {
    json::append_int(out, tracker_.thread_id());
  }
  out += ",\"query\":null}";
}

Result<void> MySqlSourceTask::handle_rows(const binlog::Event& event, const binlog::RowsEvent& rows,
                                          std::vector<SourceRecord>& out) {
  auto it = tables_.find(rows.table_id);
  if (it == tables_.end() || !it->second.map) {
    return Error{binlog::make_error_code(binlog::Errc::unknown_table),
                 log_prefix() + "rows event for table id " + std::to_string(rows.table_id) + " without a TABLE_MAP"};
  }
  if (!it->second.schema) return {};  // not captured
  const TableSchema& schema = *it->second.schema;
  const uint32_t event_index = tracker_.event_index();
  uint32_t skip_rows = 0;
  if (resume_ && tracker_.file() == resume_->file && tracker_.restart_position() == resume_->pos) {
    if (event_index < resume_->event) return {};
    if (event_index == resume_->event) skip_rows = resume_->row;
  }

  const size_t first_record = out.size();
  std::vector<uint32_t> record_rows;  // row index of each record added, for offsets
  binlog::RowReader reader(*it->second.map, rows);
  const int64_t now = now_ns();
  uint32_t row_index = 0;
  for (;; ++row_index) {
    auto more = reader.next(before_, after_);
    if (!more) {
      return Error{more.error().code, log_prefix() + "row " + std::to_string(row_index) + " of " + schema.database() +
                                          "." + schema.table() + ": " + more.error().message};
    }
    if (!*more) break;
    if (row_index < skip_rows) continue;

    // `diff_base`: the image partial JSON values of `after` apply to (the update's before image).
    auto emit = [&](char op, const binlog::Row* before, const binlog::Row* after,
                    const binlog::Row* diff_base) -> Result<void> {
      SourceRecord rec;
      rec.source_partition_json = partition_json_;
      rec.topic = schema.topic();
      const binlog::Row& key_row = after != nullptr ? *after : *before;
      if (schema.has_key()) {
        rec.key.schema_json = schema.key_schema();
        auto k = schema.write_key(key_row, rec.key.payload_json);
        if (!k) return k;
      } else {
        rec.key.is_null = true;
      }
      rec.value.schema_json = schema.envelope_schema();
      std::string& v = rec.value.payload_json;
      v.reserve(512);
      v += "{\"before\":";
      if (before != nullptr) {
        auto w = schema.write_row(*before, v);
        if (!w) return w;
      } else {
        v += "null";
      }
      v += ",\"after\":";
      if (after != nullptr) {
        auto w = schema.write_row(*after, v, diff_base);
        if (!w) return w;
      } else {
        v += "null";
      }
      v += ",\"source\":";
      write_source(v, schema.database(), schema.table(), event.header.timestamp, event.header.server_id, row_index);
      v += ",\"op\":\"";
      v.push_back(op);
      v += "\",\"ts_ms\":";
      json::append_int(v, now / 1000000);
      v += ",\"ts_us\":";
      json::append_int(v, now / 1000);
      v += ",\"ts_ns\":";
      json::append_int(v, now);
      v += ",\"transaction\":null}";
      out.push_back(std::move(rec));
      record_rows.push_back(row_index);
      return {};
    };
    auto tombstone = [&](const binlog::Row& row) -> Result<void> {
      if (!config_.tombstones_on_delete) return {};
      SourceRecord rec;
      rec.source_partition_json = partition_json_;
      rec.topic = schema.topic();
      if (schema.has_key()) {
        rec.key.schema_json = schema.key_schema();
        auto k = schema.write_key(row, rec.key.payload_json);
        if (!k) return k;
      } else {
        rec.key.is_null = true;
      }
      rec.value.is_null = true;
      out.push_back(std::move(rec));
      record_rows.push_back(row_index);
      return {};
    };

    Result<void> r;
    switch (rows.kind) {
      case binlog::RowsKind::write:
        r = emit('c', nullptr, &after_, nullptr);
        break;
      case binlog::RowsKind::delete_:
        r = emit('d', &before_, nullptr, nullptr);
        if (r) r = tombstone(before_);
        break;
      case binlog::RowsKind::update:
        if (schema.has_key() && schema.key_changed(before_, after_)) {
          // A primary-key change is a delete of the old key and a create of the new one.
          r = emit('d', &before_, nullptr, nullptr);
          if (r) r = tombstone(before_);
          if (r) r = emit('c', nullptr, &after_, &before_);
        } else {
          r = emit('u', &before_, &after_, &before_);
        }
        break;
    }
    if (!r) return Error{r.error().code, log_prefix() + r.error().message};
  }

  // Offsets: a restart re-reads this transaction and skips what these records cover.
  const uint32_t total_rows = row_index;
  SourceOffset offset;
  offset.file = tracker_.file();
  offset.pos = tracker_.restart_position();
  offset.server_id = event.header.server_id;
  offset.ts_sec = event.header.timestamp;
  offset.gtids = gtids_.text();
  for (size_t i = first_record; i < out.size(); ++i) {
    const uint32_t row = record_rows[i - first_record];
    // The last record of a row covers that row fully only when it is the row's final record;
    // records of the same row share the same offset except the last one, which completes it.
    const bool row_complete = (i + 1 == out.size()) || record_rows[i + 1 - first_record] != row;
    if (!row_complete) {
      offset.event = event_index;
      offset.row = row;
    } else if (row + 1 < total_rows) {
      offset.event = event_index;
      offset.row = row + 1;
    } else {
      offset.event = event_index + 1;
      offset.row = 0;
    }
    out[i].source_offset_json = offset.to_json();
  }
  return {};
}

}  // namespace cdc
