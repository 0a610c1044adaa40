// Debezium's own integration-test SQL (assets ddl-and-cdc-debezium/connector-*-ddl/*.sql) replayed
// statement by statement on real servers while the connector streams, then checked three ways:
//
//   (a) the connector's task is still RUNNING after each file and a while after the last one (a
//       FAILED task prints its trace: most likely a statement our parser cannot read, a catalog
//       that does not match a row, or a record Kafka refused);
//   (b) for every table that exists at the end, the columns of the LAST schema-change record for
//       it on the schema-change topic `<topic.prefix>` equal what the server says in
//       information_schema: names, order, nullability (`optional`), type name, ENUM/SET members,
//       lengths of CHAR/BINARY types, DECIMAL precision and scale, character sets of text
//       columns, AUTO_INCREMENT, and the key (primaryKeyColumnNames);
//   (c) every table the replay wrote rows to has one change event per row changed (the server's
//       ROW_COUNT() of each statement; rows of temporary tables are not in a ROW binlog), each
//       event's field names are the table's columns as they were when the row was written, and
//       its message key holds the table's key columns; plus the figures of EXPECTED.md section B.
//
// Servers: MariaDB and MySQL 8 with binlog_row_metadata=MINIMAL (the binlog names no column, so
// every name in the events comes from our schema history), and MariaDB with FULL metadata, where
// the connector compares the binlog's names with the history: its "differs from the schema
// history" warning is a failure here.
//
// How the files are replayed (Debezium's UniqueDatabase does the same things its own way): each
// file gets a fresh database, created (with the server's default character set) before the
// connector starts, so every statement of the file reaches the connector through the binlog; the
// file runs in its own session with that database as the default (`USE`). Database names the file
// itself creates, drops or qualifies tables with (e.g. `connector_test` in regression_test.sql,
// `emptydb`) are renamed to names of this run, so that nothing outside the run is touched. Files
// are split as the mysql client splits them (schema_history::StatementSplitter); `$$` inside a
// statement then becomes `;`, Debezium's convention for routine bodies in these files. A statement
// the server rejects (syntax of another server or version) is counted and skipped. Files for
// another server or version (connector-mysql-ddl / connector-mariadb-ddl, VECTOR, UUID, the
// MySQL 5.7 or 8 geometry file) and files without statements are skipped with the reason.
//
// One `cdc` process and one connector per server capture all the files' databases (plus a marker
// database): after each file a row is written to the marker table and its change event awaited,
// so the connector has streamed the whole file before the next one starts. When the task fails,
// the file its trace names is the culprit (a failed delivery is reported a moment later, possibly
// while a later file streams); the connector is registered again under new names (new topic
// prefix and history topic) in a new `cdc` process for the remaining files, and a file that was
// streaming when the failure surfaced is replayed again there on a new database.
//
// EXPECTED.md's figures come from Debezium's own runs; here the CREATE DATABASE of each file's
// database is recorded by the connector's initial capture (the database exists before it
// starts). connector_test.sql's "12 schema-change records (11 DDL + 1 SET)" are those of a
// Debezium snapshot; streamed, the file gives 1 CREATE DATABASE (capture), 4 CREATE TABLE and
// 1 ALTER TABLE, which is what is asserted, with its per-table row counts.
//
// Known naming differences between our typeName and information_schema.COLUMNS.DATA_TYPE (both
// compared case-insensitively):
//   * UNSIGNED / ZEROFILL are part of Debezium's typeName ("INT UNSIGNED ZEROFILL"); they are
//     compared with COLUMN_TYPE's flags instead.
//   * MySQL 8 reports GEOMETRYCOLLECTION columns as DATA_TYPE `geomcollection` (its new spelling);
//     Debezium (and we) keep the declared `GEOMETRYCOLLECTION`.
//   * Character sets: `utf8` is the old name of `utf8mb3`, which both servers now print.
// Everything else the servers normalise (BOOL/BOOLEAN -> TINYINT, INTEGER -> INT, NUMERIC ->
// DECIMAL, REAL -> DOUBLE, NCHAR -> CHAR, SERIAL -> BIGINT UNSIGNED, FLOAT(p>24) -> DOUBLE, MariaDB
// JSON -> LONGTEXT) our catalog records the way the server stores it, so it is compared as is.
//
// The key Debezium gives a table is its primary key, or when there is none the first UNIQUE index
// whose columns are all NOT NULL (Debezium's DDL parser promotes it; a unique index with a
// nullable column is not promoted). The server's side is read with SHOW INDEX, which lists keys
// in the server's order (PRIMARY, then UNIQUE NOT NULL ones in the order they were defined).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "harness.h"
#include "schema_history/lexer.h"
#include "schema_history/statement_splitter.h"

namespace it {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

fs::path assets_dir() {
  // scripts/test.sh exports CDC_TEST_ASSETS; a plain ctest run looks beside the checkout.
  if (const char* env = std::getenv("CDC_TEST_ASSETS"); env != nullptr && *env != '\0') return env;
  return fs::path(CDC_SOURCE_DIR) / ".." / "shared" / "assets";
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A SQL string literal.
std::string literal(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back(c == '\'' ? '\'' : '\\');
    out.push_back(c);
  }
  return out + "'";
}

std::string quote_id(const std::string& s) {
  std::string out = "`";
  for (char c : s) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  return out + "`";
}

std::string join(const std::vector<std::string>& v, const char* sep = ",") {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i > 0 ? sep : "") + v[i];
  return out;
}

// Debezium's topic names: every character outside [A-Za-z0-9._-] becomes '_' (one per UTF-16
// code unit, as Java counts characters: a code point above U+FFFF gives two).
std::string sanitize_topic(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out.push_back(std::isalnum(c) != 0 || c == '.' || c == '_' || c == '-' ? static_cast<char>(c) : '_');
      ++i;
      continue;
    }
    const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    out += len == 4 ? "__" : "_";
    i += len;
  }
  return out;
}

// An HTTP request to the service that gives up after `timeout` (status 0 then): the harness's
// client waits for ever, and a request that never answers must fail the test, not hang it.
int http_status_within(const std::string& method, uint16_t port, const std::string& path, seconds timeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count());
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int status = 0;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())) {
      char buf[512];
      const ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
      if (n > 12 && std::string(buf, 5) == "HTTP/") status = std::atoi(buf + 9);
    }
  }
  ::close(fd);
  return status;
}

// ---- the server -------------------------------------------------------------------------------

struct ServerInfo {
  bool mariadb = false;
  int major = 0, minor = 0;
  std::string version;
  bool at_least(int ma, int mi) const { return major > ma || (major == ma && minor >= mi); }
};

