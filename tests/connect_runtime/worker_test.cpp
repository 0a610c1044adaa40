// The herder and task loop with the in-test connector and sink: conversion, produce order,
// offset commit only after acknowledgement, failures, pause/resume, restart.
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>

#include "connect_runtime/herder.h"
#include "connect_runtime/logging.h"
#include "test_support.h"

using namespace connect_runtime;
using namespace testing_support;

namespace {

class WorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state_ = std::make_shared<FakeSourceState>();
    register_fake(registry_, state_);
  }

  void make_herder(ConfigMap extra = {}) {
    ConfigMap props{{"bootstrap.servers", "fake:9092"},
                    {"offset.storage.file.filename", "/unused"},
                    {"offset.flush.interval.ms", "50"}};
    for (auto& [k, v] : extra) props[k] = v;
    auto cfg = WorkerConfig::from_properties(props);
    ASSERT_TRUE(cfg.ok()) << cfg.error().message;
    HerderOptions opts;
    opts.task.poll_timeout = std::chrono::milliseconds(50);
    herder_ = std::make_unique<Herder>(*cfg, registry_, store_, fake_sink_factory(kafka_), opts);
  }

  ConfigMap connector(ConfigMap extra = {}) {
    ConfigMap c{{"connector.class", kFakeClass}, {"topic", "dbserver1.inventory.customers"}};
    for (auto& [k, v] : extra) c[k] = v;
    return c;
  }

  std::string task_state(const std::string& name, int id = 0) {
    auto st = herder_->task_status(name, id);
    return st.ok() ? st->state : "?";
  }
  std::string task_trace(const std::string& name, int id = 0) {
    auto st = herder_->task_status(name, id);
    return st.ok() ? st->trace : "?";
  }

  std::shared_ptr<FakeSourceState> state_;
  PluginRegistry registry_;
  MemoryOffsetStore store_;
  FakeKafka kafka_;
  std::unique_ptr<Herder> herder_;
};

TEST_F(WorkerTest, ProducesConvertedRecordsAndTombstones) {
  make_herder();
  ASSERT_TRUE(herder_->create_connector("c1", connector({{"records", "2"}, {"tombstone", "true"}})).ok());
  ASSERT_TRUE(wait_until([&] { return kafka_.count() == 3; }));
  std::lock_guard lock(kafka_.mu);
  const auto& m = kafka_.messages;
  EXPECT_EQ(m[0].topic, "dbserver1.inventory.customers");
  EXPECT_EQ(*m[0].key, R"({"schema":)" + kKeySchema + R"(,"payload":{"id":0}})");
  EXPECT_EQ(*m[0].value, R"({"schema":)" + kValueSchema + R"(,"payload":{"id":0}})");
  EXPECT_EQ(m[0].timestamp_ms, 1700000000000);
  EXPECT_EQ(m[0].client_id, "connector-producer-c1-0");
  EXPECT_EQ(*m[1].value, R"({"schema":)" + kValueSchema + R"(,"payload":{"id":1}})");
  EXPECT_EQ(*m[2].key, R"({"schema":)" + kKeySchema + R"(,"payload":{"id":0}})");
  EXPECT_FALSE(m[2].value.has_value());  // a real tombstone: Kafka null
  for (size_t i = 0; i < m.size(); ++i) EXPECT_EQ(m[i].seq, i);
}

