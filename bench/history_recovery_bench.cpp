// Schema-history recovery, end to end on a real Kafka broker (a tool, not a test): fills a fresh
// history topic with N Debezium records (CREATE TABLE, then ALTERs of every kind), then times
// what a connector restart does with it: read the topic, parse every statement, apply it to
// the catalog. Prints records, seconds, records/s and peak RSS.
// Usage: cdc-bench-history [--records N] [--bootstrap host:port]
#include <librdkafka/rdkafkacpp.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "schema_tracker.h"

namespace {

using Clock = std::chrono::steady_clock;

// Statement k of a synthetic history over `tables` tables: each table is created with ten
// columns and a key, then altered in turn (add, modify, change, rename, drop, keys, options).
std::string statement(size_t k, size_t tables) {
  const size_t t = k % tables;
  const size_t round = k / tables;
  const std::string name = "t" + std::to_string(t);
  if (round == 0) {
    return "CREATE TABLE " + name +
           " (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, a INT, b VARCHAR(64) CHARACTER SET utf8mb4, "
           "c DECIMAL(12,2) DEFAULT '0.00', d DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3), e ENUM('x','y','z'), "
           "f TEXT, g JSON, h BIT(4), i DOUBLE, PRIMARY KEY (id), KEY idx_a (a)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
  }
  const std::string col = "r" + std::to_string(round);
  switch (round % 6) {
    case 1: return "ALTER TABLE " + name + " ADD COLUMN " + col + " VARCHAR(20) NOT NULL DEFAULT '' AFTER a";
    case 2: return "ALTER TABLE " + name + " MODIFY COLUMN r" + std::to_string(round - 1) + " VARCHAR(40) NULL";
    case 3: return "ALTER TABLE " + name + " CHANGE COLUMN r" + std::to_string(round - 2) + " " + col + " TEXT";
    case 4: return "ALTER TABLE " + name + " ADD INDEX idx_" + col + " (b, c), ALGORITHM=INPLACE, LOCK=NONE";
    case 5: return "ALTER TABLE " + name + " DROP COLUMN r" + std::to_string(round - 2) + ", COMMENT 'round " + std::to_string(round) + "'";
    default: return "ALTER TABLE " + name + " ADD COLUMN " + col + " INT UNSIGNED FIRST";
  }
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  size_t records = 100000;
  std::string bootstrap = std::getenv("CDC_TEST_KAFKA_BOOTSTRAP") ? std::getenv("CDC_TEST_KAFKA_BOOTSTRAP") : "127.0.0.1:19092";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--records") == 0) records = std::stoul(argv[i + 1]);
    if (std::strcmp(argv[i], "--bootstrap") == 0) bootstrap = argv[i + 1];
  }
  const std::string topic = "bench-history-" + std::to_string(::getpid()) + "-" +
                            std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000);

  cdc::ConnectorConfig config;
  config.name = "bench";
  config.topic_prefix = "bench";
  config.history.kind = schema_history::HistoryStoreConfig::Kind::kafka;
  config.history.kafka_topic = topic;
  config.history.kafka_bootstrap = bootstrap;
  config.history.client_id = "bench-schemahistory";
  cdc::TableFilter filter(config);

  // The topic, created by the store the way a connector creates it.
  {
    cdc::SchemaTracker tracker(config, filter);
    auto opened = tracker.open(schema_history::make_history_store(config.history), {});
    if (!opened) {
      std::fprintf(stderr, "cannot open the history topic: %s\n", opened.error().message.c_str());
      return 1;
    }
    tracker.close();
  }

  // Filling: a batch producer (appending through the store acknowledges each record alone).
  std::string err;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  conf->set("bootstrap.servers", bootstrap, err);
  conf->set("linger.ms", "20", err);
  std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf.get(), err));
  if (!producer) {
    std::fprintf(stderr, "producer: %s\n", err.c_str());
    return 1;
  }
  const size_t tables = std::max<size_t>(1, records / 20);
  const auto fill_start = Clock::now();
  size_t bytes = 0;
  for (size_t k = 0; k < records; ++k) {
    cdc::SourceOffset position;
    position.file = "binlog.000001";
    position.pos = 4 + k * 100;
    position.server_id = 1;
    schema_history::HistoryRecord r;
    r.source_json = "{\"server\":\"bench\"}";
    r.position_json = position.to_json();
    r.ts_ms = 1700000000000;
    r.database_name = "shop";
    r.ddl = statement(k, tables);
    r.table_changes_json = "[]";
    std::string json = schema_history::to_json(r);
    bytes += json.size();
    for (;;) {
      auto code = producer->produce(topic, 0, RdKafka::Producer::RK_MSG_COPY, json.data(), json.size(), nullptr, 0, 0,
                                    nullptr);
      if (code == RdKafka::ERR_NO_ERROR) break;
      if (code != RdKafka::ERR__QUEUE_FULL) {
        std::fprintf(stderr, "produce: %s\n", RdKafka::err2str(code).c_str());
        return 1;
      }
      producer->poll(10);
    }
    producer->poll(0);
  }
  producer->flush(60000);
  const double fill_s = std::chrono::duration<double>(Clock::now() - fill_start).count();

  // Recovery as a restart does it.
  cdc::SchemaTracker tracker(config, filter);
  auto opened = tracker.open(schema_history::make_history_store(config.history), {});
  if (!opened) {
    std::fprintf(stderr, "cannot open the history topic: %s\n", opened.error().message.c_str());
    return 1;
  }
  cdc::SourceOffset offset;
  offset.file = "binlog.000002";
  const long rss_before = peak_rss_kib();
  auto stats = tracker.recover(offset);
  if (!stats) {
    std::fprintf(stderr, "recovery failed: %s\n", stats.error().message.c_str());
    return 1;
  }
  const auto* last = tracker.find("shop", "t0");
  std::printf("history topic %s: %zu records, %.1f MB, filled in %.2f s\n", topic.c_str(), records, bytes / 1e6, fill_s);
  std::printf("recovery: %zu records read, %zu applied in %.3f s = %.0f records/s; %zu tables, t0 has %zu columns\n",
              stats->records, stats->applied, stats->seconds, stats->applied / stats->seconds, tables,
              last ? last->columns.size() : 0);
  std::printf("peak RSS %.1f MiB (%.1f MiB before recovery)\n", peak_rss_kib() / 1024.0, rss_before / 1024.0);
  tracker.close();
  return stats->applied == records ? 0 : 1;
}
