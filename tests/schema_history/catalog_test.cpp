// Catalog: DDL applied with the server's semantics.
#include <gtest/gtest.h>

#include <string>

#include "schema_history/errors.h"
#include "table_description.h"
#include "test_support.h"

namespace schema_history {
namespace {

using test::apply_script;

class SchemaCatalog : public ::testing::Test {
 protected:
  void run(const std::string& sql, const std::string& db = "db") {
    const std::string error = apply_script(catalog_, sql, db, parser_options_);
    ASSERT_EQ(error, "") << sql;
  }
  const Table& table(const std::string& db, const std::string& name) {
    const Table* t = catalog_.find(db, name);
    EXPECT_NE(t, nullptr) << db << "." << name;
    static const Table empty;
    return t != nullptr ? *t : empty;
  }
  const Column& col(const std::string& db, const std::string& t, const std::string& c) {
    const Column* p = table(db, t).find_column(c);
    EXPECT_NE(p, nullptr) << c;
    static const Column empty;
    return p != nullptr ? *p : empty;
  }
  std::vector<std::string> names(const Table& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns) out.push_back(c.name);
    return out;
  }
  CatalogOptions options_;
  ParserOptions parser_options_;
  Catalog catalog_{options_};
};

TEST_F(SchemaCatalog, CharsetInheritsServerDatabaseTableColumn) {
  run("CREATE DATABASE d1 CHARACTER SET latin1;"
      "CREATE TABLE d1.a (x VARCHAR(3), y VARCHAR(3) CHARACTER SET utf8,"
      " z VARCHAR(3) COLLATE ascii_bin);"
      "CREATE TABLE d1.b (x TEXT) DEFAULT CHARSET=cp1251;"
      "CREATE TABLE d2.c (x CHAR(2));"
      "CREATE TABLE d1.d (x CHAR(2)) COLLATE utf8mb4_bin;");
  EXPECT_EQ(table("d1", "a").default_charset, "latin1");
  EXPECT_EQ(col("d1", "a", "x").charset, "latin1");
  EXPECT_EQ(col("d1", "a", "y").charset, "utf8");
  EXPECT_EQ(col("d1", "a", "z").charset, "ascii");
  EXPECT_EQ(col("d1", "a", "z").collation, "ascii_bin");
  EXPECT_EQ(col("d1", "b", "x").charset, "cp1251");
  EXPECT_EQ(table("d2", "c").default_charset, "utf8mb4");  // server default
  EXPECT_EQ(col("d2", "c", "x").charset, "utf8mb4");
  EXPECT_EQ(col("d1", "d", "x").charset, "utf8mb4");
  EXPECT_EQ(col("d1", "d", "x").collation, "utf8mb4_bin");
  // Non-string columns have no charset.
  run("CREATE TABLE n (i INT, b BLOB, j JSON)");
  EXPECT_EQ(col("db", "n", "i").charset, "");
  EXPECT_EQ(col("db", "n", "b").charset, "");
}

TEST_F(SchemaCatalog, CharsetDependentTypes) {
  run("CREATE TABLE t (a TEXT(100) CHARACTER SET latin1, b TEXT(100) CHARACTER SET utf8mb4,"
      " c TEXT(20000) CHARACTER SET utf8mb4, d TEXT(161554088), e BLOB(300), f BLOB(70000),"
      " g CHAR(4) CHARACTER SET binary, h VARCHAR(4) CHARSET binary,"
      " i TINYTEXT CHARACTER SET binary,"
      " k NCHAR(3))");
  EXPECT_EQ(col("db", "t", "a").type_name, "TINYTEXT");
  EXPECT_EQ(col("db", "t", "b").type_name, "TEXT");
  EXPECT_EQ(col("db", "t", "c").type_name, "MEDIUMTEXT");
  EXPECT_EQ(col("db", "t", "d").type_name, "LONGTEXT");
  EXPECT_FALSE(col("db", "t", "d").length.has_value());
  EXPECT_EQ(col("db", "t", "e").type_name, "BLOB");
  EXPECT_EQ(col("db", "t", "f").type_name, "MEDIUMBLOB");
  EXPECT_EQ(col("db", "t", "g").type_name, "BINARY");
  EXPECT_EQ(col("db", "t", "g").charset, "");
  EXPECT_EQ(col("db", "t", "h").type_name, "VARBINARY");
  EXPECT_EQ(col("db", "t", "i").type_name, "TINYBLOB");
  EXPECT_EQ(col("db", "t", "k").charset, "utf8");
}

TEST_F(SchemaCatalog, NullabilityAndDefaults) {
  run("CREATE TABLE t (a INT, b INT NOT NULL, c INT DEFAULT '7', d DECIMAL(6,2) DEFAULT 1,"
      " e BIT(8) DEFAULT 5, f DATETIME(3) DEFAULT '2020-01-02', g TEXT, h INT PRIMARY KEY,"
      " i TINYINT(1) DEFAULT TRUE, j SERIAL, k ENUM('x','y') DEFAULT 2, l FLOAT DEFAULT '1.50')");
  EXPECT_TRUE(col("db", "t", "a").nullable);
  EXPECT_EQ(col("db", "t", "a").default_kind, DefaultKind::null);
  EXPECT_FALSE(col("db", "t", "b").nullable);
  EXPECT_EQ(col("db", "t", "b").default_kind, DefaultKind::none);
  EXPECT_EQ(col("db", "t", "c").default_value, "7");
  EXPECT_EQ(col("db", "t", "d").default_value, "1.00");
  EXPECT_EQ(col("db", "t", "e").default_value, "b'101'");
  EXPECT_EQ(col("db", "t", "f").default_value, "2020-01-02 00:00:00.000");
  EXPECT_EQ(col("db", "t", "g").default_kind, DefaultKind::none);
  EXPECT_FALSE(col("db", "t", "h").nullable);
  EXPECT_EQ(col("db", "t", "i").default_value, "1");
  EXPECT_FALSE(col("db", "t", "j").nullable);
  EXPECT_TRUE(col("db", "t", "j").auto_increment);
  EXPECT_EQ(col("db", "t", "k").default_value, "y");
  EXPECT_EQ(col("db", "t", "l").default_value, "1.5");
  EXPECT_EQ(table("db", "t").primary_key_columns(), std::vector<std::string>{"h"});
}

TEST_F(SchemaCatalog, PrimaryKeyColumnsBecomeNotNull) {
  run("CREATE TABLE t (a INT, b VARCHAR(3), PRIMARY KEY (a, b))");
  EXPECT_FALSE(col("db", "t", "a").nullable);
  EXPECT_EQ(col("db", "t", "a").default_kind, DefaultKind::none);
  EXPECT_FALSE(col("db", "t", "b").nullable);
  run("CREATE TABLE u (a INT); ALTER TABLE u ADD PRIMARY KEY (a)");
  EXPECT_FALSE(col("db", "u", "a").nullable);
  run("CREATE TABLE v (a INT NOT NULL); CREATE UNIQUE INDEX x ON v (a); ");
  EXPECT_EQ(table("db", "v").primary_key_columns(), std::vector<std::string>{});
  EXPECT_EQ(table("db", "v").key_columns(), std::vector<std::string>{"a"});
}

// Debezium promotes a UNIQUE key to the key of a table without a primary key only when all its
// columns are NOT NULL ("Skip to set unique index columns ... which including optional columns");
// a unique key stays a plain index and does not make its columns NOT NULL.
TEST_F(SchemaCatalog, OnlyAUniqueKeyOfNotNullColumnsStandsInForThePrimaryKey) {
  run("CREATE TABLE v (a INT); CREATE UNIQUE INDEX x ON v (a)");
  EXPECT_TRUE(col("db", "v", "a").nullable);
  EXPECT_EQ(table("db", "v").key_columns(), std::vector<std::string>{});
  run("CREATE TABLE w (a INT, b INT NOT NULL, c INT NOT NULL,"
      " UNIQUE KEY ua (a, b), UNIQUE KEY ubc (b, c))");
  EXPECT_EQ(table("db", "w").key_columns(), (std::vector<std::string>{"b", "c"}));
  run("ALTER TABLE w MODIFY a INT NOT NULL");  // as InnoDB, which then clusters on the first one
  EXPECT_EQ(table("db", "w").key_columns(), (std::vector<std::string>{"a", "b"}));
  run("CREATE TABLE f (a INT NOT NULL, UNIQUE KEY uf ((a + 1)), UNIQUE KEY ua (a))");
  EXPECT_EQ(table("db", "f").key_columns(), std::vector<std::string>{"a"});
}

TEST_F(SchemaCatalog, AlterColumnsInOrder) {
  run("CREATE TABLE t (a INT, b INT, c INT, KEY kb (b, c), UNIQUE KEY kc (c));"
      "ALTER TABLE t ADD COLUMN x INT FIRST, ADD y INT AFTER b, ADD z INT;"
      "ALTER TABLE t DROP COLUMN c;"
      "ALTER TABLE t CHANGE b bb BIGINT NOT NULL AFTER z, MODIFY a VARCHAR(10) FIRST;"
      "ALTER TABLE t RENAME COLUMN y TO yy, ALTER COLUMN z SET DEFAULT 3, ALTER x DROP DEFAULT");
  const Table& t = table("db", "t");
  EXPECT_EQ(names(t), (std::vector<std::string>{"a", "x", "yy", "z", "bb"}));
  EXPECT_EQ(col("db", "t", "a").type_name, "VARCHAR");
  EXPECT_EQ(col("db", "t", "bb").type_name, "BIGINT");
  EXPECT_FALSE(col("db", "t", "bb").nullable);
  EXPECT_EQ(col("db", "t", "z").default_value, "3");
  EXPECT_EQ(col("db", "t", "x").default_kind, DefaultKind::none);
  // Dropping c removed it from kb and dropped kc; renaming b renamed it in kb.
  ASSERT_EQ(t.indexes.size(), 1u);
  EXPECT_EQ(t.indexes[0].name, "kb");
  ASSERT_EQ(t.indexes[0].parts.size(), 1u);
  EXPECT_EQ(t.indexes[0].parts[0].column, "bb");
}

TEST_F(SchemaCatalog, ColumnNamesAreCaseInsensitive) {
  run("CREATE TABLE t (Abc INT); ALTER TABLE t MODIFY ABC BIGINT, ADD PRIMARY KEY (aBc)");
  EXPECT_EQ(col("db", "t", "abc").type_name, "BIGINT");
  EXPECT_EQ(col("db", "t", "abc").name, "ABC");
}

TEST_F(SchemaCatalog, TableNamesAreCaseSensitiveUnlessLowerCaseTableNames) {
  run("CREATE TABLE T1 (a INT); CREATE TABLE t1 (b INT)");
  EXPECT_EQ(catalog_.table_count(), 2u);
  CatalogOptions lower;
  lower.lower_case_table_names = 1;
  Catalog c(lower);
  ASSERT_EQ(apply_script(c, "CREATE TABLE T1 (a INT); ALTER TABLE t1 ADD b INT", "DB"), "");
  ASSERT_EQ(c.table_count(), 1u);
  const Table* t = c.find("db", "T1");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->id.to_string(), "db.t1");
  EXPECT_EQ(t->columns.size(), 2u);
}

