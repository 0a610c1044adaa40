// Where a task's converted records go. KafkaProducer is the real implementation; tests may plug
// in their own so the herder and task loop can be exercised without a broker.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/result.h"
#include "connect_runtime/connector.h"

namespace connect_runtime {

// Called once per produced record, from whatever thread serves delivery reports, with the
// sequence number given to produce(); `error` is null on success, else a permanent failure.
using DeliveryHandler = std::function<void(uint64_t seq, const cdc::Error* error)>;

struct SinkSettings {
  std::string bootstrap_servers;
  ConfigMap producer_config;  // librdkafka properties (already validated and filtered)
  std::string client_id;      // connector-producer-<connector>-<task>, as Connect names it
  std::string connector_name;
  int task_id = 0;
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // Fails when the destination cannot be reached within `timeout`; the message names it.
  // Gives up early (error with ConnectErrc::cancelled) once `cancel` becomes true.
  virtual cdc::Result<void> check_connectivity(std::chrono::milliseconds timeout,
                                               const std::atomic<bool>& cancel) = 0;
  // Queues one record; `key`/`value` null means a Kafka null. Blocks while the local queue is
  // full (back-pressure, never drops) until there is room or `cancel` becomes true (then an
  // error with ConnectErrc::cancelled). Any other error is permanent for this record. On
  // success the DeliveryHandler is called for `seq` exactly once, later.
  virtual cdc::Result<void> produce(const std::string& topic, const std::string* key,
                                    const std::string* value, int64_t timestamp_ms, uint64_t seq,
                                    const std::atomic<bool>& cancel) = 0;
  // Serves pending delivery reports for at most `timeout`.
  virtual void poll(std::chrono::milliseconds timeout) = 0;
  // Waits until every queued record is reported, at most `timeout` (error when some remain).
  virtual cdc::Result<void> flush(std::chrono::milliseconds timeout) = 0;
};

using SinkFactory = std::function<cdc::Result<std::unique_ptr<RecordSink>>(const SinkSettings&,
                                                                          DeliveryHandler)>;

}  // namespace connect_runtime
