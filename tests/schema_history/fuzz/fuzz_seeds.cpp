// Writes libFuzzer seeds for schema_history_fuzz_ddl from the DDL corpora in ../shared/assets:
// every statement of every .sql/.ddl file as its own seed (option byte first), plus each small
// file whole. Usage: schema_history_fuzz_seeds <assets dir> <output dir>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "schema_history/statement_splitter.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: schema_history_fuzz_seeds <assets dir> <output dir>\n";
    return 2;
  }
  const fs::path assets = argv[1];
  const fs::path out = argv[2];
  fs::create_directories(out);
  size_t n = 0;
  auto write = [&](uint8_t flags, std::string_view text) {
    std::ofstream f(out / ("seed_" + std::to_string(n++)), std::ios::binary);
    f.put(static_cast<char>(flags));
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
  };
  for (const char* dir : {"ddl-and-cdc-debezium", "ddl-and-cdc-maxwell", "ddl-canal",
                          "debezium-container-images-examples"}) {
    if (!fs::exists(assets / dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(assets / dir)) {
      const std::string ext = e.path().extension().string();
      if (!e.is_regular_file() || (ext != ".sql" && ext != ".ddl")) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      const std::string text = ss.str();
      const bool maria = e.path().string().find("mariadb") != std::string::npos;
      const uint8_t flags = maria ? 1 : 0;
      schema_history::ParserOptions options;
      options.dialect = maria ? schema_history::Dialect::mariadb : schema_history::Dialect::mysql;
      for (const auto& s :
           schema_history::StatementSplitter(schema_history::SplitMode::script, options)
               .split(text)) {
        write(flags, s.text);
      }
      if (text.size() < 8192) write(static_cast<uint8_t>(flags | 2), text);
    }
  }
  std::printf("%zu seeds in %s\n", n, out.string().c_str());
  return 0;
}