TEST_F(SchemaCatalog, IndexesAndKeys) {
  run("CREATE TABLE t (a INT, b INT, c VARCHAR(20), UNIQUE (a), UNIQUE (a, b), KEY (c(5)),"
      " CONSTRAINT sym UNIQUE (b), CONSTRAINT fk FOREIGN KEY (c) REFERENCES x (y));"
      "CREATE INDEX ib ON t (b);"
      "DROP INDEX a_2 ON t");
  std::vector<std::string> idx;
  for (const auto& i : table("db", "t").indexes) idx.push_back(test::describe_index(i));
  EXPECT_EQ(idx, (std::vector<std::string>{"UNIQUE a (a)", "KEY c (c(5))", "UNIQUE sym (b)",
                                           "KEY ib (b)"}));
  run("CREATE TABLE f (p INT, q INT, CONSTRAINT fk1 FOREIGN KEY (q) REFERENCES f (p))");
  ASSERT_EQ(table("db", "f").indexes.size(), 1u);
  EXPECT_EQ(table("db", "f").indexes[0].name, "fk1");
  run("ALTER TABLE t ADD PRIMARY KEY (c), DROP INDEX sym; ALTER TABLE t DROP PRIMARY KEY");
  EXPECT_EQ(table("db", "t").primary_key(), nullptr);
  EXPECT_FALSE(col("db", "t", "c").nullable);  // stays NOT NULL, as MySQL leaves it
}

