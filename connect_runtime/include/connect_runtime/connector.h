// The plugin contract between the worker (connect_runtime/) and connectors (cdc/ and, later,
// sinks). Shapes follow Kafka Connect's SourceConnector / SourceTask, but records carry their
// key and value already rendered as JSON text so the hot path never builds a DOM.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace connect_runtime {

using ConfigMap = std::map<std::string, std::string>;

// One side (key or value) of a record in Connect's data model. The connector renders it:
// `schema_json` is the Connect schema exactly as JsonConverter writes it under "schema" (shared by
// every record of a table version, so it is built once), `payload_json` the payload JSON text.
// A null payload (a tombstone's value, a keyless table's key) has `is_null` set.
struct RecordData {
  std::shared_ptr<const std::string> schema_json;
  std::string payload_json;
  bool is_null = false;

  static RecordData null_with_schema(std::shared_ptr<const std::string> schema) {
    RecordData d;
    d.schema_json = std::move(schema);
    d.is_null = true;
    return d;
  }
};

struct SourceRecord {
  // Connect's sourcePartition / sourceOffset maps as JSON object text, e.g.
  // {"server":"dbserver1"} and {"file":"mysql-bin.000003","pos":154,"row":1,...}.
  // The offset is stored only once this record and every record before it are acknowledged.
  std::string source_partition_json;
  std::string source_offset_json;
  std::string topic;
  RecordData key;
  RecordData value;
  int64_t timestamp_ms = 0;
};

// What a running task may ask of its worker.
class SourceTaskContext {
 public:
  virtual ~SourceTaskContext() = default;
  // The last offset stored for `partition_json` (JSON object text), if any.
  virtual std::optional<std::string> committed_offset(const std::string& partition_json) = 0;
};

class SourceTask {
 public:
  virtual ~SourceTask() = default;
  // Connect to the source and position at the committed offset. An error fails the task with
  // its message as the status trace.
  virtual cdc::Result<void> start(const ConfigMap& config, SourceTaskContext& context) = 0;
  // Append ready records to `out`, waiting at most `timeout` when none are ready. Returning
  // an error fails the task; records appended before the error are still delivered.
  virtual cdc::Result<void> poll(std::vector<SourceRecord>& out, std::chrono::milliseconds timeout) = 0;
  // Thread-safe; asks a blocked poll() to return soon. The worker calls close() afterwards
  // from the task thread.
  virtual void stop() = 0;
  virtual void close() {}
  // Called after the worker stored offsets up to the last acknowledged record.
  virtual void commit() {}
};

// A per-key validation problem, reported by the REST API as HTTP 400.
struct ConfigIssue {
  std::string key;
  std::string message;
};

class SourceConnector {
 public:
  virtual ~SourceConnector() = default;
  virtual std::string version() const = 0;
  // Problems with required keys, wrong types or values. Unknown keys are not problems (Kafka
  // Connect accepts them); list them in `warnings` instead.
  virtual std::vector<ConfigIssue> validate(const ConfigMap& config,
                                            std::vector<std::string>& warnings) const = 0;
  virtual std::vector<ConfigMap> task_configs(const ConfigMap& config, int max_tasks) const = 0;
  virtual std::unique_ptr<SourceTask> create_task() const = 0;
};

struct PluginInfo {
  std::string class_name;
  std::string type;  // "source" or "sink"
  std::string version;
};

// Connector classes by name (several aliases may share one factory).
class PluginRegistry {
 public:
  using Factory = std::function<std::unique_ptr<SourceConnector>()>;

  void add(const std::string& class_name, const std::string& type, Factory factory);
  // nullptr when no connector of that class is known. Besides the exact registered name, a
  // name resolves like Kafka Connect's plugin aliases: the simple class name
  // ("MySqlConnector") or the simple name without its "Connector" suffix ("MySql"); the first
  // registered class in name order when several share an alias.
  std::unique_ptr<SourceConnector> create(const std::string& class_name) const;
  // The registered class a name resolves to (see create()), with its version; nullopt if none.
  std::optional<PluginInfo> find(const std::string& class_name) const;
  // Every registered class, sorted by name; `version` comes from a throwaway instance.
  std::vector<PluginInfo> list() const;

 private:
  struct Entry {
    PluginInfo info;
    Factory factory;
  };
  const Entry* resolve(const std::string& class_name) const;
  std::map<std::string, Entry> entries_;
};

}  // namespace connect_runtime
