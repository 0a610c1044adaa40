#include "connect_runtime/kafka_producer.h"

#include <cstdint>

#include <fmt/format.h>
#include <librdkafka/rdkafkacpp.h>

#include "connect_runtime/errors.h"
#include "connect_runtime/logging.h"

namespace connect_runtime {

struct KafkaProducer::Callbacks final : public RdKafka::DeliveryReportCb, public RdKafka::EventCb {
  DeliveryHandler handler;
  std::string name;

  void dr_cb(RdKafka::Message& m) override {
    const auto seq = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(m.msg_opaque()));
    if (m.err() == RdKafka::ERR_NO_ERROR) {
      handler(seq, nullptr);
      return;
    }
    cdc::Error e = make_error(ConnectErrc::kafka_error,
                              fmt::format("Delivery to topic {} failed: {}", m.topic_name(), m.errstr()));
    handler(seq, &e);
  }

  void event_cb(RdKafka::Event& ev) override {
    switch (ev.type()) {
      case RdKafka::Event::EVENT_ERROR:
        if (ev.fatal()) {
          logger()->error("{} Kafka producer fatal error: {}: {}", name, RdKafka::err2str(ev.err()), ev.str());
        } else {
          logger()->warn("{} Kafka producer: {}: {}", name, RdKafka::err2str(ev.err()), ev.str());
        }
        break;
      case RdKafka::Event::EVENT_LOG: {
        const int sev = ev.severity();
        // Errors also arrive as EVENT_ERROR (logged above), so log lines stay at most WARN;
        // librdkafka's NOTICE/INFO lines are chatty: DEBUG.
        auto level = sev <= RdKafka::Event::EVENT_SEVERITY_WARNING ? spdlog::level::warn
                                                                   : spdlog::level::debug;
        logger()->log(level, "{} librdkafka {}: {}", name, ev.fac(), ev.str());
        break;
      }
      default:
        break;
    }
  }
};

ConfigMap default_producer_config() {
  return {
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"max.in.flight.requests.per.connection", "5"},
      {"linger.ms", "5"},
      {"compression.type", "none"},
      {"partitioner", "murmur2_random"},
  };
}

cdc::Result<ConfigMap> filter_producer_config(const ConfigMap& props, const std::string& prefix,
                                              std::vector<std::string>& skipped) {
  std::unique_ptr<RdKafka::Conf> scratch(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  ConfigMap out;
  for (const auto& [key, value] : props) {
    std::string err;
    switch (scratch->set(key, value, err)) {
      case RdKafka::Conf::CONF_OK:
        out[key] = value;
        break;
      case RdKafka::Conf::CONF_UNKNOWN:
        skipped.push_back(key);
        break;
      case RdKafka::Conf::CONF_INVALID:
        return make_error(ConnectErrc::invalid_config,
                          fmt::format("Invalid value {} for configuration {}{}: {}", value, prefix, key, err));
    }
  }
  return out;
}

cdc::Result<std::unique_ptr<KafkaProducer>> KafkaProducer::create(const SinkSettings& settings,
                                                                  DeliveryHandler on_delivery) {
  std::unique_ptr<KafkaProducer> p(new KafkaProducer());
  p->bootstrap_ = settings.bootstrap_servers;
  p->name_ = settings.task_id >= 0 && !settings.connector_name.empty()
                 ? fmt::format("[{}|task-{}]", settings.connector_name, settings.task_id)
                 : std::string("[producer]");
  p->callbacks_ = std::make_unique<Callbacks>();
  p->callbacks_->handler = std::move(on_delivery);
  p->callbacks_->name = p->name_;

  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string err;
  auto set = [&](const std::string& k, const std::string& v) -> cdc::Result<void> {
    if (conf->set(k, v, err) != RdKafka::Conf::CONF_OK) {
      return make_error(ConnectErrc::kafka_error,
                        fmt::format("Invalid Kafka producer property {}={}: {}", k, v, err));
    }
    return cdc::ok();
  };
  CDC_TRY(set("bootstrap.servers", settings.bootstrap_servers));
  if (!settings.client_id.empty()) CDC_TRY(set("client.id", settings.client_id));
  for (const auto& [k, v] : default_producer_config()) CDC_TRY(set(k, v));
  for (const auto& [k, v] : settings.producer_config) CDC_TRY(set(k, v));
  if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(p->callbacks_.get()), err) !=
          RdKafka::Conf::CONF_OK ||
      conf->set("event_cb", static_cast<RdKafka::EventCb*>(p->callbacks_.get()), err) !=
          RdKafka::Conf::CONF_OK) {
    return make_error(ConnectErrc::kafka_error, "Cannot install Kafka producer callbacks: " + err);
  }
  p->producer_.reset(RdKafka::Producer::create(conf.get(), err));
  if (!p->producer_) {
    return make_error(ConnectErrc::kafka_error,
                      fmt::format("Cannot create a Kafka producer for {}: {}", settings.bootstrap_servers, err));
  }
  KafkaProducer* raw = p.get();
  p->poller_ = std::thread([raw] {
    while (!raw->stop_poller_.load(std::memory_order_relaxed)) raw->producer_->poll(100);
  });
  return p;
}

