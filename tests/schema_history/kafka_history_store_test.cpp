// The Kafka schema history store against a real broker (mysql-fixtures/kafka.sh start), found
// through CDC_TEST_KAFKA_BOOTSTRAP: topic creation (one partition, unlimited retention), appending
// and recovering in order, refusing a partitioned topic, corrupt records named by offset, and a
// bounded failure when Kafka is unreachable. Topics persist between runs: names are unique.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "schema_history/history_store.h"

namespace schema_history {
namespace {

std::optional<std::string> broker() {
  const char* env = std::getenv("CDC_TEST_KAFKA_BOOTSTRAP");
  if (env != nullptr && *env != '\0') return std::string(env);
  return std::nullopt;
}

#define REQUIRE_KAFKA(var)                                                                  \
  auto var##_opt = broker();                                                                \
  if (!var##_opt) {                                                                         \
    GTEST_SKIP()                                                                            \
        << "CDC_TEST_KAFKA_BOOTSTRAP is unset: no Kafka broker to test against (start one " \
           "with `bash mysql-fixtures/kafka.sh start` and export "                          \
           "CDC_TEST_KAFKA_BOOTSTRAP=127.0.0.1:19092)";                                     \
  }                                                                                         \
  const std::string var = *var##_opt

std::string unique_topic(const std::string& base) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return base + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

HistoryRecord record(int i) {
  HistoryRecord r;
  r.source_json = R"({"server":"it"})";
  r.position_json =
      R"({"ts_sec":1700000000,"file":"mysql-bin.000001","pos":)" + std::to_string(4 + i) + "}";
  r.ts_ms = 1700000000000 + i;
  r.database_name = "inventory";
  r.ddl = "CREATE TABLE t" + std::to_string(i) +
          " (id INT PRIMARY KEY, note VARCHAR(20) DEFAULT 'caf\xC3\xA9')";
  r.table_changes_json =
      R"([{"type":"CREATE","id":"\"inventory\".\"t)" + std::to_string(i) +
      R"(\"","table":{"defaultCharsetName":"utf8mb4","primaryKeyColumnNames":["id"],"columns":[]},"comment":null}])";
  return r;
}

HistoryStoreConfig config(const std::string& bootstrap, const std::string& topic) {
  HistoryStoreConfig c;
  c.kind = HistoryStoreConfig::Kind::kafka;
  c.kafka_bootstrap = bootstrap;
  c.kafka_topic = topic;
  c.client_id = "schema-history-it";
  c.query_timeout = std::chrono::milliseconds(10000);
  return c;
}

// An independent client for checking what the store did and for setting up topics.
class Admin {
 public:
  explicit Admin(const std::string& bootstrap) {
    std::string err;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    conf->set("bootstrap.servers", bootstrap, err);
    conf->set("allow.auto.create.topics", "false", err);
    producer_.reset(RdKafka::Producer::create(conf.get(), err));
    EXPECT_TRUE(producer_) << err;
  }

