// StatementSplitter: the mysql client's rules, and whole-file (script) rules.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "schema_history/statement_splitter.h"

namespace schema_history {
namespace {

std::vector<std::string> split(std::string_view sql, SplitMode mode = SplitMode::client) {
  std::vector<std::string> out;
  for (const auto& s : StatementSplitter(mode).split(sql)) out.emplace_back(s.text);
  return out;
}

TEST(StatementSplitter, SemicolonsOutsideQuotesAndComments) {
  EXPECT_EQ(split("a; b ;c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(split("INSERT INTO t VALUES ('x;y', \"p;q\", `i;j`); next"),
            (std::vector<std::string>{"INSERT INTO t VALUES ('x;y', \"p;q\", `i;j`)", "next"}));
  EXPECT_EQ(split("a /* ; */ b; c -- ;\n d; e # ;\n f"),
            (std::vector<std::string>{"a /* ; */ b", "c -- ;\n d", "e # ;\n f"}));
  EXPECT_EQ(split("'it\\';s'; x"), (std::vector<std::string>{"'it\\';s'", "x"}));
}

TEST(StatementSplitter, CommentsAndBlanksBeforeAStatementAreDropped) {
  EXPECT_EQ(split("-- intro\n# more\n/* block */\n  SELECT 1;;;  \n"),
            (std::vector<std::string>{"SELECT 1"}));
  EXPECT_TRUE(split("-- only a comment\n").empty());
  // Executable comments are code.
  EXPECT_EQ(split("/*!40101 SET NAMES utf8 */;"),
            (std::vector<std::string>{"/*!40101 SET NAMES utf8 */"}));
}

TEST(StatementSplitter, Delimiter) {
  const char* sql =
      "DELIMITER //\n"
      "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\n"
      "delimiter ;\n"
      "SELECT 3;\n"
      "DELIMITER $$\n"
      "SELECT 4$$";
  EXPECT_EQ(split(sql),
            (std::vector<std::string>{"CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END",
                                      "SELECT 3", "SELECT 4"}));
  EXPECT_EQ(split("SELECT 1\\G SELECT 2\\g"), (std::vector<std::string>{"SELECT 1", "SELECT 2"}));
}

TEST(StatementSplitter, LineAndColumnOfEachStatement) {
  const auto s =
      StatementSplitter().split("-- c\n\n  CREATE TABLE a (x int);\nDROP TABLE a; USE b");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].line, 3u);
  EXPECT_EQ(s[0].column, 3u);
  EXPECT_EQ(s[1].line, 4u);
  EXPECT_EQ(s[1].column, 1u);
  EXPECT_EQ(s[2].line, 4u);
  EXPECT_EQ(s[2].column, 15u);
}

TEST(StatementSplitter, ScriptModeKeepsRoutineBodiesTogether) {
  const char* sql =
      "CREATE PROCEDURE p()\nBEGIN\n  DECLARE x INT;\n  IF x > 0 THEN\n    SELECT 1;\n"
      "  ELSE\n    SELECT IF(x, 1, 2);\n  END IF;\n  lbl: LOOP\n    LEAVE lbl;\n  END LOOP;\n"
      "  SET x = CASE WHEN x THEN 1 ELSE 2 END;\nEND;\nCREATE TABLE t (a int);";
  const auto parts = split(sql, SplitMode::script);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1], "CREATE TABLE t (a int)");
  EXPECT_EQ(parts[0].substr(parts[0].size() - 3), "END");
  // The client splits it at every ';', as mysql would without DELIMITER.
  EXPECT_GT(split(sql).size(), 2u);
  // Triggers and events without BEGIN end at the first ';'.
  EXPECT_EQ(split("CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1; SELECT 1",
                  SplitMode::script).size(),
            2u);
}

TEST(StatementSplitter, ScriptModeSplitsStatementsWithoutSemicolons) {
  const char* sql =
      "ALTER TABLE t ADD COLUMN a INT\n"
      "ALTER TABLE t\n  DROP COLUMN b\n"
      "CREATE VIEW v AS\nSELECT 1\n"
      "GRANT ALL ON *.* TO u\nWITH GRANT OPTION";
  EXPECT_EQ(split(sql, SplitMode::script),
            (std::vector<std::string>{"ALTER TABLE t ADD COLUMN a INT",
                                      "ALTER TABLE t\n  DROP COLUMN b",
                                      "CREATE VIEW v AS\nSELECT 1",
                                      "GRANT ALL ON *.* TO u\nWITH GRANT OPTION"}));
}

}  // namespace
}  // namespace schema_history
