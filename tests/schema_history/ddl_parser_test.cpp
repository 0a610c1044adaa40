// DdlParser: statement kinds, CREATE/ALTER details, normalisations, classification, errors.
#include <gtest/gtest.h>

#include <string>

#include "schema_history/ddl_parser.h"
#include "schema_history/errors.h"

namespace schema_history {
namespace {

Statement parse_ok(std::string_view sql, ParserOptions options = {}) {
  auto r = DdlParser(options).parse(sql);
  EXPECT_TRUE(r.ok()) << sql << "\n  -> " << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r.value()) : Statement{};
}

std::string parse_error(std::string_view sql, ParserOptions options = {}) {
  auto r = DdlParser(options).parse(sql);
  EXPECT_FALSE(r.ok()) << sql;
  return r.ok() ? "" : r.error().message;
}

const CreateTable& create(const Statement& s) { return std::get<CreateTable>(s.body); }
const AlterTable& alter(const Statement& s) { return std::get<AlterTable>(s.body); }

TEST(DdlParser, CreateTableColumnsAndKeys) {
  const auto s = parse_ok(
      "CREATE TABLE IF NOT EXISTS `db`.`t` (\n"
      "  id INT UNSIGNED NOT NULL AUTO_INCREMENT,\n"
      "  name VARCHAR(64) CHARACTER SET latin1 COLLATE latin1_bin DEFAULT 'x' COMMENT 'n',\n"
      "  ts TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE NOW(3),\n"
      "  total DECIMAL(10,2) DEFAULT -1.5,\n"
      "  g INT GENERATED ALWAYS AS (id * 2) STORED,\n"
      "  h INT AS (id + 1) VIRTUAL INVISIBLE,\n"
      "  e ENUM('a','b''c') NOT NULL DEFAULT 'a',\n"
      "  PRIMARY KEY (id),\n"
      "  UNIQUE KEY uk_name (name(10) DESC),\n"
      "  KEY (ts),\n"
      "  CONSTRAINT fk FOREIGN KEY (id) REFERENCES other (oid) ON DELETE CASCADE,\n"
      "  CHECK (total > 0),\n"
      "  FULLTEXT INDEX ft (name)\n"
      ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='t' AUTO_INCREMENT=5");
  ASSERT_EQ(s.kind, StatementKind::create_table);
  const auto& ct = create(s);
  EXPECT_EQ(ct.table.database, "db");
  EXPECT_EQ(ct.table.name, "t");
  EXPECT_TRUE(ct.if_not_exists);
  ASSERT_EQ(ct.columns.size(), 7u);
  EXPECT_EQ(ct.columns[0].type.name, "INT");
  EXPECT_TRUE(ct.columns[0].type.is_unsigned);
  EXPECT_EQ(ct.columns[0].nullable, false);
  EXPECT_TRUE(ct.columns[0].auto_increment);
  EXPECT_EQ(ct.columns[1].type.charset, "latin1");
  EXPECT_EQ(ct.columns[1].type.collation, "latin1_bin");
  EXPECT_EQ(ct.columns[1].default_kind, DefaultKind::literal);
  EXPECT_EQ(ct.columns[1].default_value, "x");
  EXPECT_EQ(ct.columns[1].comment, "n");
  EXPECT_EQ(ct.columns[2].type.length, 3u);
  EXPECT_EQ(ct.columns[2].default_kind, DefaultKind::expression);
  EXPECT_EQ(ct.columns[2].default_value, "CURRENT_TIMESTAMP(3)");
  EXPECT_EQ(ct.columns[2].on_update, "CURRENT_TIMESTAMP(3)");
  EXPECT_EQ(ct.columns[3].default_value, "-1.5");
  EXPECT_TRUE(ct.columns[4].generated);
  EXPECT_TRUE(ct.columns[4].stored);
  EXPECT_EQ(ct.columns[4].generation_expression, "id * 2");
  EXPECT_TRUE(ct.columns[5].invisible);
  EXPECT_FALSE(ct.columns[5].stored);
  EXPECT_EQ(ct.columns[6].type.enum_values, (std::vector<std::string>{"a", "b'c"}));
  ASSERT_EQ(ct.indexes.size(), 6u);
  EXPECT_EQ(ct.indexes[0].kind, IndexKind::primary);
  EXPECT_EQ(ct.indexes[1].kind, IndexKind::unique);
  EXPECT_EQ(ct.indexes[1].name, "uk_name");
  EXPECT_EQ(ct.indexes[1].parts[0].prefix, 10u);
  EXPECT_TRUE(ct.indexes[1].parts[0].descending);
  EXPECT_EQ(ct.indexes[2].name, "");
  EXPECT_EQ(ct.indexes[3].kind, IndexKind::foreign_key);
  EXPECT_EQ(ct.indexes[3].constraint_name, "fk");
  EXPECT_EQ(ct.indexes[3].referenced_table.name, "other");
  EXPECT_EQ(ct.indexes[4].kind, IndexKind::check);
  EXPECT_EQ(ct.indexes[5].kind, IndexKind::fulltext);
  EXPECT_EQ(ct.options.charset, "utf8mb4");
  EXPECT_EQ(ct.options.collation, "utf8mb4_bin");
  EXPECT_EQ(ct.options.engine, "InnoDB");
}

TEST(DdlParser, TypeSpellingNormalisations) {
  const auto s = parse_ok(
      "CREATE TABLE t (a INTEGER, b BOOL, c BOOLEAN, d DEC, e NUMERIC(5), f FIXED(7,3), g REAL,"
      " h DOUBLE PRECISION, i FLOAT(24), j FLOAT(25), k FLOAT(10,2), l SERIAL, m CHARACTER,"
      " n CHARACTER VARYING(10), o NCHAR(5), p NATIONAL VARCHAR(6), q LONG, r LONG VARBINARY,"
      " s INT1, t INT2, u INT3, v INT8, w MIDDLEINT, x TEXT(100), y BIT, z DATETIME(0),"
      " aa INT ZEROFILL, bb BINARY, cc CHAR(3) BINARY, dd CHAR(2) BYTE, ee VARCHAR(3) ASCII,"
      " ff VARCHAR(3) UNICODE, gg GEOMCOLLECTION)");
  const auto& c = create(s).columns;
  auto type = [&](size_t i) { return c[i].type; };
  EXPECT_EQ(type(0).name, "INT");
  EXPECT_EQ(type(1).name, "TINYINT");
  EXPECT_EQ(type(1).length, 1u);
  EXPECT_EQ(type(2).name, "TINYINT");
  EXPECT_EQ(type(3).name, "DECIMAL");
  EXPECT_EQ(type(3).length, 10u);
  EXPECT_EQ(type(3).scale, 0u);
  EXPECT_EQ(type(4).length, 5u);
  EXPECT_EQ(type(4).scale, 0u);
  EXPECT_EQ(type(5).scale, 3u);
  EXPECT_EQ(type(6).name, "DOUBLE");
  EXPECT_EQ(type(7).name, "DOUBLE");
  EXPECT_EQ(type(8).name, "FLOAT");
  EXPECT_FALSE(type(8).length.has_value());
  EXPECT_EQ(type(9).name, "DOUBLE");
  EXPECT_EQ(type(10).length, 10u);
  EXPECT_EQ(type(10).scale, 2u);
  EXPECT_EQ(type(11).name, "BIGINT");
  EXPECT_TRUE(type(11).is_unsigned);
  EXPECT_EQ(c[11].nullable, false);
  EXPECT_TRUE(c[11].auto_increment);
  EXPECT_TRUE(c[11].unique_key);
  EXPECT_EQ(type(12).name, "CHAR");
  EXPECT_EQ(type(12).length, 1u);
  EXPECT_EQ(type(13).name, "VARCHAR");
  EXPECT_TRUE(type(14).national);
  EXPECT_EQ(type(14).name, "CHAR");
  EXPECT_EQ(type(15).name, "VARCHAR");
  EXPECT_TRUE(type(15).national);
  EXPECT_EQ(type(16).name, "MEDIUMTEXT");
  EXPECT_EQ(type(17).name, "MEDIUMBLOB");
  EXPECT_EQ(type(18).name, "TINYINT");
  EXPECT_EQ(type(19).name, "SMALLINT");
  EXPECT_EQ(type(20).name, "MEDIUMINT");
  EXPECT_EQ(type(21).name, "BIGINT");
  EXPECT_EQ(type(22).name, "MEDIUMINT");
  EXPECT_TRUE(type(23).sized_lob);
  EXPECT_EQ(type(23).length, 100u);
  EXPECT_EQ(type(24).length, 1u);
  EXPECT_FALSE(type(25).length.has_value());
  EXPECT_TRUE(type(26).zerofill);
  EXPECT_TRUE(type(26).is_unsigned);
  EXPECT_EQ(type(27).name, "BINARY");
  EXPECT_EQ(type(27).length, 1u);
  EXPECT_TRUE(type(28).binary_collation);
  EXPECT_EQ(type(29).charset, "binary");  // the catalog makes it BINARY(2)
  EXPECT_EQ(type(30).charset, "latin1");
  EXPECT_EQ(type(31).charset, "ucs2");
  EXPECT_EQ(type(32).name, "GEOMETRYCOLLECTION");
}

TEST(DdlParser, CreateTableLikeAndSelect) {
  auto s = parse_ok("CREATE TABLE a LIKE b");
  EXPECT_EQ(create(s).like->name, "b");
  s = parse_ok("CREATE TABLE a (LIKE db.b)");
  EXPECT_EQ(create(s).like->database, "db");
  s = parse_ok("CREATE TABLE a (x INT) ENGINE=InnoDB AS SELECT 1 AS y FROM dual");
  EXPECT_TRUE(create(s).from_query);
  EXPECT_EQ(create(s).columns.size(), 1u);
  s = parse_ok("CREATE TABLE a SELECT * FROM b");
  EXPECT_TRUE(create(s).from_query);
  s = parse_ok("CREATE TABLE a IGNORE (SELECT * FROM b)");
  EXPECT_TRUE(create(s).from_query);
  s = parse_ok("CREATE TEMPORARY TABLE a (x INT)");
  EXPECT_TRUE(create(s).temporary);
  ParserOptions maria;
  maria.dialect = Dialect::mariadb;
  s = parse_ok("CREATE OR REPLACE TABLE a (x INT) WITH SYSTEM VERSIONING", maria);
  EXPECT_TRUE(create(s).or_replace);
}

TEST(DdlParser, PartitioningIsSkippedStructurally) {
  auto s = parse_ok(
      "CREATE TABLE t (id INT, d DATE, PRIMARY KEY (id, d)) ENGINE=InnoDB "
      "PARTITION BY RANGE (YEAR(d)) SUBPARTITION BY HASH(id) SUBPARTITIONS 2 ("
      " PARTITION p0 VALUES LESS THAN (1990) (SUBPARTITION s0, SUBPARTITION s1),"
      " PARTITION p1 VALUES LESS THAN MAXVALUE (SUBPARTITION s2, SUBPARTITION s3))");
  EXPECT_EQ(create(s).columns.size(), 2u);
  s = parse_ok("ALTER TABLE t ADD COLUMN x INT, ALGORITHM=INPLACE, LOCK=NONE");
  EXPECT_EQ(alter(s).specs.size(), 3u);
  s = parse_ok("ALTER TABLE t REORGANIZE PARTITION p0 INTO (PARTITION a VALUES LESS THAN (5))");
  EXPECT_EQ(alter(s).specs.size(), 1u);
  s = parse_ok("ALTER TABLE t DROP PARTITION p1, p2");
  EXPECT_EQ(alter(s).specs.size(), 0u);
  EXPECT_FALSE(DdlParser().parse("CREATE TABLE t (a INT) PARTITION BY HASH(a").ok());
}

TEST(DdlParser, AlterTableSpecifications) {
  const auto s = parse_ok(
      "ALTER TABLE t ADD COLUMN a INT FIRST, ADD b TEXT AFTER a, ADD (c INT, d INT, INDEX (c)),"
      " DROP COLUMN e, DROP f, MODIFY g BIGINT NOT NULL AFTER a, CHANGE COLUMN h i VARCHAR(3),"
      " RENAME COLUMN j TO k, RENAME INDEX l TO m, ALTER COLUMN n SET DEFAULT 5,"
      " ALTER o DROP DEFAULT, ALTER p SET INVISIBLE, ADD PRIMARY KEY (a), DROP PRIMARY KEY,"
      " ADD UNIQUE INDEX u (b(10)), DROP INDEX u, DROP KEY v, DROP FOREIGN KEY fk,"
      " ADD CONSTRAINT c1 FOREIGN KEY (a) REFERENCES x (y), DROP CHECK ck,"
      " CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, DEFAULT CHARSET=latin1,"
      " ENGINE=InnoDB, RENAME TO db2.t2, ALGORITHM=COPY, LOCK=SHARED, FORCE");
  const auto& specs = alter(s).specs;
  std::vector<AlterAction> actions;
  for (const auto& sp : specs) actions.push_back(sp.action);
  using A = AlterAction;
  EXPECT_EQ(actions, (std::vector<A>{A::add_column, A::add_column, A::add_column, A::add_column,
                                     A::add_index, A::drop_column, A::drop_column,
                                     A::modify_column, A::change_column, A::rename_column,
                                     A::rename_index, A::set_default, A::drop_default,
                                     A::set_visibility, A::add_index, A::drop_primary_key,
                                     A::add_index, A::drop_index, A::drop_index,
                                     A::drop_foreign_key, A::add_index, A::drop_constraint,
                                     A::convert_charset, A::table_options, A::table_options,
                                     A::rename_table,
                                     A::other, A::other, A::other}));
  EXPECT_EQ(specs[0].placement, Placement::first);
  EXPECT_EQ(specs[1].placement, Placement::after);
  EXPECT_EQ(specs[1].after_column, "a");
  EXPECT_EQ(specs[8].name, "h");
  EXPECT_EQ(specs[8].column.name, "i");
  EXPECT_EQ(specs[11].column.default_value, "5");
  EXPECT_EQ(specs[22].charset, "utf8mb4");
  EXPECT_EQ(specs[22].collation, "utf8mb4_bin");
  EXPECT_EQ(specs[23].charset, "latin1");
  EXPECT_EQ(specs[25].new_table.database, "db2");
}

TEST(DdlParser, OtherSchemaStatements) {
  auto s = parse_ok("RENAME TABLE a TO b, db.c TO db.d");
  EXPECT_EQ(std::get<RenameTable>(s.body).pairs.size(), 2u);
  s = parse_ok("DROP TEMPORARY TABLE IF EXISTS a, b CASCADE");
  EXPECT_EQ(std::get<DropTable>(s.body).tables.size(), 2u);
  EXPECT_TRUE(std::get<DropTable>(s.body).temporary);
  s = parse_ok("TRUNCATE a");
  EXPECT_EQ(s.kind, StatementKind::truncate_table);
  s = parse_ok("TRUNCATE TABLE db.a");
  EXPECT_EQ(std::get<TruncateTable>(s.body).table.database, "db");
  s = parse_ok("CREATE SCHEMA IF NOT EXISTS d DEFAULT CHARACTER SET = utf8 COLLATE utf8_bin");
  EXPECT_EQ(std::get<CreateDatabase>(s.body).charset, "utf8");
  s = parse_ok("ALTER DATABASE CHARACTER SET latin1");
  EXPECT_EQ(std::get<AlterDatabase>(s.body).name, "");
  s = parse_ok("ALTER DATABASE d /*!40100 DEFAULT CHARACTER SET utf8mb4 */");
  EXPECT_EQ(std::get<AlterDatabase>(s.body).charset, "utf8mb4");
  s = parse_ok("DROP SCHEMA IF EXISTS d");
  EXPECT_EQ(s.kind, StatementKind::drop_database);
  s = parse_ok("USE `my db`");
  EXPECT_EQ(std::get<UseDatabase>(s.body).name, "my db");
  s = parse_ok("CREATE UNIQUE INDEX i USING BTREE ON t (a, b(3)) ALGORITHM=INPLACE LOCK=NONE");
  EXPECT_EQ(std::get<CreateIndex>(s.body).index.kind, IndexKind::unique);
  EXPECT_EQ(std::get<CreateIndex>(s.body).index.parts.size(), 2u);
  s = parse_ok("DROP INDEX `PRIMARY` ON t");
  EXPECT_EQ(std::get<DropIndex>(s.body).name, "PRIMARY");
}

TEST(DdlParser, ClassifiesEverythingElse) {
  const std::pair<const char*, const char*> cases[] = {
      {"INSERT INTO t VALUES (1)", "insert"},
      {"select * from t where a = '(' ", "select"},
      {"(SELECT 1) UNION (SELECT 2)", "select"},
      {"UPDATE t SET a = 1", "update"},
      {"DELETE FROM t", "delete"},
      {"GRANT SELECT ON *.* TO 'u'@'%'", "grant"},
      {"REVOKE ALL ON db.* FROM u", "revoke"},
      {"CREATE USER 'u'@'h' IDENTIFIED BY 'p'", "create_user"},
      {"DROP USER u", "drop_user"},
      {"CREATE ROLE r", "create_role"},
      {"CREATE DEFINER=`a`@`%` SQL SECURITY INVOKER VIEW v AS SELECT 1", "create_view"},
      {"CREATE OR REPLACE ALGORITHM=MERGE VIEW v AS SELECT 1", "create_view"},
      {"ALTER VIEW v AS SELECT 2", "alter_view"},
      {"DROP VIEW IF EXISTS v", "drop_view"},
      {"CREATE DEFINER=CURRENT_USER() PROCEDURE p() BEGIN SELECT 1; END", "create_procedure"},
      {"CREATE FUNCTION f() RETURNS INT RETURN 1", "create_function"},
      {"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1", "create_trigger"},
      {"CREATE EVENT e ON SCHEDULE EVERY 1 HOUR DO DELETE FROM t", "create_event"},
      {"DROP PROCEDURE IF EXISTS p", "drop_procedure"},
      {"FLUSH TABLES WITH READ LOCK", "flush"},
      {"SET NAMES utf8mb4", "set"},
      {"SET @@session.sql_mode = 'ANSI'", "set"},
      {"XA START 'x'", "xa"},
      {"BEGIN", "begin"},
      {"COMMIT", "commit"},
      {"LOCK TABLES t WRITE", "lock"},
      {"UNLOCK TABLES", "unlock"},
      {"ANALYZE TABLE t", "analyze"},
      {"OPTIMIZE TABLE t", "optimize"},
      {"RENAME USER a TO b", "rename_user"},
      {"SHOW CREATE TABLE t", "show"},
      {"CALL p(1)", "call"},
      {"CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER 'r')", "create_server"},
  };
  for (const auto& [sql, label] : cases) {
    const auto s = parse_ok(sql);
    EXPECT_EQ(s.kind, StatementKind::other) << sql;
    EXPECT_EQ(s.label, label) << sql;
    EXPECT_FALSE(s.changes_schema()) << sql;
  }
  EXPECT_EQ(parse_ok("  -- nothing\n").kind, StatementKind::empty);
}

TEST(DdlParser, ErrorsPointAtTheUnexpectedToken) {
  EXPECT_EQ(parse_error("CREATE TABLE t (a INT,\n  b FOO)"),
            "line 2 column 5: unknown data type 'FOO'");
  EXPECT_EQ(parse_error("ALTER TABLE t ADD COLUMN"),
            "line 1 column 25: unexpected end of statement, expected a column name");
  EXPECT_EQ(parse_error("CREATE TABLE t (a INT) garbage"),
            "line 1 column 24: unexpected 'garbage', expected end of statement");
  EXPECT_EQ(parse_error("FROBNICATE the database"),
            "line 1 column 1: unexpected 'FROBNICATE', expected a statement");
  EXPECT_EQ(parse_error("SELECT (1"),
            "line 1 column 10: unexpected end of statement, unbalanced '('");
  // Positions are relative to the caller's input.
  auto r = DdlParser().parse("DROP TABLE", 7, 4);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "line 7 column 14: unexpected end of statement, expected a table name");
  EXPECT_EQ(r.error().code, make_error_code(Errc::syntax_error));
}

TEST(DdlParser, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = "SELECT " + std::string(100000, '(') + "1" + std::string(100000, ')');
  auto r = DdlParser().parse(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, make_error_code(Errc::too_deep));
  const std::string deep_default =
      "CREATE TABLE t (a INT DEFAULT " + std::string(5000, '(') + "1" + std::string(5000, ')') +
      ")";
  r = DdlParser().parse(deep_default);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, make_error_code(Errc::too_deep));
  const std::string ok = "SELECT " + std::string(150, '(') + "1" + std::string(150, ')');
  EXPECT_TRUE(DdlParser().parse(ok).ok());
}

