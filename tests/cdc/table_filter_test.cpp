#include <gtest/gtest.h>

#include "table_filter.h"

namespace cdc {
namespace {

TEST(TableFilter, DatabaseIncludeListMatchesWholeNames) {
  ConnectorConfig c;
  c.database_include = "inventory, shop_.*";
  TableFilter f(c);
  EXPECT_TRUE(f.captured("inventory", "customers"));
  EXPECT_TRUE(f.captured("shop_eu", "orders"));
  EXPECT_FALSE(f.captured("inventory2", "customers"));  // anchored, not a substring match
  EXPECT_FALSE(f.captured("other", "t"));
}

TEST(TableFilter, TableListsUseDatabaseDotTable) {
  ConnectorConfig c;
  c.table_include = "inventory\\.customers,inventory\\.ord.*";
  TableFilter f(c);
  EXPECT_TRUE(f.captured("inventory", "customers"));
  EXPECT_TRUE(f.captured("inventory", "orders"));
  EXPECT_FALSE(f.captured("inventory", "products"));
}

TEST(TableFilter, ExcludeListAndCaseInsensitivity) {
  ConnectorConfig c;
  c.table_exclude = "inventory\\.secret.*";
  TableFilter f(c);
  EXPECT_FALSE(f.captured("inventory", "secrets"));
  EXPECT_FALSE(f.captured("Inventory", "SECRETS"));
  EXPECT_TRUE(f.captured("inventory", "customers"));
}

TEST(TableFilter, SystemDatabasesAreNeverCaptured) {
  ConnectorConfig c;
  TableFilter f(c);
  EXPECT_FALSE(f.captured("mysql", "user"));
  EXPECT_FALSE(f.captured("performance_schema", "threads"));
  EXPECT_TRUE(f.captured("app", "t"));
}

}  // namespace
}  // namespace cdc
