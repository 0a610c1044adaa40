#include <charconv>
#include <map>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "connect_runtime/errors.h"
#include "connect_runtime/logging.h"
#include "connect_runtime/rest_server.h"
#include "json_util.h"

#ifndef CDC_GIT_COMMIT
#define CDC_GIT_COMMIT "unknown"
#endif

namespace connect_runtime {
namespace {

constexpr const char* kVersion = "3.9.1-cdc";

using Query = std::multimap<std::string, std::string>;

struct Target {
  std::vector<std::string> segments;
  Query query;
};

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Target parse_target(std::string_view target) {
  Target t;
  std::string_view path = target;
  std::string_view query;
  if (auto q = target.find('?'); q != std::string_view::npos) {
    path = target.substr(0, q);
    query = target.substr(q + 1);
  }
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    std::string_view seg = path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    if (!seg.empty()) t.segments.push_back(percent_decode(seg, false));
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    std::string_view kv = query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    if (!kv.empty()) {
      auto eq = kv.find('=');
      if (eq == std::string_view::npos) {
        t.query.emplace(percent_decode(kv, true), "");
      } else {
        t.query.emplace(percent_decode(kv.substr(0, eq), true), percent_decode(kv.substr(eq + 1), true));
      }
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return t;
}

bool query_bool(const Query& q, const std::string& key) {
  auto it = q.find(key);
  if (it == q.end()) return false;
  std::string v = it->second;
  for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return v == "true";
}

HttpResponse json_response(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse empty_response(int status) {
  HttpResponse r;
  r.status = status;
  return r;
}

HttpResponse error_response(int status, const std::string& message) {
  rapidjson::StringBuffer buf;
  json::Writer w(buf);
  w.StartObject();
  json::write_key(w, "error_code");
  w.Int(status);
  json::write_key(w, "message");
  json::write_string(w, message);
  w.EndObject();
  return json_response(status, std::string(buf.GetString(), buf.GetSize()));
}

HttpResponse error_response(const cdc::Error& e) {
  int status = 500;
  if (e.code.category() == connect_category()) {
    switch (static_cast<ConnectErrc>(e.code.value())) {
      case ConnectErrc::bad_request:
      case ConnectErrc::invalid_config: status = 400; break;
      case ConnectErrc::not_found: status = 404; break;
      case ConnectErrc::already_exists: status = 409; break;
      default: status = 500; break;
    }
  }
  return error_response(status, e.to_string());
}

HttpResponse not_found_path() { return error_response(404, "HTTP 404 Not Found"); }
HttpResponse method_not_allowed() { return error_response(405, "HTTP 405 Method Not Allowed"); }

std::string finish(rapidjson::StringBuffer& buf) { return std::string(buf.GetString(), buf.GetSize()); }

void write_info(json::Writer& w, const ConnectorInfo& info) {
  w.StartObject();
  json::write_key(w, "name");
  json::write_string(w, info.name);
  json::write_key(w, "config");
  json::write_config(w, info.config);
  json::write_key(w, "tasks");
  w.StartArray();
  for (int id : info.tasks) {
    w.StartObject();
    json::write_key(w, "connector");
    json::write_string(w, info.name);
    json::write_key(w, "task");
    w.Int(id);
    w.EndObject();
  }
  w.EndArray();
  json::write_key(w, "type");
  json::write_string(w, info.type);
  w.EndObject();
}

void write_state_fields(json::Writer& w, const StateInfo& s) {
  json::write_key(w, "state");
  json::write_string(w, s.state);
  json::write_key(w, "worker_id");
  json::write_string(w, s.worker_id);
  if (!s.trace.empty()) {
    json::write_key(w, "trace");
    json::write_string(w, s.trace);
  }
}

void write_task_state(json::Writer& w, const TaskStateInfo& t) {
  w.StartObject();
  json::write_key(w, "id");
  w.Int(t.id);
  write_state_fields(w, t);
  w.EndObject();
}

void write_status(json::Writer& w, const ConnectorStateInfo& s) {
  w.StartObject();
  json::write_key(w, "name");
  json::write_string(w, s.name);
  json::write_key(w, "connector");
  w.StartObject();
  write_state_fields(w, s.connector);
  w.EndObject();
  json::write_key(w, "tasks");
  w.StartArray();
  for (const auto& t : s.tasks) write_task_state(w, t);
  w.EndArray();
  json::write_key(w, "type");
  json::write_string(w, s.type);
  w.EndObject();
}

void write_config_infos(json::Writer& w, const ConfigInfos& infos) {
  w.StartObject();
  json::write_key(w, "name");
  json::write_string(w, infos.name);
  json::write_key(w, "error_count");
  w.Int(infos.error_count);
  json::write_key(w, "groups");
  w.StartArray();
  w.EndArray();
  json::write_key(w, "configs");
  w.StartArray();
  for (const auto& v : infos.configs) {
    w.StartObject();
    json::write_key(w, "definition");
    w.StartObject();
    json::write_key(w, "name");
    json::write_string(w, v.name);
    json::write_key(w, "type");
    json::write_string(w, "STRING");
    json::write_key(w, "required");
    w.Bool(false);
    json::write_key(w, "default_value");
    w.Null();
    json::write_key(w, "importance");
    json::write_string(w, "MEDIUM");
    json::write_key(w, "documentation");
    json::write_string(w, "");
    json::write_key(w, "group");
    w.Null();
    json::write_key(w, "order");
    w.Int(-1);
    json::write_key(w, "width");
    json::write_string(w, "NONE");
    json::write_key(w, "display_name");
    json::write_string(w, v.name);
    json::write_key(w, "dependents");
    w.StartArray();
    w.EndArray();
    w.EndObject();
    json::write_key(w, "value");
    w.StartObject();
    json::write_key(w, "name");
    json::write_string(w, v.name);
    json::write_key(w, "value");
    if (v.value) {
      json::write_string(w, *v.value);
    } else {
      w.Null();
    }
    json::write_key(w, "recommended_values");
    w.StartArray();
    w.EndArray();
    json::write_key(w, "errors");
    w.StartArray();
    for (const auto& e : v.errors) json::write_string(w, e);
    w.EndArray();
    json::write_key(w, "visible");
    w.Bool(true);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

// A JSON object of connector configuration. Kafka Connect wants strings; numbers and booleans
// are accepted and kept as their JSON text (Jackson coerces them the same way); null values
// are dropped; objects/arrays are rejected.
cdc::Result<ConfigMap> config_from_json(const rapidjson::Value& obj) {
  ConfigMap config;
  for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it) {
    std::string key(it->name.GetString(), it->name.GetStringLength());
    const auto& v = it->value;
    if (v.IsString()) {
      config[key] = std::string(v.GetString(), v.GetStringLength());  // numbers arrive as text too
    } else if (v.IsBool()) {
      config[key] = v.GetBool() ? "true" : "false";
    } else if (v.IsNull()) {
      continue;
    } else {
      return make_error(ConnectErrc::bad_request,
                        fmt::format("Connector configuration value for \"{}\" must be a string, not {}", key,
                                    v.IsObject() ? "an object" : "an array"));
    }
  }
  return config;
}

cdc::Result<void> parse_body(const std::string& body, rapidjson::Document& doc) {
  auto r = json::parse_numbers_as_strings(body, doc);
  if (!r.ok()) {
    return make_error(ConnectErrc::bad_request, "Request body is not valid JSON: " + r.error().message);
  }
  return cdc::ok();
}

// Kafka Connect: the name in the config must match the one in the URL; it is set when absent.
cdc::Result<void> check_and_put_name(const std::string& name, ConfigMap& config) {
  if (auto it = config.find("name"); it != config.end()) {
    if (it->second != name) {
      return make_error(ConnectErrc::bad_request,
                        fmt::format("Connector name configuration ({}) doesn't match connector name in the URL ({})",
                                    it->second, name));
    }
  } else {
    config["name"] = name;
  }
  return cdc::ok();
}

std::string info_body(const ConnectorInfo& info) {
  rapidjson::StringBuffer buf;
  json::Writer w(buf);
  write_info(w, info);
  return finish(buf);
}

std::string status_body(const ConnectorStateInfo& s) {
  rapidjson::StringBuffer buf;
  json::Writer w(buf);
  write_status(w, s);
  return finish(buf);
}

bool parse_task_id(const std::string& s, int& id) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  return !s.empty() && ec == std::errc() && ptr == s.data() + s.size();
}

std::string location_of(const std::string& name) {
  std::string out = "/connectors/";
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace

HttpResponse RestApi::handle(const HttpRequest& req) {
  const Target t = parse_target(req.target);
  const auto& s = t.segments;
  const std::string& m = req.method;

  if (s.empty()) {
    if (m != "GET") return method_not_allowed();
    rapidjson::StringBuffer buf;
    json::Writer w(buf);
    w.StartObject();
    json::write_key(w, "version");
    json::write_string(w, kVersion);
    json::write_key(w, "commit");
    json::write_string(w, CDC_GIT_COMMIT);
    json::write_key(w, "kafka_cluster_id");
    if (auto id = herder_.kafka_cluster_id()) {
      json::write_string(w, *id);
    } else {
      w.Null();
    }
    w.EndObject();
    return json_response(200, finish(buf));
  }

  if (s[0] == "connectors") {
    if (s.size() == 1) {
      if (m == "GET") {
        rapidjson::StringBuffer buf;
        json::Writer w(buf);
        auto names = herder_.connectors();
        auto [from, to] = t.query.equal_range("expand");
        if (from == to) {
          w.StartArray();
          for (const auto& n : names) json::write_string(w, n);
          w.EndArray();
          return json_response(200, finish(buf));
        }
        bool want_status = false;
        bool want_info = false;
        for (auto it = from; it != to; ++it) {
          if (it->second == "status") {
            want_status = true;
          } else if (it->second == "info") {
            want_info = true;
          } else {
            logger()->info("Ignoring unknown expansion type {}", it->second);
          }
        }
        w.StartObject();
        for (const auto& n : names) {
          auto info = herder_.connector_info(n);
          auto status = herder_.connector_status(n);
          if (!info.ok() || !status.ok()) continue;  // deleted meanwhile
          json::write_key(w, n);
          w.StartObject();
          if (want_info) {
            json::write_key(w, "info");
            write_info(w, *info);
          }
          if (want_status) {
            json::write_key(w, "status");
            write_status(w, *status);
          }
          w.EndObject();
        }
        w.EndObject();
        return json_response(200, finish(buf));
      }
      if (m == "POST") {
        rapidjson::Document doc;
        if (auto r = parse_body(req.body, doc); !r.ok()) return error_response(r.error());
        if (!doc.IsObject()) {
          return error_response(400, "Request body must be a JSON object: {\"name\": ..., \"config\": {...}}");
        }
        auto name_it = doc.FindMember("name");
        if (name_it == doc.MemberEnd() || !name_it->value.IsString()) {
          return error_response(400, "Request body has no \"name\" string: {\"name\": ..., \"config\": {...}}");
        }
        auto cfg_it = doc.FindMember("config");
        if (cfg_it == doc.MemberEnd() || !cfg_it->value.IsObject()) {
          return error_response(400, "Request body has no \"config\" object: {\"name\": ..., \"config\": {...}}");
        }
        std::string name(name_it->value.GetString(), name_it->value.GetStringLength());
        {  // Kafka Connect trims the name.
          auto b = name.find_first_not_of(" \t\r\n\f");
          auto e = name.find_last_not_of(" \t\r\n\f");
          name = b == std::string::npos ? "" : name.substr(b, e - b + 1);
        }
        auto config = config_from_json(cfg_it->value);
        if (!config.ok()) return error_response(config.error());
        if (auto r = check_and_put_name(name, *config); !r.ok()) return error_response(r.error());
        auto created = herder_.create_connector(name, std::move(*config));
        if (!created.ok()) return error_response(created.error());
        auto resp = json_response(201, info_body(*created));
        resp.headers.emplace_back("Location", location_of(name));
        return resp;
      }
      return method_not_allowed();
    }

    const std::string& name = s[1];
    if (s.size() == 2) {
      if (m == "GET") {
        auto info = herder_.connector_info(name);
        if (!info.ok()) return error_response(info.error());
        return json_response(200, info_body(*info));
      }
      if (m == "DELETE") {
        auto r = herder_.delete_connector(name);
        if (!r.ok()) return error_response(r.error());
        return empty_response(204);
      }
      return method_not_allowed();
    }

    if (s.size() == 3) {
      const std::string& sub = s[2];
      if (sub == "config") {
        if (m == "GET") {
          auto config = herder_.connector_config(name);
          if (!config.ok()) return error_response(config.error());
          rapidjson::StringBuffer buf;
          json::Writer w(buf);
          json::write_config(w, *config);
          return json_response(200, finish(buf));
        }
        if (m == "PUT") {
          rapidjson::Document doc;
          if (auto r = parse_body(req.body, doc); !r.ok()) return error_response(r.error());
          if (!doc.IsObject()) return error_response(400, "Request body must be a JSON object of configuration");
          auto config = config_from_json(doc);
          if (!config.ok()) return error_response(config.error());
          if (auto r = check_and_put_name(name, *config); !r.ok()) return error_response(r.error());
          auto put = herder_.put_connector_config(name, std::move(*config));
          if (!put.ok()) return error_response(put.error());
          auto resp = json_response(put->created ? 201 : 200, info_body(put->info));
          if (put->created) resp.headers.emplace_back("Location", location_of(name));
          return resp;
        }
        return method_not_allowed();
      }
      if (sub == "status") {
        if (m != "GET") return method_not_allowed();
        auto st = herder_.connector_status(name);
        if (!st.ok()) return error_response(st.error());
        return json_response(200, status_body(*st));
      }
      if (sub == "restart") {
        if (m != "POST") return method_not_allowed();
        const bool include_tasks = query_bool(t.query, "includeTasks");
        const bool only_failed = query_bool(t.query, "onlyFailed");
        if (!include_tasks && !only_failed) {
          auto r = herder_.restart_connector(name);
          if (!r.ok()) return error_response(r.error());
          return empty_response(204);
        }
        auto st = herder_.restart_connector_and_tasks(name, include_tasks, only_failed);
        if (!st.ok()) return error_response(st.error());
        return json_response(202, status_body(*st));
      }
      if (sub == "pause" || sub == "resume" || sub == "stop") {
        if (m != "PUT") return method_not_allowed();
        auto r = sub == "pause"    ? herder_.pause_connector(name)
                 : sub == "resume" ? herder_.resume_connector(name)
                                   : herder_.stop_connector(name);
        if (!r.ok()) return error_response(r.error());
        return empty_response(sub == "stop" ? 204 : 202);
      }
      if (sub == "tasks") {
        if (m != "GET") return method_not_allowed();
        auto tasks = herder_.task_configs(name);
        if (!tasks.ok()) return error_response(tasks.error());
        rapidjson::StringBuffer buf;
        json::Writer w(buf);
        w.StartArray();
        for (const auto& ti : *tasks) {
          w.StartObject();
          json::write_key(w, "id");
          w.StartObject();
          json::write_key(w, "connector");
          json::write_string(w, name);
          json::write_key(w, "task");
          w.Int(ti.id);
          w.EndObject();
          json::write_key(w, "config");
          json::write_config(w, ti.config);
          w.EndObject();
        }
        w.EndArray();
        return json_response(200, finish(buf));
      }
      if (sub == "offsets") {
        if (m == "GET") {
          auto offsets = herder_.connector_offsets(name);
          if (!offsets.ok()) return error_response(offsets.error());
          rapidjson::StringBuffer buf;
          json::Writer w(buf);
          w.StartObject();
          json::write_key(w, "offsets");
          w.StartArray();
          for (const auto& [partition, offset] : *offsets) {
            w.StartObject();
            json::write_key(w, "partition");
            json::write_raw(w, partition);
            json::write_key(w, "offset");
            json::write_raw(w, offset);
            w.EndObject();
          }
          w.EndArray();
          w.EndObject();
          return json_response(200, finish(buf));
        }
        if (m == "DELETE") {
          auto r = herder_.reset_connector_offsets(name);
          if (!r.ok()) return error_response(r.error());
          return json_response(200, R"({"message":"The offsets for this connector have been reset successfully"})");
        }
        return method_not_allowed();
      }
      return not_found_path();
    }

    if (s.size() == 5 && s[2] == "tasks") {
      int id = 0;
      if (!parse_task_id(s[3], id)) return not_found_path();
      if (s[4] == "status") {
        if (m != "GET") return method_not_allowed();
        auto st = herder_.task_status(name, id);
        if (!st.ok()) return error_response(st.error());
        rapidjson::StringBuffer buf;
        json::Writer w(buf);
        write_task_state(w, *st);
        return json_response(200, finish(buf));
      }
      if (s[4] == "restart") {
        if (m != "POST") return method_not_allowed();
        auto r = herder_.restart_task(name, id);
        if (!r.ok()) return error_response(r.error());
        return empty_response(204);
      }
    }
    return not_found_path();
  }

  if (s[0] == "connector-plugins") {
    if (s.size() == 1) {
      if (m != "GET") return method_not_allowed();
      rapidjson::StringBuffer buf;
      json::Writer w(buf);
      w.StartArray();
      for (const auto& p : herder_.connector_plugins()) {
        w.StartObject();
        json::write_key(w, "class");
        json::write_string(w, p.class_name);
        json::write_key(w, "type");
        json::write_string(w, p.type);
        if (!p.version.empty()) {
          json::write_key(w, "version");
          json::write_string(w, p.version);
        }
        w.EndObject();
      }
      w.EndArray();
      return json_response(200, finish(buf));
    }
    if (s.size() == 4 && s[2] == "config" && s[3] == "validate") {
      if (m != "PUT") return method_not_allowed();
      rapidjson::Document doc;
      if (auto r = parse_body(req.body, doc); !r.ok()) return error_response(r.error());
      if (!doc.IsObject()) return error_response(400, "Request body must be a JSON object of configuration");
      auto config = config_from_json(doc);
      if (!config.ok()) return error_response(config.error());
      auto infos = herder_.validate_connector_config(s[1], *config);
      if (!infos.ok()) return error_response(infos.error());
      rapidjson::StringBuffer buf;
      json::Writer w(buf);
      write_config_infos(w, *infos);
      return json_response(200, finish(buf));
    }
    return not_found_path();
  }
  return not_found_path();
}

}  // namespace connect_runtime
