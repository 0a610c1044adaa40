// The catalog: databases -> tables -> ordered columns, kept up to date by applying parsed DDL
// the way MySQL/MariaDB would execute it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "schema_history/catalog_options.h"
#include "schema_history/statement.h"
#include "schema_history/table.h"
#include "schema_history/table_change.h"

namespace schema_history {

class Catalog {
 public:
  explicit Catalog(CatalogOptions options = {}) : options_(std::move(options)) {}

  // Applies a parsed statement. Unqualified table names resolve in `default_database`. Returns the
  // tables that changed (none for statements that change no table, e.g. CREATE DATABASE, TRUNCATE,
  // or an ALTER of a table we do not know, which is skipped as Debezium does). The only error is
  // Errc::no_database: an unqualified name with an empty `default_database`.
  cdc::Result<std::vector<TableChange>> apply(const Statement& statement,
                                              std::string_view default_database);

  const Table* find(std::string_view database, std::string_view table) const;
  const Table* find(const TableId& id) const { return find(id.database, id.table); }
  bool has_database(std::string_view database) const;
  // Default character set of a database (the server's when the database is unknown).
  std::string database_charset(std::string_view database) const;

  // All tables, ordered by database then table name.
  std::vector<const Table*> tables() const;
  size_t table_count() const;
  const CatalogOptions& options() const { return options_; }

 private:
  struct Database {
    std::string name;
    std::string charset;
    std::string collation;
    std::map<std::string, Table> tables;  // keyed by name_key()
  };

  std::string name_key(std::string_view name) const;
  std::string stored_name(std::string_view name) const;
  Database& database(std::string_view name);  // created with server defaults when missing
  const Database* find_database(std::string_view name) const;
  Table* find_table(std::string_view database, std::string_view table);
  cdc::Result<TableId> resolve(const TableName& name, std::string_view default_database) const;

  cdc::Result<std::vector<TableChange>> create_table(const CreateTable& ct,
                                                     std::string_view default_database);
  cdc::Result<std::vector<TableChange>> alter_table(const AlterTable& at,
                                                    std::string_view default_database);
  void put_table(Table table);
  Table take_table(const TableId& id);

  CatalogOptions options_;
  std::map<std::string, Database> databases_;  // keyed by name_key()
};

}  // namespace schema_history
