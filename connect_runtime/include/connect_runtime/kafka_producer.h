// RecordSink on librdkafka's RdKafka::Producer, set up for CDC correctness: idempotent,
// acks=all, at most 5 in flight, Java-compatible (murmur2) partitioning of keyed records.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "connect_runtime/connector.h"
#include "connect_runtime/record_sink.h"

namespace RdKafka {
class Producer;
}

namespace connect_runtime {

// Defaults applied before the user's producer.* keys (which override them):
//   enable.idempotence=true, acks=all, max.in.flight.requests.per.connection=5, linger.ms=5,
//   compression.type=none, partitioner=murmur2_random (Java's default partitioner for keyed
//   records). message.timeout.ms stays librdkafka's default (300000).
ConfigMap default_producer_config();

// Keeps the keys librdkafka knows (validated on a scratch configuration); unknown keys (Java-only
// settings such as key.serializer or buffer.memory) are appended to `skipped` for the caller to
// log. A known key with an invalid value is an error naming `<prefix><key>`.
cdc::Result<ConfigMap> filter_producer_config(const ConfigMap& props, const std::string& prefix,
                                              std::vector<std::string>& skipped);

class KafkaProducer final : public RecordSink {
 public:
  // Creates the producer and starts its poller thread, which serves delivery reports (and thus
  // calls `on_delivery`) every <=100 ms.
  static cdc::Result<std::unique_ptr<KafkaProducer>> create(const SinkSettings& settings,
                                                            DeliveryHandler on_delivery);
  ~KafkaProducer() override;

  // Metadata requests (in slices of <=500 ms, so `cancel` is honoured); failure ->
  // "Kafka at <bootstrap> unreachable: <librdkafka error>".
  cdc::Result<void> check_connectivity(std::chrono::milliseconds timeout,
                                       const std::atomic<bool>& cancel) override;
  cdc::Result<void> produce(const std::string& topic, const std::string* key,
                            const std::string* value, int64_t timestamp_ms, uint64_t seq,
                            const std::atomic<bool>& cancel) override;
  void poll(std::chrono::milliseconds timeout) override;
  cdc::Result<void> flush(std::chrono::milliseconds timeout) override;

  // The cluster id reported by the brokers, if they answer within `timeout` (polled in slices
  // of <=500 ms; gives up when `cancel` is set).
  std::optional<std::string> cluster_id(std::chrono::milliseconds timeout,
                                        const std::atomic<bool>* cancel = nullptr);

  struct Callbacks;

 private:
  KafkaProducer() = default;
  std::string bootstrap_;
  std::string name_;  // for log lines
  std::unique_ptr<Callbacks> callbacks_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::atomic<bool> stop_poller_{false};
  std::thread poller_;
};

// A SinkFactory producing KafkaProducer instances.
SinkFactory kafka_sink_factory();

// Asks the cluster at `bootstrap` for its id (a short-lived producer); nullopt on timeout or
// when `cancel` becomes true.
std::optional<std::string> fetch_kafka_cluster_id(const std::string& bootstrap,
                                                  const ConfigMap& producer_config,
                                                  std::chrono::milliseconds timeout,
                                                  const std::atomic<bool>* cancel = nullptr);

}  // namespace connect_runtime
