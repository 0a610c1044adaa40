// The column-type matrix, end to end on the real servers (MariaDB 10.11 and MySQL 8.0, default
// variants): every column type streams through the `cdc` binary into Kafka with the exact
// Debezium value AND the exact Connect schema of its field (JsonConverter with schemas), under
// the handling modes that change the mapping.
//
// Each expected value is derived from Debezium's documented mapping
// (docs/shared-mariadb-mysql.adoc, "Data type mappings") and the input value, with the
// derivation in a comment where it is not obvious; where the documentation is silent the
// behaviour of Debezium's converters (BinlogValueConverters, JdbcValueConverters,
// RowDeserializers of debezium-connector-binlog) is named.
//
// One `cdc` process per server streams one database with three connectors, registered after
// the tables exist (so, as for Debezium, the column types are those SHOW CREATE TABLE gives:
// REAL is DOUBLE, BOOLEAN is TINYINT(1), MariaDB's JSON is LONGTEXT):
//   A  every table; default modes (decimal precise, binary bytes, bigint long), key and value
//      schemas enabled;
//   B  ints, decimals, binaries: decimal.handling.mode=double, binary.handling.mode=base64,
//      bigint.unsigned.handling.mode=precise;
//   C  decimals, binaries: decimal.handling.mode=string, binary.handling.mode=hex.
// The rows are written once, after the three connectors run; each test reads its own topics.
//
// time.precision.mode: only adaptive_time_microseconds (the default) is implemented; connect,
// adaptive, isostring, microseconds, nanoseconds and structured are not, so they are not tested.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "harness.h"

namespace it {
namespace {

// ---- expected values ------------------------------------------------------------------------

// JSON text of a string, escaped exactly as it_::to_string re-serialises parsed messages.
std::string quote(const std::string& s) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return sb.GetString();
}

std::string base64(const std::string& bytes) {
  static constexpr char kTable[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  const auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = b(i) << 16 | b(i + 1) << 8 | b(i + 2);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kTable[(v >> s) & 63]);
  }
  if (bytes.size() - i == 1) {
    const uint32_t v = b(i) << 16;
    out += {kTable[v >> 18], kTable[(v >> 12) & 63], '=', '='};
  } else if (bytes.size() - i == 2) {
    const uint32_t v = b(i) << 16 | b(i + 1) << 8;
    out += {kTable[v >> 18], kTable[(v >> 12) & 63], kTable[(v >> 6) & 63], '='};
  }
  return out;
}

std::string hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string unhex(const std::string& text) {
  std::string out;
  for (size_t i = 0; i + 1 < text.size(); i += 2) out.push_back(static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16)));
  return out;
}

// One expected field value: JSON text compared with the re-serialised payload field, or a
// floating-point number compared by value (Jackson and our writer may spell it differently:
// 1.0E20 / 1e+20).
struct Exp {
  enum class Kind { json, f32, f64 } kind = Kind::json;
  std::string text;
  double d = 0;
};
Exp J(std::string text) { return {Exp::Kind::json, std::move(text), 0}; }
Exp Null() { return J("null"); }
Exp I(int64_t v) { return J(std::to_string(v)); }
Exp Str(const std::string& s) { return J(quote(s)); }
Exp F32(float f) { return {Exp::Kind::f32, "", static_cast<double>(f)}; }
Exp F64(double d) { return {Exp::Kind::f64, "", d}; }

using Row = std::vector<std::pair<std::string, Exp>>;
using Fields = std::vector<std::pair<std::string, std::string>>;  // field name, schema JSON

// A field's Connect schema as JsonConverter writes it: type, [fields], optional, name,
// version, doc, parameters, field.
std::string plain(const std::string& type, const std::string& field, bool optional = true) {
  return "{\"type\":" + quote(type) + ",\"optional\":" + (optional ? "true" : "false") + ",\"field\":" + quote(field) + "}";
}
std::string named(const std::string& type, const std::string& field, const std::string& name,
                  const std::vector<std::pair<std::string, std::string>>& params = {}, bool optional = true) {
  std::string out = "{\"type\":" + quote(type) + ",\"optional\":" + (optional ? "true" : "false") +
                    ",\"name\":" + quote(name) + ",\"version\":1";
  if (!params.empty()) {
    out += ",\"parameters\":{";
    for (size_t i = 0; i < params.size(); ++i) out += (i ? "," : "") + quote(params[i].first) + ":" + quote(params[i].second);
    out += "}";
  }
  return out + ",\"field\":" + quote(field) + "}";
}
std::string decimal(const std::string& field, int precision, int scale, bool optional = true) {
  return named("bytes", field, "org.apache.kafka.connect.data.Decimal",
               {{"scale", std::to_string(scale)}, {"connect.decimal.precision", std::to_string(precision)}}, optional);
}

// Parses a message with full floating-point precision (rapidjson's default parse may be off by
// an ulp, e.g. for -1e-30).
rapidjson::Document parse_exact(const std::string& text) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseFullPrecisionFlag>(text.c_str(), text.size());
  EXPECT_FALSE(d.HasParseError()) << "not JSON: " << text;
  return d;
}

// ---- one server's stream -----------------------------------------------------------------

struct ConnectorSpec {
  std::string id;  // "A", "B", "C"
  std::string name, prefix, tables;  // tables: "" = the whole database
  std::map<std::string, std::string> modes;
};

class Stream {
 public:
  Server server;
  bool mysql8 = false;
  std::string db;
  std::string error;  // why the stream could not be set up
  std::vector<ConnectorSpec> connectors;

  explicit Stream(const Server& s) : server(s) {}

  ~Stream() {
    cdc_.reset();
    if (sql) sql->exec("DROP DATABASE IF EXISTS " + db);
  }

  void setup();

  // The messages of `table` for connector `c` ("A", "B", "C"), read once.
  const std::vector<KafkaMessage>& messages(const std::string& c, const std::string& table, size_t count) {
    const std::string topic = prefix_of(c) + "." + db + "." + table;
    auto it = cache_.find(topic);
    if (it == cache_.end() || it->second.size() < count) {
      cache_[topic] = consume(server.s.kafka_bootstrap, topic, count, std::chrono::seconds(60));
      it = cache_.find(topic);
    }
    return it->second;
  }

  std::string prefix_of(const std::string& c) const {
    for (const auto& k : connectors) {
      if (k.id == c) return k.prefix;
    }
    return "?";
  }

  std::string log() const { return cdc_ ? cdc_->log() : std::string(); }

  std::unique_ptr<Sql> sql;

 private:
  std::filesystem::path dir_;
  std::unique_ptr<CdcProcess> cdc_;
  uint16_t port_ = 0;
  std::map<std::string, std::vector<KafkaMessage>> cache_;

  void exec(const std::string& statement) {
    if (!error.empty()) return;
    sql->exec(statement);
    if (::testing::Test::HasFatalFailure()) error = "statement failed: " + statement;
  }
  void create_tables();
  void write_rows();
};

