// `cdc binlog decode [--summary] FILE...`: an offline binlog reader for people (what
// `mysqlbinlog -vv` is for MySQL), printing JSON lines. The output format is described in
// cdc/README.md ("cdc binlog decode").
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cdc {

// `args` are the words after `cdc binlog decode`. Event lines (or summaries) go to `out`,
// messages to `err`. Returns 0 on success, 1 when a file cannot be read or decoded (the message
// names the file and the byte offset; what was decoded before stays printed), 2 for a usage
// error.
int run_binlog_decode_command(const std::vector<std::string>& args, std::ostream& out,
                              std::ostream& err);

}  // namespace cdc
