// TABLE_MAP completed from the schema history: what MINIMAL metadata lacks comes from the
// catalog; with FULL metadata the catalog is only compared.
#include <gtest/gtest.h>

#include "catalog_table_map.h"
#include "schema_history/catalog.h"
#include "schema_history/ddl_parser.h"

namespace cdc {
namespace {

using binlog::ColumnType;

schema_history::Catalog catalog_of(const std::string& ddl) {
  schema_history::Catalog catalog;
  auto statement = schema_history::DdlParser().parse(ddl);
  EXPECT_TRUE(statement.ok()) << statement.error().message;
  auto applied = catalog.apply(*statement, "shop");
  EXPECT_TRUE(applied.ok()) << applied.error().message;
  return catalog;
}

binlog::ColumnInfo column(ColumnType type, uint16_t collation = 0, const std::string& name = "") {
  binlog::ColumnInfo c;
  c.type = type;
  c.collation = collation;
  c.name = name;
  return c;
}

// What MySQL logs with binlog_row_metadata=MINIMAL for the table below: types, signedness and
// charsets, but no names, ENUM values or key.
binlog::TableMap minimal_map() {
  binlog::TableMap m;
  m.database = "shop";
  m.table = "items";
  m.columns = {column(ColumnType::LONG), column(ColumnType::VARCHAR, 255), column(ColumnType::ENUM, 255),
               column(ColumnType::BLOB, 8)};
  m.columns[0].is_unsigned = true;
  return m;
}

const char* kItems =
    "CREATE TABLE items (id INT UNSIGNED NOT NULL, name VARCHAR(40), size ENUM('S','M','L'), note TEXT "
    "CHARACTER SET latin1, PRIMARY KEY (id))";

TEST(CatalogTableMap, MinimalMetadataTakesNamesValuesAndKeyFromTheCatalog) {
  auto catalog = catalog_of(kItems);
  std::vector<std::string> mismatches;
  auto completed = complete_table_map(minimal_map(), catalog.find("shop", "items"), mismatches);
  ASSERT_TRUE(completed.ok()) << completed.error().message;
  EXPECT_TRUE(mismatches.empty());
  EXPECT_TRUE(completed->has_column_names);
  ASSERT_EQ(completed->columns.size(), 4u);
  EXPECT_EQ(completed->columns[0].name, "id");
  EXPECT_EQ(completed->columns[1].name, "name");
  EXPECT_EQ(completed->columns[2].name, "size");
  EXPECT_EQ(completed->columns[2].enum_values, (std::vector<std::string>{"S", "M", "L"}));
  EXPECT_EQ(completed->columns[3].name, "note");
  EXPECT_EQ(completed->columns[3].collation, 8) << "the binlog's own charset is kept";
  EXPECT_EQ(completed->primary_key, (std::vector<uint32_t>{0}));
}

TEST(CatalogTableMap, NoCharsetMetadataTakesTheCatalogsCharset) {
  auto catalog = catalog_of(kItems);
  auto map = minimal_map();
  for (auto& c : map.columns) c.collation = 0;  // a server that logs no charsets
  std::vector<std::string> mismatches;
  auto completed = complete_table_map(map, catalog.find("shop", "items"), mismatches);
  ASSERT_TRUE(completed.ok()) << completed.error().message;
  EXPECT_EQ(binlog::charset_name(completed->columns[3].collation), "latin1");
  EXPECT_EQ(binlog::charset_name(completed->columns[1].collation), "utf8mb4");
  EXPECT_EQ(collation_of_charset("utf8"), collation_of_charset("utf8mb3"));
  EXPECT_NE(collation_of_charset("cp1251"), 0);
  EXPECT_EQ(collation_of_charset("no-such-charset"), 0);
}

TEST(CatalogTableMap, PointTypeFromTheCatalog) {
  auto catalog = catalog_of("CREATE TABLE places (id INT, at POINT, area GEOMETRY)");
  binlog::TableMap m;
  m.database = "shop";
  m.table = "places";
  m.columns = {column(ColumnType::LONG), column(ColumnType::GEOMETRY), column(ColumnType::GEOMETRY)};
  std::vector<std::string> mismatches;
  auto completed = complete_table_map(m, catalog.find("shop", "places"), mismatches);
  ASSERT_TRUE(completed.ok()) << completed.error().message;
  EXPECT_EQ(completed->columns[1].geometry_type, 1u);
  EXPECT_EQ(completed->columns[2].geometry_type, 0u);
}

TEST(CatalogTableMap, WithoutAPrimaryKeyAUniqueKeyOfNotNullColumnsKeysTheEvents) {
  auto catalog = catalog_of("CREATE TABLE u (a INT NOT NULL, b VARCHAR(10), UNIQUE KEY (a))");
  binlog::TableMap m;
  m.database = "shop";
  m.table = "u";
  m.columns = {column(ColumnType::LONG), column(ColumnType::VARCHAR, 255)};
  std::vector<std::string> mismatches;
  auto minimal = complete_table_map(m, catalog.find("shop", "u"), mismatches);
  ASSERT_TRUE(minimal.ok());
  EXPECT_EQ(minimal->primary_key, (std::vector<uint32_t>{0}));
  // The same with names in the binlog (which logs no unique keys).
  m.has_column_names = true;
  m.columns[0].name = "a";
  m.columns[1].name = "b";
  auto full = complete_table_map(m, catalog.find("shop", "u"), mismatches);
  ASSERT_TRUE(full.ok());
  EXPECT_TRUE(mismatches.empty());
  EXPECT_EQ(full->primary_key, (std::vector<uint32_t>{0}));
}

TEST(CatalogTableMap, MinimalMetadataWithoutAKnownTableIsAnError) {
  std::vector<std::string> mismatches;
  auto completed = complete_table_map(minimal_map(), nullptr, mismatches);
  ASSERT_FALSE(completed.ok());
  EXPECT_NE(completed.error().message.find("shop.items"), std::string::npos);
  EXPECT_NE(completed.error().message.find("no definition"), std::string::npos);
}

TEST(CatalogTableMap, MinimalMetadataWithOtherColumnsIsAnError) {
  auto catalog = catalog_of("CREATE TABLE items (id INT UNSIGNED NOT NULL, name VARCHAR(40))");
  std::vector<std::string> mismatches;
  auto completed = complete_table_map(minimal_map(), catalog.find("shop", "items"), mismatches);
  ASSERT_FALSE(completed.ok());
  EXPECT_NE(completed.error().message.find("4 columns"), std::string::npos) << completed.error().message;
  EXPECT_NE(completed.error().message.find("knows 2"), std::string::npos) << completed.error().message;

  auto other_types = catalog_of("CREATE TABLE items (id INT, name DATE, size ENUM('S'), note TEXT)");
  completed = complete_table_map(minimal_map(), other_types.find("shop", "items"), mismatches);
  ASSERT_FALSE(completed.ok());
  EXPECT_NE(completed.error().message.find("column 2"), std::string::npos) << completed.error().message;
  EXPECT_NE(completed.error().message.find("`name` DATE"), std::string::npos) << completed.error().message;
}

TEST(CatalogTableMap, FullMetadataIsComparedAndWins) {
  auto catalog = catalog_of(kItems);
  auto map = minimal_map();
  map.has_column_names = true;
  const char* names[] = {"id", "name", "size", "note"};
  for (size_t i = 0; i < 4; ++i) map.columns[i].name = names[i];
  map.columns[2].enum_values = {"S", "M", "L"};
  std::vector<std::string> mismatches;
  auto completed = complete_table_map(map, catalog.find("shop", "items"), mismatches);
  ASSERT_TRUE(completed.ok());
  EXPECT_TRUE(mismatches.empty());

  map.columns[1].name = "title";  // renamed behind the history's back
  completed = complete_table_map(map, catalog.find("shop", "items"), mismatches);
  ASSERT_TRUE(completed.ok());
  EXPECT_EQ(completed->columns[1].name, "title");
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_EQ(mismatches[0], "column 2: binlog `title` VARCHAR, catalog `name` VARCHAR");
}

}  // namespace
}  // namespace cdc
