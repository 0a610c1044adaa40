// Converters turn a record side (RecordData: schema JSON + payload JSON text, rendered by the
// connector) into the Kafka key/value bytes that Kafka Connect's converters would write.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "connect_runtime/connector.h"

namespace connect_runtime {

inline constexpr std::string_view kJsonConverterClass = "org.apache.kafka.connect.json.JsonConverter";
inline constexpr std::string_view kStringConverterClass =
    "org.apache.kafka.connect.storage.StringConverter";

class Converter {
 public:
  virtual ~Converter() = default;
  // Writes the Kafka bytes for `data` into `out` (cleared first). Returns false when the result
  // is a Kafka null (no bytes at all), true otherwise. `out` keeps its capacity across calls.
  virtual cdc::Result<bool> convert(const RecordData& data, std::string& out) const = 0;
};

// org.apache.kafka.connect.json.JsonConverter#fromConnectData:
//  - no schema and a null payload             -> Kafka null (a real tombstone), either mode;
//  - schemas.enable=true                      -> {"schema":<schema or null>,"payload":<payload or null>};
//  - schemas.enable=false, payload present    -> the payload JSON;
//  - schemas.enable=false, null with a schema -> the 4 bytes `null` (Connect serialises a
//    NullNode for an optional schema; only schema==null && value==null gives a Kafka null).
class JsonConverter final : public Converter {
 public:
  explicit JsonConverter(bool schemas_enable) : schemas_enable_(schemas_enable) {}
  cdc::Result<bool> convert(const RecordData& data, std::string& out) const override;
  bool schemas_enable() const { return schemas_enable_; }

 private:
  bool schemas_enable_;
};

// org.apache.kafka.connect.storage.StringConverter, simplified: a null payload -> Kafka null; a
// JSON string payload -> its unquoted, unescaped text; any other payload -> its JSON text.
class StringConverter final : public Converter {
 public:
  cdc::Result<bool> convert(const RecordData& data, std::string& out) const override;
};

enum class ConverterKind { json, string };

// A converter as configured by `key.converter` / `value.converter` and `<prefix>.schemas.enable`.
struct ConverterConfig {
  ConverterKind kind = ConverterKind::json;
  std::string class_name{kJsonConverterClass};
  bool schemas_enable = true;

  // Reads `<prefix>` (class; default JsonConverter when absent) and `<prefix>.schemas.enable`
  // (default true) from `config`. `prefix` is "key.converter" or "value.converter". Accepts
  // the full class names and the simple names JsonConverter / StringConverter. Unknown class or
  // bad boolean -> error naming the key.
  static cdc::Result<ConverterConfig> parse(const ConfigMap& config, const std::string& prefix);

  std::unique_ptr<Converter> create() const;
};

}  // namespace connect_runtime
