#include <gtest/gtest.h>

#include "connect_runtime/worker_config.h"

using connect_runtime::ConfigMap;
using connect_runtime::ConverterKind;
using connect_runtime::WorkerConfig;

namespace {

ConfigMap base() {
  return {{"bootstrap.servers", "127.0.0.1:19092"}, {"offset.storage.file.filename", "/tmp/offsets.json"}};
}

std::string error_of(const ConfigMap& m) {
  auto r = WorkerConfig::from_properties(m);
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.error().message;
}

TEST(WorkerConfig, Defaults) {
  auto r = WorkerConfig::from_properties(base());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->bootstrap_servers, "127.0.0.1:19092");
  EXPECT_EQ(r->offset_storage_file, "/tmp/offsets.json");
  EXPECT_EQ(r->offset_flush_interval.count(), 60000);
  EXPECT_EQ(r->offset_flush_timeout.count(), 5000);
  EXPECT_EQ(r->key_converter.kind, ConverterKind::json);
  EXPECT_TRUE(r->key_converter.schemas_enable);
  EXPECT_EQ(r->value_converter.kind, ConverterKind::json);
  EXPECT_TRUE(r->value_converter.schemas_enable);
  EXPECT_EQ(r->listener_host, "127.0.0.1");
  EXPECT_EQ(r->listener_port, 8083);
  EXPECT_FALSE(r->advertised_host);
  EXPECT_EQ(r->worker_id(8083), "127.0.0.1:8083");
  EXPECT_TRUE(r->producer_config.empty());
}

TEST(WorkerConfig, AllSettings) {
  auto m = base();
  m["offset.flush.interval.ms"] = " 10000 ";
  m["key.converter"] = "org.apache.kafka.connect.storage.StringConverter";
  m["value.converter"] = "org.apache.kafka.connect.json.JsonConverter";
  m["key.converter.schemas.enable"] = "FALSE";
  m["value.converter.schemas.enable"] = "false";
  m["listeners"] = "http://0.0.0.0:18083, http://localhost:9999";
  m["rest.advertised.host.name"] = "connect-1";
  m["rest.advertised.port"] = "28083";
  m["producer.linger.ms"] = "20";
  m["producer.compression.type"] = "lz4";
  m["producer.buffer.memory"] = "33554432";        // Java-only: skipped
  m["producer.key.serializer"] = "org.apache.X";  // Java-only: skipped
  auto r = WorkerConfig::from_properties(m);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->offset_flush_interval.count(), 10000);
  EXPECT_EQ(r->key_converter.kind, ConverterKind::string);
  EXPECT_FALSE(r->key_converter.schemas_enable);
  EXPECT_FALSE(r->value_converter.schemas_enable);
  EXPECT_EQ(r->listener_host, "0.0.0.0");
  EXPECT_EQ(r->listener_port, 18083);
  EXPECT_EQ(r->worker_id(18083), "connect-1:28083");
  EXPECT_EQ(r->producer_config.size(), 2u);
  EXPECT_EQ(r->producer_config.at("linger.ms"), "20");
  EXPECT_EQ(r->producer_config.at("compression.type"), "lz4");
}

TEST(WorkerConfig, ListenerForms) {
  auto m = base();
  m["listeners"] = "http://:8084";
  auto r = WorkerConfig::from_properties(m);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->listener_host, "0.0.0.0");
  EXPECT_EQ(r->listener_port, 8084);
  m["listeners"] = "http://[::1]:0";
  r = WorkerConfig::from_properties(m);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->listener_host, "::1");
  EXPECT_EQ(r->listener_port, 0);
  EXPECT_EQ(r->worker_id(4242), "[::1]:4242");
}

TEST(WorkerConfig, MissingRequiredKeys) {
  ConfigMap m = base();
  m.erase("bootstrap.servers");
  EXPECT_EQ(error_of(m), "Missing required configuration \"bootstrap.servers\" which has no default value.");
  m = base();
  m.erase("offset.storage.file.filename");
  EXPECT_NE(error_of(m).find("offset.storage.file.filename"), std::string::npos);
  EXPECT_TRUE(WorkerConfig::from_properties(m, /*require_offset_file=*/false).ok());
}

TEST(WorkerConfig, WrongValuesNameTheKey) {
  auto m = base();
  m["offset.flush.interval.ms"] = "soon";
  EXPECT_EQ(error_of(m), "Invalid value soon for configuration offset.flush.interval.ms: Not a number of type LONG");

  m = base();
  m["value.converter.schemas.enable"] = "yes";
  EXPECT_EQ(error_of(m),
            "Invalid value yes for configuration value.converter.schemas.enable: Expected value to be either true "
            "or false");

  m = base();
  m["listeners"] = "http://127.0.0.1:80a";
  EXPECT_NE(error_of(m).find("listeners"), std::string::npos);
  m["listeners"] = "http://127.0.0.1:70000";
  EXPECT_NE(error_of(m).find("listeners"), std::string::npos);
  m["listeners"] = "127.0.0.1:8083";
  EXPECT_NE(error_of(m).find("listeners"), std::string::npos);
  m["listeners"] = "https://127.0.0.1:8443";
  EXPECT_NE(error_of(m).find("HTTPS"), std::string::npos);

  m = base();
  m["rest.advertised.port"] = "eighty";
  EXPECT_NE(error_of(m).find("rest.advertised.port"), std::string::npos);

  m = base();
  m["key.converter"] = "io.confluent.connect.avro.AvroConverter";
  auto e = error_of(m);
  EXPECT_NE(e.find("key.converter"), std::string::npos);
  EXPECT_NE(e.find("AvroConverter"), std::string::npos);
  EXPECT_NE(e.find("org.apache.kafka.connect.json.JsonConverter"), std::string::npos);

  m = base();
  m["producer.acks"] = "several";  // librdkafka knows acks; the value is invalid
  e = error_of(m);
  EXPECT_NE(e.find("producer.acks"), std::string::npos) << e;
}

}  // namespace
