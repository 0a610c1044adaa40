// `cdc`: one binary with subcommands, like Kafka's scripts.
//   cdc standalone WORKER.properties [CONNECTOR.properties ...]
//   cdc ddl parse [--dialect mysql|mariadb] [--database NAME] [--final] < statements.sql
//   cdc binlog decode [--summary] FILE...
//   cdc version
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "binlog_decode_command.h"
#include "connect_runtime/standalone.h"
#include "mysql_source_connector.h"
#include "schema_history/ddl_parse_command.h"
#include "version.h"

namespace {

int usage(FILE* out) {
  std::fprintf(out,
               "usage: cdc <command> [args]\n"
               "\n"
               "commands:\n"
               "  standalone WORKER.properties [CONNECTOR.properties ...]\n"
               "      run a Kafka Connect compatible standalone worker with the REST API\n"
               "  ddl parse [--dialect mysql|mariadb] [--database NAME] [--final]\n"
               "      parse DDL from stdin the way the mysql client splits it; one JSON line per\n"
               "      statement, or with --final the resulting tables in Debezium's shape\n"
               "  binlog decode [--summary] FILE...\n"
               "      print every event of binlog files as JSON lines (rows with their values),\n"
               "      or with --summary one line per file with event and row counts\n"
               "  version\n"
               "      print the version\n");
  return out == stderr ? 2 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage(stderr);
  const std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "standalone") {
    connect_runtime::PluginRegistry registry;
    cdc::register_mysql_connector(registry);
    return connect_runtime::run_standalone(args, registry);
  }
  if (command == "ddl" && !args.empty() && args.front() == "parse") {
    return schema_history::run_ddl_parse_command({args.begin() + 1, args.end()}, std::cin, std::cout, std::cerr);
  }
  if (command == "binlog") {
    if (!args.empty() && args.front() == "decode") {
      return cdc::run_binlog_decode_command({args.begin() + 1, args.end()}, std::cout, std::cerr);
    }
    std::fprintf(stderr, "cdc: 'binlog' needs a subcommand: decode\n\n");
    return usage(stderr);
  }
  if (command == "version" || command == "--version") {
    std::printf("cdc %s\n", cdc::kCdcVersion);
    return 0;
  }
  if (command == "help" || command == "--help" || command == "-h") return usage(stdout);
  std::fprintf(stderr, "cdc: unknown command '%s'\n\n", command.c_str());
  return usage(stderr);
}
