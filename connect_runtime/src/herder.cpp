#include "connect_runtime/herder.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "connect_runtime/errors.h"
#include "connect_runtime/kafka_producer.h"
#include "connect_runtime/logging.h"

namespace connect_runtime {
namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n\f");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n\f");
  return s.substr(b, e - b + 1);
}

cdc::Error not_found(const std::string& name) {
  return make_error(ConnectErrc::not_found, fmt::format("Connector {} not found", name));
}

const char* target_state_name(bool paused, bool stopped) {
  if (stopped) return "STOPPED";
  return paused ? "PAUSED" : "RUNNING";
}

// Kafka Connect prints each validation error on its own line; make sure each names its key.
std::string issue_text(const std::string& key, const std::string& message) {
  if (key.empty() || message.find(key) != std::string::npos) return message;
  return fmt::format("{}: {}", key, message);
}

// SourceConnector::validate warnings: bare key names (unknown keys) are gathered on one line,
// sentences are logged as they are.
void log_warnings(const std::string& who, const std::vector<std::string>& warnings) {
  std::string keys;
  for (const auto& w : warnings) {
    if (w.find_first_of(" \t") == std::string::npos) {
      keys += (keys.empty() ? "" : ", ") + w;
    } else {
      logger()->warn("[{}] {}", who, w);
    }
  }
  if (!keys.empty()) {
    logger()->warn("[{}] Unknown configuration key(s), ignored as Kafka Connect ignores them: {}", who, keys);
  }
}

}  // namespace

Herder::Herder(WorkerConfig config, PluginRegistry& registry, OffsetStore& offsets,
               SinkFactory sink_factory, HerderOptions options)
    : config_(std::move(config)),
      registry_(registry),
      offsets_(offsets),
      sink_factory_(std::move(sink_factory)),
      options_(options) {
  options_.task.offset_flush_interval = config_.offset_flush_interval;
  options_.task.offset_flush_timeout = config_.offset_flush_timeout;
  worker_id_ = config_.worker_id(config_.listener_port);
}

Herder::~Herder() { stop(); }

void Herder::set_worker_id(std::string id) {
  std::lock_guard lock(mu_);
  worker_id_ = std::move(id);
}

std::string Herder::worker_id() const {
  std::lock_guard lock(mu_);
  return worker_id_;
}

void Herder::set_kafka_cluster_id(std::optional<std::string> id) {
  std::lock_guard lock(mu_);
  kafka_cluster_id_ = std::move(id);
}

std::optional<std::string> Herder::kafka_cluster_id() const {
  std::lock_guard lock(mu_);
  return kafka_cluster_id_;
}

std::vector<std::string> Herder::connectors() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, c] : connectors_) out.push_back(name);
  return out;
}

cdc::Result<Herder::Connector*> Herder::find(const std::string& name) const {
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return not_found(name);
  return it->second.get();
}

