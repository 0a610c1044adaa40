#include "connector_config.h"

#include <algorithm>
#include <charconv>
#include <regex>
#include <set>

namespace cdc {
namespace {

using connect_runtime::ConfigIssue;
using connect_runtime::ConfigMap;

// Keys we act upon. Anything else is accepted with a warning, as Kafka Connect does, so an
// existing Debezium configuration registers unchanged.
const std::set<std::string>& known_keys() {
  static const std::set<std::string> keys = {
      "name", "connector.class", "tasks.max", "key.converter", "value.converter",
      "key.converter.schemas.enable", "value.converter.schemas.enable",
      "database.hostname", "database.port", "database.user", "database.password",
      "database.server.id", "topic.prefix", "database.include.list", "database.exclude.list",
      "table.include.list", "table.exclude.list", "tombstones.on.delete", "include.query",
      "decimal.handling.mode", "binary.handling.mode", "bigint.unsigned.handling.mode",
      "snapshot.mode", "snapshot.locking.mode", "connect.timeout.ms", "errors.max.retries", "errors.retry.delay.max.ms",
      "max.batch.size", "max.queue.size.in.bytes", "heartbeat.interval.ms", "database.ssl.mode",
      "include.schema.changes", "schema.history.internal", "schema.history.internal.kafka.topic",
      "schema.history.internal.kafka.bootstrap.servers", "schema.history.internal.file.filename",
      "schema.history.internal.kafka.recovery.poll.interval.ms",
      "schema.history.internal.kafka.recovery.attempts", "schema.history.internal.kafka.query.timeout.ms",
      "schema.history.internal.store.only.captured.tables.ddl",
      "schema.history.internal.store.only.captured.databases.ddl",
      "schema.history.internal.skip.unparseable.ddl",
  };
  return keys;
}

// Keys whose defaults we already match, so setting them to the default is not worth a warning.
bool default_matches(const std::string& key, const std::string& value) {
  static const std::set<std::pair<std::string, std::string>> same = {
      {"time.precision.mode", "adaptive_time_microseconds"},
      {"provide.transaction.metadata", "false"},
  };
  return same.count({key, value}) > 0;
}

struct Reader {
  const ConfigMap& map;
  std::vector<ConfigIssue>& issues;

  const std::string* find(const std::string& key) const {
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  }

  std::string required(const std::string& key) {
    const std::string* v = find(key);
    if (v == nullptr || v->empty()) {
      issues.push_back({key, "Missing required configuration \"" + key + "\" which has no default value."});
      return {};
    }
    return *v;
  }

  std::string optional(const std::string& key, const std::string& fallback = {}) const {
    const std::string* v = find(key);
    return v == nullptr ? fallback : *v;
  }

  template <class Int>
  Int integer(const std::string& key, Int fallback, int64_t min, int64_t max, bool is_required = false) {
    const std::string* v = find(key);
    if (v == nullptr || v->empty()) {
      if (is_required) issues.push_back({key, "Missing required configuration \"" + key + "\" which has no default value."});
      return fallback;
    }
    int64_t parsed = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), parsed);
    if (ec != std::errc() || ptr != v->data() + v->size()) {
      issues.push_back({key, "Invalid value " + *v + " for configuration " + key + ": Not a number of type INT"});
      return fallback;
    }
    if (parsed < min || parsed > max) {
      issues.push_back({key, "Invalid value " + *v + " for configuration " + key + ": must be between " +
                                 std::to_string(min) + " and " + std::to_string(max)});
      return fallback;
    }
    return static_cast<Int>(parsed);
  }