// Why a file does not apply to this server ("" when it does).
std::string not_applicable(const std::string& dir, const std::string& file, const ServerInfo& s) {
  if (dir == "connector-mysql-ddl" && s.mariadb) return "MySQL-only file (connector-mysql-ddl)";
  if (dir == "connector-mariadb-ddl" && !s.mariadb) return "MariaDB-only file (connector-mariadb-ddl)";
  if (file == "geometry_test_8.sql" && (s.mariadb || s.major < 8)) {
    return "MySQL 8 geometries (geometry_test_5.sql is the form for this server)";
  }
  if (file == "geometry_test_5.sql" && !s.mariadb && s.major >= 8) {
    return "MySQL 5.7 geometries (SRID 1234 is undefined on MySQL 8; geometry_test_8.sql is its MySQL 8 form)";
  }
  if (file == "vector_test.sql" && (s.mariadb || !s.at_least(9, 0))) return "MySQL 9.0 VECTOR type";
  if (file == "maria_vector_test.sql" && (!s.mariadb || !s.at_least(11, 7))) return "MariaDB 11.7 VECTOR type";
  if (file == "uuid_column_test.sql" && (!s.mariadb || !s.at_least(10, 7))) return "MariaDB 10.7 UUID type";
  return "";
}

// ---- statements -------------------------------------------------------------------------------

// `-- DATABASE: name` in a file's header.
std::string header_database(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto at = line.find("-- DATABASE:");
    if (at == std::string::npos) continue;
    std::string name = line.substr(at + 12);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t\r") + 1);
    return name;
  }
  return "";
}

std::vector<schema_history::Token> tokens_of(const std::string& sql) {
  std::vector<schema_history::Token> tokens;
  schema_history::Lexer lexer{schema_history::ParserOptions{}};
  if (!lexer.tokenize(sql, tokens)) tokens.clear();
  return tokens;
}

// Database names the statements create or drop (they get names of this run).
std::set<std::string> databases_named(const std::vector<std::string>& statements) {
  std::set<std::string> out;
  for (const auto& sql : statements) {
    const auto t = tokens_of(sql);
    size_t i = 0;
    if (t.size() < 3 || !(t[0].is_word("CREATE") || t[0].is_word("DROP"))) continue;
    i = 1;
    if (t[i].is_word("OR") && t.size() > i + 2) i += 2;  // OR REPLACE
    if (!(t[i].is_word("DATABASE") || t[i].is_word("SCHEMA"))) continue;
    ++i;
    while (i < t.size() && (t[i].is_word("IF") || t[i].is_word("NOT") || t[i].is_word("EXISTS"))) ++i;
    if (i < t.size() && t[i].is_identifier()) out.insert(t[i].unquoted());
  }
  return out;
}

// Renames database names in one statement: names followed by '.', and the names of CREATE/DROP/
// ALTER DATABASE and USE.
std::string rename_databases(const std::string& sql, const std::map<std::string, std::string>& renames) {
  const auto t = tokens_of(sql);
  std::vector<std::pair<size_t, size_t>> spans;  // (offset, length) of names to replace, in order
  std::vector<std::string> names;
  auto consider = [&](size_t i) {
    if (i >= t.size() || !t[i].is_identifier()) return;
    auto it = renames.find(t[i].unquoted());
    if (it == renames.end()) return;
    spans.emplace_back(t[i].offset, t[i].text.size());
    names.push_back(quote_id(it->second));
  };
  for (size_t i = 0; i < t.size(); ++i) {
    if (i + 1 < t.size() && t[i + 1].is_punct('.') && (i == 0 || !t[i - 1].is_punct('.'))) consider(i);
    if (t[i].is_word("DATABASE") || t[i].is_word("SCHEMA")) {
      size_t j = i + 1;
      while (j < t.size() && (t[j].is_word("IF") || t[j].is_word("NOT") || t[j].is_word("EXISTS"))) ++j;
      consider(j);
    }
    if (i == 0 && t[i].is_word("USE")) consider(1);
  }
  std::string out = sql;
  for (size_t k = spans.size(); k > 0; --k) out.replace(spans[k - 1].first, spans[k - 1].second, names[k - 1]);
  return out;
}

struct DmlTarget {
  bool is_dml = false;
  bool known = false;  // a single table named
  std::string database;  // empty: the default database
  std::string table;
};

// The table a single-table INSERT / REPLACE / UPDATE / DELETE writes.
DmlTarget dml_target(const std::string& sql) {
  DmlTarget out;
  const auto t = tokens_of(sql);
  if (t.empty()) return out;
  const bool insert = t[0].is_word("INSERT") || t[0].is_word("REPLACE");
  const bool update = t[0].is_word("UPDATE");
  const bool del = t[0].is_word("DELETE");
  out.is_dml = insert || update || del || t[0].is_word("LOAD");
  if (!(insert || update || del)) return out;
  size_t i = 1;
  while (i < t.size() && (t[i].is_word("LOW_PRIORITY") || t[i].is_word("DELAYED") || t[i].is_word("HIGH_PRIORITY") ||
                          t[i].is_word("IGNORE") || t[i].is_word("QUICK"))) {
    ++i;
  }
  if (insert && i < t.size() && t[i].is_word("INTO")) ++i;
  if (del) {
    if (i >= t.size() || !t[i].is_word("FROM")) return out;  // multi-table DELETE
    ++i;
  }
  if (i >= t.size() || !t[i].is_identifier()) return out;
  out.table = t[i].unquoted();
  ++i;
  if (i + 1 < t.size() && t[i].is_punct('.') && t[i + 1].is_identifier()) {
    out.database = out.table;
    out.table = t[i + 1].unquoted();
    i += 2;
  }
  // A comma or a join after the name: several tables.
  if (i < t.size() && (t[i].is_punct(',') || t[i].is_word("JOIN") || t[i].is_word("INNER") ||
                       t[i].is_word("LEFT") || t[i].is_word("STRAIGHT_JOIN") || t[i].is_word("USING"))) {
    return out;
  }
  out.known = true;
  return out;
}

// "<start of the statement> -> <the server's error>" on one line.
std::string rejection(const std::string& sql, const std::string& error) {
  std::string head = sql.substr(0, 70);
  std::replace(head.begin(), head.end(), '\n', ' ');
  if (sql.size() > 70) head += "...";
  const auto at = error.rfind("): ");  // SqlConnection: "query failed: <sql> (<user@host>): <error>"
  return head + " -> " + (at == std::string::npos ? error : error.substr(at + 3)).substr(0, 200);
}

// One statement with its outcome on the server.
struct Outcome {
  bool ok = true;
  std::string error;
  uint64_t rows = 0;  // ROW_COUNT() after a DML statement
};

// An admin session that tells how many rows each statement changed (ROW_COUNT(): rows inserted,
// deleted, or really changed by an UPDATE, which is what the binlog holds).
class Session {
 public:
  explicit Session(const Servers& s) {
    binlog::ConnectionConfig c;
    c.host = s.mariadb_host;
    c.port = s.mariadb_port;
    c.user = s.admin_user;
    c.password = s.admin_password;
    auto r = conn_.connect(c);
    if (!r) ADD_FAILURE() << r.error().message;
  }
  Outcome run(const std::string& sql, bool count_rows) {
    Outcome o;
    auto r = conn_.query(sql);
    if (!r) {
      o.ok = false;
      o.error = r.error().message;
      return o;
    }
    if (count_rows) {
      auto n = conn_.query_value("SELECT ROW_COUNT()");
      if (n && *n) {
        const long long v = std::stoll(**n);
        o.rows = v > 0 ? static_cast<uint64_t>(v) : 0;
      }
    }
    return o;
  }
  std::vector<binlog::SqlRow> query(const std::string& sql) {
    auto r = conn_.query(sql);
    if (!r) {
      ADD_FAILURE() << r.error().message;
      return {};
    }
    return *r;
  }

