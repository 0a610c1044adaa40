#include "mysql_source_connector.h"

#include "connector_config.h"
#include "mysql_source_task.h"
#include "version.h"

namespace cdc {

std::string MySqlSourceConnector::version() const { return kCdcVersion; }

std::vector<connect_runtime::ConfigIssue> MySqlSourceConnector::validate(const connect_runtime::ConfigMap& config,
                                                                         std::vector<std::string>& warnings) const {
  std::vector<connect_runtime::ConfigIssue> issues;
  ConnectorConfig::parse(config, issues, warnings);
  auto tasks = config.find("tasks.max");
  if (tasks != config.end() && tasks->second != "1") {
    // The binlog is one ordered stream; like Debezium, one task reads it.
    warnings.push_back("tasks.max=" + tasks->second + " (the MySQL connector always runs a single task)");
  }
  return issues;
}

std::vector<connect_runtime::ConfigMap> MySqlSourceConnector::task_configs(const connect_runtime::ConfigMap& config,
                                                                           int /*max_tasks*/) const {
  return {config};
}

std::unique_ptr<connect_runtime::SourceTask> MySqlSourceConnector::create_task() const {
  return std::make_unique<MySqlSourceTask>();
}

void register_mysql_connector(connect_runtime::PluginRegistry& registry) {
  auto factory = [] { return std::make_unique<MySqlSourceConnector>(); };
  registry.add(kMySqlConnectorClass, "source", factory);
  registry.add(kMariaDbConnectorClass, "source", factory);
}

}  // namespace cdc