// The text of every charset column family of the `strings` table, as UTF-8, and the bytes the
// server must store for text + " " (the premise of the expectations: the server encoded it in
// that charset; checked in setup).
struct CharsetCase {
  std::string charset, text, stored_hex;
};
const std::vector<CharsetCase>& charset_cases() {
  static const std::vector<CharsetCase> cases = {
      // MySQL's latin1 is cp1252: U+20AC (€) is 0x80. Connector/J, and so Debezium, decode
      // latin1 as Cp1252.
      {"latin1", "caf\xC3\xA9 \xE2\x82\xAC", "636166E920" "80" "20"},
      {"ascii", "ascii ok", "6173636969206F6B20"},
      {"utf8mb3", "h\xC3\xA9llo \xE2\x9C\x93", "68C3A96C6C6F20E29C9320"},            // héllo ✓
      {"utf8mb4", "\xF0\x9F\x98\x80 h\xC3\xA9llo", "F09F98802068C3A96C6C6F20"},        // 😀 héllo
      {"ucs2", "\xC3\xA9\xE4\xB8\xAD", "00E94E2D0020"},                                // é中 (UCS-2 BE)
      {"utf16", "\xF0\x9F\x98\x80\xE4\xB8\xAD", "D83DDE004E2D0020"},                   // 😀中 (surrogates)
      {"utf32", "\xF0\x9F\x98\x80\xC3\xA9", "0001F600000000E900000020"},               // 😀é
      {"gbk", "\xE4\xB8\xAD\xE6\x96\x87", "D6D0CEC420"},                               // 中文
      {"big5", "\xE4\xB8\xAD\xE6\x96\x87", "A4A4A4E520"},                              // 中文
      {"ujis", "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "C6FCCBDCB8EC20"},              // 日本語 (EUC-JP)
      {"cp1251", "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82", "CFF0E8E2E5F220"},  // Привет
  };
  return cases;
}

void Stream::create_tables() {
  exec("CREATE TABLE " + db +
       ".ints (id INT PRIMARY KEY, t TINYINT, tu TINYINT UNSIGNED, s SMALLINT, su SMALLINT UNSIGNED, m MEDIUMINT, "
       "mu MEDIUMINT UNSIGNED, i INT NOT NULL, iu INT UNSIGNED, b BIGINT, bu BIGINT UNSIGNED, bo BOOLEAN)");
  exec("CREATE TABLE " + db +
       ".floats (id INT PRIMARY KEY, f FLOAT, f24 FLOAT(24), f25 FLOAT(25), f53 FLOAT(53), d DOUBLE, "
       "dp DOUBLE PRECISION, r REAL, fu FLOAT UNSIGNED)");
  exec("CREATE TABLE " + db + ".floats_md (id INT PRIMARY KEY, f2 FLOAT(10,2), f3 FLOAT(35,5))");
  exec("CREATE TABLE " + db + ".defaults (id INT PRIMARY KEY, c INT DEFAULT 5, v VARCHAR(10) NOT NULL DEFAULT 'x')");
  exec("CREATE TABLE " + db +
       ".decimals (id INT PRIMARY KEY, d65 DECIMAL(65,30), d50 DECIMAL(5,0), n41 NUMERIC(4,1) NOT NULL)");
  exec("CREATE TABLE " + db +
       ".temporals (id INT PRIMARY KEY, d DATE, dnn DATE NOT NULL, t0 TIME, t1 TIME(1), t2 TIME(2), t3 TIME(3), "
       "t4 TIME(4), t5 TIME(5), t6 TIME(6), y YEAR, dt0 DATETIME, dt3 DATETIME(3), dt4 DATETIME(4), dt6 DATETIME(6), "
       "dtnn DATETIME NOT NULL, ts0 TIMESTAMP NULL, ts3 TIMESTAMP(3) NULL, ts6 TIMESTAMP(6) NULL, "
       "tsnn TIMESTAMP NOT NULL)");
  std::string strings = "CREATE TABLE " + db + ".strings (id INT PRIMARY KEY";
  for (const auto& c : charset_cases()) {
    strings += ", c_" + c.charset + " CHAR(10) CHARACTER SET " + c.charset + ", v_" + c.charset +
               " VARCHAR(20) CHARACTER SET " + c.charset + ", t_" + c.charset + " TEXT CHARACTER SET " + c.charset;
  }
  // CHARACTER SET binary makes the types BINARY(10), VARBINARY(20) and BLOB (MySQL manual,
  // "The binary character set"), which Debezium maps to bytes.
  strings += ", c_bin CHAR(10) CHARACTER SET binary, v_bin VARCHAR(20) CHARACTER SET binary, "
             "t_bin TEXT CHARACTER SET binary)";
  exec(strings);
  exec("CREATE TABLE " + db +
       ".binaries (id INT PRIMARY KEY, bn BINARY(4), vb VARBINARY(10), tb TINYBLOB, bl BLOB, mb MEDIUMBLOB, "
       "lb LONGBLOB)");
  exec("CREATE TABLE " + db + ".bits (id INT PRIMARY KEY, b1 BIT(1), b5 BIT(5), b64 BIT(64))");
  exec("CREATE TABLE " + db +
       ".enums (id INT PRIMARY KEY, e ENUM('plain','with,comma','it''s','q\"uote'), "
       "s SET('a','b','it''s','q\"x'), enn ENUM('x','y') NOT NULL)");
  exec("CREATE TABLE " + db + ".geoms (id INT PRIMARY KEY, pt POINT, g GEOMETRY, ls LINESTRING)");
  exec("CREATE TABLE " + db + ".json_docs (id INT PRIMARY KEY, j JSON)");
  exec("CREATE TABLE " + db +
       ".gen_cols (id INT PRIMARY KEY, a INT, b INT, v INT AS (a + b) VIRTUAL, s INT AS (a * b) STORED, "
       "inv INT INVISIBLE, vs VARCHAR(20) AS (CONCAT('x', a)) VIRTUAL)");
}

// The JSON documents of json_docs, as inserted (SQL literal text, backslashes doubled).
const std::vector<std::string>& json_literals() {
  static const std::vector<std::string> docs = {
      R"('{"b": [1, 2.5, -3e2, true, false, null], "a": {"x": "é😀", "q": "say \\"hi\\""}, "n": 18446744073709551615}')",
      R"('[]')",
      R"('"scalar"')",
      R"('null')",
      R"('3.14')",
      "NULL",
      R"('{"z": 1, "aa": 2, "b": {}}')",
  };
  return docs;
}

void Stream::write_rows() {
  const std::string d = db + ".";
  // ints: minimums, maximums, NULLs.
  exec("INSERT INTO " + d + "ints VALUES (1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0, FALSE)");
  exec("INSERT INTO " + d + "ints VALUES (2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, "
       "9223372036854775807, 18446744073709551615, TRUE)");
  exec("INSERT INTO " + d + "ints VALUES (3, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL)");
  exec("INSERT INTO " + d + "floats VALUES (1, 1.5, 64.1, 64.1, 1.7976931348623157e308, -2.25, 0.1, 2.36, 64.1234)");
  exec("INSERT INTO " + d + "floats VALUES (2, -1e38, 1.25e-30, -1e-300, 2.2250738585072014e-308, 1e300, "
       "123456789.125, -0.5, 0)");
  exec("INSERT INTO " + d + "floats VALUES (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
  exec("INSERT INTO " + d + "floats_md VALUES (1, 5.61, 30.123456)");
  exec("INSERT INTO " + d + "defaults VALUES (1, 7, 'y')");
  exec("INSERT INTO " + d + "decimals VALUES (1, '12345678901234567890123456789012345.123456789012345678901234567890', "
       "99999, 123.4)");
  exec("INSERT INTO " + d + "decimals VALUES (2, '-0.000000000000000000000000000001', -99999, -0.5)");
  exec("INSERT INTO " + d + "decimals VALUES (3, 0, 0, 0)");
  exec("INSERT INTO " + d + "decimals VALUES (4, NULL, NULL, 999.9)");
  exec("INSERT INTO " + d + "temporals VALUES (1, '2018-01-13', '2018-01-13', '12:34:56', '12:34:56.7', "
       "'12:34:56.78', '-12:34:56.789', '100:00:00.0001', '-00:00:00.00001', '23:59:59.999999', 2024, "
       "'2018-06-20 06:37:03', '2018-06-20 06:37:03.123', '2018-06-20 06:37:03.1234', '2018-06-20 06:37:03.123456', "
       "'2018-06-20 06:37:03', '2018-06-20 06:37:03', '2018-06-20 06:37:03.120', '2018-06-20 06:37:03.000000', "
       "'2018-06-20 06:37:03')");
  exec("INSERT INTO " + d + "temporals VALUES (2, '1000-01-01', '9999-12-31', '-838:59:59', '-00:00:00.5', "
       "'-00:00:01.01', '00:00:00.001', '-01:01:01.0001', '-00:20:38.12345', '-838:59:58.999999', 1901, "
       "'9999-12-31 23:59:59', '1969-12-31 23:59:59.999', '1000-01-01 00:00:00.0001', '1970-01-01 00:00:00.000001', "
       "'1970-01-01 00:00:00', '2038-01-19 03:14:07', '1970-01-01 00:00:01.001', '1970-01-01 00:00:01.000001', "
       "'1970-01-01 00:00:01')");
  // Zero dates need a sql_mode without NO_ZERO_DATE / NO_ZERO_IN_DATE (MySQL 8's default has
  // both); '2018-00-15' has a zero month.
  exec("SET SESSION sql_mode = ''");
  exec("INSERT INTO " + d + "temporals VALUES (3, '0000-00-00', '0000-00-00', '00:00:00', NULL, NULL, NULL, NULL, "
       "NULL, NULL, NULL, '0000-00-00 00:00:00', '2018-00-15 00:00:00.000', NULL, NULL, '0000-00-00 00:00:00', "
       "'0000-00-00 00:00:00', '0000-00-00 00:00:00.000', '0000-00-00 00:00:00.000000', '0000-00-00 00:00:00')");
  // TIMESTAMP is converted from the session time zone; DATETIME is not.
  exec("SET SESSION time_zone = '+07:00'");
  exec("INSERT INTO " + d + "temporals VALUES (4, '2018-00-15', '2018-06-20', NULL, NULL, NULL, NULL, NULL, NULL, "
       "NULL, 2155, '2018-06-20 06:37:03', NULL, NULL, NULL, '2018-06-20 06:37:03', '2018-06-20 06:37:03', NULL, "
       "'2018-06-20 06:37:03.5', '2018-06-20 06:37:03')");
  exec("SET SESSION time_zone = '+00:00'");
  exec("SET SESSION sql_mode = DEFAULT");

  // strings: CHAR values with trailing blanks (MySQL strips them from CHAR), VARCHAR/TEXT with
  // one trailing blank (kept); then a leading blank and empty strings; then NULLs.
  std::string r1 = "INSERT INTO " + d + "strings VALUES (1", r2 = "INSERT INTO " + d + "strings VALUES (2",
              r3 = "INSERT INTO " + d + "strings VALUES (3";
  for (const auto& c : charset_cases()) {
    r1 += ", '" + c.text + "  ', '" + c.text + " ', '" + c.text + " '";
    r2 += ", ' x', '', ''";
    r3 += ", NULL, NULL, NULL";
  }
  r1 += ", 'h\xC3\xA9llo  ', 'h\xC3\xA9llo ', 'h\xC3\xA9llo ')";
  r2 += ", ' x', '', '')";
  r3 += ", NULL, NULL, NULL)";
  exec(r1);
  exec(r2);
  exec(r3);
  if (error.empty()) {
    for (const auto& c : charset_cases()) {
      auto rows = sql->query("SELECT HEX(v_" + c.charset + ") FROM " + d + "strings WHERE id = 1");
      const std::string stored = rows.empty() ? "" : rows[0][0].value_or("");
      if (stored != c.stored_hex) {
        error = "the server stored " + stored + " for the " + c.charset + " text, not " + c.stored_hex;
        return;
      }
    }
  }

  exec("INSERT INTO " + d + "binaries VALUES (1, X'0102', X'00FF00', X'CAFE', X'', X'DEADBEEF', X'000102')");
  exec("INSERT INTO " + d + "binaries VALUES (2, X'01020304', X'', X'00', X'FF', X'00', REPEAT(X'AB', 300))");
  exec("INSERT INTO " + d + "binaries VALUES (3, X'', NULL, NULL, NULL, NULL, NULL)");

  exec("INSERT INTO " + d + "bits VALUES (1, b'1', b'10110', "
       "b'1000000000000000000000000000000000000000000000000000000000000001')");
  exec("INSERT INTO " + d + "bits VALUES (2, b'0', b'0', 23989979)");
  exec("INSERT INTO " + d + "bits VALUES (3, NULL, NULL, 18446744073709551615)");

  exec("INSERT INTO " + d + "enums VALUES (1, 'with,comma', 'b,a', 'y')");
  exec("INSERT INTO " + d + "enums VALUES (2, 'it''s', '', 'x')");
  exec("INSERT INTO " + d + "enums VALUES (3, 'q\"uote', 'q\"x,it''s,a,b', 'x')");
  exec("INSERT INTO " + d + "enums VALUES (4, NULL, NULL, 'x')");
  // Outside strict mode an invalid ENUM value is stored as the error value '' (index 0).
  exec("SET SESSION sql_mode = ''");
  exec("INSERT INTO " + d + "enums VALUES (5, 'bogus', 'a', 'y')");
  exec("SET SESSION sql_mode = DEFAULT");

  exec("INSERT INTO " + d + "geoms VALUES (1, ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('POINT(1 2)', 4326), "
       "ST_GeomFromText('LINESTRING(0 0, 1 1)', 3857))");
  exec("INSERT INTO " + d + "geoms VALUES (2, ST_GeomFromText('POINT(-0.5 100.25)', 3857), "
       "ST_GeomFromText('LINESTRING(0 0, 1 1)'), NULL)");

  for (size_t i = 0; i < json_literals().size(); ++i) {
    exec("INSERT INTO " + d + "json_docs VALUES (" + std::to_string(i + 1) + ", " + json_literals()[i] + ")");
  }

  exec("INSERT INTO " + d + "gen_cols (id, a, b, inv) VALUES (1, 2, 3, 4)");
  exec("UPDATE " + d + "gen_cols SET a = 10 WHERE id = 1");
}

void Stream::setup() {
  mysql8 = server.name.find("MySQL") != std::string::npos;
  db = unique_name("ittm");
  dir_ = std::filesystem::temp_directory_path() / unique_name("cdc_ittm");
  sql = std::make_unique<Sql>(server.s);
  exec("SET NAMES utf8mb4");
  exec("SET SESSION time_zone = '+00:00'");
  exec("CREATE DATABASE " + db + " CHARACTER SET utf8mb4");
  create_tables();
  if (!error.empty()) return;

  port_ = free_port();
  auto worker = worker_config(server.s, dir_, /*schemas=*/true, 500);
  worker["key.converter"] = worker["value.converter"] = "org.apache.kafka.connect.json.JsonConverter";
  cdc_ = std::make_unique<CdcProcess>(dir_.string(), port_, worker);
  cdc_->start();
  if (!cdc_->wait_ready(std::chrono::seconds(30))) {
    error = "cdc did not start:\n" + cdc_->log();
    return;
  }
  const std::string stem = unique_name("ittm");
  connectors = {
      {"A", "tm-a", stem + "a", "", {}},
      {"B", "tm-b", stem + "b", db + ".ints," + db + ".decimals," + db + ".binaries",
       {{"decimal.handling.mode", "double"}, {"binary.handling.mode", "base64"},
        {"bigint.unsigned.handling.mode", "precise"}}},
      {"C", "tm-c", stem + "c", db + ".decimals," + db + ".binaries",
       {{"decimal.handling.mode", "string"}, {"binary.handling.mode", "hex"}}},
  };
  const uint32_t server_id_base = 8000 + static_cast<uint32_t>(::getpid() % 500) * 4;
  for (size_t i = 0; i < connectors.size(); ++i) {
    const auto& k = connectors[i];
    auto config = connector_config(server.s, k.prefix, db, server_id_base + static_cast<uint32_t>(i));
    config["snapshot.mode"] = "no_data";
    if (!k.tables.empty()) config["table.include.list"] = k.tables;
    for (const auto& [key, value] : k.modes) config[key] = value;
    auto r = http("POST", port_, "/connectors", connector_json(k.name, config));
    if (r.status != 201) {
      error = "registering " + k.name + " failed: " + std::to_string(r.status) + " " + r.body;
      return;
    }
  }
  for (const auto& k : connectors) {
    std::string trace;
    const std::string state = wait_task_state(port_, k.name, "RUNNING", std::chrono::seconds(60), &trace);
    if (state != "RUNNING") {
      error = k.name + " is " + state + ": " + trace + "\n" + cdc_->log();
      return;
    }
  }
  write_rows();
}

std::map<std::string, std::unique_ptr<Stream>>& streams() {
  static std::map<std::string, std::unique_ptr<Stream>> all;
  return all;
}

// ---- checks ------------------------------------------------------------------------------

// The field schemas of the `after` struct of an envelope schema.
Fields after_fields(const rapidjson::Value& message) {
  Fields out;
  if (!message.IsObject() || !message.HasMember("schema")) return out;
  const auto& envelope = message["schema"];
  if (!envelope.HasMember("fields")) return out;
  for (const auto& f : envelope["fields"].GetArray()) {
    if (f.HasMember("field") && std::string(f["field"].GetString()) == "after") {
      for (const auto& column : f["fields"].GetArray()) out.emplace_back(column["field"].GetString(), to_string(column));
    }
  }
  return out;
}

void expect_fields(const rapidjson::Value& message, const Fields& expected) {
  const Fields actual = after_fields(message);
  ASSERT_EQ(actual.size(), expected.size()) << to_string(message["schema"]);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(actual[i].first, expected[i].first);
    EXPECT_EQ(actual[i].second, expected[i].second) << "schema of field " << expected[i].first;
  }
}

void expect_row(const rapidjson::Value& image, const Row& expected, const std::string& where) {
  ASSERT_TRUE(image.IsObject()) << where << ": " << to_string(image);
  std::vector<std::string> names, expected_names;
  for (const auto& m : image.GetObject()) names.emplace_back(m.name.GetString());
  for (const auto& [name, exp] : expected) expected_names.push_back(name);
  EXPECT_EQ(names, expected_names) << where;
  for (const auto& [name, exp] : expected) {
    auto it = image.FindMember(name.c_str());
    if (it == image.MemberEnd()) continue;
    const rapidjson::Value& v = it->value;
    switch (exp.kind) {
      case Exp::Kind::json:
        EXPECT_EQ(to_string(v), exp.text) << where << ", field " << name;
        break;
      case Exp::Kind::f32:
        ASSERT_TRUE(v.IsNumber()) << where << ", field " << name << ": " << to_string(v);
        EXPECT_EQ(static_cast<float>(v.GetDouble()), static_cast<float>(exp.d)) << where << ", field " << name;
        break;
      case Exp::Kind::f64:
        ASSERT_TRUE(v.IsNumber()) << where << ", field " << name << ": " << to_string(v);
        EXPECT_EQ(v.GetDouble(), exp.d) << where << ", field " << name;
        break;
    }
  }
}

class TypeMatrix : public ::testing::TestWithParam<std::string> {
 protected:
  static void TearDownTestSuite() {
    for (auto& [flavor, s] : streams()) {
      if (s && ::testing::UnitTest::GetInstance()->failed_test_count() > 0) {
        std::cerr << "---- cdc log (" << s->server.name << ") ----\n" << s->log() << "\n";
      }
    }
    streams().clear();
  }

  void SetUp() override {
    auto& slot = streams()[GetParam()];
    if (!slot) {
      std::string why;
      auto server = server_variant(GetParam(), "", why);
      if (!server) GTEST_SKIP() << why;  // a configured server that does not answer already failed
      if (!kafka_listening(server->s.kafka_bootstrap)) {
        GTEST_SKIP() << "Kafka is not listening on " << server->s.kafka_bootstrap
                     << " (start it with mysql-fixtures/kafka.sh start)";
      }
      slot = std::make_unique<Stream>(*server);
      slot->setup();
    }
    s_ = slot.get();
    ASSERT_EQ(s_->error, "") << "the type-matrix stream on " << s_->server.name << " could not be set up";
  }

  // The parsed messages of `table` (connector A unless named), exactly `count` of them.
  std::vector<rapidjson::Document> read(const std::string& table, size_t count, const std::string& c = "A") {
    const auto& msgs = s_->messages(c, table, count);
    std::vector<rapidjson::Document> out;
    EXPECT_EQ(msgs.size(), count) << "connector " << c << ", table " << table << "\n" << s_->log();
    for (const auto& m : msgs) {
      out.push_back(parse_exact(m.value.value_or("null")));
    }
    return out;
  }

  // The `after` image of a message.
  static const rapidjson::Value& after(const rapidjson::Document& d) {
    static const rapidjson::Value null;
    if (!d.IsObject() || !d.HasMember("payload") || !d["payload"].HasMember("after")) return null;
    return d["payload"]["after"];
  }

  Stream* s_ = nullptr;
};

std::string flavor_label(const ::testing::TestParamInfo<std::string>& info) {
  return info.param == "MARIADB" ? "MariaDB" : "MySQL8";
}

// ---- integers ----------------------------------------------------------------------------

// Literal types: TINYINT INT8, TINYINT UNSIGNED INT16, SMALLINT INT16, SMALLINT UNSIGNED INT32
// (BinlogValueConverters widens it), MEDIUMINT (UNSIGNED) INT32, INT INT32, INT UNSIGNED INT64,
// BIGINT INT64; BIGINT UNSIGNED INT64 in "long" mode (values above 2^63-1 wrap as Java's long:
// 18446744073709551615 -> -1) or Decimal(20, 0) in "precise" mode. BOOLEAN is TINYINT(1) in
// SHOW CREATE TABLE, so INT8 (the TinyIntOneToBooleanConverter is not configured).
TEST_P(TypeMatrix, IntegersAtTheirLimits) {
  auto msgs = read("ints", 3);
  ASSERT_EQ(msgs.size(), 3u);
  auto fields = [](bool precise) {
    return Fields{{"id", plain("int32", "id", false)}, {"t", plain("int8", "t")},     {"tu", plain("int16", "tu")},
                  {"s", plain("int16", "s")},          {"su", plain("int32", "su")},  {"m", plain("int32", "m")},
                  {"mu", plain("int32", "mu")},        {"i", plain("int32", "i", false)}, {"iu", plain("int64", "iu")},
                  {"b", plain("int64", "b")},
                  {"bu", precise ? decimal("bu", 20, 0) : plain("int64", "bu")},
                  {"bo", plain("int8", "bo")}};
  };
  expect_fields(msgs[0], fields(false));
  expect_row(after(msgs[0]),
             {{"id", I(1)}, {"t", I(-128)}, {"tu", I(0)}, {"s", I(-32768)}, {"su", I(0)}, {"m", I(-8388608)},
              {"mu", I(0)}, {"i", I(-2147483648LL)}, {"iu", I(0)}, {"b", J("-9223372036854775808")}, {"bu", I(0)},
              {"bo", I(0)}},
             "ints row 1");
  expect_row(after(msgs[1]),
             {{"id", I(2)}, {"t", I(127)}, {"tu", I(255)}, {"s", I(32767)}, {"su", I(65535)}, {"m", I(8388607)},
              {"mu", I(16777215)}, {"i", I(2147483647)}, {"iu", I(4294967295LL)}, {"b", I(9223372036854775807LL)},
              {"bu", I(-1)}, {"bo", I(1)}},
             "ints row 2");
  expect_row(after(msgs[2]),
             {{"id", I(3)}, {"t", Null()}, {"tu", Null()}, {"s", Null()}, {"su", Null()}, {"m", Null()},
              {"mu", Null()}, {"i", I(0)}, {"iu", Null()}, {"b", Null()}, {"bu", Null()}, {"bo", Null()}},
             "ints row 3");

  // The key: its own struct schema, named <prefix>.<db>.<table>.Key, fields never optional.
  const auto& raw = s_->messages("A", "ints", 3);
  auto key = parse(raw[0].key.value_or("null"));
  EXPECT_EQ(to_string(key), "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,"
                            "\"field\":\"id\"}],\"optional\":false,\"name\":" +
                                quote(s_->prefix_of("A") + "." + s_->db + ".ints.Key") + "},\"payload\":{\"id\":1}}");

  // bigint.unsigned.handling.mode=precise: Decimal, scale 0, precision 20; the unscaled value as
  // BigInteger.toByteArray(): 18446744073709551615 = 0x00FFFFFFFFFFFFFFFF (9 bytes).
  auto precise = read("ints", 3, "B");
  ASSERT_EQ(precise.size(), 3u);
  expect_fields(precise[0], fields(true));
  EXPECT_EQ(to_string(after(precise[0])["bu"]), quote("AA=="));
  EXPECT_EQ(to_string(after(precise[1])["bu"]), quote(base64(unhex("00FFFFFFFFFFFFFFFF"))));
  EXPECT_EQ(to_string(after(precise[2])["bu"]), "null");
  EXPECT_EQ(to_string(after(precise[1])["b"]), "9223372036854775807");  // signed BIGINT stays INT64
}

// ---- floating point ----------------------------------------------------------------------

// FLOAT and FLOAT(p) with p <= 24 are 4-byte FLOAT32; FLOAT(25..53), DOUBLE, DOUBLE PRECISION are
// FLOAT64. REAL is a synonym of DOUBLE (without the REAL_AS_FLOAT sql_mode) and SHOW CREATE TABLE
// says `double`, so FLOAT64 (the documented FLOAT32 for REAL applies only to a REAL that
// Debezium's DDL parser saw in a CREATE TABLE while streaming). FLOAT UNSIGNED is FLOAT32.
// Connect's JSON schema type names are "float" (FLOAT32) and "double" (FLOAT64).
TEST_P(TypeMatrix, FloatingPoint) {
  auto msgs = read("floats", 3);
  ASSERT_EQ(msgs.size(), 3u);
  expect_fields(msgs[0], {{"id", plain("int32", "id", false)},
                          {"f", plain("float", "f")},
                          {"f24", plain("float", "f24")},
                          {"f25", plain("double", "f25")},
                          {"f53", plain("double", "f53")},
                          {"d", plain("double", "d")},
                          {"dp", plain("double", "dp")},
                          {"r", plain("double", "r")},
                          {"fu", plain("float", "fu")}});
  expect_row(after(msgs[0]),
             {{"id", I(1)}, {"f", F32(1.5f)}, {"f24", F32(64.1f)}, {"f25", F64(64.1)},
              {"f53", F64(1.7976931348623157e308)}, {"d", F64(-2.25)}, {"dp", F64(0.1)}, {"r", F64(2.36)},
              {"fu", F32(64.1234f)}},
             "floats row 1");
  expect_row(after(msgs[1]),
             {{"id", I(2)}, {"f", F32(-1e38f)}, {"f24", F32(1.25e-30f)}, {"f25", F64(-1e-300)},
              {"f53", F64(2.2250738585072014e-308)}, {"d", F64(1e300)}, {"dp", F64(123456789.125)}, {"r", F64(-0.5)},
              {"fu", F32(0.0f)}},
             "floats row 2");
  expect_row(after(msgs[2]),
             {{"id", I(3)}, {"f", Null()}, {"f24", Null()}, {"f25", Null()}, {"f53", Null()}, {"d", Null()},
              {"dp", Null()}, {"r", Null()}, {"fu", Null()}},
             "floats row 3");
}

// ---- decimals ----------------------------------------------------------------------------

// precise: Decimal{scale, connect.decimal.precision}, the unscaled value as
// BigInteger.toByteArray() (minimal big-endian two's complement), base64 in JSON.
// double: FLOAT64 of BigDecimal.doubleValue(). string: BigDecimal.toPlainString() with the
// column's scale (a DECIMAL(65,30) zero is "0." and 30 zeros).
TEST_P(TypeMatrix, DecimalsInEveryHandlingMode) {
  const std::string big = "12345678901234567890123456789012345.123456789012345678901234567890";
  const std::string tiny = "-0.000000000000000000000000000001";
  const std::string zero30 = "0." + std::string(30, '0');

  auto precise = read("decimals", 4, "A");
  ASSERT_EQ(precise.size(), 4u);
  expect_fields(precise[0], {{"id", plain("int32", "id", false)},
                             {"d65", decimal("d65", 65, 30)},
                             {"d50", decimal("d50", 5, 0)},
                             {"n41", decimal("n41", 4, 1, false)}});
  // big * 10^30 = 12345678901234567890123456789012345123456789012345678901234567890
  //             = 0x1E02BC1E97858BDC6CB95058F3424D7D3A7FEC7B03E2668E3F0AD2 (27 bytes, top bit clear);
  // 99999 = 0x01869F; -99999 = 0xFE7961; 1234 = 0x04D2; -5 = 0xFB; 9999 = 0x270F.
  expect_row(after(precise[0]),
             {{"id", I(1)},
              {"d65", Str(base64(unhex("1E02BC1E97858BDC6CB95058F3424D7D3A7FEC7B03E2668E3F0AD2")))},
              {"d50", Str(base64(unhex("01869F")))},
              {"n41", Str(base64(unhex("04D2")))}},
             "decimals precise row 1");
  expect_row(after(precise[1]),
             {{"id", I(2)}, {"d65", Str(base64(unhex("FF")))}, {"d50", Str(base64(unhex("FE7961")))},
              {"n41", Str(base64(unhex("FB")))}},
             "decimals precise row 2");
  expect_row(after(precise[2]),
             {{"id", I(3)}, {"d65", Str("AA==")}, {"d50", Str("AA==")}, {"n41", Str("AA==")}},
             "decimals precise row 3");
  expect_row(after(precise[3]),
             {{"id", I(4)}, {"d65", Null()}, {"d50", Null()}, {"n41", Str(base64(unhex("270F")))}},
             "decimals precise row 4");

  auto dbl = read("decimals", 4, "B");
  ASSERT_EQ(dbl.size(), 4u);
  expect_fields(dbl[0], {{"id", plain("int32", "id", false)},
                         {"d65", plain("double", "d65")},
                         {"d50", plain("double", "d50")},
                         {"n41", plain("double", "n41", false)}});
  expect_row(after(dbl[0]), {{"id", I(1)}, {"d65", F64(std::strtod(big.c_str(), nullptr))}, {"d50", F64(99999.0)},
                             {"n41", F64(123.4)}},
             "decimals double row 1");
  expect_row(after(dbl[1]), {{"id", I(2)}, {"d65", F64(-1e-30)}, {"d50", F64(-99999.0)}, {"n41", F64(-0.5)}},
             "decimals double row 2");
  expect_row(after(dbl[2]), {{"id", I(3)}, {"d65", F64(0.0)}, {"d50", F64(0.0)}, {"n41", F64(0.0)}},
             "decimals double row 3");
  expect_row(after(dbl[3]), {{"id", I(4)}, {"d65", Null()}, {"d50", Null()}, {"n41", F64(999.9)}},
             "decimals double row 4");

  auto str = read("decimals", 4, "C");
  ASSERT_EQ(str.size(), 4u);
  expect_fields(str[0], {{"id", plain("int32", "id", false)},
                         {"d65", plain("string", "d65")},
                         {"d50", plain("string", "d50")},
                         {"n41", plain("string", "n41", false)}});
  expect_row(after(str[0]), {{"id", I(1)}, {"d65", Str(big)}, {"d50", Str("99999")}, {"n41", Str("123.4")}},
             "decimals string row 1");
  expect_row(after(str[1]), {{"id", I(2)}, {"d65", Str(tiny)}, {"d50", Str("-99999")}, {"n41", Str("-0.5")}},
             "decimals string row 2");
  expect_row(after(str[2]), {{"id", I(3)}, {"d65", Str(zero30)}, {"d50", Str("0")}, {"n41", Str("0.0")}},
             "decimals string row 3");
  expect_row(after(str[3]), {{"id", I(4)}, {"d65", Null()}, {"d50", Null()}, {"n41", Str("999.9")}},
             "decimals string row 4");
}

// ---- temporal types (time.precision.mode=adaptive_time_microseconds) ----------------------

// DATE: io.debezium.time.Date, days since the epoch. TIME(0-6): io.debezium.time.MicroTime,
// signed microseconds (the binlog's TIME is a duration: -838:59:59 to 838:59:59). YEAR:
// io.debezium.time.Year. DATETIME(0-3): io.debezium.time.Timestamp, milliseconds;
// DATETIME(4-6): io.debezium.time.MicroTimestamp, microseconds; both of the local date-time read
// as UTC. TIMESTAMP(fsp): io.debezium.time.ZonedTimestamp, the instant in UTC, ISO-8601 with
// exactly fsp fraction digits (the column length as fractional width, DBZ-5996; none for fsp 0).
// Zero dates: null in nullable columns, the epoch (0, "1970-01-01T00:00:00Z") in NOT NULL ones.
TEST_P(TypeMatrix, TemporalTypes) {
  auto msgs = read("temporals", 4);
  ASSERT_EQ(msgs.size(), 4u);
  const std::string date = "io.debezium.time.Date", micro_time = "io.debezium.time.MicroTime",
                    ts = "io.debezium.time.Timestamp", micro_ts = "io.debezium.time.MicroTimestamp",
                    zoned = "io.debezium.time.ZonedTimestamp";
  expect_fields(msgs[0], {{"id", plain("int32", "id", false)},
                          {"d", named("int32", "d", date)},
                          {"dnn", named("int32", "dnn", date, {}, false)},
                          {"t0", named("int64", "t0", micro_time)},
                          {"t1", named("int64", "t1", micro_time)},
                          {"t2", named("int64", "t2", micro_time)},
                          {"t3", named("int64", "t3", micro_time)},
                          {"t4", named("int64", "t4", micro_time)},
                          {"t5", named("int64", "t5", micro_time)},
                          {"t6", named("int64", "t6", micro_time)},
                          {"y", named("int32", "y", "io.debezium.time.Year")},
                          {"dt0", named("int64", "dt0", ts)},
                          {"dt3", named("int64", "dt3", ts)},
                          {"dt4", named("int64", "dt4", micro_ts)},
                          {"dt6", named("int64", "dt6", micro_ts)},
                          {"dtnn", named("int64", "dtnn", ts, {}, false)},
                          {"ts0", named("string", "ts0", zoned)},
                          {"ts3", named("string", "ts3", zoned)},
                          {"ts6", named("string", "ts6", zoned)},
                          {"tsnn", named("string", "tsnn", zoned, {}, false)}});
  // 2018-01-13 = day 17544; 12:34:56 = 45296 s; 100:00:00 = 360000 s;
  // 2018-06-20 06:37:03 UTC = 1529476623 s (the documentation's example).
  expect_row(after(msgs[0]),
             {{"id", I(1)},
              {"d", I(17544)},
              {"dnn", I(17544)},
              {"t0", I(45296000000)},
              {"t1", I(45296700000)},
              {"t2", I(45296780000)},
              {"t3", I(-45296789000)},
              {"t4", I(360000000100)},
              {"t5", I(-10)},
              {"t6", I(86399999999)},
              {"y", I(2024)},
              {"dt0", I(1529476623000)},
              {"dt3", I(1529476623123)},
              {"dt4", I(1529476623123400)},
              {"dt6", I(1529476623123456)},
              {"dtnn", I(1529476623000)},
              {"ts0", Str("2018-06-20T06:37:03Z")},
              {"ts3", Str("2018-06-20T06:37:03.120Z")},
              {"ts6", Str("2018-06-20T06:37:03.000000Z")},
              {"tsnn", Str("2018-06-20T06:37:03Z")}},
             "temporals row 1");
  // 1000-01-01 = day -354285; 9999-12-31 = day 2932896; 838:59:59 = 3020399 s;
  // 01:01:01 = 3661 s; 00:20:38 = 1238 s; 2038-01-19 03:14:07 UTC = 2147483647 s.
  expect_row(after(msgs[1]),
             {{"id", I(2)},
              {"d", I(-354285)},
              {"dnn", I(2932896)},
              {"t0", I(-3020399000000)},
              {"t1", I(-500000)},
              {"t2", I(-1010000)},
              {"t3", I(1000)},
              {"t4", I(-3661000100)},
              {"t5", I(-1238123450)},
              {"t6", I(-3020398999999)},
              {"y", I(1901)},
              {"dt0", I((2932896LL * 86400 + 86399) * 1000)},
              {"dt3", I(-1)},
              {"dt4", I(-354285LL * 86400 * 1000000 + 100)},
              {"dt6", I(1)},
              {"dtnn", I(0)},
              {"ts0", Str("2038-01-19T03:14:07Z")},
              {"ts3", Str("1970-01-01T00:00:01.001Z")},
              {"ts6", Str("1970-01-01T00:00:01.000001Z")},
              {"tsnn", Str("1970-01-01T00:00:01Z")}},
             "temporals row 2");
  // Zero dates (and the zero-month DATETIME '2018-00-15'): null when nullable, else the epoch.
  expect_row(after(msgs[2]),
             {{"id", I(3)},     {"d", Null()},    {"dnn", I(0)},     {"t0", I(0)},      {"t1", Null()},
              {"t2", Null()},   {"t3", Null()},   {"t4", Null()},    {"t5", Null()},    {"t6", Null()},
              {"y", Null()},    {"dt0", Null()},  {"dt3", Null()},   {"dt4", Null()},   {"dt6", Null()},
              {"dtnn", I(0)},   {"ts0", Null()},  {"ts3", Null()},   {"ts6", Null()},
              {"tsnn", Str("1970-01-01T00:00:00Z")}},
             "temporals row 3");
  // Written in time zone +07:00: TIMESTAMP values are instants (06:37:03+07:00 = 23:37:03Z the
  // day before), DATETIME values are not converted. The zero-month DATE is null.
  expect_row(after(msgs[3]),
             {{"id", I(4)},
              {"d", Null()},
              {"dnn", I(17702)},  // 2018-06-20
              {"t0", Null()},
              {"t1", Null()},
              {"t2", Null()},
              {"t3", Null()},
              {"t4", Null()},
              {"t5", Null()},
              {"t6", Null()},
              {"y", I(2155)},
              {"dt0", I(1529476623000)},
              {"dt3", Null()},
              {"dt4", Null()},
              {"dt6", Null()},
              {"dtnn", I(1529476623000)},
              {"ts0", Str("2018-06-19T23:37:03Z")},
              {"ts3", Null()},
              {"ts6", Str("2018-06-19T23:37:03.500000Z")},
              {"tsnn", Str("2018-06-19T23:37:03Z")}},
             "temporals row 4");
}

// ---- character sets ----------------------------------------------------------------------

// CHAR, VARCHAR and TEXT of every character set become STRING holding the text decoded from the
// column's charset; CHAR values lose their trailing blanks (the server strips them, as it does
// on SELECT), VARCHAR/TEXT keep them. CHARACTER SET binary columns are BINARY/VARBINARY/BLOB:
// BYTES, BINARY(10) right-padded with 0x00 to its length (DBZ-254).
TEST_P(TypeMatrix, CharacterSets) {
  auto msgs = read("strings", 3);
  ASSERT_EQ(msgs.size(), 3u);
  Fields fields = {{"id", plain("int32", "id", false)}};
  Row r1 = {{"id", I(1)}}, r2 = {{"id", I(2)}}, r3 = {{"id", I(3)}};
  for (const auto& c : charset_cases()) {
    for (const char* p : {"c_", "v_", "t_"}) fields.emplace_back(p + c.charset, plain("string", p + c.charset));
    r1.emplace_back("c_" + c.charset, Str(c.text));
    r1.emplace_back("v_" + c.charset, Str(c.text + " "));
    r1.emplace_back("t_" + c.charset, Str(c.text + " "));
    r2.emplace_back("c_" + c.charset, Str(" x"));
    r2.emplace_back("v_" + c.charset, Str(""));
    r2.emplace_back("t_" + c.charset, Str(""));
    for (const char* p : {"c_", "v_", "t_"}) r3.emplace_back(p + c.charset, Null());
  }
  for (const char* p : {"c_", "v_", "t_"}) fields.emplace_back(std::string(p) + "bin", plain("bytes", std::string(p) + "bin"));
  const std::string hello = "h\xC3\xA9llo";  // 6 bytes
  r1.emplace_back("c_bin", Str(base64(hello + "  " + std::string(2, '\0'))));
  r1.emplace_back("v_bin", Str(base64(hello + " ")));
  r1.emplace_back("t_bin", Str(base64(hello + " ")));
  r2.emplace_back("c_bin", Str(base64(" x" + std::string(8, '\0'))));
  r2.emplace_back("v_bin", Str(""));
  r2.emplace_back("t_bin", Str(""));
  for (const char* p : {"c_", "v_", "t_"}) r3.emplace_back(std::string(p) + "bin", Null());
  expect_fields(msgs[0], fields);
  expect_row(after(msgs[0]), r1, "strings row 1");
  expect_row(after(msgs[1]), r2, "strings row 2");
  expect_row(after(msgs[2]), r3, "strings row 3");
}

// ---- binary strings ----------------------------------------------------------------------

// BINARY/VARBINARY/*BLOB: BYTES (base64 in JSON) with binary.handling.mode=bytes, STRING with
// base64 or hex (lower-case, Debezium's HexConverter). BINARY(4) is right-padded with 0x00
// (the binlog carries it without its trailing zero bytes).
TEST_P(TypeMatrix, BinaryStringsInEveryHandlingMode) {
  const std::vector<std::vector<std::string>> values = {
      {unhex("01020000"), unhex("00FF00"), unhex("CAFE"), "", unhex("DEADBEEF"), unhex("000102")},
      {unhex("01020304"), "", std::string(1, '\0'), unhex("FF"), std::string(1, '\0'), std::string(300, '\xAB')},
  };
  const std::vector<std::string> columns = {"bn", "vb", "tb", "bl", "mb", "lb"};
  for (const std::string c : {"A", "B", "C"}) {
    SCOPED_TRACE("connector " + c);
    auto msgs = read("binaries", 3, c);
    ASSERT_EQ(msgs.size(), 3u);
    Fields fields = {{"id", plain("int32", "id", false)}};
    for (const auto& col : columns) fields.emplace_back(col, plain(c == "A" ? "bytes" : "string", col));
    expect_fields(msgs[0], fields);
    for (size_t r = 0; r < 2; ++r) {
      Row row = {{"id", I(static_cast<int64_t>(r + 1))}};
      for (size_t i = 0; i < columns.size(); ++i) {
        row.emplace_back(columns[i], Str(c == "C" ? hex(values[r][i]) : base64(values[r][i])));
      }
      expect_row(after(msgs[r]), row, "binaries row " + std::to_string(r + 1));
    }
    // An empty BINARY(4) is four zero bytes.
    expect_row(after(msgs[2]),
               {{"id", I(3)}, {"bn", Str(c == "C" ? "00000000" : "AAAAAA==")}, {"vb", Null()}, {"tb", Null()},
                {"bl", Null()}, {"mb", Null()}, {"lb", Null()}},
               "binaries row 3");
  }
}

// ---- BIT ---------------------------------------------------------------------------------

// BIT(1): BOOLEAN. BIT(n > 1): io.debezium.data.Bits{length: n}, the bits as little-endian bytes,
// ceil(n / 8) of them: b'10110' = 0x16; b'1' 62 zeros b'1' = 0x8000000000000001 ->
// 01 00 00 00 00 00 00 80; 23989979 = 0x016E0EDB -> DB 0E 6E 01 00 00 00 00.
TEST_P(TypeMatrix, BitFields) {
  auto msgs = read("bits", 3);
  ASSERT_EQ(msgs.size(), 3u);
  expect_fields(msgs[0], {{"id", plain("int32", "id", false)},
                          {"b1", plain("boolean", "b1")},
                          {"b5", named("bytes", "b5", "io.debezium.data.Bits", {{"length", "5"}})},
                          {"b64", named("bytes", "b64", "io.debezium.data.Bits", {{"length", "64"}})}});
  expect_row(after(msgs[0]),
             {{"id", I(1)}, {"b1", J("true")}, {"b5", Str(base64(unhex("16")))},
              {"b64", Str(base64(unhex("0100000000000080")))}},
             "bits row 1");
  expect_row(after(msgs[1]),
             {{"id", I(2)}, {"b1", J("false")}, {"b5", Str(base64(unhex("00")))},
              {"b64", Str(base64(unhex("DB0E6E0100000000")))}},
             "bits row 2");
  expect_row(after(msgs[2]),
             {{"id", I(3)}, {"b1", Null()}, {"b5", Null()}, {"b64", Str(base64(unhex("FFFFFFFFFFFFFFFF")))}},
             "bits row 3");
}

// ---- ENUM and SET ------------------------------------------------------------------------

// io.debezium.data.Enum / EnumSet, STRING; the `allowed` parameter lists the values separated by
// commas, a comma inside a value escaped with a backslash (BinlogEnumColumnIT expects
// `a\,b,c\,'d,g\,'h` for 'a,b', 'c,\'d', 'g,''h'). A SET value lists its members in definition
// order; the empty set is ""; ENUM's error value (index 0) is "".
TEST_P(TypeMatrix, EnumsAndSets) {
  auto msgs = read("enums", 5);
  ASSERT_EQ(msgs.size(), 5u);
  expect_fields(msgs[0],
                {{"id", plain("int32", "id", false)},
                 {"e", named("string", "e", "io.debezium.data.Enum", {{"allowed", "plain,with\\,comma,it's,q\"uote"}})},
                 {"s", named("string", "s", "io.debezium.data.EnumSet", {{"allowed", "a,b,it's,q\"x"}})},
                 {"enn", named("string", "enn", "io.debezium.data.Enum", {{"allowed", "x,y"}}, false)}});
  expect_row(after(msgs[0]), {{"id", I(1)}, {"e", Str("with,comma")}, {"s", Str("a,b")}, {"enn", Str("y")}},
             "enums row 1");
  expect_row(after(msgs[1]), {{"id", I(2)}, {"e", Str("it's")}, {"s", Str("")}, {"enn", Str("x")}}, "enums row 2");
  expect_row(after(msgs[2]), {{"id", I(3)}, {"e", Str("q\"uote")}, {"s", Str("a,b,it's,q\"x")}, {"enn", Str("x")}},
             "enums row 3");
  expect_row(after(msgs[3]), {{"id", I(4)}, {"e", Null()}, {"s", Null()}, {"enn", Str("x")}}, "enums row 4");
  expect_row(after(msgs[4]), {{"id", I(5)}, {"e", Str("")}, {"s", Str("a")}, {"enn", Str("y")}}, "enums row 5");
}

// ---- spatial types -----------------------------------------------------------------------

// POINT: io.debezium.data.geometry.Point {x, y, wkb, srid}; GEOMETRY, LINESTRING, ...:
// io.debezium.data.geometry.Geometry {wkb, srid} (BinlogValueConverters). The server stores a
// 4-byte little-endian SRID before the WKB; Debezium's srid is null for SRID 0 (BinlogGeometry).
// WKB of POINT(1 2): 01 01000000 000000000000F03F 0000000000000040. MySQL 8 stores a geographic
// SRS (4326) longitude first whatever the axis order of the WKT ('POINT(1 2)' is latitude 1,
// longitude 2), so its WKB has x = 2, y = 1; MariaDB keeps x = 1, y = 2.
TEST_P(TypeMatrix, SpatialTypes) {
  auto msgs = read("geoms", 2);
  ASSERT_EQ(msgs.size(), 2u);
  const std::string point_schema =
      "{\"type\":\"struct\",\"fields\":[{\"type\":\"double\",\"optional\":false,\"field\":\"x\"},"
      "{\"type\":\"double\",\"optional\":false,\"field\":\"y\"},{\"type\":\"bytes\",\"optional\":true,\"field\":\"wkb\"},"
      "{\"type\":\"int32\",\"optional\":true,\"field\":\"srid\"}],\"optional\":true,"
      "\"name\":\"io.debezium.data.geometry.Point\",\"version\":1,\"doc\":\"Geometry (POINT)\",\"field\":\"pt\"}";
  auto geometry_schema = [](const std::string& field) {
    return "{\"type\":\"struct\",\"fields\":[{\"type\":\"bytes\",\"optional\":false,\"field\":\"wkb\"},"
           "{\"type\":\"int32\",\"optional\":true,\"field\":\"srid\"}],\"optional\":true,"
           "\"name\":\"io.debezium.data.geometry.Geometry\",\"version\":1,\"doc\":\"Geometry\",\"field\":" +
           quote(field) + "}";
  };
  expect_fields(msgs[0], {{"id", plain("int32", "id", false)},
                          {"pt", point_schema},
                          {"g", geometry_schema("g")},
                          {"ls", geometry_schema("ls")}});
  const std::string point12 = base64(unhex("0101000000000000000000F03F0000000000000040"));
  const std::string point21 = base64(unhex("01010000000000000000000040000000000000F03F"));
  const std::string line = base64(unhex("010200000002000000" "00000000000000000000000000000000"
                                        "000000000000F03F000000000000F03F"));
  // POINT(-0.5 100.25): x = -0.5 (0xBFE0000000000000), y = 100.25 (0x4059100000000000).
  const std::string point_b = base64(unhex("0101000000000000000000E0BF0000000000105940"));
  expect_row(after(msgs[0]),
             {{"id", I(1)},
              {"pt", J("{\"x\":1.0,\"y\":2.0,\"wkb\":" + quote(point12) + ",\"srid\":null}")},
              {"g", J("{\"wkb\":" + quote(s_->mysql8 ? point21 : point12) + ",\"srid\":4326}")},
              {"ls", J("{\"wkb\":" + quote(line) + ",\"srid\":3857}")}},
             "geoms row 1");
  expect_row(after(msgs[1]),
             {{"id", I(2)},
              {"pt", J("{\"x\":-0.5,\"y\":100.25,\"wkb\":" + quote(point_b) + ",\"srid\":3857}")},
              {"g", J("{\"wkb\":" + quote(line) + ",\"srid\":null}")},
              {"ls", Null()}},
             "geoms row 2");
}

// ---- JSON --------------------------------------------------------------------------------

// MySQL's JSON is binary in the binlog and becomes io.debezium.data.Json text as Debezium prints
// it (JsonBinary.parseAsString): no blanks, object keys in MySQL's storage order (shorter first,
// then bytewise), doubles as Java's Double.toString (-3e2 -> -300.0), integers as such, UTF-8
// kept. MariaDB's JSON is LONGTEXT (SHOW CREATE TABLE says so): a plain STRING, the text as
// written.
TEST_P(TypeMatrix, JsonDocuments) {
  auto msgs = read("json_docs", json_literals().size());
  ASSERT_EQ(msgs.size(), json_literals().size());
  std::vector<std::string> texts;
  if (s_->mysql8) {
    expect_fields(msgs[0], {{"id", plain("int32", "id", false)}, {"j", named("string", "j", "io.debezium.data.Json")}});
    texts = {R"({"a":{"q":"say \"hi\"","x":"é😀"},"b":[1,2.5,-300.0,true,false,null],"n":18446744073709551615})",
             "[]", R"("scalar")", "null", "3.14", "", R"({"b":{},"z":1,"aa":2})"};
  } else {
    expect_fields(msgs[0], {{"id", plain("int32", "id", false)}, {"j", plain("string", "j")}});
    texts = {R"({"b": [1, 2.5, -3e2, true, false, null], "a": {"x": "é😀", "q": "say \"hi\""}, "n": 18446744073709551615})",
             "[]", R"("scalar")", "null", "3.14", "", R"({"z": 1, "aa": 2, "b": {}})"};
  }
  for (size_t i = 0; i < msgs.size(); ++i) {
    const bool sql_null = json_literals()[i] == "NULL";
    expect_row(after(msgs[i]), {{"id", I(static_cast<int64_t>(i + 1))}, {"j", sql_null ? Null() : Str(texts[i])}},
               "json_docs row " + std::to_string(i + 1));
  }
}

