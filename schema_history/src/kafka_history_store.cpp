// Debezium's KafkaSchemaHistory on librdkafka: a one-partition topic with unlimited retention,
// records appended synchronously by an idempotent acks=all producer (no key, partition 0) and read
// back by a consumer assigned to partition 0 from the beginning to the high watermark.
//
// librdkafka's C++ API has no Admin client, so topic creation and DescribeConfigs use the C API
// on the producer's handle (Handle::c_ptr()).
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "schema_history/history_store.h"

namespace schema_history {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kRetentionMs = "9223372036854775807";  // Java's Long.MAX_VALUE, as Debezium
constexpr int64_t kFiveYearsMs = 5LL * 365 * 24 * 3600 * 1000;

int ms_left(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<int64_t>(left, 0, 1'000'000'000));
}

// librdkafka callbacks of one client handle: the delivery report of append()'s record and the
// client's events (kept as "last error" for messages, forwarded to the optional log function).
struct ClientCallbacks final : public RdKafka::DeliveryReportCb, public RdKafka::EventCb {
  HistoryLogFn log;
  std::string name;  // "schema history producer for topic X"

  // Delivery of the one record in flight (served by poll()/flush() on the appending thread).
  bool delivered = false;
  RdKafka::ErrorCode delivery_error = RdKafka::ERR_NO_ERROR;
  std::string delivery_errstr;
  int64_t delivery_offset = -1;

  void dr_cb(RdKafka::Message& m) override {
    delivered = true;
    delivery_error = m.err();
    delivery_errstr = m.errstr();
    delivery_offset = m.offset();
  }

  void event_cb(RdKafka::Event& ev) override {
    switch (ev.type()) {
      case RdKafka::Event::EVENT_ERROR: {
        std::string text = RdKafka::err2str(ev.err()) + ": " + ev.str();
        {
          std::lock_guard lock(mu_);
          last_error_ = text;
        }
        emit(ev.fatal() ? HistoryLogLevel::error : HistoryLogLevel::warn, name + ": " + text);
        break;
      }
      case RdKafka::Event::EVENT_LOG: {
        // Errors also arrive as EVENT_ERROR; librdkafka's NOTICE/INFO lines are chatty.
        const auto level = ev.severity() <= RdKafka::Event::EVENT_SEVERITY_WARNING
                               ? HistoryLogLevel::warn
                               : HistoryLogLevel::debug;
        emit(level, name + ": librdkafka " + ev.fac() + ": " + ev.str());
        break;
      }
      default:
        break;
    }
  }

  std::string last_error() {
    std::lock_guard lock(mu_);
    return last_error_;
  }

  void emit(HistoryLogLevel level, const std::string& text) const {
    if (log) log(level, text);
  }

 private:
  std::mutex mu_;
  std::string last_error_;
};

// RAII for the C admin objects.
struct AdminDeleter {
  void operator()(rd_kafka_NewTopic_t* p) const { rd_kafka_NewTopic_destroy(p); }
  void operator()(rd_kafka_AdminOptions_t* p) const { rd_kafka_AdminOptions_destroy(p); }
  void operator()(rd_kafka_queue_t* p) const { rd_kafka_queue_destroy(p); }
  void operator()(rd_kafka_event_t* p) const { rd_kafka_event_destroy(p); }
  void operator()(rd_kafka_ConfigResource_t* p) const { rd_kafka_ConfigResource_destroy(p); }
};
template <class T>
using AdminPtr = std::unique_ptr<T, AdminDeleter>;

struct TopicState {
  bool exists = false;
  size_t partitions = 0;
  bool ready = false;                                // no topic error, and partition 0 has a leader
  RdKafka::ErrorCode error = RdKafka::ERR_NO_ERROR;  // the topic's error in the metadata
};

bool retriable_offsets_error(RdKafka::ErrorCode err) {
  switch (err) {
    case RdKafka::ERR__TIMED_OUT:
    case RdKafka::ERR__TRANSPORT:
    case RdKafka::ERR__ALL_BROKERS_DOWN:
    case RdKafka::ERR__UNKNOWN_PARTITION:
    case RdKafka::ERR__UNKNOWN_TOPIC:
    case RdKafka::ERR_UNKNOWN_TOPIC_OR_PART:
    case RdKafka::ERR_LEADER_NOT_AVAILABLE:
    case RdKafka::ERR_NOT_LEADER_FOR_PARTITION:
    case RdKafka::ERR_REQUEST_TIMED_OUT:
    case RdKafka::ERR_OFFSET_NOT_AVAILABLE:
      return true;
    default:
      return false;
  }
}

class KafkaHistoryStore final : public HistoryStore {
 public:
  explicit KafkaHistoryStore(const HistoryStoreConfig& config) : cfg_(config) {
    if (cfg_.client_id.empty()) cfg_.client_id = "cdc-schemahistory";
    if (cfg_.query_timeout.count() <= 0) cfg_.query_timeout = milliseconds(3000);
    if (cfg_.recovery_poll_interval.count() <= 0) cfg_.recovery_poll_interval = milliseconds(100);
  }
  ~KafkaHistoryStore() override { stop(); }

  cdc::Result<void> start() override {
    std::lock_guard lock(mu_);
    if (started_) return cdc::ok();
    CDC_TRY(connect());
    auto state = topic_state(Clock::now() + cfg_.query_timeout);
    if (!state.ok()) return state.error();
    bool created = false;
    if (!state->exists) {
      auto made = create_topic();
      if (!made.ok()) return made.error();
      created = *made;
    }
    // Wait until the topic is complete in the metadata: a new topic takes a moment to show,
    // and one created by someone else meanwhile must show its partition count.
    const auto deadline = Clock::now() + cfg_.query_timeout;
    while (!(state->exists && state->ready) && ms_left(deadline) > 0) {
      std::this_thread::sleep_for(milliseconds(50));
      auto s = topic_state(Clock::now() + cfg_.query_timeout);
      if (!s.ok()) return s.error();
      state = std::move(s);
    }
    if (!created && (!state->exists || state->partitions == 0)) {
      return make_error(
          HistoryErrc::kafka_error,
          "Schema history topic " + cfg_.kafka_topic + " at " + cfg_.kafka_bootstrap +
              " exists but its partitions are not available within " +
              std::to_string(cfg_.query_timeout.count()) +
              " ms (schema.history.internal.kafka.query.timeout.ms): " +
              RdKafka::err2str(state->exists ? state->error : RdKafka::ERR_UNKNOWN_TOPIC_OR_PART));
    }
    if (state->exists && state->partitions > 1) {
      return make_error(
          HistoryErrc::invalid_topic,
          "Schema history topic " + cfg_.kafka_topic + " at " + cfg_.kafka_bootstrap + " has " +
              std::to_string(state->partitions) +
              " partitions; it must have exactly one partition, or the order of the history "
              "would be lost. Use a topic with a single partition "
              "(schema.history.internal.kafka.topic)");
    }
    if (!created) CDC_TRY(check_topic_configs());
    started_ = true;
    return cdc::ok();
  }

  cdc::Result<bool> exists() override {
    std::lock_guard lock(mu_);
    CDC_TRY(connect());
    const auto deadline = Clock::now() + cfg_.query_timeout;
    auto state = topic_state(deadline);
    if (!state.ok()) return state.error();
    if (!state->exists) return false;
    int64_t low = 0;
    int64_t high = 0;
    CDC_TRY(watermarks(*producer_, *producer_cb_, deadline, low, high));
    return high > low;
  }

  cdc::Result<void> append(const HistoryRecord& record) override {
    const std::string json = to_json(record);
    std::lock_guard lock(mu_);
    if (!started_ || !producer_) {
      return make_error(HistoryErrc::not_started, "Schema history topic " + cfg_.kafka_topic +
                                                      " is not started (start() first)");
    }
    ClientCallbacks& cb = *producer_cb_;
    cb.delivered = false;
    for (;;) {
      // Partition 0 and no key, as Debezium writes the history topic.
      const RdKafka::ErrorCode err =
          producer_->produce(cfg_.kafka_topic, 0, RdKafka::Producer::RK_MSG_COPY,
                             const_cast<char*>(json.data()), json.size(), nullptr, 0, 0, nullptr);
      if (err == RdKafka::ERR_NO_ERROR) break;
      if (err != RdKafka::ERR__QUEUE_FULL) {
        return make_error(HistoryErrc::kafka_error,
                          "Cannot produce to schema history topic " + cfg_.kafka_topic + " at " +
                              cfg_.kafka_bootstrap + ": " + RdKafka::err2str(err));
      }
      producer_->poll(100);
    }
    // Wait for the broker's acknowledgement; librdkafka reports every message within
    // message.timeout.ms, delivered or not.
    while (!cb.delivered) {
      if (stopping_.load()) {
        return make_error(HistoryErrc::kafka_error,
                          "Stopped before Kafka acknowledged the record for schema history topic " +
                              cfg_.kafka_topic);
      }
      producer_->flush(200);
      std::string fatal;
      if (producer_->fatal_error(fatal) != RdKafka::ERR_NO_ERROR && !cb.delivered) {
        return make_error(HistoryErrc::kafka_error, "Kafka producer for schema history topic " +
                                                        cfg_.kafka_topic + " at " +
                                                        cfg_.kafka_bootstrap + " failed: " + fatal);
      }
    }
    if (cb.delivery_error != RdKafka::ERR_NO_ERROR) {
      return make_error(HistoryErrc::kafka_error,
                        "Kafka did not store the record for schema history topic " +
                            cfg_.kafka_topic + " at " + cfg_.kafka_bootstrap + ": " +
                            cb.delivery_errstr);
    }
    return cdc::ok();
  }

  cdc::Result<void> recover(const std::function<cdc::Result<void>(HistoryRecord&&)>& fn) override {
    auto consumer_cb = std::make_unique<ClientCallbacks>();
    consumer_cb->log = cfg_.log;
    consumer_cb->name = "schema history consumer for topic " + cfg_.kafka_topic;
    auto conf = consumer_conf(*consumer_cb);
    if (!conf.ok()) return conf.error();
    std::string err;
    std::unique_ptr<RdKafka::KafkaConsumer> consumer(
        RdKafka::KafkaConsumer::create(conf->get(), err));
    if (!consumer) {
      return make_error(HistoryErrc::kafka_error,
                        "Cannot create a Kafka consumer for schema history topic " +
                            cfg_.kafka_topic + " at " + cfg_.kafka_bootstrap + ": " + err);
    }
    struct Closer {
      RdKafka::KafkaConsumer* c;
      ~Closer() { c->close(); }
    } closer{consumer.get()};

    const auto deadline = Clock::now() + cfg_.query_timeout;
    auto state = topic_state_on(*consumer, *consumer_cb, deadline);
    if (!state.ok()) return state.error();
    if (!state->exists) return cdc::ok();  // no history yet
    int64_t low = 0;
    int64_t high = 0;
    CDC_TRY(watermarks(*consumer, *consumer_cb, deadline, low, high));
    if (high <= low) return cdc::ok();

    std::vector<RdKafka::TopicPartition*> assignment{
        RdKafka::TopicPartition::create(cfg_.kafka_topic, 0, low)};
    struct PartitionsDeleter {
      std::vector<RdKafka::TopicPartition*>& v;
      ~PartitionsDeleter() { RdKafka::TopicPartition::destroy(v); }
    } partitions_deleter{assignment};
    if (RdKafka::ErrorCode e = consumer->assign(assignment); e != RdKafka::ERR_NO_ERROR) {
      return make_error(HistoryErrc::kafka_error,
                        "Cannot assign partition 0 of schema history topic " + cfg_.kafka_topic +
                            " at " + cfg_.kafka_bootstrap + ": " + RdKafka::err2str(e));
    }

    const int poll_ms =
        static_cast<int>(std::min<int64_t>(cfg_.recovery_poll_interval.count(), 1'000'000'000));
    int empty_polls = 0;
    int64_t next = low;
    std::string last_error;
    while (next < high) {
      std::unique_ptr<RdKafka::Message> msg(consumer->consume(poll_ms));
      const RdKafka::ErrorCode e = msg->err();
      if (e == RdKafka::ERR_NO_ERROR) {
        if (msg->partition() != 0 || msg->offset() < next) continue;
        if (msg->offset() >= high) break;
        empty_polls = 0;
        const int64_t offset = msg->offset();
        next = offset + 1;
        if (msg->payload() == nullptr) {
          consumer_cb->emit(HistoryLogLevel::warn,
                            "Skipping a tombstone (null value) in schema history topic " +
                                cfg_.kafka_topic + " partition 0 offset " + std::to_string(offset));
          continue;
        }
        const std::string_view text(static_cast<const char*>(msg->payload()), msg->len());
        auto rec = parse_history_record(text);
        if (!rec.ok()) {
          return make_error(HistoryErrc::corrupt_record,
                            "Schema history topic " + cfg_.kafka_topic + " partition 0 offset " +
                                std::to_string(offset) + " (at " + cfg_.kafka_bootstrap +
                                "): " + rec.error().message + "; the record starts with '" +
                                quote_start(text) + "'");
        }
        CDC_TRY(fn(std::move(*rec)));
        continue;
      }
      if (e != RdKafka::ERR__TIMED_OUT && e != RdKafka::ERR__PARTITION_EOF) {
        last_error = RdKafka::err2str(e) + ": " + msg->errstr();
      }
      // Nothing came: the end may be made of records a consumer never sees (transaction
      // markers), which the position tells.
      if (consumer->position(assignment) == RdKafka::ERR_NO_ERROR &&
          assignment[0]->offset() >= high)
        break;
      if (++empty_polls > cfg_.recovery_attempts) {
        std::string message =
            "Schema history topic " + cfg_.kafka_topic + " at " + cfg_.kafka_bootstrap +
            ": recovery stopped at offset " + std::to_string(next) +
            " of partition 0 before the end offset " + std::to_string(high) + ": no record for " +
            std::to_string(cfg_.recovery_attempts) + " polls of " + std::to_string(poll_ms) +
            " ms (schema.history.internal.kafka.recovery.attempts, "
            "schema.history.internal.kafka.recovery.poll.interval.ms)";
        if (last_error.empty()) last_error = consumer_cb->last_error();
        if (!last_error.empty()) message += "; last error: " + last_error;
        return make_error(HistoryErrc::recovery_incomplete, message);
      }
    }
    return cdc::ok();
  }

  void stop() override {
    stopping_ = true;
    std::lock_guard lock(mu_);
    if (producer_) {
      // append() waits for every record it sends, so only a record abandoned by a concurrent
      // stop can be left; destroying the producer must not wait for it.
      producer_->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
      producer_->poll(0);
    }
    producer_.reset();
    producer_cb_.reset();
    started_ = false;
    stopping_ = false;
  }

  std::string describe() const override {
    return "Kafka topic " + cfg_.kafka_topic + " at " + cfg_.kafka_bootstrap;
  }

 private:
  std::string where() const {
    return "schema history topic " + cfg_.kafka_topic + " at " + cfg_.kafka_bootstrap;
  }

  // A configuration: our settings, then the user's overrides (prefix stripped; keys librdkafka
  // does not know, such as Java's key.serializer, are skipped with a warning).
  cdc::Result<std::unique_ptr<RdKafka::Conf>> build_conf(
      const std::vector<std::pair<std::string, std::string>>& ours,
      const std::map<std::string, std::string>& overrides, const std::string& prefix,
      ClientCallbacks& cb, bool producer) {
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    std::string err;
    for (const auto& [k, v] : ours) {
      if (conf->set(k, v, err) != RdKafka::Conf::CONF_OK) {
        return make_error(HistoryErrc::invalid_config,
                          "Invalid Kafka setting " + k + " for " + where() + ": " + err);
      }
    }
    for (const auto& [k, v] : overrides) {
      switch (conf->set(k, v, err)) {
        case RdKafka::Conf::CONF_OK:
          break;
        case RdKafka::Conf::CONF_UNKNOWN:
          cb.emit(HistoryLogLevel::warn, "Ignoring " + prefix + k + ": not a librdkafka setting");
          break;
        case RdKafka::Conf::CONF_INVALID:
          return make_error(HistoryErrc::invalid_config,
                            "Invalid " + prefix + k + " for " + where() + ": " + err);
      }
    }
    if ((producer && conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(&cb), err) !=
                         RdKafka::Conf::CONF_OK) ||
        conf->set("event_cb", static_cast<RdKafka::EventCb*>(&cb), err) != RdKafka::Conf::CONF_OK) {
      return make_error(HistoryErrc::invalid_config,
                        "Cannot install the Kafka callbacks for " + where() + ": " + err);
    }
    return conf;
  }

  cdc::Result<std::unique_ptr<RdKafka::Conf>> consumer_conf(ClientCallbacks& cb) {
    return build_conf(
        {{"bootstrap.servers", cfg_.kafka_bootstrap},
         {"client.id", cfg_.client_id},
         {"group.id", cfg_.client_id},  // required by librdkafka; no offsets are committed
         {"enable.auto.commit", "false"},
         {"enable.auto.offset.store", "false"},
         {"auto.offset.reset", "earliest"},
         {"enable.partition.eof", "false"},
         {"allow.auto.create.topics", "false"}},
        cfg_.consumer_overrides, "schema.history.internal.consumer.", cb, false);
  }

  // Creates the producer (also used for metadata and admin requests) unless it exists.
  cdc::Result<void> connect() {
    if (producer_) return cdc::ok();
    if (cfg_.kafka_topic.empty()) {
      return make_error(
          HistoryErrc::invalid_config,
          "schema.history.internal.kafka.topic is not set (the Kafka schema history needs it)");
    }
    if (cfg_.kafka_bootstrap.empty()) {
      return make_error(HistoryErrc::invalid_config,
                        "schema.history.internal.kafka.bootstrap.servers is not set "
                        "(needed for schema history topic " +
                            cfg_.kafka_topic + ")");
    }
    // The consumer settings are checked now, so that a bad one fails start(), not recovery.
    {
      ClientCallbacks scratch;
      scratch.log = cfg_.log;
      auto conf = consumer_conf(scratch);
      if (!conf.ok()) return conf.error();
    }
    auto cb = std::make_unique<ClientCallbacks>();
    cb->log = cfg_.log;
    cb->name = "schema history producer for topic " + cfg_.kafka_topic;
    auto conf = build_conf({{"bootstrap.servers", cfg_.kafka_bootstrap},
                            {"client.id", cfg_.client_id},
                            {"enable.idempotence", "true"},
                            {"acks", "all"},
                            {"linger.ms", "0"},
                            // Only start() creates the topic, with one partition.
                            {"allow.auto.create.topics", "false"}},
                           cfg_.producer_overrides, "schema.history.internal.producer.", *cb, true);
    if (!conf.ok()) return conf.error();
    std::string err;
    std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf->get(), err));
    if (!producer) {
      return make_error(HistoryErrc::kafka_error,
                        "Cannot create a Kafka producer for " + where() + ": " + err);
    }
    producer_cb_ = std::move(cb);
    producer_ = std::move(producer);
    return cdc::ok();
  }

  // Serves the error events queued on a producer (a KafkaConsumer serves them in consume()), so
  // that the last one can be quoted.
  static void serve_events(RdKafka::Handle& handle) {
    if (auto* producer = dynamic_cast<RdKafka::Producer*>(&handle); producer != nullptr)
      producer->poll(0);
  }

  cdc::Error unreachable(RdKafka::Handle& handle, ClientCallbacks& cb, RdKafka::ErrorCode err) {
    serve_events(handle);
    std::string message =
        "Cannot reach Kafka at " + cfg_.kafka_bootstrap + " for schema history topic " +
        cfg_.kafka_topic + " within " + std::to_string(cfg_.query_timeout.count()) +
        " ms (schema.history.internal.kafka.query.timeout.ms): " + with_last_error(err, cb);
    return make_error(HistoryErrc::kafka_error, message);
  }

  // "<error>", or the client's last error event when it says more ("Local: Broker transport
  // failure: 127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused").
  static std::string with_last_error(RdKafka::ErrorCode err, ClientCallbacks& cb) {
    const std::string text = RdKafka::err2str(err);
    const std::string last = cb.last_error();
    if (last.empty()) return text;
    if (last.rfind(text, 0) == 0) return last;
    return text + "; last error: " + last;
  }

  cdc::Result<TopicState> topic_state(Clock::time_point deadline) {
    return topic_state_on(*producer_, *producer_cb_, deadline);
  }

  // The topic as the cluster metadata shows it (all topics are asked for, so that asking never
  // creates the topic on a broker with auto.create.topics.enable).
  cdc::Result<TopicState> topic_state_on(RdKafka::Handle& handle, ClientCallbacks& cb,
                                         Clock::time_point deadline) {
    RdKafka::ErrorCode err = RdKafka::ERR__TIMED_OUT;
    for (;;) {
      const int left = ms_left(deadline);
      if (left <= 0) break;
      RdKafka::Metadata* raw = nullptr;
      err = handle.metadata(true, nullptr, &raw, left);
      std::unique_ptr<RdKafka::Metadata> md(raw);
      if (err == RdKafka::ERR_NO_ERROR && md) {
        TopicState state;
        for (const RdKafka::TopicMetadata* t : *md->topics()) {
          if (t->topic() != cfg_.kafka_topic) continue;
          if (t->err() == RdKafka::ERR_UNKNOWN_TOPIC_OR_PART) break;
          state.exists = true;
          state.error = t->err();
          state.partitions = t->partitions()->size();
          for (const RdKafka::PartitionMetadata* p : *t->partitions()) {
            if (p->id() == 0) {
              state.ready = t->err() == RdKafka::ERR_NO_ERROR &&
                            p->err() == RdKafka::ERR_NO_ERROR && p->leader() >= 0;
            }
          }
          break;
        }
        return state;
      }
      std::this_thread::sleep_for(milliseconds(std::min(50, ms_left(deadline))));
    }
    return unreachable(handle, cb, err);
  }

  cdc::Result<void> watermarks(RdKafka::Handle& handle, ClientCallbacks& cb,
                               Clock::time_point deadline, int64_t& low, int64_t& high) {
    RdKafka::ErrorCode err = RdKafka::ERR__TIMED_OUT;
    for (;;) {
      const int left = ms_left(deadline);
      if (left <= 0) break;
      err = handle.query_watermark_offsets(cfg_.kafka_topic, 0, &low, &high, left);
      if (err == RdKafka::ERR_NO_ERROR) return cdc::ok();
      if (!retriable_offsets_error(err)) break;
      std::this_thread::sleep_for(milliseconds(std::min(100, ms_left(deadline))));
    }
    serve_events(handle);
    std::string message =
        "Cannot read the offsets of partition 0 of " + where() + " within " +
        std::to_string(cfg_.query_timeout.count()) +
        " ms (schema.history.internal.kafka.query.timeout.ms): " + with_last_error(err, cb);
    return make_error(HistoryErrc::kafka_error, message);
  }

  // Waits for one admin result event on `queue`; the request itself times out after the query
  // timeout, so the wait is bounded.
  cdc::Result<AdminPtr<rd_kafka_event_t>> admin_result(rd_kafka_queue_t* queue, const char* what) {
    AdminPtr<rd_kafka_event_t> ev(
        rd_kafka_queue_poll(queue, static_cast<int>(cfg_.query_timeout.count()) + 5000));
    if (!ev) {
      return make_error(HistoryErrc::kafka_error,
                        std::string(what) + " " + where() + ": no answer within " +
                            std::to_string(cfg_.query_timeout.count()) + " ms");
    }
    if (rd_kafka_event_error(ev.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return make_error(HistoryErrc::kafka_error, std::string(what) + " " + where() + ": " +
                                                      rd_kafka_event_error_string(ev.get()));
    }
    return ev;
  }

  cdc::Result<AdminPtr<rd_kafka_AdminOptions_t>> admin_options(rd_kafka_admin_op_t op) {
    char errstr[512] = {0};
    AdminPtr<rd_kafka_AdminOptions_t> options(rd_kafka_AdminOptions_new(producer_->c_ptr(), op));
    const int timeout = static_cast<int>(cfg_.query_timeout.count());
    if (!options ||
        rd_kafka_AdminOptions_set_request_timeout(options.get(), timeout, errstr, sizeof errstr) !=
            RD_KAFKA_RESP_ERR_NO_ERROR) {
      return make_error(HistoryErrc::invalid_config,
                        "Cannot set up a Kafka admin request for " + where() + ": " + errstr);
    }
    if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS &&
        rd_kafka_AdminOptions_set_operation_timeout(options.get(), timeout, errstr,
                                                    sizeof errstr) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return make_error(HistoryErrc::invalid_config,
                        "Cannot set up a Kafka admin request for " + where() + ": " + errstr);
    }
    return options;
  }

  // True when this call created the topic, false when it existed meanwhile (created by someone
  // else after our metadata request, or not yet in that broker's metadata).
  cdc::Result<bool> create_topic() {
    rd_kafka_t* rk = producer_->c_ptr();
    char errstr[512] = {0};
    // -1: the broker's default.replication.factor (brokers >= 2.4).
    AdminPtr<rd_kafka_NewTopic_t> topic(
        rd_kafka_NewTopic_new(cfg_.kafka_topic.c_str(), 1, -1, errstr, sizeof errstr));
    if (!topic) {
      return make_error(HistoryErrc::invalid_config, "Cannot create " + where() + ": " + errstr);
    }
    const std::pair<const char*, const char*> settings[] = {
        {"cleanup.policy", "delete"}, {"retention.ms", kRetentionMs}, {"retention.bytes", "-1"}};
    for (const auto& [k, v] : settings) {
      if (rd_kafka_NewTopic_set_config(topic.get(), k, v) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return make_error(HistoryErrc::invalid_config,
                          std::string("Cannot set ") + k + " for " + where());
      }
    }
    auto options = admin_options(RD_KAFKA_ADMIN_OP_CREATETOPICS);
    if (!options.ok()) return options.error();
    AdminPtr<rd_kafka_queue_t> queue(rd_kafka_queue_new(rk));
    rd_kafka_NewTopic_t* topics[] = {topic.get()};
    rd_kafka_CreateTopics(rk, topics, 1, options->get(), queue.get());
    auto ev = admin_result(queue.get(), "Cannot create");
    if (!ev.ok()) return ev.error();
    const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(ev->get());
    size_t count = 0;
    const rd_kafka_topic_result_t** results =
        result != nullptr ? rd_kafka_CreateTopics_result_topics(result, &count) : nullptr;
    for (size_t i = 0; i < count; ++i) {
      const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
      if (err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) return false;
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* text = rd_kafka_topic_result_error_string(results[i]);
        return make_error(
            HistoryErrc::kafka_error,
            "Cannot create " + where() + ": " + (text != nullptr ? text : rd_kafka_err2str(err)));
      }
    }
    producer_cb_->emit(HistoryLogLevel::info,
                       "Created " + where() +
                           " (1 partition, cleanup.policy=delete, retention.ms=" + kRetentionMs +
                           ", retention.bytes=-1, the broker's default replication factor)");
    return true;
  }

