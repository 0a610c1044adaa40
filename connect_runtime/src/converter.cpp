#include "connect_runtime/converter.h"

#include <rapidjson/document.h>
#include <rapidjson/memorystream.h>

#include <fmt/format.h>

#include "connect_runtime/errors.h"
#include "connect_runtime/worker_config.h"

namespace connect_runtime {

cdc::Result<bool> JsonConverter::convert(const RecordData& data, std::string& out) const {
  out.clear();
  const bool has_schema = data.schema_json != nullptr && !data.schema_json->empty();
  if (data.is_null && !has_schema) return false;  // Connect: schema == null && value == null
  if (!schemas_enable_) {
    if (data.is_null) {
      out.assign("null");  // a NullNode for an optional schema
    } else {
      out.assign(data.payload_json);
    }
    return true;
  }
  const std::string_view schema = has_schema ? std::string_view(*data.schema_json) : "null";
  const std::string_view payload = data.is_null ? std::string_view("null") : data.payload_json;
  out.reserve(22 + schema.size() + payload.size());
  out.append(R"({"schema":)");
  out.append(schema);
  out.append(R"(,"payload":)");
  out.append(payload);
  out.push_back('}');
  return true;
}

cdc::Result<bool> StringConverter::convert(const RecordData& data, std::string& out) const {
  out.clear();
  if (data.is_null) return false;
  const std::string& p = data.payload_json;
  size_t first = p.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || p[first] != '"') {
    out.assign(p);
    return true;
  }
  rapidjson::Document doc;
  rapidjson::MemoryStream ms(p.data(), p.size());
  doc.ParseStream(ms);
  if (doc.HasParseError() || !doc.IsString()) {
    return make_error(ConnectErrc::task_failed,
                      fmt::format("StringConverter: payload is not a valid JSON string: {}",
                                  p.substr(0, 200)));
  }
  out.assign(doc.GetString(), doc.GetStringLength());
  return true;
}

cdc::Result<ConverterConfig> ConverterConfig::parse(const ConfigMap& config, const std::string& prefix) {
  ConverterConfig cc;
  if (auto it = config.find(prefix); it != config.end()) {
    std::string cls = it->second;
    // ConfigDef trims CLASS values.
    auto b = cls.find_first_not_of(" \t\r\n");
    auto e = cls.find_last_not_of(" \t\r\n");
    cls = b == std::string::npos ? "" : cls.substr(b, e - b + 1);
    if (cls == kJsonConverterClass || cls == "JsonConverter") {
      cc.kind = ConverterKind::json;
      cc.class_name = std::string(kJsonConverterClass);
    } else if (cls == kStringConverterClass || cls == "StringConverter") {
      cc.kind = ConverterKind::string;
      cc.class_name = std::string(kStringConverterClass);
    } else {
      return make_error(ConnectErrc::invalid_config,
                        fmt::format("Invalid value {} for configuration {}: Class {} could not be "
                                    "found. Supported converters: {}, {}",
                                    it->second, prefix, cls, kJsonConverterClass,
                                    kStringConverterClass));
    }
  }
  const std::string schemas_key = prefix + ".schemas.enable";
  if (auto it = config.find(schemas_key); it != config.end()) {
    auto b = parse_bool_config(schemas_key, it->second);
    if (!b.ok()) return b.error();
    cc.schemas_enable = *b;
  }
  return cc;
}

std::unique_ptr<Converter> ConverterConfig::create() const {
  if (kind == ConverterKind::string) return std::make_unique<StringConverter>();
  return std::make_unique<JsonConverter>(schemas_enable);
}

}  // namespace connect_runtime
