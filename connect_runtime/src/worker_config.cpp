#include "connect_runtime/worker_config.h"

#include <unistd.h>

#include <charconv>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "connect_runtime/errors.h"
#include "connect_runtime/kafka_producer.h"
#include "connect_runtime/logging.h"

namespace connect_runtime {
namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n\f");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n\f");
  return s.substr(b, e - b + 1);
}

cdc::Error invalid(const std::string& key, const std::string& value, const std::string& why) {
  return make_error(ConnectErrc::invalid_config,
                    fmt::format("Invalid value {} for configuration {}: {}", value, key, why));
}

cdc::Error missing(const std::string& key) {
  return make_error(ConnectErrc::invalid_config,
                    fmt::format("Missing required configuration \"{}\" which has no default value.", key));
}

struct Listener {
  std::string host;
  uint16_t port = 0;
};

cdc::Result<Listener> parse_listeners(const std::string& value) {
  const std::string key = "listeners";
  std::string first;
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    std::string item = trim(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) {
      first = item;
      break;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (first.empty()) return invalid(key, value, "at least one listener is required");
  auto sep = first.find("://");
  if (sep == std::string::npos) {
    return invalid(key, value, "a listener must look like http://host:port");
  }
  std::string scheme = first.substr(0, sep);
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme == "https") {
    return invalid(key, value, "HTTPS listeners are not supported; use http://host:port");
  }
  if (scheme != "http") return invalid(key, value, fmt::format("unknown scheme {}", scheme));
  std::string rest = first.substr(sep + 3);
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  std::string host;
  std::string port_text;
  if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
    auto close = rest.find(']');
    if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
      return invalid(key, value, "a listener must look like http://host:port");
    }
    host = rest.substr(1, close - 1);
    port_text = rest.substr(close + 2);
  } else {
    auto colon = rest.rfind(':');
    if (colon == std::string::npos) {
      return invalid(key, value, "a listener must look like http://host:port");
    }
    host = rest.substr(0, colon);
    port_text = rest.substr(colon + 1);
  }
  uint32_t port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535) {
    return invalid(key, value, fmt::format("port \"{}\" is not a number between 0 and 65535", port_text));
  }
  return Listener{host.empty() ? "0.0.0.0" : host, static_cast<uint16_t>(port)};
}

}  // namespace

cdc::Result<bool> parse_bool_config(const std::string& key, const std::string& value) {
  std::string v = trim(value);
  for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (v == "true") return true;
  if (v == "false") return false;
  return invalid(key, value, "Expected value to be either true or false");
}

cdc::Result<int64_t> parse_long_config(const std::string& key, const std::string& value) {
  std::string v = trim(value);
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (v.empty() || ec != std::errc() || ptr != v.data() + v.size()) {
    return invalid(key, value, "Not a number of type LONG");
  }
  return out;
}

cdc::Result<int32_t> parse_int_config(const std::string& key, const std::string& value) {
  std::string v = trim(value);
  int32_t out = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (v.empty() || ec != std::errc() || ptr != v.data() + v.size()) {
    return invalid(key, value, "Not a number of type INT");
  }
  return out;
}

cdc::Result<WorkerConfig> WorkerConfig::from_properties(const ConfigMap& props, bool require_offset_file) {
  WorkerConfig c;
  c.originals = props;
  auto get = [&](const std::string& key) -> const std::string* {
    auto it = props.find(key);
    return it == props.end() ? nullptr : &it->second;
  };

  if (const auto* v = get("bootstrap.servers"); v != nullptr && !trim(*v).empty()) {
    c.bootstrap_servers = trim(*v);
  } else {
    return missing("bootstrap.servers");
  }
  if (const auto* v = get("offset.storage.file.filename"); v != nullptr && !trim(*v).empty()) {
    c.offset_storage_file = trim(*v);
  } else if (require_offset_file) {
    return missing("offset.storage.file.filename");
  }
  for (const auto& [key, target] :
       {std::pair<const char*, std::chrono::milliseconds*>{"offset.flush.interval.ms", &c.offset_flush_interval},
        {"offset.flush.timeout.ms", &c.offset_flush_timeout}}) {
    if (const auto* v = get(key)) {
      auto n = parse_long_config(key, *v);
      if (!n.ok()) return n.error();
      if (*n < 0) return invalid(key, *v, "Value must be at least 0");
      *target = std::chrono::milliseconds(*n);
    }
  }
  auto kc = ConverterConfig::parse(props, "key.converter");
  if (!kc.ok()) return kc.error();
  c.key_converter = *kc;
  auto vc = ConverterConfig::parse(props, "value.converter");
  if (!vc.ok()) return vc.error();
  c.value_converter = *vc;

  if (const auto* v = get("listeners")) {
    auto l = parse_listeners(*v);
    if (!l.ok()) return l.error();
    c.listener_host = l->host;
    c.listener_port = l->port;
  }
  if (const auto* v = get("rest.advertised.host.name"); v != nullptr && !trim(*v).empty()) {
    c.advertised_host = trim(*v);
  }
  if (const auto* v = get("rest.advertised.port"); v != nullptr && !trim(*v).empty()) {
    auto n = parse_int_config("rest.advertised.port", *v);
    if (!n.ok()) return n.error();
    if (*n < 0 || *n > 65535) return invalid("rest.advertised.port", *v, "Value must be between 0 and 65535");
    c.advertised_port = static_cast<uint16_t>(*n);
  }

  ConfigMap producer;
  for (const auto& [k, v] : props) {
    if (k.starts_with("producer.") && k.size() > 9) producer[k.substr(9)] = v;
  }
  std::vector<std::string> skipped;
  auto filtered = filter_producer_config(producer, "producer.", skipped);
  if (!filtered.ok()) return filtered.error();
  for (const auto& k : skipped) {
    logger()->warn("Ignoring worker property producer.{}: librdkafka has no producer property {}", k, k);
  }
  c.producer_config = std::move(*filtered);
  return c;
}

std::string WorkerConfig::worker_id(uint16_t bound_port) const {
  std::string host = advertised_host.value_or(listener_host);
  if (!advertised_host && (host == "0.0.0.0" || host == "::")) {
    // Listening on every interface: Connect advertises the machine's host name.
    char name[256] = {};
    if (gethostname(name, sizeof(name) - 1) == 0 && name[0] != '\0') host = name;
  }
  uint16_t port = advertised_port.value_or(bound_port);
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

}  // namespace connect_runtime
