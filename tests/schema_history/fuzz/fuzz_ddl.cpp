// libFuzzer target: SQL text -> StatementSplitter -> DdlParser -> Catalog::apply -> table JSON.
// Input: 1 option byte (bit 0: MariaDB dialect, bit 1: script splitting, bit 2: ANSI_QUOTES,
// bit 3: NO_BACKSLASH_ESCAPES, bit 4: lower_case_table_names=1, bit 5: pre-8.0 TIMESTAMP rules),
// then the SQL.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "schema_history/catalog.h"
#include "schema_history/ddl_parser.h"
#include "schema_history/statement_splitter.h"
#include "schema_history/table_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  const std::string_view sql(reinterpret_cast<const char*>(data + 1), size - 1);
  schema_history::ParserOptions options;
  options.dialect = (flags & 1) != 0 ? schema_history::Dialect::mariadb
                                     : schema_history::Dialect::mysql;
  options.ansi_quotes = (flags & 4) != 0;
  options.no_backslash_escapes = (flags & 8) != 0;
  schema_history::CatalogOptions catalog_options;
  catalog_options.dialect = options.dialect;
  catalog_options.lower_case_table_names = (flags & 16) != 0 ? 1 : 0;
  catalog_options.explicit_defaults_for_timestamp = (flags & 32) == 0;
  schema_history::Catalog catalog(catalog_options);
  const schema_history::StatementSplitter splitter(
      (flags & 2) != 0 ? schema_history::SplitMode::script : schema_history::SplitMode::client,
      options);
  const schema_history::DdlParser parser(options);
  std::string json;
  std::string database = "db";
  for (const auto& s : splitter.split(sql)) {
    auto st = parser.parse(s.text, s.line, s.column);
    if (!st.ok()) continue;
    auto changes = catalog.apply(*st, database);
    if (st->kind == schema_history::StatementKind::use_database) {
      database = std::get<schema_history::UseDatabase>(st->body).name;
    }
    if (!changes.ok()) continue;
    for (const auto& c : *changes) {
      if (const schema_history::Table* t = catalog.find(c.id)) {
        json.clear();
        schema_history::append_table_json(json, *t);
      }
    }
  }
  return 0;
}