// ---- generated and invisible columns -----------------------------------------------------

// Debezium's table model has every column SHOW CREATE TABLE lists: VIRTUAL and STORED generated
// columns and INVISIBLE columns are fields of the events, in table order, with the values the
// server computed (the binlog's full row image carries them).
TEST_P(TypeMatrix, GeneratedAndInvisibleColumns) {
  auto msgs = read("gen_cols", 2);
  ASSERT_EQ(msgs.size(), 2u);
  expect_fields(msgs[0], {{"id", plain("int32", "id", false)},
                          {"a", plain("int32", "a")},
                          {"b", plain("int32", "b")},
                          {"v", plain("int32", "v")},
                          {"s", plain("int32", "s")},
                          {"inv", plain("int32", "inv")},
                          {"vs", plain("string", "vs")}});
  const Row before = {{"id", I(1)}, {"a", I(2)}, {"b", I(3)}, {"v", I(5)}, {"s", I(6)}, {"inv", I(4)}, {"vs", Str("x2")}};
  const Row updated = {{"id", I(1)}, {"a", I(10)}, {"b", I(3)}, {"v", I(13)}, {"s", I(30)}, {"inv", I(4)},
                       {"vs", Str("x10")}};
  expect_row(after(msgs[0]), before, "gen_cols insert");
  ASSERT_TRUE(msgs[1].IsObject() && msgs[1].HasMember("payload"));
  expect_row(msgs[1]["payload"]["before"], before, "gen_cols update before");
  expect_row(after(msgs[1]), updated, "gen_cols update after");
}

