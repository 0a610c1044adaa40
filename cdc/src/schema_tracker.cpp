#include "schema_tracker.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <map>

#include "json_out.h"
#include "schema_history/table_json.h"

namespace cdc {
namespace {

using schema_history::HistoryRecord;
using schema_history::Statement;
using schema_history::StatementKind;
using schema_history::TableChange;

// sql_mode bits (the same in MySQL and MariaDB) that change how DDL text reads.
constexpr uint64_t kModeAnsiQuotes = 1ULL << 2;
constexpr uint64_t kModeNoBackslashEscapes = 1ULL << 20;  // (1 << 21 is STRICT_TRANS_TABLES)

spdlog::logger& logger() {
  static const std::shared_ptr<spdlog::logger> instance = spdlog::default_logger()->clone("mysql");
  return *instance;
}

Error schema_error(const std::string& message) {
  return Error{std::make_error_code(std::errc::invalid_argument), message};
}

bool is_builtin_database(const std::string& db) {
  std::string lower = db;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower == "mysql" || lower == "sys" || lower == "performance_schema" || lower == "information_schema";
}

std::string quote_identifier(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  return out + "`";
}

// Debezium's table id in tableChanges: "db"."table".
std::string table_id_text(const schema_history::TableId& id) { return "\"" + id.database + "\".\"" + id.table + "\""; }

const char* change_type(TableChange::Type t) {
  switch (t) {
    case TableChange::Type::create: return "CREATE";
    case TableChange::Type::alter: return "ALTER";
    case TableChange::Type::drop: return "DROP";
  }
  return "ALTER";
}

std::string shorten(const std::string& sql) { return sql.size() > 300 ? sql.substr(0, 300) + "..." : sql; }

std::string where(const SourceOffset& p) { return p.file + ":" + std::to_string(p.pos); }

}  // namespace

SchemaTracker::SchemaTracker(const ConnectorConfig& config, TableFilter& filter) : config_(config), filter_(filter) {}

Result<void> SchemaTracker::open(std::unique_ptr<schema_history::HistoryStore> store,
                                 schema_history::CatalogOptions options) {
  store_ = std::move(store);
  options_ = std::move(options);
  catalog_ = schema_history::Catalog(options_);
  auto started = store_->start();
  if (!started) return Error{started.error().code, "schema history (" + store_->describe() + "): " + started.error().message};
  return {};
}

Result<bool> SchemaTracker::history_exists() {
  auto exists = store_->exists();
  if (!exists) return Error{exists.error().code, "schema history (" + store_->describe() + "): " + exists.error().message};
  return *exists;
}

void SchemaTracker::close() {
  if (store_) store_->stop();
}

std::string SchemaTracker::position_key(const SourceOffset& p) {
  return p.file + ":" + std::to_string(p.pos) + ":" + std::to_string(p.event) + ":" + std::to_string(p.row);
}

Result<RecoveryStats> SchemaTracker::recover(const SourceOffset& offset) {
  const auto started = std::chrono::steady_clock::now();
  RecoveryStats stats;
  bool in_snapshot = false;
  recorded_later_.clear();
  auto replay = [&](HistoryRecord&& record) -> Result<void> {
    ++stats.records;
    auto position = SourceOffset::parse(record.position_json);
    if (!position) {
      return schema_error("schema history record " + std::to_string(stats.records) + " has a bad position: " +
                          position.error().message);
    }
    if (compare_positions(*position, offset) > 0) {
      recorded_later_.insert(position_key(*position));
      ++stats.later;
      in_snapshot = false;
      return {};
    }
    // A snapshot is a complete description of the server: it replaces whatever came before it
    // (a connector re-created over an existing history).
    if (position->snapshot && !in_snapshot) catalog_ = schema_history::Catalog(options_);
    in_snapshot = position->snapshot;
    schema_history::ParserOptions parser_options;
    parser_options.dialect = options_.dialect;
    auto applied = apply_to_catalog(record.database_name, record.ddl, parser_options);
    if (!applied) {
      return schema_error("schema history record " + std::to_string(stats.records) + " at " + where(*position) +
                          " cannot be applied: " + applied.error().message);
    }
    ++stats.applied;
    return {};
  };
  auto r = store_->recover(replay);
  if (!r) return Error{r.error().code, "recovering the schema history (" + store_->describe() + "): " + r.error().message};
  ++generation_;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

Result<std::optional<SchemaTracker::Applied>> SchemaTracker::apply_to_catalog(
    const std::string& database, const std::string& sql, const schema_history::ParserOptions& options) {
  schema_history::DdlParser parser(options);
  auto statement = parser.parse(sql);
  if (!statement) return statement.error();
  if (!statement->changes_schema()) return std::optional<Applied>();
  Applied applied;
  switch (statement->kind) {
    case StatementKind::create_database:
      applied.database_statement = true;
      applied.database = std::get<schema_history::CreateDatabase>(statement->body).name;
      break;
    case StatementKind::alter_database:
      applied.database_statement = true;
      applied.database = std::get<schema_history::AlterDatabase>(statement->body).name;
      if (applied.database.empty()) applied.database = database;
      break;
    case StatementKind::drop_database:
      applied.database_statement = true;
      applied.database = std::get<schema_history::DropDatabase>(statement->body).name;
      break;
    default:
      break;
  }
  auto changes = catalog_.apply(*statement, database);
  if (!changes) return changes.error();
  applied.changes = std::move(*changes);
  // No changes: e.g. TRUNCATE, an ALTER of a table we do not know, DROP TABLE IF EXISTS of a
  // missing one; nothing to record then.
  if (!applied.changes.empty() || applied.database_statement) ++generation_;
  return std::optional<Applied>(std::move(applied));
}

bool SchemaTracker::worth_recording(const Applied& applied) {
  if (applied.database_statement) {
    if (is_builtin_database(applied.database)) return false;
    return !config_.history_store_only_captured_databases || filter_.database_captured(applied.database);
  }
  if (applied.changes.empty()) return false;
  for (const auto& change : applied.changes) {
    std::vector<const schema_history::TableId*> ids = {&change.id};
    if (change.previous_id) ids.push_back(&*change.previous_id);
    for (const auto* id : ids) {
      if (is_builtin_database(id->database)) continue;
      if (config_.history_store_only_captured_tables && !filter_.captured(id->database, id->table)) continue;
      if (config_.history_store_only_captured_databases && !filter_.database_captured(id->database)) continue;
      return true;
    }
  }
  return false;
}

std::string SchemaTracker::table_changes_json(const Applied& applied) const {
  std::string out = "[";
  bool first = true;
  for (const auto& change : applied.changes) {
    if (!first) out += ",";
    first = false;
    out += "{\"type\":\"";
    out += change_type(change.type);
    out += "\",\"id\":";
    std::string id = table_id_text(change.id);
    if (change.previous_id) id = table_id_text(*change.previous_id) + "," + id;  // a rename: old,new
    json::append_escaped(out, id);
    out += ",\"table\":";
    const schema_history::Table* table = change.type == TableChange::Type::drop ? nullptr : catalog_.find(change.id);
    if (table != nullptr) {
      schema_history::append_table_json(out, *table);
    } else {
      // A dropped table: its definition is gone from the catalog.
      out += "{\"defaultCharsetName\":null,\"primaryKeyColumnNames\":[],\"columns\":[]}";
    }
    out += "}";
  }
  return out + "]";
}

Result<void> SchemaTracker::record(const std::string& database, const std::string& ddl,
                                   const std::string& changes_json, const SourceOffset& position, int64_t ts_ms) {
  if (recorded_later_.count(position_key(position)) > 0) return {};  // recorded before a restart
  HistoryRecord record;
  record.source_json = source_partition_json(config_.topic_prefix);
  record.position_json = position.to_json();
  record.ts_ms = ts_ms;
  record.database_name = database;
  record.ddl = ddl;
  record.table_changes_json = changes_json;
  auto appended = store_->append(record);
  if (!appended) {
    return Error{appended.error().code, "writing the schema history (" + store_->describe() + ") at " +
                                            where(position) + ": " + appended.error().message};
  }
  return {};
}

Result<std::optional<SchemaChange>> SchemaTracker::apply(const std::string& database, const std::string& sql,
                                                         std::optional<uint64_t> sql_mode,
                                                         const SourceOffset& position, int64_t ts_ms) {
  schema_history::ParserOptions options;
  options.dialect = options_.dialect;
  if (sql_mode) {
    options.ansi_quotes = (*sql_mode & kModeAnsiQuotes) != 0;
    options.no_backslash_escapes = (*sql_mode & kModeNoBackslashEscapes) != 0;
  }
  auto applied = apply_to_catalog(database, sql, options);
  if (!applied) {
    if (config_.history_skip_unparseable_ddl) {
      logger().warn("[{} {}] skipping a statement that cannot be parsed (schema.history.internal.skip.unparseable.ddl"
                    "=true; the schemas of the tables it touches may now be wrong): {}; statement: {}",
                    config_.name, where(position), applied.error().message, shorten(sql));
      return std::optional<SchemaChange>();
    }
    return schema_error("cannot parse the statement at binlog " + where(position) + " (database '" + database +
                        "'): " + applied.error().message + "; statement: " + shorten(sql) +
                        ". If the statement does not change a captured table, set "
                        "schema.history.internal.skip.unparseable.ddl=true to skip it");
  }
  if (!*applied || !worth_recording(**applied)) return std::optional<SchemaChange>();
  SchemaChange change;
  change.database = (*applied)->database_statement ? (*applied)->database : database;
  if (!(*applied)->changes.empty()) {
    change.table = (*applied)->changes.front().id.table;
    if (change.database.empty()) change.database = (*applied)->changes.front().id.database;
  }
  change.ddl = sql;
  for (const auto& c : (*applied)->changes) {
    change.tables.push_back(c.id);
    if (c.previous_id) change.tables.push_back(*c.previous_id);
  }
  change.table_changes_json = table_changes_json(**applied);
  change.position = position;
  auto recorded = record(database, sql, change.table_changes_json, position, ts_ms);
  if (!recorded) return recorded.error();
  logger().info("[{} {}] schema change recorded: {}", config_.name, where(position), shorten(sql));
  return std::optional<SchemaChange>(std::move(change));
}

Result<std::vector<SchemaChange>> SchemaTracker::capture(binlog::SqlConnection& sql, const SourceOffset& at,
                                                         int64_t ts_ms) {
  std::vector<SchemaChange> out;
  SourceOffset position = at;
  position.snapshot = true;
  schema_history::ParserOptions options;
  options.dialect = options_.dialect;
  catalog_ = schema_history::Catalog(options_);
  ++generation_;

  auto databases = sql.query("SHOW DATABASES");
  if (!databases) return Error{databases.error().code, "reading the list of databases: " + databases.error().message};
  size_t tables = 0;
  for (const auto& row : *databases) {
    if (row.empty() || !row[0]) continue;
    const std::string db = *row[0];
    if (is_builtin_database(db)) continue;
    if (config_.history_store_only_captured_databases && !filter_.database_captured(db)) continue;
    if (config_.history_store_only_captured_tables && !filter_.database_captured(db)) continue;

    auto create_db = sql.query("SHOW CREATE DATABASE " + quote_identifier(db));
    if (!create_db) return Error{create_db.error().code, "SHOW CREATE DATABASE " + db + ": " + create_db.error().message};
    if (create_db->empty() || create_db->front().size() < 2 || !create_db->front()[1]) continue;
    std::vector<std::pair<std::string, std::string>> statements;  // (default database, ddl)
    statements.emplace_back("", *create_db->front()[1]);

    auto list = sql.query("SHOW FULL TABLES FROM " + quote_identifier(db));
    if (!list) return Error{list.error().code, "listing the tables of " + db + ": " + list.error().message};
    for (const auto& t : *list) {
      if (t.size() < 2 || !t[0] || !t[1]) continue;
      if (*t[1] != "BASE TABLE" && *t[1] != "SYSTEM VERSIONED") continue;  // views have no rows in the binlog
      if (config_.history_store_only_captured_tables && !filter_.captured(db, *t[0])) continue;
      auto create = sql.query("SHOW CREATE TABLE " + quote_identifier(db) + "." + quote_identifier(*t[0]));
      if (!create && sql.last_errno() == 1146) continue;  // dropped meanwhile (no DDL lock): not there at `at`
      if (!create) return Error{create.error().code, "SHOW CREATE TABLE " + db + "." + *t[0] + ": " + create.error().message};
      if (create->empty() || create->front().size() < 2 || !create->front()[1]) continue;
      statements.emplace_back(db, *create->front()[1]);
      ++tables;
    }
    for (const auto& [default_db, ddl] : statements) {
      auto applied = apply_to_catalog(default_db, ddl, options);
      if (!applied) {
        return schema_error("cannot parse what the server printed for " + db + " (" + applied.error().message +
                            "): " + shorten(ddl));
      }
      SchemaChange change;
      change.database = db;
      change.ddl = ddl;
      change.position = position;
      if (*applied) {
        if (!(*applied)->changes.empty()) change.table = (*applied)->changes.front().id.table;
        for (const auto& c : (*applied)->changes) change.tables.push_back(c.id);
        change.table_changes_json = table_changes_json(**applied);
      } else {
        change.table_changes_json = "[]";
      }
      auto recorded = record(default_db, ddl, change.table_changes_json, position, ts_ms);
      if (!recorded) return recorded.error();
      out.push_back(std::move(change));
    }
  }
  logger().info("[{} {}] recorded the schema of {} table(s) in the schema history ({})", config_.name, where(at),
                tables, store_->describe());
  return out;
}

}  // namespace cdc
