// Helpers shared by the schema_history tests: asset paths, file reading, parse-and-apply.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "schema_history/catalog.h"
#include "schema_history/ddl_parser.h"
#include "schema_history/statement_splitter.h"

namespace schema_history::test {

inline std::filesystem::path assets_dir() {
  // scripts/test.sh exports CDC_TEST_ASSETS; a plain ctest run looks beside the checkout.
  if (const char* env = std::getenv("CDC_TEST_ASSETS"); env != nullptr && *env != '\0') return env;
  return std::filesystem::path(CDC_SOURCE_DIR) / ".." / "shared" / "assets";
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses and applies every statement of `sql` (client splitting); returns the first error text,
// or "" when all went through. USE changes the default database.
inline std::string apply_script(Catalog& catalog, std::string_view sql, std::string database,
                                ParserOptions options = {},
                                SplitMode mode = SplitMode::client) {
  StatementSplitter splitter(mode, options);
  DdlParser parser(options);
  for (const auto& s : splitter.split(sql)) {
    auto st = parser.parse(s.text, s.line, s.column);
    if (!st.ok()) return st.error().message;
    auto applied = catalog.apply(*st, database);
    if (!applied.ok()) return applied.error().message;
    if (st->kind == StatementKind::use_database) {
      database = std::get<UseDatabase>(st->body).name;
    }
  }
  return "";
}

}  // namespace schema_history::test