TEST_F(WorkerTest, WorkerConvertersAndConnectorOverrides) {
  make_herder({{"key.converter.schemas.enable", "false"}, {"value.converter", "JsonConverter"}});
  // Connector overrides the value converter (class given) -> its schemas.enable applies; its
  // key.converter.schemas.enable without key.converter is ignored, as in Kafka Connect.
  ASSERT_TRUE(herder_
                  ->create_connector("c1", connector({{"records", "1"},
                                                      {"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
                                                      {"value.converter.schemas.enable", "false"},
                                                      {"key.converter.schemas.enable", "true"}}))
                  .ok());
  ASSERT_TRUE(wait_until([&] { return kafka_.count() == 1; }));
  std::lock_guard lock(kafka_.mu);
  EXPECT_EQ(*kafka_.messages[0].key, R"({"id":0})");    // worker: key schemas disabled
  EXPECT_EQ(*kafka_.messages[0].value, R"({"id":0})");  // connector override
}

TEST_F(WorkerTest, StringConverterOverride) {
  make_herder();
  ASSERT_TRUE(herder_->create_connector("c1", connector({{"records", "1"},
                                                         {"key.converter", "org.apache.kafka.connect.storage.StringConverter"}}))
                  .ok());
  ASSERT_TRUE(wait_until([&] { return kafka_.count() == 1; }));
  std::lock_guard lock(kafka_.mu);
  EXPECT_EQ(*kafka_.messages[0].key, R"({"id":0})");
}

TEST_F(WorkerTest, OffsetsAreStoredOnlyAfterAcks) {
  kafka_.auto_ack = false;
  make_herder();
  ASSERT_TRUE(herder_->create_connector("c1", connector({{"records", "4"}})).ok());
  ASSERT_TRUE(wait_until([&] { return kafka_.count() == 4; }));
  const std::string partition = R"({"server":"fake"})";
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // several flush intervals
  EXPECT_FALSE(store_.get("c1", partition)) << "nothing acknowledged yet";
  EXPECT_EQ(state_->commits.load(), 0);

  kafka_.release({1, 3});  // out of order: 0 is still missing
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(store_.get("c1", partition));

  kafka_.release({0});
  ASSERT_TRUE(wait_until([&] { return store_.get("c1", partition) == std::optional<std::string>(R"({"pos":1})"); }));
  EXPECT_TRUE(wait_until([&] { return state_->commits.load() >= 1; }));

  kafka_.release();
  ASSERT_TRUE(wait_until([&] { return store_.get("c1", partition) == std::optional<std::string>(R"({"pos":3})"); }));
  EXPECT_EQ(task_state("c1"), "RUNNING");
}

TEST_F(WorkerTest, StopFlushesOffsetsAndRestartResumesFromThem) {
  make_herder({{"offset.flush.interval.ms", "600000"}});  // only the stop flush can store them
  ASSERT_TRUE(herder_->create_connector("c1", connector({{"records", "3"}})).ok());
  ASSERT_TRUE(wait_until([&] { return kafka_.count() == 3; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(store_.get("c1", R"({"server":"fake"})"));
  ASSERT_TRUE(herder_->delete_connector("c1").ok());  // stops the task: final flush
  EXPECT_EQ(*store_.get("c1", R"({"server":"fake"})"), R"({"pos":2})");
  EXPECT_EQ(state_->stops.load(), 1);
  EXPECT_EQ(state_->closes.load(), 1);
  EXPECT_GE(state_->commits.load(), 1);

  // Offsets survive the delete; a new connector of the same name starts from them.
  ASSERT_TRUE(herder_->create_connector("c1", connector({{"records", "5"}})).ok());
  ASSERT_TRUE(wait_until([&] { return kafka_.count() == 5; }));
  {
    std::lock_guard lock(state_->mu);
    ASSERT_EQ(state_->start_offsets.size(), 2u);
    EXPECT_FALSE(state_->start_offsets[0]);
    EXPECT_EQ(*state_->start_offsets[1], R"({"pos":2})");
  }
  std::lock_guard lock(kafka_.mu);
  EXPECT_EQ(*kafka_.messages[3].value, R"({"schema":)" + kValueSchema + R"(,"payload":{"id":3}})");
}

TEST_F(WorkerTest, PermanentDeliveryErrorFailsTaskAndOffsetsStopBeforeIt) {
  kafka_.fail_seq = 2;
  make_herder();
  ASSERT_TRUE(herder_->create_connector("c1", connector({{"records", "5"}})).ok());
  ASSERT_TRUE(wait_until([&] { return task_state("c1") == "FAILED"; }));
  EXPECT_NE(task_trace("c1").find("Message size too large"), std::string::npos) << task_trace("c1");
  ASSERT_TRUE(wait_until([&] { return state_->closes.load() == 1; }));
  // A task that failed is told to stop before it is closed (its own threads may be blocked).
  EXPECT_EQ(state_->stops.load(), 1);
  EXPECT_EQ(*store_.get("c1", R"({"server":"fake"})"), R"({"pos":1})");
  auto status = herder_->connector_status("c1");
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->connector.state, "RUNNING");
  EXPECT_EQ(status->tasks[0].state, "FAILED");
}

TEST_F(WorkerTest, PollErrorFailsTaskAfterDeliveringEarlierRecords) {
  make_herder();
  ASSERT_TRUE(herder_->create_connector("c1", connector({{"records", "5"}, {"fail.poll.after", "2"}})).ok());
  ASSERT_TRUE(wait_until([&] { return task_state("c1") == "FAILED"; }));
  EXPECT_EQ(task_trace("c1"), "Fake binlog read error at position 42");
  EXPECT_EQ(kafka_.count(), 2u);
  ASSERT_TRUE(wait_until([&] { return store_.get("c1", R"({"server":"fake"})").has_value(); }));
  EXPECT_EQ(*store_.get("c1", R"({"server":"fake"})"), R"({"pos":1})");
}

TEST_F(WorkerTest, StartFailureAndRestart) {
  make_herder();
  ASSERT_TRUE(herder_->create_connector("c1", connector({{"fail.start", "true"}})).ok());
  ASSERT_TRUE(wait_until([&] { return task_state("c1") == "FAILED"; }));
  EXPECT_EQ(task_trace("c1"), "Cannot connect to the fake source at fake:3306");
  EXPECT_TRUE(wait_until([&] { return state_->closes.load() == 1; }));

  // Fix the config: PUT restarts the tasks with the new configuration.
  auto put = herder_->put_connector_config("c1", connector({{"records", "1"}}));
  ASSERT_TRUE(put.ok()) << put.error().message;
  EXPECT_FALSE(put->created);
  ASSERT_TRUE(wait_until([&] { return kafka_.count() == 1; }));
  EXPECT_EQ(task_state("c1"), "RUNNING");
}

TEST_F(WorkerTest, UnreachableKafkaFailsTheTask) {
  kafka_.unreachable = true;
  make_herder();
  ASSERT_TRUE(herder_->create_connector("c1", connector()).ok());
  ASSERT_TRUE(wait_until([&] { return task_state("c1") == "FAILED"; }));
  EXPECT_EQ(task_trace("c1"), "Kafka at fake:9092 unreachable: fake");
  EXPECT_EQ(state_->starts.load(), 0);  // the source is not touched
}

TEST_F(WorkerTest, PauseResumeAndStop) {
  make_herder();
  ASSERT_TRUE(herder_->create_connector("c1", connector({{"records", "1"}})).ok());
  ASSERT_TRUE(wait_until([&] { return kafka_.count() == 1; }));
  ASSERT_TRUE(herder_->pause_connector("c1").ok());
  EXPECT_EQ(herder_->connector_status("c1")->connector.state, "PAUSED");
  EXPECT_EQ(task_state("c1"), "PAUSED");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const int polls = state_->polls.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(state_->polls.load(), polls) << "a paused task does not poll";
  ASSERT_TRUE(herder_->resume_connector("c1").ok());
  EXPECT_EQ(task_state("c1"), "RUNNING");
  EXPECT_TRUE(wait_until([&] { return state_->polls.load() > polls; }));

  ASSERT_TRUE(herder_->stop_connector("c1").ok());
  auto st = herder_->connector_status("c1");
  EXPECT_EQ(st->connector.state, "STOPPED");
  EXPECT_TRUE(st->tasks.empty());
  EXPECT_TRUE(herder_->connector_info("c1")->tasks.empty());
  ASSERT_TRUE(herder_->resume_connector("c1").ok());
  EXPECT_TRUE(wait_until([&] { return task_state("c1") == "RUNNING"; }));
}

TEST_F(WorkerTest, MultipleTasks) {
  make_herder();
  ASSERT_TRUE(herder_->create_connector("c1", connector({{"records", "2"}, {"fake.tasks", "2"}, {"tasks.max", "2"}})).ok());
  ASSERT_TRUE(wait_until([&] { return kafka_.count() == 4; }));
  auto info = herder_->connector_info("c1");
  ASSERT_EQ(info->tasks.size(), 2u);
  ASSERT_TRUE(wait_until([&] {
    return store_.get("c1", R"({"server":"fake"})").has_value() && store_.get("c1", R"({"server":"fake1"})").has_value();
  }));
  auto tasks = herder_->task_configs("c1");
  ASSERT_EQ(tasks->size(), 2u);
  EXPECT_EQ((*tasks)[1].config.at("server"), "fake1");
}

TEST_F(WorkerTest, ValidationErrors) {
  make_herder();
  auto no_class = herder_->create_connector("c1", {{"topic", "t"}});
  ASSERT_FALSE(no_class.ok());
  EXPECT_NE(no_class.error().message.find("connector.class"), std::string::npos);

  auto unknown = herder_->create_connector("c1", {{"connector.class", "com.example.Nope"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message,
            "Failed to find any class that implements Connector and which name matches com.example.Nope, available "
            "connectors are: io.test.FakeSourceConnector");

  auto invalid = herder_->create_connector("c1", {{"connector.class", kFakeClass}, {"records", "x"}, {"tasks.max", "0"}});
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().message,
            "Connector configuration is invalid and contains the following 3 error(s):\n"
            "records: must be a number\n"
            "Invalid value 0 for configuration tasks.max: Value must be at least 1\n"
            "Missing required configuration \"topic\" which has no default value.\n"
            "You can also find the above list of errors at the endpoint "
            "`/connector-plugins/{connectorType}/config/validate`");

  auto transforms = herder_->create_connector("c1", connector({{"transforms", "unwrap"}}));
  ASSERT_FALSE(transforms.ok());
  EXPECT_NE(transforms.error().message.find("transforms"), std::string::npos);

  auto converter = herder_->create_connector("c1", connector({{"value.converter", "AvroConverter"}}));
  ASSERT_FALSE(converter.ok());
  EXPECT_NE(converter.error().message.find("value.converter"), std::string::npos);

  auto producer = herder_->create_connector("c1", connector({{"producer.override.linger.ms", "soon"}}));
  ASSERT_FALSE(producer.ok());
  EXPECT_NE(producer.error().message.find("producer.override.linger.ms"), std::string::npos);

  EXPECT_TRUE(herder_->connectors().empty());

  // Aliases resolve like Kafka Connect's.
  auto alias = herder_->create_connector("c2", {{"connector.class", "FakeSource"}, {"topic", "t"}});
  EXPECT_TRUE(alias.ok()) << alias.error().message;
  auto dup = herder_->create_connector("c2", connector());
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().message, "Connector c2 already exists");
}

TEST_F(WorkerTest, ValidateWarningsAreLoggedNamingTheKeys) {
  make_herder();
  auto ring = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
  logger()->sinks().push_back(ring);
  auto created = herder_->create_connector("w", connector({{"unknown.alpha", "1"}, {"unknown.beta", "2"}}));
  logger()->sinks().pop_back();
  ASSERT_TRUE(created.ok());
  bool found = false;
  for (const auto& line : ring->last_formatted()) {
    if (line.find("warn") != std::string::npos && line.find("[w]") != std::string::npos &&
        line.find("unknown.alpha") != std::string::npos && line.find("unknown.beta") != std::string::npos) {
      found = true;
    }
  }
  EXPECT_TRUE(found) << "no WARN line naming the unknown keys";
}

}  // namespace
