// Debezium tableChanges table JSON: shape, types and the Debezium-specific renderings.
#include <gtest/gtest.h>

#include <string>

#include "schema_history/table_json.h"
#include "test_support.h"

namespace schema_history {
namespace {

std::string render(const std::string& sql, const std::string& table) {
  Catalog c;
  EXPECT_EQ(test::apply_script(c, sql, "db"), "");
  const Table* t = c.find("db", table);
  EXPECT_NE(t, nullptr);
  std::string out;
  if (t != nullptr) append_table_json(out, *t);
  return out;
}

TEST(TableChangesJson, ShapeFollowsDebezium) {
  const std::string json = render(
      "CREATE TABLE t (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
      " name VARCHAR(20) CHARACTER SET latin1, amount DECIMAL(8,2), e ENUM('a','b''c'),"
      " s SET('x','y','z'), ts TIMESTAMP(3) NULL)",
      "t");
  EXPECT_EQ(json,
            "{\"defaultCharsetName\":\"utf8mb4\",\"primaryKeyColumnNames\":[\"id\"],\"columns\":["
            "{\"name\":\"id\",\"jdbcType\":4,\"nativeType\":null,\"typeName\":\"INT UNSIGNED\","
            "\"typeExpression\":\"INT UNSIGNED\",\"charsetName\":null,\"length\":null,"
            "\"scale\":null,\"position\":1,\"optional\":false,\"autoIncremented\":true,"
            "\"generated\":true},"
            "{\"name\":\"name\",\"jdbcType\":12,\"nativeType\":null,\"typeName\":\"VARCHAR\","
            "\"typeExpression\":\"VARCHAR\",\"charsetName\":\"latin1\",\"length\":20,"
            "\"scale\":null,\"position\":2,\"optional\":true,\"autoIncremented\":false,"
            "\"generated\":false},"
            "{\"name\":\"amount\",\"jdbcType\":3,\"nativeType\":null,\"typeName\":\"DECIMAL\","
            "\"typeExpression\":\"DECIMAL\",\"charsetName\":null,\"length\":8,\"scale\":2,"
            "\"position\":3,\"optional\":true,\"autoIncremented\":false,\"generated\":false},"
            "{\"name\":\"e\",\"jdbcType\":1,\"nativeType\":null,\"typeName\":\"ENUM\","
            "\"typeExpression\":\"ENUM\",\"charsetName\":\"utf8mb4\",\"length\":1,"
            "\"scale\":null,\"position\":4,\"optional\":true,\"autoIncremented\":false,"
            "\"generated\":false,\"enumValues\":[\"'a'\",\"'b''c'\"]},"
            "{\"name\":\"s\",\"jdbcType\":1,\"nativeType\":null,\"typeName\":\"SET\","
            "\"typeExpression\":\"SET\",\"charsetName\":\"utf8mb4\",\"length\":5,"
            "\"scale\":null,\"position\":5,\"optional\":true,\"autoIncremented\":false,"
            "\"generated\":false,\"enumValues\":[\"'x'\",\"'y'\",\"'z'\"]},"
            "{\"name\":\"ts\",\"jdbcType\":2014,\"nativeType\":null,\"typeName\":\"TIMESTAMP\","
            "\"typeExpression\":\"TIMESTAMP\",\"charsetName\":null,\"length\":3,"
            "\"scale\":null,\"position\":6,\"optional\":true,\"autoIncremented\":false,"
            "\"generated\":false}]}");
}

TEST(TableChangesJson, JdbcTypes) {
  Catalog c;
  ASSERT_EQ(test::apply_script(c,
                               "CREATE TABLE t (a BIT, b TINYINT, c SMALLINT, d MEDIUMINT, e INT,"
                               " f BIGINT, g FLOAT, h DOUBLE, i DECIMAL, j DATE, k TIME,"
                               " l DATETIME, m TIMESTAMP, n YEAR, o CHAR(1), p VARCHAR(2),"
                               " q TEXT, r BINARY(2), s VARBINARY(2), u BLOB, v JSON, w POINT,"
                               " x ENUM('a'), y BOOL)",
                               "db"),
            "");
  const int expected[] = {-7, 5, 5, 4, 4, -5, 6, 8, 3, 91, 92, 93, 2014, 4, 1, 12, 12, -2, -3,
                          2004, 1111, 1111, 1, 5};
  const Table* t = c.find("db", "t");
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->columns.size(), std::size(expected));
  for (size_t i = 0; i < t->columns.size(); ++i) {
    EXPECT_EQ(jdbc_type(t->columns[i]), expected[i]) << t->columns[i].name;
  }
}

TEST(TableChangesJson, UniqueKeyStandsInForAMissingPrimaryKey) {
  const std::string json =
      render("CREATE TABLE t (a INT, b INT NOT NULL, UNIQUE KEY (b))", "t");
  EXPECT_NE(json.find("\"primaryKeyColumnNames\":[\"b\"]"), std::string::npos) << json;
}

TEST(TableChangesJson, AUniqueKeyWithANullableColumnIsNotTheKeyAndItsColumnStaysOptional) {
  const std::string json = render("CREATE TABLE t (a INT, b INT, UNIQUE KEY (a))", "t");
  EXPECT_NE(json.find("\"primaryKeyColumnNames\":[]"), std::string::npos) << json;
  EXPECT_NE(json.find("\"name\":\"a\",\"jdbcType\":4"), std::string::npos) << json;
  EXPECT_EQ(json.find("\"optional\":false"), std::string::npos) << json;
}

TEST(TableChangesJson, EscapesStrings) {
  std::string out;
  append_json_string(out, std::string("a\"b\\c\n\x01", 7));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001\"");
}

}  // namespace
}  // namespace schema_history
