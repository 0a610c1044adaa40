// The schema-change example of Debezium's connector documentation
// (assets/ddl-and-cdc-debezium/docs/shared-mariadb-mysql.adoc): the tutorial's customers table
// (debezium-container-images-examples/mysql-1.7/inventory.sql) after the ALTER in the example's
// "ddl" field renders to the example's tableChanges table.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "schema_history/table_json.h"
#include "test_support.h"

namespace schema_history {
namespace {

namespace fs = std::filesystem;

// Text of the JSON array/object starting at `from` (which points at '[' or '{'), whitespace
// outside strings removed.
std::string compact_block(const std::string& s, size_t from) {
  std::string out;
  int depth = 0;
  bool in_string = false;
  for (size_t i = from; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < s.size()) {
        out.push_back(s[++i]);
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    out.push_back(c);
    if (c == '[' || c == '{') ++depth;
    if ((c == ']' || c == '}') && --depth == 0) break;
  }
  return out;
}

TEST(DebeziumDocs, SchemaChangeExampleTable) {
  const fs::path doc =
      test::assets_dir() / "ddl-and-cdc-debezium" / "docs" / "shared-mariadb-mysql.adoc";
  const fs::path inventory =
      test::assets_dir() / "debezium-container-images-examples" / "mysql-1.7" / "inventory.sql";
  if (!fs::exists(doc) || !fs::exists(inventory)) GTEST_SKIP() << "conformance assets not found";
  const std::string text = test::read_text(doc);
  const size_t changes = text.find("\"tableChanges\": [");
  ASSERT_NE(changes, std::string::npos);
  const size_t ddl_key = text.rfind("\"ddl\": \"", changes);
  ASSERT_NE(ddl_key, std::string::npos);
  const size_t ddl_start = ddl_key + 8;
  const std::string ddl = text.substr(ddl_start, text.find('"', ddl_start) - ddl_start);
  const size_t columns = text.find("\"columns\": [", changes);
  ASSERT_NE(columns, std::string::npos);
  const std::string expected_columns = compact_block(text, text.find('[', columns));
  const size_t charset = text.find("\"defaultCharsetName\": \"", changes);
  const std::string expected_charset =
      text.substr(charset + 23, text.find('"', charset + 23) - charset - 23);

  // The tutorial database, then the documented ALTER.
  Catalog catalog;
  ASSERT_EQ(test::apply_script(catalog, test::read_text(inventory), ""), "");
  ASSERT_EQ(test::apply_script(catalog, ddl, "inventory"), "");
  const Table* t = catalog.find("inventory", "customers");
  ASSERT_NE(t, nullptr);
  std::string json;
  append_table_json(json, *t);
  const std::string actual_columns = compact_block(json, json.find('[', json.find("\"columns\"")));
  EXPECT_EQ(actual_columns, expected_columns);
  EXPECT_NE(json.find("\"defaultCharsetName\":\"" + expected_charset + "\""), std::string::npos);
  EXPECT_NE(json.find("\"primaryKeyColumnNames\":[\"id\"]"), std::string::npos);
}

}  // namespace
}  // namespace schema_history