ConfigInfos Herder::validate_locked(const std::string& class_name, const SourceConnector& connector,
                                    const ConfigMap& config) const {
  ConfigInfos infos;
  infos.name = class_name;
  std::map<std::string, std::vector<std::string>> errors;  // key -> messages
  std::vector<std::string> order;                           // keys with errors, first-seen order
  auto add = [&](const std::string& key, std::string message) {
    if (!errors.count(key)) order.push_back(key);
    errors[key].push_back(std::move(message));
  };

  // The worker's own connector settings (Kafka Connect's ConnectorConfig).
  if (auto it = config.find("name"); it == config.end()) {
    add("name", "Missing required configuration \"name\" which has no default value.");
  } else if (trim(it->second).empty()) {
    add("name", fmt::format("Invalid value {} for configuration name: String must be non-empty", it->second));
  } else {
    std::string bad;
    for (unsigned char ch : it->second) {
      if (ch < 0x20 || ch == 0x7F) bad += (bad.empty() ? "" : ", ") + std::to_string(ch);
    }
    if (!bad.empty()) {
      add("name", fmt::format("Invalid value {} for configuration name: String may not contain control "
                              "sequences but had the following ASCII chars: {}", it->second, bad));
    }
  }
  if (auto it = config.find("tasks.max"); it != config.end()) {
    auto n = parse_int_config("tasks.max", it->second);
    if (!n.ok()) {
      add("tasks.max", n.error().message);
    } else if (*n < 1) {
      add("tasks.max", fmt::format("Invalid value {} for configuration tasks.max: Value must be at least 1",
                                   it->second));
    }
  }
  for (const std::string prefix : {"key.converter", "value.converter"}) {
    // Like Kafka Connect, the connector's converter settings only matter when it names the class.
    if (!config.count(prefix)) continue;
    auto cc = ConverterConfig::parse(config, prefix);
    if (!cc.ok()) {
      const bool bad_bool =
          cc.error().message.find("configuration " + prefix + ".schemas.enable") != std::string::npos;
      add(bad_bool ? prefix + ".schemas.enable" : prefix, cc.error().message);
    }
  }
  if (auto it = config.find("transforms"); it != config.end() && !trim(it->second).empty()) {
    add("transforms",
        fmt::format("Invalid value {} for configuration transforms: single message transforms are not "
                    "supported by this worker yet (records would be written untransformed)",
                    it->second));
  }
  for (const auto& [k, v] : config) {
    if (!k.starts_with("producer.override.") || k.size() <= 18) continue;
    std::vector<std::string> skipped;
    auto filtered = filter_producer_config({{k.substr(18), v}}, "producer.override.", skipped);
    if (!filtered.ok()) add(k, filtered.error().message);
  }

  // The connector's own validation.
  std::vector<std::string> warnings;
  for (const ConfigIssue& issue : connector.validate(config, warnings)) {
    add(issue.key, issue.message);
  }
  infos.warnings = std::move(warnings);

  std::set<std::string> seen;
  for (const auto& [key, value] : config) {
    ConfigValueInfo v;
    v.name = key;
    v.value = value;
    if (auto e = errors.find(key); e != errors.end()) v.errors = e->second;
    infos.error_count += static_cast<int>(v.errors.size());
    infos.configs.push_back(std::move(v));
    seen.insert(key);
  }
  for (const auto& key : order) {
    if (seen.count(key)) continue;
    ConfigValueInfo v;
    v.name = key;
    v.errors = errors[key];
    infos.error_count += static_cast<int>(v.errors.size());
    infos.configs.push_back(std::move(v));
  }
  return infos;
}