  // An existing topic: a compacting one cannot take Debezium's keyless records (an error, found
  // now rather than at the first DDL); a short retention would lose history (a warning, as
  // Debezium). When the configs cannot be read (ACLs), nothing is checked.
  cdc::Result<void> check_topic_configs() {
    rd_kafka_t* rk = producer_->c_ptr();
    AdminPtr<rd_kafka_ConfigResource_t> resource(
        rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, cfg_.kafka_topic.c_str()));
    auto options = admin_options(RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
    if (!options.ok()) return options.error();
    AdminPtr<rd_kafka_queue_t> queue(rd_kafka_queue_new(rk));
    rd_kafka_ConfigResource_t* resources[] = {resource.get()};
    rd_kafka_DescribeConfigs(rk, resources, 1, options->get(), queue.get());
    auto ev = admin_result(queue.get(), "Cannot read the configuration of");
    if (!ev.ok()) {
      producer_cb_->emit(HistoryLogLevel::debug, ev.error().message);
      return cdc::ok();
    }
    const rd_kafka_DescribeConfigs_result_t* result =
        rd_kafka_event_DescribeConfigs_result(ev->get());
    size_t count = 0;
    const rd_kafka_ConfigResource_t** described =
        result != nullptr ? rd_kafka_DescribeConfigs_result_resources(result, &count) : nullptr;
    std::map<std::string, std::string> values;
    for (size_t i = 0; i < count; ++i) {
      if (rd_kafka_ConfigResource_error(described[i]) != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
      size_t n = 0;
      const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(described[i], &n);
      for (size_t j = 0; j < n; ++j) {
        const char* value = rd_kafka_ConfigEntry_value(entries[j]);
        values[rd_kafka_ConfigEntry_name(entries[j])] = value != nullptr ? value : "";
      }
    }
    if (auto it = values.find("cleanup.policy");
        it != values.end() && it->second.find("compact") != std::string::npos) {
      return make_error(
          HistoryErrc::invalid_topic,
          "Schema history topic " + cfg_.kafka_topic + " at " + cfg_.kafka_bootstrap +
              " has cleanup.policy=" + it->second +
              "; it must be 'delete': a compacted topic rejects the history records (they have "
              "no key) and compaction would lose history");
    }
    if (auto it = values.find("retention.ms"); it != values.end()) {
      int64_t retention = -1;
      const char* end = it->second.data() + it->second.size();
      const auto parsed = std::from_chars(it->second.data(), end, retention);
      if (parsed.ec == std::errc() && parsed.ptr == end && retention >= 0 &&
          retention < kFiveYearsMs) {
        producer_cb_->emit(
            HistoryLogLevel::warn,
            "Schema history topic " + cfg_.kafka_topic + " has retention.ms=" + it->second +
                "; it should be -1 or at least 5 years, or records the connector needs to "
                "recover its schema will be deleted");
      }
    }
    return cdc::ok();
  }

  HistoryStoreConfig cfg_;
  std::mutex mu_;  // start/exists/append/stop; recover() has its own consumer
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  std::unique_ptr<ClientCallbacks> producer_cb_;  // outlives producer_ (declared before it)
  std::unique_ptr<RdKafka::Producer> producer_;
};

}  // namespace

std::unique_ptr<HistoryStore> make_kafka_history_store(const HistoryStoreConfig& config) {
  return std::make_unique<KafkaHistoryStore>(config);
}

}  // namespace schema_history
