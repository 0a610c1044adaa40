#include "connect_runtime/worker_task.h"

#include <fmt/format.h>

#include "connect_runtime/errors.h"
#include "connect_runtime/logging.h"

namespace connect_runtime {

const char* to_string(TaskState s) {
  switch (s) {
    case TaskState::unassigned: return "UNASSIGNED";
    case TaskState::running: return "RUNNING";
    case TaskState::paused: return "PAUSED";
    case TaskState::failed: return "FAILED";
  }
  return "UNASSIGNED";
}

class WorkerTask::Context final : public SourceTaskContext {
 public:
  Context(OffsetStore& store, std::string connector) : store_(store), connector_(std::move(connector)) {}
  std::optional<std::string> committed_offset(const std::string& partition_json) override {
    return store_.get(connector_, partition_json);
  }

 private:
  OffsetStore& store_;
  std::string connector_;
};

WorkerTask::WorkerTask(TaskSpec spec, std::unique_ptr<SourceTask> task, OffsetStore& offsets,
                       SinkFactory sink_factory, WorkerTaskOptions options, bool start_paused)
    : spec_(std::move(spec)),
      task_(std::move(task)),
      offsets_(offsets),
      sink_factory_(std::move(sink_factory)),
      options_(options),
      log_prefix_(fmt::format("[{}|task-{}]", spec_.connector_name, spec_.task_id)),
      context_(std::make_unique<Context>(offsets, spec_.connector_name)),
      paused_(start_paused) {}

WorkerTask::~WorkerTask() {
  stop();
  join();
}

void WorkerTask::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void WorkerTask::pause() {
  std::lock_guard lock(mu_);
  paused_ = true;
  if (status_.state == TaskState::running) status_.state = TaskState::paused;
  cv_.notify_all();
}

void WorkerTask::resume() {
  std::lock_guard lock(mu_);
  paused_ = false;
  if (status_.state == TaskState::paused) status_.state = TaskState::running;
  cv_.notify_all();
}

void WorkerTask::stop() {
  if (stopping_.exchange(true)) return;
  {
    std::lock_guard lock(mu_);
    cv_.notify_all();
  }
  // start() may be running or done; SourceTask::stop is thread-safe by contract. Never after (or
  // during) close().
  std::lock_guard lifecycle(lifecycle_mu_);
  if (task_started_.load() && !task_closed_ && task_) task_->stop();
}

void WorkerTask::join() {
  if (thread_.joinable()) thread_.join();
}

TaskStatusSnapshot WorkerTask::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

void WorkerTask::fail(std::string trace) {
  std::lock_guard lock(mu_);
  if (status_.state == TaskState::failed) return;
  logger()->error("{} Task failed: {}", log_prefix_, trace);
  status_.state = TaskState::failed;
  status_.trace = std::move(trace);
}

void WorkerTask::on_delivery(uint64_t seq, const cdc::Error* error) {
  std::lock_guard lock(mu_);
  if (error == nullptr) {
    tracker_.ack(seq);
    return;
  }
  tracker_.fail(seq, error->to_string());
  delivery_failed_ = true;
  cv_.notify_all();
}

void WorkerTask::run() {
  // The task stays UNASSIGNED until start() succeeded, as in Kafka Connect: a client that waits
  // for RUNNING may rely on the task having taken its starting position.
  logger()->info("{} Starting task", log_prefix_);
  if (!task_) {
    fail("The connector created no task instance");
    return;
  }
  auto made = sink_factory_(spec_.sink, [this](uint64_t seq, const cdc::Error* e) { on_delivery(seq, e); });
  if (!made.ok()) {
    fail(made.error().to_string());
    return;
  }
  std::unique_ptr<RecordSink> sink = std::move(*made);
  if (!stopping_.load()) {
    auto reachable = sink->check_connectivity(options_.kafka_check_timeout, stopping_);
    if (!reachable.ok() && reachable.error().code != make_error_code(ConnectErrc::cancelled)) {
      fail(reachable.error().to_string());
      return;
    }
  }

  bool started = false;
  if (!stopping_.load()) {
    task_started_ = true;
    if (!stopping_.load()) {
      auto r = task_->start(spec_.config, *context_);
      if (!r.ok()) {
        fail(r.error().to_string());
      } else {
        started = true;
        {
          std::lock_guard lock(mu_);
          if (status_.state != TaskState::failed) status_.state = paused_ ? TaskState::paused : TaskState::running;
        }
        logger()->info("{} Task started", log_prefix_);
        loop(*sink);
      }
    }
  }

  if (started) {
    // Wait (bounded) for outstanding deliveries so their offsets can be stored.
    auto flushed = sink->flush(options_.offset_flush_timeout);
    if (!flushed.ok()) {
      logger()->warn("{} {}; their offsets are not stored and they will be produced again after a "
                     "restart", log_prefix_, flushed.error().to_string());
    }
    commit_offsets();
  }
  sink.reset();
  {
    std::lock_guard lifecycle(lifecycle_mu_);
    task_closed_ = true;
  }
  if (task_started_.load()) {
    // After a failure nobody called stop(): a task's own threads (a blocked reader) must be
    // told to end before close() waits for them.
    if (!stopping_.load()) task_->stop();
    task_->close();
  }
  const auto st = status();
  if (st.state == TaskState::failed) {
    logger()->info("{} Task stopped after failure", log_prefix_);
  } else {
    logger()->info("{} Task stopped", log_prefix_);
  }
}

void WorkerTask::loop(RecordSink& sink) {
  using clock = std::chrono::steady_clock;
  std::vector<SourceRecord> batch;
  std::string key_bytes;
  std::string value_bytes;
  auto next_flush = clock::now() + options_.offset_flush_interval;

  auto delivery_failure = [this]() -> std::string {
    std::lock_guard lock(mu_);
    return tracker_.failure().value_or("a record could not be delivered");
  };

  while (!stopping_.load()) {
    if (delivery_failed_.load()) {
      fail(delivery_failure());
      return;
    }
    {
      std::unique_lock lock(mu_);
      if (paused_) {
        cv_.wait_until(lock, next_flush, [this] {
          return !paused_ || stopping_.load() || delivery_failed_.load();
        });
        lock.unlock();
        if (clock::now() >= next_flush) {
          if (!commit_offsets()) return;
          next_flush = clock::now() + options_.offset_flush_interval;
        }
        continue;
      }
    }

    batch.clear();
    auto polled = task_->poll(batch, options_.poll_timeout);
    for (SourceRecord& rec : batch) {
      auto k = spec_.key_converter->convert(rec.key, key_bytes);
      if (!k.ok()) {
        fail(fmt::format("Failed to convert the key of a record for topic {}: {}", rec.topic,
                         k.error().to_string()));
        return;
      }
      auto v = spec_.value_converter->convert(rec.value, value_bytes);
      if (!v.ok()) {
        fail(fmt::format("Failed to convert the value of a record for topic {}: {}", rec.topic,
                         v.error().to_string()));
        return;
      }
      uint64_t seq;
      {
        std::lock_guard lock(mu_);
        seq = tracker_.track(rec.source_partition_json, std::move(rec.source_offset_json));
      }
      auto p = sink.produce(rec.topic, *k ? &key_bytes : nullptr, *v ? &value_bytes : nullptr,
                            rec.timestamp_ms, seq, stopping_);
      if (!p.ok()) {
        if (p.error().code == make_error_code(ConnectErrc::cancelled)) {
          std::lock_guard lock(mu_);
          tracker_.abandon(seq);
          return;  // stopping: nothing from here on is stored
        }
        {
          std::lock_guard lock(mu_);
          tracker_.fail(seq, p.error().to_string());
        }
        fail(p.error().to_string());
        return;
      }
      produced_.fetch_add(1, std::memory_order_relaxed);
    }
    if (!polled.ok()) {
      fail(polled.error().to_string());
      return;
    }
    if (clock::now() >= next_flush) {
      if (!commit_offsets()) return;
      next_flush = clock::now() + options_.offset_flush_interval;
    }
  }
}

bool WorkerTask::commit_offsets() {
  std::map<std::string, std::string> updates;
  {
    std::lock_guard lock(mu_);
    updates = tracker_.take_committable();
  }
  if (updates.empty()) return true;
  for (const auto& [partition, offset] : updates) {
    auto r = offsets_.put(spec_.connector_name, partition, offset);
    if (!r.ok()) {
      fail(fmt::format("Cannot store the offset {} of source partition {}: {}", offset, partition,
                       r.error().to_string()));
      return false;
    }
  }
  auto flushed = offsets_.flush();
  if (!flushed.ok()) {
    // The offsets stay in the store's memory and are written by the next flush.
    logger()->error("{} Failed to flush offsets: {}", log_prefix_, flushed.error().to_string());
    return true;
  }
  flushes_.fetch_add(1, std::memory_order_relaxed);
  logger()->debug("{} Stored offsets of {} source partition(s)", log_prefix_, updates.size());
  if (task_started_.load()) task_->commit();
  return true;
}

}  // namespace connect_runtime