  bool boolean(const std::string& key, bool fallback) {
    const std::string* v = find(key);
    if (v == nullptr || v->empty()) return fallback;
    std::string lower = *v;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "true") return true;
    if (lower == "false") return false;
    issues.push_back({key, "Invalid value " + *v + " for configuration " + key + ": Expected value to be either true or false"});
    return fallback;
  }

  template <class E>
  E choice(const std::string& key, E fallback, const std::vector<std::pair<std::string, E>>& options) {
    const std::string* v = find(key);
    if (v == nullptr || v->empty()) return fallback;
    std::string names;
    for (const auto& [name, value] : options) {
      if (name == *v) return value;
      names += (names.empty() ? "" : ", ") + name;
    }
    issues.push_back({key, "Invalid value " + *v + " for configuration " + key + ": must be one of " + names});
    return fallback;
  }

  // A comma-separated list of regular expressions; each must compile.
  std::string regex_list(const std::string& key) {
    std::string v = optional(key);
    size_t start = 0;
    while (start <= v.size() && !v.empty()) {
      size_t comma = v.find(',', start);
      std::string item = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      try {
        std::regex re(item);
      } catch (const std::regex_error& e) {
        issues.push_back({key, "Invalid value " + v + " for configuration " + key + ": the pattern '" + item +
                                   "' is not a valid regular expression (" + e.what() + ")"});
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return v;
  }
};

// schema.history.internal.*: where the DDL history lives (Debezium's Kafka and file stores).
void parse_history(Reader& r, ConnectorConfig& c) {
  using Kind = schema_history::HistoryStoreConfig::Kind;
  auto& h = c.history;
  const std::string kind = r.optional("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory");
  if (kind == "io.debezium.storage.kafka.history.KafkaSchemaHistory" ||
      kind == "io.debezium.relational.history.KafkaDatabaseHistory") {
    h.kind = Kind::kafka;
    h.kafka_topic = r.required("schema.history.internal.kafka.topic");
    h.kafka_bootstrap = r.required("schema.history.internal.kafka.bootstrap.servers");
  } else if (kind == "io.debezium.storage.file.history.FileSchemaHistory" ||
             kind == "io.debezium.relational.history.FileDatabaseHistory") {
    h.kind = Kind::file;
    h.file_path = r.required("schema.history.internal.file.filename");
  } else if (kind == "io.debezium.relational.history.MemorySchemaHistory") {
    h.kind = Kind::memory;  // lost on restart: only for tests and throwaway connectors
  } else {
    r.issues.push_back({"schema.history.internal",
                        "Invalid value " + kind +
                            " for configuration schema.history.internal: must be one of "
                            "io.debezium.storage.kafka.history.KafkaSchemaHistory, "
                            "io.debezium.storage.file.history.FileSchemaHistory, "
                            "io.debezium.relational.history.MemorySchemaHistory"});
  }
  h.recovery_poll_interval = std::chrono::milliseconds(
      r.integer<int64_t>("schema.history.internal.kafka.recovery.poll.interval.ms", 100, 1, 3600000));
  h.recovery_attempts = r.integer<int>("schema.history.internal.kafka.recovery.attempts", 100, 1, 1000000);
  h.query_timeout =
      std::chrono::milliseconds(r.integer<int64_t>("schema.history.internal.kafka.query.timeout.ms", 3000, 1, 3600000));
  h.client_id = c.name.empty() ? "cdc-schemahistory" : c.name + "-schemahistory";
  for (const auto& [key, value] : r.map) {
    static const std::string producer = "schema.history.internal.producer.";
    static const std::string consumer = "schema.history.internal.consumer.";
    if (key.rfind(producer, 0) == 0) h.producer_overrides[key.substr(producer.size())] = value;
    if (key.rfind(consumer, 0) == 0) h.consumer_overrides[key.substr(consumer.size())] = value;
  }
  c.history_store_only_captured_tables = r.boolean("schema.history.internal.store.only.captured.tables.ddl", false);
  c.history_store_only_captured_databases =
      r.boolean("schema.history.internal.store.only.captured.databases.ddl", false);
  c.history_skip_unparseable_ddl = r.boolean("schema.history.internal.skip.unparseable.ddl", false);
  c.include_schema_changes = r.boolean("include.schema.changes", true);
}

}  // namespace

