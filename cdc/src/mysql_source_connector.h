// The connector class users register: io.debezium.connector.mysql.MySqlConnector (and the
// MariaDB alias). Validates configuration and creates the single streaming task.
#pragma once

#include "connect_runtime/connector.h"

namespace cdc {

inline constexpr const char* kMySqlConnectorClass = "io.debezium.connector.mysql.MySqlConnector";
inline constexpr const char* kMariaDbConnectorClass = "io.debezium.connector.mariadb.MariaDbConnector";

class MySqlSourceConnector : public connect_runtime::SourceConnector {
 public:
  std::string version() const override;
  std::vector<connect_runtime::ConfigIssue> validate(const connect_runtime::ConfigMap& config,
                                                     std::vector<std::string>& warnings) const override;
  std::vector<connect_runtime::ConfigMap> task_configs(const connect_runtime::ConfigMap& config,
                                                       int max_tasks) const override;
  std::unique_ptr<connect_runtime::SourceTask> create_task() const override;
};

// Registers both class names (and their short aliases) in a plugin registry.
void register_mysql_connector(connect_runtime::PluginRegistry& registry);

}  // namespace cdc
