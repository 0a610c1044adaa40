// Joins what the binlog says about a table (TABLE_MAP) with what the schema history says
// (the catalog table at the same position).
//
// With binlog_row_metadata=FULL the binlog carries column names, ENUM/SET values and the
// primary key; the catalog is then only cross-checked and the binlog wins. With MINIMAL (or no)
// metadata the catalog supplies them, so the TABLE_MAP handed to TableSchema is complete either way.
#pragma once

#include <string>
#include <vector>

#include "binlog/binlog.h"
#include "common/result.h"
#include "schema_history/table.h"

namespace cdc {

// Returns the TABLE_MAP completed from `table` (null: the catalog does not know the table).
// `mismatches` receives one sentence per difference between binlog metadata and catalog
// ("column 3: binlog `name` VARCHAR, catalog `full_name` VARCHAR"). Errors when the binlog has
// no column names and the catalog cannot supply them (unknown table, different column count,
// columns of CREATE TABLE ... SELECT).
Result<binlog::TableMap> complete_table_map(const binlog::TableMap& map, const schema_history::Table* table,
                                            std::vector<std::string>& mismatches);

// A collation id of the named character set ("utf8mb4", "latin1", "utf8"...), for decoding
// values when the binlog did not log charsets; 0 when unknown.
uint16_t collation_of_charset(const std::string& charset);

}  // namespace cdc
