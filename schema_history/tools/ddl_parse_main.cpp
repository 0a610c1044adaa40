// Standalone `ddl parse`: cdc_ddl_parse [--dialect mysql|mariadb] [--database NAME] [--final]
#include <iostream>
#include <string>
#include <vector>

#include "schema_history/ddl_parse_command.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return schema_history::run_ddl_parse_command(args, std::cin, std::cout, std::cerr);
}
