// The produce path against a real Kafka broker (mysql-fixtures/kafka.sh start): bytes, keys,
// tombstones and timestamps as a consumer sees them, offsets stored only after the broker's
// acknowledgement, and a clear task failure when Kafka is unreachable.
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include "connect_runtime/herder.h"
#include "connect_runtime/kafka_producer.h"
#include "test_support.h"

using namespace connect_runtime;
using namespace testing_support;

namespace {

bool port_open(const std::string& hostport) {
  auto colon = hostport.rfind(':');
  if (colon == std::string::npos) return false;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(std::stoi(hostport.substr(colon + 1))));
  inet_pton(AF_INET, hostport.substr(0, colon).c_str(), &addr.sin_addr);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

// The broker to use, or nullopt (skip) when none was asked for and none listens on the default.
std::optional<std::string> broker() {
  const char* env = std::getenv("CDC_TEST_KAFKA_BOOTSTRAP");
  if (env != nullptr && *env != '\0') return std::string(env);
  if (port_open("127.0.0.1:19092")) return std::string("127.0.0.1:19092");
  return std::nullopt;
}

#define REQUIRE_KAFKA(var)                                                                              \
  auto var##_opt = broker();                                                                            \
  if (!var##_opt) {                                                                                     \
    GTEST_SKIP() << "No Kafka broker: CDC_TEST_KAFKA_BOOTSTRAP is unset and 127.0.0.1:19092 is closed " \
                    "(start one with: bash mysql-fixtures/kafka.sh start)";                             \
  }                                                                                                     \
  const std::string var = *var##_opt

std::string unique_topic(const std::string& base) {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return fmt::format("{}-{}-{}", base, ::getpid(),
                     std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

struct Consumed {
  std::optional<std::string> key;
  std::optional<std::string> value;
  int64_t timestamp = 0;
  int32_t partition = 0;
};

// Reads `expected` messages of `topic` from the beginning with an RdKafka consumer.
std::vector<Consumed> consume(const std::string& bootstrap, const std::string& topic, size_t expected,
                              std::chrono::seconds timeout = std::chrono::seconds(60)) {
  std::string err;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  conf->set("bootstrap.servers", bootstrap, err);
  conf->set("group.id", unique_topic("cdc-it-group"), err);
  conf->set("auto.offset.reset", "earliest", err);
  conf->set("enable.auto.commit", "false", err);
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(RdKafka::KafkaConsumer::create(conf.get(), err));
  EXPECT_TRUE(consumer) << err;
  if (!consumer) return {};
  consumer->subscribe({topic});
  std::vector<Consumed> out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out.size() < expected && std::chrono::steady_clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> msg(consumer->consume(500));
    if (msg->err() == RdKafka::ERR__TIMED_OUT || msg->err() == RdKafka::ERR__PARTITION_EOF) continue;
    if (msg->err() != RdKafka::ERR_NO_ERROR) {
      if (msg->err() == RdKafka::ERR_UNKNOWN_TOPIC_OR_PART) continue;  // not created yet
      ADD_FAILURE() << "consume error: " << msg->errstr();
      break;
    }
    Consumed c;
    if (msg->key_pointer() != nullptr) c.key = std::string(static_cast<const char*>(msg->key_pointer()), msg->key_len());
    if (msg->payload() != nullptr) c.value = std::string(static_cast<const char*>(msg->payload()), msg->len());
    c.timestamp = msg->timestamp().timestamp;
    c.partition = msg->partition();
    out.push_back(std::move(c));
  }
  consumer->close();
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Wraps the real KafkaProducer: delivery reports pass through a gate the test opens, so the test
// can observe that nothing is stored while the broker's acknowledgements are withheld.
struct AckGate {
  std::mutex mu;
  bool open = false;
  std::vector<std::pair<uint64_t, std::optional<cdc::Error>>> held;
  std::vector<cr::DeliveryHandler> handlers;  // per held report
  std::atomic<int> reports{0};

  SinkFactory factory() {
    return [this](const SinkSettings& s, DeliveryHandler h) -> cdc::Result<std::unique_ptr<RecordSink>> {
      auto gated = [this, h](uint64_t seq, const cdc::Error* e) {
        ++reports;
        std::unique_lock lock(mu);
        if (open) {
          lock.unlock();
          h(seq, e);
          return;
        }
        held.emplace_back(seq, e ? std::optional<cdc::Error>(*e) : std::nullopt);
        handlers.push_back(h);
      };
      auto p = KafkaProducer::create(s, gated);
      if (!p.ok()) return p.error();
      return std::unique_ptr<RecordSink>(std::move(*p));
    };
  }

  void release() {
    std::vector<std::pair<uint64_t, std::optional<cdc::Error>>> todo;
    std::vector<DeliveryHandler> hs;
    {
      std::lock_guard lock(mu);
      open = true;
      todo.swap(held);
      hs.swap(handlers);
    }
    for (size_t i = 0; i < todo.size(); ++i) hs[i](todo[i].first, todo[i].second ? &*todo[i].second : nullptr);
  }
};

class KafkaIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    state_ = std::make_shared<FakeSourceState>();
    register_fake(registry_, state_);
  }

  std::unique_ptr<Herder> make_herder(const std::string& bootstrap, OffsetStore& store, SinkFactory factory,
                                      ConfigMap extra = {}) {
    ConfigMap props{{"bootstrap.servers", bootstrap},
                    {"offset.storage.file.filename", "/unused"},
                    {"offset.flush.interval.ms", "100"}};
    for (auto& [k, v] : extra) props[k] = v;
    auto cfg = WorkerConfig::from_properties(props);
    EXPECT_TRUE(cfg.ok()) << cfg.error().message;
    HerderOptions opts;
    opts.task.poll_timeout = std::chrono::milliseconds(100);
    return std::make_unique<Herder>(*cfg, registry_, store, std::move(factory), opts);
  }

  std::shared_ptr<FakeSourceState> state_;
  PluginRegistry registry_;
};

TEST_F(KafkaIntegration, RecordsTombstonesAndOffsetsAfterAcks) {
  REQUIRE_KAFKA(bootstrap);
  TempDir dir;
  const std::string offsets_path = dir.file("offsets.json");
  auto store = FileOffsetStore::open(offsets_path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  AckGate gate;
  auto herder = make_herder(bootstrap, **store, gate.factory());
  const std::string topic = unique_topic("cdc-it-records");
  auto created = herder->create_connector(
      "it-connector", {{"connector.class", kFakeClass}, {"topic", topic}, {"records", "3"}, {"tombstone", "true"}});
  ASSERT_TRUE(created.ok()) << created.error().message;

  // The broker has the records (a consumer reads them) ...
  auto got = consume(bootstrap, topic, 4);
  ASSERT_EQ(got.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(got[i].key);
    EXPECT_EQ(*got[i].key, R"({"schema":)" + kKeySchema + R"(,"payload":{"id":)" + std::to_string(i) + "}}");
    ASSERT_TRUE(got[i].value);
    EXPECT_EQ(*got[i].value, R"({"schema":)" + kValueSchema + R"(,"payload":{"id":)" + std::to_string(i) + "}}");
    EXPECT_EQ(got[i].timestamp, 1700000000000 + i);
  }
  ASSERT_TRUE(got[3].key);
  EXPECT_EQ(*got[3].key, R"({"schema":)" + kKeySchema + R"(,"payload":{"id":0}})");
  EXPECT_FALSE(got[3].value.has_value()) << "a tombstone must be a Kafka null value";

  // ... but while their acknowledgements are withheld, no offset is stored.
  ASSERT_TRUE(wait_until([&] { return gate.reports.load() == 4; }, std::chrono::seconds(30)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // several flush intervals
  EXPECT_FALSE((*store)->get("it-connector", R"({"server":"fake"})"));
  EXPECT_FALSE(std::filesystem::exists(offsets_path));
  EXPECT_EQ(state_->commits.load(), 0);

  gate.release();
  ASSERT_TRUE(wait_until([&] {
    return (*store)->get("it-connector", R"({"server":"fake"})") == std::optional<std::string>(R"({"pos":3})");
  }));
  ASSERT_TRUE(wait_until([&] { return slurp(offsets_path).find(R"({"pos":3})") != std::string::npos; }));
  EXPECT_NE(slurp(offsets_path).find(R"([\"it-connector\",{\"server\":\"fake\"}])"), std::string::npos);
  EXPECT_EQ(herder->task_status("it-connector", 0)->state, "RUNNING");
  herder->stop();
  EXPECT_EQ(state_->closes.load(), 1);

  auto reloaded = FileOffsetStore::open(offsets_path);
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ(*(*reloaded)->get("it-connector", R"({"server":"fake"})"), R"({"pos":3})");
}

TEST_F(KafkaIntegration, SchemalessJsonThroughTheWorker) {
  REQUIRE_KAFKA(bootstrap);
  MemoryOffsetStore store;
  auto herder = make_herder(bootstrap, store, kafka_sink_factory(),
                            {{"key.converter.schemas.enable", "false"}, {"value.converter.schemas.enable", "false"},
                             {"producer.linger.ms", "0"}, {"producer.buffer.memory", "1"}});
  const std::string topic = unique_topic("cdc-it-schemaless");
  ASSERT_TRUE(herder->create_connector("s", {{"connector.class", kFakeClass}, {"topic", topic}, {"records", "2"}, {"tombstone", "true"}}).ok());
  auto got = consume(bootstrap, topic, 3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(*got[0].key, R"({"id":0})");
  EXPECT_EQ(*got[0].value, R"({"id":0})");
  EXPECT_EQ(*got[1].value, R"({"id":1})");
  EXPECT_FALSE(got[2].value);
  ASSERT_TRUE(wait_until([&] { return store.get("s", R"({"server":"fake"})") == std::optional<std::string>(R"({"pos":2})"); }));
}

TEST_F(KafkaIntegration, ProducerDirectNullKeyAndValue) {
  REQUIRE_KAFKA(bootstrap);
  std::mutex mu;
  std::vector<std::pair<uint64_t, std::string>> reports;
  SinkSettings s;
  s.bootstrap_servers = bootstrap;
  s.client_id = "cdc-it-direct";
  auto producer = KafkaProducer::create(s, [&](uint64_t seq, const cdc::Error* e) {
    std::lock_guard lock(mu);
    reports.emplace_back(seq, e ? e->message : "");
  });
  ASSERT_TRUE(producer.ok()) << producer.error().message;
  std::atomic<bool> never{false};
  ASSERT_TRUE((*producer)->check_connectivity(std::chrono::seconds(10), never).ok());
  const std::string topic = unique_topic("cdc-it-direct");
  std::atomic<bool> cancel{false};
  std::string key = "k", value = "v", empty;
  ASSERT_TRUE((*producer)->produce(topic, nullptr, nullptr, 0, 7, cancel).ok());
  ASSERT_TRUE((*producer)->produce(topic, &key, &value, 0, 8, cancel).ok());
  ASSERT_TRUE((*producer)->produce(topic, &key, &empty, 0, 9, cancel).ok());
  ASSERT_TRUE((*producer)->flush(std::chrono::seconds(30)).ok());
  {
    std::lock_guard lock(mu);
    ASSERT_EQ(reports.size(), 3u);
    for (auto& [seq, err] : reports) EXPECT_EQ(err, "") << seq;
    EXPECT_EQ(reports[0].first, 7u);
  }
  auto got = consume(bootstrap, topic, 3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_FALSE(got[0].key);
  EXPECT_FALSE(got[0].value);
  EXPECT_EQ(*got[1].key, "k");
  EXPECT_EQ(*got[1].value, "v");
  ASSERT_TRUE(got[2].value.has_value()) << "an empty value is not a null value";
  EXPECT_EQ(*got[2].value, "");

  auto id = (*producer)->cluster_id(std::chrono::seconds(10));
  ASSERT_TRUE(id);
  EXPECT_FALSE(id->empty());
  EXPECT_EQ(fetch_kafka_cluster_id(bootstrap, {}, std::chrono::seconds(10)), id);
}

TEST_F(KafkaIntegration, RecordRefusedLocallyFailsTheTask) {
  REQUIRE_KAFKA(bootstrap);
  MemoryOffsetStore store;
  auto herder = make_herder(bootstrap, store, kafka_sink_factory(), {{"producer.message.max.bytes", "1000"}});
  const std::string topic = unique_topic("cdc-it-local-limit");
  ASSERT_TRUE(herder->create_connector("big", {{"connector.class", kFakeClass}, {"topic", topic}, {"records", "3"},
                                               {"pad.bytes", "5000"}, {"pad.id", "1"}})
                  .ok());
  ASSERT_TRUE(wait_until([&] { return herder->task_status("big", 0)->state == "FAILED"; }, std::chrono::seconds(20)));
  auto st = herder->task_status("big", 0);
  EXPECT_NE(st->trace.find("Cannot produce to topic " + topic), std::string::npos) << st->trace;
  EXPECT_NE(st->trace.find("too large"), std::string::npos) << st->trace;
  // Record 0 was delivered before the task stopped: its offset is stored, nothing after it.
  ASSERT_TRUE(wait_until([&] { return state_->closes.load() == 1; }, std::chrono::seconds(20)));
  EXPECT_EQ(store.get("big", R"({"server":"fake"})"), std::optional<std::string>(R"({"pos":0})"));
}

TEST_F(KafkaIntegration, BrokerRejectionFailsTheTaskAndBlocksLaterOffsets) {
  REQUIRE_KAFKA(bootstrap);
  MemoryOffsetStore store;
  // The producer accepts 3 MB records, the broker (message.max.bytes ~1 MB) refuses them: a
  // permanent error in the delivery report.
  auto herder = make_herder(bootstrap, store, kafka_sink_factory(),
                            {{"producer.message.max.bytes", "4000000"}, {"producer.linger.ms", "50"}});
  const std::string topic = unique_topic("cdc-it-broker-limit");
  ASSERT_TRUE(herder->create_connector("big", {{"connector.class", kFakeClass}, {"topic", topic}, {"records", "3"},
                                               {"pad.bytes", "3000000"}, {"pad.id", "1"}})
                  .ok());
  ASSERT_TRUE(wait_until([&] { return herder->task_status("big", 0)->state == "FAILED"; }, std::chrono::seconds(60)));
  auto st = herder->task_status("big", 0);
  EXPECT_NE(st->trace.find("Delivery to topic " + topic + " failed"), std::string::npos) << st->trace;
  ASSERT_TRUE(wait_until([&] { return state_->closes.load() == 1; }, std::chrono::seconds(30)));
  auto stored = store.get("big", R"({"server":"fake"})");
  // Record 2 may have been acknowledged too, but record 1 never was: nothing past 0 is stored.
  EXPECT_TRUE(!stored || *stored == R"({"pos":0})") << *stored;
}

TEST_F(KafkaIntegration, UnreachableBootstrapFailsTaskWithinFifteenSeconds) {
  MemoryOffsetStore store;
  auto herder = make_herder("127.0.0.1:1", store, kafka_sink_factory());
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(herder->create_connector("down", {{"connector.class", kFakeClass}, {"topic", "t"}}).ok());
  ASSERT_TRUE(wait_until([&] { return herder->task_status("down", 0)->state == "FAILED"; }, std::chrono::seconds(15)));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(15));
  auto st = herder->task_status("down", 0);
  EXPECT_NE(st->trace.find("Kafka at 127.0.0.1:1 unreachable"), std::string::npos) << st->trace;
  EXPECT_EQ(state_->starts.load(), 0);
}

}  // namespace
