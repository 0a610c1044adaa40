// Test doubles for connect_runtime suites: an in-test SourceConnector whose task emits records,
// and a RecordSink that stands in for Kafka (acks immediately, or holds acks until released).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "connect_runtime/connector.h"
#include "connect_runtime/errors.h"
#include "connect_runtime/record_sink.h"

namespace cr = connect_runtime;

namespace testing_support {

inline constexpr const char* kFakeClass = "io.test.FakeSourceConnector";
inline const std::string kKeySchema =
    R"({"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}],"optional":false,"name":"fake.Key"})";
inline const std::string kValueSchema =
    R"({"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}],"optional":true,"name":"fake.Value"})";

// Everything the fake tasks did, shared with the test.
struct FakeSourceState {
  std::mutex mu;
  std::vector<std::optional<std::string>> start_offsets;  // committed_offset seen at each start
  std::atomic<int> starts{0};
  std::atomic<int> stops{0};
  std::atomic<int> closes{0};
  std::atomic<int> commits{0};
  std::atomic<int> polls{0};
};

// Config keys understood by the fake connector:
//   topic (required), records (default 3: ids 0..n-1, then a tombstone for id 0 when
//   tombstone=true), fail.start (start() error), fail.poll.after (poll error after n records),
//   server (partition), batch (records per poll, default all), pad.bytes / pad.id (a large
//   value, for size limits), unknown.* -> warnings.
class FakeSourceTask final : public cr::SourceTask {
 public:
  explicit FakeSourceTask(std::shared_ptr<FakeSourceState> state) : state_(std::move(state)) {}

  cdc::Result<void> start(const cr::ConfigMap& config, cr::SourceTaskContext& context) override {
    ++state_->starts;
    config_ = config;
    partition_ = fmt::format(R"({{"server":"{}"}})", get("server", "fake"));
    auto committed = context.committed_offset(partition_);
    {
      std::lock_guard lock(state_->mu);
      state_->start_offsets.push_back(committed);
    }
    if (get("fail.start", "false") == "true") {
      return cr::make_error(cr::ConnectErrc::task_failed, "Cannot connect to the fake source at fake:3306");
    }
    if (committed) {
      // {"pos":N} -> resume after N
      auto p = committed->find("\"pos\":");
      next_ = std::stoi(committed->substr(p + 6)) + 1;
    }
    total_ = std::stoi(get("records", "3"));
    tombstone_ = get("tombstone", "false") == "true";
    fail_after_ = std::stoi(get("fail.poll.after", "-1"));
    batch_ = std::stoi(get("batch", "1000000"));
    pad_bytes_ = std::stoi(get("pad.bytes", "0"));
    pad_id_ = std::stoi(get("pad.id", "-1"));
    return cdc::ok();
  }