  // "" on success.
  std::string create_topic(const std::string& topic, int partitions,
                           const std::map<std::string, std::string>& configs = {}) {
    rd_kafka_t* rk = producer_->c_ptr();
    char errstr[512] = {0};
    rd_kafka_NewTopic_t* nt =
        rd_kafka_NewTopic_new(topic.c_str(), partitions, -1, errstr, sizeof errstr);
    if (nt == nullptr) return errstr;
    for (const auto& [k, v] : configs) rd_kafka_NewTopic_set_config(nt, k.c_str(), v.c_str());
    rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, &nt, 1, nullptr, q);
    rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 30000);
    std::string out;
    if (ev == nullptr) {
      out = "timed out";
    } else if (rd_kafka_event_error(ev) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      out = rd_kafka_event_error_string(ev);
    } else {
      size_t n = 0;
      const rd_kafka_topic_result_t** res =
          rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
      for (size_t i = 0; i < n; ++i) {
        if (rd_kafka_topic_result_error(res[i]) != RD_KAFKA_RESP_ERR_NO_ERROR)
          out = rd_kafka_topic_result_error_string(res[i]);
      }
    }
    if (ev != nullptr) rd_kafka_event_destroy(ev);
    rd_kafka_queue_destroy(q);
    rd_kafka_NewTopic_destroy(nt);
    return out;
  }

  std::map<std::string, std::string> describe_configs(const std::string& topic) {
    rd_kafka_t* rk = producer_->c_ptr();
    rd_kafka_ConfigResource_t* res =
        rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str());
    rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
    rd_kafka_DescribeConfigs(rk, &res, 1, nullptr, q);
    rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 30000);
    std::map<std::string, std::string> out;
    if (ev != nullptr && rd_kafka_event_error(ev) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      size_t n = 0;
      const rd_kafka_ConfigResource_t** rs =
          rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(ev), &n);
      for (size_t i = 0; i < n; ++i) {
        size_t m = 0;
        const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(rs[i], &m);
        for (size_t j = 0; j < m; ++j) {
          const char* v = rd_kafka_ConfigEntry_value(entries[j]);
          out[rd_kafka_ConfigEntry_name(entries[j])] = v != nullptr ? v : "";
        }
      }
    } else {
      ADD_FAILURE() << "DescribeConfigs " << topic << ": "
                    << (ev != nullptr ? rd_kafka_event_error_string(ev) : "timed out");
    }
    if (ev != nullptr) rd_kafka_event_destroy(ev);
    rd_kafka_queue_destroy(q);
    rd_kafka_ConfigResource_destroy(res);
    return out;
  }

  // -1 when the topic is not in the metadata.
  int partitions(const std::string& topic) {
    RdKafka::Metadata* raw = nullptr;
    if (producer_->metadata(true, nullptr, &raw, 10000) != RdKafka::ERR_NO_ERROR) return -2;
    std::unique_ptr<RdKafka::Metadata> md(raw);
    for (const auto* t : *md->topics()) {
      if (t->topic() == topic && t->err() == RdKafka::ERR_NO_ERROR)
        return static_cast<int>(t->partitions()->size());
    }
    return -1;
  }

  std::pair<int64_t, int64_t> watermarks(const std::string& topic) {
    int64_t low = -1;
    int64_t high = -1;
    EXPECT_EQ(producer_->query_watermark_offsets(topic, 0, &low, &high, 10000),
              RdKafka::ERR_NO_ERROR);
    return {low, high};
  }

  // Produces one message (nullptr: a tombstone) to partition 0 and waits for it.
  void produce(const std::string& topic, const std::string* value) {
    const RdKafka::ErrorCode err =
        producer_->produce(topic, 0, RdKafka::Producer::RK_MSG_COPY,
                           value != nullptr ? const_cast<char*>(value->data()) : nullptr,
                           value != nullptr ? value->size() : 0, nullptr, 0, 0, nullptr);
    ASSERT_EQ(err, RdKafka::ERR_NO_ERROR) << RdKafka::err2str(err);
    ASSERT_EQ(producer_->flush(30000), RdKafka::ERR_NO_ERROR);
  }

 private:
  std::unique_ptr<RdKafka::Producer> producer_;
};

std::vector<HistoryRecord> recover_all(HistoryStore& store, cdc::Result<void>& result) {
  std::vector<HistoryRecord> out;
  result = store.recover([&](HistoryRecord&& r) -> cdc::Result<void> {
    out.push_back(std::move(r));
    return cdc::ok();
  });
  return out;
}

TEST(KafkaHistoryStore, CreatesMissingTopicWithOnePartitionAndUnlimitedRetention) {
  REQUIRE_KAFKA(bootstrap);
  const std::string topic = unique_topic("schema-history-create");
  Admin admin(bootstrap);
  EXPECT_EQ(admin.partitions(topic), -1);

  auto store = make_history_store(config(bootstrap, topic));
  EXPECT_EQ(store->describe(), "Kafka topic " + topic + " at " + bootstrap);
  auto e = store->exists();  // before start(): asking does not create it
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_FALSE(*e);
  EXPECT_EQ(admin.partitions(topic), -1);

  auto r = store->start();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(admin.partitions(topic), 1);
  auto configs = admin.describe_configs(topic);
  EXPECT_EQ(configs["retention.ms"], "9223372036854775807");
  EXPECT_EQ(configs["retention.bytes"], "-1");
  EXPECT_EQ(configs["cleanup.policy"], "delete");

  e = store->exists();  // created but empty
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_FALSE(*e);
  cdc::Result<void> rr;
  EXPECT_TRUE(recover_all(*store, rr).empty());
  EXPECT_TRUE(rr.ok()) << rr.error().message;

  ASSERT_TRUE(store->start().ok());  // again: a no-op
  auto second = make_history_store(config(bootstrap, topic));
  r = second->start();  // an existing good topic is taken as is
  ASSERT_TRUE(r.ok()) << r.error().message;
}