ConnectorConfig ConnectorConfig::parse(const ConfigMap& map, std::vector<ConfigIssue>& issues,
                                       std::vector<std::string>& warnings) {
  Reader r{map, issues};
  ConnectorConfig c;
  c.name = r.optional("name");
  c.connector_class = r.optional("connector.class");
  c.flavor = c.connector_class.find("mariadb") != std::string::npos ? "mariadb" : "mysql";
  c.hostname = r.required("database.hostname");
  c.port = r.integer<uint16_t>("database.port", 3306, 1, 65535);
  c.user = r.required("database.user");
  c.password = r.optional("database.password");
  // Debezium's modes; certificate verification (verify_ca, verify_identity) needs trust-store
  // settings we do not have yet, so those are refused rather than silently weakened.
  c.ssl_mode = r.choice<binlog::TlsMode>("database.ssl.mode", binlog::TlsMode::preferred,
                                         {{"disabled", binlog::TlsMode::disabled},
                                          {"preferred", binlog::TlsMode::preferred},
                                          {"required", binlog::TlsMode::required}});
  c.server_id = r.integer<uint32_t>("database.server.id", 0, 1, 4294967295LL, /*is_required=*/true);
  c.topic_prefix = r.required("topic.prefix");
  static const std::regex topic_chars("[A-Za-z0-9._-]+");
  if (!c.topic_prefix.empty() && !std::regex_match(c.topic_prefix, topic_chars)) {
    issues.push_back({"topic.prefix", "Invalid value " + c.topic_prefix +
                                          " for configuration topic.prefix: only letters, digits, '.', '_' and '-' are allowed in a topic name"});
  }
  c.database_include = r.regex_list("database.include.list");
  c.database_exclude = r.regex_list("database.exclude.list");
  c.table_include = r.regex_list("table.include.list");
  c.table_exclude = r.regex_list("table.exclude.list");
  if (!c.database_include.empty() && !c.database_exclude.empty()) {
    issues.push_back({"database.exclude.list", "\"database.include.list\" is already specified; database.exclude.list cannot be used with it"});
  }
  if (!c.table_include.empty() && !c.table_exclude.empty()) {
    issues.push_back({"table.exclude.list", "\"table.include.list\" is already specified; table.exclude.list cannot be used with it"});
  }
  c.tombstones_on_delete = r.boolean("tombstones.on.delete", true);
  c.include_query = r.boolean("include.query", false);
  c.decimal_handling = r.choice<DecimalHandling>("decimal.handling.mode", DecimalHandling::precise,
                                                 {{"precise", DecimalHandling::precise},
                                                  {"double", DecimalHandling::double_},
                                                  {"string", DecimalHandling::string}});
  c.binary_handling = r.choice<BinaryHandling>("binary.handling.mode", BinaryHandling::bytes,
                                               {{"bytes", BinaryHandling::bytes},
                                                {"base64", BinaryHandling::base64},
                                                {"base64-url-safe", BinaryHandling::base64_url_safe},
                                                {"hex", BinaryHandling::hex}});
  c.bigint_unsigned_handling = r.choice<BigintUnsignedHandling>(
      "bigint.unsigned.handling.mode", BigintUnsignedHandling::long_,
      {{"long", BigintUnsignedHandling::long_}, {"precise", BigintUnsignedHandling::precise}});
  c.snapshot_mode = r.optional("snapshot.mode", "initial");
  static const std::set<std::string> snapshot_modes = {
      "initial", "initial_only", "when_needed", "never", "no_data", "schema_only",
      "schema_only_recovery", "recovery", "always", "configuration_based", "custom"};
  if (snapshot_modes.count(c.snapshot_mode) == 0) {
    issues.push_back({"snapshot.mode", "Invalid value " + c.snapshot_mode + " for configuration snapshot.mode"});
  }
  c.snapshot_locking_mode = r.choice<std::string>("snapshot.locking.mode", "minimal",
                                                  {{"minimal", "minimal"}, {"extended", "extended"},
                                                   {"minimal_percona", "minimal"}, {"none", "none"}});
  c.connect_timeout_ms = r.integer<unsigned>("connect.timeout.ms", 30000, 1000, 3600000);
  c.max_retries = r.integer<int>("errors.max.retries", -1, -1, 1000000);
  c.retry_backoff_max_ms = r.integer<unsigned>("errors.retry.delay.max.ms", 10000, 100, 3600000);
  c.max_batch_size = r.integer<size_t>("max.batch.size", 2048, 1, 1000000);
  c.max_queue_bytes = r.integer<size_t>("max.queue.size.in.bytes", 64u << 20, 1 << 20, int64_t{1} << 40);
  if (r.find("max.queue.size.in.bytes") != nullptr && r.optional("max.queue.size.in.bytes") == "0") {
    c.max_queue_bytes = 64u << 20;  // Debezium's 0 means "no byte limit"; we always keep one
  }

  parse_history(r, c);

  for (const auto& [key, value] : map) {
    if (known_keys().count(key) > 0) continue;
    if (key.rfind("schema.history.internal.producer.", 0) == 0 ||
        key.rfind("schema.history.internal.consumer.", 0) == 0) {
      continue;
    }
    if (key.rfind("transforms", 0) == 0 || key.rfind("predicates", 0) == 0 ||
        key.rfind("errors.", 0) == 0 || key.rfind("key.converter.", 0) == 0 ||
        key.rfind("value.converter.", 0) == 0 || key.rfind("header.converter", 0) == 0 ||
        key.rfind("topic.creation.", 0) == 0 || default_matches(key, value)) {
      if (key.rfind("transforms", 0) == 0 || key.rfind("predicates", 0) == 0) {
        warnings.push_back("'" + key + "' is accepted but transforms are not applied yet");
      }
      continue;
    }
    warnings.push_back("'" + key + "' is not a setting this connector uses yet; it is kept but ignored");
  }
  if (c.snapshot_mode != "never" && c.snapshot_mode != "no_data" && c.snapshot_mode != "schema_only") {
    warnings.push_back("snapshot.mode=" + c.snapshot_mode +
                       ": snapshots are not implemented yet; streaming starts at the current binlog position");
  }
  return c;
}

}  // namespace cdc