  cdc::Result<void> poll(std::vector<cr::SourceRecord>& out, std::chrono::milliseconds timeout) override {
    ++state_->polls;
    int emitted = 0;
    while (next_ < total_ + (tombstone_ ? 1 : 0) && emitted < batch_) {
      if (fail_after_ >= 0 && produced_ >= fail_after_) {
        return cr::make_error(cr::ConnectErrc::task_failed, "Fake binlog read error at position 42");
      }
      out.push_back(make_record(next_));
      ++next_;
      ++produced_;
      ++emitted;
    }
    if (fail_after_ >= 0 && produced_ >= fail_after_) {
      return cr::make_error(cr::ConnectErrc::task_failed, "Fake binlog read error at position 42");
    }
    if (emitted == 0) {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, timeout, [this] { return stopped_; });
    }
    return cdc::ok();
  }

  void stop() override {
    ++state_->stops;
    std::lock_guard lock(mu_);
    stopped_ = true;
    cv_.notify_all();
  }
  void close() override { ++state_->closes; }
  void commit() override { ++state_->commits; }

 private:
  std::string get(const std::string& k, const std::string& def) const {
    auto it = config_.find(k);
    return it == config_.end() ? def : it->second;
  }

  cr::SourceRecord make_record(int i) {
    cr::SourceRecord r;
    r.source_partition_json = partition_;
    r.source_offset_json = fmt::format(R"({{"pos":{}}})", i);
    r.topic = get("topic", "t");
    r.timestamp_ms = 1700000000000 + i;
    if (i < total_) {
      r.key.schema_json = key_schema_;
      r.key.payload_json = fmt::format(R"({{"id":{}}})", i);
      r.value.schema_json = value_schema_;
      r.value.payload_json = fmt::format(R"({{"id":{}}})", i);
      if (pad_bytes_ > 0 && (pad_id_ < 0 || pad_id_ == i)) {
        r.value.payload_json = fmt::format(R"({{"id":{},"pad":"{}"}})", i, std::string(static_cast<size_t>(pad_bytes_), 'x'));
      }
    } else {  // tombstone for id 0: key kept, value is a Kafka null (no schema)
      r.key.schema_json = key_schema_;
      r.key.payload_json = R"({"id":0})";
      r.value.is_null = true;
    }
    return r;
  }

  std::shared_ptr<FakeSourceState> state_;
  cr::ConfigMap config_;
  std::string partition_;
  std::shared_ptr<const std::string> key_schema_ = std::make_shared<const std::string>(kKeySchema);
  std::shared_ptr<const std::string> value_schema_ = std::make_shared<const std::string>(kValueSchema);
  int next_ = 0;
  int total_ = 0;
  int produced_ = 0;
  int fail_after_ = -1;
  int batch_ = 1000000;
  int pad_bytes_ = 0;  // pad.bytes: a "pad" string of that many bytes in the value
  int pad_id_ = -1;    // pad.id: only that record is padded (-1: all)
  bool tombstone_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

class FakeSourceConnector final : public cr::SourceConnector {
 public:
  explicit FakeSourceConnector(std::shared_ptr<FakeSourceState> state) : state_(std::move(state)) {}
  std::string version() const override { return "1.2.3"; }
  std::vector<cr::ConfigIssue> validate(const cr::ConfigMap& config,
                                        std::vector<std::string>& warnings) const override {
    std::vector<cr::ConfigIssue> issues;
    if (!config.count("topic")) {
      issues.push_back({"topic", "Missing required configuration \"topic\" which has no default value."});
    }
    if (auto it = config.find("records"); it != config.end() &&
                                          it->second.find_first_not_of("0123456789") != std::string::npos) {
      issues.push_back({"records", "must be a number"});
    }
    for (const auto& [k, v] : config) {
      if (k.rfind("unknown.", 0) == 0) warnings.push_back(k);  // bare key names
    }
    return issues;
  }
  std::vector<cr::ConfigMap> task_configs(const cr::ConfigMap& config, int max_tasks) const override {
    std::vector<cr::ConfigMap> out;
    int n = 1;
    if (auto it = config.find("fake.tasks"); it != config.end()) n = std::stoi(it->second);
    for (int i = 0; i < std::min(n, max_tasks); ++i) {
      auto c = config;
      if (i > 0) c["server"] = fmt::format("fake{}", i);
      out.push_back(c);
    }
    return out;
  }
  std::unique_ptr<cr::SourceTask> create_task() const override {
    return std::make_unique<FakeSourceTask>(state_);
  }

 private:
  std::shared_ptr<FakeSourceState> state_;
};

inline void register_fake(cr::PluginRegistry& registry, std::shared_ptr<FakeSourceState> state) {
  registry.add(kFakeClass, "source", [state] { return std::make_unique<FakeSourceConnector>(state); });
}

// Stand-in for a Kafka cluster, shared by every FakeSink a test creates.
struct FakeKafka {
  struct Message {
    std::string topic;
    std::optional<std::string> key;
    std::optional<std::string> value;
    int64_t timestamp_ms;
    uint64_t seq;
    std::string client_id;
  };
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Message> messages;
  bool auto_ack = true;
  bool unreachable = false;
  std::optional<uint64_t> fail_seq;  // this sequence number gets a permanent delivery error
  std::vector<std::pair<uint64_t, cr::DeliveryHandler>> held;  // acks not yet delivered

