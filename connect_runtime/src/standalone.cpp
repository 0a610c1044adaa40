#include "connect_runtime/standalone.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "connect_runtime/errors.h"
#include "connect_runtime/herder.h"
#include "connect_runtime/kafka_producer.h"
#include "connect_runtime/logging.h"
#include "connect_runtime/offset_store.h"
#include "connect_runtime/properties.h"
#include "connect_runtime/rest_server.h"
#include "connect_runtime/worker_config.h"
#include "json_util.h"

namespace connect_runtime {
namespace {

struct ConnectorFile {
  std::string name;
  ConfigMap config;
};

// .properties with name=..., or JSON: {"name":..,"config":{..}} or a flat config object.
cdc::Result<ConnectorFile> load_connector_file(const std::string& path) {
  if (path.ends_with(".json")) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ConnectErrc::io_error, "Cannot read connector file " + path);
    std::ostringstream buf;
    buf << in.rdbuf();
    rapidjson::Document doc;
    if (auto r = json::parse_numbers_as_strings(buf.str(), doc); !r.ok()) {
      return make_error(ConnectErrc::invalid_config, fmt::format("{} is not valid JSON: {}", path, r.error().message));
    }
    if (!doc.IsObject()) return make_error(ConnectErrc::invalid_config, path + " is not a JSON object");
    const rapidjson::Value* cfg = &doc;
    std::string name;
    if (auto c = doc.FindMember("config"); c != doc.MemberEnd() && c->value.IsObject()) {
      cfg = &c->value;
      if (auto n = doc.FindMember("name"); n != doc.MemberEnd() && n->value.IsString()) name = n->value.GetString();
    }
    ConnectorFile f;
    for (auto it = cfg->MemberBegin(); it != cfg->MemberEnd(); ++it) {
      std::string key = it->name.GetString();
      if (it->value.IsString()) {
        f.config[key] = std::string(it->value.GetString(), it->value.GetStringLength());
      } else if (it->value.IsBool()) {
        f.config[key] = it->value.GetBool() ? "true" : "false";
      } else if (!it->value.IsNull()) {
        return make_error(ConnectErrc::invalid_config, fmt::format("{}: the value of \"{}\" must be a string", path, key));
      }
    }
    if (name.empty() && f.config.count("name")) name = f.config["name"];
    if (name.empty()) {
      return make_error(ConnectErrc::invalid_config, fmt::format("{} has no connector \"name\"", path));
    }
    f.name = name;
    return f;
  }
  auto props = load_properties_file(path);
  if (!props.ok()) return props.error();
  auto it = props->find("name");
  if (it == props->end() || it->second.empty()) {
    return make_error(ConnectErrc::invalid_config, fmt::format("Connector configuration {} has no name= property", path));
  }
  return ConnectorFile{it->second, std::move(*props)};
}

}  // namespace

int run_standalone(const std::vector<std::string>& args, PluginRegistry& registry) {
  // Signals are handled by sigwait() below: block them before any thread exists.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  init_logging();
  auto log = logger();
  if (args.empty()) {
    log->error("Usage: cdc standalone worker.properties [connector1.properties|connector1.json ...]");
    return 2;
  }
  auto worker_props = load_properties_file(args[0]);
  if (!worker_props.ok()) {
    log->error("{}", worker_props.error().to_string());
    return 1;
  }
  auto config = WorkerConfig::from_properties(*worker_props, /*require_offset_file=*/true);
  if (!config.ok()) {
    log->error("Invalid worker configuration {}: {}", args[0], config.error().to_string());
    return 1;
  }
  auto store = FileOffsetStore::open(config->offset_storage_file);
  if (!store.ok()) {
    log->error("{}", store.error().to_string());
    return 1;
  }
  std::vector<ConnectorFile> connector_files;
  for (size_t i = 1; i < args.size(); ++i) {
    auto f = load_connector_file(args[i]);
    if (!f.ok()) {
      log->error("{}", f.error().to_string());
      return 3;
    }
    connector_files.push_back(std::move(*f));
  }

  const std::string bootstrap = config->bootstrap_servers;
  const ConfigMap producer_config = config->producer_config;
  Herder herder(*config, registry, **store, kafka_sink_factory());
  RestServer rest(herder, config->listener_host, config->listener_port);
  if (auto r = rest.start(); !r.ok()) {
    log->error("{}", r.error().to_string());
    return 1;
  }
  herder.set_worker_id(config->worker_id(rest.port()));
  log->info("Kafka Connect standalone worker started (worker id {}, bootstrap.servers {})", herder.worker_id(),
            bootstrap);

  // GET / reports the Kafka cluster id once the brokers answer; this never blocks startup.
  std::atomic<bool> stopping{false};
  std::thread cluster_id_lookup([&herder, &stopping, bootstrap, producer_config] {
    if (auto id = fetch_kafka_cluster_id(bootstrap, producer_config, std::chrono::seconds(30), &stopping)) {
      herder.set_kafka_cluster_id(*id);
    }
  });

  int exit_code = 0;
  for (auto& f : connector_files) {
    auto created = herder.create_connector(f.name, std::move(f.config));
    if (!created.ok()) {
      log->error("Stopping after connector error: failed to create connector {}: {}", f.name,
                 created.error().to_string());
      exit_code = 3;
      break;
    }
    log->info("Created connector {}", f.name);
  }

  if (exit_code == 0) {
    int sig = 0;
    sigwait(&signals, &sig);
    log->info("Received signal {}; stopping (a second signal exits immediately)", sig == SIGINT ? "SIGINT" : "SIGTERM");
    std::thread([signals]() mutable {
      int again = 0;
      sigwait(&signals, &again);
      std::_Exit(128 + again);
    }).detach();
  }
  stopping = true;
  rest.stop();
  herder.stop();  // each task: stop, flush its producer, store its offsets, close
  cluster_id_lookup.join();
  log->info("Worker stopped");
  return exit_code;
}

}  // namespace connect_runtime