KafkaProducer::~KafkaProducer() {
  stop_poller_ = true;
  if (poller_.joinable()) poller_.join();
  if (producer_) {
    // Whatever is still queued was never acknowledged, so no offset covers it; drop it now
    // rather than letting the destructor block.
    producer_->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
  }
  producer_.reset();
}

cdc::Result<void> KafkaProducer::check_connectivity(std::chrono::milliseconds timeout,
                                                    const std::atomic<bool>& cancel) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  RdKafka::ErrorCode err = RdKafka::ERR__TIMED_OUT;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    RdKafka::Metadata* md = nullptr;
    err = producer_->metadata(false, nullptr, &md,
                              static_cast<int>(std::min<int64_t>(left.count(), 500)));
    std::unique_ptr<RdKafka::Metadata> holder(md);
    if (err == RdKafka::ERR_NO_ERROR) return cdc::ok();
    if (cancel.load()) {
      return make_error(ConnectErrc::cancelled, "Kafka connectivity check cancelled: the task is stopping");
    }
  }
  return make_error(ConnectErrc::kafka_error,
                    fmt::format("Kafka at {} unreachable: {}", bootstrap_, RdKafka::err2str(err)));
}

cdc::Result<void> KafkaProducer::produce(const std::string& topic, const std::string* key,
                                         const std::string* value, int64_t timestamp_ms, uint64_t seq,
                                         const std::atomic<bool>& cancel) {
  void* payload = value != nullptr ? const_cast<char*>(value->data()) : nullptr;
  const size_t payload_len = value != nullptr ? value->size() : 0;
  const void* key_ptr = key != nullptr ? key->data() : nullptr;
  const size_t key_len = key != nullptr ? key->size() : 0;
  void* opaque = reinterpret_cast<void*>(static_cast<uintptr_t>(seq));
  bool warned = false;
  for (;;) {
    RdKafka::ErrorCode err =
        producer_->produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY, payload,
                           payload_len, key_ptr, key_len, timestamp_ms, opaque);
    if (err == RdKafka::ERR_NO_ERROR) return cdc::ok();
    if (err != RdKafka::ERR__QUEUE_FULL) {
      return make_error(ConnectErrc::kafka_error,
                        fmt::format("Cannot produce to topic {}: {}", topic, RdKafka::err2str(err)));
    }
    // Back-pressure: the local queue is full; wait for deliveries to make room, never drop.
    if (cancel.load()) {
      return make_error(ConnectErrc::cancelled, "Producing cancelled: the task is stopping");
    }
    if (!warned) {
      logger()->debug("{} producer queue full; waiting for deliveries", name_);
      warned = true;
    }
    producer_->poll(100);
  }
}

void KafkaProducer::poll(std::chrono::milliseconds timeout) {
  producer_->poll(static_cast<int>(timeout.count()));
}

cdc::Result<void> KafkaProducer::flush(std::chrono::milliseconds timeout) {
  RdKafka::ErrorCode err = producer_->flush(static_cast<int>(timeout.count()));
  if (err != RdKafka::ERR_NO_ERROR) {
    return make_error(ConnectErrc::kafka_error,
                      fmt::format("{} record(s) still undelivered after {} ms: {}", producer_->outq_len(),
                                  timeout.count(), RdKafka::err2str(err)));
  }
  return cdc::ok();
}

std::optional<std::string> KafkaProducer::cluster_id(std::chrono::milliseconds timeout,
                                                    const std::atomic<bool>* cancel) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || (cancel != nullptr && cancel->load())) return std::nullopt;
    std::string id = producer_->clusterid(static_cast<int>(std::min<int64_t>(left.count(), 500)));
    if (!id.empty()) return id;
  }
}

SinkFactory kafka_sink_factory() {
  return [](const SinkSettings& settings,
            DeliveryHandler handler) -> cdc::Result<std::unique_ptr<RecordSink>> {
    auto p = KafkaProducer::create(settings, std::move(handler));
    if (!p.ok()) return p.error();
    return std::unique_ptr<RecordSink>(std::move(*p));
  };
}

std::optional<std::string> fetch_kafka_cluster_id(const std::string& bootstrap,
                                                  const ConfigMap& producer_config,
                                                  std::chrono::milliseconds timeout,
                                                  const std::atomic<bool>* cancel) {
  SinkSettings s;
  s.bootstrap_servers = bootstrap;
  s.producer_config = producer_config;
  s.client_id = "connect-cluster-id";
  s.task_id = -1;
  auto p = KafkaProducer::create(s, [](uint64_t, const cdc::Error*) {});
  if (!p.ok()) return std::nullopt;
  return (*p)->cluster_id(timeout, cancel);
}

}  // namespace connect_runtime
