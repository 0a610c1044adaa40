// One running SourceTask: its own thread runs start() -> poll loop -> convert -> produce ->
// track offsets -> periodic offset flush; stop() from another thread ends it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "connect_runtime/connector.h"
#include "connect_runtime/converter.h"
#include "connect_runtime/offset_store.h"
#include "connect_runtime/offset_tracker.h"
#include "connect_runtime/record_sink.h"

namespace connect_runtime {

// Kafka Connect's task states.
enum class TaskState { unassigned, running, paused, failed };
const char* to_string(TaskState s);

struct TaskStatusSnapshot {
  TaskState state = TaskState::unassigned;
  std::string trace;  // the failure message when FAILED
};

struct WorkerTaskOptions {
  std::chrono::milliseconds poll_timeout{1000};         // passed to SourceTask::poll
  std::chrono::milliseconds offset_flush_interval{60000};
  std::chrono::milliseconds offset_flush_timeout{5000};  // producer flush at stop
  std::chrono::milliseconds kafka_check_timeout{10000};  // connectivity check before start()
};

struct TaskSpec {
  std::string connector_name;
  int task_id = 0;
  ConfigMap config;  // the task config given to SourceTask::start
  std::shared_ptr<const Converter> key_converter;
  std::shared_ptr<const Converter> value_converter;
  SinkSettings sink;
};

class WorkerTask {
 public:
  WorkerTask(TaskSpec spec, std::unique_ptr<SourceTask> task, OffsetStore& offsets,
             SinkFactory sink_factory, WorkerTaskOptions options, bool start_paused = false);
  ~WorkerTask();  // stop() + join()
  WorkerTask(const WorkerTask&) = delete;
  WorkerTask& operator=(const WorkerTask&) = delete;

  void start();   // spawns the task thread
  void pause();   // stop polling; offsets still flushed
  void resume();
  void stop();    // thread-safe, non-blocking: asks the loop (and SourceTask::poll) to end
  void join();    // waits for the thread (producer flush, final offset flush, close())

  TaskStatusSnapshot status() const;
  const TaskSpec& spec() const { return spec_; }
  const std::string& log_prefix() const { return log_prefix_; }

  // Counters, for tests and metrics.
  uint64_t records_produced() const { return produced_.load(); }
  uint64_t offset_flushes() const { return flushes_.load(); }

 private:
  class Context;
  void run();
  void loop(RecordSink& sink);
  void fail(std::string trace);
  // Writes committable offsets to the store and flushes it; calls SourceTask::commit() after a
  // successful flush. Returns false when an offset could not be stored (task fails).
  bool commit_offsets();
  void on_delivery(uint64_t seq, const cdc::Error* error);

  TaskSpec spec_;
  std::unique_ptr<SourceTask> task_;
  OffsetStore& offsets_;
  SinkFactory sink_factory_;
  WorkerTaskOptions options_;
  std::string log_prefix_;  // "[connector|task-0]"

  std::unique_ptr<Context> context_;

  mutable std::mutex mu_;  // guards tracker_, status_, paused_
  std::condition_variable cv_;
  OffsetTracker tracker_;
  TaskStatusSnapshot status_;
  bool paused_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> task_started_{false};  // SourceTask::start has been (or is being) called
  std::mutex lifecycle_mu_;                // SourceTask::stop never overlaps or follows close()
  bool task_closed_ = false;
  std::atomic<bool> delivery_failed_{false};
  std::atomic<uint64_t> produced_{0};
  std::atomic<uint64_t> flushes_{0};
  std::thread thread_;
};

}  // namespace connect_runtime
