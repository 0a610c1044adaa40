// DDL speed figures (a tool, not a test; single thread):
//  1. parse throughput over the DDL corpora of ../shared/assets (statements/s, MB/s);
//  2. recovery of a 100,000-statement DDL history: split + parse + apply to a fresh catalog,
//     the way a restart replays the schema history (CREATE TABLE, then ALTERs of every kind).
// Usage: schema_history_ddl_bench [assets dir] [history statements]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "schema_history/catalog.h"
#include "schema_history/ddl_parser.h"
#include "schema_history/statement_splitter.h"

namespace fs = std::filesystem;
using namespace schema_history;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct Corpus {
  std::vector<std::string> files;  // owns the text the statements point into
  std::vector<std::pair<SqlStatement, Dialect>> statements;
  size_t bytes = 0;
};

Corpus load(const fs::path& assets) {
  Corpus c;
  for (const char* dir : {"ddl-and-cdc-debezium", "ddl-and-cdc-maxwell", "ddl-canal"}) {
    if (!fs::exists(assets / dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(assets / dir)) {
      const std::string ext = e.path().extension().string();
      if (!e.is_regular_file() || (ext != ".sql" && ext != ".ddl")) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      c.files.push_back(ss.str());
    }
  }
  for (const auto& text : c.files) {
    const Dialect d = Dialect::mysql;
    for (const auto& s : StatementSplitter(SplitMode::script).split(text)) {
      c.statements.emplace_back(s, d);
      c.bytes += s.text.size();
    }
  }
  return c;
}

// A synthetic history: tables created with 12 columns and keys, then altered in turn.
std::string history(size_t statements) {
  std::string sql;
  sql.reserve(statements * 160);
  const size_t tables = statements / 10 + 1;
  size_t n = 0;
  for (size_t t = 0; t < tables && n < statements; ++t, ++n) {
    sql += "CREATE TABLE IF NOT EXISTS `app`.`t" + std::to_string(t) +
           "` (`id` bigint unsigned NOT NULL AUTO_INCREMENT, `name` varchar(255) NOT NULL "
           "DEFAULT '', `email` varchar(255) CHARACTER SET latin1 DEFAULT NULL, `amount` "
           "decimal(12,2) NOT NULL DEFAULT '0.00', `created` datetime(3) NOT NULL DEFAULT "
           "CURRENT_TIMESTAMP(3), `updated` timestamp NULL DEFAULT NULL ON UPDATE "
           "CURRENT_TIMESTAMP, `status` enum('new','paid','void') NOT NULL DEFAULT 'new', "
           "`flags` set('a','b','c') DEFAULT NULL, `payload` json DEFAULT NULL, `note` text, "
           "`score` double DEFAULT NULL, `ref` char(36) NOT NULL, PRIMARY KEY (`id`), "
           "UNIQUE KEY `uk_ref` (`ref`), KEY `ix_name` (`name`(20), `status`)) ENGINE=InnoDB "
           "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n";
  }
  static const char* kAlters[] = {
      "ADD COLUMN `c%` int DEFAULT NULL AFTER `name`",
      "MODIFY COLUMN `name` varchar(300) NOT NULL DEFAULT ''",
      "ADD INDEX `ix_c%` (`created`), ALGORITHM=INPLACE, LOCK=NONE",
      "CHANGE COLUMN `note` `note` mediumtext CHARACTER SET utf8mb4",
      "ALTER COLUMN `score` SET DEFAULT 1.5",
      "DROP INDEX `ix_c%`",
      "ADD COLUMN `d%` varchar(20) NOT NULL DEFAULT 'x' FIRST, ADD COLUMN `e%` bit(1)",
      "DROP COLUMN `d%`, DROP COLUMN `e%`",
      "RENAME COLUMN `c%` TO `k%`",
  };
  size_t k = 0;
  while (n < statements) {
    for (size_t t = 0; t < tables && n < statements; ++t, ++n) {
      std::string spec = kAlters[k % std::size(kAlters)];
      for (size_t p = spec.find('%'); p != std::string::npos; p = spec.find('%')) {
        spec.replace(p, 1, std::to_string(k));
      }
      sql += "ALTER TABLE `app`.`t" + std::to_string(t) + "` " + spec + ";\n";
    }
    ++k;
  }
  return sql;
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path assets =
      argc > 1 ? fs::path(argv[1]) : fs::path(CDC_SOURCE_DIR) / ".." / "shared" / "assets";
  const size_t history_size = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100000;

  // 1. Parse throughput over the corpora.
  const Corpus corpus = load(assets);
  if (!corpus.statements.empty()) {
    DdlParser mysql_parser;
    size_t ok = 0, parsed = 0;
    const int rounds = 20;
    const auto t0 = Clock::now();
    for (int r = 0; r < rounds; ++r) {
      for (const auto& [s, d] : corpus.statements) {
        auto st = mysql_parser.parse(s.text, s.line, s.column);
        ok += st.ok() ? 1 : 0;
        ++parsed;
      }
    }
    const double secs = seconds_since(t0);
    std::printf("parse: %zu corpus statements (%.1f MB) x %d rounds in %.3f s: %.0f statements/s,"
                " %.1f MB/s (%zu ok)\n",
                corpus.statements.size(), static_cast<double>(corpus.bytes) / 1e6, rounds, secs,
                static_cast<double>(parsed) / secs,
                static_cast<double>(corpus.bytes) * rounds / 1e6 / secs, ok / rounds);
  } else {
    std::printf("parse: assets not found at %s, skipped\n", assets.string().c_str());
  }

  // 2. Recovery of a DDL history.
  const std::string sql = history(history_size);
  const auto t0 = Clock::now();
  const auto statements = StatementSplitter().split(sql);
  const double split_secs = seconds_since(t0);
  Catalog catalog;
  DdlParser parser;
  size_t applied = 0, failed = 0;
  double parse_secs = 0, apply_secs = 0;
  for (const auto& s : statements) {
    const auto p0 = Clock::now();
    auto st = parser.parse(s.text, s.line, s.column);
    const auto p1 = Clock::now();
    parse_secs += std::chrono::duration<double>(p1 - p0).count();
    if (!st.ok()) {
      ++failed;
      continue;
    }
    auto r = catalog.apply(*st, "app");
    apply_secs += seconds_since(p1);
    applied += r.ok() ? 1 : 0;
  }
  const double total = seconds_since(t0);
  std::printf("recovery: %zu DDL statements (%.1f MB) -> %zu tables in %.3f s "
              "(split %.3f s, parse %.3f s, apply %.3f s): %.0f statements/s; %zu failed\n",
              statements.size(), static_cast<double>(sql.size()) / 1e6, catalog.table_count(),
              total, split_secs, parse_secs, apply_secs,
              static_cast<double>(statements.size()) / total, failed);
  return failed == 0 ? 0 : 1;
}
