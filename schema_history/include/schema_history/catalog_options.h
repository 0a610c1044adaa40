// Server settings that decide how DDL resolves in the catalog.
#pragma once

#include <string>

#include "schema_history/parser_options.h"

namespace schema_history {

struct CatalogOptions {
  Dialect dialect = Dialect::mysql;
  // character_set_server / collation_server: the charset of databases created without one.
  std::string server_charset = "utf8mb4";
  std::string server_collation;  // empty: the charset's default
  // lower_case_table_names: 0 names are case-sensitive; 1 stored in lower case and compared so;
  // 2 stored as given, compared in lower case. Applies to database and table names.
  int lower_case_table_names = 0;
  // explicit_defaults_for_timestamp (ON in MySQL 8; OFF in MySQL 5.7 and MariaDB < 10.10): when
  // OFF, TIMESTAMP columns are NOT NULL unless declared NULL, and the first one gets
  // DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP.
  bool explicit_defaults_for_timestamp = true;
};

}  // namespace schema_history