// ---- known deviations (disabled until fixed) ---------------------------------------------

// What Debezium does and we do not, because the TABLE_MAP our schemas are built from does not
// carry it: FLOAT(M,D) is FLOAT64 in Debezium (its DDL model has a scale; the binlog says only
// "4-byte FLOAT"), with the float value widened ((double) 5.61f); column DEFAULTs become the
// schema's "default". Both need the catalog's column definitions in TableSchema.
TEST_P(TypeMatrix, DISABLED_KnownDeviationsFromTheDdlModel) {
  auto floats = read("floats_md", 1);
  ASSERT_EQ(floats.size(), 1u);
  expect_fields(floats[0],
                {{"id", plain("int32", "id", false)}, {"f2", plain("double", "f2")}, {"f3", plain("double", "f3")}});
  expect_row(after(floats[0]),
             {{"id", I(1)}, {"f2", F64(static_cast<double>(5.61f))}, {"f3", F64(static_cast<double>(30.12346f))}},
             "floats_md row 1");
  auto defaults = read("defaults", 1);
  ASSERT_EQ(defaults.size(), 1u);
  expect_fields(defaults[0], {{"id", plain("int32", "id", false)},
                              {"c", "{\"type\":\"int32\",\"optional\":true,\"default\":5,\"field\":\"c\"}"},
                              {"v", "{\"type\":\"string\",\"optional\":false,\"default\":\"x\",\"field\":\"v\"}"}});
}

INSTANTIATE_TEST_SUITE_P(Servers, TypeMatrix, ::testing::Values(std::string("MARIADB"), std::string("MYSQL8")),
                         flavor_label);

}  // namespace
}  // namespace it