cdc::Result<Herder::Prepared> Herder::prepare(const std::string& name, ConfigMap config) const {
  config["name"] = name;
  Prepared p;
  auto cls = config.find("connector.class");
  if (cls == config.end() || trim(cls->second).empty()) {
    return make_error(ConnectErrc::bad_request,
                      fmt::format("Connector config for {} contains no connector type: the required "
                                  "key connector.class is missing",
                                  name));
  }
  p.class_name = trim(cls->second);
  p.connector = registry_.create(p.class_name);
  if (!p.connector) {
    std::string available;
    for (const auto& info : registry_.list()) {
      if (!available.empty()) available += ", ";
      available += info.class_name;
    }
    return make_error(ConnectErrc::bad_request,
                      fmt::format("Failed to find any class that implements Connector and which name "
                                  "matches {}, available connectors are: {}",
                                  p.class_name, available.empty() ? "(none)" : available));
  }

  ConfigInfos infos = validate_locked(p.class_name, *p.connector, config);
  log_warnings(name, infos.warnings);
  if (infos.error_count > 0) {
    std::string msg = fmt::format(
        "Connector configuration is invalid and contains the following {} error(s):", infos.error_count);
    for (const auto& v : infos.configs) {
      for (const auto& e : v.errors) msg += "\n" + issue_text(v.name, e);
    }
    msg += "\nYou can also find the above list of errors at the endpoint "
           "`/connector-plugins/{connectorType}/config/validate`";
    return make_error(ConnectErrc::bad_request, std::move(msg));
  }

  // Converters: Kafka Connect uses the connector's converter only when the connector config names
  // the class; `<prefix>.schemas.enable` alone in a connector config is ignored (worker's applies).
  auto pick = [&](const std::string& prefix, const ConverterConfig& worker) -> ConverterConfig {
    if (config.count(prefix)) {
      auto cc = ConverterConfig::parse(config, prefix);
      logger()->info("[{}] Using the {} {} from the connector config", name, prefix, cc->class_name);
      return *cc;
    }
    if (config.count(prefix + ".schemas.enable")) {
      logger()->warn("[{}] {}.schemas.enable is ignored because the connector config does not set {} "
                     "(as in Kafka Connect, the worker's {} and its settings apply)",
                     name, prefix, prefix, prefix);
    }
    return worker;
  };
  p.key_converter = std::shared_ptr<const Converter>(pick("key.converter", config_.key_converter).create());
  p.value_converter =
      std::shared_ptr<const Converter>(pick("value.converter", config_.value_converter).create());

  p.producer_config = config_.producer_config;
  {
    ConfigMap overrides;
    for (const auto& [k, v] : config) {
      if (k.starts_with("producer.override.") && k.size() > 18) overrides[k.substr(18)] = v;
    }
    std::vector<std::string> skipped;
    auto filtered = filter_producer_config(overrides, "producer.override.", skipped);
    for (const auto& k : skipped) {
      logger()->warn("[{}] Ignoring producer.override.{}: librdkafka has no producer property {}", name, k, k);
    }
    for (const auto& [k, v] : *filtered) p.producer_config[k] = v;
  }

  int tasks_max = 1;
  if (auto it = config.find("tasks.max"); it != config.end()) tasks_max = *parse_int_config("tasks.max", it->second);
  p.task_configs = p.connector->task_configs(config, tasks_max);
  if (static_cast<int>(p.task_configs.size()) > tasks_max) {
    logger()->warn("[{}] The connector returned {} task configs for tasks.max={}; using the first {}", name,
                   p.task_configs.size(), tasks_max, tasks_max);
    p.task_configs.resize(static_cast<size_t>(tasks_max));
  }
  p.config = std::move(config);
  return p;
}

void Herder::install(Connector& c, Prepared p) {
  c.config = std::move(p.config);
  c.class_name = std::move(p.class_name);
  c.connector = std::move(p.connector);
  c.task_configs = std::move(p.task_configs);
  c.key_converter = std::move(p.key_converter);
  c.value_converter = std::move(p.value_converter);
  c.producer_config = std::move(p.producer_config);
}

void Herder::start_task(Connector& c, int id) {
  auto idx = static_cast<size_t>(id);
  if (c.tasks.size() <= idx) c.tasks.resize(idx + 1);
  TaskSpec spec;
  spec.connector_name = c.name;
  spec.task_id = id;
  spec.config = c.task_configs[idx];
  spec.key_converter = c.key_converter;
  spec.value_converter = c.value_converter;
  spec.sink.bootstrap_servers = config_.bootstrap_servers;
  spec.sink.producer_config = c.producer_config;
  spec.sink.client_id = fmt::format("connector-producer-{}-{}", c.name, id);
  spec.sink.connector_name = c.name;
  spec.sink.task_id = id;
  auto wt = std::make_unique<WorkerTask>(std::move(spec), c.connector->create_task(), offsets_, sink_factory_,
                                         options_.task, c.target == TargetState::paused);
  wt->start();
  c.tasks[idx] = std::move(wt);
}

void Herder::start_tasks(Connector& c) {
  c.tasks.clear();
  for (size_t i = 0; i < c.task_configs.size(); ++i) start_task(c, static_cast<int>(i));
}

