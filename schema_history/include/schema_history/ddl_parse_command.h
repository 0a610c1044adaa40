// `cdc ddl parse [--dialect mysql|mariadb] [--database NAME] [--final]`: reads SQL from `in`,
// split the way the mysql client splits it, and prints one JSON line per statement
//   {"line":L,"kind":"create_table","tables_changed":["db.t"]}
// or, for a statement that cannot be parsed or applied,
//   {"line":L,"column":C,"error":"line L column C: unexpected ..."}
// With --final it prints only the resulting catalog:
//   {"tables":[{"id":"db.t","table":{<Debezium tableChanges table>}}]}
// Returns 0 when every statement was understood, 1 when some were not, 2 on bad usage.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace schema_history {

int run_ddl_parse_command(const std::vector<std::string>& args, std::istream& in,
                          std::ostream& out, std::ostream& err);

}  // namespace schema_history
