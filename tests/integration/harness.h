// Shared pieces of the integration tests: the real servers started by mysql-fixtures/ (found
// through CDC_TEST_* environment variables), the real `cdc` binary as a child process, a tiny
// HTTP client for its REST API, and a Kafka reader.
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "binlog/sql_connection.h"

namespace it {

struct Servers {
  std::string mariadb_host = "127.0.0.1";
  uint16_t mariadb_port = 33306;
  std::string cdc_user = "cdc", cdc_password = "cdc";
  std::string admin_user = "cdcadmin", admin_password = "cdcadmin";
  std::string kafka_bootstrap = "127.0.0.1:19092";
};

// The servers, or nullopt with `why` set when they are not reachable (the test then skips).
std::optional<Servers> servers(std::string& why);

// One database server as the tests see it: its `mariadb_*` fields name whichever server it is
// (MariaDB or MySQL 8, any variant), with the Kafka of CDC_TEST_KAFKA_BOOTSTRAP; `name` is
// for messages ("MariaDB (COMPRESSED)", "MySQL 8").
struct Server {
  Servers s;
  std::string name;
};

// The server of `flavor` ("MARIADB" or "MYSQL8") and `variant` ("" = default, e.g.
// "METADATA_MINIMAL", "COMPRESSED"), found through CDC_TEST_<FLAVOR>[_<VARIANT>]_* as
// scripts/test.sh exports them; nullopt with `why` when not configured (the test then skips;
// CDC_TEST_<FLAVOR>[_<VARIANT>]_UNAVAILABLE, when set, is the reason given). A server that is
// configured but does not answer is a failure, not a skip (test.sh exports the variables only
// after the server answered): it is also recorded as a fatal failure of the running test, so a
// test (or a fixture's SetUp) that then skips still fails, and a fixture's test body does not
// run.
std::optional<Server> server_variant(const std::string& flavor, const std::string& variant, std::string& why);

// A unique name for this test run (topics persist in Kafka between runs).
std::string unique_name(const std::string& stem);

// An admin SQL session; failures abort the test.
class Sql {
 public:
  explicit Sql(const Servers& s);
  void exec(const std::string& sql);
  std::vector<binlog::SqlRow> query(const std::string& sql);

 private:
  binlog::SqlConnection conn_;
};

struct HttpResponse {
  int status = 0;
  std::string body;
};
HttpResponse http(const std::string& method, uint16_t port, const std::string& path, const std::string& body = "");

// A free TCP port on loopback.
uint16_t free_port();
// Whether something accepts TCP connections on host:port; on the first host:port of a
// bootstrap list.
bool port_open(const std::string& host, uint16_t port);
bool kafka_listening(const std::string& bootstrap);
// The body of POST /connectors: {"name":…,"config":{…}}.
std::string connector_json(const std::string& name, const std::map<std::string, std::string>& config);

// A Debezium MySQL connector for `s`: class, server, credentials, `server_id`, `prefix`,
// `database` as the include list and the schema history in the Kafka topic `<prefix>.history`.
std::map<std::string, std::string> connector_config(const Servers& s, const std::string& prefix,
                                                    const std::string& database, uint32_t server_id);
// Writes a connector as a .properties file (`name=` first), as connect-standalone takes it on
// its command line; returns the path.
std::string write_connector_properties(const std::filesystem::path& file, const std::string& name,
                                       const std::map<std::string, std::string>& config);
// Worker settings of the tests: Kafka, the offsets file `dir/offsets.json` flushed every
// `flush_ms`, JSON converters with or without schemas.
std::map<std::string, std::string> worker_config(const Servers& s, const std::filesystem::path& dir,
                                                 bool schemas = false, int flush_ms = 200);

// The `cdc standalone` process.
class CdcProcess {
 public:
  CdcProcess(std::string dir, uint16_t rest_port, std::map<std::string, std::string> worker,
             std::vector<std::string> connector_files = {});
  ~CdcProcess();
  void start();
  bool wait_ready(std::chrono::seconds timeout);
  // SIGTERM and wait for a clean exit; returns the exit status.
  int stop();
  bool running() const { return pid_ > 0; }
  std::string log() const;
  uint16_t port() const { return port_; }

 private:
  std::string dir_;
  uint16_t port_;
  std::map<std::string, std::string> worker_;
  std::vector<std::string> connector_files_;
  int pid_ = -1;
  int runs_ = 0;
};

struct KafkaMessage {
  std::optional<std::string> key;
  std::optional<std::string> value;  // nullopt for a tombstone
};

// Reads `topic` from the beginning until `count` messages arrived or `timeout` passed, then
// keeps reading for `linger` to catch anything unexpected after them.
std::vector<KafkaMessage> consume(const std::string& bootstrap, const std::string& topic, size_t count,
                                  std::chrono::seconds timeout,
                                  std::chrono::milliseconds linger = std::chrono::milliseconds(0));

// Counts messages of `topic` from the beginning until `count` arrived or `timeout` passed,
// without keeping them (for benchmarks).
size_t count_messages(const std::string& bootstrap, const std::string& topic, size_t count,
                      std::chrono::seconds timeout);

// Polls GET /connectors/{name}/status until the task reaches `state` (or FAILED).
std::string wait_task_state(uint16_t port, const std::string& connector, const std::string& state,
                            std::chrono::seconds timeout, std::string* trace = nullptr);

// What most end-to-end fixtures hold, under the member names their tests use: a server, a
// database and topic prefix of their own, a scratch dir, an admin session and the cdc process.
// A fixture derives from it (beside ::testing::Test) and calls open()/close() from SetUp and
// TearDown.
class CdcSessionFixture {
 protected:
  // "" when ready (database `<stem>_db…` created, time zone UTC); else why the test must skip.
  std::string open(const Server& server, const std::string& stem);
  // Prints the cdc log when the test failed, stops cdc, drops the database.
  void close();
  // Starts `cdc standalone` with worker_config() (schemas off, offsets flushed every 500 ms).
  void start_cdc();
  // POSTs connector_config() for the fixture's database (snapshot.mode=no_data) and waits
  // until its task is RUNNING.
  void register_connector(const std::string& name);
  // An event value without the fields that differ between runs (timestamps, positions...).
  static std::string stable_value(const std::string& json);

  Server server_;
  std::string db_, prefix_;
  std::filesystem::path dir_;
  std::unique_ptr<Sql> sql_;
  std::unique_ptr<CdcProcess> cdc_;
  uint16_t port_ = 0;
};

// Parses JSON, failing the test on error.
rapidjson::Document parse(const std::string& text);
// Removes a member path like "source.ts_ms" from an object, if present.
void erase(rapidjson::Value& v, const std::string& path);
std::string to_string(const rapidjson::Value& v);

}  // namespace it