void Herder::stop_task(Connector& c, int id) {
  auto idx = static_cast<size_t>(id);
  if (idx >= c.tasks.size() || !c.tasks[idx]) return;
  c.tasks[idx]->stop();
  c.tasks[idx]->join();
  c.tasks[idx].reset();
}

void Herder::stop_tasks(Connector& c) {
  for (auto& t : c.tasks) {
    if (t) t->stop();  // ask all first so they wind down in parallel
  }
  for (auto& t : c.tasks) {
    if (t) t->join();
  }
  c.tasks.clear();
}

ConnectorInfo Herder::info_of(const Connector& c) const {
  ConnectorInfo info;
  info.name = c.name;
  info.config = c.config;
  if (c.target != TargetState::stopped) {
    for (size_t i = 0; i < c.task_configs.size(); ++i) info.tasks.push_back(static_cast<int>(i));
  }
  return info;
}

TaskStateInfo Herder::task_state_of(const Connector& c, int id) const {
  TaskStateInfo t;
  t.id = id;
  t.worker_id = worker_id_;
  auto idx = static_cast<size_t>(id);
  if (idx < c.tasks.size() && c.tasks[idx]) {
    auto st = c.tasks[idx]->status();
    t.state = to_string(st.state);
    t.trace = st.trace;
  } else {
    t.state = "UNASSIGNED";
  }
  return t;
}

ConnectorStateInfo Herder::status_of(const Connector& c) const {
  ConnectorStateInfo s;
  s.name = c.name;
  s.connector.state = target_state_name(c.target == TargetState::paused, c.target == TargetState::stopped);
  s.connector.worker_id = worker_id_;
  if (c.target != TargetState::stopped) {
    for (size_t i = 0; i < c.task_configs.size(); ++i) s.tasks.push_back(task_state_of(c, static_cast<int>(i)));
  }
  return s;
}

cdc::Result<ConnectorInfo> Herder::create_connector(const std::string& name, ConfigMap config) {
  std::lock_guard lock(mu_);
  if (stopped_) return make_error(ConnectErrc::internal, "The worker is stopping");
  return create_locked(name, std::move(config));
}

cdc::Result<ConnectorInfo> Herder::create_locked(const std::string& name, ConfigMap config) {
  if (connectors_.count(name)) {
    return make_error(ConnectErrc::already_exists, fmt::format("Connector {} already exists", name));
  }
  auto p = prepare(name, std::move(config));
  if (!p.ok()) return p.error();
  auto c = std::make_unique<Connector>();
  c->name = name;
  install(*c, std::move(*p));
  logger()->info("[{}] Created connector of class {} with {} task(s)", name, c->class_name, c->task_configs.size());
  start_tasks(*c);
  ConnectorInfo info = info_of(*c);
  connectors_[name] = std::move(c);
  return info;
}

cdc::Result<Herder::PutResult> Herder::put_connector_config(const std::string& name, ConfigMap config) {
  std::lock_guard lock(mu_);
  if (stopped_) return make_error(ConnectErrc::internal, "The worker is stopping");
  auto it = connectors_.find(name);
  if (it == connectors_.end()) {
    auto created = create_locked(name, std::move(config));
    if (!created.ok()) return created.error();
    return PutResult{std::move(*created), true};
  }
  auto p = prepare(name, std::move(config));
  if (!p.ok()) return p.error();
  Connector& c = *it->second;
  logger()->info("[{}] Reconfiguring connector", name);
  stop_tasks(c);
  install(c, std::move(*p));
  if (c.target != TargetState::stopped) start_tasks(c);
  return PutResult{info_of(c), false};
}

cdc::Result<ConnectorInfo> Herder::connector_info(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto c = find(name);
  if (!c.ok()) return c.error();
  return info_of(**c);
}

cdc::Result<ConfigMap> Herder::connector_config(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto c = find(name);
  if (!c.ok()) return c.error();
  return (*c)->config;
}

