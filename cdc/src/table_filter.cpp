#include "table_filter.h"

namespace cdc {
namespace {

bool is_system_database(const std::string& db) {
  return db == "mysql" || db == "sys" || db == "performance_schema" || db == "information_schema";
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

TableFilter::TableFilter(const ConnectorConfig& config)
    : db_include_(compile(config.database_include)),
      db_exclude_(compile(config.database_exclude)),
      table_include_(compile(config.table_include)),
      table_exclude_(compile(config.table_exclude)) {}

std::vector<std::regex> TableFilter::compile(const std::string& list) {
  std::vector<std::regex> out;
  size_t start = 0;
  while (!list.empty() && start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string item = trim(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) out.emplace_back(item, std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool TableFilter::any_match(const std::vector<std::regex>& patterns, const std::string& s) {
  for (const auto& re : patterns) {
    if (std::regex_match(s, re)) return true;
  }
  return false;
}

bool TableFilter::database_captured(const std::string& database) const {
  if (is_system_database(database)) return false;
  if (!db_include_.empty()) return any_match(db_include_, database);
  return !any_match(db_exclude_, database);
}

bool TableFilter::captured(const std::string& database, const std::string& table) {
  std::string id = database + "." + table;
  auto it = cache_.find(id);
  if (it != cache_.end()) return it->second;
  bool result = database_captured(database);
  if (result) {
    if (!table_include_.empty()) {
      result = any_match(table_include_, id);
    } else {
      result = !any_match(table_exclude_, id);
    }
  }
  cache_.emplace(std::move(id), result);
  return result;
}

}  // namespace cdc