 private:
  binlog::SqlConnection conn_;
};

// ---- Kafka ------------------------------------------------------------------------------------

// Reads partition 0 of a fixed set of topics from the beginning, keeping every message.
class TopicReader {
 public:
  TopicReader(const std::string& bootstrap, const std::vector<std::string>& topics) {
    std::string err;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    // A topic that was never created (its events are missing) is reported by the checks; the
    // consumer's own "unknown topic" errors would only repeat it.
    conf->set("log_level", "2", err);
    conf->set("bootstrap.servers", bootstrap, err);
    conf->set("group.id", unique_name("dsr"), err);
    conf->set("enable.auto.commit", "false", err);
    conf->set("auto.offset.reset", "earliest", err);
    conf->set("topic.metadata.refresh.interval.ms", "300", err);
    consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), err));
    if (!consumer_) {
      ADD_FAILURE() << "cannot create a Kafka consumer: " << err;
      return;
    }
    std::vector<RdKafka::TopicPartition*> parts;
    for (const auto& topic : topics) {
      parts.push_back(RdKafka::TopicPartition::create(topic, 0, RdKafka::Topic::OFFSET_BEGINNING));
    }
    consumer_->assign(parts);
    RdKafka::TopicPartition::destroy(parts);
  }
  ~TopicReader() {
    if (consumer_) consumer_->close();
  }
  // Polls until `done()` or `timeout`; returns done().
  template <class Done>
  bool poll_until(Done done, milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!done()) {
      if (Clock::now() >= deadline || !consumer_) return done();
      poll(milliseconds(100));
    }
    return true;
  }
  void poll(milliseconds wait) {
    std::unique_ptr<RdKafka::Message> m(consumer_->consume(static_cast<int>(wait.count())));
    while (m && m->err() == RdKafka::ERR_NO_ERROR) {
      KafkaMessage km;
      if (m->key() != nullptr) km.key = *m->key();
      if (m->payload() != nullptr) km.value = std::string(static_cast<const char*>(m->payload()), m->len());
      messages[m->topic_name()].push_back(std::move(km));
      m.reset(consumer_->consume(0));
    }
  }
  void linger(milliseconds time) {
    const auto until = Clock::now() + time;
    while (Clock::now() < until) poll(milliseconds(100));
  }

  std::map<std::string, std::vector<KafkaMessage>> messages;

 private:
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
};

// ---- what a file did --------------------------------------------------------------------------

struct RowWrite {
  std::string table;
  std::vector<std::string> columns;  // the table's columns when the row was written
  std::vector<std::string> key;      // and its key (Debezium's: see server_key)
};

struct FileRun {
  std::string dir, file;
  std::string skip;  // why the file does not apply ("" = it does)
  std::vector<std::string> statements;
  std::string db;
  std::map<std::string, std::string> renames;
  std::set<std::string> created_databases;  // renamed databases to drop at the end
  size_t generation = 0;                    // which registration of the connector streamed it
  size_t run = 0, rejected = 0, tables = 0, events = 0, schema_changes = 0;
  std::vector<std::string> rejections;
  std::vector<RowWrite> rows;  // every row change, in order
  std::map<std::string, uint64_t> rows_per_table;
  std::vector<std::string> untracked;  // DML whose table could not be told
  std::string task_failure;            // the task's trace if it failed on this file
  std::vector<std::string> problems;

  std::string label() const { return dir + "/" + file; }
};

// One registration of the connector, in a `cdc` process of its own: after a task failed, its
// process may not be able to delete the connector (and so may have to be killed).
struct Generation {
  std::string name, prefix, history_topic;
  fs::path dir;
  uint16_t port = 0;
  std::unique_ptr<CdcProcess> cdc;
  std::unique_ptr<TopicReader> changes;  // the schema-change and marker topics
  bool failed = false;
};

// The figures of EXPECTED.md section B for files that give them: events per table.
const std::map<std::string, std::map<std::string, uint64_t>>& expected_rows() {
  static const std::map<std::string, std::map<std::string, uint64_t>> figures = {
      {"regression_test.sql",
       {{"t1464075356413_testtable6", 1}, {"dbz84_integer_types_table", 1}, {"dbz_85_fractest", 1},
        {"dbz_100_enumsettest", 3}, {"dbz_102_charsettest", 1}, {"dbz_114_zerovaluetest", 2},
        {"dbz_1318_zerovaluetest", 2}, {"dbz_123_bitvaluetest", 2}, {"dbz_104_customers", 4},
        {"dbz_147_decimalvalues", 1}, {"dbz_195_numvalues", 3}, {"dbz_342_timetest", 1}}},
      {"connector_test.sql", {{"products", 9}, {"products_on_hand", 9}, {"customers", 4}, {"orders", 5}}},
      {"unsigned_integer_test.sql",
       {{"dbz_228_tinyint_unsigned", 3}, {"dbz_228_smallint_unsigned", 3}, {"dbz_228_mediumint_unsigned", 3},
        {"dbz_228_int_unsigned", 3}, {"dbz_integer_unsigned", 3}, {"dbz_228_bigint_unsigned", 3},
        {"dbz_1185_serial", 3}, {"dbz_1185_serial_default_value", 3}}},
      {"timestamp_column_test.sql", {{"t_user_block_list", 2}}},
      {"decimal_test.sql", {{"DBZ730", 1}}},
      {"decimal_column_test.sql", {{"dbz_751_decimal_column_test", 1}}},
      {"numeric_column_test.sql", {{"dbz_751_numeric_column_test", 1}}},
      {"float_test.sql", {{"DBZ3865", 1}}},
      {"enum_column_test.sql", {{"test_stations_10", 2}}},
      {"tinyint_test.sql", {{"DBZ1773", 1}, {"DBZ2085", 1}, {"DBZ5236", 1}}},
      {"year_test.sql", {{"dbz_1143_year_test", 1}}},
  };
  return figures;
}

// ---- the test ---------------------------------------------------------------------------------

struct Target {
  const char* flavor;
  const char* variant;
  const char* label;
  bool full_metadata;  // the binlog carries column names: mismatches are logged by the connector
};

void PrintTo(const Target& t, std::ostream* os) { *os << t.label; }

class DebeziumSqlReplay : public ::testing::TestWithParam<Target> {
 protected:
  void SetUp() override {
    std::string why;
    auto s = server_variant(GetParam().flavor, GetParam().variant, why);
    if (!s) GTEST_SKIP() << why;
    server_ = *s;
    assets_ = assets_dir() / "ddl-and-cdc-debezium";
    if (!fs::is_directory(assets_ / "connector-binlog-ddl")) {
      GTEST_SKIP() << "Debezium's test SQL is not at " << assets_.string()
                   << " (set CDC_TEST_ASSETS to the shared assets folder)";
    }
    tag_ = unique_name("dsr");
    dir_ = fs::temp_directory_path() / unique_name("cdc_dsr");
    fs::create_directories(dir_);
    admin_ = std::make_unique<Session>(server_.s);
    auto version = admin_->query("SELECT VERSION()");
    ASSERT_FALSE(version.empty());
    info_.version = version[0][0].value_or("");
    info_.mariadb = info_.version.find("MariaDB") != std::string::npos;
    std::sscanf(info_.version.c_str(), "%d.%d", &info_.major, &info_.minor);
  }