  size_t count() {
    std::lock_guard lock(mu);
    return messages.size();
  }
  // Delivers held acks (all, or the given sequence numbers) in the given order.
  void release(std::vector<uint64_t> seqs = {}) {
    std::vector<std::pair<uint64_t, cr::DeliveryHandler>> todo;
    {
      std::lock_guard lock(mu);
      if (seqs.empty()) {
        todo.swap(held);
      } else {
        for (uint64_t s : seqs) {
          for (auto it = held.begin(); it != held.end(); ++it) {
            if (it->first == s) {
              todo.push_back(*it);
              held.erase(it);
              break;
            }
          }
        }
      }
      cv.notify_all();
    }
    for (auto& [seq, h] : todo) h(seq, nullptr);
  }
};

class FakeSink final : public cr::RecordSink {
 public:
  FakeSink(FakeKafka& kafka, cr::SinkSettings settings, cr::DeliveryHandler handler)
      : kafka_(kafka), settings_(std::move(settings)), handler_(std::move(handler)) {}

  cdc::Result<void> check_connectivity(std::chrono::milliseconds, const std::atomic<bool>&) override {
    std::lock_guard lock(kafka_.mu);
    if (kafka_.unreachable) {
      return cr::make_error(cr::ConnectErrc::kafka_error,
                            fmt::format("Kafka at {} unreachable: fake", settings_.bootstrap_servers));
    }
    return cdc::ok();
  }
  cdc::Result<void> produce(const std::string& topic, const std::string* key, const std::string* value,
                            int64_t ts, uint64_t seq, const std::atomic<bool>&) override {
    bool ack_now;
    bool fail_now;
    {
      std::lock_guard lock(kafka_.mu);
      kafka_.messages.push_back({topic, key ? std::optional<std::string>(*key) : std::nullopt,
                                 value ? std::optional<std::string>(*value) : std::nullopt, ts, seq,
                                 settings_.client_id});
      fail_now = kafka_.fail_seq && *kafka_.fail_seq == seq;
      ack_now = kafka_.auto_ack && !fail_now;
      if (!ack_now && !fail_now) kafka_.held.emplace_back(seq, handler_);
      kafka_.cv.notify_all();
    }
    if (fail_now) {
      cdc::Error e = cr::make_error(cr::ConnectErrc::kafka_error,
                                    fmt::format("Delivery to topic {} failed: Broker: Message size too large", topic));
      handler_(seq, &e);
    } else if (ack_now) {
      handler_(seq, nullptr);
    }
    return cdc::ok();
  }
  void poll(std::chrono::milliseconds) override {}
  cdc::Result<void> flush(std::chrono::milliseconds timeout) override {
    std::unique_lock lock(kafka_.mu);
    bool done = kafka_.cv.wait_for(lock, timeout, [&] { return kafka_.held.empty(); });
    if (!done) return cr::make_error(cr::ConnectErrc::kafka_error, "records still undelivered");
    return cdc::ok();
  }

 private:
  FakeKafka& kafka_;
  cr::SinkSettings settings_;
  cr::DeliveryHandler handler_;
};

inline cr::SinkFactory fake_sink_factory(FakeKafka& kafka) {
  return [&kafka](const cr::SinkSettings& s, cr::DeliveryHandler h) -> cdc::Result<std::unique_ptr<cr::RecordSink>> {
    return std::unique_ptr<cr::RecordSink>(std::make_unique<FakeSink>(kafka, s, std::move(h)));
  };
}

// Polls `pred` every 10 ms until true or `timeout`.
inline bool wait_until(const std::function<bool()>& pred,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

// A fresh temporary directory, removed at destruction.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "cdc-connect-test-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

}  // namespace testing_support