TEST_F(SchemaCatalog, RenameDropTruncateDatabases) {
  run("CREATE TABLE a (x INT); CREATE TABLE b (y INT);"
      "RENAME TABLE a TO tmp, b TO a, tmp TO b;"
      "CREATE DATABASE other; RENAME TABLE db.a TO other.a");
  EXPECT_EQ(table("db", "b").columns[0].name, "x");
  EXPECT_EQ(table("other", "a").columns[0].name, "y");
  run("ALTER TABLE b RENAME TO c, ADD z INT");
  EXPECT_EQ(catalog_.find("db", "b"), nullptr);
  EXPECT_EQ(table("db", "c").columns.size(), 2u);
  run("TRUNCATE c");
  EXPECT_EQ(table("db", "c").columns.size(), 2u);
  run("DROP TABLE IF EXISTS c, nothing");
  EXPECT_EQ(catalog_.find("db", "c"), nullptr);
  run("DROP DATABASE other");
  EXPECT_EQ(catalog_.table_count(), 0u);
}

TEST_F(SchemaCatalog, ReportsWhichTablesChanged) {
  DdlParser p;
  auto apply = [&](const char* sql) {
    auto st = p.parse(sql);
    EXPECT_TRUE(st.ok());
    auto r = catalog_.apply(*st, "db");
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<TableChange>{};
  };
  auto ch = apply("CREATE TABLE a (x INT)");
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch[0].type, TableChange::Type::create);
  EXPECT_EQ(ch[0].id.to_string(), "db.a");
  ch = apply("RENAME TABLE a TO b");
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch[0].type, TableChange::Type::alter);
  EXPECT_EQ(ch[0].previous_id->to_string(), "db.a");
  EXPECT_TRUE(apply("ALTER TABLE unknown ADD y INT").empty());  // skipped, as Debezium does
  EXPECT_TRUE(apply("INSERT INTO b VALUES (1)").empty());
  EXPECT_TRUE(apply("CREATE TEMPORARY TABLE tmp (x INT)").empty());
  EXPECT_TRUE(apply("DROP TEMPORARY TABLE b").empty());
  ch = apply("DROP TABLE b");
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch[0].type, TableChange::Type::drop);
}