TEST(DdlParser, MariadbSyntax) {
  ParserOptions maria;
  maria.dialect = Dialect::mariadb;
  auto s = parse_ok(
      "ALTER TABLE IF EXISTS t ADD COLUMN IF NOT EXISTS a INT, DROP COLUMN IF EXISTS b,"
      " MODIFY COLUMN IF EXISTS c INT, DROP INDEX IF EXISTS i, ADD INDEX IF NOT EXISTS j (a)",
      maria);
  EXPECT_TRUE(alter(s).if_exists);
  EXPECT_TRUE(alter(s).specs[0].if_not_exists);
  EXPECT_TRUE(alter(s).specs[1].if_exists);
  s = parse_ok("CREATE TABLE t (id INT, uid VARCHAR(36) DEFAULT UUID(), n INT DEFAULT 1 + 2)",
               maria);
  EXPECT_EQ(create(s).columns[1].default_kind, DefaultKind::expression);
  EXPECT_EQ(create(s).columns[1].default_value, "UUID()");
  EXPECT_EQ(create(s).columns[2].default_value, "1 + 2");
  s = parse_ok(
      "CREATE TABLE t (x INT, s TIMESTAMP(6) GENERATED ALWAYS AS ROW START,"
      " e TIMESTAMP(6) GENERATED ALWAYS AS ROW END, PERIOD FOR SYSTEM_TIME(s, e))"
      " WITH SYSTEM VERSIONING",
      maria);
  EXPECT_EQ(create(s).columns.size(), 3u);
}

}  // namespace
}  // namespace schema_history
