// The standalone herder: connectors and their tasks in this process, Kafka Connect's
// StandaloneHerder semantics. Every method is synchronous and thread-safe (one mutex); stopping
// a task waits for its thread (at most the poll timeout plus offset.flush.timeout.ms).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "connect_runtime/connector.h"
#include "connect_runtime/converter.h"
#include "connect_runtime/offset_store.h"
#include "connect_runtime/record_sink.h"
#include "connect_runtime/worker_config.h"
#include "connect_runtime/worker_task.h"

namespace connect_runtime {

struct ConnectorInfo {  // GET /connectors/{name}
  std::string name;
  ConfigMap config;
  std::vector<int> tasks;  // task ids
  std::string type = "source";
};

struct TaskInfo {  // one element of GET /connectors/{name}/tasks
  int id = 0;
  ConfigMap config;
};

struct StateInfo {
  std::string state;  // RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING
  std::string worker_id;
  std::string trace;  // omitted from JSON when empty
};

struct TaskStateInfo : StateInfo {
  int id = 0;
};

struct ConnectorStateInfo {  // GET /connectors/{name}/status
  std::string name;
  StateInfo connector;
  std::vector<TaskStateInfo> tasks;
  std::string type = "source";
};

// PUT /connector-plugins/{class}/config/validate (Kafka Connect's ConfigInfos, minimal).
struct ConfigValueInfo {
  std::string name;
  std::optional<std::string> value;  // null when the key is not in the submitted config
  std::vector<std::string> errors;
};
struct ConfigInfos {
  std::string name;  // the connector class
  int error_count = 0;
  std::vector<ConfigValueInfo> configs;
  std::vector<std::string> warnings;  // from SourceConnector::validate (logged, not returned)
};

struct HerderOptions {
  WorkerTaskOptions task;  // poll timeout, flush interval/timeout, Kafka check timeout
};

class Herder {
 public:
  // `options.task.offset_flush_interval/timeout` are taken from `config`.
  Herder(WorkerConfig config, PluginRegistry& registry, OffsetStore& offsets,
         SinkFactory sink_factory, HerderOptions options = {});
  ~Herder();  // stop()
  Herder(const Herder&) = delete;
  Herder& operator=(const Herder&) = delete;

  const WorkerConfig& worker_config() const { return config_; }
  void set_worker_id(std::string id);
  std::string worker_id() const;
  void set_kafka_cluster_id(std::optional<std::string> id);
  std::optional<std::string> kafka_cluster_id() const;

  std::vector<std::string> connectors() const;

  // POST /connectors. Errors: already_exists (409), bad_request (400) with Kafka Connect's
  // messages (missing connector.class, unknown class, "Connector configuration is invalid ...").
  cdc::Result<ConnectorInfo> create_connector(const std::string& name, ConfigMap config);
  struct PutResult {
    ConnectorInfo info;
    bool created = false;
  };
  // PUT /connectors/{name}/config: create, or update and restart its tasks.
  cdc::Result<PutResult> put_connector_config(const std::string& name, ConfigMap config);

  cdc::Result<ConnectorInfo> connector_info(const std::string& name) const;
  cdc::Result<ConfigMap> connector_config(const std::string& name) const;
  cdc::Result<ConnectorStateInfo> connector_status(const std::string& name) const;
  cdc::Result<std::vector<TaskInfo>> task_configs(const std::string& name) const;
  cdc::Result<TaskStateInfo> task_status(const std::string& name, int task) const;

  // POST /connectors/{name}/restart without options: restarts the connector instance only
  // (Kafka Connect's behaviour; tasks keep running).
  cdc::Result<void> restart_connector(const std::string& name);
  // ...?includeTasks=&onlyFailed=: returns the status to report (restarting parts RESTARTING)
  // and restarts them before returning.
  cdc::Result<ConnectorStateInfo> restart_connector_and_tasks(const std::string& name,
                                                              bool include_tasks, bool only_failed);
  cdc::Result<void> restart_task(const std::string& name, int task);
  cdc::Result<void> pause_connector(const std::string& name);
  cdc::Result<void> resume_connector(const std::string& name);
  cdc::Result<void> stop_connector(const std::string& name);  // PUT .../stop (STOPPED state)
  // DELETE /connectors/{name}: stops its tasks (flushing offsets); offsets are kept.
  cdc::Result<void> delete_connector(const std::string& name);

  // GET /connectors/{name}/offsets: (partition, offset) JSON pairs.
  cdc::Result<std::vector<std::pair<std::string, std::string>>> connector_offsets(
      const std::string& name) const;
  // DELETE /connectors/{name}/offsets (connector must be STOPPED).
  cdc::Result<void> reset_connector_offsets(const std::string& name);

  std::vector<PluginInfo> connector_plugins() const;
  // Validation as POST /connectors does it, for the class in the URL. Error (400) for an
  // unknown class or a connector.class in `config` that does not match it.
  cdc::Result<ConfigInfos> validate_connector_config(const std::string& class_name,
                                                     const ConfigMap& config) const;

  // Stops every task (each flushes its producer and stores its offsets). Idempotent.
  void stop();

  // For tests: the running WorkerTask of a connector's task, or nullptr.
  const WorkerTask* task_for_testing(const std::string& name, int task) const;

 private:
  enum class TargetState { started, paused, stopped };
  struct Connector {
    std::string name;
    ConfigMap config;
    std::string class_name;
    std::unique_ptr<SourceConnector> connector;
    std::vector<ConfigMap> task_configs;
    std::vector<std::unique_ptr<WorkerTask>> tasks;  // index = task id; empty when STOPPED
    TargetState target = TargetState::started;
    std::shared_ptr<const Converter> key_converter;
    std::shared_ptr<const Converter> value_converter;
    ConfigMap producer_config;
  };

  struct Prepared {  // a validated configuration, ready to run
    ConfigMap config;
    std::string class_name;
    std::unique_ptr<SourceConnector> connector;
    std::vector<ConfigMap> task_configs;
    std::shared_ptr<const Converter> key_converter;
    std::shared_ptr<const Converter> value_converter;
    ConfigMap producer_config;
  };
  cdc::Result<ConnectorInfo> create_locked(const std::string& name, ConfigMap config);
  cdc::Result<Prepared> prepare(const std::string& name, ConfigMap config) const;
  ConfigInfos validate_locked(const std::string& class_name, const SourceConnector& connector,
                              const ConfigMap& config) const;
  void install(Connector& c, Prepared p);
  void start_tasks(Connector& c);
  void start_task(Connector& c, int id);
  void stop_tasks(Connector& c);
  void stop_task(Connector& c, int id);
  ConnectorInfo info_of(const Connector& c) const;
  ConnectorStateInfo status_of(const Connector& c) const;
  TaskStateInfo task_state_of(const Connector& c, int id) const;
  cdc::Result<Connector*> find(const std::string& name) const;

  WorkerConfig config_;
  PluginRegistry& registry_;
  OffsetStore& offsets_;
  SinkFactory sink_factory_;
  HerderOptions options_;

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Connector>> connectors_;
  std::string worker_id_;
  std::optional<std::string> kafka_cluster_id_;
  bool stopped_ = false;
};

}  // namespace connect_runtime