TEST(KafkaHistoryStore, ThousandRecordsRecoveredInOrderByANewStore) {
  REQUIRE_KAFKA(bootstrap);
  const std::string topic = unique_topic("schema-history-order");
  {
    auto store = make_history_store(config(bootstrap, topic));
    auto r = store->start();
    ASSERT_TRUE(r.ok()) << r.error().message;
    for (int i = 0; i < 1000; ++i) {
      auto a = store->append(record(i));
      ASSERT_TRUE(a.ok()) << i << ": " << a.error().message;
    }
    store->stop();
  }
  Admin admin(bootstrap);
  EXPECT_EQ(admin.watermarks(topic),
            std::make_pair(int64_t{0}, int64_t{1000}));  // each acknowledged once

  auto store = make_history_store(config(bootstrap, topic));
  auto e = store->exists();
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_TRUE(*e);
  ASSERT_TRUE(store->start().ok());
  cdc::Result<void> rr;
  const auto got = recover_all(*store, rr);
  ASSERT_TRUE(rr.ok()) << rr.error().message;
  ASSERT_EQ(got.size(), 1000U);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(got[static_cast<size_t>(i)], record(i)) << i;

  // Records appended while recovering are not part of that recovery.
  int calls = 0;
  auto r = store->recover([&](HistoryRecord&&) -> cdc::Result<void> {
    if (++calls <= 2) return store->append(record(1000 + calls));
    return cdc::ok();
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(calls, 1000);
  EXPECT_EQ(recover_all(*store, rr).size(), 1002U);
}

TEST(KafkaHistoryStore, TopicWithSeveralPartitionsIsRefused) {
  REQUIRE_KAFKA(bootstrap);
  const std::string topic = unique_topic("schema-history-partitioned");
  Admin admin(bootstrap);
  ASSERT_EQ(admin.create_topic(topic, 3), "");
  auto store = make_history_store(config(bootstrap, topic));
  auto r = store->start();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, HistoryErrc::invalid_topic);
  EXPECT_NE(r.error().message.find(topic), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("3 partitions"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("exactly one partition"), std::string::npos)
      << r.error().message;
  EXPECT_FALSE(store->append(record(0)).ok());
}

TEST(KafkaHistoryStore, CompactedTopicIsRefused) {
  REQUIRE_KAFKA(bootstrap);
  const std::string topic = unique_topic("schema-history-compacted");
  Admin admin(bootstrap);
  ASSERT_EQ(admin.create_topic(topic, 1, {{"cleanup.policy", "compact"}}), "");
  auto r = make_history_store(config(bootstrap, topic))->start();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, HistoryErrc::invalid_topic);
  EXPECT_NE(r.error().message.find("cleanup.policy=compact"), std::string::npos)
      << r.error().message;
}

TEST(KafkaHistoryStore, ShortRetentionIsAWarning) {
  REQUIRE_KAFKA(bootstrap);
  const std::string topic = unique_topic("schema-history-retention");
  Admin admin(bootstrap);
  ASSERT_EQ(admin.create_topic(topic, 1, {{"retention.ms", "86400000"}}), "");
  auto c = config(bootstrap, topic);
  std::vector<std::string> warnings;
  std::mutex mu;
  c.log = [&](HistoryLogLevel level, const std::string& m) {
    std::lock_guard lock(mu);
    if (level == HistoryLogLevel::warn) warnings.push_back(m);
  };
  auto store = make_history_store(c);
  auto r = store->start();
  ASSERT_TRUE(r.ok()) << r.error().message;
  store->stop();
  std::lock_guard lock(mu);
  bool found = false;
  for (const auto& w : warnings)
    found = found || w.find("retention.ms=86400000") != std::string::npos;
  EXPECT_TRUE(found);
}

TEST(KafkaHistoryStore, NonJsonMessageStopsRecoveryNamingItsOffset) {
  REQUIRE_KAFKA(bootstrap);
  const std::string topic = unique_topic("schema-history-corrupt");
  auto store = make_history_store(config(bootstrap, topic));
  ASSERT_TRUE(store->start().ok());
  ASSERT_TRUE(store->append(record(0)).ok());
  ASSERT_TRUE(store->append(record(1)).ok());
  Admin admin(bootstrap);
  const std::string bad = "this is not JSON at all";
  admin.produce(topic, &bad);
  ASSERT_TRUE(store->append(record(3)).ok());

  auto fresh = make_history_store(config(bootstrap, topic));
  cdc::Result<void> rr;
  const auto got = recover_all(*fresh, rr);
  EXPECT_EQ(got.size(), 2U);
  ASSERT_FALSE(rr.ok());
  EXPECT_EQ(rr.error().code, HistoryErrc::corrupt_record);
  EXPECT_EQ(rr.error().message,
            "Schema history topic " + topic + " partition 0 offset 2 (at " + bootstrap +
                "): schema history record is not valid JSON: Invalid value. (at byte offset "
                "1); the record starts with '" +
                bad + "'");
}

TEST(KafkaHistoryStore, TombstonesAreSkippedAndCallbackErrorsReturnedAsIs) {
  REQUIRE_KAFKA(bootstrap);
  const std::string topic = unique_topic("schema-history-tombstone");
  auto store = make_history_store(config(bootstrap, topic));
  ASSERT_TRUE(store->start().ok());
  ASSERT_TRUE(store->append(record(0)).ok());
  Admin admin(bootstrap);
  admin.produce(topic, nullptr);
  ASSERT_TRUE(store->append(record(1)).ok());
  ASSERT_TRUE(store->append(record(2)).ok());

  cdc::Result<void> rr;
  const auto got = recover_all(*store, rr);
  ASSERT_TRUE(rr.ok()) << rr.error().message;
  ASSERT_EQ(got.size(), 3U);
  EXPECT_EQ(got[1], record(1));

  int calls = 0;
  auto r = store->recover([&](HistoryRecord&&) -> cdc::Result<void> {
    if (++calls == 2)
      return cdc::Error{std::make_error_code(std::errc::io_error), "catalog refused it"};
    return cdc::ok();
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(r.error().message, "catalog refused it");
  EXPECT_EQ(r.error().code, std::make_error_code(std::errc::io_error));
}

// A consumer that gets nothing before the end is reached (here: told to wait for far more bytes
// than the topic holds) ends recovery after the configured empty polls, with an error naming
// where it stopped, instead of waiting forever or returning a partial history as complete.
TEST(KafkaHistoryStore, RecoveryThatCannotReachTheEndFails) {
  REQUIRE_KAFKA(bootstrap);
  const std::string topic = unique_topic("schema-history-stuck");
  auto c = config(bootstrap, topic);
  auto store = make_history_store(c);
  ASSERT_TRUE(store->start().ok());
  ASSERT_TRUE(store->append(record(0)).ok());
  ASSERT_TRUE(store->append(record(1)).ok());

  c.recovery_attempts = 3;
  c.recovery_poll_interval = std::chrono::milliseconds(100);
  c.consumer_overrides = {{"fetch.min.bytes", "100000000"}, {"fetch.wait.max.ms", "5000"}};
  auto fresh = make_history_store(c);
  cdc::Result<void> rr;
  const auto t0 = std::chrono::steady_clock::now();
  const auto got = recover_all(*fresh, rr);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(4));
  EXPECT_TRUE(got.empty());
  ASSERT_FALSE(rr.ok());
  EXPECT_EQ(rr.error().code, HistoryErrc::recovery_incomplete);
  EXPECT_EQ(rr.error().message,
            "Schema history topic " + topic + " at " + bootstrap +
                ": recovery stopped at offset 0 of partition 0 before the end offset 2: no "
                "record for 3 polls of 100 ms (schema.history.internal.kafka.recovery.attempts, "
                "schema.history.internal.kafka.recovery.poll.interval.ms)");
}

TEST(KafkaHistoryStore, MissingTopicHasNoHistory) {
  REQUIRE_KAFKA(bootstrap);
  const std::string topic = unique_topic("schema-history-missing");
  auto store = make_history_store(config(bootstrap, topic));
  auto e = store->exists();
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_FALSE(*e);
  cdc::Result<void> rr;
  EXPECT_TRUE(recover_all(*store, rr).empty());
  EXPECT_TRUE(rr.ok()) << rr.error().message;
  Admin admin(bootstrap);
  EXPECT_EQ(admin.partitions(topic), -1);  // still not created
}

TEST(KafkaHistoryStore, UnreachableBootstrapFailsWithinTheQueryTimeout) {
  // Needs no broker: runs even when CDC_TEST_KAFKA_BOOTSTRAP is unset.
  auto c = config("127.0.0.1:1", unique_topic("schema-history-unreachable"));
  c.query_timeout = std::chrono::milliseconds(2000);
  auto store = make_history_store(c);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = store->start();
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, HistoryErrc::kafka_error);
  EXPECT_NE(r.error().message.find("127.0.0.1:1"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find(c.kafka_topic), std::string::npos) << r.error().message;
  EXPECT_LT(elapsed, std::chrono::milliseconds(2000 + 1500)) << r.error().message;
  EXPECT_GE(elapsed, std::chrono::milliseconds(1900));

  auto e = store->exists();
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("127.0.0.1:1"), std::string::npos) << e.error().message;
}

}  // namespace
}  // namespace schema_history
