// Debezium's include/exclude lists: comma-separated regular expressions matched against the
// whole identifier ("db" for database lists, "db.table" for table lists), case-insensitively.
#pragma once

#include <regex>
#include <string>
#include <unordered_map>
#include <vector>

#include "connector_config.h"

namespace cdc {

class TableFilter {
 public:
  explicit TableFilter(const ConnectorConfig& config);
  // Cached per name: TABLE_MAP repeats for every transaction.
  bool captured(const std::string& database, const std::string& table);
  bool database_captured(const std::string& database) const;

 private:
  static std::vector<std::regex> compile(const std::string& list);
  static bool any_match(const std::vector<std::regex>& patterns, const std::string& s);

  std::vector<std::regex> db_include_, db_exclude_, table_include_, table_exclude_;
  std::unordered_map<std::string, bool> cache_;
};

}  // namespace cdc