cdc::Result<ConnectorStateInfo> Herder::connector_status(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto c = find(name);
  if (!c.ok()) return c.error();
  return status_of(**c);
}

cdc::Result<std::vector<TaskInfo>> Herder::task_configs(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto c = find(name);
  if (!c.ok()) return c.error();
  std::vector<TaskInfo> out;
  if ((*c)->target == TargetState::stopped) return out;
  for (size_t i = 0; i < (*c)->task_configs.size(); ++i) {
    out.push_back(TaskInfo{static_cast<int>(i), (*c)->task_configs[i]});
  }
  return out;
}

cdc::Result<TaskStateInfo> Herder::task_status(const std::string& name, int task) const {
  std::lock_guard lock(mu_);
  auto c = find(name);
  if (!c.ok()) return c.error();
  if (task < 0 || static_cast<size_t>(task) >= (*c)->task_configs.size() || (*c)->target == TargetState::stopped) {
    return make_error(ConnectErrc::not_found, fmt::format("No status found for task {}-{}", name, task));
  }
  return task_state_of(**c, task);
}

cdc::Result<void> Herder::restart_connector(const std::string& name) {
  std::lock_guard lock(mu_);
  auto c = find(name);
  if (!c.ok()) return c.error();
  // Only the connector instance; its tasks keep running, as in Kafka Connect.
  if (auto fresh = registry_.create((*c)->class_name)) (*c)->connector = std::move(fresh);
  logger()->info("[{}] Restarted connector instance", name);
  return cdc::ok();
}

cdc::Result<ConnectorStateInfo> Herder::restart_connector_and_tasks(const std::string& name, bool include_tasks,
                                                                    bool only_failed) {
  std::lock_guard lock(mu_);
  auto found = find(name);
  if (!found.ok()) return found.error();
  Connector& c = **found;
  ConnectorStateInfo status = status_of(c);
  if (!only_failed) {
    status.connector.state = "RESTARTING";
    if (auto fresh = registry_.create(c.class_name)) c.connector = std::move(fresh);
  }
  if (include_tasks && c.target != TargetState::stopped) {
    std::vector<int> restart;
    for (auto& t : status.tasks) {
      if (!only_failed || t.state == "FAILED") {
        t.state = "RESTARTING";
        t.trace.clear();
        restart.push_back(t.id);
      }
    }
    for (int id : restart) {
      auto idx = static_cast<size_t>(id);
      if (idx < c.tasks.size() && c.tasks[idx]) c.tasks[idx]->stop();
    }
    for (int id : restart) {
      stop_task(c, id);
      start_task(c, id);
    }
    logger()->info("[{}] Restarted {} task(s)", name, restart.size());
  }
  return status;
}

cdc::Result<void> Herder::restart_task(const std::string& name, int task) {
  std::lock_guard lock(mu_);
  auto found = find(name);
  if (!found.ok()) return found.error();
  Connector& c = **found;
  if (task < 0 || static_cast<size_t>(task) >= c.task_configs.size() || c.target == TargetState::stopped) {
    return make_error(ConnectErrc::not_found, fmt::format("Task {}-{} not found", name, task));
  }
  stop_task(c, task);
  start_task(c, task);
  logger()->info("[{}|task-{}] Restarted task", name, task);
  return cdc::ok();
}

cdc::Result<void> Herder::pause_connector(const std::string& name) {
  std::lock_guard lock(mu_);
  auto found = find(name);
  if (!found.ok()) return found.error();
  Connector& c = **found;
  const bool was_stopped = c.target == TargetState::stopped;
  c.target = TargetState::paused;
  if (was_stopped) {
    start_tasks(c);
  } else {
    for (auto& t : c.tasks) {
      if (t) t->pause();
    }
  }
  logger()->info("[{}] Paused connector", name);
  return cdc::ok();
}

