// Where the schema history lives: Debezium's KafkaSchemaHistory (one-partition topic),
// FileSchemaHistory (one JSON record per line) and an in-memory store for tests.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "common/result.h"
#include "schema_history/history_record.h"

namespace schema_history {

enum class HistoryLogLevel { debug, info, warn, error };
// Optional sink for what a store has to say besides its results (ignored settings, librdkafka
// warnings, skipped tombstones). Called from the caller's thread or librdkafka's.
using HistoryLogFn = std::function<void(HistoryLogLevel, const std::string&)>;

struct HistoryStoreConfig {
  enum class Kind { kafka, file, memory } kind = Kind::kafka;
  std::string kafka_topic;      // schema.history.internal.kafka.topic
  std::string kafka_bootstrap;  // schema.history.internal.kafka.bootstrap.servers
  std::map<std::string, std::string>
      producer_overrides;  // schema.history.internal.producer.* (prefix stripped)
  std::map<std::string, std::string> consumer_overrides;  // schema.history.internal.consumer.*
  std::string file_path;                                  // schema.history.internal.file.filename
  std::chrono::milliseconds recovery_poll_interval{
      100};                     // schema.history.internal.kafka.recovery.poll.interval.ms
  int recovery_attempts = 100;  // schema.history.internal.kafka.recovery.attempts
  std::chrono::milliseconds query_timeout{3000};  // schema.history.internal.kafka.query.timeout.ms
  std::string client_id;                          // e.g. "<connector>-schemahistory"
  HistoryLogFn log;                               // optional; nothing is logged when empty
};

class HistoryStore {
 public:
  virtual ~HistoryStore() = default;
  // Connects and makes sure the storage exists: the Kafka topic is created when missing with ONE
  // partition, cleanup.policy=delete, retention.ms=9223372036854775807 (Debezium's Long.MAX),
  // retention.bytes=-1 and the broker's default replication factor. An existing topic with more
  // than one partition is an error saying so (history order would be lost). Errors name the
  // topic/file and the bootstrap servers.
  virtual cdc::Result<void> start() = 0;
  // True when the storage holds at least one record (false: missing topic/file or empty).
  virtual cdc::Result<bool> exists() = 0;
  // Appends one record durably: returns only after Kafka acknowledged it (acks=all, idempotent
  // producer, flush) or the file write was fsync'ed. A failure is returned, never swallowed.
  virtual cdc::Result<void> append(const HistoryRecord& record) = 0;
  // Calls `fn` for every record in storage order, from the first to the last one present when
  // recover() began (Kafka: partition 0 from the beginning up to the high watermark queried at
  // the start; retry per recovery_attempts/poll interval when the consumer returns nothing
  // before the end is reached). A record that does not parse stops recovery with an error naming
  // the topic, partition and offset (file: line number) and quoting the start of the bad text.
  // An error returned by `fn` stops recovery and is returned as is.
  virtual cdc::Result<void> recover(
      const std::function<cdc::Result<void>(HistoryRecord&&)>& fn) = 0;
  virtual void stop() = 0;
  virtual std::string describe()
      const = 0;  // e.g. "Kafka topic schema-changes.inventory at 127.0.0.1:19092"
};

std::unique_ptr<HistoryStore> make_history_store(const HistoryStoreConfig& config);

// The individual stores (make_history_store picks one by `config.kind`).
std::unique_ptr<HistoryStore> make_kafka_history_store(const HistoryStoreConfig& config);
std::unique_ptr<HistoryStore> make_file_history_store(const HistoryStoreConfig& config);
std::unique_ptr<HistoryStore> make_memory_history_store(const HistoryStoreConfig& config);

}  // namespace schema_history