TEST_F(SchemaCatalog, UnqualifiedNameWithoutDatabaseIsAnError) {
  auto st = DdlParser().parse("CREATE TABLE t (x INT)");
  ASSERT_TRUE(st.ok());
  auto r = catalog_.apply(*st, "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, make_error_code(Errc::no_database));
}

TEST_F(SchemaCatalog, CreateLikeAndSelect) {
  run("CREATE TABLE a (x INT PRIMARY KEY, y VARCHAR(3)) CHARSET latin1;"
      "CREATE TABLE b LIKE a; CREATE TABLE c (z INT) SELECT * FROM a;"
      "CREATE TABLE IF NOT EXISTS a (other INT)");
  EXPECT_EQ(names(table("db", "b")), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(table("db", "b").default_charset, "latin1");
  EXPECT_EQ(table("db", "b").primary_key_columns(), std::vector<std::string>{"x"});
  EXPECT_TRUE(table("db", "c").columns_incomplete);
  EXPECT_EQ(names(table("db", "c")), std::vector<std::string>{"z"});
  EXPECT_EQ(names(table("db", "a")), (std::vector<std::string>{"x", "y"}));
}

TEST_F(SchemaCatalog, ConvertToCharacterSet) {
  run("CREATE TABLE t (a VARCHAR(10), b TEXT, c BLOB, d INT, e TINYTEXT) CHARSET latin1;"
      "ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4");
  EXPECT_EQ(table("db", "t").default_charset, "utf8mb4");
  EXPECT_EQ(col("db", "t", "a").charset, "utf8mb4");
  EXPECT_EQ(col("db", "t", "a").type_name, "VARCHAR");
  EXPECT_EQ(col("db", "t", "b").type_name, "MEDIUMTEXT");  // keeps room for 65535 characters
  EXPECT_EQ(col("db", "t", "e").type_name, "TEXT");
  EXPECT_EQ(col("db", "t", "c").charset, "");
  run("ALTER TABLE t DEFAULT CHARACTER SET latin1; ALTER TABLE t ADD f CHAR(1)");
  EXPECT_EQ(col("db", "t", "a").charset, "utf8mb4");  // only the default changed
  EXPECT_EQ(col("db", "t", "f").charset, "latin1");
}

TEST_F(SchemaCatalog, TimestampRulesWithoutExplicitDefaults) {
  CatalogOptions o;
  o.explicit_defaults_for_timestamp = false;
  Catalog c(o);
  ASSERT_EQ(apply_script(c, "CREATE TABLE t (a TIMESTAMP, b TIMESTAMP(2), c TIMESTAMP NULL)", "db"),
            "");
  const Table* t = c.find("db", "t");
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->columns[0].nullable);
  EXPECT_EQ(t->columns[0].default_value, "CURRENT_TIMESTAMP");
  EXPECT_EQ(t->columns[0].on_update, "CURRENT_TIMESTAMP");
  EXPECT_EQ(t->columns[1].default_value, "0000-00-00 00:00:00.00");
  EXPECT_TRUE(t->columns[2].nullable);
  // MySQL 8 default: nothing implicit.
  run("CREATE TABLE t (a TIMESTAMP)");
  EXPECT_TRUE(col("db", "t", "a").nullable);
  EXPECT_TRUE(col("db", "t", "a").on_update.empty());
}

TEST_F(SchemaCatalog, MariadbJsonIsLongtext) {
  CatalogOptions o;
  o.dialect = Dialect::mariadb;
  Catalog c(o);
  ASSERT_EQ(apply_script(c, "CREATE TABLE t (j JSON)", "db"), "");
  const Column& j = c.find("db", "t")->columns[0];
  EXPECT_EQ(j.type_name, "LONGTEXT");
  EXPECT_EQ(j.charset, "utf8mb4");
  EXPECT_EQ(j.collation, "utf8mb4_bin");
}

TEST_F(SchemaCatalog, MariadbSystemVersioningAddsHiddenColumns) {
  parser_options_.dialect = Dialect::mariadb;
  run("CREATE TABLE v (x INT) WITH SYSTEM VERSIONING;"
      "CREATE TABLE w (x INT, s TIMESTAMP(6) GENERATED ALWAYS AS ROW START,"
      " e TIMESTAMP(6) GENERATED ALWAYS AS ROW END, PERIOD FOR SYSTEM_TIME(s, e))"
      " WITH SYSTEM VERSIONING;"
      "CREATE TABLE u (x INT); ALTER TABLE u ADD SYSTEM VERSIONING");
  EXPECT_EQ(names(table("db", "v")), (std::vector<std::string>{"x", "row_start", "row_end"}));
  EXPECT_TRUE(col("db", "v", "row_end").invisible);
  EXPECT_EQ(names(table("db", "w")), (std::vector<std::string>{"x", "s", "e"}));
  EXPECT_EQ(names(table("db", "u")), (std::vector<std::string>{"x", "row_start", "row_end"}));
  run("ALTER TABLE u DROP SYSTEM VERSIONING");
  EXPECT_EQ(names(table("db", "u")), (std::vector<std::string>{"x"}));
}

TEST_F(SchemaCatalog, UseChangesTheDefaultDatabase) {
  run("CREATE DATABASE x; USE x; CREATE TABLE t (a INT)", "");
  EXPECT_NE(catalog_.find("x", "t"), nullptr);
}

}  // namespace
}  // namespace schema_history
