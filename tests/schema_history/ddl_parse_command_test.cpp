// `cdc ddl parse`: arguments, JSON lines, errors, --final.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "schema_history/ddl_parse_command.h"

namespace schema_history {
namespace {

struct Run {
  int status;
  std::string out;
  std::string err;
};

Run run(std::vector<std::string> args, const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out, err;
  const int status = run_ddl_parse_command(args, in, out, err);
  return {status, out.str(), err.str()};
}

TEST(DdlParseCommand, OneLinePerStatement) {
  const auto r = run({"--database", "shop"},
                     "CREATE TABLE a (id INT PRIMARY KEY);\n"
                     "-- a comment\n"
                     "INSERT INTO a VALUES (1);\n"
                     "RENAME TABLE a TO b, b TO c;\n"
                     "CREATE TABLE broken (x INT,);\n"
                     "USE other; CREATE TABLE d (y INT)");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out,
            "{\"line\":1,\"kind\":\"create_table\",\"tables_changed\":[\"shop.a\"]}\n"
            "{\"line\":3,\"kind\":\"insert\",\"tables_changed\":[]}\n"
            "{\"line\":4,\"kind\":\"rename_table\",\"tables_changed\":[\"shop.b\",\"shop.c\"]}\n"
            "{\"line\":5,\"column\":28,\"error\":\"line 5 column 28: unexpected ')', expected a "
            "column name\"}\n"
            "{\"line\":6,\"kind\":\"use\",\"tables_changed\":[]}\n"
            "{\"line\":6,\"kind\":\"create_table\",\"tables_changed\":[\"other.d\"]}\n");
  EXPECT_EQ(r.err, "");
}

TEST(DdlParseCommand, Final) {
  const auto r = run({"--final", "--dialect=mariadb", "--database=db"},
                     "CREATE TABLE t (id INT NOT NULL, j JSON, PRIMARY KEY (id));\n"
                     "CREATE TABLE a (x BOOL);");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.rfind("{\"tables\":[{\"id\":\"db.a\",\"table\":{", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("{\"id\":\"db.t\",\"table\":{\"defaultCharsetName\":\"utf8mb4\","
                       "\"primaryKeyColumnNames\":[\"id\"]"),
            std::string::npos);
  EXPECT_NE(r.out.find("\"typeName\":\"LONGTEXT\""), std::string::npos);
  EXPECT_EQ(r.out.back(), '\n');
}

TEST(DdlParseCommand, ErrorsGoToStderrWithFinal) {
  const auto r = run({"--final"}, "CREATE TABLE t (x INT)");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "{\"tables\":[]}\n");
  EXPECT_NE(r.err.find("no database selected"), std::string::npos);
}

TEST(DdlParseCommand, Delimiter) {
  const auto r = run({"--database", "d"},
                     "DELIMITER //\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN "
                     "SET @a=1; "
                     "SET @b=2; END//\nDELIMITER ;\nDROP TABLE IF EXISTS t;");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\"line\":2,\"kind\":\"create_trigger\",\"tables_changed\":[]}\n"
            "{\"line\":4,\"kind\":\"drop_table\",\"tables_changed\":[]}\n");
}

TEST(DdlParseCommand, Usage) {
  auto r = run({"--dialect", "oracle"}, "");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown dialect 'oracle'"), std::string::npos);
  r = run({"--bogus"}, "");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown argument '--bogus'"), std::string::npos);
  r = run({"--database"}, "");
  EXPECT_EQ(r.status, 2);
  r = run({"--help"}, "");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("usage: cdc ddl parse"), std::string::npos);
}

}  // namespace
}  // namespace schema_history
