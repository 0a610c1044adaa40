// Inputs that once crashed, hung or exhausted memory (from the libFuzzer target in fuzz/ or from
// review), kept inline. Each must come back as a value: a statement or an error.
#include <gtest/gtest.h>

#include <string>

#include "schema_history/catalog.h"
#include "schema_history/ddl_parser.h"
#include "schema_history/statement_splitter.h"
#include "schema_history/table_json.h"

namespace schema_history {
namespace {

// Runs `input` through everything the fuzz target runs, in every mode.
void survive(std::string_view input) {
  for (Dialect d : {Dialect::mysql, Dialect::mariadb}) {
    ParserOptions options;
    options.dialect = d;
    CatalogOptions catalog_options;
    catalog_options.dialect = d;
    for (bool old_timestamps : {false, true}) {
      catalog_options.explicit_defaults_for_timestamp = !old_timestamps;
      for (SplitMode mode : {SplitMode::client, SplitMode::script}) {
        Catalog catalog(catalog_options);
        DdlParser parser(options);
        std::string json;
        for (const auto& s : StatementSplitter(mode, options).split(input)) {
          auto st = parser.parse(s.text, s.line, s.column);
          if (!st.ok()) continue;
          auto changes = catalog.apply(*st, "db");
          if (!changes.ok()) continue;
          for (const auto& c : *changes) {
            if (const Table* t = catalog.find(c.id)) append_table_json(json, *t);
          }
        }
      }
    }
  }
}

// Review finding: a DECIMAL scale / fractional-second precision of billions made the canonical
// DEFAULT text allocate gigabytes; the server rejects such types, we keep the text as written.
TEST(DdlFuzzRegression, HugeScaleAndPrecision) {
  survive("CREATE TABLE t (d DECIMAL(10,4000000000) DEFAULT 1, f FLOAT(9,4294967295) DEFAULT 2,"
          " e DATETIME(4000000000) DEFAULT '2020-01-01', t TIME(99999999999) DEFAULT '1:2:3',"
          " s TIMESTAMP(4294967296) NOT NULL, x TEXT(18446744073709551615),"
          " y BINARY(18446744073709551615) DEFAULT '')");
}

TEST(DdlFuzzRegression, UnbalancedAndUnterminatedInput) {
  survive("CREATE TABLE t (a INT DEFAULT (((1)");
  survive("ALTER TABLE t ADD COLUMN a ENUM('x");
  survive("/*!50001 CREATE TABLE t (a INT) */ */ */");
  survive("CREATE /* unterminated");
  survive("DELIMITER \nSELECT 1");
  survive("CREATE PROCEDURE p() BEGIN IF (a) THEN CASE WHEN 1 THEN BEGIN");
  survive(std::string(1, '\0') + "CREATE TABLE t (a INT)");
}

TEST(DdlFuzzRegression, DeepNesting) {
  survive(std::string(200000, '('));
  survive("CREATE TABLE t (a INT CHECK " + std::string(100000, '(') + ")");
  survive("BEGIN " + std::string(50000, 'B') + std::string(" BEGIN IF 1 THEN CASE ") + "END");
}

TEST(DdlFuzzRegression, OddButValidShapes) {
  survive("CREATE TABLE t (a INT, b INT, UNIQUE (a), UNIQUE (a), UNIQUE (a));"
          "ALTER TABLE t DROP a, DROP b, ADD PRIMARY KEY (nothing);"
          "ALTER TABLE t ADD c INT AFTER c, CHANGE c c INT AFTER c, RENAME TO t;"
          "RENAME TABLE t TO u, u TO t, t TO t;"
          "CREATE TABLE x LIKE x; CREATE TABLE y (LIKE t); DROP DATABASE db; DROP DATABASE db;"
          "ALTER TABLE t CONVERT TO CHARACTER SET DEFAULT");
}

}  // namespace
}  // namespace schema_history