cdc::Result<void> Herder::resume_connector(const std::string& name) {
  std::lock_guard lock(mu_);
  auto found = find(name);
  if (!found.ok()) return found.error();
  Connector& c = **found;
  const bool was_stopped = c.target == TargetState::stopped;
  c.target = TargetState::started;
  if (was_stopped) {
    start_tasks(c);
  } else {
    for (auto& t : c.tasks) {
      if (t) t->resume();
    }
  }
  logger()->info("[{}] Resumed connector", name);
  return cdc::ok();
}

cdc::Result<void> Herder::stop_connector(const std::string& name) {
  std::lock_guard lock(mu_);
  auto found = find(name);
  if (!found.ok()) return found.error();
  Connector& c = **found;
  stop_tasks(c);
  c.target = TargetState::stopped;
  logger()->info("[{}] Stopped connector", name);
  return cdc::ok();
}

cdc::Result<void> Herder::delete_connector(const std::string& name) {
  std::lock_guard lock(mu_);
  auto found = find(name);
  if (!found.ok()) return found.error();
  stop_tasks(**found);
  connectors_.erase(name);
  logger()->info("[{}] Deleted connector (its offsets are kept)", name);
  return cdc::ok();
}

cdc::Result<std::vector<std::pair<std::string, std::string>>> Herder::connector_offsets(
    const std::string& name) const {
  std::lock_guard lock(mu_);
  auto found = find(name);
  if (!found.ok()) return found.error();
  return offsets_.offsets(name);
}

cdc::Result<void> Herder::reset_connector_offsets(const std::string& name) {
  std::lock_guard lock(mu_);
  auto found = find(name);
  if (!found.ok()) return found.error();
  if ((*found)->target != TargetState::stopped) {
    return make_error(ConnectErrc::bad_request,
                      fmt::format("Connectors must be in the STOPPED state before their offsets can be "
                                  "modified. This can be done for the specified connector by issuing a "
                                  "'PUT' request to the '/connectors/{}/stop' endpoint",
                                  name));
  }
  offsets_.remove_connector(name);
  CDC_TRY(offsets_.flush());
  logger()->info("[{}] Reset the connector's offsets", name);
  return cdc::ok();
}

std::vector<PluginInfo> Herder::connector_plugins() const { return registry_.list(); }

cdc::Result<ConfigInfos> Herder::validate_connector_config(const std::string& class_name,
                                                           const ConfigMap& config) const {
  auto info = registry_.find(class_name);
  auto connector = registry_.create(class_name);
  if (!info || !connector) {
    std::string available;
    for (const auto& p : registry_.list()) {
      if (!available.empty()) available += ", ";
      available += p.class_name;
    }
    return make_error(ConnectErrc::bad_request,
                      fmt::format("Failed to find any class that implements Connector and which name "
                                  "matches {}, available connectors are: {}",
                                  class_name, available.empty() ? "(none)" : available));
  }
  if (auto it = config.find("connector.class"); it != config.end()) {
    auto included = registry_.find(trim(it->second));
    if (!included || included->class_name != info->class_name) {
      return make_error(ConnectErrc::bad_request,
                        fmt::format("Included connector type {} does not match request type {}", it->second,
                                    class_name));
    }
  }
  std::lock_guard lock(mu_);
  ConfigInfos infos = validate_locked(info->class_name, *connector, config);
  log_warnings(fmt::format("validate {}", info->class_name), infos.warnings);
  return infos;
}

void Herder::stop() {
  std::lock_guard lock(mu_);
  if (stopped_) return;
  stopped_ = true;
  for (auto& [name, c] : connectors_) {
    for (auto& t : c->tasks) {
      if (t) t->stop();
    }
  }
  for (auto& [name, c] : connectors_) stop_tasks(*c);
  logger()->info("Herder stopped");
}

const WorkerTask* Herder::task_for_testing(const std::string& name, int task) const {
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return nullptr;
  auto idx = static_cast<size_t>(task);
  if (idx >= it->second->tasks.size()) return nullptr;
  return it->second->tasks[idx].get();
}

}  // namespace connect_runtime
