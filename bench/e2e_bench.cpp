// End-to-end throughput of the real service: rows inserted into MariaDB until their change
// events are readable in Kafka. Not a test: it prints figures.
//
//   cdc-bench-e2e [--rows N] [--batch B] [--mode multi|single|backlog]
//
//   multi    INSERTs of B rows per statement while the connector streams (live)
//   single   N single-row autocommit transactions while the connector streams (live)
//   backlog  N rows (multi-row statements) written first, then the connector drains them:
//            isolates the service's own speed from the database's insert speed
//
// Uses the servers from mysql-fixtures/ (CDC_TEST_* variables as the tests do).
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "harness.h"

namespace {

using Clock = std::chrono::steady_clock;

long peak_rss_kb(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

int find_cdc_pid(uint16_t port) {
  // The service is our only child; find it through /proc by its listener argument.
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    const std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(e.path() / "stat");
    std::string pid, comm, state;
    int ppid = 0;
    stat >> pid >> comm >> state >> ppid;
    if (ppid == ::getpid() && comm == "(cdc)") return std::stoi(pid);
  }
  (void)port;
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  long rows = 1000000;
  long batch = 1000;
  std::string mode = "multi";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rows" && i + 1 < argc) rows = std::stol(argv[++i]);
    else if (a == "--batch" && i + 1 < argc) batch = std::stol(argv[++i]);
    else if (a == "--mode" && i + 1 < argc) mode = argv[++i];
    else {
      std::fprintf(stderr, "usage: cdc-bench-e2e [--rows N] [--batch B] [--mode multi|single|backlog]\n");
      return 2;
    }
  }
  if (mode != "multi" && mode != "single" && mode != "backlog") {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
  }
  std::string why;
  auto servers = it::servers(why);
  if (!servers) {
    std::fprintf(stderr, "%s\n", why.c_str());
    return 1;
  }
  const std::string db = it::unique_name("bench");
  const std::string prefix = it::unique_name("bench");
  const auto dir = std::filesystem::temp_directory_path() / it::unique_name("cdc_bench");
  it::Sql sql(*servers);
  sql.exec("CREATE DATABASE " + db);
  sql.exec("CREATE TABLE " + db + ".events (id BIGINT PRIMARY KEY, account INT NOT NULL, "
           "note VARCHAR(64) NOT NULL, amount DECIMAL(12,2) NOT NULL, created DATETIME(3) NOT NULL)");

  auto insert_rows = [&](it::Sql& s, long from, long count) {
    std::string stmt = "INSERT INTO " + db + ".events VALUES ";
    for (long i = 0; i < count; ++i) {
      long id = from + i;
      if (i > 0) stmt += ',';
      stmt += "(" + std::to_string(id) + "," + std::to_string(id % 9973) + ",'note number " + std::to_string(id) +
              "'," + std::to_string(id % 100000) + ".25,'2024-05-01 12:00:00.123')";
    }
    s.exec(stmt);
  };
  auto write_all = [&](it::Sql& s) {
    if (mode == "single") {
      for (long i = 1; i <= rows; ++i) insert_rows(s, i, 1);
    } else {
      for (long i = 1; i <= rows; i += batch) insert_rows(s, i, std::min(batch, rows - i + 1));
    }
  };

  const uint16_t port = it::free_port();
  it::CdcProcess cdc(dir.string(), port,
                     {{"bootstrap.servers", servers->kafka_bootstrap},
                      {"offset.storage.file.filename", (dir / "offsets.json").string()},
                      {"key.converter", "org.apache.kafka.connect.json.JsonConverter"},
                      {"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
                      {"key.converter.schemas.enable", "false"},
                      {"value.converter.schemas.enable", "false"}});
  cdc.start();
  if (!cdc.wait_ready(std::chrono::seconds(30))) {
    std::fprintf(stderr, "cdc did not start:\n%s\n", cdc.log().c_str());
    return 1;
  }
  const std::string connector =
      "{\"name\":\"bench\",\"config\":{\"connector.class\":\"io.debezium.connector.mysql.MySqlConnector\","
      "\"database.hostname\":\"" + servers->mariadb_host + "\",\"database.port\":\"" +
      std::to_string(servers->mariadb_port) + "\",\"database.user\":\"" + servers->cdc_user +
      "\",\"database.password\":\"" + servers->cdc_password +
      "\",\"database.server.id\":\"7777\",\"topic.prefix\":\"" + prefix + "\",\"database.include.list\":\"" + db +
      "\",\"snapshot.mode\":\"no_data\",\"schema.history.internal.kafka.bootstrap.servers\":\"" +
      servers->kafka_bootstrap + "\",\"schema.history.internal.kafka.topic\":\"" + prefix + ".history\"}}";
  auto created = it::http("POST", port, "/connectors", connector);
  if (created.status != 201) {
    std::fprintf(stderr, "registering failed: %d %s\n", created.status, created.body.c_str());
    return 1;
  }
  if (it::wait_task_state(port, "bench", "RUNNING", std::chrono::seconds(30)) != "RUNNING") {
    std::fprintf(stderr, "connector did not start:\n%s\n", cdc.log().c_str());
    return 1;
  }

  Clock::time_point start, written;
  std::thread writer;
  if (mode == "backlog") {
    // Pause streaming, write the backlog, then resume and time the drain alone.
    it::http("PUT", port, "/connectors/bench/pause");
    std::this_thread::sleep_for(std::chrono::seconds(2));
    auto t0 = Clock::now();
    write_all(sql);
    written = Clock::now();
    std::printf("backlog written: %ld rows in %.2f s\n", rows, std::chrono::duration<double>(written - t0).count());
    start = Clock::now();
    it::http("PUT", port, "/connectors/bench/resume");
  } else {
    start = Clock::now();
    writer = std::thread([&] {
      it::Sql s(*servers);
      write_all(s);
      written = Clock::now();
    });
  }

  const std::string topic = prefix + "." + db + ".events";
  const size_t received = it::count_messages(servers->kafka_bootstrap, topic, static_cast<size_t>(rows),
                                             std::chrono::seconds(1800));
  const auto done = Clock::now();
  if (writer.joinable()) writer.join();
  const int pid = find_cdc_pid(port);
  const long rss = pid > 0 ? peak_rss_kb(pid) : -1;
  const double secs = std::chrono::duration<double>(done - start).count();
  std::printf("mode=%s rows=%ld batch=%ld received=%zu\n", mode.c_str(), rows, mode == "single" ? 1 : batch,
              received);
  std::printf("elapsed=%.2f s  throughput=%.0f events/s  cdc_peak_rss=%.1f MiB\n", secs,
              static_cast<double>(received) / secs, static_cast<double>(rss) / 1024.0);
  if (mode != "backlog" && written.time_since_epoch().count() != 0) {
    std::printf("database insert phase took %.2f s\n", std::chrono::duration<double>(written - start).count());
  }
  cdc.stop();
  sql.exec("DROP DATABASE " + db);
  return received == static_cast<size_t>(rows) ? 0 : 1;
}
