// The worker's own configuration (worker.properties of connect-standalone).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/result.h"
#include "connect_runtime/connector.h"
#include "connect_runtime/converter.h"

namespace connect_runtime {

struct WorkerConfig {
  std::string bootstrap_servers;                       // bootstrap.servers (required)
  std::string offset_storage_file;                     // offset.storage.file.filename (required)
  std::chrono::milliseconds offset_flush_interval{60000};  // offset.flush.interval.ms
  std::chrono::milliseconds offset_flush_timeout{5000};    // offset.flush.timeout.ms: producer
                                                           // flush at task stop
  ConverterConfig key_converter;                       // key.converter (+ .schemas.enable)
  ConverterConfig value_converter;                     // value.converter (+ .schemas.enable)
  std::string listener_host = "127.0.0.1";             // first of `listeners`
  uint16_t listener_port = 8083;                       // 0 = ephemeral (tests)
  std::optional<std::string> advertised_host;          // rest.advertised.host.name
  std::optional<uint16_t> advertised_port;             // rest.advertised.port
  // `producer.*` keys with the prefix stripped, only those librdkafka knows; unknown ones are
  // logged (WARN) and skipped at parse time.
  ConfigMap producer_config;
  ConfigMap originals;  // every key as given

  // Errors name the key: `Missing required configuration "bootstrap.servers" which has no
  // default value.`, `Invalid value abc for configuration offset.flush.interval.ms: Not a number
  // of type LONG`, ... `require_offset_file` is true in standalone mode.
  static cdc::Result<WorkerConfig> from_properties(const ConfigMap& props,
                                                   bool require_offset_file = true);

  // Kafka Connect's worker_id: advertised host/port when set, else the listener's, with `port`
  // being the port actually bound (relevant when the listener asked for port 0).
  std::string worker_id(uint16_t bound_port) const;
};

// Helpers shared by worker and connector config parsing (ConfigDef-style messages).
cdc::Result<bool> parse_bool_config(const std::string& key, const std::string& value);
cdc::Result<int64_t> parse_long_config(const std::string& key, const std::string& value);
cdc::Result<int32_t> parse_int_config(const std::string& key, const std::string& value);

}  // namespace connect_runtime