  void TearDown() override {
    for (auto& g : generations_) {
      if (!g.cdc) continue;
      if (::testing::Test::HasFailure()) {
        const std::string log = g.cdc->log();
        std::cerr << "---- cdc log of " << g.name << " (last 20000 characters) ----\n"
                  << (log.size() > 20000 ? log.substr(log.size() - 20000) : log) << "\n";
      }
      delete_connector(g);
      g.changes.reset();
      g.cdc.reset();
    }
    generations_.clear();
    if (admin_) {
      for (const auto& f : files_) {
        if (!f.db.empty()) admin_->run("DROP DATABASE IF EXISTS " + quote_id(f.db), false);
        for (const auto& d : f.created_databases) admin_->run("DROP DATABASE IF EXISTS " + quote_id(d), false);
      }
      admin_->run("DROP DATABASE IF EXISTS " + quote_id(sync_db()), false);
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string sync_db() const { return tag_ + "_sync"; }

  void collect_files() {
    std::vector<std::string> dirs = {"connector-binlog-ddl", "connector-mysql-ddl", "connector-mariadb-ddl"};
    for (const auto& d : dirs) {
      std::vector<fs::path> paths;
      if (!fs::is_directory(assets_ / d)) continue;
      for (const auto& e : fs::directory_iterator(assets_ / d)) {
        if (e.path().extension() == ".sql") paths.push_back(e.path());
      }
      std::sort(paths.begin(), paths.end());
      for (const auto& p : paths) {
        FileRun f;
        f.dir = d;
        f.file = p.filename().string();
        std::ifstream in(p, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string text = ss.str();
        f.skip = not_applicable(d, f.file, info_);
        schema_history::StatementSplitter splitter(schema_history::SplitMode::client);
        for (const auto& st : splitter.split(text)) {
          std::string sql(st.text);
          for (size_t at = sql.find("$$"); at != std::string::npos; at = sql.find("$$", at + 1)) {
            sql.replace(at, 2, ";");
          }
          f.statements.push_back(std::move(sql));
        }
        if (f.skip.empty() && f.statements.empty()) f.skip = "no statements";
        if (f.skip.empty()) {
          f.db = tag_ + "_" + std::to_string(files_.size());
          const std::string header = header_database(text);
          if (!header.empty()) f.renames[header] = f.db;
          for (const auto& name : databases_named(f.statements)) {
            if (f.renames.count(name) == 0) {
              f.renames[name] = f.db + "_" + name;
              f.created_databases.insert(f.db + "_" + name);
            }
          }
          for (auto& sql : f.statements) sql = rename_databases(sql, f.renames);
        }
        files_.push_back(std::move(f));
      }
    }
  }

  std::string connector_json(const Generation& g) const {
    auto config = connector_config(server_.s, g.prefix, tag_ + "_[0-9]+," + sync_db(),
                                   6600 + static_cast<uint32_t>((::getpid() % 1000) * 3 + generations_.size()));
    config["schema.history.internal.kafka.topic"] = g.history_topic;
    return it::connector_json(g.name, config);
  }

  std::string marker_topic(const Generation& g) const { return g.prefix + "." + sync_db() + ".marker"; }

  // DELETE /connectors/{name}, which must answer within 10 s. When it does not (a failed task
  // whose binlog reader was never told to stop keeps the herder waiting), that is a failure and
  // the process is killed so that the run goes on.
  void delete_connector(Generation& g) {
    if (!g.cdc || !g.cdc->running()) return;
    const int status = http_status_within("DELETE", g.port, "/connectors/" + g.name, seconds(10));
    if (status == 204 || status == 200 || status == 404) return;
    ADD_FAILURE() << "DELETE /connectors/" << g.name << " did not answer within 10 s (status " << status
                  << "; its task " << (g.failed ? "had failed" : "was running") << "); killing that cdc process";
    kill_child_process(g.dir.string());
  }

  // SIGKILLs the child process of this test whose command line names `needle` (CdcProcess keeps
  // its pid to itself; it reaps the process when it is destroyed).
  static void kill_child_process(const std::string& needle) {
    for (const auto& e : fs::directory_iterator("/proc")) {
      const std::string pid = e.path().filename().string();
      if (pid.empty() || std::isdigit(static_cast<unsigned char>(pid[0])) == 0) continue;
      std::ifstream stat(e.path() / "stat");
      std::string line;
      std::getline(stat, line);
      const auto close = line.rfind(')');
      if (close == std::string::npos) continue;
      std::istringstream fields(line.substr(close + 2));
      std::string state;
      long ppid = 0;
      fields >> state >> ppid;
      if (ppid != ::getpid()) continue;
      std::ifstream cmd(e.path() / "cmdline", std::ios::binary);
      std::stringstream buffer;
      buffer << cmd.rdbuf();
      const std::string cmdline = buffer.str();
      if (cmdline.find(needle) != std::string::npos) ::kill(static_cast<pid_t>(std::stol(pid)), SIGKILL);
    }
  }

  // The file a task failure is about: the first database of this run its trace names (a failure
  // can surface after later files were replayed, e.g. a delivery error), else `current`.
  size_t culprit(const std::string& trace, size_t current) const {
    const std::string head = tag_ + "_";
    for (size_t at = trace.find(head); at != std::string::npos; at = trace.find(head, at + 1)) {
      size_t end = at + head.size();
      while (end < trace.size() && std::isdigit(static_cast<unsigned char>(trace[end])) != 0) ++end;
      if (end == at + head.size()) continue;
      const size_t n = std::stoul(trace.substr(at + head.size(), end - at - head.size()));
      if (n < files_.size()) return n;
    }
    return current;
  }

  // Drops a file's databases and creates its own again, for a replay from scratch.
  void reset_file(FileRun& f) {
    for (const auto& d : f.created_databases) admin_->run("DROP DATABASE IF EXISTS " + quote_id(d), false);
    admin_->run("DROP DATABASE IF EXISTS " + quote_id(f.db), false);
    ASSERT_TRUE(admin_->run("CREATE DATABASE " + quote_id(f.db), false).ok);
    f.run = f.rejected = 0;
    f.rejections.clear();
    f.rows.clear();
    f.rows_per_table.clear();
    f.untracked.clear();
  }

  // Starts a `cdc` process, registers the connector under new names and waits for its task.
  void register_generation() {
    Generation g;
    const size_t n = generations_.size();
    g.name = tag_ + "-g" + std::to_string(n);
    g.prefix = tag_ + "_g" + std::to_string(n);
    g.history_topic = g.prefix + ".history";
    g.dir = dir_ / ("g" + std::to_string(n));
    g.port = free_port();
    g.cdc = std::make_unique<CdcProcess>(g.dir.string(), g.port, worker_config(server_.s, g.dir, false, 1000));
    g.cdc->start();
    ASSERT_TRUE(g.cdc->wait_ready(seconds(30))) << g.cdc->log();
    auto r = http("POST", g.port, "/connectors", connector_json(g));
    ASSERT_EQ(r.status, 201) << r.body;
    std::string trace;
    ASSERT_EQ(wait_task_state(g.port, g.name, "RUNNING", seconds(60), &trace), "RUNNING") << trace;
    g.changes = std::make_unique<TopicReader>(server_.s.kafka_bootstrap,
                                              std::vector<std::string>{g.prefix, marker_topic(g)});
    generations_.push_back(std::move(g));
  }

  // The task's state and trace right now.
  std::pair<std::string, std::string> task_state(const Generation& g) {
    auto r = http("GET", g.port, "/connectors/" + g.name + "/status");
    if (r.status != 200) return {"(no answer: " + std::to_string(r.status) + ")", r.body};
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    if (d.HasParseError() || !d.HasMember("tasks") || !d["tasks"].IsArray() || d["tasks"].Empty()) {
      return {"(none)", r.body};
    }
    const auto& t = d["tasks"][0];
    return {t["state"].GetString(), t.HasMember("trace") && t["trace"].IsString() ? t["trace"].GetString() : ""};
  }

  // Writes a new marker row and waits until the connector delivered it (it then streamed
  // everything before it), or until its task failed. Returns "" or the failure.
  std::string sync() {
    Generation& g = generations_.back();
    const size_t n = markers_++;
    admin_->run("INSERT INTO " + quote_id(sync_db()) + ".marker VALUES (" + std::to_string(n) + ")", false);
    const std::string topic = marker_topic(g);
    const std::string needle = "\"after\":{\"id\":" + std::to_string(n) + "}";
    auto seen = [&] {
      for (const auto& m : g.changes->messages[topic]) {
        if (m.value && m.value->find(needle) != std::string::npos) return true;
      }
      return false;
    };
    const auto deadline = Clock::now() + seconds(60);
    while (Clock::now() < deadline) {
      if (g.changes->poll_until(seen, milliseconds(1000))) return "";
      auto [state, trace] = task_state(g);
      if (state == "FAILED") return "task FAILED: " + trace;
    }
    auto [state, trace] = task_state(g);
    return "marker " + std::to_string(n) + " not delivered within 60 s; task " + state + " " + trace;
  }

  // Replays one file in its own session.
  void replay(FileRun& f) {
    Session session(server_.s);
    auto use = session.run("USE " + quote_id(f.db), false);
    ASSERT_TRUE(use.ok) << use.error;
    std::string current_db = f.db;
    std::map<std::string, RowWrite> columns_now;  // cache, reset by any non-DML
    std::set<std::string> temporary;  // rows of temporary tables are not in a ROW binlog
    for (const auto& sql : f.statements) {
      const DmlTarget target = dml_target(sql);
      ++f.run;
      const Outcome o = session.run(sql, target.is_dml);
      if (!o.ok) {
        ++f.rejected;
        if (f.rejections.size() < 8) f.rejections.push_back(rejection(sql, o.error));
        continue;
      }
      if (!target.is_dml) {
        columns_now.clear();
        const auto t = tokens_of(sql);
        if (t.size() > 1 && t[0].is_word("USE") && t[1].is_identifier()) current_db = t[1].unquoted();
        if (t.size() > 3 && (t[0].is_word("CREATE") || t[0].is_word("DROP")) && t[1].is_word("TEMPORARY") &&
            t[2].is_word("TABLE")) {
          size_t i = 3;
          while (i < t.size() && (t[i].is_word("IF") || t[i].is_word("NOT") || t[i].is_word("EXISTS"))) ++i;
          if (i < t.size() && t[i].is_identifier()) {
            if (t[0].is_word("CREATE")) {
              temporary.insert(t[i].unquoted());
            } else {
              temporary.erase(t[i].unquoted());
            }
          }
        }
        continue;
      }
      if (o.rows == 0) continue;
      if (!target.known) {
        f.untracked.push_back(sql.substr(0, 200));
        continue;
      }
      const std::string db = target.database.empty() ? current_db : target.database;
      if (db != f.db) continue;  // rows of a database the connector does not capture
      if (target.database.empty() && temporary.count(target.table) > 0) continue;
      auto cached = columns_now.find(target.table);
      if (cached == columns_now.end()) {
        RowWrite now;
        now.table = target.table;
        const auto columns = server_columns(f.db, target.table);
        for (const auto& c : columns) now.columns.push_back(c.name);
        now.key = server_key(f.db, target.table, columns);
        cached = columns_now.emplace(target.table, std::move(now)).first;
      }
      for (uint64_t k = 0; k < o.rows; ++k) f.rows.push_back(cached->second);
      f.rows_per_table[target.table] += o.rows;
    }
  }

  // ---- checks ---------------------------------------------------------------------------------

  struct ServerColumn {
    std::string name;
    bool nullable = true;
    std::string data_type, column_type;
    std::optional<uint64_t> char_length, precision, scale;
    std::optional<std::string> charset;
    bool auto_increment = false;
  };

  std::vector<ServerColumn> server_columns(const std::string& db, const std::string& table) {
    std::vector<ServerColumn> out;
    auto to_number = [](const std::optional<std::string>& v) -> std::optional<uint64_t> {
      if (!v) return std::nullopt;
      return std::stoull(*v);
    };
    for (const auto& row : admin_->query(
             "SELECT COLUMN_NAME, IS_NULLABLE, DATA_TYPE, COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, "
             "NUMERIC_SCALE, CHARACTER_SET_NAME, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " +
             literal(db) + " AND TABLE_NAME = " + literal(table) + " ORDER BY ORDINAL_POSITION")) {
      ServerColumn c;
      c.name = row[0].value_or("");
      c.nullable = row[1].value_or("") == "YES";
      c.data_type = lower(row[2].value_or(""));
      c.column_type = lower(row[3].value_or(""));
      c.char_length = to_number(row[4]);
      c.precision = to_number(row[5]);
      c.scale = to_number(row[6]);
      if (row[7]) c.charset = lower(*row[7]);
      c.auto_increment = lower(row[8].value_or("")).find("auto_increment") != std::string::npos;
      out.push_back(std::move(c));
    }
    return out;
  }

  // Debezium's key of the table as the server defines it (see the header comment).
  std::vector<std::string> server_key(const std::string& db, const std::string& table,
                                      const std::vector<ServerColumn>& columns) {
    struct Index {
      std::string name;
      bool unique = false;
      std::vector<std::optional<std::string>> parts;
    };
    std::vector<Index> indexes;
    for (const auto& row : admin_->query("SHOW INDEX FROM " + quote_id(db) + "." + quote_id(table))) {
      const std::string name = row[2].value_or("");
      if (indexes.empty() || indexes.back().name != name) {
        indexes.push_back(Index{name, row[1].value_or("1") == "0", {}});
      }
      indexes.back().parts.push_back(row[4]);
    }
    auto names = [](const Index& i) {
      std::vector<std::string> out;
      for (const auto& p : i.parts) out.push_back(p.value_or(""));
      return out;
    };
    for (const auto& i : indexes) {
      if (i.name == "PRIMARY") return names(i);
    }
    for (const auto& i : indexes) {
      if (!i.unique) continue;
      bool promotable = true;
      for (const auto& p : i.parts) {
        if (!p) promotable = false;  // a functional key part
        for (const auto& c : columns) {
          if (p && lower(c.name) == lower(*p) && c.nullable) promotable = false;
        }
      }
      if (promotable) return names(i);
    }
    return {};
  }

  // ENUM('a','b') / SET(...) members as COLUMN_TYPE prints them, unquoted.
  static std::vector<std::string> members(const std::string& column_type) {
    std::vector<std::string> out;
    const auto open = column_type.find('(');
    if (open == std::string::npos) return out;
    for (size_t i = open + 1; i < column_type.size(); ++i) {
      if (column_type[i] != '\'') continue;
      std::string v;
      for (++i; i < column_type.size(); ++i) {
        if (column_type[i] == '\'' && i + 1 < column_type.size() && column_type[i + 1] == '\'') {
          v.push_back('\'');
          ++i;
        } else if (column_type[i] == '\'') {
          break;
        } else {
          v.push_back(column_type[i]);
        }
      }
      out.push_back(v);
    }
    return out;
  }

  // Our enumValues entries are quoted as Debezium keeps them ('a', with '' for a quote).
  static std::string unquote_member(const std::string& v) {
    if (v.size() < 2 || v.front() != '\'' || v.back() != '\'') return v;
    std::string out;
    for (size_t i = 1; i + 1 < v.size(); ++i) {
      out.push_back(v[i]);
      if (v[i] == '\'' && i + 2 < v.size() && v[i + 1] == '\'') ++i;
    }
    return out;
  }

  // `utf8` is the old name of `utf8mb3` (MySQL 8.0.30+ and MariaDB 10.6+ print the new one).
  static std::string charset_name(const std::string& name) { return name == "utf8" ? "utf8mb3" : name; }

  // The server's DATA_TYPE under the name our catalog (and Debezium) uses.
  std::string expected_type_name(const ServerColumn& c) const {
    if (c.data_type == "geomcollection") return "geometrycollection";  // MySQL 8's spelling
    return c.data_type;
  }

  // (b) one table: the last tableChanges entry for it against information_schema.
  void compare_table(FileRun& f, const std::string& table, const rapidjson::Value* ours) {
    const std::string where = "table " + table + ": ";
    if (ours == nullptr) {
      f.problems.push_back(where + "exists on the server but no schema-change record describes it");
      return;
    }
    const auto server = server_columns(f.db, table);
    const auto& cols = (*ours)["columns"];
    std::vector<std::string> our_names, server_names;
    for (const auto& c : cols.GetArray()) our_names.push_back(c["name"].GetString());
    for (const auto& c : server) server_names.push_back(c.name);
    if (our_names != server_names) {
      f.problems.push_back(where + "columns [" + join(our_names) + "] but the server has [" + join(server_names) + "]");
      return;
    }
    for (size_t i = 0; i < server.size(); ++i) {
      const auto& s = server[i];
      const auto& c = cols[static_cast<rapidjson::SizeType>(i)];
      const std::string col = where + "column " + s.name + ": ";
      std::string type = upper(c["typeName"].GetString());
      bool is_unsigned = false, zerofill = false;
      for (const char* flag : {" ZEROFILL", " UNSIGNED"}) {
        const auto at = type.rfind(flag);
        if (at != std::string::npos && at + std::strlen(flag) == type.size()) {
          (std::string(flag) == " ZEROFILL" ? zerofill : is_unsigned) = true;
          type.erase(at);
        }
      }
      if (lower(type) != expected_type_name(s)) {
        f.problems.push_back(col + "typeName " + c["typeName"].GetString() + " but the server's DATA_TYPE is " +
                             s.data_type + " (" + s.column_type + ")");
      }
      const bool server_unsigned = s.column_type.find(" unsigned") != std::string::npos;
      const bool server_zerofill = s.column_type.find(" zerofill") != std::string::npos;
      if (is_unsigned != server_unsigned || zerofill != server_zerofill) {
        f.problems.push_back(col + "typeName " + c["typeName"].GetString() + " but the server's type is " +
                             s.column_type);
      }
      if (c["optional"].GetBool() != s.nullable) {
        f.problems.push_back(col + "optional=" + (c["optional"].GetBool() ? "true" : "false") +
                             " but IS_NULLABLE=" + (s.nullable ? "YES" : "NO"));
      }
      if (c["autoIncremented"].GetBool() != s.auto_increment) {
        f.problems.push_back(col + "autoIncremented=" + (c["autoIncremented"].GetBool() ? "true" : "false") +
                             " but the server's EXTRA says " + (s.auto_increment ? "" : "not ") + "auto_increment");
      }
      // The character set of text columns (binary strings and non-string types have none).
      const bool text_type = s.data_type == "char" || s.data_type == "varchar" || s.data_type == "tinytext" ||
                             s.data_type == "text" || s.data_type == "mediumtext" || s.data_type == "longtext" ||
                             s.data_type == "enum" || s.data_type == "set";
      if (text_type && s.charset) {
        const std::string ours_charset = c["charsetName"].IsString() ? lower(c["charsetName"].GetString()) : "null";
        if (charset_name(ours_charset) != charset_name(*s.charset)) {
          f.problems.push_back(col + "charsetName " + ours_charset + " but the server's CHARACTER_SET_NAME is " +
                               *s.charset);
        }
      }
      if (s.data_type == "enum" || s.data_type == "set") {
        std::vector<std::string> ours_members;
        if (c.HasMember("enumValues") && c["enumValues"].IsArray()) {
          for (const auto& v : c["enumValues"].GetArray()) ours_members.push_back(unquote_member(v.GetString()));
        }
        if (ours_members != members(s.column_type)) {
          f.problems.push_back(col + "members [" + join(ours_members, "|") + "] but the server has " + s.column_type);
        }
      }
      const bool char_type = s.data_type == "char" || s.data_type == "varchar" || s.data_type == "binary" ||
                             s.data_type == "varbinary";
      const std::optional<uint64_t> length =
          c["length"].IsUint64() ? std::optional<uint64_t>(c["length"].GetUint64()) : std::nullopt;
      const std::optional<uint64_t> scale =
          c["scale"].IsUint64() ? std::optional<uint64_t>(c["scale"].GetUint64()) : std::nullopt;
      if (char_type && length != s.char_length) {
        f.problems.push_back(col + "length " + (length ? std::to_string(*length) : "null") + " but the server has " +
                             s.column_type);
      }
      if (s.data_type == "decimal" && (length != s.precision || scale.value_or(0) != s.scale.value_or(0))) {
        f.problems.push_back(col + "length/scale " + (length ? std::to_string(*length) : "null") + "/" +
                             (scale ? std::to_string(*scale) : "null") + " but the server has " + s.column_type);
      }
    }
    std::vector<std::string> our_key;
    for (const auto& k : (*ours)["primaryKeyColumnNames"].GetArray()) our_key.push_back(k.GetString());
    const auto key = server_key(f.db, table, server);
    if (our_key != key) {
      f.problems.push_back(where + "primaryKeyColumnNames [" + join(our_key) + "] but the server's key is [" +
                           join(key) + "]");
    }
    ++f.tables;
  }

  // The table an entry of tableChanges is about: its id is "db"."table" ("db"."old","db"."new" for
  // a rename, whose second name is the table now).
  static std::string table_of(const std::string& id, const std::string& db) {
    const std::string head = "\"" + db + "\".\"";
    const auto at = id.rfind(head);
    if (at == std::string::npos || id.size() < at + head.size() + 1 || id.back() != '"') return "";
    return id.substr(at + head.size(), id.size() - at - head.size() - 1);
  }

  void check_file(FileRun& f) {
    Generation& g = generations_[f.generation];
    // The schema-change records about this database, in order.
    std::vector<rapidjson::Document> records;
    std::map<std::string, const rapidjson::Value*> last;  // table -> its last tableChanges[].table
    for (const auto& m : g.changes->messages[g.prefix]) {
      if (!m.key || !m.value) continue;
      auto key = parse(*m.key);
      if (!key.IsObject() || !key.HasMember("databaseName") || !key["databaseName"].IsString() ||
          key["databaseName"].GetString() != f.db) {
        continue;
      }
      records.push_back(parse(*m.value));
    }
    size_t create_table = 0, alter_table = 0, create_database = 0;
    for (const auto& r : records) {
      ++f.schema_changes;
      const std::string ddl = upper(r["ddl"].GetString()).substr(0, 40);
      create_table += ddl.rfind("CREATE TABLE", 0) == 0 ? 1 : 0;
      alter_table += ddl.rfind("ALTER TABLE", 0) == 0 ? 1 : 0;
      create_database += ddl.rfind("CREATE DATABASE", 0) == 0 ? 1 : 0;
      for (const auto& change : r["tableChanges"].GetArray()) {
        const std::string id = change["id"].GetString();
        const std::string table = table_of(id, f.db);
        if (table.empty()) {
          f.problems.push_back("schema change with an unexpected table id " + id);
          continue;
        }
        if (id.find("\",\"") != std::string::npos) {  // a rename: the old name is gone
          const std::string old = table_of(id.substr(0, id.find("\",\"") + 1), f.db);
          last.erase(old);
        }
        if (std::string(change["type"].GetString()) == "DROP") {
          last.erase(table);
        } else {
          last[table] = &change["table"];
        }
      }
    }

    // (b) every table on the server against the last record about it.
    std::set<std::string> server_tables;
    for (const auto& row : admin_->query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
                                         literal(f.db) + " AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')")) {
      server_tables.insert(row[0].value_or(""));
    }
    for (const auto& table : server_tables) {
      auto it = last.find(table);
      compare_table(f, table, it == last.end() ? nullptr : it->second);
    }
    for (const auto& [table, json] : last) {
      (void)json;
      if (server_tables.count(table) == 0) {
        f.problems.push_back("table " + table + ": in our catalog but not on the server");
      }
    }

    // EXPECTED.md: the streamed DDL of the files that give figures (the CREATE DATABASE is the
    // connector's initial capture here: the database exists before the connector starts).
    if (f.file == "regression_test.sql" && (create_database != 1 || create_table != 12)) {
      f.problems.push_back("EXPECTED.md: 1 CREATE DATABASE + 12 CREATE TABLE schema changes, got " +
                           std::to_string(create_database) + " + " + std::to_string(create_table));
    }
    if (f.file == "timestamp_column_test.sql" && (create_database != 1 || create_table != 1 || alter_table != 1)) {
      f.problems.push_back("EXPECTED.md: CREATE DATABASE, CREATE TABLE, ALTER TABLE, got " +
                           std::to_string(records.size()) + " schema changes");
    }
    if (f.file == "connector_test.sql" && f.dir == "connector-binlog-ddl" &&
        (create_database != 1 || create_table != 4 || alter_table != 1)) {
      f.problems.push_back("streamed DDL of connector_test.sql: CREATE DATABASE, 4 CREATE TABLE, 1 ALTER TABLE; got " +
                           std::to_string(create_database) + ", " + std::to_string(create_table) + ", " +
                           std::to_string(alter_table));
    }
    if (auto fig = expected_rows().find(f.file); fig != expected_rows().end() && f.dir == "connector-binlog-ddl") {
      for (const auto& [table, n] : fig->second) {
        const uint64_t replayed = f.rows_per_table.count(table) > 0 ? f.rows_per_table.at(table) : 0;
        if (replayed != n) {
          f.problems.push_back("EXPECTED.md: " + std::to_string(n) + " rows in " + table + ", the replay wrote " +
                               std::to_string(replayed));
        }
      }
    }
    if (f.file == "json_test.sql" && !info_.mariadb && f.rows_per_table["dbz_126_jsontable"] != 41) {
      f.problems.push_back("EXPECTED.md: 41 rows in dbz_126_jsontable, the replay wrote " +
                           std::to_string(f.rows_per_table["dbz_126_jsontable"]));
    }
    for (const auto& u : f.untracked) f.problems.push_back("cannot tell the table of: " + u);

    // FULL metadata: the connector's own comparison of the binlog's names with the history.
    if (GetParam().full_metadata) {
      std::istringstream log(generations_[f.generation].cdc->log());
      std::string line;
      while (std::getline(log, line)) {
        if (line.find("differs from the schema history") != std::string::npos &&
            line.find("table " + f.db + ".") != std::string::npos) {
          f.problems.push_back("connector: " + line.substr(0, 600));
        }
      }
    }
  }

  // (c) the change events of every table the replay wrote rows to.
  void check_events(FileRun& f, TopicReader& reader) {
    std::map<std::string, std::vector<const RowWrite*>> writes;
    for (const auto& w : f.rows) writes[w.table].push_back(&w);
    for (const auto& [table, rows] : writes) {
      const std::string topic = generations_[f.generation].prefix + "." + sanitize_topic(f.db + "." + table);
      std::vector<const KafkaMessage*> events;
      for (const auto& m : reader.messages[topic]) {
        if (m.value) events.push_back(&m);  // tombstones follow deletes; not change events
      }
      if (events.size() != rows.size()) {
        f.problems.push_back("table " + table + ": " + std::to_string(rows.size()) + " rows changed but " +
                             std::to_string(events.size()) + " change events on " + topic);
      }
      for (size_t k = 0; k < std::min(events.size(), rows.size()); ++k) {
        auto v = parse(*events[k]->value);
        const rapidjson::Value& image = v["after"].IsObject() ? v["after"] : v["before"];
        std::vector<std::string> names;
        if (image.IsObject()) {
          for (const auto& m : image.GetObject()) names.push_back(m.name.GetString());
        }
        if (names != rows[k]->columns) {
          f.problems.push_back("table " + table + " event " + std::to_string(k + 1) + ": fields [" + join(names) +
                               "] but the table's columns were [" + join(rows[k]->columns) + "]");
        }
        // The message key: the key columns, or no key at all for a table without one.
        std::vector<std::string> key_names;
        const bool no_key = !events[k]->key || *events[k]->key == "null";
        if (!no_key) {
          auto key = parse(*events[k]->key);
          if (key.IsObject()) {
            for (const auto& m : key.GetObject()) key_names.push_back(m.name.GetString());
          }
        }
        if (key_names != rows[k]->key || (rows[k]->key.empty() && !no_key)) {
          f.problems.push_back("table " + table + " event " + std::to_string(k + 1) + ": key " +
                               events[k]->key.value_or("(none)") + " but the table's key was [" +
                               join(rows[k]->key) + "]");
        }
        if (f.file == "timestamp_column_test.sql") {
          const char* op = k == 0 ? "c" : "u";
          if (std::string(v["op"].GetString()) != op || !v["after"].IsObject() || v["after"]["update_time"].IsNull()) {
            f.problems.push_back("EXPECTED.md: event " + std::to_string(k + 1) + " of t_user_block_list is op " + op +
                                 " with update_time set: " + *events[k]->value);
          }
        }
        ++f.events;
      }
    }
  }

  Server server_;
  ServerInfo info_;
  fs::path assets_, dir_;
  std::string tag_;
  std::unique_ptr<Session> admin_;
  std::vector<FileRun> files_;
  std::vector<Generation> generations_;
  size_t markers_ = 0;
};

TEST_P(DebeziumSqlReplay, EveryFileStreamsWithTheServersColumnsAndRowCounts) {
  const auto started = Clock::now();
  collect_files();
  ASSERT_FALSE(files_.empty());

  // Every database first, then the connector: each file's DDL reaches it through the binlog.
  for (const auto& f : files_) {
    if (!f.skip.empty()) continue;
    ASSERT_TRUE(admin_->run("CREATE DATABASE " + quote_id(f.db), false).ok);
  }
  ASSERT_TRUE(admin_->run("CREATE DATABASE " + quote_id(sync_db()), false).ok);
  ASSERT_TRUE(admin_->run("CREATE TABLE " + quote_id(sync_db()) + ".marker (id INT PRIMARY KEY)", false).ok);

  ASSERT_NO_FATAL_FAILURE(register_generation());

  for (size_t i = 0; i < files_.size(); ++i) {
    FileRun& f = files_[i];
    if (!f.skip.empty()) continue;
    f.generation = generations_.size() - 1;
    ASSERT_NO_FATAL_FAILURE(replay(f));
    const std::string failure = sync();
    if (failure.empty()) continue;
    // (a) the task must keep running. The file its trace names is the culprit; the next files go
    // to a new registration, and so does this one again if it was not the culprit.
    const size_t guilty = culprit(failure, i);
    files_[guilty].task_failure = failure;
    generations_.back().failed = true;
    delete_connector(generations_.back());
    if (guilty != i) {
      ASSERT_NO_FATAL_FAILURE(reset_file(f));
    }
    ASSERT_NO_FATAL_FAILURE(register_generation());
    if (guilty != i) --i;
  }
  // A failure can surface a little after the last marker (a failed delivery is reported about a
  // second after the record was sent): the task must still run a while later.
  for (const auto until = Clock::now() + milliseconds(2500); Clock::now() < until;) {
    std::this_thread::sleep_for(milliseconds(250));
    if (auto [state, trace] = task_state(generations_.back()); state != "RUNNING") {
      size_t last = files_.size() - 1;
      while (last > 0 && !files_[last].skip.empty()) --last;
      files_[culprit(trace, last)].task_failure = "task " + state + ": " + trace;
      generations_.back().failed = true;
      break;
    }
  }

  // Everything was streamed (the last marker arrived): read the schema changes to the end and the
  // change events of every table written to.
  for (auto& g : generations_) g.changes->linger(milliseconds(500));
  std::vector<std::string> topics;
  std::map<std::string, size_t> wanted;
  for (const auto& f : files_) {
    if (!f.skip.empty() || !f.task_failure.empty()) continue;
    for (const auto& [table, n] : f.rows_per_table) {
      const std::string topic = generations_[f.generation].prefix + "." + sanitize_topic(f.db + "." + table);
      topics.push_back(topic);
      wanted[topic] = n;
    }
  }
  TopicReader events(server_.s.kafka_bootstrap, topics);
  events.poll_until(
      [&] {
        for (const auto& [topic, n] : wanted) {
          if (events.messages[topic].size() < n) return false;
        }
        return true;
      },
      seconds(30));
  events.linger(milliseconds(500));

  size_t compared = 0, checked = 0, ran = 0, rejected = 0, applicable = 0;
  std::ostringstream report;
  report << "\n" << GetParam().label << " (" << info_.version << "), binlog_row_metadata="
         << (GetParam().full_metadata ? "FULL" : "MINIMAL") << ", " << generations_.size()
         << " connector registration(s)\n";
  report << std::left << std::setw(62) << "file" << std::right << std::setw(6) << "stmts" << std::setw(6) << "rej"
         << std::setw(7) << "tables" << std::setw(7) << "events" << "  result\n";
  for (auto& f : files_) {
    if (!f.skip.empty()) {
      report << std::left << std::setw(62) << f.label() << "  skipped: " << f.skip << "\n";
      continue;
    }
    ++applicable;
    if (f.task_failure.empty()) {
      check_file(f);
      check_events(f, events);
    } else {
      f.problems.push_back("(a) the connector's task stopped: " + f.task_failure);
    }
    compared += f.tables;
    checked += f.events;
    ran += f.run;
    rejected += f.rejected;
    report << std::left << std::setw(62) << f.label() << std::right << std::setw(6) << f.run << std::setw(6)
           << f.rejected << std::setw(7) << f.tables << std::setw(7) << f.events << "  "
           << (f.problems.empty() ? "ok" : std::to_string(f.problems.size()) + " problem(s)") << "\n";
    for (const auto& r : f.rejections) report << "      rejected by the server: " << r << "\n";
    for (const auto& p : f.problems) {
      ADD_FAILURE() << f.label() << " on " << server_.name << " (database " << f.db << "): " << p;
    }
  }
  report << applicable << " file(s) replayed: " << ran << " statements, " << rejected << " rejected by the server, "
         << compared << " tables compared, " << checked << " change events checked, in "
         << std::chrono::duration_cast<milliseconds>(Clock::now() - started).count() / 1000.0 << " s\n";
  std::cout << report.str();
}

INSTANTIATE_TEST_SUITE_P(Servers, DebeziumSqlReplay,
                         ::testing::Values(Target{"MARIADB", "METADATA_MINIMAL", "MariaDBMinimalMetadata", false},
                                           Target{"MYSQL8", "METADATA_MINIMAL", "Mysql8MinimalMetadata", false},
                                           Target{"MARIADB", "", "MariaDB", true}),
                         [](const ::testing::TestParamInfo<Target>& p) { return std::string(p.param.label); });

}  // namespace
}  // namespace it
